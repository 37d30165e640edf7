"""The one owner of the selection (route and stage) in session state, and of the URL's query parameters."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.journey import Journey, Route
from components.navigation import Fallback, Selection, neighbour, resolve, stage_from_tooltip

ROUTE_KEY = "erm_route"
STAGE_KEY = "erm_stage"
MAP_KEY = "erm_map"
_CLICKS_SEEN = "erm_clicks_seen"
_NOTICE = "erm_notice"


def init_selection(journey: Journey) -> None:
    """Seed the selection from the URL once per session (and again if the data no longer has it)."""
    route = journey.route(st.session_state.get(ROUTE_KEY, ""))
    if route is not None and st.session_state.get(STAGE_KEY) in route.steps:
        return
    selection = resolve(journey, st.query_params.get("route"), st.query_params.get("stage"))
    st.session_state[ROUTE_KEY] = selection.route_id
    st.session_state[STAGE_KEY] = selection.step
    st.session_state[_NOTICE] = selection if selection.fallback is not Fallback.NONE else None
    st.session_state.setdefault(_CLICKS_SEEN, 0)


def current(journey: Journey) -> tuple[Route, int]:
    route = journey.route(st.session_state[ROUTE_KEY]) or journey.routes[0]
    step = st.session_state[STAGE_KEY]
    return route, step if step in route.steps else 1


def link_notice() -> Selection | None:
    """The deep link that could not be honoured, until the visitor chooses something else."""
    notice: Selection | None = st.session_state.get(_NOTICE)
    return notice


def on_route_chosen() -> None:
    st.session_state[STAGE_KEY] = 1
    st.session_state[_NOTICE] = None


def on_stage_chosen() -> None:
    st.session_state[_NOTICE] = None


def step_by(journey: Journey, delta: int) -> None:
    route, step = current(journey)
    st.session_state[STAGE_KEY] = neighbour(route, step, delta)
    st.session_state[_NOTICE] = None


def on_map_event(journey: Journey) -> None:
    """A click on the map selects its stage. Runs before the script body, like any widget callback.

    Only a new click counts (last_object_clicked_count moves, randyzwitch/streamlit-folium#316): the
    component keeps returning its last click, which must not undo a later choice in the sidebar.
    """
    value: dict[str, Any] = st.session_state.get(MAP_KEY) or {}
    count = value.get("last_object_clicked_count") or 0
    if count == st.session_state.get(_CLICKS_SEEN, 0):
        return
    st.session_state[_CLICKS_SEEN] = count
    route, _ = current(journey)
    step = stage_from_tooltip(value.get("last_object_clicked_tooltip"), route)
    if step is not None:
        st.session_state[STAGE_KEY] = step
        st.session_state[_NOTICE] = None


def sync_url(route: Route, step: int) -> None:
    """Keep `?route=…&stage=…` equal to what is on screen, so the address bar is always a share link."""
    wanted = {"route": route.route_id, "stage": str(step)}
    if any(st.query_params.get(k) != v for k, v in wanted.items()):
        st.query_params.update(wanted)
