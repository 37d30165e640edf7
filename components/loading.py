"""Load the journey once per data change, cached at the edge (the data is public and read-only)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

from components.assets import install_leaflet
from components.data import LoadResult, data_dir_from, fingerprint, read_journey


@st.cache_data(show_spinner=False, max_entries=16)
def _read(data_dir: str, marks: tuple[tuple[str, int, int], ...]) -> LoadResult:
    del marks  # part of the cache key only: a changed file gives a new key
    return read_journey(Path(data_dir))


def load_journey() -> LoadResult:
    """The journey from `--data-dir PATH` (after `--` on the streamlit command line), $ESCAPE_MAP_DATA or data/."""
    data_dir = data_dir_from(sys.argv[1:], os.environ).resolve()
    return _read(str(data_dir), fingerprint(data_dir))


@st.cache_resource(show_spinner=False)
def ensure_map_assets() -> str:
    """Copy Leaflet under static/ once per server process."""
    return str(install_leaflet())
