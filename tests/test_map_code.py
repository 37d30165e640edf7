"""components/web/erm-map.js, run in Node: the tooltips it writes and the stage key Python reads back.

The browser tests drive the rest of it (drawing, highlight, flights) in Chromium.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess

from components.builders.assets import read_map_code
from components.builders.route_map import route_layer_data
from components.domain.journey import Route
from components.domain.navigation import stage_for_place, stage_from_tooltip
from components.texts.en import Texts
from tests.conftest import hostile_journey


def run_map_code(route: Route, texts: Texts, expression: str) -> object:
    """Evaluate `expression` with erm-map.js loaded and `route` as the route layer's data."""
    node = shutil.which("node")
    assert node, "Node.js is needed (it also runs the JavaScript linter)"
    script = (
        "globalThis.window = globalThis;\n"
        f"{read_map_code()}\n"
        f"const route = {json.dumps(route_layer_data(route, texts))};\n"
        f"process.stdout.write(JSON.stringify({expression}));\n"
    )
    done = subprocess.run([node, "-"], input=script, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def text_content(tooltip: str) -> str:
    """What streamlit-folium reports for a clicked object's tooltip (its textContent)."""
    return html.unescape(re.sub(r"<[^>]+>", "", tooltip))


def test_leg_tooltip_is_the_one_the_app_always_showed(southern: Route) -> None:
    tips = run_map_code(southern, Texts(), "route.legs.map((_, i) => window.erm.legTooltip(route, i + 1))")
    assert isinstance(tips, list)
    assert tips[2] == (
        "<span hidden>stage-3|</span><strong>3. Train to Beijing</strong><br>Shenyang (Liaoning) → Beijing"
        "<br>by train · Risk: serious (3 of 5)"
    )
    korean = run_map_code(southern, Texts("ko"), "window.erm.legTooltip(route, 3)")
    assert isinstance(korean, str)
    assert southern.leg(3).translations["stage_ko"] in korean


def test_every_tooltip_the_map_writes_is_read_back_as_its_stage(southern: Route) -> None:
    """The stage key is written in erm-map.js and read in navigation.py: the two agree on every object."""
    found = run_map_code(
        southern,
        Texts(),
        "{legs: route.legs.map((_, i) => window.erm.legTooltip(route, i + 1)),"
        " places: route.places.map((_, i) => window.erm.placeTooltip(route, i + 1)),"
        " key: window.erm.stageKey(7)}",
    )
    assert isinstance(found, dict)
    for step, tip in enumerate(found["legs"], start=1):
        assert stage_from_tooltip(text_content(tip), southern) == step
        assert stage_from_tooltip("\n   " + text_content(tip), southern) == step  # inside folium's <div>
    for number, tip in enumerate(found["places"], start=1):
        assert stage_from_tooltip(text_content(tip), southern) == stage_for_place(number, southern)
    assert stage_from_tooltip(text_content(found["key"]), southern) == 7


def test_tooltips_put_together_in_the_browser_keep_the_data_escaped() -> None:
    payload = "<img src=x onerror=alert(1)>{step}"
    journey = hostile_journey(payload)
    tips = run_map_code(
        journey.routes[0], Texts(), "[window.erm.legTooltip(route, 1), window.erm.placeTooltip(route, 1)]"
    )
    assert isinstance(tips, list)
    for tip in tips:
        assert "<img" not in tip
        assert "&lt;img src=x onerror=alert(1)&gt;&#123;step&#125;" in tip  # a value is never read as a template
