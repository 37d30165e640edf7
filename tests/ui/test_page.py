"""components.ui.page: its stylesheet and its script name the page's elements by their owners' keys."""

from __future__ import annotations

import re

from components.ui import page
from components.ui.page import key_selector
from components.ui.stage_panel import MAP_AREA_KEY, NEXT_KEY, PANEL_KEY, PREVIOUS_KEY


def test_the_stylesheet_styles_elements_by_their_owners_keys() -> None:
    """stage_panel.py owns the keys and imports page.py, so the styles are held to those keys here
    (and to the share panel's, which page.py owns)."""
    css = page._LAYOUT_CSS + page._PRESENT_CSS
    named = set(re.findall(r"\.st-key-([a-z_]+)", css))
    assert named == {MAP_AREA_KEY, PANEL_KEY, page.SHARE_QR_KEY, page.SHARE_PRESENT_KEY}
    assert key_selector(MAP_AREA_KEY) in page._LAYOUT_CSS
    assert key_selector(PANEL_KEY) in page._PRESENT_CSS


def test_the_page_keys_press_the_stage_buttons() -> None:
    """Page Down / Page Up press the buttons `.st-key-erm_<next|prev>`."""
    prefix = re.search(r'"(\.st-key-[a-z_]*)" \+ which', page._PAGE_SCRIPT)
    assert prefix is not None
    pressed = set(re.findall(r"(\w+): \"(\w+)\"", page._PAGE_SCRIPT))
    assert {f"{prefix[1]}{which}" for _, which in pressed} == {key_selector(NEXT_KEY), key_selector(PREVIOUS_KEY)}


def test_key_selector_is_streamlits_class_for_a_key() -> None:
    assert key_selector("some_key") == ".st-key-some_key"
