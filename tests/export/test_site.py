"""components.export.site: the static story, written from the data with the app's escaping."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from components.builders.assets import MAP_JS, STORY_JS, map_code_dir, read_map_code
from components.builders.markup import escape
from components.builders.palette import stylesheet
from components.builders.share import stage_anchor, story_path
from components.export.site import MANIFEST, _as_script, build_site, index_path, main
from components.schema.data import read_journey
from components.schema.story import read_story
from components.texts.en import LANGUAGES, Texts
from tests.conftest import ROOT, SHIPPED_DATA, hostile_journey, mini_places, mini_routes


def export(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user types it (through the kept module name)."""
    return subprocess.run(
        [sys.executable, "-m", "components.export_site", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


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
        page = (tmp_path / story_path(route.route_id, "ko")).read_text(encoding="utf-8")
        assert page.count('class="erm-site-card"') == len(route.legs)
        assert route.leg(1).translations["stage_ko"] in page
        assert '<html lang="ko">' in page
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", page)  # nothing loaded from elsewhere
        code = f"../assets/{map_code_dir()}"
        assert page.index(f'src="{code}/{MAP_JS}"') < page.index(f'src="{code}/{STORY_JS}"') < page.index("L.map(")
        assert page.count("erm.story(") == 1  # the same map code as the app's, and the story's controller
        assert stylesheet() in page  # the app's stylesheet, not a copy
    assert (tmp_path / "assets" / "leaflet-1.9.3" / "leaflet.js").is_file()
    assert read_map_code() == (tmp_path / "assets" / map_code_dir() / MAP_JS).read_text(encoding="utf-8")
    assets = sorted(p.name for p in (tmp_path / "assets").iterdir())
    outlines = next(name for name in assets if name.endswith(".geojson"))
    assert assets == sorted(["leaflet-1.9.3", map_code_dir(), outlines, f"{Path(outlines).stem}.js"])
    countries = {
        f["properties"]["iso_a2"] for f in json.loads((tmp_path / "assets" / outlines).read_text())["features"]
    }
    assert {"KP", "CN", "LA", "TH", "MN", "VN", "KR"} <= countries  # every country the routes cross…
    assert not countries & {"BR", "US", "FR", "ZA"}  # …and none far from them
    assert "southern.html" in (tmp_path / "ko" / "index.html").read_text(encoding="utf-8")
    assert not (tmp_path / "index.html").exists()  # --lang ko: only the Korean pages
    assert not (tmp_path / "southern.html").exists()


def test_every_language_is_written_by_default_where_story_path_says(tmp_path: Path) -> None:
    assert main([str(tmp_path)]) == 0
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    pages = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html")}
    expected = {story_path(route.route_id, language) for route in journey for language in LANGUAGES}
    assert pages == expected | {index_path(language) for language in LANGUAGES}
    assert index_path("en") == "index.html"
    assert index_path("ko") == "ko/index.html"
    for language in LANGUAGES:
        page = (tmp_path / story_path("southern", language)).read_text(encoding="utf-8")
        assert f'<html lang="{language}">' in page
        other = next(o for o in LANGUAGES if o != language)
        switch = re.search(rf'<a href="([^"]+)" hreflang="{other}" lang="{other}" data-erm-link="hash">', page)
        assert switch is not None, "a route page links to the same route in the other language"
        assert (tmp_path / story_path("southern", language)).parent.joinpath(switch[1].split("#")[0]).resolve() == (
            tmp_path / story_path("southern", other)
        ).resolve()
        assert switch[1].endswith(f"#{stage_anchor(1)}")
        texts = Texts(language, story=read_story(SHIPPED_DATA))
        assert escape(texts("content_note")) in page  # on every route page
        assert 'id="erm-note-hide"' in page


def test_pages_are_light_and_let_people_zoom(tmp_path: Path) -> None:
    assert main([str(tmp_path), "--lang", "en"]) == 0
    page = (tmp_path / "southern.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    viewport = re.findall(r'<meta name="viewport" content="([^"]+)"', page)
    assert viewport == ["width=device-width, initial-scale=1"]  # no user-scalable=no, no maximum-scale
    assert "user-scalable" not in page
    assert "maximum-scale" not in page
    assert re.findall(r"<script(?![^>]*\bdefer\b)[^>]*\bsrc=", page) == []  # no script holds up the first paint
    assert '<link rel="stylesheet"' not in head  # the styles are inline
    assert "data:application/json" not in page  # the country outlines are a file of their own, loaded later
    assert len(page.encode()) < 150_000


def _app_links(tmp_path: Path, *args: str) -> dict[str, str]:
    assert main([str(tmp_path), *args]) == 0
    found = {}
    for language in LANGUAGES:
        page = (tmp_path / story_path("southern", language)).read_text(encoding="utf-8")
        link = re.search(r'id="erm-app-link" data-erm-link="query" href="([^"]+)"', page)
        assert link is not None
        found[language] = html.unescape(link[1])
    return found


@pytest.mark.parametrize(
    ("args", "english", "korean"),
    [
        pytest.param([], "../?route=southern&stage=1&lang=en", "../../?route=southern&stage=1&lang=ko", id="default"),
        pytest.param(
            ["--app-url", "https://map.example.org/"],
            "https://map.example.org/?route=southern&stage=1&lang=en",
            "https://map.example.org/?route=southern&stage=1&lang=ko",
            id="absolute",
        ),
        pytest.param(
            ["--app-url", "/app/"],
            "/app/?route=southern&stage=1&lang=en",
            "/app/?route=southern&stage=1&lang=ko",
            id="a path",
        ),
        pytest.param(
            ["--app-url", "app/"],
            "app/?route=southern&stage=1&lang=en",
            "../app/?route=southern&stage=1&lang=ko",
            id="relative",
        ),
    ],
)
def test_the_link_to_the_app_opens_this_route_stage_and_language(
    tmp_path: Path, args: list[str], english: str, korean: str
) -> None:
    assert _app_links(tmp_path, *args) == {"en": english, "ko": korean}


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
    journey = hostile_journey(payload)
    pages = build_site(journey, tmp_path, Texts())
    for page in pages:
        assert payload not in page.read_text(encoding="utf-8")


def _a_file(tmp_path: Path) -> list[str]:
    (tmp_path / "site.txt").write_text("not a folder", encoding="utf-8")
    return [str(tmp_path / "site.txt")]


def _under_a_file(tmp_path: Path) -> list[str]:
    (tmp_path / "site.txt").write_text("not a folder", encoding="utf-8")
    return [str(tmp_path / "site.txt" / "out")]


def _read_only(tmp_path: Path) -> list[str]:
    (tmp_path / "locked").mkdir(mode=0o500)
    return [str(tmp_path / "locked" / "site")]


def _read_only_itself(tmp_path: Path) -> list[str]:
    (tmp_path / "locked").mkdir(mode=0o500)
    return [str(tmp_path / "locked")]


def _in_the_data(tmp_path: Path) -> list[str]:
    shutil.copytree(SHIPPED_DATA, tmp_path / "data")
    return [str(tmp_path / "data" / "site"), "--data-dir", str(tmp_path / "data")]


def _the_data_itself(tmp_path: Path) -> list[str]:
    shutil.copytree(SHIPPED_DATA, tmp_path / "data")
    return [str(tmp_path / "data"), "--data-dir", str(tmp_path / "data")]


def _unknown_language(tmp_path: Path) -> list[str]:
    return [str(tmp_path / "site"), "--lang", "fr"]


# Root may write anywhere (permission bits do not stop it): those rows can only fail as another user.
AS_ROOT = os.geteuid() == 0
NEEDS_A_USER = pytest.mark.skipif(AS_ROOT, reason="root can write into a 0o500 folder")


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        pytest.param(_a_file, 1, "is a file, not a folder", id="a file as the out dir"),
        pytest.param(_under_a_file, 1, "is a file, not a folder", id="a folder under a file"),
        pytest.param(_read_only, 1, "cannot write to", id="unwritable parent", marks=NEEDS_A_USER),
        pytest.param(_read_only_itself, 1, "cannot write to", id="unwritable out dir", marks=NEEDS_A_USER),
        pytest.param(_in_the_data, 1, "inside the data folder", id="inside the data folder"),
        pytest.param(_the_data_itself, 1, "inside the data folder", id="the data folder itself"),
        pytest.param(_unknown_language, 2, "invalid choice: 'fr' (choose from 'en', 'ko')", id="unknown language"),
    ],
)
def test_bad_output_or_language_is_one_line_and_writes_nothing(
    tmp_path: Path, arguments: Callable[[Path], list[str]], code: int, message: str
) -> None:
    args = arguments(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    done = export(*args)
    assert done.returncode == code, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr  # one line
    assert message in done.stderr
    assert done.stderr.startswith("python -m components.export_site: ")
    assert "Traceback" not in done.stderr + done.stdout
    assert sorted(tmp_path.rglob("*")) == before  # nothing written, nothing removed


@pytest.fixture
def one_route(tmp_path: Path) -> Path:
    """A data folder with one route, "main", beside (not around) the site."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "places.csv").write_text(mini_places(), encoding="utf-8")
    (folder / "routes.csv").write_text(mini_routes(), encoding="utf-8")
    return folder


def test_a_re_export_replaces_only_its_own_files(tmp_path: Path, one_route: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("the NGO's own notes", encoding="utf-8")
    (site / "assets" / "ours").mkdir(parents=True)
    (site / "assets" / "ours" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    assert main([str(site)]) == 0
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    shipped_pages = {f"{route.route_id}.html" for route in journey}
    assert shipped_pages <= {p.name for p in site.iterdir()}
    owned = (site / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert "southern.html" in owned
    assert "notes.txt" not in owned
    assert all((site / name).is_file() for name in owned)
    stale_code = site / "assets" / "erm-000000000000"  # as if an older export had shipped older map code
    stale_code.mkdir()
    (stale_code / "erm-map.js").write_text("old", encoding="utf-8")
    (site / MANIFEST).write_text("\n".join([*owned, "assets/erm-000000000000/erm-map.js", "../outside.txt"]) + "\n")
    (tmp_path / "outside.txt").write_text("not the export's", encoding="utf-8")

    # The data now has one route, "main": the shipped routes' pages were the export's, so they go.
    assert main([str(site), "--data-dir", str(one_route)]) == 0
    assert (site / "main.html").is_file()
    assert not any((site / name).exists() for name in shipped_pages)
    assert not stale_code.exists()
    assert (site / "notes.txt").read_text(encoding="utf-8") == "the NGO's own notes"
    assert (site / "assets" / "ours" / "logo.svg").is_file()
    assert (tmp_path / "outside.txt").is_file()  # a manifest line cannot reach out of the folder
    assert (site / MANIFEST).read_text(encoding="utf-8").splitlines() == sorted(
        [
            *[n for n in owned if n.startswith("assets/") and not n.startswith("assets/countries-")],
            *[f"assets/{p.name}" for p in (site / "assets").glob("countries-*")],  # the outlines around "main"
            *["index.html", "main.html", "ko/index.html", "ko/main.html"],
        ]
    )
    assert len(list((site / "assets").glob("countries-*"))) == 2  # the old ones went with the old data


def test_a_stranger_s_page_of_the_same_name_as_a_gone_route_is_kept(tmp_path: Path, one_route: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "southern.html").write_text("someone else's page", encoding="utf-8")
    assert main([str(site), "--data-dir", str(one_route)]) == 0
    assert (site / "southern.html").read_text(encoding="utf-8") == "someone else's page"
    assert (site / "main.html").is_file()


def test_the_static_site_tells_the_data_folders_story(tmp_path: Path) -> None:
    from components.export.site import main

    assert main([str(tmp_path / "site"), "--lang", "ko"]) == 0
    index = (tmp_path / "site" / index_path("ko")).read_text(encoding="utf-8")
    assert "탈북 경로 지도" in index  # title_ko of data/story.toml
    assert "film, 2012" not in index  # attribution_ko, not the English one
    assert "Fathom Film Group" in index


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        pytest.param('{"a":[1,2.5]}', True, id="plain JSON"),
        pytest.param('{"a":"</script>"}', True, id="a closing tag (the script is a file of its own)"),
        pytest.param('{"name":"Côte d\'Ivoire"}', False, id="a single quote"),
        pytest.param('{"a":"back\\\\slash"}', False, id="a backslash"),
        pytest.param('{"a":"line\u2028separator"}', False, id="a line separator"),
        pytest.param('{"a":"two\nlines"}', False, id="a line break"),
    ],
)
def test_the_outlines_script_holds_the_json_as_one_string(text: str, plain: bool) -> None:
    script = _as_script("ermCountries", text)
    assert script.startswith("window.ermCountries=")
    assert script.endswith(";\n")
    literal = script.removeprefix("window.ermCountries=").removesuffix(";\n")
    expected = f"'{text}'" if plain else json.dumps(text)  # single quotes need no escape; else JSON's
    assert literal == expected


def test_a_route_called_index_is_refused_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Its page would take the place of the list of routes: the export names the route and writes nothing."""
    data = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, data)
    routes = data / "routes.csv"
    routes.write_text(
        "".join(
            "index" + line[len("sea") :] if line.startswith("sea,") else line
            for line in routes.read_text(encoding="utf-8").splitlines(keepends=True)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert main([str(out), "--data-dir", str(data)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "route id 'index' would overwrite the list of routes (index.html)" in error
    assert not out.exists()
