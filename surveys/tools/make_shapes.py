#!/usr/bin/env python3
"""make_shapes.py GEOJSON > municipality_shapes.csv

Turn the 290 municipality boundaries (WGS84 GeoJSON, property `id` = the
4-digit code) into SVG path data for needmap's report map: projected with a
spherical transverse Mercator on 15 E (the central meridian of SWEREF 99 TM,
the Swedish national grid), in whole kilometres (y grows southwards, as SVG
does), as relative path commands.  Consecutive points that round to the same
kilometre are dropped, and rings that collapse to fewer than 3 points (tiny
islands) are left out.  Output: CSV `code,path` sorted by code;
the report computes the bounding box from the paths.  Deterministic: the
same GeoJSON gives the same bytes."""
import json
import math
import sys

R = 6371.0
LON0 = math.radians(15.0)


def project(lon, lat):
    lam, phi = math.radians(lon) - LON0, math.radians(lat)
    b = math.cos(phi) * math.sin(lam)
    x = R / 2 * math.log((1 + b) / (1 - b))
    y = R * math.atan2(math.tan(phi), math.cos(lam))
    return round(x), -round(y)


def ring_path(ring):
    pts = []
    for lon, lat in ring:
        p = project(lon, lat)
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(pts) < 3:
        return ""
    out = [f"M{pts[0][0]} {pts[0][1]}"]
    rel = []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        rel.append(f"{x1 - x0} {y1 - y0}")
    return out[0] + "l" + " ".join(rel) + "z"


def main():
    g = json.load(open(sys.argv[1], encoding="utf-8"))
    rows = []
    for f in g["features"]:
        code = f["properties"]["id"]
        geo = f["geometry"]
        polys = [geo["coordinates"]] if geo["type"] == "Polygon" else geo["coordinates"]
        path = "".join(ring_path(r) for poly in polys for r in poly)
        rows.append((code, path))
    rows.sort()
    sys.stdout.write("code,path\n")
    for code, path in rows:
        sys.stdout.write(f"{code},{path}\n")


main()
