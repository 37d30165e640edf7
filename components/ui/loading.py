"""Load the journey once per data change, cached at the edge (the data is public and read-only)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

from components.builders.assets import install_basemap, install_leaflet, install_map_code
from components.builders.charts import context_specs, durations_spec
from components.domain.journey import Journey, Route
from components.domain.settings import Settings, settings_from
from components.schema.context import CONTEXT_FILES, Context, read_context
from components.schema.data import JOURNEY_FILES, LoadResult, fingerprint, read_journey
from components.schema.story import STORY_FILE, Story, read_story
from components.texts.en import Texts


def current_settings() -> Settings:
    """From the command line after `--` (`streamlit run app.py -- --data-dir PATH --offline`) or the environment."""
    return settings_from(sys.argv[1:], os.environ)


@st.cache_data(show_spinner=False, max_entries=16)
def _read(data_dir: str, marks: tuple[tuple[str, int, int], ...]) -> LoadResult:
    del marks  # part of the cache key only: a changed file gives a new key
    return read_journey(Path(data_dir))


@st.cache_data(show_spinner=False, max_entries=16)
def _read_context(data_dir: str, marks: tuple[tuple[str, int, int], ...]) -> Context:
    del marks
    return read_context(Path(data_dir))


def load_context(settings: Settings, language: str) -> tuple[Context, list[dict[str, object] | None]]:
    """The context tables and their charts in `language`, both from one look at the files."""
    data_dir = settings.data_dir.resolve()
    marks = fingerprint(data_dir, CONTEXT_FILES)
    return _read_context(str(data_dir), marks), _context_charts(str(data_dir), marks, language)


@st.cache_data(show_spinner=False, max_entries=16)
def _context_charts(
    data_dir: str, marks: tuple[tuple[str, int, int], ...], language: str
) -> list[dict[str, object] | None]:
    context = _read_context(data_dir, marks)
    return context_specs(context.arrivals, context.women, context.fees, Texts(language))


def load_durations(route: Route, texts: Texts, data_key: str | None, journey: Journey) -> dict[str, object] | None:
    """The route's stage durations as a chart: built once per route and language for the shipped data
    (`data_key`), and afresh for a visitor's own, which no cache may keep after their session."""
    if data_key is None:
        return durations_spec(route, texts)
    return _shipped_durations(data_key, route.route_id, texts.language, journey)


@st.cache_data(show_spinner=False, max_entries=32)
def _shipped_durations(data_key: str, route_id: str, language: str, _journey: Journey) -> dict[str, object] | None:
    route = _journey.route(route_id)
    return None if route is None else durations_spec(route, Texts(language))


def load_journey(settings: Settings) -> tuple[LoadResult, str]:
    """The shipped journey, and the key that names it as it is now: both from one look at the files.

    The key names everything built from the shipped data and shared between visitors (the cached maps).
    """
    data_dir = settings.data_dir.resolve()
    marks = fingerprint(data_dir, JOURNEY_FILES)
    return _read(str(data_dir), marks), f"{data_dir}:{marks}"


@st.cache_resource(show_spinner=False)
def ensure_map_assets(basemap: Path) -> str:
    """Copy Leaflet, the map's code and the country outlines under static/ once per server process."""
    install_basemap(source=basemap)
    install_map_code()
    return str(install_leaflet())


def shipped_files(settings: Settings) -> dict[str, bytes]:
    """The data folder's own CSV files, for "download the current data"."""
    data_dir = settings.data_dir.resolve()
    names = (*JOURNEY_FILES, *CONTEXT_FILES, STORY_FILE)
    return _read_files(str(data_dir), fingerprint(data_dir, names))


@st.cache_data(show_spinner=False, max_entries=4)
def _read_files(folder: str, marks: tuple[tuple[str, int, int], ...]) -> dict[str, bytes]:
    data_dir = Path(folder)
    return {name: (data_dir / name).read_bytes() for name, _, size in marks if size >= 0}


def load_story(settings: Settings) -> Story:
    """The data folder's story.toml (title, tagline, content note…), read once per change of the file."""
    data_dir = settings.data_dir.resolve()
    return _read_story(str(data_dir), fingerprint(data_dir, (STORY_FILE,)))


@st.cache_data(show_spinner=False, max_entries=16)
def _read_story(data_dir: str, marks: tuple[tuple[str, int, int], ...]) -> Story:
    del marks
    return read_story(Path(data_dir))
