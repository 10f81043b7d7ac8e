"""Where a spatial claim is anchored in the text: the place it is about (the target) and the
place it is measured from (the reference), for the patterns of :mod:`.claims`.

Target: the nearest preceding place mention of the same sentence joined to the claim by a
linking verb ("lies", "is", "sits"), an appositive (", a town of ... ,", ", Iraq's main port,",
", their main supply base in the mountains", ", home to ... ,"), a parenthesis, or
prepositional asides ("lies on the Tigris about 150 km", ", on the highway some 130 km", "on
the left bank of the Indus", "near the US border", "which sits on high ground"), with its area
word ("Bagram airbase", "Jakhau port"), skipping places that are references of other claims,
containers ("in Anbar", "in southern Rakhine"), address parts ("Town, State"), rivers and
countries, and a name after "on the" that reads as a river ("on the Khabur", "on the Dnipro
River" where the mention stops at the town Dnipro); a sentence that opens with "The town"/"The
city"/"It" takes the subject of the previous sentences; a location phrase that opens the
sentence ("Some 30 miles east of Denver, the town of Bennett ...") is about the place right
after its comma. An untagged capitalised name right before a claim, or before a short
appositive ("Dolyna, a village about 15 km"), is an unnamed target (:func:`unnamed_target`).

Reference: a mention ("the city of X" and "the Red Sea resort of X" are X; "X province" after
the city X is the province it heads; "the X river" is a river, not the town X), a place pronoun
("the capital" = the PPLC of the target's or the document's country, "the provincial capital" =
the PPLA of the target's province, "the city" = the last city mentioned, "the airbase" / "the
base" / "the airport" = the last air base or airport named before it, in any earlier sentence,
and no reference at all when none was), a border ("the Syrian border", "the Cameroon border",
"the border with Turkey", "the New York border", "the Ohio border" without a mention), "the
front line" (a reference with no geometry), the place named before the target for "30 km to the
south", or an unknown capitalised name (reported unresolved). Roads, streets and buildings
named after places are not references ("LaVista Road", "the US embassy").
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .document import Document, Mention
from .lexicon import DEMONYMS as _LEXICON_DEMONYMS
from .names import fold
from .place import Place
from .quantities import DIRADJ
from .verify import capital_of

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

log = logging.getLogger(__name__)

__all__ = ["Context", "Ref", "find_target", "ref_at", "implicit_reference", "unnamed_target",
           "resolve_pronoun", "suffixed", "span_of", "is_address_part", "last_place",
           "mention_at", "doc_country", "split_sentences", "sentence_of", "antecedent_site",
           "DEMONYMS", "DEMONYM", "PLACE_NOUNS", "PLACE_NOUNS_PLURAL", "TARGET_BAD_KINDS",
           "TERRAIN_NOUNS"]


# -- vocabulary ---------------------------------------------------------------------------
PLACE_NOUNS = ("town|city|village|hamlet|settlement|district|province|governorate|region|"
               "capital|port|hub|stronghold|base|airbase|outpost|crossing|suburb|"
               "neighbourhood|neighborhood|area|oil town|border town|market town|county|state|"
               "resort|island|enclave|heartland|bastion|birthplace|cradle|seat|gateway|"
               "junction|crossroads|oasis|garrison|municipality|township|metropolis|centre|"
               "center|valley|site|department|prefecture|oblast|territory|camp")
# "the north-eastern cities of Kharkiv and Sumy": a descriptor over a list
PLACE_NOUNS_PLURAL = ("towns|cities|villages|districts|provinces|governorates|regions|states|"
                      "ports|suburbs|departments|prefectures|oblasts|territories")
ADMIN_WORDS = "province|governorate|region|district|state|county|oblast|prefecture"
AREA_SUFFIX = rf"(?:\s+(?:{ADMIN_WORDS}|river|coast|airbase|port|" \
              r"air\s+base|base|airport|dam|area|camp))?"
_CONNECT = (r"(?:,|\band\b|\bor\b|\bwhich\b|\bthat\b|\bis\b|\bare\b|\bwas\b|\bwere\b|\blies\b|"
            r"\blie\b|\blay\b|\bsits\b|\bsit\b|\bsat\b|\bstands\b|\blocated\b|\bsituated\b|"
            r"\blying\b|\bjust\b|\bdue\b|\bdirectly\b|\bright\b|\bfurther\b|\bfarther\b|"
            r"\bonly\b|\bstill\b|\balso\b|\bbased\b|\bhas\b|\bbeen\b|\bit\b|\bis\s+set\b|"
            r"\(|\)|—|–|\s-\s|\bvillage\b|\btown\b|\bcity\b|\bdistrict\b|\barea\b|\bcamp\b|"
            r"\bfar\b|\bwell\b|\bmiles\b|\bthe\s+town\b|\bthe\s+city\b|\bboth\b|"
            r"\ball\b|\beach\b|\bso\b|\btoo\b|\bvery\b)")
_GAP_DIRECT = re.compile(rf"^\s*(?:{_CONNECT}\s*)*$", re.I)
_GAP_APPOS = re.compile(rf"^\s*,\s*(?:(?:(?:a|an|the|its|their|his|her|our|one)\s+"
                        rf"|(?:[A-Z][\w'’-]*\s+)*[A-Z][\w'’-]*['’]s\s+)"
                        rf"[^,;()]*?\b(?:{PLACE_NOUNS}|home\s+town|hometown|port)\b"
                        rf"|home\s+(?:to|of)\b)[^;]*?$", re.I)
_PRONOUN_SUBJECT = re.compile(r"^\s*(?:(?:The|This|That)\s+(?:town|city|village|base|"
                              r"airbase|district|province|area)|It)\b", re.I)
# demonyms, plus "US" as in "the US border" (a modifier naming the country)
DEMONYMS = {**_LEXICON_DEMONYMS, "us": "US", "u.s.": "US"}
DEMONYM = "|".join(sorted((re.escape(k) for k in DEMONYMS), key=len, reverse=True))
_SENT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n")


# -- context ------------------------------------------------------------------------------
@dataclass(slots=True)
class Context:
    """One document being read for claims: its mentions by offset, its sentences, its main
    country, and what earlier patterns have taken (reference mentions, claim spans)."""

    doc: Document
    gaz: Gazetteer
    by_start: dict[int, Mention]
    sentences: list[tuple[int, int]]
    country: str | None
    used_refs: set[int]
    spans: list[tuple[int, int]]


@dataclass(slots=True)
class Ref:
    """A claim's reference as written: a mention, a border or a place pronoun."""

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


def split_sentences(text: str) -> list[tuple[int, int]]:
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


def sentence_of(ctx: Context, pos: int) -> tuple[int, int]:
    for a, b in ctx.sentences:
        if a <= pos < b or (pos == b and a < b):
            return a, b
    return 0, len(ctx.doc.text)


def doc_country(doc: Document) -> str | None:
    counts = Counter(m.place.country_code for m in doc.mentions
                     if m.place is not None and m.place.country_code)
    return counts.most_common(1)[0][0] if counts else None


def mention_at(ctx: Context, pos: int) -> Mention | None:
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


_OF_PLACE = re.compile(r"the\s+(?:[\w-]+\s+){0,2}?(?:city|town|village|port|province|region|"
                       r"district|state|resort|suburb|island|oasis|enclave|governorate|"
                       r"department)\s+of\s+|the\s+(?:runway|airport|airfield|harbou?r)\s+"
                       r"(?:at|in|of)\s+", re.I)  # "the beach resort of Ngapali", "the runway at"
_NOT_A_PLACE_AFTER = re.compile(
    r"(?:\s+(?:Road|Rd|Highway|Hwy|Street|St|Avenue|Ave|Drive|Dr|Boulevard|Blvd|Lane|Route|"
    r"Pike|Parkway|Way|Court|roads?|streets?|avenues?|drives?|boulevards?)\b|['’]s\s+"
    r"(?:estate|home|house|farm|office|ranch|property)\b"
    # a building named after its place: "half a mile from the US embassy"
    r"|\s+(?:[Ee]mbassy|[Cc]onsulate|[Hh]ospital|[Ss]chool|[Hh]eadquarters|[Cc]ompound|"
    r"[Mm]inistry|[Hh]otel|[Ss]tadium|[Mm]osque|[Cc]hurch|[Uu]niversity|[Pp]rison|[Jj]ail)\b)")


def ref_at(ctx: Context, pos: int) -> Ref | None:
    """A reference place starting at ``pos``: a mention, a place pronoun, or a border."""
    text = ctx.doc.text
    m = mention_at(ctx, pos)
    of = _OF_PLACE.match(text, pos)
    if of and of.end() in ctx.by_start and (m is None or suffixed(ctx, m)[0] == m.end):
        m = ctx.by_start[of.end()]  # "the city of Maiduguri", "the Red Sea resort of Hurghada"
    if m is not None:
        if _NOT_A_PLACE_AFTER.match(text[m.end:m.end + 24]):
            return None  # "County Road 80", "LaVista Road", "North avenues", "Wilder's estate"
        border = re.match(r"(?:\s*,\s*[A-Z][\w.]*,?)?\s+border\b", text[m.end:m.end + 24])
        if border and m.place is not None and m.place.kind in ("country", "admin1"):
            end = m.end + border.end()  # "near the New York border", "the Indiana, Ill., border"
            return Ref(text[pos:end], pos, end, m.place, "border", m)
        end, place = suffixed(ctx, m)
        start = pos if text[pos:pos + 4].lower() == "the " and m.start == pos + 4 else m.start
        return Ref(text[start:end], start, end, place, "place", m)
    rest = text[pos:pos + 80]
    b = re.match(rf"(?:the\s+)?(?P<dem>{DEMONYM})\s+border\b|(?:the\s+)?border\s+with\s+"
                 rf"(?:the\s+)?(?P<name>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", rest, re.I) \
        or re.match(r"(?:the\s+)?(?P<country>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+border\b",
                    rest)
    if b and b.groupdict().get("country"):  # "the Cameroon border": a country as adjective
        place = lookup_country(ctx, b.group("country"), states=True)  # or "the Ohio border"
        if place is not None:
            return Ref(text[pos:pos + b.end()], pos, pos + b.end(), place, "border")
    elif b:
        cc = DEMONYMS.get(b.group("dem").lower()) if b.group("dem") else None
        place = ctx.gaz.country(cc) if cc else None
        if b.group("name"):
            mm = ctx.by_start.get(pos + b.start("name"))
            place = mm.place if mm is not None else lookup_country(ctx, b.group("name"))
        return Ref(text[pos:pos + b.end()], pos, pos + b.end(), place, "border")
    p = re.match(r"the\s+(?:(?P<prov>provincial|regional|state|district)\s+|"
                 rf"(?P<dem>{DEMONYM})\s+|national\s+)?capital\b"
                 r"|the\s+(?P<noun>city|town|village)\b(?!\s+of\b)", rest, re.I)
    if p:
        return Ref(text[pos:pos + p.end()], pos, pos + p.end(), None, "pronoun")
    site = _SITE_PRONOUN.match(rest)
    if site and antecedent_site(ctx, pos, site.group("site")) is not None:
        return Ref(text[pos:pos + site.end()], pos, pos + site.end(), None, "pronoun")
    front = _FRONT_LINE.match(rest)
    if front:  # "10 km from the front line": a line that moves, with no geometry
        return Ref(text[pos:pos + front.end()], pos, pos + front.end(), None, "front")
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
            water = _WATER_AFTER.match(rest, len(shown))  # "the Oskil river", not the village
            if water:
                shown += water.group(0)
            place = None if water else _exact(ctx, name)
            return Ref(shown, pos, pos + len(shown), place, "place")
    return None


_WATER_AFTER = re.compile(r"\s+(?:river|canal|sea|lake|coast|gulf|bay|estuary|delta|reservoir)\b")


def _exact(ctx: Context, name: str) -> Place | None:
    for c in ctx.gaz.search(name, limit=3, fuzzy=False):
        if c.match in ("exact", "alternate") and c.score >= 0.6:
            return c.place
    return None


def lookup_country(ctx: Context, name: str, *, states: bool = False) -> Place | None:
    """The country named ``name`` (with ``states``, else a first-level area: "the Ohio
    border", "the Punjab border")."""
    found = ctx.gaz.search(name, limit=5, fuzzy=False)
    for c in found:
        if c.place.kind == "country":
            return c.place
    if states:
        for c in found:
            if c.place.kind == "admin1" and c.match in ("exact", "alternate"):
                return c.place
    return None


# "near the airbase", "40 km from the base": a site named earlier in the text
_SITE_PRONOUN = re.compile(r"the\s+(?P<site>air\s*base|airbase|base|airport|airfield)\b"
                           r"(?!\s+(?:of|at|in|for)\b|['’]s?\b)", re.I)
_SITE_KINDS = {"airport": ("airport",), "airfield": ("airport", "airbase")}
_FRONT_LINE = re.compile(r"the\s+(?:[a-z]+\s+)?front\s*-?\s*lines?\b(?!\s+of\b)", re.I)


def antecedent_site(ctx: Context, before: int, noun: str, exclude: Place | None = None
                    ) -> Place | None:
    """The place "the airbase" / "the base" / "the airport" refers back to: the last mention
    before ``before`` of that kind, or written with that word ("Ain al-Asad air base")."""
    noun = re.sub(r"\s+", " ", noun.lower())
    kinds = _SITE_KINDS.get(noun, ("airbase",))
    for m in reversed(ctx.doc.mentions):
        if m.end > before or m.place is None or (exclude is not None and
                                                  m.place.id == exclude.id):
            continue
        written = re.match(r"\s+(air\s*base|airbase|base|airport|airfield)\b",
                           ctx.doc.text[m.end:m.end + 12], re.I)
        if m.place.kind in kinds or (written and (noun == "base" or noun.replace(" ", "") ==
                                                 written.group(1).lower().replace(" ", ""))):
            return m.place
    return None


# "the Dnipro River" / "the Niger River" when the mention stops at "Dnipro" (a city) or
# "Niger" (a country): the name goes on, and names the river, not the place
_WATER_NAME = re.compile(r"\s+(?:River|Canal|Coast)\b")


def suffixed(ctx: Context, m: Mention) -> tuple[int, Place | None]:
    """Where a mention ends with its area word ("Bagram airbase", "Idlib province") and the
    place it then names: "X province" after a city X is the province the city heads."""
    text = ctx.doc.text
    suf = re.match(AREA_SUFFIX, text[m.end:])
    if not suf or not suf.group(0):
        suf = _WATER_NAME.match(text[m.end:])
    if not suf or not suf.group(0):
        return m.end, m.place
    place = m.place
    if place is not None and place.kind not in ("river", "water", "lake") and \
            suf.group(0).split()[0].lower() in ("river", "dam", "coast"):
        place = None  # "the Oskil river" is not the village of Oskil
    if place is not None and place.kind == "city" and place.admin1_code and re.fullmatch(
            rf"\s+(?:{ADMIN_WORDS})", suf.group(0), re.I):
        admin = ctx.gaz.admin(place.admin1_code)
        stem = fold(m.text)[:5]
        if admin is not None and any(w.startswith(stem) for w in fold(admin.name).split()):
            place = admin
    return m.end + suf.end(), place


def resolve_pronoun(ctx: Context, ref: Ref, target: Place | None, before: int) -> Ref:
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
                last = last_place(ctx, before, ("admin1",))
                admin1 = last.admin1_code if last else None
            if admin1:
                place = capital_of(ctx.gaz, admin1.split(".")[0], admin1)
        else:
            cc = DEMONYMS.get(dem.group(0)) if dem else (
                target.country_code if target is not None and target.country_code
                else ctx.country)
            if cc:
                place = capital_of(ctx.gaz, cc)
    elif re.search(r"\b(?:base|airbase|airport|airfield)$", low):
        place = antecedent_site(ctx, before, low.split(None, 1)[1], exclude=target)
    else:
        last = last_place(ctx, before, ("city",), exclude=target)
        place = last
    return dataclasses.replace(ref, place=place)


def last_place(ctx: Context, before: int, kinds: tuple[str, ...],
               exclude: Place | None = None) -> Place | None:
    """The place of the last mention of one of ``kinds`` before offset ``before``."""
    for m in reversed(ctx.doc.mentions):
        if m.end <= before and m.place is not None and m.place.kind in kinds and (
                exclude is None or m.place.id != exclude.id):
            return m.place
    return None


# -- targets ------------------------------------------------------------------------------
TARGET_BAD_KINDS = {"river", "water", "lake", "country", "admin1"}


CONTAINER_BEFORE = re.compile(rf"\b(?:in|inside|within|of|across)\s+(?:the\s+)?"
                              rf"(?:{DIRADJ}\s+)?$", re.I)  # "in southern Rakhine state"
_PREP_BEFORE = re.compile(rf"\b(?:on|in|near|along|by|inside|outside|close\s+to|next\s+to)"
                          rf"\s+(?:the\s+)?(?:{DIRADJ}\s+)?$", re.I)


def is_address_part(ctx: Context, m: Mention) -> bool:
    """``State`` in "Town, State": a comma right after another place mention."""
    if re.match(r"['’]s\b", ctx.doc.text[m.end:m.end + 2]):
        return False  # "Basra, Iraq's main port": an appositive, not an address
    before = ctx.doc.text[max(0, m.start - 8):m.start]
    comma = re.search(r",\s*$", before)
    if not comma:
        return False
    comma_at = m.start - len(before) + comma.start()
    prev = next((x for x in reversed(ctx.doc.mentions) if x.end <= m.start), None)
    return prev is not None and prev.end == comma_at and (
        prev.place is None or prev.place.kind not in ("admin1", "country"))


_ASIDE = re.compile(r"\b(?:on|along|near|by|close\s+to)\s+(?:the\s+)?"
                    r"(?:(?:[a-z]+\s+)?(?:banks?|shores?|edge|side)\s+of\s+(?:the\s+)?)?"
                    r"[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*(?:\s+(?:coast|shore|river|"
                    r"border(?:\s+with\s+(?:the\s+)?[A-Z][\w'’-]*)?))?")
# an aside that places the target by the story's event, not by a named place
_EVENT_ASIDE = re.compile(r"\b(?:near|close\s+to|at|by|not\s+far\s+from)\s+the\s+(?:[a-z]+\s+)?"
                          r"(?:epicent(?:re|er)|front\s*-?\s*lines?|fighting|crash\s+site|"
                          r"scene|blast\s+site)\b")
TERRAIN_NOUNS = ("ground|hill|hilltop|hills|plain|plateau|ridge|valley|desert|mountains|foothills|"
                 "bend")
_TERRAIN = re.compile(rf"\b(?:on|in|at|atop|among)\s+(?:(?:a|an|the)\s+)?(?:[a-z]+\s+)?"
                      rf"(?:{TERRAIN_NOUNS})\b")


def _gap_ok(ctx: Context, a: int, b: int) -> bool:
    text = ctx.doc.text
    cuts = [(s, e) for s, e in ctx.spans if a <= s and e <= b]
    for m in ctx.doc.mentions:  # "lies on the Tigris about 150 km": skip the phrase
        if a <= m.start and m.end <= b and m.place is not None and \
                m.place.kind in ("admin1", "country") and is_address_part(ctx, m):
            cuts.append((m.start, m.end))  # "Louisville, Kentucky, about 35 miles"
            continue
        if a <= m.start and m.end <= b:
            pre = _PREP_BEFORE.search(text[max(a, m.start - 16):m.start])
            if pre:
                suf = re.match(rf"{AREA_SUFFIX}(?:\s+(?:border|{TERRAIN_NOUNS})\b)?", text[m.end:b],
                               re.I)
                # "near the US border", "in the Sierra foothills"
                cuts.append((m.start - len(pre.group(0)),
                             m.end + (suf.end() if suf and suf.group(0) else 0)))
    merged: list[list[int]] = []  # overlapping cuts: "on Libya" inside "on Libya's coast"
    for s, e in sorted(cuts):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    gap = text[a:b]
    for s, e in reversed(merged):
        gap = gap[:s - a] + " , " + gap[e - a:]
    gap = re.sub(r"\([^()]{0,60}\)", " , ", gap)  # "Mosul (pop. 1.7m) lies"
    gap = _ASIDE.sub(" , ", gap)  # "lies on the Sea of Azov,", "near the Syrian border in"
    gap = _TERRAIN.sub(" , ", gap)  # "sits on high ground"
    gap = re.sub(r"\b(?:on|along|off|by)\s+the\s+(?:[a-z]+\s+)?(?:highway|road|motorway|"
                 r"coast|shore|frontline|front\s+line|railway(?:\s+line)?)\b", " , ", gap)
    gap = _EVENT_ASIDE.sub(" , ", gap)  # "Kahramanmaraş, near the epicentre, about 70 km"
    gap = re.sub(r"(?<=\d),(?=\d)", "", gap)
    gap = re.sub(r"\ban?\s*$", "", gap)  # "Mykolaiv, a 60-km drive from": the claim's article
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


_PART_OF_NAME = re.compile(r"\b(?:Gulf|Sea|Bay|Strait|[Cc]oast|University|College|Bank|Republic|"
                           r"Kingdom)\s+of\s+(?:the\s+)?$")
_ON_THE = re.compile(r"\b(?:on|along|alongside)\s+the\s+$")  # a town takes no article


def _river_like(ctx: Context, m: Mention) -> bool:
    """Whether the mention after "on the" names a river: unresolved, a town's or a river's
    name, alone or with "River" ("on the Khabur", "on the Dnipro River"), not a site ("on
    the Mosul Dam") or an area."""
    end, _place = suffixed(ctx, m)
    word = ctx.doc.text[m.end:end].split()[0].lower() if end > m.end else None
    return word in (None, "river", "canal") and (
        m.place is None or m.place.kind in ("city", "admin2", "admin3", "river", "water"))
_FRONTED = re.compile(r"\s*(?:(?:located|situated|lying|sitting|based)\s+)?", re.I)
_FRONTED_SUBJECT = re.compile(r"\s*,\s*(?:the\s+(?:town|city|village|port|district)\s+of\s+)?")


def find_target(ctx: Context, pos: int, *, allow_big: bool = False,
                exclude: set[int] = frozenset(), end: int | None = None
                ) -> tuple[str, Place | None, Mention | None] | None:
    """The place a claim starting at ``pos`` (and ending at ``end``) is about, or None."""
    s0, _ = sentence_of(ctx, pos)
    if end is not None and _FRONTED.fullmatch(ctx.doc.text[s0:pos]):
        after = _FRONTED_SUBJECT.match(ctx.doc.text, end)  # "Some 30 miles east of Denver,
        m = ctx.by_start.get(after.end()) if after else None  # the town of Bennett"
        if m is not None and m.place is not None and m.place.kind not in TARGET_BAD_KINDS:
            return m.text, m.place, m
    candidates = [m for m in ctx.doc.mentions if s0 <= m.start and m.end <= pos]
    for m in reversed(candidates):
        if m.start in exclude or m.start in ctx.used_refs:
            continue
        if _PART_OF_NAME.search(ctx.doc.text[max(0, m.start - 20):m.start]):
            continue  # "the Gulf of Mexico near Beaumont"
        if m.place is not None and (m.place.feature_code in ("CONT", "RGN", "OCN") or (
                m.place.kind in ("admin1", "country") and is_address_part(ctx, m))):
            continue  # "Africa"; the "Ohio" of "Canal Winchester, Ohio"
        if _ON_THE.search(ctx.doc.text[max(0, m.start - 16):m.start]) and _river_like(ctx, m):
            continue  # "a town on the Euphrates about 45 km": a river, not a target
        if m.place is not None and m.place.kind in TARGET_BAD_KINDS and not (
                allow_big and m.place.kind == "admin1" and not CONTAINER_BEFORE.search(
                    ctx.doc.text[max(0, m.start - 12):m.start])):
            continue
        end, place = suffixed(ctx, m)  # "Bagram airbase, about 50 km north of Kabul"
        if re.search(r"\bof\s+(?:the\s+)?$", ctx.doc.text[max(0, m.start - 8):m.start]):
            end, place = m.end, m.place  # "the capital of the Kurdistan region, is": not it
        if end <= pos and _gap_ok(ctx, end, pos):
            return ctx.doc.text[m.start:end], place, m
        break_here = m.place is None or m.place.kind not in TARGET_BAD_KINDS
        if break_here and not _GAP_APPOS.match(ctx.doc.text[m.end:pos]):
            # a target-eligible place that is not linked: keep looking only through
            # appositives of an earlier place
            continue
    definite = _definite_target(ctx, s0, pos, exclude)
    if definite is not None:
        return definite
    pron = _PRONOUN_SUBJECT.match(ctx.doc.text[s0:pos])
    if pron and _gap_ok(ctx, s0 + pron.end(), pos):
        place = _subject_before(ctx, s0)
        if place is None:
            return None  # "It was 40 km away": no place to be about
        return ctx.doc.text[s0 + pron.start():s0 + pron.end()].strip(), place, None
    return None


_DEFINITE = re.compile(r"\b(?:the|this|that)\s+(?:town|city|village|port)\b", re.I)
_TO_THE_CAPITAL = re.compile(r"[^.;]{0,60}?\bthe\s+(?:[a-z]+\s+)?capital\b")


def _definite_target(ctx: Context, s0: int, pos: int, exclude: set[int]
                     ) -> tuple[str, Place | None, None] | None:
    """"Families fled the city, which lies 55 km from the capital": a definite place noun
    inside the sentence, linked to the claim, names the last town mentioned before it (not
    the reference, and not a capital when the claim is measured from "the capital")."""
    text = ctx.doc.text
    noun = next(reversed(list(_DEFINITE.finditer(text, s0, pos))), None)
    if noun is None or not text[s0:noun.start()].strip() or \
            any(noun.end() <= m.start < pos for m in ctx.doc.mentions) or \
            not _gap_ok(ctx, noun.end(), pos):
        return None  # a sentence opening "The city lies" is the subject rule's
    from_capital = _TO_THE_CAPITAL.match(text, pos) is not None
    for m in reversed(ctx.doc.mentions):
        if m.end > noun.start() or m.start in exclude or m.place is None or \
                m.place.kind != "city" or (from_capital and m.place.feature_code == "PPLC"):
            continue
        return noun.group(0), m.place, None
    return None


def span_of(tgt: tuple[str, Place | None, Mention | None] | None) -> tuple[int, int] | None:
    """The offsets of a target's mention, if it has one."""
    return (tgt[2].start, tgt[2].end) if tgt is not None and tgt[2] is not None else None


def _subject_before(ctx: Context, s0: int) -> Place | None:
    """The subject place of the nearest previous sentence that opens with a place."""
    for a, b in reversed([s for s in ctx.sentences if s[1] <= s0]):
        first = next((m for m in ctx.doc.mentions if a <= m.start < b), None)
        if first is not None and first.place is not None and \
                first.place.kind not in TARGET_BAD_KINDS and \
                re.fullmatch(r"\s*(?:[A-Z]{2,}[^\n]*?-\s*)?(?:In\s+|The\s+(?:town|city|village)"
                             r"\s+of\s+)?", ctx.doc.text[a:first.start]):
            return first.place
    return last_place(ctx, s0, ("city",))


_NOT_PLACE = re.compile(r"\b(?:Brigade|Division|Regiment|Battalion|Army|Forces|Corps|Police|"
                        r"Unit|Ministry|Council|Committee|State|Group|Front|Party|Militia|"
                        r"Company|Squadron|Fleet|Command|Guard|Monday|Tuesday|Wednesday|"
                        r"Thursday|Friday|Saturday|Sunday)\b")


# "Cameron, a fishing town about 30 miles south of": the head noun of a short appositive
_UNNAMED_APPOS = (r"(?:\s*,\s*(?:a|an)\s+(?:(?!(?:from|of|in|on|at|near|the|a|an|to)\b)[a-z-]+\s+)"
                  rf"{{0,2}}(?:{PLACE_NOUNS})(?:\s+of\s+[\d,]+)?)")


_SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "for", "by", "as",
                "from", "with", "near", "off"}


def headline_case(text: str) -> bool:
    """Whether ``text`` is set as a headline (Title Case or ALL CAPS, three words or more), where
    a capital letter does not mark a name."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return len(words) >= 3 and len(big) >= 2 and all(w[0].isupper() for w in big)


def unnamed_target(ctx: Context, pos: int) -> str:
    """A capitalised name right before a claim that the geoparser did not tag, or ''."""
    s0, _ = sentence_of(ctx, pos)
    before = ctx.doc.text[s0:pos]
    m = re.search(r"\b((?:(?:al|el|ad|ar|as|abu|bu|umm|tal|ain)[-\s])?[A-Z][\w'’-]*"
                  r"(?:[\s-](?:(?:al|el|ad|ar|as|abu|bu|umm)[-\s])?[A-Z][\w'’-]*)*)"
                  rf"(?:\s+(?:{PLACE_NOUNS}))?{_UNNAMED_APPOS}?"
                  r"\s*,?\s*(?:(?:is|lies|sits|located|situated)\s+)?$", before)
    if not m:
        return ""
    if headline_case(ctx.doc.text[s0:sentence_of(ctx, pos)[1]]):
        return ""  # "Quake Strikes 60 Miles North Of Manila": capitals name nothing here
    name = re.sub(r"^The\s+(?=[A-Z])", "", m.group(1))  # "The Mosul Dam, 40 km upstream of"
    if name.split()[0] in ("The", "A", "An", "In", "On", "It", "He", "She", "They", "But",
                           "And", "At", "By", "From"):
        return ""
    if _NOT_PLACE.search(name) or re.search(r"\d", before[max(0, m.start() - 6):m.start()]) \
            or _PART_OF_NAME.search(before[:m.start()]):
        return ""  # "the 3rd Brigade", "in the Gulf of Aden, 70 nautical miles south-east of"
    return name


def implicit_reference(ctx: Context, pos: int) -> Ref | None:
    """The place a "30 km to the south" is measured from: the place named before the target."""
    tgt = find_target(ctx, pos, allow_big=True)
    if tgt is None or tgt[2] is None:
        return None
    s0, _ = sentence_of(ctx, pos)
    before = [m for m in ctx.doc.mentions if m.end <= tgt[2].start and m.place is not None
              and m.place.kind not in ("river", "water", "lake")]
    if not before:
        return None
    m = before[-1]
    return Ref(m.text, m.start, m.end, m.place, "place", m)
