"""The full analysis of one article, and the one-call API that produces it."""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .document import SCHEMA, Document
from .exceptions import InputError

if TYPE_CHECKING:
    from .claims import Claim
    from .events import Event
    from .gazetteer import Gazetteer

__all__ = ["Report", "analyze", "parse_date"]


def parse_date(value: str | _dt.date | None) -> _dt.date | None:
    """``YYYY-MM-DD`` (or a date) -> date; None passes through; anything else is an InputError."""
    if value is None or isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise InputError(f"published date must be YYYY-MM-DD, got {value!r}") from exc


@dataclass(frozen=True, slots=True)
class Report:
    """Places, claims and events of one document."""

    document: Document
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "document": self.document.document_dict(),
            "places": [m.to_dict() for m in self.document.mentions],
            "claims": [c.to_dict() for c in self.claims],
            "events": [e.to_dict() for e in self.events],
        }

    def _repr_html_(self) -> str:
        from .maps import embed_iframe

        return embed_iframe(self)


def analyze(text: str, *, published: str | _dt.date | None = None,
            gazetteer: Gazetteer | None = None, id: str | None = None,
            title: str | None = None) -> Report:
    """Geoparse ``text``, then extract and verify its spatial claims and its events."""
    from .claims import extract_claims
    from .events import extract_events
    from .geoparser import geoparse

    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    doc = geoparse(text, gazetteer=gaz, published=published, id=id, title=title)
    doc, claims = extract_claims(doc, gaz)
    events = extract_events(doc, claims, gaz)
    return Report(document=doc, claims=tuple(claims), events=tuple(events))


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The process-wide default index, opened once (built on first use)."""
    from .gazetteer import Gazetteer

    return Gazetteer.open()
