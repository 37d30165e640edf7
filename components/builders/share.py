"""Share links and QR codes for the current view (pure)."""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import segno

from components.domain.urls import link_problem


def share_url(base: str, query: Mapping[str, str]) -> str:
    """`base` (the public address, or the one the browser used) with this view's query string."""
    parts = urlsplit(base.strip())
    path = parts.path or "/"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(dict(query)), ""))


def public_base(configured: str | None, browser_url: str | None) -> str:
    """The address people should open: the configured public URL, else the one this browser used."""
    for candidate in (configured, browser_url):
        # An absolute http(s) address with a host, nothing a browser would read otherwise (domain/urls.py).
        if candidate and urlsplit(candidate).scheme and link_problem(candidate) is None:
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
class ShareLinks:
    """What the share panel offers: the full app at this view and, with a story URL, the audience's page."""

    app: str
    audience: str | None = None  # the static story at this stage: light enough for a room of phones

    @property
    def scanned(self) -> str:
        """The link the QR code gives: the audience's page when there is one, else the app."""
        return self.audience or self.app


def share_links(
    base: str, query: Mapping[str, str], story_url: str | None, route_id: str, step: int, language: str
) -> ShareLinks:
    """The links to this view from `base` (public_base): the app's, and the story's when `story_url` is set."""
    audience = story_link(story_url, base, route_id, step, language) if story_url else None
    return ShareLinks(app=share_url(base, query), audience=audience)


QUIET_ZONE = 4  # modules of white around the symbol (ISO/IEC 18004)

# The presenter's QR code must scan from the back row. Two rules of thumb:
# - a QR code scans from about 10 times its width (the "10:1 rule" of QR code size guides);
# - a room's farthest seat is at most 6 times the projected image's height away (the 4-6-8 rule of AV
#   design: 4 heights for inspecting detail, 6 for reading, 8 for watching; reading a stage is the 6).
# So the symbol must be 6/10 of the image's height, whatever the screen's size: 648 of 1080 px.
# Worked example: a 2.5 m wide 16:9 screen is 1.41 m tall and serves seats up to 6 × 1.41 = 8.4 m away;
# 648 of its 1080 px are 0.84 m on the wall, which the 10:1 rule reads from 8.4 m. A 10 m deep room
# with that screen breaks the 6× rule; its back row would need a 1 m symbol, 768 px: use a bigger
# screen (or read the link aloud). The quiet zone comes on top: a 33-module code at 20 px is 820 px.
PROJECTOR_HEIGHT_PX = 1080
FARTHEST_SEAT_IMAGE_HEIGHTS = 6
SCAN_DISTANCE_PER_WIDTH = 10
PRESENTER_SYMBOL_PX = math.ceil(PROJECTOR_HEIGHT_PX * FARTHEST_SEAT_IMAGE_HEIGHTS / SCAN_DISTANCE_PER_WIDTH)


@dataclass(frozen=True, slots=True)
class QrCode:
    png: bytes
    width: int  # pixels; shown at exactly this size, so the page never rescales (blurs) the modules
    modules: int  # the symbol's modules across, without the quiet zone
    scale: int  # pixels per module

    @property
    def symbol_px(self) -> int:
        return self.modules * self.scale


def qr_symbol(link: str) -> segno.QRCode:
    """The QR code of a link, as every picture of it is made (screen, projector, paper): error
    correction M, which survives a projector's glare or a crease, and never a micro code."""
    return segno.make(link, error="m", micro=False)


@functools.lru_cache(maxsize=256)
def qr_png(url: str, target_px: int = 360) -> QrCode:
    """A QR code of the link as PNG, about target_px wide in whole pixels per module (big enough to project).

    segno needs no imaging library; error correction M survives a projector's glare.
    """
    code = qr_symbol(url)
    symbol = int(code.symbol_size(scale=1, border=0)[0])
    modules = symbol + 2 * QUIET_ZONE
    return _png(code, symbol, max(4, target_px // modules))


@functools.lru_cache(maxsize=256)
def presenter_qr(url: str) -> QrCode:
    """The QR code for the projector: the symbol at least PRESENTER_SYMBOL_PX wide, in whole pixels per module.

    The scale is even, so a projector less tall than 1080 px can show it at exactly half its size
    (components/ui/page.py) and still in whole pixels per module.
    """
    code = qr_symbol(url)
    symbol = int(code.symbol_size(scale=1, border=0)[0])
    scale = math.ceil(PRESENTER_SYMBOL_PX / symbol)
    return _png(code, symbol, scale + scale % 2)


def _png(code: segno.QRCode, symbol: int, scale: int) -> QrCode:
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=scale, border=QUIET_ZONE, dark="#111111")
    return QrCode(buffer.getvalue(), (symbol + 2 * QUIET_ZONE) * scale, symbol, scale)
