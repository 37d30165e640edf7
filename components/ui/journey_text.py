"""The whole route as text: every stage with all its facts and sources, readable without the map."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.builders.markup import journey_text_html
from components.domain.journey import CountryStance, Route
from components.texts.en import Texts


def render_journey_text(route: Route, texts: Texts, stances: Mapping[str, CountryStance]) -> None:
    st.header(texts("text_version"))
    st.caption(texts("text_version_intro"))
    st.html(journey_text_html(route, texts, stances))
