"""The actor alias table: normalised names, country templates, per-call extension."""

from __future__ import annotations

import pytest

from geo_events.actors import ALIASES, find_actors, is_state_actor, normalise_actor

CASES = [
    # written, country of the event, normalised
    ("ISIL", None, "Islamic State (IS)"),
    ("ISIS", None, "Islamic State (IS)"),
    ("IS", None, "Islamic State (IS)"),
    ("Islamic State", None, "Islamic State (IS)"),
    ("Daesh", None, "Islamic State (IS)"),
    ("Islamic State militants", None, "Islamic State (IS)"),
    ("Iraqi counter-terrorism forces", None, "Military Forces of Iraq"),
    ("Iraqi army", None, "Military Forces of Iraq"),
    ("Iraqi forces", None, "Military Forces of Iraq"),
    ("security forces", "Iraq", "Military Forces of Iraq"),
    ("security forces", None, "Military Forces"),
    ("soldiers", "Mali", "Military Forces of Mali"),
    ("police", "Kenya", "Police Forces of Kenya"),
    ("Syrian army", None, "Military Forces of Syria"),
    ("US-led coalition", None, "Coalition Forces"),
    ("civilians", None, "Civilians"),
    ("villagers", None, "Civilians"),
    ("SDF", None, "Syrian Democratic Forces (SDF)"),
    ("YPG", None, "People's Protection Units (YPG)"),
    ("Kurdish Peshmerga", None, "Military Forces of Iraq (Kurdistan Regional Government)"),
    ("Hezbollah", None, "Hezbollah"),
    ("Taliban", None, "Taliban"),
    ("al-Shabaab", None, "Al Shabaab"),
    ("Boko Haram", None, "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"),
    ("protesters", None, "Protesters"),
    ("rioters", None, "Rioters"),
    ("Brigade of the Valley", None, "Brigade of the Valley"),  # unknown: kept as written
]


@pytest.mark.parametrize("written,country,expected", CASES,
                         ids=[f"{c[0]}-{c[1] or 'any'}".replace(" ", "_") for c in CASES])
def test_normalise(written, country, expected):
    assert normalise_actor(written, country=country) == expected


def test_is_the_verb_is_not_an_actor():
    assert find_actors("The situation is calm and it is quiet.") == []
    assert [a.actor for a in find_actors("IS fighters attacked.")] == ["Islamic State (IS)"]


def test_longest_alias_wins_and_offsets_are_exact():
    text = "Iraqi counter-terrorism forces backed by the US-led coalition fought ISIS."
    found = find_actors(text)
    assert [a.actor for a in found] == ["Military Forces of Iraq", "Coalition Forces",
                                         "Islamic State (IS)"]
    assert all(text[a.start:a.end] == a.text for a in found)


def test_extension_is_per_call_and_never_global():
    before = dict(ALIASES)
    assert normalise_actor("the Tigers", aliases={"the Tigers": "LTTE"}) == "LTTE"
    assert normalise_actor("the Tigers") == "the Tigers"
    assert normalise_actor("Daesh", aliases={"Daesh": "IS-Core"}) == "IS-Core"
    assert ALIASES == before


@pytest.mark.parametrize("actor,state", [("Military Forces of Iraq", True),
                                         ("Police Forces of Kenya", True),
                                         ("Coalition Forces", True),
                                         ("Islamic State (IS)", False), (None, False)])
def test_is_state_actor(actor, state):
    assert is_state_actor(actor) is state
