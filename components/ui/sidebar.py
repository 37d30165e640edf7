"""The sidebar: presenter mode, which route, and the route in figures."""

from __future__ import annotations

import streamlit as st

from components.builders.markup import route_summary
from components.domain.journey import Journey, Route
from components.domain.navigation import View
from components.texts.en import Texts
from components.ui import state
from components.ui.page import render_present_toggle


def render_sidebar(journey: Journey, route: Route, texts: Texts, view: View) -> None:
    with st.sidebar:
        if not view.present:
            render_present_toggle(view, texts)
        st.selectbox(
            texts("route"),
            options=journey.route_ids,
            format_func=lambda rid: (journey.route(rid) or route).text("name", texts.language),
            key=state.ROUTE_KEY,
            on_change=state.on_route_chosen,
        )
        st.html(route_summary(route, texts))
