"""components.schema.check: the command line, run as a user would run it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "components.schema.check", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_shipped_data_passes_with_a_one_line_summary() -> None:
    done = check()
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("\n") == 1
    assert done.stdout.startswith("OK: ")
    assert "4 routes" in done.stdout


def test_bad_data_prints_one_located_line_per_problem_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "places.csv").write_text(
        "place_id,name,country,lat,lon,kind,summary,source\na,A,KP,91.5,129.754,origin,s,src\n",
        encoding="utf-8",
    )
    (tmp_path / "routes.csv").write_bytes(b"\xff\xfe garbage")
    done = check(str(tmp_path))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "places.csv:2:lat: 91.5 is not a latitude (\u221290 to 90)",
        "places.csv:2:lon: 129.754 has 3 decimals; use at most 2 (city or province level, so no exact location "
        "is published)",
        "places.csv:2:source: the source 'src' has no URL: give a URL, or cite a book as “Author, Title (Year)” "
        "(optionally “, ISBN …”) or a film as “Director, Title, film, Year”",
        "routes.csv: the file is not UTF-8 text (byte 0xff at position 0); save it as CSV UTF-8",
    ]
    assert "Traceback" not in done.stderr


def test_missing_folder_and_option_form(tmp_path: Path) -> None:
    done = check("--data-dir", str(tmp_path / "none"))
    assert done.returncode == 1
    assert done.stdout.strip() == f"{tmp_path / 'none'}: this data folder does not exist"
    assert "Traceback" not in done.stderr


def test_environment_variable_points_the_checker_elsewhere(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "ESCAPE_MAP_DATA": str(tmp_path)}
    done = check(env=env)
    assert done.returncode == 1
    assert "places.csv: the file is missing" in done.stdout


def test_optional_files_are_checked_too(mini_dir: Path) -> None:
    """route_facts.csv and story.toml are validated by the same command, in English, located."""
    (mini_dir / "route_facts.csv").write_text(
        "route_id,kind,value,source\nnowhere,duration_days,10,Report 2021 https://example.org/r\n", encoding="utf-8"
    )
    (mini_dir / "story.toml").write_text('title = "A story"\ncolour = "red"\n', encoding="utf-8")
    done = check(str(mini_dir))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "routes.csv:2:route_id: unknown route 'nowhere': it is not a route_id in routes.csv".replace(
            "routes.csv:2", "route_facts.csv:2"
        ),
        "story.toml:colour: 'colour' is not a story key; use title, page_title, tagline, content_note, about, "
        "attribution, each optionally with _<language> (title_ko)",
    ]


def test_a_flood_of_problems_prints_a_hundred_lines_and_counts_them_all(mini_dir: Path) -> None:
    rows = "".join(f"p{i},P,XX,1,1,origin,s,src https://example.org/s\n" for i in range(300))
    (mini_dir / "places.csv").write_text("place_id,name,country,lat,lon,kind,summary,source\n" + rows, encoding="utf-8")
    done = check(str(mini_dir))
    lines = done.stdout.splitlines()
    assert (done.returncode, len(lines)) == (1, 101)
    assert lines[-1] == "places.csv, routes.csv: … and 204 more problems"  # 300 countries, 4 unknown places
    assert done.stderr.startswith("304 problems in ")
