"""Spatial claims: what an article asserts about geography ("Heet, 140km west of Baghdad"),
found by patterns around the document's place mentions, then verified (:mod:`.verify`).

Kinds: ``distance_direction``, ``distance``, ``direction``, ``containment``, ``descriptor``,
``proximity``. Numbers as digits, decimals, words ("forty-five", "a hundred") or ranges
("20 to 30 km"); units km, miles, metres, nautical miles; a parenthesised conversion
("50 km (30 miles)") belongs to its claim; "30 nautical miles off Hodeidah", "60 km upstream
of Kherson", "a 60-km drive from" and "Ramadi and Fallujah, some 45 km apart" are distances;
travel times ("a two-hour drive from", "an hour and a half by road from") are claims that
cannot be verified. Containment also reads "Syria's Idlib province", "in Iraq's Nineveh
province" and "in the central state of Guanajuato" (two claims each), "the Borno state
capital", "Tigray's capital, Mekelle", "Crimea's port of Sevastopol" and addresses
("Mayfield, Kentucky,"); a place the gazetteer lacks still makes its claim, unverifiable.
A side of an area is a descriptor in every wording: "the northern city of Mosul", "the
north-eastern cities of Kharkiv and Sumy" (one claim each), "in eastern Syria", "in the
north-east of Congo", "in Mali's far north-east", "on Libya's eastern coast", "on the west
coast of Maui" (an island county too), "central
Myanmar's Magway region", "Tyre, south Lebanon"; "at the southern edge of" and "in the
northern suburbs of" a town are directions.

"on the southern island of Mindanao" after a town is also containment in the island; a
descriptor of a place the gazetteer lacks is kept, unverifiable. "on the Euphrates" and
"right on the Dnipro" (a bare "the Name" ending the phrase, not a weekday or an institution)
name a river even when the gazetteer has none or only a town of that name: unverifiable
until river lines are added. "near the airbase" / "close to the city" are proximity to the
place of that kind named earlier; "10 km from the front line" is a distance, unverifiable
(a front moves), while "near the front line" and travel times to it are no claim.
"Residents of Gwoza fled to Maiduguri, 100 km away": a distance "away" (or a travel time, "a
two-hour drive away") after the destination of a journey is measured from its origin, the
place named before it in the sentence or, when it names none, the place the previous sentence
ended on; so is a sentence that opens with its target ("Bagram air base, barely 12 km away").
The journey's origin stays free to be a target ("fled Beni, in North Kivu province, for
Butembo"). A descriptor inside a distance's reference ("150 km south-west of the southern
Philippine city of Zamboanga") is a claim too. "on the Khabur some 55 km south of Hasakah":
a bare river name before a distance still ends the river phrase, and the river is no target.

Each claim is about a target and measured from a reference (:mod:`.anchors` finds both);
coordinated places ("Ramadi and Fallujah lie west of") each get the claim. No target, no claim
("the 1st Division west of Ramadi"), except distances with a direction or from a named place
("a convoy hit 20 km south of Mosul"), whose unnamed target gets an estimated location.

Numbers, units, qualifiers and direction words are :mod:`.quantities`. Claims inform
resolution: a verified claim that holds only with a runner-up candidate re-resolves its
mentions (:mod:`.rechoose`).
"""

from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .anchors import (DEMONYM, DEMONYMS, PLACE_NOUNS, PLACE_NOUNS_PLURAL, TARGET_BAD_KINDS,
                      TERRAIN_NOUNS, Context, Ref, doc_country, find_target, implicit_reference,
                      is_address_part, last_place, mention_at, ref_at, resolve_pronoun,
                      sentence_of, span_of, split_sentences, suffixed, unnamed_target)
from .document import Document, Mention
from .geodesy import parse_compass
from .place import Place
from .quantities import DIRADJ, DIRWORD, NUM, QUAL, UNIT, parse_number, parse_unit
from .rechoose import rechoose
from .verify import ADJACENT_QUALIFIERS, UNIT_KM, precision_of, verify_claim

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


_COORD = re.compile(r"^\s*(?:,|,?\s+and|,?\s+or|,?\s+as\s+well\s+as)\s+$")


def _coordinated(ctx: Context, claims: list[Claim]) -> list[Claim]:
    """"Ramadi and Fallujah lie west of Baghdad": the claim holds for each coordinated place."""
    out = []
    for c in claims:
        if c.target_span is None or c.kind == "descriptor" or c.role:
            continue
        pos = c.target_span[0]
        for m in reversed([m for m in ctx.doc.mentions if m.end <= pos]):
            if m.end != pos and not _COORD.match(ctx.doc.text[m.end:pos]):
                break
            if m.place is None or m.place.kind in TARGET_BAD_KINDS or \
                    m.start in ctx.used_refs or (c.reference_place is not None and
                                                 m.place.id == c.reference_place.id) or \
                    not _COORD.match(ctx.doc.text[m.end:pos]) or \
                    (c.target_place is not None and c.target_place.kind in TARGET_BAD_KINDS):
                break
            out.append(dataclasses.replace(c, target_text=m.text, target_place=m.place,
                                           target_span=(m.start, m.end)))
            pos = m.start
    return out


# -- extraction ---------------------------------------------------------------------------
_DIST = re.compile(
    rf"(?P<qual>\b(?:{QUAL}|between)\s+)?(?<![\w.,/])(?P<n1>{NUM})(?!/)"
    rf"(?:\s*(?:to|-|–|and|or)\s*(?P<n2>{NUM}))?[\s-]*(?P<unit>{UNIT})\b(?!\s*(?:²|2\b|square))"
    rf"(?P<conv>\s*\(\s*(?:(?:{QUAL})\s+)?{NUM}(?:\s*(?:to|-|–)\s*{NUM})?[\s-]*(?:{UNIT})\s*\))?"
    rf"(?:[\s-]+(?:drive|walk|ride|journey|trip|march|flight))?(?P<away>\s+away)?"
    rf"(?:\s+(?:(?:to\s+the\s+|to\s+)?(?P<dir>{DIRWORD})\s+(?:of|from)\s+"
    rf"|(?P<rel>from|outside(?:\s+of)?|short\s+of|off(?:\s+the\s+coast\s+of)?|"
    rf"(?:up|down)(?:stream|river)\s+(?:of|from)|of)\s+"
    rf"|(?:(?:further\s+|farther\s+)?to\s+the\s+|(?:further|farther)\s+)"
    rf"(?P<dirto>{DIRWORD})\b(?!\s+of\b)))?",
    re.I)
_TIME = re.compile(
    rf"(?:\b(?P<qual>{QUAL})\s+)?(?P<dur>\b"
    rf"(?:an?\s+(?=\w+[\s-]+(?:and[\s-]+a[\s-]+half[\s-]+)?(?:hour|minute|day)))?"
    rf"(?:a\s+few|a\s+couple\s+of|several|a|an|one|two|three|four|five|six|seven|eight|nine|"
    rf"ten|\d+|half[- ]an?)"
    rf"(?:[\s-]+and[\s-]+a[\s-]+half)?[\s-]+(?:hour|minute|day)s?"
    rf"(?:[\s-]+and[\s-]+a[\s-]+half)?(?:(?:['’]s?)?[\s-]+"
    rf"(?:drive|walk|journey|ride|trip|flight|march|boat\s+ride)"
    rf"|\s+(?:by\s+(?:road|car|bus|boat|train|air)|on\s+foot)))"
    rf"(?:(?P<away>\s+away)\b(?!\s+(?:from|to|of)\b)|(?:\s+away)?\s+"
    rf"(?:(?:to\s+the\s+)?(?P<dir>{DIRWORD})\s+of|from)\s+)", re.I)
_APART = re.compile(rf"(?:\b(?P<qual>{QUAL})\s+)?\b(?P<n1>{NUM})"
                    rf"(?:\s*(?:to|-|–)\s*(?P<n2>{NUM}))?[\s-]*(?P<unit>{UNIT})\s+apart\b", re.I)
_DIRONLY = re.compile(
    rf"(?:\b(?P<adv>just|due|directly|immediately|slightly|further|farther)\s+)?"
    rf"(?:\bto\s+the\s+)?\b(?P<dir>{DIRWORD})\s+of\s+", re.I)
_OUTSKIRTS = re.compile(rf"\b(?:on|at|in)\s+the\s+(?P<adj>{DIRADJ})\s+(?:outskirts|edges?|fringes?|"
                        rf"suburbs)\s+of\s+", re.I)
_NEAR = re.compile(r"\b(?P<rel>near(?:by)?|close\s+to|not\s+far\s+from|outside(?:\s+of)?|"
                   r"next\s+to|adjacent\s+to|on\s+the\s+outskirts\s+of|on\s+the\s+edge\s+of|"
                   r"across\s+the\s+(?:border|river|(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}))"
                   r"\s+from|on\s+the\s+other\s+side\s+of\s+the\s+(?:border|river)\s+from|"
                   r"(?:just\s+|only\s+)?a\s+stone['’]s\s+throw\s+(?:away\s+)?from|"
                   r"(?:just\s+|only\s+)?a\s+short\s+(?:drive|walk|ride|trip|distance)\s+"
                   r"(?:away\s+)?from|"
                   r"(?P<shore>on\s+the\s+(?:[a-z]+\s+)?(?:banks?|shores?)\s+of)|along|alongside|"
                   r"on)\s+", re.I)
_BETWEEN = re.compile(r"\bbetween\s+", re.I)
_CAPITAL = re.compile(rf"(?:,\s+|\s+(?:is|was|remains|became)\s+)(?P<rest>(?:the\s+)?"
                      rf"(?:(?P<named>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)\s+"
                      rf"(?=(?:provincial|regional|state|province)\s+capital))?"
                      rf"(?:(?P<prov>provincial|regional|state|province)\s+|"
                      rf"(?P<dem>{DEMONYM})\s+|national\s+)?capital\b(?:\s+of\s+)?)", re.I)
_DESC = re.compile(rf"\bthe\s+(?:[a-z]+(?:-[a-z]+)?\s+)??(?P<adj>{DIRADJ})\s+"
                   rf"(?:(?P<dem>{DEMONYM})\s+)?(?P<mid>[a-z]+(?:\s+[a-z]+)?\s+)?"
                   rf"(?:(?P<island>island)|{PLACE_NOUNS}|(?P<plural>{PLACE_NOUNS_PLURAL}))"
                   rf"\s+of\s+", re.I)
_LIST_NEXT = re.compile(r",?\s+and\s+|,\s*")
_AREA_KINDS = ("country", "admin1", "region")  # what a side ("eastern Syria") can be of
_POSSESSED = re.compile(rf"['’]s\s+(?:(?:{PLACE_NOUNS})\s+of\s+|"
                        rf"(?P<capital>(?:state\s+|provincial\s+|regional\s+)?capital),\s+)?")
_REGION = re.compile(rf"\b(?:(?P<adj>{DIRADJ})|(?P<bare>(?-i:(?:north|south)?[\s-]?(?:east|west)"
                     rf"|north|south)))\s+", re.I)  # "south Lebanon", not "South Sudan"
_SIDE_OF = re.compile(rf"\b(?:(?:in|across|throughout|at)\s+the\s+(?:far\s+|extreme\s+)?"
                      rf"(?:(?P<dir>{DIRWORD})|(?P<adj>{DIRADJ})\s+(?:corner|tip|reaches))|"
                      rf"on\s+the\s+(?P<coast>{DIRWORD})(?:ern)?\s+(?:coast|shore)|"
                      rf"on\s+the\s+(?P<coast_adj>{DIRADJ})\s+(?:coast|shore))"
                      rf"\s+of\s+", re.I)  # "in the north-eastern corner of Kenya", "on the
                                            # west coast of Maui"
_SIDE_POSS = re.compile(rf"['’]s\s+(?:far\s+|extreme\s+)?(?:(?P<adj>{DIRADJ})\s+(?:coast|region|"
                        rf"part|reaches|provinces|regions|areas)\b|"
                        rf"(?P<dir>{DIRWORD})\b(?!\s+of\b|\s+(?-i:[A-Z])))", re.I)  # not "Eastern Cape"


def extract_claims(doc: Document, gazetteer: Gazetteer) -> tuple[Document, tuple[Claim, ...]]:
    """Find and verify the spatial claims of a geoparsed document.

    Returns the document (mentions re-resolved where a claim picks a better candidate) and
    the verified claims in text order."""
    if not doc.text:
        return doc, ()
    ctx = Context(doc, gazetteer, {m.start: m for m in doc.mentions},
                  split_sentences(doc.text), doc_country(doc), set(), [])
    claims: list[Claim] = []
    for finder in (_find_superlatives, _find_sides, _find_distances, _find_apart, _find_times, _find_outskirts,
                   _find_directions, _find_capitals, _find_containment, _find_descriptors,
                   _find_between, _find_proximity, _find_regions):
        try:
            claims.extend(finder(ctx))
        except Exception:  # noqa: BLE001 - one faulty pattern must not lose the others
            log.exception("claim finder %s failed", finder.__name__)
    claims.extend(_coordinated(ctx, claims))
    claims.sort(key=lambda c: (c.start, c.end, c.target_span or (0, 0)))
    verified = [verify_claim(c, gazetteer) for c in claims]
    doc, verified = rechoose(doc, verified, gazetteer)
    return doc, tuple(verified)


def _free(ctx: Context, a: int, b: int) -> bool:
    return all(e <= a or b <= s for s, e in ctx.spans)


def _free_in_reference(ctx: Context, a: int, b: int) -> bool:
    """Free, or the tail of a taken claim that ends with it: "150 km south-west of the southern
    Philippine city of Zamboanga" is a distance whose reference phrase is a descriptor too."""
    return all(e <= a or b <= s or (s < a and e == b) for s, e in ctx.spans)


def _take(ctx: Context, claim: Claim, ref: Ref | None = None) -> Claim:
    ctx.spans.append((claim.start, claim.end))
    if ref is not None and ref.mention is not None:
        ctx.used_refs.add(ref.mention.start)
    return claim


def _about(ctx: Context, start: int, ref: Ref, kind: str, *, end: int | None = None,
           exclude: set[int] = frozenset(), need_target: bool = True, **stated: Any
           ) -> Claim | None:
    """The claim of the phrase from ``start`` to its reference ``ref`` (or to ``end``) about
    the place named before it (see :func:`find_target`); taken, so later patterns leave its words
    alone."""
    exclude = set(exclude) | ({ref.mention.start} if ref.mention else set())
    end = ref.end if end is None else end
    tgt = find_target(ctx, start, exclude=exclude, allow_big=True, end=end)
    if tgt is None and need_target:
        return None
    t_text, t_place = (tgt[0], tgt[1]) if tgt else (unnamed_target(ctx, start), None)
    if ref.kind == "pronoun":
        ref = resolve_pronoun(ctx, ref, t_place, start)
        if ref.place is None and kind == "proximity":
            return None  # "near the city" with no city named before: nothing to be near
    claim = Claim(kind=kind, text=ctx.doc.text[start:end], start=start, end=end,
                  target_text=t_text, target_place=t_place, target_span=span_of(tgt),
                  reference_text=ref.text, reference_place=ref.place,
                  reference_kind=ref.kind, **stated)
    return _take(ctx, claim, ref)


def _find_distances(ctx: Context) -> list[Claim]:
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
            ref = implicit_reference(ctx, start)
            if ref is None:
                continue
        else:
            ref = ref_at(ctx, m.end()) if (direction or rel) else None
            if (direction or rel) and ref is None:
                continue
        if not (direction or rel or m.group("away")):
            continue
        if qual == "between":
            qual = None
        end = m.end() if implicit else ref.end if ref is not None else m.end("away")
        if not _free(ctx, start, end):
            continue
        stated = _stated(m)
        if stated is None:
            continue
        is_border = ref is not None and ref.kind == "border"
        exclude = {ref.mention.start} if ref is not None and ref.mention else set()
        tgt = find_target(ctx, start, exclude=exclude, allow_big=True, end=end)
        if tgt is None and not direction and not (
                ref is not None and ref.place is not None
                and rel.split()[0] in ("from", "outside", "off", "short", "upstream", "downstream",
                                       "upriver", "downriver")
                and not re.match(r"\s+(?:to|and)\b", text[ref.end:])):  # a route
            continue
        t_text, t_place, _t_m = tgt if tgt else (unnamed_target(ctx, start), None, None)
        if ref is not None and ref.kind == "pronoun":
            ref = resolve_pronoun(ctx, ref, t_place, start)
        journey = ref is None and _t_m is not None
        if journey:  # "fled Gwoza for Maiduguri, 100 km away"
            ref = _movement_reference(ctx, _t_m)
        kind = "proximity" if is_border else (
            "distance_direction" if direction else "distance")
        claim = Claim(
            kind=kind, text=text[start:end], start=start, end=end, target_text=t_text,
            target_place=t_place, target_span=span_of(tgt),
            reference_text=ref.text if ref else "", reference_place=ref.place if ref else None,
            reference_kind=ref.kind if ref else "place", direction=direction,
            direction_word=dir_word, qualifier=qual,
            relation="border" if is_border else rel, **stated)
        if implicit or journey:  # the reference named outside the phrase stays free to be
            ctx.spans.append((claim.start, claim.end))  # a target: "fled Beni, in North Kivu"
            out.append(claim)
        else:
            out.append(_take(ctx, claim, ref))
    return out


# a journey between two places: the distance "away" of its destination is from its origin
_MOVE = re.compile(r"\b(?:fle[ed]s?|fleeing|fled|(?:re)?mov(?:ed|ing|es?)|relocat(?:ed|ing)|"
                   r"travel+(?:ed|ing|s)?|driv(?:en|es?|ing)|drove|taken|took|evacuated|"
                   r"transferred|sent|walk(?:ed|ing|s)|went|return(?:ed|ing|s)?|head(?:ed|ing)|"
                   r"escaped|brought|airlifted|flown|flew|ferried|trek(?:ked|king|s)?|"
                   r"march(?:ed|ing)|retreat(?:ed|ing)|withdr[ae]wn?|deployed|bus+ed|"
                   r"rushed|carried|transported|left|arrived|reached)\b", re.I)
_DESTINATION = re.compile(r"\b(?:to|for|into|towards?|reach(?:ed|ing)?|in|at)\s+"
                          r"(?:the\s+)?(?:[a-z]+\s+){0,2}(?:(?:in|at|of)\s+(?:the\s+)?)?$")


def _movement_reference(ctx: Context, target: Mention) -> Ref | None:
    """"Residents of Gwoza fled to Maiduguri, more than 100 km away": a distance "away" after
    the destination of a journey is measured from its origin, the place named before the
    destination in the same sentence (a town or site, not a country, a province or a
    river), or, when the sentence names none ("officials moved them to Cox's Bazar"), the
    place the previous sentence ended on. A sentence that opens with its target ("Bagram air
    base, barely 12 km away, ...") is measured from the place the previous sentence ended on,
    journey or not."""
    text = ctx.doc.text
    s0, _ = sentence_of(ctx, target.start)
    opens = re.fullmatch(r"\s*(?:The\s+)?", text[s0:target.start]) is not None
    if not opens:
        if not _DESTINATION.search(text[max(s0, target.start - 40):target.start]) or \
                not _MOVE.search(text, s0, target.start):
            return None
        origin = _origin_before(ctx, s0, target.start, target)
        if origin is not None:
            return origin
    prev = next((s for s in reversed(ctx.sentences) if s[1] <= s0), None)
    return _origin_before(ctx, prev[0], prev[1], target) if prev is not None else None


def _origin_before(ctx: Context, a: int, b: int, target: Mention) -> Ref | None:
    """The last town or site named between offsets ``a`` and ``b`` (not ``target``)."""
    before = [m for m in ctx.doc.mentions if a <= m.start and m.end <= b]
    origin = next((m for m in reversed(before) if m.place is not None and
                   m.place.kind not in TARGET_BAD_KINDS and not is_address_part(ctx, m) and
                   m.place.id != (target.place.id if target.place else None)), None)
    if origin is None:
        return None
    return Ref(origin.text, origin.start, origin.end, origin.place, "place", origin)


def _stated(m: re.Match[str]) -> dict[str, Any] | None:
    """The stated number (or range) and unit of a distance match, as Claim fields."""
    n1 = parse_number(m.group("n1"))
    n2 = parse_number(m.group("n2")) if m.group("n2") else None
    unit = parse_unit(m.group("unit"))
    if n1 is None or unit is None:
        return None
    prec = precision_of(n1[1]) if n2 is None else max(precision_of(n1[1]),
                                                       precision_of(n2[1]))
    return {"value": n1[0], "value_high": n2[0] if n2 else None, "unit": unit,
            "value_km": n1[0] * UNIT_KM[unit], "precision": prec}


def _find_apart(ctx: Context) -> list[Claim]:
    """"Ramadi and Fallujah, some 45 km apart": the distance between two coordinated places."""
    text = ctx.doc.text
    out = []
    for m in _APART.finditer(text):
        second = find_target(ctx, m.start())
        stated = _stated(m)
        if second is None or second[2] is None or stated is None or \
                not _free(ctx, m.start(), m.end()):
            continue
        first = next((x for x in reversed(ctx.doc.mentions) if x.end <= second[2].start), None)
        if first is None or first.place is None or \
                not re.fullmatch(r"\s+and\s+", text[first.end:second[2].start]):
            continue
        ref = Ref(second[0], second[2].start, second[2].start + len(second[0]), second[1],
                  "place", second[2])
        out.append(_take(ctx, Claim(
            kind="distance", text=m.group(0), start=m.start(), end=m.end(),
            target_text=first.text, target_place=first.place,
            target_span=(first.start, first.end),
            reference_text=ref.text, reference_place=ref.place, relation="apart",
            qualifier=m.group("qual").lower() if m.group("qual") else None, **stated), ref))
    return out


def _find_times(ctx: Context) -> list[Claim]:
    out = []
    for m in _TIME.finditer(ctx.doc.text):
        if m.group("away"):  # "moved them to Cox's Bazar, a two-hour drive away"
            claim = _time_away(ctx, m)
            if claim is not None:
                out.append(claim)
            continue
        ref = ref_at(ctx, m.end())
        if ref is None or ref.kind == "front" or not _free(ctx, m.start(), ref.end):
            continue  # "a 40-minute drive from the front line" says nothing checkable
        direction = parse_compass(m.group("dir")) if m.group("dir") else None
        out.append(_about(
            ctx, m.start(), ref, "distance_direction" if direction else "distance",
            need_target=False, direction=direction, direction_word=m.group("dir"),
            duration=m.group("dur"),
            qualifier=m.group("qual").lower() if m.group("qual") else None))
    return out


def _time_away(ctx: Context, m: re.Match[str]) -> Claim | None:
    """A travel time "away" after a named target, measured from where a journey to it began
    or from the place the previous sentence ended on (:func:`_movement_reference`)."""
    tgt = find_target(ctx, m.start(), end=m.end())
    if tgt is None or tgt[2] is None or not _free(ctx, m.start(), m.end()):
        return None
    ref = _movement_reference(ctx, tgt[2])
    claim = Claim(kind="distance", text=m.group(0), start=m.start(), end=m.end(),
                  target_text=tgt[0], target_place=tgt[1], target_span=span_of(tgt),
                  reference_text=ref.text if ref else "", reference_place=ref.place if ref
                  else None, duration=m.group("dur"),
                  qualifier=m.group("qual").lower() if m.group("qual") else None)
    ctx.spans.append((claim.start, claim.end))
    return claim


def _find_outskirts(ctx: Context) -> list[Claim]:
    out = []
    for m in _OUTSKIRTS.finditer(ctx.doc.text):
        ref = ref_at(ctx, m.end())
        direction = parse_compass(m.group("adj"))
        if ref is None or ref.kind != "place" or direction is None or \
                not _free(ctx, m.start(), ref.end):
            continue
        out.append(_about(ctx, m.start(), ref, "direction", direction=direction,
                          direction_word=m.group("adj"), relation="outskirts"))
    return [c for c in out if c is not None]


def _find_directions(ctx: Context) -> list[Claim]:
    out = []
    for m in _DIRONLY.finditer(ctx.doc.text):
        word = m.group("dir")
        direction = parse_compass(word) if len(word) > 3 or word.isupper() else None
        if direction is None:
            continue
        ref = ref_at(ctx, m.end())
        if ref is None or ref.kind == "border" or not _free(ctx, m.start(), ref.end):
            continue
        adv = (m.group("adv") or "").lower()
        out.append(_about(ctx, m.start(), ref, "direction", direction=direction,
                          direction_word=word,
                          qualifier=adv if adv in ADJACENT_QUALIFIERS else None))
    return [c for c in out if c is not None]


def _find_capitals(ctx: Context) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _CAPITAL.finditer(text):
        target = next((x for x in reversed(ctx.doc.mentions) if x.end == m.start()), None)
        if target is None and not m.group(0).startswith(","):
            tgt = find_target(ctx, m.start())  # "Bunia, in north-eastern Congo, is the capital"
            target = tgt[2] if tgt else None
        if target is None or target.place is None or \
                target.place.kind in TARGET_BAD_KINDS:
            continue
        start = m.start("rest")
        if m.group(0).rstrip().lower().endswith("of"):  # also "CAPITAL OF" in a headline
            ref = ref_at(ctx, m.end())
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
            ref_place = suffixed(ctx, ref_m)[1]
        else:
            end = m.end()
            ref_m = None
            if m.group("prov"):
                code = target.place.admin1_code
                prev = last_place(ctx, m.start(), ("admin1",))
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
    for target in ctx.doc.mentions:  # "Imphal, Manipur's capital,": the possessor is the area
        sep = re.match(r",\s+", text[target.end:])
        owner = ctx.by_start.get(target.end + sep.end()) if sep else None
        poss = _POSS_CAPITAL.match(text, owner.end) if owner is not None else None
        if poss is None or target.place is None or target.place.kind in TARGET_BAD_KINDS or \
                owner.place is None or owner.place.kind not in _AREA_KINDS or \
                not _free(ctx, owner.start, poss.end()):
            continue
        out.append(_take(ctx, Claim(
            kind="containment", text=text[owner.start:poss.end()], start=owner.start,
            end=poss.end(), target_text=target.text, target_place=target.place,
            reference_text=owner.text, reference_place=owner.place, role="capital",
            relation="capital"), Ref(owner.text, owner.start, owner.end, owner.place, "place",
                                     owner)))
    return out


_POSS_CAPITAL = re.compile(r"['’]s\s+(?:state\s+|provincial\s+|regional\s+)?capital\b"
                           r"(?!\s+(?:city\s+)?of\b)")


def _find_containment(ctx: Context) -> list[Claim]:
    """"Anbar's Heet", "Heet, in Anbar province", "in Syria's Idlib province" (both claims)
    and addresses ("Mayfield, Kentucky,")."""
    text = ctx.doc.text
    out = []
    for m in ctx.doc.mentions:
        end, area = suffixed(ctx, m)
        if area is None or area.kind not in ("admin1", "admin2", "country"):
            continue
        poss = _POSSESSED.match(text, m.end)  # "Anbar's Heet", "Tigray's capital, Mekelle"
        tm = ctx.by_start.get(poss.end()) if poss else None
        if tm is not None and tm.place is not None and (
                tm.place.kind not in TARGET_BAD_KINDS  # "Anbar's Heet"
                or area.kind == "country" and tm.place.kind == "admin1"):  # "Iraq's Nineveh"
            t_end, t_place = suffixed(ctx, tm)
            side = re.search(rf"\b(?P<adj>{DIRADJ})\s+$", text[max(0, m.start - 20):m.start])
            if not _free(ctx, m.start - (len(side.group(0)) if side else 0), t_end):
                continue
            outer = _contained_in(ctx, m.start, tm, t_end, t_place)
            out.append(_take(ctx, Claim(
                kind="containment", text=text[m.start:t_end], start=m.start, end=t_end,
                target_text=text[tm.start:t_end], target_place=t_place,
                target_span=(tm.start, tm.end), reference_text=m.text, reference_place=area,
                relation="capital" if poss.group("capital") else "in",
                role="capital" if poss.group("capital") else None)))
            if side is not None and area.kind == "country":  # "eastern Ukraine's Donetsk region"
                out.append(_side(ctx, m.start - len(side.group(0)), t_end,
                                 Ref(m.text, m.start, m.end, area, "place", m), side.group("adj"),
                                 None, (text[tm.start:t_end], t_place, tm)))
            if outer is not None:  # "Maarat al-Numan in Syria's Idlib province"
                out.append(_take(ctx, outer))
            continue
        if is_address_part(ctx, m) and end == m.end and not re.match(
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
        named = _named_area_of(ctx, m, end, area)
        if named is not None:
            out.append(_take(ctx, named))
            continue
        if _free(ctx, m.start, end):
            claim = _contained_in(ctx, m.start, m, end, area)
            if claim is not None:
                out.append(_take(ctx, claim))
                ctx.used_refs.add(m.start)
    return out


# "in the Himalayan state of Uttarakhand", "in the avocado-growing heart of Michoacán": an
# area noun, after a few describing words, names the area that follows "of"
_IN_THE_AREA_OF = re.compile(r"\b(?:in|inside|within)\s+the\s+(?:[\w’'-]+\s+){0,3}?"
                             r"(?:state|province|region|county|district|governorate|prefecture|"
                             r"heart|centre|center)\s+of\s+$")
# "the Sangin district of Helmand": a named district (the target) of the area that follows
_NAMED_AREA_OF = re.compile(r"\s+(?P<noun>district|county|province|region|governorate)\s+of\s+$")


def _named_area_of(ctx: Context, m: Mention, end: int, area: Place) -> Claim | None:
    """"the Sangin district of Helmand": Sangin district lies in Helmand (``m``)."""
    text = ctx.doc.text
    tm = next((x for x in reversed(ctx.doc.mentions) if x.end <= m.start), None)
    if tm is None or not _NAMED_AREA_OF.fullmatch(text, tm.end, m.start):
        return None
    if tm.place is not None and tm.place.kind in ("admin1", "country"):
        return None
    if not _free(ctx, tm.start, end):
        return None
    return Claim(kind="containment", text=text[tm.start:end], start=tm.start, end=end,
                 target_text=text[tm.start:m.start].rsplit(" of", 1)[0].rstrip(),
                 target_place=tm.place, target_span=(tm.start, tm.end),
                 reference_text=text[m.start:end], reference_place=area, relation="in")


def _contained_in(ctx: Context, pos: int, m: Mention, end: int, area: Place | None
                  ) -> Claim | None:
    """"Heet, in Anbar province": the claim that the place before "in" at ``pos`` lies in
    ``area`` (the mention ``m``, ending at ``end`` with its area word)."""
    text = ctx.doc.text
    pre = re.search(r"\b(?:in|inside|within)\s+(?:the\s+)?(?:[A-Z]\w+\s+)?$",
                    text[max(0, pos - 12):pos])
    if not pre:
        pre = _IN_THE_AREA_OF.search(text[max(0, pos - 60):pos])
        if pre and re.search(rf"\b(?:{DIRADJ}|central)\b", pre.group(0), re.I):
            return None  # "in the southern state of Guerrero": the descriptor finder's wording
    if area is None or not pre or re.match(rf"\s+(?:{TERRAIN_NOUNS})\b", text[end:]):
        return None  # "in the Sierra foothills" is not in Sierra County
    start = pos - len(pre.group(0))
    if re.search(r"\b(?:and|or|nor)\s+$", text[max(0, start - 6):start]):
        return None  # "deaths in Wales and in England": parallel places, not containment
    tgt = find_target(ctx, start, exclude={m.start})
    if tgt is None or tgt[2] is None and tgt[1] is None:
        return None  # an unresolved mention still makes a claim, to be reported unverifiable
    if tgt[1] is not None and (tgt[1].kind in ("admin1", "country") or
                               tgt[1].kind == "admin2" and area.kind not in ("admin1", "country")):
        return None
    return Claim(kind="containment", text=text[start:end], start=start, end=end,
                 target_text=tgt[0], target_place=tgt[1], target_span=span_of(tgt),
                 reference_text=text[m.start:end], reference_place=area, relation="in")


def _find_descriptors(ctx: Context) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _DESC.finditer(text):
        tm = mention_at(ctx, m.end())
        if tm is None or not (_free(ctx, m.start(), tm.end) or re.search(
                r"\b(?:of|from)\s+$", text[max(0, m.start() - 6):m.start()])
                and _free_in_reference(ctx, m.start(), tm.end)):
            continue
        adj = m.group("adj")
        direction = parse_compass(adj) if adj.lower() != "central" else None
        if tm.place is None:  # "the southern island of Mindanao", unknown: unverifiable
            out.extend(_unresolved_descriptor(ctx, m, tm, direction))
            continue
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
        within_area = next((p for p in ([within.place] if within.place else []) +
                            [c.place for c in within.candidates]
                            if p.kind in _AREA_KINDS), None) if within else None
        if within_area is not None:  # "the northern California city of", "the Gaza city of"
            area, area_text = within_area, within.text
        else:
            cc = DEMONYMS.get(m.group("dem").lower()) if m.group("dem") else \
                tm.place.country_code
            area = ctx.gaz.country(cc) if cc else None
            area_text = m.group("dem") or (area.name if area else "")
        if area is None:
            continue
        inside = _contained_in(ctx, m.start(), tm, tm.end, tm.place) \
            if tm.place.kind in ("admin1", "admin2") else None
        targets = [tm]
        while m.group("plural"):  # "the north-eastern cities of Kharkiv and Sumy"
            sep = _LIST_NEXT.match(text, targets[-1].end)
            nxt = ctx.by_start.get(sep.end()) if sep else None
            if nxt is None or nxt.place is None:
                break
            targets.append(nxt)
        end = targets[-1].end
        for t in targets:
            out.append(_take(ctx, Claim(
                kind="descriptor", text=text[m.start():end], start=m.start(), end=end,
                target_text=t.text, target_place=t.place, target_span=(t.start, t.end),
                reference_text=area_text, reference_place=area, direction=direction,
                direction_word=adj.lower(), relation="side")))
        if inside is not None:  # "León, in the central state of Guanajuato": both claims
            out.append(_take(ctx, inside))
        elif m.group("island"):
            on = _on_island(ctx, m, tm)
            if on is not None:
                out.append(_take(ctx, on))
    return out


def _on_island(ctx: Context, m: re.Match[str], island: Mention) -> Claim | None:
    """"Marawi, on the southern island of Mindanao": Marawi lies on (in) the island."""
    text = ctx.doc.text
    pre = re.search(r"\b(?:on|in)\s+$", text[max(0, m.start() - 4):m.start()])
    if pre is None:
        return None
    start = m.start() - len(pre.group(0))
    tgt = find_target(ctx, start, exclude={island.start})
    if tgt is None or (tgt[1] is not None and tgt[1].kind in TARGET_BAD_KINDS):
        return None
    return Claim(kind="containment", text=text[start:island.end], start=start, end=island.end,
                 target_text=tgt[0], target_place=tgt[1], target_span=span_of(tgt),
                 reference_text=island.text, reference_place=island.place, relation="in")


def _unresolved_descriptor(ctx: Context, m: re.Match[str], tm: Mention,
                           direction: str | None) -> list[Claim]:
    """The descriptor of a place the gazetteer lacks, in the named or the document's country
    (unverifiable), and the claim that the place before "on the island of" lies on it."""
    cc = DEMONYMS.get(m.group("dem").lower()) if m.group("dem") else ctx.country
    area = ctx.gaz.country(cc) if cc else None
    if area is None or m.group("plural") or m.group("mid"):
        return []
    text = ctx.doc.text
    out = [_take(ctx, Claim(
        kind="descriptor", text=text[m.start():tm.end], start=m.start(), end=tm.end,
        target_text=tm.text, target_place=None, target_span=(tm.start, tm.end),
        reference_text=m.group("dem") or area.name, reference_place=area, direction=direction,
        direction_word=m.group("adj").lower(), relation="side"))]
    on = _on_island(ctx, m, tm) if m.group("island") else None
    if on is not None:
        out.append(_take(ctx, on))
    return out



def _side(ctx: Context, start: int, end: int, ref: Ref, word: str, before: int | None,
          tgt: tuple[str, Place | None, Mention | None] | None = None) -> Claim:
    """A side of an area ("in eastern Syria", "Kidal, in Mali's far north-east"): a descriptor
    of ``tgt`` or the place named before offset ``before`` if it can lie in the area, else the
    claim names a region. Taken."""
    text = ctx.doc.text
    area = ref.place
    assert area is not None
    if tgt is None and before is not None:
        tgt = find_target(ctx, before, exclude={ref.start} | (
            {ref.mention.start} if ref.mention else set()))
    side = dict(kind="descriptor", text=text[start:end], start=start, end=end,
                reference_text=ref.text, reference_place=area,
                direction=parse_compass(word) if word.lower() != "central" else None,
                direction_word=word.lower())
    if tgt is not None and (tgt[1] is None or area.kind == "admin1"
                            or tgt[1].country_code == area.country_code):
        claim = Claim(**side, target_text=tgt[0], target_place=tgt[1],
                      target_span=span_of(tgt), relation="side")
    else:
        claim = Claim(**side, target_text=text[start:end], relation="region")
    return _take(ctx, claim, ref)


def _area_ref(ctx: Context, pos: int, more: tuple[str, ...] = ()) -> Ref | None:
    ref = ref_at(ctx, pos)
    ok = ref is not None and ref.kind == "place" and ref.mention is not None and \
        ref.place is not None and ref.place.kind in _AREA_KINDS + more
    return ref if ok else None


_MOST = re.compile(rf"['’]s\s+(?P<dir>(?:north|south)?[\s-]?(?:north|south|east|west))ernmost\s+"
                   rf"(?:(?:[a-z]+\s+)?(?:{PLACE_NOUNS}))\b", re.I)


def _find_superlatives(ctx: Context) -> list[Claim]:
    """"Eilat, Israel's southernmost city": a descriptor of the place before the possessor."""
    text = ctx.doc.text
    out = []
    for target in ctx.doc.mentions:
        sep = re.match(r",\s+(?:the\s+)?", text[target.end:])
        owner = ctx.by_start.get(target.end + sep.end()) if sep else None
        most = _MOST.match(text, owner.end) if owner is not None else None
        if most is None or target.place is None or owner.place is None or \
                owner.place.kind not in _AREA_KINDS or not _free(ctx, owner.start, most.end()):
            continue
        word = most.group("dir").replace(" ", "-") + "ern"
        out.append(_take(ctx, Claim(
            kind="descriptor", text=text[owner.start:most.end()], start=owner.start,
            end=most.end(), target_text=target.text, target_place=target.place,
            target_span=(target.start, target.end), reference_text=owner.text,
            reference_place=owner.place, direction=parse_compass(word),
            direction_word=word.lower(), relation="side"),
            Ref(owner.text, owner.start, owner.end, owner.place, "place", owner)))
    return out


def _find_sides(ctx: Context) -> list[Claim]:
    """"in the north-east of the country X" and "in X's far north-east" (before the direction
    and containment patterns read "north-east of X" and "in X")."""
    text = ctx.doc.text
    out = []
    for m in _SIDE_OF.finditer(text):
        ref = _area_ref(ctx, m.end())
        word = m.group("dir") or m.group("adj") or m.group("coast") or m.group("coast_adj")
        if ref is None and (m.group("coast") or m.group("coast_adj")):
            ref = _area_ref(ctx, m.end(), ("admin2",))  # an island county: "coast of Maui"
        if ref is not None and len(word) > 3 and _free(ctx, m.start(), ref.end):
            out.append(_side(ctx, m.start(), ref.end, ref, word, m.start()))
    for am in ctx.doc.mentions:
        pre = re.search(r"\b(?:in|on|across|throughout)\s+$", text[max(0, am.start - 12):am.start])
        poss = _SIDE_POSS.match(text, am.end)
        ref = _area_ref(ctx, am.start) if pre and poss else None
        if ref is not None and _free(ctx, am.start - len(pre.group(0)), poss.end()):
            start = am.start - len(pre.group(0))
            out.append(_side(ctx, start, poss.end(), ref, poss.group("dir") or poss.group("adj"),
                             start))
    return out


def _find_regions(ctx: Context) -> list[Claim]:
    """"in eastern Syria", "Bint Jbeil, south Lebanon": a side of an area, after the
    patterns that read the same words as part of a longer phrase."""
    text = ctx.doc.text
    out = []
    for m in _REGION.finditer(text):
        ref = _area_ref(ctx, m.end())
        if ref is None or ref.start != m.end() or not _free(ctx, m.start(), ref.end):
            continue
        if re.match(r"\s+[A-Z]", text[ref.end:ref.end + 3]) or re.search(
                r"\b(?:University|College|School|Bank|Association|Conference|District)\s+"
                r"of\s+(?:the\s+)?$", text[max(0, m.start() - 30):m.start()]):
            continue  # "Northern Illinois University", "University of Southern Indiana"
        inside = re.search(r"\b(?:in|of|across|throughout)\s+(?:the\s+)?$",
                           text[max(0, m.start() - 12):m.start()])
        before = m.start() - len(inside.group(0)) if inside else \
            m.start() if _after_place(ctx, m.start()) else None
        out.append(_side(ctx, m.start(), ref.end, ref, m.group("adj") or m.group("bare"),
                         before))
    return out


def _after_place(ctx: Context, pos: int) -> bool:
    """Whether ``pos`` follows "Place, " (an address: "Bint Jbeil, south Lebanon")."""
    prev = next((x for x in reversed(ctx.doc.mentions) if x.end <= pos), None)
    return prev is not None and re.fullmatch(r",\s*", ctx.doc.text[prev.end:pos]) is not None


def _find_between(ctx: Context) -> list[Claim]:
    text = ctx.doc.text
    out = []
    for m in _BETWEEN.finditer(text):
        a = ref_at(ctx, m.end())
        j = re.match(r"\s+and\s+", text[a.end:]) if a is not None and a.kind == "place" \
            else None
        b = ref_at(ctx, a.end + j.end()) if j else None
        if b is None or b.kind != "place" or not _free(ctx, m.start(), b.end):
            continue
        claim = _about(ctx, m.start(), a, "proximity", end=b.end,
                       exclude={b.mention.start} if b.mention else set(),
                       reference2_text=b.text, reference2_place=b.place, relation="between")
        if claim is not None:
            out.append(claim)
            if b.mention:
                ctx.used_refs.add(b.mention.start)
    return out


_ALONG = ("on", "along", "alongside")
# "Raqqa, on the Euphrates,": a bare name after "on the", ending the phrase, is a river (a
# town takes no article); a river the gazetteer lacks still makes its claim, unverifiable
_BARE_RIVER = re.compile(r"the\s+(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)")
_NOT_RIVER = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                        r"January|February|March|April|May|June|July|August|September|"
                        r"October|November|December|Internet|Web|Army|Government|Kremlin|"
                        r"President|Ministry|Council|Party|Front|Day|Eve)\b")
# what ends a river phrase: punctuation, a clause, or a distance ("on the X about 45 km")
_PHRASE_END = re.compile(rf"\s*(?:[,.;:)—–]|$|\s(?:and|where|which|who|whose)\b|"
                         rf"\s+(?:(?:{QUAL})\s+)?{NUM}[\s-]*(?:{UNIT})\b)")


def _river_named(ctx: Context, ref: Ref) -> tuple[Ref, bool]:
    """Whether ``ref``, after "on"/"along", is a river: written "the Name", ending the phrase,
    and naming no other kind of area than a town. A town's name ("right on the Dnipro")
    becomes the river of that name; a name the gazetteer has no river for stays unresolved."""
    bare = _BARE_RIVER.fullmatch(ref.text)
    if ref.place is not None and ref.place.kind in ("river", "water", "lake"):
        return ref, True
    if bare is None or not _PHRASE_END.match(ctx.doc.text, ref.end) or (
            ref.place is not None and ref.place.kind not in ("city", "admin2", "admin3")):
        return ref, False  # "on the Gaza Strip", "on the Kremlin's orders"
    name = bare.group("name")
    if _NOT_RIVER.search(name):
        return ref, False  # "Kherson, on the Monday."
    cands = [c.place for c in ref.mention.candidates] if ref.mention is not None else []
    river = next((p for p in cands if p.kind == "river"), None) or next(
        (c.place for c in ctx.gaz.search(name, limit=10, fuzzy=False)
         if c.place.kind == "river" and c.match in ("exact", "alternate")), None)
    return dataclasses.replace(ref, place=river), True


def _find_proximity(ctx: Context) -> list[Claim]:
    out = []
    for m in _NEAR.finditer(ctx.doc.text):
        rel = re.sub(r"\s+", " ", m.group("rel").lower())
        ref = ref_at(ctx, m.end())
        if ref is None or ref.kind == "front" or not _free(ctx, m.start(), ref.end):
            continue  # "near the front line": too vague to be a claim (README)
        shore = m.group("shore") is not None  # "on the right bank of the Indus": water
        along = shore or rel in _ALONG
        is_water = ref.place is not None and ref.place.kind in ("river", "water", "lake")
        if along and ref.kind == "place":
            ref, is_water = _river_named(ctx, ref)
        if along and not (shore or is_water) and ref.kind != "border" and \
                not re.search(r"\b(?:river|canal|sea|lake|gulf|bay|coast)\b", ref.text, re.I):
            continue
        if ref.kind == "place" and ref.mention is None and ref.place is None and not shore and \
                not is_water and not re.search(r"\b(?:river|base|airbase|border|sea|lake|gulf|"
                                               r"bay|coast|dam|crossing|airport)\b", ref.text,
                                               re.I):
            continue
        if rel.startswith(("across ", "on the other side")):
            rel = "across from"  # "across the Rio Grande from", "on the other side of the border from"
        elif rel.endswith(" from") and re.search(r"\b(?:throw|short)\b", rel):
            rel = "near"  # "a stone's throw from", "a short drive from"
        relation = "border" if ref.kind == "border" else "on" if along else \
            "outskirts" if rel.startswith(("on the outskirts", "on the edge")) else rel
        out.append(_about(ctx, m.start(), ref, "proximity", relation=relation))
    return [c for c in out if c is not None]
