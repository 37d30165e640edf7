"""components.builders.compare_map: every route drawn, each its own colour and pattern, texts escaped, selection on top."""

from __future__ import annotations

import json

from components.builders.assets import asset_links
from components.builders.compare_map import (
    ROUTE_COLOURS,
    ROUTE_DASHES,
    all_routes_data,
    build_compare_map,
    build_compare_selection,
    label_place,
    route_style,
)
from components.texts.en import Texts
from tests.browser.conftest import JOURNEY as SHIPPED
from tests.compare_data import compare_journey_fixture

JOURNEY = compare_journey_fixture()
EN = Texts("en")


def test_every_route_has_its_own_colour_and_pattern() -> None:
    styles = [route_style(i) for i in range(len(ROUTE_COLOURS))]
    assert len(set(styles)) == len(styles)
    assert len({colour for colour, _ in styles}) == len(ROUTE_COLOURS)
    assert len(set(ROUTE_DASHES)) == len(ROUTE_DASHES)
    assert len({route_style(i) for i in range(len(ROUTE_COLOURS) * len(ROUTE_DASHES))}) > len(ROUTE_COLOURS)


def test_the_map_draws_every_route_with_its_label_and_hidden_key() -> None:
    html = build_compare_map(JOURNEY, EN, asset_links(), offline=True).get_root().render()
    data = all_routes_data(JOURNEY, EN)
    assert [r["id"] for r in data["routes"]] == ["main", "alt"]  # type: ignore[index]
    for route in data["routes"]:  # type: ignore[attr-defined]
        assert json.dumps(route["points"]) in html
    assert "route-alt|" in html
    assert "route-main|" in html
    assert "erm-compare-route" in html
    assert "erm-compare-label" in html
    assert "tile.openstreetmap.org" not in html  # offline: country outlines instead of tiles


def test_data_texts_are_escaped_on_the_map() -> None:
    data = all_routes_data(JOURNEY, EN)
    alt = data["routes"][1]  # type: ignore[index]
    assert alt["label"] == "&lt;b&gt;Alt&lt;/b&gt; route"
    assert "<b>" not in alt["tip"]


def test_the_label_goes_where_the_route_is_alone() -> None:
    assert label_place(JOURNEY.routes[1], JOURNEY).place_id == "east"  # the one place no other route has
    sea = SHIPPED.route("sea")
    mongolia = SHIPPED.route("mongolia")
    assert sea is not None
    assert mongolia is not None
    assert label_place(mongolia, SHIPPED).place_id != "seoul"  # every shipped route ends in Seoul


def test_the_selected_route_is_drawn_again_on_top() -> None:
    group = build_compare_selection(JOURNEY, JOURNEY.routes[1], EN)
    from components.ui.map_view import render_feature_group

    script = render_feature_group(group)
    assert "erm-compare-selected-alt" in script
    assert "route-alt|" in script
    assert "&lt;b&gt;Alt" in script
    assert "<b>Alt" not in script
