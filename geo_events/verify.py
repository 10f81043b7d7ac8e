"""Verification of spatial claims against geometry, and the tolerance model.

Distances and bearings are geodesic (WGS84, :mod:`geo_events.geodesy`), never planar.

Tolerance (point-radius method, after Wieczorek et al. 2004):

* **precision of the stated number** -- half the step the number was rounded to: integers with
  ``t`` trailing zeros were rounded to ``10**t`` (140 -> ±5, 100 -> ±50, 7 -> ±0.5); numbers
  whose last non-zero digit is a 5 (two digits or more) to ``5·10**t`` (25 -> ±2.5,
  450 -> ±25); decimals with ``d`` places -> ±5·10^-d (10.5 -> ±0.5, 2.25 -> ±0.05); word
  numbers count as digits ("forty" = 40).
* **reporting allowance** -- reported distances are rarely better than 10 %: two-sided
  tolerances use at least ``REPORTING`` = 10 % of the stated value in place of the (qualified)
  precision when that is smaller (the issue's clear-cut line). A range "20 to 30 km" spans
  its ends, widened by the coarser precision of the two numbers.
* **qualifier** -- approximate words (about, around, some, roughly, approximately, nearly,
  almost, barely) widen the precision to ``max(1.5 x precision, precision + 10 % of the value)``;
  "nearly/almost/barely" also cap the upper end at value + precision. Lower bounds (more than, over,
  at least) and upper bounds (less than, under, up to, within) are one-sided and exact: the
  stated number is the bound, with no rounding allowance (only the extents below).
* **extent** of the reference and of the target -- a town is not a point: its radius is
  ``sqrt(population / (pi x 5000 per km²))`` (an urban density of 5000/km²) clamped to
  [0.5, 25] km, or by kind when the population is unknown (town 1 km, airbase 3 km, airport
  2 km, district 15 km, province 60 km, country 200 km). Both radii add to the tolerance.
* **road allowance** -- reported distances are often by road; a road is at most
  ``ROAD_FACTOR`` = 1.3 times the straight line for these distances, so a straight-line
  measurement down to ``stated / 1.3`` is ``approximate`` (never ``consistent``).
  Symmetrically, a measurement beyond the upper bound by at most ``LENIENT_DISTANCE`` = 15 %
  of the stated distance is ``approximate``.
* **direction** -- cone model: ±22.5° around N/NE/E... (4- and 8-point words), ±11.25° for
  16-point ones (NNE, WNW), widened by the angle the extents subtend
  (``atan(extent / distance)``, at most 30°); one more sector (22.5°) is ``approximate``.
  "just"/"immediately" (``ADJACENT_QUALIFIERS``) keep that cone (neighbouring towns are wide
  for the gap between them: Irpin is 24.5° off "north-west of Kyiv", centre to centre) and
  add a distance: beyond twice ``NEAR_KM`` plus both radii the claim is ``approximate``.

Verdicts: ``consistent`` (within the tolerance), ``approximate`` (only within the road or
lenient direction allowance), ``inconsistent``, ``unverifiable`` (with the reason).

Containment: GeoNames admin codes (``admin1_code`` / ``country_code``) first, polygons where the
gazetteer has them. Capital roles: ``PPLC`` for a country, ``PPLA`` for a province.
Descriptors ("the northern city of Mosul"): the place's bearing from the centroid of its
country's polygon (or the province's, else the country point) falls within ±45° of the stated
side for N/S/E/W (±22.5° for NE, SW...), or the place lies in the outer third of the polygon's
bounding box on that axis: ``consistent``; within one more sector (±67.5°, ±45° for NE...) or
the outer half: ``approximate``;
``central`` is the middle third on both axes. A place near the centroid (less than 15 % of
the polygon's half-diagonal away) is not in any side.
Proximity thresholds (``NEAR_KM``, plus the radii of both places): near a town or city 25 km,
near an airbase or airport 40 km (Hīt is 37-40 km from Al Asad Air Base, depending on the
coordinates, and reporters call the base "near Hit"), near a border 25 km from the country
polygon's boundary (nearest point by shapely, distance by pyproj; a state or province without
a polygon, "the Ohio border", is the outline of its towns, :func:`_area_shape`), near a site
25 km; twice
the threshold is ``approximate``. "on the X River" and distances from a river need the river's
line (on: within 5 km + the town's radius); without it, or without the river itself, the
claim is ``unverifiable`` and the reason names the command that adds the lines
(``RIVER_HINT``). Distances from "the front line" are ``unverifiable``: it has no geometry.
"between A and B": the detour A->T->B is at most 25 % longer than A->B (plus extents),
``approximate`` up to 60 %. "on the outskirts of X": within X's radius + 15 km + the target's
radius, ``approximate`` up to 1.5 times that.
A target that is not in the gazetteer gets an estimated location (the destination point of the
stated distance and direction, with the tolerance and the cone's width as its radius; with no
direction, the disc around the reference); its claim is ``unverifiable`` since it defines the
location it would be checked against.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from .geodesy import (angle_diff, bearing_to_compass, compass_bearing, destination,
                      distance_bearing, distance_to_geometry_km, sector_half_width)
from .place import Place

if TYPE_CHECKING:
    from .claims import Claim
    from .gazetteer import Gazetteer

log = logging.getLogger(__name__)

__all__ = ["verify_claim", "precision_of", "distance_bounds", "extent_km", "capital_of",
           "ADJACENT_QUALIFIERS", "ROAD_FACTOR", "NEAR_KM", "LENIENT_DEG", "UNIT_KM", "RIVER_HINT"]

ROAD_FACTOR = 1.3
LENIENT_DISTANCE = 0.15
REPORTING = 0.10
LENIENT_DEG = 22.5
MAX_ANGULAR_EXTENT = 30.0
DENSITY_PER_KM2 = 5000.0
UNIT_KM = {"km": 1.0, "mi": 1.609344, "m": 0.001, "nmi": 1.852}
NEAR_KM = {"city": 25.0, "airbase": 40.0, "airport": 40.0, "site": 25.0, "border": 25.0,
           "river": 5.0, "area": 25.0, "default": 25.0}
OUTSKIRTS_KM = 15.0
BETWEEN_DETOUR = 1.25
BETWEEN_LENIENT = 1.6
AREA_SEARCH_KM = 800.0
AREA_VOTERS = 30
AREA_VOTE_SHARE = 0.6
AREA_MIN_TOWNS = 4
ENCLAVE_KM = 50.0
OVERSEAS_KM = 1500.0
RIVER_HINT = ("add river lines with `geo-events gazetteer build --natural-earth DIR` "
              "(Natural Earth 10m rivers_lake_centerlines)")
_KIND_EXTENT = {"city": 1.0, "airbase": 3.0, "airport": 2.0, "site": 1.0, "admin3": 8.0,
                "admin2": 15.0, "admin1": 60.0, "country": 200.0, "area": 10.0,
                "terrain": 5.0, "place": 1.0}
APPROX_QUALIFIERS = {"about", "around", "some", "roughly", "approximately", "nearly", "almost",
                     "approx.", "circa", "close to", "an estimated", "just over",
                     "just under", "barely", "scarcely"}
LOWER_QUALIFIERS = {"more than", "over", "at least", "beyond", "just over"}
# "just south of San Diego": the direction is judged as any other (the cone is not narrowed:
# for neighbouring towns the extents make the centre-to-centre bearing loose), and the
# target must also be near: beyond twice the proximity threshold it is ``approximate``
ADJACENT_QUALIFIERS = ("just", "immediately")
UPPER_QUALIFIERS = {"less than", "under", "up to", "within", "no more than", "just under",
                    "nearly", "almost", "barely", "scarcely"}  # "barely 12 km": about, not more
_NEARLY = {"nearly", "almost", "just under", "barely", "scarcely"}  # approximate, capped above
_RANK = {"consistent": 0, "approximate": 1, "inconsistent": 2, "unverifiable": 3}


# -- tolerance pieces ---------------------------------------------------------------------
def precision_of(number_text: str) -> float:
    """Half the step a stated number was rounded to, in the number's own unit."""
    t = number_text.replace(",", "").strip()
    if "." in t:
        decimals = len(t.split(".", 1)[1])
        return 5 * 10.0 ** -decimals if decimals else 0.5
    try:
        n = int(t)
    except ValueError:
        return 0.5
    if n == 0:
        return 0.5
    zeros = len(t) - len(t.rstrip("0"))
    core = t.rstrip("0")
    if len(core) >= 2 and core.endswith("5"):
        return 2.5 * 10 ** zeros  # 25 -> ±2.5, 450 -> ±25
    if zeros:
        return 10 ** zeros / 2
    return 0.5


def distance_bounds(low_km: float, high_km: float, precision_km: float,
                    qualifier: str | None) -> tuple[float, float, float]:
    """(lowest, highest, precision used) a stated distance allows, before extents."""
    q = (qualifier or "").lower()
    p = precision_km
    if q in APPROX_QUALIFIERS:
        p = max(1.5 * precision_km, precision_km + 0.10 * high_km)
    lo, hi = low_km - p, high_km + p
    if q in _NEARLY:
        hi = high_km + precision_km
    if q in LOWER_QUALIFIERS - {"just over"}:
        lo, hi = low_km, math.inf  # a stated bound is exact: no rounding allowance
    if q in UPPER_QUALIFIERS - _NEARLY:
        lo, hi = 0.0, high_km
    return max(0.0, lo), hi, p


def extent_km(place: Place | None, gazetteer: Gazetteer | None = None) -> tuple[float, str]:
    """Radius of a place in km and how it was estimated."""
    if place is None:
        return 0.0, "none"
    kind = place.kind
    if kind == "city" and place.population:
        r = math.sqrt(place.population / (math.pi * DENSITY_PER_KM2))
        return min(25.0, max(0.5, r)), f"population {place.population:,}"
    if kind in ("country", "admin1") and gazetteer is not None:
        geom = _geometry(gazetteer, place)
        if geom is not None:
            minx, miny, maxx, maxy = geom.bounds
            diag = distance_bearing(miny, minx, maxy, maxx)[0]
            return diag / 4.0, "polygon"
    return _KIND_EXTENT.get(kind, 1.0), f"kind {kind}"


def _geometry(gazetteer: Gazetteer | None, place: Place | None) -> Any | None:
    if gazetteer is None or place is None or place.source == "estimate":
        return None
    try:
        return gazetteer.geometry(place.id)
    except Exception as exc:  # noqa: BLE001 - a broken shape must not stop verification
        log.warning("geometry of %s unreadable: %s", place.id, exc)
        return None


def _area_shape(gazetteer: Gazetteer | None, place: Place | None) -> tuple[Any | None, str]:
    """The shape of an area and how it was got: its polygon, else (an admin-1 area or a
    region) the convex hull of its towns (:func:`_area_towns`), else None."""
    geom = _geometry(gazetteer, place)
    if geom is not None:
        return geom, "polygon"
    if gazetteer is None or place is None or place.kind not in ("admin1", "region") or \
            place.source == "estimate":
        return None, ""
    towns = _area_towns(gazetteer, place)
    if len(towns) < AREA_MIN_TOWNS:
        return None, ""
    import shapely

    hull = shapely.MultiPoint([(t.lon, t.lat) for t in towns]).convex_hull
    return (hull, f"hull of {len(towns)} towns") if hull.geom_type == "Polygon" else (None, "")


@functools.lru_cache(maxsize=256)
def _area_towns(gazetteer: Gazetteer, area: Place) -> tuple[Place, ...]:
    """The populated places of an area the gazetteer has no polygon for: those with its
    admin-1 code (a region without one, "Gaza", takes the code most of its ``AREA_VOTERS``
    nearest towns within ``AREA_SEARCH_KM`` share, if at least ``AREA_VOTE_SHARE`` of them
    do)."""
    if not area.country_code:
        return ()
    code = area.admin1_code if area.kind == "admin1" else None
    if code is None:
        near = gazetteer.nearest(area.lat, area.lon, limit=AREA_VOTERS, feature="P",
                                 max_km=AREA_SEARCH_KM)
        votes = Counter(p.admin1_code for p, _ in near
                        if p.country_code == area.country_code and p.admin1_code)
        if not votes:
            return ()
        code, n = votes.most_common(1)[0]
        if n < AREA_VOTE_SHARE * sum(votes.values()):
            return ()
    return tuple(gazetteer.towns(area.country_code, code))


def _country(gazetteer: Gazetteer | None, place: Place | None) -> Place | None:
    if gazetteer is None or place is None or not place.country_code:
        return None
    return gazetteer.country(place.country_code)


def capital_of(gazetteer: Gazetteer, country_code: str, admin1_code: str | None = None
               ) -> Place | None:
    """The national capital (PPLC) of a country, or the seat (PPLA) of an admin-1 area."""
    return gazetteer.capital(country_code, admin1_code) if country_code else None


# -- verdict helpers ----------------------------------------------------------------------
def _worse(*verdicts: str) -> str:
    return max(verdicts, key=_RANK.__getitem__)


def _fmt(x: float | None, nd: int = 1) -> str:
    if x is None:
        return "?"
    if math.isinf(x):
        return "∞"
    return f"{x:.{nd}f}".rstrip("0").rstrip(".") if nd else f"{x:.0f}"


def _unverifiable(claim: Claim, reason: str, **extra: Any) -> Claim:
    return dataclasses.replace(claim, verdict="unverifiable", reason=reason,
                               explanation=f"{_stated_text(claim)}; {reason}: unverifiable",
                               **extra)


def _stated_text(claim: Claim) -> str:
    parts = []
    if claim.value is not None:
        v = _fmt(claim.value, 2)
        if claim.value_high is not None:
            v += f"–{_fmt(claim.value_high, 2)}"
        parts.append(f"{claim.qualifier + ' ' if claim.qualifier else ''}{v} {claim.unit}")
    elif claim.duration:
        parts.append(claim.duration)
    if claim.direction:
        parts.append(f"{claim.qualifier} {claim.direction}" if claim.value is None and
                     claim.qualifier in ADJACENT_QUALIFIERS else claim.direction)
    rel = {"containment": "in", "proximity": {"border": "near", "between": "between"}.get(
               claim.relation or "", claim.relation or "near"),
           "descriptor": "in"}.get(claim.kind, "of" if claim.direction else "from")
    if claim.kind == "descriptor":
        return f"stated {claim.direction_word or claim.direction} {claim.reference_text}"
    if not claim.reference_text:
        return "stated " + " ".join(parts + ["away"]).strip()
    ref = " ".join(claim.reference_text.split())
    return "stated " + " ".join(parts + [rel, ref]).strip()


def _points(claim: Claim) -> tuple[Place, Place] | None:
    if claim.target_place is None or claim.reference_place is None:
        return None
    return claim.target_place, claim.reference_place


# -- main entry ---------------------------------------------------------------------------
def verify_claim(claim: Claim, gazetteer: Gazetteer | None = None) -> Claim:
    """Measure a claim and attach verdict, measured values, error, tolerance, explanation."""
    try:
        if claim.kind in ("distance_direction", "distance", "direction"):
            return _verify_distance_direction(claim, gazetteer)
        if claim.kind == "containment":
            return _verify_containment(claim, gazetteer)
        if claim.kind == "descriptor":
            return _verify_descriptor(claim, gazetteer)
        if claim.kind == "proximity":
            return _verify_proximity(claim, gazetteer)
    except Exception as exc:  # noqa: BLE001 - verification must degrade, not crash analysis
        log.warning("could not verify %r: %s", claim.text, exc)
        return _unverifiable(claim, f"verification failed ({type(exc).__name__})")
    return _unverifiable(claim, f"unknown claim kind {claim.kind}")


def _missing(claim: Claim) -> str | None:
    if claim.duration:
        return "a travel time is not a distance"
    if claim.reference_kind == "front":
        return f"{claim.reference_text!r} moves from day to day and has no geometry to measure"
    if claim.reference_place is None and claim.kind == "proximity" and claim.relation == "on":
        return (f"no river or water body {claim.reference_text!r} in the gazetteer; "
                f"{RIVER_HINT}")
    if claim.reference_place is None:
        return (f"reference {claim.reference_text!r} unresolved" if claim.reference_text
                else "no reference place stated")
    if claim.target_place is None:
        return f"target {claim.target_text!r} unresolved" if claim.target_text \
            else "no target place"
    return None


def _verify_distance_direction(claim: Claim, gazetteer: Gazetteer | None) -> Claim:
    ref = claim.reference_place
    ext_ref, how_ref = extent_km(ref, gazetteer)
    if claim.reference_kind == "border":
        return _verify_border_distance(claim, gazetteer)
    if ref is not None and ref.kind in ("river", "water", "lake") and claim.target_place:
        geom = _geometry(gazetteer, ref)
        if geom is None:
            return _unverifiable(claim, f"no geometry for {ref.name}; {RIVER_HINT}")
        return _verify_border_distance(claim, gazetteer, geom=geom, to="river line")
    # estimate a target we could not find in the gazetteer
    if (claim.target_place is None and ref is not None and claim.value_km is not None
            and not claim.duration and ref.kind not in ("river", "water", "lake")):
        claim = _with_estimate(claim, ext_ref)
    reason = _missing(claim)
    if reason:
        return _unverifiable(claim, reason)
    if claim.target_estimated and claim.estimate:
        lat, lon, radius = claim.estimate
        who = repr(claim.target_text) if claim.target_text else "the unnamed target"
        return _unverifiable(claim, f"{who} is not in the gazetteer; location estimated at "
                             f"{lat:.4f}, {lon:.4f} ± {_fmt(radius)} km")
    target, ref = claim.target_place, claim.reference_place
    assert target is not None and ref is not None
    if claim.relation == "outskirts" and claim.value_km is None and \
            ref.kind in ("country", "admin1", "region"):
        return _verify_edge_of_area(claim, target, ref, gazetteer)
    ext_tgt, how_tgt = (claim.estimate[2], "estimate") if claim.target_estimated and \
        claim.estimate else extent_km(target, gazetteer)
    km, bearing = distance_bearing(ref.lat, ref.lon, target.lat, target.lon)
    measured_dir = bearing_to_compass(bearing)
    slack = ext_ref + ext_tgt
    tol: dict[str, Any] = {"model": "point-radius", "extent_km": round(slack, 2),
                           "extent_reference_km": round(ext_ref, 2),
                           "extent_reference_method": how_ref,
                           "extent_target_km": round(ext_tgt, 2),
                           "extent_target_method": how_tgt}
    verdicts: list[str] = []
    why: list[str] = []
    error_km = error_pct = None
    if claim.value_km is not None:
        step = UNIT_KM[claim.unit or "km"]
        prec = claim.precision * step
        low_km = claim.value_km
        high_km = claim.value_high * step if claim.value_high is not None else low_km
        lo, hi, used = distance_bounds(low_km, high_km, prec, claim.qualifier)
        q = (claim.qualifier or "").lower()
        one_sided = q in (LOWER_QUALIFIERS | UPPER_QUALIFIERS) - _NEARLY - {"just over"}
        # the reporting allowance and the rounding precision are one uncertainty: take the
        # larger, do not add them
        report = 0.0 if one_sided else max(0.0, REPORTING * high_km - used)
        lo_t = max(0.0, lo - slack - report)
        hi_t = hi + slack + report
        tol.update(precision_km=round(prec, 3), qualifier=claim.qualifier,
                   qualified_precision_km=round(used, 3), reporting_km=round(report, 2),
                   low_km=round(lo_t, 2),
                   high_km=None if math.isinf(hi_t) else round(hi_t, 2),
                   road_factor=ROAD_FACTOR, road_low_km=round(max(0.0, lo / ROAD_FACTOR
                                                                  - slack), 2))
        mid = (low_km + high_km) / 2
        error_km = km - mid if low_km == high_km else (
            0.0 if low_km <= km <= high_km else (km - low_km if km < low_km else km - high_km))
        if claim.qualifier and claim.qualifier.lower() in LOWER_QUALIFIERS and km >= low_km:
            error_km = 0.0
        if claim.qualifier and claim.qualifier.lower() in UPPER_QUALIFIERS - _NEARLY and \
                km <= high_km:
            error_km = 0.0
        error_pct = abs(error_km) / mid * 100 if mid else None
        band = f"{_fmt(lo_t)}–{_fmt(hi_t)} km"
        if lo_t <= km <= hi_t:
            verdicts.append("consistent")
            why.append(f"within {band}")
        elif lo / ROAD_FACTOR - slack <= km < lo_t:
            verdicts.append("approximate")
            why.append(f"outside {band} but within the road allowance (÷{ROAD_FACTOR})")
        elif q not in UPPER_QUALIFIERS and hi_t < km <= hi_t + LENIENT_DISTANCE * high_km:
            verdicts.append("approximate")
            why.append(f"outside {band} but within the lenient band "
                       f"(+{LENIENT_DISTANCE:.0%} of the stated distance)")
        else:
            verdicts.append("inconsistent")
            why.append(f"outside {band}")
    if claim.relation == "outskirts":
        limit = ext_ref + OUTSKIRTS_KM + ext_tgt
        tol.update(outskirts_km=round(limit, 2))
        if km <= limit:
            verdicts.append("consistent")
        elif km <= 1.5 * limit:
            verdicts.append("approximate")
            why.append(f"{_fmt(km)} km is far for the outskirts (≤ {_fmt(limit)} km)")
        else:
            verdicts.append("inconsistent")
            why.append(f"{_fmt(km)} km is not the outskirts (≤ {_fmt(limit)} km)")
    if claim.qualifier in ADJACENT_QUALIFIERS and claim.value_km is None:
        limit = NEAR_KM["default"] + slack
        tol.update(adjacent_km=round(limit, 2), adjacent_lenient_km=round(2 * limit, 2))
        if km > 2 * limit:
            verdicts.append("approximate")
            why.append(f"{_fmt(km)} km is far for '{claim.qualifier}' (≤ {_fmt(2 * limit)} km)")
    dir_diff = None
    if claim.direction:
        half = sector_half_width(claim.direction)
        ang = min(MAX_ANGULAR_EXTENT, math.degrees(math.atan2(slack, max(km, 1e-9))))
        dir_diff = angle_diff(bearing, compass_bearing(claim.direction))
        tol.update(direction_deg=half, angular_extent_deg=round(ang, 2),
                   lenient_deg=LENIENT_DEG)
        if dir_diff <= half + ang:
            verdicts.append("consistent")
            why.append(f"direction off {_fmt(dir_diff)}° within ±{_fmt(half + ang)}°")
        elif dir_diff <= half + ang + LENIENT_DEG:
            verdicts.append("approximate")
            why.append(f"direction off {_fmt(dir_diff)}°, beyond ±{_fmt(half + ang)}° but "
                       f"within the lenient band")
        else:
            verdicts.append("inconsistent")
            why.append(f"direction off {_fmt(dir_diff)}° beyond ±"
                       f"{_fmt(half + ang + LENIENT_DEG)}°")
    verdict = _worse(*verdicts) if verdicts else "consistent"
    measured = f"measured {_fmt(km)} km at {_fmt(bearing)}° ({measured_dir})"
    err = ""
    if error_km is not None:
        err = f"; error {'+' if error_km >= 0 else ''}{_fmt(error_km)} km" + (
            f" ({_fmt(error_pct)}%)" if error_pct is not None else "")
    est = " (target estimated)" if claim.target_estimated else ""
    explanation = (f"{_stated_text(claim)}; {measured}{est}{err}; {', '.join(why)}: {verdict}")
    return dataclasses.replace(
        claim, measured_km=km, measured_bearing=bearing, measured_direction=measured_dir,
        error_km=error_km, error_pct=error_pct, direction_error_deg=dir_diff,
        tolerance=tuple(tol.items()), verdict=verdict, explanation=explanation, reason=None)


def _verify_edge_of_area(claim: Claim, target: Place, area: Place,
                         gazetteer: Gazetteer | None) -> Claim:
    """"Rafah, at the southern edge of the Gaza Strip": a side of the area, judged as a
    descriptor is (:func:`_side_of_area`), not as a bearing from the area's point."""
    verdict, why, km, bearing, tol = _side_of_area(target, area, gazetteer, claim.direction)
    explanation = (f"{_stated_text(claim)}; {target.name} is {why} of {area.name}: {verdict}")
    return dataclasses.replace(claim, measured_km=km, measured_bearing=bearing,
                               measured_direction=bearing_to_compass(bearing),
                               tolerance=tuple(tol.items()), verdict=verdict,
                               explanation=explanation, reason=None)


def _with_estimate(claim: Claim, ext_ref: float) -> Claim:
    ref = claim.reference_place
    assert ref is not None and claim.value_km is not None
    step = UNIT_KM[claim.unit or "km"]
    high = claim.value_high * step if claim.value_high is not None else claim.value_km
    mid = (claim.value_km + high) / 2
    lo, hi, _ = distance_bounds(claim.value_km, high, claim.precision * step, claim.qualifier)
    if math.isinf(hi):
        hi = mid * 1.5
    radial = (hi - lo) / 2 + ext_ref
    if claim.direction:
        lateral = mid * math.sin(math.radians(sector_half_width(claim.direction)))
        radius = math.hypot(radial, lateral)
        lat, lon = destination(ref.lat, ref.lon, compass_bearing(claim.direction), mid)
    else:  # no direction: anywhere on a ring around the reference; give its disc
        radius = hi + ext_ref
        lat, lon = ref.lat, ref.lon
    place = Place(id=f"estimate:{claim.start}", source="estimate",
                  name=claim.target_text or claim.text, lat=round(lat, 5), lon=round(lon, 5),
                  country_code=ref.country_code, feature_class="P", feature_code="PPL",
                  admin1=None, population=None)
    return dataclasses.replace(claim, target_place=place, target_estimated=True,
                               estimate=(place.lat, place.lon, round(radius, 2)))


def _verify_border_distance(claim: Claim, gazetteer: Gazetteer | None, *,
                            geom: Any = None, to: str = "border") -> Claim:
    """Distance from the target to a line: a country's boundary, or a river."""
    reason = _missing(claim)
    if reason:
        return _unverifiable(claim, reason)
    target, country = claim.target_place, claim.reference_place
    assert target is not None and country is not None
    line = to
    if geom is None:  # a state without a polygon: the outline of its towns ("the Ohio border")
        geom, how_shape = _area_shape(gazetteer, country)
        if geom is None:
            return _unverifiable(claim, f"no polygon for {country.name}")
        if how_shape != "polygon":
            to = f"border ({how_shape})"
    km = distance_to_geometry_km(target.lat, target.lon, geom, boundary=line == "border")
    ext, how = extent_km(target, gazetteer)
    if claim.value_km is None:  # proximity: "close to the Syrian border"
        return _near_verdict(claim, km, NEAR_KM["border"] + ext, {
            "near_km": NEAR_KM["border"], "extent_km": round(ext, 2),
            "extent_method": how, "measured_to": to})
    step = UNIT_KM[claim.unit or "km"]
    high = claim.value_high * step if claim.value_high is not None else claim.value_km
    lo, hi, used = distance_bounds(claim.value_km, high, claim.precision * step,
                                   claim.qualifier)
    slack = ext + 5.0  # border lines are generalised (Natural Earth 10m): ±5 km
    lo_t, hi_t = max(0.0, lo - slack), hi + slack
    mid = (claim.value_km + high) / 2
    error = km - mid
    tol = {"model": "point-radius", "precision_km": round(claim.precision * step, 3),
           "qualifier": claim.qualifier, "qualified_precision_km": round(used, 3),
           "extent_km": round(ext, 2), "extent_method": how, "border_generalisation_km": 5.0,
           "low_km": round(lo_t, 2), "high_km": None if math.isinf(hi_t) else round(hi_t, 2),
           "road_factor": ROAD_FACTOR, "measured_to": to}
    if lo_t <= km <= hi_t:
        verdict = "consistent"
    elif lo / ROAD_FACTOR - slack <= km < lo_t or \
            hi_t < km <= hi_t + LENIENT_DISTANCE * high:
        verdict = "approximate"
    else:
        verdict = "inconsistent"
    pct = abs(error) / mid * 100 if mid else None
    explanation = (f"{_stated_text(claim)}; measured {_fmt(km)} km to the {to}; error "
                   f"{'+' if error >= 0 else ''}{_fmt(error)} km ({_fmt(pct)}%), allowed "
                   f"{_fmt(lo_t)}–{_fmt(hi_t)} km: {verdict}")
    return dataclasses.replace(claim, measured_km=km, error_km=error, error_pct=pct,
                               tolerance=tuple(tol.items()), verdict=verdict,
                               explanation=explanation, reason=None)


def _near_verdict(claim: Claim, km: float, limit: float, tol: dict[str, Any],
                  bearing: float | None = None) -> Claim:
    tol = {"model": "threshold", **tol, "limit_km": round(limit, 2),
           "lenient_limit_km": round(2 * limit, 2)}
    if km <= limit:
        verdict, why = "consistent", f"within {_fmt(limit)} km"
    elif km <= 2 * limit:
        verdict, why = "approximate", f"beyond {_fmt(limit)} km, within {_fmt(2 * limit)} km"
    else:
        verdict, why = "inconsistent", f"beyond {_fmt(2 * limit)} km"
    measured_dir = bearing_to_compass(bearing) if bearing is not None else None
    at = f" at {_fmt(bearing)}° ({measured_dir})" if bearing is not None else ""
    explanation = f"{_stated_text(claim)}; measured {_fmt(km)} km{at}; {why}: {verdict}"
    return dataclasses.replace(claim, measured_km=km, measured_bearing=bearing,
                               measured_direction=measured_dir, tolerance=tuple(tol.items()),
                               verdict=verdict, explanation=explanation, reason=None)


def _verify_proximity(claim: Claim, gazetteer: Gazetteer | None) -> Claim:
    if claim.reference_kind == "border":
        return _verify_border_distance(claim, gazetteer)
    if claim.relation == "between":
        return _verify_between(claim, gazetteer)
    reason = _missing(claim)
    if reason:
        return _unverifiable(claim, reason)
    target, ref = claim.target_place, claim.reference_place
    assert target is not None and ref is not None
    ext_t, how_t = extent_km(target, gazetteer)
    kind = ref.kind
    if kind in ("river", "water", "lake"):
        geom = _geometry(gazetteer, ref)
        if geom is None:
            return _unverifiable(claim, f"no geometry for {ref.name}; {RIVER_HINT}")
        km = distance_to_geometry_km(target.lat, target.lon, geom)
        return _near_verdict(claim, km, NEAR_KM["river"] + ext_t, {
            "near_km": NEAR_KM["river"], "extent_km": round(ext_t, 2), "extent_method": how_t,
            "measured_to": "river line"})
    if kind in ("country", "admin1"):
        geom, how_shape = _area_shape(gazetteer, ref)
        if geom is not None:
            km = distance_to_geometry_km(target.lat, target.lon, geom)
            return _near_verdict(claim, km, NEAR_KM["border"] + ext_t, {
                "near_km": NEAR_KM["border"], "extent_km": round(ext_t, 2),
                "measured_to": how_shape})
        # no polygon: fall back to the area's point and its kind radius below
    ext_r, how_r = extent_km(ref, gazetteer)
    if target.kind in ("admin1", "region"):  # "Sagaing [region], across the river from X"
        shape, how = _area_shape(gazetteer, target)
        if shape is not None:
            km = distance_to_geometry_km(ref.lat, ref.lon, shape)
            near = NEAR_KM.get(ref.kind, NEAR_KM["default"])
            return _near_verdict(claim, km, near + ext_r, {
                "near_km": near, "extent_reference_km": round(ext_r, 2),
                "extent_reference_method": how_r, "measured_to": f"{target.name} ({how})"})
    near = NEAR_KM.get(kind, NEAR_KM["default"])
    km, bearing = distance_bearing(ref.lat, ref.lon, target.lat, target.lon)
    return _near_verdict(claim, km, near + ext_r + ext_t, {
        "near_km": near, "reference_kind": kind, "extent_reference_km": round(ext_r, 2),
        "extent_reference_method": how_r, "extent_target_km": round(ext_t, 2),
        "extent_target_method": how_t}, bearing)


def _verify_between(claim: Claim, gazetteer: Gazetteer | None) -> Claim:
    reason = _missing(claim)
    if reason:
        return _unverifiable(claim, reason)
    if claim.reference2_place is None:
        return _unverifiable(claim, f"second reference {claim.reference2_text!r} unresolved")
    t, a, b = claim.target_place, claim.reference_place, claim.reference2_place
    assert t is not None and a is not None
    ab = distance_bearing(a.lat, a.lon, b.lat, b.lon)[0]
    at = distance_bearing(a.lat, a.lon, t.lat, t.lon)[0]
    tb = distance_bearing(t.lat, t.lon, b.lat, b.lon)[0]
    slack = extent_km(a, gazetteer)[0] + extent_km(b, gazetteer)[0] + \
        2 * extent_km(t, gazetteer)[0]
    detour = at + tb
    ok = ab * BETWEEN_DETOUR + slack
    lenient = ab * BETWEEN_LENIENT + slack
    tol = {"model": "ellipse", "detour_factor": BETWEEN_DETOUR,
           "lenient_detour_factor": BETWEEN_LENIENT, "extent_km": round(slack, 2),
           "limit_km": round(ok, 2), "lenient_limit_km": round(lenient, 2)}
    verdict = "consistent" if detour <= ok else "approximate" if detour <= lenient \
        else "inconsistent"
    explanation = (f"stated between {claim.reference_text} and {claim.reference2_text}; "
                   f"{a.name}->{t.name}->{b.name} is {_fmt(detour)} km against "
                   f"{_fmt(ab)} km direct (allowed {_fmt(ok)} km): {verdict}")
    return dataclasses.replace(claim, measured_km=detour, tolerance=tuple(tol.items()),
                               verdict=verdict, explanation=explanation, reason=None)


def _verify_containment(claim: Claim, gazetteer: Gazetteer | None) -> Claim:
    reason = _missing(claim)
    if reason:
        return _unverifiable(claim, reason)
    target, box = claim.target_place, claim.reference_place
    assert target is not None and box is not None
    kind = box.kind
    how = ""
    verdict = "unverifiable"
    geom = _geometry(gazetteer, box)
    tol: dict[str, Any] = {"model": "containment"}
    if kind == "country" or box.feature_code in ("PCLI", "PCL", "PCLD", "PCLF", "PCLS"):
        if target.country_code and box.country_code:
            verdict = "consistent" if target.country_code == box.country_code \
                else "inconsistent"
            how = f"country code {target.country_code} vs {box.country_code}"
    elif kind == "admin1" or box.feature_code == "ADM1":
        code = target.admin1_code
        if not code and gazetteer is not None:
            found = gazetteer.containing(target.lat, target.lon).admin1
            code = found.admin1_code if found else None
            how = "admin-1 of the point (gazetteer.containing) "
        if code and box.admin1_code:
            verdict = "consistent" if code == box.admin1_code else "inconsistent"
            how += f"admin-1 code {code} vs {box.admin1_code}"
            if verdict == "inconsistent" and geom is None and gazetteer is not None and \
                    _enclave(gazetteer, target, code, box):
                verdict = "consistent"
                how += (f"; a city with its own admin-1 code inside the area of "
                        f"{box.name}'s towns")
    elif box.feature_code == "ADM2" and target.admin2 and box.name:
        verdict = "consistent" if target.admin2 == box.name else "inconsistent"
        how = f"admin-2 {target.admin2} vs {box.name}"
    if geom is not None and target.source != "estimate":
        km = distance_to_geometry_km(target.lat, target.lon, geom)
        ext, _ = extent_km(target, gazetteer)
        tol.update(polygon_distance_km=round(km, 2), extent_km=round(ext, 2))
        poly = "consistent" if km == 0.0 else "approximate" if km <= ext + 5.0 \
            else "inconsistent"
        how = (how + "; " if how else "") + (
            "inside the polygon" if km == 0.0 else f"{_fmt(km)} km outside the polygon")
        if verdict == "unverifiable" or (verdict == "consistent" and poly == "inconsistent"):
            verdict = poly
        elif verdict == "inconsistent" and poly == "consistent":
            verdict = "approximate"  # codes and shapes disagree: say so
    if verdict == "unverifiable":
        return _unverifiable(claim, f"no admin codes or polygon to test {box.name}")
    tol["method"] = how
    role_note = ""
    if claim.role == "capital" and verdict != "inconsistent":
        want = "PPLC" if kind == "country" else "PPLA"
        seat = None
        if gazetteer is not None and target.country_code:
            seat = capital_of(gazetteer, target.country_code,
                              None if kind == "country" else box.admin1_code)
        tol["role_feature_code"] = want
        if target.feature_code == want or (seat is not None and seat.id == target.id):
            role_note = f"; {target.name} is the capital ({want})"
        elif seat is not None:
            verdict = "inconsistent"
            role_note = f"; the capital is {seat.name}, not {target.name}"
        elif kind != "country" and gazetteer is not None and \
                _largest_town(gazetteer, box) == target.id:
            role_note = (f"; the gazetteer marks no seat, and {target.name} is the largest "
                         f"town of {box.name}")
        else:
            verdict = _worse(verdict, "approximate")
            role_note = "; the gazetteer does not mark a capital"
    stated = (f"stated {claim.target_text} is the capital of {box.name}"
              if claim.role == "capital" else f"stated {claim.target_text} in {box.name}")
    explanation = f"{stated}; {target.name} ({how}){role_note}: {verdict}"
    return dataclasses.replace(claim, tolerance=tuple(tol.items()), verdict=verdict,
                               explanation=explanation, reason=None)


@functools.lru_cache(maxsize=64)
def _population_centre(gazetteer: Gazetteer, country: Place) -> tuple[float, float] | None:
    """The population-weighted mean position of a country's towns, or None without a
    polygon or populations."""
    if _geometry(gazetteer, country) is None or not country.country_code:
        return None
    towns = [p for p in gazetteer.towns(country.country_code) if p.population]
    total = sum(t.population for t in towns)  # type: ignore[misc]
    if not total:
        return None
    return (sum(t.population * t.lat for t in towns) / total,  # type: ignore[operator]
            sum(t.population * t.lon for t in towns) / total)  # type: ignore[operator]


def _largest_town(gazetteer: Gazetteer, area: Place) -> str | None:
    """The id of the most populous of an area's towns (a seat the data does not mark)."""
    towns = [t for t in _area_towns(gazetteer, area) if t.population]
    return max(towns, key=lambda t: (t.population, t.id)).id if towns else None


def _mainland(geom: Any, target: Place) -> Any:
    """A country's parts within ``OVERSEAS_KM`` of its largest part, plus the part holding
    ``target``: French Guiana does not make Brest 'northern' France."""
    import shapely

    parts = sorted(geom.geoms, key=lambda g: g.area, reverse=True)
    main = parts[0]
    rep = main.representative_point()
    keep = [g for g in parts if g is main or g.covers(shapely.Point(target.lon, target.lat))
            or distance_to_geometry_km(rep.y, rep.x, g) - distance_to_geometry_km(
                rep.y, rep.x, main, boundary=True) <= OVERSEAS_KM]
    return shapely.MultiPolygon(keep) if len(keep) > 1 else main


def _enclave(gazetteer: Gazetteer, target: Place, code: str, box: Place) -> bool:
    """Whether ``target`` is a city that is an admin-1 area of its own (code ``code``: all its
    towns within ``ENCLAVE_KM``) lying inside the hull of ``box``'s towns: Sevastopol in
    Crimea, Kyiv in the Kyiv region. Codes say no, geography says yes."""
    own = gazetteer.admin(code)
    towns = _area_towns(gazetteer, own) if own is not None else ()
    if not towns or any(distance_bearing(target.lat, target.lon, t.lat, t.lon)[0] > ENCLAVE_KM
                        for t in towns):
        return False
    hull, _ = _area_shape(gazetteer, box)
    if hull is None:
        return False
    import shapely

    return bool(hull.contains(shapely.Point(target.lon, target.lat)))


_SIDE = {"N": (0.0, 1), "S": (180.0, 1), "E": (90.0, 0), "W": (270.0, 0)}


def _verify_descriptor(claim: Claim, gazetteer: Gazetteer | None) -> Claim:
    area = claim.reference_place
    target = claim.target_place
    word = claim.direction_word or claim.direction
    if claim.relation == "region":
        if area is None:
            return _unverifiable(claim, f"{claim.reference_text!r} unresolved")
        geom = _geometry(gazetteer, area)
        extra: dict[str, Any] = {}
        if geom is not None and claim.direction:
            extra = _region_estimate(claim, geom)
        return _unverifiable(claim, "names a region, not a place to check" + (
            f"; estimated as the {word} part of {area.name}" if extra else ""), **extra)
    reason = _missing(claim)
    if reason:
        return _unverifiable(claim, reason)
    assert target is not None and area is not None
    if claim.direction is None and claim.direction_word != "central":
        return _unverifiable(claim, "no side stated")
    verdict, why, km, bearing, tol = _side_of_area(target, area, gazetteer, claim.direction)
    explanation = (f"stated {' '.join(claim.target_text.split())} in {word} {area.name}; "
                   f"{target.name} is {why}: {verdict}")
    return dataclasses.replace(claim, measured_km=km, measured_bearing=bearing,
                               measured_direction=bearing_to_compass(bearing),
                               tolerance=tuple(tol.items()), verdict=verdict,
                               explanation=explanation, reason=None)


def _side_of_area(target: Place, area: Place, gazetteer: Gazetteer | None,
                  direction: str | None) -> tuple[str, str, float, float, dict[str, Any]]:
    """Whether ``target`` lies in the ``direction`` side of ``area`` (``None``: its middle):
    verdict, reason, distance and bearing from the area's centre, tolerance."""
    geom, how = _area_shape(gazetteer, area)
    if geom is not None and geom.geom_type == "MultiPolygon":
        geom = _mainland(geom, target)
    if geom is not None:
        c = geom.centroid
        clat, clon = c.y, c.x
        minx, miny, maxx, maxy = geom.bounds
    else:
        clat, clon = area.lat, area.lon
        ext, _ = extent_km(area, gazetteer)
        dlat = ext / 111.0
        dlon = dlat / max(0.1, math.cos(math.radians(clat)))
        minx, miny, maxx, maxy = clon - dlon, clat - dlat, clon + dlon, clat + dlat
        how = "point and extent"
    fx = (target.lon - minx) / (maxx - minx) if maxx > minx else 0.5
    fy = (target.lat - miny) / (maxy - miny) if maxy > miny else 0.5
    half_diag = distance_bearing(miny, minx, maxy, maxx)[0] / 2
    km, bearing = distance_bearing(clat, clon, target.lat, target.lon)
    tol: dict[str, Any] = {"model": "position in area", "area": area.name, "method": how,
                           "fraction_east": round(fx, 3), "fraction_north": round(fy, 3),
                           "from_centre_km": round(km, 1),
                           "bearing_from_centre_deg": round(bearing, 1)}
    if direction is None:  # central
        inner = all(1 / 3 <= f <= 2 / 3 for f in (fx, fy)) or km <= 0.25 * half_diag
        half = all(0.2 <= f <= 0.8 for f in (fx, fy))
        verdict = "consistent" if inner else "approximate" if half else "inconsistent"
        why = f"at {fx:.2f} E, {fy:.2f} N of the bounding box"
        return verdict, why, km, bearing, tol
    cone = 45.0  # "northern X" and "north-eastern X" are each a quadrant of X
    diagonal = len(direction) >= 2
    diff = angle_diff(bearing, compass_bearing(direction))
    settled = _population_centre(gazetteer, area) if area.kind == "country" else None
    if settled is not None:  # "northern Mali" is north of where Malians live
        s_km, s_bearing = distance_bearing(settled[0], settled[1], target.lat, target.lon)
        s_diff = angle_diff(s_bearing, compass_bearing(direction))
        tol.update(population_centre=(round(settled[0], 3), round(settled[1], 3)),
                   bearing_from_population_centre_deg=round(s_bearing, 1))
        if s_km >= 0.15 * half_diag and s_diff < diff:
            km, bearing, diff = s_km, s_bearing, s_diff
            how = "population centre"
    thirds = []
    halves = []
    for letter in direction[-2:] if diagonal else direction:
        if letter not in _SIDE:
            continue
        axis = _SIDE[letter][1]
        f = fy if axis == 1 else fx
        f = f if letter in "NE" else 1 - f
        thirds.append(f >= 2 / 3)
        halves.append(f >= 0.5)
    central = km < 0.15 * half_diag
    tol.update(cone_deg=cone, lenient_deg=cone + LENIENT_DEG, bearing_off_deg=round(diff, 1))
    # The outer third of the box along every stated axis is decisive on its own: a
    # centroid pulled off by islands or a skewed outline must not make it 'central'.
    if (not central and diff <= cone) or (thirds and all(thirds)):
        verdict = "consistent"
    elif diff <= cone + LENIENT_DEG or (halves and all(halves)):
        verdict = "approximate"
    else:
        verdict = "inconsistent"
    centre = "the population centre" if how == "population centre" else "the centre"
    why = (f"{_fmt(km, 0)} km from {centre} at {_fmt(bearing)}° "
           f"({bearing_to_compass(bearing)}), {diff:.0f}° off {direction}; "
           f"{fx:.2f} E, {fy:.2f} N of the bounding box")
    return verdict, why, km, bearing, tol


def _region_estimate(claim: Claim, geom: Any) -> dict[str, Any]:
    """Centre and radius of the stated part (third) of an area's bounding box."""
    import shapely

    minx, miny, maxx, maxy = geom.bounds
    dx, dy = (maxx - minx) / 3, (maxy - miny) / 3
    x0, x1, y0, y1 = minx, maxx, miny, maxy
    d = claim.direction or ""
    if "N" in d[-2:]:
        y0 = maxy - dy
    if "S" in d[-2:]:
        y1 = miny + dy
    if "E" in d[-2:]:
        x0 = maxx - dx
    if "W" in d[-2:]:
        x1 = minx + dx
    part = geom.intersection(shapely.box(x0, y0, x1, y1))
    if part.is_empty:
        return {}
    p = part.representative_point()
    bx0, by0, bx1, by1 = part.bounds
    radius = distance_bearing(by0, bx0, by1, bx1)[0] / 2
    area = claim.reference_place
    assert area is not None
    place = Place(id=f"estimate:{claim.start}", source="estimate", name=claim.text,
                  lat=round(p.y, 5), lon=round(p.x, 5), country_code=area.country_code,
                  feature_class="L", feature_code="RGN")
    return {"target_place": place, "target_estimated": True,
            "estimate": (place.lat, place.lon, round(radius, 1))}
