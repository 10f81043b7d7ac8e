"""``geo-events map FILE|- -o outputs/NAME.html [--offline] [--png] [--geojson]``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..exceptions import InputError
from ._common import add_input_args, analyze_input, open_gazetteer


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("map", help="an interactive HTML map of an article (or report JSON)")
    add_input_args(p, json_flag=False)
    p.add_argument("-o", "--output", required=True, metavar="PATH.html",
                   help="where to write the map page")
    p.add_argument("--offline", action="store_true",
                   help="inline every script and a vector basemap: opens with no network")
    p.add_argument("--png", action="store_true", help="also write a static PNG beside it")
    p.add_argument("--geojson", action="store_true", help="also write GeoJSON beside it")
    p.set_defaults(func=run)


def load_report(args: argparse.Namespace, gaz: Any) -> dict[str, Any] | list[dict[str, Any]]:
    """The contract dict: read from a report ``.json`` file, else analyse the article."""
    if str(args.file).endswith(".json"):
        try:
            data = json.loads(Path(args.file).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read report JSON {args.file}: {exc}") from exc
        if not isinstance(data, (dict, list)):
            raise InputError(f"{args.file} is not a geo-events report")
        return data
    return analyze_input(args, gaz).to_dict()


def run(args: argparse.Namespace) -> int:
    from ..maps import save_map

    gaz = open_gazetteer(args)
    data = load_report(args, gaz)
    out = Path(args.output)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"--output should end in .html, got {out}")
    written = [save_map(data, out, offline=args.offline, gazetteer=gaz)]
    if args.png:
        from ..static import render_png

        written.append(render_png(data, out.with_suffix(".png"), gazetteer=gaz))
    if args.geojson:
        from ..export import write_geojson

        written.append(write_geojson(data, out.with_suffix(".geojson")))
    if not args.quiet:
        for path in written:
            print(path)
    return 0
