"""Geodesics and compass points: known distances, every spelling, round trips."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo_events.geodesy import (COMPASS_16, angle_diff, bearing_to_compass, compass_bearing,
                                compass_points, destination, distance_bearing,
                                distance_to_geometry_km, parse_compass, sector_half_width)


def test_baghdad_to_hit_known_fact():
    km, bearing = distance_bearing(33.3152, 44.3661, 33.6416, 42.8251)
    assert km == pytest.approx(147.73, abs=0.01)
    assert bearing == pytest.approx(284.6, abs=0.05)
    assert bearing_to_compass(bearing) == "WNW"
    assert bearing_to_compass(bearing, points=8) == "W"


@pytest.mark.parametrize("lat1, lon1, lat2, lon2, km, bearing", [
    (0.0, 0.0, 0.0, 1.0, 111.32, 90.0),      # one degree of equator
    (0.0, 0.0, 1.0, 0.0, 110.57, 0.0),       # one degree of meridian at the equator
    (51.5074, -0.1278, 48.8566, 2.3522, 343.9, 148.1),  # London -> Paris
    (40.7128, -74.006, 51.5074, -0.1278, 5585.2, 51.2),  # New York -> London (geopy agrees)
    (0.0, 179.5, 0.0, -179.5, 111.32, 90.0),  # across the antimeridian
])
def test_known_distances(lat1, lon1, lat2, lon2, km, bearing):
    got_km, got_b = distance_bearing(lat1, lon1, lat2, lon2)
    assert got_km == pytest.approx(km, rel=2e-3)
    assert got_b == pytest.approx(bearing, abs=0.2)


def test_lat_lon_order_is_not_swapped():
    # a point due north must have bearing 0 (pyproj takes lon first: one place converts)
    km, b = distance_bearing(10.0, 20.0, 11.0, 20.0)
    assert b == pytest.approx(0.0, abs=1e-6) and km > 100
    lat, lon = destination(10.0, 20.0, 90.0, 100.0)
    assert lat == pytest.approx(10.0, abs=0.05) and lon > 20.5


def test_bearing_never_360():
    # found by hypothesis: an azimuth of -1e-17 wrapped to exactly 360.0
    _, b = distance_bearing(0.0, 0.0, 1e-9, -1e-25)
    assert 0.0 <= b < 360.0


def test_same_point():
    assert distance_bearing(33.0, 44.0, 33.0, 44.0) == (0.0, 0.0)


@pytest.mark.parametrize("text, abbr", [
    ("north", "N"), ("N", "N"), ("northern", "N"), ("northerly", "N"), ("northward", "N"),
    ("north-west", "NW"), ("northwest", "NW"), ("North West", "NW"), ("NW", "NW"),
    ("north-westerly", "NW"), ("northwestern", "NW"), ("north-western", "NW"),
    ("south-east", "SE"), ("southeast", "SE"), ("south-easterly", "SE"), ("SE", "SE"),
    ("north-north-east", "NNE"), ("NNE", "NNE"), ("nne", "NNE"),
    ("east-north-east", "ENE"), ("WNW", "WNW"), ("west-north-west", "WNW"),
    ("south-south-west", "SSW"), ("westward", "W"), ("eastern", "E"),
])
def test_parse_compass_spellings(text, abbr):
    assert parse_compass(text) == abbr


@pytest.mark.parametrize("text", ["", "nowhere", "northish", "NWW", "up", "north-up",
                                  "east-west", "north-south"])
def test_parse_compass_rejects(text):
    assert parse_compass(text) is None


@pytest.mark.parametrize("deg, p16, p8, p4", [
    (0, "N", "N", "N"), (11.2, "N", "N", "N"), (11.3, "NNE", "N", "N"), (44, "NE", "NE", "N"),
    (284.6, "WNW", "W", "W"), (359.9, "N", "N", "N"), (180, "S", "S", "S"),
    (-90, "W", "W", "W"), (720 + 90, "E", "E", "E"),
])
def test_bearing_to_compass(deg, p16, p8, p4):
    assert bearing_to_compass(deg) == p16
    assert bearing_to_compass(deg, points=8) == p8
    assert bearing_to_compass(deg, points=4) == p4


def test_bearing_to_compass_bad_points():
    with pytest.raises(ValueError):
        bearing_to_compass(10, points=12)


def test_sectors_and_bearings():
    assert [compass_bearing(p) for p in COMPASS_16] == [i * 22.5 for i in range(16)]
    assert sector_half_width("W") == sector_half_width("NW") == 22.5
    assert sector_half_width("WNW") == 11.25
    assert (compass_points("N"), compass_points("NE"), compass_points("NNE")) == (4, 8, 16)
    assert angle_diff(350, 10) == 20 and angle_diff(10, 350) == 20 and angle_diff(0, 180) == 180


def test_distance_to_polygon_and_boundary():
    import shapely

    square = shapely.box(40.0, 30.0, 42.0, 32.0)  # lon/lat
    assert distance_to_geometry_km(31.0, 41.0, square) == 0.0
    inside_to_edge = distance_to_geometry_km(31.0, 41.9, square, boundary=True)
    assert inside_to_edge == pytest.approx(distance_bearing(31.0, 41.9, 31.0, 42.0)[0], rel=1e-3)
    outside = distance_to_geometry_km(31.0, 43.0, square)
    assert outside == pytest.approx(distance_bearing(31.0, 43.0, 31.0, 42.0)[0], rel=1e-3)


lat_st = st.floats(-89.0, 89.0, allow_nan=False)
lon_st = st.floats(-180.0, 179.999, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(lat_st, lon_st, lat_st, lon_st)
def test_bearing_in_range(lat1, lon1, lat2, lon2):
    km, b = distance_bearing(lat1, lon1, lat2, lon2)
    assert 0.0 <= b < 360.0
    assert km >= 0.0 and math.isfinite(km)
    assert bearing_to_compass(b) in COMPASS_16


@settings(max_examples=200, deadline=None)
@given(st.floats(-80.0, 80.0), lon_st, st.floats(0.0, 359.99), st.floats(0.5, 2000.0))
def test_destination_round_trip(lat, lon, bearing, km):
    lat2, lon2 = destination(lat, lon, bearing, km)
    back_km, back_b = distance_bearing(lat, lon, lat2, lon2)
    assert back_km == pytest.approx(km, rel=1e-6, abs=1e-6)
    assert angle_diff(back_b, bearing) < 1e-3
    assert -180.0 <= lon2 < 180.0
