"""components.builders.assets: Leaflet copied from the XStatic package, ready to be served by Streamlit."""

from __future__ import annotations

from pathlib import Path

from components.builders.assets import (
    GESTURES_DIR,
    LEAFLET_FILES,
    MAP_JS,
    STORY_JS,
    STYLESHEET,
    asset_links,
    install_leaflet,
    install_map_code,
    map_code_dir,
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
