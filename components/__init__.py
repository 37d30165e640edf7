"""Escape Route Map: pure modules (data, journey, navigation, route_map, assets, check) and thin renderers."""
