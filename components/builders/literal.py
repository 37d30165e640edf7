"""Folium and branca never compile rendered output as a template again: data is never template source.

branca's `MacroElement.render` renders an element's macros to strings and wraps each string in a
new `branca.element.Element(string)`, whose constructor compiles that string as a jinja2 Template;
the page is then rendered from those templates. folium does the same (`Class.render` for include
statements, `Popup.render`, the Vega and GeoJson elements). So whatever text a map holds (a place's
name in a tooltip, a stage in a line's tooltip) is parsed as jinja2 a second time: `{{7*7}}` in a
CSV shows as 49, and a `{% … %}` sandbox escape runs code in the server (folium 0.20.0, branca
0.8.2; the report for their maintainers is docs/upstream/folium-branca-template-injection.md).

Every string that folium and branca hand to `Element(...)` at render time is output already
rendered, never a template of anyone's: it is kept here as `Rendered` text, which renders to
itself. Templates are compiled only from code (the classes' `_template`s, at import), so nothing
compiled is keyed on data. `install()` runs when this module is imported; every module that builds
a folium map imports it, so no map of this app can be rendered without it.
"""

from __future__ import annotations

import types
from typing import Any

import branca.element


class Rendered:
    """Text already rendered, in the place of a compiled template: it renders to itself, unchanged.

    It has what branca and streamlit-folium read of an Element's template: `render(...)` and a
    `module` without macros (streamlit-folium looks for a `script` macro and skips the element).
    """

    __slots__ = ("source",)
    module = types.SimpleNamespace()

    def __init__(self, source: object, *_options: Any, **_named: Any) -> None:
        self.source = str(source)

    def render(self, *_args: Any, **_kwargs: Any) -> str:
        return self.source

    def __repr__(self) -> str:
        return f"Rendered({self.source[:40]!r}…)"


def install() -> None:
    """Make every `Element(text)` hold its text as rendered output (idempotent).

    `branca.element.Template` is the name `Element.__init__` (and its unpickling) compiles with;
    class templates were compiled at import from their code and are untouched. No code of this app
    builds an `Element` from a template string of its own: it subclasses `MacroElement` with a
    `_template` class attribute, so the only strings that reach `Element(...)` are rendered output.
    """
    branca.element.Template = Rendered  # type: ignore[attr-defined]


def installed() -> bool:
    """Whether rendered output is kept as it is in this process (what the attack suite checks first)."""
    return branca.element.Template is Rendered  # type: ignore[attr-defined]


install()
