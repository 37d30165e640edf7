"""Escape Route Map: the journey North Korean defectors take to freedom, stage by stage."""

from __future__ import annotations

import streamlit as st

from components.ui.server_headers import security_middleware


def main() -> None:
    """The page, as each visitor's session runs it: settings → data → selection → pages → header → sidebar → page."""
    # Imported here: the server imports this file before any session (below), and the map's
    # component must be declared inside the running server, not then (components/ui/server_headers.py).
    from components.texts.en import Texts
    from components.ui import state
    from components.ui.loading import current_settings, ensure_map_assets, load_journey, load_story
    from components.ui.page import render_header, render_page_style, render_problems, render_top, settle_layout
    from components.ui.pages import site_pages
    from components.ui.sidebar import render_sidebar

    settings = current_settings()
    first_run = state.first_run()
    view = state.init_view(first_run)
    story = load_story(settings)
    texts = Texts(view.language, story=story)
    st.set_page_config(page_title=texts("page_title"), page_icon="🧭", layout="wide", initial_sidebar_state="collapsed")
    settle_layout(first_run)
    ensure_map_assets(settings.basemap)
    render_page_style(view)

    loaded, data_key = load_journey(settings)
    if loaded.journey is None:
        render_header(view, texts)
        render_problems(loaded.problems, texts)
        st.stop()
    own = state.own_journey()
    journey = own or loaded.journey
    state.init_selection(journey)
    route, _ = state.current(journey)

    pages = site_pages(journey, route, texts, view, settings, data_key=None if own else data_key)
    page = st.navigation(pages, position="hidden" if view.present else "top")
    render_top(view, texts, story.problems)
    render_sidebar(journey, route, texts, view)
    page.run()


if __name__ == "__main__":  # a visitor's session runs this file as the script
    main()
else:  # `streamlit run app.py` imports it to find its server: Streamlit's own, sending our security headers
    app = st.App(__file__, middleware=security_middleware())
