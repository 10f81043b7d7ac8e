"""Places: the gazetteer's values, and the ranked candidates a lookup returns."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Place", "Candidate", "feature_kind", "normalise_lon", "check_lat_lon"]

# Feature kinds a reader cares about, derived from GeoNames feature class/code.
_KIND_BY_CODE = {
    "PCLI": "country", "PCLD": "country", "PCLF": "country", "PCLS": "country", "PCL": "country",
    "PCLIX": "country", "TERR": "country",
    "ADM1": "admin1", "ADM2": "admin2", "ADM3": "admin3", "ADM4": "admin3", "ADMD": "admin2",
    "AIRB": "airbase", "AIRP": "airport", "AIRF": "airport", "AIRH": "airport",
    "CONT": "continent", "RGN": "region", "STM": "river", "LK": "lake", "RSV": "lake",
}
_KIND_BY_CLASS = {"P": "city", "A": "admin2", "H": "water", "S": "site", "T": "terrain",
                  "L": "area", "V": "area", "R": "road", "U": "undersea"}


def feature_kind(feature_class: str | None, feature_code: str | None) -> str:
    """The coarse kind (``Place.kind``) of a GeoNames feature class and code."""
    return _KIND_BY_CODE.get(feature_code) or _KIND_BY_CLASS.get(feature_class, "place")


def normalise_lon(lon: float) -> float:
    """Wrap a longitude into [-180, 180)."""
    lon = ((lon + 180.0) % 360.0) - 180.0
    return 0.0 if lon == -0.0 else lon


def check_lat_lon(lat: float, lon: float) -> tuple[float, float]:
    """Validate a coordinate pair and return it with the longitude normalised."""
    lat = float(lat)
    lon = float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError(f"coordinates must be finite, got lat={lat!r} lon={lon!r}")
    if abs(lat) > 90.0:
        raise ValueError(f"latitude must be within [-90, 90], got {lat!r}")
    if lon == 180.0:
        return lat, 180.0
    return lat, normalise_lon(lon)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. Coordinates are WGS84 degrees, named, never positional."""

    id: str
    source: str
    name: str
    lat: float
    lon: float
    country_code: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    admin1: str | None = None  # admin1 name, e.g. "Al Anbar"
    population: int | None = None
    admin1_code: str | None = None  # GeoNames admin1 key, e.g. "IQ.01"
    admin2: str | None = None
    # a coarse feature kind: country, admin1, admin2, city, airbase, airport, river... (set
    # from the feature code and class; a field, not a property: ranking reads it a lot)
    kind: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lat, lon = check_lat_lon(self.lat, self.lon)
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "kind", feature_kind(self.feature_class, self.feature_code))
        if self.population is not None and self.population < 0:
            raise ValueError("population cannot be negative")

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``place`` object (plus ``admin1_code``, ``admin2`` and ``kind``)."""
        return {
            "id": self.id,
            "source": self.source,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country_code": self.country_code,
            "feature_class": self.feature_class,
            "feature_code": self.feature_code,
            "admin1": self.admin1,
            "population": self.population,
            "admin1_code": self.admin1_code,
            "admin2": self.admin2,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Place:
        names = cls.__slots__  # type: ignore[attr-defined]
        return cls(**{k: data[k] for k in names if k in data})


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name may refer to, with how well it matched and why."""

    place: Place
    score: float
    match: str  # "exact" | "alternate" | "normalised" | "fuzzy" (geoparser: "seat", "demonym")
    matched_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**self.place.to_dict(), "score": round(self.score, 4), "match": self.match,
                "matched_name": self.matched_name}
