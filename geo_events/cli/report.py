"""``geo-events report FILE|- -o report.html [--offline]``: map + claims + events tables."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import add_input_args, open_gazetteer


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="one HTML page: map, claims verification, events")
    add_input_args(p, json_flag=False)
    p.add_argument("-o", "--output", required=True, metavar="PATH.html")
    p.add_argument("--offline", action="store_true",
                   help="inline every script and a vector basemap: opens with no network")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..htmlreport import save_report_page
    from .map import load_report

    gaz = open_gazetteer(args)
    data = load_report(args, gaz)
    path = save_report_page(data, Path(args.output), offline=args.offline, gazetteer=gaz)
    if not args.quiet:
        print(path)
    return 0
