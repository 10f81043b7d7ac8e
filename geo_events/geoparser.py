"""Geoparsing: spans from :mod:`recognise`, resolved to gazetteer places with document context.

Resolution scores each candidate as

    gazetteer score (match kind + prominence)
    + country context   share of the document's country evidence for its country
    + admin context     its admin-1 area is named in the document
    + qualifier         "Paris, Texas" / "Hit, Iraq" / "Anbar's Heet" / "Paris, Tenn."
    + cue fit           "X province" wants an admin area, "X airbase" an air base
    + coherence         close to the other places of the article (second pass)

and keeps the runner-ups. A span is reported when the evidence that it is a place (capitals,
cues, prominence) outweighs the evidence that it is a person, an organisation or a common word.
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .document import Document, Mention
from .exceptions import InputError
from .gazetteer import Gazetteer
from .lexicon import COUNTRY_ABBREVIATIONS, DEMONYMS, STOP, US_POSTAL, US_STATES
from .names import fold
from .place import Candidate, Place
from .recognise import LIST_GAP, STATE_BEFORE, Span, document_countries, spot

log = logging.getLogger(__name__)

__all__ = ["geoparse", "resolve_spans", "Settings"]

_KM_PER_DEG = 6371.0088 * math.pi / 180


@dataclass(frozen=True, slots=True)
class Settings:
    """Knobs of the resolver; defaults are what the benchmarks measured best."""

    candidates: int = 25
    min_score: float = 0.45  # below this a recognised span stays unresolved
    accept: float = 0.55  # evidence needed to report a span as a place
    country_weight: float = 0.35
    admin_weight: float = 0.2
    qualifier_weight: float = 0.8
    coherence_weight: float = 0.25
    max_anchors: int = 60
    list_kind_weight: float = 0.15  # a listed name's reading of the same kind as its neighbours
    list_allowance: float = 0.2  # evidence a name listed with accepted places may lack
    minimality_weight: float = 0.2  # for the admin area that could hold most names
    minimality_candidates: int = 4  # leading candidates per name that count for it
    top_level_margin: float = 0.3  # context a country/state reading needs to lose


DEFAULT_SETTINGS = Settings()


def _nearest_km(lat: float, lon: float, points: list[tuple[float, float, str | None]]
                ) -> float:
    """Equirectangular distance to the nearest of ``points``: a ranking weight only
    (verification uses geodesics). One loop, no call per point: coherence runs it for
    every candidate against every anchor."""
    cos, radians, hypot = math.cos, math.radians, math.hypot
    best = math.inf
    for b_lat, b_lon, _ in points:
        dl = abs(b_lon - lon)
        if dl > 180.0:
            dl = 360.0 - dl
        d = hypot(b_lat - lat, dl * cos(radians((lat + b_lat) / 2)))
        if d < best:
            best = d
    return _KM_PER_DEG * best


def _check_text(text: object) -> str:
    if isinstance(text, bytes):
        raise InputError("geoparse() takes str; decode bytes first "
                         "(geo_events.textio.decode_article validates and decodes them)")
    if not isinstance(text, str):
        raise InputError(f"text must be str, got {type(text).__name__}")
    if "\x00" in text[:65536]:
        raise InputError("text contains NUL bytes: this looks like binary data")
    return text


def geoparse(text: str, *, gazetteer: Gazetteer | None = None,
             published: str | _dt.date | None = None, id: str | None = None,
             title: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> Document:
    """Find and resolve the places in ``text``."""
    from .report import default_gazetteer, parse_date

    text = _check_text(text)
    pub = parse_date(published)
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    spans = spot(text, gaz)
    mentions = _resolve(text, spans, gaz, settings, filter_spans=True)
    return Document(text=text, mentions=tuple(mentions), id=id, title=title, published=pub)


def resolve_spans(text: str, spans: Sequence[tuple[int, int]], *,
                  gazetteer: Gazetteer | None = None,
                  settings: Settings = DEFAULT_SETTINGS) -> list[Mention]:
    """Resolve given spans (e.g. gold toponyms) in context: one Mention per span, in order."""
    from .report import default_gazetteer

    text = _check_text(text)
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    given = [Span(text[a:b], a, b, len(text[a:b].split())) for a, b in spans]
    given_settings = replace(settings, min_score=0.0)  # a given span is a place: answer
    by_span = {(m.start, m.end): m for m in _resolve(text, given, gaz, given_settings,
                                                     filter_spans=False)}
    return [by_span[(a, b)] for a, b in spans]


# -- resolution ---------------------------------------------------------------------------

def _place_evidence(span: Span, best: Candidate | None) -> float:
    """How likely the span names a place at all (0..1+)."""
    if best is None:
        return 0.6 if span.cue_before or span.cue_after else 0.0
    score = best.score  # gazetteer score: match kind and prominence, about 0.6-1.05
    ev = score
    if span.cue_before or span.cue_after:
        ev += 0.2
    if span.person:
        ev -= 0.6
    if span.speaker and score < 0.85:  # "Hall said"; but "Egypt said" is the country
        ev -= 0.4
    if span.given_name and score < 0.85:  # "Linda", but not Victoria BC or Elizabeth NJ
        ev -= 0.4
    if span.surname and score < 0.85 and not (span.cue_before or span.cue_after):
        ev -= 0.25  # "Wilson was charged", but not "in Wilson"
    if span.org:
        ev -= 0.5
    if span.after_name:  # "Tom Jones"
        ev -= 0.35 if score < 0.9 else 0.15
    elif span.before_name and span.n_tokens == 1:
        # "Michael Smith" (a small place named like a first name) vs "Gainesville
        # Environmental Services" or "London head coach" (a town as a modifier)
        ev -= 0.35 if score < 0.6 else 0.2
    if fold(span.text) in STOP:
        ev -= 0.5
    # a frequent word, not a country or capital; without capitals any English word is
    # suspect ("Rains", "Drone" in a title-case headline)
    floor = 3.0 if span.caseless else 4.0
    if span.common >= floor and score < 0.9:
        ev -= (span.common - floor) * (0.35 if span.sentence_start else 0.18)
    if best.match == "normalised" and span.common >= 4.0:
        ev -= 0.3  # an English word that matches only once respelled ("Schools": Schuls)
    if span.caseless and len(span.text) <= 3 and span.common >= 4.0 and (
            span.text.islower() or fold(span.text) not in COUNTRY_ABBREVIATIONS):
        ev -= 0.6  # "car", "us" in a lower-case text, "CAR BOMB": words (but "US AND UK")
    if span.sentence_start and span.n_tokens == 1 and not (span.cue_before or span.cue_after):
        ev -= 0.05
    if (len(span.text) <= 2 or span.text.isupper() and len(span.text) <= 3) and \
            best.place.kind != "country" and best.place.source != "curated":
        ev -= 0.4  # codes and initials (but "US", "UK", "EU" name countries and unions)
    return ev


def _qualifiers(text: str, spans: list[Span], cands: list[list[Candidate]]
                ) -> dict[int, tuple[str | None, str | None]]:
    """Span index -> (country code, admin1 code) asserted by an adjacent qualifier."""
    out: dict[int, tuple[str | None, str | None]] = {}
    for i, span in enumerate(spans):
        after = text[span.end:span.end + 24]
        # "Paris, Tenn." / "Austin, TX"
        stripped = after.lstrip(", ")
        if after.startswith(", "):
            word = stripped.split(" ")[0].split("\n")[0].rstrip(",;:")
            key = fold(word)
            if key in US_STATES:
                out[i] = ("US", "US." + US_STATES[key])
                continue
            if word.rstrip(".") in US_POSTAL and word.isupper():
                out[i] = ("US", "US." + word.rstrip("."))
                continue
        # "<A>, <B>" where B is a country or province
        if i + 1 < len(spans) and text[span.end:spans[i + 1].start] in (", ", ",\n") and \
                cands[i + 1]:
            q = cands[i + 1][0].place
            if q.kind == "country":
                out[i] = (q.country_code, None)
            elif q.kind == "admin1":
                out[i] = (q.country_code, q.admin1_code)
        # "<A>'s <B>" (Anbar's Heet)
        if i > 0 and text[spans[i - 1].end:span.start] in ("'s ", "’s ") and cands[i - 1]:
            q = cands[i - 1][0].place
            if q.kind in ("country", "admin1"):
                out[i] = (q.country_code, q.admin1_code if q.kind == "admin1" else None)
    return out


def _us_state(text: str, span: Span, gaz: Gazetteer) -> Candidate | None:
    """"Ga." / "Tenn." / "TX" right after "Town, " is the US state."""
    code = US_STATES.get(fold(span.text))
    dotted = code is not None and span.text.endswith(".")  # "Tenn.", "S.C.": unambiguous
    if code is None and span.text in US_POSTAL:
        code = span.text
    if code is None or not (dotted or text[max(0, span.start - 2):span.start] in STATE_BEFORE):
        return None
    place = gaz.admin(f"US.{code}")
    return Candidate(place, 0.9, "abbreviation", span.text) if place else None


_GENERIC_AFTER = ("River", "Creek", "Township", "Valley", "Station", "Islands", "Island",
                  "Lake", "Park", "Area", "Region")
_GENERIC_BEFORE = ("South", "North", "East", "West", "Central", "Downtown", "Greater",
                   "Upper", "Lower", "Port of", "City of", "Lake", "Mount")
_DEMONYM_ENDINGS = (("ians", "ia"), ("ans", ""), ("ans", "o"), ("ns", ""), ("an", ""),
                    ("n", ""), ("i", ""), ("s", ""), ("", "ia"))


def _partial_candidates(gaz: Gazetteer, name: str) -> list[Candidate]:
    """For a given span the gazetteer lacks: the place a people's name derives from
    ("Iowans", "Latvians", "Dagestani", "Abkhaz") or, for a feature or part named
    after a place, that place ("Brazos River", "Franklin Township", "South Tulsa",
    "Port of Houston"), as one low-scored candidate marked "partial"."""
    words = name.strip()
    for strip, add in _DEMONYM_ENDINGS:  # "Minnesotans" -> Minnesota, "Abkhaz" -> Abkhazia
        if words.lower().endswith(strip) and len(words) - len(strip) >= 3:
            hits = gaz.search(words[:len(words) - len(strip)] + add, limit=1, fuzzy=False)
            if hits and hits[0].match != "normalised" and (
                    hits[0].place.kind in ("country", "admin1", "continent")
                    or hits[0].place.source == "curated"):
                return [replace(hits[0], score=0.6, match="demonym")]
    rest = words
    for word in _GENERIC_AFTER:
        rest = rest[:-len(word) - 1] if rest.endswith(" " + word) else rest
    for word in _GENERIC_BEFORE:
        rest = rest[len(word) + 1:] if rest.startswith(word + " ") else rest
    if rest != words and len(rest) >= 3:
        return [replace(c, score=c.score * 0.6, match="partial")
                for c in gaz.search(rest, limit=5, fuzzy=False)]
    return []


def _demonym(span: Span, gaz: Gazetteer, filtering: bool) -> Candidate | None:
    """A given span that is a demonym ("Iraqi") names its country (metonymy). The
    recogniser never reports demonyms itself: they are context."""
    cc = None if filtering else DEMONYMS.get(fold(span.text))
    place = gaz.country(cc) if cc else None
    return Candidate(place, 0.8, "demonym", span.text) if place else None


_ADMIN_CUES = frozenset({"province", "governorate", "state", "region", "oblast", "prefecture",
                         "county", "district", "parish", "municipality", "borough",
                         "township"})


_PROVINCE_CUES = frozenset({"province", "governorate", "region", "oblast", "prefecture"})


def _cue_fit(span: Span, c: Candidate, town_named: bool) -> float:
    """Fit of a candidate's kind to the place word around the name; ``town_named`` says a
    town matches the name as well as this candidate does."""
    kind = c.place.kind
    cue = span.cue_after or ""
    if cue in _PROVINCE_CUES or cue == "state":
        # "the Kurdistan region" is our curated region as much as an Iranian province
        return 0.3 if kind == "admin1" or (cue == "region" and c.place.source == "curated") \
            else -0.1
    if cue in ("county", "district", "parish", "municipality", "borough", "township"):
        return 0.3 if kind in ("admin2", "admin1") else -0.1
    if cue in ("airport", "airbase"):
        return 0.4 if kind in ("airport", "airbase") else 0.0
    if cue in ("river", "valley", "lake"):
        return 0.4 if c.place.feature_class == "H" else 0.0
    if cue in ("city", "town", "village"):
        return 0.2 if c.place.feature_class == "P" else -0.1
    if kind in ("airport", "airbase") and town_named:
        return -0.15  # a bare name is the town, not its airport
    return 0.0


def _keep_listed(text: str, spans: list[Span], evidence: list[float], keep: list[bool],
                 floor: float) -> None:
    """A name listed with accepted places ("Salem, Jefferson and Sublimity") is a place on
    weaker evidence (down to ``floor``): enumerations keep to one kind of thing."""
    changed = True
    while changed:
        changed = False
        for k, span in enumerate(spans):
            if keep[k] or evidence[k] < floor or span.person:
                continue
            for n in (k - 1, k + 1):
                if 0 <= n < len(spans) and keep[n]:
                    a, b = (spans[n], span) if n < k else (span, spans[n])
                    if LIST_GAP.fullmatch(text, a.end, b.start):
                        keep[k] = changed = True
                        break


def _listed_kinds(text: str, spans: list[Span], keep: list[bool],
                  chosen: list[tuple[Candidate | None, float, str]]) -> dict[int, frozenset]:
    """Span index -> the kinds of place chosen for its neighbours in an enumeration."""
    out: dict[int, frozenset] = {}
    for k in range(len(spans) - 1):
        a, b = chosen[k][0], chosen[k + 1][0]
        if keep[k] and keep[k + 1] and a and b and LIST_GAP.fullmatch(
                text, spans[k].end, spans[k + 1].start):
            out[k] = out.get(k, frozenset()) | {b.place.kind}
            out[k + 1] = out.get(k + 1, frozenset()) | {a.place.kind}
    return out


def _top_level(place: Place) -> bool:
    """A country, first-level area or curated region ("Sahel", "Red Sea"): a name that
    leads with one of these keeps it against mere context (not against a qualifier:
    "Mexico, Mo."). Capitals are not protected: local news means Paris, Tenn. and Athens,
    Ga. as often as not."""
    return place.kind in ("country", "admin1") or place.source == "curated"


def _candidates(gaz: Gazetteer, name: str, admin_cue: str | None,
                limit: int) -> list[Candidate]:
    """Gazetteer candidates for a name; with an admin word after it ("Jackson ... counties")
    the areas called "Jackson County" join them, as the bare name may rank a hundred towns
    first."""
    found = gaz.search(name, limit=limit, fuzzy=False)
    if admin_cue:
        seen = {c.place.id for c in found}
        found += [c for c in gaz.search(f"{name} {admin_cue}", limit=limit, fuzzy=False)
                  if c.place.id not in seen and c.place.kind in ("admin1", "admin2")]
        if admin_cue in _PROVINCE_CUES:
            # "the Kursk region": a province named after its seat, which the gazetteer
            # knows by another form ("Kurskaya oblast'")
            seats = {c.place.admin1_code: c for c in found
                     if c.place.feature_code in ("PPLA", "PPLC") and c.place.admin1_code}
            held = {c.place.admin1_code for c in found if c.place.kind == "admin1"}
            for code, seat in seats.items():
                area = gaz.admin(code) if code not in held else None
                if area is not None and area.id not in seen:
                    found.append(Candidate(area, seat.score, "seat", seat.matched_name))
    return found


def _resolve(text: str, spans: list[Span], gaz: Gazetteer, st: Settings, *,
             filter_spans: bool) -> list[Mention]:
    cache: dict[str, list[Candidate]] = {}
    cands: list[list[Candidate]] = []
    for span in spans:
        key = (span.text, span.cue_after if span.cue_after in _ADMIN_CUES else None)
        if key not in cache:
            cache[key] = _candidates(gaz, span.text, key[1], st.candidates) if span.known \
                else []
            if not cache[key] and not filter_spans:  # a given span is a place: dig deeper
                cache[key] = _partial_candidates(gaz, span.text)
        special = _us_state(text, span, gaz) or _demonym(span, gaz, filter_spans)
        cands.append([special] if special else cache[key])

    evidence = [_place_evidence(span, cs[0] if cs else None) for span, cs in zip(spans, cands)]
    keep = [not filter_spans or ev >= st.accept for ev in evidence]
    if filter_spans:
        _keep_listed(text, spans, evidence, keep, st.accept - st.list_allowance)

    # document context: demonyms, plus each believed span's leading reading. Votes are
    # grouped by name and a name's own votes are left out when it is scored, so "Baghdad"
    # cannot confirm itself (nor its same-named province).
    demonyms = Counter({cc: 2 * n for cc, n in document_countries(text).items()})
    countries: dict[str, Counter[str]] = {}
    admins: dict[str, Counter[str]] = {}
    keys = [fold(span.text) for span in spans]
    for ok, cs, key in zip(keep, cands, keys):
        if ok and cs:
            top = cs[0].place
            if top.country_code:
                countries.setdefault(top.country_code, Counter())[key] += (
                    3 if top.kind == "country" else 1)
            if top.admin1_code:
                admins.setdefault(top.admin1_code, Counter())[key] += 1
    total_by_key = Counter()
    for per_key in countries.values():
        total_by_key.update(per_key)
    total = sum(total_by_key.values()) + sum(demonyms.values())

    def support(table: dict[str, Counter[str]], code: str | None, key: str) -> int:
        """Votes for ``code`` from names other than ``key`` (a name cannot confirm itself)."""
        per_key = table.get(code or "")
        return per_key.total() - per_key[key] if per_key else 0
    # spatial minimality: the admin areas that could hold many of the article's names
    # ("Lauderdale County", "Florence", "Muscle Shoals" all fit Alabama), counted over each
    # name's leading candidates, one vote per name
    could_hold: dict[str, set[str]] = {}
    for ok, cs, key in zip(keep, cands, keys):
        if ok:
            for c in cs[:st.minimality_candidates]:
                if c.place.admin1_code:
                    could_hold.setdefault(c.place.admin1_code, set()).add(key)
    quals = _qualifiers(text, spans, cands)
    # admin areas holding a same-named town: a bare name means the town
    towns = {i: {c.place.admin1_code for c in cs if c.place.feature_class == "P"}
             for i, cs in enumerate(cands)
             if spans[i].cue_after not in _ADMIN_CUES}

    # names a town holds as well as its airport ("Erbil"), unlike "Ain al-Asad" (a base)
    town_named = [any(c.place.feature_class == "P" and c.match != "normalised" for c in cs)
                  for cs in cands]

    top_level = [bool(cs) and _top_level(cs[0].place) and cs[0].match != "normalised"
                 for cs in cands]
    lead_top = [bool(cs) and cs[0].place.kind in ("country", "admin1") for cs in cands]
    lead_code = [cs[0].place.admin1_code if cs and cs[0].place.kind == "admin1" else None
                 for cs in cands]

    def score(i: int, c: Candidate) -> tuple[float, str]:
        """Everything but coherence with the anchors (added by the ranking below)."""
        s = c.score + _cue_fit(spans[i], c, town_named[i])
        why = c.match
        key = keys[i]
        rest = total - total_by_key.get(key, 0)
        if rest > 0:
            cc = c.place.country_code
            share = (support(countries, cc, key) + demonyms.get(cc or "", 0)) / rest
            s += st.country_weight * share
        if support(admins, c.place.admin1_code, key):
            s += st.admin_weight
            why = "admin context"
        held = could_hold.get(c.place.admin1_code or "")
        if held and not lead_top[i]:  # not "Mexico"
            n = len(held) - (key in held)
            s += st.minimality_weight * n / (n + 2)
        if c.place.kind in ("admin1", "admin2") and c.place.admin1_code in towns.get(i, ()):
            s -= 0.1  # "Kirkuk": the city, unless a cue says "province"
        q = quals.get(i)
        if not q and top_level[i] and not _top_level(c.place) and not (
                c.place.feature_code == "PPLA" and c.place.admin1_code == lead_code[i]
                and c.match != "alternate"):  # (not Oklahoma City for "Oklahoma")
            # "Mexico", "California": not towns on context alone (but "Basra" may be the
            # seat of the province of that name)
            s -= st.top_level_margin
        if q:
            if (c.place.admin1_code == q[1]) if q[1] else (q[0] == c.place.country_code):
                s += st.qualifier_weight
                why = "qualifier"
            elif q[0] and c.place.country_code != q[0]:
                s -= 0.2
        return s, why

    def coherence(c: Candidate, anchors: list[tuple[float, float, str | None]]) -> float:
        place = c.place
        if place.kind == "country" and any(cc == place.country_code for _, _, cc in anchors):
            return st.coherence_weight  # it holds one of them: "Mexico" with Mexico City
        d = _nearest_km(place.lat, place.lon, anchors)
        return st.coherence_weight / (1.0 + d / 150.0)

    # Rank each distinct (name, qualifier, cue) once: a long text repeats its names, and
    # this keeps the work linear in the number of mentions.
    chosen: list[tuple[Candidate | None, float, str]] = [(None, 0.0, "")] * len(spans)
    anchors: set[tuple[float, float, str | None]] = set()  # lat, lon, country
    scored: dict[int, list[tuple[float, str, Candidate]]] = {}  # i -> score() of its candidates
    for rnd in range(2):
        memo: dict[tuple, tuple[Candidate, float, str]] = {}
        listed = _listed_kinds(text, spans, keep, chosen) if rnd else {}
        for i, cs in enumerate(cands):
            if not keep[i] or not cs:
                continue
            own = chosen[i][0]
            kinds = listed.get(i, frozenset())
            group = (spans[i].text, quals.get(i), spans[i].cue_after,
                     own.place.id if own else None, kinds)
            if group not in memo:
                near = [a for a in anchors
                        if not own or a[:2] != (own.place.lat, own.place.lon)]
                if i not in scored:
                    scored[i] = [(*score(i, c), c) for c in cs]
                ranked = scored[i]
                if kinds:  # "Oregon, Washington and Idaho": a list keeps to one kind
                    ranked = [(s + st.list_kind_weight * (c.place.kind in kinds), why, c)
                              for s, why, c in ranked]
                if near:  # coherence adds at most coherence_weight: skip hopeless candidates
                    floor = max(t[0] for t in ranked) - st.coherence_weight
                    ranked = [(s + coherence(c, near), why, c) for s, why, c in ranked
                              if s >= floor]
                best = min(ranked, key=lambda t: (-t[0], t[2].place.id))
                memo[group] = (best[2], best[0], best[1])
            chosen[i] = memo[group]
        # coherence anchors: the article's most-mentioned places (bounded, for long texts)
        counted = Counter((c.place.lat, c.place.lon, c.place.country_code)
                          for c, _, _ in chosen if c)
        anchors = {a for a, _ in counted.most_common(st.max_anchors)}

    out: list[Mention] = []
    for i, span in enumerate(spans):
        if not keep[i]:
            continue
        best, s, why = chosen[i]
        others = tuple(c for c in cands[i] if best is None or c.place.id != best.place.id)[:3]
        if best is None or s < st.min_score:
            reason = "not in gazetteer" if not cands[i] else f"low score {s:.2f}"
            out.append(Mention(span.text, span.start, span.end, "unresolved", None,
                               round(s, 4), reason, "cue" if not span.known else "gazetteer",
                               others))
        else:
            out.append(Mention(span.text, span.start, span.end, "resolved", best.place,
                               round(min(s, 2.0) / 2.0 + 0.0, 4), why, "gazetteer+context",
                               others))
    return out
