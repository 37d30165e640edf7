"""Read places.csv and routes.csv, validate them, and return a Journey or every problem found.

This is the one validation: the app, `python -m components.check` and the tests all call
`read_journey` (a folder) or `build_journey` (file contents in memory). Problems name the file,
the row (counted as in a spreadsheet: the header is row 1) and the column, in plain words.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from babel import Locale

from components.domain.journey import (
    Cost,
    CountryStance,
    FactKind,
    Journey,
    Leg,
    Mode,
    Place,
    PlaceKind,
    RiskLevel,
    Route,
    RouteFact,
    Stance,
)
from components.schema import files as schema
from components.texts.en import EN

PLACES_FILE = schema.PLACES.name
ROUTES_FILE = schema.ROUTES.name
COUNTRIES_FILE = schema.COUNTRIES.name  # optional: each country's stance toward people who fled
ROUTE_FACTS_FILE = schema.ROUTE_FACTS.name  # optional: figures about a whole route (its fee, its duration)
JOURNEY_FILES = (PLACES_FILE, ROUTES_FILE, COUNTRIES_FILE, ROUTE_FACTS_FILE)  # what a Journey is read from
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"

# Optional context figures for the charts (components/schema/context.py).
ARRIVALS_FILE = schema.ARRIVALS.name
WOMEN_FILE = schema.WOMEN.name
FEES_FILE = schema.FEES.name
# The columns each file must have, and the free-text columns that may carry translations as
# `<column>_<language>` (name_ko): both declared in components/schema/files.py.
REQUIRED_COLUMNS: Mapping[str, tuple[str, ...]] = {f.name: f.required for f in schema.FILES}
TRANSLATABLE: Mapping[str, tuple[str, ...]] = {f.name: f.translatable for f in schema.FILES}
TRANSLATION_COLUMN = re.compile(r"(?P<column>[a-z_]+)_(?P<language>[a-z]{2})")

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAX_DECIMALS = schema.MAX_DECIMALS
MAX_TEXT_CHARS = schema.MAX_TEXT_CHARS
MAX_FILE_BYTES = schema.MAX_FILE_BYTES
MAX_ROWS = schema.MAX_ROWS
# Babel lists every ISO 3166-1 alpha-2 code, plus these that are not countries in the standard.
_NOT_ISO = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
COUNTRY_CODES = frozenset(
    code
    for code in Locale("en").territories
    if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_ISO
)
SOURCE_SEPARATOR = re.compile(r"\s*;\s+")
# A source a reader can follow: an item with an http(s) URL, or a book or a film cited in one of two forms:
#   book: "Author, Title (Year)" or "Author, Title (Year), ISBN 978-…"   e.g. "Barbara Demick, Nothing to Envy (2009)"
#   film: "Director, Title, film, Year"   e.g. "Ann Shin, The Defector: Escape From North Korea, film, 2012"
SOURCE_URL = re.compile(r"https?://\S+")
BOOK_FORM = re.compile(r"[^,;]+, [^;]+ \((1[5-9]|20)\d\d\)(, ISBN (97[89][- ]?)?\d[\d -]{7,15}[\dX])?")
FILM_FORM = re.compile(r"[^,;]+, [^;]+, film, (18|19|20)\d\d")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the data, located as precisely as it can be.

    `message` is the English text (`str(problem)`, `python -m components.check`); `key` and `values`
    let a page show the same problem in its own language (`Texts.problem`), from the template
    `problem.<key>` in components/texts/en.py and texts_ko.py. Build one with `Problem.of`.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    key: str = ""
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, file: str, key: str, row: int | None = None, column: str | None = None, **values: object) -> Problem:
        """The problem `key` (a `problem.<key>` template) with its values, and its English message."""
        return cls(file, EN[f"problem.{key}"].format(**values), row, column, key, tuple(values.items()))

    def __str__(self) -> str:
        """The `file:row:column: message` line the checker prints."""
        where = [self.file]
        if self.row is not None:
            where.append(str(self.row))
        if self.column is not None:
            where.append(self.column)
        return f"{':'.join(where)}: {self.message}"

    @property
    def location(self) -> str:
        """The same place in words: "places.csv row 7, column lat"."""
        text = self.file
        if self.row is not None:
            text += f" row {self.row}"
        if self.column is not None:
            text += f", column {self.column}" if self.row is not None else f" column {self.column}"
        return text


@dataclass(frozen=True, slots=True)
class LoadResult:
    journey: Journey | None
    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.journey is not None and not self.problems


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of one CSV file as text, each with its spreadsheet row number."""

    file: str
    rows: tuple[tuple[int, Mapping[str, str]], ...]


def split_sources(text: str) -> tuple[str, ...]:
    """A source cell holds one or more sources separated by "; "."""
    return tuple(part.strip() for part in SOURCE_SEPARATOR.split(text) if part.strip())


def fingerprint(data_dir: Path, names: Sequence[str]) -> tuple[tuple[str, int, int], ...]:
    """What changes when a data file changes: a cache key that is cheap to compute."""
    marks = []
    for name in names:
        try:
            st = os.stat(data_dir / name)
        except OSError:
            marks.append((name, -1, -1))
        else:
            marks.append((name, st.st_mtime_ns, st.st_size))
    return tuple(marks)


def read_journey(data_dir: Path) -> LoadResult:
    """Read both CSV files from a folder and validate them."""
    contents: dict[str, bytes] = {}
    problems: list[Problem] = []
    if not data_dir.is_dir():
        return LoadResult(None, (Problem.of(str(data_dir), "folder_missing"),))
    for name in (PLACES_FILE, ROUTES_FILE):
        path = data_dir / name
        if not path.is_file():
            problems.append(Problem.of(name, "file_missing", folder=str(data_dir)))
        elif (raw := read_capped(path, problems)) is not None:
            contents[name] = raw
    contents.update(read_optional(data_dir, (COUNTRIES_FILE, ROUTE_FACTS_FILE), problems))
    return build_journey(
        contents.get(PLACES_FILE),
        contents.get(ROUTES_FILE),
        contents.get(COUNTRIES_FILE),
        problems=problems,
        route_facts_csv=contents.get(ROUTE_FACTS_FILE),
    )


def read_optional(data_dir: Path, names: Sequence[str], problems: list[Problem]) -> dict[str, bytes]:
    """The optional files of a data folder that exist (too large ones become a problem instead)."""
    contents: dict[str, bytes] = {}
    for name in names:
        path = data_dir / name
        if path.is_file() and (raw := read_capped(path, problems)) is not None:
            contents[name] = raw
    return contents


def read_capped(path: Path, problems: list[Problem]) -> bytes | None:
    """A data file's bytes, or None with a problem: the one place a file on disk is measured and read.

    The size is checked before reading, so a huge file is never loaded; contents that arrive in
    memory (uploads) are measured by `parse_table`.
    """
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem.of(path.name, "file_too_large", limit=MAX_FILE_BYTES))
            return None
        return path.read_bytes()
    except OSError as err:
        problems.append(Problem.of(path.name, "file_unreadable", reason=str(err.strerror)))
        return None


def build_journey(
    places_csv: bytes | None,
    routes_csv: bytes | None,
    countries_csv: bytes | None = None,
    *,
    problems: list[Problem] | None = None,
    route_facts_csv: bytes | None = None,
) -> LoadResult:
    """Validate the contents of the files; a Journey only when there is no problem at all.

    A required file given as None could not be read (its problem is already in `problems`); the
    other one is still checked, so that one pass shows everything there is to fix. countries.csv and
    route_facts.csv are optional: None means there is none.
    """
    problems = [] if problems is None else problems
    places_table = parse_table(PLACES_FILE, places_csv, problems) if places_csv is not None else None
    routes_table = parse_table(ROUTES_FILE, routes_csv, problems) if routes_csv is not None else None
    places = _build_places(places_table, problems) if places_table else {}
    # Ids from rows that failed validation still count as known: their row has its own message.
    known = {cells.get("place_id", "") for _, cells in places_table.rows} if places_table else set()
    routes = _build_routes(routes_table, places, known, problems) if routes_table else ()
    stances = {}
    if countries_csv is not None and (countries_table := parse_table(COUNTRIES_FILE, countries_csv, problems)):
        stances = _build_stances(countries_table, problems)
    facts: dict[str, list[RouteFact]] = {}
    if route_facts_csv is not None and (facts_table := parse_table(ROUTE_FACTS_FILE, route_facts_csv, problems)):
        route_ids = {cells.get("route_id", "") for _, cells in routes_table.rows} if routes_table else set()
        facts = _build_route_facts(facts_table, route_ids, problems)
    routes = tuple(replace(route, facts=tuple(facts.get(route.route_id, ()))) for route in routes)
    if problems or places_table is None or routes_table is None:
        files = list(REQUIRED_COLUMNS)
        ordered = sorted(problems, key=lambda p: (files.index(p.file) if p.file in files else -1, p.row or 0))
        return LoadResult(None, tuple(ordered))
    return LoadResult(Journey(places=places, routes=routes, stances=stances))


def parse_table(file: str, raw: bytes, problems: list[Problem]) -> Table | None:
    """Decode and split one CSV file; report encoding, header and shape problems."""
    required = REQUIRED_COLUMNS[file]
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem.of(file, "file_size", size=len(raw), limit=MAX_FILE_BYTES))
        return None
    if not raw.strip():
        problems.append(Problem.of(file, "file_empty"))
        return None
    if b"\x00" in raw:
        problems.append(Problem.of(file, "not_text"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(Problem.of(file, "not_utf8", byte=f"0x{raw[err.start]:02x}", position=err.start))
        return None
    if not text.strip():
        problems.append(Problem.of(file, "file_empty"))
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        problems.append(Problem.of(file, "not_csv", error=str(err)))
        return None
    header = [name.strip() for name in records[0]]
    if len(header) == 1 and required[0] in header[0] and any(s in header[0] for s in ";\t|"):
        problems.append(Problem.of(file, "not_commas", 1))
        return None
    before = len(problems)
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            problems.append(Problem.of(file, "column_twice", 1, name, name=name))
        seen.add(name)
    for name in required:
        if name not in seen:
            problems.append(Problem.of(file, "column_missing", 1, name, name=name))
    if len(problems) > before:
        return None
    if len(records) - 1 > MAX_ROWS:
        problems.append(Problem.of(file, "too_many_rows", rows=len(records) - 1, limit=MAX_ROWS))
        return None
    rows: list[tuple[int, Mapping[str, str]]] = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) != len(header):
            problems.append(Problem.of(file, "ragged", number, cells=len(cells), columns=len(header)))
            continue
        rows.append((number, {name: cell.strip() for name, cell in zip(header, cells, strict=True) if name}))
    if not rows and len(problems) == before:
        problems.append(Problem.of(file, "no_rows"))
        return None
    return Table(file, tuple(rows))


class Row:
    """Typed access to one row's cells; every failed conversion becomes a Problem."""

    def __init__(self, file: str, number: int, cells: Mapping[str, str], problems: list[Problem]):
        self.file, self.row_number, self.cells, self.problems = file, number, cells, problems
        self.ok = True

    def fail(self, column: str, key: str, **values: object) -> None:
        self.ok = False
        self.problems.append(Problem.of(self.file, key, self.row_number, column, **values))

    def text(self, column: str, required: bool = True) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.fail(column, "cell_empty")
        elif len(value) > MAX_TEXT_CHARS:
            self.fail(column, "text_too_long", length=len(value), limit=MAX_TEXT_CHARS)
        return value

    def sources(self, column: str = "source") -> tuple[str, ...]:
        """The sources of a required source cell; each must carry a URL or be a book or film in its form."""
        items = split_sources(self.text(column))
        for item in items:
            if not is_followable_source(item):
                self.fail(column, "source_item", item=item)
        return items

    def translations(self) -> dict[str, str]:
        """The `<column>_<language>` cells of this row's translatable columns, where filled in."""
        found = {}
        for name, value in self.cells.items():
            match = TRANSLATION_COLUMN.fullmatch(name)
            if value and match and match["column"] in TRANSLATABLE[self.file]:
                found[name] = self.text(name, required=False)
        return found

    def identifier(self, column: str) -> str:
        value = self.text(column)
        if value and not ID_PATTERN.fullmatch(value):
            self.fail(column, "bad_id", value=value)
        return value

    def choice(self, column: str, allowed: Sequence[str]) -> str:
        value = self.text(column)
        if value and value not in allowed:
            self.fail(column, "not_one_of", value=value, allowed=", ".join(allowed))
        return value

    def integer(self, column: str, low: int, high: int, required: bool = True) -> int | None:
        value = self.text(column, required)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.fail(column, "not_whole", value=value)
            return None
        if not low <= number <= high:
            self.fail(column, "out_of_range", number=number, low=low, high=high)
            return None
        return number

    def number(self, column: str, low: float, high: float, what: str, required: bool = True) -> float | None:
        """A decimal number in [low, high]; `what` names it in the out-of-range problem (`problem.not_<what>`)."""
        value = self.text(column, required)
        if not value:
            return None
        try:
            decimal = Decimal(value.replace("\u2212", "-"))
        except InvalidOperation:
            self.fail(column, "not_number", value=value)
            return None
        if not decimal.is_finite():
            self.fail(column, "not_finite", value=value)
            return None
        number = float(decimal)
        if not low <= number <= high:
            self.fail(column, f"not_{what}", value=value, low=_signed(low), high=_signed(high))
            return None
        return number

    def coordinate(self, column: str, limit: float, what: str) -> float | None:
        number = self.number(column, -limit, limit, what)
        if number is None:
            return None
        exponent = Decimal(self.cells[column].replace("\u2212", "-")).normalize().as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if decimals > MAX_DECIMALS:
            self.fail(column, "too_precise", value=self.cells[column], decimals=decimals, limit=MAX_DECIMALS)
            return None
        return number


def _signed(value: float) -> str:
    text = f"{value:g}"
    return text.replace("-", "\u2212")


def _build_places(table: Table, problems: list[Problem]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    first_row: dict[str, int] = {}
    kinds = [kind.value for kind in PlaceKind]
    for number, cells in table.rows:
        row = Row(table.file, number, cells, problems)
        place_id = row.identifier("place_id")
        if place_id in first_row:
            row.fail("place_id", "place_id_used", value=place_id, first=first_row[place_id])
        name = row.text("name")
        country = row.text("country")
        if country and country not in COUNTRY_CODES:
            row.fail("country", "bad_country", value=country)
        lat = row.coordinate("lat", 90, "latitude")
        lon = row.coordinate("lon", 180, "longitude")
        kind = row.choice("kind", kinds)
        summary = row.text("summary")
        sources = row.sources()
        note = row.text("note", required=False)
        if place_id and place_id not in first_row:
            first_row[place_id] = number
        if row.ok and lat is not None and lon is not None:
            places[place_id] = Place(
                place_id,
                name,
                country,
                lat,
                lon,
                PlaceKind(kind),
                summary,
                sources,
                note,
                row.translations(),
            )
    return places


@dataclass(slots=True)
class _LegRow:
    number: int
    route_name: str
    route_translations: dict[str, str]
    step: int
    from_place: str
    to_place: str
    leg: Leg | None


def _build_routes(
    table: Table, places: Mapping[str, Place], known: set[str], problems: list[Problem]
) -> tuple[Route, ...]:
    file = table.file
    by_route: dict[str, list[_LegRow]] = {}
    modes = [mode.value for mode in Mode]
    for number, cells in table.rows:
        row = Row(file, number, cells, problems)
        route_id = row.identifier("route_id")
        route_name = row.text("route_name")
        step = row.integer("step", 1, 10_000)
        ends = {}
        for column in ("from_place", "to_place"):
            ends[column] = row.text(column)
            if ends[column] and known and ends[column] not in known:
                row.fail(column, "unknown_place", value=ends[column], table=PLACES_FILE)
        if ends["from_place"] and ends["from_place"] == ends["to_place"]:
            row.fail("to_place", "same_place", value=ends["to_place"])
        mode = row.choice("mode", modes)
        stage = row.text("stage")
        risk = row.integer("risk_level", 1, 5)
        risks = row.text("risks")
        sources = row.sources()
        note = row.text("note", required=False)
        duration = row.number("duration_days", 0, 36_500, "days", required=False)
        duration_note = row.text("duration_note", required=False)
        cost_usd = row.number("cost_usd", 0, 10_000_000, "usd", required=False)
        cost_year = row.integer("cost_year", 1900, 2100, required=False)
        cost_note = row.text("cost_note", required=False)
        if cost_year is not None and cost_usd is None:
            row.fail("cost_usd", "cost_year_without_usd")
        leg = None
        if (
            row.ok
            and step is not None
            and risk is not None
            and ends["from_place"] in places
            and ends["to_place"] in places
        ):
            leg = Leg(
                step=step,
                origin=places[ends["from_place"]],
                destination=places[ends["to_place"]],
                mode=Mode(mode),
                stage=stage,
                risk_level=RiskLevel(risk),
                risks=risks,
                sources=sources,
                note=note,
                duration_days=duration,
                duration_note=duration_note,
                cost=Cost(cost_usd, cost_year, cost_note) if cost_usd is not None or cost_note else None,
                translations=row.translations(),
            )
        if route_id and step is not None:
            by_route.setdefault(route_id, []).append(
                _LegRow(
                    number,
                    route_name,
                    {k.removeprefix("route_"): v for k, v in row.translations().items() if k.startswith("route_name_")},
                    step,
                    ends["from_place"],
                    ends["to_place"],
                    leg,
                )
            )
    return tuple(
        route for route_id, rows in by_route.items() if (route := _build_route(file, route_id, rows, problems))
    )


def _build_route(file: str, route_id: str, rows: list[_LegRow], problems: list[Problem]) -> Route | None:
    before = len(problems)
    first = rows[0]
    for row in rows[1:]:
        if row.route_name and first.route_name and row.route_name != first.route_name:
            problems.append(
                Problem.of(
                    file,
                    "route_name_differs",
                    row.number,
                    "route_name",
                    route=route_id,
                    name=first.route_name,
                    first=first.number,
                    here=row.route_name,
                )
            )
    by_step: dict[int, _LegRow] = {}
    for row in rows:
        if row.step in by_step:
            problems.append(
                Problem.of(
                    file,
                    "step_repeated",
                    row.number,
                    "step",
                    step=row.step,
                    route=route_id,
                    first=by_step[row.step].number,
                )
            )
        else:
            by_step[row.step] = row
    missing = [step for step in range(1, max(by_step) + 1) if step not in by_step]
    if missing:
        listed = ", ".join(str(step) for step in missing)
        problems.append(
            Problem.of(
                file,
                "steps_missing",
                by_step[min(s for s in by_step if s > missing[0])].number,
                "step",
                route=route_id,
                steps=listed,
            )
        )
    ordered = [by_step[step] for step in sorted(by_step)]
    for previous, row in itertools.pairwise(ordered):
        if row.step == previous.step + 1 and previous.to_place and row.from_place != previous.to_place:
            problems.append(
                Problem.of(
                    file,
                    "leg_discontinuous",
                    row.number,
                    "from_place",
                    step=row.step,
                    route=route_id,
                    start=row.from_place,
                    previous=previous.step,
                    previous_row=previous.number,
                    end=previous.to_place,
                )
            )
    legs = tuple(row.leg for row in ordered if row.leg is not None)
    if len(problems) > before or len(legs) != len(ordered):
        return None
    return Route(route_id, first.route_name, legs, first.route_translations)


def _build_stances(table: Table, problems: list[Problem]) -> dict[str, CountryStance]:
    stances: dict[str, CountryStance] = {}
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        row = Row(table.file, number, cells, problems)
        country = row.text("country")
        if country and country not in COUNTRY_CODES:
            row.fail("country", "bad_country", value=country)
        elif country in first_row:
            row.fail("country", "country_repeated", value=country, first=first_row[country])
        stance = row.choice("stance", [s.value for s in Stance])
        explanation = row.text("explanation")
        sources = row.sources()
        note = row.text("note", required=False)
        exception = row.text("exception", required=False)
        first_row.setdefault(country, number)
        if row.ok:
            stances[country] = CountryStance(
                country, Stance(stance), explanation, sources, note, row.translations(), exception
            )
    return stances


def _build_route_facts(table: Table, route_ids: set[str], problems: list[Problem]) -> dict[str, list[RouteFact]]:
    """route_facts.csv: figures about a whole route, each with its sources; the route must exist."""
    facts: dict[str, list[RouteFact]] = {}
    for number, cells in table.rows:
        row = Row(table.file, number, cells, problems)
        route_id = row.identifier("route_id")
        if route_id and route_ids and route_id not in route_ids:
            row.fail("route_id", "unknown_route", value=route_id, table=ROUTES_FILE)
        kind = row.choice("kind", [k.value for k in FactKind])
        what = "days" if kind == FactKind.DURATION_DAYS else "usd"
        value = row.number("value", 0, 10_000_000, what)
        high = row.number("value_high", 0, 10_000_000, what, required=False)
        if value is not None and high is not None and high < value:
            row.fail("value_high", "high_below_low", high=f"{high:g}", low=f"{value:g}")
        start = row.integer("year_from", 1900, 2100, required=False)
        end = row.integer("year_to", 1900, 2100, required=False)
        if start is not None and end is not None and start > end:
            row.fail("year_to", "period_reversed", start=start, end=end)
        note = row.text("note", required=False)
        sources = row.sources()
        if row.ok and value is not None:
            facts.setdefault(route_id, []).append(
                RouteFact(FactKind(kind), value, sources, high, start, end, note, row.translations())
            )
    return facts


def is_followable_source(item: str) -> bool:
    """A source a reader can follow: it has an http(s) URL, or it is a book or a film in its form (see BOOK_FORM)."""
    return bool(SOURCE_URL.search(item) or BOOK_FORM.fullmatch(item) or FILM_FORM.fullmatch(item))
