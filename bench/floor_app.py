"""The floor: the cheapest page that does the story page's job with the same stack.

The first route of the shipped data as one folium line, drawn by `st_folium` with nothing asked back,
and one button that reruns the page (the floor's "next stage"). Same data, same .streamlit/config.toml
(run it from the repository root). Every benchmark of the story page reports a ratio against it.
"""

from __future__ import annotations

from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

DATA = Path(__file__).resolve().parent.parent / "data"


@st.cache_data
def first_route() -> list[tuple[float, float]]:
    places = pd.read_csv(DATA / "places.csv").set_index("place_id")
    routes = pd.read_csv(DATA / "routes.csv")
    legs = routes[routes["route_id"] == routes["route_id"].iloc[0]].sort_values("step")
    ids = [*legs["from_place"], legs["to_place"].iloc[-1]]
    return [(float(places.at[i, "lat"]), float(places.at[i, "lon"])) for i in ids]


points = first_route()
fmap = folium.Map()
folium.PolyLine(points).add_to(fmap)
fmap.fit_bounds(points)
st_folium(fmap, returned_objects=[], height=480, use_container_width=True)
st.button("Next", key="floor_next")
