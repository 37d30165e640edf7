"""The handout's download button in the share popover (renders with st.*; the page itself is components/export/handout.py)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

import streamlit as st

from components.builders.share import public_base, share_links
from components.domain.journey import CountryStance, Route
from components.domain.navigation import View, view_query
from components.domain.settings import Settings
from components.export.handout import handout_html
from components.texts.en import Texts
from components.ui.own_data import render_download


def render_handout_download(
    route: Route, texts: Texts, stances: Mapping[str, CountryStance], settings: Settings
) -> None:
    """The A4 handout of the route; its QR code opens the route in the page's language: the audience's
    story from its first stage when a story URL is set (a handout is for the audience), else the app."""
    query = view_query(route.route_id, None, View(language=texts.language))
    base = public_base(settings.public_url, st.context.url)
    link = share_links(base, query, settings.story_url, route.route_id, 1, texts.language).scanned
    render_download(
        texts("handout"),
        partial(handout_html, route, texts, stances, link, settings.basemap),
        f"escape-route-map-{route.route_id}-handout-{texts.language}.html",
        "erm_dl_handout",
        help=texts("handout_help"),
        icon=":material/print:",
    )
