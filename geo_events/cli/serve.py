"""``geo-events serve``: the web service (FastAPI under uvicorn)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from ..service import DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_QUEUE, DEFAULT_TIMEOUT_S

    p = sub.add_parser("serve", help="run the HTTP service (POST /analyze, POST /map, ...)",
                       description="Serve POST /analyze, POST /map, GET /gazetteer/search and "
                       "GET /healthz; interactive API docs at /docs.")
    p.add_argument("--host", default="127.0.0.1",
                   help="interface to listen on (default 127.0.0.1; 0.0.0.0 exposes it)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--gazetteer", metavar="PATH", help="gazetteer index to use")
    p.add_argument("--max-body-bytes", type=int, default=DEFAULT_MAX_BODY_BYTES,
                   help=f"refuse larger request bodies with 413 (default "
                   f"{DEFAULT_MAX_BODY_BYTES:,})")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
                   help=f"answer 504 after this long (default {DEFAULT_TIMEOUT_S:g})")
    p.add_argument("--max-concurrency", type=int, default=None, metavar="N",
                   help="analysis processes (default: number of cores)")
    p.add_argument("--max-queue", type=int, default=DEFAULT_MAX_QUEUE, metavar="N",
                   help=f"requests that may wait for a process before 503 (default "
                   f"{DEFAULT_MAX_QUEUE})")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ..exceptions import InputError
    from ..service import serve

    if not 0 < args.port < 65536:
        raise InputError(f"--port must be 1-65535, got {args.port}")
    for name in ("max_body_bytes", "timeout", "max_queue"):
        if getattr(args, name) < 0:
            raise InputError(f"--{name.replace('_', '-')} cannot be negative")
    serve(host=args.host, port=args.port, gazetteer=args.gazetteer,
          log_level="warning" if args.quiet else "info", max_body_bytes=args.max_body_bytes,
          timeout_s=args.timeout, max_concurrency=args.max_concurrency,
          max_queue=args.max_queue)
    return 0
