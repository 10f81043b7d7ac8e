"""The public surface: what `import geo_events` exports, and that importing it is cheap."""

from __future__ import annotations

import subprocess
import sys

import geo_events


def test_exported_members():
    assert sorted(geo_events.__all__) == sorted([
        "__version__", "analyze", "geoparse", "Report", "Document", "Mention", "Place",
        "Candidate", "Gazetteer", "GeoEventsError", "InputError", "GazetteerError",
        "RenderError", "DependencyMissingError"])
    for name in geo_events.__all__:
        assert getattr(geo_events, name) is not None


def test_import_is_lazy():
    """No gazetteer, folium, geopandas or pandas at import time."""
    code = ("import sys, geo_events; heavy = [m for m in ('folium', 'geopandas', 'pandas', "
            "'shapely', 'sqlite3', 'pyproj') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == ""


def test_errors_share_one_root():
    from geo_events import exceptions as exc

    for name in exc.__all__:
        assert issubclass(getattr(exc, name), exc.GeoEventsError)
    assert issubclass(exc.InputError, ValueError)
    assert issubclass(exc.GazetteerNotFoundError, FileNotFoundError)


def test_place_validates_coordinates():
    import pytest

    from geo_events import Place

    assert Place("x", "t", "X", 10, 190).lon == -170
    for lat, lon in [(91, 0), (float("nan"), 0), (0, float("inf"))]:
        with pytest.raises(ValueError):
            Place("x", "t", "X", lat, lon)


def test_geoparse_stays_the_function_once_its_module_is_imported():
    """The module is `geoparser`, so importing it cannot shadow `geo_events.geoparse`."""
    import importlib

    importlib.import_module("geo_events.geoparser")
    importlib.import_module("geo_events.report")
    assert callable(geo_events.geoparse) and geo_events.geoparse.__name__ == "geoparse"
