"""Exports (GeoJSON, CSV, GeoPackage, GeoParquet), the HTML report page, the PNG and the
map/report commands, from hand-written contract dicts."""

from __future__ import annotations

import copy
import csv
import json
import os
from pathlib import Path

import pytest

from geo_events import export, htmlreport
from geo_events.exceptions import RenderError

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def report() -> dict:
    return json.loads((DATA / "map_report.json").read_text("utf-8"))


def test_geojson_is_rfc7946_lon_lat(report):
    gj = export.to_geojson(report)
    assert gj["type"] == "FeatureCollection" and "crs" not in gj
    layers = [f["properties"]["layer"] for f in gj["features"]]
    assert layers == ["place"] * 3 + ["event"] * 4 + ["claim"] * 2
    heet = next(f for f in gj["features"] if f["properties"].get("place_id") == "geonames:95788")
    assert heet["geometry"] == {"type": "Point", "coordinates": [42.82768, 33.63664]}
    assert heet["properties"]["mentions"] == 2
    unlocated = [f for f in gj["features"] if f["properties"]["layer"] == "event"
                 and f["geometry"] is None]
    assert len(unlocated) == 1
    claim = next(f for f in gj["features"] if f["properties"]["layer"] == "claim")
    assert claim["geometry"] == {"type": "LineString",
                                 "coordinates": [[44.40088, 33.34058], [42.82768, 33.63664]]}
    assert claim["properties"]["verdict"] == "consistent"
    assert claim["properties"]["measured_km"] == 147.7
    estimated = gj["features"][-1]["properties"]
    assert estimated["target_estimated"] is True and estimated["estimate_radius_km"] == 5.0


def test_write_geojson_round_trips(report, tmp_path):
    path = export.write_geojson(report, tmp_path / "r.geojson")
    assert json.loads(path.read_text("utf-8")) == export.to_geojson(report)


@pytest.mark.parametrize("table,rows,first_col", [
    ("events", 4, "document_id"), ("claims", 2, "document_id"), ("places", 3, "document_id")])
def test_csv_tables(report, tmp_path, table, rows, first_col):
    path = export.write_csv(report, tmp_path / f"{table}.csv", table=table)
    with path.open(encoding="utf-8", newline="") as fh:
        got = list(csv.DictReader(fh))
    assert len(got) == rows
    assert list(got[0])[0] == first_col
    assert list(got[0]) == list(export.TABLES[table][1])


def test_csv_defuses_spreadsheet_formulas(report, tmp_path):
    rep = copy.deepcopy(report)
    rep["events"][0]["sentence"] = "=HYPERLINK(\"http://x\")"
    rep["events"][0]["actor1"] = "@SUM(A1)"
    path = export.write_csv(rep, tmp_path / "e.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["actor1"].startswith("'"))
    assert row["actor1"] == "'@SUM(A1)" and row["sentence"].startswith("'=")


def test_unknown_table_is_an_error(report, tmp_path):
    with pytest.raises(RenderError, match="unknown table"):
        export.write_csv(report, tmp_path / "x.csv", table="nope")
    assert list(tmp_path.iterdir()) == []


def test_geopackage_and_geoparquet(report, tmp_path):
    import geopandas as gpd
    import pyogrio

    gpkg = export.write_geopackage([report, report], tmp_path / "r.gpkg")
    layers = {name: kind for name, kind in pyogrio.list_layers(gpkg)}
    assert layers == {"places": "Point", "events": "Point", "claims": "LineString"}
    events = gpd.read_file(gpkg, layer="events")
    assert len(events) == 8 and events.crs.to_epsg() == 4326
    pq = export.write_geoparquet(report, tmp_path / "c.parquet", table="claims")
    claims = gpd.read_parquet(pq)
    assert list(claims["verdict"]) == ["consistent", "unverifiable"]
    assert claims.geometry.iloc[0].coords[0] == (44.40088, 33.34058)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.parquet", "r.gpkg"]


def test_report_page_escapes_and_lists_everything(report):
    rep = copy.deepcopy(report)
    rep["document"]["title"] = "<script>alert(1)</script>"
    rep["events"][0]["sentence"] = "<img src=x onerror=alert(2)>"
    page = htmlreport.render_report_page(rep)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;&#x2F;script&gt;" in page
    assert "Spatial claims (2: 1 consistent, 1 unverifiable)" in page
    assert "Events (4)" in page and "Places (3)" in page
    assert "147.7 km 284.6° WNW" in page
    assert htmlreport.render_report_page(rep) == page


def test_report_page_golden(report):
    path = GOLDEN / "report_page.html"
    got = htmlreport.render_report_page(report)
    if os.environ.get("GEO_EVENTS_UPDATE_GOLDEN") == "1":
        path.write_text(got, "utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; create it with GEO_EVENTS_UPDATE_GOLDEN=1")
    assert got == path.read_text("utf-8")


def test_offline_report_page(report, gazetteer):
    page = htmlreport.render_report_page(report, offline=True, gazetteer=gazetteer)
    assert "<script src=" not in page and "geoEvents.render(" in page


def test_png_is_a_deterministic_image(report, gazetteer, tmp_path):
    from geo_events import static

    path = static.render_png(report, tmp_path / "m.png", gazetteer=gazetteer, dpi=60)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert static.png_bytes(report, gazetteer=gazetteer, dpi=60) == data


@pytest.mark.parametrize("command", ["map", "report"])
def test_commands_render_a_report_json(report, tmp_path, command, capsys):
    from geo_events.cli import main

    src = tmp_path / "r.json"
    src.write_text(json.dumps(report), "utf-8")
    out = tmp_path / "o" / f"{command}.html"
    args = [command, str(src), "-o", str(out)]
    if command == "map":
        args += ["--geojson", "--png", "--offline"]
    assert main(args) == 0
    printed = capsys.readouterr().out.split()
    assert printed[0] == str(out)
    assert "geoEvents.render(" in out.read_text("utf-8")
    if command == "map":
        assert json.loads(out.with_suffix(".geojson").read_text())["type"] == "FeatureCollection"
        assert out.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"
        assert "<script src=" not in out.read_text("utf-8")
        assert printed == [str(out), str(out.with_suffix(".png")), str(out.with_suffix(".geojson"))]


def test_map_command_rejects_a_non_html_output(report, tmp_path, capsys):
    from geo_events.cli import main

    src = tmp_path / "r.json"
    src.write_text(json.dumps(report), "utf-8")
    assert main(["map", str(src), "-o", str(tmp_path / "m.png")]) == 2
    assert "should end in .html" in capsys.readouterr().err
    assert not (tmp_path / "m.png").exists()
