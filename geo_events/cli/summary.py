"""Human-readable tables of a report dict (places, claims, events) for the terminal."""

from __future__ import annotations

import sys
from typing import Any


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}{unit}"
    return f"{value}{unit}"


def print_summary(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    # a pipe or a file gets wide tables rather than rich's 80-column default
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    places = {}
    for m in data["places"]:
        if m["place"]:
            places.setdefault(m["place"]["id"], m)
    t = Table(title=f"Places ({len(places)} resolved)")
    for col in ("mention", "place", "country", "kind", "lat, lon"):
        t.add_column(col)
    for m in places.values():
        p = m["place"]
        t.add_row(m["text"].replace("\n", " "), p["name"], p["country_code"] or "",
                  p.get("kind") or "", f"{p['lat']:.4f}, {p['lon']:.4f}")
    console.print(t)

    t = Table(title=f"Spatial claims ({len(data['claims'])})")
    for col in ("claim", "stated", "measured", "verdict", "why"):
        t.add_column(col, overflow="fold")
    for c in data["claims"]:
        st, me = c["stated"], c["measured"]
        stated = " ".join(x for x in (_fmt(st.get("value_km"), " km") if st.get("value_km")
                                      is not None else "", st.get("direction") or "") if x)
        measured = " ".join(x for x in (
            _fmt(me.get("distance_km"), " km") if me.get("distance_km") is not None else "",
            f"{me['bearing_deg']:.0f}° {me.get('direction') or ''}"
            if me.get("bearing_deg") is not None else "") if x)
        t.add_row(c["text"].replace("\n", " "), stated or c["kind"], measured or "-",
                  c["verdict"], c["explanation"])
    console.print(t)

    t = Table(title=f"Events ({len(data['events'])})")
    for col in ("type", "where", "when", "actors", "killed", "wounded", "trigger"):
        t.add_column(col, overflow="fold")
    for e in data["events"]:
        loc = e["location"]
        t.add_row(f"{e['event_type']} / {e.get('sub_event_type') or '-'}",
                  (loc.get("place") or {}).get("name") or loc.get("text") or "-",
                  e.get("date") or "-",
                  " vs ".join(a for a in (e.get("actor1"), e.get("actor2")) if a) or "-",
                  _fmt(e.get("fatalities")), _fmt(e.get("wounded")), e["trigger"])
    console.print(t)
