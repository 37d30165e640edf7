"""The app in Chromium, as a visitor uses it: map drawn, clicks, deep links, stepping, no CDN, escaping."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from components.builders.assets import BASEMAP_SOURCE, outlines_near
from tests.browser.conftest import (
    ARTIFACTS,
    JOURNEY,
    MAP_FRAME,
    NEXT_BUTTON,
    SOUTHERN,
    STAGE_CARD,
    TILE_HOSTS,
    Server,
    map_frame,
    open_app,
    stage_heading,
)
from tests.conftest import ROOT, SHIPPED_DATA

pytestmark = pytest.mark.browser

SCREENSHOT = ROOT / "docs" / "screenshot.png"


def test_map_draws_numbered_markers_legs_and_legend(page: Page, server: Server) -> None:
    frame = open_app(page, server)
    assert frame.locator(".erm-place").count() == len(SOUTHERN.places)
    for number in (1, len(SOUTHERN.places)):
        expect(frame.locator(f".erm-place-{number}")).to_contain_text(str(number))
    assert frame.locator("path.erm-leg").count() == len(SOUTHERN.legs)
    expect(page.locator(".erm-legend")).to_contain_text("extreme")
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 1 of {len(SOUTHERN.legs)}")
    page.screenshot(path=str(ARTIFACTS / "desktop.png"))


def test_clicking_a_marker_selects_its_stage_in_the_panel(page: Page, server: Server) -> None:
    """The map starts partly below the fold here: a click must not scroll the page away from the marker."""
    page.set_viewport_size({"width": 1280, "height": 560})
    frame = open_app(page, server)
    assert page.locator(MAP_FRAME).bounding_box()["y"] + 480 > 560  # type: ignore[index]
    frame.locator(".erm-place-4").click()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 4 of {len(SOUTHERN.legs)}", timeout=15_000)
    expect(page.locator(f"{STAGE_CARD} h3")).to_have_text(SOUTHERN.leg(4).stage)
    expect(page).to_have_url(re.compile(r"[?&]stage=4(&|$)"))
    # The highlight moved to the new stage inside the same map.
    expect(frame.locator("path.erm-highlight-4")).to_have_count(1, timeout=10_000)


def test_clicking_a_leg_selects_its_stage(page: Page, server: Server) -> None:
    frame = open_app(page, server)
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    box = frame.locator("path.erm-leg-casing.erm-leg-4").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 4 of {len(SOUTHERN.legs)}", timeout=15_000)


def test_deep_link_opens_its_stage(page: Page, server: Server) -> None:
    route = JOURNEY.route("mongolia")
    assert route is not None
    frame = open_app(page, server, "?route=mongolia&stage=4")
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 4 of {len(route.legs)}")
    expect(page.locator(f"{STAGE_CARD} h3")).to_have_text(route.leg(4).stage)
    assert frame.locator(".erm-place").count() == len(route.places)
    expect(frame.locator("path.erm-highlight-4")).to_have_count(1)


def test_next_moves_the_map_without_remounting_it(page: Page, server: Server) -> None:
    frame = open_app(page, server, "?route=southern&stage=2")
    frame.evaluate("window.__ermProbe = 'still here'")
    centre_before = frame.evaluate("JSON.stringify(window.map.getCenter())")
    page.locator(NEXT_BUTTON).click()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 3 of {len(SOUTHERN.legs)}")
    expect(page).to_have_url(re.compile(r"[?&]stage=3(&|$)"))
    expect(frame.locator("path.erm-highlight-3")).to_have_count(1, timeout=10_000)
    assert frame.evaluate("window.__ermProbe") == "still here"
    # The map flies to the new stage (the flight starts with the highlight, and takes its time).
    frame.wait_for_function(f"JSON.stringify(window.map.getCenter()) !== {json.dumps(centre_before)}", timeout=5_000)
    assert frame.evaluate("window.__ermProbe") == "still here"


def test_unknown_link_shows_a_notice_and_the_first_stage(page: Page, server: Server) -> None:
    open_app(page, server, "?route=atlantis&stage=3")
    expect(page.get_by_text("atlantis")).to_be_visible()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 1 of {len(SOUTHERN.legs)}")


def test_no_request_leaves_the_app_except_map_tiles(page: Page, server: Server) -> None:
    frame = open_app(page, server)
    frame.locator(".erm-place-3").click()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 3 of {len(SOUTHERN.legs)}", timeout=15_000)
    own = urlsplit(server.url).netloc
    requests: list[str] = page.requests  # type: ignore[attr-defined]
    foreign = [
        url
        for url in requests
        if urlsplit(url).scheme in ("http", "https")
        and urlsplit(url).netloc != own
        and not any(urlsplit(url).netloc.endswith(host) for host in TILE_HOSTS)
    ]
    assert foreign == []
    assert any("/app/static/leaflet-" in url for url in requests)


def test_the_story_page_fetches_no_italic_font_face(page: Page, server: Server) -> None:
    """The film's title is in italics, in the system's face (panel.ITALIC_STYLE): the page's own italic
    face is 135 KB a phone on slow Wi-Fi would fetch before the first screen's code (docs/performance.md)."""
    open_app(page, server, "?route=southern")
    expect(page.locator(".erm-about em")).to_have_css("font-style", "italic")
    page.wait_for_load_state("networkidle")
    fonts = [url for url in page.requests if re.search(r"\.(woff2?|ttf|otf)(\?|$)", url)]  # type: ignore[attr-defined]
    assert fonts, "the page's fonts were not recorded"
    assert [url for url in fonts if "italic" in url.lower()] == []


def test_offline_mode_makes_no_request_to_any_other_host(page: Page, offline_server: Server) -> None:
    frame = open_app(page, offline_server, "?route=southern&stage=3")
    expect(frame.locator("path.erm-country").first).to_be_attached(timeout=15_000)
    # Every country around the shipped routes, not the whole world's (assets.outlines_near).
    near = json.loads(outlines_near(BASEMAP_SOURCE.read_text(encoding="utf-8"), JOURNEY.bounds))["features"]
    world = json.loads(BASEMAP_SOURCE.read_text(encoding="utf-8"))["features"]
    assert 20 <= len(near) < len(world) / 2
    assert frame.locator("path.erm-country").count() == len(near)
    assert frame.locator("path.erm-stance-repatriates").count() >= 1
    assert frame.locator(".leaflet-tile").count() == 0
    frame.locator(".erm-place-4").click()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 4 of {len(SOUTHERN.legs)}", timeout=15_000)
    own = urlsplit(offline_server.url).netloc
    requests: list[str] = page.requests  # type: ignore[attr-defined]
    elsewhere = [
        u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != own
    ]
    assert elsewhere == []
    assert len(requests) > 20  # the page really loaded through the recorder


def test_readme_screenshot(page: Page, offline_server: Server) -> None:
    """The screenshot the README shows: the Defector's route, stage 6 (by motorbike into Laos), offline basemap."""
    server = offline_server
    open_app(page, server, "?route=southern&stage=6&note=0")
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 6 of {len(SOUTHERN.legs)}")
    expect(map_frame(page).locator("path.erm-country").first).to_be_attached(timeout=15_000)
    page.wait_for_timeout(800)  # let the map finish its pan
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshot.png"))
    shutil.copyfile(ARTIFACTS / "screenshot.png", SCREENSHOT)
    assert SCREENSHOT.stat().st_size > 10_000


PAYLOAD = "<img src=x onerror=\"document.title='pwned';alert(1)\">"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The shipped data with an HTML/JS payload in every text column."""
    data = tmp_path_factory.mktemp("hostile")
    for name in ("places.csv", "routes.csv"):
        text = (SHIPPED_DATA / name).read_text(encoding="utf-8")
        lines = text.splitlines()
        (data / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    _poison(data / "places.csv", ["name", "summary", "source", "note"])
    _poison(data / "routes.csv", ["route_name", "stage", "risks", "source", "note", "duration_note", "cost_note"])
    srv = Server(data_dir=data)
    yield srv
    srv.stop()


def _poison(path: Path, columns: list[str]) -> None:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        for column in columns:
            row[column] = f"{row[column]} {PAYLOAD} `${{alert(2)}}`"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def test_html_in_the_data_is_shown_as_text(page: Page, hostile_server: Server) -> None:
    frame = open_app(page, hostile_server, "?route=southern&stage=2")
    title = page.title()
    expect(page.locator(f"{STAGE_CARD} h3")).to_contain_text("<img src=x")
    frame.locator(".erm-place-3").hover()
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("<img src=x")
    frame.locator(".erm-place-3").click()
    expect(page.locator(stage_heading(page))).to_contain_text("Stage 3 of", timeout=15_000)
    page.wait_for_timeout(500)
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert page.title() == title != "pwned"
    assert frame.locator("img[src=x]").count() == 0
    assert page.locator("img[src=x]").count() == 0
