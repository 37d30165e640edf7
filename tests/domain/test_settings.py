"""components.domain.settings: the data folder and offline mode from the command line or the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.domain.settings import (
    DATA_DIR_ENV,
    OFFLINE_ENV,
    PUBLIC_URL_ENV,
    STORY_URL_ENV,
    Settings,
    data_dir_from,
    settings_from,
)
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
        ([], {OFFLINE_ENV: " ON "}, DEFAULT_DATA_DIR, True),
        (["--data-dir=/e"], {DATA_DIR_ENV: "/env"}, Path("/e"), False),  # the command line wins
        ([], {DATA_DIR_ENV: "/env"}, Path("/env"), False),
        (["--data-dir", "/a", "--data-dir", "/b"], {}, Path("/b"), False),  # the last one, as for every option
    ],
)
def test_settings_from(argv: list[str], env: dict[str, str], data_dir: Path, offline: bool) -> None:
    settings = settings_from(argv, env)
    assert (settings.data_dir, settings.offline) == (data_dir, offline)


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], {}, None),
        (["--story-url", "/story/"], {}, "/story/"),
        (["--story-url=/story/"], {}, "/story/"),
        ([], {STORY_URL_ENV: "/story/"}, "/story/"),
        ([], {STORY_URL_ENV: " https://cdn.example.org/escape/ "}, "https://cdn.example.org/escape/"),
        (["--story-url", "http://10.0.0.5:8080/story"], {STORY_URL_ENV: "/other/"}, "http://10.0.0.5:8080/story"),
        (["--story-url"], {}, None),  # the flag without its value
        (["--story-url="], {}, None),
        ([], {STORY_URL_ENV: ""}, None),
        ([], {STORY_URL_ENV: "story/"}, None),  # relative to what? not a path from the site's root
        ([], {STORY_URL_ENV: "//evil.example/"}, None),  # another host dressed as a path
        ([], {STORY_URL_ENV: "javascript:alert(1)"}, None),
        ([], {STORY_URL_ENV: "file:///srv/story/"}, None),
        ([], {STORY_URL_ENV: "https://"}, None),  # no host
        ([], {STORY_URL_ENV: "/my story/"}, None),  # a space cannot be in a link people scan
        ([], {STORY_URL_ENV: "/\\evil.example/"}, None),  # browsers read the backslash as a slash: another host
        ([], {STORY_URL_ENV: "http://:8080/story/"}, None),  # a port and no host
    ],
)
def test_story_url(argv: list[str], env: dict[str, str], expected: str | None) -> None:
    assert settings_from(argv, env).story_url == expected


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], {}, None),
        (["--public-url", "https://a.org/"], {PUBLIC_URL_ENV: "https://b.org/"}, "https://a.org/"),
        (["--public-url=https://a.org/"], {}, "https://a.org/"),
        ([], {PUBLIC_URL_ENV: "https://b.org/"}, "https://b.org/"),
    ],
)
def test_public_url(argv: list[str], env: dict[str, str], expected: str | None) -> None:
    assert settings_from(argv, env).public_url == expected


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
