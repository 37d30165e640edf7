"""Uploaded files: which is which, and what is wrong with the set (pure).

The size of each file is checked where its contents are read (data.parse_table), like a file on disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from components.schema.data import COUNTRIES_FILE, PLACES_FILE, ROUTES_FILE, Problem

ACCEPTED = (PLACES_FILE, ROUTES_FILE, COUNTRIES_FILE)


def sort_uploads(files: Mapping[str, bytes]) -> tuple[dict[str, bytes], list[Problem]]:
    """Name each upload by its file name (places.csv, routes.csv, countries.csv) and report the rest."""
    contents: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name, raw in files.items():
        canonical = PurePath(name).name.strip().lower()
        if canonical not in ACCEPTED:
            problems.append(Problem.of(name, "upload_unknown_file", accepted=", ".join(ACCEPTED)))
        elif canonical in contents:
            problems.append(Problem.of(name, "upload_twice", name=canonical))
        else:
            contents[canonical] = raw
    for required in (PLACES_FILE, ROUTES_FILE):
        if required not in contents and not any(p.file == required for p in problems):
            problems.append(Problem.of(required, "upload_missing"))
    return contents, problems
