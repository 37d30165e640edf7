"""The cached map path sends streamlit-folium's component exactly what `st_folium` would send."""

from __future__ import annotations

from typing import Any

import pytest
import streamlit_folium

from components.builders.assets import asset_links, read_map_code
from components.builders.route_map import build_base_map, build_highlight
from components.domain.journey import Journey
from components.schema.data import read_journey
from components.texts.en import Texts
from components.ui import map_view
from components.ui.state import MAP_KEY
from tests.conftest import SHIPPED_DATA

JOURNEY = read_journey(SHIPPED_DATA).journey
assert JOURNEY is not None


def _recorded(monkeypatch: pytest.MonkeyPatch, call: Any) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: seen.update(kwargs))
    call()
    seen.pop("on_change")  # a callback of each caller's own
    return seen


@pytest.mark.parametrize(
    ("route_id", "step", "language", "offline", "focus"),
    [("southern", 1, "en", False, False), ("southern", 6, "ko", True, True), ("sea", 1, "en", False, True)],
)
def test_cached_path_sends_what_st_folium_sends(
    monkeypatch: pytest.MonkeyPatch, route_id: str, step: int, language: str, offline: bool, focus: bool
) -> None:
    journey: Journey = JOURNEY
    route = journey.route(route_id)
    assert route is not None
    texts = Texts(language)

    def build() -> tuple[Any, Any]:
        base = build_base_map(route, texts, asset_links(""), stances=journey.stances, offline=offline)
        return base, build_highlight(route, step, focus=focus)

    fmap, group = build()
    theirs = _recorded(
        monkeypatch,
        lambda: streamlit_folium.st_folium(
            fmap,
            key=MAP_KEY,
            height=500,
            use_container_width=True,
            feature_group_to_add=group,
            returned_objects=list(map_view.RETURNED_OBJECTS),
        ),
    )
    fmap, group = build()
    ours = _recorded(
        monkeypatch,
        lambda: map_view.show_map(
            map_view.render_base(fmap), map_view.render_feature_group(group), 500, on_click=lambda value: None
        ),
    )
    assert ours == theirs


def test_the_first_report_of_a_drawn_map_equals_the_default() -> None:
    """streamlit-folium reports its value once drawn if it differs from the default: a wasted script run.

    The map starts its click count at null (route_map.MapSetup), so the first report, built in this
    key order by the component, is the default exactly.
    """
    route = JOURNEY.route("southern")
    assert route is not None
    base = map_view.render_base(build_base_map(route, Texts(), asset_links("")))
    assert "erm.setup(map_div, " in base.script  # the map's code, loaded before the script, does it:
    assert base.js_links[-1].endswith("/erm-map.js")
    assert "window.__GLOBAL_DATA__.last_object_clicked_count = null" in read_map_code()
    assert map_view.RETURNED_OBJECTS == ("last_object_clicked_count", "last_object_clicked_tooltip")
