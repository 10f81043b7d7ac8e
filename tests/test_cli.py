"""The command line end to end: contract JSON, exit codes, one-line errors."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from geo_events.cli import main

WRONG = "Mosul, 50 km north of Baghdad, was quiet on Monday."
RIGHT = "Heet, 140km west of Baghdad, was retaken by Iraqi forces on Saturday."


def run(argv, capsys, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_help():
    out = subprocess.run([sys.executable, "-m", "geo_events", "--version"], capture_output=True,
                         text=True, check=True).stdout
    assert out.startswith("geo-events ")
    res = subprocess.run([sys.executable, "-m", "geo_events", "--help"], capture_output=True,
                         text=True, check=True)
    for command in ("demo", "analyze", "places", "verify", "events", "map", "gazetteer"):
        assert command in res.stdout


def test_no_command_is_a_usage_error(capsys):
    assert main([]) == 2


def test_places_json_follows_the_contract(tmp_path, capsys, gazetteer):
    path = tmp_path / "a.txt"
    path.write_text(RIGHT, encoding="utf-8")
    code, out, _ = run(["places", str(path), "--json"], capsys)
    data = json.loads(out)
    assert code == 0 and set(data) == {"schema", "document", "places"}
    assert data["document"]["chars"] == len(RIGHT)
    heet = next(m for m in data["places"] if m["text"] == "Heet")
    assert RIGHT[heet["start"]:heet["end"]] == "Heet"
    assert heet["status"] == "resolved" and heet["place"]["country_code"] == "IQ"


def test_analyze_from_stdin_with_published_date(capsys, monkeypatch, gazetteer):
    code, out, _ = run(["analyze", "-", "--json", "--published", "2016-04-10"], capsys,
                       stdin=RIGHT, monkeypatch=monkeypatch)
    data = json.loads(out)
    assert code == 0
    assert data["schema"] == "geo-events/report@1"
    assert set(data) == {"schema", "document", "places", "claims", "events"}
    assert data["document"]["published"] == "2016-04-10"
    (claim,) = [c for c in data["claims"] if c["kind"] == "distance_direction"]
    assert claim["verdict"] == "consistent"


@pytest.mark.parametrize("strict, expected", [(False, 0), (True, 1)], ids=["lenient", "strict"])
def test_strict_fails_on_an_inconsistent_claim(strict, expected, tmp_path, capsys, gazetteer):
    path = tmp_path / "wrong.txt"
    path.write_text(WRONG, encoding="utf-8")
    argv = ["analyze", str(path), "--json"] + (["--strict"] if strict else [])
    code, out, _ = run(argv, capsys)
    assert code == expected
    assert any(c["verdict"] == "inconsistent" for c in json.loads(out)["claims"])


@pytest.mark.parametrize("content, message", [
    (b"", "empty input"),
    (b"\x00\x01\x02binary\x00", "binary"),
], ids=["empty", "binary"])
def test_bad_input_exits_2_with_one_line(content, message, tmp_path, capsys):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run(["analyze", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_bad_date_exits_2(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_text(RIGHT, encoding="utf-8")
    code, _, err = run(["places", str(path), "--published", "last Tuesday"], capsys)
    assert code == 2 and "YYYY-MM-DD" in err


def test_demo_writes_a_map_and_prints_the_table(tmp_path, capsys, gazetteer):
    out_file = tmp_path / "demo.html"
    code, out, _ = run(["demo", "-o", str(out_file)], capsys)
    assert code == 0 and out_file.stat().st_size > 10_000
    assert "140" in out and "consistent" in out
    page = out_file.read_text("utf-8")
    assert "L.map" in page and "https://cdn" not in page  # self-contained by default
