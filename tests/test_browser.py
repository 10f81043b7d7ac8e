"""Maps in a real browser: headless Debian Chromium through Playwright, network blocked.

Skips with one line when Chromium or Playwright is missing, except under CI=true where a
missing browser is a failure (CI must run these)."""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import pytest

from geo_events import maps

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
HOSTILE = json.loads((DATA / "hostile_strings.json").read_text("utf-8"))


def _missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        return f"{CHROMIUM} not found (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright for Python is not installed (pip install playwright)"
    return None


MISSING = _missing()
if MISSING and os.environ.get("CI") != "true":  # one skip line for the whole module
    pytest.skip(f"browser tests skipped: {MISSING}", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    if MISSING:  # under CI=true a missing browser fails instead
        pytest.fail(f"browser tests cannot run under CI: {MISSING}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page with the network blocked and every dialog, page error and console error kept."""

    def __init__(self, browser, tmp_path: Path):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.tmp_path = tmp_path
        self.page = browser.new_page(viewport={"width": 1000, "height": 700})
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.page.on("console", lambda msg: msg.type == "error"
                     and self.errors.append(f"console: {msg.text}"))

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http://", "https://")):
            self.requests.append(url)
            route.abort()
        else:
            route.continue_()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, text: str, name: str = "page.html", drawn: int = 1):
        path = self.tmp_path / name
        path.write_text(text, "utf-8")
        self.page.goto(path.as_uri())
        self.page.wait_for_function(f"(window.geoEventsDrawn || 0) >= {drawn}", timeout=15000)
        return self.page

    def assert_clean(self):
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors
        assert self.requests == [], self.requests


@pytest.fixture
def watched(browser, tmp_path):
    w = Watched(browser, tmp_path)
    yield w
    w.page.close()


@pytest.fixture(scope="module")
def report():
    return json.loads((DATA / "map_report.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def offline_page(report, gazetteer):
    return maps.render_html(report, offline=True, gazetteer=gazetteer)


def _open_popup_text(page, locator) -> str:
    page.evaluate("() => { for (const k of Object.keys(window)) { const m = window[k];"
                  " if (m && m.closePopup && m.getPane) m.closePopup(); } }")
    page.wait_for_selector(".leaflet-popup", state="detached")
    locator.dispatch_event("click")
    page.wait_for_selector(".leaflet-popup-content")
    return page.inner_text(".leaflet-popup-content")


def test_offline_map_draws_everything_with_network_blocked(watched, offline_page):
    page = watched.open(offline_page)
    # three distinct places (Heet twice), as inline-SVG DivIcons
    assert page.locator(".leaflet-marker-pane > *").count() == 3
    # 3 located events + claim 1 (line, wedge) + claim 2 (line, wedge, estimate circle)
    assert page.locator("path.ge-event").count() == 3
    assert page.locator("path.ge-claim").count() == 2
    assert page.locator("path.ge-claim-wedge").count() == 2
    assert page.locator("path.ge-claim-estimate").count() == 1
    assert page.locator("path.leaflet-interactive").count() == 8
    assert "stated 140 km W · measured 147.7 km WNW" in page.inner_text(".leaflet-tooltip-pane")
    assert page.locator(".ge-legend").count() == 1
    assert page.locator(".leaflet-control-scale").count() == 1
    assert "GeoNames (CC BY 4.0)" in page.inner_text(".leaflet-control-attribution")
    # the vector basemap is drawn (countries), since tiles cannot load
    assert page.locator(".leaflet-geBasemap-pane path").count() > 5
    watched.assert_clean()


def test_clicking_events_opens_their_popups(watched, offline_page):
    page = watched.open(offline_page)
    texts = [_open_popup_text(page, page.locator("path.ge-event").nth(i)) for i in range(3)]
    by_sentence = {next(s for s in ("airstrike", "Clashes", "families") if s in t): t
                   for t in texts}
    assert set(by_sentence) == {"airstrike", "Clashes", "families"}
    assert "Fatalities: 3" in by_sentence["airstrike"]
    assert "Coalition forces" in by_sentence["airstrike"]
    assert "2016-04-08" in by_sentence["airstrike"]
    assert "Iraqi security forces vs Islamic State" in by_sentence["Clashes"]
    assert "Displaced: 5000" in by_sentence["families"]
    watched.assert_clean()


def _hostile_report(report: dict, text: str) -> dict:
    """The sample report with every document string replaced by ``text``."""
    rep = copy.deepcopy(report)
    rep["document"]["title"] = text
    rep["document"]["id"] = text
    for m in rep["places"]:
        m["text"] = text
        if m["place"]:
            m["place"]["name"] = text + m["place"]["name"]
            m["place"]["admin1"] = text
            m["place"]["kind"] = text
    for c in rep["claims"]:
        c["text"] = c["explanation"] = text
        c["target"]["text"] = c["reference"]["text"] = text
        c["stated"]["direction"] = text
        c["verdict"] = text
    for e in rep["events"]:
        for k in ("sentence", "actor1", "actor2", "sub_event_type", "date"):
            e[k] = text
        e["event_type"] = text
        e["location"]["text"] = text
    return rep


def _hostile_corpus_report(report: dict) -> dict:
    """One report carrying every hostile string, each in its own places, claims and events
    (shifted apart so each can be clicked), and all of them in the title."""
    texts = [case["text"] for case in HOSTILE]
    rep = _hostile_report(report, " | ".join(texts))
    rep["places"], rep["claims"], rep["events"] = [], [], []
    for i, text in enumerate(texts):
        one = _hostile_report(report, text)
        for m in one["places"]:
            if m["place"]:
                m["place"]["id"] = f"{m['place']['id']}-{i}"
                m["place"]["lat"] += i * 0.05
        for e in one["events"]:
            if e["location"]["lat"] is not None:
                e["location"]["lat"] += i * 0.05
        rep["places"] += one["places"]
        rep["claims"] += one["claims"]
        rep["events"] += one["events"]
    return rep


@pytest.mark.parametrize("fast_threshold", [1000, 0], ids=["python-escaped", "js-escaped"])
def test_hostile_strings_stay_text(watched, report, gazetteer, fast_threshold):
    rep = _hostile_corpus_report(report)
    page = watched.open(maps.render_html(rep, offline=True, gazetteer=gazetteer,
                                         fast_threshold=fast_threshold))
    assert page.locator("#injected").count() == 0
    assert page.locator("iframe, img, svg[onload]").count() == 0
    assert page.locator(".leaflet-marker-pane > *").count() == 3 * len(HOSTILE)
    assert page.title().startswith("<script>alert(1)</script>")
    # open a popup of each kind: the strings arrive as text, not markup
    for selector in (".leaflet-marker-pane > *", "path.ge-claim", "path.ge-event"):
        items = page.locator(selector)
        for i in range(0, items.count(), 9):
            text = _open_popup_text(page, items.nth(i))
            assert text.strip()
    assert page.locator("#injected").count() == 0
    watched.assert_clean()


def test_popup_shows_hostile_text_literally(watched, report, gazetteer):
    text = "<b id=injected>x</b> \"q\" 'a' `b` </script> Mosul"
    page = watched.open(maps.render_html(_hostile_report(report, text), offline=True,
                                         gazetteer=gazetteer))
    popup = _open_popup_text(page, page.locator("path.ge-event").first)
    assert text in popup
    assert page.locator("#injected").count() == 0
    watched.assert_clean()


def test_fast_path_popup_via_canvas_click(watched, report, gazetteer):
    page = watched.open(maps.render_html(report, offline=True, gazetteer=gazetteer,
                                         fast_threshold=0))
    assert page.locator("path.ge-event").count() == 0  # drawn on a canvas instead
    assert page.get_attribute("#map_ge00001", "data-ge-points") == "3"
    xy = page.evaluate("() => { const p = map_ge00001.latLngToContainerPoint([33.7856, 42.4412]);"
                       " const r = map_ge00001.getContainer().getBoundingClientRect();"
                       " return [r.left + p.x, r.top + p.y]; }")
    # the place icon sits on top of the event there: hide the marker pane, then click the canvas
    page.evaluate("() => { map_ge00001.getPane('markerPane').style.display = 'none'; }")
    page.mouse.click(*xy)
    page.wait_for_selector(".leaflet-popup-content")
    assert "An airstrike hit a convoy" in page.inner_text(".leaflet-popup-content")
    watched.assert_clean()


def test_fragment_renders_inside_a_host_page_without_restyling_it(watched, report, gazetteer):
    second = copy.deepcopy(report)
    second["events"] = second["events"][:1]
    frag = maps.embed_fragment([report, second], gazetteer=gazetteer)
    host = ("<!DOCTYPE html><html><head><meta charset='utf-8'><style>body{margin:7px;"
            "background:rgb(1, 2, 3)}</style></head><body><p id='host'>host text</p>"
            f"{frag}<p>after</p></body></html>")
    page = watched.open(host, drawn=2)
    assert page.locator(".ge-map").count() == 2
    assert page.locator("#ge-map-0 path.ge-event").count() == 3
    assert page.locator("#ge-map-1 path.ge-event").count() == 1
    assert page.locator("#ge-map-1 .leaflet-marker-pane > *").count() == 3
    style = page.evaluate("() => { const s = getComputedStyle(document.body);"
                          " return [s.margin, s.backgroundColor,"
                          " getComputedStyle(document.documentElement).height]; }")
    assert style[0] == "7px" and style[1] == "rgb(1, 2, 3)"
    assert style[2] != "700px"  # html{height:100%} of a full folium page did not leak in
    watched.assert_clean()


def test_iframe_embed_works_offline(watched, report, gazetteer):
    host = ("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
            f"{maps.embed_iframe(report, gazetteer=gazetteer)}</body></html>")
    path = watched.tmp_path / "iframe.html"
    path.write_text(host, "utf-8")
    watched.page.goto(path.as_uri())
    frame = watched.page.frame_locator("iframe")
    frame.locator("[data-ge-drawn]").wait_for(timeout=15000)
    assert frame.locator("path.ge-event").count() == 3
    assert frame.locator(".leaflet-marker-pane > *").count() == 3
    watched.assert_clean()
