"""The page that compares the routes: every route on one map, a sortable table, each row's sources (renders).

The map is handed to streamlit-folium as the story map is (components/ui/map_view.py): the base map with
every route is rendered once per data and language and kept, the selected route travels in a feature
group, so a change of the selected route never remounts the map. A click on a route opens it in the story.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import pandas as pd
import streamlit as st

from components.builders.assets import asset_links
from components.builders.compare import (
    COLUMNS,
    Comparison,
    compare_journey,
    comparison_row,
    leg_durations_text,
)
from components.builders.compare_map import build_compare_map, build_compare_selection, route_key_svg, route_styles
from components.builders.markup import escape, escape_markdown, sources_list
from components.domain.journey import Journey, Route
from components.domain.settings import Settings
from components.texts.en import Texts
from components.ui import state
from components.ui.map_view import RenderedMap, render_base, render_feature_group, shipped_assets, show_map

COMPARE_MAP_HEIGHT = 480
NUMBER_COLUMNS = ("legs", "distance_km", "sources")
COLUMN_WIDTHS: dict[str, Literal["small", "medium", "large"]] = {"route": "medium", "countries": "large"}


@st.cache_resource(show_spinner=False, max_entries=16)
def _shipped_base(
    data_key: str, language: str, offline: bool, base_url: str, basemap: str, _journey: Journey
) -> RenderedMap:
    """The shipped data's compare map, shared by every visitor (the data is public and read-only)."""
    assets = shipped_assets(base_url, Path(basemap), _journey)
    return render_base(build_compare_map(_journey, Texts(language), assets, offline=offline))


@st.cache_resource(show_spinner=False, max_entries=64)
def _shipped_selection(data_key: str, route_id: str, language: str, _journey: Journey, _route: Route) -> str:
    return render_feature_group(build_compare_selection(_journey, _route, Texts(language)))


def render_compare(journey: Journey, route: Route, texts: Texts, settings: Settings, data_key: str | None) -> None:
    """`data_key` names the shipped data; None when the visitor's own upload is shown (never cached then)."""
    st.header(texts("compare_heading"))
    st.caption(texts("compare_intro"))
    with st.container(key="erm_compare_map", height=COMPARE_MAP_HEIGHT, border=False):
        _render_map(journey, route, texts, settings, data_key)
    st.html(_routes_key(journey, texts))
    comparisons = compare_journey(journey)
    st.subheader(texts("compare_table_heading"))
    st.caption(texts("compare_table_caption"))
    _render_table(comparisons, texts)
    st.subheader(texts("compare_sources_heading"))
    for comparison in comparisons:
        _render_sources(journey, comparison, texts)


def _render_map(journey: Journey, route: Route, texts: Texts, settings: Settings, data_key: str | None) -> None:
    base_url = st.get_option("server.baseUrlPath") or ""
    if data_key is None:
        assets = asset_links(base_url, source=settings.basemap)
        base = render_base(build_compare_map(journey, texts, assets, offline=settings.offline))
        group = render_feature_group(build_compare_selection(journey, route, texts))
    else:
        base = _shipped_base(data_key, texts.language, settings.offline, base_url, str(settings.basemap), journey)
        group = _shipped_selection(data_key, route.route_id, texts.language, journey, route)
    state.map_drawn(base.hash_key)
    show_map(base, group, COMPARE_MAP_HEIGHT, on_click=partial(state.on_compare_map_event, journey))


def _routes_key(journey: Journey, texts: Texts) -> str:
    """Which line is which route, under the map (st.html keeps data: images, not inline SVG)."""
    styles = route_styles(journey)
    items = "".join(
        f'<li style="display:flex;align-items:center;gap:.4rem">'
        f'<img src="data:image/svg+xml,{quote(route_key_svg(*styles[r.route_id]))}" width="40" height="12" alt=""> '
        f"{escape(r.text('name', texts.language))}</li>"
        for r in journey.routes
    )
    return (
        f'<div class="erm-compare-key" role="group" aria-label="{escape(texts("compare_map_key"))}" '
        f'style="font-size:.9rem"><strong>{escape(texts("compare_map_key"))}</strong>'
        f'<ul style="list-style:none;display:flex;flex-wrap:wrap;gap:.2rem 1.2rem;margin:.2rem 0;padding:0">{items}'
        f"</ul><span>{escape(texts('compare_selected'))}</span></div>"
    )


def _render_table(comparisons: tuple[Comparison, ...], texts: Texts) -> None:
    frame = pd.DataFrame([comparison_row(c, texts) for c in comparisons], columns=list(COLUMNS))
    config: dict[str, object] = {
        name: (
            st.column_config.NumberColumn(texts(f"compare_col.{name}"), format="localized")
            if name in NUMBER_COLUMNS
            else st.column_config.TextColumn(
                texts(f"compare_col.{name}"),
                pinned=name == "route",
                width=COLUMN_WIDTHS.get(name),
            )
        )
        for name in COLUMNS
    }
    st.dataframe(frame, hide_index=True, column_config=config, key="erm_compare_table")  # type: ignore[arg-type]


def _render_sources(journey: Journey, comparison: Comparison, texts: Texts) -> None:
    """Each row's figures in words and every source behind them, with a way into the story."""
    route = comparison.route
    label = texts("compare_sources_of", route=route.text("name", texts.language), count=len(comparison.sources))
    with st.expander(escape_markdown(label)):
        # The whole row in words, readable on a phone where the table scrolls sideways.
        row = comparison_row(comparison, texts)
        rows = [(texts(f"compare_col.{name}"), str(row[name])) for name in COLUMNS if name not in ("route", "sources")]
        rows.append((texts("compare_leg_durations"), leg_durations_text(comparison, texts) or texts("compare_none")))
        facts = "".join(f"<dt>{escape(term)}</dt><dd>{escape(value)}</dd>" for term, value in rows)
        st.html(
            f'<dl class="erm-facts">{facts}</dl><h4>{escape(texts("sources"))}</h4>{sources_list(comparison.sources)}'
        )
        st.button(
            texts("compare_open"),
            key=f"erm_compare_open_{route.route_id}",
            on_click=partial(state.open_route_in_story, journey, route.route_id),
            icon=":material/map:",
        )
