"""Context figures for the charts: arrivals per year, the share of women, broker fees (pure).

Each comes from an optional CSV in the data folder with a source on every row, validated like the
journey files (same Problem lines). Conflicting figures are kept, one row per source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from components.schema.data import (
    ARRIVALS_FILE,
    FEES_FILE,
    TRANSLATION_COLUMN,
    WOMEN_FILE,
    Problem,
    Row,
    parse_table,
    read_optional,
)

CONTEXT_FILES = (ARRIVALS_FILE, WOMEN_FILE, FEES_FILE)
CONFIDENCE = ("H", "M", "L")
FIGURES = ("main", "other")
# Arrivals also have `up_to`: everyone who arrived up to and including that year, before the yearly
# series starts (the Ministry of Unification gives one figure for the years to 1998). It is counted in
# totals, never drawn as one year.
ARRIVAL_FIGURES = (*FIGURES, "up_to")


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
    problems = [] if problems is None else problems
    tables = {}
    for name, build in ((ARRIVALS_FILE, _arrivals), (WOMEN_FILE, _women), (FEES_FILE, _fees)):
        raw = contents.get(name)
        table = parse_table(name, raw, problems) if raw is not None else None
        records = (
            [record for number, cells in table.rows if (record := build(Row(name, number, cells, problems)))]
            if table
            else []
        )
        tables[name] = pd.DataFrame.from_records(records)
    return Context(tables[ARRIVALS_FILE], tables[WOMEN_FILE], tables[FEES_FILE], tuple(problems))


def _common(row: Row) -> dict[str, object]:
    return {
        "confidence": row.choice("confidence", CONFIDENCE),
        "source": " ; ".join(row.sources()),
        "note": row.text("note", required=False),
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
    record = {
        "year": row.integer("year", 1945, 2100),
        "arrivals": row.integer("arrivals", 0, 1_000_000),
        "women": row.integer("women", 0, 1_000_000, required=False),
        "figure": row.choice("figure", ARRIVAL_FIGURES),
        **_common(row),
    }
    women, arrivals = record["women"], record["arrivals"]
    if isinstance(women, int) and isinstance(arrivals, int) and women > arrivals:
        row.fail("women", "women_over_arrivals", women=women, arrivals=arrivals)
    return record if row.ok else None


def _women(row: Row) -> dict[str, object] | None:
    record = {
        "period": row.text("period"),
        "year": row.integer("year", 1945, 2100),
        "share_percent": row.number("share_percent", 0, 100, "percent"),
        "figure": row.choice("figure", FIGURES) if "figure" in row.cells else "main",
        **_common(row),
    }
    return record if row.ok else None


def _fees(row: Row) -> dict[str, object] | None:
    record = {
        "year_from": row.integer("year_from", 1945, 2100, required=False),
        "year_to": row.integer("year_to", 1945, 2100, required=False),
        "usd_low": row.number("usd_low", 0, 10_000_000, "usd", required=False),  # empty: "up to" a high amount
        "usd_high": row.number("usd_high", 0, 10_000_000, "usd"),
        "covers": row.text("covers"),
        **_common(row),
    }
    low, high = record["usd_low"], record["usd_high"]
    if isinstance(low, float) and isinstance(high, float) and low > high:
        row.fail("usd_high", "high_below_low", high=f"{high:g}", low=f"{low:g}")
    start, end = record["year_from"], record["year_to"]
    if isinstance(start, int) and isinstance(end, int) and start > end:
        row.fail("year_to", "period_reversed", start=start, end=end)
    return record if row.ok else None
