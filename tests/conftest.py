"""Shared fixtures: a small valid data set as CSV text, and the project's paths."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from components.domain.journey import Journey, Route
from components.schema.data import build_journey, read_journey

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA = ROOT / "data"

PLACES_HEADER = "place_id,name,country,lat,lon,kind,summary,source"
PLACES = [
    "north,Northtown,KP,42.44,129.75,origin,Where it starts.,Atlas 2020 https://example.org/north",
    "middle,Midcity,CN,42.89,129.5,hiding,A place to hide.,Atlas 2020 https://example.org/atlas",
    "south,Southport,TH,13.75,100.5,destination,Where it ends.,Atlas 2020 https://example.org/atlas",
]
ROUTES_HEADER = "route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,source"
ROUTES = [
    "main,Main route,1,north,middle,river,Across,5,Shot or drowned.,Report 2021 https://example.org/r",
    "main,Main route,2,middle,south,road,By bus,3,Checks on the road.,Report 2021 https://example.org/report",
]


def csv_text(header: str, rows: list[str]) -> str:
    return "\n".join([header, *rows]) + "\n"


def mini_places() -> str:
    return csv_text(PLACES_HEADER, PLACES)


def mini_routes() -> str:
    return csv_text(ROUTES_HEADER, ROUTES)


def hostile_journey(payload: str) -> Journey:
    """The small data set with `payload` as a place's name and summary and in a stage's title."""
    places = csv_text(
        PLACES_HEADER,
        [
            f"north,{payload},KP,42.44,129.75,origin,{payload},src https://e.org/s",
            "middle,Midcity,CN,42.89,129.5,hiding,s,src https://e.org/s",
            "south,Southport,TH,13.75,100.5,destination,s,src https://e.org/s",
        ],
    )
    journey = build_journey(places.encode(), mini_routes().replace("Across", payload).encode()).journey
    assert journey is not None
    return journey


@pytest.fixture
def mini_dir(tmp_path: Path) -> Path:
    """A folder with the small valid data set."""
    (tmp_path / "places.csv").write_text(mini_places(), encoding="utf-8")
    (tmp_path / "routes.csv").write_text(mini_routes(), encoding="utf-8")
    return tmp_path


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(SHIPPED_DATA, target)
    return target


@pytest.fixture(scope="module")
def southern() -> Route:
    """The Defector's route, from the shipped data."""
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    route = journey.route("southern")
    assert route is not None
    return route


def qr_modules(png: bytes) -> tuple[int, int]:
    """(pixels per module, modules across the symbol) read from a QR code's picture, not from its maker.

    The top-left finder pattern is 7 modules wide and starts at the first dark pixel of the diagonal;
    the quiet zone before it is as wide as the one after the symbol.
    """
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    assert width == height, image.size
    pixels = image.tobytes()

    def dark(x: int, y: int) -> bool:
        return pixels[y * width + x] < 128

    corner = next(i for i in range(width) if dark(i, i))
    run = next((x for x in range(corner, width) if not dark(x, corner)), width) - corner
    assert run % 7 == 0, run
    scale = run // 7
    assert corner % scale == 0, (corner, scale)
    assert width % scale == 0, (width, scale)
    return scale, (width - 2 * corner) // scale
