"""Share links and QR codes for the current view (pure)."""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import segno


def share_url(base: str, query: Mapping[str, str]) -> str:
    """`base` (the public address, or the one the browser used) with this view's query string."""
    parts = urlsplit(base.strip())
    path = parts.path or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(dict(query)), ""))


def public_base(configured: str | None, browser_url: str | None) -> str:
    """The address people should open: the configured public URL, else the one this browser used."""
    for candidate in (configured, browser_url):
        if candidate and urlsplit(candidate).scheme in ("http", "https") and urlsplit(candidate).netloc:
            return candidate
    return "http://localhost:8501/"


DEFAULT_LANGUAGE = "en"  # the static story's pages in this language sit at its root, the others in <lang>/


def story_path(route_id: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Where a route's page lies in the static story (components/export/site.py): `southern.html`, `ko/southern.html`."""
    folder = "" if language == DEFAULT_LANGUAGE else f"{language}/"
    return f"{folder}{route_id}.html"


def stage_anchor(step: int) -> str:
    """The fragment of a stage's deep link in the static story: `southern.html#stage-6`."""
    return f"stage-{step}"


def story_link(story_url: str, base: str, route_id: str, step: int, language: str) -> str:
    """The audience link: the static story at this stage. `story_url` may be a path (`/story/`), read from `base`."""
    root = urljoin(base, story_url.strip())
    if not root.endswith("/"):
        root += "/"
    return f"{root}{story_path(route_id, language)}#{stage_anchor(step)}"


@dataclass(frozen=True, slots=True)
class QrCode:
    png: bytes
    width: int  # pixels; shown at exactly this size, so the page never rescales (blurs) the modules


@functools.lru_cache(maxsize=256)
def qr_png(url: str, target_px: int = 360) -> QrCode:
    """A QR code of the link as PNG, about target_px wide in whole pixels per module (big enough to project).

    segno needs no imaging library; error correction M survives a projector's glare.
    """
    code = segno.make(url, error="m", micro=False)
    border = 4
    modules = int(code.symbol_size(scale=1, border=border)[0])
    scale = max(4, target_px // modules)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=border, dark="#111111")
    return QrCode(buffer.getvalue(), modules * scale)
