"""The stage under the map (phones, embeds) or beside it (presenter mode), with Previous / Next."""

from __future__ import annotations

import streamlit as st

from components.journey import Journey, Route
from components.map_view import render_map
from components.markup import stage_card
from components.navigation import View
from components.sidebar import render_stepper
from components.texts import Texts

PRESENT_MAP_HEIGHT = 640
MAP_HEIGHT = 480


def render_stage_and_map(journey: Journey, route: Route, step: int, texts: Texts, view: View, offline: bool) -> None:
    if view.present:
        map_column, text_column = st.columns([3, 2], gap="medium")
        with map_column:
            render_map(journey, route, step, texts, offline=offline, height=PRESENT_MAP_HEIGHT)
        with text_column, st.container(key="erm_present_card"):
            render_stepper(journey, route, step, texts, where="main")
            st.html(stage_card(route, step, texts, journey.stances))
        return
    render_map(journey, route, step, texts, offline=offline, height=MAP_HEIGHT)
    with st.container(key="erm_stage_panel"):
        render_stepper(journey, route, step, texts, where="main")
        # On a wide screen the sidebar shows the stage; on a phone (sidebar closed) or in an embed, here.
        key = "erm_main_card_always" if st.context.is_embedded else "erm_main_card"
        with st.container(key=key):
            st.html(stage_card(route, step, texts, journey.stances))
