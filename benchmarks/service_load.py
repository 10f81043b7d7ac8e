"""Service load: a bounded load against `geo-events serve` on 127.0.0.1.

Starts the service in a separate process on a free loopback port, sends a fixed number of
POST /analyze requests (generated articles) from this process with a fixed concurrency, then
stops the service. Prints one JSON line: requests/s, p50/p99 latency, errors (target 0).

    python benchmarks/service_load.py [--requests 500] [--concurrency 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

HOST = "127.0.0.1"  # loopback only, always


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def _load(base: str, docs: list[dict], n: int, concurrency: int) -> dict:
    import httpx

    latencies: list[float] = []
    statuses: dict[str, int] = {}
    sem = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        async def one(i: int) -> None:
            doc = docs[i % len(docs)]
            async with sem:
                start = time.perf_counter()
                try:
                    r = await client.post("/analyze", json={
                        "text": doc["text"], "published": doc["published"], "id": doc["id"]})
                    key = str(r.status_code)
                except httpx.HTTPError as exc:
                    key = type(exc).__name__
                latencies.append(time.perf_counter() - start)
                statuses[key] = statuses.get(key, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "latencies": latencies, "statuses": statuses}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=500)
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--max-concurrency", type=int, default=None,
                    help="service analysis processes (default: cores)")
    args = ap.parse_args(argv)

    import httpx

    port = _free_port()
    base = f"http://{HOST}:{port}"
    cmd = [sys.executable, "-m", "geo_events", "-q", "serve", "--host", HOST, "--port",
           str(port)]
    if args.max_concurrency:
        cmd += ["--max-concurrency", str(args.max_concurrency)]
    server = subprocess.Popen(cmd)
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise SystemExit(f"service exited with {server.returncode}")
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("service did not start within 120 s")
            time.sleep(0.2)
        docs = corpus.generate(200, seed=11)
        asyncio.run(_load(base, docs, min(args.requests, 2 * args.concurrency),
                          args.concurrency))  # warm-up, not measured
        result = asyncio.run(_load(base, docs, args.requests, args.concurrency))
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    lat = result["latencies"]
    errors = sum(v for k, v in result["statuses"].items() if k != "200")
    print(json.dumps({
        "benchmark": "service_load", "requests": args.requests,
        "concurrency": args.concurrency, "cores": os.cpu_count(),
        "seconds": round(result["seconds"], 2),
        "requests_per_s": round(args.requests / result["seconds"], 1),
        "p50_ms": round(statistics.median(lat) * 1000, 1),
        "p99_ms": round(_percentile(lat, 0.99) * 1000, 1),
        "errors": errors, "statuses": result["statuses"], "target_errors": 0,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
