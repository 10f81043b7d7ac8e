"""Exports of a report's events: ACLED-style CSV rows and GeoJSON features.

Both work from ``report.to_dict()`` (or ``{"document", "events"}`` as printed by
``geo-events events --json``), so renderers and batch jobs reuse them without re-parsing text.

ACLED columns written (the ones that apply to one article): ``event_id_cnty`` (document id or
``doc`` + ``-`` + index), ``event_date``, ``year``, ``time_precision``, ``event_type``,
``sub_event_type``, ``actor1``, ``assoc_actor_1``, ``actor2``, ``country``, ``admin1``,
``admin2``, ``location``, ``latitude``, ``longitude``, ``geo_precision``, ``source`` (the
document's title or id, as ACLED names the outlet; the reported speaker goes to ``notes``),
``notes`` (the evidence sentences), ``fatalities`` (empty fatalities are written as 0, as
ACLED does), plus our
``wounded``, ``attacks``, ``displaced``. Cells that start with ``= + - @`` get a leading
apostrophe so spreadsheets do not evaluate text from the article.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Mapping
from typing import IO, Any

log = logging.getLogger(__name__)

__all__ = ["ACLED_COLUMNS", "acled_rows", "write_acled_csv", "event_features",
           "feature_collection"]

ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "wounded", "attacks", "displaced",
)


def _country_name(code: str | None) -> str | None:
    if not code:
        return None
    try:
        import pycountry

        c = pycountry.countries.get(alpha_2=code.upper())
    except (ImportError, LookupError, KeyError):
        return code
    if c is None:
        return code
    return getattr(c, "common_name", None) or c.name


def _location_fields(loc: Mapping[str, Any]) -> dict[str, Any]:
    place = loc.get("place") or {}
    code = loc.get("country_code") or place.get("country_code")
    country = loc.get("country") or _country_name(code)
    kind = place.get("kind")
    name = place.get("name") or loc.get("text")
    return {
        "country": country,
        "admin1": loc.get("admin1") or (place.get("admin1") if kind != "country" else None),
        "admin2": loc.get("admin2") or place.get("admin2"),
        "location": name,
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
        "geo_precision": loc.get("geo_precision"),
    }


def _notes(event: Mapping[str, Any]) -> str:
    sentences = event.get("evidence") or [event.get("sentence") or ""]
    parts = [" ".join(s.split()) for s in sentences if s and s.strip()]
    text = " ".join(p if p[-1] in ".!?\"'”’" else p + "." for p in parts)
    if event.get("source"):
        text += f" [according to {event['source']}]"
    extra = event.get("notes")
    return f"{text} [{extra}]" if extra else text


def acled_rows(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One ACLED-style row per event of a report dict, in the report's event order."""
    doc = report.get("document") or {}
    doc_id = doc.get("id") or "doc"
    rows = []
    for i, e in enumerate(report.get("events") or (), start=1):
        date = e.get("date")
        row = {
            "event_id_cnty": f"{doc_id}-{i}",
            "event_date": date,
            "year": int(date[:4]) if date else None,
            "time_precision": e.get("time_precision"),
            "event_type": e.get("event_type"),
            "sub_event_type": e.get("sub_event_type"),
            "actor1": e.get("actor1"),
            "assoc_actor_1": e.get("assoc_actor1"),
            "actor2": e.get("actor2"),
            **_location_fields(e.get("location") or {}),
            "source": doc.get("title") or doc.get("id") or e.get("source"),
            "notes": _notes(e),
            "fatalities": e.get("fatalities") or 0,
            "wounded": e.get("wounded"),
            "attacks": e.get("attacks"),
            "displaced": e.get("displaced"),
        }
        rows.append(row)
    return rows


def csv_safe(value: Any) -> Any:
    """Defuse spreadsheet formulas (CSV injection): a text cell starting with = + - @ or a
    control character gets a leading apostrophe. Every CSV writer in geo-events uses this."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    return "" if value is None else csv_safe(value)


def write_acled_csv(rows: Iterable[Mapping[str, Any]], fh: IO[str]) -> int:
    """Write rows (from :func:`acled_rows`) as CSV with a header; returns the row count."""
    writer = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS), extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in ACLED_COLUMNS})
        n += 1
    return n


def event_features(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    """GeoJSON (RFC 7946) Point features, ``[lon, lat]``, for events with a location;
    properties are the ACLED row plus the trigger and its offsets."""
    feats = []
    rows = acled_rows(report)
    for i, (row, e) in enumerate(zip(rows, report.get("events") or ())):
        loc = e.get("location") or {}
        lat, lon = loc.get("lat"), loc.get("lon")
        if lat is None or lon is None:
            continue
        props = {k: row[k] for k in ACLED_COLUMNS}
        props.update({"trigger": e.get("trigger"), "start": e.get("start"),
                      "end": e.get("end"), "location_rule": loc.get("rule")})
        feats.append({"type": "Feature", "id": row["event_id_cnty"],
                      "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                      "properties": props})
    return feats


def feature_collection(report: Mapping[str, Any]) -> dict[str, Any]:
    """The event features as one GeoJSON FeatureCollection."""
    return {"type": "FeatureCollection", "features": event_features(report)}
