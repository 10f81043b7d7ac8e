"""``geo-events batch INPUT --out DIR``: a whole corpus, in parallel, resumable."""

from __future__ import annotations

import argparse
import json
import os
import sys

from ..textio import MAX_INPUT_BYTES

EXIT_REJECTS = 1


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "batch", help="analyse a folder, JSONL or CSV corpus into reports, tables and a map",
        description="Analyse every document of INPUT (a folder of .txt/.html files, a JSONL "
        "file with text or html fields, or a CSV with a text column). Writes one JSON report "
        "per document, combined events (GeoJSON, CSV, GeoParquet), claims and places tables, "
        "an overview map and rejects.jsonl into DIR. Re-running skips finished documents. "
        "Exit 0 when every record was analysed, 1 when some were rejected (see "
        "rejects.jsonl), 2 when INPUT cannot be used.")
    p.add_argument("input", metavar="INPUT", help="folder, .jsonl or .csv file")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder")
    p.add_argument("--workers", "-j", type=int, default=None, metavar="N",
                   help=f"worker processes (default: number of cores, {os.cpu_count()})")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local process pool, or a dask.distributed cluster")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler to use, e.g. "
                   "tcp://10.0.0.5:8786 (default with --engine dask: a LocalCluster)")
    p.add_argument("--text-column", default="text", metavar="NAME",
                   help="CSV column holding the article text (default: text)")
    p.add_argument("--gazetteer", metavar="PATH", help="gazetteer index to use "
                   "(default: $GEO_EVENTS_GAZETTEER, else the user cache)")
    p.add_argument("--max-bytes", type=int, default=MAX_INPUT_BYTES,
                   help=f"reject documents larger than this (default {MAX_INPUT_BYTES:,})")
    p.add_argument("--offline-map", action="store_true",
                   help="inline the map's JavaScript and CSS (no CDN needed to view it)")
    p.add_argument("--no-resume", action="store_true",
                   help="re-analyse documents even when their report is already there")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ..batch import run_batch
    from ..exceptions import InputError

    if args.workers is not None and args.workers < 1:
        raise InputError("--workers must be at least 1")
    if args.scheduler and args.engine != "dask":
        raise InputError("--scheduler needs --engine dask")
    if args.engine == "dask" and args.verbose < 2:  # dask logs cluster chatter at INFO
        import logging

        logging.getLogger("distributed").setLevel(
            logging.ERROR if args.quiet else logging.WARNING)
    summary = run_batch(args.input, args.out, workers=args.workers, engine=args.engine,
                        scheduler=args.scheduler, gazetteer=args.gazetteer,
                        text_column=args.text_column, max_bytes=args.max_bytes,
                        offline_map=args.offline_map, resume=not args.no_resume,
                        progress=sys.stderr.isatty() and not args.quiet)
    if args.json:
        json.dump(summary.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif not args.quiet:
        for line in summary.lines():
            print(line)
        print(f"outputs    {args.out}")
    return EXIT_REJECTS if summary.rejects else 0
