"""Smoke tests for the measurement scripts in benchmarks/, on tiny corpora and indexes that the
tests write themselves (never text from ../shared/eval)."""

from __future__ import annotations

import importlib.util
import json
import math
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from geo_events.document import Document, Mention
from geo_events.names import fold, loose
from geo_events.place import Candidate, Place

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


ev = _load("geoparse_eval")
gb = _load("gazetteer")

# -- tiny corpora in the two schemas (our own sentences) ---------------------------------------
LGL_TEXT = "Heet lies west of Baghdad. Smith flew to Paris on Monday."
GV_TEXT = "Officials in Ramadi said Fallujah was calm, and Mosul too."


def _lgl_xml() -> str:
    def top(phrase: str, coords: tuple[float, float] | None) -> str:
        s = LGL_TEXT.index(phrase)
        gaz = "" if coords is None else (
            f'<gaztag geonameid="1"><name>{phrase}</name><lat>{coords[0]}</lat>'
            f"<lon>{coords[1]}</lon></gaztag>")
        return (f"<toponym><start>{s}</start><end>{s + len(phrase)}</end>"
                f"<phrase>{phrase}</phrase>{gaz}</toponym>")

    tops = "".join([top("Heet", (33.637, 42.828)), top("Baghdad", (33.34, 44.40)),
                    top("Paris", None)])
    return (f'<?xml version="1.0" encoding="utf-8"?><articles><article docid="d1"><title>t'
            f"</title><text><![CDATA[{LGL_TEXT}]]></text><toponyms count=\"3\">{tops}"
            "</toponyms></article></articles>")


def _gv_xml(extra_shift: dict[str, int] | None = None, missing: str | None = None) -> str:
    extra_shift = extra_shift or {}

    def loc(name: str, lat: float, lon: float) -> str:
        s = GV_TEXT.index(name) + 1 + extra_shift.get(name, 0)  # the corpus' +1 shift
        return (f"<location><name>{name}</name><start>{s}</start><end>{s + len(name)}</end>"
                f"<lat>{lat}</lat><lon>{lon}</lon><page>x</page></location>")

    locs = [loc("Ramadi", 33.42, 43.30), loc("Fallujah", 33.35, 43.78), loc("Mosul", 36.34, 43.13)]
    if missing:
        locs.append(f"<location><name>{missing}</name><start>3</start><end>9</end>"
                    "<lat>1</lat><lon>1</lon><page>x</page></location>")
    return (f"<articles><article><source>s1</source><text>{GV_TEXT}</text><locations>"
            f"{''.join(locs)}</locations></article></articles>")


@pytest.fixture
def lgl_path(tmp_path: Path) -> Path:
    p = tmp_path / "lgl_mini.xml"
    p.write_text(_lgl_xml(), encoding="utf-8")
    return p


@pytest.fixture
def gv_path(tmp_path: Path) -> Path:
    p = tmp_path / "gv_mini.xml"
    p.write_text(_gv_xml(), encoding="utf-8")
    return p


def test_load_lgl_schema(lgl_path: Path) -> None:
    corpus = ev.load_corpus(lgl_path)
    (doc,) = corpus.docs
    assert doc.id == "d1"
    assert [t.phrase for t in doc.toponyms] == ["Heet", "Baghdad", "Paris"]
    assert all(doc.text[t.start:t.end] == t.phrase for t in doc.toponyms)
    assert [t.has_coords for t in doc.toponyms] == [True, True, False]
    assert (corpus.realigned, corpus.unaligned) == (0, 0)


def test_load_geovirus_schema_undoes_the_shift(gv_path: Path) -> None:
    corpus = ev.load_corpus(gv_path)
    (doc,) = corpus.docs
    assert [doc.text[t.start:t.end] for t in doc.toponyms] == ["Ramadi", "Fallujah", "Mosul"]
    assert (corpus.realigned, corpus.unaligned) == (0, 0)


def test_geovirus_realigns_by_name_and_counts_failures(tmp_path: Path) -> None:
    p = tmp_path / "gv.xml"
    p.write_text(_gv_xml(extra_shift={"Mosul": 3}, missing="Tikrit"), encoding="utf-8")
    corpus = ev.load_corpus(p)
    doc = corpus.docs[0]
    spans = {doc.text[t.start:t.end] for t in doc.toponyms}
    assert {"Ramadi", "Fallujah", "Mosul"} <= spans
    assert corpus.realigned == 1  # Mosul, found three characters away
    assert corpus.unaligned == 1  # Tikrit is not in the text


@pytest.mark.parametrize(("text", "name", "start", "end", "shift", "expected"), [
    ("in Hit today", "Hit", 4, 7, -1, (3, 6, True)),          # the GeoVirus shift
    ("in Hit today", "Hit", 3, 6, 0, (3, 6, True)),           # already right
    ("Hit and Hit again", "Hit", 9, 12, -1, (8, 11, True)),   # nearest of two
    ("in HIT today", "Hit", 3, 6, 0, (3, 6, True)),           # case-insensitive fallback
    ("nothing here", "Hit", 3, 6, 0, (3, 6, False)),          # kept as given
    ("short", "Hit", 40, 43, 0, (5, 5, False)),               # clamped to the text
])
def test_realign(text: str, name: str, start: int, end: int, shift: int,
                 expected: tuple[int, int, bool]) -> None:
    assert ev.realign(text, name, start, end, shift) == expected


@pytest.mark.parametrize(("errors", "expected"), [
    ([0.0, 0.0, 0.0], 0.0),
    ([ev.MAX_KM, ev.MAX_KM], math.log1p(ev.MAX_KM) / math.log(ev.MAX_KM)),
    ([0.0, ev.MAX_KM], 0.5 * math.log1p(ev.MAX_KM) / math.log(ev.MAX_KM)),
    ([ev.MAX_KM, 0.0, 0.0], 0.25 * math.log1p(ev.MAX_KM) / math.log(ev.MAX_KM)),  # sorted
    ([math.e - 1], 1 / math.log(ev.MAX_KM)),
    ([], None),
])
def test_auc_log_error(errors: list[float], expected: float | None) -> None:
    got = ev.auc_log_error(errors)
    assert got == expected if expected is None else got == pytest.approx(expected)


def test_error_stats_threshold_and_median() -> None:
    st = ev.error_stats([0.0, 161.0, 161.5, 1000.0])
    assert st["acc161"] == 0.5 and st["median_km"] == pytest.approx(161.2, abs=0.1)
    assert st["mean_km"] == pytest.approx(330.6, abs=0.1)
    assert ev.error_stats([])["acc161"] is None


def test_prf() -> None:
    assert ev.prf(2, 4, 3, 4) == {"predicted": 4, "gold": 4, "tp_predicted": 2, "tp_gold": 3,
                                  "precision": 0.5, "recall": 0.75, "f1": 0.6}
    assert ev.prf(0, 0, 0, 5)["f1"] == 0.0


def test_haversine_known_distance() -> None:
    # one degree of latitude is ~111.2 km; antipodes are half a great circle, below MAX_KM
    assert ev.haversine_km(33.0, 44.0, 34.0, 44.0) == pytest.approx(111.2, abs=0.1)
    antipodes = ev.haversine_km(0, 0, 0, 180)
    assert antipodes == pytest.approx(20015.1, abs=0.5) and antipodes < ev.MAX_KM


# -- evaluate() with a scripted system -------------------------------------------------------
def _place(pid: str, lat: float, lon: float, code: str = "PPL") -> Place:
    return Place(id=pid, source="test", name=pid, lat=lat, lon=lon, country_code="IQ",
                 feature_class="P", feature_code=code)


class _FakeGazetteer:
    """search() knows a far-away Heet and a right one; nothing for Baghdad."""

    path = "fake"

    def search(self, name: str, *, limit: int = 10) -> list[Candidate]:
        table = {"Heet": [_place("far-heet", 10.0, 10.0), _place("heet", 33.64, 42.83)]}
        return [Candidate(p, 1.0, "exact", name) for p in table.get(name, [])][:limit]

    def geometry(self, place_id: str) -> None:
        return None


def _mention(text: str, phrase: str, place: Place | None) -> Mention:
    s = text.index(phrase)
    status = "resolved" if place else "unresolved"
    return Mention(phrase, s, s + len(phrase), status, place=place)


def test_evaluate_counts_each_outcome(lgl_path: Path) -> None:
    corpus = ev.load_corpus(lgl_path)
    far_heet, wrong_baghdad = _place("far-heet", 10.0, 10.0), _place("elsewhere", -30, 150)

    def parse(text: str) -> Document:  # Heet placed wrong, Baghdad missed, Smith spurious
        return Document(text, (_mention(text, "Heet", far_heet), _mention(text, "Smith", None),
                               _mention(text, "Paris", None)))

    def resolve(text: str, spans: list[tuple[int, int]]) -> list[Mention]:
        places = {"Heet": _place("heet", 33.64, 42.83), "Baghdad": wrong_baghdad}
        return [Mention(text[s:e], s, e, "resolved" if text[s:e] in places else "unresolved",
                        place=places.get(text[s:e])) for s, e in spans]

    result = ev.evaluate(corpus, ev.System(parse, resolve, _FakeGazetteer()), warmup=1)
    rec = result["recognition"]
    assert (rec["predicted"], rec["gold"], rec["tp_predicted"], rec["tp_gold"]) == (3, 3, 2, 2)
    gs = result["gold_spans"]
    assert gs["api"] == "resolve_spans" and gs["n"] == 2 and gs["acc161"] == 0.5
    assert gs["outcomes"]["correct"] == 1 and gs["outcomes"]["candidate_absent"] == 1
    assert gs["baseline_first_candidate"]["acc161"] == 0.0  # first candidate is the far one
    e2e = result["end_to_end"]
    assert e2e["acc161"] == 0.0 and e2e["outcomes"]["missed"] == 1
    assert e2e["outcomes"]["wrong_candidate"] == 1  # the index holds the right Heet
    assert result["_forms"]["spurious"] == {"Smith": 1}
    assert result["_forms"]["missed"] == {"Baghdad": 1}
    assert result["throughput"]["docs_per_s"] > 0


def test_evaluate_falls_back_to_geoparse_matches(gv_path: Path) -> None:
    corpus = ev.load_corpus(gv_path)

    def parse(text: str) -> Document:
        return Document(text, (_mention(text, "Ramadi", _place("r", 33.42, 43.30)),
                               _mention(text, "Mosul", None)))

    per_doc: list[dict] = []
    result = ev.evaluate(corpus, ev.System(parse, None, _FakeGazetteer()), per_doc=per_doc)
    gs = result["gold_spans"]
    assert gs["api"] == "geoparse-fallback"
    assert gs["outcomes"]["correct"] == 1 and gs["outcomes"]["not_recognised"] == 1
    assert gs["outcomes"]["unresolved"] == 2  # Fallujah (not recognised) and Mosul
    assert result["end_to_end"]["acc161"] == pytest.approx(1 / 3, abs=1e-4)
    (row,) = per_doc
    assert {e["type"] for e in row["errors"]} == {"missed", "unresolved"}


# -- the real geoparser, end to end ----------------------------------------------------------
def test_main_prints_one_json_line(lgl_path: Path, gv_path: Path, gazetteer, capsys,
                                   tmp_path: Path) -> None:
    errors = tmp_path / "errors.jsonl"
    code = ev.main(["--corpus", str(lgl_path), "--corpus", str(gv_path), "--gazetteer",
                    str(gazetteer.path), "--per-doc-errors", str(errors), "--warmup", "0"])
    assert code == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert line["benchmark"] == "geoparse_eval"
    assert set(line["corpora"]) == {"lgl_mini", "gv_mini"}
    gv = line["corpora"]["gv_mini"]
    assert gv["gold_with_coords"] == 3 and 0 <= gv["recognition"]["f1"] <= 1
    assert gv["gold_spans"]["n"] == 3 and gv["end_to_end"]["n"] == 3
    # the Iraqi cities of our sentence are unambiguous: a geoparser must place most of them
    assert gv["gold_spans"]["acc161"] >= 2 / 3
    assert errors.exists()


def test_main_refuses_an_error_dump_inside_the_repo(gv_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        ev.main(["--corpus", str(gv_path), "--per-doc-errors",
                 str(BENCH / "errors.jsonl")])
    assert exc.value.code == 2


# -- gazetteer benchmark on a tiny index -----------------------------------------------------
_TOWNS = [  # (id, name, alternates, lat, lon, population)
    ("t1", "Fallujah", ["Al Fallujah", "Falluja"], 33.35, 43.78, 275000),
    ("t2", "Ramadi", ["Ar Ramadi"], 33.42, 43.30, 460000),
    ("t3", "Hīt", ["Heet"], 33.64, 42.83, 60000),
    ("t4", "Baghdad", ["Bagdad"], 33.34, 44.40, 7200000),
    ("t5", "Mosul", ["Al Mawsil"], 36.34, 43.13, 1700000),
    ("t6", "Tikrit", ["Takrit"], 34.61, 43.68, 160000),
    ("t7", "Samarra", ["Samarrah"], 34.20, 43.87, 160000),
    ("t8", "Karbala", ["Kerbela"], 32.62, 44.02, 700000),
    ("t9", "Haditha", ["Hadithah"], 34.14, 42.38, 50000),
    ("t10", "Springfield", [], 39.80, -89.64, 116000),
    ("t11", "Tripoli", ["Tarabulus"], 32.89, 13.19, 1150000),
    ("t12", "Saint-Étienne", [], 45.43, 4.39, 172000),
]


@pytest.fixture
def tiny_index(tmp_path: Path) -> Path:
    from geo_events.gazetteer.schema import IndexWriter, PlaceRow

    path = tmp_path / "tiny.sqlite"
    w = IndexWriter(str(path))
    for pid, name, alts, lat, lon, pop in _TOWNS:
        w.add(PlaceRow(id=f"test:{pid}", source="test", name=name, lat=lat, lon=lon,
                       country_code="IQ", feature_class="P", feature_code="PPLA",
                       population=pop), alts)
    w.finish({"source": "test"})
    return path


def test_sample_queries_are_deterministic_and_typed(tiny_index: Path) -> None:
    a = gb.sample_queries(tiny_index, 8, seed=3)
    b = gb.sample_queries(tiny_index, 8, seed=3)
    assert a == b
    assert {k for k in a if not k.startswith("_")} == {
        "exact", "alternate", "normalised", "fuzzy", "nearest", "containing"}
    names = {t[1] for t in _TOWNS}
    alternates = {alt for t in _TOWNS for alt in t[2]}
    assert a["exact"] and all(q in names for q, _ in a["exact"])
    assert a["alternate"] and all(fold(q) in {fold(x) for x in alternates}
                                  for q, _ in a["alternate"])
    assert a["fuzzy"], "prominent names should yield typo queries"


def test_fuzzy_queries_only_reach_the_fuzzy_path(tiny_index: Path) -> None:
    from geo_events.gazetteer import Gazetteer

    queries = gb.sample_queries(tiny_index, 20, seed=5)["fuzzy"]
    with Gazetteer(tiny_index) as gaz:
        for q, _key in queries:
            assert all(c.match == "fuzzy" for c in gaz.search(q)), q


@pytest.mark.parametrize("seed", range(12))
def test_typo_is_one_edit_away(seed: int) -> None:
    from rapidfuzz.distance import OSA

    rng = random.Random(seed)
    for key in ("fallujah", "ramadi", "springfield", "deir ez zor"):
        q = gb.typo(key, rng)
        assert OSA.distance(q, key) == 1, (key, q)  # one edit, a transposition included


@pytest.mark.parametrize("name", ["Saint-Étienne", "Fallujah", "Al Ramadi", "Deir ez-Zor"])
def test_name_variants_keep_their_normalised_key(name: str) -> None:
    rng = random.Random(1)
    for _ in range(20):
        variant, kind = gb.name_variant(name, rng)
        assert variant != name and kind != "none"
        if kind in ("diacritics", "hyphens"):
            assert fold(variant) == fold(name)
        else:
            assert loose(variant) == loose(name), (variant, kind)


@pytest.mark.parametrize(("values", "q", "expected"), [
    ([1.0, 2.0, 3.0], 50, 2.0), ([1.0, 2.0, 3.0, 4.0], 99, 4.0), ([5.0], 99, 5.0),
    (list(map(float, range(101))), 99, 99.0),
])
def test_percentile(values: list[float], q: float, expected: float) -> None:
    assert gb.percentile(values, q) == expected


def test_run_on_a_tiny_index(tiny_index: Path) -> None:
    result = gb.run(tiny_index, 10, seed=2)
    assert set(result["lookups"]) == {"exact", "alternate", "normalised", "fuzzy", "nearest",
                                      "containing"}
    assert result["lookups"]["exact"]["found"] == 1.0
    assert result["lookups"]["exact"]["first_match"] == {"exact": 10}
    result["build"] = {"build_s": 1.0}
    met = gb.check_targets(result)
    assert set(met) == set(gb.TARGETS) and met["build_s"] is True


def test_ab_compares_a_revision_with_the_working_tree(lgl_path: Path, gazetteer, capsys) -> None:
    ab = _load("geoparse_ab")
    code = ab.main(["--base", "HEAD", "--corpus", str(lgl_path), "--rounds", "1",
                    "--gazetteer", str(gazetteer.path)])
    assert code == 0
    line = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    (result,) = line["corpora"].values()
    assert line["benchmark"] == "geoparse_ab" and result["docs"] == 1
    assert result["base_docs_per_s"] > 0 and result["work_docs_per_s"] > 0
    assert "geo_events_base.geoparser" in sys.modules  # the revision ran as its own package
