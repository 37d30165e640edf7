"""Measure 5: how building the map grows with the data, against per-object folium, side by side.

    python -m bench.scale_bench [--sizes 100 1000 10000] [--naive-max 1000]

A generator writes synthetic data of N places and N-1 legs (one long route, random walk over Asia,
2-decimal coordinates) as CSV bytes. For each N it times, in this process:
  - validate: build_journey on the CSV bytes (the same checker the app uses);
  - ours: build_base_map + streamlit-folium's own rendering of it (what st_folium does each rerun);
  - naive: one folium PolyLine per leg and one Marker per place, rendered the same way (up to
    --naive-max, since it grows at roughly a millisecond per object).
It reports seconds and the map payload (the leaflet script st_folium sends), and the growth factor
from one size to the next (10x data should give about 10x time and bytes when growth is linear).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable

import folium
from streamlit_folium import _get_map_string

from components.builders.assets import asset_links
from components.builders.route_map import build_base_map
from components.domain.journey import Route
from components.schema.data import build_journey
from components.texts.en import Texts

PLACES_HEADER = "place_id,name,country,lat,lon,kind,summary,source"
ROUTES_HEADER = "route_id,route_name,step,from_place,to_place,mode,stage,risk_level,risks,source"
MODES = ("foot", "river", "road", "rail", "motorbike", "boat", "air")


def synthetic_csv(n: int, seed: int = 7) -> tuple[bytes, bytes]:
    """N places on a random walk and the N-1 legs between them, as places.csv and routes.csv bytes."""
    rng = random.Random(seed)
    lat, lon = 30.0, 105.0
    places, legs = [PLACES_HEADER], [ROUTES_HEADER]
    for i in range(n):
        lat = min(55.0, max(5.0, lat + rng.uniform(-0.5, 0.5)))
        lon = min(140.0, max(70.0, lon + rng.uniform(-0.5, 0.5)))
        places.append(
            f"p{i},Place {i},CN,{lat:.2f},{lon:.2f},transit,Synthetic place {i}.,Generator https://example.org/generator"
        )
        if i:
            legs.append(
                f"r,Synthetic route,{i},p{i - 1},p{i},{MODES[i % len(MODES)]},Stage {i},{1 + i % 5},"
                f"Synthetic risk {i}.,Generator https://example.org/generator"
            )
    return ("\n".join(places) + "\n").encode(), ("\n".join(legs) + "\n").encode()


def naive_map(route: Route) -> folium.Map:
    fmap = folium.Map(location=[30, 105], zoom_start=4)
    for leg in route.legs:
        points = [(leg.origin.lat, leg.origin.lon), (leg.destination.lat, leg.destination.lon)]
        folium.PolyLine(points, tooltip=leg.stage).add_to(fmap)
    for place in route.places:
        folium.Marker((place.lat, place.lon), icon=folium.DivIcon(html=place.name), tooltip=place.name).add_to(fmap)
    return fmap


def rendered(fmap: folium.Map) -> str:
    """What st_folium does with a map on each rerun, minus the Streamlit message: render, then script."""
    fmap.get_root().render()
    fmap.render()
    return str(_get_map_string(fmap))


def timed(work: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--naive-max", type=int, default=1000)
    args = parser.parse_args()
    assets, texts = asset_links(), Texts()
    print(f"Machine: {os.cpu_count()} CPUs, {platform.platform()}, Python {sys.version.split()[0]}.\n")
    print(
        "| N places (N-1 legs) | validate s | ours: build+render s | ours payload MB | naive: build+render s "
        "| naive payload MB | ours / naive time |"
    )
    print("|---|---|---|---|---|---|---|")
    previous: tuple[float, int] | None = None
    growth = []
    for n in args.sizes:
        places, routes = synthetic_csv(n)
        repeat = 3 if n <= 1000 else 1
        validate_s, result = timed(lambda p=places, r=routes: build_journey(p, r), repeat)
        journey = result.journey  # type: ignore[attr-defined]
        assert journey is not None, result.problems[:3]  # type: ignore[attr-defined]
        route = journey.routes[0]
        ours_s, script = timed(lambda r=route: rendered(build_base_map(r, texts, assets)), repeat)
        ours_mb = len(str(script)) / 1e6
        if n <= args.naive_max:
            naive_s, naive_script = timed(lambda r=route: rendered(naive_map(r)), repeat)
            naive = f"{naive_s:.2f} | {len(str(naive_script)) / 1e6:.2f} | {ours_s / naive_s:.2f}"
        else:
            naive = "(skipped) | | "
        print(f"| {n:,} | {validate_s:.2f} | {ours_s:.2f} | {ours_mb:.2f} | {naive} |")
        if previous:
            growth.append(f"{previous[1]:,} → {n:,}: time ×{ours_s / previous[0]:.1f}")
        previous = (ours_s, n)
    print("\nGrowth of ours (build+render): " + "; ".join(growth))


if __name__ == "__main__":
    main()
