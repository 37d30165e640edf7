"""Rendered map output is never compiled as a template again (components/builders/literal.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# folium's own objects, with nothing of ours but the import: each text is rendered literally.
_FOLIUM_OBJECTS = {
    "marker tooltip": "folium.Marker([0, 0], tooltip=TEXT).add_to(m)",
    "marker popup": "folium.Marker([0, 0], popup=TEXT).add_to(m)",
    "line tooltip": "folium.PolyLine([[0, 0], [1, 1]], tooltip=TEXT).add_to(m)",
    "circle popup": "folium.CircleMarker([0, 0], popup=folium.Popup(TEXT)).add_to(m)",
    "layer name": "folium.FeatureGroup(name=TEXT).add_to(m); folium.LayerControl().add_to(m)",
}


def _render(setup: str, statement: str) -> subprocess.CompletedProcess[str]:
    probe = (
        f"{setup}\n"
        "import folium\n"
        "TEXT = 'Zz{{7*7}}Zz{% if True %}IF{% endif %}{# c #}'\n"
        "m = folium.Map(tiles=None)\n"
        f"{statement}\n"
        "print(m.get_root().render())\n"
    )
    return subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("statement", _FOLIUM_OBJECTS.values(), ids=_FOLIUM_OBJECTS.keys())
def test_folium_alone_compiles_its_output_again(statement: str) -> None:
    """The upstream bug this module closes: without it, folium evaluates template syntax in text."""
    done = _render("", statement)
    assert done.returncode == 0, done.stderr
    assert "Zz49ZzIF" in done.stdout


@pytest.mark.parametrize("statement", _FOLIUM_OBJECTS.values(), ids=_FOLIUM_OBJECTS.keys())
def test_importing_the_map_builder_keeps_rendered_text_literal(statement: str) -> None:
    done = _render("import components.builders.route_map", statement)
    assert done.returncode == 0, done.stderr
    assert "Zz49Zz" not in done.stdout
    assert "Zz{{7*7}}Zz{% if True %}IF{% endif %}{# c #}" in done.stdout.replace("\\u0027", "'")


def test_rendered_text_renders_to_itself() -> None:
    from components.builders.literal import Rendered, installed

    assert installed()
    text = "{{ 7*7 }} {% for x in range(9**9) %}{% endfor %} {# #}"
    assert Rendered(text).render(this=None, kwargs={}) == text
    assert not hasattr(Rendered(text).module, "script")


def test_no_template_is_compiled_while_rendering(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering a whole map compiles nothing: the only templates are the classes' own, from code."""
    import jinja2

    from components.builders.assets import MapAssets
    from components.builders.route_map import build_base_map, build_highlight
    from components.domain.journey import Journey
    from components.schema.data import DEFAULT_DATA_DIR, read_journey
    from components.texts.en import Texts

    journey = read_journey(DEFAULT_DATA_DIR).journey
    assert isinstance(journey, Journey)
    route = journey.routes[0]
    fmap = build_base_map(route, Texts(), MapAssets(js=[], css=[], images="", countries=""))
    build_highlight(route, 2).add_to(fmap)
    compiled: list[str] = []
    original = jinja2.Environment.from_string

    def counting(self: jinja2.Environment, source: object, *args: object, **kwargs: object) -> object:
        compiled.append(str(source)[:60])
        return original(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "from_string", counting)
    monkeypatch.setattr(jinja2.Environment, "compile", lambda *a, **k: compiled.append("compile") or None)
    fmap.get_root().render()
    assert compiled == []
