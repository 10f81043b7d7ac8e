"""``geo-events events FILE|- [--json|--csv]``: the events an article reports, ACLED-style."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import add_input_args, geoparse_input, open_gazetteer, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("events", help="extract ACLED-style events (who, what, where, when, toll)")
    add_input_args(p, json_flag=False)
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help='print {"schema", "document", "places", "events"}')
    fmt.add_argument("--csv", action="store_true", help="print ACLED-style CSV rows")
    fmt.add_argument("--geojson", action="store_true", help="print a GeoJSON FeatureCollection")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..claims import extract_claims
    from ..events import extract_events

    gaz = open_gazetteer(args)
    doc, claims = extract_claims(geoparse_input(args, gaz), gaz)
    events = extract_events(doc, claims, gaz)
    data = {**doc.to_dict(), "events": [e.to_dict() for e in events]}
    if args.json:
        print_json(data)
        return 0
    from ..acled import acled_rows, feature_collection, write_acled_csv

    if args.csv:
        write_acled_csv(acled_rows(data), sys.stdout)
        return 0
    if args.geojson:
        print_json(feature_collection(data))
        return 0
    _table(events)
    return 0


def _table(events: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(events)} events")
    for col in ("date", "event", "where", "actors", "toll", "trigger"):
        table.add_column(col)

    def cell(v: Any) -> Text:  # Text, not markup: article text may contain [brackets]
        return Text("" if v is None else " ".join(str(v).split()))

    for e in events:
        loc = e.location
        where = loc.place.name if loc.place else (loc.text or "?")
        toll = ", ".join(f"{n} {k}" for k, n in (("killed", e.fatalities),
                                                 ("wounded", e.wounded),
                                                 ("attacks", e.attacks),
                                                 ("displaced", e.displaced)) if n is not None)
        table.add_row(cell(e.date.isoformat() if e.date else e.date_text),
                      cell(f"{e.event_type}: {e.sub_event_type}"),
                      cell(f"{where} (precision {loc.geo_precision}, {loc.rule})"),
                      cell(" vs ".join(a for a in (e.actor1, e.actor2) if a)),
                      cell(toll), cell(f"{e.trigger!r} @{e.start}"
                                       + (f", per {e.source}" if e.source else "")))
    Console(highlight=False).print(table)
