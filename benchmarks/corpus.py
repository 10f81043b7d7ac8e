"""Generate a synthetic news corpus (JSONL) from our own test texts, for batch benchmarks.

Sources: the sample article geo_events/data/heet_article.txt and the ``text`` fields of the
team's table-driven cases in tests/data/*.jsonl (all written by us). Each document is a seeded
recombination: a headline, then 3-9 sentences drawn from the pool, grouped into paragraphs, with
a publication date. Same seed, same bytes.

    python benchmarks/corpus.py --documents 2000 --out /tmp/corpus.jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def sentence_pool() -> list[str]:
    """Every sentence of our own sample texts, deduplicated, in a stable order."""
    texts = [(ROOT / "geo_events" / "data" / "heet_article.txt").read_text("utf-8")]
    for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            if isinstance(obj, dict) and isinstance(obj.get("text"), str):
                texts.append(obj["text"])
    seen: dict[str, None] = {}
    for text in texts:
        for para in re.split(r"\n\s*\n", text):
            for sent in _SENTENCE.split(" ".join(para.split())):
                if len(sent) >= 25:
                    seen.setdefault(sent, None)
    return list(seen)


def generate(n: int, *, seed: int = 7) -> list[dict[str, str]]:
    pool = sentence_pool()
    rng = random.Random(seed)
    start = dt.date(2015, 1, 1)
    docs = []
    for i in range(n):
        sentences = rng.sample(pool, k=min(len(pool), rng.randint(3, 9)))
        paras, k = [], 0
        while k < len(sentences):
            step = rng.randint(1, 3)
            paras.append(" ".join(sentences[k:k + step]))
            k += step
        headline = sentences[0].split(",")[0].rstrip(".")[:90]
        published = start + dt.timedelta(days=rng.randint(0, 3 * 365))
        docs.append({"id": f"synthetic-{i:05d}", "title": headline,
                     "published": published.isoformat(),
                     "text": headline + "\n\n" + "\n\n".join(paras)})
    return docs


def write(path: Path, n: int, *, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for doc in generate(n, seed=seed):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--documents", "-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=Path("corpus.jsonl"))
    args = ap.parse_args(argv)
    write(args.out, args.documents, seed=args.seed)
    pool = sentence_pool()
    print(json.dumps({"benchmark": "corpus", "documents": args.documents,
                      "sentence_pool": len(pool), "bytes": args.out.stat().st_size,
                      "path": str(args.out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
