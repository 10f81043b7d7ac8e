"""Query side of the gazetteer: a read-only SQLite index."""

from __future__ import annotations

import logging
from array import array
from bisect import bisect_left
import math
import os
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..exceptions import (REBUILD_HINT, GazetteerCorruptError, GazetteerNotFoundError,
                          GazetteerStaleError, InputError)
from ..names import MAX_NAME_CHARS, fold, loose
from ..place import Candidate, Place
from .schema import KIND_CURATED, KIND_LOOSE, SCHEMA_VERSION, key_hash

log = logging.getLogger(__name__)

__all__ = ["Gazetteer", "Containment"]

_COLS = ", ".join("p." + c for c in (
    "pk", "id", "source", "name", "lat", "lon", "country_code", "feature_class", "feature_code",
    "admin1_code", "admin1", "admin2", "population", "prior"))
_KNOWN_KEYS = 200_000  # has_key answers remembered (a few tens of MB at most)
_MATCH_WEIGHT = {"exact": 1.0, "alternate": 0.85, "normalised": 0.75}
_EARTH_KM = 6371.0088


@cache
def _ratio() -> Callable[[str, str], float]:
    from rapidfuzz.fuzz import ratio  # imported once, on the first alternate-name match

    return ratio


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Containment:
    """What a point lies in. ``method`` says how admin1 was found (polygon or nearest town)."""

    country: Place | None
    admin1: Place | None
    method: str


class Gazetteer:
    """An opened gazetteer index. Cheap to open, safe to share between threads.

    >>> gaz = Gazetteer.open()            # default index, built on first use
    >>> gaz.search("Heet")[0].place.name
    'Hīt'
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise GazetteerNotFoundError(f"no gazetteer index at {self.path}; {REBUILD_HINT}"
                                         f" (or set GEO_EVENTS_GAZETTEER)")
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                       check_same_thread=False)
            self._db.execute("PRAGMA query_only = 1")
            self._db.execute("PRAGMA mmap_size = 268435456")
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
        except sqlite3.DatabaseError as exc:
            raise GazetteerCorruptError(
                f"{self.path} is not a readable gazetteer index ({exc}); delete it and "
                f"{REBUILD_HINT}") from exc
        version = meta.get("schema_version")
        if version != str(SCHEMA_VERSION):
            self._db.close()
            raise GazetteerStaleError(
                f"{self.path} has schema version {version}, this geo-events needs "
                f"{SCHEMA_VERSION}; {REBUILD_HINT}")
        self.meta = meta
        self._lock = threading.Lock()
        self._geoms: dict[int, Any] = {}
        self._country_index: Any = None
        self._keyhash: Any = None
        self._known_keys: dict[str, bool] = {}
        self._cache: dict[tuple, tuple[Candidate, ...]] = {}  # results are immutable
        self._capitals: dict[tuple[str, str | None], Place | None] = {}
        self._towns: dict[tuple[str, str | None], tuple[Place, ...]] = {}

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, *, quiet: bool = True) -> Gazetteer:
        """Open the index from ``path``, ``$GEO_EVENTS_GAZETTEER`` or the user cache
        (building the default there on first use)."""
        from .build import ensure

        return cls(ensure(path, quiet=quiet))

    # -- plumbing ---------------------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getstate__(self) -> dict[str, str]:  # picklable for process pools / Dask
        return {"path": str(self.path)}

    def __setstate__(self, state: dict[str, str]) -> None:
        self.__init__(state["path"])  # type: ignore[misc]

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, args).fetchall()
            except sqlite3.DatabaseError as exc:
                raise GazetteerCorruptError(
                    f"{self.path} failed a query ({exc}); delete it and {REBUILD_HINT}") from exc

    @staticmethod
    def _place(row: tuple) -> Place:
        return Place(id=row[1], source=row[2], name=row[3], lat=row[4], lon=row[5],
                     country_code=row[6], feature_class=row[7], feature_code=row[8],
                     admin1_code=row[9], admin1=row[10], admin2=row[11], population=row[12])

    # -- lookups ----------------------------------------------------------------------
    def search(self, name: str, *, country: str | None = None, feature: str | None = None,
               near: tuple[float, float] | None = None, limit: int = 10,
               fuzzy: bool = True) -> list[Candidate]:
        """Ranked candidates for a name.

        ``country`` is an ISO alpha-2 code, ``feature`` a GeoNames feature class (``P``) or
        code (``PPLC``), ``near`` a (lat, lon) that boosts close candidates. Exact, alternate
        and normalised matches come first; fuzzy matching is a scored fallback.
        """
        if not isinstance(name, str):
            raise InputError(f"a place name must be text, got {type(name).__name__}")
        if near is not None:
            near = (float(near[0]), float(near[1]))
        args = (name, country, feature, near, limit, fuzzy)
        hit = self._cache.get(args)
        if hit is None:
            hit = self._search(name, country, feature, near, limit, fuzzy)
            if len(self._cache) >= 50_000:
                self._cache.clear()
            self._cache[args] = hit
        return list(hit)

    def _search(self, name: str, country: str | None, feature: str | None,
                near: tuple[float, float] | None, limit: int, fuzzy: bool
                ) -> tuple[Candidate, ...]:
        if len(name) > MAX_NAME_CHARS:
            return ()
        key, lkey = fold(name), loose(name)
        if not key:
            return ()
        rows = self._query(
            f"SELECT n.key, n.kind, n.name, {_COLS} FROM names n "
            "JOIN places p ON p.pk = n.pk WHERE n.key IN (?, ?)", (key, lkey))
        best: dict[int, tuple] = {}  # pk -> (score, row, match, matched name)
        for row in rows:
            nkey, kind, nname, prow = row[0], row[1], row[2], row[3:]
            if nkey == key and kind != KIND_LOOSE:
                match = "exact" if kind == 0 else "alternate"
            else:
                match = "normalised"
            # our curated spellings are asserted, so they weigh as an exact name
            weight = 1.0 if kind == KIND_CURATED else _MATCH_WEIGHT[match]
            if match == "alternate" and kind != KIND_CURATED:
                # a tie-break: an alternate that spells the primary name differently
                # (Slovyansk: Sloviansk) over a stray one (Nikopol)
                weight += 0.00005 * _ratio()(key, fold(prow[3]))
            self._offer(best, prow, match, nname or nkey, weight,
                        country, feature, near)
        if not best and fuzzy and len(key) >= 4:
            for fkey, ratio in self._fuzzy_keys(key):
                for row in self._query(
                        f"SELECT n.name, {_COLS} FROM names n "
                        "JOIN places p ON p.pk = n.pk WHERE n.key = ?", (fkey,)):
                    self._offer(best, row[1:], "fuzzy", row[0] or fkey, 0.75 * ratio,
                                country, feature, near)
        # Place and Candidate objects only for the ones returned (common names hit hundreds)
        top = sorted(best.values(), key=lambda t: (-t[0], t[1][1]))[:max(0, limit)]
        return tuple(Candidate(self._place(prow), score, match, matched)
                     for score, prow, match, matched in top)

    @staticmethod
    def _offer(best: dict[int, tuple], prow: tuple, match: str, matched: str,
               weight: float, country: str | None, feature: str | None,
               near: tuple[float, float] | None) -> None:
        if country and prow[6] != country.upper():
            return
        if feature and feature not in (prow[7], prow[8]):
            return
        score = 0.5 * weight + 0.5 * prow[13]
        if near is not None:
            km = _haversine_km(near[0], near[1], prow[4], prow[5])
            score += 0.3 / (1.0 + km / 100.0)
        pk = prow[0]
        if pk not in best or best[pk][0] < score:
            best[pk] = (score, prow, match, matched)

    def _fuzzy_keys(self, key: str) -> list[tuple[str, float]]:
        from rapidfuzz import fuzz, process

        n = len(key)
        buckets = [f"p{m}:{key[:2]}" for m in range(n - 2, n + 3)] + \
                  [f"s{m}:{key[-2:]}" for m in range(n - 2, n + 3)]
        rows = self._query(f"SELECT keys FROM fuzzy WHERE bucket IN "
                           f"({','.join('?' * len(buckets))})", tuple(buckets))
        pool = {k for (keys,) in rows for k in keys.split("\n")}
        found = process.extract(key, pool, scorer=fuzz.ratio, score_cutoff=80, limit=5)
        return [(k, s / 100.0) for k, s, _ in found]

    def has_key(self, key: str) -> bool:
        """Whether some name has this ``fold``/``loose`` key (in memory, no query; answers
        are remembered, as texts repeat their capitalised words)."""
        known = self._known_keys.get(key)
        if known is None:
            if len(self._known_keys) >= _KNOWN_KEYS:
                self._known_keys.clear()
            known = self._known_keys[key] = self._lookup_key(key)
        return known

    def _lookup_key(self, key: str) -> bool:
        if self._keyhash is None:
            rows = self._query("SELECT data FROM blobs WHERE name = 'keyhash'")
            hashes = array("Q")
            if rows:
                hashes.frombytes(rows[0][0])
            self._keyhash = hashes
        h = key_hash(key)
        i = bisect_left(self._keyhash, h)
        return i < len(self._keyhash) and self._keyhash[i] == h

    def get(self, place_id: str) -> Place | None:
        rows = self._query(f"SELECT {_COLS} FROM places p WHERE p.id = ?", (str(place_id),))
        return self._place(rows[0]) if rows else None

    def admin(self, code: str) -> Place | None:
        """The place for a GeoNames admin key: ``IQ`` (country), ``IQ.01`` (Anbar)..."""
        rows = self._query(f"SELECT {_COLS} FROM admin a "
                           "JOIN places p ON p.pk = a.pk WHERE a.code = ?", (code,))
        return self._place(rows[0]) if rows else None

    def nearest(self, lat: float, lon: float, *, limit: int = 1, feature: str | None = None,
                max_km: float = 300.0) -> list[tuple[Place, float]]:
        """Places closest to a point with their great-circle distance in km, closest first."""
        out: list[tuple[Place, float]] = []
        radius = 0.1
        while radius <= max_km / 111.0 * 2 + 0.1:
            dlon = radius / max(0.05, math.cos(math.radians(min(89.0, abs(lat)))))
            rows = self._query(
                f"SELECT {_COLS} FROM rtree r JOIN places p ON "
                "p.pk = r.pk WHERE r.minlat >= ? AND r.maxlat <= ? AND r.minlon >= ? AND "
                "r.maxlon <= ?", (lat - radius, lat + radius, lon - dlon, lon + dlon))
            out = [(self._place(r), _haversine_km(lat, lon, r[4], r[5])) for r in rows
                   if not feature or feature in (r[7], r[8])]
            out = [(p, km) for p, km in out if km <= max_km]
            if len(out) >= limit and (not out or sorted(km for _, km in out)[limit - 1]
                                      <= radius * 111.0 * 0.5):
                break
            radius *= 3
        out.sort(key=lambda pk: (round(pk[1], 3), pk[0].feature_class != "P", pk[0].id))
        return out[:limit]

    def geometry(self, place_id: str) -> Any | None:
        """The shapely geometry (lon/lat) of a place, or None when only a point is known."""
        rows = self._query("SELECT g.pk, g.wkb FROM geometry g JOIN places p ON p.pk = g.pk "
                           "WHERE p.id = ?", (place_id,))
        if not rows:
            return None
        pk, wkb = rows[0]
        if pk not in self._geoms:
            import shapely

            self._geoms[pk] = shapely.from_wkb(wkb)
        return self._geoms[pk]

    def shapes(self, kind: str = "country") -> list[tuple[Place, Any]]:
        """Every stored geometry of a kind (``country``, ``admin1``, ``river``, ``lake``) with
        its place, sorted by place id. Used by the offline basemap and the PNG renderer."""
        import shapely

        rows = self._query(f"SELECT g.wkb, {_COLS} FROM geometry g JOIN places p ON "
                           "p.pk = g.pk WHERE g.kind = ? ORDER BY p.id", (kind,))
        return [(self._place(r[1:]), shapely.from_wkb(r[0])) for r in rows]

    def capital(self, country_code: str, admin1_code: str | None = None) -> Place | None:
        """A country's capital (PPLC), or the seat (PPLA) of an admin-1 area; the most
        populous when the data lists several."""
        key = (country_code.upper(), admin1_code)
        if key not in self._capitals:
            code = "PPLA" if admin1_code else "PPLC"
            sql = (f"SELECT {_COLS} FROM places p WHERE p.country_code = ? AND "
                   "p.feature_code = ?" + (" AND p.admin1_code = ?" if admin1_code else "") +
                   " ORDER BY coalesce(p.population, 0) DESC, p.id LIMIT 1")
            args = (key[0], code, admin1_code) if admin1_code else (key[0], code)
            rows = self._query(sql, args)
            self._capitals[key] = self._place(rows[0]) if rows else None
        return self._capitals[key]

    def towns(self, country_code: str, admin1_code: str | None = None) -> list[Place]:
        """The populated places (feature class P) of a country, or of one of its admin-1
        areas, most populous first: the extent of an area the index has no polygon for."""
        key = (country_code.upper(), admin1_code)
        if key not in self._towns:
            sql = (f"SELECT {_COLS} FROM places p WHERE p.country_code = ? AND "
                   "p.feature_class = 'P'" + (" AND p.admin1_code = ?" if admin1_code else "") +
                   " ORDER BY coalesce(p.population, 0) DESC, p.id")
            rows = self._query(sql, key if admin1_code else key[:1])
            if len(self._towns) >= 256:
                self._towns.clear()
            self._towns[key] = tuple(self._place(r) for r in rows)
        return list(self._towns[key])

    def country(self, code: str) -> Place | None:
        return self.admin(code.upper()) if code else None

    def containing(self, lat: float, lon: float) -> Containment:
        """Country and admin-1 area of a point: by polygon where the index has one, else by
        the codes of the nearest town within 50 km (``method`` says which)."""
        import shapely

        if self._country_index is None:
            rows = self._query("SELECT g.pk, g.wkb, p.id FROM geometry g JOIN places p "
                               "ON p.pk = g.pk WHERE g.kind IN ('country', 'admin1')")
            geoms = [shapely.from_wkb(r[1]) for r in rows]
            shapely.prepare(geoms)
            self._country_index = (shapely.STRtree(geoms), geoms, [r[2] for r in rows])
        tree, geoms, ids = self._country_index
        point = shapely.Point(lon, lat)
        hits = [ids[i] for i in tree.query(point, predicate="intersects")]
        places = [p for p in (self.get(i) for i in sorted(hits)) if p]
        country = next((p for p in places if p.kind == "country"), None)
        admin1 = next((p for p in places if p.kind == "admin1"), None)
        method = "polygon"
        if admin1 is None or country is None:
            # a coastal town can sit just outside a 10m polygon (Lahaina, Suva): its country
            # is then the nearest town's, as its admin-1 area is without admin polygons
            method = "nearest-town"
            for town, _km in self.nearest(lat, lon, limit=5, feature="P", max_km=50):
                if country is None and town.country_code:
                    country = self.country(town.country_code)
                if admin1 is None and town.admin1_code and (
                        country is None or town.country_code == country.country_code):
                    admin1 = self.admin(town.admin1_code)
                if admin1 and country:
                    break
        return Containment(country, admin1, method)

    def info(self) -> dict[str, Any]:
        counts = dict(self._query("SELECT kind, count(*) FROM geometry GROUP BY kind"))
        return {"path": str(self.path), "size_mb": round(self.path.stat().st_size / 1e6, 1),
                **self.meta, "geometries": counts}
