"""The security headers every answer of the app carries, and the paths it never serves to the public (pure)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

# Where the online map's tiles come from: folium's "OpenStreetMap" (components/builders/route_map.py).
DEFAULT_TILE_HOST = "https://tile.openstreetmap.org"
DEFAULT_FRAME_ANCESTORS = "'self'"  # who may embed the app in a frame (?embed=true); an NGO adds its own site
TILE_HOST_ENV = "ESCAPE_MAP_TILE_HOST"
FRAME_ANCESTORS_ENV = "ESCAPE_MAP_FRAME_ANCESTORS"

# Streamlit's server statistics (sessions, cache sizes): for an operator, never for the public.
PRIVATE_PATHS = ("/_stcore/metrics",)

# Streamlit's page fetches its host's settings before every (re)connect, beside /_stcore/health, and stays
# on "Connecting" without them (the frontend's doInitPings). Streamlit's own answer is not served: the app
# answers with these instead, as Streamlit advises "at the platform or proxy level" (its config option
# client.allowedOrigins). No origin may send the page host messages (it is framed by its own only), and
# every other setting is Streamlit's default.
HOST_CONFIG_PATH = "/_stcore/host-config"
HOST_CONFIG: Mapping[str, object] = {
    "allowedOrigins": [],
    "useExternalAuthToken": False,
    "enableCustomParentMessages": False,
    "enforceDownloadInNewTab": False,
    "metricsUrl": "",
    "blockErrorDialogs": False,
    "resourceCrossOriginMode": None,
}

_HOST_SOURCE = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]+)?")
_ANCESTOR = re.compile(rf"'self'|'none'|https:|{_HOST_SOURCE.pattern}")


def content_security_policy(tile_host: str | None, frame_ancestors: str = DEFAULT_FRAME_ANCESTORS) -> str:
    """The app's policy: this origin, the tile host (None: offline, no other host) and who may frame it.

    Raises ValueError for a source that is not a plain host (it goes into a header: no quotes, no `;`).
    """
    if tile_host is not None and not _HOST_SOURCE.fullmatch(tile_host):
        raise ValueError(f"tile host {tile_host!r}: expected https://HOST[:PORT], e.g. {DEFAULT_TILE_HOST}")
    ancestors = frame_ancestors.split()
    bad = [source for source in ancestors if not _ANCESTOR.fullmatch(source)]
    if bad or not ancestors:
        raise ValueError(
            f"frame ancestors {frame_ancestors!r}: expected 'self', 'none' or https://HOST, space-separated"
        )
    tiles = f" {tile_host}" if tile_host else ""
    return "; ".join(
        [
            "default-src 'self'",
            # Streamlit's page and the map's iframe (same origin) use inline scripts and styles; streamlit-folium
            # evaluates the map's feature group with eval() (st_folium's feature_group_to_add).
            "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob:{tiles}",
            "font-src 'self' data:",
            # The session's websocket on this origin only: CSP Level 3 matches ws: and wss: to 'self'
            # (https://www.w3.org/TR/CSP3/#match-url-to-source-expression), as Chromium, Firefox and Safari do.
            "connect-src 'self'",
            "frame-src 'self'",  # components (the map) are iframes from this origin
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {' '.join(ancestors)}",
        ]
    )


def security_headers(tile_host: str | None, frame_ancestors: str = DEFAULT_FRAME_ANCESTORS) -> dict[str, str]:
    """Every header the app's answers carry, by name: nginx (deploy/) and Streamlit's own server send these."""
    return {
        "Content-Security-Policy": content_security_policy(tile_host, frame_ancestors),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def tile_host_from(offline: bool, environ: Mapping[str, str]) -> str | None:
    """The tile host the policy allows: none offline, else $ESCAPE_MAP_TILE_HOST or OpenStreetMap's."""
    return None if offline else environ.get(TILE_HOST_ENV) or DEFAULT_TILE_HOST


def frame_ancestors_from(environ: Mapping[str, str]) -> str:
    """Who may frame the app: $ESCAPE_MAP_FRAME_ANCESTORS, else the app's own origin."""
    return environ.get(FRAME_ANCESTORS_ENV) or DEFAULT_FRAME_ANCESTORS


def is_host_config(path: str) -> bool:
    """Whether a request path (under any base URL path) asks for the host's settings (HOST_CONFIG)."""
    return path.rstrip("/").endswith(HOST_CONFIG_PATH)


def host_config_json() -> str:
    """HOST_CONFIG as the JSON the page reads (one line: nginx returns it as it is)."""
    return json.dumps(HOST_CONFIG, separators=(",", ":"))


def is_private(path: str) -> bool:
    """Whether a request path (under any base URL path, with or without a trailing slash) is a private one."""
    trimmed = path.rstrip("/")
    return trimmed.endswith(PRIVATE_PATHS)
