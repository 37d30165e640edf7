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


def test_the_problem_list_counts_the_problems_it_leaves_out() -> None:
    """A flood of problems is listed as 100 and a count; the heading gives the whole number."""
    from streamlit.testing.v1 import AppTest

    def flood() -> None:
        from components.schema.data import build_journey
        from components.texts.en import Texts
        from components.ui.page import render_problems

        rows = "".join(f"r{i},R,1,nowhere,elsewhere,boat,S,9,R,no source\n" for i in range(3_000))
        header = "route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,source\n"
        render_problems(build_journey(b"place_id\n", (header + rows).encode()).problems, Texts())

    at = AppTest.from_function(flood).run()
    (heading,) = at.error
    count = int(re.search(r"has ([\d,]+) problem", heading.value)[1].replace(",", ""))  # type: ignore[index]
    assert count > 3_000
    shown = "\n".join(str(h.proto.body) for h in at.get("html"))
    assert shown.count("<li>") == 101
