"""``geo-events gazetteer info | build | lookup``."""

from __future__ import annotations

import argparse

from ._common import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gazetteer", help="build, inspect and query the offline gazetteer")
    gsub = p.add_subparsers(dest="gaz_command", metavar="ACTION", required=True)

    b = gsub.add_parser("build", help="build the index (default: from installed packages)")
    b.add_argument("--output", "-o", metavar="PATH",
                   help="where to write it (default: $GEO_EVENTS_GAZETTEER or the user cache)")
    b.add_argument("--geonames", metavar="DIR", help="import GeoNames dump files from DIR "
                   "(allCountries.zip or CC.zip/.txt, alternateNamesV2, admin1/admin2 codes, "
                   "countryInfo.txt)")
    b.add_argument("--natural-earth", metavar="DIR", help="add Natural Earth 10m admin-1 "
                   "polygons, rivers and lakes (shapefile or GeoJSON) from DIR")
    b.add_argument("--supplement", metavar="CSV", help="curated supplement to use instead of "
                   "the bundled gazetteer/supplement.csv")
    b.set_defaults(func=_build)

    i = gsub.add_parser("info", help="where the index is, its sources and counts")
    i.add_argument("--gazetteer", metavar="PATH")
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=_info)

    q = gsub.add_parser("lookup", help="ranked candidates for a place name")
    q.add_argument("name")
    q.add_argument("--country", metavar="CC", help="ISO 3166 alpha-2 filter")
    q.add_argument("--feature", metavar="CLASS|CODE", help="GeoNames feature class or code")
    q.add_argument("--limit", type=int, default=10)
    q.add_argument("--gazetteer", metavar="PATH")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=_lookup)


def _build(args: argparse.Namespace) -> int:
    from ..gazetteer import build

    build(args.output, geonames_dir=args.geonames, natural_earth_dir=args.natural_earth,
          supplement=args.supplement, quiet=args.quiet)
    return 0


def _info(args: argparse.Namespace) -> int:
    from ..gazetteer import Gazetteer

    with Gazetteer.open(args.gazetteer, quiet=args.quiet) as gaz:
        info = gaz.info()
    if args.json:
        print_json(info)
    else:
        for key, value in info.items():
            print(f"{key:>40}  {value}")
    return 0


def _lookup(args: argparse.Namespace) -> int:
    from ..exceptions import InputError
    from ..gazetteer import Gazetteer

    if not args.name.strip():
        raise InputError("give a non-empty place name")
    with Gazetteer.open(args.gazetteer, quiet=args.quiet) as gaz:
        found = gaz.search(args.name, country=args.country, feature=args.feature,
                           limit=args.limit)
    if args.json:
        print_json({"query": args.name, "candidates": [c.to_dict() for c in found]})
        return 0
    if not found:
        print(f"no match for {args.name!r}")
    for c in found:
        p = c.place
        print(f"{c.score:5.3f}  {p.name}  [{p.country_code or '--'} {p.feature_code or '?'}] "
              f"{p.lat:.5f},{p.lon:.5f}  admin1={p.admin1 or '-'}  pop={p.population or '-'}  "
              f"{c.match}:{c.matched_name}  {p.id}")
    return 0
