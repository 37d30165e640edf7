"""The sidebar: presenter mode, which route, and the route in figures."""

from __future__ import annotations

import streamlit as st

from components.builders.markup import escape_markdown, route_summary
from components.domain.journey import Journey, Route
from components.domain.navigation import View
from components.texts.en import Texts
from components.ui import state
from components.ui.page import render_present_toggle


def route_key(route_id: str) -> str:
    """The key of a route's button in the sidebar."""
    return f"erm_route_{route_id}"


def render_sidebar(journey: Journey, route: Route, texts: Texts, view: View) -> None:
    with st.sidebar:
        if not view.present:
            render_present_toggle(view, texts)
        st.markdown(f"**{texts('route')}**")
        for other in journey:  # every route in one tap; the one shown is marked
            st.button(
                escape_markdown(other.text("name", texts.language)),  # a label is Markdown; a name is literal
                key=route_key(other.route_id),
                type="primary" if other.route_id == route.route_id else "secondary",
                width="stretch",
                on_click=state.choose_route,
                args=(other.route_id,),
            )
        st.html(route_summary(route, texts))
