"""Loading the shipped data: one look at the files per run gives both the journey and its key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from components.domain.settings import Settings
from components.schema import data
from components.ui import loading
from tests.conftest import SHIPPED_DATA


def test_journey_and_key_come_from_one_fingerprint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in data.JOURNEY_FILES:
        shutil.copy(SHIPPED_DATA / name, tmp_path / name)
    calls: list[tuple[str, ...]] = []

    def counted(data_dir: Path, names: tuple[str, ...]) -> tuple[tuple[str, int, int], ...]:
        calls.append(tuple(names))
        return data.fingerprint(data_dir, names)

    monkeypatch.setattr(loading, "fingerprint", counted)
    settings = Settings(data_dir=tmp_path, offline=True)
    loaded, key = loading.load_journey(settings)
    assert loaded.ok
    assert calls == [data.JOURNEY_FILES]
    with (tmp_path / data.ROUTE_FACTS_FILE).open("a", encoding="utf-8") as facts:
        facts.write("\n")  # any journey file names the data anew, route_facts.csv too
    assert loading.load_journey(settings)[1] != key
