"""A data folder with every attack of IN_EVERY_TEXT in every text cell of every file, and in story.toml."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from components.schema import files as schema
from components.schema.story import STORY_FILE, STORY_KEYS
from components.texts.en import LANGUAGES
from tests.conftest import SHIPPED_DATA
from tests.security.attacks import IN_EVERY_TEXT

# The cell kinds that hold free text, and so may carry an attack; every other kind is refused unless
# it is a number, a choice, an id or a code, which the checker reads into typed values.
TEXT_KINDS = frozenset({"text", "sources"})
TYPED_KINDS = frozenset({"id", "country", "choice", "whole", "number", "coordinate"})
# Text columns that name a row of another file: a hostile value there is refused as an unknown place.
REFERENCES = frozenset({("routes.csv", "from_place"), ("routes.csv", "to_place")})
HOSTILE_TEXT = " | ".join(attack.text for attack in IN_EVERY_TEXT)
_SOURCE_URL = "https://example.org/report"


def hostile_cell(kind: str) -> str:
    """The attacks; in a source, without their own address, so the source links to its publisher's."""
    return f"{HOSTILE_TEXT.replace('https://', '')}, {_SOURCE_URL}" if kind == "sources" else HOSTILE_TEXT


def text_columns(csv_file: schema.CsvFile) -> list[tuple[str, str]]:
    """(column, kind) of every column that takes free text, with a column for each other language."""
    columns: list[tuple[str, str]] = []
    for column in csv_file.columns:
        if column.cell.kind not in TEXT_KINDS or (csv_file.name, column.name) in REFERENCES:
            continue
        columns.append((column.name, column.cell.kind))
        if column.translatable:
            columns.extend(
                (f"{column.name}_{language}", column.cell.kind) for language in LANGUAGES if language != "en"
            )
    return columns


def write_hostile_data(target: Path) -> Path:
    """The shipped data folder, copied, with the attacks in every text cell of every file."""
    shutil.copytree(SHIPPED_DATA, target)
    for csv_file in schema.FILES:
        path = target / csv_file.name
        if not path.exists():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            fields = list(reader.fieldnames or [])
            rows = list(reader)
        for column, kind in text_columns(csv_file):
            if column not in fields:
                fields.append(column)
            for row in rows:
                row[column] = hostile_cell(kind)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    keys = [*STORY_KEYS, *(f"{key}_{language}" for key in STORY_KEYS for language in LANGUAGES if language != "en")]
    (target / STORY_FILE).write_text("".join(f"{key} = {json.dumps(HOSTILE_TEXT)}\n" for key in keys), encoding="utf-8")
    return target
