"""components.domain.navigation: deep links, stepping, and map clicks to stage ids."""

from __future__ import annotations

import pytest

from components.domain.journey import Journey
from components.domain.navigation import (
    Fallback,
    View,
    neighbour,
    resolve,
    resolve_view,
    stage_for_place,
    stage_from_tooltip,
    view_query,
)
from components.schema.data import build_journey
from tests.conftest import mini_places, mini_routes


@pytest.fixture
def journey() -> Journey:
    result = build_journey(mini_places().encode(), mini_routes().encode())
    assert result.journey is not None
    return result.journey


@pytest.mark.parametrize(
    ("route", "stage", "expected"),
    [
        (None, None, ("main", 1, Fallback.NONE)),
        ("main", "2", ("main", 2, Fallback.NONE)),
        ("main", None, ("main", 1, Fallback.NONE)),
        (None, "2", ("main", 2, Fallback.NONE)),
        ("main", "9", ("main", 1, Fallback.UNKNOWN_STAGE)),
        ("main", "two", ("main", 1, Fallback.UNKNOWN_STAGE)),
        ("main", "-1", ("main", 1, Fallback.UNKNOWN_STAGE)),
        ("nope", "2", ("main", 1, Fallback.UNKNOWN_ROUTE)),
        ("<script>", None, ("main", 1, Fallback.UNKNOWN_ROUTE)),
    ],
)
def test_resolve_deep_links(
    journey: Journey, route: str | None, stage: str | None, expected: tuple[str, int, Fallback]
) -> None:
    selection = resolve(journey, route, stage)
    assert (selection.route_id, selection.step, selection.fallback) == expected
    if expected[2] is not Fallback.NONE:
        assert selection.asked in (route, stage)


@pytest.mark.parametrize(
    ("tooltip", "expected"),
    [
        ("stage-2|2. By bus Midcity → Southport", 2),  # as erm-map.js writes it (tests/test_map_code.py)
        ("  stage-1|1. Across", 1),
        ("stage-3|no such stage", None),
        ("2. By bus", None),  # display text alone is not an id
        (None, None),
        (42, None),
        ("stage-x|", None),
    ],
)
def test_stage_from_tooltip(journey: Journey, tooltip: object, expected: int | None) -> None:
    assert stage_from_tooltip(tooltip, journey.routes[0]) == expected


def test_stepping_and_place_clicks_stay_in_the_route(journey: Journey) -> None:
    route = journey.routes[0]
    assert neighbour(route, 1, -1) == 1
    assert neighbour(route, 1, 1) == 2
    assert neighbour(route, 2, 1) == 2
    assert [stage_for_place(i, route) for i in (1, 2, 3)] == [1, 2, 2]


LANGUAGES = ("en", "ko")


@pytest.mark.parametrize(
    ("lang", "present", "note", "browser", "expected"),
    [
        (None, None, None, None, View("en", False, True)),
        (None, None, None, "ko-KR", View("ko", False, True)),  # the browser's language when the link has none
        ("en", None, None, "ko-KR", View("en", False, True)),  # the link wins
        ("KO", "1", "0", None, View("ko", True, False)),
        ("fr", "true", "off", "ko", View("en", True, False)),  # an unknown language in a link: the first
        (None, "no", "yes", "de-DE", View("en", False, True)),
    ],
)
def test_resolve_view(
    lang: str | None, present: str | None, note: str | None, browser: str | None, expected: View
) -> None:
    assert resolve_view(lang, present, note, browser, LANGUAGES) == expected


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (View("en"), {"route": "r", "stage": "2", "lang": "en"}),
        (View("ko", present=True), {"route": "r", "stage": "2", "lang": "ko", "present": "1"}),
        (View("en", content_note=False), {"route": "r", "stage": "2", "lang": "en", "note": "0"}),
    ],
)
def test_view_query_round_trips(view: View, expected: dict[str, str]) -> None:
    query = view_query("r", 2, view)
    assert query == expected
    assert resolve_view(query.get("lang"), query.get("present"), query.get("note"), None, LANGUAGES) == view


@pytest.mark.parametrize(
    ("route", "step", "expected"),
    [
        ("r", None, {"route": "r", "lang": "en"}),  # the whole route in view: no stage in the link
        (None, None, {"lang": "en"}),  # a page that shows no route
        (None, 3, {"lang": "en"}),  # a stage means nothing without its route
    ],
)
def test_view_query_without_stage_or_route(route: str | None, step: int | None, expected: dict[str, str]) -> None:
    assert view_query(route, step, View("en")) == expected
