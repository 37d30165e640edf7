"""components.builders.compare: the figures of each route, computed from the data, never added up across trips."""

from __future__ import annotations

import pytest

from components.builders.compare import (
    compare_journey,
    compare_route,
    comparison_row,
    costs_text,
    durations_text,
    route_from_tooltip,
    route_key,
)
from components.domain.journey import Mode, RiskLevel, Stance
from components.texts.en import Texts
from tests.compare_data import compare_journey_fixture

JOURNEY = compare_journey_fixture()
MAIN, ALT = JOURNEY.routes
EN = Texts("en")


def test_one_comparison_per_route_in_the_data_order() -> None:
    assert [c.route.route_id for c in compare_journey(JOURNEY)] == ["main", "alt"]


def test_countries_in_order_with_their_stance_or_none() -> None:
    assert compare_route(MAIN, JOURNEY.stances).countries == (
        ("KP", Stance.ORIGIN),
        ("CN", Stance.REPATRIATES),
        ("TH", None),
    )
    row = comparison_row(compare_route(MAIN, JOURNEY.stances), EN)
    assert row["countries"] == (
        "North Korea (country they flee: leaving is a crime) → China (sends people back to the country they fled)"
        " → Thailand"
    )


def test_legs_distance_and_modes() -> None:
    alt = compare_route(ALT, JOURNEY.stances)
    assert alt.legs == 3
    assert alt.distance_km == pytest.approx(ALT.total_km)
    assert alt.modes == (Mode.RIVER, Mode.FOOT, Mode.AIR)
    row = comparison_row(alt, EN)
    assert row["distance_km"] == round(ALT.total_km)
    assert row["modes"] == "across a river, on foot, by plane"


@pytest.mark.parametrize(
    ("route_index", "level", "steps", "text"),
    [(0, RiskLevel.EXTREME, (1,), "5 of 5: extreme"), (1, RiskLevel.EXTREME, (1, 2), "5 of 5: extreme")],
)
def test_highest_risk_and_the_stages_at_it(
    route_index: int, level: RiskLevel, steps: tuple[int, ...], text: str
) -> None:
    comparison = compare_route(JOURNEY.routes[route_index], JOURNEY.stances)
    assert comparison.highest_risk == level
    assert comparison.highest_risk_steps == steps
    row = comparison_row(comparison, EN)
    assert row["highest_risk"] == text
    assert row["risk_stages"] == ", ".join(map(str, steps))


def test_leg_durations_are_counted_never_added_up() -> None:
    alt = compare_route(ALT, JOURNEY.stances)
    assert alt.leg_durations == ((1, 2.0), (2, 30.0))
    row = comparison_row(alt, EN)
    assert row["legs_timed"] == "2 of 3"
    assert row["duration"] == "not in the data"  # no route fact: 32 days would mix two trips
    assert "32" not in str(row)


def test_the_route_duration_comes_from_the_route_facts() -> None:
    main = compare_route(MAIN, JOURNEY.stances)
    assert durations_text(main, EN) == "about 10 days"
    assert comparison_row(main, EN)["legs_timed"] == "0 of 2"


def test_costs_with_their_years_from_route_facts_and_legs() -> None:
    assert costs_text(compare_route(MAIN, JOURNEY.stances), EN) == "whole route: US$3,000 (2011–2012)"
    assert costs_text(compare_route(ALT, JOURNEY.stances), EN) == "stage 2: US$500 (2019)"


def test_sources_are_every_source_behind_the_row_once() -> None:
    main = compare_route(MAIN, JOURNEY.stances)
    assert main.sources == (
        "Report 2021 https://example.org/r",
        "Report 2021 https://example.org/report",
        "Atlas 2020 https://example.org/north",
        "Atlas 2020 https://example.org/atlas",
        "Film 2012 https://example.org/film",
        "Times 2014 https://example.org/times",
        "UN 2014 https://example.org/coi",
        "HRW 2023 https://example.org/hrw",
    )
    assert comparison_row(main, EN)["sources"] == 8


def test_numbers_stay_numbers_so_the_table_sorts() -> None:
    row = comparison_row(compare_route(ALT, JOURNEY.stances), EN)
    assert all(isinstance(row[name], int) for name in ("legs", "distance_km", "sources"))


def test_korean_row() -> None:
    ko = Texts("ko")
    row = comparison_row(compare_route(MAIN, JOURNEY.stances), ko)
    assert row["highest_risk"] == "5/5: 극도로 높음"
    assert row["countries"].startswith("북한(")
    assert costs_text(compare_route(MAIN, JOURNEY.stances), ko) == "경로 전체: 3,000달러(2011~2012년)"


@pytest.mark.parametrize(
    ("tooltip", "expected"),
    [
        (route_key("alt") + "Alt route", "alt"),
        ("  route-main|Main", "main"),
        ("route-nowhere|x", None),
        ("stage-1|Across", None),
        ("Alt route", None),
        (None, None),
        (3, None),
    ],
)
def test_route_from_tooltip(tooltip: object, expected: str | None) -> None:
    assert route_from_tooltip(tooltip, JOURNEY) == expected
