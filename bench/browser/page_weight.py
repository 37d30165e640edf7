"""Page weight of a first visit on a phone: every response and WebSocket message, as served and as gzip would send it.

    python -m bench.browser.page_weight

A 390x844 phone context (DPR 3, touch, mobile user agent, empty cache) loads the story page; every
response until the map is drawn, the script run is over and 2 s pass without traffic is counted by
type: bytes on the wire, decoded, and gzipped by Python at level 6 (the baseline: what serving it
compressed would send).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Browser

from bench.browser.common import (
    MAP_FRAME,
    PHONE,
    START_QUERY,
    TIMEOUT_MS,
    Run,
    kib,
    new_context,
    parser,
    run,
    table,
    wait_idle,
)


def category(resource_type: str, content_type: str, url: str) -> str:
    ct = content_type.split(";")[0].strip().lower()
    if resource_type == "font" or ct.startswith("font/") or url.endswith((".woff2", ".woff", ".ttf")):
        return "fonts"
    if resource_type == "script" or "javascript" in ct:
        return "JS"
    if resource_type == "stylesheet" or ct == "text/css":
        return "CSS"
    if resource_type == "document" or ct == "text/html":
        return "HTML"
    if resource_type == "image" or ct.startswith("image/"):
        return "images"
    return "data (HTTP)"


@dataclass
class Weight:
    rows: dict[str, list[int]]  # category -> [requests, served compressed, wire, raw, gzip]
    ws_frames: int
    ws_raw: int
    ws_gzip: int
    encoded: list[str]  # "<encoding> <url>" of responses served compressed
    biggest: list[tuple[int, int, str]]  # (raw, gzip, url)


def page_weight(browser: Browser, url: str, online: bool) -> Weight:
    context = new_context(
        browser,
        PHONE,
        online,
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        user_agent="Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
    )
    responses: list[Any] = []
    ws_payloads: list[bytes] = []
    last = [time.perf_counter()]

    def on_response(response: Any) -> None:
        responses.append(response)
        last[0] = time.perf_counter()

    def on_ws(ws: Any) -> None:
        def received(payload: Any) -> None:
            ws_payloads.append(payload if isinstance(payload, bytes) else payload.encode())
            last[0] = time.perf_counter()

        ws.on("framereceived", received)

    try:
        context.on("response", on_response)
        page = context.new_page()
        page.on("websocket", on_ws)
        page.goto(url + START_QUERY, wait_until="commit")
        page.frame_locator(MAP_FRAME).locator(".erm-place").first.wait_for(state="visible", timeout=TIMEOUT_MS)
        wait_idle(page, TIMEOUT_MS)
        deadline = time.perf_counter() + 15
        while time.perf_counter() - last[0] < 2.0 and time.perf_counter() < deadline:  # 2 s without traffic
            page.wait_for_timeout(200)
        rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        encoded: list[str] = []
        biggest = []
        for response in responses:
            if response.url.startswith(("data:", "blob:")) or response.status in (101, 204, 304):
                continue
            try:
                body = response.body()
            except Exception:  # e.g. a redirect: no body to count
                continue
            headers = response.headers
            short = response.url.replace(url, "/")
            encoding = headers.get("content-encoding", "")
            if encoding:
                encoded.append(f"{encoding} `{short}`")
            zipped = len(gzip.compress(body, compresslevel=6)) if body else 0
            row = rows[category(response.request.resource_type, headers.get("content-type", ""), response.url)]
            row[0] += 1
            row[1] += bool(encoding)
            row[2] += response.request.sizes().get("responseBodySize", 0)
            row[3] += len(body)
            row[4] += zipped
            biggest.append((len(body), zipped, short))
        ws_raw = sum(len(p) for p in ws_payloads)
        ws_gzip = sum(len(gzip.compress(p, compresslevel=6)) for p in ws_payloads)
        biggest.sort(reverse=True)
        return Weight(dict(rows), len(ws_payloads), ws_raw, ws_gzip, encoded, biggest[:8])
    finally:
        context.close()


def weight_section(weight: Weight) -> list[str]:
    order = ["JS", "CSS", "fonts", "HTML", "data (HTTP)", "images"]
    rows = []
    total = [0, 0, 0, 0, 0]
    for name in order + sorted(set(weight.rows) - set(order)):
        if name not in weight.rows:
            continue
        r = weight.rows[name]
        total = [a + b for a, b in zip(total, r, strict=True)]
        rows.append([name, str(r[0]), str(r[1]), kib(r[2]), kib(r[3]), kib(r[4])])
    rows.append(
        [
            "**HTTP total**",
            str(total[0]),
            str(total[1]),
            f"**{kib(total[2])}**",
            f"**{kib(total[3])}**",
            f"**{kib(total[4])}**",
        ]
    )
    rows.append(
        [
            "WebSocket messages received (app content, incl. the map HTML)",
            str(weight.ws_frames),
            "",
            "",
            kib(weight.ws_raw),
            kib(weight.ws_gzip),
        ]
    )
    rows.append(
        ["**all**", "", "", "", f"**{kib(total[3] + weight.ws_raw)}**", f"**{kib(total[4] + weight.ws_gzip)}**"]
    )
    big = [[f"`{u[:100]}`", kib(raw), kib(z)] for raw, z, u in weight.biggest]
    return [
        "## Page weight: first visit on a 390x844 phone context (DPR 3, touch, mobile UA, empty cache)",
        "",
        "Every response until the map is drawn, the script run is over and 2 s pass without traffic. wire = "
        "`request.sizes()['responseBodySize']` (bytes as transferred), raw = `response.body()` (decoded), gzip = "
        "each body compressed by Python's gzip at level 6 (what serving it compressed would send). WebSocket: "
        "payloads as Playwright sees them (after any permessage-deflate), gzip per message.",
        "",
        table(["type", "requests", "served compressed", "wire KiB", "raw KiB", "gzip KiB"], rows),
        "",
        "Responses served with a Content-Encoding: " + (", ".join(weight.encoded) if weight.encoded else "none") + ".",
        "",
        "Largest responses:",
        "",
        table(["url", "raw KiB", "gzip KiB"], big),
        "",
    ]


def measure(bench: Run, args: argparse.Namespace) -> list[str]:
    return weight_section(page_weight(bench.browser, bench.server.url, bench.online))


def main() -> int:
    args = parser((__doc__ or "").split("\n\n")[0]).parse_args()
    return run("Browser benchmark: page weight", "python -m bench.browser.page_weight", [measure], args)


if __name__ == "__main__":
    sys.exit(main())
