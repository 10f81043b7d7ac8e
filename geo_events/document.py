"""A geoparsed document: the text and the place mentions found in it."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from .place import Candidate, Place

__all__ = ["Mention", "Document", "SCHEMA"]

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
