"""Counts: the numbers an event reports (fatalities, wounded, displaced, attacks).

Counts follow ACLED's conservative rule: the lowest figure stated (``at least 30`` -> 30,
``between 20 and 30`` -> 20); vague quantities use the floors in ``VAGUE_COUNTS`` (``dozens``
-> 12, ``scores`` -> 20, ``hundreds`` -> 100, ``thousands`` -> 1000, ``several``/``many`` ->
10, ``a few`` -> 3).

``parse_count(text)`` reads one number; ``first_count(text, kind)`` finds the first count of
a kind (``fatalities``, ``wounded``, ``displaced``) in an event's scope; ``attack_count``
reads the number of attacks before a plural trigger (``eight car bomb attacks`` -> 8).
"""

from __future__ import annotations

import re

from .quantities import ONES, TENS, WORD_NUMBER

__all__ = ["VAGUE_COUNTS", "COUNT_PATTERNS", "parse_count", "first_count", "attack_count"]

VAGUE_COUNTS: dict[str, int] = {
    "a dozen": 12, "dozens of": 12, "dozens": 12, "scores of": 20, "scores": 20,
    "hundreds of": 100, "hundreds": 100, "thousands of": 1000, "thousands": 1000,
    "tens of thousands of": 10000, "tens of thousands": 10000,
    "hundreds of thousands of": 100000, "hundreds of thousands": 100000,
    "several": 10, "many": 10, "numerous": 10, "a number of": 10, "a few": 3, "a handful of": 3,
    "a couple of": 2, "twin": 2, "double": 2, "triple": 3,
}
_UNITS = {"zero": 0, **ONES}
_NUMWORD = rf"(?:zero|{WORD_NUMBER})(?:\s+(?:hundred|thousand|million))?"
_VAGUE = "|".join(re.escape(k) for k in sorted(VAGUE_COUNTS, key=len, reverse=True))
_QUAL = (r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|some|up\s+to|as\s+many"
         r"\s+as|an\s+estimated|roughly|approximately|close\s+to|fewer\s+than|less\s+than|"
         r"between|upwards\s+of|the\s+bodies\s+of|another|a\s+further|a\s+total\s+of)\s+)*")
NUM = (rf"\b{_QUAL}(?P<num>\d[\d,]*(?:\.\d+)?(?:\s+(?:million|thousand))?|{_VAGUE}|{_NUMWORD})"
       r"(?![\w])"
       r"(?:\s*(?:-|to|and)\s*(?:\d[\d,]*|" + _NUMWORD + r"))?")
_GAP = (r"(?:(?!(?:and|or|but|in|at|on|by|after|with|from|killed|wounded|injured|dead|died|hurt|"
        r"killing|wounding|injuring|a|said)\b)[A-Za-z'’-]+\s+){0,4}?")
_AUX = r"(?:(?:were|was|have|has|had|been|are|is|being|reportedly|also|later|all)\s+)*"


def parse_count(text: str) -> int | None:
    """``"at least 30"`` -> 30, ``"thirty-five"`` -> 35, ``"dozens"`` -> 12, ``"10,000"``
    -> 10000, ``"2.5 million"`` -> 2500000; None when ``text`` holds no count."""
    m = re.search(NUM, text, re.IGNORECASE)
    if not m:
        return None
    return _number_value(m["num"])


def _number_value(raw: str) -> int | None:
    s = raw.lower().strip()
    if s in VAGUE_COUNTS:
        return VAGUE_COUNTS[s]
    mult = 1
    for word, factor in (("million", 1_000_000), ("thousand", 1000), ("hundred", 100)):
        if s.endswith(word):
            mult, s = factor, s[: -len(word)].strip()
            break
    if s and s[0].isdigit():
        try:
            return int(float(s.replace(",", "")) * mult)
        except ValueError:
            return None
    if s in ("a", "an", "one", ""):
        return mult
    parts = re.split(r"[\s-]+", s)
    total = 0
    for p in parts:
        if p in _UNITS:
            total += _UNITS[p]
        elif p in TENS:
            total += TENS[p]
        else:
            return None
    return total * mult


def _count_res(verbs: str, nouns: str) -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(rf"\b(?:{verbs})\s+{NUM}", re.IGNORECASE),
        re.compile(rf"{NUM}\s+{_GAP}{_AUX}(?:{nouns})\b", re.IGNORECASE),
    )


COUNT_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "fatalities": _count_res(
        r"kill(?:ing|ed|s)?|left|leaving|claim(?:ing|ed)?\s+the\s+lives\s+of|death\s+toll\s+"
        r"(?:\w+\s+){0,3}?(?:to|of|at)|bodies\s+of|(?:shot|stabbed|beat|hacked)\s+dead|"
        r"massacred|executed|executing|beheaded|lynch(?:ed|ing)",
        r"killed|dead|died|deaths|fatalities|lives|bodies|were\s+shot\s+dead|perished|drowned"),
    "wounded": _count_res(r"wound(?:ing|ed|s)?|injur(?:ing|ed|es)|hurt(?:ing)?|maim(?:ing|ed)",
                          r"wounded|injured|hurt|injuries|maimed"),
    "displaced": _count_res(
        r"displac(?:ing|ed)|forc(?:ing|ed)|evacuat(?:ing|ed)|uproot(?:ing|ed)|driv(?:ing|en)\s+out",
        r"displaced|evacuated|fled|uprooted|homeless|forced\s+(?:to\s+flee|from)|"
        r"sought\s+refuge|were\s+moved"),
}
_MONTH_WORD = (r"\s*(?:january|february|march|april|may|june|july|august|september|october|"
               r"november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)")


def first_count(text: str, kind: str) -> tuple[int | None, str | None, tuple[int, int] | None]:
    """The first count of ``kind`` in ``text``: (value, matched text, span of the number)."""
    best: tuple[int, int, str, tuple[int, int]] | None = None
    for pat in COUNT_PATTERNS[kind]:
        for m in pat.finditer(text):
            if kind != "fatalities" and m.group(0).lower().startswith(("left", "leaving")):
                continue
            if kind == "fatalities" and re.match(r"(?:left|leaving)\b", m.group(0), re.I):
                tail = text[m.end():m.end() + 20].lower()
                if not re.match(r"\s*(?:people\s+|civilians\s+|soldiers\s+)?dead", tail):
                    continue
            value = _number_value(m["num"])
            if value is None:
                continue
            after = text[m.end("num"):m.end("num") + 12].lower()
            before = text[max(0, m.start("num") - 12):m.start("num")].lower()
            if re.search(r"\bno\s+$", before):  # "no one was hurt"
                continue
            if re.match(r"\s*(?:km|kilomet|miles?|mi\b|m\b|%|per\b)", after) or re.match(
                    _MONTH_WORD, after) or re.search(_MONTH_WORD.rstrip(")") + r")\.?\s*$",
                                                     before):
                continue
            start = m.start()
            conj = _CONJOINED.search(text[max(0, start - 60):start])
            # "12 soldiers and 30 militants were killed" -> 42
            if conj and pat is COUNT_PATTERNS[kind][1]:
                first = _number_value(conj["num"])
                if first is not None:
                    value += first
                    start -= len(conj.group(0))
            if best is None or start < best[0]:
                best = (start, value, m.group(0), m.span("num"))
    if best is None and kind in _ONE_VICTIM:
        for m in _ONE_VICTIM[kind].finditer(text):
            if re.search(r"\b(?:no\s+one|nobody|none)\s+$", text[max(0, m.start() - 12):m.start()],
                         re.IGNORECASE):
                continue  # "No one was hurt"
            return 1, m.group(0), m.span()
    if best is None:
        return None, None, None
    return best[1], best[2], best[3]


_CONJOINED = re.compile(rf"{NUM}\s+{_GAP}and\s+$", re.IGNORECASE)
_VICTIM_NOUNS = (r"(?:soldier|civilian|man|woman|boy|girl|child|policeman|police\s+officer|officer|"
                 r"person|worker|journalist|guard|fighter|militant|peacekeeper|villager|farmer|"
                 r"student|teacher|doctor|priest|imam|driver|resident|bystander|shepherd)")
_ONE_VICTIM = {
    "fatalities": re.compile(
        r"\bwas\s+(?:shot\s+dead|killed|gunned\s+down|beheaded|executed|stabbed\s+to\s+death|"
        r"lynched)\b|"
        rf"\b(?:kill(?:ing|ed|s)|shot\s+dead|gunned\s+down)\s+(?:a|an|one)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{_VICTIM_NOUNS}\b|\b(?:a|an|one)\s+(?:[\w-]+\s+)"
        rf"{{0,2}}?{_VICTIM_NOUNS}\s+(?:was\s+)?(?:killed|died|shot\s+dead)\b", re.IGNORECASE),
    "wounded": re.compile(
        r"\bwas\s+(?:wounded|injured|hurt|shot\s+and\s+wounded)\b|"
        rf"\b(?:wound(?:ing|ed|s)|injur(?:ing|ed|es))\s+(?:a|an|one)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{_VICTIM_NOUNS}\b|\b(?:a|an|one)\s+(?:[\w-]+\s+)"
        rf"{{0,2}}?{_VICTIM_NOUNS}\s+(?:was\s+)?(?:wounded|injured|hurt)\b", re.IGNORECASE),
}


_ATTACK_NUM = re.compile(rf"(?:{NUM}|(?P<series>a\s+(?:series|spate|wave|string)\s+of))\s+"
                         r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


def attack_count(pre: str, trigger: str) -> int | None:
    """A number directly before a plural trigger (``eight car bomb attacks`` -> 8)."""
    m = _ATTACK_NUM.search(pre[-60:])
    if not m or m["series"] or not m["num"]:
        return None
    if m["num"].lower() in ("a", "an"):
        return None
    value = _number_value(m["num"])
    if value == 1 or trigger.lower().rstrip().endswith("s") or m["num"].lower() in (
            "twin", "double", "triple"):
        return value
    return None

