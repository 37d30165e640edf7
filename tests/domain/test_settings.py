"""components.domain.settings: the data folder and offline mode from the command line or the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.domain.settings import DATA_DIR_ENV, OFFLINE_ENV, Settings, data_dir_from, settings_from
from components.schema.data import DEFAULT_DATA_DIR


@pytest.mark.parametrize(
    ("argv", "env", "data_dir", "offline"),
    [
        ([], {}, DEFAULT_DATA_DIR, False),
        (["--offline"], {}, DEFAULT_DATA_DIR, True),
        (["--data-dir", "/d", "--offline"], {}, Path("/d"), True),
        ([], {OFFLINE_ENV: "1"}, DEFAULT_DATA_DIR, True),
        ([], {OFFLINE_ENV: "true"}, DEFAULT_DATA_DIR, True),
        ([], {OFFLINE_ENV: "0"}, DEFAULT_DATA_DIR, False),
        ([], {OFFLINE_ENV: ""}, DEFAULT_DATA_DIR, False),
    ],
)
def test_settings_from(argv: list[str], env: dict[str, str], data_dir: Path, offline: bool) -> None:
    settings = settings_from(argv, env)
    assert (settings.data_dir, settings.offline) == (data_dir, offline)


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], {}, DEFAULT_DATA_DIR),
        (["--data-dir", "/x"], {}, Path("/x")),
        (["--data-dir=/y"], {DATA_DIR_ENV: "/z"}, Path("/y")),
        ([], {DATA_DIR_ENV: "/z"}, Path("/z")),
        (["--data-dir"], {}, DEFAULT_DATA_DIR),
    ],
)
def test_data_dir_from(argv: list[str], env: dict[str, str], expected: Path) -> None:
    assert data_dir_from(argv, env) == expected


def test_the_offline_basemap_follows_the_data_folder(tmp_path: Path) -> None:
    assert Settings(tmp_path, offline=True).basemap == DEFAULT_DATA_DIR / "countries.geojson"  # none of its own
    (tmp_path / "countries.geojson").write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    assert Settings(tmp_path, offline=True).basemap == tmp_path / "countries.geojson"
