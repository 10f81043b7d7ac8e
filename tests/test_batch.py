"""Batch runs: outputs, rejects, resume, kill-safety, and the Dask engine (real LocalCluster).

The per-record function here is a small deterministic stand-in built on the real gazetteer
(capitalised words looked up with ``Gazetteer.search``), so these tests exercise the batch
machinery independently of the geoparser/claims/events heuristics; the last test runs the real
pipeline through the CLI when it is installed.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo_events.batch import event_columns, run_batch
from tests.conftest import toy_report

TESTS = Path(__file__).parent
TEXTS = [
    "Clashes broke out in Ramadi on Monday; two soldiers were killed, police said.",
    "An air strike hit a convoy near Mosul, and the army said five militants died.",
    "Aid reached Fallujah and Heet this week, the United Nations said.",
    "Residents of Tikrit and Samarra reported shelling overnight.",
    "Talks between the parties resumed in Erbil.",
    "Protesters gathered in Baghdad and Basra to demand jobs.",
]


def toy_process(payload: dict, gazetteer) -> dict:
    """Deterministic report: capitalised words found in the gazetteer, one event, one claim."""
    text = payload["text"]
    if "RAISE" in text:
        raise RuntimeError("toy pipeline refuses this record")
    if "SLOW" in text:
        time.sleep(0.2)
    if "CRASH" in text:
        os._exit(3)  # a worker dying mid-record (segfault, OOM kill)
    places = toy_report(payload, gazetteer)["places"]
    first = places[0]["place"] if places else None
    events = [{"event_type": "Battles", "sub_event_type": None, "trigger": "x", "start": 0,
               "end": 1, "sentence": text[:40],
               "location": {"text": first["name"] if first else None, "place": first,
                            "lat": first["lat"] if first else None,
                            "lon": first["lon"] if first else None,
                            "geo_precision": 1 if first else None},
               "date": payload.get("published"), "time_precision": 1, "actor1": "A",
               "actor2": None, "fatalities": len(text) % 3, "wounded": None, "attacks": None,
               "displaced": None}]
    claims = [{"kind": "proximity", "text": text[:10], "start": 0, "end": 10,
               "target": {"text": "t", "place": first, "estimated": False},
               "reference": {"text": "r", "place": None},
               "stated": {}, "measured": {}, "tolerance": {},
               "verdict": "unverifiable" if len(places) < 2 else "consistent",
               "explanation": "toy"}]
    return toy_report(payload, gazetteer, claims=claims, events=events)


def write_corpus(path: Path, n: int = 24, bad: bool = True) -> Path:
    lines = []
    for i in range(n):
        lines.append(json.dumps({"id": f"doc-{i:03d}", "text": TEXTS[i % len(TEXTS)],
                                 "published": f"2016-04-{1 + i % 28:02d}"}))
    if bad:
        lines.insert(3, '{"id": "broken", "text": ')
        lines.insert(7, json.dumps({"id": "boom", "text": "Guards in Kirkuk said RAISE."}))
        lines.insert(9, json.dumps({"id": "nothing", "text": ""}))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def outputs(out: Path) -> dict[str, bytes]:
    """Every output file except the timing summary, by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "summary.json"}


@pytest.fixture(scope="module")
def local_run(tmp_path_factory, gazetteer):
    tmp = tmp_path_factory.mktemp("batch")
    corpus = write_corpus(tmp / "corpus.jsonl")
    summary = run_batch(corpus, tmp / "out", workers=2, gazetteer=gazetteer,
                        process=toy_process, window=4)
    return corpus, tmp / "out", summary


def test_outputs_of_a_run(local_run):
    corpus, out, summary = local_run
    assert (summary.documents, summary.analysed, summary.rejects) == (24, 24, 3)
    assert summary.events == 24 and sum(summary.claims.values()) == 24
    assert len(list((out / "reports").glob("*.json"))) == 24
    report = json.loads((out / "reports" / "doc-000.json").read_text("utf-8"))
    assert report["schema"] == "geo-events/report@1"
    assert report["batch"]["source"] == "corpus.jsonl:1"
    assert len(report["batch"]["input_sha256"]) == 64

    rejects = [json.loads(line) for line in (out / "rejects.jsonl").read_text().splitlines()]
    assert [(r["source"], r["id"]) for r in rejects] == [
        ("corpus.jsonl:4", None), ("corpus.jsonl:8", "boom"), ("corpus.jsonl:10", "nothing")]
    assert "not valid JSON" in rejects[0]["reason"]
    assert "RuntimeError: toy pipeline refuses this record" in rejects[1]["reason"]
    assert "empty input" in rejects[2]["reason"]

    geojson = json.loads((out / "events.geojson").read_text("utf-8"))
    ids = [f["properties"]["source_document"] for f in geojson["features"]]
    assert ids == [f"doc-{i:03d}" for i in range(24)]  # document order, whatever finished first
    lon, lat = geojson["features"][0]["geometry"]["coordinates"]
    assert 43 < lon < 44 and 33 < lat < 34  # Ramadi, [lon, lat]

    with open(out / "events.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == event_columns() and len(rows) == 24
    assert rows[0]["country"] in ("IQ", "Iraq") and rows[0]["event_date"] == "2016-04-01"
    assert rows[0]["source_document"] == "doc-000" and rows[0]["latitude"].startswith("33.")
    with open(out / "claims.csv", newline="", encoding="utf-8") as fh:
        claims = list(csv.DictReader(fh))
    assert len(claims) == 24 and {c["verdict"] for c in claims} == set(summary.claims)
    summary_json = json.loads((out / "summary.json").read_text())
    assert summary_json["rejects"] == 3 and summary_json["documents"] == 24
    assert len(summary_json["worker_peak_rss_mb"]) == 2
    assert not (out / ".partial").exists()
    if summary.outputs.get("map.html"):
        page = (out / "map.html").read_text("utf-8")
        assert "Ramadi" in page and "<script" in page


def test_geoparquet_reads_back_with_geopandas(local_run):
    import geopandas

    _, out, _ = local_run
    gdf = geopandas.read_parquet(out / "events.parquet")
    assert len(gdf) == 24 and gdf.crs.to_authority() == ("OGC", "CRS84")
    assert list(gdf["source_document"][:2]) == ["doc-000", "doc-001"]
    first = gdf.geometry.iloc[0]
    assert first.geom_type == "Point" and 43 < first.x < 44 and 33 < first.y < 34


def test_rerun_skips_finished_documents_and_rebuilds_the_same_outputs(local_run, gazetteer):
    corpus, out, _ = local_run
    before = outputs(out)
    again = run_batch(corpus, out, workers=1, gazetteer=gazetteer, process=toy_process)
    assert (again.analysed, again.skipped, again.rejects) == (0, 24, 3)
    assert outputs(out) == before
    # a changed document is analysed again, the others are not
    lines = corpus.read_text("utf-8").splitlines()
    lines[0] = json.dumps({"id": "doc-000", "text": TEXTS[1], "published": "2016-04-01"})
    corpus.write_text("\n".join(lines) + "\n", "utf-8")
    third = run_batch(corpus, out, workers=1, gazetteer=gazetteer, process=toy_process)
    assert (third.analysed, third.skipped) == (1, 23)
    report = json.loads((out / "reports" / "doc-000.json").read_text("utf-8"))
    assert "Mosul" in {p["text"] for p in report["places"]}


def test_dask_engine_gives_the_same_bytes(local_run, tmp_path, gazetteer):
    corpus, _, _ = local_run
    a = run_batch(corpus, tmp_path / "local", workers=2, gazetteer=gazetteer,
                  process=toy_process)
    b = run_batch(corpus, tmp_path / "dask", workers=2, engine="dask", gazetteer=gazetteer,
                  process=toy_process)
    assert (b.engine, b.analysed, b.rejects) == ("dask", a.analysed, a.rejects)
    assert outputs(tmp_path / "dask") == outputs(tmp_path / "local")


KILL_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from tests.test_batch import toy_process
from geo_events.batch import run_batch
run_batch({corpus!r}, {out!r}, workers=1, gazetteer={gaz!r}, process=toy_process, window=2)
"""


def test_killed_run_leaves_no_half_written_file(tmp_path, gazetteer):
    lines = [json.dumps({"id": f"s{i:02d}", "text": f"SLOW report {i} from Ramadi."})
             for i in range(40)]
    corpus = tmp_path / "slow.jsonl"
    corpus.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    script = KILL_SCRIPT.format(root=str(TESTS.parent), corpus=str(corpus), out=str(out),
                                gaz=str(gazetteer.path))
    proc = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while len(list((out / "reports").glob("*.json"))) < 3:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    # temporary files are hidden (dot names, or inside .partial); nothing else is half-written
    visible = [p for p in out.rglob("*") if p.is_file() and ".partial" not in p.parts
               and not p.name.startswith(".")]
    assert visible and all(p.parent.name == "reports" for p in visible)  # no combined file yet
    for p in visible:
        assert json.loads(p.read_text())["batch"]["input_sha256"]
    done = len(visible)
    summary = run_batch(corpus, out, workers=2, gazetteer=gazetteer, process=toy_process)
    assert summary.skipped == done and summary.analysed == 40 - done
    assert not (out / ".partial").exists() and not list(out.rglob(".*.tmp"))
    assert len(json.loads((out / "events.geojson").read_text())["features"]) == 40


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo_events", *args], capture_output=True,
                          text=True, timeout=120)


def test_cli_csv_without_text_column_exits_2_and_writes_nothing(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("id,body\n1,Fighting in Ramadi.\n")
    done = run_cli("batch", str(table), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "no 'text' column (columns: id, body); choose one with --text-column" in done.stderr
    assert not (tmp_path / "out").exists()


def test_cli_runs_the_real_pipeline(tmp_path, gazetteer, heet_text):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "heet.txt").write_text(heet_text, "utf-8")
    (folder / "empty.txt").write_text("")
    done = run_cli("-q", "batch", str(folder), "--out", str(tmp_path / "out"), "--workers",
                   "1", "--json", "--gazetteer", str(gazetteer.path))
    assert done.returncode == 1, done.stderr  # one record rejected
    summary = json.loads(done.stdout)
    assert summary["documents"] == 1 and summary["rejects"] == 1 and summary["places"] > 3
    report = json.loads((tmp_path / "out" / "reports" / "heet.txt.json").read_text())
    assert {"Heet", "Baghdad"} <= {m["text"] for m in report["places"]}


def test_a_second_run_on_the_same_out_dir_is_refused(tmp_path, gazetteer):
    from filelock import FileLock

    from geo_events.exceptions import InputError

    corpus = write_corpus(tmp_path / "c.jsonl", n=2, bad=False)
    (tmp_path / "out").mkdir()
    with FileLock(str(tmp_path / "out" / ".lock")):
        with pytest.raises(InputError, match="another batch run is writing there"):
            run_batch(corpus, tmp_path / "out", workers=1, gazetteer=gazetteer,
                      process=toy_process)
    assert not (tmp_path / "out" / "events.csv").exists()


def test_a_worker_that_dies_costs_only_its_record(tmp_path, gazetteer):
    texts = [TEXTS[0], "Reports from Mosul said CRASH.", TEXTS[2]]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"w{i}", "text": t}) + "\n"
                              for i, t in enumerate(texts)))
    summary = run_batch(corpus, tmp_path / "out", workers=1, window=1, gazetteer=gazetteer,
                        process=toy_process)
    assert (summary.analysed, summary.rejects) == (2, 1)
    (reject,) = [json.loads(x) for x in (tmp_path / "out" / "rejects.jsonl").read_text()
                 .splitlines()]
    assert reject["id"] == "w1" and "worker process died" in reject["reason"]
