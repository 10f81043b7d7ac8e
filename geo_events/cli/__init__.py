"""The ``geo-events`` command line. Each subcommand lives in its own module here and
registers itself through ``register(subparsers)``; this module only dispatches.

Exit codes: 0 ok, 1 findings the user asked to fail on (``--strict``; ``batch``: some records
were rejected), 2 usage or input errors.
Errors print one line on stderr; ``-v`` adds the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from .._version import __version__
from ..exceptions import GeoEventsError

log = logging.getLogger(__name__)

# subcommand modules, in --help order
COMMANDS = ("demo", "analyze", "places", "verify", "events", "map", "report", "batch", "serve",
            "gazetteer")

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, as argparse does
        self.exit(EXIT_USAGE, f"geo-events: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="geo-events",
                     description="Find, resolve and verify the geography of news text, offline.")
    parser.add_argument("--version", action="version", version=f"geo-events {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="more logging (-vv for debug); tracebacks on errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f".{name}", __name__).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.ERROR if args.quiet else (logging.WARNING, logging.INFO,
                                              logging.DEBUG)[min(args.verbose, 2)]
    logging.basicConfig(level=level, format="geo-events: %(levelname)s: %(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args) or 0)
    except GeoEventsError as exc:
        if args.verbose:
            log.exception("failed")
        print(f"geo-events: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("geo-events: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
