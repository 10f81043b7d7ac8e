"""Map rendering from contract dicts: escaping, determinism, offline pages, claims geometry,
fast path, embeds and golden pages. Browser behaviour is in test_browser.py."""

from __future__ import annotations

import copy
import html
import json
import os
import re
from pathlib import Path

import pytest

from geo_events import assets, maps
from geo_events.exceptions import RenderError

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
HOSTILE = json.loads((DATA / "hostile_strings.json").read_text("utf-8"))
UPDATE = os.environ.get("GEO_EVENTS_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def report() -> dict:
    return json.loads((DATA / "map_report.json").read_text("utf-8"))


def _payload(page: str) -> dict:
    """The JSON handed to the page's script."""
    start = page.index("geoEvents.render(") + len("geoEvents.render(")
    start = page.index(",", start) + 1
    end = page.rindex(");")
    return json.loads(page[start:end])


# ------------------------------------------------------------------ input


class _FakeReport:
    def __init__(self, data):
        self.data = data

    def to_dict(self):
        return self.data


def test_report_dicts_accepts_reports_dicts_and_iterables(report):
    assert maps.report_dicts(report) == [report]
    assert maps.report_dicts(_FakeReport(report)) == [report]
    assert maps.report_dicts([report, _FakeReport(report)]) == [report, report]
    assert maps.report_dicts(iter([report])) == [report]


@pytest.mark.parametrize("bad", ["text", b"bytes", 3, {"schema": "x"}, None],
                         ids=["str", "bytes", "int", "dict-without-lists", "none"])
def test_report_dicts_rejects_non_reports(bad):
    with pytest.raises(RenderError):
        maps.report_dicts(bad)


# ------------------------------------------------------------------ layers


def test_layers_from_the_sample_report(report):
    data = maps.map_data(report)
    assert [p["tooltip"] for p in data["places"]] == ["Hīt", "Baghdad", "Al Asad Air Base"]  # by id
    assert {p["kind"] for p in data["places"]} == {"city", "airbase"}
    assert len(data["events"]) == 3  # the event without coordinates is not drawn
    assert [e["color"] for e in data["events"]] == [
        maps.EVENT_COLORS["Strategic developments"],  # no date sorts first
        maps.EVENT_COLORS["Explosions/Remote violence"],
        maps.EVENT_COLORS["Battles"]]
    radii = [e["radius"] for e in data["events"]]
    assert radii[0] < radii[1] < radii[2]  # none < 3 < 12 fatalities
    first, second = data["claims"]
    assert first["label"] == "stated 140 km W · measured 147.7 km WNW"
    assert first["color"] == maps.VERDICT_COLORS["consistent"]
    assert second["label"] == "stated 20 km N · not measured"
    assert second["circle"] == {"lat": 33.81651, "lon": 42.82768, "radius_m": 5000}
    assert data["fast"] is None
    (s, w), (n, e) = data["bounds"]
    assert s <= 33.34058 < 33.81651 <= n and w <= 42.4412 < 44.40088 <= e


def test_claim_line_is_geodesic_from_reference_to_target(report):
    from pyproj import Geod

    line = maps.map_data(report)["claims"][0]["line"]
    assert line[0] == [33.34058, 44.40088] and line[-1] == [33.63664, 42.82768]
    geod = Geod(ellps="WGS84")
    total = sum(geod.inv(a[1], a[0], b[1], b[0])[2] for a, b in zip(line, line[1:]))
    direct = geod.inv(44.40088, 33.34058, 42.82768, 33.63664)[2]
    assert total == pytest.approx(direct, abs=20)  # metres: the polyline follows the geodesic


def test_direction_wedge_spans_the_stated_sector_and_band(report):
    from pyproj import Geod

    wedge = maps.map_data(report)["claims"][0]["wedge"]
    geod = Geod(ellps="WGS84")
    az, _, dist = geod.inv([44.40088] * len(wedge), [33.34058] * len(wedge),
                           [p[1] for p in wedge], [p[0] for p in wedge])
    km = [d / 1000 for d in dist]
    assert min(km) == pytest.approx(140 - 21, abs=0.5)  # tolerance distance_km = 21
    assert max(km) == pytest.approx(140 + 21, abs=0.5)
    bearings = [(a + 360) % 360 for a in az]
    assert min(bearings) == pytest.approx(270 - 45, abs=0.5)
    assert max(bearings) == pytest.approx(270 + 45, abs=0.5)


def test_fast_path_above_the_threshold(report):
    data = maps.map_data(report, fast_threshold=2)
    assert data["events"] == []
    fast = data["fast"]
    assert len(fast["rows"]) == 3
    row = fast["rows"][1]
    assert fast["strings"][row[6]] == "An airstrike hit a convoy near Ain al-Asad."
    assert fast["types"][row[2]] == ["Explosions/Remote violence", "#ff7f0e"]
    assert row[3] == 3 and fast["strings"][row[7]] == "Coalition forces"


def test_areas_for_mentioned_countries(gazetteer, report):
    iraq = gazetteer.search("Iraq", feature="A")[0].place.to_dict()
    rep = copy.deepcopy(report)
    rep["places"].append({"text": "Iraq", "start": 900, "end": 904, "status": "resolved",
                          "score": 1.0, "reason": None, "place": iraq})
    areas = maps.map_data(rep, gazetteer=gazetteer)["areas"]
    assert [a["tooltip"] for a in areas] == [html.escape(iraq["name"])]
    assert areas[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


# ------------------------------------------------------------------ escaping


@pytest.mark.parametrize("case", HOSTILE, ids=[c["id"] for c in HOSTILE])
def test_script_json_cannot_break_out(case):
    text = assets.script_json({"s": case["text"], "nested": [{"t": case["text"]}]})
    assert json.loads(text) == {"s": case["text"], "nested": [{"t": case["text"]}]}
    for forbidden in ("<", ">", "&", "\u2028", "\u2029", "{{", "{%", "{#", "//"):
        assert forbidden not in text


@pytest.mark.parametrize("case", HOSTILE, ids=[c["id"] for c in HOSTILE])
def test_esc_leaves_no_markup(case):
    out = maps.esc(case["text"])
    assert not set("<>\"'`") & set(out)
    assert html.unescape(out) == case["text"]


def _hostile(report: dict, text: str) -> dict:
    rep = copy.deepcopy(report)
    rep["document"]["title"] = text
    for m in rep["places"]:
        m["text"] = text
        if m["place"]:
            m["place"]["name"] = text
    for c in rep["claims"]:
        c["text"] = c["explanation"] = c["verdict"] = text
    for e in rep["events"]:
        e["sentence"] = e["actor1"] = e["event_type"] = e["date"] = text
    return rep


@pytest.mark.parametrize("case", [c for c in HOSTILE if re.search(r"[<`{]", c["text"])],
                         ids=lambda c: c["id"])
def test_hostile_document_strings_never_reach_the_page_raw(report, case):
    page = maps.render_html(_hostile(report, case["text"]))
    assert case["text"] not in page
    assert "49" not in re.sub(r"[\d.]{3,}", "", page.split("geoEvents.render(")[-1])
    data = _payload(page)
    assert html.unescape(data["events"][0]["popup"]).count(case["text"]) >= 1


def test_jinja_syntax_in_a_title_is_not_evaluated(report):
    rep = _hostile(report, "{{ 7*7 }} {% if true %}yes{% endif %}")
    data = _payload(maps.render_html(rep))
    assert "{{ 7*7 }}" in html.unescape(data["places"][0]["popup"])


# ------------------------------------------------------------------ determinism / offline


def test_same_input_same_bytes_whatever_the_order(report):
    first = maps.render_html(report)
    shuffled = copy.deepcopy(report)
    for key in ("places", "claims", "events"):
        shuffled[key] = list(reversed(shuffled[key]))
    assert maps.render_html(shuffled) == first
    assert not re.search(r"_[0-9a-f]{32}\b", first)  # no folium random ids left


def test_online_page_loads_only_leaflet_and_jquery(report):
    page = maps.render_html(report)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
    assert scripts == [maps.LEAFLET_CDN + "leaflet.js", maps.JQUERY_CDN]
    assert styles == [maps.LEAFLET_CDN + "leaflet.css"]
    assert "font-awesome" not in page and "bootstrap" not in page


def test_offline_page_is_self_contained(report, gazetteer):
    page = maps.render_html(report, offline=True, gazetteer=gazetteer)
    assert assets.check_offline(page) == page
    assert "<script src=" not in page and "<link rel=\"stylesheet\"" not in page
    assert "L.Icon.Default.mergeOptions" in page and "data:image/png;base64," in page
    assert len(_payload(page)["basemap"]["features"]) > 50
    assert maps.render_html(report, offline=True, gazetteer=gazetteer) == page


@pytest.mark.parametrize("snippet", [
    '<script src="https://cdn.example/x.js"></script>',
    "<link rel=stylesheet href=//cdn.example/x.css>",
    "<style>a{background:url( 'https://t.example/a.png')}</style>",
    "<style>@import 'http://x.example/y.css';</style>",
    '<img src="http://tiles.example/1/2/3.png">',
    "L.tileLayer('https://{s}.tile.example/{z}/{x}/{y}.png')",
], ids=["script", "protocol-relative-css", "css-url", "css-import", "img", "tiles-in-js"])
def test_check_offline_fails_loudly(snippet):
    with pytest.raises(RenderError, match="network"):
        assets.check_offline(f"<html><body>{snippet}</body></html>")


def test_leaflet_assets_come_from_xstatic():
    assert "1.9.3" in assets.leaflet_js()[:300]
    assert "url(images/" not in assets.leaflet_css()
    assert "</script" not in assets.leaflet_js().lower()


# ------------------------------------------------------------------ files and embeds


def test_save_map_is_atomic(report, tmp_path):
    out = maps.save_map(report, tmp_path / "sub" / "m.html")
    assert out.read_text("utf-8") == maps.render_html(report)
    assert sorted(p.name for p in out.parent.iterdir()) == ["m.html"]
    with pytest.raises(RenderError):
        maps.save_map(report, tmp_path / "sub")  # a directory is not a file
    assert sorted(p.name for p in out.parent.iterdir()) == ["m.html"]


def test_build_map_returns_an_extensible_folium_map(report):
    import folium

    m = maps.build_map(report)
    assert isinstance(m, folium.Map)
    folium.CircleMarker([33.0, 44.0], radius=3).add_to(m)
    assert "L.circleMarker" in m.get_root().render()


def test_embed_iframe_holds_the_offline_page(report, gazetteer):
    frag = maps.embed_iframe(report, gazetteer=gazetteer)
    m = re.fullmatch(r'<iframe srcdoc="([^"]*)" (.*)></iframe>', frag, re.S)
    assert m, frag[:200]
    assert html.unescape(m.group(1)) == maps.render_html(report, offline=True,
                                                         gazetteer=gazetteer)
    assert 'sandbox="allow-scripts"' in m.group(2)  # no same-origin: the page cannot reach the host


def test_embed_fragment_shares_one_header_and_no_page_css(report, gazetteer):
    frag = maps.embed_fragment([report, report], gazetteer=gazetteer, id_prefix="x\"y")
    assert frag.count("geoEvents.render(") == 2
    assert frag.count("leaflet.js") == 0 and frag.count("L.Icon.Default.mergeOptions") == 1
    assert 'id="xy-0"' in frag and 'id="xy-1"' in frag
    assert "html, body" not in frag and "body{" not in frag.replace(".leaflet", "")
    assets.check_offline(frag)


# ------------------------------------------------------------------ golden pages


def _normalise(page: str) -> str:
    lines = [line.rstrip() for line in page.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


@pytest.mark.parametrize("name,render", [
    ("map_report.html", lambda r: maps.render_html(r)),
    ("map_report_fast.html", lambda r: maps.render_html(r, fast_threshold=0)),
], ids=["map", "map-fast"])
def test_golden_pages(report, name, render):
    path = GOLDEN / name
    got = _normalise(render(report))
    if UPDATE:
        path.write_text(got, "utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; review the output and create it with "
                    "GEO_EVENTS_UPDATE_GOLDEN=1")
    assert got == path.read_text("utf-8"), (
        f"{name} changed; if intended, rerun with GEO_EVENTS_UPDATE_GOLDEN=1 and review the diff")


def test_urls_in_document_text_do_not_fail_the_offline_check(report, gazetteer):
    rep = copy.deepcopy(report)
    rep["events"][0]["sentence"] = "Source: https://news.example/a?b=1 and //cdn.example/x.js"
    rep["document"]["title"] = "see http://x.example/"
    page = maps.render_html(rep, offline=True, gazetteer=gazetteer)
    popups = [html.unescape(e["popup"]) for e in _payload(page)["events"]]
    assert any("https://news.example/a?b=1" in p for p in popups)


@pytest.mark.parametrize("obj,expected", [
    ({"lat": 33.5, "lon": 44.0}, (33.5, 44.0)),
    ({"lat": "33.5", "lon": "44"}, (33.5, 44.0)),
    ({"lat": 10.0, "lon": 190.0}, (10.0, -170.0)),
    ({"lat": 10.0, "lon": 180.0}, (10.0, 180.0)),
    ({"lat": 10.0, "lon": -180.0}, (10.0, -180.0)),
    ({"lat": 91.0, "lon": 0.0}, None),
    ({"lat": float("nan"), "lon": 0.0}, None),
    ({"lat": 0.0, "lon": float("inf")}, None),
    ({"lat": None, "lon": 1.0}, None),
    ({"lat": "x", "lon": 1.0}, None),
    (None, None),
], ids=["plain", "strings", "wrap-east", "antimeridian", "west-edge", "lat-out", "nan", "inf",
        "none", "text", "no-object"])
def test_latlon_converter(obj, expected):
    assert maps.latlon(obj) == expected


def test_wedge_follows_the_verifier_tolerance(report):
    from pyproj import Geod

    rep = copy.deepcopy(report)
    rep["claims"][0]["tolerance"] = {"model": "point-radius", "low_km": 103.0, "high_km": 177.0,
                                     "direction_deg": 22.5, "angular_extent_deg": 8.5}
    wedge = maps.map_data(rep)["claims"][0]["wedge"]
    geod = Geod(ellps="WGS84")
    az, _, dist = geod.inv([44.40088] * len(wedge), [33.34058] * len(wedge),
                           [p[1] for p in wedge], [p[0] for p in wedge])
    assert min(dist) / 1000 == pytest.approx(103.0, abs=0.5)
    assert max(dist) / 1000 == pytest.approx(177.0, abs=0.5)
    assert max((a + 360) % 360 for a in az) == pytest.approx(270 + 31.0, abs=0.5)
