"""geo-events: find the places in news text, verify what it claims about them, map its events.

>>> import geo_events
>>> report = geo_events.analyze("Heet, 140km west of Baghdad ...", published="2016-04-10")
>>> report.to_dict()["claims"][0]["verdict"]

Importing this package is cheap: the gazetteer, folium and geopandas load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .exceptions import (DependencyMissingError, GazetteerError, GeoEventsError, InputError,
                         RenderError)

if TYPE_CHECKING:
    from .document import Document, Mention
    from .gazetteer import Gazetteer
    from .geoparser import geoparse
    from .place import Candidate, Place
    from .report import Report, analyze

__all__ = [
    "__version__",
    "analyze",
    "geoparse",
    "Report",
    "Document",
    "Mention",
    "Place",
    "Candidate",
    "Gazetteer",
    "GeoEventsError",
    "InputError",
    "GazetteerError",
    "RenderError",
    "DependencyMissingError",
]

_LAZY = {
    "analyze": ".report", "Report": ".report", "geoparse": ".geoparser",
    "Document": ".document", "Mention": ".document", "Place": ".place",
    "Candidate": ".place", "Gazetteer": ".gazetteer",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geo_events' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
