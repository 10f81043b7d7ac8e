"""The SQLite index: schema, version, and the writer every builder shares.

One file, read-only at query time:

``places``   one row per entry (pk, stable ``id`` such as ``geonames:95788``), with ``prior``,
             a 0..1 prominence used to rank ties (feature kind and population).
``names``    (key, pk, kind): every name under its ``fold`` key, and under its ``loose`` key
             when that differs (kind 3). Kinds: 0 primary, 1 alternate, 2 curated, 3 loose.
``fuzzy``    distinct keys of prominent places in buckets ``p<len>:<first two letters>`` and
             ``s<len>:<last two letters>`` (one row per bucket, keys joined by newlines), so
             the scored fuzzy fallback reads a few rows instead of thousands.
``rtree``    an R*Tree over coordinates, for nearest().
``admin``    GeoNames admin keys (``IQ``, ``IQ.01``, ``IQ.01.95787``) -> pk.
``geometry`` WKB shapes (country polygons; admin-1 polygons, rivers and lakes from a
             Natural Earth pack) in lon/lat.
``blobs``    ``keyhash``: sorted 64-bit hashes of every name key, so the recogniser can test
             "is this word sequence a gazetteer name?" in memory without a query.
``meta``     schema version, build time, source versions.
"""

from __future__ import annotations

import hashlib
import math
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from ..names import fold, loose

# Bumped whenever the tables *or the default build's content* change, so a cached index from
# an older release is rebuilt rather than silently reused (5: conventional country points).
SCHEMA_VERSION = 5

DDL = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places(
    pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, country_code TEXT, feature_class TEXT,
    feature_code TEXT, admin1_code TEXT, admin1 TEXT, admin2 TEXT, population INTEGER,
    prior REAL NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, pk INTEGER NOT NULL, kind INTEGER NOT NULL, name TEXT);
CREATE TABLE admin(code TEXT PRIMARY KEY, pk INTEGER NOT NULL);
CREATE TABLE geometry(pk INTEGER PRIMARY KEY, kind TEXT NOT NULL, wkb BLOB NOT NULL);
CREATE TABLE blobs(name TEXT PRIMARY KEY, data BLOB NOT NULL);
CREATE VIRTUAL TABLE rtree USING rtree(pk, minlat, maxlat, minlon, maxlon);
"""

INDEXES = """
CREATE INDEX names_key ON names(key, kind);
CREATE INDEX places_code ON places(country_code, feature_code);
CREATE TEMP TABLE fuzzy_keys AS SELECT DISTINCT n.key AS key FROM names n
    JOIN places p ON p.pk = n.pk
    WHERE p.prior >= 0.45 AND length(n.key) >= 4 AND n.key NOT GLOB '*[^a-z ]*';
CREATE TABLE fuzzy(bucket TEXT PRIMARY KEY, keys TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO fuzzy SELECT bucket, group_concat(key, char(10)) FROM (
    SELECT 'p' || length(key) || ':' || substr(key, 1, 2) AS bucket, key FROM fuzzy_keys
    UNION ALL
    SELECT 's' || length(key) || ':' || substr(key, -2) AS bucket, key FROM fuzzy_keys
) GROUP BY bucket;
DROP TABLE fuzzy_keys;
INSERT INTO rtree SELECT pk, lat, lat, lon, lon FROM places;
"""

KIND_PRIMARY, KIND_ALTERNATE, KIND_CURATED, KIND_LOOSE = 0, 1, 2, 3


def key_hash(key: str) -> int:
    """Stable 64-bit hash of a name key (stored in the index, so never Python's hash())."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")

_CODE_PRIOR = {
    "CONT": 0.9, "PCLI": 1.0, "PCLD": 0.9, "PCLF": 0.9, "PCLS": 0.85, "PCL": 0.9, "PCLIX": 0.8,
    "TERR": 0.8,
    "ADM1": 0.7, "ADM2": 0.45, "ADM3": 0.3,
    "PPLC": 0.95, "PPLA": 0.7, "PPLA2": 0.5, "PPLA3": 0.4, "PPLA4": 0.35, "PPLG": 0.6,
    "AIRB": 0.45, "AIRP": 0.3, "STM": 0.55, "LK": 0.5,
}


def prior(feature_class: str | None, feature_code: str | None, population: int | None) -> float:
    """Prominence in 0..1: the stronger of feature rank and log-population (10M -> 1)."""
    by_code = _CODE_PRIOR.get(feature_code or "", 0.2 if feature_class == "P" else 0.1)
    by_pop = min(1.0, math.log10(population + 1) / 7.0) if population else 0.0
    if feature_code == "ADM1":  # a province ranks below a same-named city of any size
        by_pop *= 0.85
    elif feature_code == "ADM2":  # the larger of the many Henry Counties, below its towns
        by_pop *= 0.7
    elif feature_class == "A" and feature_code != "PCLI":
        by_pop = 0.0
    return round(max(by_code, by_pop * 0.95) + 0.05 * by_pop, 5)


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """A place as builders hand it to the writer."""

    id: str
    source: str
    name: str
    lat: float
    lon: float
    country_code: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    admin1_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    population: int | None = None


class IndexWriter:
    """Streams places and names into a fresh index file in batches (bounded memory)."""

    BATCH = 20000

    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                              "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-200000;")
        self.db.executescript(DDL)
        self._places: list[tuple] = []
        self._names: list[tuple] = []
        self._next_pk = 1
        self.count = 0

    def add(self, row: PlaceRow, names: Iterable[str] = (), *, admin_code: str | None = None,
            population_for_prior: int | None = None) -> int:
        lat, lon = float(row.lat), float(row.lon)
        if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
            return 0
        pk = self._next_pk
        self._next_pk += 1
        self.count += 1
        pop = row.population if population_for_prior is None else population_for_prior
        self._places.append((pk, row.id, row.source, row.name, lat, lon, row.country_code,
                             row.feature_class, row.feature_code, row.admin1_code, row.admin1,
                             row.admin2, row.population,
                             prior(row.feature_class, row.feature_code, pop)))
        self.add_names(pk, [row.name], KIND_PRIMARY)
        self.add_names(pk, names, KIND_ALTERNATE)
        if admin_code:
            self.db.execute("INSERT OR IGNORE INTO admin VALUES (?, ?)", (admin_code, pk))
        if len(self._places) >= self.BATCH or len(self._names) >= 5 * self.BATCH:
            self.flush()
        return pk

    def add_names(self, pk: int, names: Iterable[str], kind: int) -> None:
        seen: set[str] = set()
        for name in names:
            if not name or len(name) > 200:
                continue
            key = fold(name)
            if not key or key in seen:
                continue
            seen.add(key)
            # the spelling is kept only where the key does not already say it
            spelled = None if name.casefold() == key else name
            self._names.append((key, pk, kind, spelled))
            lkey = loose(name)
            if lkey and lkey != key and lkey not in seen:
                seen.add(lkey)
                self._names.append((lkey, pk, KIND_LOOSE, name))

    def pk_of(self, place_id: str) -> int | None:
        self.flush()
        row = self.db.execute("SELECT pk FROM places WHERE id = ?", (place_id,)).fetchone()
        return row[0] if row else None

    def add_geometry(self, pk: int, kind: str, wkb: bytes) -> None:
        self.db.execute("INSERT OR REPLACE INTO geometry VALUES (?, ?, ?)", (pk, kind, wkb))

    def flush(self) -> None:
        if self._places:
            self.db.executemany(f"INSERT INTO places VALUES ({','.join('?' * 14)})", self._places)
            self._places.clear()
        if self._names:
            self.db.executemany("INSERT INTO names VALUES (?, ?, ?, ?)", self._names)
            self._names.clear()

    def finish(self, meta: dict[str, str]) -> None:
        self.flush()
        self.db.executescript(INDEXES)
        self.db.execute("INSERT INTO blobs VALUES ('keyhash', ?)", (self._keyhash(),))
        meta = {**meta, "schema_version": str(SCHEMA_VERSION), "places": str(self.count)}
        self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(meta.items()))
        self.db.commit()
        self.db.execute("ANALYZE")
        self.db.commit()
        self.db.execute("VACUUM")
        self.db.close()

    def _keyhash(self) -> bytes:
        import numpy as np

        keys = self.db.execute("SELECT DISTINCT key FROM names")
        hashes = np.fromiter((key_hash(k) for (k,) in keys), dtype=np.uint64)
        hashes.sort()
        return hashes.tobytes()

    def abort(self) -> None:
        self.db.close()
