"""How the app was started: its data folder and whether it must stay offline (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from components.schema.data import DEFAULT_DATA_DIR

DATA_DIR_ENV = "ESCAPE_MAP_DATA"
OFFLINE_ENV = "ESCAPE_MAP_OFFLINE"
PUBLIC_URL_ENV = "ESCAPE_MAP_PUBLIC_URL"


COUNTRIES_FILE = "countries.geojson"  # Natural Earth outlines: the offline basemap and the stance layer


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    offline: bool  # no request to any other host: country outlines instead of map tiles
    public_url: str | None = None  # the address share links and QR codes point to

    @property
    def basemap(self) -> Path:
        """The data folder's country outlines, or the shipped ones when it has none (they are geography)."""
        own = self.data_dir / COUNTRIES_FILE
        return own if own.is_file() else DEFAULT_DATA_DIR / COUNTRIES_FILE


def settings_from(argv: Sequence[str], environ: Mapping[str, str]) -> Settings:
    """`streamlit run app.py -- [--data-dir PATH] [--offline] [--public-url URL]`, or the environment.

    $ESCAPE_MAP_DATA, $ESCAPE_MAP_OFFLINE=1 and $ESCAPE_MAP_PUBLIC_URL do the same.
    """
    offline = "--offline" in argv or environ.get(OFFLINE_ENV, "").strip().lower() in ("1", "true", "yes", "on")
    public_url = environ.get(PUBLIC_URL_ENV) or None
    for i, arg in enumerate(argv):
        if arg == "--public-url" and i + 1 < len(argv):
            public_url = argv[i + 1]
        elif arg.startswith("--public-url="):
            public_url = arg.split("=", 1)[1]
    return Settings(data_dir=data_dir_from(argv, environ), offline=offline, public_url=public_url)


def data_dir_from(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """The data folder: `--data-dir PATH` on the command line, else $ESCAPE_MAP_DATA, else data/.

    The one place that reads it: the app (`settings_from`), `python -m components.check` and
    `python -m components.export_site` all call this.
    """
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--data-dir="):
            return Path(arg.split("=", 1)[1])
    if environ.get(DATA_DIR_ENV):
        return Path(environ[DATA_DIR_ENV])
    return DEFAULT_DATA_DIR
