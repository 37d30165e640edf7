"""components.builders.route_map: the folium map, tested by rendering it to HTML/JS and reading that."""

from __future__ import annotations

import re

import folium
from streamlit_folium import generate_js_hash, generate_leaflet_string

from components.builders.assets import asset_links
from components.builders.palette import MODE_DASHES, RISK_COLOURS, risk_weight
from components.builders.route_map import build_base_map, build_highlight, route_layer_data, stage_bounds
from components.domain.journey import Journey, Route
from components.schema.data import read_journey
from components.texts.en import Texts
from tests.conftest import SHIPPED_DATA, hostile_journey

ASSETS = asset_links()


def render(route: Route) -> str:
    return str(build_base_map(route, Texts(), ASSETS).get_root().render())


def render_highlight(route: Route, step: int) -> str:
    fmap = folium.Map(tiles=None)
    build_highlight(route, step).add_to(fmap)
    return str(fmap.get_root().render())


def test_places_and_legs_are_data_for_one_layer(southern: Route) -> None:
    data = route_layer_data(southern, Texts())
    places, legs = data["places"], data["legs"]
    assert isinstance(places, list)
    assert isinstance(legs, list)
    last = len(southern.legs)
    assert places == [
        [p.lat, p.lon, p.name, str(p.kind), min(n, last)] for n, p in enumerate(southern.places, start=1)
    ]  # a place selects the stage leaving it; the last place, the last stage
    assert legs == [[int(leg.risk_level), str(leg.mode), leg.stage] for leg in southern.legs]
    assert len(places) == len(legs) + 1  # leg k runs from place k to place k+1
    assert data["colours"] == {str(k): v for k, v in RISK_COLOURS.items()}
    assert data["dashes"] == {str(k): v for k, v in MODE_DASHES.items()}
    assert data["weights"] == {str(k): risk_weight(k) for k in RISK_COLOURS}


def test_each_element_hands_its_data_to_the_shared_map_code(southern: Route) -> None:
    """The drawing is in components/web/erm-map.js; the map's script only calls it, one JSON argument each."""
    html = render(southern)
    script = html.split("<script>")[-1]
    for call in ("erm.setup(", "erm.countryLayer(", "erm.routeLayer("):
        assert script.count(call) == 1, call
    assert script.index("erm.countryLayer(") < script.index("erm.routeLayer(")  # countries under the route
    assert "L.polyline" not in script  # no drawing code of its own
    assert "L.divIcon(" not in script
    assert ASSETS.js[-1][1] in html  # the shared code, loaded after Leaflet
    assert html.index("leaflet.js") < html.index(ASSETS.js[-1][1])


def test_no_cdn_only_self_hosted_assets(southern: Route) -> None:
    fmap = build_base_map(southern, Texts(), ASSETS)
    html = fmap.get_root().render()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    scripts_and_styles = [u for u in urls if u.endswith((".js", ".css"))]
    assert scripts_and_styles
    assert all(u.startswith("/app/static/") for u in scripts_and_styles), scripts_and_styles
    assert "cdn" not in " ".join(scripts_and_styles)


def test_asset_links_follow_the_base_url_path() -> None:
    assert asset_links("").js[0][1].startswith("/app/static/")
    assert asset_links("/films/").js[0][1].startswith("/films/app/static/")
    assert asset_links("films").images.startswith("/films/app/static/")


def test_data_text_is_escaped_in_tooltips_and_markers() -> None:
    payload = "<img src=x onerror=alert(1)>`${alert(2)}`"
    journey = hostile_journey(payload)
    route = journey.routes[0]
    html = render(route) + render_highlight(route, 1)
    assert "<img src=x" not in html
    assert "${alert" not in html
    data = route_layer_data(route, Texts())
    escaped = "&lt;img src=x onerror=alert(1)&gt;&#96;&#36;&#123;alert(2)&#125;&#96;"
    assert data["places"][0][2] == escaped  # type: ignore[index]
    assert data["legs"][0][2] == escaped  # type: ignore[index]


def test_base_map_is_the_same_for_every_stage_and_the_highlight_is_not(southern: Route) -> None:
    """streamlit-folium remounts the map when its JS hash changes: the base must not depend on the stage."""
    hashes = {generate_js_hash(generate_leaflet_string(build_base_map(southern, Texts(), ASSETS))) for _ in range(3)}
    assert len(hashes) == 1
    one = render_highlight(southern, 1)
    two = render_highlight(southern, 2)
    assert re.search(r"erm\.highlight\(map_\w+, feature_group_\w+, 1\);", one)
    assert re.search(r"erm\.highlight\(map_\w+, feature_group_\w+, 2\);", two)


def test_the_highlight_is_drawn_from_the_map_s_route_in_the_browser(southern: Route) -> None:
    """The highlight carries only its stage: its leg, colour and tooltip are those of the route layer."""
    data = route_layer_data(southern, Texts())
    assert data["highlight"] == "#2563eb"
    script = render_highlight(southern, 3).split("<script>")[-1]
    assert "L.polyline" not in script
    assert "stage-3|" not in script  # the tooltip is erm.legTooltip's, the same as the leg's


def test_stage_bounds_hold_both_ends_of_the_leg(southern: Route) -> None:
    for step in southern.steps:
        leg = southern.leg(step)
        (south, west), (north, east) = stage_bounds(southern, step)
        for place in (leg.origin, leg.destination):
            assert south <= place.lat <= north
            assert west <= place.lon <= east
        assert {south, north} == {leg.origin.lat, leg.destination.lat}


def test_highlight_flies_to_the_stage_or_shows_the_whole_route(southern: Route) -> None:
    fmap = build_base_map(southern, Texts(), ASSETS)
    build_highlight(southern, 3).add_to(fmap)
    build_highlight(southern, 4, focus=False).add_to(fmap)
    html = fmap.get_root().render()
    (south, west), (north, east) = stage_bounds(southern, 3)
    assert f"window.ermShow([[{south}, {west}], [{north}, {east}]])" in html
    assert "window.ermShow(null)" in html


def test_zoom_is_capped_at_city_level(southern: Route) -> None:
    html = render(southern)
    assert '"stage_zoom": 8' in html
    assert '"route_zoom": 9' in html


def test_map_fits_the_route_bounds(southern: Route) -> None:
    html = render(southern)
    (south, west), (north, east) = southern.bounds
    assert f"[[{south}, {west}], [{north}, {east}]]" in html


def test_other_routes_give_other_maps() -> None:
    journey: Journey | None = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    hashes = {generate_js_hash(generate_leaflet_string(build_base_map(r, Texts(), ASSETS))) for r in journey}
    assert len(hashes) == len(journey.routes)


def test_offline_map_has_no_tiles_and_draws_country_outlines(southern: Route) -> None:
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    online = build_base_map(southern, Texts(), ASSETS, stances=journey.stances).get_root().render()
    offline = build_base_map(southern, Texts(), ASSETS, stances=journey.stances, offline=True).get_root().render()
    assert "tile.openstreetmap.org" in online
    assert "L.tileLayer" not in offline
    assert "http" not in re.sub(r"https?://(www\.w3\.org|leafletjs\.com)[^\"'\s]*", "", offline.split("<body>")[1])
    for html in (online, offline):
        assert ASSETS.countries in html
        assert '"CN": {"colour": "#7b3294"' in html or '"CN": {"stance": "repatriates"' in html
    assert '"offline": true' in offline
    assert '"offline": false' in online


def test_stance_tooltips_escape_the_data() -> None:
    from components.builders.route_map import CountryLayer
    from components.domain.journey import CountryStance, Stance

    stance = CountryStance("CN", Stance.REPATRIATES, "<script>alert(1)</script>", sources=("src",))
    layer = CountryLayer("/x.geojson", {"CN": stance}, Texts(), offline=False)
    tooltip = layer.stances["CN"]["tooltip"]
    assert "<script>" not in tooltip
    assert "&lt;script&gt;" in tooltip
    assert "China" in tooltip


def test_the_tooltip_templates_keep_their_holes_and_data_keeps_no_braces() -> None:
    """The browser fills `{name}` in the app's own templates; braces from data arrive as entities."""
    route = hostile_journey("{{7*7}}").routes[0]
    data = route_layer_data(route, Texts())
    words = data["words"]
    assert isinstance(words, dict)
    assert "{name}" in words["place"]
    assert "{" in words["leg"]
    assert data["places"][0][2] == "&#123;&#123;7*7&#125;&#125;"  # type: ignore[index]
