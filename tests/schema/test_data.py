"""components.schema.data: reading and validating places.csv and routes.csv."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from components.domain.journey import Place
from components.schema import data
from components.schema import files as schema
from components.schema.data import (
    PLACES_FILE,
    ROUTES_FILE,
    Problem,
    build_journey,
    read_journey,
    split_sources,
)
from tests.conftest import (
    PLACES,
    PLACES_HEADER,
    ROUTES,
    ROUTES_HEADER,
    SHIPPED_DATA,
    csv_text,
    mini_places,
    mini_routes,
)

P, R = PLACES_FILE, ROUTES_FILE


def places_with(row: int, cells: dict[int, str]) -> str:
    """The mini places.csv with some cells of one data row replaced (row counted as in a spreadsheet)."""
    rows = [line.split(",") for line in PLACES]
    for index, value in cells.items():
        rows[row - 2][index] = value
    return csv_text(PLACES_HEADER, [",".join(r) for r in rows])


def routes_with(row: int, cells: dict[int, str]) -> str:
    rows = [line.split(",") for line in ROUTES]
    for index, value in cells.items():
        rows[row - 2][index] = value
    return csv_text(ROUTES_HEADER, [",".join(r) for r in rows])


# (case id, places.csv, routes.csv, expected problems as (file, row, column, words in the message))
BAD_INPUTS: list[tuple[str, str | bytes, str | bytes, list[tuple[str, int | None, str | None, str]]]] = [
    ("empty places", "", mini_routes(), [(P, None, None, "is empty")]),
    ("whitespace-only routes", mini_places(), "  \n\n", [(R, None, None, "is empty")]),
    ("BOM only", "\ufeff", mini_routes(), [(P, None, None, "is empty")]),
    ("header only", PLACES_HEADER + "\n", mini_routes(), [(P, None, None, "no data rows")]),
    ("latin-1 bytes", "place_id,name\nx,Caf\xe9\n".encode("latin-1"), mini_routes(), [(P, None, None, "not UTF-8")]),
    ("binary garbage", b"\x89PNG\r\n\x1a\n\x00\x00\x00", mini_routes(), [(P, None, None, "not a text file")]),
    (
        "semicolon separated",
        mini_places().replace(",", ";"),
        mini_routes(),
        [(P, 1, None, "not separated by commas")],
    ),
    (
        "missing column",
        mini_places()
        .replace(",summary", "")
        .replace(",Where it starts.", "")
        .replace(",A place to hide.", "")
        .replace(",Where it ends.", ""),
        mini_routes(),
        [(P, 1, "summary", "required column 'summary' is missing")],
    ),
    (
        "duplicate column",
        mini_places().replace("source", "name", 1),
        mini_routes(),
        [(P, 1, "name", "appears twice"), (P, 1, "source", "missing")],
    ),
    (
        "ragged row (extra cell)",
        csv_text(PLACES_HEADER, [*PLACES[:2], PLACES[2] + ",extra"]),
        mini_routes(),
        [(P, 4, None, "9 cells but the header has 8")],
    ),
    (
        "ragged row (missing cell)",
        csv_text(PLACES_HEADER, [PLACES[0], PLACES[1].rsplit(",", 1)[0], PLACES[2]]),
        mini_routes(),
        [(P, 3, None, "7 cells")],
    ),
    ("latitude out of range", places_with(2, {3: "91.5"}), mini_routes(), [(P, 2, "lat", "91.5 is not a latitude")]),
    ("longitude out of range", places_with(3, {4: "-181"}), mini_routes(), [(P, 3, "lon", "not a longitude")]),
    ("latitude not a number", places_with(2, {3: "north"}), mini_routes(), [(P, 2, "lat", "'north' is not a number")]),
    ("latitude NaN", places_with(2, {3: "NaN"}), mini_routes(), [(P, 2, "lat", "not a finite number")]),
    ("longitude inf", places_with(2, {4: "inf"}), mini_routes(), [(P, 2, "lon", "not a finite number")]),
    ("over-precise latitude", places_with(2, {3: "42.4412"}), mini_routes(), [(P, 2, "lat", "4 decimals")]),
    ("over-precise longitude", places_with(4, {4: "100.505"}), mini_routes(), [(P, 4, "lon", "3 decimals")]),
    ("empty required cell", places_with(3, {1: ""}), mini_routes(), [(P, 3, "name", "empty but is required")]),
    ("empty source", places_with(2, {7: ""}), mini_routes(), [(P, 2, "source", "empty")]),
    ("bad place id", places_with(2, {0: "North Town"}), mini_routes(), [(P, 2, "place_id", "not a valid id")]),
    (
        "duplicate place id",
        places_with(3, {0: "north"}),
        mini_routes(),
        [(P, 3, "place_id", "already used in row 2")],
    ),
    ("unknown kind", places_with(2, {5: "camp"}), mini_routes(), [(P, 2, "kind", "'camp' is not one of")]),
    ("bad country code", places_with(2, {2: "XX"}), mini_routes(), [(P, 2, "country", "not an ISO 3166-1")]),
    ("country name not code", places_with(2, {2: "Korea"}), mini_routes(), [(P, 2, "country", "ISO")]),
    (
        "unknown place reference",
        mini_places(),
        routes_with(3, {4: "nowhere"}),
        [(R, 3, "to_place", "unknown place 'nowhere'")],
    ),
    (
        "leg to the same place",
        mini_places(),
        routes_with(2, {4: "north"}),
        [(R, 2, "to_place", "same place"), (R, 3, "from_place", "ended at 'north'")],
    ),
    (
        "broken step chain",
        mini_places(),
        routes_with(3, {3: "north"}),
        [(R, 3, "from_place", "starts at 'north', but step 1 (row 2) ended at 'middle'")],
    ),
    ("step gap", mini_places(), routes_with(3, {2: "3"}), [(R, 3, "step", "has no step 2")]),
    ("duplicate step", mini_places(), routes_with(3, {2: "1"}), [(R, 3, "step", "already in row 2")]),
    ("step not a number", mini_places(), routes_with(2, {2: "one"}), [(R, 2, "step", "not a whole number")]),
    ("step zero", mini_places(), routes_with(2, {2: "0"}), [(R, 2, "step", "out of range")]),
    ("fractional step", mini_places(), routes_with(2, {2: "1.5"}), [(R, 2, "step", "not a whole number")]),
    ("unknown mode", mini_places(), routes_with(2, {5: "swim"}), [(R, 2, "mode", "'swim' is not one of")]),
    (
        "risk out of range",
        mini_places(),
        routes_with(3, {7: "7"}),
        [(R, 3, "risk_level", "7 is out of range (1 to 5)")],
    ),
    ("risk not integer", mini_places(), routes_with(3, {7: "high"}), [(R, 3, "risk_level", "not a whole number")]),
    (
        "route name differs",
        mini_places(),
        routes_with(3, {1: "Other name"}),
        [(R, 3, "route_name", "one name per route")],
    ),
    ("bad route id", mini_places(), routes_with(2, {0: "Main Route"}), [(R, 2, "route_id", "not a valid id")]),
    (
        "missing routes column",
        mini_places(),
        mini_routes().replace("risk_level", "danger"),
        [(R, 1, "risk_level", "missing")],
    ),
    (
        "cost year without amount",
        mini_places(),
        csv_text(ROUTES_HEADER + ",cost_usd,cost_year", [ROUTES[0] + ",,2012", ROUTES[1] + ",,"]),
        [(R, 2, "cost_usd", "cost_year is given")],
    ),
    (
        "negative duration",
        mini_places(),
        csv_text(ROUTES_HEADER + ",duration_days", [ROUTES[0] + ",-3", ROUTES[1] + ","]),
        [(R, 2, "duration_days", "not a number of days")],
    ),
    (
        "over-long text",
        places_with(2, {6: "x" * 5000}),
        mini_routes(),
        [(P, 2, "summary", "5,000 characters")],
    ),
    ("tab separated", mini_places().replace(",", "\t"), mini_routes(), [(P, 1, None, "not separated by commas")]),
    (
        "huge file",
        mini_places() + ("x," * 100 + "\n") * 30_000,
        mini_routes(),
        [(P, None, None, "the limit is 5,000,000")],
    ),
    (
        "too many rows",
        csv_text(PLACES_HEADER, [f"p{i},P,KP,1,1,origin,s,src https://example.org/s" for i in range(20_001)]),
        mini_routes(),
        [(P, None, None, "20,001 rows; the limit is 20,000")],
    ),
    (
        "one giant cell",
        mini_places().replace("Where it starts.", '"' + "y" * 200_000 + '"'),
        mini_routes(),
        [(P, None, None, "not valid CSV")],
    ),
    (
        "both files broken at once",
        places_with(2, {3: "95"}),
        routes_with(2, {7: "9"}),
        [(P, 2, "lat", "not a latitude"), (R, 2, "risk_level", "out of range")],
    ),
]


@pytest.mark.parametrize(("places", "routes", "expected"), [c[1:] for c in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS])
def test_bad_input_gives_located_problems(
    places: str | bytes, routes: str | bytes, expected: list[tuple[str, int | None, str | None, str]]
) -> None:
    result = build_journey(_bytes(places), _bytes(routes))
    assert result.journey is None
    assert not result.ok
    for file, row, column, words in expected:
        matches = [p for p in result.problems if (p.file, p.row, p.column) == (file, row, column)]
        assert matches, f"no problem at {file}:{row}:{column}; got {[str(p) for p in result.problems]}"
        assert any(words in p.message for p in matches), [p.message for p in matches]


def _bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def test_all_problems_are_reported_not_just_the_first() -> None:
    places = csv_text(
        PLACES_HEADER,
        [
            "north,Northtown,KP,91,129.75,origin,s,src https://example.org/s",
            "middle,Midcity,ZZ,42.89,129.555,hiding,s,src https://example.org/s",
            "south,Southport,TH,13.75,100.5,volcano,s,src https://example.org/s",
        ],
    )
    result = build_journey(places.encode(), mini_routes().encode())
    located = {(p.row, p.column) for p in result.problems}
    assert {(2, "lat"), (3, "country"), (3, "lon"), (4, "kind")} <= located


def test_the_mini_data_set_is_valid() -> None:
    result = build_journey(mini_places().encode(), mini_routes().encode())
    assert result.ok, [str(p) for p in result.problems]
    assert result.journey is not None
    route = result.journey.routes[0]
    assert route.route_id == "main"
    assert [p.place_id for p in route.places] == ["north", "middle", "south"]


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda t: "\ufeff" + t, id="utf-8 BOM"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="CRLF"),
        pytest.param(lambda t: t + "\n\n", id="trailing blank lines"),
    ],
)
def test_encodings_and_line_endings_are_accepted(transform: object) -> None:
    assert callable(transform)
    result = build_journey(transform(mini_places()).encode(), transform(mini_routes()).encode())
    assert result.ok, [str(p) for p in result.problems]


def test_column_order_does_not_matter_and_extra_columns_are_allowed() -> None:
    header = PLACES_HEADER.split(",")
    order = [7, 6, 5, 4, 3, 2, 1, 0]
    rows = [line.split(",") for line in PLACES]
    text = csv_text(
        ",".join([*(header[i] for i in order), "name_ko"]),
        [",".join([*(r[i] for i in order), "이름"]) for r in rows],
    )
    result = build_journey(text.encode(), mini_routes().encode())
    assert result.ok, [str(p) for p in result.problems]
    assert result.journey is not None
    assert result.journey.places["north"].lat == 42.44


def test_quoted_cells_with_commas_and_newlines_keep_spreadsheet_row_numbers() -> None:
    rows = [
        'north,"Northtown, North",KP,42.44,129.75,origin,"Two\nlines",src https://example.org/s',
        PLACES[1],
        "south,Southport,TH,13.75,200,destination,s,src https://example.org/s",
    ]
    result = build_journey(csv_text(PLACES_HEADER, rows).encode(), mini_routes().encode())
    assert [(p.row, p.column) for p in result.problems] == [(4, "lon")]


def test_optional_columns_become_durations_costs_and_notes() -> None:
    header = ROUTES_HEADER + ",duration_days,duration_note,cost_usd,cost_year,cost_note,note"
    rows = [ROUTES[0] + ",2,two days,3000,2012,the fee,sources differ", ROUTES[1] + ",,,,,only a note,"]
    result = build_journey(mini_places().encode(), csv_text(header, rows).encode())
    assert result.journey is not None, [str(p) for p in result.problems]
    first, second = result.journey.routes[0].legs
    assert first.duration_days == 2
    assert first.cost is not None
    assert (first.cost.usd, first.cost.year, first.cost.note) == (3000, 2012, "the fee")
    assert first.note == "sources differ"
    assert second.cost is not None
    assert second.cost.usd is None
    assert second.cost.note == "only a note"


@dataclass(frozen=True, slots=True)
class _PlaceWithRegion(Place):
    region: str = ""


def test_a_new_column_reaches_the_domain_type_with_its_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding a column is the declaration and the domain type's field: the checker reads it from the declaration."""
    region = schema.Column("region", "the region", required=False, translatable=True, cell=schema.TEXT)
    places = schema.CsvFile(
        schema.PLACES.name, schema.PLACES.rows, schema.PLACES.shown_as, (*schema.PLACES.columns, region)
    )
    monkeypatch.setattr(schema, "PLACES", places)
    monkeypatch.setattr(data, "Place", _PlaceWithRegion)
    rows = [f"{line},North,북부" for line in PLACES[:1]] + [f"{line},," for line in PLACES[1:]]
    result = build_journey(csv_text(PLACES_HEADER + ",region,region_ko", rows).encode(), mini_routes().encode())
    assert result.journey is not None, [str(p) for p in result.problems]
    north, south = result.journey.places["north"], result.journey.places["south"]
    assert isinstance(north, _PlaceWithRegion)
    assert isinstance(south, _PlaceWithRegion)
    assert (north.region, north.text("region", "ko"), south.region) == ("North", "북부", "")
    too_long = [f"{PLACES[0]},{'x' * 5000},", *(f"{line},," for line in PLACES[1:])]
    problems = build_journey(csv_text(PLACES_HEADER + ",region,region_ko", too_long).encode(), b"").problems
    assert (P, 2, "region") in {(p.file, p.row, p.column) for p in problems}  # checked as its cell says


def test_unicode_minus_is_read_as_a_sign() -> None:
    result = build_journey(places_with(2, {4: "\u221279.4"}).encode(), mini_routes().encode())
    assert result.journey is not None, [str(p) for p in result.problems]
    assert result.journey.places["north"].lon == -79.4


@pytest.mark.parametrize(
    ("problem", "line", "words"),
    [
        (Problem("places.csv", "bad", 7, "lat"), "places.csv:7:lat: bad", "places.csv row 7, column lat"),
        (Problem("places.csv", "bad", 1), "places.csv:1: bad", "places.csv row 1"),
        (Problem("routes.csv", "bad"), "routes.csv: bad", "routes.csv"),
        (Problem("routes.csv", "bad", None, "x"), "routes.csv:x: bad", "routes.csv column x"),
    ],
)
def test_problem_formats(problem: Problem, line: str, words: str) -> None:
    assert str(problem) == line
    assert problem.location == words


def test_read_journey_reports_missing_files_and_folders(tmp_path: Path) -> None:
    missing = read_journey(tmp_path / "nope")
    assert [p.message for p in missing.problems] == ["this data folder does not exist"]
    (tmp_path / "places.csv").write_text(mini_places())
    only_places = read_journey(tmp_path)
    assert [(p.file, "missing" in p.message) for p in only_places.problems] == [("routes.csv", True)]


def test_shipped_data_is_valid_and_safe() -> None:
    result = read_journey(SHIPPED_DATA)
    assert result.ok, [str(p) for p in result.problems]
    journey = result.journey
    assert journey is not None
    southern = journey.route("southern")
    assert southern is not None
    assert len(southern.legs) >= 8
    assert southern.places[0].country == "KP"
    assert southern.places[-1].country == "KR"
    assert len(journey.routes) >= 3
    for place in journey.places.values():
        assert place.sources
        for value in (place.lat, place.lon):
            assert round(value, 2) == value
    for route in journey:
        for leg in route.legs:
            assert leg.sources
            assert leg.risks


def test_split_sources() -> None:
    assert split_sources("A 2020, https://a.org/x ; B 2021; C") == ("A 2020, https://a.org/x", "B 2021", "C")
    assert split_sources("https://a.org/x;y") == ("https://a.org/x;y",)
    assert split_sources("a ;  ; b;c;\t d;") == ("a", "b;c", "d;")  # empty sources dropped; ";" ends one before space
    assert split_sources(" " * 5000 + ";" + " " * 5000) == ()


COUNTRIES_HEADER = "country,stance,explanation,source"
COUNTRIES_OK = [
    "KP,origin,Leaving is a crime.,RFA 2020 https://example.org/rfa",
    "TH,detains_then_deports,Fined then deported.,AP 2008 https://example.org/ap",
]

BAD_COUNTRIES: list[tuple[str, str, list[tuple[int | None, str | None, str]]]] = [
    (
        "unknown stance",
        csv_text(COUNTRIES_HEADER, ["KP,friendly,x,src https://example.org/s"]),
        [(2, "stance", "'friendly' is not one of")],
    ),
    (
        "bad code",
        csv_text(COUNTRIES_HEADER, ["Korea,origin,x,src https://example.org/s"]),
        [(2, "country", "not an ISO")],
    ),
    (
        "twice",
        csv_text(COUNTRIES_HEADER, [*COUNTRIES_OK, "KP,origin,y,src https://example.org/s"]),
        [(4, "country", "already described")],
    ),
    ("no source", csv_text(COUNTRIES_HEADER, ["KP,origin,x,"]), [(2, "source", "empty")]),
    ("missing column", "country,stance,source\nKP,origin,src\n", [(1, "explanation", "missing")]),
    ("empty", "", [(None, None, "is empty")]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in BAD_COUNTRIES], ids=[c[0] for c in BAD_COUNTRIES])
def test_bad_countries_file(text: str, expected: list[tuple[int | None, str | None, str]]) -> None:
    result = build_journey(mini_places().encode(), mini_routes().encode(), text.encode())
    assert result.journey is None
    for row, column, words in expected:
        assert any(
            (p.file, p.row, p.column) == ("countries.csv", row, column) and words in p.message for p in result.problems
        ), [str(p) for p in result.problems]


FACTS_HEADER = "route_id,kind,value,value_high,year_from,year_to,source"
FACT_SOURCE = "Report 2021 https://example.org/r"

# route_facts.csv: a figure's unit follows its kind (days or US$), and its range and period must be in order.
BAD_ROUTE_FACTS: list[tuple[str, str, str | None, str]] = [
    ("unknown route", f"nowhere,cost_usd,10,,,,{FACT_SOURCE}", "route_id", "unknown route 'nowhere'"),
    ("unknown kind", f"main,distance_km,10,,,,{FACT_SOURCE}", "kind", "'distance_km' is not one of"),
    ("days out of range", f"main,duration_days,-3,,,,{FACT_SOURCE}", "value", "not a number of days"),
    ("dollars out of range", f"main,cost_usd,-3,,,,{FACT_SOURCE}", "value", "not an amount in US dollars"),
    ("high below low", f"main,cost_usd,3000,2000,,,{FACT_SOURCE}", "value_high", "below the low amount"),
    ("period reversed", f"main,cost_usd,3000,,2012,2010,{FACT_SOURCE}", "year_to", "ends (2010) before"),
    ("year out of range", f"main,cost_usd,3000,,1800,,{FACT_SOURCE}", "year_from", "out of range"),
    ("no source", "main,cost_usd,3000,,,,", "source", "empty"),
]


@pytest.mark.parametrize(
    ("line", "column", "words"), [c[1:] for c in BAD_ROUTE_FACTS], ids=[c[0] for c in BAD_ROUTE_FACTS]
)
def test_bad_route_facts(line: str, column: str | None, words: str) -> None:
    facts = csv_text(FACTS_HEADER, [line]).encode()
    result = build_journey(mini_places().encode(), mini_routes().encode(), route_facts_csv=facts)
    assert result.journey is None
    assert any(
        (p.file, p.row, p.column) == ("route_facts.csv", 2, column) and words in p.message for p in result.problems
    ), [str(p) for p in result.problems]


def test_route_facts_reach_their_route() -> None:
    facts = csv_text(FACTS_HEADER, [f"main,duration_days,30,60,2010,2012,{FACT_SOURCE}"]).encode()
    result = build_journey(mini_places().encode(), mini_routes().encode(), route_facts_csv=facts)
    assert result.journey is not None, [str(p) for p in result.problems]
    (fact,) = result.journey.routes[0].facts
    assert (fact.kind, fact.value, fact.value_high, fact.year_from, fact.year_to) == (
        "duration_days",
        30,
        60,
        2010,
        2012,
    )
    assert fact.sources == (FACT_SOURCE,)


def test_countries_file_is_optional_and_read_when_present(mini_dir: Path) -> None:
    assert read_journey(mini_dir).journey is not None
    (mini_dir / "countries.csv").write_text(csv_text(COUNTRIES_HEADER, COUNTRIES_OK))
    journey = read_journey(mini_dir).journey
    assert journey is not None
    assert journey.stances["TH"].stance == "detains_then_deports"
    assert journey.stances["KP"].sources == ("RFA 2020 https://example.org/rfa",)


def test_translation_columns_are_read_and_fall_back_to_english() -> None:
    places = csv_text(
        PLACES_HEADER + ",name_ko,summary_ko,country_ko",
        [PLACES[0] + ",북쪽 마을,,x", PLACES[1] + ",,,", PLACES[2] + ",남쪽 항구,끝.,"],
    )
    routes = csv_text(
        ROUTES_HEADER + ",route_name_ko,stage_ko",
        [ROUTES[0] + ",주 경로,강 건너기", ROUTES[1] + ",주 경로,"],
    )
    journey = build_journey(places.encode(), routes.encode()).journey
    assert journey is not None
    north, middle, south = (journey.places[k] for k in ("north", "middle", "south"))
    assert north.text("name", "ko") == "북쪽 마을"
    assert north.text("summary", "ko") == "Where it starts."  # empty translation → English
    assert middle.text("name", "ko") == "Midcity"
    assert south.text("summary", "ko") == "끝."
    assert north.text("name", "en") == "Northtown"
    assert "country_ko" not in north.translations  # only free-text columns are translatable
    route = journey.routes[0]
    assert route.text("name", "ko") == "주 경로"
    assert route.text("name", "en") == "Main route"
    assert route.leg(1).text("stage", "ko") == "강 건너기"
    assert route.leg(2).text("stage", "ko") == "By bus"


HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "`${alert(1)}`",
    '=HYPERLINK("http://evil","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "[x](javascript:alert(1))",
    "\u202eevil\u202c",
]
PLACE_TEXT_COLUMNS = {"name": 1, "summary": 6, "source": 7}
ROUTE_TEXT_COLUMNS = {"route_name": 1, "stage": 6, "risks": 8, "source": 9}


@pytest.mark.parametrize("payload", HOSTILE_TEXT)
@pytest.mark.parametrize("column", [*PLACE_TEXT_COLUMNS, *ROUTE_TEXT_COLUMNS])
def test_hostile_text_is_accepted_as_text_and_never_runs(column: str, payload: str) -> None:
    """Free text may contain anything: it is data, shown escaped and written spreadsheet-safe."""
    import csv as csv_module
    import io as io_module

    from components.builders.markup import stage_card
    from components.export.standalone import write_csv
    from components.texts.en import Texts

    def quoted(line: str, index: int) -> str:
        cells = next(csv_module.reader([line]))
        # A source must still be one a reader can follow: the payload sits in front of its URL.
        cells[index] = payload + " https://example.org/x" if column.startswith("source") else payload
        out = io_module.StringIO()
        csv_module.writer(out, lineterminator="").writerow(cells)
        return out.getvalue()

    places = list(PLACES)
    routes = list(ROUTES)
    if column in PLACE_TEXT_COLUMNS:
        places[0] = quoted(places[0], PLACE_TEXT_COLUMNS[column])
    else:
        routes = [quoted(line, ROUTE_TEXT_COLUMNS[column]) for line in routes]
    result = build_journey(csv_text(PLACES_HEADER, places).encode(), csv_text(ROUTES_HEADER, routes).encode())
    assert result.journey is not None, [str(p) for p in result.problems]
    card = stage_card(result.journey.routes[0], 1, Texts())
    assert "<script>" not in card
    assert "<img" not in card
    assert "${" not in card
    written = write_csv(["value"], [{"value": payload}]).decode()
    assert not next(csv_module.reader(io_module.StringIO(written.splitlines()[1])))[0].startswith(("=", "+", "@"))


# The source rule: a URL, or a book ("Author, Title (Year)[, ISBN …]") or a film ("Director, Title, film, Year").
SOURCE_ITEMS: list[tuple[str, bool]] = [
    ("RFA 2013, https://www.rfa.org/english/news/laos/defectors-05312013155247.html", True),
    ("Report 2021 http://example.org/r", True),
    ("Barbara Demick, Nothing to Envy (2009)", True),
    ("Barbara Demick, Nothing to Envy (2009), ISBN 978-0-385-52390-5", True),
    ("Barbara Demick, Nothing to Envy (2009), ISBN 0385523904", True),
    ("Ann Shin, The Defector: Escape From North Korea, film, 2012", True),
    ("Atlas 2020", False),
    ("Korea Herald 2013 (no URL)", False),
    ("Nothing to Envy (2009)", False),  # no author
    ("Barbara Demick, Nothing to Envy", False),  # no year
    ("Barbara Demick, Nothing to Envy (2009), ISBN unknown", False),
    ("Ann Shin, The Defector, film", False),  # no year
    ("The Defector, 2012", False),
    ("example.org/article", False),  # a URL needs its scheme
    ("ftp://example.org/file", False),
]


@pytest.mark.parametrize(("item", "ok"), SOURCE_ITEMS)
def test_a_source_item_has_a_url_or_is_a_book_or_film(item: str, ok: bool) -> None:
    from components.schema.data import is_followable_source

    assert is_followable_source(item) is ok
    places = places_with(2, {7: f'"{item}"'})
    problems = build_journey(places.encode(), mini_routes().encode()).problems
    located = [(p.file, p.row, p.column, p.key) for p in problems]
    assert located == ([] if ok else [(P, 2, "source", "source_item")])


def test_every_item_of_a_source_cell_is_checked() -> None:
    routes = routes_with(3, {9: '"Report 2021 https://example.org/r ; Somebody said so ; Atlas 2020"'})
    problems = build_journey(mini_places().encode(), routes.encode()).problems
    assert [(p.row, p.column) for p in problems] == [(3, "source"), (3, "source")]
    assert "'Somebody said so'" in problems[0].message
    assert "'Atlas 2020'" in problems[1].message


SHIPPED_CSV = sorted(SHIPPED_DATA.glob("*.csv"))
# Our own research files must never reach a reader: the product cites the public sources they name.
INTERNAL = (
    "facts.md",
    "data-audit",
    "seed article",
    "research sheet",
    "fact sheet",
    "../shared",
    "wikileaks",
    "팩트 시트",
)


def shipped_cells() -> list[tuple[str, int, str, str]]:
    import csv as csv_module

    cells = []
    for path in SHIPPED_CSV:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv_module.DictReader(handle), start=2):
                cells.extend((path.name, number, column, value) for column, value in row.items() if value)
    return cells


def test_shipped_data_is_clean_every_file_included() -> None:
    from components.schema.context import read_context

    result = read_journey(SHIPPED_DATA)
    assert result.ok, [str(p) for p in result.problems]
    assert read_context(SHIPPED_DATA).problems == ()
    assert {p.name for p in SHIPPED_CSV} >= {"places.csv", "routes.csv", "countries.csv", "route_facts.csv"}


def test_no_shipped_text_mentions_an_internal_file() -> None:
    story = (SHIPPED_DATA / "story.toml").read_text(encoding="utf-8")
    found = [
        (file, row, column, word)
        for file, row, column, value in [*shipped_cells(), ("story.toml", 0, "*", story)]
        for word in INTERNAL
        if word in value.lower()
    ]
    assert found == []


def test_other_figures_are_never_rated_high_confidence() -> None:
    """A superseded or alternative figure (figure=other) is shown, but never as the best-rated one."""
    import csv as csv_module

    for name in ("arrivals.csv", "women_share.csv"):
        with (SHIPPED_DATA / name).open(encoding="utf-8") as handle:
            rows = list(csv_module.DictReader(handle))
        superseded = [r for r in rows if r["note"].startswith("Superseded")]
        assert superseded, name
        assert all(r["figure"] == "other" and r["confidence"] != "H" for r in superseded), name
        if name == "arrivals.csv":  # every other arrivals figure is an early tally or another outlet's count
            assert [r for r in rows if r["figure"] == "other" and r["confidence"] == "H"] == []


# docs/glossary-ko.md: one Korean term each. These are its mechanical rules.
KO_FORBIDDEN: list[tuple[str, str]] = [
    (r"탈북자", "탈북민, not 탈북자"),
    (r"신뢰도\s*(?:가|는)?\s*중간|중간\s*수준", "신뢰도 보통, not 중간"),
    (r"\d\s*[–—]\s*\d", "ranges with ~, not a dash between digits"),
    (r"Yonhap", "연합뉴스, not Yonhap"),
    (r"불법\s*(?:이주자|이민자|입국자|체류자)", "불법 이주민 is the one word for illegal migrant"),
    (r"유엔\s*조사위원회", "유엔 북한인권조사위원회"),
]


def korean_violations(texts: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    import re

    return [
        (where, rule, match.group(0))
        for where, text in texts
        for pattern, rule in KO_FORBIDDEN
        for match in re.finditer(pattern, text)
    ]


def test_korean_cells_follow_the_glossary() -> None:
    cells = [(f"{f}:{r}:{c}", v) for f, r, c, v in shipped_cells() if c.endswith("_ko")]
    assert cells, "the shipped data has Korean cells"
    assert korean_violations(cells) == []


def test_the_glossary_rules_do_fire() -> None:
    bad = [("x", "탈북자 3–5명, Yonhap, 불법 이민자, 신뢰도 중간, 유엔 조사위원회")]
    assert len(korean_violations(bad)) == len(KO_FORBIDDEN)
    assert korean_violations([("x", "신의주–단둥, 3~5명, 연합뉴스, 불법 이주민, 신뢰도 보통")]) == []


def test_context_files_have_korean_for_their_text() -> None:
    import csv as csv_module

    from components.schema.files import BY_NAME

    for name in ("arrivals.csv", "women_share.csv", "fees.csv"):
        with (SHIPPED_DATA / name).open(encoding="utf-8") as handle:
            rows = list(csv_module.DictReader(handle))
        for column in BY_NAME[name].translatable:
            missing = [r for r in rows if r[column] and r[column].isascii() and not r.get(f"{column}_ko")]
            assert not [r for r in missing if not r[column][:4].isdigit()], (name, column)
