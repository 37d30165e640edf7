"""A plain `streamlit run app.py` (Streamlit's own server, app.py's `st.App`) sends the same security headers as deploy/."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.message import Message

import pytest

from components.domain.security_headers import DEFAULT_TILE_HOST, FRAME_ANCESTORS_ENV, HOST_CONFIG, security_headers
from deploy.server import Server

NGO = "'self' https://ngo.example"
STARTS = {  # how the server was started → the headers every answer must carry
    "online": ([], {}, security_headers(DEFAULT_TILE_HOST)),
    "offline, embedded by an NGO": (["--", "--offline"], {FRAME_ANCESTORS_ENV: NGO}, security_headers(None, NGO)),
}


@pytest.fixture(scope="module", params=list(STARTS))
def started(request: pytest.FixtureRequest) -> Iterator[tuple[Server, dict[str, str]]]:
    args, env, headers = STARTS[request.param]
    with Server("app.py", args=args, env={FRAME_ANCESTORS_ENV: None, **env}) as server:
        yield server, headers


def _get(url: str) -> tuple[int, Message, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _static_file(server: Server) -> str:
    """The entry script the page names: one of Streamlit's own static files."""
    _status, _headers, page = _get(server.url)
    entry = re.search(rb'<script type="module" crossorigin src="\./(static/js/[^"]+\.js)"', page)
    assert entry is not None
    return entry.group(1).decode()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("", 200),
        ("?route=southern&stage=2", 200),
        ("static", 200),  # replaced by the page's entry script
        ("app/static/leaflet-1.9.3/leaflet.js", 200),  # the app's own static folder (server.enableStaticServing)
        ("_stcore/health", 200),
        ("_stcore/host-config", 200),  # the page fetches it before it connects: the app's own settings
        ("no-such-page", 200),  # Streamlit's page, which says so
        ("app/static/no-such-file.js", 404),  # refusals by Streamlit itself
        ("app/static/..%2f..%2fapp.py", 400),  # its path security middleware, inside ours
        ("_stcore/metrics", 404),  # the server's statistics are not for the public
        ("_stcore/metrics/", 404),
    ],
)
def test_every_answer_carries_the_headers(started: tuple[Server, dict[str, str]], path: str, status: int) -> None:
    server, expected = started
    url = server.url + (_static_file(server) if path == "static" else path)
    code, headers, body = _get(url)
    assert code == status, url
    for name, value in expected.items():
        assert headers.get_all(name) == [value], name  # once each, with the start's tile host and embedders
    if path.startswith("_stcore/metrics"):
        assert b"session" not in body
    if path == "_stcore/host-config":
        assert json.loads(body) == HOST_CONFIG  # not Streamlit's (its allowedOrigins list hosts of its own)
