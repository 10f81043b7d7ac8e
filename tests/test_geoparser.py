"""Geoparser behaviour on texts we wrote, driven by tests/data/geoparse_cases.jsonl."""

from __future__ import annotations

import json
import time

import pytest

from geo_events import InputError, geoparse
from geo_events.geoparser import resolve_spans
from tests.conftest import DATA

CASES = [json.loads(line) for line in (DATA / "geoparse_cases.jsonl").read_text("utf-8")
         .splitlines() if line.strip()]


def _km(a, b):
    from geo_events.geodesy import distance_bearing

    return distance_bearing(a[0], a[1], b[0], b[1])[0]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_geoparse_cases(case, gazetteer):
    doc = geoparse(case["text"], gazetteer=gazetteer)
    by_text: dict[str, list] = {}  # a name expected twice is matched in text order
    for m in doc.mentions:
        assert case["text"][m.start:m.end] == m.text
        by_text.setdefault(" ".join(m.text.split()), []).append(m)
    for want in case["expect"]:
        found = by_text.get(want["text"])
        assert found, f"{want['text']!r} not found; got {sorted(by_text)}"
        m = found.pop(0) if len(found) > 1 else found[0]
        assert m.status == "resolved", (want["text"], m.reason)
        assert m.place.country_code == want["country"], (want["text"], m.place)
        if "kind" in want:
            assert m.place.kind == want["kind"], (want["text"], m.place)
        if "near" in want:
            km = _km((m.place.lat, m.place.lon), want["near"])
            assert km <= want.get("km", 15), (want["text"], m.place, km)
    for absent in case.get("absent", []):
        assert all(m.status == "unresolved" for m in by_text.get(absent, [])), absent


def test_mentions_keep_runner_ups(gazetteer):
    doc = geoparse("Ministers met in Tripoli.", gazetteer=gazetteer)
    (m,) = doc.mentions
    assert m.candidates and all(c.place.id != m.place.id for c in m.candidates)
    assert {m.place.country_code} | {c.place.country_code for c in m.candidates} >= {"LY", "LB"}


@pytest.mark.parametrize("text, name, country, kind, method", [
    ("Iowans cheered the ruling.", "Iowans", "US", "admin1", "demonym"),
    ("Latvians queued to vote.", "Latvians", "LV", "country", "demonym"),
    ("Dagestani police raided a house.", "Dagestani", "RU", "admin1", "demonym"),
    ("Flooding hit South Tulsa.", "South Tulsa", "US", None, "partial"),
    ("Ships waited at the Port of Houston.", "Port of Houston", "US", None, "partial"),
])
def test_resolve_spans_falls_back_to_the_place_a_name_derives_from(
        gazetteer, text, name, country, kind, method):
    start = text.index(name)
    (m,) = resolve_spans(text, [(start, start + len(name))], gazetteer=gazetteer)
    assert m.status == "resolved" and m.place.country_code == country, m
    assert m.reason == method
    assert kind is None or m.place.kind == kind


def test_resolve_spans_gives_one_mention_per_span(gazetteer):
    text = "Heet lies west of Baghdad; Xqzzyville does not exist."
    spans = [(0, 4), (18, 25), (27, 38)]
    out = resolve_spans(text, spans, gazetteer=gazetteer)
    assert [(m.start, m.end) for m in out] == spans
    assert out[0].place.country_code == "IQ" and out[1].place.name == "Baghdad"
    assert out[2].status == "unresolved" and out[2].reason


def test_unknown_cued_place_is_reported_unresolved(gazetteer):
    doc = geoparse("Gunmen attacked the village of Qwertabad overnight.", gazetteer=gazetteer)
    (m,) = [m for m in doc.mentions if m.text == "Qwertabad"]
    assert m.status == "unresolved" and m.reason == "not in gazetteer"


@pytest.mark.parametrize("bad", [b"Baghdad", None, 42, "Bagh\x00dad"],
                         ids=["bytes", "none", "int", "nul"])
def test_bad_input_is_a_clear_error(bad, gazetteer):
    with pytest.raises(InputError):
        geoparse(bad, gazetteer=gazetteer)


@pytest.mark.parametrize("text", ["", "   \n", "12345 67 89", "!!!"], ids=["empty", "blank",
                                                                          "digits", "punct"])
def test_texts_without_places(text, gazetteer):
    assert geoparse(text, gazetteer=gazetteer).mentions == ()


def test_long_text_is_linear(gazetteer):
    """A 200x longer text finds 200x the mentions in bounded time: no quadratic step (the
    bound is loose on purpose; speed itself is measured by benchmarks/geoparse_eval.py)."""
    unit = ("Iraqi forces entered Heet on the Euphrates, 140 km west of Baghdad, while "
            "fighting went on near Ramadi and Fallujah in Anbar province. ")
    geoparse(unit * 5, gazetteer=gazetteer)  # warm caches
    t0 = time.perf_counter()
    small = geoparse(unit * 5, gazetteer=gazetteer)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    big = geoparse(unit * 1000, gazetteer=gazetteer)
    t_big = time.perf_counter() - t0
    assert len(big.mentions) == 200 * len(small.mentions)
    assert t_big < 1000 * t_small + 5.0  # quadratic would be ~40,000x


def test_long_lower_case_runs_are_kept_as_their_ends():
    from geo_events.recognise import tokens

    text = "Troops left Mosul and then they marched slowly along the old road to Erbil."
    full = tokens(text)
    inner: list[str] = []
    short = tokens(text, inner=inner)
    assert [t.text for t in full][:3] == ["Troops", "left", "Mosul"]
    assert inner == ["then they marched slowly along the old road"]
    assert [t.text for t in short] == ["Troops", "left", "Mosul", "and", "to", "Erbil"]
    assert all(text[t.start:t.end] == t.text for t in short)
    assert {t for t in short} <= set(full)  # the kept tokens are the same records
