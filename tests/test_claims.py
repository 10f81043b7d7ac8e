"""Claim extraction: the table in tests/data/claims.jsonl, the sample article, the contract
shape, resolution by claims, and property tests."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo_events.claims import KINDS, Claim, extract_claims
from geo_events.document import Document, Mention, mark_places
from geo_events.quantities import parse_number

from .conftest import DATA

CASES = [json.loads(line) for line in (DATA / "claims.jsonl").read_text("utf-8").splitlines()
         if line.strip()]


def _doc(gaz, text: str, names: list[str]) -> Document:
    return mark_places(text, names, gaz)


def test_table_is_big_and_covers_everything():
    claims = [c for case in CASES for c in case["claims"]]
    assert len(CASES) >= 80
    assert {c["kind"] for c in claims} == set(KINDS)
    assert {c["verdict"] for c in claims} == {"consistent", "approximate", "inconsistent",
                                              "unverifiable"}
    assert {c["unit"] for c in claims} >= {"km", "mi", "m", "nmi"}
    assert {c["qualifier"] for c in claims} >= {
        "about", "around", "some", "roughly", "nearly", "almost", "more than", "over",
        "less than", "under", "at least", "up to", "within"}
    assert sum(1 for case in CASES if not case["claims"]) >= 10  # traps
    assert len({case["id"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_claims_table(case, gazetteer):
    doc = _doc(gazetteer, case["text"], case["places"])
    _doc_out, claims = extract_claims(doc, gazetteer)
    got = [{"kind": c.kind, "target": c.target_text,
            "reference": " ".join(c.reference_text.split()), "value": c.value,
            "unit": c.unit, "direction": c.direction, "qualifier": c.qualifier,
            "verdict": c.verdict} for c in claims]
    want = [{k: e[k] for k in ("kind", "target", "reference", "value", "unit", "direction",
                                "qualifier", "verdict")} for e in case["claims"]]
    assert got == want, [c.explanation for c in claims]
    for c, e in zip(claims, case["claims"]):
        assert case["text"][c.start:c.end] == c.text
        assert c.explanation and c.explanation.endswith(c.verdict)
        if "value_high" in e:
            assert c.value_high == e["value_high"]
        if "role" in e:
            assert c.role == e["role"]
        if "reference2" in e:
            assert c.reference2_text == e["reference2"]
        if "target_place" in e:
            assert c.target_place is not None and c.target_place.name == e["target_place"]
        if e.get("estimated"):
            assert c.target_estimated and c.estimate is not None
            assert c.target_place is not None and c.target_place.source == "estimate"
        if c.verdict == "unverifiable":
            assert c.reason


def test_sample_article_with_geoparse(gazetteer, heet_text):
    from geo_events.geoparser import geoparse

    doc = geoparse(heet_text, gazetteer=gazetteer)
    _, claims = extract_claims(doc, gazetteer)
    by_text = {" ".join(c.text.split()): c for c in claims}
    west = by_text["140km west of Baghdad"]
    assert (west.kind, west.target_place.name, west.verdict) == (
        "distance_direction", "Hīt", "consistent")
    assert 145 < west.measured_km < 152 and west.measured_direction == "WNW"
    ramadi = by_text["about 50 km north-west of Ramadi"]
    assert ramadi.verdict == "consistent" and ramadi.qualifier == "about"
    assert by_text["in Anbar province"].verdict == "consistent"
    near = by_text["near Ain al-Asad airbase"]
    assert near.kind == "proximity" and near.target_place.name == "Hīt"
    assert 35 < near.measured_km < 42 and near.verdict == "consistent"
    assert by_text["the northern city of Mosul"].verdict == "consistent"
    syria = by_text["eastern Syria"]
    assert syria.kind == "descriptor" and syria.verdict == "unverifiable"
    river = by_text["on the Euphrates River"]
    assert river.verdict == "unverifiable" and "--natural-earth" in river.reason
    # the title's "loses ground in Anbar" and the dateline are not claims
    assert all(c.start > 100 for c in claims)


def test_claim_dict_matches_contract(gazetteer):
    doc = _doc(gazetteer, "Heet lies 140km west of Baghdad.", ["Heet", "Baghdad"])
    _, (claim,) = extract_claims(doc, gazetteer)
    d = claim.to_dict()
    assert {"kind", "text", "start", "end", "target", "reference", "stated", "measured",
            "tolerance", "verdict", "explanation"} <= set(d)
    assert set(d["target"]) >= {"text", "place", "estimated"}
    assert set(d["reference"]) >= {"text", "place"}
    assert set(d["stated"]) >= {"value", "unit", "value_km", "direction", "qualifier"}
    assert set(d["measured"]) == {"distance_km", "bearing_deg", "direction"}
    assert d["stated"] == {**d["stated"], "value": 140.0, "unit": "km", "value_km": 140.0,
                           "direction": "W", "qualifier": None}
    assert d["measured"]["direction"] == "WNW"
    assert {"precision_km", "extent_km", "road_factor", "direction_deg",
            "lenient_deg"} <= set(d["tolerance"])
    assert d["target"]["place"]["name"] == "Hīt" and d["target"]["estimated"] is False
    json.dumps(d, allow_nan=False)
    assert d["explanation"].startswith("stated 140 km W of Baghdad; measured")


def test_estimate_is_usable(gazetteer):
    text = "Al-Bu Ghanim village, 30 km east of Ramadi, was cleared."
    _, (claim,) = extract_claims(_doc(gazetteer, text, ["?Al-Bu Ghanim", "Ramadi"]), gazetteer)
    d = claim.to_dict()
    assert d["target"]["estimated"] is True
    assert d["target"]["place"]["id"] == f"estimate:{claim.start}"
    est = d["estimate"]
    assert est["lon"] > 43.5 and abs(est["lat"] - 33.42) < 0.05 and 3 < est["radius_km"] < 30


def test_claim_picks_candidate(gazetteer):
    """A reference resolved to the wrong namesake is swapped when the claim fits another."""
    text = "Heet lies about 50 km north-west of Ramadi."
    doc = _doc(gazetteer, text, ["Heet", "Ramadi"])
    yemen = next(c for c in gazetteer.search("Ramadi") if c.place.country_code == "YE")
    iraq = next(c for c in gazetteer.search("Ramadi") if c.place.country_code == "IQ")
    wrong = tuple(m if m.text != "Ramadi" else Mention(
        m.text, m.start, m.end, "resolved", place=yemen.place, score=0.5,
        candidates=(iraq,)) for m in doc.mentions)
    new_doc, (claim,) = extract_claims(Document(text, wrong), gazetteer)
    assert claim.verdict == "consistent" and claim.reference_place.country_code == "IQ"
    ramadi = next(m for m in new_doc.mentions if m.text == "Ramadi")
    assert ramadi.place.country_code == "IQ"
    assert "claim" in (ramadi.reason or "") and ramadi.method.endswith("+claim")


@pytest.mark.parametrize("text, value, digits", [
    ("140", 140, "140"), ("1,200", 1200, "1,200"), ("10.5", 10.5, "10.5"),
    ("forty", 40, "40"), ("forty-five", 45, "45"), ("a hundred", 100, "100"),
    ("two hundred and fifty", 250, "250"), ("twelve", 12, "12"), ("a dozen", 12, "12"),
    ("half a", 0.5, "0.5"),
])
def test_parse_number(text, value, digits):
    assert parse_number(text) == (value, digits)


def test_parse_number_rejects():
    assert parse_number("many") is None


def test_claim_validates():
    with pytest.raises(ValueError):
        Claim(kind="teleport", text="x", start=0, end=1)
    with pytest.raises(ValueError):
        Claim(kind="distance", text="x", start=0, end=1, verdict="maybe")
    with pytest.raises(ValueError):
        Claim(kind="distance", text="x", start=5, end=1)


def test_empty_document(gazetteer):
    doc = Document("")
    assert extract_claims(doc, gazetteer) == (doc, ())


_WORDS = st.sampled_from([
    "Heet", "Baghdad", "Ramadi", "km", "miles", "140", "forty", "about", "north-west", "of",
    "from", "near", "the", "capital", "city", "border", "Syrian", "in", "province", "Anbar",
    "'s", ",", ".", "(", ")", "between", "and", "a", "two-hour", "drive", "northern", "town",
    "on", "River", "Euphrates", "west", "NNE", "to", "20", "30", "outskirts", "southern",
    "\n", "—", "within", "more than", "½", "٣"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_WORDS, max_size=30), st.text(max_size=40))
def test_extractor_never_crashes(gazetteer, words, noise):
    import logging

    text = " ".join(words) + noise
    names = [n for n in ("Heet", "Baghdad", "Ramadi", "Anbar", "Euphrates") if n in text]
    doc = _doc(gazetteer, text, names)
    errors: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.WARNING)
    handler.emit = errors.append  # type: ignore[method-assign]
    logger = logging.getLogger("geo_events")
    logger.addHandler(handler)
    try:
        new_doc, claims = extract_claims(doc, gazetteer)
    finally:
        logger.removeHandler(handler)
    assert not errors, [r.getMessage() for r in errors]  # finders swallow crashes: none here
    assert new_doc.text == text
    for c in claims:
        assert text[c.start:c.end] == c.text
        json.dumps(c.to_dict(), allow_nan=False)
        if c.measured_bearing is not None:
            assert 0.0 <= c.measured_bearing < 360.0


def test_cli_verify_json_table_and_strict(tmp_path, capsys, gazetteer):
    from geo_events.cli import main

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("Mosul, 50 km north of Baghdad, was quiet on Monday.", "utf-8")
    args = ["verify", str(wrong), "--gazetteer", str(gazetteer.path)]
    assert main(args + ["--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"schema", "document", "places", "claims"}
    (claim,) = data["claims"]
    assert claim["verdict"] == "inconsistent" and claim["stated"]["value_km"] == 50
    assert main(args + ["--strict"]) == 1
    table = capsys.readouterr().out
    assert "inconsistent" in table and "50 km N" in table
    right = tmp_path / "right.txt"
    right.write_text("Heet lies 140km west of Baghdad.", "utf-8")
    assert main(["verify", str(right), "--strict", "--gazetteer", str(gazetteer.path)]) == 0
    assert "consistent" in capsys.readouterr().out


def test_claim_picks_target_and_reference_together(gazetteer):
    """Boston NY and New York State make "Boston, 190 miles NE of New York" false; the
    runner-ups Boston MA and New York City make it hold: both are swapped."""
    text = "Boston, 190 miles northeast of New York, was hit by the storm."
    boston = [c for c in gazetteer.search("Boston", country="US", limit=50)]
    ma = next(c for c in boston if c.place.admin1_code == "US.MA" and c.place.population)
    other = next(c for c in boston if c.place.admin1_code == "US.NY")
    ny = gazetteer.search("New York", country="US", limit=10)
    state = next(c for c in ny if c.place.feature_code == "ADM1")
    city = gazetteer.search("New York City", country="US")[0]
    doc = Document(text, (
        Mention("Boston", 0, 6, "resolved", place=other.place, score=0.7,
                candidates=(ma,)),
        Mention("New York", 31, 39, "resolved", place=state.place, score=0.7,
                candidates=(city,))))
    new_doc, (claim,) = extract_claims(doc, gazetteer)
    assert claim.verdict == "consistent", claim.explanation
    assert [m.place.id for m in new_doc.mentions] == [ma.place.id, city.place.id]
    assert all(m.method.endswith("+claim") for m in new_doc.mentions)


def test_mark_places_gives_mentions_by_hand(gazetteer):
    text = "Qwertabad lies 20 km from Tripoli, and Tripoli  Port is busy."
    doc = mark_places(text, ["?Qwertabad", "Tripoli@LY", "Tripoli Port=Tripoli@LY"], gazetteer)
    got = [(m.text, m.status, m.place.country_code if m.place else None) for m in doc.mentions]
    assert got == [("Qwertabad", "unresolved", None), ("Tripoli", "resolved", "LY"),
                   ("Tripoli  Port", "resolved", "LY")]
    with pytest.raises(LookupError):
        mark_places(text, ["Xqzzyville"], gazetteer)
    assert mark_places(text, ["Xqzzyville"], gazetteer, strict=False).mentions == ()
