"""Claim anchors (geo_events/anchors.py): the place a claim is about and the place it is
measured from, tested directly; the claims table covers them through the patterns."""

from __future__ import annotations

import pytest

from geo_events.anchors import (Context, doc_country, find_target, ref_at, split_sentences,
                                suffixed)

from .test_claims import _doc


def _ctx(gaz, text: str, names: list[str]) -> Context:
    doc = _doc(gaz, text, names)
    return Context(doc, gaz, {m.start: m for m in doc.mentions}, split_sentences(text),
                   doc_country(doc), set(), [])


def test_sentences_keep_abbreviations_inside():
    text = "U.S. forces left Gen. Smith's base. Mosul (pop. 1.7m) lies north. It rained."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "U.S. forces left Gen. Smith's base.", "Mosul (pop. 1.7m) lies north.", "It rained."]


@pytest.mark.parametrize(("text", "target"), [
    ("Daraa, the cradle of the uprising, lies 100 km south of Damascus.", "Daraa"),
    ("Haditha, home to a large dam, lies 120 km north-west of Ramadi.", "Haditha"),
    ("Ghazni, on the highway some 130 km south-west of Kabul, fell.", "Ghazni"),
    ("Bagram airbase, about 50 km north of Kabul, was handed over.", "Bagram airbase"),
    ("Kabul police said 50 km north of Ghazni was quiet.", None),  # not linked
])
def test_target_of_a_claim(gazetteer, text, target):
    names = [n for n in ("Daraa@SY", "Damascus@SY", "Haditha@IQ", "Ramadi@IQ", "Ghazni@AF",
                         "Kabul@AF", "Bagram=Bagram Air Base@AF")
             if n.split("@")[0].split("=")[0] in text]
    ctx = _ctx(gazetteer, text, names)
    pos = text.index(next(w for w in ("about", "some", "100", "120", "50") if w in text))
    found = find_target(ctx, pos, allow_big=True)
    assert (found[0] if found else None) == target


def test_reference_forms(gazetteer):
    text = "It lies 30 km north-east of the city of Maiduguri, near the Cameroon border."
    ctx = _ctx(gazetteer, text, ["Maiduguri@NG"])
    city = ref_at(ctx, text.index("the city"))
    assert (city.text, city.place.name, city.end) == ("Maiduguri", "Maiduguri",
                                                      text.index(","))
    border = ref_at(ctx, text.index("the Cameroon"))
    assert (border.kind, border.place.country_code) == ("border", "CM")


def test_city_name_with_province_word_is_the_province(gazetteer):
    text = "Hawija, in Kirkuk province, fell."
    ctx = _ctx(gazetteer, text, ["Hawija@IQ", "Kirkuk@IQ"])
    kirkuk = ctx.by_start[text.index("Kirkuk")]
    assert kirkuk.place.kind == "city"
    end, place = suffixed(ctx, kirkuk)
    assert text[kirkuk.start:end] == "Kirkuk province" and place.kind == "admin1"
    # a city whose province has another name stays the city ("Washington state")
    text = "Seattle is in Washington state."
    ctx = _ctx(gazetteer, text, ["Washington=Washington, D.C.@US"])
    washington = ctx.by_start[text.index("Washington")]
    assert washington.place.admin1 == "District of Columbia"
    assert suffixed(ctx, washington)[1] == washington.place
