"""components.builders.share: share links and their QR codes."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from components.builders.share import (
    PRESENTER_SYMBOL_PX,
    PROJECTOR_HEIGHT_PX,
    QUIET_ZONE,
    ShareLinks,
    presenter_qr,
    public_base,
    qr_png,
    share_links,
    share_url,
    story_link,
)
from tests.conftest import qr_modules


@pytest.mark.parametrize(
    ("base", "query", "expected"),
    [
        ("http://localhost:8501/", {"route": "sea", "stage": "1"}, "http://localhost:8501/?route=sea&stage=1"),
        ("https://x.org/escape?old=1#frag", {"lang": "ko"}, "https://x.org/escape?lang=ko"),
        ("https://x.org", {"route": "a b&c"}, "https://x.org/?route=a+b%26c"),
    ],
)
def test_share_url(base: str, query: dict[str, str], expected: str) -> None:
    assert share_url(base, query) == expected


@pytest.mark.parametrize(
    ("configured", "browser", "expected"),
    [
        ("https://films.example.org/", "http://10.0.0.5:8501/", "https://films.example.org/"),
        (None, "http://10.0.0.5:8501/", "http://10.0.0.5:8501/"),
        ("not a url", None, "http://localhost:8501/"),
        ("javascript:alert(1)", "https://ok.org/", "https://ok.org/"),
    ],
)
def test_public_base(configured: str | None, browser: str | None, expected: str) -> None:
    assert public_base(configured, browser) == expected


@pytest.mark.parametrize(
    ("story_url", "base", "route", "step", "language", "expected"),
    [
        (
            "/story/",
            "https://films.example.org/",
            "southern",
            6,
            "en",
            "https://films.example.org/story/southern.html#stage-6",
        ),
        ("/story", "http://10.0.0.5:8080/?route=x", "sea", 1, "ko", "http://10.0.0.5:8080/story/ko/sea.html#stage-1"),
        (
            "https://cdn.example.org/escape/",
            "http://localhost:8501/",
            "southern",
            3,
            "en",
            "https://cdn.example.org/escape/southern.html#stage-3",
        ),
    ],
)
def test_story_link(story_url: str, base: str, route: str, step: int, language: str, expected: str) -> None:
    assert story_link(story_url, base, route, step, language) == expected


@pytest.mark.parametrize("url", ["http://localhost:8501/?route=sea&stage=1&lang=en", "https://x.org/?" + "a" * 300])
def test_qr_code_is_big_enough_to_project_and_sized_in_whole_modules(url: str) -> None:
    code = qr_png(url)
    image = Image.open(io.BytesIO(code.png))
    assert image.size == (code.width, code.width)
    assert 300 <= code.width <= 700
    assert qr_png(url + "x").png != code.png


@pytest.mark.parametrize(
    ("story_url", "step", "language", "expected"),
    [
        (None, 6, "en", ShareLinks(app="https://films.example.org/?route=southern&stage=6")),
        (
            "/story/",
            6,
            "en",
            ShareLinks(
                app="https://films.example.org/?route=southern&stage=6",
                audience="https://films.example.org/story/southern.html#stage-6",
            ),
        ),
        (
            "/story/",
            2,
            "ko",
            ShareLinks(
                app="https://films.example.org/?route=southern&stage=6",
                audience="https://films.example.org/story/ko/southern.html#stage-2",
            ),
        ),
    ],
)
def test_share_links(story_url: str | None, step: int, language: str, expected: ShareLinks) -> None:
    query = {"route": "southern", "stage": "6"}
    links = share_links("https://films.example.org/", query, story_url, "southern", step, language)
    assert links == expected
    assert links.scanned == (expected.audience or expected.app)  # the QR code gives the audience's page first


STORY_LINKS = [
    "http://localhost:8501/story/southern.html#stage-6",
    "https://films.example.org/escape/story/ko/southern.html#stage-10",
    "http://localhost:8501/?route=southern&stage=6&lang=en",
    "https://x.org/?" + "a" * 300,  # a long public address: a denser code, smaller modules, the same symbol width
]


@pytest.mark.parametrize("url", STORY_LINKS)
def test_presenter_qr_code_reads_from_the_back_row(url: str) -> None:
    code = presenter_qr(url)
    scale, modules = qr_modules(code.png)  # read from the picture itself
    assert (scale, modules) == (code.scale, code.modules)
    assert scale * modules >= PRESENTER_SYMBOL_PX  # the symbol is 6/10 of a 1080 px image's height
    assert scale % 2 == 0  # a smaller projector shows it at half size, in whole pixels still
    assert (modules + 2 * QUIET_ZONE) * scale == code.width == Image.open(io.BytesIO(code.png)).width
    assert code.width <= PROJECTOR_HEIGHT_PX - 160  # with its caption, it fits on the projector under the toolbar


def test_presenter_target_follows_the_rules_of_thumb() -> None:
    # 10:1 scan distance, farthest seat 6 image heights away: 0.6 of 1080 px.
    assert PRESENTER_SYMBOL_PX == 648
    # The shared story link of a typical public address: a 33-module symbol at 20 px a module.
    code = presenter_qr("https://films.example.org/story/southern.html#stage-6")
    assert (code.modules, code.scale) == (33, 20)


@pytest.mark.parametrize("url", STORY_LINKS)
def test_the_panel_qr_code_is_in_whole_modules(url: str) -> None:
    code = qr_png(url)
    assert qr_modules(code.png) == (code.scale, code.modules)
    assert code.scale >= 4
