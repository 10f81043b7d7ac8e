"""Event extraction evaluation on a JSONL of texts with gold events.

    python benchmarks/events_eval.py                          # tests/data/events.jsonl
    python benchmarks/events_eval.py --data gold.jsonl --errors /tmp/ev_errors.jsonl
    python benchmarks/events_eval.py --throughput ../shared/eval/geovirus.xml

Each line: ``{"id", "text", "published", "places": [names], "events": [{"event_type",
"sub_event_type", "location", "date", "fatalities", ...}], "absent": [{"location"}]}``
(``places`` is optional; gold ``lat``/``lon`` are optional, else the gold location name is
looked up in the gazetteer).

Two runs, side by side: ``hand`` builds each Document from the listed place names (the
extractor alone), ``end-to-end`` runs ``geoparse`` first (the whole pipeline). Each gold event
is aligned to at most one predicted event (same type and location within 25 km first, then
same type, then location alone). Scores over gold events: detected, type accuracy, sub type
accuracy, location within 25 km, date exact, fatalities exact (missed events count as wrong);
precision = aligned predictions / predictions; ``absent`` violations (an event at a place the
text only plans, denies or threatens) are counted. ``--throughput`` times extraction on the
texts of an evaluation corpus against geoparse on the same texts (ratio in the same run).
Prints a table and one JSON line at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO / "tests" / "data" / "events.jsonl"
WITHIN_KM = 25.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def hand_document(case: dict[str, Any], gaz: Any) -> Any:
    from geo_events.document import mark_places

    pub = case.get("published")
    return mark_places(case["text"], case.get("places") or [], gaz, strict=False,
                       published=dt.date.fromisoformat(pub) if pub else None)


def _gold_point(gold: dict[str, Any], gaz: Any, cache: dict[str, Any],
                places: list[str]) -> tuple[float, float] | None:
    if gold.get("lat") is not None and gold.get("lon") is not None:
        return float(gold["lat"]), float(gold["lon"])
    name = gold.get("location")
    if not name:
        return None
    cc = gold.get("country_code")
    if cc is None:  # the case's "Name@CC" places entry pins an ambiguous gold name
        cc = next((e.partition("@")[2] for e in places if e.partition("@")[0] == name), "")
    key = f"{name}|{cc}"
    if key not in cache:
        found = gaz.search(name, country=cc or None)
        cache[key] = (found[0].place.lat, found[0].place.lon) if found else None
    return cache[key]


def _pred_point(e: dict[str, Any]) -> tuple[float, float] | None:
    loc = e.get("location") or {}
    if loc.get("lat") is None or loc.get("lon") is None:
        return None
    return float(loc["lat"]), float(loc["lon"])


def _align(golds: list[dict[str, Any]], preds: list[dict[str, Any]], points: list[Any]
           ) -> list[int | None]:
    taken: set[int] = set()
    out: list[int | None] = [None] * len(golds)

    def near(gi: int, pi: int) -> bool:
        g, p = points[gi], _pred_point(preds[pi])
        return g is not None and p is not None and _km(g, p) <= WITHIN_KM

    for rule in ("type+place", "type", "place"):
        for gi, g in enumerate(golds):
            if out[gi] is not None:
                continue
            for pi, p in enumerate(preds):
                if pi in taken:
                    continue
                same_type = p["event_type"] == g["event_type"]
                ok = {"type+place": same_type and near(gi, pi), "type": same_type,
                      "place": near(gi, pi)}[rule]
                if ok:
                    out[gi] = pi
                    taken.add(pi)
                    break
    return out


def evaluate(cases: list[dict[str, Any]], gaz: Any, mode: str,
             errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    from geo_events.events import extract_events

    geoparse = None
    if mode == "end-to-end":
        from geo_events.geoparser import geoparse
    keys = ("detected", "type", "sub_type", "location_25km", "date", "fatalities")
    hits = dict.fromkeys(keys, 0)
    n_gold = n_pred = n_aligned = absent_bad = 0
    cache: dict[str, Any] = {}
    t0 = time.perf_counter()
    for case in cases:
        if geoparse is not None:
            doc = geoparse(case["text"], gazetteer=gaz, published=case.get("published"))
        else:
            doc = hand_document(case, gaz)
        preds = [e.to_dict() for e in extract_events(doc, (), gaz)]
        golds = case.get("events") or []
        points = [_gold_point(g, gaz, cache, case.get("places") or []) for g in golds]
        aligned = _align(golds, preds, points)
        n_gold += len(golds)
        n_pred += len(preds)
        n_aligned += sum(a is not None for a in aligned)
        for g, pi, gp in zip(golds, aligned, points):
            p = preds[pi] if pi is not None else None
            pp = _pred_point(p) if p else None
            got = {
                "detected": p is not None,
                "type": bool(p) and p["event_type"] == g["event_type"],
                "sub_type": bool(p) and p["sub_event_type"] == g.get("sub_event_type"),
                "location_25km": bool(p) and gp is not None and pp is not None
                and _km(gp, pp) <= WITHIN_KM,
                "date": bool(p) and p["date"] == g.get("date"),
                "fatalities": bool(p) and p["fatalities"] == g.get("fatalities"),
            }
            for k, v in got.items():
                hits[k] += bool(v)
            if errors is not None and not all(got.values()):
                errors.append({"mode": mode, "id": case.get("id"), "gold": g, "pred": p,
                               "wrong": [k for k, v in got.items() if not v]})
        for a in case.get("absent") or ():
            bad = [p for p in preds if (p.get("location") or {}).get("text") == a["location"]]
            absent_bad += bool(bad)
            if bad and errors is not None:
                errors.append({"mode": mode, "id": case.get("id"), "absent": a, "pred": bad})
        if errors is not None:
            for pi, p in enumerate(preds):
                if pi not in aligned:
                    errors.append({"mode": mode, "id": case.get("id"), "spurious": p})
    elapsed = time.perf_counter() - t0
    out = {k: round(v / n_gold, 4) if n_gold else None for k, v in hits.items()}
    out.update({"gold_events": n_gold, "predicted": n_pred,
                "precision": round(n_aligned / n_pred, 4) if n_pred else None,
                "absent_violations": absent_bad, "docs": len(cases),
                "seconds": round(elapsed, 3)})
    return out


def throughput(corpus: Path, gaz: Any, limit: int) -> dict[str, Any]:
    """extract_events time on real texts against geoparse time on the same texts."""
    from geo_events.events import extract_events
    from geo_events.geoparser import geoparse

    root = ET.parse(corpus).getroot()
    texts = [a.findtext("text") or "" for a in root.iter("article")][:limit]
    if texts:  # warm up (regex compilation, gazetteer caches) outside the timings
        extract_events(geoparse(texts[0], gazetteer=gaz), (), gaz)
    docs, t_parse = [], 0.0
    for t in texts:
        s = time.perf_counter()
        docs.append(geoparse(t, gazetteer=gaz))
        t_parse += time.perf_counter() - s
    s = time.perf_counter()
    n_events = sum(len(extract_events(d, (), gaz)) for d in docs)
    t_events = time.perf_counter() - s
    chars = sum(len(t) for t in texts)
    return {"corpus": corpus.name, "docs": len(texts), "events": n_events,
            "events_seconds": round(t_events, 3), "geoparse_seconds": round(t_parse, 3),
            "events_vs_geoparse": round(t_events / t_parse, 4) if t_parse else None,
            "events_chars_per_s": round(chars / t_events) if t_events else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="gold JSONL")
    ap.add_argument("--gazetteer", help="gazetteer index (default: the user cache)")
    ap.add_argument("--mode", choices=("both", "hand", "end-to-end"), default="both")
    ap.add_argument("--errors", type=Path, help="write per-event errors as JSONL here")
    ap.add_argument("--throughput", type=Path, help="an eval corpus XML (LGL/GeoVirus schema)")
    ap.add_argument("--limit", type=int, default=100, help="documents for --throughput")
    args = ap.parse_args(argv)

    from geo_events.gazetteer import Gazetteer

    gaz = Gazetteer.open(args.gazetteer)
    cases = [json.loads(line) for line in args.data.read_text("utf-8").splitlines()
             if line.strip()]
    errors: list[dict[str, Any]] | None = [] if args.errors else None
    modes = ("hand", "end-to-end") if args.mode == "both" else (args.mode,)
    results = {m: evaluate(cases, gaz, m, errors) for m in modes}

    cols = ("detected", "type", "sub_type", "location_25km", "date", "fatalities", "precision",
            "absent_violations", "gold_events", "predicted", "seconds")
    print(f"{'mode':<12}" + "".join(f"{c:>18}" for c in cols))
    for m, r in results.items():
        print(f"{m:<12}" + "".join(f"{str(r[c]):>18}" for c in cols))
    summary: dict[str, Any] = {"benchmark": "events_eval", "data": str(args.data),
                               "within_km": WITHIN_KM, **results}
    if args.throughput:
        summary["throughput"] = throughput(args.throughput, gaz, args.limit)
        print("throughput:", summary["throughput"])
    if errors is not None:
        with args.errors.open("w", encoding="utf-8") as fh:
            for e in errors:
                fh.write(json.dumps(e, ensure_ascii=False, default=str) + "\n")
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
