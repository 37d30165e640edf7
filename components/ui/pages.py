"""The app's pages (st.navigation): the story first; the bigger picture, the text and your own data.

Each page has its own address (`/context?lang=ko`); a first visit runs only the story page.
"""

from __future__ import annotations

import streamlit as st

from components.domain.journey import Journey, Route
from components.domain.navigation import View
from components.domain.settings import Settings
from components.texts.en import Texts
from components.ui import state
from components.ui.compare_view import render_compare
from components.ui.context_view import render_context
from components.ui.journey_text import render_journey_text
from components.ui.loading import load_context, load_durations, shipped_files
from components.ui.own_data import render_own_data
from components.ui.stage_panel import render_story

CONTEXT_PATH = "context"
TEXT_PATH = "text"
OWN_DATA_PATH = "data"
COMPARE_PATH = "compare"


def site_pages(
    journey: Journey, route: Route, texts: Texts, view: View, settings: Settings, data_key: str | None
) -> list[st.Page]:
    """Every page, drawing what this run chose; `data_key` names the shipped data, None for the visitor's own."""

    def story() -> None:
        render_story(journey, route, texts, view, settings, data_key)

    def context() -> None:
        state.sync_url(None, None, view)
        tables, charts = load_context(settings, texts.language)
        render_context(tables, charts, load_durations(route, texts, data_key, journey), texts)

    def journey_text() -> None:
        state.sync_url(route, None, view)
        render_journey_text(route, texts, journey.stances)

    def own_data() -> None:
        state.sync_url(None, None, view)
        _, step = state.current(journey)
        render_own_data(
            journey,
            route,
            step,
            texts,
            shipped_files(settings),
            offline=settings.offline,
            basemap=settings.basemap,
        )

    story_page = st.Page(story, title=texts("page_story"), icon=":material/map:", default=True)

    def compare() -> None:
        if state.story_requested():  # a route was clicked: open it in the story, at its first stage
            st.switch_page(story_page)
        state.sync_url(route, None, view)
        render_compare(journey, route, texts, settings, data_key)

    return [
        story_page,
        st.Page(compare, title=texts("page_compare"), icon=":material/compare_arrows:", url_path=COMPARE_PATH),
        st.Page(context, title=texts("page_context"), icon=":material/bar_chart:", url_path=CONTEXT_PATH),
        st.Page(journey_text, title=texts("page_text"), icon=":material/article:", url_path=TEXT_PATH),
        st.Page(own_data, title=texts("page_own_data"), icon=":material/upload_file:", url_path=OWN_DATA_PATH),
    ]
