"""Start N Streamlit replicas and nginx in front of them, on localhost.

    python -m deploy.replicas [--replicas 2] [--port 8080] [--first-replica-port 8601]

Every replica runs `streamlit run app.py` from the repository root, so with the shipped
.streamlit/config.toml, and with one cookie secret shared by all (STREAMLIT_SERVER_COOKIE_SECRET: XSRF
tokens and cookies are signed with it, so a visitor may land on any replica). nginx (Debian's package)
balances them with sticky sessions (deploy/nginx.conf.template). Ctrl-C stops everything. The same
functions start the cluster in tests/deploy/ and bench/replicas_bench.py.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from deploy.server import Server, free_port, stop_all_on_sigterm, stop_process_group, wait_healthy

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STICKY_COOKIE = "erm_sticky"  # set by nginx (nginx.conf.template): which replica a visitor stays on


@dataclass
class Cluster:
    """Replicas (port → server) and nginx, with their logs in run_dir."""

    port: int
    run_dir: Path
    replicas: dict[int, Server] = field(default_factory=dict)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop_replica(self, port: int) -> None:
        self.replicas[port].kill()  # a crash, not a polite shutdown

    def stop(self) -> None:
        for server in self.replicas.values():
            server.stop()
        if self.nginx is not None:
            stop_process_group(self.nginx)


def start_cluster(
    replicas: int = 2, port: int | None = None, first_port: int | None = None, extra: list[str] | None = None
) -> Cluster:
    run_dir = Path(tempfile.mkdtemp(prefix="erm-cluster-"))
    cluster = Cluster(port=port or free_port(), run_dir=run_dir)
    cookie_secret = secrets.token_hex(32)
    ports = [first_port + i for i in range(replicas)] if first_port else [free_port() for _ in range(replicas)]
    try:
        for replica_port in ports:  # all start at once, then each is waited for
            cluster.replicas[replica_port] = Server(
                "app.py",
                args=extra or [],
                env={"STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret},
                port=replica_port,
                log=run_dir / f"replica-{replica_port}.log",
                wait=False,
            )
        for server in cluster.replicas.values():
            server.wait_healthy()
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;" for p in ports)
        config = TEMPLATE.read_text(encoding="utf-8").format(run_dir=run_dir, servers=servers, port=cluster.port)
        (run_dir / "nginx.conf").write_text(config, encoding="utf-8")
        with (run_dir / "nginx.log").open("wb") as log:
            cluster.nginx = subprocess.Popen(
                [NGINX, "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir), "-g", "daemon off;"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # master and workers in one group, stopped together
            )
        wait_healthy(f"{cluster.url}_stcore/health", timeout=20, process=cluster.nginx)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--first-replica-port", type=int, default=8601)
    args = parser.parse_args()
    stop_all_on_sigterm()
    cluster = start_cluster(args.replicas, args.port, args.first_replica_port)
    print(f"{args.replicas} replicas behind nginx at {cluster.url} (logs in {cluster.run_dir}); Ctrl-C stops.")
    try:
        while cluster.nginx is not None and cluster.nginx.poll() is None:
            if any(server.process.poll() is not None for server in cluster.replicas.values()):
                break
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
