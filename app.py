"""Escape Route Map: the journey North Korean defectors take to freedom, stage by stage."""

from __future__ import annotations

import streamlit as st

from components import state
from components.context_view import render_context
from components.journey_text import render_journey_text
from components.loading import (
    current_settings,
    ensure_map_assets,
    load_context,
    load_context_charts,
    load_journey,
    load_story,
    shipped_files,
)
from components.own_data import render_own_data
from components.page import (
    render_content_note,
    render_header,
    render_legend,
    render_notice,
    render_page_style,
    render_problems,
    render_toolbar,
)
from components.share import public_base, share_url
from components.sidebar import render_sidebar
from components.stage_panel import render_stage_and_map
from components.texts import Texts

settings = current_settings()
view = state.init_view()
texts = Texts(view.language, story=load_story(settings))
st.set_page_config(page_title=texts("page_title"), page_icon="🧭", layout="wide")
ensure_map_assets()
render_page_style(view)

loaded = load_journey(settings)
if loaded.journey is None:
    render_header(texts)
    render_problems(loaded.problems, texts)
    st.stop()
journey = state.own_journey() or loaded.journey

state.init_selection(journey)
route, step = state.current(journey)
state.sync_url(route, step, view)
link = share_url(public_base(settings.public_url, st.context.url), state.link_query(route, step, view))

render_toolbar(view, texts, link)
if not view.present:
    render_header(texts)
render_content_note(view, texts)
render_notice(state.link_notice(), route.text("name", texts.language), texts)
render_sidebar(journey, route, step, texts)
render_own_data(journey, route, step, texts, shipped_files(settings), offline=settings.offline)
render_stage_and_map(journey, route, step, texts, view, offline=settings.offline)
render_legend(texts)
if not view.present:
    render_journey_text(route, texts, journey.stances)
    render_context(load_context(settings), load_context_charts(settings, view.language), route, texts)
