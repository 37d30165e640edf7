"""The routes side by side: one row of figures per route, every figure computed from the data (pure).

Durations of single legs come from different trips: they are counted and listed, never added up. A
duration or a fee for a whole route comes only from route_facts.csv. Every figure of a row can be
traced to the row's sources: the legs', their places', the route facts' and the crossed countries'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from components.builders.markup import cost_text, fact_value
from components.domain.journey import Cost, CountryStance, FactKind, Journey, Mode, RiskLevel, Route, RouteFact, Stance
from components.schema.files import ID_PATTERN
from components.texts.en import Texts, country_names

# A click on the compare map is matched by an id hidden in the clicked object's tooltip, as on the story map.
_ROUTE_KEY = re.compile(rf"^\s*route-({ID_PATTERN.pattern})\|")


def route_key(route_id: str) -> str:
    return f"route-{route_id}|"


def route_from_tooltip(tooltip: object, journey: Journey) -> str | None:
    """The route a clicked object on the compare map stands for, or None if the text is not one of ours."""
    if not isinstance(tooltip, str):
        return None
    match = _ROUTE_KEY.match(tooltip)
    if not match or journey.route(match.group(1)) is None:
        return None
    return match.group(1)


@dataclass(frozen=True, slots=True)
class Comparison:
    """One route's figures, as the data has them."""

    route: Route
    countries: tuple[tuple[str, Stance | None], ...]  # in the order the route enters them
    legs: int
    distance_km: float  # straight lines between the places, shorter than any real journey
    modes: tuple[Mode, ...]  # in the order they are first used
    highest_risk: RiskLevel
    highest_risk_steps: tuple[int, ...]
    leg_durations: tuple[tuple[int, float], ...]  # (step, days) for the legs with a figure: never added up
    route_durations: tuple[RouteFact, ...]
    route_costs: tuple[RouteFact, ...]
    leg_costs: tuple[tuple[int, Cost], ...]
    sources: tuple[str, ...]  # every source behind the row, once each, in reading order


def compare_route(route: Route, stances: Mapping[str, CountryStance]) -> Comparison:
    highest = max(leg.risk_level for leg in route.legs)
    countries = tuple((code, stances[code].stance if code in stances else None) for code in route.countries)
    return Comparison(
        route=route,
        countries=countries,
        legs=len(route.legs),
        distance_km=route.total_km,
        modes=tuple(dict.fromkeys(leg.mode for leg in route.legs)),
        highest_risk=highest,
        highest_risk_steps=tuple(leg.step for leg in route.legs if leg.risk_level == highest),
        leg_durations=tuple((leg.step, leg.duration_days) for leg in route.legs if leg.duration_days is not None),
        route_durations=route.facts_of(FactKind.DURATION_DAYS),
        route_costs=route.facts_of(FactKind.COST_USD),
        leg_costs=tuple((step, cost) for step, cost in route.costs if cost.usd is not None),
        sources=route_sources(route, stances),
    )


def compare_journey(journey: Journey) -> tuple[Comparison, ...]:
    return tuple(compare_route(route, journey.stances) for route in journey.routes)


def route_sources(route: Route, stances: Mapping[str, CountryStance]) -> tuple[str, ...]:
    """Every source of a route, once: its legs', its places', its whole-route facts' and its countries'."""
    found: list[str] = []
    for leg in route.legs:
        found.extend(leg.sources)
    for place in route.places:
        found.extend(place.sources)
    for fact in route.facts:
        found.extend(fact.sources)
    for code in route.countries:
        if code in stances:
            found.extend(stances[code].sources)
    return tuple(dict.fromkeys(found))


# The table's columns, in order: their headers are texts keys `compare_col.<name>`.
COLUMNS = (
    "route",
    "countries",
    "legs",
    "distance_km",
    "modes",
    "highest_risk",
    "risk_stages",
    "duration",
    "legs_timed",
    "costs",
    "sources",
)


def comparison_row(comparison: Comparison, texts: Texts) -> dict[str, object]:
    """One row of the table in the reader's language: numbers stay numbers, so every column sorts."""
    lang = texts.language
    names = country_names(lang)
    route = comparison.route
    countries = " → ".join(
        texts("compare_country", country=names.get(code, code), stance=texts(f"stance.{stance}"))
        if stance is not None
        else names.get(code, code)
        for code, stance in comparison.countries
    )
    level = int(comparison.highest_risk)
    return {
        "route": route.text("name", lang),
        "countries": countries,
        "legs": comparison.legs,
        "distance_km": round(comparison.distance_km),
        "modes": ", ".join(texts(f"mode.{mode}") for mode in comparison.modes),
        # The level comes first, so the text sorts as the level does.
        "highest_risk": texts("compare_risk", level=level, word=texts(f"risk.{level}")),
        "risk_stages": ", ".join(str(step) for step in comparison.highest_risk_steps),
        "duration": durations_text(comparison, texts),
        "legs_timed": texts("compare_legs_timed", timed=len(comparison.leg_durations), legs=comparison.legs),
        "costs": costs_text(comparison, texts),
        "sources": len(comparison.sources),
    }


def durations_text(comparison: Comparison, texts: Texts) -> str:
    """The whole route's duration from its facts; without one, says so (leg figures are never added up)."""
    if not comparison.route_durations:
        return texts("compare_none")
    return "; ".join(fact_value(fact, texts) for fact in comparison.route_durations)


def leg_durations_text(comparison: Comparison, texts: Texts) -> str:
    return "; ".join(
        texts("summary_cost_item", step=step, cost=texts("duration_days", days=texts.number(days, 1)))
        for step, days in comparison.leg_durations
    )


def costs_text(comparison: Comparison, texts: Texts) -> str:
    """Every known cost with its year: the whole route's (route facts), then single stages' (legs)."""
    parts = [texts("compare_cost_route", cost=fact_value(fact, texts)) for fact in comparison.route_costs]
    parts += [
        texts("summary_cost_item", step=step, cost=cost_text(cost, "", texts)) for step, cost in comparison.leg_costs
    ]
    return "; ".join(parts) if parts else texts("compare_none")
