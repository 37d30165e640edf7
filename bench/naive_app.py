"""The naive baseline for bench/server_bench.py: the same page, built the way a first version would.

Every rerun re-reads and re-validates the CSVs (no cache), rebuilds the map from one folium object
per line and per marker with the selected stage baked in (so streamlit-folium also remounts it on
every change) and asks the component for every returned object, and rebuilds the Altair charts with
their schema validation. The page shows the same things as app.py (sidebar, stage card, text version,
charts), so the two differ only in how they get there.
"""

from __future__ import annotations

import os
from pathlib import Path

import altair as alt
import folium
import streamlit as st
from streamlit_folium import st_folium

from components.builders.charts import arrivals_chart, durations_chart, fees_chart, women_chart
from components.builders.markup import escape, journey_text_html, route_summary, stage_card
from components.builders.route_map import MODE_DASHES, RISK_COLOURS, risk_weight
from components.schema.context import read_context
from components.schema.data import read_journey
from components.texts.en import Texts

DATA = Path(os.environ.get("ESCAPE_MAP_DATA", Path(__file__).resolve().parent.parent / "data"))
texts = Texts("en")
journey = read_journey(DATA).journey  # every rerun
assert journey is not None
route_id = st.sidebar.selectbox("Route", journey.route_ids, key="route")
route = journey.route(route_id) or journey.routes[0]
step = st.sidebar.selectbox("Stage", route.steps, key="stage")
st.sidebar.html(stage_card(route, step, texts, journey.stances))
st.sidebar.html(route_summary(route, texts))

m = folium.Map(location=[30, 110], zoom_start=4)
for leg in route.legs:
    points = [(leg.origin.lat, leg.origin.lon), (leg.destination.lat, leg.destination.lon)]
    selected = leg.step == step
    folium.PolyLine(
        points,
        color="#2563eb" if selected else "#1f2937",
        weight=risk_weight(leg.risk_level) + 3,
        tooltip=escape(leg.stage),
    ).add_to(m)
    folium.PolyLine(
        points,
        color=RISK_COLOURS[int(leg.risk_level)],
        weight=risk_weight(leg.risk_level),
        dash_array=MODE_DASHES[leg.mode],
        tooltip=escape(leg.stage),
    ).add_to(m)
for number, place in enumerate(route.places, start=1):
    folium.Marker(
        (place.lat, place.lon), icon=folium.DivIcon(html=f"<b>{number}</b>"), tooltip=escape(place.name)
    ).add_to(m)
st_folium(m, key="map", height=480, use_container_width=True)

st.html(journey_text_html(route, texts, journey.stances))
context = read_context(DATA)  # every rerun
for chart in (
    arrivals_chart(context.arrivals, texts),
    women_chart(context.women, texts),
    fees_chart(context.fees, texts),
):
    st.altair_chart(chart)
durations = durations_chart(route, texts)
if isinstance(durations, alt.Chart):
    st.altair_chart(durations)
