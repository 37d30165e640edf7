"""components.schema.files: the one declaration of the data files, and what is written from it."""

from __future__ import annotations

import typing

import pytest

from components.export.standalone import template_zip
from components.schema import data
from components.schema import files as schema
from components.schema.data import REQUIRED_COLUMNS, build_journey
from tests.conftest import ROOT
from tests.export.test_standalone import unzip


def test_readme_tables_are_the_schema() -> None:
    """The README's data tables are written from components/schema/files.py, and kept equal to it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- The tables below are written by `python -m components.schema.files`")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- end of the generated tables -->")
    assert readme[start:end] == schema.readme_tables()


@pytest.mark.parametrize("csv_file", schema.FILES, ids=lambda f: f.name)
def test_the_checker_takes_its_columns_from_the_schema(csv_file: schema.CsvFile) -> None:
    assert REQUIRED_COLUMNS[csv_file.name] == csv_file.required
    assert len({c.name for c in csv_file.columns}) == len(csv_file.columns)  # no column declared twice
    assert all(c.meaning for c in csv_file.columns)  # every column says what it is (a choice: its values)


def test_a_new_column_reaches_the_template(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a column to the declaration is what puts it, with its example, into the template download."""
    extra = schema.Column("region", "the region", example="North")
    places = schema.CsvFile(
        schema.PLACES.name, schema.PLACES.rows, schema.PLACES.shown_as, (*schema.PLACES.columns, extra)
    )
    monkeypatch.setattr(schema, "PLACES", places)
    assert schema.template_row(schema.PLACES)["region"] == "North"
    files = unzip(template_zip())
    assert b"region" in files["places.csv"].splitlines()[0]
    assert build_journey(files["places.csv"], files["routes.csv"]).ok


def test_the_checker_reads_every_kind_of_cell() -> None:
    kinds = typing.get_args(typing.get_type_hints(schema.Cell)["kind"])
    assert set(kinds) == set(data._READERS)
    assert {c.cell.kind for f in schema.FILES for c in f.columns} <= set(kinds)
