"""Event extraction, driven by the cases in tests/data/events.jsonl (written by us).

Each case lists the places its text names; the test builds the Document from those names
with the gazetteer, so these tests pin the extractor, not the geoparser (the seed-story test
runs the whole pipeline)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo_events.document import Document, Mention, mark_places
from geo_events.geodesy import distance_bearing
from geo_events.event_lexicon import EVENT_TYPES
from geo_events.events import Event, EventLocation, extract_events

from .conftest import DATA

CASES = [json.loads(line) for line in (DATA / "events.jsonl").read_text("utf-8").splitlines()
         if line.strip()]
COUNTS = ("fatalities", "wounded", "attacks", "displaced")


def hand_document(text: str, places: list[str], published: str | None, gaz) -> Document:
    return mark_places(text, places, gaz,
                       published=dt.date.fromisoformat(published) if published else None)


def _match(gold: dict, events: tuple[Event, ...]) -> Event:
    same = [e for e in events if e.location.text == gold["location"]
            and e.event_type == gold["event_type"]]
    assert same, (f"no {gold['event_type']} event at {gold['location']}; got "
                  f"{[(e.event_type, e.sub_event_type, e.location.text) for e in events]}")
    return same[0]


def test_cases_table_is_large_and_covers_every_class():
    assert len(CASES) >= 50
    assert len({c["id"] for c in CASES}) == len(CASES)
    types = {e["event_type"] for c in CASES for e in c["events"]}
    assert types == set(EVENT_TYPES)
    assert sum(1 for c in CASES if not c["events"]) >= 8  # negation / future / plans
    assert any(len(c["events"]) >= 2 for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_event_case(case, gazetteer):
    doc = hand_document(case["text"], case["places"], case["published"], gazetteer)
    events = extract_events(doc, (), gazetteer)
    assert len(events) == len(case["events"]), [e.to_dict()["trigger"] for e in events]
    for gold in case["events"]:
        e = _match(gold, events)
        assert e.sub_event_type == gold["sub_event_type"]
        assert (e.date.isoformat() if e.date else None) == gold["date"]
        assert e.time_precision == gold["time_precision"]
        for k in COUNTS:
            assert getattr(e, k) == gold[k], k
        for k in ("geo_precision",):
            if k in gold:
                assert e.location.geo_precision == gold[k]
        if "lat" in gold:  # where the map puts it (a province: its capital, as ACLED does)
            km = distance_bearing(gold["lat"], gold["lon"], e.location.lat, e.location.lon)[0]
            assert km <= 25, (e.location.text, km)
        for k in ("actor1", "actor2", "source"):
            if k in gold:
                assert getattr(e, k) == gold[k], k
        assert case["text"][e.start:e.end] == e.trigger
    for absent in case.get("absent", ()):
        assert not [e for e in events if e.location.text == absent["location"]]


def test_event_dict_matches_the_contract(gazetteer):
    case = CASES[0]
    doc = hand_document(case["text"], case["places"], case["published"], gazetteer)
    (event,) = extract_events(doc, (), gazetteer)
    d = event.to_dict()
    for key in ("event_type", "sub_event_type", "trigger", "start", "end", "sentence",
                "location", "date", "time_precision", "actor1", "actor2", "fatalities",
                "wounded", "attacks", "displaced"):
        assert key in d
    for key in ("text", "place", "lat", "lon", "geo_precision"):
        assert key in d["location"]
    assert d["location"]["place"]["name"] == "Ar Raqqah"
    json.dumps(d)


def test_claim_estimate_gives_the_location(gazetteer):
    text = "An air strike hit a village 20 km north of Mosul on Monday, killing five people."
    doc = hand_document(text, ["Mosul"], "2017-03-01", gazetteer)
    start = text.index("a village")
    end = text.index(" on Monday")

    class FakeClaim:  # only to_dict() is read
        def to_dict(self):
            return {"kind": "distance_direction", "text": text[start:end], "start": start,
                    "end": end, "target": {"text": "a village", "place": None, "estimated": True},
                    "reference": {"text": "Mosul", "place": None},
                    "estimate": {"lat": 36.52, "lon": 43.13, "radius_km": 5.0}}

    (event,) = extract_events(doc, [FakeClaim()], gazetteer)
    assert event.location.rule == "claim-estimate"
    assert (event.location.lat, event.location.lon, event.location.geo_precision) == (
        36.52, 43.13, 2)


def test_seed_story(gazetteer, heet_text):
    from geo_events.geoparser import geoparse
    doc = geoparse(heet_text, gazetteer=gazetteer, published="2016-04-09")
    events = extract_events(doc, (), gazetteer)
    by = {(e.event_type, e.sub_event_type, e.location.place.name if e.location.place else None):
          e for e in events}
    battle = by[("Battles", "Government regains territory", "Hīt")]
    assert battle.actor1 == "Military Forces of Iraq"
    assert battle.actor2 == "Islamic State (IS)"
    assert battle.date == dt.date(2016, 4, 9)
    bombs = by[("Explosions/Remote violence", "Remote explosive/landmine/IED", "Hīt")]
    assert (bombs.fatalities, bombs.wounded, bombs.attacks) == (30, 50, 8)
    assert bombs.date == dt.date(2016, 4, 8) and bombs.actor1 == "Islamic State (IS)"
    assert bombs.source == "a military officer"
    evac = by[("Strategic developments", "Other", "Hīt")]
    assert evac.displaced is not None and evac.displaced >= 10000
    assert not [e for e in events if e.event_type == "Battles"
                and e.location.place is not None and e.location.place.name == "Mosul"]
    assert not [e for e in events if e.location.text == "Mosul"]


def test_without_publication_date_relative_dates_stay_open(gazetteer, heet_text):
    from geo_events.geoparser import geoparse
    doc = geoparse(heet_text, gazetteer=gazetteer)
    events = extract_events(doc, (), gazetteer)
    assert events and all(e.date is None for e in events)
    assert {e.date_text for e in events} >= {"on Saturday", "on Friday"}


def test_aliases_extend_the_actor_table(gazetteer):
    text = "The Tigers attacked an army camp near Kandahar on Friday."
    doc = hand_document(text, ["Kandahar"], "2019-01-14", gazetteer)
    (plain,) = extract_events(doc, (), gazetteer)
    (extended,) = extract_events(doc, (), gazetteer, aliases={"The Tigers": "Tiger Brigade"})
    assert plain.actor1 is None
    assert extended.actor1 == "Tiger Brigade"


@pytest.mark.parametrize("kwargs,error", [
    ({"event_type": "Picnic"}, "unknown event type"),
    ({"sub_event_type": "Grenade"}, "not a sub type"),
    ({"fatalities": -1}, "negative"),
    ({"time_precision": 4}, "time_precision"),
])
def test_event_validates(kwargs, error):
    base = {"event_type": "Battles", "sub_event_type": "Armed clash", "trigger": "x",
            "start": 0, "end": 1, "sentence": "x", "location": EventLocation()}
    with pytest.raises(ValueError, match=error):
        Event(**{**base, **kwargs})


# --- exports (geo_events.acled) ------------------------------------------------------------
def _report_dict(gazetteer) -> dict:
    text = ("A car bomb exploded in Baghdad on Sunday, killing 25 people, police said.\n\n"
            "Separately, =HYPERLINK rioters in Basra threw stones at police on Monday.")
    doc = hand_document(text, ["Baghdad"], "2016-07-05", gazetteer)
    basra = text.index("Basra")
    doc = Document(text=text, published=doc.published, mentions=doc.mentions + (
        Mention("Basra", basra, basra + 5, "unresolved", reason="test: left unresolved"),))
    events = extract_events(doc, (), gazetteer)
    return {**doc.to_dict(), "claims": [], "events": [e.to_dict() for e in events]}


def test_acled_rows_and_csv(gazetteer):
    import csv
    import io

    from geo_events.acled import ACLED_COLUMNS, acled_rows, write_acled_csv

    report = _report_dict(gazetteer)
    rows = acled_rows(report)
    assert [r["event_type"] for r in rows] == ["Explosions/Remote violence", "Riots"]
    bomb = rows[0]
    assert (bomb["event_date"], bomb["year"], bomb["time_precision"]) == ("2016-07-03", 2016, 1)
    assert (bomb["country"], bomb["location"], bomb["fatalities"]) == ("Iraq", "Baghdad", 25)
    assert bomb["latitude"] == report["events"][0]["location"]["lat"]
    assert "according to police" in bomb["notes"]
    assert rows[1]["fatalities"] == 0  # ACLED writes 0 when no death is reported
    buf = io.StringIO()
    assert write_acled_csv(rows, buf) == 2
    back = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(back[0]) == list(ACLED_COLUMNS)
    assert back[0]["fatalities"] == "25" and back[1]["latitude"] == ""  # Basra is not resolved
    assert not any(v.startswith("=") for row in back for v in row.values())


def test_event_features_are_rfc7946(gazetteer):
    from geo_events.acled import event_features, feature_collection

    report = _report_dict(gazetteer)
    feats = event_features(report)
    assert len(feats) == 1  # the unlocated riot has no feature
    lon, lat = feats[0]["geometry"]["coordinates"]
    loc = report["events"][0]["location"]
    assert (lon, lat) == (loc["lon"], loc["lat"])
    assert feats[0]["properties"]["event_type"] == "Explosions/Remote violence"
    fc = feature_collection(report)
    assert fc["type"] == "FeatureCollection" and fc["features"] == feats
    json.dumps(fc)


def test_real_claims_give_estimated_locations(gazetteer):
    from geo_events.geoparser import geoparse
    from geo_events.claims import extract_claims
    text = "An air strike hit a village 20 km north of Mosul on Monday, killing five people."
    doc = geoparse(text, gazetteer=gazetteer, published="2017-03-01")
    doc, claims = extract_claims(doc, gazetteer)
    (event,) = extract_events(doc, claims, gazetteer)
    assert event.location.rule == "claim-estimate"
    assert event.location.geo_precision == 2 and event.location.country_code == "IQ"
    assert event.location.lat > gazetteer.search("Mosul")[0].place.lat  # north of Mosul
    assert (event.fatalities, event.date) == (5, dt.date(2017, 2, 27))


@pytest.mark.parametrize("fmt", ["--json", "--csv", "--geojson", None])
def test_cli_events(fmt, heet_text, tmp_path, capsys, gazetteer):
    from geo_events.cli import main

    article = tmp_path / "heet.txt"
    article.write_text(heet_text, encoding="utf-8")
    argv = ["events", str(article), "--published", "2016-04-09",
            "--gazetteer", str(gazetteer.path)] + ([fmt] if fmt else [])
    assert main(argv) == 0
    out = capsys.readouterr().out
    if fmt == "--json":
        data = json.loads(out)
        assert list(data) == ["schema", "document", "places", "events"]
        assert any(e["attacks"] == 8 and e["fatalities"] == 30 for e in data["events"])
    elif fmt == "--csv":
        assert out.splitlines()[0].startswith("event_id_cnty,event_date,year,time_precision")
        assert "Government regains territory" in out
    elif fmt == "--geojson":
        assert json.loads(out)["type"] == "FeatureCollection"
    else:
        assert "4 events" in out and "Hīt" in out


def test_cli_events_bad_date(heet_text, tmp_path, capsys, gazetteer):
    from geo_events.cli import main

    article = tmp_path / "heet.txt"
    article.write_text(heet_text, encoding="utf-8")
    assert main(["events", str(article), "--published", "9 April",
                 "--gazetteer", str(gazetteer.path)]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


WORDS = ("killed", "attack", "air strike", "the", "not", "in", "Baghdad", "on Friday", "12",
         "protesters", "could", "fled", "floods", ",", ".", "\n\n", "IS", "army", "dozens of",
         "said", "since", "after", "a car bomb", "wounded", "and", "near", "BAGHDAD, May 2 -")


@given(st.lists(st.sampled_from(WORDS), max_size=40), st.sampled_from([None, "2016-04-09"]))
@settings(max_examples=150, deadline=None)
def test_never_crashes_and_spans_hold(words, published):
    text = " ".join(words) or "x"
    doc = Document(text=text, published=dt.date.fromisoformat(published) if published else None)
    for e in extract_events(doc, (), None):
        assert text[e.start:e.end] == e.trigger
        assert e.event_type in EVENT_TYPES
        json.dumps(e.to_dict())
