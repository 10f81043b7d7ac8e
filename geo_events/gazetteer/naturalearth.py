"""Natural Earth 10m shapes for the index: admin-1 polygons, river lines and lakes.

Reads, from a folder the user downloaded (shapefile ``.shp``, zipped ``.zip`` or GeoJSON):

- ``ne_10m_admin_1_states_provinces``: each polygon is attached (geometry kind ``admin1``) to
  the admin-1 place already in the index, matched by ``gn_id`` (GeoNames id), then by
  ``gn_a1_code`` (``IQ.01``), then by name within the country; unmatched polygons become
  new ADM1 places.
- ``ne_10m_rivers_lake_centerlines``: lines merged per name (parts near each other), kind
  ``river``, feature H/STM; attached to a same-named river already in the index (the curated
  "Euphrates") when it lies near the line, else a new place at a point on the line.
- ``ne_10m_lakes``: polygons, kind ``lake``, feature H/LK (H/RSV for reservoirs).
"""

from __future__ import annotations

import json
import logging
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..exceptions import DependencyMissingError, GazetteerBuildError
from ..names import fold
from .schema import IndexWriter, PlaceRow

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

__all__ = ["add_natural_earth", "find_layers"]

LAYERS = {
    "admin1": "ne_10m_admin_1_states_provinces",
    "rivers": "ne_10m_rivers_lake_centerlines",
    "lakes": "ne_10m_lakes",
}
_EXTS = (".shp", ".geojson", ".json", ".zip")
_NEAR_DEG = 0.5  # parts of a same-named river/lake closer than this are one feature
_ATTACH_DEG = 1.0  # an existing same-named river point this close to the line is the river


def find_layers(folder: Path) -> dict[str, str]:
    """Layer role -> a path pyogrio can open (``/vsizip/...`` inside zips)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GazetteerBuildError(f"Natural Earth folder {folder} does not exist; download "
                                  "the 10m layers from https://www.naturalearthdata.com/")
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    out: dict[str, str] = {}
    for role, stem in LAYERS.items():
        # the plain layer first; the admin-1 variant with large lakes cut out also does
        stems = (stem, stem + "_lakes") if role == "admin1" else (stem,)
        for ext in _EXTS:
            hit = next((p for s in stems for p in files if p.name.lower() == s + ext), None)
            if hit is None:
                continue
            if ext == ".zip":
                try:
                    with zipfile.ZipFile(hit) as zf:
                        inner = next((n for n in zf.namelist()
                                      if n.lower().endswith((".shp", ".geojson"))), None)
                except zipfile.BadZipFile as exc:
                    raise GazetteerBuildError(f"{hit} is not a readable zip file ({exc})") \
                        from exc
                if inner is None:
                    continue
                out[role] = f"/vsizip/{hit}/{inner}"
            else:
                out[role] = str(hit)
            break
    if not out:
        raise GazetteerBuildError(
            f"no Natural Earth layer in {folder}: looked for "
            + ", ".join(f"{s}.shp/.zip/.geojson" for s in LAYERS.values()))
    return out


_FIELDS = ("name", "name_en", "name_alt", "gn_name", "woe_name", "gn_id", "gn_a1_code",
           "iso_a2", "iso_3166_2", "adm1_code", "featurecla")


def _read(path: str) -> tuple[list[dict[str, Any]], list[Any]]:
    """Records (lower-cased field names, the fields we use only) and shapely geometries."""
    try:
        import shapely
        from pyogrio import errors, raw
    except ImportError as exc:  # pragma: no cover - declared dependencies
        raise DependencyMissingError(f"reading Natural Earth files needs pyogrio and shapely "
                                     f"({exc}); pip install pyogrio shapely") from exc
    failures = (errors.DataSourceError, errors.DataLayerError, errors.FieldError,
                errors.GeometryError, errors.FeatureError, OSError)
    try:
        import pyogrio

        present = {str(f).lower(): str(f) for f in pyogrio.read_info(path)["fields"]}
        columns = [present[f] for f in _FIELDS if f in present]
        meta, _fids, wkb, fields = raw.read(path, columns=columns, force_2d=True)
    except failures as exc:
        raise GazetteerBuildError(f"cannot read Natural Earth layer {path}: {exc}") from exc
    crs = (meta.get("crs") or "").upper()
    if crs and crs not in ("EPSG:4326", "OGC:CRS84"):
        log.warning("%s is in %s; Natural Earth layers are expected in lon/lat WGS84", path, crs)
    names = [str(n).lower() for n in meta["fields"]]
    records = [dict(zip(names, (col[i] for col in fields))) for i in range(len(wkb))]
    return records, list(shapely.from_wkb(wkb))


def _text(rec: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = rec.get(key)
        if value is not None and str(value).strip() and str(value) != "nan":
            return str(value).strip()
    return ""


def _int(rec: dict[str, Any], key: str) -> int | None:
    try:
        value = int(float(rec.get(key)))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def _iso2(rec: dict[str, Any]) -> str | None:
    cc = _text(rec, "iso_a2")
    if re.fullmatch(r"[A-Z]{2}", cc):
        return cc
    code = _text(rec, "iso_3166_2")
    return code[:2] if re.match(r"[A-Z]{2}-", code) else None


def _names_by_key(writer: IndexWriter, codes: tuple[str, ...],
                  wanted: set[str]) -> dict[str, list[tuple[int, str | None, float, float]]]:
    """fold key -> [(pk, country, lat, lon)] of places with these feature codes, keys in
    ``wanted`` only (one pass over the names table, memory bounded by ``wanted``)."""
    writer.flush()
    marks = ",".join("?" * len(codes))
    out: dict[str, list[tuple[int, str | None, float, float]]] = defaultdict(list)
    # names drives the join (one scan, no index needed before finish()); places by rowid
    for key, pk, cc, lat, lon in writer.db.execute(
            "SELECT n.key, p.pk, p.country_code, p.lat, p.lon FROM names n "
            "CROSS JOIN places p ON p.pk = n.pk "
            f"WHERE n.key IN (SELECT value FROM json_each(?)) AND p.feature_code IN ({marks})",
            (json.dumps(sorted(wanted)), *codes)):
        if (pk, cc, lat, lon) not in out[key]:
            out[key].append((pk, cc, lat, lon))
    return out


def _add_admin1(writer: IndexWriter, path: str, progress: Progress) -> tuple[int, int]:
    import shapely

    progress(f"admin-1 polygons ({Path(path).name})")
    records, geoms = _read(path)
    wanted = {fold(_text(r, "name")) for r in records} | {
        fold(_text(r, "name_en")) for r in records}
    by_name = _names_by_key(writer, ("ADM1",), wanted)
    attached = created = 0
    shapes: dict[int, list[Any]] = {}
    for rec, geom in zip(records, geoms):
        if geom is None or geom.is_empty:
            continue
        name = _text(rec, "name", "name_en", "gn_name")
        cc = _iso2(rec)
        gn_id = _int(rec, "gn_id")
        a1 = _text(rec, "gn_a1_code") or None
        if a1 and not re.fullmatch(r"[A-Z]{2}\.\w+", a1):
            a1 = None
        pk = writer.pk_of(f"geonames:{gn_id}") if gn_id else None
        if pk is not None and writer.db.execute(
                "SELECT feature_class FROM places WHERE pk = ?", (pk,)).fetchone()[0] != "A":
            pk = None  # a gn_id pointing at a town, not an area
        if pk is None and a1:
            row = writer.db.execute("SELECT pk FROM admin WHERE code = ?", (a1,)).fetchone()
            pk = row[0] if row else None
        if pk is None and name:
            for key in (fold(name), fold(_text(rec, "name_en"))):
                hits = [h for h in by_name.get(key, ()) if cc is None or h[1] == cc]
                if len(hits) == 1:
                    pk = hits[0][0]
                    break
        if pk is None:
            if not name:
                continue
            point = shapely.point_on_surface(geom)
            alts = [_text(rec, k) for k in ("name_en", "name_alt", "gn_name", "woe_name",
                                             "iso_3166_2")]
            alts = [n for a in alts for n in a.split("|") if n]
            place_id = (f"geonames:{gn_id}" if gn_id else
                        f"naturalearth:{_text(rec, 'adm1_code') or fold(name)}")
            if writer.pk_of(place_id) is not None:
                place_id = f"naturalearth:{_text(rec, 'adm1_code') or fold(name)}:{created}"
            pk = writer.add(PlaceRow(id=place_id, source="naturalearth", name=name,
                                     lat=point.y, lon=point.x, country_code=cc,
                                     feature_class="A", feature_code="ADM1", admin1_code=a1,
                                     admin1=name), alts, admin_code=a1)
            if not pk:
                continue
            created += 1
        else:
            attached += 1
        shapes.setdefault(pk, []).append(geom)
    for pk, parts in shapes.items():  # a province in several records is one shape
        geom = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        writer.add_geometry(pk, "admin1", shapely.to_wkb(geom))
    return attached, created


def _clusters(geoms: list[Any]) -> list[list[Any]]:
    """Group geometries whose distance is below ``_NEAR_DEG`` (small lists: O(n^2))."""
    parent = list(range(len(geoms)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(geoms)):
        for j in range(i + 1, len(geoms)):
            if geoms[i].distance(geoms[j]) < _NEAR_DEG:
                parent[root(i)] = root(j)
    groups: dict[int, list[Any]] = defaultdict(list)
    for i, g in enumerate(geoms):
        groups[root(i)].append(g)
    return [groups[k] for k in sorted(groups)]


def _add_water(writer: IndexWriter, path: str, kind: str, progress: Progress) -> tuple[int, int]:
    import shapely

    progress(f"{kind}s ({Path(path).name})")
    records, geoms = _read(path)
    parts: dict[str, list[Any]] = defaultdict(list)
    spelled: dict[str, tuple[str, set[str], str]] = {}
    for rec, geom in zip(records, geoms):
        name = _text(rec, "name", "name_en")
        if not name or geom is None or geom.is_empty:
            continue
        key = fold(name)
        parts[key].append(geom)
        cla = _text(rec, "featurecla").lower()
        fcode = "STM" if kind == "river" else ("RSV" if "reservoir" in cla else "LK")
        prev = spelled.get(key, (name, set(), fcode))
        extra = {_text(rec, "name_en"), _text(rec, "name_alt")} - {"", name}
        spelled[key] = (prev[0], prev[1] | extra, prev[2])
    codes = ("STM", "STMS", "STMI", "STMA") if kind == "river" else ("LK", "LKS", "RSV",
                                                                       "LKI", "LKN")
    existing = _names_by_key(writer, codes, set(parts))
    attached = created = 0
    used: set[int] = set()
    for key in sorted(parts):
        name, alts, fcode = spelled[key]
        for i, group in enumerate(_clusters(parts[key])):
            geom = shapely.union_all(group)
            if kind == "river":
                geom = shapely.line_merge(geom) if geom.geom_type == "MultiLineString" else geom
            point = shapely.point_on_surface(geom)
            pk = None
            best = _ATTACH_DEG
            for hit_pk, _cc, lat, lon in existing.get(key, ()):
                d = geom.distance(shapely.Point(lon, lat))
                if hit_pk not in used and d <= best:
                    pk, best = hit_pk, d
            if pk is None:
                suffix = f"-{i + 1}" if i else ""
                pk = writer.add(PlaceRow(
                    id=f"naturalearth:{kind}:{re.sub(r'[^a-z0-9]+', '-', key)}{suffix}",
                    source="naturalearth", name=name, lat=point.y, lon=point.x,
                    feature_class="H", feature_code=fcode), sorted(alts))
                if not pk:
                    continue
                created += 1
            else:
                attached += 1
            used.add(pk)
            writer.add_geometry(pk, kind, shapely.to_wkb(geom))
    return attached, created


def add_natural_earth(writer: IndexWriter, folder: Path, progress: Progress) -> dict:
    """Add the Natural Earth layers found in ``folder``; returns build metadata."""
    layers = find_layers(Path(folder))
    meta: dict[str, str] = {"natural_earth_layers": ",".join(
        f"{role}={Path(p).name}" for role, p in sorted(layers.items()))}
    if "admin1" in layers:
        att, new = _add_admin1(writer, layers["admin1"], progress)
        meta["natural_earth_admin1"] = f"{att} attached, {new} new"
    if "rivers" in layers:
        att, new = _add_water(writer, layers["rivers"], "river", progress)
        meta["natural_earth_rivers"] = f"{att} attached, {new} new"
    if "lakes" in layers:
        att, new = _add_water(writer, layers["lakes"], "lake", progress)
        meta["natural_earth_lakes"] = f"{att} attached, {new} new"
    writer.flush()
    return meta
