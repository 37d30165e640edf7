"""The files nginx serves itself (deploy/story.py): the exported story, Streamlit's front end, their .gz copies."""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
from pathlib import Path

import pytest

from deploy.replicas import story_security_policy
from deploy.story import STREAMLIT_STATIC, build_story, inline_scripts, mirror_streamlit_static, precompress
from tests.conftest import SHIPPED_DATA


def _sha(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


@pytest.mark.parametrize(
    ("name", "compressed"),
    [
        ("page.html", True),
        ("app.js", True),
        ("module.mjs", True),
        ("style.css", True),
        ("data.json", True),
        ("icon.svg", True),
        ("countries.geojson", True),
        ("PAGE.HTML", True),
        ("marker.png", False),  # compressed already
        ("font.woff2", False),
        ("leaflet.js.map", False),
        ("notes.txt", False),
    ],
)
def test_precompress_writes_a_gz_of_the_same_bytes_and_time_for_text_files_only(
    tmp_path: Path, name: str, compressed: bool
) -> None:
    source = tmp_path / "sub" / name
    source.parent.mkdir()
    body = ("<p>Tumen river</p>\n" * 200).encode()
    source.write_bytes(body)
    os.utime(source, (1_600_000_000, 1_600_000_000))
    written = precompress(tmp_path)
    copy = source.with_name(name + ".gz")
    assert copy.exists() == compressed
    assert written == ([copy] if compressed else [])
    if compressed:
        assert gzip.decompress(copy.read_bytes()) == body
        assert copy.stat().st_size < len(body) // 10
        assert copy.stat().st_mtime == source.stat().st_mtime


@pytest.mark.parametrize(
    ("pages", "hashes", "handlers"),
    [
        ({"a.html": '<script src="x.js"></script><p>no inline</p>'}, [], []),
        ({"a.html": "<script>var m = L.map('m');</script>"}, ["var m = L.map('m');"], []),
        (  # the same script on two pages is allowed once; an empty one is hashed as written
            {"a.html": "<script>go()</script><script></script>", "ko/b.html": "<SCRIPT>go()</SCRIPT>"},
            ["go()", ""],
            [],
        ),
        (  # text is hashed exactly as written: entities and "<" are not decoded
            {"a.html": "<script>\n  if (a &lt; b && c < d) x();\n</script>"},
            ["\n  if (a &lt; b && c < d) x();\n"],
            [],
        ),
        ({"a.html": '<button onclick="go()">Next</button>'}, [], ["a.html: onclick"]),
        ({"ko/a.html": '<a href=" JavaScript:go()">x</a>'}, [], ["ko/a.html: href"]),
        ({"a.js": "<script>not a page</script>"}, [], []),
    ],
)
def test_inline_scripts_are_hashed_and_handlers_found(
    tmp_path: Path, pages: dict[str, str], hashes: list[str], handlers: list[str]
) -> None:
    for name, html in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<!DOCTYPE html><html><body>{html}</body></html>", encoding="utf-8")
    found = inline_scripts(tmp_path)
    assert found.hashes == tuple(sorted({_sha(script) for script in hashes}))
    assert list(found.handlers) == handlers
    assert found.sources == ("'unsafe-inline'" if handlers else " ".join(found.hashes))


@pytest.mark.parametrize(
    ("sources", "tile_host", "ancestors", "script_src", "img_src", "frame_ancestors"),
    [
        ("'sha256-AA=' 'sha256-BB='", None, "'self'", "'self' 'sha256-AA=' 'sha256-BB='", "'self' data:", "'self'"),
        (
            "",
            "https://tile.openstreetmap.org",
            "'none'",
            "'self'",
            "'self' data: https://tile.openstreetmap.org",
            "'none'",
        ),
        (
            "'unsafe-inline'",
            None,
            "'self' https://ngo.example",
            "'self' 'unsafe-inline'",
            "'self' data:",
            "'self' https://ngo.example",
        ),
    ],
)
def test_the_story_policy_allows_its_own_scripts_and_no_eval_or_websocket(
    sources: str, tile_host: str | None, ancestors: str, script_src: str, img_src: str, frame_ancestors: str
) -> None:
    policy = {
        part.split()[0]: part.partition(" ")[2]
        for part in story_security_policy(sources, tile_host, ancestors).split("; ")
    }
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == script_src
    assert policy["img-src"] == img_src
    assert policy["connect-src"] == "'self' data:"  # the country outlines: a data: URL the map fetches
    assert policy["frame-ancestors"] == frame_ancestors
    assert "'unsafe-eval'" not in policy["script-src"]
    with pytest.raises(ValueError, match="expected"):
        story_security_policy(sources, tile_host, "'self'; script-src *")


def test_the_story_is_exported_with_gz_copies(tmp_path: Path) -> None:
    story = build_story(SHIPPED_DATA, tmp_path / "story")
    assert (story / "index.html").is_file()
    assert (story / "southern.html").is_file()
    pages = sorted(story.rglob("*.html"))
    assert pages
    for page in pages:
        assert gzip.decompress(page.with_name(page.name + ".gz").read_bytes()) == page.read_bytes()
    scripts = inline_scripts(story)
    assert scripts.hashes  # folium's map is an inline script
    assert scripts.handlers == ()  # so the policy can use hashes, not 'unsafe-inline'


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing data", "the story's export failed"),
        ("not empty", "not empty"),
    ],
)
def test_a_story_that_cannot_be_exported_stops_the_start(tmp_path: Path, setup: str, message: str) -> None:
    data = tmp_path / "no-data" if setup == "missing data" else SHIPPED_DATA
    out = tmp_path / "story"
    if setup == "not empty":
        out.mkdir()
        (out / "mine.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(RuntimeError, match=message):
        build_story(data, out)
    if setup == "not empty":
        assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_streamlit_front_end_is_copied_with_gz_copies_of_its_hashed_code(tmp_path: Path) -> None:
    mirror = mirror_streamlit_static(tmp_path / "streamlit")
    index = (STREAMLIT_STATIC / "index.html").read_text(encoding="utf-8")
    entry = index.split('<script type="module" crossorigin src="./')[1].split('"')[0]  # static/js/index.<hash>.js
    assert (mirror / entry).read_bytes() == (STREAMLIT_STATIC / entry).read_bytes()
    assert gzip.decompress((mirror / f"{entry}.gz").read_bytes()) == (STREAMLIT_STATIC / entry).read_bytes()
    fonts = list((mirror / "static" / "media").glob("*.woff2"))
    assert fonts
    assert not [font for font in fonts if font.with_name(font.name + ".gz").exists()]
    assert not (mirror / "index.html").exists()  # the page itself stays with the replicas (cookies, no-cache)
