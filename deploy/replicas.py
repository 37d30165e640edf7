"""Start N Streamlit replicas and nginx in front of them, on localhost, with the audience's story beside them.

    python -m deploy.replicas [--replicas 2] [--port 8080] [--first-replica-port 8601]
        [--tile-host URL | --offline] [--frame-ancestors SOURCES] [--sessions-per-client 150]
        [--data-dir PATH]

Every replica runs `streamlit run app.py` from the repository root, so with the shipped
.streamlit/config.toml, and with one cookie secret shared by all (STREAMLIT_SERVER_COOKIE_SECRET: XSRF
tokens and cookies are signed with it, so a visitor may land on any replica). nginx (Debian's package)
balances them with sticky sessions, sends security headers (a Content-Security-Policy that allows this
origin and the map's tile host only, or no other host at all with --offline) and limits the sessions
one client address may open (deploy/nginx.conf.template).

Beside the replicas, nginx serves from disk (deploy/story.py), each text file with a `.gz` made once at
start for `gzip_static`:
- `/story/`: the static story (`python -m components.export_site`), exported at start from the same data
  folder as the replicas (`--data-dir`, else $ESCAPE_MAP_DATA, else data/), under a policy of its own
  (no eval, no websocket, only the hashes of the inline scripts the export wrote). The replicas get
  ESCAPE_MAP_STORY_URL=/story/, so their share panel offers the audience link.
- `/static/`: Streamlit's own JavaScript, CSS and fonts, from the installed package the replicas run
  (Streamlit sends them uncompressed), cached for a year (their names carry a content hash).

Ctrl-C stops everything. The same functions start the cluster in tests/deploy/ and bench/ (replicas_bench,
story_room).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

# The app's own switches (the replicas read OFFLINE_ENV too, and set STORY_URL_ENV for the app).
from components.domain.security_headers import (
    DEFAULT_FRAME_ANCESTORS,
    DEFAULT_TILE_HOST,
    FRAME_ANCESTORS_ENV,
    HOST_CONFIG_PATH,
    PRIVATE_PATHS,
    TILE_HOST_ENV,
    content_security_policy,
    host_config_json,
    security_headers,
)
from components.domain.settings import OFFLINE_ENV, STORY_URL_ENV, data_dir_from, switched_on
from components.schema.files import MAX_FILE_BYTES
from deploy.server import Server, free_port, stop_all_on_sigterm, stop_process_group, wait_healthy
from deploy.story import build_story, inline_scripts, mentions, mirror_streamlit_static, readable_by_all

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STICKY_COOKIE = "erm_sticky"  # set by nginx (nginx.conf.template): which replica a visitor stays on
SESSIONS_PER_CLIENT = 150  # open websockets per client address: a room of 100 phones behind one NAT, and room
NEW_SESSIONS_PER_SECOND = 2  # per client address, after a burst of SESSIONS_PER_CLIENT
STORY_PATH = "/story/"  # where nginx serves the static story

# The framing of one uploaded file at its largest. Streamlit's uploader sends each file in a request of its
# own: PUT /_stcore/upload_file/<session>/<file> as multipart/form-data, the file's name as the field's name
# and its folder-relative path as the filename (the frontend's uploadFileUploaderFile).
MULTIPART_BOUNDARY_MAX = 70  # RFC 2046 §5.1.1
UPLOAD_NAME_MAX_BYTES = 4096 * 3  # a path up to Linux's PATH_MAX, every byte percent-escaped by the browser
MEDIA_TYPE_MAX = 255  # RFC 6838 §4.2: type and subtype, 127 characters each


def upload_body_bytes(max_file_bytes: int = MAX_FILE_BYTES) -> int:
    """The largest request body that carries one file of `max_file_bytes`: nginx's client_max_body_size."""
    boundary, name, media = "-" * MULTIPART_BOUNDARY_MAX, "x" * UPLOAD_NAME_MAX_BYTES, "x" * MEDIA_TYPE_MAX
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
    head += f"Content-Type: {media}\r\n\r\n"
    tail = f"\r\n--{boundary}--\r\n"
    return len(head.encode()) + max_file_bytes + len(tail.encode())


def add_headers(headers: dict[str, str], indent: str = " " * 12) -> str:
    """nginx's add_header lines for `headers`, sent on every answer (a refusal too)."""
    return "\n".join(f'{indent}add_header {name} "{value}" always;' for name, value in headers.items())


def hide_upstream(headers: dict[str, str], indent: str = " " * 12) -> str:
    """nginx's proxy_hide_header lines: the replicas send the same headers themselves (app.py's st.App)."""
    return "\n".join(f"{indent}proxy_hide_header {name};" for name in headers)


def private_locations(headers: dict[str, str]) -> str:
    """A 404 for each private path (a prefix: with a slash or query after it too), with the app's headers."""
    return "\n".join(
        f"        location ^~ {path} {{\n{add_headers(headers)}\n            return 404;\n        }}"
        for path in PRIVATE_PATHS
    )


def host_config_location(headers: dict[str, str]) -> str:
    """The host's settings the page fetches before it connects, answered by nginx with the app's own
    (security_headers.HOST_CONFIG): Streamlit's endpoint is not served to the public."""
    lines = [
        f"        location = {HOST_CONFIG_PATH} {{",
        "            limit_except GET { deny all; }",
        "            default_type application/json;",
        add_headers({**headers, "Cache-Control": "no-cache"}),
        f"            return 200 '{host_config_json()}';",
        "        }",
    ]
    return "\n".join(lines)


def story_security_policy(
    script_sources: str, tile_host: str | None, frame_ancestors: str = DEFAULT_FRAME_ANCESTORS
) -> str:
    """The story's policy: the app's, without eval, websockets or frames, and with only `script_sources` inline.

    `script_sources` are the hashes of the story's inline scripts (deploy/story.py `inline_scripts`);
    `tile_host` only if the story's pages load tiles from it. The country outlines come as a data: URL
    that the map fetches, hence `connect-src data:`.
    """
    app = content_security_policy(tile_host, frame_ancestors)  # the same checks of the settings
    ancestors = app.rpartition("frame-ancestors ")[2]
    tiles = f" {tile_host}" if tile_host else ""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {script_sources}".rstrip(),
            "style-src 'self' 'unsafe-inline'",  # folium's <style> blocks and style attributes
            f"img-src 'self' data:{tiles}",
            "font-src 'self'",
            "connect-src 'self' data:",
            "frame-src 'none'",
            "worker-src 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


@dataclass
class Cluster:
    """Replicas (port → server) and nginx, with their logs in run_dir; the files nginx serves itself."""

    port: int
    run_dir: Path
    story_dir: Path | None = None  # the exported story with its .gz copies, served at /story/
    static_dir: Path | None = None  # a copy of Streamlit's front end with .gz copies, the root of /static/
    replicas: dict[int, Server] = field(default_factory=dict)
    nginx: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def story_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{STORY_PATH}"

    def stop_replica(self, port: int) -> None:
        self.replicas[port].kill()  # a crash, not a polite shutdown

    def stop(self) -> None:
        """Stop the replicas and nginx, and remove the copies nginx served (the logs stay in run_dir)."""
        for server in self.replicas.values():
            server.stop()
        if self.nginx is not None:
            stop_process_group(self.nginx)
        for served in (self.run_dir / "www", self.static_dir):  # ~30 MB a start, mostly Streamlit's code
            if served is not None:
                shutil.rmtree(served, ignore_errors=True)


def start_cluster(
    replicas: int = 2,
    port: int | None = None,
    first_port: int | None = None,
    extra: list[str] | None = None,
    *,
    tile_host: str | None = DEFAULT_TILE_HOST,
    frame_ancestors: str = DEFAULT_FRAME_ANCESTORS,
    sessions_per_client: int = SESSIONS_PER_CLIENT,
    new_sessions_per_second: int = NEW_SESSIONS_PER_SECOND,
    show_upstream: bool = False,
) -> Cluster:
    """Start the replicas, then nginx; return once nginx answers the health check through a replica.

    `tile_host=None` is the offline map: the replicas get `--offline` and the policy allows no other
    host. `show_upstream` adds an `X-Upstream` header (the replica's address) for the failover test;
    never in production, where it would tell anyone the replicas' addresses. A benchmark whose visitors all
    come from 127.0.0.1 lifts `sessions_per_client` and `new_sessions_per_second`. The story is exported
    from the data folder the replicas read (`--data-dir` in `extra`, else $ESCAPE_MAP_DATA, else data/)
    while they start.
    """
    headers = security_headers(tile_host, frame_ancestors)  # a bad setting fails before anything starts
    if sessions_per_client < 1 or new_sessions_per_second < 1:
        raise ValueError("sessions per client, new sessions per second: at least 1")
    app_args = list(extra or [])
    if tile_host is None and "--offline" not in app_args:
        app_args = [*app_args, "--offline"] if "--" in app_args else [*app_args, "--", "--offline"]
    run_dir = Path(tempfile.mkdtemp(prefix="erm-cluster-"))
    cluster = Cluster(port=port or free_port(), run_dir=run_dir)
    cookie_secret = secrets.token_hex(32)
    ports = [first_port + i for i in range(replicas)] if first_port else [free_port() for _ in range(replicas)]
    script_args = app_args[app_args.index("--") + 1 :] if "--" in app_args else []
    data_dir = data_dir_from(script_args, os.environ)
    try:
        for replica_port in ports:  # all start at once, then each is waited for
            cluster.replicas[replica_port] = Server(
                "app.py",
                args=app_args,
                env={"STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret, STORY_URL_ENV: STORY_PATH},
                port=replica_port,
                log=run_dir / f"replica-{replica_port}.log",
                wait=False,
            )
        # Meanwhile: the story and Streamlit's front end, with their .gz copies, for nginx to serve.
        cluster.story_dir = build_story(data_dir, run_dir / "www" / STORY_PATH.strip("/"))
        cluster.static_dir = mirror_streamlit_static(run_dir / "streamlit")
        readable_by_all(run_dir, run_dir / "www", cluster.static_dir)
        scripts = inline_scripts(cluster.story_dir)
        story_tiles = tile_host if tile_host and mentions(cluster.story_dir, tile_host.split("://")[1]) else None
        story_csp = story_security_policy(scripts.sources, story_tiles, frame_ancestors)
        for server in cluster.replicas.values():
            server.wait_healthy()
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=30s;" for p in ports)
        config = TEMPLATE.read_text(encoding="utf-8").format(
            run_dir=run_dir,
            servers=servers,
            port=cluster.port,
            upload_body_bytes=upload_body_bytes(),
            app_headers=add_headers(headers),
            story_headers=add_headers({**headers, "Content-Security-Policy": story_csp}),
            hide_upstream_headers=hide_upstream(headers),
            private_locations=private_locations(headers),
            host_config_location=host_config_location(headers),
            www=run_dir / "www",
            streamlit_static=cluster.static_dir,
            sessions_per_client=sessions_per_client,
            new_sessions_per_second=new_sessions_per_second,
            upstream_header="\n            add_header X-Upstream $upstream_addr always;" if show_upstream else "",
        )
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


def _env_option(
    parser: argparse.ArgumentParser | argparse._MutuallyExclusiveGroup, flag: str, env: str, default: str, what: str
) -> None:
    """An option whose default is an environment variable's value, else `default`; the help says both."""
    parser.add_argument(flag, default=os.environ.get(env, default), help=f"{what} (env {env}; default {default})")


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m deploy.replicas", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--first-replica-port", type=int, default=8601)
    tiles = parser.add_mutually_exclusive_group()
    _env_option(tiles, "--tile-host", TILE_HOST_ENV, DEFAULT_TILE_HOST, "the map tiles' origin, allowed by the CSP")
    tiles.add_argument(
        "--offline",
        action="store_true",
        default=switched_on(os.environ.get(OFFLINE_ENV)),
        help=f"the app's offline map (country outlines, no tiles); the CSP allows no other host (env {OFFLINE_ENV})",
    )
    _env_option(
        parser,
        "--frame-ancestors",
        FRAME_ANCESTORS_ENV,
        DEFAULT_FRAME_ANCESTORS,
        "who may embed the app, e.g. \"'self' https://ngo.example\"",
    )
    parser.add_argument(
        "--sessions-per-client",
        type=int,
        default=SESSIONS_PER_CLIENT,
        help="open sessions one client address may hold (a NAT-ed room is one address)",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="the data folder of the app and the story (default: $ESCAPE_MAP_DATA, else data/)",
    )
    args = parser.parse_args()
    try:
        content_security_policy(None if args.offline else args.tile_host, args.frame_ancestors)
    except ValueError as error:
        parser.error(str(error))
    stop_all_on_sigterm()
    try:
        cluster = start_cluster(
            args.replicas,
            args.port,
            args.first_replica_port,
            ["--", "--data-dir", str(args.data_dir.resolve())] if args.data_dir else None,  # replicas run in the repo
            tile_host=None if args.offline else args.tile_host,
            frame_ancestors=args.frame_ancestors,
            sessions_per_client=args.sessions_per_client,
        )
    except RuntimeError as error:  # the story's export or a replica that did not start: their own message
        parser.exit(1, f"{parser.prog}: {error}\n")
    print(f"{args.replicas} replicas behind nginx at {cluster.url}, the story at {cluster.story_url}")
    print(f"logs in {cluster.run_dir}; Ctrl-C stops.")
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
