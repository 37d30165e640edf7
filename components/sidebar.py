"""The sidebar: route and stage pickers, Previous / Next, the stage's risks and the route in figures."""

from __future__ import annotations

from functools import partial

import streamlit as st

from components import state
from components.journey import Journey, Route
from components.markup import route_summary, stage_card
from components.texts import Texts


def render_sidebar(journey: Journey, route: Route, step: int, texts: Texts) -> None:
    with st.sidebar:
        st.selectbox(
            texts("route"),
            options=journey.route_ids,
            format_func=lambda rid: (journey.route(rid) or route).text("name", texts.language),
            key=state.ROUTE_KEY,
            on_change=state.on_route_chosen,
        )
        st.selectbox(
            texts("stage"),
            options=route.steps,
            format_func=lambda s: texts("stage_option", step=s, stage=route.leg(s).text("stage", texts.language)),
            key=state.STAGE_KEY,
            on_change=state.on_stage_chosen,
        )
        render_stepper(journey, route, step, texts, where="sidebar")
        st.html(stage_card(route, step, texts, journey.stances))
        st.divider()
        st.html(route_summary(route, texts))


# Keyboard: ← / → step through the stages (the buttons under the map carry the shortcuts; Page Up /
# Page Down, which presentation clickers send, are mapped onto them in components/page.py).
SHORTCUTS: dict[str, tuple[str | None, str | None]] = {"main": ("Left", "Right"), "sidebar": (None, None)}


def render_stepper(journey: Journey, route: Route, step: int, texts: Texts, where: str) -> None:
    back_key, forward_key = SHORTCUTS[where]
    previous, following = st.columns(2)
    previous.button(
        texts("previous"),
        key=f"erm_prev_{where}",
        on_click=partial(state.step_by, journey, -1),
        disabled=step <= 1,
        width="stretch",
        shortcut=back_key,
    )
    following.button(
        texts("next"),
        key=f"erm_next_{where}",
        on_click=partial(state.step_by, journey, 1),
        disabled=step >= len(route.legs),
        width="stretch",
        shortcut=forward_key,
        type="primary" if where == "main" else "secondary",
    )
