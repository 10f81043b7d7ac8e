"""Batch scaling: the same generated corpus through 1 worker, N workers and Dask with N workers.

Prints one JSON line: documents/s of each run (wall time of the whole run, outputs included),
speed-ups against the 1-worker run measured here, peak RSS per worker, the parent's peak RSS,
and whether the Dask outputs are byte-identical to the local ones. Target: >= 1.7x on 2 cores.

    python benchmarks/batch_scale.py [--documents 2000] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "summary.json"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", "-n", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--gazetteer", help="gazetteer index (default: the user cache)")
    ap.add_argument("--skip-dask", action="store_true")
    args = ap.parse_args(argv)

    from geo_events.batch import run_batch

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="ge-batch-scale-") as tmp:
        source = corpus.write(Path(tmp) / "corpus.jsonl", args.documents)
        runs = [("local_1", "local", 1), (f"local_{args.workers}", "local", args.workers)]
        if not args.skip_dask:
            runs.append((f"dask_{args.workers}", "dask", args.workers))
        for name, engine, workers in runs:
            out = Path(tmp) / name
            start = time.perf_counter()
            summary = run_batch(source, out, workers=workers, engine=engine,
                                gazetteer=args.gazetteer, resume=False)
            seconds = time.perf_counter() - start
            results[name] = {
                "seconds": round(seconds, 2),
                "documents_per_s": round(summary.analysed / seconds, 2),
                # the parallel phase: worker start-up and analysis, without the serial
                # finish (closing the combined files, rendering the overview map)
                "analysis_seconds": round(summary.seconds, 2),
                "analysis_documents_per_s": round(summary.documents_per_s, 2),
                "analysed": summary.analysed, "rejects": summary.rejects,
                "events": summary.events,
                "peak_rss_mb_per_worker": summary.worker_peak_rss_mb,
            }
            if summary.rejects:
                first = (out / "rejects.jsonl").read_text("utf-8").splitlines()[0]
                results[name]["first_reject"] = json.loads(first)["reason"]
        base = results["local_1"]["documents_per_s"]
        base_analysis = results["local_1"]["analysis_documents_per_s"]
        for name in results:
            results[name]["speedup"] = round(results[name]["documents_per_s"] / base, 2)
            results[name]["analysis_speedup"] = round(
                results[name]["analysis_documents_per_s"] / base_analysis, 2)
        identical = None
        if not args.skip_dask:
            identical = (_outputs(Path(tmp) / f"local_{args.workers}")
                         == _outputs(Path(tmp) / f"dask_{args.workers}"))
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "benchmark": "batch_scale", "documents": args.documents, "workers": args.workers,
        "cores": os.cpu_count(), "runs": results,
        f"speedup_{args.workers}_workers": results[f"local_{args.workers}"]["speedup"],
        "speedup_dask": results.get(f"dask_{args.workers}", {}).get("speedup"),
        f"analysis_speedup_{args.workers}_workers":
            results[f"local_{args.workers}"]["analysis_speedup"],
        "target_speedup": 1.7, "dask_outputs_identical": identical,
        "parent_peak_rss_mb": round(parent_mb, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
