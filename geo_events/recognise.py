"""Finding place-name spans in text without a model: gazetteer-driven spotting plus
linguistic evidence (capitalisation, sentence position, cue words, person and organisation
context, common-word frequency).

The spotter walks the tokens once and, at each capitalised token, tries the longest run of
up to six name-like tokens whose ``fold`` or ``loose`` key the gazetteer holds (an in-memory
hash test, no query). Each span becomes a :class:`Span` with the evidence the resolver needs.
Runs in time linear in the text length.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from .gazetteer import Gazetteer
from .lexicon import (CONNECTORS, COUNTRY_ABBREVIATIONS, DEMONYMS,
                      FIRST_NAMES, INSTITUTION_AFTER, LOCATIVE_SUFFIXES, ORG_AFTER,
                      PERSON_TITLES, PLACE_AFTER, PLACE_CUES_BEFORE, SPEECH_VERBS, STOP,
                      US_STATES)
from .names import fold, loose
from .personnames import COMMON_SURNAME_PERCENT, is_given_name, surname_share
from .quantities import DIRWORD, NUM, QUAL, UNIT

__all__ = ["Span", "spot", "tokens", "document_countries"]

MAX_TOKENS = 6
_ABBREVIATIONS = frozenset(US_STATES) | PERSON_TITLES | {"st", "mt", "ft", "pt", "co", "no"}
_ABBREV_COUNTRY = re.compile(r"(?:[A-Z]\.){2,3}|[A-Z]{2,3}")
_INITIALS = re.compile(r"(?:[A-Z]\.)+")
_BLANK_LINE = re.compile(r"\n\s*\n")
_STOP_GAP = re.compile(r"[.!?:;\"“]\s*$")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?", re.UNICODE)
_RUN = 4  # words: no name has so many lower-case words in a row ("Republic of the Congo")
_TOKEN_OR_RUN = re.compile(r"([a-z]+(?: [a-z]+){%d,})(?![-'’.\w])|" % (_RUN - 1) +
                           _TOKEN.pattern, re.UNICODE)
_CUE_UNKNOWN = re.compile(
    r"\b(?:town|city|village|district|province|governorate|region|county|suburb|"
    r"neighbourhood|neighborhood|area|camp) of ((?:(?:al|el|ad|ar|as|at|an|az|ash)[-\s])?"
    r"[A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){0,3})"
    r"|((?:(?:al|el)[-\s])?[A-Z][\w'’-]+(?:\s+(?:al-|el-)?[A-Z][\w'’-]+){0,3}) "
    r"(?:village|district|governorate|province|camp|refugee camp)\b")

# a capitalised demonym ("Iraqi", "Sri Lankan", also before another name: "Iraqi Army") or
# an abbreviation of a country ("U.S.", "UK"; not "USB")
def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` factored by common prefixes (a plain alternation
    of a few hundred words is tried word by word at every position: ~10x slower)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        alts = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a word ends here: what follows is optional; longer matches first
            body = ("(?:" + body + ")?") if len(alts) == 1 else body + "?"
        return body
    return walk(trie)


_COUNTRY_WORD = re.compile(r"\b(?:" + _trie_pattern([d.title() for d in DEMONYMS]) +
                           r"\b|U\.S\.|U\.K\.|(?:USA|US|UK)\b)")
_NAME_BEFORE = re.compile(r"\b(?:al-|el-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}$")

# every word _CUE_UNKNOWN needs, as plain substrings for a quick test
_CUE_WORDS = ("town of", "city of", "village", "district", "province", "governorate",
              "region of", "county of", "suburb of", "neighbourhood of", "neighborhood of",
              "area of", "camp")


class Token(NamedTuple):  # one per word of every text: a tuple is the cheapest record
    text: str
    start: int
    end: int
    cap: bool
    sentence_start: bool


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate place name in the text, with the evidence about it."""

    text: str
    start: int
    end: int
    n_tokens: int
    sentence_start: bool = False
    cue_before: str | None = None  # the word before, when it is a place cue
    cue_after: str | None = None  # a place word after ("province", "airbase")
    after_name: bool = False  # right after a capitalised non-cue word ("Tom Jones")
    before_name: bool = False  # right before a capitalised word that is not a place word
    person: bool = False  # looks like part of a personal name
    speaker: bool = False  # next to a verb of saying ("Hall said", "added Hall")
    given_name: bool = False  # a common given name ("Linda"), not after a place cue
    org: bool = False  # followed by an organisation word ("Post", "University")
    common: float = 0.0  # English word frequency (zipf) of a one-word name (caseless: of
    # the run's rarest word), else 0
    surname: bool = False  # a one-word name that is a common surname ("Wilson", "Hall")
    known: bool = True  # the gazetteer holds this name
    caseless: bool = False  # found in a text without usable capitals (so more suspect)


# Generic words that head a named natural feature ("Lake Victoria", "Mount Hood")
_FEATURE_HEADS = frozenset("Lake Mount Mt. Mt River Gulf Cape Bay Sea Isle Island Islands "
                           "Fort Camp Lac Lago Rio Wadi Jebel Jabal".split())
_PARTY = ("D-", "R-", "I-")  # a US politician's party label before their state or town
STATE_BEFORE = (", ", *_PARTY)  # what precedes a state abbreviation: "Paris, Tenn.", "D-Pa."
_STATE_ROUTE = re.compile(r"(?<=\.) \d{1,4}\b")  # "S.C. 5", "W.Va. 61": a state's road
_PART_START = re.compile(r"[-'’](\w)")
_COMPASS = re.compile(rf"(?i:{DIRWORD})")
_AREA_OF = re.compile(r"\b(state|province|region|governorate|oblast|county|district|"
                      r"prefecture|department)\s+of\s+$", re.IGNORECASE)
_OF_AFTER = re.compile(r"(?i)\s+(?:of|from)\b")
# "Moore, 10 miles (16 km) south of ...", "Kisumu, about 100 km west of": a name that a
# distance follows in apposition is a place (the claim says where it lies); the numbers,
# units and qualifiers are the claims parser's (:mod:`.quantities`)
_DISTANCE_APPOSITION = re.compile(
    rf",\s+(?:(?i:{QUAL}|just|only)\s+)?(?i:{NUM})[\s-]*(?i:{UNIT})\b(?:\s*\([^)]{{1,30}}\))?"
    rf"\s+(?:away\b|(?:to\s+the\s+)?(?i:{DIRWORD})\b|(?:of|from|outside)\s+(?:the\s+)?[A-Z])")
_PLURAL_CUES = {"counties": "county", "provinces": "province", "districts": "district",
                "governorates": "governorate", "parishes": "parish", "states": "state",
                "regions": "region", "oblasts": "oblast", "townships": "township"}
_LIST_PLURAL = re.compile(r"\s+(?:" + "|".join(_PLURAL_CUES) + r")\b")
LIST_GAP = re.compile(r",?\s+(?:and|or)\s+|[,;]\s+")  # between list items (not "&": firms)


def _is_cap(word: str) -> bool:
    """Capitalised, counting "al-Asad" (a later part) as capitalised."""
    if word[:1].isupper():
        return True
    if "-" not in word and "'" not in word and "’" not in word:
        return False
    return any(ch.isupper() for ch in _PART_START.findall(word))


def _hyphen_parts(word: str, is_name: Callable[[str], bool] | None) -> list[str] | None:
    """The parts of a hyphenated word that ends in a word placing its first part
    ("Baghdad-based", "Texas-born") or, given ``is_name``, joins two names ("Berlin-Warsaw",
    "Canada-U.S", "D-Paducah"; not "Wal-Mart", "Tri-State"); None for other words ("al-Asad",
    "Iran-backed" and "Guinea-Bissau" stay whole; the spotter still tries runs of parts as
    one name)."""
    if "-" not in word or not word[:1].isupper():
        return None
    parts = word.split("-")
    if not all(parts):
        return None
    if parts[-1] in LOCATIVE_SUFFIXES or (
            is_name is not None and all(p[:1].isupper() for p in parts)
            and parts[-1].lower() not in PLACE_AFTER  # "Tri-State", "Tri-County"
            and (len(parts[0]) not in (2, 3) or parts[0].isupper())  # "Wal-Mart", not "EU-Israel"
            and is_name(parts[0]) and is_name(parts[-1])):
        return parts
    return None


def tokens(text: str, is_name: Callable[[str], bool] | None = None, *,
           inner: list[str] | None = None) -> list[Token]:
    """The words of ``text`` with offsets, capitalisation and sentence starts. Given an
    ``inner`` list, a run of ``_RUN`` or more plain lower-case words is kept as its first
    and last word only, and the words between go to ``inner``: no name can start, end or
    pass inside such a run, and most of a news text is made of them."""
    out: list[Token] = []
    append = out.append
    prev_end = 0
    prev_full_stop = True  # the previous token was a long word ending a sentence
    new_token = tuple.__new__  # Token(...) runs a Python-level __new__: 2x slower
    for m in (_TOKEN if inner is None else _TOKEN_OR_RUN).finditer(text):
        word = m.group()
        start, end = m.span()
        if start - prev_end == 1 and text[prev_end] == " ":
            sent_start = prev_full_stop
        else:
            gap = text[prev_end:start]
            sent_start = (prev_full_stop or bool(_BLANK_LINE.search(gap))
                          or bool(_STOP_GAP.search(gap)))
        if m.lastindex:  # a run of lower-case words: its two ends stand for it
            head, tail = word.find(" "), word.rfind(" ")
            append(new_token(Token, (word[:head], start, start + head, False, sent_start)))
            append(new_token(Token, (word[tail + 1:], start + tail + 1, end, False, False)))
            inner.append(word[head + 1:tail])  # type: ignore[union-attr]
            prev_full_stop, prev_end = False, end
            continue
        last = word[-1]
        if last == "." and not (_INITIALS.fullmatch(word)
                                or word[:-1].lower() in _ABBREVIATIONS):
            word, end, last = word[:-1], end - 1, word[-2]  # a full stop, not "Capt."
        elif last == "s" and word.endswith(("'s", "’s")):
            word, end, last = word[:-2], end - 2, word[-3]
        cap = word[0].isupper() or (("-" in word or "'" in word or "’" in word)
                                    and _is_cap(word))
        parts = _hyphen_parts(word, is_name) if cap and "-" in word else None
        if parts:  # "Baghdad-based", "Berlin-Warsaw": each part is a token of its own
            offset = start
            for k, part in enumerate(parts):
                append(Token(part, offset, offset + len(part), _is_cap(part),
                             sent_start and k == 0))
                offset += len(part) + 1
        else:
            append(new_token(Token, (word, start, end, cap, sent_start)))
        prev_full_stop = (last == "." and len(word) > 4
                          and word[:-1].lower() not in _ABBREVIATIONS)  # not "Capt."
        prev_end = end
    return out


def _given(word: str, surname: str) -> bool:
    """A given name before ``surname``: one of our list, or of the census list followed by
    a census surname ("Gloria Whitfield", not "Jordan Rotary Club")."""
    return word in FIRST_NAMES or (is_given_name(word) and surname_share(surname) > 0)


@lru_cache(maxsize=200_000)
def _zipf(word: str) -> float:
    """English word frequency on the Zipf scale (wordfreq). Plain words are read straight
    from its frequency table (same value, ~30x faster than ``zipf_frequency``, which
    tokenises its argument first)."""
    if word.isalpha() and word.islower():
        freq = _frequencies().get(word)
        return round(math.log10(freq) + 9, 2) if freq else 0.0
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@cache
def _frequencies() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en", wordlist="best")


def _joinable(text: str, a: Token, b: Token) -> bool:
    gap = text[a.end:b.start]
    return gap in (" ", "-", "\u00a0") or (gap.isspace() and len(gap) <= 3
                                            and gap.count("\n") <= 1)


def spot(text: str, gaz: Gazetteer, *, caseless: bool | None = None) -> list[Span]:
    """Candidate place spans, in text order, non-overlapping (longest match first)."""
    def is_name(word: str) -> bool:  # for hyphenated pairs: "D-Mich.", "Berlin-Warsaw"
        return gaz.has_key(fold(word)) or fold(word) in US_STATES

    inner: list[str] = []
    toks = tokens(text, is_name, inner=inner)
    words = [t[0] for t in toks]
    inner_words = " ".join(inner).split()
    if caseless is None:
        letters = [w for w in words if w[0].isalpha()]
        n_letters = len(letters) + len(inner_words)  # inner words: lower-case letters
        caps = len([w for w in letters if w[0].isupper()])
        upper = len([w for w in letters if len(w) > 1 and w.isupper()])
        # all lower case, all capitals, or a headline in title case: capitals say nothing
        caseless = bool(n_letters) and (caps < 0.03 * n_letters or upper > 0.6 * n_letters
                                        or (n_letters >= 4 and caps > 0.75 * n_letters))
    if caseless and inner:  # any word may start a name: every word is needed
        toks = tokens(text, is_name)
    lower_words = {w for w in words if w.islower()}
    lower_words.update(inner_words)
    spans: list[Span] = []
    n = len(toks)
    free = 0  # the first token not yet part of a span
    for i in (range(n) if caseless else [k for k, t in enumerate(toks) if t[3]]):
        if i < free:
            continue
        tok = toks[i]
        if (tok.text[-1] == "." and tok.text[:-1].lower() in PERSON_TITLES  # "Sen. Mark Kelly"
                or tok.text.isdigit()):  # "100 KM SOUTH-WEST OF": a number, not a place
            continue
        found = None
        j_max = i
        while j_max + 1 < n and j_max + 1 - i < MAX_TOKENS and (_joinable(
                text, toks[j_max], toks[j_max + 1]) or text[toks[j_max].end:toks[j_max + 1]
                .start] in ("'s ", "’s ")) and (  # "People's Republic of China"
                toks[j_max + 1].cap or caseless or toks[j_max + 1].text.lower() in CONNECTORS):
            j_max += 1
        for j in range(j_max, i - 1, -1):
            if not (toks[j].cap or caseless):
                continue  # a name does not end on a connector
            surface = text[tok.start:toks[j].end]
            key = fold(surface)
            # the loose key drops articles: "An Athens" must not read as "Athens"
            if key in DEMONYMS or gaz.has_key(key) or (gaz.has_key(loose(surface)) and (
                    j == i or tok.text.lower() not in CONNECTORS)) or (
                    key in US_STATES and (text[max(0, tok.start - 2):tok.start] in STATE_BEFORE
                                          or _STATE_ROUTE.match(text, toks[j].end))):
                found = j
                break
        if (found is None or found == i) and tok.text in _FEATURE_HEADS and \
                j_max > i and toks[i + 1].cap:
            # "Lake Victoria", "Mount Sinjar" that the gazetteer lacks: one unknown named
            # feature, not the county "Lake" and the town "Victoria"
            end = i + 1
            while end < j_max and toks[end + 1].cap:
                end += 1
            spans.append(Span(text[tok.start:toks[end].end], tok.start, toks[end].end,
                              end - i + 1, cue_before=tok.text.lower(), known=False))
            free = end + 1
            continue
        if found is None:
            continue
        j = found
        surface = text[tok.start:toks[j].end]
        if fold(surface) in DEMONYMS:
            free = j + 1  # "Iraqi", "Sri Lankan": context for the resolver, not a mention
            continue
        if _COMPASS.fullmatch(surface) and _OF_AFTER.match(text, toks[j].end):
            continue  # "SOUTH-WEST OF HONG KONG", "North of Kyiv": a direction
        if j == i and _ABBREV_COUNTRY.fullmatch(surface) and (
                text[toks[j].end:toks[j].end + 1] == "$" or text[tok.start - 1:tok.start] == "$"):
            continue  # "US$1,800", "$US 15 billion": a currency, not a place
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[j + 1] if j + 1 < n else None
        prev_word = prev.text.lower().rstrip(".") if prev else ""
        # "St. Patrick's Day": the possessive does not break the chunk
        next_word = nxt.text.lower() if nxt and (_joinable(text, toks[j], nxt) or text[
            toks[j].end:nxt.start] in ("'s ", "’s ")) else ""
        # "Tom Jones": a capitalised word before the name that is not a cue, not a common
        # word and not the start of the sentence makes the name part of a personal name.
        # (parts of a hyphenated pair of names are places side by side: "Berlin-Warsaw")
        chunk_before = bool(not caseless and prev and prev.cap and _joinable(text, prev, tok)
                            and text[prev.end] != "-"
                            and (not prev.sentence_start or _zipf(prev_word) < 4.0)
                            and (not prev.text.isupper() or _INITIALS.fullmatch(prev.text))
                            and prev_word not in PLACE_CUES_BEFORE and prev_word not in STOP
                            and prev_word not in DEMONYMS and _zipf(prev_word) < 5.5)
        # "Michael Smith": a capitalised word after the name, neither a place word nor an
        # institution named after the place, makes it the first part of another name.
        chunk_after = bool(not caseless and nxt and nxt.cap and _joinable(text, toks[j], nxt)
                           and text[toks[j].end] != "-"
                           and next_word not in PLACE_AFTER
                           and next_word not in INSTITUTION_AFTER and next_word not in STOP)
        word = surface.lower()
        # "Sen. Lewis", "Marvin Pruitt", "Jordan Pruitt": a title, or a given name joined to a
        # surname, makes a personal name (not "Jordan Rotary Club", "Georgia Lumber Supply")
        person = ((prev_word in PERSON_TITLES and prev.cap  # "Miss Ohio", not "to miss Denver"
                   and text[prev.start - 1:prev.start] != "-")  # nor "PORT-AU-PRINCE, Haiti"
                  or (chunk_before and text[prev.end] == " " and _given(prev_word, word))
                  or (chunk_after and j == i and text[toks[j].end] == " "
                      and _given(word, next_word)))
        given_name = (j == i and not caseless and word in FIRST_NAMES
                      and prev_word not in PLACE_CUES_BEFORE)
        speaker = j == i and (next_word in SPEECH_VERBS or (
            prev_word in SPEECH_VERBS and not tok.sentence_start))
        if j == i:
            common = _zipf(word)
            if not caseless and word in lower_words and common < 6:
                common = max(common, 5.5)  # also used in lower case here: a common word
        else:  # without case, a run of common words ("port city") is a common phrase
            common = min(_zipf(t.text.lower()) for t in toks[i:j + 1]) if caseless else 0.0
        spans.append(Span(
            text=surface, start=tok.start, end=toks[j].end, n_tokens=j - i + 1,
            sentence_start=tok.sentence_start or caseless,  # no case: as if first word
            cue_before=(prev_word if prev_word in PLACE_CUES_BEFORE else
                        "party label" if text[max(0, tok.start - 2):tok.start] in _PARTY
                        else None),  # "Sen. Mark Donnelly, D-Mich.", "Rita Stanton, R-Mingo"
            cue_after=(next_word if next_word in PLACE_AFTER
                       else _PLURAL_CUES.get(next_word) or _area_of(text, tok.start) or (
                           "distance" if _DISTANCE_APPOSITION.match(text, toks[j].end)
                           else None)),
            after_name=chunk_before,
            before_name=chunk_after, person=person,
            speaker=speaker, given_name=given_name,
            org=next_word in ORG_AFTER,
            common=common, surname=j == i and surname_share(word) >= COMMON_SURNAME_PERCENT,
            known=True, caseless=caseless))
        free = j + 1
    spans = _share_plural_cues(text, spans)
    spans = _one_sense_per_discourse(spans)
    spans.extend(_unknown_cued(text, spans))
    spans.sort(key=lambda s: s.start)
    return spans


def _area_of(text: str, start: int) -> str | None:
    """The area word of "the central state of Guanajuato", "the province of Anbar": it
    says what the name is, as "Guanajuato state" would."""
    m = _AREA_OF.search(text, max(0, start - 24), start)
    return m.group(1).lower() if m else None


def _share_plural_cues(text: str, spans: list[Span]) -> list[Span]:
    """"Boyle, Garrard and Lincoln counties": a plural place word after a list applies to
    every name in it."""
    from dataclasses import replace

    out = list(spans)
    for k in range(len(out) - 1, 0, -1):
        cue = out[k].cue_after
        if cue not in _PLURAL_CUES.values() or not _LIST_PLURAL.match(text, out[k].end):
            continue
        while k > 0 and LIST_GAP.fullmatch(text, out[k - 1].end, out[k].start) and \
                not out[k - 1].cue_after:
            out[k - 1] = replace(out[k - 1], cue_after=cue)
            k -= 1
    return out


def _one_sense_per_discourse(spans: list[Span]) -> list[Span]:
    """A one-word name seen as part of a personal name ("Tom Jones", "Sen. Lewis") is a
    person wherever else it stands alone in the same text ("Jones said"). A name merely
    after another capitalised word counts only if it is a common surname: "the Renewed
    Moldova bloc" and "Historic Charleston" must not make every Moldova or Charleston a
    person."""
    from dataclasses import replace

    persons = {s.text for s in spans if s.n_tokens == 1 and (
               s.person or (s.after_name and surname_share(s.text) >= COMMON_SURNAME_PERCENT))
               and not s.cue_before and not s.cue_after}
    if not persons:
        return spans
    return [replace(s, person=True) if s.n_tokens == 1 and s.text in persons and not
            (s.cue_before or s.cue_after) else s for s in spans]


def _unknown_cued(text: str, known: list[Span]) -> list[Span]:
    """Names the gazetteer lacks but the text marks as places ("the village of X", "X, some
    60 km east of Donetsk")."""
    found = []
    if any(cue in text for cue in _CUE_WORDS):  # a substring test is ~50x faster
        found = [(m.group(g), m.start(g), m.end(g), "of")
                 for m in _CUE_UNKNOWN.finditer(text) for g in ((1 if m.group(1) else 2),)]
    for m in _DISTANCE_APPOSITION.finditer(text):
        name = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if name and (" " in name.group() or _zipf(name.group().lower()) < 4.0):  # not "The"
            found.append((name.group(), name.start(), name.end(), None))
    taken = [(s.start, s.end) for s in known]
    out = []
    for name, start, end, cue in found:
        if any(a < end and start < b for a, b in taken) or fold(name) in STOP:
            continue
        out.append(Span(name, start, end, len(name.split()), cue_before=cue,
                        cue_after=None if cue else "distance", known=False))
        taken.append((start, end))
    return out


def document_countries(text: str) -> dict[str, int]:
    """Countries the document talks about through demonyms ("Iraqi", "Syrian") and US
    state abbreviations ("Ga."): ISO code -> count."""
    counts: dict[str, int] = {}
    for m in _COUNTRY_WORD.finditer(text):
        word = m.group()
        cc = DEMONYMS.get(word.lower()) or COUNTRY_ABBREVIATIONS.get(fold(word))
        counts[cc] = counts.get(cc, 0) + 1
    for m in re.finditer(r",\s+((?:[A-Z]\.\s?){1,2}[A-Z]?[a-z]*\.?|[A-Z][a-z]{1,4}\.)", text):
        if fold(m.group(1)) in US_STATES:
            counts["US"] = counts.get("US", 0) + 1
    return counts
