"""Show the route map with streamlit-folium; map clicks go to the selection owner."""

from __future__ import annotations

from functools import partial

import streamlit as st
from streamlit_folium import st_folium

from components import state
from components.assets import asset_links
from components.journey import Journey, Route
from components.route_map import build_base_map, build_highlight, stage_center
from components.texts import Texts

# Only what the click handler reads: every other key (zoom, bounds…) would rerun the script on each pan.
RETURNED_OBJECTS = ["last_object_clicked_tooltip", "last_object_clicked_count"]


def render_map(journey: Journey, route: Route, step: int, texts: Texts, *, offline: bool, height: int) -> None:
    assets = asset_links(st.get_option("server.baseUrlPath") or "")
    st_folium(
        build_base_map(route, texts, assets, stances=journey.stances, offline=offline),
        key=state.MAP_KEY,
        height=height,
        use_container_width=True,
        feature_group_to_add=build_highlight(route, step, texts),
        center=stage_center(route, step),
        returned_objects=RETURNED_OBJECTS,
        on_change=partial(state.on_map_event, journey),
    )
