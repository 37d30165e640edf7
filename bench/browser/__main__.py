"""All four browser measures in one run, in one report (bench/results/browser.md).

    python -m bench.browser [--rounds 3] [--loads 7] [--steps 9] [--online] [--out PATH]

Time to first map (bench/browser/first_map.py), remounts (remounts.py), Next → updated
(next_click.py) and page weight (page_weight.py), against one server and one browser. Each module
also runs on its own: `python -m bench.browser.<module>`. Nothing here asserts: every number is
measured and reported next to a baseline measured in the same run.
"""

from __future__ import annotations

import sys

from bench.browser import first_map, next_click, page_weight, remounts
from bench.browser.common import RESULTS, parser, run


def main() -> int:
    found = parser((__doc__ or "").split("\n\n")[0], out=RESULTS)
    args = next_click.add_arguments(first_map.add_arguments(found)).parse_args()
    measures = [first_map.measure, remounts.measure, next_click.measure, page_weight.measure]
    return run("Browser benchmarks: Escape Route Map", "python -m bench.browser", measures, args)


if __name__ == "__main__":
    sys.exit(main())
