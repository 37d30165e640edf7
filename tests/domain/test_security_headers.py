"""components.domain.security_headers: the one header set, the tile host and embedders it names, the private paths."""

from __future__ import annotations

import pytest

from components.domain.security_headers import (
    DEFAULT_TILE_HOST,
    FRAME_ANCESTORS_ENV,
    TILE_HOST_ENV,
    frame_ancestors_from,
    is_private,
    security_headers,
    tile_host_from,
)


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.partition(" ")[2] for part in policy.split("; ")}


def test_the_set_is_the_policy_nosniff_and_no_referrer() -> None:
    headers = security_headers(None)
    assert set(headers) == {"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"}
    assert (headers["X-Content-Type-Options"], headers["Referrer-Policy"]) == ("nosniff", "no-referrer")


@pytest.mark.parametrize("tile_host", [None, DEFAULT_TILE_HOST])
def test_websockets_and_fetches_go_to_this_origin_only(tile_host: str | None) -> None:
    policy = _directives(security_headers(tile_host)["Content-Security-Policy"])
    assert policy["connect-src"] == "'self'"  # no ws: or wss: to any host
    assert policy["frame-ancestors"] == "'self'"
    assert "*" not in security_headers(tile_host)["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("offline", "env", "tile_host", "ancestors"),
    [
        (False, {}, DEFAULT_TILE_HOST, "'self'"),
        (True, {TILE_HOST_ENV: "https://tiles.example"}, None, "'self'"),  # offline: no other host at all
        (False, {TILE_HOST_ENV: "https://tiles.example"}, "https://tiles.example", "'self'"),
        (False, {TILE_HOST_ENV: "", FRAME_ANCESTORS_ENV: ""}, DEFAULT_TILE_HOST, "'self'"),
        (False, {FRAME_ANCESTORS_ENV: "'self' https://ngo.example"}, DEFAULT_TILE_HOST, "'self' https://ngo.example"),
    ],
)
def test_the_tile_host_and_embedders_come_from_the_start(
    offline: bool, env: dict[str, str], tile_host: str | None, ancestors: str
) -> None:
    assert tile_host_from(offline, env) == tile_host
    assert frame_ancestors_from(env) == ancestors


@pytest.mark.parametrize(
    ("path", "private"),
    [
        ("/_stcore/metrics", True),
        ("/_stcore/metrics/", True),
        ("/base/_stcore/metrics", True),  # under server.baseUrlPath
        ("/_stcore/host-config", False),  # the page needs it before it connects: answered, with HOST_CONFIG
        ("/_stcore/health", False),
        ("/_stcore/stream", False),
        ("/", False),
        ("/x_stcore/metrics", False),
    ],
)
def test_private_paths(path: str, private: bool) -> None:
    assert is_private(path) is private
