"""components.export.standalone: template, data download (spreadsheet-safe) and the standalone map."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from components.builders.assets import install_leaflet, read_map_code
from components.builders.palette import stylesheet
from components.export.standalone import data_zip, neutralise, standalone_map_html, template_zip, write_csv
from components.schema import files as schema
from components.schema.data import build_journey, read_journey
from components.texts.en import Texts
from tests.conftest import SHIPPED_DATA


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-79.4", "-79.4"),
        ("-5", "-5"),
        ("Yanji", "Yanji"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_template_is_valid_data_with_a_schema() -> None:
    files = unzip(template_zip())
    assert set(files) == {"places.csv", "routes.csv", "SCHEMA.txt"}
    result = build_journey(files["places.csv"], files["routes.csv"])
    assert result.ok, [str(p) for p in result.problems]
    assert len(files["routes.csv"].decode().strip().splitlines()) == 2  # header and one example row
    text = files["SCHEMA.txt"].decode()
    for csv_file in schema.FILES:  # the schema text is written from the one declaration
        assert csv_file.name in text
        for column in csv_file.columns:
            assert f"  {column.name} " in text


def test_current_data_download_round_trips() -> None:
    names = ("places.csv", "routes.csv", "countries.csv", "route_facts.csv")
    files = unzip(data_zip({name: (SHIPPED_DATA / name).read_bytes() for name in names}))
    again = build_journey(
        files["places.csv"], files["routes.csv"], files["countries.csv"], route_facts_csv=files["route_facts.csv"]
    )
    original = read_journey(SHIPPED_DATA)
    assert again.ok, [str(p) for p in again.problems]
    assert again.journey == original.journey


def test_every_written_cell_is_spreadsheet_safe() -> None:
    hostile = {"a": "=cmd|' /C calc'!A0", "b": "+SUM(1)", "c": "@x", "d": "-1", "e": "\tTAB"}
    text = write_csv(list(hostile), [hostile]).decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert all(not value.startswith(("=", "+", "@", "\t")) for value in row.values())
    assert row["d"] == "-1"


def test_standalone_map_needs_no_server_and_escapes_data(tmp_path: object) -> None:
    from pathlib import Path

    leaflet = install_leaflet(Path(str(tmp_path)))
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    route = journey.routes[0]
    html = standalone_map_html(route, 3, Texts(), journey.stances, offline=True, leaflet_dir=leaflet)
    assert not re.search(r"<(script|link)[^>]+(src|href)=", html)  # nothing fetched: all inline
    assert "L.map(" in html
    assert "a JS library for interactive maps" in html  # the library itself is inline
    assert "data:application/json;base64," in html  # and the country outlines
    assert "tile.openstreetmap.org" not in html  # offline: no tiles
    assert re.search(r"erm\.highlight\(map_\w+, feature_group_\w+, 3\);", html)  # the selected stage
    assert read_map_code() in html  # by the map's own code, inline after Leaflet
    assert html.index("a JS library for interactive maps") < html.index(read_map_code()) < html.index("L.map(")
    assert stylesheet() in html  # the stage card's and legend's styles, as in the app
    assert route.leg(3).stage in html
