"""The compare page in Chromium (every route drawn; a click opens the story at that route's first stage),
and the A4 handout printed by Chromium (few pages, nothing wider than the paper)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Frame, Page, expect

from components.builders.compare import route_sources
from components.builders.markup import escape
from components.export.handout import handout_html
from components.texts.en import Texts
from components.ui.pages import COMPARE_PATH
from tests.browser.conftest import JOURNEY, MAP_FRAME, STAGE_CARD, Server, stage_heading, wait_idle
from tests.conftest import SHIPPED_DATA

pytestmark = pytest.mark.browser

A4_CONTENT_PX = round((210 - 2 * 15) / 25.4 * 96)  # 180 mm at CSS's 96 px per inch


def open_compare(page: Page, server: Server, query: str = "") -> Frame:
    page.goto(server.url + COMPARE_PATH + query)
    handle = page.wait_for_selector(MAP_FRAME, state="attached", timeout=30_000)
    frame = handle.content_frame()
    assert frame is not None
    frame.locator(".erm-compare-label span").first.wait_for(state="visible", timeout=30_000)
    return frame


def check_compare_opens_the_story(page: Page, server: Server) -> None:
    frame = open_compare(page, server)
    wait_idle(page)
    expect(frame.locator("path.erm-compare-route")).to_have_count(len(JOURNEY.routes))
    expect(frame.locator(".erm-compare-label")).to_have_count(len(JOURNEY.routes))
    for route in JOURNEY.routes:
        expect(frame.locator(f"path.erm-compare-{route.route_id}")).to_have_count(1)
    # The selected route (the first, on a first visit) is drawn again on top.
    expect(frame.locator(f"path.erm-compare-selected-{JOURNEY.routes[0].route_id}")).to_have_count(2)
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    mongolia = JOURNEY.route("mongolia")
    assert mongolia is not None
    page.locator(MAP_FRAME).scroll_into_view_if_needed()
    label = frame.locator(".erm-compare-label-mongolia span")
    box = label.bounding_box()
    assert box is not None
    # Its far end: on a phone the map's own buttons may cover the other end of the label.
    label.click(position={"x": box["width"] - 6, "y": box["height"] / 2})
    expect(page.locator(stage_heading(page))).to_have_text(f"Stage 1 of {len(mongolia.legs)}", timeout=20_000)
    expect(page.locator(f"{STAGE_CARD} h3")).to_have_text(mongolia.leg(1).stage)
    expect(page).to_have_url(re.compile(r"[?&]route=mongolia&stage=1(&|$)"))


def test_compare_on_a_desktop(page: Page, server: Server) -> None:
    check_compare_opens_the_story(page, server)


def test_compare_on_a_phone(phone: Page, server: Server) -> None:
    check_compare_opens_the_story(phone, server)
    phone.goto(server.url + COMPARE_PATH)
    table = phone.locator('[data-testid="stDataFrame"]')
    expect(table).to_be_visible(timeout=30_000)
    box = table.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390


def test_compare_in_korean_and_a_route_button(page: Page, server: Server) -> None:
    open_compare(page, server, "?lang=ko")
    expect(page.get_by_role("heading", name="경로 비교")).to_be_visible()
    wait_idle(page)  # a click while the page is still being drawn can land on an element about to be replaced
    sea = JOURNEY.route("sea")
    assert sea is not None
    page.get_by_text(sea.text("name", "ko"), exact=False).last.click()  # the row's expander
    wait_idle(page)
    page.get_by_role("button", name="이 경로의 여정 열기").last.click()
    expect(page.locator(stage_heading(page))).to_have_text("1단계 중 1단계", timeout=20_000)
    expect(page).to_have_url(re.compile(r"route=sea&stage=1&lang=ko"))


@pytest.mark.parametrize(("route_id", "most_pages"), [("southern", 6), ("sea", 2)])
def test_the_handout_fits_a4(page: Page, route_id: str, most_pages: int) -> None:
    route = JOURNEY.route(route_id)
    assert route is not None
    html = handout_html(route, Texts("en"), JOURNEY.stances, "http://example.org/", SHIPPED_DATA / "countries.geojson")
    for leg in route.legs:
        assert escape(leg.stage) in html
    for source in route_sources(route, JOURNEY.stances):
        assert escape(source).split("http")[0] in html
    page.set_content(html)
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 1 <= pages <= most_pages
    page.emulate_media(media="print")
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
    # Inside the picture, shapes may reach past its edge: the SVG clips them (its own box is measured).
    widest = page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth,"
        " ...Array.from(document.querySelectorAll('body *:not(svg *)'), e => e.getBoundingClientRect().right))"
    )
    assert widest <= A4_CONTENT_PX + 1
    expect(page.locator(".screen-only")).to_be_hidden()
