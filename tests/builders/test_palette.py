"""components.builders.palette: one palette, one legend and one stylesheet for the app, the standalone map and the site."""

from __future__ import annotations

import re
from pathlib import Path

from components.builders.assets import STYLESHEET, WEB_SOURCE
from components.builders.palette import MODE_DASHES, RISK_COLOURS, legend_html, risk_badge_css, stylesheet
from components.domain.journey import Mode
from components.texts.en import Texts
from tests.conftest import ROOT


def test_every_mode_has_its_own_line_style_and_the_legend_names_them() -> None:
    assert len(set(MODE_DASHES.values())) == len(Mode)
    legend = legend_html(Texts())
    for mode in Mode:
        assert Texts()(f"mode.{mode}") in legend
    for level in RISK_COLOURS:
        assert Texts()(f"risk.{level}") in legend


def test_the_stylesheet_is_the_file_and_the_badges_in_the_map_s_risk_colours() -> None:
    css = stylesheet()
    assert css.startswith((WEB_SOURCE / STYLESHEET).read_text(encoding="utf-8"))
    for level, colour in RISK_COLOURS.items():
        assert f".erm-risk-{level} {{ background: {colour};" in css
    assert css.endswith(risk_badge_css())
    assert css.count("{") == css.count("}")
    assert not re.search(r"#[0-9a-f]{6}", (WEB_SOURCE / STYLESHEET).read_text(encoding="utf-8").replace("#888", ""))


def test_an_edited_stylesheet_is_read_again(tmp_path: Path) -> None:
    sheet = tmp_path / "erm.css"
    sheet.write_text(".a { color: red; }\n", encoding="utf-8")
    assert stylesheet(sheet).startswith(".a")
    sheet.write_text(".b { color: blue; }\n", encoding="utf-8")
    assert stylesheet(sheet).startswith(".b")


def test_no_module_of_ours_keeps_its_own_copy_of_the_shared_styles() -> None:
    """The rules of erm.css live there only; the colours live in palette.py only."""
    rules = re.findall(r"^([^/\s*][^{]*)\{", (WEB_SOURCE / STYLESHEET).read_text(encoding="utf-8"), re.MULTILINE)
    assert len(rules) > 10
    for module in ("ui/page.py", "export/site.py", "export/standalone.py", "builders/route_map.py"):
        source = (ROOT / "components" / module).read_text(encoding="utf-8")
        for rule in rules:
            assert not re.search(rf"^{re.escape(rule.strip())} \{{", source, re.MULTILINE), (module, rule)
        for colour in RISK_COLOURS.values():
            assert colour not in source, (module, colour)
    assert "#2563eb" not in (ROOT / "components" / "export" / "site.py").read_text(encoding="utf-8")
