"""Which addresses the app and its exports may link to: an http(s) address with a host, or a path (pure)."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")
QUOTED_CHARS = 80  # how much of a refused value a message shows


def link_problem(value: str, *, relative: bool = False) -> str | None:
    """Why `value` is not an address a page may link to, in a few words; None when it is.

    Allowed: `http://` or `https://` with a host, or a path from the site's root (`/story/`); with
    `relative`, also a relative path (`app/`, `../`). Never another scheme (`javascript:`, `file:`),
    another host dressed as a path (`//evil.org/`, and `/\\evil.org/`, which browsers read the same),
    nor whitespace or control characters (browsers drop some of them, so what is checked is not what runs).
    """
    if not value:
        return "it is empty"
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in value):
        return "it holds whitespace or a control character"
    if "\\" in value:
        return "it holds a backslash"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # an unclosed [IPv6] host
        return "it is not a well-formed address"
    if parts.scheme:
        if parts.scheme not in WEB_SCHEMES:
            return f"{parts.scheme}: addresses are not allowed"
        return None if host else "it has no host"
    if value.startswith("//"):
        return "it names another host without a scheme"
    if value.startswith("/"):
        return None
    if not relative:
        return "it is not a path from the site's root (/…)"
    # A relative path's first segment may not hold a colon (RFC 3986): a browser could read it as a scheme.
    first = value.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return "it starts like a scheme (a colon before the first /)" if ":" in first else None


def quoted(value: str, limit: int = QUOTED_CHARS) -> str:
    """`value` for a one-line message: quoted, escaped, and cut after `limit` characters."""
    return repr(value if len(value) <= limit else value[: limit - 1] + "…")
