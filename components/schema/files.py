"""The data folder's CSV files, declared once: columns, required or optional, translatable, what a cell holds, examples (pure).

The checker (components/schema/data.py, components/schema/context.py) reads and checks every column as its
`Cell` says, and takes its required and translatable columns from here; the template download and its
SCHEMA.txt (components/export/standalone.py) and the README's tables are written from here
(`python -m components.schema.files` prints the tables; a test keeps the README equal).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal

from components.domain.journey import FactKind, Mode, PlaceKind, RiskLevel, Stance

# City or province level: about 1 km, never a house or a crossing point.
MAX_DECIMALS = 2
MAX_TEXT_CHARS = 4000
MAX_FILE_BYTES = 5_000_000
MAX_ROWS = 20_000
FIRST_YEAR, LAST_YEAR = 1900, 2100  # the years a cost or a route figure may name
MAX_USD = 10_000_000
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")  # place and route ids: they appear in links


@dataclass(frozen=True, slots=True)
class Cell:
    """What a column's cells hold, and so how the checker reads them (components/schema/data.py, `Row.read`).

    `text` (at most MAX_TEXT_CHARS); `id` (ID_PATTERN); `country` (ISO 3166-1 alpha-2);
    `choice` (one of `choices`, given as the domain's enum when it has one); `whole` or `number` in
    `low`..`high` (a number's `unit` names it in its problem: `problem.not_<unit>`); `coordinate` (a number
    within ±`high`, at most MAX_DECIMALS decimals); `sources` (each one a reader can follow).
    """

    kind: Literal["text", "id", "country", "choice", "whole", "number", "coordinate", "sources"] = "text"
    low: float = 0
    high: float = 0
    unit: str = ""
    choices: tuple[str, ...] = ()
    enum: type[Enum] | None = None  # the value the checker returns for a choice or a whole number


TEXT, ID, COUNTRY, SOURCES = Cell(), Cell("id"), Cell("country"), Cell("sources")


def one_of(values: Iterable[str] | type[Enum]) -> Cell:
    """One of a few values; given an enum, the checker returns its member."""
    if isinstance(values, type):
        return Cell("choice", choices=tuple(str(member.value) for member in values), enum=values)
    return Cell("choice", choices=tuple(values))


def whole(low: int, high: int, enum: type[Enum] | None = None) -> Cell:
    return Cell("whole", low, high, enum=enum)


def number(low: float, high: float, unit: str) -> Cell:
    return Cell("number", low, high, unit)


def coordinate(limit: float, unit: str) -> Cell:
    return Cell("coordinate", -limit, limit, unit)


def listed(values: type[Enum]) -> str:
    """ "`a`, `b` or `c`": the values a choice column takes, in words (Markdown)."""
    names = [f"`{member.value}`" for member in values]
    return f"{', '.join(names[:-1])} or {names[-1]}"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    meaning: str = ""  # Markdown, one line; for a choice of an enum's values, those values by default
    required: bool = True
    translatable: bool = False  # may have `<name>_<language>` columns (name_ko)
    example: str = ""  # for the template download
    cell: Cell = TEXT
    blank: bool = False  # a required column whose cells may be left empty
    filled: bool = field(init=False, repr=False, compare=False)  # every row must fill it in

    def __post_init__(self) -> None:
        object.__setattr__(self, "filled", self.required and not self.blank)
        if not self.meaning and self.cell.enum is not None:
            object.__setattr__(self, "meaning", listed(self.cell.enum))


@dataclass(frozen=True, slots=True)
class CsvFile:
    name: str
    rows: str  # what one row is
    shown_as: str
    columns: tuple[Column, ...]
    optional: bool = False  # the folder may leave the file out
    # Worked out once from the columns: the checker asks for them on every row.
    required: tuple[str, ...] = field(init=False, repr=False, compare=False)
    translatable: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required", tuple(c.name for c in self.columns if c.required))
        object.__setattr__(self, "translatable", frozenset(c.name for c in self.columns if c.translatable))


_SOURCE = "one or more sources separated by `; `, each one a reader can follow (see *Sources* below)"
_SOURCE_EXAMPLE = 'Publisher 2024, "Title of the article", https://example.org/article'
# Columns the files after places.csv word the same way.
_SOURCE_AS_PLACES = Column("source", "as in places.csv", example=_SOURCE_EXAMPLE, cell=SOURCES)
_NOTE = Column("note", "where sources disagree", required=False, translatable=True)
# A place's country and a country's row: one code, read one way.
_COUNTRY = Column("country", "ISO 3166-1 alpha-2 code (`KP`, `CN`, `TH`…)", example="KP", cell=COUNTRY)
# The context files' values (components/schema/context.py).
CONFIDENCE = ("H", "M", "L")
FIGURES = ("main", "other")
# Arrivals also have `up_to`: everyone who arrived up to and including that year, before the yearly
# series starts (the Ministry of Unification gives one figure for the years to 1998). It is counted in
# totals, never drawn as one year.
ARRIVAL_FIGURES = (*FIGURES, "up_to")
_CONFIDENCE = Column("confidence", "`H`, `M` or `L`", cell=one_of(CONFIDENCE))
_CONTEXT_YEAR = whole(1945, LAST_YEAR)

PLACES = CsvFile(
    "places.csv",
    "one row per place",
    "the numbered places on the map",
    (
        Column("place_id", f"unique id, `{ID_PATTERN.pattern}`", example="home_town", cell=ID),
        Column("name", "display name", translatable=True, example="Home town (province)"),
        _COUNTRY,
        Column(
            "lat",
            "latitude in decimal degrees, **at most 2 decimals** (city or province level)",
            example="41.80",
            cell=coordinate(90, "latitude"),
        ),
        Column("lon", "longitude, the same way", example="129.77", cell=coordinate(180, "longitude")),
        Column("kind", cell=one_of(PlaceKind), example="origin"),
        Column(
            "summary",
            "what the place is in the journey",
            translatable=True,
            example="Where the journey starts, in your own words.",
        ),
        Column("source", _SOURCE, example=_SOURCE_EXAMPLE, cell=SOURCES),
        Column("note", "where sources disagree, or a caveat", required=False, translatable=True),
    ),
)
ROUTES = CsvFile(
    "routes.csv",
    "one row per leg",
    "the route's legs, and the stages of the story",
    (
        Column("route_id", "id, as for places; used in links", example="my_route", cell=ID),
        Column("route_name", "the same on every row of a route", translatable=True, example="My route"),
        Column("step", "1, 2, 3… without gaps within a route", example="1", cell=whole(1, 10_000)),
        Column("from_place", "place id where the leg starts: where the previous leg ended", example="home_town"),
        Column("to_place", "place id where the leg ends, not its start", example="next_city"),
        Column("mode", cell=one_of(Mode), example="foot"),
        Column("stage", "the stage title", translatable=True, example="Across the river"),
        Column("risk_level", "whole number 1 (low) to 5 (extreme)", example="5", cell=whole(1, 5, RiskLevel)),
        Column(
            "risks",
            "what can go wrong on this leg, in plain words",
            translatable=True,
            example="What can go wrong on this leg, and why.",
        ),
        _SOURCE_AS_PLACES,
        Column("duration_days", "a typical duration, in days", required=False, cell=number(0, 36_500, "days")),
        Column("duration_note", "how the sources put the duration", required=False, translatable=True),
        Column("cost_usd", "a sourced cost of this leg, in US$", required=False, cell=number(0, MAX_USD, "usd")),
        Column("cost_year", "the year of that cost", required=False, cell=whole(FIRST_YEAR, LAST_YEAR)),
        Column("cost_note", "what the cost covers", required=False, translatable=True),
        Column("note", "where sources disagree", required=False, translatable=True),
    ),
)
COUNTRIES = CsvFile(
    "countries.csv",
    "one row per country",
    "shading of each country on the map; the stance, its exception and sources under each stage and in the tooltip",
    (
        _COUNTRY,
        Column("stance", cell=one_of(Stance)),
        Column("explanation", "how the country treats people who fled, and why", translatable=True),
        Column("exception", "where the country acted against its usual stance", required=False, translatable=True),
        _SOURCE_AS_PLACES,
        _NOTE,
    ),
    optional=True,
)
ROUTE_FACTS = CsvFile(
    "route_facts.csv",
    "one row per figure about a whole route",
    "the route summary, with their sources; never added up from legs",
    (
        Column("route_id", "the route", cell=ID),
        Column("kind", cell=one_of(FactKind)),
        # In US$ or in days, as the row's kind says: the checker names the unit from it.
        Column("value", "the figure (the low end of a range)", cell=number(0, MAX_USD, "")),
        Column("value_high", "the high end of a range", required=False, cell=number(0, MAX_USD, "")),
        Column("year_from", "the first year it applies to", required=False, cell=whole(FIRST_YEAR, LAST_YEAR)),
        Column("year_to", "the last year", required=False, cell=whole(FIRST_YEAR, LAST_YEAR)),
        Column("note", "what it covers, where sources disagree", required=False, translatable=True),
        _SOURCE_AS_PLACES,
    ),
    optional=True,
)


def _figures(name: str, shown_as: str, columns: tuple[Column, ...], confidence: Column = _CONFIDENCE) -> CsvFile:
    """A context file: one row per figure, each rated and sourced (the figures behind a chart)."""
    return CsvFile(
        name, "one row per figure", shown_as, (*columns, confidence, _SOURCE_AS_PLACES, _NOTE), optional=True
    )


ARRIVALS = _figures(
    "arrivals.csv",
    "arrivals in South Korea per year (page *The bigger picture*)",
    (
        Column("year", "the year", cell=_CONTEXT_YEAR),
        Column("arrivals", "people who arrived", cell=whole(0, 1_000_000)),
        Column("women", "of them women", required=False, cell=whole(0, 1_000_000)),
        Column(
            "figure",
            "`main`, `other`, or `up_to` for everyone up to and including that year",
            cell=one_of(ARRIVAL_FIGURES),
        ),
    ),
    confidence=Column("confidence", "`H`, `M` or `L`; a superseded figure is never `H`", cell=one_of(CONFIDENCE)),
)
WOMEN = _figures(
    "women_share.csv",
    "share of women among arrivals",
    (
        Column("period", "the period the figure covers, in words", translatable=True),
        Column("year", "the year it is drawn at", cell=_CONTEXT_YEAR),
        Column("share_percent", "the share of women, 0 to 100", cell=number(0, 100, "percent")),
        Column("figure", "`main`, or `other` for averages and cumulative shares", required=False, cell=one_of(FIGURES)),
    ),
)
FEES = _figures(
    "fees.csv",
    "broker fees over time",
    (
        Column("year_from", "the first year", required=False, cell=_CONTEXT_YEAR),
        Column("year_to", "the last year", required=False, cell=_CONTEXT_YEAR),
        Column("usd_low", "the low end in US$ (empty for “up to”)", cell=number(0, MAX_USD, "usd"), blank=True),
        Column("usd_high", "the high end in US$", cell=number(0, MAX_USD, "usd")),
        Column("covers", "what the fee pays for", translatable=True),
    ),
)
FILES: tuple[CsvFile, ...] = (PLACES, ROUTES, COUNTRIES, ROUTE_FACTS, ARRIVALS, WOMEN, FEES)
BY_NAME = {f.name: f for f in FILES}


def _column_row(column: Column) -> str:
    translated = " Translatable." if column.translatable else ""
    return f"| `{column.name}` | {'yes' if column.required else 'no'} | {column.meaning}.{translated} |"


def readme_tables() -> str:
    """The README's tables of every file and column (Markdown)."""
    parts = []
    for csv_file in FILES:
        presence = "optional file" if csv_file.optional else "required file"
        parts += [
            f"**`{csv_file.name}`** ({presence}): {csv_file.rows}; shown as {csv_file.shown_as}.",
            "",
            "| column | required | meaning |",
            "|---|---|---|",
            *(_column_row(c) for c in csv_file.columns),
            "",
        ]
    return "\n".join(parts).rstrip() + "\n"


def schema_text() -> str:
    """The plain-text schema that goes into the template download."""
    lines = [
        "# Escape Route Map: data format",
        "",
        "CSV files, UTF-8, comma-separated, header in row 1. Column order does not matter; extra columns",
        "are allowed. Required columns must be filled in on every row. Places are city or province level",
        f"(at most {MAX_DECIMALS} decimals), never a safe house, crossing point or broker.",
        'A source is a URL ("Publisher Year, Title, URL"), or a book "Author, Title (Year)", or a film',
        '"Director, Title, film, Year". Translations: <column>_<language> columns, e.g. name_ko.',
        f"Limits: {MAX_FILE_BYTES // 1_000_000} MB and {MAX_ROWS:,} rows per file.",
    ]
    for csv_file in FILES:
        lines += ["", f"{csv_file.name}{' (optional)' if csv_file.optional else ''}: {csv_file.rows}"]
        for column in csv_file.columns:
            flags = ("" if column.required else "optional; ") + ("translatable; " if column.translatable else "")
            lines.append(f"  {column.name:<14} {flags}{column.meaning.replace('`', '').replace('**', '')}")
    lines += ["", "Check a folder with: python -m components.check FOLDER", ""]
    return "\n".join(lines)


def template_row(csv_file: CsvFile) -> dict[str, str]:
    """One example row: every column, the examples filled in."""
    return {c.name: c.example for c in csv_file.columns}


if __name__ == "__main__":
    sys.stdout.write(readme_tables())
