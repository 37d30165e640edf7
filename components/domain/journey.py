"""The domain: places, legs, routes and the journey, with the figures derived from them."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG), the usual choice for great-circle distances


class PlaceKind(StrEnum):
    ORIGIN = "origin"
    CROSSING = "crossing"
    TRANSIT = "transit"
    HIDING = "hiding"
    DETENTION = "detention"
    DESTINATION = "destination"


class Mode(StrEnum):
    FOOT = "foot"
    RIVER = "river"
    ROAD = "road"
    RAIL = "rail"
    MOTORBIKE = "motorbike"
    BOAT = "boat"
    AIR = "air"


class Stance(StrEnum):
    """How a country on the way treats North Koreans who have fled."""

    ORIGIN = "origin"
    REPATRIATES = "repatriates"
    HANDS_TO_CHINA = "hands_to_china"  # hands people it catches to China, which sends them on to North Korea
    DETAINS_THEN_DEPORTS = "detains_then_deports"
    LETS_TRAVEL_ON = "lets_travel_on"
    DESTINATION = "destination"


class FactKind(StrEnum):
    """What a whole-route fact measures: the unit of its value."""

    COST_USD = "cost_usd"
    DURATION_DAYS = "duration_days"


class RiskLevel(IntEnum):
    LOW = 1
    MODERATE = 2
    SERIOUS = 3
    HIGH = 4
    EXTREME = 5


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance between two points, in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Translated:
    """A record whose free-text columns may come in other languages: `translations` maps "name_ko" → "회령", …"""

    translations: Mapping[str, str] = field(default_factory=dict)

    def text(self, column: str, language: str) -> str:
        """The text of `column` in `language` (a `<column>_<language>` cell), falling back to English."""
        english = str(getattr(self, column))
        if language == "en":
            return english
        return self.translations.get(f"{column}_{language}") or english


@dataclass(frozen=True, slots=True, kw_only=True)
class Sourced(Translated):
    """A record read from one row of the data: every row carries its sources, and a note where they disagree."""

    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Place(Sourced):
    place_id: str
    name: str
    country: str
    lat: float
    lon: float
    kind: PlaceKind
    summary: str


@dataclass(frozen=True, slots=True)
class Cost:
    """A sourced figure (amount in US dollars, with its year) or only a note on what is paid."""

    usd: float | None
    year: int | None
    note: str


@dataclass(frozen=True, slots=True)
class Leg(Sourced):
    step: int
    origin: Place
    destination: Place
    mode: Mode
    stage: str
    risk_level: RiskLevel
    risks: str
    duration_days: float | None = None
    duration_note: str = ""
    cost: Cost | None = None

    @property
    def cost_note(self) -> str:
        return self.cost.note if self.cost is not None else ""

    @property
    def distance_km(self) -> float:
        o, d = self.origin, self.destination
        return great_circle_km(o.lat, o.lon, d.lat, d.lon)

    @property
    def midpoint(self) -> tuple[float, float]:
        o, d = self.origin, self.destination
        return ((o.lat + d.lat) / 2, (o.lon + d.lon) / 2)


@dataclass(frozen=True, slots=True)
class RouteFact(Sourced):
    """A sourced figure about a whole route (a fee for the whole journey, its total duration), not one leg."""

    kind: FactKind
    value: float
    value_high: float | None = None
    year_from: int | None = None
    year_to: int | None = None


@dataclass(frozen=True, slots=True)
class Route(Translated):
    route_id: str
    name: str
    legs: tuple[Leg, ...]  # ordered by step, 1..n, each starting where the previous ended
    facts: tuple[RouteFact, ...] = ()  # whole-route figures, from route_facts.csv

    @property
    def steps(self) -> tuple[int, ...]:
        return tuple(leg.step for leg in self.legs)

    def leg(self, step: int) -> Leg:
        return self.legs[step - 1]

    @property
    def places(self) -> tuple[Place, ...]:
        """The places in travel order: the first leg's origin, then every leg's destination."""
        return (self.legs[0].origin, *(leg.destination for leg in self.legs))

    @property
    def total_km(self) -> float:
        return sum(leg.distance_km for leg in self.legs)

    @property
    def countries(self) -> tuple[str, ...]:
        """Country codes in the order the route enters them."""
        seen: list[str] = []
        for place in self.places:
            if place.country not in seen:
                seen.append(place.country)
        return tuple(seen)

    def facts_of(self, kind: FactKind) -> tuple[RouteFact, ...]:
        return tuple(fact for fact in self.facts if fact.kind == kind)

    @property
    def costs(self) -> tuple[tuple[int, Cost], ...]:
        return tuple((leg.step, leg.cost) for leg in self.legs if leg.cost is not None)

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        lats = [p.lat for p in self.places]
        lons = [p.lon for p in self.places]
        return (min(lats), min(lons)), (max(lats), max(lons))


@dataclass(frozen=True, slots=True)
class CountryStance(Sourced):
    country: str
    stance: Stance
    explanation: str
    exception: str = ""  # where the country has acted against its usual stance (shown with the stance)


@dataclass(frozen=True, slots=True)
class Journey:
    places: Mapping[str, Place]
    routes: tuple[Route, ...]
    stances: Mapping[str, CountryStance] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Route]:
        return iter(self.routes)

    @property
    def route_ids(self) -> tuple[str, ...]:
        return tuple(route.route_id for route in self.routes)

    def route(self, route_id: str) -> Route | None:
        return next((r for r in self.routes if r.route_id == route_id), None)

    @property
    def bounds(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The box around every route: (south, west), (north, east)."""
        corners = [route.bounds for route in self.routes]
        return (
            (min(c[0][0] for c in corners), min(c[0][1] for c in corners)),
            (max(c[1][0] for c in corners), max(c[1][1] for c in corners)),
        )
