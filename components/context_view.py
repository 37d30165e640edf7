"""Context in pictures: arrivals, the share of women, broker fees and stage durations, with their sources."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import arrivals_chart, durations_chart, fees_chart, women_chart
from components.context import Context
from components.journey import Route
from components.texts import Texts


def render_context(context: Context, route: Route, texts: Texts) -> None:
    st.subheader(texts("context_heading"))
    st.caption(texts("context_intro"))
    tabs = st.tabs([texts("tab_arrivals"), texts("tab_women"), texts("tab_fees"), texts("tab_durations")])
    panels = (
        (context.arrivals, arrivals_chart),
        (context.women, women_chart),
        (context.fees, fees_chart),
    )
    for tab, (table, chart) in zip(tabs, panels, strict=False):
        with tab:
            if table.empty:
                st.info(texts("context_missing"))
                continue
            st.altair_chart(chart(table, texts), width="stretch")
            _sources_table(table, texts)
    with tabs[3]:
        durations = durations_chart(route, texts)
        if durations is None:
            st.info(texts("durations_none"))
        else:
            st.altair_chart(durations, width="stretch")
            st.caption(texts("durations_caption"))


def _sources_table(table: pd.DataFrame, texts: Texts) -> None:
    with st.expander(texts("context_sources_table")):
        st.dataframe(table, hide_index=True, width="stretch")
