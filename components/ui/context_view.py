"""Context in pictures: arrivals, the share of women, broker fees and stage durations, with their sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.schema.context import Context, localised
from components.texts.en import Texts


def render_context(
    context: Context, specs: list[dict[str, object] | None], durations: dict[str, object] | None, texts: Texts
) -> None:
    """`specs` are the context charts and `durations` the route's, built by components.ui.loading."""
    st.header(texts("context_heading"))
    st.caption(texts("context_intro"))
    tabs = st.tabs([texts("tab_arrivals"), texts("tab_women"), texts("tab_fees"), texts("tab_durations")])
    tables = (context.arrivals, context.women, context.fees)
    for tab, table, chart in zip(tabs, tables, specs, strict=False):
        with tab:
            if chart is None:
                st.info(texts("context_missing"))
                continue
            st.vega_lite_chart(chart, width="stretch")
            _sources_table(table, texts)
    with tabs[3]:
        if durations is None:
            st.info(texts("durations_none"))
        else:
            st.vega_lite_chart(durations, width="stretch")
            st.caption(texts("durations_caption"))


def _sources_table(table: pd.DataFrame, texts: Texts) -> None:
    with st.expander(texts("context_sources_table")):
        st.dataframe(localised(table, texts.language), hide_index=True, width="stretch")
