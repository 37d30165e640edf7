"""Context figures for the charts: arrivals per year, the share of women, broker fees (pure).

Each comes from an optional CSV in the data folder with a source on every row, validated like the
journey files (same Problem lines). Conflicting figures are kept, one row per source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from components.schema import files as schema
from components.schema.data import TRANSLATION_COLUMN, Problem, ProblemList, Row, parse_table, read_optional

CONTEXT_FILES = (schema.ARRIVALS.name, schema.WOMEN.name, schema.FEES.name)


@dataclass(frozen=True)
class Context:
    """Tables ready for charting; a file that is absent gives an empty table."""

    arrivals: pd.DataFrame = field(default_factory=pd.DataFrame)
    women: pd.DataFrame = field(default_factory=pd.DataFrame)
    fees: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: tuple[Problem, ...] = ()


def read_context(data_dir: Path) -> Context:
    problems: list[Problem] = []
    return build_context(read_optional(data_dir, CONTEXT_FILES, problems), problems)


def build_context(contents: dict[str, bytes], problems: list[Problem] | None = None) -> Context:
    """The context tables from the files' contents; `problems` found before come first (the list is left as it is).

    At most LISTED_PROBLEMS problems are listed, then one that counts the rest, as for the journey files.
    """
    problems = ProblemList(problems or ())
    tables = []
    for csv_file, build in ((schema.ARRIVALS, _arrivals), (schema.WOMEN, _women), (schema.FEES, _fees)):
        raw = contents.get(csv_file.name)
        table = parse_table(csv_file.name, raw, problems) if raw is not None else None
        records = (
            [record for number, cells in table.rows if (record := build(Row(csv_file, number, cells, problems)))]
            if table
            else []
        )
        tables.append(pd.DataFrame.from_records(records))
    arrivals, women, fees = tables
    return Context(arrivals, women, fees, problems.listed())


def _record(row: Row) -> dict[str, object]:
    """The row's declared columns as the charts take them: the sources in one cell, then the translations."""
    record = row.values()
    return {
        **record,
        "source": " ; ".join(record["source"]),
        **row.translations(),  # note_ko, period_ko, covers_ko…: shown instead when the page is in that language
    }


def localised(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The table with each text column in `language` where a `<column>_<language>` cell is filled in.

    The translation columns themselves are dropped, so a table shown to a reader has one column per fact.
    """
    if table.empty:
        return table
    result = table.copy()
    for column in list(table.columns):
        translated = f"{column}_{language}"
        if language != "en" and translated in table.columns:
            result[column] = table[translated].where(table[translated].fillna("").astype(bool), table[column])
    extra = [c for c in table.columns if (m := TRANSLATION_COLUMN.fullmatch(c)) and m["column"] in table.columns]
    return result.drop(columns=extra)


def _arrivals(row: Row) -> dict[str, object] | None:
    record = _record(row)
    women, arrivals = record["women"], record["arrivals"]
    if isinstance(women, int) and isinstance(arrivals, int) and women > arrivals:
        row.fail("women", "women_over_arrivals", women=women, arrivals=arrivals)
    return record if row.ok else None


def _women(row: Row) -> dict[str, object] | None:
    record = _record(row)
    record["figure"] = record["figure"] or "main"  # an optional column: without it, every figure is the main one
    return record if row.ok else None


def _fees(row: Row) -> dict[str, object] | None:
    record = _record(row)  # usd_low empty: "up to" a high amount
    low, high = record["usd_low"], record["usd_high"]
    if isinstance(low, float) and isinstance(high, float) and low > high:
        row.fail("usd_high", "high_below_low", high=f"{high:g}", low=f"{low:g}")
    start, end = record["year_from"], record["year_to"]
    if isinstance(start, int) and isinstance(end, int) and start > end:
        row.fail("year_to", "period_reversed", start=start, end=end)
    return record if row.ok else None
