"""components.domain.journey: the domain model and the figures derived from it."""

from __future__ import annotations

import pytest

from components.domain.journey import FactKind, Journey, great_circle_km
from components.schema.data import build_journey, read_journey
from tests.conftest import SHIPPED_DATA, mini_places, mini_routes


@pytest.fixture(scope="module")
def shipped() -> Journey:
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    return journey


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((42.44, 129.75), (42.89, 129.50), 54),  # Hoeryong → Yanji (haversine, mean Earth radius 6,371 km)
        ((41.79, 123.43), (39.91, 116.40), 628),  # Shenyang → Beijing
        ((0, 0), (0, 180), 20015),  # half the equator
        ((10, 10), (10, 10), 0),
    ],
)
def test_great_circle_km(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert great_circle_km(*a, *b) == pytest.approx(
        km, abs=2
    )  # within 2 km: the expected values come from unrounded coordinates


def test_route_figures_on_the_mini_data() -> None:
    journey = build_journey(mini_places().encode(), mini_routes().encode()).journey
    assert journey is not None
    route = journey.routes[0]
    assert route.steps == (1, 2)
    assert route.leg(2).stage == "By bus"
    assert route.countries == ("KP", "CN", "TH")
    assert route.total_km == pytest.approx(route.leg(1).distance_km + route.leg(2).distance_km)
    assert route.facts == ()
    assert route.facts_of(FactKind.DURATION_DAYS) == ()
    assert route.bounds == ((13.75, 100.5), (42.89, 129.75))
    assert route.leg(1).midpoint == pytest.approx(((42.44 + 42.89) / 2, (129.75 + 129.5) / 2))


def test_shipped_southern_route_matches_the_fact_sheet(shipped: Journey) -> None:
    route = shipped.route("southern")
    assert route is not None
    assert route.countries == ("KP", "CN", "LA", "TH", "KR")
    # About 4,720 km from Hoeryong to Bangkok along similar straight legs (computed from GeoNames coordinates).
    to_bangkok = sum(leg.distance_km for leg in route.legs if leg.destination.country != "KR")
    assert 4300 < to_bangkok < 5000
    assert shipped.route("nowhere") is None
    assert shipped.route_ids[0] == "southern"
    assert [r.route_id for r in shipped] == list(shipped.route_ids)


def test_the_journeys_box_holds_every_route_and_touches_each_side() -> None:
    journey = read_journey(SHIPPED_DATA).journey
    assert journey is not None
    (south, west), (north, east) = journey.bounds
    places = [place for route in journey for place in route.places]
    assert (south, west, north, east) == (
        min(p.lat for p in places),
        min(p.lon for p in places),
        max(p.lat for p in places),
        max(p.lon for p in places),
    )
    assert len({route.bounds for route in journey}) > 1  # the routes differ: the box is more than one route's
