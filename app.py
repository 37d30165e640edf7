"""Escape Route Map: the journey North Korean defectors take to freedom, stage by stage."""

from __future__ import annotations

import streamlit as st

from components import state
from components.loading import current_settings, ensure_map_assets, load_journey
from components.map_view import render_map
from components.page import render_header, render_notice, render_problems
from components.sidebar import render_sidebar
from components.texts import Texts

settings = current_settings()
texts = Texts()
st.set_page_config(page_title=texts("page_title"), page_icon="🧭", layout="wide")
ensure_map_assets()
render_header(texts)

loaded = load_journey(settings)
if loaded.journey is None:
    render_problems(loaded.problems, texts)
    st.stop()
journey = loaded.journey

state.init_selection(journey)
route, step = state.current(journey)
state.sync_url(route, step)

render_notice(state.link_notice(), route.text("name", texts.language), texts)
render_sidebar(journey, route, step, texts)
render_map(journey, route, step, texts, offline=settings.offline)
