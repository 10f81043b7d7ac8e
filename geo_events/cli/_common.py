"""Pieces every article subcommand shares: input arguments, reading, JSON output."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..textio import MAX_INPUT_BYTES, ArticleText, read_article


def add_input_args(p: argparse.ArgumentParser, *, json_flag: bool = True) -> None:
    p.add_argument("file", metavar="FILE", help="article as .txt or .html, or - for stdin")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="the article's publication date")
    p.add_argument("--gazetteer", metavar="PATH", help="gazetteer index to use "
                   "(default: $GEO_EVENTS_GAZETTEER, else the user cache)")
    p.add_argument("--max-bytes", type=int, default=MAX_INPUT_BYTES,
                   help=f"refuse inputs larger than this (default {MAX_INPUT_BYTES:,})")
    if json_flag:
        p.add_argument("--json", action="store_true", help="print the contract JSON")


def read_input(args: argparse.Namespace) -> ArticleText:
    return read_article(args.file, max_bytes=args.max_bytes)


def open_gazetteer(args: argparse.Namespace):
    from ..gazetteer import Gazetteer

    return Gazetteer.open(getattr(args, "gazetteer", None), quiet=getattr(args, "quiet", False))


def doc_id(article: ArticleText) -> str | None:
    return None if article.source == "-" else article.source


def geoparse_input(args: argparse.Namespace, gazetteer: Any):
    """Read FILE (or stdin) and geoparse it: the first step of places, verify and events."""
    from ..geoparser import geoparse

    article = read_input(args)
    return geoparse(article.text, gazetteer=gazetteer, published=args.published,
                    id=doc_id(article), title=article.title)


def analyze_input(args: argparse.Namespace, gazetteer: Any):
    """Read FILE (or stdin) and run the whole analysis (places, claims, events)."""
    from ..report import analyze

    article = read_input(args)
    return analyze(article.text, published=args.published, gazetteer=gazetteer,
                   id=doc_id(article), title=article.title)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
