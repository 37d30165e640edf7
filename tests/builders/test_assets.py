"""components.builders.assets: Leaflet copied from the XStatic package, ready to be served by Streamlit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components.builders.assets import (
    GESTURES_DIR,
    LEAFLET_FILES,
    MAP_JS,
    STORY_JS,
    STYLESHEET,
    asset_links,
    install_leaflet,
    install_map_code,
    install_outlines_near,
    map_code_dir,
    outlines_name,
    outlines_near,
    read_map_code,
)


def test_install_copies_leaflet_once(tmp_path: Path) -> None:
    target = install_leaflet(tmp_path)
    for name in LEAFLET_FILES:
        assert (target / name).stat().st_size > 1000
    assert (target / "images" / "marker-icon.png").is_file()
    mark = (target / "leaflet.js").stat().st_mtime_ns
    assert install_leaflet(tmp_path) == target
    assert (target / "leaflet.js").stat().st_mtime_ns == mark
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted([target.name, GESTURES_DIR])  # no staging folders left behind


def test_the_map_code_is_copied_under_a_name_that_changes_with_it(tmp_path: Path) -> None:
    source = tmp_path / "web"
    source.mkdir()
    for name in (MAP_JS, STORY_JS, STYLESHEET):
        (source / name).write_text(f"/* {name} */\n", encoding="utf-8")
    first = map_code_dir(source)
    (source / MAP_JS).write_text("/* changed */\n", encoding="utf-8")
    assert map_code_dir(source) != first
    target = install_map_code(tmp_path / "static")
    assert target.name == map_code_dir()
    assert sorted(p.name for p in target.iterdir()) == sorted([MAP_JS, STORY_JS])  # the CSS is inlined, not served
    assert (target / MAP_JS).read_text(encoding="utf-8") == read_map_code()
    assert asset_links("/films").js[-1] == ("erm_map", f"/films/app/static/{target.name}/{MAP_JS}")


def _country(code: str, lon: float, lat: float) -> dict[str, object]:
    square = [[[lon, lat], [lon + 1, lat], [lon + 1, lat + 1], [lon, lat + 1], [lon, lat]]]
    return {
        "type": "Feature",
        "properties": {"iso_a2": code, "name": code},
        "geometry": {"type": "Polygon", "coordinates": square},
    }


BOX = ((10.0, 100.0), (40.0, 130.0))  # (south, west), (north, east)


@pytest.mark.parametrize(
    ("lon", "lat", "kept"),
    [
        (110.0, 20.0, True),  # inside the box
        (150.0, 20.0, True),  # east of it, within the margin (25°)
        (160.0, 20.0, False),  # east of it, beyond the margin
        (110.0, -20.0, False),  # south, beyond the margin
        (60.0, 60.0, False),  # north-west, beyond both
        (76.0, 64.0, True),  # at the margin's corner
    ],
)
def test_outlines_near_keep_the_countries_around_the_box(lon: float, lat: float, kept: bool) -> None:
    world = json.dumps({"type": "FeatureCollection", "features": [_country("XX", lon, lat)]})
    near = json.loads(outlines_near(world, BOX))
    assert [f["properties"] for f in near["features"]] == ([{"iso_a2": "XX"}] if kept else [])  # code only


def test_the_outlines_around_a_box_have_their_own_file(tmp_path: Path) -> None:
    source = tmp_path / "countries.geojson"
    features = [_country("AA", 110, 20), _country("ZZ", -60, -30)]
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    target = install_outlines_near(BOX, tmp_path / "static", source)
    assert target.name == outlines_name(source, BOX) != outlines_name(source) != outlines_name(source, ((0, 0), (1, 1)))
    assert [f["properties"]["iso_a2"] for f in json.loads(target.read_text(encoding="utf-8"))["features"]] == ["AA"]
    mark = target.stat().st_mtime_ns
    assert install_outlines_near(BOX, tmp_path / "static", source) == target  # once per content and box
    assert target.stat().st_mtime_ns == mark
    assert asset_links("", source, around=BOX).countries.endswith(f"/basemap/{target.name}")
    assert asset_links("", source).countries.endswith(f"/basemap/{outlines_name(source)}")  # an upload: the world
