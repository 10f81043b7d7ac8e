"""Geoparse speed of the working tree against a git revision, measured in the same run.

Wall-clock figures on shared machines drift by 15-30 % between runs of the same code, so a
speed change is judged here by interleaving: the revision's ``geo_events`` package (exported
with ``git archive`` and imported as ``geo_events_base``) and the working tree's parse the same
documents in one process, pass after pass in alternating order, each pass with its caches
emptied (cold, as ``geoparse_eval.py`` times them). Both use the same gazetteer index.

    python benchmarks/geoparse_ab.py [--base REV] [--corpus FILE.xml ...] [--rounds N]
                                     [--limit N] [--gazetteer PATH]

Prints a table and one JSON line: CPU docs/s of each side and the speed-up (work / base).
Corpora default to LGL and GeoVirus in ../shared/eval/ (measurement data, read only).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from geoparse_eval import load_corpus  # noqa: E402

DEFAULT_CORPORA = [ROOT.parent / "shared" / "eval" / "lgl.xml",
                   ROOT.parent / "shared" / "eval" / "geovirus.xml"]
BASE_PACKAGE = "geo_events_base"


def export_base(rev: str, into: Path) -> None:
    """``geo_events/`` at ``rev``, unpacked as the package ``geo_events_base`` (its imports
    are relative, so it runs beside the working tree's package)."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", rev, "geo_events"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        try:
            tar.extractall(into, filter="data")
        except TypeError:  # Python before 3.11.4 has no extraction filters
            tar.extractall(into)  # noqa: S202 - our own repository's archive
    (into / "geo_events").rename(into / BASE_PACKAGE)


def clear_caches(package: str, gazetteer: object) -> None:
    """Empty the bounded caches of a package's modules and of its gazetteer (not the
    unbounded ones that hold static data, such as the word-frequency table)."""
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] != package:
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if info is not None and getattr(value, "__module__", "").split(".")[0] == package \
                    and info().maxsize is not None:
                value.cache_clear()
    for attr in ("_cache", "_known_keys"):
        getattr(gazetteer, attr).clear()


def measure(texts: list[str], sides: dict[str, tuple], rounds: int) -> dict[str, float]:
    """CPU seconds per side over ``rounds`` x 2 cold passes, alternating the order."""
    spent = dict.fromkeys(sides, 0.0)
    for _ in range(rounds):
        for order in (list(sides), list(reversed(sides))):
            for name in order:
                geoparse, gaz, package = sides[name]
                clear_caches(package, gaz)
                start = time.process_time()
                for text in texts:
                    geoparse(text, gazetteer=gaz)
                spent[name] += time.process_time() - start
    return spent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="HEAD", help="git revision to compare with (HEAD)")
    ap.add_argument("--corpus", action="append", metavar="PATH", help="corpus XML (repeatable)")
    ap.add_argument("--rounds", type=int, default=3, help="pairs of passes per side")
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="first N documents")
    ap.add_argument("--gazetteer", metavar="PATH", help="gazetteer index (default: the user's)")
    args = ap.parse_args(argv)

    from geo_events.gazetteer import Gazetteer, ensure
    from geo_events.geoparser import geoparse

    index = Path(args.gazetteer) if args.gazetteer else ensure()
    with tempfile.TemporaryDirectory() as tmp:
        export_base(args.base, Path(tmp))
        sys.path.insert(0, tmp)
        base_gp = __import__(f"{BASE_PACKAGE}.geoparser", fromlist=["geoparse"]).geoparse
        base_gz = __import__(f"{BASE_PACKAGE}.gazetteer", fromlist=["Gazetteer"]).Gazetteer
        sides = {"base": (base_gp, base_gz(index), BASE_PACKAGE),
                 "work": (geoparse, Gazetteer(index), "geo_events")}
        results = {}
        for path in args.corpus or DEFAULT_CORPORA:
            corpus = load_corpus(path, limit=args.limit)
            texts = [doc.text for doc in corpus.docs]
            for geoparse_fn, gaz, _ in sides.values():  # imports and static tables
                for text in texts[:5]:
                    geoparse_fn(text, gazetteer=gaz)
            spent = measure(texts, sides, args.rounds)
            n = len(texts) * args.rounds * 2
            rate = {name: round(n / s, 1) if s else None for name, s in spent.items()}
            results[corpus.name] = {"docs": len(texts), "base_docs_per_s": rate["base"],
                                    "work_docs_per_s": rate["work"],
                                    "speedup": round(spent["base"] / spent["work"], 3)
                                    if spent["work"] else None}
    print(f"{'corpus':<12} {'docs':>6} {'base docs/s':>12} {'work docs/s':>12} {'speed-up':>9}")
    for name, r in results.items():
        print(f"{name:<12} {r['docs']:>6} {r['base_docs_per_s']!s:>12} "
              f"{r['work_docs_per_s']!s:>12} {r['speedup']!s:>9}")
    print(json.dumps({"benchmark": "geoparse_ab", "base": args.base, "rounds": args.rounds,
                      "index": str(index), "corpora": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
