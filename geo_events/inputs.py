"""Reading corpora for batch runs: a folder of .txt/.html files, a JSONL file or a CSV file.

``iter_records`` streams the input one record at a time and never stops on a bad record: it
yields a ``Record`` for every usable document and a ``Reject`` (where, and why) for everything
else. Size limits are checked before a record is read in full (file size from ``stat``, JSONL
lines read with a bounded ``readline``, CSV fields capped by the csv module), so a 100 MB
document costs a bounded amount of memory to reject. Only input that cannot be read at all (no
such file, a CSV without its text column) raises ``InputError``.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .exceptions import InputError
from .report import parse_date
from .textio import MAX_INPUT_BYTES, decode_article

log = logging.getLogger(__name__)

__all__ = ["Record", "Reject", "iter_records", "input_kind", "count_records", "safe_name",
           "TEXT_SUFFIXES"]

TEXT_SUFFIXES = (".txt", ".html", ".htm")
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Record:
    """One document to analyse. ``index`` is its position in the input (document order)."""

    index: int
    source: str  # where it came from: "dir/a.txt", "corpus.jsonl:12", "table.csv:row 3"
    id: str
    text: str
    published: str | None = None
    title: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        """Hash of everything the analysis depends on (text, id, title, date)."""
        h = hashlib.sha256()
        for part in (self.id, self.title or "", self.published or "", self.text):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    def payload(self) -> dict[str, str | None]:
        """The small picklable dict a worker needs."""
        return {"text": self.text, "id": self.id, "title": self.title,
                "published": self.published}


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be used, with the reason."""

    index: int
    source: str
    reason: str
    id: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {"index": self.index, "source": self.source, "id": self.id,
                "reason": self.reason}


def safe_name(doc_id: str) -> str:
    """A file-name-safe, collision-resistant stem for a document id."""
    stem = _SAFE.sub("_", doc_id).strip("._")[:80] or "doc"
    if stem != doc_id or len(doc_id) > 80:
        stem += "-" + hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return stem


def input_kind(path: str | os.PathLike[str]) -> str:
    """``"folder"``, ``"jsonl"`` or ``"csv"``; InputError for anything else."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file or folder")
    if p.is_dir():
        return "folder"
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv"):
        return "csv"
    raise InputError(f"{p}: give a folder of .txt/.html files, a .jsonl file or a .csv file")


def iter_records(path: str | os.PathLike[str], *, text_column: str = "text",
                 max_bytes: int = MAX_INPUT_BYTES) -> Iterator[Record | Reject]:
    """Stream records (and rejects) from a folder, JSONL or CSV input, in document order.

    Problems with the input as a whole (missing file, CSV without the text column) raise
    ``InputError`` here, before the first record is read.
    """
    kind = input_kind(path)
    p = Path(path)
    if kind == "csv":
        _csv_header(p, text_column)
    elif kind == "jsonl":
        try:
            open(p, "rb").close()
        except OSError as exc:
            raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from exc
    reader = {"folder": _folder, "jsonl": _jsonl, "csv": _csv}[kind]
    return _dedupe(reader(p, text_column=text_column, max_bytes=max_bytes))


def _dedupe(items: Iterator[Record | Reject]) -> Iterator[Record | Reject]:
    used: set[str] = set()
    for item in items:
        if isinstance(item, Record):
            doc_id = item.id
            if safe_name(doc_id) in used:  # duplicate ids would overwrite each other
                n = 2
                while safe_name(f"{doc_id}#{n}") in used:
                    n += 1
                log.warning("%s: duplicate id %r renamed to %r", item.source, doc_id,
                            f"{doc_id}#{n}")
                item = Record(item.index, item.source, f"{doc_id}#{n}", item.text,
                              item.published, item.title, item.url, item.warnings)
            used.add(safe_name(item.id))
        yield item


def count_records(path: str | os.PathLike[str]) -> int | None:
    """A cheap estimate of the number of records (for progress ETA), or None."""
    try:
        kind = input_kind(path)
        if kind == "folder":
            return sum(1 for _ in _folder_files(Path(path)))
        n, last = 0, b"\n"
        with open(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                n += chunk.count(b"\n")
                last = chunk[-1:]
        n += last != b"\n"  # a last line without its newline
        return max(0, n - 1) if kind == "csv" else n
    except (OSError, InputError):
        return None


# -- readers ---------------------------------------------------------------------------
def _folder_files(root: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(TEXT_SUFFIXES) and not name.startswith("."):
                yield Path(dirpath) / name


def _folder(root: Path, *, text_column: str, max_bytes: int) -> Iterator[Record | Reject]:
    for index, file in enumerate(_folder_files(root)):
        rel = file.relative_to(root).as_posix()
        try:
            size = file.stat().st_size
            if size > max_bytes:  # checked before reading: a huge file is never loaded
                raise InputError(f"{rel}: {size:,} bytes, larger than the {max_bytes:,}-byte "
                                 f"input limit (raise it with --max-bytes)")
            with open(file, "rb") as fh:
                data = fh.read(max_bytes + 1)
            art = decode_article(data, source=rel, max_bytes=max_bytes,
                                 html=file.suffix.lower() in (".html", ".htm"))
        except InputError as exc:
            yield Reject(index, rel, str(exc), rel)
            continue
        except OSError as exc:
            yield Reject(index, rel, f"{rel}: cannot read ({exc.strerror or exc})", rel)
            continue
        yield Record(index, rel, rel, art.text, None, art.title, None, art.warnings)


def _read_line(fh, max_bytes: int) -> tuple[bytes | None, bool]:
    """Next line (without its newline) and whether it was too long (then it is skipped)."""
    line = fh.readline(max_bytes + 2)
    if not line:
        return None, False
    if len(line) == max_bytes + 2 and not line.endswith(b"\n"):
        while line and not line.endswith(b"\n"):  # skip the rest in bounded chunks
            line = fh.readline(_CHUNK)
        return b"", True
    content = line.rstrip(b"\r\n")
    return (b"", True) if len(content) > max_bytes else (content, False)


def _jsonl(path: Path, *, text_column: str, max_bytes: int) -> Iterator[Record | Reject]:
    name = path.name
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with fh:
        lineno = 0
        index = -1
        while True:
            raw, too_long = _read_line(fh, max_bytes)
            if raw is None:
                return
            lineno += 1
            if not too_long and not raw.strip():
                continue  # blank lines are not records
            index += 1
            where = f"{name}:{lineno}"
            if too_long:
                yield Reject(index, where, f"line {lineno}: larger than the {max_bytes:,}-byte "
                             f"input limit (raise it with --max-bytes)")
                continue
            extra: tuple[str, ...] = ()
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = raw.decode("utf-8", errors="replace")
                extra = (f"invalid UTF-8 at byte {exc.start} of line {lineno}; undecodable "
                         f"bytes replaced with U+FFFD",)
                log.warning("%s: %s", where, extra[0])
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Reject(index, where, f"line {lineno}: not valid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                yield Reject(index, where, f"line {lineno}: expected a JSON object, got "
                             f"{type(obj).__name__}")
                continue
            yield _from_fields(obj, index=index, where=where, label=f"line {lineno}",
                               default_id=f"{path.stem}-{lineno}", text_column=text_column,
                               max_bytes=max_bytes, extra_warnings=extra)


def _csv_header(path: Path, text_column: str) -> list[str]:
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
            try:
                header = next(csv.reader(fh, delimiter=delimiter))
            except StopIteration:
                raise InputError(f"{path}: empty CSV file, no header row") from None
            except csv.Error as exc:
                raise InputError(f"{path}: unreadable CSV header ({exc})") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    header = [h.strip().lstrip("\ufeff") for h in header]
    if text_column not in header and "html" not in header:
        raise InputError(f"{path}: no {text_column!r} column (columns: "
                         f"{', '.join(header) or 'none'}); choose one with --text-column")
    return header


def _csv(path: Path, *, text_column: str, max_bytes: int) -> Iterator[Record | Reject]:
    name = path.name
    header = _csv_header(path, text_column)
    limit = csv.field_size_limit()
    if limit < max_bytes + 1:
        csv.field_size_limit(max_bytes + 1)  # larger fields raise csv.Error -> reject
    try:
        fh = open(path, encoding="utf-8", errors="replace", newline="")
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    with fh:
        delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
        reader = csv.reader(fh, delimiter=delimiter)
        next(reader, None)  # header, validated above
        index = -1
        row_no = 0
        while True:
            row_no += 1
            where = f"{name}:row {row_no}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                index += 1
                msg = str(exc)
                if "field larger than field limit" in msg:
                    msg = (f"a field is larger than the {max_bytes:,}-byte input limit "
                           f"(raise it with --max-bytes)")
                yield Reject(index, where, f"row {row_no}: {msg}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            index += 1
            if len(row) != len(header):
                yield Reject(index, where, f"row {row_no}: {len(row)} fields, the header has "
                             f"{len(header)}")
                continue
            fields = dict(zip(header, row))
            if text_column != "text":
                fields["text"] = fields.pop(text_column, None)
            yield _from_fields({k: (v if v != "" else None) for k, v in fields.items()},
                               index=index, where=where, label=f"row {row_no}",
                               default_id=f"{path.stem}-{row_no}", text_column="text",
                               max_bytes=max_bytes)


def _from_fields(obj: dict, *, index: int, where: str, label: str, default_id: str,
                 text_column: str, max_bytes: int,
                 extra_warnings: tuple[str, ...] = ()) -> Record | Reject:
    raw_id = obj.get("id")
    doc_id = str(raw_id) if raw_id not in (None, "") else default_id
    text, html = obj.get(text_column), obj.get("html")
    if text is not None and not isinstance(text, str):
        return Reject(index, where, f"{label}: {text_column!r} must be a string", doc_id)
    if html is not None and not isinstance(html, str):
        return Reject(index, where, f"{label}: 'html' must be a string", doc_id)
    if text is None and html is None:
        return Reject(index, where, f"{label}: no {text_column!r} or 'html' field", doc_id)
    body = text if text is not None else html
    try:
        published = parse_date(obj.get("published") or None)
        art = decode_article(body.encode("utf-8", "replace"), source=label,
                             max_bytes=max_bytes, html=text is None)
    except InputError as exc:
        return Reject(index, where, str(exc), doc_id)
    title = obj.get("title")
    url = obj.get("url")
    return Record(index, where, doc_id, art.text,
                  published.isoformat() if published else None,
                  str(title) if title not in (None, "") else art.title,
                  str(url) if url not in (None, "") else None, extra_warnings + art.warnings)
