"""components.assets: Leaflet copied from the XStatic package, ready to be served by Streamlit."""

from __future__ import annotations

from pathlib import Path

from components.assets import GESTURES_DIR, LEAFLET_FILES, install_leaflet


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
