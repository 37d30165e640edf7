"""Uploaded files: which is which, and what is wrong with the set (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath

from components.data import COUNTRIES_FILE, MAX_FILE_BYTES, PLACES_FILE, ROUTES_FILE, Problem

ACCEPTED = (PLACES_FILE, ROUTES_FILE, COUNTRIES_FILE)


def sort_uploads(files: Mapping[str, bytes]) -> tuple[dict[str, bytes], list[Problem]]:
    """Name each upload by its file name (places.csv, routes.csv, countries.csv) and report the rest."""
    contents: dict[str, bytes] = {}
    problems: list[Problem] = []
    for name, raw in files.items():
        canonical = PurePath(name).name.strip().lower()
        if canonical not in ACCEPTED:
            problems.append(
                Problem(name, f"this app reads only {', '.join(ACCEPTED)}; rename the file or leave it out")
            )
        elif canonical in contents:
            problems.append(Problem(name, f"two files are called {canonical}; upload one"))
        elif len(raw) > MAX_FILE_BYTES:
            problems.append(Problem(canonical, f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}"))
        else:
            contents[canonical] = raw
    for required in (PLACES_FILE, ROUTES_FILE):
        if required not in contents and not any(p.file == required for p in problems):
            problems.append(Problem(required, "upload this file too: the map needs places.csv and routes.csv"))
    return contents, problems
