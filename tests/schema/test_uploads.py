"""components.schema.uploads: naming and limiting uploaded files."""

from __future__ import annotations

import pytest

from components.schema.data import MAX_FILE_BYTES, build_journey
from components.schema.uploads import sort_uploads


@pytest.mark.parametrize(
    ("files", "accepted", "problems"),
    [
        ({"places.csv": b"x", "routes.csv": b"y"}, {"places.csv", "routes.csv"}, []),
        ({"PLACES.CSV": b"x", "Routes.csv": b"y"}, {"places.csv", "routes.csv"}, []),
        ({"places.csv": b"x"}, {"places.csv"}, [("routes.csv", "upload this file too")]),
        (
            {"places.csv": b"x", "routes.csv": b"y", "evil.csv": b"z"},
            {"places.csv", "routes.csv"},
            [("evil.csv", "reads only")],
        ),
        ({"../../etc/places.csv": b"x", "routes.csv": b"y"}, {"places.csv", "routes.csv"}, []),
    ],
)
def test_sort_uploads(files: dict[str, bytes], accepted: set[str], problems: list[tuple[str, str]]) -> None:
    contents, found = sort_uploads(files)
    assert set(contents) == accepted
    assert len(found) == len(problems)
    for (file, words), problem in zip(problems, found, strict=True):
        assert problem.file == file
        assert words in problem.message


def test_a_file_too_large_is_refused_where_every_file_is_measured() -> None:
    """Uploads are measured by the same check as a data folder's files (data.parse_table), once."""
    contents, found = sort_uploads({"places.csv": b"x" * (MAX_FILE_BYTES + 1), "routes.csv": b"y"})
    assert found == []
    result = build_journey(contents["places.csv"], contents["routes.csv"])
    assert result.journey is None
    assert any(p.file == "places.csv" and "the limit is" in p.message for p in result.problems)
