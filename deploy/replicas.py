"""Start N Streamlit replicas and nginx in front of them, on localhost.

    python deploy/replicas.py [--replicas 2] [--port 8080] [--first-replica-port 8601]

Every replica runs `streamlit run app.py` with deploy/.streamlit/config.toml's settings and one shared
cookie secret; nginx (Debian's package) balances them with sticky sessions (deploy/nginx.conf.template).
Ctrl-C stops everything. The same functions start the cluster in tests/deploy/.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, timeout: float = 60, process: subprocess.Popen[bytes] | None = None) -> None:
    """Wait for a Streamlit health URL to answer ok; fail at once if `process` has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer ok within {timeout} s")


@dataclass
class Cluster:
    """Replicas (port → process) and nginx, with their logs in run_dir."""

    port: int
    run_dir: Path
    replicas: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop_replica(self, port: int) -> None:
        process = self.replicas[port]
        process.send_signal(signal.SIGKILL)  # a crash, not a polite shutdown
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in [*self.replicas.values(), self.nginx]:
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def start_cluster(
    replicas: int = 2, port: int | None = None, first_port: int | None = None, extra: list[str] | None = None
) -> Cluster:
    run_dir = Path(tempfile.mkdtemp(prefix="erm-cluster-"))
    cluster = Cluster(port=port or free_port(), run_dir=run_dir)
    cookie_secret = secrets.token_hex(32)
    ports = [first_port + i for i in range(replicas)] if first_port else [free_port() for _ in range(replicas)]
    try:
        for replica_port in ports:
            log = (run_dir / f"replica-{replica_port}.log").open("wb")
            cluster.replicas[replica_port] = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "streamlit",
                    "run",
                    "app.py",
                    "--server.port",
                    str(replica_port),
                    "--server.address",
                    "127.0.0.1",
                    *(extra or []),
                ],
                cwd=ROOT,
                env={**os.environ, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        for replica_port, process in cluster.replicas.items():
            wait_healthy(f"http://127.0.0.1:{replica_port}/_stcore/health", process=process)
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;" for p in ports)
        config = TEMPLATE.read_text(encoding="utf-8").format(run_dir=run_dir, servers=servers, port=cluster.port)
        (run_dir / "nginx.conf").write_text(config, encoding="utf-8")
        log = (run_dir / "nginx.log").open("wb")
        cluster.nginx = subprocess.Popen(
            [NGINX, "-c", str(run_dir / "nginx.conf"), "-p", str(run_dir), "-g", "daemon off;"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_healthy(f"{cluster.url}_stcore/health", timeout=20)
    except Exception:
        cluster.stop()
        raise
    return cluster


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--first-replica-port", type=int, default=8601)
    args = parser.parse_args()
    cluster = start_cluster(args.replicas, args.port, args.first_replica_port)
    print(f"{args.replicas} replicas behind nginx at {cluster.url} (logs in {cluster.run_dir}); Ctrl-C stops.")
    try:
        while all(p.poll() is None for p in [*cluster.replicas.values(), cluster.nginx] if p is not None):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
