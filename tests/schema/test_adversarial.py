"""The checker against hostile cells: linear patterns, a cell's too-long problem first, short messages, few problems."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.schema import context as context_module
from components.schema import data
from components.schema import files as schema
from components.schema import story as story_module
from components.schema.context import build_context
from components.schema.data import (
    EXCERPT_CHARS,
    LISTED_PROBLEMS,
    MAX_TEXT_CHARS,
    PLACES_FILE,
    ROUTES_FILE,
    Problem,
    build_journey,
    excerpt,
    is_followable_source,
    problem_count,
    split_sources,
)
from components.schema.story import build_story
from components.texts.en import Texts
from tests.conftest import PLACES, PLACES_HEADER, ROUTES, ROUTES_HEADER, csv_text, mini_places, mini_routes

# The longest message a problem may have: the longest template, with three cells quoted at EXCERPT_CHARS each.
MESSAGE_LIMIT = 160 + 3 * (EXCERPT_CHARS + 2)
# Runs of what makes a pattern backtrack, and what makes a cell look almost like a source, a number or an id.
ATOMS = [" ", "  ", "\t", "\n", ";", "; ", " ;", ",", ", ", '"', "'", "(", ")", "[", "]", "{", "}", "(2009)", "()"]
ATOMS += [", film, 2012", ", ISBN 978-", "0", "9", "-", "e", ".", "1e9", "_", "a", "x" * 40, "http://", "https://x"]
ATOMS += ["\u2212", "NaN", "KP", "origin", "é", "한"]
SETTINGS = settings(
    max_examples=40,
    deadline=None,  # time is never asserted: the benchmark compares it (bench/adversarial_check.py)
    database=None,  # a shared checkout: no .hypothesis folder
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def hostile_cells(draw: st.DrawFn) -> str:
    """A cell of up to about 20,000 characters: a few atoms, repeated, or nested as deep as brackets go."""
    unit = "".join(draw(st.lists(st.sampled_from(ATOMS), min_size=1, max_size=6)))
    if draw(st.booleans()):
        return unit * draw(st.integers(1, 20_000 // len(unit)))
    opening, closing = draw(st.sampled_from([("(", ")"), ("[", "]"), ("{", "}"), ('"', '"'), ("; (", ") ;")]))
    depth = draw(st.integers(1, 10_000 // (len(opening) + len(closing))))
    return opening * depth + unit + closing * depth


def quoted(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(cells)  # its line end makes it quote the newlines of a cell
    return out.getvalue().removesuffix("\r\n")


def with_cell(header: str, rows: list[str], column: str, value: str) -> bytes:
    """The mini file with `value` in `column` of its first data row (a new column when the header lacks it)."""
    names = header.split(",")
    parsed = [next(csv.reader([line])) for line in rows]
    if column not in names:
        names.append(column)
        parsed = [[*cells, ""] for cells in parsed]
    parsed[0][names.index(column)] = value
    return csv_text(",".join(names), [quoted(cells) for cells in parsed]).encode()


# Every rule that reads a cell: (file, column), the column's kind in brackets.
CELLS = [
    (PLACES_FILE, "place_id"),  # id
    (PLACES_FILE, "name"),  # text
    (PLACES_FILE, "country"),  # country
    (PLACES_FILE, "lat"),  # coordinate
    (PLACES_FILE, "lon"),  # coordinate
    (PLACES_FILE, "kind"),  # choice
    (PLACES_FILE, "source"),  # sources: URL, book, film
    (PLACES_FILE, "name_ko"),  # a translation column
    (ROUTES_FILE, "route_id"),  # id, and the route problems that quote it
    (ROUTES_FILE, "route_name"),  # the same on every row
    (ROUTES_FILE, "step"),  # whole number
    (ROUTES_FILE, "from_place"),  # a place that must exist
    (ROUTES_FILE, "to_place"),
    (ROUTES_FILE, "duration_days"),  # number
    (ROUTES_FILE, "cost_usd"),
    (ROUTES_FILE, "cost_year"),
    (ROUTES_FILE, "source"),
]


def journey_with(file: str, column: str, value: str) -> tuple[Problem, ...]:
    if file == PLACES_FILE:
        return build_journey(with_cell(PLACES_HEADER, PLACES, column, value), mini_routes().encode()).problems
    return build_journey(mini_places().encode(), with_cell(ROUTES_HEADER, ROUTES, column, value)).problems


def assert_bounded(problems: tuple[Problem, ...]) -> None:
    assert len(problems) <= LISTED_PROBLEMS + 1
    for problem in problems:
        assert len(problem.message) <= MESSAGE_LIMIT, str(problem)[:300]
        assert len(Texts("ko").problem(problem)) <= MESSAGE_LIMIT, str(problem)[:300]
        assert len(problem.location) <= 40 + EXCERPT_CHARS, problem.location[:300]


@pytest.mark.parametrize(("file", "column"), CELLS)
@SETTINGS
@given(cell=hostile_cells())
def test_a_hostile_cell_gets_short_problems_and_a_long_one_only_its_length(file: str, column: str, cell: str) -> None:
    problems = journey_with(file, column, cell)
    assert_bounded(problems)
    here = [p for p in problems if (p.file, p.row, p.column) == (file, 2, column)]
    if len(cell.strip()) > MAX_TEXT_CHARS:
        assert [p.key for p in here] == ["text_too_long"]  # and no pattern ran on it
    if column == "source" and cell.strip():
        unfollowable = [item for item in old_split_sources(cell.strip()) if not old_is_followable(item)]
        expected = [] if len(cell.strip()) > MAX_TEXT_CHARS else unfollowable
        assert problem_count(p for p in problems if p.key in ("source_item", "more_problems")) == len(expected)


# The patterns as they were, as oracles on short text: the new ones must agree where the old ones were fast.
OLD_SEPARATOR = re.compile(r"\s*;\s+")
OLD_BOOK = re.compile(r"[^,;]+, [^;]+ \((1[5-9]|20)\d\d\)(, ISBN (97[89][- ]?)?\d[\d -]{7,15}[\dX])?")
OLD_FILM = re.compile(r"[^,;]+, [^;]+, film, (18|19|20)\d\d")
OLD_URL = re.compile(r"https?://\S+")


def old_split_sources(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in OLD_SEPARATOR.split(text) if part.strip())


def old_is_followable(item: str) -> bool:
    return bool(OLD_URL.search(item) or OLD_BOOK.fullmatch(item) or OLD_FILM.fullmatch(item))


SOURCE_PARTS = [*ATOMS, "Demick", " (1999)", "film", "ISBN ", "0385523904", "X", "Nothing to Envy"]
SOURCE_TEXT = st.lists(st.sampled_from(SOURCE_PARTS), max_size=16).map("".join)


@settings(SETTINGS, max_examples=400)
@given(text=SOURCE_TEXT)
def test_sources_split_and_read_as_the_old_patterns_did(text: str) -> None:
    assert split_sources(text) == old_split_sources(text)
    for item in [text, *split_sources(text)]:
        assert is_followable_source(item) is old_is_followable(item), item


@SETTINGS
@given(key=hostile_cells(), value=hostile_cells())
def test_a_hostile_story_key_or_value_gets_short_problems(key: str, value: str) -> None:
    document = f"{quoted_toml(key)} = {quoted_toml(value)}\n".encode()
    story = build_story(document)
    assert_bounded(story.problems)
    assert len(story.problems) <= 1


def quoted_toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


CONTEXT_CELLS = [("arrivals.csv", "year"), ("arrivals.csv", "arrivals"), ("arrivals.csv", "source")]
CONTEXT_CELLS += [("women_share.csv", "share_percent"), ("women_share.csv", "period_ko"), ("fees.csv", "usd_low")]


@pytest.mark.parametrize(("file", "column"), CONTEXT_CELLS)
@SETTINGS
@given(cell=hostile_cells())
def test_a_hostile_context_cell_gets_short_problems(file: str, column: str, cell: str) -> None:
    row = {"year": "2019", "arrivals": "10", "figure": "main", "confidence": "H", "source": "A https://e.org/a"}
    row |= {
        "period": "2019",
        "share_percent": "80",
        "year_from": "2016",
        "usd_low": "1",
        "usd_high": "2",
        "covers": "x",
    }
    columns = [c.name for c in schema.BY_NAME[file].columns if c.required] + [column]
    cells = {**{name: row.get(name, "") for name in columns}, column: cell}
    raw = csv_text(",".join(dict.fromkeys(columns)), [quoted([cells[name] for name in dict.fromkeys(columns)])])
    problems = build_context({file: raw.encode()}).problems
    assert_bounded(problems)
    if len(cell.strip()) > MAX_TEXT_CHARS:
        assert [p.key for p in problems if p.column == column] == ["text_too_long"]


@SETTINGS
@given(name=hostile_cells())
def test_a_hostile_header_name_gets_short_problems(name: str) -> None:
    header = f"{PLACES_HEADER},{quoted([name])},{quoted([name])}"
    problems = build_journey(csv_text(header, [f"{line},a,b" for line in PLACES]).encode(), mini_routes().encode())
    assert_bounded(problems.problems)


# A cell of nothing but separators or spaces is one short problem, however long (the attack was 60,000 spaces).
ONE_CELL: list[tuple[str, str, str]] = [
    ("20,000 spaces", " " * 20_000, "cell_empty"),  # cells are trimmed: it is empty
    ("20,000 spaces between two words", "x" + " " * 20_000 + "x", "text_too_long"),
    ("20,000 semicolons", ";" * 20_000, "text_too_long"),
    ("10,000 separators", "; " * 10_000, "text_too_long"),
    ("10,000 separators the other way", " ;" * 10_000, "text_too_long"),
    ("10,000 commas and spaces", ", " * 10_000 + "x", "text_too_long"),
    ("20,000 opening parentheses", "(" * 20_000, "text_too_long"),
    ("a long word", "w" * 20_000, "text_too_long"),
    ("separators within the limit", "; " * 1_999 + ";", "source_item"),
]


@pytest.mark.parametrize(("cell", "key"), [c[1:] for c in ONE_CELL], ids=[c[0] for c in ONE_CELL])
def test_a_cell_of_separators_is_one_short_problem(cell: str, key: str) -> None:
    problems = journey_with(PLACES_FILE, "source", cell)
    assert [(p.row, p.column, p.key) for p in problems] == [(2, "source", key)]
    assert len(problems[0].message) <= MESSAGE_LIMIT


@pytest.mark.parametrize(
    ("rule", "file", "column", "cell"),
    [
        ("id", PLACES_FILE, "place_id", "North Town " * 300),
        ("country", PLACES_FILE, "country", "K" * 3000),
        ("choice", PLACES_FILE, "kind", "camp" * 900),
        ("coordinate", PLACES_FILE, "lat", "9" * 3000),
        ("number", ROUTES_FILE, "duration_days", "-" + "1" * 3000),
        ("whole number", ROUTES_FILE, "step", "1" * 3000),
        ("source", PLACES_FILE, "source", "Somebody said so " * 200),
        ("unknown place", ROUTES_FILE, "to_place", "nowhere" * 500),
    ],
)
def test_a_problem_quotes_at_most_an_excerpt_of_its_cell(rule: str, file: str, column: str, cell: str) -> None:
    problems = [p for p in journey_with(file, column, cell) if (p.row, p.column) == (2, column)]
    assert problems, rule
    assert all(len(p.message) <= MESSAGE_LIMIT and "…" in p.message for p in problems), [p.message for p in problems]
    assert any(excerpt(cell) in p.message for p in problems)


def test_excerpt_cuts_long_text_to_its_limit() -> None:
    assert excerpt("short") == "short"
    assert excerpt("x" * EXCERPT_CHARS) == "x" * EXCERPT_CHARS
    assert excerpt("x" * 5000) == "x" * (EXCERPT_CHARS - 1) + "…"


def routes_at(steps: list[int], route: str = "r") -> str:
    return csv_text(ROUTES_HEADER, [f"{route},R,{step},north,middle,foot,s,5,r,src https://e.org/x" for step in steps])


# A gap in a route's steps is one problem, a range when it is wider than one step, at the row after it.
GAPS: list[tuple[list[int], list[tuple[int, str]]]] = [
    ([1, 3], [(3, "has no step 2")]),
    ([2], [(2, "has no step 1")]),
    ([1, 5], [(3, "steps 2–4 of route 'r' are missing")]),
    ([10_000], [(2, "steps 1–9999 of route 'r' are missing")]),
    ([1, 3, 7], [(3, "has no step 2"), (4, "steps 4–6 of route 'r' are missing")]),
]


@pytest.mark.parametrize(("steps", "expected"), list(GAPS), ids=[str(c[0]) for c in GAPS])
def test_missing_steps_are_reported_as_ranges(steps: list[int], expected: list[tuple[int, str]]) -> None:
    problems = build_journey(mini_places().encode(), routes_at(steps).encode()).problems
    gaps = [(p.row, p.message) for p in problems if p.key.startswith("steps_missing")]
    assert [row for row, _ in gaps] == [row for row, _ in expected]
    assert all(words in message for (_, message), (_, words) in zip(gaps, expected, strict=True)), gaps


def places_ids(count: int) -> list[str]:
    """The mini data's place ids first, so that its routes find every place they name."""
    return ["north", "middle", "south", *(f"p{i}" for i in range(3, count))][:count]


def bad_places(count: int) -> bytes:
    return csv_text(
        PLACES_HEADER, [f"{id_},P,XX,1,1,origin,s,src https://e.org/s" for id_ in places_ids(count)]
    ).encode()


@pytest.mark.parametrize(
    ("found", "listed", "more"), [(50, 50, None), (101, 101, None), (102, 100, 2), (5000, 100, 4900)]
)
def test_at_most_a_hundred_problems_are_listed_then_how_many_more(found: int, listed: int, more: int | None) -> None:
    problems = build_journey(bad_places(found), mini_routes().encode()).problems
    assert problem_count(problems) == found
    assert sum(p.key != "more_problems" for p in problems) == listed
    if more is None:
        assert all(p.key != "more_problems" for p in problems)
        return
    last = problems[-1]
    assert (last.key, dict(last.values)["count"], last.file) == ("more_problems", more, PLACES_FILE)
    assert last.message == f"… and {more:,} more problems"
    assert Texts("ko").problem(last) == f"… 이 밖에도 문제가 {more:,}개 더 있습니다"


def test_the_last_line_names_every_file_with_problems_left_out() -> None:
    routes = routes_at([5]).replace("north,middle", "nowhere,middle")
    problems = build_journey(bad_places(300), routes.encode()).problems
    assert problems[-1].file == f"{PLACES_FILE}, {ROUTES_FILE}"
    assert problem_count(problems) == 300 + 2  # the unknown place, and steps 1–4


def test_two_thousand_routes_far_apart_give_a_bounded_list() -> None:
    """The attack: 2,000 one-row routes at step 10,000 once gave 49 KB messages."""
    routes = "".join(f"r{i},R,10000,north,middle,foot,s,5,r,src https://e.org/x\n" for i in range(2000))
    problems = build_journey(mini_places().encode(), (ROUTES_HEADER + "\n" + routes).encode()).problems
    assert_bounded(problems)
    assert problem_count(problems) == 2000
    assert problems[0].message == "steps 1–9999 of route 'r0' are missing: steps must run 1, 2, 3… without gaps"


def test_collecting_stops_far_below_a_flood() -> None:
    """A file of a million bad sources keeps LISTED_PROBLEMS + 1 problems in memory, and counts the rest."""
    kept: list[int] = []
    original = data.ProblemList.append

    def watched(self: data.ProblemList, problem: Problem) -> None:
        original(self, problem)
        kept.append(len(self))

    flood = [f"{id_},P,KP,1,1,origin,s,{'x; ' * 1000}" for id_ in places_ids(300)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(data.ProblemList, "append", watched)
        problems = build_journey(csv_text(PLACES_HEADER, flood).encode(), mini_routes().encode()).problems
    assert max(kept) <= LISTED_PROBLEMS + 1
    assert problem_count(problems) == 300_000


@pytest.mark.parametrize(
    ("check", "many"),
    [
        ("story", lambda: build_story("".join(f'key{i} = "x"\n' for i in range(500)).encode()).problems),
        (
            "context",
            lambda: (
                build_context(
                    {"arrivals.csv": ("year,arrivals,figure,confidence,source\n" + "1900,x,y,z,\n" * 500).encode()}
                ).problems
            ),
        ),
    ],
)
def test_the_story_and_context_checks_list_at_most_a_hundred(check: str, many: Callable[[], Any]) -> None:
    problems = many()
    assert len(problems) == LISTED_PROBLEMS + 1, check
    assert problems[-1].key == "more_problems"
    assert problem_count(problems) >= 500


def nested_unbounded(tree: Any, inside: bool = False) -> list[str]:
    """The unbounded repeats of a parsed pattern that sit inside another unbounded repeat: (a+)+ and its kind."""
    from re import _constants as c

    found = []
    for op, value in tree:
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            _, high, body = value
            unbounded = high == c.MAXREPEAT and op != c.POSSESSIVE_REPEAT
            if unbounded and inside:
                found.append(str(body))
            found += nested_unbounded(body, inside or unbounded)
        elif op == c.ATOMIC_GROUP:
            found += nested_unbounded(value, inside)
        elif op in (c.SUBPATTERN, c.ASSERT, c.ASSERT_NOT):
            found += nested_unbounded(value[-1], inside)
        elif op == c.BRANCH:
            for branch in value[1]:
                found += nested_unbounded(branch, inside)
    return found


SCHEMA_PATTERNS = sorted(
    {
        (module.__name__, name): value
        for module in (data, schema, context_module, story_module)
        for name, value in vars(module).items()
        if isinstance(value, re.Pattern)
    }.items()
)


@pytest.mark.parametrize(("where", "pattern"), SCHEMA_PATTERNS, ids=[".".join(w) for w, _ in SCHEMA_PATTERNS])
def test_no_pattern_of_the_checker_nests_unbounded_repeats(where: tuple[str, str], pattern: re.Pattern[str]) -> None:
    from re import _parser

    assert nested_unbounded(_parser.parse(pattern.pattern, pattern.flags)) == [], where


def test_the_nesting_audit_does_fire() -> None:
    from re import _parser

    assert nested_unbounded(_parser.parse(r"(a+)+b", 0))
    assert nested_unbounded(_parser.parse(r"(?:x(?:\s*;)*)", 0))
    assert not nested_unbounded(_parser.parse(r"(?:ab){2,5}c+", 0))


def test_the_separator_pattern_has_no_repeat_at_all() -> None:
    """Split and search try a pattern at every position: one with a repeat at its start is quadratic on a run."""
    assert not re.search(r"[*+?}]", data.SOURCE_SEPARATOR.pattern.replace("(?=", ""))
