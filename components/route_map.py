"""Build the folium map of one route (pure: folium objects and HTML, no Streamlit).

The base map depends only on the route and the language, so it is byte-identical across reruns and
streamlit-folium never remounts it (its component key is a hash of the map's JavaScript,
randyzwitch/streamlit-folium#91, PR #97). What depends on the selected stage goes into a separate
feature group and a centre, which the component applies to the live map.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from urllib.parse import quote

import branca.element
import folium
import jinja2
from branca.element import MacroElement
from jinja2 import Template

from components.assets import MapAssets
from components.journey import CountryStance, Mode, PlaceKind, Route, Stance
from components.markup import escape, leg_tooltip, stance_tooltip
from components.navigation import stage_for_place, stage_key
from components.texts import Texts

# folium renders every map object's "include" statement to a string and wraps it in a new
# branca Element, which compiles that string as a jinja2 Template: one compile per object per
# rerun, most of this app's script time. The strings repeat, so the compiled templates are
# shared (jinja2 templates are immutable and safe to render from several threads).
branca.element.Template = functools.lru_cache(maxsize=1024)(jinja2.Template)  # type: ignore[attr-defined,assignment]

# ColorBrewer YlOrRd, 5 classes: sequential and colour-blind safe (colorbrewer2.org). Risk is never
# shown by colour alone: line thickness grows with it and every tooltip and card says it in words.
RISK_COLOURS: Mapping[int, str] = {
    1: "#fed976",
    2: "#feb24c",
    3: "#fd8d3c",
    4: "#e31a1c",
    5: "#800026",
}
CASING_COLOUR = "#1f2937"
HIGHLIGHT_COLOUR = "#2563eb"
MARKER_COLOUR = "#1f2937"

# SVG stroke-dasharray per travel mode; None is a solid line.
MODE_DASHES: Mapping[Mode, str | None] = {
    Mode.FOOT: "1 9",
    Mode.RIVER: "12 6 2 6",
    Mode.ROAD: None,
    Mode.RAIL: "16 6",
    Mode.MOTORBIKE: "6 6",
    Mode.BOAT: "2 6 10 6",
    Mode.AIR: "4 12",
}

# How each country treats people who fled: ColorBrewer PRGn (colour-blind safe) plus a neutral grey
# for the country of origin. The words are always next to the colour (tooltip, legend, stage card).
STANCE_COLOURS: Mapping[Stance, str] = {
    Stance.ORIGIN: "#4d4d4d",
    Stance.REPATRIATES: "#7b3294",
    Stance.HANDS_TO_CHINA: "#9970ab",  # PRGn, between "sends back" and "detains, then deports"
    Stance.DETAINS_THEN_DEPORTS: "#c2a5cf",
    Stance.LETS_TRAVEL_ON: "#a6dba0",
    Stance.DESTINATION: "#008837",
}
SEA_COLOUR = "#dbe9f4"
LAND_COLOUR = "#f4f1ea"

MARKER_SIZE = 30
# Places are cities or provinces: zooming closer than this shows nothing the data knows.
STAGE_MAX_ZOOM = 8
ROUTE_MAX_ZOOM = 9
VIEW_PADDING_PX = 32
DEFAULT_TILES = "OpenStreetMap"


def risk_weight(level: int) -> int:
    return 2 + level


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
    the countries with a known stance shaded by it.
    """
    fmap = folium.Map(
        tiles=None if offline else DEFAULT_TILES,
        control_scale=True,
        zoom_control=True,
        prefer_canvas=False,
        gestureHandling=True,  # Leaflet.GestureHandling: the page scrolls under one finger
    )
    # Self-hosted Leaflet instead of folium's CDN list (jQuery, Bootstrap… that this map does not use).
    fmap.default_js = assets.js
    fmap.default_css = assets.css
    MapSetup(assets.images, route.bounds, texts("overview"), texts("overview_hint")).add_to(fmap)
    CountryLayer(assets.countries, stances or {}, texts, offline=offline).add_to(fmap)
    RouteLayer(route, texts).add_to(fmap)
    return fmap


class RouteLayer(MacroElement):
    """The route's legs and numbered places as one element: compact data in, Leaflet layers drawn in JS.

    One folium object instead of four per leg and three per place: streamlit-folium renders every
    object's template several times on each rerun (about 0.75 ms each), and the map's script shrinks
    to the data (places once, each leg as its risk, mode and title; the repeated HTML is put together
    in the browser from words escaped here). Lines come first, so the markers stay on top. Every line
    and marker carries its stage's tooltip: a click on an object without one would make
    streamlit-folium report the previous tooltip again with a new click count.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, d) {
            var w = d.words;
            function fmt(template, values) {  // one pass: a value is never read as a template
                return template.replace(/\\{(\\w+)\\}/g, function (all, key) { return values[key]; });
            }
            function key(step) { return '<span hidden>stage-' + step + '|</span>'; }
            d.legs.forEach(function (leg, i) {
                var step = i + 1, a = d.places[i], b = d.places[i + 1], risk = leg[0], mode = leg[1];
                var points = [[a[0], a[1]], [b[0], b[1]]];
                var tip = key(step) + "<strong>" + fmt(w.leg, {step: step, stage: leg[2]}) + "</strong><br>"
                    + fmt(w.from_to, {origin: a[2], destination: b[2]}) + "<br>" + w.modes[mode] + " · "
                    + w.risk_label + ": " + w.risks[risk];
                var weight = d.weights[risk];
                L.polyline(points, {color: d.casing, weight: weight + 3, opacity: 0.55,
                    className: "erm-leg-casing erm-leg-" + step}).bindTooltip(tip, {sticky: true}).addTo(map);
                L.polyline(points, {color: d.colours[risk], weight: weight, opacity: 1, dashArray: d.dashes[mode],
                    className: "erm-leg erm-leg-" + step + " erm-mode-" + mode + " erm-risk-" + risk})
                    .bindTooltip(tip, {sticky: true}).addTo(map);
            });
            d.places.forEach(function (place, i) {
                var number = i + 1;
                var tip = key(place[4]) + "<strong>" + fmt(w.place, {number: number, name: place[2]})
                    + "</strong><br>" + w.kinds[place[3]];
                var icon = d.icon_open + number + d.icon_name + ": " + place[2] + "</span></div>";
                L.marker([place[0], place[1]], {
                    icon: L.divIcon({html: icon, iconSize: [d.size, d.size], iconAnchor: [d.size / 2, d.size / 2],
                        className: "erm-place erm-place-" + number})
                }).bindTooltip(tip, {sticky: true}).addTo(map);
            });
        })({{ this._parent.get_name() }}, {{ this.data|tojson }});
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
        "size": MARKER_SIZE,
        "colours": {str(level): colour for level, colour in RISK_COLOURS.items()},
        "weights": {str(level): risk_weight(level) for level in RISK_COLOURS},
        "dashes": {str(mode): dash for mode, dash in MODE_DASHES.items()},
        "icon_open": _MARKER_OPEN,
        "icon_name": _MARKER_NAME,
        "words": {
            "leg": escape(texts.template("leg_tooltip")),
            "place": escape(texts.template("place_tooltip")),
            "from_to": escape(texts.template("from_to")),
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
_MARKER_NAME = (
    '<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">'
)


def build_highlight(route: Route, step: int, texts: Texts, *, focus: bool = True) -> folium.FeatureGroup:
    """The selected stage: a halo along its leg and rings around its two places.

    With `focus` the map flies to the stage's leg; without, it shows the whole route (a first visit).
    """
    leg = route.leg(step)
    group = folium.FeatureGroup(name="selected-stage")
    tooltip = leg_tooltip(leg, texts, stage_key(step))
    points = [(leg.origin.lat, leg.origin.lon), (leg.destination.lat, leg.destination.lon)]
    folium.PolyLine(
        points,
        color=HIGHLIGHT_COLOUR,
        weight=risk_weight(int(leg.risk_level)) + 12,
        opacity=0.35,
        tooltip=folium.Tooltip(tooltip),
        class_name=f"erm-highlight erm-highlight-{step}",
    ).add_to(group)
    for place in (leg.origin, leg.destination):
        folium.CircleMarker(
            location=(place.lat, place.lon),
            radius=MARKER_SIZE // 2 + 6,
            color=HIGHLIGHT_COLOUR,
            weight=4,
            fill=False,
            tooltip=folium.Tooltip(tooltip),
            class_name="erm-highlight-ring",
        ).add_to(group)
    StageView(stage_bounds(route, step) if focus else None).add_to(group)
    return group


def stage_bounds(route: Route, step: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """The box around a stage's two places (south-west, north-east): what the map flies to."""
    leg = route.leg(step)
    lats, lons = (leg.origin.lat, leg.destination.lat), (leg.origin.lon, leg.destination.lon)
    return ((min(lats), min(lons)), (max(lats), max(lons)))


class MapSetup(MacroElement):
    """Fixes the start-up view, Leaflet's icon path, and how the map moves between stages.

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
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.Icon.Default.imagePath = {{ this.images|tojson }};
        window.ermMap = {{ this._parent.get_name() }};  // for the static site's controller
        if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.last_object_clicked_count = null; }
        (function (map, options) {
            // Leaflet focuses the map on mousedown; when the map is partly scrolled out of the page,
            // that focus scrolls the page under the pointer and the click lands elsewhere.
            // A focused marker is a role=button: Enter or Space selects its stage, as a click does
            // (Leaflet 1.9 only opens a popup on Enter).
            map.on("layeradd", function (event) {
                var layer = event.layer;
                if (!(layer instanceof L.Marker)) { return; }
                layer.on("keypress", function (e) {
                    var key = e.originalEvent.keyCode;
                    if (key === 13 || key === 32) {
                        L.DomEvent.preventDefault(e.originalEvent);
                        layer.fire("click", {latlng: layer.getLatLng(), originalEvent: e.originalEvent});
                    }
                });
            });
            var box = map.getContainer(), focus = box.focus;
            if (window.__GLOBAL_DATA__) {
                // In streamlit-folium's iframe: fill it, whatever height the page's stylesheet gives it.
                box.style.height = "100vh";
                document.body.style.margin = "0";
                document.body.style.overflow = "hidden";
            }
            box.focus = function (opts) {
                return focus.call(box, Object.assign({preventScroll: true}, opts || {}));
            };
            var route = L.latLngBounds(options.bounds), target = null, shown = false;
            var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
            function show(animate) {
                var size = map.getSize();
                if (size.x === 0 || size.y === 0) { return; }
                var fit = {padding: L.point(options.padding, options.padding),
                           maxZoom: target ? options.stage_zoom : options.route_zoom};
                var bounds = target ? L.latLngBounds(target) : route;
                if (animate && shown && !still) {
                    map.flyToBounds(bounds, Object.assign({duration: 0.8}, fit));
                } else {
                    map.fitBounds(bounds, Object.assign({animate: false}, fit));
                }
                shown = true;
            }
            window.ermShow = function (bounds, animate) { target = bounds; show(animate !== false); };
            if (window.ResizeObserver) {
                new ResizeObserver(function () {
                    map.invalidateSize(false);
                    if (!shown) { show(false); }
                }).observe(box);
            }
            map.whenReady(function () { setTimeout(function () { if (!shown) { show(false); } }, 0); });
            var Overview = L.Control.extend({
                options: {position: "topleft"},
                onAdd: function () {
                    var button = L.DomUtil.create("button", "erm-overview leaflet-bar");
                    button.type = "button";
                    button.textContent = options.overview;
                    button.title = options.overview_hint;
                    button.style.cssText = "font:600 13px system-ui,sans-serif;padding:6px 10px;min-height:34px;"
                        + "background:#fff;color:#1f2937;cursor:pointer";
                    L.DomEvent.disableClickPropagation(button);
                    L.DomEvent.on(button, "click", function (e) {
                        L.DomEvent.preventDefault(e);
                        target = null;
                        show(true);
                    });
                    return button;
                }
            });
            new Overview().addTo(map);
        })({{ this._parent.get_name() }}, {{ this.options|tojson }});
        {% endmacro %}
        """
    )

    def __init__(
        self, images: str, bounds: tuple[tuple[float, float], tuple[float, float]], overview: str, overview_hint: str
    ):
        super().__init__()
        self._name = "MapSetup"
        self.images = images
        self.options = {
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
    """Country outlines fetched from the app's own static files, drawn under the route.

    The GeoJSON (170 KB, 55 KB gzipped) is fetched, not inlined: the map's script is sent on every
    rerun, the file only once per browser.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var pane = map.createPane("erm-countries");
            pane.style.zIndex = 350;
            var offline = {{ this.offline|tojson }};
            var stances = {{ this.stances|tojson }};
            if (offline) { map.getContainer().style.background = {{ this.sea|tojson }}; }
            fetch({{ this.url|tojson }}).then(function (r) { return r.json(); }).then(function (data) {
                var layer = L.geoJSON(data, {
                    pane: "erm-countries",
                    attribution: "Country outlines: Natural Earth",
                    filter: function (f) { return offline || stances[f.properties.iso_a2]; },
                    style: function (f) {
                        var s = stances[f.properties.iso_a2];
                        return {
                            color: "#8c8c8c", weight: offline ? 0.8 : 0, opacity: 1,
                            fillColor: s ? s.colour : {{ this.land|tojson }},
                            fillOpacity: s ? (offline ? 0.4 : 0.3) : 1,
                            className: s ? "erm-country erm-stance-" + s.stance : "erm-country"
                        };
                    },
                    onEachFeature: function (f, l) {
                        var s = stances[f.properties.iso_a2];
                        if (s) { l.bindTooltip(s.tooltip, {sticky: true}); }
                    }
                });
                layer.addTo(map);
            }).catch(function (e) { console.warn("country outlines unavailable", e); });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str, stances: Mapping[str, CountryStance], texts: Texts, *, offline: bool):
        super().__init__()
        self._name = "CountryLayer"
        self.url = url
        self.offline = offline
        self.sea = SEA_COLOUR
        self.land = LAND_COLOUR
        self.stances = {
            code: {
                "stance": str(s.stance),
                "colour": STANCE_COLOURS[s.stance],
                "tooltip": stance_tooltip(s, texts),
            }
            for code, s in sorted(stances.items())
        }


def risk_badge_css() -> str:
    """CSS for the risk badges (`erm-risk-<level>`), in the map's risk colours, with readable text."""
    return "".join(
        f".erm-risk-{level} {{ background: {colour}; color: {'#fff' if level >= 4 else '#111'}; }}\n"
        for level, colour in RISK_COLOURS.items()
    )


def legend_html(texts: Texts) -> str:
    """The key to the map's colours and line styles, shown under the map (never on top of the route)."""
    risk_rows = "".join(
        f"<li>{_swatch(_line(CASING_COLOUR, risk_weight(level) + 3, opacity=0.55) + _line(colour, risk_weight(level)))}"
        f" {level} {escape(texts(f'risk.{level}'))}</li>"
        for level, colour in RISK_COLOURS.items()
    )
    mode_rows = "".join(
        f"<li>{_swatch(_line('#333', 3, dash))} {escape(texts(f'mode.{mode}'))}</li>"
        for mode, dash in MODE_DASHES.items()
    )
    marker = (
        f'<circle cx="9" cy="6" r="5.5" fill="{MARKER_COLOUR}" stroke="#fff" stroke-width="1"/>'
        f'<circle cx="25" cy="6" r="5.5" fill="{MARKER_COLOUR}" stroke="#fff" stroke-width="1"/>'
    )
    selected = _line(HIGHLIGHT_COLOUR, 10, opacity=0.35)
    stance_rows = "".join(
        f"<li>{_swatch(_box(colour))} {escape(texts(f'stance.{stance}'))}</li>"
        for stance, colour in STANCE_COLOURS.items()
    )
    return (
        f'<div class="erm-legend" role="group" aria-label="{escape(texts("legend"))}">'
        f"<div><strong>{escape(texts('legend_risk'))}</strong><ul>{risk_rows}</ul></div>"
        f"<div><strong>{escape(texts('legend_mode'))}</strong><ul>{mode_rows}</ul></div>"
        f"<div><strong>{escape(texts('legend_map'))}</strong><ul><li>{_swatch(marker)} {escape(texts('legend_places'))}</li>"
        f"<li>{_swatch(selected)} {escape(texts('legend_selected'))}</li></ul></div>"
        f"<div><strong>{escape(texts('legend_stance'))}</strong><ul>{stance_rows}</ul></div></div>"
    )


def _line(colour: str, width: float, dash: str | None = None, opacity: float = 1) -> str:
    return (
        f'<line x1="2" y1="6" x2="32" y2="6" stroke="{colour}" stroke-width="{width}" '
        f'stroke-opacity="{opacity}"{_dash_attr(dash)}/>'
    )


def _box(colour: str) -> str:
    return f'<rect x="2" y="1" width="30" height="10" fill="{colour}" fill-opacity=".6" stroke="#8c8c8c"/>'


def _swatch(svg_body: str) -> str:
    """A small SVG picture as an <img>: st.html's sanitiser removes inline <svg>, but keeps data: images."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="34" height="12">{svg_body}</svg>'
    return f'<img class="erm-swatch" src="data:image/svg+xml,{quote(svg)}" width="34" height="12" alt="">'


def _dash_attr(dash: str | None) -> str:
    return f' stroke-dasharray="{dash}" stroke-linecap="round"' if dash else ""
