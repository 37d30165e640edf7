"""The story page in Chromium: map and stage in the first screen, a stage change that reruns only the
story, the map flying to each stage, and the other pages with their own addresses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page, expect

from components.domain.journey import Route
from components.texts.en import Texts
from components.ui.page import HEADER_KEY, TOOLS_KEY, key_selector
from components.ui.pages import CONTEXT_PATH, OWN_DATA_PATH, TEXT_PATH
from components.ui.stage_panel import MAP_AREA_KEY
from tests.browser.conftest import (
    JOURNEY,
    MAP_FRAME,
    NEXT_BUTTON,
    PREVIOUS_BUTTON,
    SOUTHERN,
    STAGE_CARD,
    ScriptRuns,
    Server,
    map_frame,
    open_app,
    open_page,
    pick_stage,
    stage_heading,
    wait_idle,
)

pytestmark = pytest.mark.browser
# What the visitor sees of the map: its container, which clips the map's frame.
MAP_AREA = key_selector(MAP_AREA_KEY)

LEGS = len(SOUTHERN.legs)


def box(page: Page, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def test_first_screen_at_1280x800_holds_map_title_risk_and_dangers(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_app(page, server)
    wait_idle(page)
    map_box = box(page, MAP_AREA)
    assert map_box["width"] >= 0.55 * 1280
    assert map_box["height"] >= 480
    assert map_box["y"] + map_box["height"] <= 800  # the whole map is in the first screen
    for part in (f"{STAGE_CARD} h3", f"{STAGE_CARD} .erm-risk", f"{STAGE_CARD} h4 >> nth=0"):
        part_box = box(page, part)
        assert part_box["x"] >= map_box["x"] + map_box["width"]  # beside the map, not under it
        assert part_box["y"] + part_box["height"] <= 800, part
    expect(page.locator(f"{STAGE_CARD} h4").first).to_have_text("What can go wrong here")
    title, switch = box(page, ".erm-title"), box(page, key_selector(TOOLS_KEY))
    assert abs((title["y"] + title["height"] / 2) - (switch["y"] + switch["height"] / 2)) < 12  # one line
    note = box(page, ".erm-note-line")
    assert note["height"] < 30  # the content note is one line, not a box
    assert note["y"] < map_box["y"]


def test_phone_first_screen_map_high_up_then_stage_and_stepper(phone: Page, server: Server) -> None:
    open_app(phone, server)
    wait_idle(phone)
    map_box = box(phone, MAP_AREA)
    assert map_box["y"] <= 200
    assert map_box["x"] >= 0
    assert map_box["x"] + map_box["width"] <= 390
    map_bottom = map_box["y"] + map_box["height"]
    for button in (PREVIOUS_BUTTON, NEXT_BUTTON):
        button_box = box(phone, button)
        assert map_bottom <= button_box["y"] <= map_bottom + 80  # right under the map
    title = box(phone, f"{STAGE_CARD} h3")
    assert title["y"] + title["height"] <= 844  # the stage's title is in the first screen too


# What moved in each layout shift of a frame (a PerformanceObserver in every frame of the page), by its
# class attribute: an SVG shape's className is not a string, and the outlines and legs are SVG.
_SHIFTS = """
window.__ermShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    for (const source of entry.sources) window.__ermShifts.push(source.node?.getAttribute?.("class") ?? "");
}).observe({type: "layout-shift", buffered: true});
"""


def test_phone_nothing_in_the_map_moves_as_its_styles_and_credits_arrive(browser: Browser, server: Server) -> None:
    """Leaflet's stylesheet arrives after the map's script (streamlit-folium adds it as a link) and the
    outlines after the map: the map waits for the one, and credits the other from the start. The credits
    take two lines on a phone: the scale sits above them, not under."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.add_init_script(_SHIFTS)
    try:
        page = context.new_page()
        frame = open_app(page, server)
        expect(frame.locator("path.erm-country").first).to_be_attached(timeout=15_000)
        expect(frame.locator(".leaflet-control-attribution")).to_contain_text("Natural Earth")
        wait_idle(page)
        moved = frame.evaluate("window.__ermShifts")
        assert [name for name in moved if "leaflet" in name or "erm-" in name] == []
        scale = frame.locator(".leaflet-control-scale").bounding_box()
        attribution = frame.locator(".leaflet-control-attribution").bounding_box()
        assert scale is not None
        assert attribution is not None
        assert scale["y"] + scale["height"] <= attribution["y"]  # the scale above the credits, never under them
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_presenter_map_fills_the_screen_and_the_stage_reads_from_the_back(
    browser: Browser, server: Server, width: int, height: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        open_app(page, server, "?route=southern&stage=6&present=1")
        wait_idle(page)
        toolbar = box(page, key_selector(HEADER_KEY))
        map_box = box(page, MAP_AREA)
        below_toolbar = height - (toolbar["y"] + toolbar["height"])
        assert map_box["height"] >= 0.85 * below_toolbar
        assert map_box["y"] + map_box["height"] <= height
        body = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        for part in (f"{STAGE_CARD} h3", f"{STAGE_CARD} .erm-risk"):
            size = page.locator(part).evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
            assert size >= 2 * body, (part, size, body)
    finally:
        context.close()


def test_next_reruns_only_the_story_and_a_first_visit_runs_the_page_once(page: Page, server: Server) -> None:
    runs = ScriptRuns(page)
    frame = open_app(page, server, "?route=southern")
    wait_idle(page)
    page.wait_for_timeout(1500)  # time for the map's report after drawing, if it sent one
    assert (runs.full, runs.fragment) == (1, 0)
    frame.evaluate("window.__ermProbe = 'same map'")
    page.locator(NEXT_BUTTON).click()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 2 of {LEGS}")
    wait_idle(page)
    page.locator(PREVIOUS_BUTTON).click()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 1 of {LEGS}")
    wait_idle(page)
    page.mouse.click(5, 400)  # focus the page, not the map
    page.keyboard.press("ArrowRight")
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 2 of {LEGS}")
    wait_idle(page)
    page.wait_for_timeout(1300)  # the flight to stage 2, whose far end is place 3
    frame.locator(".erm-place-3").click()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 3 of {LEGS}")
    wait_idle(page)
    pick_stage(page, 8)
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 8 of {LEGS}")
    wait_idle(page)
    page.wait_for_timeout(500)
    assert runs.full == 1  # Next, Previous, the keyboard, a map click and the picker: no whole-page run
    assert runs.fragment == 6  # the picker is two: its list opens, then a stage is chosen
    assert frame.evaluate("window.__ermProbe") == "same map"
    assert "stage=8" in page.url


def view(frame: Frame) -> dict[str, Any]:
    """The live map's zoom and bounds once it has stopped moving."""
    frame.wait_for_function("() => !window.map._animatingZoom && !window.map._panAnim?._inProgress")
    bounds = frame.evaluate(
        "(() => { const b = window.map.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()"
    )
    return {"zoom": frame.evaluate("window.map.getZoom()"), "bounds": bounds}


def holds(bounds: list[float], places: list[tuple[float, float]]) -> bool:
    south, west, north, east = bounds
    return all(south <= lat <= north and west <= lon <= east for lat, lon in places)


def ends(route: Route, step: int) -> list[tuple[float, float]]:
    leg = route.leg(step)
    return [(leg.origin.lat, leg.origin.lon), (leg.destination.lat, leg.destination.lon)]


def settle(page: Page) -> None:
    wait_idle(page)
    page.wait_for_timeout(1300)  # the flight lasts 0.8 s


def test_the_map_opens_on_the_whole_route_and_flies_to_each_stage(page: Page, server: Server) -> None:
    frame = open_app(page, server, "?route=southern")
    settle(page)
    everywhere = [(p.lat, p.lon) for p in SOUTHERN.places]
    assert holds(view(frame)["bounds"], everywhere)
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 1 of {LEGS}")
    for step in (2, 3):
        page.locator(NEXT_BUTTON).click()
        expect(page.locator(stage_heading(page))).to_have_text(f"Stage {step} of {LEGS}")
        settle(page)
        now = view(frame)
        assert holds(now["bounds"], ends(SOUTHERN, step))
        assert not holds(now["bounds"], everywhere)  # closer in than the whole route
        assert now["zoom"] <= 8
    frame.locator(".erm-overview").click()
    settle(page)
    assert holds(view(frame)["bounds"], everywhere)


def test_a_deep_link_to_a_stage_opens_on_its_leg(page: Page, server: Server) -> None:
    frame = open_app(page, server, "?route=southern&stage=7")
    settle(page)
    now = view(frame)
    assert holds(now["bounds"], ends(SOUTHERN, 7))
    assert now["zoom"] <= 8


@pytest.fixture(scope="module")
def same_place_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A stage whose two ends share their coordinates (a city and its border post, say)."""
    data: Path = tmp_path_factory.mktemp("same-place")
    (data / "places.csv").write_text(
        "place_id,name,country,lat,lon,kind,summary,source\n"
        "a,A,CN,40.1,120.2,origin,s,https://example.org/a\n"
        "b,B,CN,40.1,120.2,transit,s,https://example.org/b\n"
        "c,C,TH,13.75,100.5,destination,s,https://example.org/c\n",
        encoding="utf-8",
    )
    (data / "routes.csv").write_text(
        "route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,source\n"
        "r,R,1,a,b,road,Across town,2,r,https://example.org/r\n"
        "r,R,2,b,c,rail,South,3,r,https://example.org/r\n",
        encoding="utf-8",
    )
    server = Server(data_dir=data)
    yield server
    server.stop()


def test_a_stage_on_one_spot_gets_the_zoom_cap(page: Page, same_place_server: Server) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    frame = open_app(page, same_place_server, "?route=r&stage=1")
    settle(page)
    assert view(frame)["zoom"] == 8
    assert errors == []


def test_pages_have_their_own_addresses_and_languages(page: Page, server: Server) -> None:
    open_app(page, server)
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 0  # a first visit runs only the story
    page.goto(f"{server.url}{CONTEXT_PATH}?lang=ko")
    expect(page.get_by_role("heading", name=Texts("ko")("context_heading")).first).to_be_visible(timeout=15_000)
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=15_000)
    assert page.evaluate("document.documentElement.lang") == "ko"
    page.goto(f"{server.url}{TEXT_PATH}?route=mongolia")
    mongolia = JOURNEY.route("mongolia")
    assert mongolia is not None
    expect(page.locator(".erm-journey-text")).to_contain_text(mongolia.leg(len(mongolia.legs)).stage)
    assert page.locator(".erm-journey-text section.erm-stage").count() == len(mongolia.legs)
    page.goto(f"{server.url}{OWN_DATA_PATH}?route=mongolia")
    expect(page.locator('[data-testid="stFileUploader"]')).to_be_visible(timeout=15_000)
    open_page(page, "The journey")
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 1 of {len(mongolia.legs)}")
    map_frame(page)


def test_the_first_click_on_a_new_routes_map_counts(page: Page, server: Server) -> None:
    """A new route is a new map whose clicks count from zero again (state.map_drawn).

    Without that reset, the first click on the new map repeats the old map's click count and is
    taken for the old click reported again.
    """
    frame = open_app(page, server, "?route=southern&stage=2")
    settle(page)
    frame.locator(".erm-place-3").click()  # the old map's first click
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 3 of {LEGS}")
    wait_idle(page)
    mongolia = JOURNEY.route("mongolia")
    assert mongolia is not None
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    # The sidebar slides in: a click during the slide can miss the button, so wait until it is in place.
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=stSidebar]');"
        " return s && s.getBoundingClientRect().x >= 0 && s.getBoundingClientRect().width > 200; }"
    )
    page.wait_for_timeout(400)
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name=mongolia.name, exact=True).click()
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 1 of {len(mongolia.legs)}")
    wait_idle(page)
    # The new map is a new iframe: look it up afresh each time, never through the old frame.
    new_map = page.frame_locator(MAP_FRAME)
    expect(new_map.locator(".erm-place")).to_have_count(len(mongolia.places))
    settle(page)
    last = len(mongolia.places)  # apart from the others at the whole route's zoom; it selects the last stage
    new_map.locator(f".erm-place-{last}").click()  # the new map's first click
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage {len(mongolia.legs)} of {len(mongolia.legs)}")
