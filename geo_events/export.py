"""Exports of reports as GeoJSON (RFC 7946, ``[lon, lat]``), CSV tables, GeoPackage and
GeoParquet. Works from contract dicts only; every write is atomic (temp file + rename)."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from .acled import csv_safe
from .exceptions import DependencyMissingError, RenderError
from .atomic import atomic_write
from .maps import (claim_estimate, event_location, latlon, num, place_kind, report_dicts)

log = logging.getLogger(__name__)

__all__ = ["to_geojson", "write_geojson", "write_csv", "event_rows", "claim_rows",
           "place_rows", "write_geopackage", "write_geoparquet", "TABLES"]

EVENT_COLUMNS = ("document_id", "event_type", "sub_event_type", "date", "time_precision",
                 "location", "place_id", "place_name", "lat", "lon", "geo_precision", "actor1",
                 "actor2", "fatalities", "wounded", "attacks", "displaced", "trigger", "start",
                 "end", "sentence")
CLAIM_COLUMNS = ("document_id", "kind", "verdict", "text", "target", "target_place_id",
                 "target_lat", "target_lon", "target_estimated", "estimate_radius_km",
                 "reference", "reference_place_id", "reference_lat", "reference_lon",
                 "stated_value", "stated_unit", "stated_km", "stated_direction",
                 "stated_qualifier", "measured_km", "measured_bearing_deg",
                 "measured_direction", "explanation", "start", "end")
PLACE_COLUMNS = ("document_id", "place_id", "name", "lat", "lon", "kind", "country_code",
                 "admin1", "feature_class", "feature_code", "population", "mentions")


def _doc_id(rep: dict[str, Any]) -> str | None:
    doc = rep.get("document") or {}
    return doc.get("id") or doc.get("title")


def _coords(ll: tuple[float, float] | None) -> tuple[float | None, float | None]:
    return (ll[0], ll[1]) if ll else (None, None)


def event_rows(report_or_dicts: Any) -> list[dict[str, Any]]:
    """One flat row per event (ACLED-like columns)."""
    rows = []
    for rep in report_dicts(report_or_dicts):
        for ev in rep.get("events") or []:
            loc = ev.get("location") or {}
            place = loc.get("place") or {}
            lat, lon = _coords(event_location(ev))
            rows.append({"document_id": _doc_id(rep), **{k: ev.get(k) for k in EVENT_COLUMNS
                                                       if k in ev},
                         "location": loc.get("text"), "place_id": place.get("id"),
                         "place_name": place.get("name"), "lat": lat, "lon": lon,
                         "geo_precision": loc.get("geo_precision")})
    return [{k: r.get(k) for k in EVENT_COLUMNS} for r in rows]


def claim_rows(report_or_dicts: Any) -> list[dict[str, Any]]:
    """One flat row per spatial claim with its stated and measured values and verdict."""
    rows = []
    for rep in report_dicts(report_or_dicts):
        for c in rep.get("claims") or []:
            tgt, ref = c.get("target") or {}, c.get("reference") or {}
            st, me = c.get("stated") or {}, c.get("measured") or {}
            est = claim_estimate(c)
            tlat, tlon = _coords(latlon(tgt.get("place")) or (latlon(est) if est else None))
            rlat, rlon = _coords(latlon(ref.get("place")))
            rows.append({
                "document_id": _doc_id(rep), "kind": c.get("kind"), "verdict": c.get("verdict"),
                "text": c.get("text"), "target": tgt.get("text"),
                "target_place_id": (tgt.get("place") or {}).get("id"),
                "target_lat": tlat, "target_lon": tlon,
                "target_estimated": bool(tgt.get("estimated")),
                "estimate_radius_km": num(est.get("radius_km")) if est else None,
                "reference": ref.get("text"),
                "reference_place_id": (ref.get("place") or {}).get("id"),
                "reference_lat": rlat, "reference_lon": rlon,
                "stated_value": st.get("value"), "stated_unit": st.get("unit"),
                "stated_km": st.get("value_km"), "stated_direction": st.get("direction"),
                "stated_qualifier": st.get("qualifier"),
                "measured_km": me.get("distance_km"),
                "measured_bearing_deg": me.get("bearing_deg"),
                "measured_direction": me.get("direction"),
                "explanation": c.get("explanation"), "start": c.get("start"),
                "end": c.get("end")})
    return rows


def place_rows(report_or_dicts: Any) -> list[dict[str, Any]]:
    """One row per distinct resolved place per document, with its mention count."""
    rows = []
    for rep in report_dicts(report_or_dicts):
        seen: dict[str, dict[str, Any]] = {}
        for m in rep.get("places") or []:
            place = m.get("place")
            ll = latlon(place)
            if not ll:
                continue
            pid = str(place.get("id"))
            if pid in seen:
                seen[pid]["mentions"] += 1
                continue

            seen[pid] = {"document_id": _doc_id(rep), "place_id": pid, "name": place.get("name"),
                         "lat": ll[0], "lon": ll[1], "kind": place_kind(place),
                         "country_code": place.get("country_code"),
                         "admin1": place.get("admin1"),
                         "feature_class": place.get("feature_class"),
                         "feature_code": place.get("feature_code"),
                         "population": place.get("population"), "mentions": 1}
        rows += [seen[k] for k in sorted(seen)]
    return rows


TABLES = {"events": (event_rows, EVENT_COLUMNS), "claims": (claim_rows, CLAIM_COLUMNS),
          "places": (place_rows, PLACE_COLUMNS)}


def _point(ll: tuple[float, float]) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [ll[1], ll[0]]}


def to_geojson(report_or_dicts: Any) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: places and events as Points, claims as LineStrings
    from reference to target (Points when only one end is known). Coordinates ``[lon, lat]``;
    properties carry the table columns plus ``layer``."""
    feats: list[dict[str, Any]] = []
    for row in place_rows(report_or_dicts):
        feats.append({"type": "Feature", "geometry": _point((row["lat"], row["lon"])),
                      "properties": {"layer": "place", **row}})
    for row in event_rows(report_or_dicts):
        geom = _point((row["lat"], row["lon"])) if row["lat"] is not None else None
        feats.append({"type": "Feature", "geometry": geom,
                      "properties": {"layer": "event", **row}})
    for row in claim_rows(report_or_dicts):
        ends = [(row["reference_lon"], row["reference_lat"]), (row["target_lon"],
                                                               row["target_lat"])]
        known = [[lon, lat] for lon, lat in ends if lon is not None]
        if len(known) == 2 and known[0] != known[1]:
            geom: dict[str, Any] | None = {"type": "LineString", "coordinates": known}
        elif known:
            geom = {"type": "Point", "coordinates": known[-1]}
        else:
            geom = None
        feats.append({"type": "Feature", "geometry": geom,
                      "properties": {"layer": "claim", **row}})
    return {"type": "FeatureCollection", "features": feats}


def write_geojson(report_or_dicts: Any, path: str | os.PathLike[str]) -> Path:
    text = json.dumps(to_geojson(report_or_dicts), ensure_ascii=False, indent=1,
                      allow_nan=False)
    return atomic_write(path, text + "\n")


def write_csv(report_or_dicts: Any, path: str | os.PathLike[str], *,
              table: str = "events") -> Path:
    """Write the ``events``, ``claims`` or ``places`` table as UTF-8 CSV."""
    if table not in TABLES:
        raise RenderError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    rows_fn, columns = TABLES[table]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows_fn(report_or_dicts):
        writer.writerow({k: csv_safe(row.get(k)) for k in columns})
    return atomic_write(path, buf.getvalue())


def _frames(report_or_dicts: Any) -> dict[str, Any]:
    try:
        import geopandas as gpd
        import shapely
    except ImportError as exc:
        raise DependencyMissingError("GeoPackage/GeoParquet export needs geopandas: "
                                     "pip install geopandas pyarrow") from exc
    out = {}
    for feat_layer, table in (("place", "places"), ("event", "events"), ("claim", "claims")):
        feats = [f for f in to_geojson(report_or_dicts)["features"]
                 if f["properties"]["layer"] == feat_layer]
        columns = ["layer", *TABLES[table][1]]
        geoms = [shapely.geometry.shape(f["geometry"]) if f["geometry"] else None
                 for f in feats]
        records = [{k: f["properties"].get(k) for k in columns} for f in feats]
        frame = gpd.GeoDataFrame(records, columns=columns, geometry=geoms, crs="EPSG:4326")
        out[table] = frame
    return out


def _atomic_via(path: str | os.PathLike[str], writer) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # drivers want to create the file themselves
    try:
        writer(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except Exception as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, (DependencyMissingError, RenderError)):
            raise
        raise RenderError(f"cannot write {path}: {exc}") from exc
    return path


def write_geopackage(report_or_dicts: Any, path: str | os.PathLike[str]) -> Path:
    """A GeoPackage with layers ``places``, ``events`` and ``claims`` (empty ones skipped)."""
    frames = _frames(report_or_dicts)

    def write(tmp: str) -> None:
        wrote = False
        for name, frame in frames.items():
            if len(frame):
                frame.to_file(tmp, layer=name, driver="GPKG")
                wrote = True
        if not wrote:
            raise RenderError("nothing to export: the report has no places, events or claims")

    return _atomic_via(path, write)


def write_geoparquet(report_or_dicts: Any, path: str | os.PathLike[str], *,
                     table: str = "events") -> Path:
    """One table (``events``, ``claims`` or ``places``) as GeoParquet."""
    if table not in TABLES:
        raise RenderError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    frame = _frames(report_or_dicts)[table]
    return _atomic_via(path, lambda tmp: frame.to_parquet(tmp))
