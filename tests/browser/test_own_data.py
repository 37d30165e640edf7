"""Bring your own data, in Chromium: upload, isolation between visitors, problems, downloads."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Server, map_frame, open_app, open_page, stage_heading
from tests.conftest import mini_places, mini_routes

pytestmark = pytest.mark.browser

UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'


def upload(page: Page, files: dict[str, str]) -> None:
    """On the page "Your own data": choose the files, show them, and go back to the story."""
    open_page(page, "Your own data")
    page.locator(UPLOAD_INPUT).set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": text.encode("utf-8")} for name, text in files.items()]
    )
    # The page says which files the app has received: "Show this data" checks those (a file still
    # uploading would be reported missing).
    received = page.get_by_text("Received: ")
    for name in files:
        expect(received).to_contain_text(name, timeout=15_000)
    page.get_by_role("button", name="Show this data").click()


def test_upload_replaces_the_journey_for_this_visitor_only(browser: Browser, server: Server) -> None:
    mine, theirs = browser.new_context(), browser.new_context()
    try:
        me, other = mine.new_page(), theirs.new_page()
        open_app(me, server)
        open_app(other, server)
        upload(me, {"places.csv": mini_places(), "routes.csv": mini_routes()})
        expect(me.get_by_text("This tab shows your data")).to_be_visible(timeout=15_000)
        open_page(me, "The journey")
        expect(me.locator(stage_heading(me))).to_have_text("Stage 1 of 2", timeout=15_000)
        frame = map_frame(me)
        expect(frame.locator(".erm-place")).to_have_count(3)
        # The other visitor, at the same time, still sees the shipped journey, before and after a reload.
        expect(other.locator(stage_heading(other))).to_have_text("Stage 1 of 10")
        other.reload()
        expect(map_frame(other).locator(".erm-place")).to_have_count(11)
        expect(other.locator(stage_heading(other))).to_have_text("Stage 1 of 10")
        # And back.
        open_page(me, "Your own data")
        me.get_by_role("button", name="Back to the shipped data").click()
        open_page(me, "The journey")
        expect(me.locator(stage_heading(me))).to_have_text("Stage 1 of 10", timeout=15_000)
    finally:
        mine.close()
        theirs.close()


def test_broken_upload_lists_the_problems_and_keeps_the_map(page: Page, server: Server) -> None:
    open_app(page, server, "?route=southern&stage=4")
    broken = mini_places().replace("42.44", "91.5")
    upload(page, {"places.csv": broken, "routes.csv": mini_routes(), "notes.csv": "x"})
    expect(page.get_by_text("Not shown: the files have")).to_be_visible(timeout=15_000)
    problems = page.locator(".erm-problems")
    expect(problems).to_contain_text("places.csv row 2, column lat")
    expect(problems).to_contain_text("91.5 is not a latitude")
    expect(problems).to_contain_text("notes.csv")
    open_page(page, "The journey")
    expect(page.locator(stage_heading(page))).to_have_text("Stage 4 of 10")
    expect(map_frame(page).locator(".erm-place")).to_have_count(11)


def test_a_file_it_does_not_read_is_named_and_the_others_are_shown(page: Page, server: Server) -> None:
    """An extra file neither blocks the upload nor is read; the visitor can take it away without starting over."""
    open_app(page, server)
    upload(page, {"places.csv": mini_places(), "routes.csv": mini_routes(), "notes.csv": "a,b\n1,2\n"})
    expect(page.get_by_text("This tab shows your data")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Not read: 1 file(s)")).to_be_visible()
    expect(page.locator(".erm-problems")).to_contain_text("notes.csv")
    page.get_by_role("button", name="Remove notes.csv").click()
    expect(page.get_by_text("Received: ")).not_to_contain_text("notes.csv", timeout=15_000)
    open_page(page, "The journey")
    expect(page.locator(stage_heading(page))).to_have_text("Stage 1 of 2", timeout=15_000)
    expect(map_frame(page).locator(".erm-place")).to_have_count(3)


def test_downloads(page: Page, server: Server, tmp_path: Path) -> None:
    open_app(page, server, "?route=southern&stage=2")
    open_page(page, "Your own data")
    with page.expect_download() as template:
        page.get_by_role("button", name="Download a template").click()
    with zipfile.ZipFile(template.value.path()) as archive:
        assert set(archive.namelist()) == {"places.csv", "routes.csv", "SCHEMA.txt"}
    with page.expect_download() as data:
        page.get_by_role("button", name="Download the current data").click()
    with zipfile.ZipFile(data.value.path()) as archive:
        assert {"places.csv", "routes.csv", "countries.csv"} <= set(archive.namelist())
    with page.expect_download() as standalone:
        page.get_by_role("button", name="Download this map as one HTML file").click()
    saved = tmp_path / "map.html"
    standalone.value.save_as(saved)
    # The file works from disk with every network request blocked.
    offline = page.context.browser.new_context()  # type: ignore[union-attr]
    try:
        offline.route(
            "**/*", lambda route: route.abort() if route.request.url.startswith("http") else route.continue_()
        )
        view = offline.new_page()
        view.goto(saved.as_uri())
        expect(view.locator(".erm-place")).to_have_count(11)
        expect(view.locator("path.erm-highlight-2")).to_have_count(1)
        expect(view.locator(".leaflet-container")).to_be_visible()  # erm.setup waits for no stylesheet here
    finally:
        offline.close()
    assert io.BytesIO(saved.read_bytes()).getbuffer().nbytes > 100_000
