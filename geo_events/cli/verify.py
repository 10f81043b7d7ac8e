"""``geo-events verify FILE|-``: the spatial claims of an article, verified against geometry."""

from __future__ import annotations

import argparse

from ._common import add_input_args, geoparse_input, open_gazetteer, print_json

_STYLE = {"consistent": "green", "approximate": "yellow", "inconsistent": "bold red",
          "unverifiable": "dim"}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("verify", help="check what an article says about distances, "
                       "directions and containment")
    add_input_args(p)
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when any spatial claim is inconsistent")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..claims import extract_claims

    gaz = open_gazetteer(args)
    doc, claims = extract_claims(geoparse_input(args, gaz), gaz)
    if args.json:
        print_json({**doc.to_dict(), "claims": [c.to_dict() for c in claims]})
    else:
        _print_table(claims)
    inconsistent = any(c.verdict == "inconsistent" for c in claims)
    return 1 if args.strict and inconsistent else 0


def _print_table(claims) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{len(claims)} spatial claims")
    for col in ("claim", "stated", "measured", "error"):
        table.add_column(col)
    table.add_column("verdict", no_wrap=True, min_width=12)
    table.add_column("why", ratio=2)
    for c in claims:
        stated = []
        if c.value is not None:
            v = f"{c.value:g}" + (f"–{c.value_high:g}" if c.value_high is not None else "")
            stated.append(f"{c.qualifier + ' ' if c.qualifier else ''}{v} {c.unit}")
        if c.duration:
            stated.append(c.duration)
        if c.direction:
            stated.append(c.direction)
        if c.role:
            stated.append(c.role)
        if not stated:
            stated.append(c.relation or c.kind)
        measured = ""
        if c.measured_km is not None:
            measured = f"{c.measured_km:.1f} km"
            if c.measured_bearing is not None:
                measured += f" {c.measured_bearing:.0f}° {c.measured_direction}"
        error = ""
        if c.error_km is not None:
            error = f"{c.error_km:+.1f} km"
            if c.error_pct is not None:
                error += f" ({c.error_pct:.0f}%)"
        target = c.target_place.name if c.target_place else (c.target_text or "?")
        claim = f"{target}: {' '.join(c.text.split())}"
        why = c.reason or "; ".join(
            part for part in c.explanation.rsplit(":", 1)[0].split("; ")
            if not part.startswith(("stated ", "measured ", "error "))) or c.explanation
        style = _STYLE.get(c.verdict, "")
        table.add_row(escape(claim), escape(" ".join(stated)), measured, error,
                      f"[{style}]{c.verdict}[/]", escape(why))
    Console(highlight=False).print(table)
