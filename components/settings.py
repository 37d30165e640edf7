"""How the app was started: its data folder and whether it must stay offline (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from components.data import data_dir_from

OFFLINE_ENV = "ESCAPE_MAP_OFFLINE"


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    offline: bool  # no request to any other host: country outlines instead of map tiles


def settings_from(argv: Sequence[str], environ: Mapping[str, str]) -> Settings:
    """`streamlit run app.py -- [--data-dir PATH] [--offline]`, or $ESCAPE_MAP_DATA / $ESCAPE_MAP_OFFLINE=1."""
    offline = "--offline" in argv or environ.get(OFFLINE_ENV, "").strip().lower() in ("1", "true", "yes", "on")
    return Settings(data_dir=data_dir_from(argv, environ), offline=offline)
