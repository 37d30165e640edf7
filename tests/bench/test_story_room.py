"""What a phone in bench/story_room.py fetches: the files a page's HTML names, on the page's own origin."""

from __future__ import annotations

import pytest

from bench.story_room import named_assets

PAGE = "http://127.0.0.1:8080/story/southern.html"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<script src="assets/leaflet/leaflet.js"></script>', ["/story/assets/leaflet/leaflet.js"]),
        ('<script type="module" crossorigin src="./static/js/index.A1.js"></script>', ["/story/static/js/index.A1.js"]),
        ('<link rel="stylesheet" href="/static/css/index.B2.css">', ["/static/css/index.B2.css"]),
        ('<link rel="modulepreload" crossorigin href="../static/js/react.C3.js">', ["/static/js/react.C3.js"]),
        (
            '<link rel="shortcut icon" href="./favicon.png"><link rel="PRELOAD" href="f.woff2">',
            ["/story/favicon.png", "/story/f.woff2"],
        ),
        ('<link rel="service-desc" href="./_stcore/agent/openapi.json">', []),  # a browser does not fetch it
        ("<script>var inline = 1;</script>", []),
        ('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//cdn.example/y.css">', []),
        ('<script src="a.js?v=2"></script><script src="a.js?v=2"></script>', ["/story/a.js?v=2"]),  # once
        ('<a href="vietnam.html">Vietnam</a><img src="marker.png">', ["/story/marker.png"]),
        ('<img src="data:image/png;base64,AAAA">', []),
    ],
)
def test_named_assets(html: str, expected: list[str]) -> None:
    assert named_assets(PAGE, f"<!DOCTYPE html><html><head>{html}</head><body></body></html>") == expected
