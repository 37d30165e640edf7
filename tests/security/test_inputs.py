"""The attack table against everything a stranger sends: cells, files, file names, links, options.

Each row of tests/security/attacks.py that is an input (URL schemes, separators, sizes, file names,
counts) is run against the one function that takes that input; every answer is bounded (at most 101
problems, each message short) and nothing hostile is let through.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from components.builders.markup import escape_markdown, source_link
from components.builders.share import public_base
from components.domain.navigation import Fallback, resolve
from components.domain.settings import story_url_from
from components.domain.urls import link_problem
from components.export.site import main as export_site
from components.schema import files as schema
from components.schema.data import MAX_FILE_BYTES, MAX_ROWS, MAX_TEXT_CHARS, build_journey, problem_count
from components.schema.uploads import MAX_FILES, NAME_CHARS, choose_uploads
from tests.conftest import SHIPPED_DATA, mini_places, mini_routes
from tests.security.attacks import ATTACK_CLASSES, COUNTS, FILE_NAMES, IN_EVERY_TEXT, SEPARATORS, SIZES, URL_SCHEMES

MAX_LISTED = 101  # 100 problems and the count of the rest
MAX_MESSAGE = 400  # characters: a message quotes at most about 80 of a cell


def _text_columns(csv_file: schema.CsvFile) -> list[str]:
    return [c.name for c in csv_file.columns if c.cell.kind in ("text", "sources")]


def _with_cell(text: str, columns: list[str], cell: str) -> bytes:
    rows = list(csv.DictReader(io.StringIO(text)))
    fields = list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*fields, *(c for c in columns if c not in fields)])
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, **dict.fromkeys(columns, cell)})
    return out.getvalue().encode()


def _assert_bounded(problems: tuple[object, ...]) -> None:
    assert 0 < len(problems) <= MAX_LISTED
    assert max(len(str(p)) for p in problems) <= MAX_MESSAGE, max(problems, key=lambda p: len(str(p)))


@pytest.mark.parametrize("cell", SEPARATORS, ids=[f"{c[:12]!r}…{len(c)}" for c in SEPARATORS])
def test_a_hostile_cell_in_every_text_column_gives_few_short_problems(cell: str) -> None:
    places = _with_cell(mini_places(), _text_columns(schema.PLACES), cell)
    routes = _with_cell(mini_routes(), _text_columns(schema.ROUTES), cell)
    result = build_journey(places, routes)
    assert result.journey is None
    _assert_bounded(result.problems)


def _places_past(limit: str) -> bytes:
    """places.csv one past a limit of the schema."""
    places = mini_places()
    if limit == "cell":
        return _with_cell(places, ["name"], "x" * (MAX_TEXT_CHARS + 1))
    if limit == "file":
        return places.encode() + b"#" * MAX_FILE_BYTES
    if limit == "rows":
        return places.encode() + b"x,x,KP,1,1,origin,s,s https://e.org\n" * (MAX_ROWS + 1)
    return places.replace("summary", "summary" + "_ko" * 20_000, 1).encode()


@pytest.mark.parametrize("limit", SIZES)
def test_one_past_each_limit_gives_few_short_problems(limit: str) -> None:
    result = build_journey(_places_past(limit), mini_routes().encode())
    assert result.journey is None
    _assert_bounded(result.problems)


def test_routes_far_apart_give_few_short_problems() -> None:
    routes = "\n".join(
        ["route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,source"]
        + [f"r{i},R,10000,north,middle,river,S,5,R,Src https://e.org/s" for i in range(COUNTS["routes at step 10,000"])]
    ).encode()
    result = build_journey(mini_places().encode(), routes)
    assert result.journey is None
    _assert_bounded(result.problems)


def test_the_table_has_every_attack_class() -> None:
    assert set(ATTACK_CLASSES) == {
        "markup",
        "template",
        "markdown",
        "url scheme",
        "separators",
        "sizes",
        "file names",
        "counts",
    }
    assert all(ATTACK_CLASSES.values())
    assert {a.attack_class for a in IN_EVERY_TEXT} == {"markup", "template", "markdown"}


def test_a_flood_of_problems_is_counted_not_listed() -> None:
    routes = "\n".join(
        ["route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,source"]
        + [f"r{i},R,1,nowhere,elsewhere,boat,S,9,R,no source" for i in range(COUNTS["problems in one file"])]
    ).encode()
    result = build_journey(mini_places().encode(), routes)
    assert len(result.problems) == MAX_LISTED
    assert problem_count(result.problems) > 10_000
    assert "more" in result.problems[-1].message


@pytest.mark.parametrize("name", FILE_NAMES, ids=range(len(FILE_NAMES)))
def test_only_the_files_the_schema_names_are_taken(name: str) -> None:
    chosen, problems = choose_uploads([name, "places.csv", "routes.csv"])
    assert chosen == {"places.csv": 1, "routes.csv": 2}
    assert all(len(p.file) <= NAME_CHARS + 8 for p in problems)


def test_a_folder_of_files_is_one_problem() -> None:
    names = [f"file{i}.csv" for i in range(COUNTS["files in one upload"] - 2)] + ["places.csv", "routes.csv"]
    chosen, problems = choose_uploads(names)
    assert set(chosen) <= {"places.csv", "routes.csv"}
    assert len(problems) == 1
    assert str(MAX_FILES) in problems[0].message


@pytest.mark.parametrize("url", URL_SCHEMES, ids=range(len(URL_SCHEMES)))
def test_no_hostile_address_is_taken_as_a_link(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert link_problem(url) is not None
    assert link_problem(url, relative=True) is not None
    assert story_url_from(url) is None
    with pytest.raises(SystemExit) as refused:
        export_site([str(tmp_path / "site"), "--data-dir", str(SHIPPED_DATA), "--app-url", url])
    assert refused.value.code == 2
    assert not (tmp_path / "site").exists()
    assert len(capsys.readouterr().err) < 600
    # In a source cell it is never a link, and in a Markdown text never a link either.
    assert 'href="javascript' not in source_link(f"Publisher, Title, {url}").lower()
    assert "](" not in escape_markdown(f"[x]({url})")


@pytest.mark.parametrize(
    ("route", "stage", "fallback"),
    [
        ("https://evil.example/login", None, Fallback.UNKNOWN_ROUTE),
        ("x" * 100_000, None, Fallback.UNKNOWN_ROUTE),
        ("southern", "9" * 5_000, Fallback.UNKNOWN_STAGE),  # int() refuses over 4,300 digits
        ("southern", "²", Fallback.UNKNOWN_STAGE),  # a digit to str.isdigit, not to int()
        ("southern", "٣", Fallback.UNKNOWN_STAGE),
        ("southern", "-1", Fallback.UNKNOWN_STAGE),
        ("southern", " 2 ", Fallback.NONE),
    ],
)
def test_a_hostile_link_falls_back_with_a_short_notice(route: str, stage: str | None, fallback: Fallback) -> None:
    from components.schema.data import read_journey

    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    selection = resolve(journey, route, stage)
    assert selection.fallback is fallback
    assert len(selection.asked) <= 80


@pytest.mark.parametrize("url", URL_SCHEMES, ids=range(len(URL_SCHEMES)))
def test_a_hostile_public_address_is_never_the_share_links_base(url: str) -> None:
    """--public-url (the operator's) or the address the browser used: only an http(s) one is shared."""
    assert public_base(url, None) == public_base(None, url) == "http://localhost:8501/"
