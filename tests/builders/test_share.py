"""components.builders.share: share links and their QR codes."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from components.builders.share import public_base, qr_png, share_url, story_link


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
