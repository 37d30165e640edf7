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
from components.export.site import (
    MANIFEST,
    PROJECT_ROOT,
    UnsafeOutputError,
    _as_script,
    _Output,
    build_site,
    index_path,
    main,
    out_dir_problem,
)
from components.schema.data import read_journey
from components.schema.story import read_story
from components.texts.en import LANGUAGES, Texts
from tests.conftest import ROOT, SHIPPED_DATA, hostile_journey, mini_places, mini_routes

# Root may write anywhere: its capability to override permission bits. Without it (setpriv, util-linux,
# on every Debian), root obeys a folder's 0o500 like any user, so those rows run and can fail in CI too.
AS_A_USER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
    if os.geteuid() == 0
    else []
)


def export(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user types it (through the kept module name), with a user's permissions even as root."""
    return subprocess.run(
        [*AS_A_USER, sys.executable, "-m", "components.export_site", *args],
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


def _holding_the_data(tmp_path: Path) -> list[str]:
    shutil.copytree(SHIPPED_DATA, tmp_path / "site" / "data")
    return [str(tmp_path / "site"), "--data-dir", str(tmp_path / "site" / "data")]


def _unknown_language(tmp_path: Path) -> list[str]:
    return [str(tmp_path / "site"), "--lang", "fr"]


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        pytest.param(_a_file, 1, "is a file, not a folder", id="a file as the out dir"),
        pytest.param(_under_a_file, 1, "is a file, not a folder", id="a folder under a file"),
        pytest.param(_read_only, 1, "cannot write to", id="unwritable parent"),
        pytest.param(_read_only_itself, 1, "cannot write to", id="unwritable out dir"),
        pytest.param(_in_the_data, 1, "inside the data folder", id="inside the data folder"),
        pytest.param(_the_data_itself, 1, "inside the data folder", id="the data folder itself"),
        pytest.param(_holding_the_data, 1, "holds the data folder", id="a folder holding the data"),
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


# --app-url: only an http(s) address with a host or a path becomes the href of "Open the full map".
@pytest.mark.parametrize(
    "url",
    [
        pytest.param("javascript:alert(1)", id="javascript"),
        pytest.param("JavaScript:alert(1)", id="javascript in capitals"),
        pytest.param("vbscript:msgbox(1)", id="vbscript"),
        pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
        pytest.param("file:///etc/passwd", id="file"),
        pytest.param("//evil.example/", id="another host without a scheme"),
        pytest.param("/\\evil.example/", id="a backslash that browsers read as a slash"),
        pytest.param("\\\\evil.example\\app", id="backslashes only"),
        pytest.param("java\tscript:alert(1)", id="a tab that browsers drop"),
        pytest.param(" javascript:alert(1)", id="a leading space that browsers drop"),
        pytest.param("/app/\nSet-Cookie: x", id="a line break"),
        pytest.param("/app/\x00", id="a NUL"),
        pytest.param("/a\u202epp/", id="a right-to-left override"),
        pytest.param("/my app/", id="a space"),
        pytest.param("https://", id="no host"),
        pytest.param("http://:8080/", id="a port and no host"),
        pytest.param("https:/map.example.org/", id="one slash: no host"),
        pytest.param("http://[::1/", id="an unclosed IPv6 host"),
        pytest.param("1x:alert(1)", id="a colon in the first segment"),
        pytest.param("", id="empty"),
    ],
)
def test_a_bad_app_url_is_a_usage_error_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([str(tmp_path / "site"), "--app-url", url])
    assert exit_.value.code == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error  # one line, whatever the value holds
    assert error.startswith("python -m components.export_site: argument --app-url: ")
    assert repr(url) in error
    assert not (tmp_path / "site").exists()


def test_a_long_bad_app_url_is_quoted_short(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = "javascript:" + "a" * 500
    with pytest.raises(SystemExit):
        main([str(tmp_path / "site"), "--app-url", url])
    error = capsys.readouterr().err
    assert repr(url[:79] + "…") in error
    assert len(error) < 400


def test_build_site_refuses_a_bad_app_url_too(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="javascript"):
        build_site(hostile_journey("x"), tmp_path / "site", Texts(), app_url="javascript:alert(1)")
    assert not (tmp_path / "site").exists()


def _tree(top: Path) -> dict[str, str]:
    """Every path under top, links not followed: a link's target, a folder, or a file's text."""
    found = {}
    for folder, folders, files in os.walk(top):  # a linked folder is listed, not entered
        for name in folders + files:
            path = Path(folder) / name
            key = path.relative_to(top).as_posix()
            if path.is_symlink():
                found[key] = f"link to {os.readlink(path)}"
            elif path.is_dir():
                found[key] = "folder"
            elif path.is_file():
                found[key] = path.read_text(encoding="utf-8")
            else:
                found[key] = "other"
    return found


def _site_and_outside(tmp_path: Path) -> tuple[Path, Path]:
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (outside / "secret.txt").write_text("not the export's", encoding="utf-8")
    return site, outside


def _linked_page(tmp_path: Path) -> list[str]:
    site, outside = _site_and_outside(tmp_path)
    (site / "index.html").symlink_to(outside / "secret.txt")
    return [str(site)]


def _linked_page_forced(tmp_path: Path) -> list[str]:
    return [*_linked_page(tmp_path), "--force"]


def _dangling_link(tmp_path: Path) -> list[str]:
    site, outside = _site_and_outside(tmp_path)
    (site / "southern.html").symlink_to(outside / "new.html")  # writing through it would create the file
    return [str(site), "--force"]


def _linked_assets(tmp_path: Path) -> list[str]:
    site, outside = _site_and_outside(tmp_path)
    (site / "assets").symlink_to(outside, target_is_directory=True)
    return [str(site)]


def _linked_language(tmp_path: Path) -> list[str]:
    site, outside = _site_and_outside(tmp_path)
    (site / "ko").symlink_to(outside, target_is_directory=True)
    return [str(site), "--force"]


def _linked_deep_folder(tmp_path: Path) -> list[str]:
    site, outside = _site_and_outside(tmp_path)
    (site / "assets").mkdir()
    (site / "assets" / "leaflet-1.9.3").symlink_to(outside, target_is_directory=True)
    return [str(site)]


def _linked_manifest(tmp_path: Path) -> list[str]:
    site, outside = _site_and_outside(tmp_path)
    (site / MANIFEST).symlink_to(outside / "secret.txt")
    return [str(site)]


def _hard_link(tmp_path: Path) -> list[str]:
    site, outside = _site_and_outside(tmp_path)
    os.link(outside / "secret.txt", site / "index.html")  # the same file: writing one writes the other
    return [str(site), "--force"]


def _a_pipe(tmp_path: Path) -> list[str]:
    site, _ = _site_and_outside(tmp_path)
    os.mkfifo(site / "index.html")
    return [str(site), "--force"]


def _users_index(tmp_path: Path) -> list[str]:
    site, _ = _site_and_outside(tmp_path)
    (site / "index.html").write_text("the NGO's own front page", encoding="utf-8")
    return [str(site)]


def _users_korean_page(tmp_path: Path) -> list[str]:
    site, _ = _site_and_outside(tmp_path)
    (site / "ko").mkdir()
    (site / "ko" / "southern.html").write_text("우리 페이지", encoding="utf-8")
    return [str(site)]


def _users_asset(tmp_path: Path) -> list[str]:
    site, _ = _site_and_outside(tmp_path)
    (site / "assets" / "leaflet-1.9.3").mkdir(parents=True)
    (site / "assets" / "leaflet-1.9.3" / "leaflet.js").write_text("// patched by hand", encoding="utf-8")
    return [str(site)]


def _a_folder_where_a_page_goes(tmp_path: Path) -> list[str]:
    site, _ = _site_and_outside(tmp_path)
    (site / "southern.html").mkdir()
    return [str(site), "--force"]


def _a_file_where_a_folder_goes(tmp_path: Path) -> list[str]:
    site, _ = _site_and_outside(tmp_path)
    (site / "ko").write_text("a file called ko", encoding="utf-8")
    return [str(site), "--force"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        pytest.param(_linked_page, "index.html is a symbolic link", id="a page linked outside"),
        pytest.param(_linked_page_forced, "index.html is a symbolic link", id="a linked page, even with --force"),
        pytest.param(_dangling_link, "southern.html is a symbolic link", id="a link to a file not there yet"),
        pytest.param(_linked_assets, "assets is a symbolic link", id="assets/ linked outside"),
        pytest.param(_linked_language, "ko is a symbolic link", id="ko/ linked outside, with --force"),
        pytest.param(_linked_deep_folder, "leaflet-1.9.3 is a symbolic link", id="a folder in assets/ linked"),
        pytest.param(_linked_manifest, f"{MANIFEST} is a symbolic link", id="the list of files linked"),
        pytest.param(_hard_link, "index.html is not a plain file", id="a hard link, even with --force"),
        pytest.param(_a_pipe, "index.html is not a plain file", id="a named pipe"),
        pytest.param(_users_index, "index.html: not written by an export", id="the user's index.html"),
        pytest.param(_users_korean_page, "southern.html: not written by an export", id="the user's page in ko/"),
        pytest.param(_users_asset, "leaflet.js: not written by an export", id="the user's file in assets/"),
        pytest.param(_a_folder_where_a_page_goes, "is a folder where the export writes a file", id="a folder"),
        pytest.param(_a_file_where_a_folder_goes, "is a file where the export needs a folder", id="a file"),
    ],
)
def test_a_link_or_a_file_in_the_way_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: Callable[[Path], list[str]], message: str
) -> None:
    args = arguments(tmp_path)
    before = _tree(tmp_path)
    assert main(args) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1, error
    assert error.startswith("python -m components.export_site: ")
    assert message in error
    assert _tree(tmp_path) == before  # nothing written, nothing removed, inside the site or out


@pytest.mark.parametrize(
    ("plant", "target"),
    [
        pytest.param(lambda site, out: (site / "index.html").symlink_to(out / "secret.txt"), "index.html", id="file"),
        pytest.param(lambda site, out: (site / "index.html").symlink_to(out / "new.html"), "index.html", id="dangling"),
        pytest.param(
            lambda site, out: (site / "assets").symlink_to(out, target_is_directory=True), "assets/secret.txt", id="dir"
        ),
    ],
)
def test_a_link_planted_after_the_checks_is_not_written_through(
    tmp_path: Path, plant: Callable[[Path, Path], None], target: str
) -> None:
    """The writing itself follows no link (O_NOFOLLOW on every step), whatever was checked before."""
    site, outside = _site_and_outside(tmp_path)
    output = _Output(site, [site / target], force=True)  # owned and forced: the export would replace a file there
    plant(site, outside)
    with pytest.raises(OSError, match=r"symbolic links|Not a directory") as caught:
        output.write(site / target, "the export's page")
    assert caught.value.filename == str(site / target)  # the message names the whole path
    assert _tree(outside) == {"secret.txt": "not the export's"}


def test_force_replaces_the_user_s_files_and_adopts_them(tmp_path: Path, one_route: Path) -> None:
    """--force is the user's word that the export may have those files: later exports update and remove them."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the NGO's own front page", encoding="utf-8")
    (site / "southern.html").write_text("an old hand-made page", encoding="utf-8")
    (site / "notes.txt").write_text("the NGO's own notes", encoding="utf-8")
    assert main([str(site), "--force"]) == 0
    assert (site / "index.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (site / "southern.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    owned = (site / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert {"index.html", "southern.html"} <= set(owned)
    assert "notes.txt" not in owned  # --force adopts what it replaces, nothing else
    assert main([str(site), "--data-dir", str(one_route)]) == 0  # no --force needed any more
    assert not (site / "southern.html").exists()  # adopted, so removed with the route
    assert (site / "notes.txt").read_text(encoding="utf-8") == "the NGO's own notes"


def test_a_user_file_that_appeared_after_an_export_is_neither_replaced_nor_removed(
    tmp_path: Path, one_route: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "site"
    assert main([str(site), "--lang", "ko"]) == 0  # the Korean pages only: nothing at the root
    (site / "index.html").write_text("the NGO's own front page", encoding="utf-8")
    (site / "southern.html").write_text("the NGO's own page", encoding="utf-8")
    assert main([str(site)]) == 1  # English now: its index.html is the user's
    assert "index.html and 1 more: not written by an export" in capsys.readouterr().err  # and southern.html
    assert (site / "index.html").read_text(encoding="utf-8") == "the NGO's own front page"
    assert main([str(site), "--lang", "ko", "--data-dir", str(one_route)]) == 0
    assert not (site / "ko" / "southern.html").exists()  # the export's own page of a gone route
    assert (site / "southern.html").read_text(encoding="utf-8") == "the NGO's own page"
    assert (site / "index.html").read_text(encoding="utf-8") == "the NGO's own front page"
    assert "index.html" not in (site / MANIFEST).read_text(encoding="utf-8").splitlines()


def test_removing_stale_files_follows_no_link(tmp_path: Path, one_route: Path) -> None:
    """Files the export once wrote, now behind a link (or links themselves), stay where they are."""
    site, outside = _site_and_outside(tmp_path)
    assert main([str(site)]) == 0
    (site / "ko").rename(outside / "ko")  # someone moved the Korean pages away and linked them back
    (site / "ko").symlink_to(outside / "ko", target_is_directory=True)
    (site / "southern.html").unlink()
    (site / "southern.html").symlink_to(outside / "secret.txt")
    before = _tree(outside)
    assert main([str(site), "--lang", "en", "--data-dir", str(one_route)]) == 0
    assert _tree(outside) == before
    assert (outside / "ko" / "southern.html").is_file()
    assert (site / "southern.html").is_symlink()  # a link is never the export's: left, not removed
    assert not (site / "sea.html").exists()  # the export's own stale page, not behind a link, went


def _relative_root() -> Path:
    return Path(os.path.relpath("/", Path.cwd()))


def _linked_to_etc(tmp_path: Path) -> Path:
    (tmp_path / "etc-link").symlink_to("/etc", target_is_directory=True)
    return tmp_path / "etc-link"


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        pytest.param(lambda _: Path("/"), "is a shared system folder", id="/"),
        pytest.param(lambda _: _relative_root(), "is a shared system folder", id="/ as a relative path"),
        pytest.param(lambda _: Path("/var"), "is a shared system folder", id="/var"),
        pytest.param(lambda _: Path("/tmp"), "is a shared system folder", id="/tmp"),
        pytest.param(lambda _: Path("/home"), "is a shared system folder", id="/home"),
        pytest.param(lambda _: Path("/etc"), "in the system folder /etc", id="/etc"),
        pytest.param(lambda _: Path("/etc/erm-story"), "in the system folder /etc", id="in /etc"),
        pytest.param(lambda _: Path("/usr/share/erm-story"), "in the system folder /usr", id="in /usr"),
        pytest.param(lambda _: Path("/bin"), "in the system folder", id="/bin"),
        pytest.param(lambda _: Path("/sbin/x"), "in the system folder", id="in /sbin"),
        pytest.param(lambda _: Path("/lib/x"), "in the system folder", id="in /lib"),
        pytest.param(lambda _: Path("/lib64"), "in the system folder", id="/lib64"),
        pytest.param(lambda _: Path("/boot/story"), "in the system folder /boot", id="in /boot"),
        pytest.param(lambda _: Path("/dev/shm/story"), "in the system folder /dev", id="in /dev"),
        pytest.param(lambda _: Path("/proc/self"), "in the system folder /proc", id="in /proc"),
        pytest.param(lambda _: Path("/sys/kernel"), "in the system folder /sys", id="in /sys"),
        pytest.param(lambda _: Path("/etc/../usr/x"), "in the system folder /usr", id="/usr through .."),
        pytest.param(_linked_to_etc, "in the system folder /etc", id="a link to /etc"),
        pytest.param(lambda tmp: tmp / "home", "is your home folder", id="home"),
        pytest.param(lambda _: PROJECT_ROOT, "holds the project", id="the project"),
        # (a project checked out straight in /tmp is refused for /tmp itself first)
        pytest.param(
            lambda _: PROJECT_ROOT.parent,
            "folder" if PROJECT_ROOT.parent.as_posix() == "/tmp" else "holds the project",
            id="the project's parent",
        ),
        pytest.param(lambda tmp: tmp / "site" / "..", "holds the data folder", id="a folder holding the data"),
    ],
)
def test_system_folders_and_homes_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: Callable[[Path], Path], message: str
) -> None:
    """Checked without exporting: a check that let one of these through must not write into /etc."""
    (tmp_path / "home").mkdir()
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    problem = out_dir_problem(folder(tmp_path), tmp_path / "data")
    assert problem is not None
    assert message in problem
    assert "\n" not in problem


@pytest.mark.parametrize(
    "folder",
    [
        pytest.param(lambda _: Path("/tmp/erm-story"), id="in /tmp"),
        pytest.param(lambda _: Path("/var/www/story"), id="in /var"),
        pytest.param(lambda tmp: tmp / "home" / "story", id="in the home folder"),
        pytest.param(lambda tmp: tmp / "site", id="beside the data"),
        pytest.param(lambda _: PROJECT_ROOT / "build" / "story", id="in the project"),
    ],
)
def test_a_folder_of_the_story_s_own_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: Callable[[Path], Path]
) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "data").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert out_dir_problem(folder(tmp_path), tmp_path / "data") is None


def test_the_home_folder_is_refused_by_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert main([str(tmp_path)]) == 1
    assert "is your home folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_build_site_refuses_a_system_folder_too(tmp_path: Path) -> None:
    """/proc cannot be written even by root: a missing check fails with another error, writing nothing."""
    with pytest.raises(UnsafeOutputError, match="system folder /proc"):
        build_site(hostile_journey("x"), Path("/proc/erm-story"), Texts())
