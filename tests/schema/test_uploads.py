"""components.schema.uploads: naming and limiting uploaded files."""

from __future__ import annotations

import pytest

from components.schema.data import MAX_FILE_BYTES, build_journey
from components.schema.files import FILES
from components.schema.uploads import ACCEPTED, MAX_FILES, NAME_CHARS, choose_uploads, left_out_and_missing, shown_name

BOTH = ["places.csv", "routes.csv"]


@pytest.mark.parametrize(
    ("names", "earlier", "chosen", "problems"),
    [
        (BOTH, [], {"places.csv": 0, "routes.csv": 1}, []),
        (["PLACES.CSV", "Routes.csv"], [], {"places.csv": 0, "routes.csv": 1}, []),
        (["../../etc/places.csv", "routes.csv"], [], {"places.csv": 0, "routes.csv": 1}, []),
        (
            [*BOTH, "countries.csv", "route_facts.csv"],
            [],
            {"places.csv": 0, "routes.csv": 1, "countries.csv": 2, "route_facts.csv": 3},
            [],
        ),
        (["places.csv"], [], {"places.csv": 0}, [("routes.csv", "upload this file too")]),
        ([*BOTH, "evil.csv"], [], {"places.csv": 0, "routes.csv": 1}, [("evil.csv", "reads only")]),
        ([*BOTH, "arrivals.csv"], [], {"places.csv": 0, "routes.csv": 1}, [("arrivals.csv", "reads only")]),
        (["places.csv", "places.csv", "routes.csv"], [], {"places.csv": 0, "routes.csv": 2}, [("places.csv", "two")]),
        # Too many: one problem naming the first files left out, and only accepted names chosen.
        (
            [*BOTH, "a.csv", "b.csv", "c.csv", "d.csv"],
            [],
            {"places.csv": 0, "routes.csv": 1},
            [("a.csv, b.csv, c.csv (+1)", "6 files: this app reads at most 4")],
        ),
        (
            [f"x{i}.csv" for i in range(40)],
            [],
            {},
            [
                ("x0.csv, x1.csv, x2.csv (+37)", "40 files"),
                ("places.csv", "upload this file too"),
                ("routes.csv", "upload this file too"),
            ],
        ),
        # Files refused and freed earlier are never chosen, still named, and count toward the limit.
        (BOTH, ["evil.csv"], {"places.csv": 0, "routes.csv": 1}, [("evil.csv", "reads only")]),
        (BOTH, ["places.csv"], {"places.csv": 0, "routes.csv": 1}, [("places.csv", "two files")]),
        (BOTH, ["a.csv", "b.csv", "c.csv"], {"places.csv": 0, "routes.csv": 1}, [("a.csv, b.csv, c.csv", "5 files")]),
    ],
)
def test_choose_uploads(
    names: list[str], earlier: list[str], chosen: dict[str, int], problems: list[tuple[str, str]]
) -> None:
    found_chosen, found = choose_uploads(names, earlier=earlier)
    assert found_chosen == chosen
    assert [p.file for p in found] == [file for file, _ in problems]
    for (_, words), problem in zip(problems, found, strict=True):
        assert words in problem.message


def test_the_accepted_files_are_the_ones_a_journey_is_read_from() -> None:
    """Places, routes, countries and route facts: the schema's files before the context files."""
    assert tuple(f.name for f in FILES[:4]) == ACCEPTED
    assert len(ACCEPTED) == MAX_FILES


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("places.csv", "places.csv"),
        ("a\n b\tc.csv", "a b c.csv"),
        ("x" * 500 + ".csv", "x" * (NAME_CHARS - 1) + "…"),
    ],
)
def test_a_name_is_shown_short_and_on_one_line(name: str, shown: str) -> None:
    assert shown_name(name) == shown


def test_a_long_refused_name_is_shortened_in_its_problem() -> None:
    _, found = choose_uploads([*BOTH, "y" * 10_000])
    assert len(found) == 1
    assert len(found[0].file) == NAME_CHARS


def test_a_file_too_large_is_refused_where_every_file_is_measured() -> None:
    """Uploads are measured by the same check as a data folder's files (data.parse_table), once."""
    chosen, found = choose_uploads(BOTH)
    assert found == []
    contents = {"places.csv": b"x" * (MAX_FILE_BYTES + 1), "routes.csv": b"y"}
    result = build_journey(contents["places.csv"], contents["routes.csv"])
    assert set(chosen) == set(contents)
    assert result.journey is None
    assert any(p.file == "places.csv" and "the limit is" in p.message for p in result.problems)


def test_only_a_missing_file_stops_an_upload() -> None:
    """A file it does not read is left out and named; the files it reads are shown all the same."""
    _, problems = choose_uploads(["places.csv", "notes.csv", "places (1).csv", "PLACES.CSV"])
    left_out, missing = left_out_and_missing(problems)
    assert {p.key for p in left_out} == {"upload_unknown_file", "upload_twice"}
    assert [p.file for p in missing] == ["routes.csv"]
