"""The tolerance model and verdicts, on hand-made places and a stub gazetteer (no index)."""

from __future__ import annotations

import dataclasses
import math

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo_events.claims import Claim
from geo_events.geodesy import COMPASS_16, compass_bearing, destination, distance_bearing
from geo_events.place import Place
from geo_events.verify import (RIVER_HINT, ROAD_FACTOR, distance_bounds, extent_km,
                               precision_of, verify_claim)


def _city(name, lat, lon, pop=None, **kw):
    return Place(id=f"t:{name}", source="test", name=name, lat=lat, lon=lon, feature_class="P",
                 feature_code=kw.pop("code", "PPL"), population=pop, **kw)


BAGHDAD = _city("Baghdad", 33.34058, 44.40088, 7216000, code="PPLC", country_code="IQ",
                admin1_code="IQ.07")
HIT = _city("Hit", 33.63664, 42.82768, 31901, country_code="IQ", admin1_code="IQ.01")
RAMADI = _city("Ramadi", 33.42056, 43.30778, 223500, code="PPLA", country_code="IQ",
               admin1_code="IQ.01")
ANBAR = Place(id="t:anbar", source="test", name="Anbar", lat=34.11, lon=42.17,
              country_code="IQ", feature_class="A", feature_code="ADM1", admin1_code="IQ.01")
EUPHRATES = Place(id="t:euphrates", source="test", name="Euphrates", lat=34.45, lon=41.05,
                  feature_class="H", feature_code="STM")
IRAQ = Place(id="t:iraq", source="test", name="Iraq", lat=33.0, lon=43.7, country_code="IQ",
             feature_class="A", feature_code="PCLI")


class StubGazetteer:
    """Only what verification asks of a gazetteer: geometry, country, capital, towns near a
    point (``nearest``) or of an area (``towns``) and admin areas by code."""

    path = "/nonexistent"

    def __init__(self, shapes=None, towns=(), admins=None):
        self.shapes = shapes or {}
        self.places = list(towns)
        self.admins = admins or {}

    def nearest(self, lat, lon, *, limit=1, feature=None, max_km=300.0):
        found = sorted(((t, distance_bearing(lat, lon, t.lat, t.lon)[0]) for t in self.places),
                       key=lambda tk: tk[1])
        return [(t, km) for t, km in found if km <= max_km][:limit]

    def towns(self, country_code, admin1_code=None):
        return sorted((t for t in self.places if t.country_code == country_code
                       and admin1_code in (None, t.admin1_code)),
                      key=lambda t: -(t.population or 0))

    def admin(self, code):
        return self.admins.get(code)

    def geometry(self, place_id):
        return self.shapes.get(place_id)

    def country(self, code):
        return IRAQ if code == "IQ" else None

    def capital(self, country_code, admin1_code=None):
        return RAMADI if admin1_code == "IQ.01" else BAGHDAD


def _claim(kind="distance_direction", target=HIT, ref=BAGHDAD, value=140.0, unit="km",
           direction="W", qualifier=None, precision=None, **kw):
    target_text = kw.pop("target_text", target.name if target else "")
    digits = None if value is None else (str(int(value)) if value == int(value) else str(value))
    return Claim(kind=kind, text="x", start=0, end=1, target_text=target_text,
                 target_place=target, reference_text=ref.name if ref else "",
                 reference_place=ref, value=value, unit=unit if value is not None else None,
                 value_km=None if value is None else value * {"km": 1, "mi": 1.609344,
                                                               "m": 0.001, "nmi": 1.852}[unit],
                 precision=precision if precision is not None else (
                     precision_of(digits) if digits else 0.5),
                 direction=direction, qualifier=qualifier, **kw)


@pytest.mark.parametrize("number, precision", [
    ("140", 5), ("100", 50), ("10.5", 0.5), ("50", 5), ("7", 0.5), ("25", 2.5), ("15", 2.5),
    ("5", 0.5), ("2.25", 0.05), ("1,000", 500), ("1200", 50), ("0", 0.5), ("330", 5),
])
def test_precision_of(number, precision):
    assert precision_of(number) == pytest.approx(precision)


@pytest.mark.parametrize("qualifier, low, high", [
    (None, 135, 145),
    ("about", 121, 159),           # max(1.5 x 5, 5 + 10 % of 140) = 19
    ("some", 121, 159),
    ("nearly", 121, 145),
    ("more than", 140, math.inf),  # one-sided and exact
    ("at least", 140, math.inf),
    ("less than", 0, 140),
    ("up to", 0, 140),
    ("within", 0, 140),
])
def test_distance_bounds(qualifier, low, high):
    lo, hi, _ = distance_bounds(140, 140, 5, qualifier)
    assert (lo, hi) == (pytest.approx(low), pytest.approx(high) if high != math.inf else high)


def test_extent_from_population_and_kind():
    r, how = extent_km(BAGHDAD)
    assert 20 < r < 22.5 and "population" in how
    assert 1.0 < extent_km(HIT)[0] < 2.0
    airbase = Place(id="t:ab", source="t", name="Al Asad", lat=33.78, lon=42.44,
                    feature_class="S", feature_code="AIRB")
    assert extent_km(airbase) == (3.0, "kind airbase")
    assert extent_km(_city("Nowhere", 1, 1)) == (1.0, "kind city")
    assert extent_km(None) == (0.0, "none")


def test_heet_140_west_of_baghdad_is_consistent_with_numbers():
    c = verify_claim(_claim())
    assert c.verdict == "consistent"
    assert c.measured_km == pytest.approx(149.8, abs=0.2)
    assert c.measured_bearing == pytest.approx(283.1, abs=0.2)
    assert c.measured_direction == "WNW"
    assert c.error_km == pytest.approx(9.8, abs=0.2) and c.error_pct == pytest.approx(7, abs=0.2)
    tol = dict(c.tolerance)
    assert tol["precision_km"] == 5 and tol["road_factor"] == ROAD_FACTOR
    assert tol["direction_deg"] == 22.5 and tol["lenient_deg"] == 22.5
    assert "measured 149.8 km at 283.1° (WNW)" in c.explanation


@pytest.mark.parametrize("value, direction, qualifier, verdict", [
    (140, "W", None, "consistent"),
    (140, "WNW", None, "consistent"),
    (150, "W", "about", "consistent"),
    (210, "W", None, "approximate"),     # straight line 150 >= 210 / 1.3 - extents: by road
    (300, "W", None, "inconsistent"),
    (50, "W", None, "inconsistent"),
    (140, "NW", None, "approximate"),    # 32° off NW: lenient band
    (140, "E", None, "inconsistent"),
    (100, "W", "more than", "consistent"),
    (100, "W", "less than", "inconsistent"),
    (200, "W", "up to", "consistent"),
    (140, None, None, "consistent"),
])
def test_distance_direction_verdicts(value, direction, qualifier, verdict):
    kind = "distance_direction" if direction else "distance"
    c = verify_claim(_claim(kind=kind, value=value, direction=direction, qualifier=qualifier))
    assert c.verdict == verdict, c.explanation
    assert c.explanation.endswith(verdict)


def test_direction_only():
    c = verify_claim(_claim(kind="direction", value=None, direction="W"))
    assert c.verdict == "consistent" and c.measured_km > 140
    c = verify_claim(_claim(kind="direction", value=None, direction="S"))
    assert c.verdict == "inconsistent"


@pytest.mark.parametrize("missing, reason", [
    ("target", "target"), ("reference", "reference"), ("duration", "travel time"),
])
def test_unverifiable_reasons(missing, reason):
    kw = {}
    if missing == "target":
        kw = {"target": None, "direction": None}
    elif missing == "reference":
        kw = {"ref": None}
    else:
        kw = {"value": None, "duration": "a two-hour drive", "direction": None,
              "kind": "distance"}
    c = verify_claim(_claim(**kw))
    assert c.verdict == "unverifiable" and reason in c.reason and c.explanation


def test_unknown_target_gets_estimate():
    c = verify_claim(_claim(target=None, value=30, direction="E", ref=RAMADI,
                            target_text="al-Bu Ghanim"))
    assert c.verdict == "unverifiable" and c.target_estimated
    lat, lon, radius = c.estimate
    assert lat == pytest.approx(33.42, abs=0.01) and lon == pytest.approx(43.63, abs=0.02)
    assert 5 < radius < 15
    assert c.target_place.id == "estimate:0" and c.target_place.source == "estimate"


def test_containment_by_codes_and_capital_role():
    c = verify_claim(_claim(kind="containment", ref=ANBAR, value=None, direction=None))
    assert c.verdict == "consistent" and "IQ.01" in c.explanation
    wrong = Place(id="t:mosul", source="t", name="Mosul", lat=36.33, lon=43.12,
                  feature_class="P", feature_code="PPLA", country_code="IQ",
                  admin1_code="IQ.15")
    assert verify_claim(_claim(kind="containment", target=wrong, ref=ANBAR, value=None,
                               direction=None)).verdict == "inconsistent"
    gaz = StubGazetteer()
    cap = verify_claim(_claim(kind="containment", target=RAMADI, ref=ANBAR, value=None,
                              direction=None, role="capital"), gaz)
    assert cap.verdict == "consistent"
    not_cap = verify_claim(_claim(kind="containment", target=HIT, ref=ANBAR, value=None,
                                  direction=None, role="capital"), gaz)
    assert not_cap.verdict == "inconsistent" and "Ramadi" in not_cap.explanation


def test_containment_by_polygon():
    gaz = StubGazetteer({"t:anbar": shapely.box(38.8, 30.0, 44.0, 35.0)})
    outside = _city("Kirkuk", 35.47, 44.39, 1031000, country_code="IQ", admin1_code="IQ.13")
    c = verify_claim(_claim(kind="containment", target=outside, ref=ANBAR, value=None,
                            direction=None), gaz)
    assert c.verdict == "inconsistent" and "outside the polygon" in c.explanation
    c = verify_claim(_claim(kind="containment", target=HIT, ref=ANBAR, value=None,
                            direction=None), gaz)
    assert c.verdict == "consistent" and "inside the polygon" in c.explanation


def test_river_needs_geometry_and_uses_it():
    claim = _claim(kind="proximity", ref=EUPHRATES, value=None, direction=None, relation="on")
    c = verify_claim(claim, StubGazetteer())
    assert c.verdict == "unverifiable" and RIVER_HINT in c.reason
    line = shapely.LineString([(42.80, 33.50), (42.84, 33.70)])  # passes ~1 km from Hit
    c = verify_claim(claim, StubGazetteer({"t:euphrates": line}))
    assert c.verdict == "consistent" and c.measured_km < 3
    far = shapely.LineString([(44.0, 33.0), (44.1, 34.0)])
    assert verify_claim(claim, StubGazetteer({"t:euphrates": far})).verdict == "inconsistent"


def test_border_distance_uses_polygon_boundary():
    syria = Place(id="t:syria", source="t", name="Syria", lat=35, lon=38.3, country_code="SY",
                  feature_class="A", feature_code="PCLI")
    gaz = StubGazetteer({"t:syria": shapely.box(35.7, 32.3, 41.0, 37.3)})  # east edge 41.0
    qaim = _city("Qaim", 34.39, 41.0 + 0.1, 74100, country_code="IQ")
    near = verify_claim(_claim(kind="proximity", target=qaim, ref=syria, value=None,
                               direction=None, reference_kind="border", relation="border"), gaz)
    assert near.verdict == "consistent" and 8 < near.measured_km < 11
    stated = verify_claim(_claim(kind="proximity", target=qaim, ref=syria, value=10.0,
                                 direction=None, reference_kind="border"), gaz)
    assert stated.verdict == "consistent"
    wrong = verify_claim(_claim(kind="proximity", target=qaim, ref=syria, value=100.0,
                                direction=None, reference_kind="border"), gaz)
    assert wrong.verdict == "inconsistent"


def test_between_ellipse():
    fallujah = _city("Fallujah", 33.349, 43.786, 190159)
    ok = verify_claim(_claim(kind="proximity", target=fallujah, ref=RAMADI, value=None,
                             direction=None, relation="between", reference2_text="Baghdad",
                             reference2_place=BAGHDAD))
    assert ok.verdict == "consistent"
    mosul = _city("Mosul", 36.335, 43.119, 1683000)
    bad = verify_claim(_claim(kind="proximity", target=mosul, ref=RAMADI, value=None,
                              direction=None, relation="between", reference2_text="Baghdad",
                              reference2_place=BAGHDAD))
    assert bad.verdict == "inconsistent"


def test_descriptor_on_polygon():
    gaz = StubGazetteer({"t:iraq": shapely.box(38.8, 29.1, 48.6, 37.4)})
    mosul = _city("Mosul", 36.335, 43.119, 1683000, country_code="IQ")
    kw = dict(kind="descriptor", target=mosul, ref=IRAQ, value=None, relation="side")
    assert verify_claim(_claim(direction="N", direction_word="northern", **kw),
                        gaz).verdict == "consistent"
    assert verify_claim(_claim(direction="S", direction_word="southern", **kw),
                        gaz).verdict == "inconsistent"
    region = verify_claim(_claim(kind="descriptor", target=None, ref=IRAQ, value=None,
                                 direction="N", direction_word="northern", relation="region"),
                          gaz)
    assert region.verdict == "unverifiable" and region.target_estimated
    assert region.estimate[0] > 34.6  # inside the northern third


def test_broken_geometry_degrades_to_unverifiable():
    class Broken(StubGazetteer):
        def geometry(self, place_id):
            raise RuntimeError("corrupt wkb")

    c = verify_claim(_claim(kind="proximity", ref=EUPHRATES, value=None, direction=None,
                            relation="on"), Broken())
    assert c.verdict == "unverifiable"


@settings(max_examples=100, deadline=None)
@given(st.floats(-60, 60), st.floats(-179, 179), st.sampled_from(COMPASS_16),
       st.integers(1, 900), st.sampled_from(["km", "mi", "nmi"]))
def test_destination_point_verifies_against_itself(lat, lon, direction, value, unit):
    ref = _city("Ref", lat, lon, 50000)
    step = {"km": 1, "mi": 1.609344, "nmi": 1.852}[unit]
    tlat, tlon = destination(lat, lon, compass_bearing(direction), value * step)
    target = _city("Target", tlat, tlon, 50000)
    c = verify_claim(_claim(target=target, ref=ref, value=float(value), unit=unit,
                            direction=direction))
    assert c.verdict == "consistent", c.explanation
    assert 0.0 <= c.measured_bearing < 360.0
    assert abs(c.error_km) < 1e-3


def _town(name, lat, lon, code, pop=1000):
    return _city(name, lat, lon, pop, country_code="XX", admin1_code=code)


# a square region "XX.01" of towns 0-1° on a side, a one-town city area "XX.02" in its middle
_SQUARE = [_town(f"s{i}{j}", i * 0.25, j * 0.25, "XX.01") for i in range(5) for j in range(5)
           if (i, j) != (2, 2)]
_SQUARE_AREA = Place(id="t:square", source="test", name="Square", lat=0.5, lon=0.5,
                     country_code="XX", feature_class="L", feature_code="RGN")
_CITY_AREA = Place(id="t:cityarea", source="test", name="City", lat=0.5, lon=0.5,
                   country_code="XX", feature_class="A", feature_code="ADM1",
                   admin1_code="XX.02")
_SQUARE_ADM1 = dataclasses.replace(_SQUARE_AREA, id="t:squareadm", feature_class="A",
                                   feature_code="ADM1", admin1_code="XX.01")


def test_side_of_a_region_without_polygon_uses_its_towns():
    gaz = StubGazetteer(towns=_SQUARE)
    kw = dict(kind="descriptor", ref=_SQUARE_AREA, value=None, relation="side")
    middle = _town("mid", 0.5, 0.45, "XX.01")
    north = _town("north", 0.95, 0.5, "XX.01")
    assert verify_claim(_claim(target=middle, direction=None, direction_word="central", **kw),
                        gaz).verdict == "consistent"
    assert verify_claim(_claim(target=north, direction="N", direction_word="northern", **kw),
                        gaz).verdict == "consistent"
    got = verify_claim(_claim(target=north, direction="S", direction_word="southern", **kw), gaz)
    assert got.verdict == "inconsistent" and "towns" in dict(got.tolerance)["method"]


def test_city_with_its_own_admin_code_inside_an_area_is_contained():
    centre = _town("centre", 0.5, 0.5, "XX.02", pop=50000)
    gaz = StubGazetteer(towns=[*_SQUARE, centre], admins={"XX.02": _CITY_AREA})
    kw = dict(kind="containment", ref=_SQUARE_ADM1, value=None, relation="in")
    assert verify_claim(_claim(target=centre, **kw), gaz).verdict == "consistent"
    outside = _town("far", 3.0, 3.0, "XX.02", pop=50000)  # same code, outside the hull
    gaz = StubGazetteer(towns=[*_SQUARE, outside], admins={"XX.02": _CITY_AREA})
    assert verify_claim(_claim(target=outside, **kw), gaz).verdict == "inconsistent"
