"""The map of every route at once, each in its own colour and line pattern (pure: folium objects).

As on the story map, the base map (all routes, under the selected one) depends only on the data and
the language, so streamlit-folium never remounts it; the selected route is drawn on top by a
separate feature group. Every line and label carries its route's id hidden in its tooltip.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from jinja2 import Template

from components.builders.assets import MapAssets
from components.builders.compare import route_key
from components.builders.markup import escape
from components.builders.route_map import new_map
from components.domain.journey import Journey, Place, Route, great_circle_km
from components.texts.en import Texts

# Okabe & Ito's colour-blind safe palette (jfly.uni-koeln.de/color), without its yellow, which is
# unreadable on a light map; each route also has its own line pattern, so colour is never the only cue.
ROUTE_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
ROUTE_DASHES: tuple[str | None, ...] = (None, "14 8", "2 8", "16 6 3 6", "6 6", "24 6", "2 4 8 4")
LINE_WEIGHT = 4
SELECTED_WEIGHT = 7


def route_style(index: int) -> tuple[str, str | None]:
    """The colour and dash pattern of the index-th route (0-based); patterns shift, so pairs repeat late."""
    colour = ROUTE_COLOURS[index % len(ROUTE_COLOURS)]
    dash = ROUTE_DASHES[(index + index // len(ROUTE_COLOURS)) % len(ROUTE_DASHES)]
    return colour, dash


def route_styles(journey: Journey) -> dict[str, tuple[str, str | None]]:
    return {route.route_id: route_style(i) for i, route in enumerate(journey.routes)}


def label_place(route: Route, journey: Journey) -> Place:
    """Where the route's label goes: its place farthest from every other route (routes share starts and ends)."""
    others = [p for r in journey.routes if r.route_id != route.route_id for p in r.places]
    if not others:
        return route.places[-1]

    def apart(place: Place) -> float:
        return min(great_circle_km(place.lat, place.lon, o.lat, o.lon) for o in others)

    # Later places win a tie: a route is best known by where it leads.
    return max(reversed(route.places), key=apart)


def label_side(place: Place, route: Route, journey: Journey) -> str:
    """Which side of its place a label goes: away from the nearest place of another route ("left" or "right")."""
    others = [p for r in journey.routes if r.route_id != route.route_id for p in r.places]
    if not others:
        return "right"
    nearest = min(others, key=lambda o: great_circle_km(place.lat, place.lon, o.lat, o.lon))
    return "left" if nearest.lon > place.lon else "right"


def route_tooltip(route: Route, texts: Texts) -> str:
    """The hidden id, the route's name and what a click does; every text escaped."""
    return (
        f"<span hidden>{escape(route_key(route.route_id))}</span>"
        f"<strong>{escape(route.text('name', texts.language))}</strong><br>{escape(texts('compare_click'))}"
    )


def build_compare_map(journey: Journey, texts: Texts, assets: MapAssets, *, offline: bool = False) -> folium.Map:
    """Every route of the journey over its countries, shaded by the journey's stances."""
    bounds = journey.bounds
    fmap = new_map(texts, assets, bounds, texts("compare_overview_hint"), stances=journey.stances, offline=offline)
    AllRoutesLayer(journey, texts).add_to(fmap)
    return fmap


class AllRoutesLayer(MacroElement):
    """Every route as one line through its places, in its colour and pattern, with its name as a label."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map, d) {
            d.routes.forEach(function (r) {
                L.polyline(r.points, {color: "#ffffff", weight: d.weight + 4, opacity: 0.9,
                    className: "erm-compare-casing erm-compare-casing-" + r.id})
                    .bindTooltip(r.tip, {sticky: true}).addTo(map);
                L.polyline(r.points, {color: r.colour, weight: d.weight, opacity: 1, dashArray: r.dash,
                    lineCap: "butt", className: "erm-compare-route erm-compare-" + r.id})
                    .bindTooltip(r.tip, {sticky: true}).addTo(map);
            });
            d.routes.forEach(function (r) {
                var shift = r.side === "left" ? "translate(calc(-100% - 8px),-50%)" : "translate(8px,-50%)";
                var html = '<span style="display:inline-block;white-space:nowrap;transform:' + shift + ';'
                    + 'background:#fff;border:3px solid ' + r.colour + ';border-radius:4px;padding:1px 6px;'
                    + 'font:600 13px system-ui,sans-serif;color:#111">' + r.label + '</span>';
                L.marker(r.at, {icon: L.divIcon({html: html, iconSize: [0, 0],
                    className: "erm-compare-label erm-compare-label-" + r.id})})
                    .bindTooltip(r.tip, {sticky: true}).addTo(map);
            });
        })({{ this._parent.get_name() }}, {{ this.data|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, journey: Journey, texts: Texts):
        super().__init__()  # type: ignore[no-untyped-call]  # folium ships no type hints
        self._name = "AllRoutesLayer"
        self.data = all_routes_data(journey, texts)


def all_routes_data(journey: Journey, texts: Texts) -> dict[str, object]:
    """What the layer draws. Every text is escaped here; ids are the data's checked `[a-z0-9_-]` ids."""
    styles = route_styles(journey)
    routes = []
    for route in journey.routes:
        colour, dash = styles[route.route_id]
        at = label_place(route, journey)
        routes.append(
            {
                "id": route.route_id,
                "colour": colour,
                "dash": dash,
                "points": [[p.lat, p.lon] for p in route.places],
                "tip": route_tooltip(route, texts),
                "label": escape(route.text("name", texts.language)),
                "at": [at.lat, at.lon],
                "side": label_side(at, route, journey),
            }
        )
    return {"weight": LINE_WEIGHT, "routes": routes}


def build_compare_selection(journey: Journey, route: Route, texts: Texts) -> folium.FeatureGroup:
    """The selected route again, thicker and on top of the others."""
    colour, dash = route_styles(journey).get(route.route_id, route_style(0))
    group = folium.FeatureGroup(name="selected-route")
    points = [(p.lat, p.lon) for p in route.places]
    tooltip = route_tooltip(route, texts)
    folium.PolyLine(  # type: ignore[no-untyped-call]
        points,
        color="#1f2937",
        weight=SELECTED_WEIGHT + 4,
        opacity=0.6,
        tooltip=folium.Tooltip(tooltip),
        class_name=f"erm-compare-selected-casing erm-compare-selected-{route.route_id}",
    ).add_to(group)
    folium.PolyLine(  # type: ignore[no-untyped-call]
        points,
        color=colour,
        weight=SELECTED_WEIGHT,
        opacity=1,
        dash_array=dash,
        line_cap="butt",
        tooltip=folium.Tooltip(tooltip),
        class_name=f"erm-compare-selected erm-compare-selected-{route.route_id}",
    ).add_to(group)
    return group


def route_key_svg(colour: str, dash: str | None, width: int = 40) -> str:
    """A short sample of a route's line, as SVG, for the key under the map."""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="12">'
        f'<line x1="0" y1="6" x2="{width}" y2="6" stroke="#fff" stroke-width="{LINE_WEIGHT + 4}"/>'
        f'<line x1="0" y1="6" x2="{width}" y2="6" stroke="{colour}" stroke-width="{LINE_WEIGHT}"{dash_attr}/></svg>'
    )
