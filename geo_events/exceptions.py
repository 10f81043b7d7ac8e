"""One exception root for everything geo-events raises on purpose.

    GeoEventsError
    ├── InputError (ValueError)            bad text, file, date, option: exit code 2
    ├── GazetteerError
    │   ├── GazetteerNotFoundError (FileNotFoundError)   no index where we looked
    │   ├── GazetteerStaleError                          index built by another schema
    │   ├── GazetteerCorruptError                        file is not a usable index
    │   └── GazetteerBuildError                          a source could not be read
    ├── GeometryMissingError (LookupError) a check needs shapes that are not installed
    ├── RenderError                        a map or report could not be written
    └── DependencyMissingError (ImportError) an optional extra is not installed

An unresolved place name is a result with a status, never an exception.
"""

from __future__ import annotations

__all__ = [
    "GeoEventsError",
    "InputError",
    "GazetteerError",
    "GazetteerNotFoundError",
    "GazetteerStaleError",
    "GazetteerCorruptError",
    "GazetteerBuildError",
    "GeometryMissingError",
    "RenderError",
    "DependencyMissingError",
]

REBUILD_HINT = "rebuild it with `geo-events gazetteer build`"


class GeoEventsError(Exception):
    """Root of every error geo-events raises on purpose."""


class InputError(GeoEventsError, ValueError):
    """The input (text, file, option) cannot be used; the message says why."""


class GazetteerError(GeoEventsError):
    """The gazetteer index cannot be built or used."""


class GazetteerNotFoundError(GazetteerError, FileNotFoundError):
    """No gazetteer index at the path that was looked up."""


class GazetteerStaleError(GazetteerError):
    """The index was built with a different schema version."""


class GazetteerCorruptError(GazetteerError):
    """The file exists but is not a readable gazetteer index."""


class GazetteerBuildError(GazetteerError):
    """A source for the gazetteer build is missing or malformed."""


class GeometryMissingError(GeoEventsError, LookupError):
    """A check needs a shape (province, river) that the installed gazetteer lacks."""


class RenderError(GeoEventsError):
    """A map, report or export could not be produced."""


class DependencyMissingError(GeoEventsError, ImportError):
    """An optional dependency is missing; the message names the extra to install."""
