"""A data folder tells its own story: title and content note from its story.toml, in English and Korean."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, open_app

pytestmark = pytest.mark.browser

PLACES = """place_id,name,country,lat,lon,kind,summary,source
lukla,Lukla,NP,27.69,86.73,origin,Where the walk starts.,Valley Atlas 2020 https://example.org/atlas
namche,Namche Bazaar,NP,27.80,86.71,destination,A market town up the valley.,Valley Atlas 2020 https://example.org/atlas
"""
ROUTES = """route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,source
valley,The valley walk,1,lukla,namche,foot,Up the valley,2,Steep paths and thin air.,Guide 2021 https://example.org/guide
"""
STORY = """title = "The Valley Walk"
title_ko = "계곡 걷기"
content_note = "Content note: steep paths and thin air."
content_note_ko = "주의: 가파른 길과 희박한 공기."
"""
NOT_THIS_STORY = ("North Korea", "Defector", "Ann Shin", "Dragon", "북한", "탈북", "앤 신")


@pytest.fixture(scope="module")
def valley_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    data: Path = tmp_path_factory.mktemp("valley")
    (data / "places.csv").write_text(PLACES, encoding="utf-8")
    (data / "routes.csv").write_text(ROUTES, encoding="utf-8")
    (data / "story.toml").write_text(STORY, encoding="utf-8")
    srv = Server(data_dir=data)
    yield srv
    srv.stop()


@pytest.mark.parametrize(
    ("query", "title", "note"),
    [
        ("", "The Valley Walk", "Content note: steep paths and thin air."),
        ("?lang=ko", "계곡 걷기", "주의: 가파른 길과 희박한 공기."),
    ],
    ids=["en", "ko"],
)
def test_the_page_tells_the_data_folders_story_and_nothing_else(
    page: Page, valley_server: Server, query: str, title: str, note: str
) -> None:
    open_app(page, valley_server, query)
    expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    expect(page.get_by_text(note)).to_be_visible()
    expect(page).to_have_title(title)
    text = page.locator("body").inner_text()
    assert [word for word in NOT_THIS_STORY if word in text] == []
