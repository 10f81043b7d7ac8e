"""Stated quantities: how articles write numbers, units, qualifiers and compass directions.

The vocabulary the claim patterns (:mod:`.claims`) are built from, as regular-expression
fragments meant to be embedded in larger patterns, plus the parsers that turn a matched
fragment into a value:

* ``NUM`` -- digits ("140", "1,200", "10.5") or words ("forty-five", "a hundred",
  "two hundred and fifty", "a dozen", "half a"); :func:`parse_number` reads one.
* ``UNIT`` -- kilometres, miles, metres, nautical miles; :func:`parse_unit` gives the unit code
  (``km``, ``mi``, ``m``, ``nmi``; the conversion factors are :data:`.verify.UNIT_KM`).
* ``QUAL`` -- qualifiers ("about", "more than", "up to", ...), longest first.
* ``DIRWORD`` -- compass words and abbreviations ("north-west", "westerly", "NNE");
  ``DIRADJ`` -- directional adjectives ("northern", "south-eastern", "central").
  :func:`.geodesy.parse_compass` turns a direction word into a compass point.

>>> parse_number("forty-five"), parse_number("1,200"), parse_unit("Kilometres")
((45.0, '45'), (1200.0, '1,200'), 'km')
"""

from __future__ import annotations

import logging
import re

log = logging.getLogger(__name__)

__all__ = ["parse_number", "parse_unit", "NUM", "UNIT", "QUAL", "DIRWORD", "DIRADJ"]

# -- numbers ------------------------------------------------------------------------------
ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
         "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
WORD_NUMBER = (rf"(?:(?:{'|'.join(TENS)})(?:[\s-](?:{'|'.join(k for k in ONES if ONES[k] < 10)}))?"
       rf"|{'|'.join(sorted(ONES, key=len, reverse=True))})")
_WNUM = (rf"(?:(?:a|one|two|three|four|five|six|seven|eight|nine)\s+hundred"
         rf"(?:\s+(?:and\s+)?{WORD_NUMBER})?|a\s+dozen|half\s+an?|{WORD_NUMBER}"
         rf"|an?(?=\s+(?:mile|kilomet|nautical)))")  # "less than a mile from"
_DNUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75}
NUM = rf"(?:(?:\d+)?[½¼¾]|{_DNUM}|{_WNUM})"  # "3½ miles"


def parse_number(text: str) -> tuple[float, str] | None:
    """``"140"`` / ``"forty-five"`` / ``"a hundred"`` -> (value, digits used for precision)."""
    t = text.strip().lower()
    if re.fullmatch(_DNUM, t):
        return float(t.replace(",", "")), t
    if t and t[-1] in _FRACTIONS and re.fullmatch(r"\d*", t[:-1]):
        value = float(t[:-1] or 0) + _FRACTIONS[t[-1]]
        return value, f"{value:g}"
    if t in ("a", "an"):
        return 1.0, "1"
    if re.fullmatch(r"half\s+an?", t):
        return 0.5, "0.5"
    if re.fullmatch(r"a\s+dozen", t):
        return 12.0, "12"
    total = 0
    m = re.fullmatch(r"(?:(\w+)\s+hundred(?:\s+(?:and\s+)?)?)?(.*)", t)
    if not m:
        return None
    if m.group(1):
        h = 1 if m.group(1) == "a" else ONES.get(m.group(1))
        if h is None:
            return None
        total += 100 * h
    rest = m.group(2).strip()
    if rest:
        parts = re.split(r"[\s-]+", rest)
        for p in parts:
            if p in TENS:
                total += TENS[p]
            elif p in ONES:
                total += ONES[p]
            else:
                return None
    return (float(total), str(total)) if total else None


# -- units, qualifiers, directions --------------------------------------------------------
_UNITS = [(r"nautical\s+miles?|nmi|nm", "nmi"), (r"kilomet(?:re|er)s?|kms?", "km"),
          (r"miles?|mi", "mi"), (r"met(?:re|er)s?|m", "m")]
UNIT = "|".join(f"(?:{u})" for u, _ in _UNITS)
_QUALS = ["approximately", "about", "around", "some", "roughly", "nearly", "almost",
          "more than", "over", "less than", "under", "at least", "up to", "within",
          "no more than", "just over", "just under", "an estimated", "circa", "approx\\.",
          "barely", "scarcely"]
QUAL = "|".join(sorted(_QUALS, key=len, reverse=True))
_DIRPART = r"(?:north|south|east|west)"
DIRWORD = (rf"(?:{_DIRPART}(?:[\s-]?{_DIRPART}){{0,2}}(?:ern|erly|wards?)?|"
           rf"N|S|E|W|NE|NW|SE|SW|NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW)")
DIRADJ = rf"(?:{_DIRPART}(?:[\s-]?{_DIRPART})?ern|central)"


def parse_unit(text: str) -> str | None:
    """``"kilometres"`` / ``"km"`` / ``"nautical miles"`` -> the unit code, else ``None``."""
    return next((code for pat, code in _UNITS if re.fullmatch(pat, text, re.I)), None)
