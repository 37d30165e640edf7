"""Uploaded files: which to read, by name alone, and what is wrong with the set (pure).

Only the names are looked at here, so a refused file's contents are never read or kept. The size of each
accepted file is checked where its contents are read (data.parse_table), like a file on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

from components.schema.data import JOURNEY_FILES, PLACES_FILE, ROUTES_FILE, Problem

ACCEPTED = JOURNEY_FILES  # places.csv, routes.csv, countries.csv, route_facts.csv: what a journey is read from
MAX_FILES = len(ACCEPTED)  # one of each: an upload of more files is refused in one message
NAME_CHARS = 60  # a file name as shown in a message: the browser sends any name, of any length
NAMES_SHOWN = 3  # refused names listed in the one message about too many files


def shown_name(name: str) -> str:
    """A file name short enough for a message, on one line."""
    name = " ".join(name.split())
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1] + "…"


def choose_uploads(names: Sequence[str], *, earlier: Sequence[str] = ()) -> tuple[dict[str, int], list[Problem]]:
    """Which uploads to read: {places.csv…: position in `names`}, at most one of each; and the problems.

    A name is matched without its folder and case (../PLACES.CSV is places.csv). Each other file is named in
    a problem of its own; more than MAX_FILES files make one problem instead, and only accepted names are read.
    `earlier` names files of the same upload already refused (and freed): never chosen, still reported.
    """
    chosen: dict[str, int] = {}
    left_out: list[str] = []
    problems: list[Problem] = []
    for position, name in [*((None, name) for name in earlier), *enumerate(names)]:
        canonical = PurePath(name).name.strip().lower()
        if canonical not in ACCEPTED:
            problems.append(Problem.of(shown_name(name), "upload_unknown_file", accepted=", ".join(ACCEPTED)))
        elif position is None or canonical in chosen:
            problems.append(Problem.of(shown_name(name), "upload_twice", name=canonical))
        else:
            chosen[canonical] = position
            continue
        left_out.append(name)
    count = len(earlier) + len(names)
    if count > MAX_FILES:
        listed = ", ".join(shown_name(name) for name in left_out[:NAMES_SHOWN])
        more = len(left_out) - NAMES_SHOWN
        problems = [
            Problem.of(
                f"{listed} (+{more})" if more > 0 else listed,
                "upload_too_many",
                count=count,
                limit=MAX_FILES,
                accepted=", ".join(ACCEPTED),
            )
        ]
    for required in (PLACES_FILE, ROUTES_FILE):
        if required not in chosen:
            problems.append(Problem.of(required, "upload_missing"))
    return chosen, problems


def left_out_and_missing(problems: Sequence[Problem]) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    """`choose_uploads`' problems as (files it leaves out, files it needs). Only a needed file stops an upload:
    one it does not read (another name, a second copy, too many) is named, and the files it reads are shown."""
    missing = tuple(p for p in problems if p.key == "upload_missing")
    return tuple(p for p in problems if p.key != "upload_missing"), missing
