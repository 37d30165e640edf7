"""Sessions served by one replica vs two behind nginx, side by side (issue "Beyond one server").

    python -m bench.replicas_bench [--sessions 100]

Starts a 1-replica and a 2-replica cluster (deploy/replicas.py, nginx in front of both, so the only
difference is the number of replicas) and runs bench/ws_load.py's generator through nginx: N sessions
at once, each loading the page and stepping once. Prints one line per cluster; CPU/RSS figures in
those lines are for the first replica only.
"""

from __future__ import annotations

import argparse

from bench.ws_load import measure
from deploy.replicas import start_cluster
from deploy.server import stop_all_on_sigterm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=100)
    args = parser.parse_args()
    stop_all_on_sigterm()
    for replicas in (1, 2):
        # Every simulated visitor comes from 127.0.0.1: lift the per-client session limit for the measure.
        cluster = start_cluster(replicas=replicas, sessions_per_client=max(args.sessions + 10, 150))
        try:
            for replica_port, server in cluster.replicas.items():  # warm every replica up, not only one
                measure(replica_port, server.pid, 1)
            result = measure(cluster.port, next(iter(cluster.replicas.values())).pid, args.sessions)
            print(f"{replicas} replica(s) behind nginx: {result.line()}")
        finally:
            cluster.stop()


if __name__ == "__main__":
    main()
