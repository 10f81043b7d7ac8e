"""Events: who did what, where, when, with what toll, in ACLED's terms.

``extract_events(doc, claims, gazetteer)`` runs one pipeline over a geoparsed document:

1. **sentences** - split on sentence ends and paragraphs; a dateline (``BAGHDAD, April 9 -``)
   is cut off and kept as the last-resort location;
2. **triggers** - the ``TRIGGERS`` lexicon (:mod:`geo_events.event_lexicon`) maps phrases to
   ACLED ``event_type`` / ``sub_event_type``; overlapping matches keep the higher priority;
3. **modality filter** - negated, hypothetical, planned, cancelled and background mentions
   (``NEGATION``, ``DENIAL``, ``MODALITY``, ``CANCELLED``, ``BACKGROUND``; judged within the
   trigger's clause, a relative clause counting as its own) are dropped; a specific trigger
   swallows vaguer ones in its sentence (``SUPPRESSES``);
4. **arguments** - per trigger scope (the clause it belongs to when a sentence holds several
   triggers): counts (:mod:`geo_events.counts`), actors (:mod:`geo_events.actors`), date
   (:mod:`geo_events.dates`), location (rules below), reported-speech source;
5. **context** - a battle needs an armed party or violence, a territory change a place
   taken, an arrest a political side (ACLED does not code ordinary crime);
6. **merge** - triggers of one incident become one event: same event type, compatible sub
   type (a generic trigger joins a specific one), compatible location and date; a toll-only
   sentence (``At least 12 were killed.``) and a definite reference (``the attack``,
   ``the fighting``) add to the incident mentioned last, within two sentences.

Location rules, in order (the chosen rule is ``location.rule``):

- ``claim-estimate``: a relative claim in the scope whose target was estimated
  (``a village 20 km north of Mosul``) -> its estimate, ``geo_precision`` 2;
- ``preposition``: a resolved place after in/at/into/from/near/... in the trigger's scope,
  the closest to the trigger;
- ``nearest-in-sentence``: the resolved place closest to the trigger in the sentence;
- ``unresolved-place``: the sentence names a place the geoparser could not resolve (no
  coordinates, rather than borrowing another sentence's place);
- ``previous-sentence``: the last resolved place of the previous sentences;
- ``dateline``: the dateline place.
- ``coordinated``: a place coordinated with the event's place (``hit Raqqa and Idlib``): ACLED
  codes one event per location, so the event is copied there (a joint toll stays with the
  first place, noted on both).

``geo_precision``: 1 a town or site itself; 2 near/outskirts/around a town, a district, a
river or an estimate; 3 a province or a country (ACLED's convention). The dateline rule is 3.
An event known only by its province is placed at the provincial capital, as ACLED codes it
(``location.place`` stays the province).

Counts follow ACLED's conservative rule, the lowest figure stated (:mod:`geo_events.counts`).
Event classes are ACLED's six plus ``Natural disaster`` (:mod:`geo_events.event_lexicon`);
displacement, evacuation and sieges are ``Strategic developments`` / ``Other`` with the kind in
``notes``.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .actors import CIVILIANS, DEMONYMS, ActorMention, find_actors, is_state_actor
from .counts import attack_count, first_count
from .dates import DateMention, find_dates, find_publication_date
from .document import Document, Mention
from .event_lexicon import (AFTER, ARMED_CONTEXT, BACKGROUND, BATTLES, CANCELLED, COLLECTIVE,
                            CROWD_MODIFIERS, DENIAL, DISASTER, EVENT_TYPES, EXPLOSIONS, IMPACT,
                            INFINITIVE, INFINITIVE_OK, MODALITY, NEGATION, NON_ARMED,
                            POLITICAL_CONTEXT, POST_MODAL, PROTESTS, RELATIVE, RIOTS, SINCE,
                            STRATEGIC, SUPPRESSES, TERRITORY_OBJECT, TRIGGERS, VAC, Trigger)
from .place import Place

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

log = logging.getLogger(__name__)

__all__ = ["Event", "EventLocation", "extract_events"]


# --------------------------------------------------------------------------------------------
# values
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventLocation:
    """Where an event happened and which rule decided it."""

    text: str | None = None
    place: Place | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    rule: str | None = None
    start: int | None = None
    end: int | None = None
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    radius_km: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "place": self.place.to_dict() if self.place else None,
            "lat": self.lat, "lon": self.lon, "geo_precision": self.geo_precision,
            "rule": self.rule, "start": self.start, "end": self.end,
            "country": self.country, "country_code": self.country_code,
            "admin1": self.admin1, "admin2": self.admin2, "radius_km": self.radius_km,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """One incident. ``start``/``end`` locate ``trigger`` in the document text."""

    event_type: str
    sub_event_type: str | None
    trigger: str
    start: int
    end: int
    sentence: str
    location: EventLocation = field(default_factory=EventLocation)
    date: _dt.date | None = None
    time_precision: int | None = None
    date_text: str | None = None
    date_rule: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    actor1_text: str | None = None
    actor2_text: str | None = None
    assoc_actor1: str | None = None
    fatalities: int | None = None
    wounded: int | None = None
    attacks: int | None = None
    displaced: int | None = None
    source: str | None = None
    notes: str | None = None
    evidence: tuple[str, ...] = ()  # the sentences of every merged mention

    def __post_init__(self) -> None:
        if self.event_type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {self.event_type!r}")
        if self.sub_event_type is not None and self.sub_event_type not in EVENT_TYPES[
                self.event_type]:
            raise ValueError(f"{self.sub_event_type!r} is not a sub type of {self.event_type!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")
        if self.time_precision not in (None, 1, 2, 3):
            raise ValueError("time_precision must be 1, 2 or 3")
        for name in ("fatalities", "wounded", "attacks", "displaced"):
            v = getattr(self, name)
            if v is not None and v < 0:
                raise ValueError(f"{name} cannot be negative")

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "trigger": self.trigger,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "location": self.location.to_dict(),
            "date": self.date.isoformat() if self.date else None,
            "time_precision": self.time_precision,
            "actor1": self.actor1,
            "actor2": self.actor2,
            "fatalities": self.fatalities,
            "wounded": self.wounded,
            "attacks": self.attacks,
            "displaced": self.displaced,
            "date_text": self.date_text,
            "date_rule": self.date_rule,
            "actor1_text": self.actor1_text,
            "actor2_text": self.actor2_text,
            "assoc_actor1": self.assoc_actor1,
            "source": self.source,
            "notes": self.notes,
            "evidence": list(self.evidence),
        }


# --------------------------------------------------------------------------------------------
# 1. sentences
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    paragraph: int
    index: int


_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Col|Lt|Maj|Capt|Sgt|Sen|Rep|Gov|Prof|St|Mt|No|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|vs|etc|approx|Inc|Ltd|"
                     r"Co)|\b[A-Z]|\b(?:[A-Z]\.){1,3}[A-Z])$")
_SENT_END = re.compile(r"[.!?]+[\"'”’)]*(?=\s+[\"'“‘(]?[A-Z0-9])")
_DATELINE = re.compile(r"(?P<place>[A-Z][A-Z.'’ -]{2,40}?)(?:\s*\([^)]{0,80}\))?,\s+[^\n]{0,80}?"
                       r"\s[-–—]{1,2}\s")


def _sentences(text: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    para = 0
    for pm in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        pstart = pm.start()
        chunk = pm.group(0)
        cur = 0
        for m in _SENT_END.finditer(chunk):
            if _ABBREV.search(chunk[cur:m.start()]):
                continue
            _add_sentence(out, pstart + cur, pstart + m.end(), para, text)
            cur = m.end()
        _add_sentence(out, pstart + cur, pstart + len(chunk), para, text)
        para += 1
    return out


def _add_sentence(out: list[_Sentence], start: int, end: int, para: int, text: str) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(_Sentence(start, end, para, len(out)))


# --------------------------------------------------------------------------------------------
# 2-3. triggers and the modality filter
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Hit:
    rule: Trigger
    start: int
    end: int
    text: str


_TRIGGER_RES = tuple((t, re.compile(rf"(?<![\w-])(?:{t.pattern})(?![\w])", re.IGNORECASE))
                     for t in TRIGGERS)
_ANY_TRIGGER = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{t.pattern})" for t in TRIGGERS)
                          + r")(?![\w])", re.IGNORECASE)


def _triggers(text: str, s: _Sentence) -> list[_Hit]:
    sent = text[s.start:s.end]
    if not _ANY_TRIGGER.search(sent):  # one pass rules out most sentences
        return []
    hits: list[_Hit] = []
    for rule, rx in _TRIGGER_RES:
        for m in rx.finditer(sent):
            hits.append(_Hit(rule, s.start + m.start(), s.start + m.end(), m.group(0)))
    hits.sort(key=lambda h: (-h.rule.priority, -(h.end - h.start), h.start))
    kept: list[_Hit] = []
    for h in hits:
        if not any(h.start < k.end and k.start < h.end for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: h.start)


def _select(text: str, s: _Sentence, hits: list[_Hit]) -> list[_Hit]:
    """The triggers of a sentence that report events: not negated or hypothetical, not a
    background mention beside another event, not swallowed by a more specific trigger."""
    kept = []
    for h in hits:
        why = _blocked(text, s, h)
        if why:
            log.debug("not an event: %r (%s) in %r", h.text, why, text[s.start:s.end])
            continue
        kept.append(h)
    # "a ceasefire after days of fighting", "evacuated since the offensive began"
    kept = [k for k in kept if not (
        (k.rule.generic or k.rule.background_prone) and k.rule.kind != "toll"
        and AFTER.search(text[s.start:k.start])
        and any(o is not k and o.rule.kind != "toll" for o in kept))]
    names = {h.rule.name for h in kept}
    suppressed = {n for name in names for n in SUPPRESSES.get(name, ())}
    kept = [h for h in kept if h.rule.name not in suppressed]
    if any(h.rule.kind != "toll" for h in kept):
        return [h for h in kept if h.rule.kind != "toll"]
    return kept[:1]


_STRONG_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+|"
                           r"\s+[-–—]\s+")
_WEAK_BREAK = re.compile(r",\s+|\s+and\s+")


def _clause_start(text: str, s: _Sentence, pos: int) -> int:
    start = s.start
    for m in _STRONG_BREAK.finditer(text, s.start, pos):
        start = m.end()
    return start


def _clause_end(text: str, s: _Sentence, pos: int) -> int:
    m = _STRONG_BREAK.search(text, pos, s.end)
    return m.start() if m else s.end


def _blocked(text: str, s: _Sentence, h: _Hit) -> str | None:
    """Why a trigger is not a real event (negated, hypothetical, planned...), else None."""
    cstart = _clause_start(text, s, h.start)
    rel = None
    for m in RELATIVE.finditer(text, cstart, h.end):
        if m.end() <= h.start:
            rel = m
    if rel is not None:  # "...would not negotiate with the gunmen who killed 11": own clause
        cstart = rel.end()
    pre = text[cstart:h.start]
    words = re.findall(r"[\w'’]+", pre)
    last4 = " ".join(words[-4:])
    last8 = " ".join(words[-8:])
    if DENIAL.search(text[s.start:h.start]):
        return "denied"
    if NEGATION.search(last4) and not re.search(r"\bno\s+(?:longer|sooner)\b", last4, re.I):
        return "negated"
    if MODALITY.search(last8):
        return "hypothetical or planned"
    if INFINITIVE.search(pre) and not INFINITIVE_OK.search(pre):
        return "plan (infinitive)"
    post = text[h.end:_clause_end(text, s, h.end)]
    if POST_MODAL.match(post):
        return "hypothetical (floods could displace...)"
    if CANCELLED.search(post):
        return "cancelled or planned"
    if h.rule.background_prone and BACKGROUND.search(pre):
        return "background"
    if h.rule.kind != "toll" and SINCE.search(pre):
        return "background (since ...)"
    if h.text.lower() == "fighting" and _GERUND_OBJECT.match(post):
        return "gerund with an object (fighting AIDS, fighting the group)"
    return None


# "fighting" followed by its object is a verb of effort, not a battle ("efforts in fighting
# AIDS"); "fighting in/between/erupted..." stays a battle.
_GERUND_OBJECT = re.compile(
    r"\s+(?!(?:between|in|at|on|near|around|with|broke|erupted|continued|raged|intensified|has|"
    r"had|was|is|that|which|for|from|across|along|against|and|or|since|over|overnight|flared|"
    r"killed|left|there|resumed|spread|also|this|last|on)\b)[A-Za-z]", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# 4. arguments
# --------------------------------------------------------------------------------------------
_PREP = re.compile(r"\b(?P<prep>in|at|into|inside|from|near|nearby|outside|around|across|"
                   r"throughout|towards?|on|of|close\s+to|outskirts\s+of|edges?\s+of|"
                   r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
                   r"(?:ern)?\s+(?:of|part\s+of))\b", re.IGNORECASE)
_NEAR = re.compile(r"\b(?:near|nearby|outside|around|close\s+to|outskirts|edges?|vicinity|"
                   r"(?:north|south|east|west)\w*\s+of|km|kilomet|miles)\b", re.IGNORECASE)
_KIND_PRECISION = {"city": 1, "site": 1, "airbase": 1, "airport": 1, "place": 1,
                   "admin3": 2, "admin2": 2, "area": 2, "water": 2, "river": 2, "lake": 2,
                   "terrain": 2, "road": 2, "admin1": 3, "country": 3}
_SOURCE_RES = (
    re.compile(r"according\s+to\s+(?P<src>[^,.;]{3,80})", re.IGNORECASE),
    re.compile(r",\s*(?P<src>(?:the\s+|a\s+|an\s+)?[^,;]{2,70}?)\s+"
               r"(?:said|says|told\s+[\w ]{2,30}?|"
               r"reported|claimed|stated|announced|added|confirmed)(?:\s+on\s+\w+)?\s*[,.]?\s*$|"
               r",\s*(?P<src2>(?:the\s+|a\s+|an\s+)?[^,;]{2,70}?)\s+"
               r"(?:said|says|reported|claimed)\s*,",
               re.IGNORECASE),
    re.compile(r"^(?P<src>(?:The\s+|A\s+|An\s+)?[A-Z][^,;]{2,60}?)\s+(?:said|says|reported|claimed|"
               r"announced)\s+(?:that\s+|on\s+\w+\s+that\s+)", 0),
)


_CONTAINER_OF = re.compile(r"\b(?:town|city|village|province|district|governorate|region|"
                           r"centre|center|heart|streets|neighbourhood|neighborhood)\s+of\s+$",
                           re.IGNORECASE)


def _near(window: str) -> bool:
    """Whether the preposition governing a place (the last one before it) means near it;
    ``the town of`` / ``the centre of`` pass through to the preposition before them."""
    preps = list(_PREP.finditer(window))
    while preps:
        last = preps[-1]
        if last.group("prep").lower() == "of" and _CONTAINER_OF.search(window[:last.end()] + " "):
            preps.pop()
            continue
        return bool(_NEAR.match(last.group(0)))
    return False


def _precision(place: Place | None, near: bool) -> int:
    base = _KIND_PRECISION.get(place.kind, 1) if place else 2
    return max(base, 2) if near else base


def _source(sentence: str) -> tuple[str, int, int] | None:
    """The reported-speech source of a sentence and its span in the sentence."""
    for rx in _SOURCE_RES:
        m = rx.search(sentence)
        if m:
            group = "src" if m.groupdict().get("src") else "src2"
            src = " ".join((m.group(group) or "").split())
            if src and len(src.split()) <= 8:
                return src, m.start(group), m.end()
    return None


@dataclass(frozen=True, slots=True)
class _Ctx:
    text: str
    doc: Document
    gazetteer: Any
    published: _dt.date | None
    mentions: tuple[Mention, ...]
    dateline: Mention | None
    estimates: tuple[dict[str, Any], ...]
    aliases: Mapping[str, str] | None
    sentences: tuple[_Sentence, ...] = ()


def _country_name(ctx: _Ctx, code: str | None) -> str | None:
    if not code:
        return None
    try:
        place = ctx.gazetteer.country(code) if ctx.gazetteer is not None else None
    except Exception:  # noqa: BLE001 - a lookup failure only loses the name
        log.debug("country lookup failed for %s", code, exc_info=True)
        place = None
    if place is not None:
        return place.name
    from .acled import _country_name as by_code  # pycountry, lazily

    return by_code(code)


def _loc_from_mention(ctx: _Ctx, m: Mention, rule: str, precision: int) -> EventLocation:
    p = m.place
    assert p is not None
    lat, lon = p.lat, p.lon
    if p.kind == "admin1" and p.country_code and ctx.gazetteer is not None:
        # ACLED codes an event known only by its province to the provincial capital
        seat = ctx.gazetteer.capital(p.country_code, p.admin1_code)
        if seat is not None:
            lat, lon = seat.lat, seat.lon
    return EventLocation(text=m.text, place=p, lat=lat, lon=lon, geo_precision=precision,
                         rule=rule, start=m.start, end=m.end,
                         country=_country_name(ctx, p.country_code), country_code=p.country_code,
                         admin1=p.admin1 if p.kind != "country" else None,
                         admin2=p.admin2)


def _locate(ctx: _Ctx, s: _Sentence, scope: tuple[int, int], h: _Hit,
            previous: Mention | None) -> EventLocation:
    a, b = scope
    # claim estimate in scope
    for c in ctx.estimates:
        if a <= c["start"] < b or a < c["end"] <= b:
            est = c["estimate"]
            ref = (c.get("reference") or {}).get("place") or {}
            tplace = (c.get("target") or {}).get("place") or {}
            cc = ref.get("country_code") or tplace.get("country_code")
            return EventLocation(text=(c["target"].get("text") or c.get("text") or None),
                                 place=None, lat=est["lat"],
                                 lon=est["lon"], geo_precision=2, rule="claim-estimate",
                                 start=c["start"], end=c["end"], country=_country_name(ctx, cc),
                                 country_code=cc, admin1=ref.get("admin1"),
                                 radius_km=est.get("radius_km"))
    in_sentence = [m for m in ctx.mentions if s.start <= m.start < s.end]
    best: tuple[int, Mention, bool] | None = None
    for m in in_sentence:
        if not (a <= m.start < b):
            continue
        lo = max(a, _clause_start(ctx.text, s, m.start), m.start - 60)
        prev_end = max((o.end for o in in_sentence if o.end <= m.start), default=lo)
        window = ctx.text[max(lo, prev_end if prev_end > m.start - 60 else lo):m.start]
        if not _PREP.search(window) and not _PREP.search(ctx.text[max(lo, m.start - 25):m.start]):
            continue
        dist = min(abs(m.start - h.end), abs(h.start - m.end))
        near = _near(ctx.text[max(lo, m.start - 40):m.start])
        if best is None or dist < best[0]:
            best = (dist, m, near)
    if best is not None:
        _, m, near = best
        return _loc_from_mention(ctx, m, "preposition", _precision(m.place, near))
    if in_sentence:
        m = min(in_sentence, key=lambda o: min(abs(o.start - h.end), abs(h.start - o.end)))
        near = _near(ctx.text[max(s.start, m.start - 40):m.start])
        return _loc_from_mention(ctx, m, "nearest-in-sentence", _precision(m.place, near))
    unresolved = [m for m in ctx.doc.mentions if m.status == "unresolved"
                  and s.start <= m.start < s.end and m is not ctx.dateline]
    if unresolved:  # a place we could not resolve: say where, not somewhere else
        m = min(unresolved, key=lambda o: min(abs(o.start - h.end), abs(h.start - o.end)))
        return EventLocation(text=m.text, rule="unresolved-place", start=m.start, end=m.end)
    if previous is not None:
        return _loc_from_mention(ctx, previous, "previous-sentence",
                                 _precision(previous.place, False))
    if ctx.dateline is not None:
        return _loc_from_mention(ctx, ctx.dateline, "dateline", 3)
    return EventLocation(rule="none")


class _LazyDates:
    """Date expressions found paragraph by paragraph, only where an event needs them."""

    def __init__(self, text: str, published: _dt.date | None) -> None:
        self.text, self.published = text, published
        self._cache: dict[int, list[DateMention]] = {}

    def around(self, s: _Sentence) -> list[DateMention]:
        """The date expressions of the paragraph of ``s`` (absolute offsets)."""
        start = _paragraph_start(self.text, s)
        if start not in self._cache:
            cut = self.text.find("\n\n", s.end)
            end = len(self.text) if cut < 0 else cut
            self._cache[start] = [replace(d, start=d.start + start, end=d.end + start)
                                  for d in find_dates(self.text[start:end], self.published)]
        return self._cache[start]


def _date(ctx: _Ctx, lazy: _LazyDates, scope: tuple[int, int], s: _Sentence,
          h: _Hit) -> tuple[_dt.date | None, int | None, str | None, str]:
    dates = lazy.around(s)

    def dist(d: DateMention) -> int:
        return min(abs(d.start - h.end), abs(h.start - d.end))

    for lo, hi, rule in ((scope[0], scope[1], "in-clause"), (s.start, s.end, "in-sentence")):
        found = [d for d in dates if lo <= d.start < hi and d.end <= hi]
        if found:
            d = min(found, key=dist)
            return d.date, d.precision if d.date else None, d.text, f"{rule}:{d.rule}"
    prev = [d for d in dates if d.end <= s.start and d.start >= _paragraph_start(ctx.text, s)]
    if prev and prev[-1].date is not None:
        d = prev[-1]
        return d.date, d.precision, d.text, f"previous-sentence:{d.rule}"
    if ctx.published is not None:
        return ctx.published, 2, None, "publication-date"
    return None, None, None, "none"


def _paragraph_start(text: str, s: _Sentence) -> int:
    cut = text.rfind("\n\n", 0, s.start)
    return 0 if cut < 0 else cut + 2


_ADJACENT_GAP = re.compile(r"\s*(?:,\s*)?(?:(?:who|which|that)\s+)?(?:(?:had|have|has|reportedly|"
                           r"allegedly|also)\s+)*$", re.IGNORECASE)
_ASSOC = re.compile(r"(?:backed|supported|aided|assisted|helped)\s+by\s+(?:the\s+)?$|"
                    r"(?:with\s+the\s+(?:help|support)\s+of|alongside)\s+(?:the\s+)?$",
                    re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:the\s+)?(?:suspected\s+)?$", re.IGNORECASE)
_VICTIM_POST = re.compile(r"^\s+(?:\w+\s+)?(?:died|perished|drowned)\b|"
                          r"^\s+(?:\w+\s+)?(?:were|was|have\s+been|had\s+been|are|being)\s+"
                          r"(?:\w+\s+)?(?:killed|wounded|injured|hurt|shot|abducted|kidnapped|"
                          r"arrested|detained|displaced|evacuated)", re.IGNORECASE)
_VICTIM_PRE = re.compile(r"\b(?:kill(?:ing|ed)|wound(?:ing|ed)|injur(?:ing|ed)|against|on|at|"
                         r"targeting|from|of)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)


def _subject(ctx: _Ctx, scope_start: int, h: _Hit, country: str | None,
             skip: tuple[int, int] | None) -> ActorMention | None:
    """The clause's subject when the trigger's scope starts after it ("Syrian forces backed by
    air strikes took control of...": the air strikes took the start of the clause)."""
    cstart = _clause_start(ctx.text, _sentence_of(ctx, h), h.start)
    if cstart >= scope_start:
        return None
    for x in find_actors(ctx.text[cstart:scope_start], country=country, aliases=ctx.aliases):
        x = ActorMention(x.text, x.start + cstart, x.end + cstart, x.actor)
        if skip is not None and skip[0] <= x.start < skip[1]:
            continue
        pre = ctx.text[max(cstart, x.start - 40):x.start]
        if x.actor == CIVILIANS or _ASSOC.search(pre) or _VICTIM_PRE.search(pre):
            continue
        return x
    return None


def _sentence_of(ctx: _Ctx, h: _Hit) -> _Sentence:
    """The sentence (as a span) around a trigger."""
    for s in ctx.sentences:
        if s.start <= h.start < s.end:
            return s
    return _Sentence(0, len(ctx.text), 0, 0)


def _actors(ctx: _Ctx, scope: tuple[int, int], h: _Hit, country: str | None, etype: str,
            skip: tuple[int, int] | None = None,
            ) -> tuple[ActorMention | None, ActorMention | None, ActorMention | None]:
    a, b = scope
    found = find_actors(ctx.text[a:b], country=country, aliases=ctx.aliases)
    found = [ActorMention(x.text, x.start + a, x.end + a, x.actor) for x in found]
    if skip is not None:  # the source of reported speech is not a party to the event
        found = [x for x in found if not (skip[0] <= x.start < skip[1])]
    subject = _subject(ctx, a, h, country, skip)
    assoc = [x for x in found if _ASSOC.search(ctx.text[max(a, x.start - 40):x.start])
             and not 0 <= h.start - x.end <= 3]
    main = [x for x in found if x not in assoc]
    actor1: ActorMention | None = None
    if etype in (PROTESTS, RIOTS):
        actor1 = next((x for x in main if x.actor in ("Protesters", "Rioters")), None)
    if actor1 is None:
        adjacent = [x for x in main if 0 <= h.start - x.end <= 30 and x.actor != CIVILIANS
                    and _ADJACENT_GAP.match(ctx.text[x.end:h.start])]
        demonym = re.search(r"([A-Z][\w.]+)\s+$", ctx.text[max(a, h.start - 30):h.start])
        if not adjacent and demonym and demonym.group(1) in DEMONYMS:
            adjacent = [ActorMention(demonym.group(1), h.start - len(demonym.group(0)),
                                     h.start - len(demonym.group(0)) + len(demonym.group(1)),
                                     f"Military Forces of {DEMONYMS[demonym.group(1)]}")]
        by = [x for x in main if x.start >= h.end
              and _BY.search(ctx.text[max(a, x.start - 20):x.start])]
        before = [x for x in main if x.end <= h.start and x.actor != CIVILIANS
                  and not _VICTIM_PRE.search(ctx.text[max(a, x.start - 30):x.start])
                  and not _VICTIM_POST.search(ctx.text[x.end:b])]
        between = [x for x in main if x.start >= h.end and re.match(
            r"\s+(?:\w+\s+)?(?:between|among|involving|pitting|with)\s+(?:the\s+)?$",
            ctx.text[h.end:x.start])]
        actor1 = (adjacent or by or before[:1] or between[:1] or [None])[0]
        if actor1 is None and subject is not None:
            actor1 = subject
    rest = [x for x in main if (actor1 is None or x.actor != actor1.actor) and (
        etype in (PROTESTS, RIOTS) or x.start >= h.end or x.actor == CIVILIANS
        or _VICTIM_PRE.search(ctx.text[max(a, x.start - 30):x.start])
        or _VICTIM_POST.search(ctx.text[x.end:b]))]
    if actor1 is None and etype == PROTESTS:
        actor1 = ActorMention("", h.start, h.start, "Protesters")
    if etype == VAC and not any(x.actor == CIVILIANS for x in rest):
        rest = rest + [ActorMention("", h.start, h.start, CIVILIANS)]
    actor2 = rest[0] if rest else None
    return actor1, actor2, (assoc[0] if assoc else None)


@dataclass(slots=True)
class _Draft:
    hit: _Hit
    sentence: _Sentence
    event_type: str
    sub_event_type: str | None
    priority: int
    generic: bool
    location: EventLocation
    date: _dt.date | None
    time_precision: int | None
    date_text: str | None
    date_rule: str
    actor1: ActorMention | None
    actor2: ActorMention | None
    assoc: ActorMention | None
    counts: dict[str, int | None]
    source: str | None
    notes: list[str]
    evidence: list[str]
    toll_only: bool = False
    reference: bool = False  # "the attack", "the blast": names an incident already reported
    last_index: int = -1  # the last sentence that mentioned this incident


def _scopes(text: str, s: _Sentence, hits: list[_Hit]) -> list[tuple[int, int]]:
    bounds = [s.start]
    for left, right in zip(hits, hits[1:]):
        between_strong = list(_STRONG_BREAK.finditer(text, left.end, right.start))
        between_weak = list(_WEAK_BREAK.finditer(text, left.end, right.start))
        if between_strong:
            bounds.append(between_strong[-1].start())
        elif between_weak:
            bounds.append(between_weak[-1].start())
        else:
            bounds.append(right.start)
    bounds.append(s.end)
    return [(bounds[i], bounds[i + 1]) for i in range(len(hits))]


def _classify(h: _Hit, actor1: ActorMention | None, actor2: ActorMention | None,
              sentence: str) -> tuple[str, str | None]:
    rule = h.rule
    if rule.kind == "territory":
        if actor1 is not None and "lost ground" not in h.text.lower() and not re.match(
                r"los", h.text, re.I):
            if is_state_actor(actor1.actor):
                return BATTLES, "Government regains territory"
            if rule.name == "capture" or not re.match(r"re|liberat|took\s+back", h.text, re.I):
                return BATTLES, "Non-state actor overtakes territory"
        if re.match(r"los", h.text, re.I) and actor1 is not None and not is_state_actor(
                actor1.actor):
            return BATTLES, "Government regains territory"
        return rule.event_type, rule.sub_event_type
    if rule.kind == "attack":
        victims = actor2.actor if actor2 else None
        if victims == CIVILIANS or (rule.name == "massacre" and (
                victims is None or not is_state_actor(victims))):
            return VAC, "Attack"
        return BATTLES, "Armed clash"
    if rule.kind == "crowd":
        for etype, sub, rx in CROWD_MODIFIERS:
            if rx.search(sentence):
                if rule.name == "mob" and etype != RIOTS:
                    continue
                return etype, sub
        return rule.event_type, rule.sub_event_type
    return rule.event_type, rule.sub_event_type


_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|its|their|[A-Z]\w+['’]s)\s+"
                       r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


_COORD = re.compile(r"\s*(?:,\s*and|,|and|as\s+well\s+as)\s+(?:in\s+|on\s+|at\s+)?(?:the\s+)?"
                    r"(?:(?:town|city|village)\s+of\s+)?$", re.IGNORECASE)


def _coordinated(ctx: _Ctx, d: _Draft) -> list[_Draft]:
    """ACLED codes one event per location: "air strikes hit Raqqa and Idlib" is two events.
    The places coordinated with the event's place get a copy of the event; a toll reported
    jointly stays with the first place (noted on both)."""
    loc = d.location
    if loc.rule not in ("preposition", "nearest-in-sentence") or loc.place is None \
            or loc.end is None:
        return []
    out: list[_Draft] = []
    end = loc.end
    for m in ctx.mentions:
        if m.start < end or m.start - end > 40:
            continue
        if not _COORD.match(ctx.text[end:m.start]) or m.place is None:
            break
        if m.place.id == loc.place.id:
            break
        extra = _Draft(**{k: getattr(d, k) for k in d.__slots__})  # type: ignore[attr-defined]
        extra.location = _loc_from_mention(ctx, m, "coordinated", _precision(m.place, False))
        extra.counts = dict.fromkeys(d.counts)
        extra.notes = d.notes + [f"toll reported jointly with {loc.text}"] if any(
            v is not None for v in d.counts.values()) else list(d.notes)
        out.append(extra)
        end = m.end
    if out and any(v is not None for v in d.counts.values()):
        d.notes.append("toll reported jointly with " + ", ".join(
            str(x.location.text) for x in out))
    return out


def _out_of_context(text: str, s: _Sentence, d: _Draft) -> str | None:
    """Why a draft is not a political-violence event although a trigger matched: a battle or
    territory change with no armed party and no violence ("took over the company", "fighting
    for a seat"), an arrest with no political side (ACLED codes political arrests only)."""
    sentence = text[s.start:s.end]
    armed = any(a is not None and a.actor not in NON_ARMED
                and not a.actor.startswith("Police Forces") for a in (d.actor1, d.actor2))
    if d.event_type in (BATTLES, VAC) and not d.toll_only:
        if not armed and not ARMED_CONTEXT.search(sentence):
            return "no armed party or violence (ordinary crime or a figure of speech)"
    if d.event_type == EXPLOSIONS and not any(v is not None for v in d.counts.values()) \
            and not IMPACT.search(sentence):
        return "a weapon named, nothing hit (missile defence, arsenals)"
    if d.hit.rule.note == "displacement" and d.counts.get("displaced") is None \
            and not COLLECTIVE.search(sentence):
        return "one person leaving is not displacement"
    if d.hit.rule.kind == "territory" and not re.match(r"los", d.hit.text, re.I):
        after = text[d.hit.end:min(s.end, d.hit.end + 70)]
        names_place = d.location.start is not None and 0 <= d.location.start - d.hit.end <= 70
        if not names_place and not TERRITORY_OBJECT.search(after):
            return "territory change without a place or territory taken"
    if d.sub_event_type == "Arrests" and not POLITICAL_CONTEXT.search(sentence) and not any(
            a is not None and a.actor not in NON_ARMED and not a.actor.startswith(
                "Police Forces") for a in (d.actor2,)):
        return "arrest without a political or armed context"
    return None


def _draft(ctx: _Ctx, s: _Sentence, h: _Hit, scope: tuple[int, int], single: bool,
           dates: _LazyDates, previous: Mention | None) -> _Draft:
    text = ctx.text
    arg_scope = (s.start, s.end) if single else scope
    loc = _locate(ctx, s, arg_scope, h, previous)
    sentence = text[s.start:s.end]
    src = _source(sentence)
    skip = (s.start + src[1], s.start + src[2]) if src else None
    a1, a2, assoc = _actors(ctx, arg_scope, h, loc.country, h.rule.event_type, skip)
    etype, sub = _classify(h, a1, a2, sentence)
    if etype != h.rule.event_type:
        a1, a2, assoc = _actors(ctx, arg_scope, h, loc.country, etype, skip)
    date, prec, dtext, drule = _date(ctx, dates, arg_scope, s, h)
    scope_text = text[arg_scope[0]:arg_scope[1]]
    counts: dict[str, int | None] = {}
    for kind in ("fatalities", "wounded", "displaced"):
        counts[kind] = first_count(scope_text, kind)[0]
    if etype == STRATEGIC:  # no toll for strategic developments, only the displaced
        counts["fatalities"] = counts["wounded"] = None
    if etype == STRATEGIC and h.rule.note != "displacement":
        counts["displaced"] = None
    counts["attacks"] = (attack_count(text[arg_scope[0]:h.start], h.text)
                         if etype in (EXPLOSIONS, BATTLES, VAC) else None)
    notes = [f"{h.rule.note}"] if h.rule.note else []
    return _Draft(hit=h, sentence=s, event_type=etype, sub_event_type=sub,
                  priority=h.rule.priority, generic=h.rule.generic, location=loc, date=date,
                  time_precision=prec, date_text=dtext, date_rule=drule, actor1=a1, actor2=a2,
                  assoc=assoc, counts=counts, source=src[0] if src else None, notes=notes,
                  evidence=[sentence], toll_only=h.rule.kind == "toll",
                  reference=h.rule.generic and bool(_DEFINITE.search(text[s.start:h.start])))


# --------------------------------------------------------------------------------------------
# 5. merge
# --------------------------------------------------------------------------------------------
def _loc_compatible(x: EventLocation, y: EventLocation) -> bool:
    if x.place is None or y.place is None:
        if "unresolved-place" in (x.rule, y.rule):
            return x.text == y.text or "none" in (x.rule, y.rule)
        return x.rule in ("none", "previous-sentence", "dateline") or y.rule in (
            "none", "previous-sentence", "dateline") or (x.lat, x.lon) == (y.lat, y.lon)
    if x.place.id == y.place.id:
        return True
    for vague, exact in ((x, y), (y, x)):
        if vague.geo_precision == 3 and vague.place is not None and exact.place is not None:
            vp, ep = vague.place, exact.place
            if vp.kind == "admin1" and vp.admin1_code and vp.admin1_code == ep.admin1_code:
                return True
            if vp.kind == "country" and vp.country_code == ep.country_code:
                return True
    return x.rule in ("previous-sentence", "dateline") or y.rule in ("previous-sentence",
                                                                     "dateline")


def _type_compatible(x: _Draft, y: _Draft) -> bool:
    if x.event_type != y.event_type:
        return x.toll_only or y.toll_only
    return x.sub_event_type == y.sub_event_type or x.generic or y.generic


def _date_compatible(x: _Draft, y: _Draft) -> bool:
    if x.date is None or y.date is None or x.date == y.date:
        return True
    return x.date_rule == "publication-date" or y.date_rule == "publication-date"


def _counts_compatible(x: _Draft, y: _Draft) -> bool:
    return all(x.counts.get(k) is None or y.counts.get(k) is None
               or x.counts[k] == y.counts[k] for k in x.counts)


def _absorb(keep: _Draft, other: _Draft) -> _Draft:
    """Merge ``other`` into ``keep`` (the more specific mention wins each field)."""
    def rank(d: _Draft) -> tuple[bool, int, bool, int]:
        return (d.toll_only, -d.priority, d.date_rule in ("none", "publication-date"),
                -sum(v is not None for v in d.counts.values()))

    main, minor = (keep, other) if rank(keep) <= rank(other) else (other, keep)
    merged = _Draft(**{k: getattr(main, k) for k in main.__slots__})  # type: ignore[attr-defined]
    if merged.location.rule in ("none", "dateline", "previous-sentence") or (
            (minor.location.geo_precision or 9) < (merged.location.geo_precision or 9)
            and minor.location.rule not in ("none", "dateline", "previous-sentence")):
        merged.location = minor.location
    if merged.date_rule in ("none", "publication-date") and minor.date_rule not in (
            "none", "publication-date"):
        merged.date, merged.time_precision = minor.date, minor.time_precision
        merged.date_text, merged.date_rule = minor.date_text, minor.date_rule
    for k, v in minor.counts.items():
        if merged.counts.get(k) is None and v is not None:
            merged.counts = {**merged.counts, k: v}
    if sum(a is not None for a in (minor.actor1, minor.actor2)) > sum(
            a is not None for a in (merged.actor1, merged.actor2)):
        merged.actor1, merged.actor2 = minor.actor1, minor.actor2
    merged.actor1 = merged.actor1 or minor.actor1
    merged.actor2 = merged.actor2 or minor.actor2
    if merged.actor1 and merged.actor2 and merged.actor1.actor == merged.actor2.actor:
        merged.actor2 = None
    merged.assoc = merged.assoc or minor.assoc
    merged.source = merged.source or minor.source
    merged.notes = list(dict.fromkeys(merged.notes + minor.notes))
    merged.evidence = list(dict.fromkeys(keep.evidence + other.evidence))
    merged.toll_only = keep.toll_only and other.toll_only
    merged.last_index = max(keep.last_index, other.last_index, keep.sentence.index,
                            other.sentence.index)
    return merged


_TOLL_TYPES = (BATTLES, EXPLOSIONS, VAC, PROTESTS, RIOTS, DISASTER)


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    out: list[_Draft] = []
    for d in drafts:
        target = None
        d.last_index = d.sentence.index
        if d.toll_only or d.reference:  # joins the incident mentioned last, if close
            if out:
                i = max(range(len(out)), key=lambda j: (out[j].last_index, j))
                o = out[i]
                close = d.sentence.index - o.last_index <= 2 and o.event_type in _TOLL_TYPES
                if close and _counts_compatible(o, d) and (
                        d.location.rule != "preposition"
                        or _loc_compatible(o.location, d.location)):
                    target = i
            if target is not None:
                out[target] = _absorb(out[target], d)
                continue
            if d.toll_only:
                out.append(d)
                continue
        for i in range(len(out) - 1, -1, -1):
            o = out[i]
            same_sentence = o.sentence.index == d.sentence.index
            if (_type_compatible(o, d) and _loc_compatible(o.location, d.location)
                    and _date_compatible(o, d) and (same_sentence or _counts_compatible(o, d))):
                target = i
                break
        if target is None:
            out.append(d)
        else:
            out[target] = _absorb(out[target], d)
    return out


def _standalone_toll(d: _Draft) -> _Draft | None:
    """A toll sentence with no incident before it: an armed actor against civilians is an
    attack, against another armed actor a clash; otherwise nothing is known enough."""
    a1 = d.actor1.actor if d.actor1 else None
    a2 = d.actor2.actor if d.actor2 else None
    if a1 is None or a1 in (CIVILIANS, "Protesters"):
        return None
    if a2 == CIVILIANS:
        d.event_type, d.sub_event_type = VAC, "Attack"
    elif a2 is not None:
        d.event_type, d.sub_event_type = BATTLES, "Armed clash"
    else:
        return None
    d.toll_only = False
    return d


def _to_event(d: _Draft) -> Event:
    counts = d.counts
    notes = "; ".join(d.notes + [f"location: {d.location.rule}", f"date: {d.date_rule}"])
    return Event(
        event_type=d.event_type, sub_event_type=d.sub_event_type, trigger=d.hit.text,
        start=d.hit.start, end=d.hit.end, sentence=d.evidence[0] if d.evidence else "",
        location=d.location, date=d.date, time_precision=d.time_precision,
        date_text=d.date_text, date_rule=d.date_rule,
        actor1=d.actor1.actor if d.actor1 else None,
        actor2=d.actor2.actor if d.actor2 else None,
        actor1_text=d.actor1.text if d.actor1 else None,
        actor2_text=(d.actor2.text or None) if d.actor2 else None,
        assoc_actor1=d.assoc.actor if d.assoc else None,
        fatalities=counts.get("fatalities"), wounded=counts.get("wounded"),
        attacks=counts.get("attacks"), displaced=counts.get("displaced"),
        source=d.source, notes=notes, evidence=tuple(d.evidence))


# --------------------------------------------------------------------------------------------
# entry point
# --------------------------------------------------------------------------------------------
def extract_events(doc: Document, claims: Sequence[Any] = (), gazetteer: Gazetteer | None = None,
                   *, aliases: Mapping[str, str] | None = None) -> tuple[Event, ...]:
    """The events reported in ``doc``, one per incident, in order of first mention.

    ``claims`` are the document's spatial claims (only their ``to_dict()`` is read: an
    estimated target gives an event location); ``gazetteer`` names countries; ``aliases``
    extends the actor table for this call.
    """
    text = doc.text
    sentences = _sentences(text)
    actor_spans = [(x.start, x.end) for x in find_actors(text, aliases=aliases)
                   if " " in x.text or "-" in x.text]
    mentions = tuple(m for m in doc.mentions if m.status == "resolved" and m.place is not None
                     and not any(a < m.end and m.start < b for a, b in actor_spans))
    dateline: Mention | None = None
    body_start: dict[int, int] = {}
    for s in sentences:
        dm = _DATELINE.match(text, s.start, s.end)
        if dm:
            first = next((m for m in mentions if s.start <= m.start < dm.end("place")), None)
            if first is not None and dateline is None:
                dateline = first
            body_start[s.index] = dm.end()
    if dateline is not None:
        mentions = tuple(m for m in mentions if m is not dateline)
    estimates = []
    for c in claims:
        cd = c.to_dict() if hasattr(c, "to_dict") else dict(c)
        target = cd.get("target") or {}
        est = cd.get("estimate") or target.get("estimate")  # top level or inside the target
        if target.get("estimated") and est and est.get("lat") is not None \
                and est.get("lon") is not None and cd.get("start") is not None:
            estimates.append({**cd, "estimate": est})
    published = doc.published or find_publication_date(text)
    ctx = _Ctx(text=text, doc=doc, gazetteer=gazetteer, published=published, mentions=mentions,
               dateline=dateline, estimates=tuple(estimates), aliases=aliases,
               sentences=tuple(sentences))
    dates = _LazyDates(text, published)

    drafts: list[_Draft] = []
    previous: Mention | None = None
    for s in sentences:
        if s.index in body_start:
            s = replace(s, start=body_start[s.index])
        hits = _triggers(text, s)
        kept = _select(text, s, hits)
        scopes = _scopes(text, s, kept)
        if hits:  # a trigger word ("Artillery", "Storm") is not a place
            sctx = replace(ctx, mentions=tuple(
                m for m in mentions if not any(m.start < h.end and h.start < m.end
                                               for h in hits)))
        else:
            sctx = ctx
        for h, scope in zip(kept, scopes):
            d = _draft(sctx, s, h, scope, len(kept) == 1, dates, previous)
            why = _out_of_context(text, s, d)
            if why:
                log.debug("not an event: %r (%s)", h.text, why)
            else:
                drafts.append(d)
                drafts.extend(_coordinated(sctx, d))
        in_sentence = [m for m in sctx.mentions if s.start <= m.start < s.end]
        if in_sentence:
            previous = in_sentence[-1]

    merged = _merge(drafts)
    events = []
    for d in merged:
        if d.toll_only:
            d2 = _standalone_toll(d)
            if d2 is None:
                continue
            d = d2
        events.append(_to_event(d))
    return tuple(events)
