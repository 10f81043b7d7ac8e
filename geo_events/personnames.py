"""How common a word is as a personal name, from the US Census 1990 name lists.

The lists (public domain; shipped by the ``names`` package, a dependency) give each first
name and surname with its share of the population. The recogniser uses them as evidence that
a capitalised word next to another is part of a personal name ("Gloria Whitfield", "Lt.
Doris Keller") and that a small place's name standing alone is more likely someone's surname
("Wilson was arrested"). Files are read once, on first use; without the package the lists
are empty and the hand-written ``lexicon.FIRST_NAMES`` still applies.
"""

from __future__ import annotations

import importlib.metadata as md
from functools import cache
from pathlib import Path

__all__ = ["COMMON_SURNAME_PERCENT", "is_given_name", "given_name_share", "surname_share"]

# A first name held by at least this share of people (per cent) counts as a given name: the
# ~1,600 most common. Places that are also common given names (Jordan, Dallas, Charlotte)
# keep their prominence in the resolver; only the joined "Jordan Pruitt" reads as a person.
GIVEN_MIN_PERCENT = 0.01

# A surname held by at least this share of people (per cent): the ~1,000 most common.
COMMON_SURNAME_PERCENT = 0.015


@cache
def _table(filename: str) -> dict[str, float]:
    try:
        text = Path(md.distribution("names").locate_file(f"names/{filename}")).read_text(
            encoding="ascii")
    except (md.PackageNotFoundError, OSError):
        return {}
    out: dict[str, float] = {}
    for line in text.splitlines():
        cols = line.split()
        if len(cols) >= 2:
            name = cols[0].lower()
            out[name] = out.get(name, 0.0) + float(cols[1])
    return out


def given_name_share(word: str) -> float:
    """Per cent of people with this first name (female and male lists added)."""
    w = word.lower()
    return _table("dist.female.first").get(w, 0.0) + _table("dist.male.first").get(w, 0.0)


def is_given_name(word: str) -> bool:
    return given_name_share(word) >= GIVEN_MIN_PERCENT


def surname_share(word: str) -> float:
    """Per cent of people with this surname (Smith is 1.006)."""
    return _table("dist.all.last").get(word.lower(), 0.0)
