"""ruff (lint, format, and the rule that keeps streamlit out of pure modules), mypy and Biome (the map's
JavaScript in components/web/, lint and format; installed by `npm ci --prefix tests/browser`), as tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

BIOME = ROOT / "tests" / "browser" / "node_modules" / ".bin" / "biome"
WEB = ROOT / "components" / "web"


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_is_clean(command: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_pure_modules_cannot_import_streamlit(tmp_path: object) -> None:
    """The banned-api rule really fires on a pure module (and not on a UI module)."""
    probe = ROOT / "components" / "_probe_pure.py"
    probe.write_text('"""Probe."""\n\nimport streamlit as st\n\nst.write("x")\n')
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--select", "TID251", str(probe)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        probe.unlink()
    assert done.returncode == 1
    assert "TID251" in done.stdout


def biome(*paths: str) -> subprocess.CompletedProcess[str]:
    """`biome ci`: lint and format check, no writes, warnings fail too (config: biome.json)."""
    assert BIOME.is_file(), "run `npm ci --prefix tests/browser` (Biome lints the map's JavaScript)"
    command = [str(BIOME), "ci", "--error-on-warnings", "--colors=off", *paths]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_map_javascript_is_clean() -> None:
    done = biome("components/web")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Checked 2 files" in done.stdout + done.stderr  # erm-map.js and erm-story.js


def test_the_javascript_linter_really_fires() -> None:
    probe = WEB / "_probe.js"
    probe.write_text("total = count + 1;\n", encoding="utf-8")
    try:
        done = biome(str(probe.relative_to(ROOT)))
    finally:
        probe.unlink()
    assert done.returncode == 1
    assert "noUndeclaredVariables" in done.stdout + done.stderr
