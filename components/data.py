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
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from babel import Locale

from components.journey import (
    Cost,
    CountryStance,
    Journey,
    Leg,
    Mode,
    Place,
    PlaceKind,
    RiskLevel,
    Route,
    Stance,
)

PLACES_FILE = "places.csv"
ROUTES_FILE = "routes.csv"
COUNTRIES_FILE = "countries.csv"  # optional: each country's stance toward people who fled
DATA_DIR_ENV = "ESCAPE_MAP_DATA"
DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"

PLACE_COLUMNS = ("place_id", "name", "country", "lat", "lon", "kind", "summary", "source")
ROUTE_COLUMNS = (
    "route_id",
    "route_name",
    "step",
    "from_place",
    "to_place",
    "mode",
    "stage",
    "risk_level",
    "risks",
    "source",
)
COUNTRY_COLUMNS = ("country", "stance", "explanation", "source")
# Optional context figures for the charts (components/context.py).
ARRIVALS_FILE = "arrivals.csv"
WOMEN_FILE = "women_share.csv"
FEES_FILE = "fees.csv"
REQUIRED_COLUMNS: Mapping[str, tuple[str, ...]] = {
    PLACES_FILE: PLACE_COLUMNS,
    ROUTES_FILE: ROUTE_COLUMNS,
    COUNTRIES_FILE: COUNTRY_COLUMNS,
    ARRIVALS_FILE: ("year", "arrivals", "figure", "confidence", "source"),
    WOMEN_FILE: ("period", "year", "share_percent", "confidence", "source"),
    FEES_FILE: ("usd_low", "usd_high", "covers", "confidence", "source"),
}
# Free-text columns that may carry translations as `<column>_<language>` (e.g. name_ko).
TRANSLATABLE: Mapping[str, tuple[str, ...]] = {
    PLACES_FILE: ("name", "summary", "note"),
    ROUTES_FILE: ("route_name", "stage", "risks", "duration_note", "cost_note", "note"),
    COUNTRIES_FILE: ("explanation", "note"),
    ARRIVALS_FILE: ("note",),
    WOMEN_FILE: ("period", "note"),
    FEES_FILE: ("covers", "note"),
}
TRANSLATION_COLUMN = re.compile(r"(?P<column>[a-z_]+)_(?P<language>[a-z]{2})")

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")
MAX_DECIMALS = 2  # city or province level: about 1 km, never a house or a crossing point
MAX_TEXT_CHARS = 4000
MAX_FILE_BYTES = 5_000_000
MAX_ROWS = 20_000
# Babel lists every ISO 3166-1 alpha-2 code, plus these that are not countries in the standard.
_NOT_ISO = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
COUNTRY_CODES = frozenset(
    code
    for code in Locale("en").territories
    if isinstance(code, str) and len(code) == 2 and code.isalpha() and code not in _NOT_ISO
)
SOURCE_SEPARATOR = re.compile(r"\s*;\s+")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the data, located as precisely as it can be."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None

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


def data_dir_from(argv: Sequence[str], environ: Mapping[str, str]) -> Path:
    """The data folder: `--data-dir PATH` on the command line, else $ESCAPE_MAP_DATA, else data/."""
    for i, arg in enumerate(argv):
        if arg == "--data-dir" and i + 1 < len(argv):
            return Path(argv[i + 1])
        if arg.startswith("--data-dir="):
            return Path(arg.split("=", 1)[1])
    if environ.get(DATA_DIR_ENV):
        return Path(environ[DATA_DIR_ENV])
    return DEFAULT_DATA_DIR


def fingerprint(
    data_dir: Path, names: Sequence[str] = (PLACES_FILE, ROUTES_FILE, COUNTRIES_FILE)
) -> tuple[tuple[str, int, int], ...]:
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
        return LoadResult(None, (Problem(str(data_dir), "this data folder does not exist"),))
    for name in (PLACES_FILE, ROUTES_FILE):
        path = data_dir / name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                problems.append(Problem(name, f"the file is larger than {MAX_FILE_BYTES:,} bytes"))
                continue
            contents[name] = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(name, f"the file is missing from the data folder {data_dir}"))
        except OSError as err:
            problems.append(Problem(name, f"the file cannot be read ({err.strerror})"))
    contents.update(read_optional(data_dir, (COUNTRIES_FILE,), problems))
    return build_journey(
        contents.get(PLACES_FILE), contents.get(ROUTES_FILE), contents.get(COUNTRIES_FILE), problems=problems
    )


def read_optional(data_dir: Path, names: Sequence[str], problems: list[Problem]) -> dict[str, bytes]:
    """The optional files of a data folder that exist (too large ones become a problem instead)."""
    contents: dict[str, bytes] = {}
    for name in names:
        path = data_dir / name
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            problems.append(Problem(name, f"the file is larger than {MAX_FILE_BYTES:,} bytes"))
        else:
            contents[name] = path.read_bytes()
    return contents


def build_journey(
    places_csv: bytes | None,
    routes_csv: bytes | None,
    countries_csv: bytes | None = None,
    *,
    problems: list[Problem] | None = None,
) -> LoadResult:
    """Validate the contents of the files; a Journey only when there is no problem at all.

    A required file given as None could not be read (its problem is already in `problems`); the
    other one is still checked, so that one pass shows everything there is to fix. countries.csv is
    optional: None means there is none.
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
    if problems or places_table is None or routes_table is None:
        files = list(REQUIRED_COLUMNS)
        ordered = sorted(problems, key=lambda p: (files.index(p.file) if p.file in files else -1, p.row or 0))
        return LoadResult(None, tuple(ordered))
    return LoadResult(Journey(places=places, routes=routes, stances=stances))


def parse_table(file: str, raw: bytes, problems: list[Problem]) -> Table | None:
    """Decode and split one CSV file; report encoding, header and shape problems."""
    required = REQUIRED_COLUMNS[file]
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(file, f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"))
        return None
    if not raw.strip():
        problems.append(Problem(file, "the file is empty: it needs a header row and at least one data row"))
        return None
    if b"\x00" in raw:
        problems.append(Problem(file, "this is not a text file (it contains NUL bytes); save it as CSV"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        problems.append(
            Problem(
                file,
                f"the file is not UTF-8 text (byte 0x{raw[err.start]:02x} at position {err.start}); "
                "save it as CSV UTF-8",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(file, "the file is empty: it needs a header row and at least one data row"))
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        problems.append(Problem(file, f"the file is not valid CSV ({err})"))
        return None
    header = [name.strip() for name in records[0]]
    if len(header) == 1 and required[0] in header[0] and any(s in header[0] for s in ";\t|"):
        problems.append(
            Problem(file, "the columns are not separated by commas; save the file as comma-separated CSV", 1)
        )
        return None
    before = len(problems)
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            problems.append(Problem(file, f"the column {name!r} appears twice in the header", 1, name))
        seen.add(name)
    for name in required:
        if name not in seen:
            problems.append(Problem(file, f"the required column {name!r} is missing from the header", 1, name))
    if len(problems) > before:
        return None
    if len(records) - 1 > MAX_ROWS:
        problems.append(Problem(file, f"the file has {len(records) - 1:,} rows; the limit is {MAX_ROWS:,}"))
        return None
    rows: list[tuple[int, Mapping[str, str]]] = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as spreadsheets leave at the end
        if len(cells) != len(header):
            problems.append(
                Problem(file, f"this row has {len(cells)} cells but the header has {len(header)} columns", number)
            )
            continue
        rows.append((number, {name: cell.strip() for name, cell in zip(header, cells, strict=True) if name}))
    if not rows and len(problems) == before:
        problems.append(Problem(file, "the file has a header but no data rows"))
        return None
    return Table(file, tuple(rows))


class Row:
    """Typed access to one row's cells; every failed conversion becomes a Problem."""

    def __init__(self, file: str, number: int, cells: Mapping[str, str], problems: list[Problem]):
        self.file, self.row_number, self.cells, self.problems = file, number, cells, problems
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        self.problems.append(Problem(self.file, message, self.row_number, column))

    def text(self, column: str, required: bool = True) -> str:
        value = self.cells.get(column, "")
        if required and not value:
            self.fail(column, "this cell is empty but is required")
        elif len(value) > MAX_TEXT_CHARS:
            self.fail(column, f"the text is {len(value):,} characters long; the limit is {MAX_TEXT_CHARS:,}")
        return value

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
            self.fail(
                column,
                f"{value!r} is not a valid id: use lowercase letters, digits, '-' and '_', "
                "starting with a letter or digit",
            )
        return value

    def choice(self, column: str, allowed: Sequence[str]) -> str:
        value = self.text(column)
        if value and value not in allowed:
            self.fail(column, f"{value!r} is not one of: {', '.join(allowed)}")
        return value

    def integer(self, column: str, low: int, high: int, required: bool = True) -> int | None:
        value = self.text(column, required)
        if not value:
            return None
        try:
            number = int(value)
        except ValueError:
            self.fail(column, f"{value!r} is not a whole number")
            return None
        if not low <= number <= high:
            self.fail(column, f"{number} is out of range ({low} to {high})")
            return None
        return number

    def number(self, column: str, low: float, high: float, what: str, required: bool = True) -> float | None:
        value = self.text(column, required)
        if not value:
            return None
        try:
            decimal = Decimal(value.replace("\u2212", "-"))
        except InvalidOperation:
            self.fail(column, f"{value!r} is not a number")
            return None
        if not decimal.is_finite():
            self.fail(column, f"{value!r} is not a finite number")
            return None
        number = float(decimal)
        if not low <= number <= high:
            self.fail(column, f"{value} is not {what} ({_signed(low)} to {_signed(high)})")
            return None
        return number

    def coordinate(self, column: str, limit: float, what: str) -> float | None:
        number = self.number(column, -limit, limit, what)
        if number is None:
            return None
        exponent = Decimal(self.cells[column].replace("\u2212", "-")).normalize().as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if decimals > MAX_DECIMALS:
            self.fail(
                column,
                f"{self.cells[column]} has {decimals} decimals; use at most {MAX_DECIMALS} "
                "(city or province level, so no exact location is published)",
            )
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
            row.fail("place_id", f"the place id {place_id!r} is already used in row {first_row[place_id]}")
        name = row.text("name")
        country = row.text("country")
        if country and country not in COUNTRY_CODES:
            row.fail("country", f"{country!r} is not an ISO 3166-1 alpha-2 country code (like KP, CN, TH)")
        lat = row.coordinate("lat", 90, "a latitude")
        lon = row.coordinate("lon", 180, "a longitude")
        kind = row.choice("kind", kinds)
        summary = row.text("summary")
        source = row.text("source")
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
                split_sources(source),
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
                row.fail(column, f"unknown place {ends[column]!r}: it is not a place_id in {PLACES_FILE}")
        if ends["from_place"] and ends["from_place"] == ends["to_place"]:
            row.fail("to_place", f"the leg starts and ends at the same place ({ends['to_place']!r})")
        mode = row.choice("mode", modes)
        stage = row.text("stage")
        risk = row.integer("risk_level", 1, 5)
        risks = row.text("risks")
        source = row.text("source")
        note = row.text("note", required=False)
        duration = row.number("duration_days", 0, 36_500, "a number of days", required=False)
        duration_note = row.text("duration_note", required=False)
        cost_usd = row.number("cost_usd", 0, 10_000_000, "an amount in US dollars", required=False)
        cost_year = row.integer("cost_year", 1900, 2100, required=False)
        cost_note = row.text("cost_note", required=False)
        if cost_year is not None and cost_usd is None:
            row.fail("cost_usd", "cost_year is given but cost_usd is empty: which amount is it the year of?")
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
                sources=split_sources(source),
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
                Problem(
                    file,
                    f"route {route_id!r} is called {first.route_name!r} in row {first.number} "
                    f"but {row.route_name!r} here; use one name per route",
                    row.number,
                    "route_name",
                )
            )
    by_step: dict[int, _LegRow] = {}
    for row in rows:
        if row.step in by_step:
            problems.append(
                Problem(
                    file,
                    f"step {row.step} of route {route_id!r} is already in row {by_step[row.step].number}",
                    row.number,
                    "step",
                )
            )
        else:
            by_step[row.step] = row
    missing = [step for step in range(1, max(by_step) + 1) if step not in by_step]
    if missing:
        listed = ", ".join(str(step) for step in missing)
        problems.append(
            Problem(
                file,
                f"route {route_id!r} has no step {listed}: steps must run 1, 2, 3… without gaps",
                by_step[min(s for s in by_step if s > missing[0])].number,
                "step",
            )
        )
    ordered = [by_step[step] for step in sorted(by_step)]
    for previous, row in itertools.pairwise(ordered):
        if row.step == previous.step + 1 and previous.to_place and row.from_place != previous.to_place:
            problems.append(
                Problem(
                    file,
                    f"step {row.step} of route {route_id!r} starts at {row.from_place!r}, but step "
                    f"{previous.step} (row {previous.number}) ended at {previous.to_place!r}",
                    row.number,
                    "from_place",
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
            row.fail("country", f"{country!r} is not an ISO 3166-1 alpha-2 country code (like KP, CN, TH)")
        elif country in first_row:
            row.fail("country", f"the country {country!r} is already described in row {first_row[country]}")
        stance = row.choice("stance", [s.value for s in Stance])
        explanation = row.text("explanation")
        source = row.text("source")
        note = row.text("note", required=False)
        first_row.setdefault(country, number)
        if row.ok:
            stances[country] = CountryStance(
                country, Stance(stance), explanation, split_sources(source), note, row.translations()
            )
    return stances
