"""Share links and QR codes for the current view (pure)."""

from __future__ import annotations

import io
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

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


def qr_png(url: str, scale: int = 10) -> bytes:
    """A QR code of the link as PNG (segno needs no imaging library); error correction M survives a projector."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=scale, border=4, dark="#111111")
    return buffer.getvalue()
