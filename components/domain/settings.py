"""How the app was started: its data folder, whether it must stay offline, the addresses it shares (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from components.domain.urls import link_problem
from components.schema.data import DEFAULT_DATA_DIR

DATA_DIR_ENV = "ESCAPE_MAP_DATA"
OFFLINE_ENV = "ESCAPE_MAP_OFFLINE"
PUBLIC_URL_ENV = "ESCAPE_MAP_PUBLIC_URL"
STORY_URL_ENV = "ESCAPE_MAP_STORY_URL"


COUNTRIES_FILE = "countries.geojson"  # Natural Earth outlines: the offline basemap and the stance layer


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    offline: bool  # no request to any other host: country outlines instead of map tiles
    public_url: str | None = None  # the address share links and QR codes point to
    # Where the static story is served (deploy/ serves it at /story/): share links and QR codes then
    # give the audience its light page at this stage, beside the link to the full app.
    story_url: str | None = None

    @property
    def basemap(self) -> Path:
        """The data folder's country outlines, or the shipped ones when it has none (they are geography)."""
        own = self.data_dir / COUNTRIES_FILE
        return own if own.is_file() else DEFAULT_DATA_DIR / COUNTRIES_FILE


def settings_from(argv: Sequence[str], environ: Mapping[str, str]) -> Settings:
    """`streamlit run app.py -- [--data-dir PATH] [--offline] [--public-url URL] [--story-url URL]`, or the environment.

    $ESCAPE_MAP_DATA, $ESCAPE_MAP_OFFLINE=1, $ESCAPE_MAP_PUBLIC_URL and $ESCAPE_MAP_STORY_URL do the same
    (the command line wins). The story URL is a path on the app's public address (`/story/`) or an
    absolute http(s) address; anything else is ignored.
    """
    offline = "--offline" in argv or switched_on(environ.get(OFFLINE_ENV))
    story = _option(argv, "--story-url") or environ.get(STORY_URL_ENV)
    return Settings(
        data_dir=data_dir_from(argv, environ),
        offline=offline,
        public_url=_option(argv, "--public-url") or environ.get(PUBLIC_URL_ENV) or None,
        story_url=story_url_from(story),
    )


def switched_on(value: str | None) -> bool:
    """An environment switch: 1, true, yes or on (any case) turn it on."""
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _option(argv: Sequence[str], name: str) -> str | None:
    """The last value given to `name URL` or `name=URL` on the command line."""
    value = None
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith(f"{name}="):
            value = arg.split("=", 1)[1]
    return value


def story_url_from(value: str | None) -> str | None:
    """A story URL worth linking to: a path (`/story/`) or an http(s) address with a host; else None."""
    value = (value or "").strip()
    # The same rule as the static story's --app-url (domain/urls.py), without its relative paths.
    return value if value and link_problem(value) is None else None


def data_dir_from(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """The data folder: `--data-dir PATH` on the command line, else $ESCAPE_MAP_DATA, else data/.

    The one place that reads it: the app (`settings_from`), `python -m components.check` and
    `python -m components.export_site` all call this.
    """
    value = _option(argv, "--data-dir") or environ.get(DATA_DIR_ENV)
    return Path(value) if value else DEFAULT_DATA_DIR
