"""Spatial claims: what an article asserts about geography ("Heet, 140km west of Baghdad"),
found by patterns around the document's place mentions, then verified (:mod:`.verify`).

Kinds: ``distance_direction``, ``distance``, ``direction``, ``containment``, ``descriptor``,
``proximity``. Numbers as digits, decimals, words ("forty-five", "a hundred") or ranges
("20 to 30 km"); units km, miles, metres, nautical miles; a parenthesised conversion
("50 km (30 miles)") belongs to its claim; "30 nautical miles off Hodeidah" is a distance;
travel times ("a two-hour drive from", "an hour and a half by road from") are claims that
cannot be verified. Containment also reads "Syria's Idlib province", "in Iraq's Nineveh
province" (two claims), "the Borno state capital" and addresses ("Mayfield, Kentucky,").

Target: the nearest preceding place mention of the same sentence joined to the claim by a
linking verb ("lies", "is", "sits"), an appositive (", a town of ... ,", ", Iraq's main
port,", ", home to ... ,"), a parenthesis, or prepositional asides ("lies on the Tigris about
150 km", ", on the highway some 130 km"), with its area word ("Bagram airbase"), skipping
places that are references of other claims, containers ("in Anbar"), address parts ("Town,
State"), rivers and countries; a sentence that opens with "The town"/"The city"/"It" takes the
subject of the previous sentences; coordinated places ("Ramadi and Fallujah lie west of")
each get the claim. No target, no claim ("the 1st Division west of Ramadi"), except distances
with a direction or from a named place ("a convoy hit 20 km south of Mosul"), whose unnamed
target gets an estimated location.

Reference: a mention ("the city of X" is X; "X province" after the city X is the province
it heads), a place pronoun ("the capital" = the PPLC of the target's or the document's
country, "the provincial capital" = the PPLA of the target's province, "the city" = the last
city mentioned), a border ("the Syrian border", "the Cameroon border", "the border with
Turkey", "the New York border"), the place named before the target for "30 km to the south",
or an unknown capitalised name (reported unresolved). Roads and streets named after places
are not references ("LaVista Road").

Numbers, units, qualifiers and direction words are :mod:`.quantities`. Claims inform
resolution: a verified claim that holds only with a runner-up candidate re-resolves its
mentions (:mod:`.rechoose`).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .document import Document, Mention
from .geodesy import parse_compass
from .lexicon import DEMONYMS as _LEXICON_DEMONYMS
from .names import fold
from .place import Place
from .quantities import DIRADJ, DIRWORD, NUM, QUAL, UNIT, parse_number, parse_unit
from .rechoose import rechoose
from .verify import UNIT_KM, capital_of, precision_of, verify_claim

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

log = logging.getLogger(__name__)

__all__ = ["Claim", "extract_claims", "KINDS", "VERDICTS"]

KINDS = ("distance_direction", "distance", "direction", "containment", "descriptor",
         "proximity")
VERDICTS = ("consistent", "approximate", "inconsistent", "unverifiable")


@dataclass(frozen=True, slots=True)
class Claim:
    """One spatial assertion of a document and its verification."""

    kind: str
    text: str
    start: int
    end: int
    target_text: str = ""
    target_place: Place | None = None
    target_estimated: bool = False
    target_span: tuple[int, int] | None = None  # the target mention's offsets, if any
    reference_text: str = ""
    reference_place: Place | None = None
    reference_kind: str = "place"  # place | border | pronoun
    reference2_text: str = ""
    reference2_place: Place | None = None
    value: float | None = None
    value_high: float | None = None
    unit: str | None = None
    value_km: float | None = None
    precision: float = 0.5  # of the stated number, in its unit
    direction: str | None = None
    direction_word: str | None = None
    qualifier: str | None = None
    duration: str | None = None
    relation: str | None = None  # near | on | between | outskirts | region | in | ...
    role: str | None = None  # "capital"
    measured_km: float | None = None
    measured_bearing: float | None = None
    measured_direction: str | None = None
    error_km: float | None = None
    error_pct: float | None = None
    direction_error_deg: float | None = None
    tolerance: tuple[tuple[str, Any], ...] = ()
    verdict: str = "unverifiable"
    explanation: str = ""
    reason: str | None = None
    estimate: tuple[float, float, float] | None = None  # lat, lon, radius_km

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"bad claim kind {self.kind!r}")
        if self.verdict not in VERDICTS:
            raise ValueError(f"bad verdict {self.verdict!r}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``claim`` object (plus error, reason, estimate, relation, role)."""
        r = _round
        step = UNIT_KM.get(self.unit or "", None)
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "target": {"text": self.target_text,
                       "place": self.target_place.to_dict() if self.target_place else None,
                       "estimated": self.target_estimated,
                       "start": self.target_span[0] if self.target_span else None,
                       "end": self.target_span[1] if self.target_span else None},
            "reference": {"text": self.reference_text,
                          "place": self.reference_place.to_dict() if self.reference_place
                          else None, "kind": self.reference_kind},
            "stated": {"value": self.value, "unit": self.unit, "value_km": r(self.value_km, 3),
                       "direction": self.direction, "qualifier": self.qualifier,
                       "value_high": self.value_high,
                       "value_high_km": r(self.value_high * step, 3)
                       if self.value_high is not None and step else None,
                       "duration": self.duration, "relation": self.relation,
                       "role": self.role},
            "measured": {"distance_km": r(self.measured_km, 2),
                         "bearing_deg": r(self.measured_bearing, 1),
                         "direction": self.measured_direction},
            "tolerance": {k: v for k, v in self.tolerance},
            "verdict": self.verdict,
            "explanation": self.explanation,
            "error": {"km": r(self.error_km, 2), "pct": r(self.error_pct, 1),
                      "direction_deg": r(self.direction_error_deg, 1)},
            "reason": self.reason,
            "estimate": {"lat": self.estimate[0], "lon": self.estimate[1],
                         "radius_km": self.estimate[2]} if self.estimate else None,
            "reference2": {"text": self.reference2_text,
                           "place": self.reference2_place.to_dict()
                           if self.reference2_place else None}
            if self.relation == "between" else None,
        }


def _round(x: float | None, nd: int) -> float | None:
    return None if x is None else round(x, nd)


# -- vocabulary ---------------------------------------------------------------------------
_PLACE_NOUNS = ("town|city|village|hamlet|settlement|district|province|governorate|region|"
                "capital|port|hub|stronghold|base|airbase|outpost|crossing|suburb|"
                "neighbourhood|neighborhood|area|oil town|border town|market town|county|state|"
                "resort|island|enclave|heartland|bastion|birthplace|cradle|seat|gateway|"
                "junction|crossroads|oasis|garrison|municipality|township|metropolis|centre|"
                "center|valley|site")
_ADMIN_WORDS = "province|governorate|region|district|state|county|oblast|prefecture"
_AREA_SUFFIX = rf"(?:\s+(?:{_ADMIN_WORDS}|river|airbase|" \
               r"air\s+base|base|airport|dam|area))?"
_CONNECT = (r"(?:,|\band\b|\bor\b|\bwhich\b|\bthat\b|\bis\b|\bare\b|\bwas\b|\bwere\b|\blies\b|"
            r"\blie\b|\blay\b|\bsits\b|\bsit\b|\bsat\b|\bstands\b|\blocated\b|\bsituated\b|"
            r"\blying\b|\bjust\b|\bdue\b|\bdirectly\b|\bright\b|\bfurther\b|\bfarther\b|"
            r"\bonly\b|\bstill\b|\balso\b|\bbased\b|\bhas\b|\bbeen\b|\bit\b|\bis\s+set\b|"
            r"\(|\)|—|–|\s-\s|\bvillage\b|\btown\b|\bcity\b|\bdistrict\b|\barea\b|\bcamp\b|"
            r"\bfar\b|\bwell\b|\bmiles\b|\bthe\s+town\b|\bthe\s+city\b|\bboth\b|"
            r"\ball\b|\beach\b)")
_GAP_DIRECT = re.compile(rf"^\s*(?:{_CONNECT}\s*)*$", re.I)
_GAP_APPOS = re.compile(rf"^\s*,\s*(?:(?:(?:a|an|the|its|one)\s+"
                        rf"|(?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*['’]s\s+)"
                        rf"[^,;()]*?\b(?:{_PLACE_NOUNS}|home\s+town|hometown|port)\b"
                        rf"|home\s+(?:to|of)\b)[^;]*?$", re.I)
_PRONOUN_SUBJECT = re.compile(r"^\s*(?:(?:The|This|That)\s+(?:town|city|village|base|"
                              r"airbase|district|province|area)|It)\b", re.I)
# demonyms, plus "US" as in "the US border" (the recogniser treats that as context)
DEMONYMS = {**_LEXICON_DEMONYMS, "us": "US", "u.s.": "US"}
DEMONYM = "|".join(sorted((re.escape(k) for k in DEMONYMS), key=len, reverse=True))
_SENT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n")


# -- context ------------------------------------------------------------------------------
@dataclass(slots=True)
class _Ctx:
    doc: Document
    gaz: Gazetteer
    by_start: dict[int, Mention]
    sentences: list[tuple[int, int]]
    country: str | None
    used_refs: set[int]
    spans: list[tuple[int, int]]


@dataclass(slots=True)
class _Ref:
    text: str
    start: int
    end: int
    place: Place | None
    kind: str = "place"  # place | border | pronoun
    mention: Mention | None = None


_ABBREVIATIONS = {"pop", "approx", "no", "st", "mr", "mrs", "ms", "dr", "gen", "lt", "col",
                  "maj", "capt", "sgt", "gov", "sen", "rep", "e.g", "i.e", "vs", "km", "mt",
                  "ft", "jan", "feb", "mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec",
                  "inc", "co", "corp", "ltd", "jr", "sr", "prof", "rev", "est", "ca"}


def _sentences(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in _SENT.finditer(text):
        word = re.search(r"([\w.]+)$", text[pos:m.start()])
        if word and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS
                     or re.fullmatch(r"(?:[A-Z]\.)+", word.group(1))):
            continue  # "pop. 1.7m", "U.S. forces", "Gen. Smith"
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(a, b) for a, b in out if b > a]


def _sentence_of(ctx: _Ctx, pos: int) -> tuple[int, int]:
    for a, b in ctx.sentences:
        if a <= pos < b or (pos == b and a < b):
            return a, b
    return 0, len(ctx.doc.text)


def _doc_country(doc: Document) -> str | None:
    counts = Counter(m.place.country_code for m in doc.mentions
                     if m.place is not None and m.place.country_code)
    return counts.most_common(1)[0][0] if counts else None


def _mention_at(ctx: _Ctx, pos: int) -> Mention | None:
    text = ctx.doc.text
    m = ctx.by_start.get(pos)
    if m is not None:
        return m
    low = text[pos:pos + 4].lower()
    if low == "the ":
        return ctx.by_start.get(pos + 4)
    return None


_CAPWORDS = re.compile(r"(?:(?:al|el|ad|as|ar|an|at|az|ash|abu|bu|bin|ibn|umm|tal|tel|ain|"
                       r"deir|jabal|jebel|wadi|bab|ras|the|of)[-\s]|[A-Z][\w'’]*[-\s]?)*"
                       r"[A-Z][\w'’-]*")


_OF_PLACE = re.compile(r"the\s+(?:city|town|village|port|province|region|district|state)\s+of\s+",
                       re.I)
_NOT_A_PLACE_AFTER = re.compile(
    r"(?:\s+(?:Road|Rd|Highway|Hwy|Street|St|Avenue|Ave|Drive|Dr|Boulevard|Blvd|Lane|Route|"
    r"Pike|Parkway|Way|Court|roads?|streets?|avenues?|drives?|boulevards?)\b|['’]s\s+"
    r"(?:estate|home|house|farm|office|ranch|property)\b)")


def _ref_at(ctx: _Ctx, pos: int) -> _Ref | None:
    """A reference place starting at ``pos``: a mention, a place pronoun, or a border."""
    text = ctx.doc.text
    m = _mention_at(ctx, pos)
    of = _OF_PLACE.match(text, pos)
    if m is None and of:  # "30 km north-east of the city of Maiduguri"
        m = ctx.by_start.get(of.end())
    if m is not None:
        if _NOT_A_PLACE_AFTER.match(text[m.end:m.end + 24]):
            return None  # "County Road 80", "LaVista Road", "North avenues", "Wilder's estate"
        border = re.match(r"(?:\s*,\s*[A-Z][\w.]*,?)?\s+border\b", text[m.end:m.end + 24])
        if border and m.place is not None and m.place.kind in ("country", "admin1"):
            end = m.end + border.end()  # "near the New York border", "the Indiana, Ill., border"
            return _Ref(text[pos:end], pos, end, m.place, "border", m)
        end, place = _suffixed(ctx, m)
        start = pos if text[pos:pos + 4].lower() == "the " and m.start == pos + 4 else m.start
        return _Ref(text[start:end], start, end, place, "place", m)
    rest = text[pos:pos + 80]
    b = re.match(rf"(?:the\s+)?(?P<dem>{DEMONYM})\s+border\b|(?:the\s+)?border\s+with\s+"
                 rf"(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", rest, re.I) \
        or re.match(r"(?:the\s+)?(?P<country>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+border\b",
                    rest)
    if b and b.groupdict().get("country"):  # "the Cameroon border": a country's name used as an adjective
        place = _lookup_country(ctx, b.group("country"))
        if place is not None:
            return _Ref(text[pos:pos + b.end()], pos, pos + b.end(), place, "border")
    elif b:
        cc = DEMONYMS.get(b.group("dem").lower()) if b.group("dem") else None
        place = ctx.gaz.country(cc) if cc else None
        if b.group("name"):
            mm = ctx.by_start.get(pos + b.start("name"))
            place = mm.place if mm is not None else _lookup_country(ctx, b.group("name"))
        return _Ref(text[pos:pos + b.end()], pos, pos + b.end(), place, "border")
    p = re.match(r"the\s+(?:(?P<prov>provincial|regional|state|district)\s+|"
                 rf"(?P<dem>{DEMONYM})\s+|national\s+)?capital\b"
                 r"|the\s+(?P<noun>city|town|village)\b(?!\s+of\b)", rest, re.I)
    if p:
        return _Ref(text[pos:pos + p.end()], pos, pos + p.end(), None, "pronoun")
    c = _CAPWORDS.match(rest)
    if c and (c.group(0)[:1].isupper() or re.match(r"the\s+[A-Z]", c.group(0))
              or re.match(r"\w+-[A-Z]", c.group(0))):
        name = c.group(0).rstrip("-' ")
        if re.search(r"\b(?:Road|Street|Avenue|Highway|Drive|Boulevard|Lane|Route)$", name) \
                or _NOT_A_PLACE_AFTER.match(rest[len(c.group(0).rstrip("-' ")):][:24]):
            return None
        shown = name
        if name.lower().startswith("the "):
            name = name[4:]
        if name.endswith(" of"):
            return None
        if name and name.split()[0] not in ("The", "A", "An", "In", "On", "It", "Of"):
            place = _exact(ctx, name)
            return _Ref(shown, pos, pos + len(shown), place, "place")
    return None


def _exact(ctx: _Ctx, name: str) -> Place | None:
    for c in ctx.gaz.search(name, limit=3, fuzzy=False):
        if c.match in ("exact", "alternate") and c.score >= 0.6:
            return c.place
    return None


def _lookup_country(ctx: _Ctx, name: str) -> Place | None:
    for c in ctx.gaz.search(name, limit=5, fuzzy=False):
        if c.place.kind == "country":
            return c.place
    return None


def _suffixed(ctx: _Ctx, m: Mention) -> tuple[int, Place | None]:
    """Where a mention ends with its area word ("Bagram airbase", "Idlib province") and the
    place it then names: "X province" after a city X is the province the city heads."""
    text = ctx.doc.text
    suf = re.match(_AREA_SUFFIX, text[m.end:])
    if not suf or not suf.group(0):
        return m.end, m.place
    place = m.place
    if place is not None and place.kind == "city" and place.admin1_code and re.fullmatch(
            rf"\s+(?:{_ADMIN_WORDS})", suf.group(0), re.I):
        admin = ctx.gaz.admin(place.admin1_code)
        stem = fold(m.text)[:5]
        if admin is not None and any(w.startswith(stem) for w in fold(admin.name).split()):
            place = admin
    return m.end + suf.end(), place


def _resolve_pronoun(ctx: _Ctx, ref: _Ref, target: Place | None, before: int) -> _Ref:
    low = ref.text.lower()
    place: Place | None = None
    if "capital" in low:
        dem = re.search(DEMONYM, low)
        provincial = re.search(r"provincial|regional|state|district", low)
        if provincial:
            admin1 = None
            if target is not None and target.admin1_code:
                admin1 = target.admin1_code
            else:
                last = _last(ctx, before, ("admin1",))
                admin1 = last.admin1_code if last else None
            if admin1:
                place = capital_of(ctx.gaz, admin1.split(".")[0], admin1)
        else:
            cc = DEMONYMS.get(dem.group(0)) if dem else (
                target.country_code if target is not None and target.country_code
                else ctx.country)
            if cc:
                place = capital_of(ctx.gaz, cc)
    else:
        last = _last(ctx, before, ("city",), exclude=target)
        place = last
    return dataclasses.replace(ref, place=place)


def _last(ctx: _Ctx, before: int, kinds: tuple[str, ...], exclude: Place | None = None
          ) -> Place | None:
    for m in reversed(ctx.doc.mentions):
        if m.end <= before and m.place is not None and m.place.kind in kinds and (
                exclude is None or m.place.id != exclude.id):
            return m.place
    return None


# -- targets ------------------------------------------------------------------------------
_TARGET_BAD_KINDS = {"river", "water", "lake", "country", "admin1"}


_CONTAINER_BEFORE = re.compile(r"\b(?:in|inside|within|of|across)\s+(?:the\s+)?$", re.I)
_PREP_BEFORE = re.compile(r"\b(?:on|in|near|along|by|inside|outside|close\s+to|next\s+to)"
                          r"\s+(?:the\s+)?$", re.I)


def _is_address_part(ctx: _Ctx, m: Mention) -> bool:
    """``State`` in "Town, State": a comma right after another place mention."""
    if re.match(r"['’]s\b", ctx.doc.text[m.end:m.end + 2]):
        return False  # "Basra, Iraq's main port": an appositive, not an address
    before = ctx.doc.text[max(0, m.start - 8):m.start]
    comma = re.search(r",\s*$", before)
    if not comma:
        return False
    comma_at = m.start - len(before) + comma.start()
    prev = next((x for x in reversed(ctx.doc.mentions) if x.end <= m.start), None)
    return prev is not None and prev.end == comma_at and prev.place is not None \
        and prev.place.kind not in ("admin1", "country")


def _gap_ok(ctx: _Ctx, a: int, b: int) -> bool:
    text = ctx.doc.text
    cuts = [(s, e) for s, e in ctx.spans if a <= s and e <= b]
    for m in ctx.doc.mentions:  # "lies on the Tigris about 150 km": skip the phrase
        if a <= m.start and m.end <= b and m.place is not None and \
                m.place.kind in ("admin1", "country") and _is_address_part(ctx, m):
            cuts.append((m.start, m.end))  # "Louisville, Kentucky, about 35 miles"
            continue
        if a <= m.start and m.end <= b:
            pre = _PREP_BEFORE.search(text[max(a, m.start - 16):m.start])
            if pre:
                suf = re.match(_AREA_SUFFIX, text[m.end:b])
                cuts.append((m.start - len(pre.group(0)),
                             m.end + (suf.end() if suf and suf.group(0) else 0)))
    gap = text[a:b]
    for s, e in sorted(cuts, reverse=True):
        if a <= s and e <= b:
            gap = gap[:s - a] + " , " + gap[e - a:]
    gap = re.sub(r"\([^()]{0,60}\)", " , ", gap)  # "Mosul (pop. 1.7m) lies"
    gap = re.sub(r"\b(?:on|along|near|by)\s+(?:the\s+)?[A-Z][\w'’-]*"
                 r"(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*", " , ", gap)  # "lies on the Sea of Azov,"
    gap = re.sub(r"\b(?:on|along|off|by)\s+the\s+(?:[a-z]+\s+)?(?:highway|road|motorway|"
                 r"coast|shore|frontline|front\s+line|railway(?:\s+line)?)\b", " , ", gap)
    gap = re.sub(r"(?<=\d),(?=\d)", "", gap)
    gap = re.sub(r"(?:\s*,)+", ",", gap)
    if _GAP_DIRECT.match(gap):
        return True
    if _GAP_APPOS.match(gap):
        last = gap.rfind(",")
        first = gap.find(",")
        if last == first:
            return True  # the claim sits inside the appositive
        return bool(_GAP_DIRECT.match(gap[last:]))
    return False


def _target(ctx: _Ctx, pos: int, *, allow_big: bool = False, exclude: set[int] = frozenset()
            ) -> tuple[str, Place | None, Mention | None] | None:
    """The place a claim starting at ``pos`` is about, or None."""
    s0, _ = _sentence_of(ctx, pos)
    candidates = [m for m in ctx.doc.mentions if s0 <= m.start and m.end <= pos]
    for m in reversed(candidates):
        if m.start in exclude or m.start in ctx.used_refs:
            continue
        if re.search(r"\b(?:Gulf|Sea|Bay|[Cc]oast|University|College|Bank|Republic|Kingdom)\s+of\s+"
                     r"(?:the\s+)?$", ctx.doc.text[max(0, m.start - 20):m.start]):
            continue  # "the Gulf of Mexico near Beaumont"
        if m.place is not None and (m.place.feature_code in ("CONT", "RGN", "OCN") or (
                m.place.kind in ("admin1", "country") and _is_address_part(ctx, m))):
            continue  # "Africa"; the "Ohio" of "Canal Winchester, Ohio"
        if m.place is not None and m.place.kind in _TARGET_BAD_KINDS and not (
                allow_big and m.place.kind == "admin1" and not _CONTAINER_BEFORE.search(
                    ctx.doc.text[max(0, m.start - 12):m.start])):
            continue
        end, place = _suffixed(ctx, m)  # "Bagram airbase, about 50 km north of Kabul"
        if _CONTAINER_BEFORE.search(ctx.doc.text[max(0, m.start - 12):m.start]):
            end, place = m.end, m.place  # "the capital of the Kurdistan region, is": not it
        if end <= pos and _gap_ok(ctx, end, pos):
            return ctx.doc.text[m.start:end], place, m
        break_here = m.place is None or m.place.kind not in _TARGET_BAD_KINDS
        if break_here and not _GAP_APPOS.match(ctx.doc.text[m.end:pos]):
            # a target-eligible place that is not linked: keep looking only through
            # appositives of an earlier place
            continue
    pron = _PRONOUN_SUBJECT.match(ctx.doc.text[s0:pos])
    if pron and _gap_ok(ctx, s0 + pron.end(), pos):
        place = _subject_before(ctx, s0)
        if place is None:
            return None  # "It was 40 km away": no place to be about
        return ctx.doc.text[s0 + pron.start():s0 + pron.end()].strip(), place, None
    return None


def _span(tgt: tuple[str, Place | None, Mention | None] | None) -> tuple[int, int] | None:
    return (tgt[2].start, tgt[2].end) if tgt is not None and tgt[2] is not None else None


_COORD = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or|,?\s+as\s+well\s+as)\s+$")


def _coordinated(ctx: _Ctx, claims: list[Claim]) -> list[Claim]:
    """"Ramadi and Fallujah lie west of Baghdad": the claim holds for each coordinated place."""
    out = []
    for c in claims:
        if c.target_span is None or c.kind == "descriptor" or c.role:
            continue
        pos = c.target_span[0]
        for m in reversed([m for m in ctx.doc.mentions if m.end <= pos]):
            if m.end != pos and not _COORD.match(ctx.doc.text[m.end:pos]):
                break
            if m.place is None or m.place.kind in _TARGET_BAD_KINDS or \
                    m.start in ctx.used_refs or not _COORD.match(ctx.doc.text[m.end:pos]) or \
                    (c.target_place is not None and c.target_place.kind in _TARGET_BAD_KINDS):
                break
            out.append(dataclasses.replace(c, target_text=m.text, target_place=m.place,
                                           target_span=(m.start, m.end)))
            pos = m.start
    return out


def _subject_before(ctx: _Ctx, s0: int) -> Place | None:
    """The subject place of the nearest previous sentence that opens with a place."""
    for a, b in reversed([s for s in ctx.sentences if s[1] <= s0]):
        first = next((m for m in ctx.doc.mentions if a <= m.start < b), None)
        if first is not None and first.place is not None and \
                first.place.kind not in _TARGET_BAD_KINDS and \
                re.fullmatch(r"\s*(?:[A-Z]{2,}[^\n]*?-\s*)?(?:In\s+|The\s+(?:town|city|village)"
                             r"\s+of\s+)?", ctx.doc.text[a:first.start]):
            return first.place
    return _last(ctx, s0, ("city",))


_NOT_PLACE = re.compile(r"\b(?:Brigade|Division|Regiment|Battalion|Army|Forces|Corps|Police|"
                        r"Unit|Ministry|Council|Committee|State|Group|Front|Party|Militia|"
                        r"Company|Squadron|Fleet|Command|Guard|Monday|Tuesday|Wednesday|"
                        r"Thursday|Friday|Saturday|Sunday)\b")


def _unnamed_target(ctx: _Ctx, pos: int) -> str:
    """A capitalised name right before a claim that the geoparser did not tag, or ''."""
    s0, _ = _sentence_of(ctx, pos)
    before = ctx.doc.text[s0:pos]
    m = re.search(r"((?:(?:al|el|ad|ar|as|abu|bu|umm|tal|ain)[-\s])?[A-Z][\w'’-]*"
                  r"(?:[\s-](?:(?:al|el|ad|ar|as|abu|bu|umm)[-\s])?[A-Z][\w'’-]*)*)"
                  rf"(?:\s+(?:{_PLACE_NOUNS}))?\s*,?\s*(?:(?:is|lies|sits|located|situated)\s+)?$",
                  before)
    if not m:
        return ""
    name = m.group(1)
    if name.split()[0] in ("The", "A", "An", "In", "On", "It", "He", "She", "They", "But",
                           "And", "At", "By", "From"):
        return ""
    if _NOT_PLACE.search(name) or re.search(r"\d", before[max(0, m.start() - 6):m.start()]):
        return ""
    return name


# -- extraction ---------------------------------------------------------------------------
_DIST = re.compile(
    rf"(?P<qual>\b(?:{QUAL}|between)\s+)?(?<![\w.,/])(?P<n1>{NUM})(?!/)"
    rf"(?:\s*(?:to|-|–|and|or)\s*(?P<n2>{NUM}))?[\s-]*(?P<unit>{UNIT})\b(?!\s*(?:²|2\b|square))"
    rf"(?P<conv>\s*\(\s*(?:(?:{QUAL})\s+)?{NUM}(?:\s*(?:to|-|–)\s*{NUM})?[\s-]*(?:{UNIT})\s*\))?"
    rf"(?P<away>\s+away)?"
    rf"(?:\s+(?:(?:to\s+the\s+|to\s+)?(?P<dir>{DIRWORD})\s+(?:of|from)\s+"
    rf"|(?P<rel>from|outside(?:\s+of)?|short\s+of|off(?:\s+the\s+coast\s+of)?|of)\s+"
    rf"|\s+(?:further\s+|farther\s+)?to\s+the\s+(?P<dirto>{DIRWORD})\b(?!\s+of\b)))?",
    re.I)
_TIME = re.compile(
    rf"(?:\b(?P<qual>{QUAL})\s+)?(?P<dur>\b"
    rf"(?:an?\s+(?=\w+[\s-]+(?:and[\s-]+a[\s-]+half[\s-]+)?(?:hour|minute|day)))?"
    rf"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|half[- ]an?)"
    rf"(?:[\s-]+and[\s-]+a[\s-]+half)?[\s-]+(?:hour|minute|day)s?"
    rf"(?:[\s-]+and[\s-]+a[\s-]+half)?(?:(?:['’]s?)?[\s-]+"
    rf"(?:drive|walk|journey|ride|trip|flight|march|boat\s+ride)"
    rf"|\s+(?:by\s+(?:road|car|bus|boat|train|air)|on\s+foot)))(?:\s+away)?\s+"
    rf"(?:(?:to\s+the\s+)?(?P<dir>{DIRWORD})\s+of|from)\s+", re.I)
_DIRONLY = re.compile(
    rf"(?:\b(?:just|due|directly|immediately|slightly|further|farther)\s+)?"
    rf"(?:\bto\s+the\s+)?\b(?P<dir>{DIRWORD})\s+of\s+", re.I)
_OUTSKIRTS = re.compile(rf"\bon\s+the\s+(?P<adj>{DIRADJ})\s+(?:outskirts|edge|edges|fringes?)"
                        rf"\s+of\s+", re.I)
_NEAR = re.compile(r"\b(?P<rel>near(?:by)?|close\s+to|not\s+far\s+from|outside(?:\s+of)?|"
                   r"next\s+to|adjacent\s+to|on\s+the\s+outskirts\s+of|on\s+the\s+edge\s+of|"
                   r"on\s+the\s+banks?\s+of|along|alongside|on)\s+", re.I)
_BETWEEN = re.compile(r"\bbetween\s+", re.I)
_CAPITAL = re.compile(rf"(?:,\s+|\s+(?:is|was|remains|became)\s+)(?P<rest>(?:the\s+)?"
                      rf"(?:(?P<named>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+"
                      rf"(?=(?:provincial|regional|state|province)\s+capital))?"
                      rf"(?:(?P<prov>provincial|regional|state|province)\s+|"
                      rf"(?P<dem>{DEMONYM})\s+|national\s+)?capital\b(?:\s+of\s+)?)", re.I)
_DESC = re.compile(rf"\bthe\s+(?P<adj>{DIRADJ})\s+(?:(?P<dem>{DEMONYM})\s+)?"
                   rf"(?P<mid>[a-z]+\s+)?(?:{_PLACE_NOUNS})\s+of\s+", re.I)
_REGION = re.compile(rf"\b(?P<adj>{DIRADJ})\s+", re.I)


def extract_claims(doc: Document, gazetteer: Gazetteer) -> tuple[Document, tuple[Claim, ...]]:
    """Find and verify the spatial claims of a geoparsed document.

    Returns the document (mentions re-resolved where a claim picks a better candidate) and
    the verified claims in text order."""
    if not doc.text:
        return doc, ()
    ctx = _Ctx(doc, gazetteer, {m.start: m for m in doc.mentions}, _sentences(doc.text),
               _doc_country(doc), set(), [])
    claims: list[Claim] = []
    for finder in (_find_distances, _find_times, _find_outskirts, _find_directions,
                   _find_capitals, _find_containment, _find_descriptors, _find_between,
                   _find_proximity, _find_regions):
        try:
            claims.extend(finder(ctx))
        except Exception:  # noqa: BLE001 - one faulty pattern must not lose the others
            log.exception("claim finder %s failed", finder.__name__)
    claims.extend(_coordinated(ctx, claims))
    claims.sort(key=lambda c: (c.start, c.end, c.target_span or (0, 0)))
    verified = [verify_claim(c, gazetteer) for c in claims]
    doc, verified = rechoose(doc, verified, gazetteer)
    return doc, tuple(verified)


def _free(ctx: _Ctx, a: int, b: int) -> bool:
    return all(e <= a or b <= s for s, e in ctx.spans)


def _take(ctx: _Ctx, claim: Claim, ref: _Ref | None = None) -> Claim:
    ctx.spans.append((claim.start, claim.end))
    if ref is not None and ref.mention is not None:
        ctx.used_refs.add(ref.mention.start)
    return claim


def _find_distances(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out: list[Claim] = []
    for m in _DIST.finditer(text):
        unit_raw = m.group("unit")
        if unit_raw.lower() in ("m", "mi") and not (m.group("dir") or m.group("rel")):
            continue
        if unit_raw == "M":
            continue
        qual = (m.group("qual") or "").strip().lower() or None
        if qual == "between" and not m.group("n2"):
            continue
        direction = dir_word = None
        if m.group("dir"):
            dir_word = m.group("dir")
            if len(dir_word) <= 3 and not dir_word.isupper():
                continue
            direction = parse_compass(dir_word)
            if direction is None:
                continue
        implicit = False
        if m.group("dirto"):
            dir_word = m.group("dirto")
            direction = parse_compass(dir_word) if len(dir_word) > 3 or dir_word.isupper() \
                else None
            if direction is None:
                continue
            implicit = True
        rel = (m.group("rel") or "").lower() or None
        if rel == "of" and qual != "within":
            rel = None  # "3 km of riverfront"; only "within 30 km of X" is a claim
        start = m.start("qual") if m.group("qual") else m.start("n1")
        if implicit:  # "Amiriyat, some 30 km to the south": from the place named before
            ref = _implicit_reference(ctx, start)
            if ref is None:
                continue
        else:
            ref = _ref_at(ctx, m.end()) if (direction or rel) else None
            if (direction or rel) and ref is None:
                continue
        if not (direction or rel or m.group("away")):
            continue
        if qual == "between":
            qual = None
        end = m.end() if implicit else ref.end if ref is not None else m.end("away")
        if not _free(ctx, start, end):
            continue
        n1 = parse_number(m.group("n1"))
        n2 = parse_number(m.group("n2")) if m.group("n2") else None
        if n1 is None:
            continue
        unit = parse_unit(unit_raw)
        prec = precision_of(n1[1]) if n2 is None else max(precision_of(n1[1]),
                                                           precision_of(n2[1]))
        is_border = ref is not None and ref.kind == "border"
        exclude = {ref.mention.start} if ref is not None and ref.mention else set()
        tgt = _target(ctx, start, exclude=exclude, allow_big=True)
        if tgt is None and not direction and not (
                ref is not None and ref.place is not None
                and rel in ("from", "outside", "outside of", "off", "off the coast of")
                and not re.match(r"\s+(?:to|and)\b", text[ref.end:])):  # a route
            continue
        t_text, t_place, _t_m = tgt if tgt else (_unnamed_target(ctx, start), None, None)
        if ref is not None and ref.kind == "pronoun":
            ref = _resolve_pronoun(ctx, ref, t_place, start)
        kind = "proximity" if is_border else (
            "distance_direction" if direction else "distance")
        claim = Claim(
            kind=kind, text=text[start:end], start=start, end=end, target_text=t_text,
            target_place=t_place, target_span=_span(tgt), reference_text=ref.text if ref else "",
            reference_place=ref.place if ref else None,
            reference_kind=ref.kind if ref else "place",
            value=n1[0], value_high=n2[0] if n2 else None, unit=unit,
            value_km=n1[0] * UNIT_KM[unit], precision=prec, direction=direction,
            direction_word=dir_word, qualifier=qual,
            relation="border" if is_border else rel)
        if implicit:
            ctx.spans.append((claim.start, claim.end))
            out.append(claim)
        else:
            out.append(_take(ctx, claim, ref))
    return out


def _implicit_reference(ctx: _Ctx, pos: int) -> _Ref | None:
    """The place a "30 km to the south" is measured from: the place named before the target."""
    tgt = _target(ctx, pos, allow_big=True)
    if tgt is None or tgt[2] is None:
        return None
    s0, _ = _sentence_of(ctx, pos)
    before = [m for m in ctx.doc.mentions if m.end <= tgt[2].start and m.place is not None
              and m.place.kind not in ("river", "water", "lake")]
    if not before:
        return None
    m = before[-1]
    return _Ref(m.text, m.start, m.end, m.place, "place", m)


def _find_times(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _TIME.finditer(text):
        ref = _ref_at(ctx, m.end())
        if ref is None or not _free(ctx, m.start(), ref.end):
            continue
        tgt = _target(ctx, m.start(), allow_big=True)
        t_text, t_place = (tgt[0], tgt[1]) if tgt else ("", None)
        if ref.kind == "pronoun":
            ref = _resolve_pronoun(ctx, ref, t_place, m.start())
        direction = parse_compass(m.group("dir")) if m.group("dir") else None
        claim = Claim(kind="distance_direction" if direction else "distance",
                      text=text[m.start():ref.end], start=m.start(), end=ref.end,
                      target_text=t_text, target_place=t_place, target_span=_span(tgt),
                      reference_text=ref.text,
                      reference_place=ref.place, reference_kind=ref.kind,
                      direction=direction, direction_word=m.group("dir"),
                      duration=m.group("dur"),
                      qualifier=m.group("qual").lower() if m.group("qual") else None)
        out.append(_take(ctx, claim, ref))
    return out


def _find_outskirts(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _OUTSKIRTS.finditer(text):
        ref = _ref_at(ctx, m.end())
        if ref is None or ref.kind != "place" or not _free(ctx, m.start(), ref.end):
            continue
        direction = parse_compass(m.group("adj"))
        exclude = {ref.mention.start} if ref.mention else set()
        tgt = _target(ctx, m.start(), exclude=exclude, allow_big=True)
        if tgt is None or direction is None:
            continue
        claim = Claim(kind="direction", text=text[m.start():ref.end], start=m.start(),
                      end=ref.end, target_text=tgt[0], target_place=tgt[1], target_span=_span(tgt),
                      reference_text=ref.text, reference_place=ref.place,
                      direction=direction, direction_word=m.group("adj"),
                      relation="outskirts")
        out.append(_take(ctx, claim, ref))
    return out


def _find_directions(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _DIRONLY.finditer(text):
        word = m.group("dir")
        if len(word) <= 3 and not word.isupper():
            continue
        direction = parse_compass(word)
        if direction is None:
            continue
        ref = _ref_at(ctx, m.end())
        if ref is None or ref.kind == "border" or not _free(ctx, m.start(), ref.end):
            continue
        exclude = {ref.mention.start} if ref.mention else set()
        tgt = _target(ctx, m.start(), exclude=exclude, allow_big=True)
        if tgt is None:
            continue
        if ref.kind == "pronoun":
            ref = _resolve_pronoun(ctx, ref, tgt[1], m.start())
        claim = Claim(kind="direction", text=text[m.start():ref.end], start=m.start(),
                      end=ref.end, target_text=tgt[0], target_place=tgt[1], target_span=_span(tgt),
                      reference_text=ref.text, reference_place=ref.place,
                      reference_kind=ref.kind, direction=direction, direction_word=word)
        out.append(_take(ctx, claim, ref))
    return out


def _find_capitals(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _CAPITAL.finditer(text):
        target = next((x for x in reversed(ctx.doc.mentions) if x.end == m.start()), None)
        if target is None or target.place is None or \
                target.place.kind in _TARGET_BAD_KINDS:
            continue
        start = m.start("rest")
        if m.group(0).rstrip().endswith("of"):
            ref = _ref_at(ctx, m.end())
            if ref is None:
                continue
            end = ref.end
            ref_text, ref_place, ref_m = ref.text, ref.place, ref.mention
        elif m.group("named"):  # "Maiduguri, the Borno state capital"
            ref_m = ctx.by_start.get(m.start("named"))
            if ref_m is None or ref_m.place is None:
                continue
            end = m.end()
            area_word = {"provincial": "province", "regional": "region"}.get(
                m.group("prov").lower(), m.group("prov").lower())
            ref_text = f"{ref_m.text} {area_word}"  # "the Anbar provincial capital"
            ref_place = _suffixed(ctx, ref_m)[1]
        else:
            end = m.end()
            ref_m = None
            if m.group("prov"):
                code = target.place.admin1_code
                prev = _last(ctx, m.start(), ("admin1",))
                ref_place = prev if prev is not None else (
                    ctx.gaz.admin(code) if code else None)
            else:
                cc = DEMONYMS.get(m.group("dem").lower()) if m.group("dem") else \
                    target.place.country_code
                ref_place = ctx.gaz.country(cc) if cc else None
            ref_text = text[start:end]
        if not _free(ctx, start, end):
            continue
        claim = Claim(kind="containment", text=text[start:end], start=start, end=end,
                      target_text=target.text, target_place=target.place,
                      reference_text=ref_text, reference_place=ref_place, role="capital",
                      relation="capital")
        ctx.spans.append((start, end))
        if ref_m is not None:
            ctx.used_refs.add(ref_m.start)
        out.append(claim)
    return out


def _find_containment(ctx: _Ctx) -> list[Claim]:
    """"Anbar's Heet", "Heet, in Anbar province", "in Syria's Idlib province" (both claims)
    and addresses ("Mayfield, Kentucky,")."""
    text = ctx.doc.text
    out = []
    for m in ctx.doc.mentions:
        end, area = _suffixed(ctx, m)
        if area is None or area.kind not in ("admin1", "admin2", "country"):
            continue
        poss = re.match(r"['’]s\s+", text[m.end:])
        tm = ctx.by_start.get(m.end + poss.end()) if poss else None
        if tm is not None and tm.place is not None and (
                tm.place.kind not in _TARGET_BAD_KINDS  # "Anbar's Heet"
                or area.kind == "country" and tm.place.kind == "admin1"):  # "Iraq's Nineveh"
            t_end, t_place = _suffixed(ctx, tm)
            if not _free(ctx, m.start, t_end):
                continue
            outer = _contained_in(ctx, m.start, tm, t_end, t_place)
            out.append(_take(ctx, Claim(
                kind="containment", text=text[m.start:t_end], start=m.start, end=t_end,
                target_text=text[tm.start:t_end], target_place=t_place,
                target_span=(tm.start, tm.end), reference_text=m.text, reference_place=area,
                relation="in")))
            if outer is not None:  # "Maarat al-Numan in Syria's Idlib province"
                out.append(_take(ctx, outer))
            continue
        if _is_address_part(ctx, m) and end == m.end and not re.match(
                r"\s*(?:['’]s\b|(?:and|or|&)\b)", text[m.end:]):
            tgt = next(x for x in reversed(ctx.doc.mentions) if x.end <= m.start)
            if re.search(r",\s*$", text[max(0, tgt.start - 3):tgt.start]) or \
                    not _free(ctx, m.start, m.end):
                continue  # "Aleppo, Homs, Syria": a list, not an address
            out.append(_take(ctx, Claim(
                kind="containment", text=m.text, start=m.start, end=m.end,
                target_text=tgt.text, target_place=tgt.place, target_span=(tgt.start, tgt.end),
                reference_text=m.text, reference_place=area, relation="address")))
            continue
        if _free(ctx, m.start, end):
            claim = _contained_in(ctx, m.start, m, end, area)
            if claim is not None:
                out.append(_take(ctx, claim))
                ctx.used_refs.add(m.start)
    return out


def _contained_in(ctx: _Ctx, pos: int, m: Mention, end: int, area: Place | None
                  ) -> Claim | None:
    """"Heet, in Anbar province": the claim that the place before "in" at ``pos`` lies in
    ``area`` (the mention ``m``, ending at ``end`` with its area word)."""
    text = ctx.doc.text
    pre = re.search(r"\b(?:in|inside|within)\s+(?:the\s+)?(?:[A-Z]\w+\s+)?$",
                    text[max(0, pos - 12):pos])
    if area is None or not pre:
        return None
    start = pos - len(pre.group(0))
    if re.search(r"\b(?:and|or|nor)\s+$", text[max(0, start - 6):start]):
        return None  # "deaths in Wales and in England": parallel places, not containment
    tgt = _target(ctx, start, exclude={m.start})
    if tgt is None or tgt[1] is None or tgt[1].kind in ("admin1", "country"):
        return None
    if tgt[1].kind == "admin2" and area.kind not in ("admin1", "country"):
        return None
    return Claim(kind="containment", text=text[start:end], start=start, end=end,
                 target_text=tgt[0], target_place=tgt[1], target_span=_span(tgt),
                 reference_text=text[m.start:end], reference_place=area, relation="in")


def _find_descriptors(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _DESC.finditer(text):
        tm = _mention_at(ctx, m.end())
        if tm is None or tm.place is None or not _free(ctx, m.start(), tm.end):
            continue
        adj = m.group("adj")
        direction = parse_compass(adj) if adj.lower() != "central" else None
        if tm.place.kind in ("country", "admin1") and re.search(
                r"\b(?:region|part|parts|area|areas)\s+of\s+$", m.group(0)):
            # "the eastern region of Chad" names a region, unlike "the eastern province of X"
            claim = Claim(kind="descriptor", text=text[m.start():tm.end], start=m.start(),
                          end=tm.end, target_text=text[m.start():tm.end],
                          reference_text=tm.text, reference_place=tm.place,
                          direction=direction, direction_word=adj.lower(), relation="region")
            out.append(_take(ctx, claim))
            continue
        within = ctx.by_start.get(m.start("mid")) if m.group("mid") else None
        if within is not None and within.place is not None and \
                within.place.kind in ("admin1", "country"):
            area, area_text = within.place, within.text  # "the northern California city of"
        else:
            cc = DEMONYMS.get(m.group("dem").lower()) if m.group("dem") else \
                tm.place.country_code
            area = ctx.gaz.country(cc) if cc else None
            area_text = m.group("dem") or (area.name if area else "")
        if area is None:
            continue
        claim = Claim(kind="descriptor", text=text[m.start():tm.end], start=m.start(),
                      end=tm.end, target_text=tm.text, target_place=tm.place,
                      reference_text=area_text, reference_place=area,
                      direction=direction, direction_word=adj.lower(), relation="side")
        out.append(_take(ctx, claim))
    return out


def _find_regions(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _REGION.finditer(text):
        am = ctx.by_start.get(m.end())
        if am is None or am.place is None or am.place.kind not in ("country", "admin1"):
            continue
        if not _free(ctx, m.start(), am.end):
            continue
        if re.match(r"\s+[A-Z]", text[am.end:am.end + 3]) or re.search(
                r"\b(?:University|College|School|Bank|Association|Conference|District)\s+"
                r"of\s+(?:the\s+)?$", text[max(0, m.start() - 30):m.start()]):
            continue  # "Northern Illinois University", "University of Southern Indiana"
        adj = m.group("adj")
        direction = parse_compass(adj) if adj.lower() != "central" else None
        inside = re.search(r"\b(?:in|of|across|throughout)\s+(?:the\s+)?$",
                           text[max(0, m.start() - 12):m.start()])
        tgt = _target(ctx, m.start() - len(inside.group(0)), exclude={am.start}) \
            if inside else None
        if tgt is not None and tgt[1] is not None and \
                (tgt[1].country_code == am.place.country_code or am.place.kind == "admin1"):
            claim = Claim(kind="descriptor", text=text[m.start():am.end], start=m.start(),
                          end=am.end, target_text=tgt[0], target_place=tgt[1],
                          target_span=_span(tgt),
                          reference_text=am.text, reference_place=am.place,
                          direction=direction, direction_word=adj.lower(), relation="side")
            out.append(_take(ctx, claim))
            continue
        claim = Claim(kind="descriptor", text=text[m.start():am.end], start=m.start(),
                      end=am.end, target_text=text[m.start():am.end],
                      reference_text=am.text, reference_place=am.place, direction=direction,
                      direction_word=adj.lower(), relation="region")
        out.append(_take(ctx, claim))
    return out


def _find_between(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _BETWEEN.finditer(text):
        a = _ref_at(ctx, m.end())
        if a is None or a.kind != "place":
            continue
        j = re.match(r"\s+and\s+", text[a.end:])
        if not j:
            continue
        b = _ref_at(ctx, a.end + j.end())
        if b is None or b.kind != "place" or not _free(ctx, m.start(), b.end):
            continue
        exclude = {x.mention.start for x in (a, b) if x.mention}
        tgt = _target(ctx, m.start(), exclude=exclude, allow_big=True)
        if tgt is None:
            continue
        claim = Claim(kind="proximity", text=text[m.start():b.end], start=m.start(),
                      end=b.end, target_text=tgt[0], target_place=tgt[1], target_span=_span(tgt),
                      reference_text=a.text, reference_place=a.place,
                      reference2_text=b.text, reference2_place=b.place, relation="between")
        out.append(_take(ctx, claim, a))
        if b.mention:
            ctx.used_refs.add(b.mention.start)
    return out


def _find_proximity(ctx: _Ctx) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _NEAR.finditer(text):
        rel = re.sub(r"\s+", " ", m.group("rel").lower())
        ref = _ref_at(ctx, m.end())
        if ref is None or ref.kind == "pronoun" or not _free(ctx, m.start(), ref.end):
            continue
        is_water = ref.place is not None and ref.place.kind in ("river", "water", "lake")
        if rel in ("on", "along", "alongside", "on the banks of", "on the bank of") and \
                not is_water and ref.kind != "border" and \
                not re.search(r"\b(?:river|canal|sea|lake|gulf|bay|coast)\b", ref.text, re.I):
            continue
        if ref.kind == "place" and ref.mention is None and ref.place is None and \
                not re.search(r"\b(?:river|base|airbase|border|sea|lake|gulf|bay|coast|dam|"
                              r"crossing|airport)\b", ref.text, re.I):
            continue
        exclude = {ref.mention.start} if ref.mention else set()
        tgt = _target(ctx, m.start(), exclude=exclude, allow_big=True)
        if tgt is None:
            continue
        kind_rel = "on" if rel in ("on", "along", "alongside", "on the banks of",
                                    "on the bank of") else rel
        if rel.startswith("on the outskirts") or rel.startswith("on the edge"):
            kind_rel = "outskirts"
        claim = Claim(kind="proximity", text=text[m.start():ref.end], start=m.start(),
                      end=ref.end, target_text=tgt[0], target_place=tgt[1], target_span=_span(tgt),
                      reference_text=ref.text, reference_place=ref.place,
                      reference_kind=ref.kind,
                      relation="border" if ref.kind == "border" else kind_rel)
        out.append(_take(ctx, claim, ref))
    return out
