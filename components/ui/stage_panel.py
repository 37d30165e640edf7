"""The story: the map and, beside it, the selected stage with its picker, Previous / Next and share link.

All of it is one fragment: choosing a stage (Next, Previous, the picker, a click on the map, the
keyboard) reruns only this part of the page, never the page around it. A route or language change
reruns the page.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from components.builders.markup import READER_ONLY_STYLE, escape, stage_card
from components.builders.share import public_base, share_links
from components.domain.journey import Journey, Route
from components.domain.navigation import View
from components.domain.settings import Settings
from components.texts.en import Texts
from components.ui import state
from components.ui.handout_view import render_handout_download
from components.ui.map_view import render_map
from components.ui.page import MAP_HEIGHT_PX, render_about, render_legend, render_notice, render_share

PANEL_KEY = "erm_panel"
MAP_AREA_KEY = "erm_map"  # the map's container: the page's stylesheet sizes it (components/ui/page.py)
PREVIOUS_KEY = "erm_prev"
NEXT_KEY = "erm_next"
SHARE_KEY = "erm_share"


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
    with panel_column, st.container(key=PANEL_KEY):
        render_notice(state.link_notice(), route.text("name", texts.language), texts)
        _render_stepper(journey, route, step, texts, view, settings)
        # The route's name as the panel's heading, for screen readers only: the page's title is the h1,
        # the stage's title an h3 (inline style: the stylesheet arrives after the first paint).
        route_heading = f'<h2 style="{READER_ONLY_STYLE}">{escape(route.text("name", texts.language))}</h2>'
        st.html(route_heading + stage_card(route, step, texts, journey.stances))
        # The key and the page's story close the panel: nothing under the map, which grows to the
        # screen's height once the stylesheet arrives, so nothing there can be pushed down.
        render_legend(texts)
        render_about(texts)


def _render_stepper(journey: Journey, route: Route, step: int, texts: Texts, view: View, settings: Settings) -> None:
    """Previous / Next (← / → on the keyboard; Page Up / Page Down from components/ui/page.py), share, picker."""
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
        # Drawn only while open (opening it reruns this fragment): the links, the QR code and the
        # handout are no work for the server and no code for the phone's browser on a first visit.
        share = st.popover(texts("share"), icon=":material/qr_code_2:", key=SHARE_KEY, on_change="rerun")
        if share.open:
            with share:
                query = state.link_query(route, step, View(language=texts.language))
                base = public_base(settings.public_url, st.context.url)
                links = share_links(base, query, settings.story_url, route.route_id, step, texts.language)
                handout = partial(render_handout_download, route, texts, journey.stances, settings)
                render_share(links, texts, present=view.present, more=handout)
    state.seed_picker(step)
    st.selectbox(
        texts("stage_picker"),
        options=route.steps,
        format_func=lambda s: texts("stage_option", step=s, stage=route.leg(s).text("stage", texts.language)),
        key=state.PICKER_KEY,
        on_change=state.on_stage_chosen,
        label_visibility="collapsed",
    )
