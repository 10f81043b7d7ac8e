"""``geo-events analyze FILE|-``: the whole report (places, claims, events)."""

from __future__ import annotations

import argparse

from ._common import add_input_args, analyze_input, open_gazetteer, print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="places, verified claims and events of an article")
    add_input_args(p)
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any spatial claim is inconsistent")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    report = analyze_input(args, open_gazetteer(args))
    data = report.to_dict()
    if args.json:
        print_json(data)
    else:
        from .summary import print_summary

        print_summary(data)
    inconsistent = any(c["verdict"] == "inconsistent" for c in data["claims"])
    return 1 if args.strict and inconsistent else 0
