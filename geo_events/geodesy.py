"""WGS84 geodesics and compass points. The only place where (lat, lon) meets pyproj's
(lon, lat) order.

>>> km, bearing = distance_bearing(33.3152, 44.3661, 33.6416, 42.8251)  # Baghdad -> Hit
>>> round(km, 2), round(bearing, 1), bearing_to_compass(bearing)
(147.73, 284.6, 'WNW')
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["distance_bearing", "destination", "bearing_to_compass", "parse_compass",
           "compass_bearing", "compass_points", "sector_half_width", "angle_diff",
           "distance_to_geometry_km", "COMPASS_16"]

COMPASS_16 = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
              "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")
_BEARING = {p: i * 22.5 for i, p in enumerate(COMPASS_16)}
_WORD = {"north": "N", "south": "S", "east": "E", "west": "W",
         "northern": "N", "southern": "S", "eastern": "E", "western": "W",
         "northerly": "N", "southerly": "S", "easterly": "E", "westerly": "W",
         "northward": "N", "southward": "S", "eastward": "E", "westward": "W"}


@functools.cache
def _geod() -> Any:
    from pyproj import Geod

    return Geod(ellps="WGS84")


def distance_bearing(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """Geodesic distance in km and initial bearing in [0, 360) from point 1 to point 2."""
    az, _back, metres = _geod().inv(lon1, lat1, lon2, lat2)
    if metres == 0.0:
        return 0.0, 0.0
    bearing = float(az) % 360.0
    return metres / 1000.0, (0.0 if bearing >= 360.0 else bearing)  # -1e-17 % 360 == 360.0


def destination(lat: float, lon: float, bearing_deg: float, km: float) -> tuple[float, float]:
    """The point ``km`` along the geodesic from (lat, lon) at initial ``bearing_deg``."""
    lon2, lat2, _ = _geod().fwd(lon, lat, bearing_deg, km * 1000.0)
    lon2 = ((lon2 + 180.0) % 360.0) - 180.0
    return float(lat2), float(lon2)


def angle_diff(a: float, b: float) -> float:
    """Smallest absolute difference between two bearings, in [0, 180]."""
    d = abs((a - b) % 360.0)
    return 360.0 - d if d > 180.0 else d


def bearing_to_compass(deg: float, points: int = 16) -> str:
    """``284.6`` -> ``WNW`` (16 points), ``W`` (8 points), ``W`` (4 points)."""
    if points not in (4, 8, 16):
        raise ValueError("points must be 4, 8 or 16")
    step = 360.0 / points
    index = int(((deg % 360.0) + step / 2) // step) % points
    return COMPASS_16[index * (16 // points)]


def compass_points(abbr: str) -> int:
    """How fine a compass point is: 4 (N), 8 (NE) or 16 (NNE)."""
    return 4 if len(abbr) == 1 else 8 if len(abbr) == 2 else 16


def sector_half_width(abbr: str) -> float:
    """Half-width of the cone a direction covers: ±22.5° for N and NE, ±11.25° for NNE."""
    return 11.25 if compass_points(abbr) == 16 else 22.5


def compass_bearing(abbr: str) -> float:
    return _BEARING[abbr]


_SPLIT = re.compile(r"[\s\-‐–]+")


def parse_compass(text: str) -> str | None:
    """Any spelling of one of the 16 points -> its abbreviation, else None.

    ``north-west``, ``northwest``, ``North West``, ``NW``, ``north-westerly``, ``northwestern``,
    ``north-north-east``, ``NNE``."""
    t = text.strip().strip(".").lower()
    if not t:
        return None
    if t.upper() in _BEARING and re.fullmatch(r"[nsew]{1,3}", t):
        return t.upper()
    t = re.sub(r"(ern|erly|ward|wards)$", "", t)
    parts = []
    for word in (p for p in _SPLIT.split(t) if p):  # "west-southwest": west, south, west
        while word:
            base = next((b for b in ("north", "south", "east", "west") if word.startswith(b)),
                        None)
            if base is None:
                return None
            parts.append(base)
            word = word[len(base):]
    letters = "".join(_WORD.get(p, "?")[0] for p in parts)
    if "?" in letters or not 1 <= len(letters) <= 3:
        return None
    return letters if letters in _BEARING else None


def distance_to_geometry_km(lat: float, lon: float, geom: Any, *, boundary: bool = False
                            ) -> float:
    """Geodesic km from a point to a shapely geometry in lon/lat (0 inside a polygon unless
    ``boundary``). The nearest point is found by shapely (planar), the distance by pyproj."""
    import shapely
    from shapely.ops import nearest_points

    point = shapely.Point(lon, lat)
    target = geom.boundary if boundary and geom.geom_type in ("Polygon", "MultiPolygon") \
        else geom
    if not boundary and target.covers(point):
        return 0.0
    near = nearest_points(target, point)[0]
    return distance_bearing(lat, lon, near.y, near.x)[0]
