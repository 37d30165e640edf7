"""ruff (lint, format, and the rule that keeps streamlit out of pure modules) and mypy, as tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


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
