"""`python -m components.check [DATA_DIR]`: validate a data folder and print one line per problem."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from components.domain.settings import data_dir_from
from components.schema.context import read_context
from components.schema.data import problem_count, read_journey
from components.schema.story import read_story


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m components.check",
        description="Check a data folder (places.csv, routes.csv and the optional files, story.toml included); "
        "print file:row:column: message for every problem.",
    )
    parser.add_argument("data_dir", nargs="?", type=Path, help="the data folder (default: $ESCAPE_MAP_DATA or data/)")
    parser.add_argument("--data-dir", dest="data_dir_option", type=Path, help="the same, as an option")
    args = parser.parse_args(argv)
    data_dir = args.data_dir or args.data_dir_option or data_dir_from([], os.environ)
    result = read_journey(data_dir)
    context = read_context(data_dir) if data_dir.is_dir() else None
    story = read_story(data_dir) if data_dir.is_dir() else None
    problems = [*result.problems, *(context.problems if context else ()), *(story.problems if story else ())]
    if problems or result.journey is None:
        for problem in problems:
            print(problem)
        count = problem_count(problems)  # each check lists its first problems, then how many more
        print(f"{count} problem{'s' if count != 1 else ''} in {data_dir}", file=sys.stderr)
        return 1
    journey = result.journey
    legs = sum(len(route.legs) for route in journey)
    stances = f", {len(journey.stances)} country stances" if journey.stances else ""
    print(f"OK: {data_dir}: {len(journey.places)} places, {len(journey.routes)} routes, {legs} legs{stances}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
