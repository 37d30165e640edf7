"""Everything the app lets people download: a data template, the current data, a standalone map (pure).

Any CSV written here is safe to open in a spreadsheet: a cell that starts with = + - @, a tab or a
carriage return is prefixed with an apostrophe, so it is shown as text and never run as a formula
(OWASP, "CSV Injection"). Plain numbers such as -79.4 are left as they are.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

from branca.element import Element, Figure

from components.builders.assets import BASEMAP_SOURCE, LEAFLET_VERSION, MapAssets, read_map_code
from components.builders.markup import escape
from components.builders.palette import legend_html, stylesheet
from components.builders.route_map import build_base_map, build_highlight
from components.domain.journey import CountryStance, Route
from components.schema import files as schema
from components.schema.data import PLACES_FILE, ROUTES_FILE, Problem, parse_table
from components.texts.en import Texts

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet will show as text: formulas get a leading apostrophe."""
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def write_csv(header: list[str], rows: list[Mapping[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([neutralise(name) for name in header])
    for row in rows:
        writer.writerow([neutralise(row.get(name, "")) for name in header])
    return buffer.getvalue().encode("utf-8")


def template_zip() -> bytes:
    """The two CSVs with their headers and one example row each, and the schema in a few lines."""
    places_row = schema.template_row(schema.PLACES)
    next_place = {
        **places_row,
        "place_id": "next_city",
        "name": "Next city",
        "country": "CN",
        "lat": "42.90",
        "lon": "129.50",
        "kind": "transit",
        "summary": "Where the first leg ends.",
    }
    routes_row = schema.template_row(schema.ROUTES)
    return _zip(
        {
            PLACES_FILE: write_csv(list(places_row), [places_row, next_place]),
            ROUTES_FILE: write_csv(list(routes_row), [routes_row]),
            "SCHEMA.txt": schema.schema_text().encode("utf-8"),
        }
    )


def data_zip(contents: Mapping[str, bytes]) -> bytes:
    """The current data files, re-written cell by cell so that every cell is spreadsheet-safe."""
    files: dict[str, bytes] = {}
    for name, raw in contents.items():
        if not name.endswith(".csv"):
            files[name] = raw
            continue
        problems: list[Problem] = []
        table = parse_table(name, raw, problems)
        if table is None:
            continue
        header = list(dict.fromkeys(column for _, cells in table.rows for column in cells))
        files[name] = write_csv(header, [cells for _, cells in table.rows])
    return _zip(files)


def _zip(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def standalone_map_html(
    route: Route,
    step: int,
    texts: Texts,
    stances: Mapping[str, CountryStance],
    *,
    offline: bool,
    leaflet_dir: Path,
    basemap: Path = BASEMAP_SOURCE,
) -> str:
    """The map of this route with this stage highlighted, as one HTML file that needs no server.

    Leaflet, the map's code, the stylesheet and the country outlines are inlined, so the file opens
    from a USB stick with no network (with `offline`, it has no tiles either).
    """
    outlines = "data:application/json;base64," + base64.b64encode(basemap.read_bytes()).decode("ascii")
    assets = MapAssets(js=[], css=[], images="", countries=outlines)
    fmap = build_base_map(route, texts, assets, stances=stances, offline=offline)
    fmap.height = (80.0, "vh")  # leave room for the title and legend under the map
    build_highlight(route, step).add_to(fmap)
    root = fmap.get_root()
    assert isinstance(root, Figure)
    leaflet_js = (leaflet_dir / "leaflet.js").read_text(encoding="utf-8")
    leaflet_css = (leaflet_dir / "leaflet.css").read_text(encoding="utf-8")
    # Leaflet, then the map's code (components/web/erm-map.js), before the map's script; our stylesheet.
    root.header.add_child(Element(f"<style>{stylesheet()}</style>"), name="erm_css_inline", index=0)
    root.header.add_child(Element(f"<style>{leaflet_css}</style>"), name="leaflet_css_inline", index=0)
    root.header.add_child(Element(f"<script>{read_map_code()}</script>"), name="erm_map_js_inline", index=0)
    root.header.add_child(Element(f"<script>{leaflet_js}</script>"), name="leaflet_js_inline", index=0)
    leg = route.leg(step)
    title = f"{route.text('name', texts.language)}: {texts('stage_of', step=step, count=len(route.legs))}"
    root.header.add_child(Element(f"<title>{escape(title)}</title>"))
    caption = (
        f'<div style="font:14px/1.4 system-ui,sans-serif;padding:8px 12px">'
        f"<strong>{escape(title)}: {escape(leg.text('stage', texts.language))}</strong>"
        f"{legend_html(texts)}<p>{escape(texts('safety_caption'))}</p><p>{escape(texts('attribution'))}</p>"
        f"<p>Leaflet {escape(LEAFLET_VERSION)} (BSD-2-Clause) · © OpenStreetMap contributors · Natural Earth</p></div>"
    )
    root.html.add_child(Element(caption))
    return str(root.render())
