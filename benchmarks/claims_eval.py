"""Spatial-claim extraction and verification against gold claims.

Reads a JSONL of ``{"id", "text", "places"?, "claims": [{"kind", "target", "reference",
"verdict", ...}]}`` (default: tests/data/claims.jsonl, written by us) and runs, on each text,
the claim extractor twice: on hand-made mentions of the listed ``places`` ("gold mentions",
isolating the claim code) and on the geoparser's own mentions ("end to end"). A predicted claim
matches a gold one of the same text when kind, target text and reference text agree
(whitespace-folded, case-insensitive, without a leading "the" or a trailing area word such as
"province"; a gold descriptor with no written reference matches any inferred one). Reports
extraction precision/recall per kind and the verdict agreement on matched claims, overall and
where the error is clear-cut (distance error < 10 % or > 35 %, or a claim without a distance:
containment, descriptors, proximity, unverifiable). Targets (issue 4): recall >= 95 %,
precision >= 98 %, clear-cut agreement >= 98 %. Extraction time is reported against geoparse
time measured in the same run.

    python benchmarks/claims_eval.py [--data FILE [FILE ...]] [--mode gold|geoparse|both]
                                     [--errors N]

Several ``--data`` files are scored one by one. Every set in benchmarks/data was written blind
(before its writer read the extractor); claims_dev, dev2, dev3 and test to test4 were then
used to find and fix errors; claims_test5.jsonl is the held-out set, scored in aggregate.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo_events.claims import KINDS, extract_claims  # noqa: E402
from geo_events.document import Document, mark_places  # noqa: E402
from geo_events.gazetteer import Gazetteer  # noqa: E402


_AREA_WORD = re.compile(r" (?:province|region|state|governorate|oblast|district|county|"
                        r"prefecture)$")


def _norm(s: str | None) -> str:
    """Whitespace-folded, case-insensitive, without a leading article or a trailing area
    word: "the Kharkiv region", "Kharkiv region" and "Kharkiv" name the same reference,
    not three different claims."""
    s = " ".join((s or "").split()).lower()
    s = s[4:] if s.startswith("the ") else s
    return _AREA_WORD.sub("", s)


def _same_claim(gold: dict, kind: str, target: str, reference: str) -> bool:
    """Kind, target and reference agree; a gold descriptor without a written reference
    ("the northern city of Mosul") matches whatever country the extractor inferred."""
    return (gold["kind"], _norm(gold["target"])) == (kind, target) and (
        _norm(gold["reference"]) == reference or (kind == "descriptor" and not gold["reference"]))


def gold_doc(gaz: Gazetteer, text: str, names: list[str]) -> Document:
    return mark_places(text, names, gaz, strict=False)


def evaluate(cases: list[dict], gaz: Gazetteer, mode: str) -> dict:
    from geo_events.geoparser import geoparse

    tp: dict[str, int] = defaultdict(int)
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    agree = total = clear_agree = clear_total = 0
    errors: list[str] = []
    t_parse = t_claims = 0.0
    n_claims = 0
    for case in cases:
        t0 = time.perf_counter()
        if mode == "gold":
            doc = gold_doc(gaz, case["text"], case.get("places", []))
        else:
            doc = geoparse(case["text"], gazetteer=gaz)
        t1 = time.perf_counter()
        _, claims = extract_claims(doc, gaz)
        t2 = time.perf_counter()
        t_parse += t1 - t0
        t_claims += t2 - t1
        n_claims += len(claims)
        gold = list(case.get("claims", []))
        for c in claims:
            target, reference = _norm(c.target_text), _norm(c.reference_text)
            match = next((g for g in gold if _same_claim(g, c.kind, target, reference)), None)
            if match is None:
                fp[c.kind] += 1
                errors.append(f"{case['id']}: extra {c.kind} {c.text!r}")
                continue
            gold.remove(match)
            tp[c.kind] += 1
            total += 1
            ok = c.verdict == match["verdict"]
            agree += ok
            clear = c.error_pct is None or c.error_pct < 10 or c.error_pct > 35
            if clear:
                clear_total += 1
                clear_agree += ok
            if not ok:
                errors.append(f"{case['id']}: {c.kind} {c.text!r} verdict {c.verdict}, "
                              f"gold {match['verdict']}")
        for g in gold:
            fn[g["kind"]] += 1
            errors.append(f"{case['id']}: missed {g['kind']} {g['target']!r} -> "
                          f"{g['reference']!r}")
    per_kind = {}
    for k in KINDS:
        p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else None
        r = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else None
        per_kind[k] = {"tp": tp[k], "fp": fp[k], "fn": fn[k],
                       "precision": None if p is None else round(p, 4),
                       "recall": None if r is None else round(r, 4)}
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {
        "mode": mode, "texts": len(cases), "claims_predicted": n_claims,
        "precision": round(TP / (TP + FP), 4) if TP + FP else None,
        "recall": round(TP / (TP + FN), 4) if TP + FN else None,
        "verdict_agreement": round(agree / total, 4) if total else None,
        "verdict_agreement_clear_cut": round(clear_agree / clear_total, 4)
        if clear_total else None,
        "clear_cut_claims": clear_total,
        "per_kind": per_kind,
        "mentions_s": round(t_parse, 3), "claims_s": round(t_claims, 3),
        "claims_ms_per_text": round(1000 * t_claims / max(1, len(cases)), 2),
        "claims_vs_mentions_time": round(t_claims / t_parse, 3) if t_parse else None,
        "errors": errors,
    }


def _table(res: dict, data: str, n_errors: int) -> None:
    print(f"\n== {data}, {res['mode']} mentions: {res['texts']} texts, "
          f"{res['claims_predicted']} claims predicted")
    print(f"{'kind':20} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>10} {'recall':>8}")
    for k, v in res["per_kind"].items():
        p = "-" if v["precision"] is None else f"{100 * v['precision']:.1f}%"
        r = "-" if v["recall"] is None else f"{100 * v['recall']:.1f}%"
        print(f"{k:20} {v['tp']:>4} {v['fp']:>4} {v['fn']:>4} {p:>10} {r:>8}")
    pct = (lambda x: "-" if x is None else f"{100 * x:.1f}%")
    print(f"overall precision {pct(res['precision'])}, recall {pct(res['recall'])}, "
          f"verdict agreement {pct(res['verdict_agreement'])}, clear-cut "
          f"{pct(res['verdict_agreement_clear_cut'])} of {res['clear_cut_claims']}")
    print(f"time: mentions {res['mentions_s']} s, claims {res['claims_s']} s "
          f"({res['claims_ms_per_text']} ms/text)")
    for e in res["errors"][:n_errors]:
        print("  -", e)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", nargs="+", default=[str(ROOT / "tests" / "data" / "claims.jsonl")])
    ap.add_argument("--mode", choices=("gold", "geoparse", "both"), default="both")
    ap.add_argument("--gazetteer", default=None)
    ap.add_argument("--errors", type=int, default=40, help="errors listed per run (default 40)")
    args = ap.parse_args(argv)
    gaz = Gazetteer.open(args.gazetteer)
    modes = ("gold", "geoparse") if args.mode == "both" else (args.mode,)
    for data in args.data:
        cases = [json.loads(line) for line in Path(data).read_text("utf-8").splitlines()
                 if line.strip()]
        results = [evaluate(cases, gaz, m) for m in modes]
        for r in results:
            _table(r, Path(data).name, args.errors)
        summary = {"benchmark": "claims_eval", "data": Path(data).name,
                   "targets": {"recall": 0.95, "precision": 0.98, "clear_cut_agreement": 0.98}}
        for r in results:
            summary[r["mode"]] = {k: v for k, v in r.items() if k not in ("errors", "mode")}
        print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
