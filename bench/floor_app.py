"""The floor: the cheapest page that does the story page's job with the same stack.

The first route of the shipped data as one folium line, drawn by `st_folium` with nothing asked back,
and one button that reruns the page (the floor's "next stage"). Same data, same .streamlit/config.toml
(run it from the repository root). Every benchmark of the story page reports a ratio against it.

    streamlit run bench/floor_app.py [-- --self-hosted] [-- --self-hosted --wide]

As the issue defined it, folium loads Leaflet (with jQuery and Bootstrap) from its CDNs: on a machine
without internet that floor draws no map. `--self-hosted` serves Leaflet from the app's static folder,
as the app does, so the floor draws its line; `--wide` adds the wide page layout the story page needs
for its map beside the panel. Both show what the same job costs on Streamlit itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components.builders.assets import install_leaflet

DATA = Path(__file__).resolve().parent.parent / "data"
SELF_HOSTED = "--self-hosted" in sys.argv
WIDE = "--wide" in sys.argv


@st.cache_data
def first_route() -> list[tuple[float, float]]:
    places = pd.read_csv(DATA / "places.csv").set_index("place_id")
    routes = pd.read_csv(DATA / "routes.csv")
    legs = routes[routes["route_id"] == routes["route_id"].iloc[0]].sort_values("step")
    ids = [*legs["from_place"], legs["to_place"].iloc[-1]]
    return [(float(places.at[i, "lat"]), float(places.at[i, "lon"])) for i in ids]


if WIDE:
    st.set_page_config(layout="wide")
points = first_route()
fmap = folium.Map()
if SELF_HOSTED:
    # Streamlit serves the static/ folder beside the script (bench/static/, not tracked).
    leaflet = f"/app/static/{install_leaflet(Path(__file__).resolve().parent / 'static').name}"
    fmap.default_js = [("leaflet", f"{leaflet}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{leaflet}/leaflet.css")]
folium.PolyLine(points).add_to(fmap)
fmap.fit_bounds(points)
st_folium(fmap, returned_objects=[], height=480, use_container_width=True)
st.button("Next", key="floor_next")
