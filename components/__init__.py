"""Escape Route Map. Pure modules (data, journey, navigation, route_map, palette, markup, context, charts, share,
settings, uploads, exports, export_site, assets, check, texts) never import streamlit; the others render."""
