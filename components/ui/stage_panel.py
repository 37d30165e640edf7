"""The story: the map and, beside it, the selected stage with Previous / Next, the stages and Share.

All of it is one fragment: choosing a stage (Next, Previous, the list of stages, a click on the map,
the keyboard) reruns only this part of the page, never the page around it. A route or language change
reruns the page.

A phone's browser pays for every element Streamlit draws, and for the code of every kind of element
the first time it is drawn (docs/performance.md): the panel is four buttons and one piece of HTML, and
the list of stages and the share links are drawn only when asked for.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.builders.markup import escape_markdown
from components.builders.panel import panel_html
from components.builders.share import public_base, share_links
from components.domain.journey import Journey, Route
from components.domain.navigation import View
from components.domain.settings import Settings
from components.texts.en import Texts
from components.ui import state
from components.ui.handout_view import render_handout_download
from components.ui.map_view import render_map
from components.ui.page import MAP_HEIGHT_PX, render_notice, render_share

PANEL_KEY = "erm_panel"
MAP_AREA_KEY = "erm_map"  # the map's container: the page's stylesheet sizes it (components/ui/page.py)
PREVIOUS_KEY = "erm_prev"
NEXT_KEY = "erm_next"
STAGES_KEY = "erm_stages"  # the picker: the list of stages, drawn while open
SHARE_KEY = "erm_share"


def stage_key(step: int) -> str:
    """The key of a stage's button in the list of stages."""
    return f"erm_stage_{step}"


@st.fragment
def render_story(
    journey: Journey, route: Route, texts: Texts, view: View, settings: Settings, data_key: str | None
) -> None:
    _, step = state.current(journey)
    state.sync_url(route, step, view)
    map_column, panel_column = st.columns([2, 1], gap="medium")
    # The container holds the map's place from the first paint, before the map and the styles arrive.
    with map_column, st.container(key=MAP_AREA_KEY, height=MAP_HEIGHT_PX, border=False):
        render_map(
            journey,
            route,
            step,
            texts,
            offline=settings.offline,
            height=MAP_HEIGHT_PX,
            data_key=data_key,
            basemap=settings.basemap,
        )
    # As tall as the map from the first paint (the page's stylesheet says why).
    with panel_column, st.container(key=PANEL_KEY, height=MAP_HEIGHT_PX, border=False):
        render_notice(state.link_notice(), route.text("name", texts.language), texts)
        share = _render_stepper(journey, route, step, texts)
        _render_stages(journey, route, step, texts)
        st.html(panel_html(route, step, texts, journey.stances))
    if share:
        _share_dialog(journey, route, step, texts, view, settings)


def _render_stepper(journey: Journey, route: Route, step: int, texts: Texts) -> bool:
    """Previous / Next (← / → on the keyboard; Page Up / Page Down from components/ui/page.py) and Share.

    Returns whether the share dialog was asked for in this run.
    """
    with st.container(horizontal=True, key="erm_stepper", vertical_alignment="center"):
        st.button(
            texts("previous"),
            key=PREVIOUS_KEY,
            on_click=partial(state.step_by, journey, -1),
            disabled=step <= 1,
            shortcut="Left",
        )
        st.button(
            texts("next"),
            key=NEXT_KEY,
            on_click=partial(state.step_by, journey, 1),
            disabled=step >= len(route.legs),
            shortcut="Right",
            type="primary",
        )
        return st.button(texts("share"), key=SHARE_KEY, icon=":material/qr_code_2:")


def _render_stages(journey: Journey, route: Route, step: int, texts: Texts) -> None:
    """The picker: every stage of the route, the selected one marked, drawn only while open; a choice closes it."""
    stages = st.expander(texts("stage_picker"), key=STAGES_KEY, icon=":material/list:", on_change="rerun")
    if not stages.open:
        return
    with stages:
        for s in route.steps:
            st.button(
                # A label is Markdown: the stage's name (and the number's full stop) is literal.
                escape_markdown(texts("stage_option", step=s, stage=route.leg(s).text("stage", texts.language))),
                key=stage_key(s),
                type="primary" if s == step else "secondary",
                width="stretch",
                on_click=_choose_stage,
                args=(journey, s),
            )


def _choose_stage(journey: Journey, step: int) -> None:
    state.choose_stage(journey, step)
    st.session_state[STAGES_KEY] = False  # the list closes: the stage is what the visitor wanted to see


def _share_dialog(journey: Journey, route: Route, step: int, texts: Texts, view: View, settings: Settings) -> None:
    """The links to this stage, their QR code and the handout: drawn only when asked for."""

    def body() -> None:
        query = state.link_query(route, step, View(language=texts.language))
        base = public_base(settings.public_url, st.context.url)
        links = share_links(base, query, settings.story_url, route.route_id, step, texts.language)
        handout = partial(render_handout_download, route, texts, journey.stances, settings)
        render_share(links, texts, present=view.present, more=handout)

    st.dialog(texts("share"), width="large" if view.present else "medium")(body)()
