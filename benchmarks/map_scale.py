"""Map scale: 1k / 10k / 100k synthetic events -> build time, HTML size and time until
headless Chromium has drawn them, for geo-events' map (fast path above 1000 events) beside
a plain ``folium.Marker`` + popup loop measured in the same run.

    python benchmarks/map_scale.py [--sizes 1000,10000,100000] [--no-browser]

Both pages are made self-contained (Leaflet inlined) so they draw with the network blocked.
The baseline at a size is skipped when its estimate (10x the previous size) exceeds 3 minutes.
Targets at 100k: <= 5 s build, <= 15 MB, <= 6 s until drawn. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
BASELINE_LIMIT_S = 180.0
TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
         "Riots", "Strategic developments"]
ACTORS = ["Iraqi security forces", "Islamic State", "Popular Mobilization Forces",
          "Coalition forces", "Protesters", "Unidentified armed group"]


def synthetic_report(n: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    events = []
    for i in range(n):
        lat, lon = rng.uniform(29.5, 37.0), rng.uniform(39.0, 48.5)
        fat = rng.choice([None, 0, 1, 2, 3, 5, 8, 13, 40])
        events.append({
            "event_type": rng.choice(TYPES), "sub_event_type": None, "trigger": "clashes",
            "start": i * 10, "end": i * 10 + 7,
            "sentence": f"Clashes near village {i} left {fat or 0} dead, officials said.",
            "location": {"text": f"village {i}", "place": None, "lat": round(lat, 5),
                         "lon": round(lon, 5), "geo_precision": 2},
            "date": f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "time_precision": 1, "actor1": rng.choice(ACTORS), "actor2": rng.choice(ACTORS),
            "fatalities": fat, "wounded": None, "attacks": None, "displaced": None})
    return {"schema": "geo-events/report@1",
            "document": {"id": f"synthetic-{n}", "title": None, "published": None, "chars": 0},
            "places": [], "claims": [], "events": events}


def build_ours(report: dict, path: Path, gazetteer) -> tuple[float, int]:
    from geo_events import maps

    t0 = time.perf_counter()
    maps.save_map(report, path, offline=True, gazetteer=gazetteer)
    return time.perf_counter() - t0, path.stat().st_size


def build_baseline(report: dict, path: Path) -> tuple[float, int]:
    """The naive folium way: one Marker with a Popup per event (assets inlined to draw offline)."""
    import folium
    from branca.element import Element

    from geo_events import assets

    t0 = time.perf_counter()
    m = folium.Map(location=[33.3, 43.7], zoom_start=6, tiles=None)
    m.default_js, m.default_css = [], []
    m.get_root().header.add_child(Element(assets.inline_header()), name="inline")
    for ev in report["events"]:
        loc = ev["location"]
        folium.Marker([loc["lat"], loc["lon"]],
                      popup=folium.Popup(f"{ev['event_type']}: {ev['sentence']}"),
                      tooltip=ev["event_type"]).add_to(m)
    m.save(str(path))
    return time.perf_counter() - t0, path.stat().st_size


def draw_time(browser, path: Path, ours: bool, n: int) -> float:
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.route("**/*", lambda r: r.abort() if r.request.url.startswith("http") else
               r.continue_())
    try:
        t0 = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=600_000)
        if ours:
            page.wait_for_function("(window.geoEventsDrawn || 0) >= 1", timeout=600_000)
        else:
            page.wait_for_function(
                f"document.querySelectorAll('.leaflet-marker-pane > *').length >= {n}",
                timeout=600_000, polling=500)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                          "requestAnimationFrame(r)))")
        return time.perf_counter() - t0
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    from geo_events.gazetteer import Gazetteer

    gazetteer = Gazetteer.open()
    # warm caches that are not part of a per-map cost (imports, inlined assets, basemap)
    with tempfile.TemporaryDirectory() as tmp:
        build_ours(synthetic_report(10), Path(tmp) / "warm.html", gazetteer)

    browser = pw = None
    if not args.no_browser and os.path.exists(CHROMIUM):
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu",
                                           "--disable-background-networking"])
    results = []
    last_baseline_total: float | None = None
    last_n = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for n in sizes:
                report = synthetic_report(n)
                row: dict = {"events": n}
                p = Path(tmp) / f"ours-{n}.html"
                row["build_s"], size = build_ours(report, p, gazetteer)
                row["html_mb"] = round(size / 1e6, 2)
                row["build_s"] = round(row["build_s"], 2)
                if browser:
                    row["draw_s"] = round(draw_time(browser, p, True, n), 2)
                p.unlink()
                if last_baseline_total is None and n > 10_000:  # probe with 1000 events
                    probe, _ = build_baseline(synthetic_report(1000), Path(tmp) / "probe.html")
                    last_baseline_total, last_n = probe * 2, 1000  # draw ~ build (MAPS_FACTS)
                estimate = (last_baseline_total * n / last_n
                            if last_baseline_total is not None and last_n else None)
                if estimate is not None and estimate > BASELINE_LIMIT_S:
                    row["baseline"] = (f"skipped: estimated {estimate:.0f} s "
                                       f"(> {BASELINE_LIMIT_S:.0f} s)")
                else:
                    b = Path(tmp) / f"base-{n}.html"
                    bt, bsize = build_baseline(report, b)
                    row["baseline_build_s"] = round(bt, 2)
                    row["baseline_html_mb"] = round(bsize / 1e6, 2)
                    total = bt
                    if browser:
                        bd = draw_time(browser, b, False, n)
                        row["baseline_draw_s"] = round(bd, 2)
                        total += bd
                    b.unlink()
                    row["build_speedup"] = round(bt / max(row["build_s"], 1e-6), 1)
                    row["size_ratio"] = round(bsize / max(size, 1), 1)
                    if browser:
                        row["draw_speedup"] = round(row["baseline_draw_s"]
                                                    / max(row["draw_s"], 1e-6), 1)
                    last_baseline_total, last_n = total, n
                results.append(row)
                print(json.dumps(row), file=sys.stderr)
    finally:
        if browser:
            browser.close()
        if pw:
            pw.stop()
    big = next((r for r in results if r["events"] == 100_000), None)
    targets = None
    if big:
        targets = {"build_le_5s": big["build_s"] <= 5.0, "html_le_15mb": big["html_mb"] <= 15.0,
                   "draw_le_6s": (big["draw_s"] <= 6.0) if "draw_s" in big else None}
    print(json.dumps({"benchmark": "map_scale", "offline": True, "results": results,
                      "targets_100k": targets}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
