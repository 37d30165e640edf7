"""Show the route map with streamlit-folium; map clicks go to the selection owner.

`st_folium` renders the whole folium tree into strings on every call: about 13 ms for this map on
each rerun, as much as a whole bare Streamlit page. The base map depends only on the data, the route,
the language and the offline switch, and the selected stage's feature group only on the stage, so
both are rendered once (by streamlit-folium's own functions) and kept; every rerun then hands the
kept strings to streamlit-folium's component with exactly the arguments `st_folium` would send.
tests/test_map_view.py holds the two to the same arguments, so an upgrade that changes them fails
there first (streamlit-folium is pinned in requirements.txt).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import folium
import streamlit as st
import streamlit_folium

from components.builders.assets import MapAssets, asset_links, install_outlines_near
from components.builders.route_map import build_base_map, build_highlight
from components.domain.journey import Journey, Route
from components.texts.en import Texts
from components.ui import state

# Only what the click handler reads: every other key (zoom, bounds…) would rerun the script on each pan.
# In the order the component builds its value: it compares JSON strings, so a default in another order
# would count as a change and cost a script run when the map is drawn.
RETURNED_OBJECTS = ("last_object_clicked_count", "last_object_clicked_tooltip")


@dataclass(frozen=True, slots=True)
class RenderedMap:
    """The base map as streamlit-folium's component receives it."""

    script: str
    header: str
    html: str
    map_id: str
    hash_key: str  # the component's identity: a new one remounts the map in the browser
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def render_base(fmap: folium.Map) -> RenderedMap:
    """What `st_folium` computes from a map (streamlit-folium 0.27.4, `st_folium` body), once."""
    fmap.get_root().render()
    fmap.render()
    html = streamlit_folium._get_html(fmap)
    header = streamlit_folium._get_header(fmap)
    script = streamlit_folium._get_map_string(fmap)
    css: list[str] = []
    js: list[str] = []
    for element in _walk(fmap):
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
    return RenderedMap(
        script=script,
        header=header,
        html=html,
        map_id=streamlit_folium.get_full_id(fmap),
        hash_key=streamlit_folium.generate_js_hash(script, state.MAP_KEY, False),
        css_links=tuple(dict.fromkeys(css)),
        js_links=tuple(dict.fromkeys(js)),
    )


def _walk(element: Any) -> Iterator[Any]:
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def render_feature_group(group: folium.FeatureGroup) -> str:
    """The feature group as the JavaScript streamlit-folium evaluates in the live map."""
    return str(streamlit_folium._get_feature_group_string(group, folium.Map(tiles=None)))


@st.cache_resource(show_spinner=False, max_entries=64)
def _shipped_base(
    data_key: str, route_id: str, language: str, offline: bool, base_url: str, basemap: str, _journey: Journey
) -> RenderedMap:
    """The shipped data's base map, shared by every visitor (the data is public and read-only)."""
    route = _journey.route(route_id)
    assert route is not None
    return render_base(
        _base_map(_journey, route, Texts(language), shipped_assets(base_url, Path(basemap), _journey), offline)
    )


def shipped_assets(base_url: str, basemap: Path, journey: Journey) -> MapAssets:
    """The shipped data's assets: only the country outlines around its routes, not the whole world's.

    An upload may be anywhere: its maps fetch the whole world's outlines (asset_links without a box).
    """
    install_outlines_near(journey.bounds, source=basemap)
    return asset_links(base_url, source=basemap, around=journey.bounds)


@st.cache_resource(show_spinner=False, max_entries=512)
def _shipped_highlight(data_key: str, route_id: str, step: int, focus: bool, _route: Route) -> str:
    return render_feature_group(build_highlight(_route, step, focus=focus))


def _base_map(journey: Journey, route: Route, texts: Texts, assets: MapAssets, offline: bool) -> folium.Map:
    return build_base_map(route, texts, assets, stances=journey.stances, offline=offline)


def render_map(
    journey: Journey,
    route: Route,
    step: int,
    texts: Texts,
    *,
    offline: bool,
    height: int,
    data_key: str | None,
    basemap: Path,
) -> None:
    """The map of `route` with `step` selected. `data_key` names the shipped data; None for an upload.

    An upload belongs to one visitor: its map is rendered for that visitor on every run and never
    kept in a cache other visitors share.
    """
    base_url = st.get_option("server.baseUrlPath") or ""
    focus = state.focused()
    if data_key is None:
        base = render_base(_base_map(journey, route, texts, asset_links(base_url, source=basemap), offline))
        group = render_feature_group(build_highlight(route, step, focus=focus))
    else:
        base = _shipped_base(data_key, route.route_id, texts.language, offline, base_url, str(basemap), journey)
        group = _shipped_highlight(data_key, route.route_id, step, focus, route)
    state.map_drawn(base.hash_key)
    show_map(base, group, height, on_click=lambda value: state.on_map_event(journey, value))


def show_map(base: RenderedMap, group: str, height: int, on_click: Callable[[Mapping[str, Any] | None], None]) -> None:
    """streamlit-folium's component, called as `st_folium(..., use_container_width=True)` calls it."""
    hash_key = base.hash_key
    streamlit_folium._component_func(
        script=base.script,
        header=base.header,
        html=base.html,
        id=base.map_id,
        key=hash_key,
        height=height,
        width=None,
        returned_objects=list(RETURNED_OBJECTS),
        default=dict.fromkeys(RETURNED_OBJECTS),
        zoom=None,
        center=None,
        feature_group=group,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(base.css_links),
        js_links=list(base.js_links),
        on_change=lambda: on_click(st.session_state.get(hash_key)),
        wrap_longitude=False,
    )
