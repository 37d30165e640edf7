"""One route on A4 paper: a standalone HTML page with a print stylesheet (pure; every data text escaped).

The picture of the route is an SVG drawn from the places' coordinates (equirectangular, around the
route's box) over the country outlines of the data folder, clipped to that box; the QR code is segno's
SVG. Sources are numbered once and each stage points to its own, so every figure can be followed up.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from components.builders.compare import route_sources
from components.builders.markup import cost_text, escape, fact_value
from components.builders.palette import (
    CASING_COLOUR,
    LAND_COLOUR,
    MODE_DASHES,
    RISK_COLOURS,
    SEA_COLOUR,
    STANCE_COLOURS,
    risk_weight,
)
from components.builders.share import qr_symbol
from components.domain.journey import CountryStance, FactKind, Route
from components.texts.en import Texts, country_names

SVG_WIDTH = 1000.0  # the picture's own units; the page scales it to the paper
_URL = re.compile(r"https?://[^\s<>\"']+")

Box = tuple[float, float, float, float]  # west, south, east, north (degrees)


@functools.lru_cache(maxsize=4)
def _read_outlines(path: str, mtime_ns: int) -> tuple[dict[str, Any], ...]:
    del mtime_ns  # part of the cache key: a rebuilt file is read again
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return tuple(data.get("features", ()))


def read_outlines(path: Path) -> tuple[dict[str, Any], ...]:
    """The country outlines (GeoJSON features with `iso_a2`), or none when the file cannot be read."""
    try:
        return _read_outlines(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError):
        return ()


def handout_html(
    route: Route, texts: Texts, stances: Mapping[str, CountryStance], link: str, basemap: Path | None
) -> str:
    """The handout of `route` with the outlines of `basemap` (a countries.geojson), for the download button."""
    return build_handout(route, texts, stances, link, read_outlines(basemap) if basemap else ())


def route_box(route: Route) -> Box:
    """The route's places with a margin (at least a degree), so no place sits on the picture's edge."""
    (south, west), (north, east) = route.bounds
    pad_lat = max(1.0, (north - south) * 0.08)
    pad_lon = max(1.0, (east - west) * 0.08)
    return (west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat)


class _Projection:
    """Equirectangular around the box's middle latitude: fine at the scale of a region."""

    def __init__(self, box: Box):
        west, south, east, north = box
        self.west, self.north = west, north
        self.kx = math.cos(math.radians((south + north) / 2))
        self.scale = SVG_WIDTH / ((east - west) * self.kx)
        self.height = (north - south) * self.scale

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        return (round((lon - self.west) * self.kx * self.scale, 1), round((self.north - lat) * self.scale, 1))


def _rings(geometry: Mapping[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def _overlaps(ring: Sequence[Sequence[float]], box: Box) -> bool:
    lons = [point[0] for point in ring]
    lats = [point[1] for point in ring]
    west, south, east, north = box
    return min(lons) <= east and max(lons) >= west and min(lats) <= north and max(lats) >= south


def outlines_svg(
    features: Sequence[Mapping[str, Any]], box: Box, project: _Projection, fills: Mapping[str, str]
) -> str:
    """The countries in the box as paths (clipped by the picture's clipPath); a known stance tints its country."""
    paths = []
    for feature in features:
        code = str((feature.get("properties") or {}).get("iso_a2", ""))
        rings = [ring for ring in _rings(feature.get("geometry") or {}) if len(ring) > 2 and _overlaps(ring, box)]
        if not rings:
            continue
        d = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (project(lat, lon) for lon, lat, *_ in ring)) + "Z" for ring in rings
        )
        fill = fills.get(code, LAND_COLOUR)
        paths.append(f'<path d="{d}" fill="{fill}" stroke="#8c8c8c" stroke-width="1"/>')
    return "".join(paths)


def route_svg(
    route: Route, texts: Texts, stances: Mapping[str, CountryStance], features: Sequence[Mapping[str, Any]]
) -> str:
    """The route as an inline SVG: countries, legs coloured by risk (line style by mode), numbered places."""
    box = route_box(route)
    project = _Projection(box)
    width, height = SVG_WIDTH, round(project.height, 1)
    stroke = SVG_WIDTH / 400  # line widths in the picture's units: about 0.4 mm each on paper
    fills = {code: _tint(STANCE_COLOURS[s.stance]) for code, s in stances.items()}
    legs = []
    for leg in route.legs:
        (x1, y1), (x2, y2) = project(leg.origin.lat, leg.origin.lon), project(leg.destination.lat, leg.destination.lon)
        weight = risk_weight(int(leg.risk_level)) * stroke
        dash = MODE_DASHES[leg.mode]
        dash_attr = f' stroke-dasharray="{" ".join(str(float(n) * stroke) for n in dash.split())}"' if dash else ""
        legs.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{CASING_COLOUR}" stroke-opacity=".55" '
            f'stroke-width="{weight + 3 * stroke}" stroke-linecap="round"/>'
            f'<line class="leg leg-{leg.step}" x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" '
            f'stroke="{RISK_COLOURS[int(leg.risk_level)]}" stroke-width="{weight}"{dash_attr}/>'
        )
    radius = 4.5 * stroke
    places = "".join(
        f'<g class="place"><circle cx="{x}" cy="{y}" r="{radius}" fill="{CASING_COLOUR}" stroke="#fff" '
        f'stroke-width="{stroke}"/><text x="{x}" y="{y}" dy=".35em" text-anchor="middle" fill="#fff" '
        f'font-size="{radius * 1.25:.1f}" font-weight="700">{number}</text></g>'
        for number, (x, y) in enumerate((project(p.lat, p.lon) for p in route.places), start=1)
    )
    label = escape(texts("handout_map_caption"))
    return (
        f'<svg class="route-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{label}" preserveAspectRatio="xMidYMid meet">'
        f'<defs><clipPath id="erm-box"><rect width="{width}" height="{height}"/></clipPath></defs>'
        f'<rect width="{width}" height="{height}" fill="{SEA_COLOUR}"/>'
        f'<g clip-path="url(#erm-box)">{outlines_svg(features, box, project, fills)}{"".join(legs)}{places}</g>'
        f'<rect width="{width}" height="{height}" fill="none" stroke="#555" stroke-width="{stroke}"/></svg>'
    )


def _tint(colour: str, amount: float = 0.6) -> str:
    """The colour mixed with white: a country's stance under the route, light enough to print lines on."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def qr_svg_uri(link: str) -> str:
    return str(qr_symbol(link).svg_data_uri(scale=4, border=2, dark="#111111"))


def source_html(source: str) -> str:
    """A source in full, as paper needs it (the URL printed, and linked on screen); every part escaped."""
    match = _URL.search(source)
    if not match:
        return escape(source)
    url = match.group(0).rstrip(".,;)")
    end = match.start() + len(url)
    return f'{escape(source[: match.start()])}<a href="{escape(url)}">{escape(url)}</a>{escape(source[end:])}'


def build_handout(
    route: Route,
    texts: Texts,
    stances: Mapping[str, CountryStance],
    link: str,
    features: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The whole page: title, the route in figures, its picture, the QR code, every stage, every source."""
    lang = texts.language
    names = country_names(lang)
    sources = route_sources(route, stances)
    number = {source: i for i, source in enumerate(sources, start=1)}

    def refs(items: Sequence[str]) -> str:
        return ", ".join(f"[{number[s]}]" for s in dict.fromkeys(items))

    name = route.text("name", lang)
    crossed = [stances[c] for c in route.countries if c in stances]
    figures = [
        (texts("summary_distance"), texts("summary_distance_value", km=texts.number(route.total_km))),
        (texts("summary_legs"), texts.number(len(route.legs))),
        (texts("summary_countries"), " → ".join(names.get(c, c) for c in route.countries)),
    ]
    for kind, label in ((FactKind.DURATION_DAYS, "summary_duration"), (FactKind.COST_USD, "summary_cost_route")):
        for fact in route.facts_of(kind):
            note = fact.text("note", lang)
            figures.append(
                (texts(label), f"{fact_value(fact, texts)}{': ' + note if note else ''} {refs(fact.sources)}")
            )
    figures_html = "".join(f"<dt>{escape(term)}</dt><dd>{escape(value)}</dd>" for term, value in figures)
    countries_html = "".join(
        f"<li><strong>{escape(names.get(s.country, s.country))}</strong>: {escape(texts(f'stance.{s.stance}'))} "
        f"{escape(refs(s.sources))}</li>"
        for s in crossed
    )
    place_names = "".join(f"<li>{escape(p.text('name', lang))}</li>" for p in route.places)
    risk_key = "".join(
        f'<li><span class="swatch" style="background:{RISK_COLOURS[level]}"></span>'
        f"{escape(texts('risk_value', word=texts(f'risk.{level}'), level=level))}</li>"
        for level in sorted({int(leg.risk_level) for leg in route.legs}, reverse=True)
    )
    stages = "".join(_stage_html(route, step, texts, refs) for step in route.steps)
    bibliography = "".join(f'<li id="source-{number[s]}">{source_html(s)}</li>' for s in sources)
    title = f"{texts('title')}: {name}"
    return f"""<!doctype html>
<html lang="{escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<p class="screen-only hint">{escape(texts("handout_screen_hint"))}
<button type="button" onclick="window.print()">{escape(texts("handout_print"))}</button></p>
<header>
<div><p class="kicker">{escape(texts("title"))}</p>
<h1>{escape(name)}</h1>
<p class="content-note" role="note">{escape(texts("content_note"))}</p></div>
<figure class="qr"><img src="{escape(qr_svg_uri(link))}" alt="{escape(texts("handout_qr"))}" width="100" height="100">
<figcaption>{escape(texts("handout_qr"))}<br><a href="{escape(link)}">{escape(link)}</a></figcaption></figure>
</header>
<section class="top">
<figure class="picture">{route_svg(route, texts, stances, features)}
<figcaption>{escape(texts("handout_map_caption"))}<ol class="place-names">{place_names}</ol>
<ul class="risk-key">{risk_key}</ul></figcaption></figure>
<aside class="side">
<h2>{escape(texts("summary_heading"))}</h2>
<dl class="figures">{figures_html}</dl>
{f'<h3>{escape(texts("countries_heading"))}</h3><ul class="countries">{countries_html}</ul>' if crossed else ""}
</aside>
</section>
<section class="stages">
<h2>{escape(texts("handout_stages"))}</h2>
<ol class="stage-list">{stages}</ol>
</section>
<section class="sources">
<h2>{escape(texts("handout_sources"))}</h2>
<p>{escape(texts("handout_sources_intro"))}</p>
<ol class="source-list">{bibliography}</ol>
</section>
</body>
</html>
"""


def _stage_html(route: Route, step: int, texts: Texts, refs: Any) -> str:
    lang = texts.language
    leg = route.leg(step)
    level = int(leg.risk_level)
    ends = texts(
        "from_to",
        origin=f"{step}. {leg.origin.text('name', lang)}",
        destination=f"{step + 1}. {leg.destination.text('name', lang)}",
    )
    facts = [
        texts(f"mode.{leg.mode}"),
        texts("distance_value", km=texts.number(leg.distance_km)),
    ]
    extra = []
    if leg.duration_days is not None or leg.text("duration_note", lang):
        days = texts("duration_days", days=texts.number(leg.duration_days, 1)) if leg.duration_days is not None else ""
        extra.append((texts("duration"), leg.text("duration_note", lang) or days))
    if leg.cost is not None:
        extra.append((texts("cost"), cost_text(leg.cost, leg.text("cost_note", lang), texts)))
    if note := leg.text("note", lang):
        extra.append((texts("sources_differ"), note))
    extra_html = "".join(f"<p><strong>{escape(term)}:</strong> {escape(value)}</p>" for term, value in extra)
    risk = texts("risk_value", word=texts(f"risk.{level}"), level=level)
    return (
        f'<li class="stage" id="stage-{step}"><h3><span class="step">{escape(texts("stage_of", step=step, count=len(route.legs)))}'
        f"</span> {escape(leg.text('stage', lang))}</h3>"
        f'<p class="meta">{escape(ends)} · {escape(" · ".join(facts))} · {escape(texts("risk"))}: '
        f'<span class="risk risk-{level}">{escape(risk)}</span></p>'
        f"<p>{escape(leg.text('risks', lang))}</p>{extra_html}"
        f'<p class="refs">{escape(texts("handout_stage_sources", refs=refs(leg.sources)))}</p></li>'
    )


_CSS = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
html { font: 10pt/1.4 system-ui, "Noto Sans", "Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo", sans-serif;
       color: #111; }
body { margin: 0 auto; padding: 12mm; max-width: 210mm; }
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 2mm; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 0 0 1mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 1.5mm; }
a { color: #0b4f8a; overflow-wrap: anywhere; word-break: break-word; }
.kicker { margin: 0; font-size: 9pt; text-transform: uppercase; letter-spacing: .05em; color: #444; }
.content-note { border-left: 3px solid #888; padding-left: 2mm; color: #333; }
.top { display: grid; grid-template-columns: minmax(0, 1fr) 62mm; gap: 5mm; align-items: start;
       break-inside: avoid; page-break-inside: avoid; }
.top h2 { margin-top: 0; }
figure { margin: 0; }
.picture svg { display: block; width: 100%; height: auto; max-height: 125mm; }
.picture figcaption { font-size: 8.5pt; color: #333; margin-top: 1.5mm; }
.place-names { margin: 1mm 0; padding-left: 5mm; columns: 2; column-gap: 5mm; }
.risk-key { list-style: none; padding: 0; margin: 1mm 0 0; display: flex; flex-wrap: wrap; gap: 1mm 4mm; }
.swatch { display: inline-block; width: 8mm; height: 2.2mm; margin-right: 1.5mm; vertical-align: middle;
          border: .2mm solid #555; }
.figures dt { font-weight: 600; font-size: 8.5pt; text-transform: uppercase; letter-spacing: .03em; color: #444; }
.figures dd { margin: 0 0 1.5mm; font-size: 9pt; }
.countries { padding-left: 4mm; margin: 0 0 2mm; font-size: 9pt; }
header { display: grid; grid-template-columns: minmax(0, 1fr) 48mm; gap: 5mm; align-items: start; margin-bottom: 3mm; }
.qr { display: grid; grid-template-columns: 26mm minmax(0, 1fr); gap: 2mm; align-items: center; }
.qr img { display: block; width: 26mm; height: 26mm; }
.qr figcaption { font-size: 7.5pt; }
.stage-list { list-style: none; padding: 0; margin: 0; }
.stage { break-inside: avoid; page-break-inside: avoid; border-top: .3mm solid #bbb; padding: 2mm 0 1.5mm; }
.step { font-weight: 600; color: #444; margin-right: 1mm; }
.meta { font-size: 9pt; color: #333; }
.risk { font-weight: 700; padding: 0 1.2mm; border-radius: 1mm; }
.refs { font-size: 8.5pt; color: #444; }
.source-list { font-size: 8pt; padding-left: 7mm; columns: 2; column-gap: 6mm; }
.source-list li { break-inside: avoid; page-break-inside: avoid; margin-bottom: .8mm; }
.hint { background: #fff8d6; border: 1px solid #e0c94f; padding: 2mm 3mm; }
.hint button { font: inherit; margin-left: 2mm; }
@media (max-width: 640px) { .top, header { grid-template-columns: minmax(0, 1fr); } body { padding: 4mm; } }
@media print {
  body { padding: 0; max-width: none; }
  .screen-only { display: none; }
  a { color: inherit; text-decoration: none; }
}
""" + "".join(
    f".risk-{level} {{ background: {colour}; color: {'#fff' if level >= 4 else '#111'}; }}\n"
    for level, colour in RISK_COLOURS.items()
)
