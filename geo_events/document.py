"""A geoparsed document: the text and the place mentions found in it."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from .place import Candidate, Place

__all__ = ["Mention", "Document", "SCHEMA", "mark_places"]

SCHEMA = "geo-events/report@1"


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text naming a place. ``text == document.text[start:end]``."""

    text: str
    start: int
    end: int
    status: str  # "resolved" | "unresolved"
    place: Place | None = None
    score: float = 0.0
    reason: str | None = None  # why unresolved, or the deciding rule when resolved
    method: str | None = None  # how it was recognised/resolved
    candidates: tuple[Candidate, ...] = ()  # runner-ups, best first

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")
        if self.status not in ("resolved", "unresolved"):
            raise ValueError(f"bad status {self.status!r}")
        if (self.status == "resolved") != (self.place is not None):
            raise ValueError("a resolved mention needs a place, an unresolved one none")

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "status": self.status,
            "place": self.place.to_dict() if self.place else None,
            "score": round(self.score, 4),
            "reason": self.reason,
            "method": self.method,
            "candidates": [c.to_dict() for c in self.candidates[:3]],
        }


@dataclass(frozen=True, slots=True)
class Document:
    """Text plus its place mentions, sorted by offset."""

    text: str
    mentions: tuple[Mention, ...] = ()
    id: str | None = None
    title: str | None = None
    published: _dt.date | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def places(self) -> tuple[Place, ...]:
        """Distinct resolved places in order of first mention."""
        seen: dict[str, Place] = {}
        for m in self.mentions:
            if m.place is not None and m.place.id not in seen:
                seen[m.place.id] = m.place
        return tuple(seen.values())

    def document_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "chars": len(self.text),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "document": self.document_dict(),
            "places": [m.to_dict() for m in self.mentions],
        }


def mark_places(text: str, names: list[str], gazetteer: Any, *,
                published: _dt.date | None = None, strict: bool = True) -> Document:
    """A Document whose mentions are given by hand rather than found: every occurrence of
    each listed name, resolved to its best gazetteer candidate. ``"Name@CC"`` takes the best
    candidate in country CC, ``"Name=Query"`` looks up Query, ``"?Name"`` stays unresolved.
    With ``strict`` an unknown name raises ``LookupError``, else it is left out. Used to test
    and measure claims and events apart from the geoparser."""
    found = []
    for raw in names:
        raw, _, country = raw.partition("@")
        raw, _, query = raw.partition("=")
        name = raw.lstrip("?")
        pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)"
        cands = [] if raw.startswith("?") else \
            gazetteer.search(query or name, country=country or None)
        if not cands and not raw.startswith("?"):
            if strict:
                raise LookupError(f"the gazetteer does not know {name!r}")
            continue
        for m in re.finditer(pattern, text):
            found.append(Mention(m.group(0), m.start(), m.end(), "unresolved",
                                 reason="not in the gazetteer") if not cands else
                         Mention(m.group(0), m.start(), m.end(), "resolved",
                                 place=cands[0].place, score=cands[0].score,
                                 candidates=tuple(cands[1:4])))
    found.sort(key=lambda m: (m.start, -m.end))
    mentions: list[Mention] = []
    for m in found:  # longest first at each offset, no overlaps
        if not mentions or m.start >= mentions[-1].end:
            mentions.append(m)
    return Document(text, tuple(mentions), published=published)
