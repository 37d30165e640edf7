"""Build data/countries.geojson, the offline basemap, from Natural Earth via npm's world-atlas.

Run once, when the outlines should change (the result is committed; the app never runs this):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_basemap.py package/countries-50m.json data/countries.geojson

Natural Earth is in the public domain; world-atlas is ISC-licensed (Copyright 2013-2019 Michael Bostock).
Each feature keeps its ISO 3166-1 alpha-2 code (`iso_a2`, from pycountry) and its English name.
Coordinates are rounded to 2 decimals (about 1 km), plenty for a basemap at country scale.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pycountry

Ring = list[list[float]]


def decode(topology: dict[str, Any], name: str = "countries", digits: int = 2) -> dict[str, Any]:
    """TopoJSON (quantized, delta-encoded arcs) → a GeoJSON FeatureCollection of Polygons/MultiPolygons."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([round(x * sx + tx, digits), round(y * sy + ty, digits)])
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        out: Ring = []
        for index in indexes:
            points = arcs[index] if index >= 0 else arcs[~index][::-1]
            for point in points if not out else points[1:]:
                if not out or point != out[-1]:
                    out.append(point)
        return out

    features = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            rings = [ring(r) for r in geometry["arcs"]]
            shape = {"type": "Polygon", "coordinates": [r for r in rings if len(r) >= 4]}
        elif geometry["type"] == "MultiPolygon":
            polygons = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
            shape = {
                "type": "MultiPolygon",
                "coordinates": [[r for r in p if len(r) >= 4] for p in polygons if len(p[0]) >= 4],
            }
        else:
            continue
        numeric = geometry.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_a2": country.alpha_2 if country else "",
                    "name": geometry.get("properties", {}).get("name", ""),
                },
                "geometry": shape,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(source: str, target: str) -> None:
    collection = decode(json.loads(Path(source).read_text(encoding="utf-8")))
    Path(target).write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    size = Path(target).stat().st_size
    print(f"{len(collection['features'])} countries, {size / 1024:.0f} KB → {target}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
