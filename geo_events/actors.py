"""Actors: who acts in an event, normalised to ACLED-style names through an alias table.

The table is data, extensible per call: ``find_actors(text, aliases={"the Tigers": "LTTE"})``
adds or overrides entries (keys are matched case-insensitively as whole words; no global
state is changed). Names of state forces depend on the country: ``Iraqi army`` becomes
``Military Forces of Iraq``; a bare ``soldiers`` / ``security forces`` / ``police`` becomes
``Military Forces of <country>`` / ``Police Forces of <country>`` when the caller knows the
country of the event (else ``Military Forces`` / ``Police Forces``). Unknown actors are not
invented: :func:`normalise_actor` returns an unknown name as written.

Alias table (``ALIASES``; ``{country}`` is filled from a demonym or the event's country):

- Islamic State (IS): ISIL, ISIS, IS, Islamic State, Daesh, Daish (+ militants/fighters...)
- Military Forces of {country}: {Demonym} army/forces/troops/soldiers/military/security forces/
  counter-terrorism forces/special forces/government forces; soldiers, troops, army...
- Police Forces of {country}: {Demonym} police, police, policemen, riot police
- Coalition Forces: US-led coalition, international coalition, coalition air strikes
- Civilians: civilians, villagers, residents, worshippers, passengers, children, families...
- Protesters / Rioters: protesters, demonstrators / rioters, mob
- Named groups: SDF, YPG, Peshmerga, Hezbollah, Taliban, al-Shabaab, Boko Haram, Houthis,
  Hamas, al-Qaeda, AQAP, JNIM, Free Syrian Army, Jabhat al-Nusra, Wagner, RSF, M23...
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["ActorMention", "ALIASES", "DEMONYMS", "find_actors", "normalise_actor",
           "is_state_actor", "CIVILIANS"]

CIVILIANS = "Civilians"

# Demonym -> country name as ACLED writes it.
DEMONYMS: dict[str, str] = {
    "Iraqi": "Iraq", "Syrian": "Syria", "Afghan": "Afghanistan", "Nigerian": "Nigeria",
    "Somali": "Somalia", "Yemeni": "Yemen", "Libyan": "Libya", "Egyptian": "Egypt",
    "Turkish": "Turkey", "Russian": "Russia", "Ukrainian": "Ukraine", "Israeli": "Israel",
    "Lebanese": "Lebanon", "Pakistani": "Pakistan", "Indian": "India", "Malian": "Mali",
    "Sudanese": "Sudan", "Congolese": "Democratic Republic of Congo", "Kenyan": "Kenya",
    "Ethiopian": "Ethiopia", "Iranian": "Iran", "Saudi": "Saudi Arabia", "Jordanian": "Jordan",
    "Burkinabe": "Burkina Faso", "Nigerien": "Niger", "Cameroonian": "Cameroon",
    "Chadian": "Chad", "Mozambican": "Mozambique", "Colombian": "Colombia",
    "Mexican": "Mexico", "Filipino": "Philippines", "Philippine": "Philippines",
    "Burmese": "Myanmar", "Myanmar": "Myanmar", "Bangladeshi": "Bangladesh",
    "Palestinian": "Palestine", "US": "United States", "U.S.": "United States",
    "American": "United States", "French": "France", "British": "United Kingdom",
}

_MILITARY_NOUNS = ("counter-terrorism forces", "counter-terrorism service", "counterterrorism "
                   "forces", "special forces", "security forces", "government forces",
                   "armed forces", "ground forces", "army", "forces", "troops", "soldiers",
                   "military", "air force", "warplanes", "jets", "fighter jets", "aircraft",
                   "artillery", "navy", "border guards", "national guard", "elite forces")
_POLICE_NOUNS = ("police", "policemen", "police officers", "riot police", "federal police")

# alias (case-insensitive, whole words) -> normalised actor; "{country}" is a placeholder.
ALIASES: dict[str, str] = {
    # Islamic State
    **{a: "Islamic State (IS)" for a in (
        "ISIL", "ISIS", "IS", "Islamic State", "the Islamic State", "Daesh", "Daish",
        "Islamic State militants", "Islamic State fighters", "IS militants", "IS fighters",
        "ISIS militants", "ISIS fighters", "ISIL militants", "ISIL fighters",
        "Islamic State group", "Islamic State in Iraq and the Levant")},
    # generic state forces (country filled from the event's location)
    **{n: "Military Forces of {country}" for n in _MILITARY_NOUNS
       if n not in ("warplanes", "jets", "fighter jets", "aircraft", "artillery", "navy")},
    **{f"government {n}": "Military Forces of {country}" for n in ("troops", "soldiers")},
    **{n: "Police Forces of {country}" for n in _POLICE_NOUNS},
    # coalitions
    "US-led coalition": "Coalition Forces", "U.S.-led coalition": "Coalition Forces",
    "international coalition": "Coalition Forces", "coalition": "Coalition Forces",
    "coalition forces": "Coalition Forces", "Saudi-led coalition": "Saudi-led Coalition",
    # civilians and crowds
    **{n: CIVILIANS for n in (
        "civilians", "civilian", "villagers", "residents", "worshippers", "passengers",
        "children", "women", "families", "farmers", "shoppers", "pilgrims", "students",
        "aid workers", "journalists", "displaced people", "refugees", "bystanders", "miners",
        "traders", "fishermen", "herders", "mourners", "guests", "travellers", "travelers",
        "commuters", "schoolgirls", "schoolchildren", "pupils", "patients", "nurses",
        "wedding guests", "churchgoers", "motorists", "vendors")},
    **{n: "Protesters" for n in ("protesters", "protestors", "demonstrators", "marchers",
                                 "activists")},
    **{n: "Rioters" for n in ("rioters", "mob", "a mob", "youths")},
    # named armed groups
    "SDF": "Syrian Democratic Forces (SDF)", "Syrian Democratic Forces":
        "Syrian Democratic Forces (SDF)",
    "YPG": "People's Protection Units (YPG)", "People's Protection Units":
        "People's Protection Units (YPG)",
    "Peshmerga": "Military Forces of Iraq (Kurdistan Regional Government)",
    "Kurdish Peshmerga": "Military Forces of Iraq (Kurdistan Regional Government)",
    "Kurdish forces": "Kurdish forces",
    "Hezbollah": "Hezbollah", "Hizbollah": "Hezbollah",
    "Taliban": "Taliban", "the Taliban": "Taliban", "Taliban fighters": "Taliban",
    "al-Shabaab": "Al Shabaab", "al-Shabab": "Al Shabaab", "al Shabaab": "Al Shabaab",
    "Al Shabaab": "Al Shabaab", "Shabaab": "Al Shabaab",
    "Boko Haram": "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
    "ISWAP": "Islamic State West Africa Province (ISWAP)",
    "Houthis": "Ansar Allah (Houthis)", "Houthi rebels": "Ansar Allah (Houthis)",
    "Houthi": "Ansar Allah (Houthis)", "Ansar Allah": "Ansar Allah (Houthis)",
    "Hamas": "Hamas Movement", "al-Qaeda": "Al Qaeda", "al Qaeda": "Al Qaeda",
    "AQAP": "Al Qaeda in the Arabian Peninsula (AQAP)",
    "JNIM": "Jama'at Nusrat al-Islam wal-Muslimin (JNIM)",
    "Free Syrian Army": "Free Syrian Army", "FSA": "Free Syrian Army",
    "Nusra Front": "Jabhat al-Nusra", "al-Nusra Front": "Jabhat al-Nusra",
    "Jabhat al-Nusra": "Jabhat al-Nusra", "HTS": "Hayat Tahrir al-Sham (HTS)",
    "Hayat Tahrir al-Sham": "Hayat Tahrir al-Sham (HTS)",
    "Wagner": "Wagner Group", "Wagner Group": "Wagner Group",
    "RSF": "Rapid Support Forces (RSF)", "Rapid Support Forces": "Rapid Support Forces (RSF)",
    "M23": "M23: March 23 Movement", "PKK": "Kurdistan Workers' Party (PKK)",
    "Popular Mobilisation Forces": "Popular Mobilization Forces (PMF)",
    "Popular Mobilization Forces": "Popular Mobilization Forces (PMF)",
    "Shiite militias": "Shia militias", "Shia militias": "Shia militias",
    "tribal fighters": "Tribal militia", "Sunni tribal fighters": "Tribal militia",
    "gunmen": "Unidentified Armed Group", "unidentified gunmen": "Unidentified Armed Group",
    "militants": "Unidentified Armed Group", "insurgents": "Unidentified Armed Group",
    "rebels": "Rebel forces", "rebel forces": "Rebel forces", "rebel fighters": "Rebel forces",
    "rebel groups": "Rebel forces", "opposition fighters": "Rebel forces", "jihadists":
        "Unidentified Armed Group", "armed men": "Unidentified Armed Group",
    "armed groups": "Unidentified Armed Group",
    "gunmen on motorbikes": "Unidentified Armed Group", "militiamen": "Unidentified militia",
    "suicide bomber": "Unidentified Armed Group", "bandits": "Unidentified Armed Group",
    "kidnappers": "Unidentified Armed Group", "abductors": "Unidentified Armed Group",
    "attackers": "Unidentified Armed Group", "assailants": "Unidentified Armed Group",
}

_STATE_PREFIXES = ("Military Forces", "Police Forces", "Coalition Forces", "Saudi-led Coalition")


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor named in a text span; ``actor`` is the normalised name."""

    text: str
    start: int
    end: int
    actor: str


def is_state_actor(actor: str | None) -> bool:
    """True for state forces (military, police, state-led coalitions)."""
    return bool(actor) and actor.startswith(_STATE_PREFIXES)  # type: ignore[union-attr]


def _fill(template: str, country: str | None) -> str:
    if "{country}" not in template:
        return template
    if country:
        return template.format(country=country)
    return template.replace(" of {country}", "")


@lru_cache(maxsize=32)
def _compiled(extra: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    table: dict[str, str] = {k.lower(): v for k, v in ALIASES.items()}
    # demonym + force noun: "Iraqi army", "Syrian government forces", "Iraqi police"
    for demonym, country in DEMONYMS.items():
        for noun in _MILITARY_NOUNS + ("government forces", "government troops"):
            table[f"{demonym} {noun}".lower()] = f"Military Forces of {country}"
        for noun in _POLICE_NOUNS:
            table[f"{demonym} {noun}".lower()] = f"Police Forces of {country}"
        table[f"{demonym}-led coalition".lower()] = "Coalition Forces"
    for k, v in extra:
        table[k.lower()] = v
    # one trie-shaped pattern (longest alias first by backtracking): linear-time scanning
    # instead of trying a thousand alternatives at every position; "IS" is matched
    # case-sensitively (the verb "is" must not become an actor)
    keys = [k for k in table if k != "is"]
    body = _trie_pattern(keys)
    alts = [body] + ([r"(?-i:IS)"] if "is" in table else [])
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)
    return pattern, table


def _trie_pattern(keys: list[str]) -> str:
    trie: dict[str, Any] = {}
    for k in keys:
        node = trie
        for ch in k:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        alts = [(r"[\s-]+" if ch == " " else re.escape(ch)) + build(node[ch])
                for ch in sorted(c for c in node if c)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _key(span: str) -> str:
    return re.sub(r"[\s-]+", lambda m: "-" if "-" in m.group(0) and " " not in m.group(0)
                  else " ", span.lower())


def find_actors(text: str, *, country: str | None = None,
                aliases: Mapping[str, str] | None = None) -> list[ActorMention]:
    """Actors named in ``text`` (longest alias wins), in order of appearance."""
    extra = tuple(sorted((aliases or {}).items()))
    pattern, table = _compiled(extra)
    out: list[ActorMention] = []
    for m in pattern.finditer(text):
        span = m.group(0)
        template = table.get(span.lower()) or table.get(_key(span)) or _lookup_loose(span, table)
        if template is None:
            continue
        prev = out[-1] if out else None
        if (prev is not None and "{country}" in template and 0 <= m.start() - prev.end <= 1
                and span.lower() in _GENERIC_TAILS):
            # "Kurdish Peshmerga forces", "IS fighters": the noun belongs to the actor before
            out[-1] = ActorMention(text[prev.start:m.end()], prev.start, m.end(), prev.actor)
            continue
        out.append(ActorMention(span, m.start(), m.end(), _fill(template, country)))
    return out


_GENERIC_TAILS = frozenset(n.lower() for n in _MILITARY_NOUNS + _POLICE_NOUNS)


def _lookup_loose(span: str, table: dict[str, str]) -> str | None:
    flat = re.sub(r"[\s-]+", " ", span.lower())
    for k, v in table.items():
        if re.sub(r"[\s-]+", " ", k) == flat:
            return v
    return None


def normalise_actor(name: str, *, country: str | None = None,
                    aliases: Mapping[str, str] | None = None) -> str:
    """The normalised name of ``name`` if the whole of it is a known alias, else ``name``
    unchanged (unknown actors are kept as written)."""
    name = name.strip()
    for a in find_actors(name, country=country, aliases=aliases):
        if a.start == 0 and a.end == len(name):
            return a.actor
    return name
