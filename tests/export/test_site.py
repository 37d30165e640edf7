"""components.export.site: the static story, written from the data with the app's escaping."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from components.builders.assets import MAP_JS, STORY_JS, map_code_dir, read_map_code
from components.builders.palette import stylesheet
from components.export.site import build_site
from components.schema.data import build_journey, read_journey
from components.texts.en import Texts
from tests.conftest import PLACES_HEADER, ROOT, SHIPPED_DATA, csv_text, mini_routes


def test_command_writes_one_page_per_route_and_the_assets(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "components.export.site", str(tmp_path), "--lang", "ko"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    for route in journey:
        page = (tmp_path / f"{route.route_id}.html").read_text(encoding="utf-8")
        assert page.count('class="erm-site-card"') == len(route.legs)
        assert route.leg(1).translations["stage_ko"] in page
        assert '<html lang="ko">' in page
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", page)  # nothing loaded from elsewhere
        code = f"assets/{map_code_dir()}"
        assert page.index(f'src="{code}/{MAP_JS}"') < page.index(f'src="{code}/{STORY_JS}"') < page.index("L.map(")
        assert page.count("erm.story(") == 1  # the same map code as the app's, and the story's controller
        assert stylesheet() in page  # the app's stylesheet, not a copy
    assert (tmp_path / "assets" / "leaflet-1.9.3" / "leaflet.js").is_file()
    assert read_map_code() == (tmp_path / "assets" / map_code_dir() / MAP_JS).read_text(encoding="utf-8")
    assert sorted(p.name for p in (tmp_path / "assets").iterdir()) == sorted(["leaflet-1.9.3", map_code_dir()])
    assert "southern.html" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_bad_data_gives_problem_lines_and_no_site(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "places.csv").write_text("place_id\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "components.export.site", str(tmp_path / "out"), "--data-dir", str(tmp_path / "data")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "places.csv" in done.stdout
    assert not (tmp_path / "out").exists()


def test_data_text_is_escaped_in_the_static_pages(tmp_path: Path) -> None:
    payload = "<img src=x onerror=alert(1)>"
    places = csv_text(
        PLACES_HEADER,
        [
            f"north,{payload},KP,42.44,129.75,origin,{payload},src https://e.org/s",
            "middle,Midcity,CN,42.89,129.5,hiding,s,src https://e.org/s",
            "south,Southport,TH,13.75,100.5,destination,s,src https://e.org/s",
        ],
    )
    journey = build_journey(places.encode(), mini_routes().replace("Across", payload).encode()).journey
    assert journey is not None
    pages = build_site(journey, tmp_path, Texts())
    for page in pages:
        assert payload not in page.read_text(encoding="utf-8")


def test_the_static_site_tells_the_data_folders_story(tmp_path: Path) -> None:
    from components.export.site import main

    assert main([str(tmp_path / "site"), "--lang", "ko"]) == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "탈북 경로 지도" in index  # title_ko of data/story.toml
    assert "film, 2012" not in index  # attribution_ko, not the English one
    assert "Fathom Film Group" in index
