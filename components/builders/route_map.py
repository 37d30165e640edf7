"""Build the folium map of one route (pure: folium objects and HTML, no Streamlit).

The base map depends only on the route and the language, so it is byte-identical across reruns and
streamlit-folium never remounts it (its component key is a hash of the map's JavaScript,
randyzwitch/streamlit-folium#91, PR #97). What depends on the selected stage goes into a separate
feature group and a centre, which the component applies to the live map.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
from branca.element import MacroElement
from jinja2 import Template

from components.builders import literal
from components.builders.assets import MapAssets
from components.builders.markup import READER_ONLY_STYLE, escape, escape_placeholders_kept, stance_tooltip
from components.builders.palette import (
    CASING_COLOUR,
    HIGHLIGHT_COLOUR,
    LAND_COLOUR,
    MARKER_COLOUR,
    MODE_DASHES,
    RISK_COLOURS,
    SEA_COLOUR,
    STANCE_COLOURS,
    risk_weight,
)
from components.domain.journey import CountryStance, Mode, PlaceKind, Route
from components.domain.navigation import stage_for_place
from components.texts.en import Texts

MARKER_SIZE = 30
# Places are cities or provinces: zooming closer than this shows nothing the data knows.
STAGE_MAX_ZOOM = 8
ROUTE_MAX_ZOOM = 9
VIEW_PADDING_PX = 32
DEFAULT_TILES = "OpenStreetMap"


def build_base_map(
    route: Route,
    texts: Texts,
    assets: MapAssets,
    *,
    stances: Mapping[str, CountryStance] | None = None,
    offline: bool = False,
) -> folium.Map:
    """The route's legs (lines first, so the markers stay on top and clickable) and its numbered places.

    Under them, the country layer: every country's outline when offline (instead of map tiles), and
    the countries with a known stance shaded by it. The drawing is done by the map's own JavaScript
    (components/web/erm-map.js, among `assets.js`); each element here passes it one JSON argument.
    """
    fmap = new_map(texts, assets, route.bounds, texts("overview_hint"), stances=stances, offline=offline)
    RouteLayer(route, texts).add_to(fmap)
    return fmap


def new_map(
    texts: Texts,
    assets: MapAssets,
    bounds: tuple[tuple[float, float], tuple[float, float]],
    overview_hint: str,
    *,
    stances: Mapping[str, CountryStance] | None,
    offline: bool,
) -> folium.Map:
    """A map of ours before its layers: its set-up (the view of `bounds`, the overview button) and the countries.

    Every map of this app starts here, so here rendered output is made to stay as it is
    (`literal.install`): the map's texts come from data and must never be compiled as a template.
    """
    literal.install()
    fmap = folium.Map(
        tiles=None if offline else DEFAULT_TILES,
        control_scale=False,  # MapSetup draws the scale above the credits: on a phone they would overlap
        zoom_control=True,
        prefer_canvas=False,
        gestureHandling=True,  # Leaflet.GestureHandling: the page scrolls under one finger
    )
    # Self-hosted Leaflet and our code instead of folium's CDN list (jQuery, Bootstrap… this map does not use).
    fmap.default_js = assets.js
    fmap.default_css = assets.css
    MapSetup(assets.images, bounds, texts("overview"), overview_hint).add_to(fmap)
    CountryLayer(assets.countries, stances or {}, texts, offline=offline).add_to(fmap)
    return fmap


class RouteLayer(MacroElement):
    """The route's legs and numbered places as one element: compact data in, Leaflet layers drawn in JS.

    One folium object instead of four per leg and three per place: streamlit-folium renders every
    object's template several times on each rerun (about 0.75 ms each), and the map's script shrinks
    to the data (places once, each leg as its risk, mode and title; the repeated HTML is put together
    in the browser, by `erm.routeLayer`, from words escaped here).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        erm.routeLayer({{ this._parent.get_name() }}, {{ this.data|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, route: Route, texts: Texts):
        super().__init__()
        self._name = "RouteLayer"
        self.data = route_layer_data(route, texts)


def route_layer_data(route: Route, texts: Texts) -> dict[str, object]:
    """What the route layer draws. Every text is escaped here; the browser only puts pieces together."""
    lang = texts.language
    return {
        "casing": CASING_COLOUR,
        "highlight": HIGHLIGHT_COLOUR,
        "size": MARKER_SIZE,
        "colours": {str(level): colour for level, colour in RISK_COLOURS.items()},
        "weights": {str(level): risk_weight(level) for level in RISK_COLOURS},
        "dashes": {str(mode): dash for mode, dash in MODE_DASHES.items()},
        "icon_open": _MARKER_OPEN,
        "icon_name": _MARKER_NAME,
        "words": {
            "leg": escape_placeholders_kept(texts.template("leg_tooltip")),
            "place": escape_placeholders_kept(texts.template("place_tooltip")),
            "from_to": escape_placeholders_kept(texts.template("from_to")),
            "risk_label": escape(texts("risk")),
            "risks": {
                str(level): escape(texts("risk_value", word=texts(f"risk.{level}"), level=level))
                for level in RISK_COLOURS
            },
            "modes": {str(mode): escape(texts(f"mode.{mode}")) for mode in Mode},
            "kinds": {str(kind): escape(texts(f"kind.{kind}")) for kind in PlaceKind},
        },
        # Each place carries the stage a click on it selects (navigation.stage_for_place owns the rule).
        "places": [
            [p.lat, p.lon, escape(p.text("name", lang)), str(p.kind), stage_for_place(number, route)]
            for number, p in enumerate(route.places, start=1)
        ],
        "legs": [[int(leg.risk_level), str(leg.mode), escape(leg.text("stage", lang))] for leg in route.legs],
    }


_MARKER_INNER = MARKER_SIZE - 4
# Leaflet makes the marker a keyboard-focusable role=button; the hidden name is what a screen reader
# announces for it.
_MARKER_OPEN = (
    f'<div style="width:{_MARKER_INNER}px;height:{_MARKER_INNER}px;line-height:{_MARKER_INNER}px;border-radius:50%;'
    f"background:{MARKER_COLOUR};color:#fff;border:2px solid #fff;box-shadow:0 0 0 1px {MARKER_COLOUR};"
    f'font:700 14px/{_MARKER_INNER}px system-ui,sans-serif;text-align:center">'
)
_MARKER_NAME = f'<span style="{READER_ONLY_STYLE}">'


def build_highlight(route: Route, step: int, *, focus: bool = True) -> folium.FeatureGroup:
    """The selected stage: a halo along its leg and rings around its two places (`erm.highlight`).

    They are drawn from the route the live map already holds, with the same tooltip as the leg. With
    `focus` the map flies to the stage's leg; without, it shows the whole route (a first visit).
    The stage's geometry and words come from the base map's route layer, so no language is needed here.
    """
    group = folium.FeatureGroup(name="selected-stage")
    StageHighlight(step).add_to(group)
    StageView(stage_bounds(route, step) if focus else None).add_to(group)
    return group


class StageHighlight(MacroElement):
    """Draws the selected stage's halo and rings into its feature group (erm-map.js `erm.highlight`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        erm.highlight({{ this._parent._parent.get_name() }}, {{ this._parent.get_name() }}, {{ this.step|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, step: int):
        super().__init__()
        self._name = "StageHighlight"
        self.step = step


def stage_bounds(route: Route, step: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The box around a stage's two places (south-west, north-east): what the map flies to."""
    leg = route.leg(step)
    lats, lons = (leg.origin.lat, leg.destination.lat), (leg.origin.lon, leg.destination.lon)
    return ((min(lats), min(lons)), (max(lats), max(lons)))


class MapSetup(MacroElement):
    """Fixes the start-up view, Leaflet's icon path, and how the map moves between stages (`erm.setup`).

    - folium's Marker is created with Leaflet's default icon before our DivIcon replaces it; the
      default's image path is guessed wrongly when leaflet.css is loaded late
      (randyzwitch/streamlit-folium#275), so it is set to the self-hosted images.
    - The iframe has height 0 while the map script runs, so a plain fitBounds zooms to the maximum.
      The view is fitted once the map has a size: the whole route, or the stage asked for by then.
    - `window.ermShow(bounds)` flies to a stage's leg (or, with null, to the whole route); the
      selected stage's feature group calls it (see StageView). An *Overview* button does the same
      for the whole route. Zoom is capped: places are cities, not streets.
    - streamlit-folium reports its value once the map is drawn, because its click count starts at 0
      while Python's default is None (randyzwitch/streamlit-folium#316, PR #319): that report costs a
      second script run per visit. The count starts at null instead; the first click makes it 1.
    - Leaflet's focus-on-mousedown must not scroll the page (the click would be lost).
    - Enter or Space on a focused marker selects its stage.
    - Inside streamlit-folium's iframe the map fills it, whatever height the page gives the iframe.
    - streamlit-folium adds Leaflet's stylesheet as a link just before the map's script: until it
      applies, controls and markers are laid out unstyled and then jump (layout shift on a phone). The
      map stays invisible, its size kept, until its page's stylesheets have loaded or failed.
    - The scale sits in the credits' corner, above them (folium's own is off: `new_map`): on a phone
      the credits take two lines and would cover a scale in the other corner.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        erm.setup({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self, images: str, bounds: tuple[tuple[float, float], tuple[float, float]], overview: str, overview_hint: str
    ):
        super().__init__()
        self._name = "MapSetup"
        self.options = {
            "images": images,
            "bounds": [list(bounds[0]), list(bounds[1])],
            "padding": VIEW_PADDING_PX,
            "route_zoom": ROUTE_MAX_ZOOM,
            "stage_zoom": STAGE_MAX_ZOOM,
            "overview": overview,
            "overview_hint": overview_hint,
        }


class StageView(MacroElement):
    """Flies the live map to the selected stage's leg, or to the whole route (bounds None).

    It travels in the selected stage's feature group, which streamlit-folium evaluates in the map's
    page whenever the selection changes, without remounting the map.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.ermShow) { window.ermShow({{ this.bounds|tojson }}); }
        {% endmacro %}
        """
    )

    def __init__(self, bounds: tuple[tuple[float, float], tuple[float, float]] | None):
        super().__init__()
        self._name = "StageView"
        self.bounds = None if bounds is None else [list(bounds[0]), list(bounds[1])]


class CountryLayer(MacroElement):
    """Country outlines fetched from the app's own static files, drawn under the route (`erm.countryLayer`).

    The GeoJSON (170 KB, 55 KB gzipped) is fetched, not inlined: the map's script is sent on every
    rerun, the file only once per browser.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        erm.countryLayer({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str, stances: Mapping[str, CountryStance], texts: Texts, *, offline: bool):
        super().__init__()
        self._name = "CountryLayer"
        self.stances = {
            code: {
                "stance": str(s.stance),
                "colour": STANCE_COLOURS[s.stance],
                "tooltip": stance_tooltip(s, texts),
            }
            for code, s in sorted(stances.items())
        }
        self.options = {
            "url": url,
            "offline": offline,
            "sea": SEA_COLOUR,
            "land": LAND_COLOUR,
            "stances": self.stances,
        }
