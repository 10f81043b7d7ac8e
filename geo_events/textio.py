"""Reading article input: plain text, HTML (main-text extraction) or stdin, with clear errors.

Rules, in order: a size limit (default 20 MB, named in the error); binary content (NUL bytes
or mostly control characters) is rejected; invalid UTF-8 is decoded with U+FFFD replacement and
a warning says so; HTML goes through ``trafilatura`` main-text extraction (tags stripped as a
fallback); empty or whitespace-only text is rejected.
"""

from __future__ import annotations

import html as _html
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .exceptions import InputError

log = logging.getLogger(__name__)

__all__ = ["ArticleText", "read_article", "decode_article", "MAX_INPUT_BYTES"]

MAX_INPUT_BYTES = 20_000_000
_HTML_HINT = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<article|<p[ >]|<div)", re.I)


@dataclass(frozen=True, slots=True)
class ArticleText:
    text: str
    source: str  # file path or "-"
    title: str | None = None
    warnings: tuple[str, ...] = ()


def read_article(path: str | Path, *, max_bytes: int = MAX_INPUT_BYTES,
                 html: bool | None = None) -> ArticleText:
    """Read ``path`` (``"-"`` for stdin). ``html=None`` decides by suffix or content."""
    name = str(path)
    try:
        if name == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            p = Path(name)
            if p.is_dir():
                raise InputError(f"{name} is a folder; give a .txt or .html file "
                                 f"(or use `geo-events batch` for folders)")
            with open(p, "rb") as fh:
                data = fh.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from exc
    if html is None:
        html = name.lower().endswith((".html", ".htm")) or bool(_HTML_HINT.match(data[:512]))
    return decode_article(data, source=name, max_bytes=max_bytes, html=html)


def decode_article(data: bytes, *, source: str = "<bytes>", max_bytes: int = MAX_INPUT_BYTES,
                   html: bool = False) -> ArticleText:
    """Validate and decode raw bytes into article text."""
    if len(data) > max_bytes:
        raise InputError(f"{source}: larger than the {max_bytes:,}-byte input limit "
                         f"(raise it with --max-bytes)")
    if not data.strip():
        raise InputError(f"{source}: empty input, nothing to analyse")
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    if b"\x00" in sample or controls > len(sample) * 0.05:
        raise InputError(f"{source}: looks like a binary file, not text or HTML")
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", errors="replace")
        warnings.append(f"invalid UTF-8 at byte {exc.start}; undecodable bytes replaced "
                        f"with U+FFFD")
    title = None
    if html:
        text, title = _html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{source}: no article text found")
    for w in warnings:
        log.warning("%s: %s", source, w)
    return ArticleText(text=text, source=source, title=title, warnings=tuple(warnings))


def _html_to_text(markup: str) -> tuple[str, str | None]:
    title_match = re.search(r"<title[^>]*>(.*?)</title>", markup, re.I | re.S)
    title = _html.unescape(title_match.group(1)).strip() if title_match else None
    text = None
    try:
        import trafilatura

        text = trafilatura.extract(markup, include_comments=False, include_tables=False,
                                   favor_recall=True)
    except Exception as exc:  # trafilatura raises many types on odd markup
        log.info("main-text extraction failed (%s); stripping tags instead", exc)
    if not text:
        stripped = re.sub(r"(?is)<(script|style|noscript)[^>]*>.*?</\1>", " ", markup)
        stripped = re.sub(r"(?s)<[^>]+>", " ", stripped)
        text = re.sub(r"[ \t]+", " ", _html.unescape(stripped)).strip()
    return text, title or None
