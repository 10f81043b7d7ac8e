"""One HTML page per report: the map, the claims verification table and the events table.
Every document string is escaped; the page is deterministic and, with ``offline``, needs no
network."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from . import assets
from .export import claim_rows, event_rows, place_rows
from .atomic import atomic_write
from .maps import VERDICT_COLORS, embed_fragment, esc, fmt, num, report_dicts

log = logging.getLogger(__name__)

__all__ = ["render_report_page", "save_report_page"]

_PAGE_CSS = """
body{font:14px/1.5 system-ui,sans-serif;color:#1a202c;margin:0 auto;max-width:1100px;
 padding:16px}
h1{font-size:22px;margin:4px 0}h2{font-size:17px;margin:22px 0 6px}
.meta{color:#4a5568}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e2e8f0;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f7fafc}
.verdict{font-weight:600;white-space:nowrap}
.num{text-align:right;white-space:nowrap}
.ge-map{border:1px solid #cbd5e0}
footer{color:#718096;font-size:12px;margin-top:24px}
"""


def _cell(value: Any, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<td{attr}>{esc('' if value is None else value)}</td>"


def _claims_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>No spatial claims found.</p>"
    out = ["<table><thead><tr><th>Verdict</th><th>Claim</th><th>Stated</th><th>Measured</th>"
           "<th>Explanation</th></tr></thead><tbody>"]
    for r in rows:
        verdict = str(r["verdict"] or "unverifiable")
        color = VERDICT_COLORS.get(verdict, "#888888")
        stated = " ".join(str(x) for x in (
            fmt(num(r["stated_value"])) if num(r["stated_value"]) is not None else None,
            r["stated_unit"], r["stated_direction"]) if x)
        measured = " ".join(str(x) for x in (
            f"{fmt(num(r['measured_km']))} km" if num(r["measured_km"]) is not None else None,
            f"{fmt(num(r['measured_bearing_deg']))}°"
            if num(r["measured_bearing_deg"]) is not None else None,
            r["measured_direction"]) if x)
        out.append(f'<tr><td class="verdict" style="color:{color}">{esc(verdict)}</td>'
                   f"{_cell(r['text'])}{_cell(stated, 'num')}{_cell(measured, 'num')}"
                   f"{_cell(r['explanation'])}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _events_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>No events found.</p>"
    out = ["<table><thead><tr><th>Date</th><th>Type</th><th>Location</th><th>Actors</th>"
           "<th>Fatalities</th><th>Sentence</th></tr></thead><tbody>"]
    for r in rows:
        kind = r["event_type"] or ""
        if r["sub_event_type"]:
            kind += f" — {r['sub_event_type']}"
        actors = " vs ".join(str(a) for a in (r["actor1"], r["actor2"]) if a)
        out.append(f"<tr>{_cell(r['date'])}{_cell(kind)}{_cell(r['location'])}"
                   f"{_cell(actors)}{_cell(r['fatalities'], 'num')}{_cell(r['sentence'])}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _places_table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>No places resolved.</p>"
    out = ["<table><thead><tr><th>Place</th><th>Kind</th><th>Admin / country</th>"
           "<th>Lat, lon</th><th>Mentions</th></tr></thead><tbody>"]
    for r in rows:
        where = ", ".join(str(x) for x in (r["admin1"], r["country_code"]) if x)
        latlon = f"{r['lat']:.5f}, {r['lon']:.5f}"
        out.append(f"<tr>{_cell(r['name'])}{_cell(r['kind'])}{_cell(where)}"
                   f"{_cell(latlon, 'num')}"
                   f"{_cell(r['mentions'], 'num')}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def render_report_page(report: Any, *, offline: bool = False, gazetteer: Any = None,
                       height: int = 520) -> str:
    """A standalone HTML report: title, map, claims verification, events and places tables."""
    reps = report_dicts(report)
    doc = reps[0].get("document") or {} if len(reps) == 1 else {}
    title = doc.get("title") or doc.get("id") or "geo-events report"
    meta = " · ".join(x for x in (
        f"published {esc(doc.get('published'))}" if doc.get("published") else "",
        f"{len(reps)} documents" if len(reps) > 1 else "",
    ) if x)
    claims, events, places = claim_rows(reps), event_rows(reps), place_rows(reps)
    counts: dict[str, int] = {}
    for c in claims:
        counts[str(c["verdict"])] = counts.get(str(c["verdict"]), 0) + 1
    summary = ", ".join(f"{n} {esc(v)}" for v, n in sorted(counts.items())) or "none"
    fragment = embed_fragment(reps, gazetteer=gazetteer, offline=offline, height=height)
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{esc(title)}</title>\n<style>{_PAGE_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{esc(title)}</h1>\n<p class=\"meta\">{meta}</p>\n{fragment}"
        f"<h2>Spatial claims ({len(claims)}: {summary})</h2>\n{_claims_table(claims)}\n"
        f"<h2>Events ({len(events)})</h2>\n{_events_table(events)}\n"
        f"<h2>Places ({len(places)})</h2>\n{_places_table(places)}\n"
        "<footer>Made with geo-events. Places: GeoNames (CC BY 4.0). "
        "Borders: Natural Earth.</footer>\n</body>\n</html>\n")
    if offline:
        assets.check_offline(page)
    return page


def save_report_page(report: Any, path: str | os.PathLike[str], *, offline: bool = False,
                     gazetteer: Any = None) -> Path:
    """Render and write the report page atomically."""
    return atomic_write(path, render_report_page(report, offline=offline, gazetteer=gazetteer))
