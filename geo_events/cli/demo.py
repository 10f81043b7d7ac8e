"""``geo-events demo``: analyse the bundled sample article, write outputs/demo.html and print
the verification table. The one command a new user runs after installing, so its map is
self-contained by default: it opens with no network."""

from __future__ import annotations

import argparse
from pathlib import Path

SAMPLE_PUBLISHED = "2016-04-09"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="analyse the bundled sample article and write a map")
    p.add_argument("-o", "--output", default="outputs/demo.html", metavar="HTML",
                   help="where to write the map (default: outputs/demo.html)")
    p.add_argument("--online", action="store_true",
                   help="load Leaflet and OpenStreetMap tiles from the web instead of writing "
                        "a self-contained page (smaller file, needs a network to view)")
    p.add_argument("--gazetteer", metavar="PATH")
    p.set_defaults(func=run)


def sample_text() -> str:
    from importlib import resources

    return resources.files("geo_events").joinpath("data/heet_article.txt").read_text("utf-8")


def run(args: argparse.Namespace) -> int:
    from ..maps import save_map
    from ..report import analyze
    from ._common import open_gazetteer
    from .summary import print_summary

    gaz = open_gazetteer(args)
    report = analyze(sample_text(), published=SAMPLE_PUBLISHED, gazetteer=gaz,
                     id="sample:heet-offensive", title="Iraqi forces push into Heet (sample)")
    print_summary(report.to_dict())
    out = save_map(report, Path(args.output), offline=not args.online, gazetteer=gaz)
    print(f"map written to {out}")
    return 0
