"""A small synthetic journey with two routes, costs, durations, route facts and stances (for the compare tests)."""

from __future__ import annotations

from components.domain.journey import Journey
from components.schema.data import build_journey
from tests.conftest import PLACES, PLACES_HEADER, csv_text

ROUTES_HEADER = (
    "route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,duration_days,cost_usd,cost_year,source"
)
ROUTES = [
    "main,Main route,1,north,middle,river,Across,5,Shot or drowned.,,,,Report 2021 https://example.org/r",
    "main,Main route,2,middle,south,road,By bus,3,Checks on the road.,,,,Report 2021 https://example.org/report",
    "alt,<b>Alt</b> route,1,north,middle,river,Over the ice,5,Guards.,2,,,Paper 2019 https://example.org/ice",
    "alt,<b>Alt</b> route,2,middle,east,foot,Through the hills,5,Heat.,30,500,2019,Paper 2019 https://example.org/hills",
    "alt,<b>Alt</b> route,3,east,south,air,Flight,1,Safe.,,,,Paper 2019 https://example.org/flight",
]
EAST = "east,Eastport,VN,21.03,105.85,transit,On the way.,Atlas 2020 https://example.org/east"
COUNTRIES = (
    "country,stance,explanation,source\n"
    "KP,origin,Leaving is a crime.,UN 2014 https://example.org/coi\n"
    "CN,repatriates,Sends people back.,HRW 2023 https://example.org/hrw\n"
)
FACTS = (
    "route_id,kind,value,value_high,year_from,year_to,note,source\n"
    "main,cost_usd,3000,,2011,2012,Whole trip.,Film 2012 https://example.org/film\n"
    "main,duration_days,10,,,,About ten days.,Times 2014 https://example.org/times\n"
)


def compare_journey_fixture() -> Journey:
    result = build_journey(
        csv_text(PLACES_HEADER, [*PLACES, EAST]).encode(),
        csv_text(ROUTES_HEADER, ROUTES).encode(),
        COUNTRIES.encode(),
        route_facts_csv=FACTS.encode(),
    )
    assert result.journey is not None, result.problems
    return result.journey
