"""Which stage is selected: deep links, stepping, and map clicks turned into stable stage ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from components.domain.journey import Journey, Route

# Every clickable map object carries its stage in a hidden prefix of its tooltip, written by the map's
# JavaScript (`stageKey` in components/web/erm-map.js; tests/test_map_code.py holds the two together).
# streamlit-folium returns the tooltip's textContent on click (randyzwitch/streamlit-folium#103,
# PR #131), so the click is matched by this id, never by coordinates or by display text (translated).
_KEY = re.compile(r"^\s*stage-(\d+)\|")


def stage_from_tooltip(tooltip: object, route: Route) -> int | None:
    """The step a clicked object stands for, or None if the text is not one of ours."""
    if not isinstance(tooltip, str):
        return None
    match = _KEY.match(tooltip)
    if not match:
        return None
    step = int(match.group(1))
    return step if step in route.steps else None


def stage_for_place(index: int, route: Route) -> int:
    """Clicking the route's n-th place (1-based) selects the stage leaving it; the last place, the last stage."""
    return min(index, len(route.legs))


class Fallback(StrEnum):
    NONE = ""
    UNKNOWN_ROUTE = "unknown_route"
    UNKNOWN_STAGE = "unknown_stage"


@dataclass(frozen=True, slots=True)
class Selection:
    route_id: str
    step: int
    fallback: Fallback = Fallback.NONE
    asked: str = ""  # what the link asked for, when it could not be honoured


def resolve(journey: Journey, route_param: str | None, stage_param: str | None) -> Selection:
    """Turn `?route=…&stage=…` into a selection; anything unknown falls back to a first stage."""
    first = journey.routes[0]
    if route_param is None and stage_param is None:
        return Selection(first.route_id, 1)
    route = journey.route(route_param) if route_param is not None else first
    if route is None:
        return Selection(first.route_id, 1, Fallback.UNKNOWN_ROUTE, _asked(route_param))
    if stage_param is None:
        return Selection(route.route_id, 1)
    # ASCII digits only, and few: "²" and "٣" are digits to str.isdigit but not to int(), and
    # int() refuses more than 4,300 digits; either would stop the page instead of falling back.
    digits = stage_param.strip()
    step = int(digits) if digits.isascii() and digits.isdecimal() and len(digits) <= _STAGE_DIGITS else None
    if step is None or step not in route.steps:
        return Selection(route.route_id, 1, Fallback.UNKNOWN_STAGE, _asked(stage_param))
    return Selection(route.route_id, step)


_STAGE_DIGITS = 5  # schema: a step is at most 10,000
_ASKED_CHARS = 80  # what a notice quotes of a link's value: a stranger's link may hold anything


def _asked(value: str | None) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= _ASKED_CHARS else text[: _ASKED_CHARS - 1] + "…"


def neighbour(route: Route, step: int, delta: int) -> int:
    """The stage `delta` steps away, kept within the route."""
    return max(1, min(len(route.legs), step + delta))


@dataclass(frozen=True, slots=True)
class View:
    """How the page is shown: language, presenter mode, and whether the content note is on."""

    language: str = "en"
    present: bool = False
    content_note: bool = True


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def resolve_view(
    lang: str | None,
    present: str | None,
    note: str | None,
    browser_locale: str | None,
    languages: tuple[str, ...],
) -> View:
    """`?lang=ko&present=1&note=0`; without `lang`, the browser's language when we have it."""
    if lang is not None and lang.strip().lower() in languages:
        language = lang.strip().lower()
    else:
        guess = (browser_locale or "").split("-")[0].split("_")[0].lower()
        language = guess if lang is None and guess in languages else languages[0]
    return View(
        language=language,
        present=(present or "").strip().lower() in _TRUE,
        content_note=(note or "").strip().lower() not in _FALSE,
    )


def view_query(route_id: str | None, step: int | None, view: View) -> dict[str, str]:
    """The query parameters of a shareable link to this view (defaults left out, except route and language).

    Without a stage the link opens the route with its whole length in view.
    """
    query: dict[str, str] = {}
    if route_id is not None:
        query["route"] = route_id
    if route_id is not None and step is not None:
        query["stage"] = str(step)
    query["lang"] = view.language
    if view.present:
        query["present"] = "1"
    if not view.content_note:
        query["note"] = "0"
    return query
