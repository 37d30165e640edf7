"""Sessions served by one replica vs two behind nginx, side by side (issue "Beyond one server").

    python bench/replicas_bench.py [--sessions 100]

Starts a 1-replica and a 2-replica cluster (deploy/replicas.py, nginx in front of both, so the only
difference is the number of replicas) and runs bench/ws_load.py's generator through nginx: N sessions
at once, each loading the page and stepping once. Prints one line per cluster; CPU/RSS figures in
those lines are for the first replica only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "deploy"))
from replicas import start_cluster  # noqa: E402
from ws_load import measure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=100)
    args = parser.parse_args()
    for replicas in (1, 2):
        cluster = start_cluster(replicas=replicas)
        try:
            for replica_port, process in cluster.replicas.items():  # warm every replica up, not only one
                measure(replica_port, process.pid, 1)
            result = measure(cluster.port, next(iter(cluster.replicas.values())).pid, args.sessions)
            print(f"{replicas} replica(s) behind nginx: {result.line()}")
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
