"""Measure 1: server cost of a stage change, our app against the naive baseline, side by side.

    python -m bench.server_bench [--changes 30]

Both apps run under Streamlit's AppTest in this one process, on the same data, alternating, and
step through the stages of the Defector's route, one stage at a time (ours: Next and Previous). For every rerun it records the wall time and the
process CPU time (all threads: the script thread does the work; AppTest's own wait is a sleep), and
the size of the map component's arguments (what is sent to the browser on each rerun). Prints a
markdown table with medians and the ratio ours / naive. Never used as a test: timings are reported,
not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import streamlit
from streamlit.testing.v1 import AppTest

from components.ui.stage_panel import NEXT_KEY, PREVIOUS_KEY
from components.ui.state import STAGE_KEY

ROOT = Path(__file__).resolve().parent.parent
APPS = {"ours (app.py)": ROOT / "app.py", "naive (bench/naive_app.py)": ROOT / "bench" / "naive_app.py"}


def start(path: Path) -> AppTest:
    at = AppTest.from_file(str(path), default_timeout=120)
    at.query_params["route"] = "southern"
    return at.run()


def step(at: AppTest, value: int) -> tuple[float, float, int]:
    """Change to stage `value`: ours with Next or Previous (a neighbour), the naive app with its picker."""
    if "stage" in [box.key for box in at.selectbox]:
        change = at.selectbox(key="stage").set_value(value)
    else:
        change = at.button(key=NEXT_KEY if value > at.session_state[STAGE_KEY] else PREVIOUS_KEY).click()
    wall, cpu = time.perf_counter(), time.process_time()
    change.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    assert not at.exception, at.exception
    payload = sum(len(c.proto.json_args) for c in at.get("component_instance"))
    return wall, cpu, payload


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=30)
    args = parser.parse_args()
    os.chdir(ROOT)  # the shipped .streamlit/config.toml and data/
    apps = {name: start(path) for name, path in APPS.items()}
    for at in apps.values():  # warm-up: one change each
        step(at, 2)
    samples: dict[str, list[tuple[float, float, int]]] = {name: [] for name in apps}
    for i in range(args.changes):
        turn = (i + 1) % 16
        value = 2 + (turn if turn <= 8 else 16 - turn)  # from stage 2 up to 10 and back, one stage at a time
        for name, at in apps.items():  # alternate, so both see the same machine load
            samples[name].append(step(at, value))
    print(
        f"Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {sys.version.split()[0]}, "
        f"Streamlit {streamlit.__version__}; {args.changes} stage changes each, alternating.\n"
    )
    print("| app | wall ms (median) | CPU ms (median) | CPU ms (p90) | map args KB |")
    print("|---|---|---|---|---|")
    medians = {}
    for name, rows in samples.items():
        wall = statistics.median(r[0] for r in rows) * 1000
        cpu = statistics.median(r[1] for r in rows) * 1000
        p90 = sorted(r[1] for r in rows)[int(len(rows) * 0.9) - 1] * 1000
        medians[name] = (wall, cpu)
        print(f"| {name} | {wall:.0f} | {cpu:.0f} | {p90:.0f} | {rows[-1][2] / 1024:.0f} |")
    ours, naive = medians["ours (app.py)"], medians["naive (bench/naive_app.py)"]
    print(f"| **ratio ours / naive** | {ours[0] / naive[0]:.2f} | {ours[1] / naive[1]:.2f} | | |")
    print(json.dumps({"ours_cpu_ms": ours[1], "naive_cpu_ms": naive[1]}))


if __name__ == "__main__":
    main()
