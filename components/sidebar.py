"""The sidebar: which route (under the page links st.navigation puts there) and the route in figures."""

from __future__ import annotations

import streamlit as st

from components import state
from components.journey import Journey, Route
from components.markup import route_summary
from components.texts import Texts


def render_sidebar(journey: Journey, route: Route, texts: Texts) -> None:
    with st.sidebar:
        st.selectbox(
            texts("route"),
            options=journey.route_ids,
            format_func=lambda rid: (journey.route(rid) or route).text("name", texts.language),
            key=state.ROUTE_KEY,
            on_change=state.on_route_chosen,
        )
        st.html(route_summary(route, texts))
