"""The map's colours, line styles and legend, and the stylesheet every page of ours shares (pure).

One owner for what the map, the legend and the risk badges look like: the app (components/ui/page.py),
the standalone map (components/export/standalone.py) and the static story (components/export/site.py) all take
them from here, and the map's JavaScript receives them as data (components/builders/route_map.py).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import quote

from components.builders.assets import STYLESHEET, WEB_SOURCE
from components.builders.markup import escape
from components.domain.journey import Mode, Stance
from components.texts.en import Texts

# ColorBrewer YlOrRd, 5 classes: sequential and colour-blind safe (colorbrewer2.org). Risk is never
# shown by colour alone: line thickness grows with it and every tooltip and card says it in words.
RISK_COLOURS: Mapping[int, str] = {
    1: "#fed976",
    2: "#feb24c",
    3: "#fd8d3c",
    4: "#e31a1c",
    5: "#800026",
}
CASING_COLOUR = "#1f2937"
HIGHLIGHT_COLOUR = "#2563eb"
MARKER_COLOUR = "#1f2937"

# SVG stroke-dasharray per travel mode; None is a solid line.
MODE_DASHES: Mapping[Mode, str | None] = {
    Mode.FOOT: "1 9",
    Mode.RIVER: "12 6 2 6",
    Mode.ROAD: None,
    Mode.RAIL: "16 6",
    Mode.MOTORBIKE: "6 6",
    Mode.BOAT: "2 6 10 6",
    Mode.AIR: "4 12",
}

# How each country treats people who fled: ColorBrewer PRGn (colour-blind safe) plus a neutral grey
# for the country of origin. The words are always next to the colour (tooltip, legend, stage card).
STANCE_COLOURS: Mapping[Stance, str] = {
    Stance.ORIGIN: "#4d4d4d",
    Stance.REPATRIATES: "#7b3294",
    Stance.HANDS_TO_CHINA: "#9970ab",  # PRGn, between "sends back" and "detains, then deports"
    Stance.DETAINS_THEN_DEPORTS: "#c2a5cf",
    Stance.LETS_TRAVEL_ON: "#a6dba0",
    Stance.DESTINATION: "#008837",
}
SEA_COLOUR = "#dbe9f4"
LAND_COLOUR = "#f4f1ea"


def risk_weight(level: int) -> int:
    """A leg's line width: thicker with its risk (the highlight adds to it)."""
    return 2 + level


def risk_badge_css() -> str:
    """CSS for the risk badges (`erm-risk-<level>`), in the map's risk colours, with readable text."""
    return "".join(
        f".erm-risk-{level} {{ background: {colour}; color: {'#fff' if level >= 4 else '#111'}; }}\n"
        for level, colour in RISK_COLOURS.items()
    )


def stylesheet(source: Path = WEB_SOURCE / STYLESHEET) -> str:
    """The shared stylesheet (components/web/erm.css) and the risk badges' colours, as CSS text."""
    return _read_css(str(source), source.stat().st_mtime_ns) + risk_badge_css()


@functools.lru_cache(maxsize=4)
def _read_css(path: str, mtime_ns: int) -> str:
    del mtime_ns  # part of the cache key: an edited file is read again
    return Path(path).read_text(encoding="utf-8")


def legend_html(texts: Texts) -> str:
    """The key to the map's colours and line styles, shown under the map (never on top of the route).

    Its words are the app's own, never the story's: the same for every stage of a language, so it is
    built once per language (the panel draws it again on every stage change).
    """
    return _legend_html(texts.language)


@functools.lru_cache(maxsize=8)
def _legend_html(language: str) -> str:
    texts = Texts(language)
    risk_rows = "".join(
        f"<li>{_swatch(_line(CASING_COLOUR, risk_weight(level) + 3, opacity=0.55) + _line(colour, risk_weight(level)))}"
        f" {level} {escape(texts(f'risk.{level}'))}</li>"
        for level, colour in RISK_COLOURS.items()
    )
    mode_rows = "".join(
        f"<li>{_swatch(_line('#333', 3, dash))} {escape(texts(f'mode.{mode}'))}</li>"
        for mode, dash in MODE_DASHES.items()
    )
    marker = (
        f'<circle cx="9" cy="6" r="5.5" fill="{MARKER_COLOUR}" stroke="#fff" stroke-width="1"/>'
        f'<circle cx="25" cy="6" r="5.5" fill="{MARKER_COLOUR}" stroke="#fff" stroke-width="1"/>'
    )
    selected = _line(HIGHLIGHT_COLOUR, 10, opacity=0.35)
    stance_rows = "".join(
        f"<li>{_swatch(_box(colour))} {escape(texts(f'stance.{stance}'))}</li>"
        for stance, colour in STANCE_COLOURS.items()
    )
    return (
        f'<div class="erm-legend" role="group" aria-label="{escape(texts("legend"))}">'
        f"<div><strong>{escape(texts('legend_risk'))}</strong><ul>{risk_rows}</ul></div>"
        f"<div><strong>{escape(texts('legend_mode'))}</strong><ul>{mode_rows}</ul></div>"
        f"<div><strong>{escape(texts('legend_map'))}</strong><ul><li>{_swatch(marker)} {escape(texts('legend_places'))}</li>"
        f"<li>{_swatch(selected)} {escape(texts('legend_selected'))}</li></ul></div>"
        f"<div><strong>{escape(texts('legend_stance'))}</strong><ul>{stance_rows}</ul></div></div>"
    )


def _line(colour: str, width: float, dash: str | None = None, opacity: float = 1) -> str:
    return (
        f'<line x1="2" y1="6" x2="32" y2="6" stroke="{colour}" stroke-width="{width}" '
        f'stroke-opacity="{opacity}"{_dash_attr(dash)}/>'
    )


def _box(colour: str) -> str:
    return f'<rect x="2" y="1" width="30" height="10" fill="{colour}" fill-opacity=".6" stroke="#8c8c8c"/>'


def _swatch(svg_body: str) -> str:
    """A small SVG picture as an <img>: st.html's sanitiser removes inline <svg>, but keeps data: images."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="34" height="12">{svg_body}</svg>'
    return f'<img class="erm-swatch" src="data:image/svg+xml,{quote(svg)}" width="34" height="12" alt="">'


def _dash_attr(dash: str | None) -> str:
    return f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else ""
