"""Geoparsing evaluation on public corpora (LGL, GeoVirus, or any corpus in their XML schemas).

    python benchmarks/geoparse_eval.py                      # both corpora in ../shared/eval/
    python benchmarks/geoparse_eval.py --corpus X.xml --limit 50 --per-doc-errors /tmp/err.jsonl

Reports per corpus, in a table and one JSON line at the end:

* recognition precision / recall / F1 (a predicted span counts when it overlaps a gold span;
  every gold toponym counts, with or without coordinates);
* resolution on gold spans (``geoparse.resolve_spans``; falls back to matching geoparse()
  output to gold spans when that function is missing): acc@161 km, mean / median error and the
  AUC of the log-error curve (Gritta et al. 2018), unresolved spans counted as 20039 km; the
  same figures over the answered spans only;
* end to end (``geoparse(text)``): share of gold toponyms with coordinates recognised *and*
  placed within 161 km (missed ones are wrong), plus the mean error of the matched ones;
* throughput (documents/second, one process, after warm-up) and peak memory;
* an error-type breakdown (missed, spurious, unresolved, wrong candidate, candidate absent from
  the gazetteer) and the most frequent surface forms of each error (stdout only).

The corpora are measurement data: nothing of their text is written into the repository.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import math
import os
import resource
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("geoparse_eval")

REPO = Path(__file__).resolve().parent.parent
EVAL_DIR = REPO.parent / "shared" / "eval"
DEFAULT_CORPORA = (EVAL_DIR / "lgl.xml", EVAL_DIR / "geovirus.xml")
MAX_KM = 20039.0  # half the Earth's circumference: the worst possible error
ACC_KM = 161.0  # 100 miles, the usual accuracy threshold
_EARTH_KM = 6371.0088
_REALIGN_WINDOW = 40


# -- corpus ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GoldToponym:
    """A gold span; ``lat``/``lon`` are None when the corpus gives no coordinates."""

    start: int
    end: int
    phrase: str
    lat: float | None = None
    lon: float | None = None

    @property
    def has_coords(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(slots=True)
class Corpus:
    name: str
    path: str
    docs: list[GoldDoc]
    realigned: int = 0  # spans whose offsets had to be moved to match their name
    unaligned: int = 0  # spans whose name was not found near their offsets (kept as given)


def _float(el: ET.Element | None) -> float | None:
    if el is None or el.text is None or not el.text.strip():
        return None
    try:
        value = float(el.text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _int(el: ET.Element | None) -> int | None:
    if el is None or el.text is None:
        return None
    try:
        return int(el.text.strip())
    except ValueError:
        return None


def realign(text: str, name: str, start: int, end: int, shift: int = 0) -> tuple[int, int, bool]:
    """Offsets of ``name`` near ``start + shift``: ``(start, end, found)``.

    Tries the shifted offsets, then the nearest exact (then case-insensitive) occurrence of the
    name within a small window; if none, returns the shifted offsets clamped to the text.
    """
    s, e = start + shift, end + shift
    if name and text[s:e] == name:
        return s, e, True
    if name:
        lo = max(0, s - _REALIGN_WINDOW)
        hi = min(len(text), s + len(name) + _REALIGN_WINDOW)
        window = text[lo:hi]
        for hay, needle in ((window, name), (window.casefold(), name.casefold())):
            if len(hay) != len(window):  # casefold changed lengths: offsets unusable
                continue
            hits, i = [], hay.find(needle)
            while i >= 0:
                hits.append(lo + i)
                i = hay.find(needle, i + 1)
            if hits:
                best = min(hits, key=lambda h: (abs(h - s), h))
                return best, best + len(name), True
    s = max(0, min(s, len(text)))
    return s, max(s, min(e, len(text))), False


def load_corpus(path: str | Path, *, limit: int | None = None) -> Corpus:
    """Read an LGL-schema (``toponyms``) or GeoVirus-schema (``locations``) XML corpus."""
    path = Path(path)
    root = ET.parse(path).getroot()
    corpus = Corpus(name=path.stem, path=str(path), docs=[])
    for n, art in enumerate(root.iter("article")):
        if limit is not None and len(corpus.docs) >= limit:
            break
        text = art.findtext("text") or ""
        doc_id = art.get("docid") or art.findtext("source") or f"{path.stem}:{n}"
        tops: list[GoldToponym] = []
        if art.find("toponyms") is not None:  # LGL schema, exact offsets
            items = [(t, t.findtext("phrase") or "", 0, t.find("gaztag"))
                     for t in art.iter("toponym")]
        else:  # GeoVirus schema, offsets shifted by one
            items = [(t, t.findtext("name") or "", -1, t) for t in art.iter("location")]
        for el, name, shift, coord_el in items:
            start, end = _int(el.find("start")), _int(el.find("end"))
            if start is None or end is None:
                continue
            s, e, found = realign(text, name, start, end, shift)
            if not found:
                corpus.unaligned += 1
            elif (s, e) != (start + shift, end + shift):
                corpus.realigned += 1
            lat = lon = None
            if coord_el is not None:
                lat, lon = _float(coord_el.find("lat")), _float(coord_el.find("lon"))
                if lat is None or lon is None or abs(lat) > 90:
                    lat = lon = None
            tops.append(GoldToponym(s, e, text[s:e], lat, lon))
        tops.sort(key=lambda t: (t.start, t.end))
        corpus.docs.append(GoldDoc(str(doc_id), text, tuple(tops)))
    return corpus


# -- metrics --------------------------------------------------------------------------------
def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return min(MAX_KM, 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a))))


def auc_log_error(errors_km: Sequence[float]) -> float | None:
    """Area under the sorted log(1 + error) curve, normalised to 0..1 (lower is better).

    As in Gritta et al. 2018: ``trapz(sorted(log(1+e))) / (log(20039) * (n - 1))``.
    """
    ys = sorted(math.log1p(min(MAX_KM, max(0.0, e))) for e in errors_km)
    if not ys:
        return None
    if len(ys) == 1:
        return ys[0] / math.log(MAX_KM)
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:]))
    return area / (math.log(MAX_KM) * (len(ys) - 1))


def error_stats(errors_km: Sequence[float]) -> dict[str, Any]:
    """acc@161, mean, median and AUC of a list of errors in km."""
    n = len(errors_km)
    if not n:
        return {"n": 0, "acc161": None, "mean_km": None, "median_km": None, "auc": None}
    return {
        "n": n,
        "acc161": round(sum(e <= ACC_KM for e in errors_km) / n, 4),
        "mean_km": round(statistics.fmean(errors_km), 1),
        "median_km": round(statistics.median(errors_km), 1),
        "auc": round(auc_log_error(errors_km) or 0.0, 4),
    }


def prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, Any]:
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"predicted": n_pred, "gold": n_gold, "tp_predicted": tp_pred, "tp_gold": tp_gold,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return min(a1, b1) - max(a0, b0)


def best_overlap(gold: GoldToponym, mentions: Sequence[Any]) -> Any | None:
    """The predicted mention overlapping the gold span most (earliest on ties), or None."""
    best, best_len = None, 0
    for m in mentions:
        ov = _overlap(gold.start, gold.end, m.start, m.end)
        if ov > best_len or (ov > 0 and best is None):
            best, best_len = m, ov
    return best


def _overlaps_any(m: Any, gold: Sequence[GoldToponym]) -> bool:
    return any(_overlap(g.start, g.end, m.start, m.end) > 0 for g in gold)


class CandidateCheck:
    """Whether the gazetteer holds a candidate within 161 km of a gold point for a name, and
    the error of its first-ranked candidate (the context-free baseline)."""

    def __init__(self, gazetteer: Any, limit: int = 50) -> None:
        self.gazetteer = gazetteer
        self.limit = limit
        self._cache: dict[str, list[tuple[float, float]]] = {}

    def _points(self, name: str) -> list[tuple[float, float]]:
        if self.gazetteer is None:
            return []
        if name not in self._cache:
            try:
                cands = self.gazetteer.search(name, limit=self.limit)
            except Exception as exc:  # a bad name must not stop the evaluation
                log.debug("search(%r) failed: %s", name, exc)
                cands = []
            self._cache[name] = [(c.place.lat, c.place.lon) for c in cands]
        return self._cache[name]

    def __call__(self, name: str, lat: float, lon: float) -> bool:
        return any(haversine_km(lat, lon, a, b) <= ACC_KM for a, b in self._points(name))

    def same_area(self, place: Any, lat: float, lon: float) -> bool:
        """True when a country/admin-1 place's polygon contains the gold point: the right area
        answered with a different reference point (centroid conventions differ by source)."""
        if self.gazetteer is None or not str(getattr(place, "feature_code", "") or "").startswith(
                ("PCL", "ADM1", "TERR")):
            return False
        try:
            geom = self.gazetteer.geometry(place.id)
        except Exception as exc:  # geometry is a diagnostic only
            log.debug("geometry(%r) failed: %s", place.id, exc)
            return False
        if geom is None:
            return False
        import shapely

        return bool(geom.intersects(shapely.Point(lon, lat)))

    def baseline_km(self, name: str, lat: float, lon: float) -> float:
        """Error of the gazetteer's first candidate for the name (MAX_KM when none)."""
        points = self._points(name)
        return haversine_km(lat, lon, *points[0]) if points else MAX_KM


def _place_label(place: Any) -> str:
    if place is None:
        return "-"
    cc = getattr(place, "country_code", None) or "?"
    return f"{place.name} ({cc}, {getattr(place, 'feature_code', None) or '?'})"


@dataclass(slots=True)
class _Tally:
    """Counters for one corpus (or one phase of it)."""

    counts: Counter = field(default_factory=Counter)
    errors: list[float] = field(default_factory=list)  # km, unresolved/missed = MAX_KM
    answered: list[float] = field(default_factory=list)  # km, resolved ones only
    forms: dict[str, Counter] = field(default_factory=dict)

    def form(self, kind: str, label: str) -> None:
        self.forms.setdefault(kind, Counter())[label] += 1


def classify(gold: GoldToponym, mention: Any | None, check: CandidateCheck) -> tuple[str, float]:
    """Outcome of one gold toponym with coordinates against a predicted mention."""
    if gold.lat is None or gold.lon is None:
        raise ValueError("classify needs a gold toponym with coordinates")
    if mention is None:
        return "missed", MAX_KM
    place = getattr(mention, "place", None)
    if getattr(mention, "status", None) != "resolved" or place is None:
        return "unresolved", MAX_KM
    km = haversine_km(gold.lat, gold.lon, place.lat, place.lon)
    if km <= ACC_KM:
        return "correct", km
    if check(gold.phrase, gold.lat, gold.lon):
        return "wrong_candidate", km
    return "candidate_absent", km


def _record(tally: _Tally, gold: GoldToponym, mention: Any | None, check: CandidateCheck,
            doc_errors: list[dict[str, Any]] | None, phase: str) -> None:
    outcome, km = classify(gold, mention, check)
    tally.counts[outcome] += 1
    tally.errors.append(km)
    if outcome in ("correct", "wrong_candidate", "candidate_absent"):
        tally.answered.append(km)
    if outcome == "unresolved" and check(gold.phrase, gold.lat, gold.lon):  # type: ignore[arg-type]
        tally.counts["unresolved_candidate_available"] += 1
    if outcome in ("wrong_candidate", "candidate_absent") and check.same_area(
            mention.place, gold.lat, gold.lon):  # type: ignore[arg-type]
        tally.counts["wrong_same_area_other_point"] += 1
    if outcome in ("wrong_candidate", "candidate_absent"):
        tally.form(outcome, f"{gold.phrase} -> {_place_label(mention.place)}")
    elif outcome == "unresolved":
        tally.form("unresolved", gold.phrase)
    if doc_errors is not None and outcome != "correct":
        place = getattr(mention, "place", None)
        doc_errors.append({
            "phase": phase, "type": outcome, "start": gold.start, "end": gold.end,
            "phrase": gold.phrase, "gold": [gold.lat, gold.lon],
            "predicted": None if place is None else {
                "id": place.id, "name": place.name, "lat": place.lat, "lon": place.lon,
                "country_code": getattr(place, "country_code", None)},
            "error_km": round(km, 1)})


# -- the geoparser under test ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class System:
    """The functions under test: ``parse(text) -> Document``; ``resolve(text, spans)`` or None."""

    parse: Callable[[str], Any]
    resolve: Callable[[str, list[tuple[int, int]]], Sequence[Any]] | None
    gazetteer: Any


def load_system(gazetteer_path: str | None) -> System:
    """The installed geo_events geoparser with the requested (or default) gazetteer."""
    from geo_events.gazetteer import Gazetteer

    gaz = Gazetteer(gazetteer_path) if gazetteer_path else Gazetteer.open(quiet=False)
    gp = importlib.import_module("geo_events.geoparser")

    parse = lambda text: gp.geoparse(text, gazetteer=gaz)  # noqa: E731
    resolve_fn = getattr(gp, "resolve_spans", None)
    resolve = None
    if resolve_fn is not None:
        resolve = lambda text, spans: resolve_fn(text, spans, gazetteer=gaz)  # noqa: E731
    return System(parse, resolve, gaz)


def evaluate(corpus: Corpus, system: System, *, warmup: int = 5,
             per_doc: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Run the system over a corpus and return the figures (see the module docstring)."""
    check = CandidateCheck(system.gazetteer)
    docs = corpus.docs
    for doc in docs[:warmup]:
        system.parse(doc.text)

    # end to end: one timed geoparse per document
    predicted: list[Sequence[Any]] = []
    parse_s = cpu_s = 0.0
    for doc in docs:
        t0, c0 = time.perf_counter(), time.process_time()
        result = system.parse(doc.text)
        parse_s += time.perf_counter() - t0
        cpu_s += time.process_time() - c0
        predicted.append(tuple(result.mentions))
    rss_after_parse = _peak_rss_mb()

    rec = Counter()
    e2e, gold_pass = _Tally(), _Tally()
    baseline: list[float] = []
    missed_forms, spurious_forms = Counter(), Counter()
    resolve_s = 0.0
    api = "resolve_spans" if system.resolve is not None else "geoparse-fallback"
    for doc, mentions in zip(docs, predicted):
        errs: list[dict[str, Any]] | None = [] if per_doc is not None else None
        gold = doc.toponyms
        # recognition
        rec["n_pred"] += len(mentions)
        rec["n_gold"] += len(gold)
        for m in mentions:
            if _overlaps_any(m, gold):
                rec["tp_pred"] += 1
            else:
                spurious_forms[m.text] += 1
                if errs is not None:
                    errs.append({"phase": "recognition", "type": "spurious", "start": m.start,
                                 "end": m.end, "phrase": m.text})
        matched = [best_overlap(g, mentions) for g in gold]
        for g, m in zip(gold, matched):
            if m is not None:
                rec["tp_gold"] += 1
            else:
                missed_forms[g.phrase] += 1
                if errs is not None:
                    errs.append({"phase": "recognition", "type": "missed", "start": g.start,
                                 "end": g.end, "phrase": g.phrase})
        # end to end
        for g, m in zip(gold, matched):
            if g.has_coords:
                _record(e2e, g, m, check, errs, "end_to_end")
        # gold spans
        with_coords = [g for g in gold if g.has_coords]
        if with_coords:
            if system.resolve is not None:
                spans = [(g.start, g.end) for g in gold]
                t0 = time.perf_counter()
                resolved = list(system.resolve(doc.text, spans))
                resolve_s += time.perf_counter() - t0
                if len(resolved) != len(spans):
                    raise RuntimeError(f"resolve_spans returned {len(resolved)} mentions for "
                                       f"{len(spans)} spans")
                by_gold = dict(zip(gold, resolved))
            else:
                by_gold = dict(zip(gold, matched))
            for g in with_coords:
                baseline.append(check.baseline_km(g.phrase, g.lat, g.lon))  # type: ignore[arg-type]
                m = by_gold[g]
                if m is None:  # fallback: gold span the parser did not recognise
                    gold_pass.counts["not_recognised"] += 1
                    m = _UNRESOLVED
                _record(gold_pass, g, m, check, errs, "gold_spans")
        if per_doc is not None and errs:
            per_doc.append({"corpus": corpus.name, "doc": doc.id, "errors": errs})

    n_docs = len(docs)
    chars = sum(len(d.text) for d in docs)
    n_coords = sum(g.has_coords for d in docs for g in d.toponyms)
    e2e_matched = e2e.answered
    gs = error_stats(gold_pass.errors)
    result = {
        "corpus": corpus.name,
        "docs": n_docs,
        "gold_toponyms": sum(len(d.toponyms) for d in docs),
        "gold_with_coords": n_coords,
        "offsets_realigned": corpus.realigned,
        "offsets_unaligned": corpus.unaligned,
        "recognition": prf(rec["tp_pred"], rec["n_pred"], rec["tp_gold"], rec["n_gold"]),
        "gold_spans": {
            "api": api,
            **gs,
            "resolved": len(gold_pass.answered),
            "answered": error_stats(gold_pass.answered),
            "outcomes": _outcomes(gold_pass.counts),
            "baseline_first_candidate": error_stats(baseline),
        },
        "end_to_end": {
            "n": n_coords,
            "acc161": round(e2e.counts["correct"] / n_coords, 4) if n_coords else None,
            "matched": len(e2e_matched),
            "mean_km_matched": error_stats(e2e_matched)["mean_km"],
            "median_km_matched": error_stats(e2e_matched)["median_km"],
            "outcomes": _outcomes(e2e.counts),
        },
        "throughput": {
            "docs_per_s": round(n_docs / parse_s, 1) if parse_s else None,
            # CPU time of this process: steadier than wall time on a shared machine
            "cpu_docs_per_s": round(n_docs / cpu_s, 1) if cpu_s else None,
            "chars_per_s": round(chars / parse_s) if parse_s else None,
            "geoparse_s": round(parse_s, 3),
            "resolve_spans_s": round(resolve_s, 3),
        },
        "peak_rss_mb": rss_after_parse,
        "recognised_unresolved_mentions": sum(
            1 for ms in predicted for m in ms if getattr(m, "status", None) != "resolved"),
    }
    forms = {"missed": missed_forms, "spurious": spurious_forms}
    for phase, tally in (("gold_spans", gold_pass), ("end_to_end", e2e)):
        for kind, counter in tally.forms.items():
            forms[f"{phase}:{kind}"] = counter
    result["_forms"] = forms  # printed, not part of the JSON line
    return result


class _Unresolved:
    status = "unresolved"
    place = None


_UNRESOLVED = _Unresolved()


_MAIN_OUTCOMES = ("correct", "missed", "not_recognised", "unresolved", "wrong_candidate",
                  "candidate_absent")
_SUB_OUTCOMES = ("unresolved_candidate_available", "wrong_same_area_other_point")


def _outcomes(counts: Counter) -> dict[str, int]:
    """Main outcomes (they sum to the gold count) then diagnostic sub-counts."""
    always = ("correct", "unresolved", "wrong_candidate", "candidate_absent")
    return {k: counts[k] for k in _MAIN_OUTCOMES + _SUB_OUTCOMES if k in counts or k in always}


def _peak_rss_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


# -- output ---------------------------------------------------------------------------------
def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f} %"


def _num(x: float | None, fmt: str = "{:.1f}") -> str:
    return "-" if x is None else fmt.format(x)


def summary_rows(results: Iterable[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    results = list(results)
    header = ["metric"] + [r["corpus"] for r in results]
    spec: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
        ("documents", lambda r: str(r["docs"])),
        ("gold toponyms (with coords)",
         lambda r: f"{r['gold_toponyms']} ({r['gold_with_coords']})"),
        ("offsets realigned / unaligned",
         lambda r: f"{r['offsets_realigned']} / {r['offsets_unaligned']}"),
        ("recognition P", lambda r: _num(r["recognition"]["precision"], "{:.3f}")),
        ("recognition R", lambda r: _num(r["recognition"]["recall"], "{:.3f}")),
        ("recognition F1", lambda r: _num(r["recognition"]["f1"], "{:.3f}")),
        ("gold spans: API", lambda r: r["gold_spans"]["api"]),
        ("gold spans: acc@161 (unresolved wrong)", lambda r: _pct(r["gold_spans"]["acc161"])),
        ("gold spans: mean / median km",
         lambda r: f"{_num(r['gold_spans']['mean_km'])} / {_num(r['gold_spans']['median_km'])}"),
        ("gold spans: AUC", lambda r: _num(r["gold_spans"]["auc"], "{:.3f}")),
        ("gold spans: baseline acc@161 (1st gazetteer candidate)",
         lambda r: _pct(r["gold_spans"]["baseline_first_candidate"]["acc161"])),
        ("gold spans: resolved", lambda r: f"{r['gold_spans']['resolved']}/{r['gold_spans']['n']}"),
        ("gold spans answered: acc@161", lambda r: _pct(r["gold_spans"]["answered"]["acc161"])),
        ("gold spans answered: mean / median km",
         lambda r: f"{_num(r['gold_spans']['answered']['mean_km'])} / "
                   f"{_num(r['gold_spans']['answered']['median_km'])}"),
        ("gold spans answered: AUC",
         lambda r: _num(r["gold_spans"]["answered"]["auc"], "{:.3f}")),
        ("end to end: acc@161", lambda r: _pct(r["end_to_end"]["acc161"])),
        ("end to end: mean / median km (matched)",
         lambda r: f"{_num(r['end_to_end']['mean_km_matched'])} / "
                   f"{_num(r['end_to_end']['median_km_matched'])}"),
        ("throughput docs/s", lambda r: _num(r["throughput"]["docs_per_s"])),
        ("throughput docs/s of CPU time", lambda r: _num(r["throughput"]["cpu_docs_per_s"])),
        ("throughput chars/s", lambda r: _num(r["throughput"]["chars_per_s"], "{:,.0f}")),
        ("peak RSS MB", lambda r: _num(r["peak_rss_mb"])),
    ]
    for phase in ("gold_spans", "end_to_end"):
        keys: list[str] = []
        for r in results:
            keys += [k for k in r[phase]["outcomes"] if k not in keys]
        for k in keys:
            spec.append((f"{phase}: {k}",
                         lambda r, p=phase, k=k: str(r[p]["outcomes"].get(k, 0))))
    return header, [[label] + [fn(r) for r in results] for label, fn in spec]


def _print_table(title: str, header: list[str], rows: list[list[str]]) -> None:
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        print(f"\n{title}")
        widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
        for row in [header, *rows]:
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)))
        return
    table = Table(title=title)
    for i, h in enumerate(header):
        table.add_column(h, justify="left" if i == 0 else "right", overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(width=max(100, 40 + 28 * (len(header) - 1))).print(table)


def print_report(results: list[dict[str, Any]], top: int) -> None:
    header, rows = summary_rows(results)
    _print_table("geoparse evaluation", header, rows)
    for r in results:
        for kind, counter in r["_forms"].items():
            if not counter:
                continue
            items = counter.most_common(top)
            _print_table(f"{r['corpus']}: top {len(items)} {kind} "
                         f"({sum(counter.values())} in all)",
                         ["surface form", "count"], [[f, str(c)] for f, c in items])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", action="append", metavar="PATH",
                    help="corpus XML (LGL or GeoVirus schema); repeatable; "
                         f"default: {', '.join(str(p) for p in DEFAULT_CORPORA)}")
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents")
    ap.add_argument("--gazetteer", metavar="PATH", help="gazetteer index (default: the user "
                    "cache, or $GEO_EVENTS_GAZETTEER)")
    ap.add_argument("--per-doc-errors", metavar="FILE",
                    help="write per-document errors as JSON lines (keep it outside the repo)")
    ap.add_argument("--top", type=int, default=30, help="surface forms listed per error kind")
    ap.add_argument("--warmup", type=int, default=5, help="documents parsed before timing")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")

    errors_path = Path(args.per_doc_errors).resolve() if args.per_doc_errors else None
    if errors_path is not None and errors_path.is_relative_to(REPO):
        ap.error(f"--per-doc-errors must point outside the repository ({REPO}): it holds "
                 "corpus text")
    paths = [Path(p) for p in args.corpus] if args.corpus else list(DEFAULT_CORPORA)
    for p in paths:
        if not p.is_file():
            ap.error(f"no corpus at {p}")

    t_start = time.perf_counter()
    rss_start = _peak_rss_mb()
    system = load_system(args.gazetteer)
    if system.resolve is None:
        log.warning("geo_events.geoparse.resolve_spans is missing: gold-span figures come from "
                    "geoparse() output matched to gold spans")
    per_doc: list[dict[str, Any]] | None = [] if errors_path else None
    results = []
    for p in paths:
        corpus = load_corpus(p, limit=args.limit)
        results.append(evaluate(corpus, system, warmup=args.warmup, per_doc=per_doc))
    print_report(results, args.top)
    if errors_path is not None and per_doc is not None:
        with errors_path.open("w", encoding="utf-8") as fh:
            for row in per_doc:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    line = {
        "benchmark": "geoparse_eval",
        "gazetteer": str(getattr(system.gazetteer, "path", None)),
        "gold_span_api": results[0]["gold_spans"]["api"] if results else None,
        "limit": args.limit,
        "corpora": {r["corpus"]: {k: v for k, v in r.items() if not k.startswith("_")}
                    for r in results},
        "rss_start_mb": rss_start,
        "peak_rss_mb": _peak_rss_mb(),
        "seconds": round(time.perf_counter() - t_start, 1),
        "loadavg_1min": round(os.getloadavg()[0], 2),  # other processes skew throughput
    }
    print(json.dumps(line, sort_keys=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
