"""``geo-events places FILE|-``: the places an article mentions, resolved."""

from __future__ import annotations

import argparse

from ._common import add_input_args, geoparse_input, open_gazetteer, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("places", help="find and resolve the places in an article")
    add_input_args(p)
    p.add_argument("--unresolved", action="store_true", help="also list unresolved mentions")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    doc = geoparse_input(args, open_gazetteer(args))
    if args.json:
        print_json(doc.to_dict())
        return 0
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(doc.mentions)} place mentions")
    for col in ("text", "offsets", "place", "country", "kind", "lat, lon", "score", "why"):
        table.add_column(col)
    for m in doc.mentions:
        if m.place is None and not args.unresolved:
            continue
        p = m.place
        table.add_row(m.text.replace("\n", " "), f"{m.start}-{m.end}",
                      p.name if p else "(unresolved)", p.country_code or "" if p else "",
                      p.kind if p else "", f"{p.lat:.4f}, {p.lon:.4f}" if p else "",
                      f"{m.score:.2f}", m.reason or "")
    Console(highlight=False).print(table)
    return 0
