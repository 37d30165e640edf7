"""nginx as deployed (deploy/replicas.py): security headers, the app under its CSP, the per-client session limit,
and the story and Streamlit's front end served from disk, pre-compressed."""

from __future__ import annotations

import asyncio
import gzip
import http.client
import json
import re
import shutil
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import websockets
from playwright.sync_api import Page, sync_playwright
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.domain.security_headers import HOST_CONFIG
from components.domain.settings import STORY_URL_ENV
from components.schema.files import MAX_FILE_BYTES
from deploy.chromium import CHROMIUM, CHROMIUM_ARGS
from deploy.replicas import (
    DEFAULT_TILE_HOST,
    SESSIONS_PER_CLIENT,
    STORY_PATH,
    Cluster,
    content_security_policy,
    start_cluster,
    upload_body_bytes,
)
from deploy.story import STREAMLIT_STATIC
from tests.browser.conftest import MAP_FRAME, NEXT_BUTTON, STAGE_CARD, TILE_HOSTS
from tests.conftest import ROOT, mini_places

FLOOD = 300  # websockets one client opens at once: twice the limit
ROOM = 100  # phones behind one NAT that must all get in


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx is not installed: apt-get install -y nginx", pytrace=False)
    running = start_cluster(replicas=1)
    yield running
    running.stop()


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part.partition(" ")[2] for part in policy.split("; ")}


def test_every_answer_has_the_security_headers_and_no_replica_address(cluster: Cluster) -> None:
    for path in ("", "?route=southern&stage=2", "_stcore/host-config", "_stcore/health", "no-such-page"):
        with urllib.request.urlopen(cluster.url + path, timeout=30) as response:
            headers = response.headers
        policy = _directives(headers["Content-Security-Policy"])
        assert policy["default-src"] == "'self'"
        assert policy["img-src"] == f"'self' data: blob: {DEFAULT_TILE_HOST}"
        assert policy["connect-src"] == "'self'"  # the websocket to this origin only
        assert policy["frame-src"] == "'self'"
        assert policy["frame-ancestors"] == "'self'"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        # The replicas send the same set (app.py's st.App): nginx's copy only, never two policies.
        assert headers.get_all("Content-Security-Policy") == [headers["Content-Security-Policy"]], path
        assert headers.get_all("X-Content-Type-Options") == ["nosniff"], path
        assert "X-Upstream" not in headers
        assert "nginx/" not in headers.get("Server", "")  # no version either


@pytest.mark.parametrize(
    "path",
    [
        "_stcore/metrics",
        "_stcore/metrics?families=session_events",
        "_stcore/metrics/",
        "_stcore/%6Detrics",  # nginx matches the decoded path
        "/_stcore/metrics",  # //_stcore/metrics: merged slashes
    ],
)
def test_the_server_statistics_are_not_public(cluster: Cluster, path: str) -> None:
    status, headers, body = _get(cluster.url + path, gzipped=False)
    assert status == 404
    assert b"session_events" not in body
    assert "set-cookie" not in headers  # refused by nginx itself: no replica was asked
    assert headers["x-content-type-options"] == "nosniff"
    assert _directives(headers["content-security-policy"])["connect-src"] == "'self'"


def test_the_page_gets_the_apps_host_config_not_streamlits(cluster: Cluster) -> None:
    # Streamlit's page fetches it before every (re)connect and stays on "Connecting" without it; nginx
    # answers with the app's own settings (no origin may message the page), never a replica.
    status, headers, body = _get(cluster.url + "_stcore/host-config", gzipped=False)
    assert status == 200
    assert json.loads(body) == HOST_CONFIG
    assert "set-cookie" not in headers  # answered by nginx itself: no replica was asked


@pytest.mark.parametrize(
    ("tile_host", "ancestors", "img_src", "frame_ancestors"),
    [
        (DEFAULT_TILE_HOST, "'self'", f"'self' data: blob: {DEFAULT_TILE_HOST}", "'self'"),
        (None, "'self'", "'self' data: blob:", "'self'"),  # --offline: no other host at all
        ("https://*.tiles.example:8443", "'none'", "'self' data: blob: https://*.tiles.example:8443", "'none'"),
        (None, "'self'  https://ngo.example", "'self' data: blob:", "'self' https://ngo.example"),
    ],
)
def test_the_policy_names_the_tile_host_and_the_embedders(
    tile_host: str | None, ancestors: str, img_src: str, frame_ancestors: str
) -> None:
    policy = _directives(content_security_policy(tile_host, ancestors))
    assert policy["img-src"] == img_src
    assert policy["frame-ancestors"] == frame_ancestors
    assert "https://" not in content_security_policy(None)


@pytest.mark.parametrize(
    ("tile_host", "ancestors"),
    [
        ("tile.openstreetmap.org", "'self'"),  # no scheme
        ("https://tiles.example; script-src *", "'self'"),  # a second directive smuggled in
        ('https://tiles.example" always', "'self'"),  # out of nginx's quoted string
        (DEFAULT_TILE_HOST, "self"),  # unquoted keyword
        (DEFAULT_TILE_HOST, "'self'; default-src *"),
        (DEFAULT_TILE_HOST, ""),
    ],
)
def test_a_setting_that_is_not_a_plain_source_is_refused(tile_host: str, ancestors: str) -> None:
    with pytest.raises(ValueError, match="expected"):
        content_security_policy(tile_host, ancestors)


def test_the_app_renders_and_steps_under_the_policy(cluster: Cluster) -> None:
    # First in the module's order of the cluster's visitors: the flood below uses up 127.0.0.1's burst.
    # In its own thread: in a full run, tests/browser's Playwright keeps an event loop running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_render_and_step, cluster).result(timeout=300)


UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
NEAR_THE_LIMIT = 4_500_000  # bytes: over nginx's default 1 MB, under the app's MAX_FILE_BYTES


def test_a_file_near_the_app_limit_uploads_through_nginx(cluster: Cluster) -> None:
    # Before the flood below, which uses up 127.0.0.1's burst of new sessions; in its own thread, as above.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_upload_near_the_limit, cluster).result(timeout=300)


def _upload_near_the_limit(cluster: Cluster) -> None:
    rows = mini_places().encode("utf-8")
    body = rows.partition(b"\n")[2]
    big = rows + body * ((NEAR_THE_LIMIT - len(rows)) // len(body) + 1)
    assert NEAR_THE_LIMIT <= len(big) <= MAX_FILE_BYTES
    with _watched_page(viewport={"width": 1280, "height": 860}) as page:
        uploads: list[int] = []  # the status of each PUT /_stcore/upload_file/<session>/<file> the page sends
        page.on(
            "response",
            lambda r: (
                uploads.append(r.status) if "/_stcore/upload_file/" in r.url and r.request.method == "PUT" else None
            ),
        )
        page.goto(cluster.url + "?lang=en")
        page.wait_for_selector(MAP_FRAME, state="attached", timeout=60_000)
        page.get_by_role("link", name="Your own data").first.click()
        page.locator(UPLOAD_INPUT).set_input_files([{"name": "places.csv", "mimeType": "text/csv", "buffer": big}])
        page.get_by_text("Received: ").filter(has_text="places.csv").wait_for(timeout=60_000)
        assert uploads == [204]  # one request for the file, accepted by the replica (nginx's 413 before)


def test_a_body_over_the_limit_is_refused_by_nginx(cluster: Cluster) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", cluster.port, timeout=30)
    try:  # the headers only: nginx answers from the declared length, before any body arrives
        connection.putrequest("PUT", "/_stcore/upload_file/session/file")
        connection.putheader("Content-Type", "multipart/form-data; boundary=x")
        connection.putheader("Content-Length", str(upload_body_bytes() + 1))
        connection.endheaders()
        response = connection.getresponse()
        assert (response.status, b"Request Entity Too Large" in response.read()) == (413, True)
    finally:
        connection.close()


@pytest.mark.parametrize("name", ["places.csv", "n" * 255 + ".csv", "가" * 80 + ".csv"])
def test_the_body_limit_holds_a_full_file_with_its_framing(name: str) -> None:
    # What Chromium sends for one file (its boundary, the name as field name and filename).
    boundary = "----WebKitFormBoundary" + "x" * 16
    framing = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
        f"Content-Type: text/csv\r\n\r\n\r\n--{boundary}--\r\n"
    )
    assert MAX_FILE_BYTES + len(framing.encode("utf-8")) <= upload_body_bytes()
    # ...and no more than Streamlit itself takes (server.maxUploadSize, in MiB): nginx is the first gate.
    shipped = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert upload_body_bytes() <= shipped["server"]["maxUploadSize"] * 1024 * 1024


@contextmanager
def _watched_page(**context_options: Any) -> Iterator[Page]:
    """A page in Chromium whose every frame records what the policy blocks (window.__erm_csp); at the end, its
    console must hold no policy message."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**context_options)
            context.add_init_script(
                "window.__erm_csp = [];"
                "document.addEventListener('securitypolicyviolation',"
                " (e) => window.__erm_csp.push(e.violatedDirective + ' ' + e.blockedURI));"
            )
            # No internet here: tiles get a blank local answer (the policy still has to allow their host).
            context.route(lambda url: any(h in url for h in TILE_HOSTS), lambda r: r.fulfill(status=204, body=b""))
            page = context.new_page()
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            yield page
            assert not [text for text in console if "Content Security Policy" in text], console
        finally:
            browser.close()


def _render_and_step(cluster: Cluster) -> None:
    with _watched_page(viewport={"width": 1280, "height": 860}) as page:
        response = page.goto(cluster.url + "?route=southern&stage=1&lang=en")
        assert response is not None
        assert "'unsafe-eval'" in response.headers["content-security-policy"]  # the page is under the policy
        handle = page.wait_for_selector(MAP_FRAME, state="attached", timeout=60_000)
        frame = handle.content_frame()
        assert frame is not None
        frame.locator(".erm-place").first.wait_for(state="visible", timeout=60_000)  # the map is drawn
        assert frame.locator("path.leaflet-interactive").count() > 0  # with its route lines
        kicker = page.locator(f"{STAGE_CARD} .erm-kicker")
        kicker.filter(has_text="Stage 1 of").wait_for(timeout=30_000)
        page.locator(NEXT_BUTTON).click()
        kicker.filter(has_text="Stage 2 of").wait_for(timeout=30_000)
        frame.locator(".erm-place").first.wait_for(state="visible", timeout=30_000)
        blocked = [entry for f in page.frames for entry in f.evaluate("window.__erm_csp || []")]
        assert blocked == [], blocked


def test_a_flood_from_one_address_is_cut_while_a_room_and_other_visitors_get_in(cluster: Cluster) -> None:
    # In its own thread, as in test_replicas.py: an event loop of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _flood(cluster)).result(timeout=300)


async def _connect(cluster: Cluster, local: str) -> websockets.ClientConnection:
    return await websockets.connect(
        f"ws://127.0.0.1:{cluster.port}/_stcore/stream",
        subprotocols=[websockets.Subprotocol("streamlit")],
        local_addr=(local, 0),  # nginx sees this as the client's address
        max_size=None,
        open_timeout=60,
        ping_interval=None,
    )


async def _flood(cluster: Cluster) -> None:
    attempts = await asyncio.gather(*(_connect(cluster, "127.0.0.1") for _ in range(FLOOD)), return_exceptions=True)
    opened = [a for a in attempts if isinstance(a, websockets.ClientConnection)]
    refused = [a for a in attempts if isinstance(a, websockets.InvalidStatus)]
    others = [repr(a) for a in attempts if not isinstance(a, websockets.ClientConnection | websockets.InvalidStatus)]
    try:
        assert others == []
        assert {error.response.status_code for error in refused} == {429}
        assert ROOM <= len(opened) <= SESSIONS_PER_CLIENT, (len(opened), len(refused))
        assert len(opened) + len(refused) == FLOOD

        # Meanwhile, another address: served in full (a session that runs the page to its end).
        visitor = await _connect(cluster, "127.0.0.2")
        try:
            message = BackMsg()
            message.rerun_script.query_string = "route=southern&stage=1&lang=en"
            await visitor.send(message.SerializeToString())
            finished = None
            while finished is None:
                forward = ForwardMsg()
                forward.ParseFromString(await asyncio.wait_for(visitor.recv(), timeout=60))
                if forward.WhichOneof("type") == "script_finished":
                    finished = forward.script_finished
            assert finished == ForwardMsg.FINISHED_SUCCESSFULLY
        finally:
            await visitor.close()
    finally:
        await asyncio.gather(*(ws.close() for ws in opened), return_exceptions=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str, gzipped: bool) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzipped else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def _served_files(cluster: Cluster) -> dict[str, Path]:
    """URL path → the file nginx should send: story pages and assets, Streamlit's code the page asks for."""
    assert cluster.story_dir is not None
    assert cluster.static_dir is not None
    leaflet = next(cluster.story_dir.glob("assets/*/leaflet.js"))
    _status, _headers, page = _get(cluster.url, gzipped=False)
    entry = re.search(rb'<script type="module" crossorigin src="\./(static/js/[^"]+\.js)"', page)
    styles = re.findall(rb'href="\./(static/css/[^"]+\.css)"', page)
    assert entry is not None
    return {
        "story/": cluster.story_dir / "index.html",
        "story/southern.html": cluster.story_dir / "southern.html",
        f"story/{leaflet.relative_to(cluster.story_dir).as_posix()}": leaflet,
        entry.group(1).decode(): STREAMLIT_STATIC / entry.group(1).decode(),
        **{css.decode(): STREAMLIT_STATIC / css.decode() for css in styles[:1]},
    }


@pytest.mark.parametrize("gzipped", [True, False])
def test_the_story_and_streamlit_code_come_from_disk_pre_compressed(cluster: Cluster, gzipped: bool) -> None:
    served = _served_files(cluster)
    assert any(path.startswith("static/js/") for path in served)
    for path, source in served.items():
        status, headers, body = _get(cluster.url + path, gzipped)
        assert status == 200, path
        if gzipped:  # the .gz written at start, sent as is: its exact length, not compressed on the fly
            assert headers.get("content-encoding") == "gzip", path
            copy = source.with_name(source.name + ".gz")
            if path.startswith("static/"):
                assert cluster.static_dir is not None
                copy = cluster.static_dir / f"{path}.gz"
            assert headers["content-length"] == str(copy.stat().st_size), path
            body = gzip.decompress(body)
        else:
            assert "content-encoding" not in headers, path
        assert body == source.read_bytes(), path
        assert headers["vary"] == "Accept-Encoding"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert "set-cookie" not in headers  # static files need no replica, and stay cacheable


def test_every_file_the_app_page_names_is_served_from_disk(cluster: Cluster) -> None:
    assert cluster.static_dir is not None
    _status, _headers, page = _get(cluster.url, gzipped=False)
    named = re.findall(rb'(?:src|href)="\./(static/[^"]+)"', page)
    assert len(named) > 10  # the entry script, its module preloads, the stylesheet, the font
    for path in (name.decode() for name in named):
        status, headers, _body = _get(cluster.url + path, gzipped=True)
        assert status == 200, path
        copy = cluster.static_dir / f"{path}.gz"
        if copy.exists():  # code and styles: the .gz as is; fonts: as they are
            assert (headers.get("content-encoding"), headers["content-length"]) == ("gzip", str(copy.stat().st_size))
        else:
            assert path.endswith((".woff2", ".png")), path
            assert headers["content-length"] == str((cluster.static_dir / path).stat().st_size)


@pytest.mark.parametrize(
    ("path", "status", "cache", "policy"),
    [
        ("story/", 200, "no-cache", "story"),
        ("story/southern.html", 200, "no-cache", "story"),
        ("story/assets/", 403, None, "story"),  # no folder listings
        ("story/no-such-page.html", 404, None, "story"),
        ("static/js/no-such-file.js", 404, None, "app"),  # not Streamlit's index.html, and not cached a year
        ("", 200, "no-cache", "app"),
    ],
)
def test_each_place_has_its_policy_and_caching(
    cluster: Cluster, path: str, status: int, cache: str | None, policy: str
) -> None:
    code, headers, _body = _get(cluster.url + path, gzipped=True)
    assert code == status
    assert headers.get("cache-control") == cache
    directives = _directives(headers["content-security-policy"])
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'self'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    if policy == "story":  # only the story's own inline scripts: no eval, no 'unsafe-inline', no websocket
        assert directives["script-src"].startswith("'self' 'sha256-")
        assert "unsafe" not in directives["script-src"]
        assert directives["connect-src"] == "'self' data:"
        assert DEFAULT_TILE_HOST not in directives["img-src"]  # the story's map draws outlines, no tiles
    else:
        assert directives["script-src"] == "'self' 'unsafe-inline' 'unsafe-eval'"


@pytest.mark.parametrize("name", [".erm-site-files", ".env", "assets/.hidden.js"])
def test_dotfiles_in_the_story_are_not_served(cluster: Cluster, name: str) -> None:
    assert cluster.story_dir is not None
    (cluster.story_dir / name).write_text("private", encoding="utf-8")  # as the export's manifest is
    (cluster.story_dir / name).chmod(0o644)
    status, headers, body = _get(cluster.url + f"story/{name}", gzipped=False)
    assert (status, b"private" in body) == (404, False)
    assert headers["x-content-type-options"] == "nosniff"


def test_streamlit_code_and_story_assets_are_cached_by_kind(cluster: Cluster) -> None:
    served = _served_files(cluster)
    caching = {path: _get(cluster.url + path, gzipped=True)[1].get("cache-control") for path in served}
    assert caching == {
        path: "public, immutable, max-age=31536000"  # hashed names: a new Streamlit has new names
        if path.startswith("static/")
        else "no-cache"  # a page: a new export shows at once
        if path.endswith(("/", ".html"))
        else "public, max-age=86400"
        for path in served
    }


def test_the_replicas_link_the_audience_to_the_story(cluster: Cluster) -> None:
    for server in cluster.replicas.values():
        environ = Path(f"/proc/{server.pid}/environ").read_bytes().split(b"\0")
        assert f"{STORY_URL_ENV}={STORY_PATH}".encode() in environ
    story = cluster.url + STORY_PATH.strip("/")  # /story, without the slash
    no_redirect = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        no_redirect.open(story, timeout=30)
    assert redirect.value.code == 301
    assert redirect.value.headers["Location"] == STORY_PATH  # relative: right behind any proxy too
    assert _directives(redirect.value.headers["Content-Security-Policy"])["connect-src"] == "'self' data:"
    assert redirect.value.headers["X-Content-Type-Options"] == "nosniff"


def test_the_story_runs_under_its_policy(cluster: Cluster) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright's own event loop, as above
        pool.submit(_open_story, cluster).result(timeout=300)


def _open_story(cluster: Cluster) -> None:
    with _watched_page(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True) as page:
        response = page.goto(cluster.story_url + "southern.html")
        assert response is not None
        # The map's inline script ran (the route's lines) and fetched the outlines (data: URL).
        page.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=30_000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__erm_csp") == []
        assert "sha256-" in response.headers["content-security-policy"]  # under the story's own policy
