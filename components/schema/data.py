"""Read places.csv and routes.csv, validate them, and return a Journey or every problem found.

This is the one validation: the app, `python -m components.check` and the tests all call
`read_journey` (a folder) or `build_journey` (file contents in memory). Problems name the file,
the row (counted as in a spreadsheet: the header is row 1) and the column, in plain words; a problem quotes at
most EXCERPT_CHARS of a cell, and a check lists at most LISTED_PROBLEMS problems, then one that counts the rest.
Every cell is read as its column is declared in components/schema/files.py (`Row.values`); the code
here holds only the rules across cells and rows (unique ids, places that exist, steps without gaps).
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from babel import Locale

from components.domain.journey import (
    Cost,
    CountryStance,
    FactKind,
    Journey,
    Leg,
    Place,
    Route,
    RouteFact,
    Translated,
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
# The columns each file must have (declared in components/schema/files.py, with every column's cells).
REQUIRED_COLUMNS: Mapping[str, tuple[str, ...]] = {f.name: f.required for f in schema.FILES}
# One quantifier, then a fixed tail: linear. Only header names of at most MAX_COLUMN_NAME_CHARS are tried.
TRANSLATION_COLUMN = re.compile(r"(?P<column>[a-z_]+)_(?P<language>[a-z]{2})")
MAX_COLUMN_NAME_CHARS = 64  # no declared column comes near: a longer header name is never a translation

ID_PATTERN = schema.ID_PATTERN
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
# A source a reader can follow: an item with an http(s) URL, or a book or a film cited in one of two forms:
#   book: "Author, Title (Year)" or "Author, Title (Year), ISBN 978-…"   e.g. "Barbara Demick, Nothing to Envy (2009)"
#   film: "Director, Title, film, Year"   e.g. "Ann Shin, The Defector: Escape From North Korea, film, 2012"
# Every pattern here runs in linear time on a cell (tests/schema/test_adversarial.py, bench/adversarial_check.py):
# each is used with fullmatch, so it starts at one place only; the author (`[^,;]++`, possessive: it cannot hold
# the ", " that ends it) is never tried again, and the title (`[^;]+`) is the one quantifier that gives back,
# once per character, to a tail of bounded length. Only cells within MAX_TEXT_CHARS reach them.
SOURCE_URL = re.compile(r"https?://\S+")
BOOK_FORM = re.compile(r"[^,;]++, [^;]+ \((1[5-9]|20)\d\d\)(, ISBN (97[89][- ]?)?\d[\d -]{7,15}[\dX])?")
FILM_FORM = re.compile(r"[^,;]++, [^;]+, film, (18|19|20)\d\d")
# The three as one fullmatch (a URL anywhere, or a book, or a film): a cell may list a thousand sources.
FOLLOWABLE_SOURCE = re.compile(rf"(?s:.*?{SOURCE_URL.pattern}.*)|{BOOK_FORM.pattern}|{FILM_FORM.pattern}")
# A source ends at a ";" with whitespace after it. No quantifier, so linear: `\s*;\s+`, the pattern before it,
# retried its `\s*` from every space of a run of spaces, and 240 KB of them froze a server for 26 s.
SOURCE_SEPARATOR = re.compile(r";(?=\s)")
EXCERPT_CHARS = 80  # the most of a cell a problem quotes: a message names a cell, it does not repeat it
LISTED_PROBLEMS = 100  # the problems one check lists; the rest are counted in one last problem (`ProblemList`)


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


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """At most `limit` characters of a cell, cut with "…": what every problem quotes of a cell, its row and column say where."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ProblemList(list[Problem]):
    """The problems of one check as they are found: the first LISTED_PROBLEMS + 1 kept, the rest only counted.

    A hostile file can hold hundreds of thousands of mistakes, and keeping them all once took a server from
    300 MB to 1.3 GB; nobody reads past the first hundred. Only `append` and `extend` add (all the checker uses);
    `counted` lets a rule that may fire once per cell skip building a problem no one will see. `listed` gives
    what a reader sees.
    """

    def __init__(self, found: Iterable[Problem] = ()) -> None:
        super().__init__()
        self.left_out: dict[str, int] = {}  # problems counted but not kept, by file
        self.extend(found)

    @property
    def full(self) -> bool:
        return len(self) > LISTED_PROBLEMS

    def append(self, problem: Problem) -> None:
        if self.full:
            self.skip(problem.file)
        else:
            super().append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def skip(self, file: str, count: int = 1) -> None:
        """`count` more problems in `file`, counted and never built."""
        self.left_out[file] = self.left_out.get(file, 0) + count

    def listed(self, order: Callable[[Problem], Any] | None = None) -> tuple[Problem, ...]:
        """The kept problems (sorted by `order`), at most LISTED_PROBLEMS of them, and then one that counts the rest."""
        kept = sorted(self, key=order) if order else list(self)
        rest = kept[LISTED_PROBLEMS:]
        more = len(rest) + sum(self.left_out.values())
        if more <= 1:  # one line saying "1 more" would take the place of that problem itself
            return tuple(kept)
        files = ", ".join(dict.fromkeys([*(p.file for p in rest), *self.left_out]))
        return (*kept[:LISTED_PROBLEMS], Problem.of(files, "more_problems", count=more))


def counted(problems: list[Problem], file: str, count: int = 1) -> bool:
    """True when `problems` is a full ProblemList: it has counted `count` more problems in `file`, not to be built."""
    if isinstance(problems, ProblemList) and problems.full:
        problems.skip(file, count)
        return True
    return False


def problem_count(problems: Iterable[Problem]) -> int:
    """How many problems `problems` stands for: a `more_problems` line counts those it leaves out."""
    return sum(int(str(dict(p.values)["count"])) if p.key == "more_problems" else 1 for p in problems)


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
    """A source cell holds one or more sources separated by "; " (a ";" with no space after it, as in a URL, does not)."""
    return tuple(item for part in SOURCE_SEPARATOR.split(text) if (item := part.strip()))


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

    A required file given as None could not be read (its problem is already in `problems`, the problems
    found before, which come first in the result; the list itself is left as it is); the other one is still
    checked, so that one pass shows everything there is to fix. countries.csv and route_facts.csv are
    optional: None means there is none. At most LISTED_PROBLEMS problems are listed, then how many more.
    """
    problems = ProblemList(problems or ())
    places_table = parse_table(PLACES_FILE, places_csv, problems) if places_csv is not None else None
    routes_table = parse_table(ROUTES_FILE, routes_csv, problems) if routes_csv is not None else None
    places = _by_key(places_table, schema.PLACES, Place, "place_id", "place_id_used", problems) if places_table else {}
    # Ids from rows that failed validation still count as known: their row has its own message.
    known = {cells.get("place_id", "") for _, cells in places_table.rows} if places_table else set()
    routes = _build_routes(routes_table, places, known, problems) if routes_table else ()
    stances = {}
    if countries_csv is not None and (countries_table := parse_table(COUNTRIES_FILE, countries_csv, problems)):
        stances = _by_key(countries_table, schema.COUNTRIES, CountryStance, "country", "country_repeated", problems)
    facts: dict[str, list[RouteFact]] = {}
    if route_facts_csv is not None and (facts_table := parse_table(ROUTE_FACTS_FILE, route_facts_csv, problems)):
        route_ids = {cells.get("route_id", "") for _, cells in routes_table.rows} if routes_table else set()
        facts = _build_route_facts(facts_table, route_ids, problems)
    routes = tuple(replace(route, facts=tuple(facts.get(route.route_id, ()))) for route in routes)
    if problems or places_table is None or routes_table is None:
        files = list(REQUIRED_COLUMNS)
        return LoadResult(None, problems.listed(lambda p: (files.index(p.file) if p.file in files else -1, p.row or 0)))
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
    seen: set[str] = set()
    header_ok = True
    for name in header:
        if name and name in seen:
            header_ok = False
            if not counted(problems, file):  # a header may repeat a name a million times
                problems.append(Problem.of(file, "column_twice", 1, excerpt(name), name=excerpt(name)))
        seen.add(name)
    for name in required:
        if name not in seen:
            header_ok = False
            problems.append(Problem.of(file, "column_missing", 1, name, name=name))
    if not header_ok:
        return None
    if len(records) - 1 > MAX_ROWS:
        problems.append(Problem.of(file, "too_many_rows", rows=len(records) - 1, limit=MAX_ROWS))
        return None
    rows: list[tuple[int, Mapping[str, str]]] = []
    ragged = False
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) != len(header):
            ragged = True
            problems.append(Problem.of(file, "ragged", number, cells=len(cells), columns=len(header)))
            continue
        rows.append((number, {name: cell.strip() for name, cell in zip(header, cells, strict=True) if name}))
    if not rows and not ragged:
        problems.append(Problem.of(file, "no_rows"))
        return None
    return Table(file, tuple(rows))


# What an empty cell reads as, by its kind (text of every kind reads as "").
_EMPTY: Mapping[str, object] = {"whole": None, "number": None, "coordinate": None, "sources": ()}


class Row:
    """Typed access to one row's cells, read as the file's declaration says; every failed conversion becomes a Problem."""

    def __init__(self, csv_file: schema.CsvFile, number: int, cells: Mapping[str, str], problems: list[Problem]):
        self.csv_file, self.row_number, self.cells, self.problems = csv_file, number, cells, problems
        self.file = csv_file.name
        self.ok = True

    def values(self, *, but: Collection[str] = ()) -> dict[str, Any]:
        """Every declared column (`but` those the caller reads itself), by column name: None or "" when empty."""
        return {column.name: self.read(column) for column in self.csv_file.columns if column.name not in but}

    def read(self, column: schema.Column, unit: str = "") -> Any:
        """One cell as its column's `Cell` says; `unit` names a number whose unit the row itself gives."""
        cell, name = column.cell, column.name
        if not self.cells.get(name):
            if column.filled:
                self.fail(name, "cell_empty")
            return _EMPTY.get(cell.kind, "")
        return _READERS[cell.kind](self, name, cell, unit)

    def fail(self, column: str, key: str, **values: object) -> None:
        """The problem `key` in this row's `column`; every value quoted from a cell goes through `excerpt`."""
        self.ok = False
        if not counted(self.problems, self.file):
            self.problems.append(Problem.of(self.file, key, self.row_number, column, **values))

    def text(self, column: str, required: bool = True) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.fail(column, "cell_empty")
        elif len(value) > MAX_TEXT_CHARS:
            self.fail(column, "text_too_long", length=len(value), limit=MAX_TEXT_CHARS)
        return value

    def checked(self, column: str) -> str | None:
        """The cell as `text` reads it, or None when it is too long: its one problem says so, and no pattern runs on it."""
        value = self.text(column)
        return None if len(value) > MAX_TEXT_CHARS else value

    def sources(self, column: str) -> tuple[str, ...]:
        """The sources of a source cell; each must carry a URL or be a book or film in its form."""
        value = self.checked(column)
        items = split_sources(value) if value else ()
        unfollowable = [item for item in items if not is_followable_source(item)]
        for index, item in enumerate(unfollowable):
            if counted(self.problems, self.file, len(unfollowable) - index):  # the rest are only counted
                self.ok = False
                break
            self.fail(column, "source_item", item=excerpt(item))
        return items

    def translations(self) -> dict[str, str]:
        """The `<column>_<language>` cells of this row's translatable columns, where filled in."""
        found = {}
        for name, value in self.cells.items():
            if not value or len(name) > MAX_COLUMN_NAME_CHARS:
                continue
            match = TRANSLATION_COLUMN.fullmatch(name)
            if match and match["column"] in self.csv_file.translatable:
                found[name] = self.text(name, required=False)
        return found

    def identifier(self, column: str) -> str:
        value = self.checked(column)
        if value is None:
            return ""
        if value and not ID_PATTERN.fullmatch(value):
            self.fail(column, "bad_id", value=excerpt(value))
        return value

    def country(self, column: str) -> str:
        value = self.checked(column)
        if value is None:
            return ""
        if value and value not in COUNTRY_CODES:
            self.fail(column, "bad_country", value=excerpt(value))
        return value

    def choice(self, column: str, allowed: Sequence[str], enum: type[Enum] | None = None) -> object:
        """One of `allowed`: the member of `enum` when there is one."""
        value = self.checked(column)
        if value is None:
            return ""
        if value not in allowed:
            self.fail(column, "not_one_of", value=excerpt(value), allowed=", ".join(allowed))
            return value
        return enum(value) if enum is not None else value

    def integer(self, column: str, low: int, high: int, enum: type[Enum] | None = None) -> object:
        """A whole number in [low, high]: the member of `enum` when there is one."""
        value = self.checked(column)
        if value is None:
            return None
        try:
            number = int(value)
        except ValueError:
            self.fail(column, "not_whole", value=excerpt(value))
            return None
        if not low <= number <= high:
            self.fail(column, "out_of_range", number=excerpt(str(number)), low=low, high=high)
            return None
        return enum(number) if enum is not None else number

    def number(self, column: str, low: float, high: float, unit: str) -> float | None:
        """A decimal number in [low, high]; `unit` names it in the out-of-range problem (`problem.not_<unit>`)."""
        value = self.checked(column)
        if value is None:
            return None
        try:
            decimal = Decimal(value.replace("\u2212", "-"))
        except InvalidOperation:
            self.fail(column, "not_number", value=excerpt(value))
            return None
        if not decimal.is_finite():
            self.fail(column, "not_finite", value=excerpt(value))
            return None
        number = float(decimal)
        if not low <= number <= high:
            self.fail(column, f"not_{unit}", value=excerpt(value), low=_signed(low), high=_signed(high))
            return None
        return number

    def coordinate(self, column: str, limit: float, unit: str) -> float | None:
        number = self.number(column, -limit, limit, unit)
        if number is None:
            return None
        value = self.cells[column]
        exponent = Decimal(value.replace("\u2212", "-")).normalize().as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if decimals > MAX_DECIMALS:
            self.fail(column, "too_precise", value=excerpt(value), decimals=decimals, limit=MAX_DECIMALS)
            return None
        return number


# How each kind of cell is read, once it is known not to be empty (`Row.read`). A cell over MAX_TEXT_CHARS has
# its one problem and reads as empty, so no pattern and no rule across cells runs on it.
_READERS: Mapping[str, Callable[[Row, str, schema.Cell, str], Any]] = {
    "text": lambda row, name, cell, unit: row.checked(name) or "",  # too long: read as empty, no rule sees it
    "id": lambda row, name, cell, unit: row.identifier(name),
    "country": lambda row, name, cell, unit: row.country(name),
    "choice": lambda row, name, cell, unit: row.choice(name, cell.choices, cell.enum),
    "whole": lambda row, name, cell, unit: row.integer(name, int(cell.low), int(cell.high), enum=cell.enum),
    "number": lambda row, name, cell, unit: row.number(name, cell.low, cell.high, unit or cell.unit),
    "coordinate": lambda row, name, cell, unit: row.coordinate(name, cell.high, cell.unit),
    "sources": lambda row, name, cell, unit: row.sources(name),
}


def _signed(value: float) -> str:
    text = f"{value:g}"
    return text.replace("-", "\u2212")


# A column whose field on the domain type has another name.
_FIELD_NAMES = {"source": "sources"}
_Record = TypeVar("_Record", bound=Translated)


def _fields_of(record: type, csv_file: schema.CsvFile) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """A row's values → the keyword arguments of the domain type `record`: its columns that are fields of it.

    A declared column reaches the type with no change here once the type has a field of its name.
    """
    names = {f.name for f in fields(record)}
    pairs = [(c.name, name) for c in csv_file.columns if (name := _FIELD_NAMES.get(c.name, c.name)) in names]
    return lambda values: {name: values[column] for column, name in pairs}


def _by_key(
    table: Table, csv_file: schema.CsvFile, record: type[_Record], key: str, repeated: str, problems: list[Problem]
) -> dict[str, _Record]:
    """One record per row, by its `key` column, which no two rows may share (a later row gets `repeated`)."""
    records: dict[str, _Record] = {}
    first_row: dict[str, int] = {}
    to_fields = _fields_of(record, csv_file)
    for number, cells in table.rows:
        row = Row(csv_file, number, cells, problems)
        values = row.values()
        value = values[key]
        if value in first_row:
            row.fail(key, repeated, value=excerpt(value), first=first_row[value])
        elif value:
            first_row[value] = number
        if row.ok:
            records[value] = record(**to_fields(values), translations=row.translations())
    return records


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
    leg_fields = _fields_of(Leg, schema.ROUTES)
    for number, cells in table.rows:
        row = Row(schema.ROUTES, number, cells, problems)
        values = row.values()
        route_id, step, start, end = values["route_id"], values["step"], values["from_place"], values["to_place"]
        for column in ("from_place", "to_place"):
            if values[column] and known and values[column] not in known:
                row.fail(column, "unknown_place", value=excerpt(values[column]), table=PLACES_FILE)
        if start and start == end:
            row.fail("to_place", "same_place", value=excerpt(end))
        usd, year, cost_note = values["cost_usd"], values["cost_year"], values["cost_note"]
        if year is not None and usd is None:
            row.fail("cost_usd", "cost_year_without_usd")
        translations = row.translations()
        leg = None
        if row.ok and start in places and end in places:
            leg = Leg(
                **leg_fields(values),
                origin=places[start],
                destination=places[end],
                cost=Cost(usd, year, cost_note) if usd is not None or cost_note else None,
                translations=translations,
            )
        if route_id and step is not None:
            names = {k.removeprefix("route_"): v for k, v in translations.items() if k.startswith("route_name_")}
            by_route.setdefault(route_id, []).append(
                _LegRow(number, values["route_name"], names, step, start, end, leg)
            )
    return tuple(
        route for route_id, rows in by_route.items() if (route := _build_route(file, route_id, rows, problems))
    )


def _build_route(file: str, route_id: str, rows: list[_LegRow], problems: list[Problem]) -> Route | None:
    failed = False
    route = excerpt(route_id)
    first = rows[0]
    for row in rows[1:]:
        if row.route_name and first.route_name and row.route_name != first.route_name:
            failed = True
            problems.append(
                Problem.of(
                    file,
                    "route_name_differs",
                    row.number,
                    "route_name",
                    route=route,
                    name=excerpt(first.route_name),
                    first=first.number,
                    here=excerpt(row.route_name),
                )
            )
    by_step: dict[int, _LegRow] = {}
    for row in rows:
        if row.step in by_step:
            failed = True
            problems.append(
                Problem.of(
                    file,
                    "step_repeated",
                    row.number,
                    "step",
                    step=row.step,
                    route=route,
                    first=by_step[row.step].number,
                )
            )
        else:
            by_step[row.step] = row
    ordered = [by_step[step] for step in sorted(by_step)]
    # A gap is one problem however wide ("steps 4–9997"), located at the step after it. The work follows the
    # rows, never the step numbers: 2,000 one-row routes at step 10,000 once cost 20 million look-ups.
    for before, after in itertools.pairwise([0, *(row.step for row in ordered)]):
        if after == before + 2:
            failed = True
            problems.append(
                Problem.of(file, "steps_missing", by_step[after].number, "step", route=route, step=before + 1)
            )
        elif after > before + 2:
            failed = True
            problems.append(
                Problem.of(
                    file,
                    "steps_missing_range",
                    by_step[after].number,
                    "step",
                    route=route,
                    first=before + 1,
                    last=after - 1,
                )
            )
    for previous, row in itertools.pairwise(ordered):
        if row.step == previous.step + 1 and previous.to_place and row.from_place != previous.to_place:
            failed = True
            problems.append(
                Problem.of(
                    file,
                    "leg_discontinuous",
                    row.number,
                    "from_place",
                    step=row.step,
                    route=route,
                    start=excerpt(row.from_place),
                    previous=previous.step,
                    previous_row=previous.number,
                    end=excerpt(previous.to_place),
                )
            )
    legs = tuple(row.leg for row in ordered if row.leg is not None)
    if failed or len(legs) != len(ordered):
        return None
    return Route(route_id, first.route_name, legs, translations=first.route_translations)


# A whole-route figure is in US$ or in days, as its kind says: read after the rest of its row.
_FACT_VALUES = ("value", "value_high")


def _build_route_facts(table: Table, route_ids: set[str], problems: list[Problem]) -> dict[str, list[RouteFact]]:
    """route_facts.csv: figures about a whole route, each with its sources; the route must exist."""
    facts: dict[str, list[RouteFact]] = {}
    columns = {column.name: column for column in schema.ROUTE_FACTS.columns}
    fact_fields = _fields_of(RouteFact, schema.ROUTE_FACTS)
    for number, cells in table.rows:
        row = Row(schema.ROUTE_FACTS, number, cells, problems)
        values = row.values(but=_FACT_VALUES)
        route_id = values["route_id"]
        if route_id and route_ids and route_id not in route_ids:
            row.fail("route_id", "unknown_route", value=excerpt(route_id), table=ROUTES_FILE)
        unit = "days" if values["kind"] == FactKind.DURATION_DAYS else "usd"
        values.update((name, row.read(columns[name], unit)) for name in _FACT_VALUES)
        value, high = values["value"], values["value_high"]
        if value is not None and high is not None and high < value:
            row.fail("value_high", "high_below_low", high=f"{high:g}", low=f"{value:g}")
        start, end = values["year_from"], values["year_to"]
        if start is not None and end is not None and start > end:
            row.fail("year_to", "period_reversed", start=start, end=end)
        if row.ok:
            facts.setdefault(route_id, []).append(RouteFact(**fact_fields(values), translations=row.translations()))
    return facts


def is_followable_source(item: str) -> bool:
    """A source a reader can follow: it has an http(s) URL, or it is a book or a film in its form (see BOOK_FORM)."""
    return FOLLOWABLE_SOURCE.fullmatch(item) is not None
