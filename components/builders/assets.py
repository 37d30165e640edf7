"""Self-hosted map assets: Leaflet (XStatic package), the map's own JavaScript and the country outlines.

They are copied where Streamlit serves them (and into the static story's assets/).

No CDN: a blocked or slow CDN leaves streamlit-folium's iframe at height 0 (python-visualization/folium#1593),
and every CDN request tells a third party who is looking at this map.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet
import xstatic.pkg.leaflet_gesturehandling as xstatic_gestures

APP_DIR = Path(__file__).resolve().parents[2]
BASEMAP_SOURCE = APP_DIR / "data" / "countries.geojson"  # Natural Earth outlines, built by scripts/build_basemap.py
STATIC_DIR = APP_DIR / "static"  # served at <base>/app/static/ when server.enableStaticServing is on
LEAFLET_DIR = "leaflet"
LEAFLET_FILES = ("leaflet.js", "leaflet.css")
LEAFLET_VERSION = xstatic_leaflet.VERSION
# Leaflet.GestureHandling: on a phone one finger scrolls the page and two move the map.
GESTURES_DIR = f"leaflet-gesture-handling-{xstatic_gestures.VERSION}"
# The map's own browser code (and the shared stylesheet): components/web/.
WEB_SOURCE = Path(__file__).resolve().parents[1] / "web"
MAP_JS = "erm-map.js"  # the map: set-up, route layer, countries, highlight, stage key, leg tooltip
STORY_JS = "erm-story.js"  # the static story's controller
STYLESHEET = "erm.css"  # the stage card, legend and badges: app, standalone map and static story


def install_leaflet(static_dir: Path = STATIC_DIR) -> Path:
    """Copy Leaflet (and its gesture plugin) into static_dir/<name>-<version>/ unless already there."""
    _install(Path(xstatic_gestures.BASE_DIR), static_dir / GESTURES_DIR, ("leaflet-gesture-handling.min.js",))
    return _install(Path(xstatic_leaflet.BASE_DIR), static_dir / f"{LEAFLET_DIR}-{LEAFLET_VERSION}", LEAFLET_FILES)


def install_map_code(static_dir: Path = STATIC_DIR) -> Path:
    """Copy the map's JavaScript into static_dir/erm-<digest>/: a new name whenever the code changes."""
    return _install(WEB_SOURCE, static_dir / map_code_dir(), (MAP_JS, STORY_JS), only="*.js")


def map_code_dir(source: Path = WEB_SOURCE) -> str:
    """Named after the content, so a browser never runs an old copy of the code with a new map."""
    marks = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in source.glob("*.js")))
    return f"erm-{_code_digest(str(source), marks)}"


@functools.lru_cache(maxsize=8)
def _code_digest(source: str, marks: tuple[tuple[str, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _ in marks:
        digest.update(name.encode() + b"\0" + (Path(source) / name).read_bytes())
    return digest.hexdigest()[:12]


def read_map_code(name: str = MAP_JS) -> str:
    """One of the map's scripts as text, to inline it in a page that must load nothing."""
    code = (WEB_SOURCE / name).read_text(encoding="utf-8")
    assert "</script" not in code.lower()  # it goes inside a <script> element as it is
    return code


def _install(source: Path, target: Path, marker_files: tuple[str, ...], only: str | None = None) -> Path:
    static_dir = target.parent
    if all((target / name).is_file() for name in marker_files):
        return target
    static_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".assets-", dir=static_dir)) / "files"
    ignore = None if only is None else (lambda _dir, names: [n for n in names if not fnmatch.fnmatch(n, only)])
    shutil.copytree(source, staging, ignore=ignore)
    try:
        staging.rename(target)  # atomic: a request never sees half-copied files
    except OSError:
        if not target.is_dir():  # not a concurrent copy that won the race
            raise
    finally:
        shutil.rmtree(staging.parent, ignore_errors=True)
    return target


@dataclass(frozen=True, slots=True)
class MapAssets:
    """Where the browser finds Leaflet and the map's code: (name, url) lists, as folium's default_js / default_css.

    streamlit-folium loads the js list as <script src> elements, in order, before the map's script
    (header scripts it puts in with innerHTML, so they never run): the map's code must be in this list.
    """

    js: list[tuple[str, str]]
    css: list[tuple[str, str]]
    images: str
    countries: str  # the country outlines (GeoJSON), fetched by the map after it is drawn


def basemap_name(source: Path = BASEMAP_SOURCE) -> str:
    """A file name that changes with the content, so browsers may cache it for good."""
    return f"countries-{_digest(str(source), source.stat().st_mtime_ns)}.geojson"


@functools.lru_cache(maxsize=8)
def _digest(path: str, mtime_ns: int) -> str:
    del mtime_ns  # part of the cache key: a rebuilt file gets a new name
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def install_basemap(static_dir: Path = STATIC_DIR, source: Path = BASEMAP_SOURCE) -> Path:
    """Copy the country outlines under static_dir/basemap/ (atomically, once per content)."""
    return _write_once(static_dir / "basemap" / basemap_name(source), lambda partial: shutil.copyfile(source, partial))


def _write_once(target: Path, write: Callable[[Path], object]) -> Path:
    """`target`, written by `write` into a file beside it and then renamed (atomically), unless it is there."""
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{uuid.uuid4().hex}.tmp")
    write(partial)
    partial.replace(target)
    return target


def asset_links(base_url_path: str = "", source: Path = BASEMAP_SOURCE, around: Box | None = None) -> MapAssets:
    """The self-hosted asset URLs under the app's URL prefix (server.baseUrlPath).

    With `around`, the country outlines are those around that box (install_outlines_near writes them).
    """
    prefix = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""
    root = f"{prefix}/app/static/{LEAFLET_DIR}-{LEAFLET_VERSION}"
    gestures = f"{prefix}/app/static/{GESTURES_DIR}"
    code = f"{prefix}/app/static/{map_code_dir()}"
    return MapAssets(
        js=[
            ("leaflet", f"{root}/leaflet.js"),
            ("gestures", f"{gestures}/leaflet-gesture-handling.min.js"),
            ("erm_map", f"{code}/{MAP_JS}"),
        ],
        css=[("leaflet_css", f"{root}/leaflet.css"), ("gestures_css", f"{gestures}/leaflet-gesture-handling.min.css")],
        images=f"{root}/images/",
        countries=f"{prefix}/app/static/basemap/{outlines_name(source, around)}",
    )


# Degrees around the routes within which a map draws countries: every country a reader sees around a
# route at the map's usual zooms, not the whole world (each outline costs a phone's CPU).
OUTLINES_MARGIN_DEG = 25.0
Box = tuple[tuple[float, float], tuple[float, float]]  # ((south, west), (north, east))


def outlines_near(geojson: str, box: Box, margin: float = OUTLINES_MARGIN_DEG) -> str:
    """The country outlines around `box` (GeoJSON): the countries whose box meets it widened by `margin`
    degrees, with only what the map reads (each country's code and shape)."""
    (south, west), (north, east) = box
    data = json.loads(geojson)
    kept = []
    for feature in data.get("features", []):
        lats, lons = _coordinates(feature.get("geometry", {}).get("coordinates", []))
        if lats and (
            min(lats) > north + margin
            or max(lats) < south - margin
            or min(lons) > east + margin
            or max(lons) < west - margin
        ):
            continue
        kept.append({**feature, "properties": {"iso_a2": feature.get("properties", {}).get("iso_a2")}})
    data["features"] = kept
    return json.dumps(data, separators=(",", ":"))


def _coordinates(nested: object) -> tuple[list[float], list[float]]:
    """Every latitude and longitude of a GeoJSON geometry's (nested) coordinates."""
    lats: list[float] = []
    lons: list[float] = []
    stack = [nested]
    while stack:
        item = stack.pop()
        if isinstance(item, list) and len(item) >= 2 and all(isinstance(v, int | float) for v in item[:2]):
            lons.append(float(item[0]))
            lats.append(float(item[1]))
        elif isinstance(item, list):
            stack.extend(item)
    return lats, lons


def outlines_name(source: Path = BASEMAP_SOURCE, around: Box | None = None) -> str:
    """The outlines' file name: the whole world's, or those around a box (the shipped routes')."""
    if around is None:
        return basemap_name(source)
    box = hashlib.sha256(json.dumps(around).encode()).hexdigest()[:8]
    return f"countries-{_digest(str(source), source.stat().st_mtime_ns)}-near-{box}.geojson"


def install_outlines_near(around: Box, static_dir: Path = STATIC_DIR, source: Path = BASEMAP_SOURCE) -> Path:
    """Write the outlines around `around` under static_dir/basemap/ (atomically, once per content and box)."""
    return _write_once(
        static_dir / "basemap" / outlines_name(source, around),
        lambda partial: partial.write_text(outlines_near(source.read_text(encoding="utf-8"), around), encoding="utf-8"),
    )
