"""The geo-events web service: a FastAPI app (run it with ``geo-events serve``).

Endpoints: ``POST /analyze`` (report JSON), ``POST /map`` (standalone HTML map),
``GET /gazetteer/search``, ``GET /healthz``; OpenAPI at ``/docs`` and ``/openapi.json``.

Limits, each a JSON error ``{"detail": ...}``: request body size (413, checked from
Content-Length before the body is read, and counted while it streams), validation (422),
a full queue (503 with Retry-After), processing time (504). Analysis and map rendering are
CPU-bound and run in a process pool, never on the event loop; each pool process opens the
gazetteer read-only once.
"""

# no ``from __future__ import annotations``: FastAPI must see the request models defined
# inside create_app as real classes, not as names it cannot resolve.
import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .exceptions import GeoEventsError, InputError

if TYPE_CHECKING:
    from fastapi import FastAPI

    from .gazetteer import Gazetteer

log = logging.getLogger(__name__)

__all__ = ["create_app", "serve", "DEFAULT_MAX_BODY_BYTES", "DEFAULT_TIMEOUT_S"]

DEFAULT_MAX_BODY_BYTES = 5_000_000
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_MAX_QUEUE = 128

Analyzer = Callable[[dict[str, Any], "Gazetteer | None"], dict[str, Any]]


# -- work done in the pool processes ------------------------------------------------------
def _warm(gaz_path: str | None) -> None:
    """Pool initializer: open the gazetteer and import the pipeline before the first request."""
    import importlib

    from .batch import _worker_gazetteer

    _worker_gazetteer(gaz_path)
    for name in ("report", "geoparser", "claims", "events"):
        importlib.import_module(f"{__package__}.{name}")


def _ping() -> int:
    import time

    time.sleep(0.05)  # long enough that each pool process gets one
    return os.getpid()


def _task(payload: dict[str, Any], gaz_path: str | None, analyzer: Analyzer,
          render: dict[str, Any] | None) -> dict[str, Any]:
    """Analyse (and optionally render) one request; errors come back as values."""
    from .batch import _worker_gazetteer
    from .textio import decode_article

    try:
        body = payload.pop("body")
        art = decode_article(body.encode("utf-8", "replace"), source="request",
                             max_bytes=len(body.encode("utf-8", "replace")) + 1,
                             html=payload.pop("is_html"))
        payload["text"] = art.text
        if payload.get("title") is None and art.title:
            payload["title"] = art.title
        gaz = _worker_gazetteer(gaz_path)
        report = analyzer(payload, gaz)
        if art.warnings:
            report = {**report, "warnings": list(art.warnings)}
        if render is None:
            return {"report": report}
        from .maps import render_html

        return {"html": render_html(report, offline=render["offline"], gazetteer=gaz)}
    except InputError as exc:
        return {"input_error": str(exc)}
    except ImportError as exc:
        return {"unavailable": f"map rendering is not installed ({exc})"}
    except GeoEventsError as exc:
        return {"error": str(exc)}
    except Exception as exc:  # a pipeline bug must not kill the pool process
        log.exception("analysis failed")
        return {"error": f"analysis failed ({type(exc).__name__})"}


def _default_analyzer(payload: dict[str, Any],
                      gazetteer: "Gazetteer | None") -> dict[str, Any]:
    from .batch import analyze_record

    return analyze_record(payload, gazetteer)


# -- body size limit (pure ASGI, before FastAPI reads anything) ---------------------------
class _BodyLimit:
    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _reject(self, send: Any) -> None:
        import json

        body = json.dumps({"detail": f"request body larger than the {self.max_bytes:,}-byte "
                                     f"limit"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                try:
                    too_big = int(value) > self.max_bytes
                except ValueError:
                    too_big = False
                if too_big:
                    await self._reject(send)
                    return
        seen = 0
        started = rejected = False

        async def limited_receive() -> dict:
            nonlocal seen, started, rejected
            if rejected:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:  # a chunked body grew past the limit: stop here
                    rejected = True
                    if not started:
                        started = True
                        await self._reject(send)
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: dict) -> None:
            nonlocal started
            if rejected:
                return  # the app's own answer to the cut-off body is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, limited_receive, tracking_send)


# -- the app ------------------------------------------------------------------------------
def create_app(*, gazetteer: "Gazetteer | str | os.PathLike[str] | None" = None,
               max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               timeout_s: float = DEFAULT_TIMEOUT_S, max_concurrency: int | None = None,
               max_queue: int = DEFAULT_MAX_QUEUE,
               analyzer: "Analyzer | None" = None) -> "FastAPI":
    """The FastAPI app. ``max_concurrency`` pool processes analyse at once (default: cores);
    up to ``max_queue`` more requests wait; beyond that the answer is 503.
    ``analyzer(payload, gazetteer) -> report dict`` must be a module-level function (it runs
    in the pool); the default is the full pipeline."""
    import asyncio  # here, not at module level: every CLI start imports this module

    from contextlib import asynccontextmanager

    from fastapi import FastAPI, HTTPException, Query, Request
    from fastapi.responses import HTMLResponse, JSONResponse
    from pydantic import BaseModel, ConfigDict, Field, model_validator

    slots = max(1, max_concurrency or os.cpu_count() or 1)
    analyzer = analyzer or _default_analyzer
    state: dict[str, Any] = {"waiting": 0}

    class AnalyzeRequest(BaseModel):
        """An article as plain text or HTML (exactly one), with optional metadata."""

        model_config = ConfigDict(extra="forbid")
        text: str | None = Field(None, description="article text")
        html: str | None = Field(None, description="article HTML (main text is extracted)")
        published: str | None = Field(None, description="publication date, YYYY-MM-DD",
                                      examples=["2016-04-10"])
        id: str | None = Field(None, max_length=1000)
        title: str | None = Field(None, max_length=2000)

        @model_validator(mode="after")
        def _one_body(self) -> "AnalyzeRequest":
            if (self.text is None) == (self.html is None):
                raise ValueError("give exactly one of 'text' or 'html'")
            return self

    class MapRequest(AnalyzeRequest):
        """An article to analyse and draw; ``offline`` inlines Leaflet (no CDN)."""

        offline: bool = False

    @asynccontextmanager
    async def lifespan(app: "FastAPI"):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from .gazetteer import Gazetteer

        gaz = gazetteer
        if not isinstance(gaz, Gazetteer):
            gaz = Gazetteer(gaz) if gaz is not None else Gazetteer.open()
        state["gaz"] = gaz
        state["gaz_path"] = str(gaz.path)
        state["sem"] = asyncio.Semaphore(slots)

        def make_pool() -> ProcessPoolExecutor:
            return ProcessPoolExecutor(max_workers=slots, initializer=_warm,
                                       initargs=(state["gaz_path"],),
                                       mp_context=multiprocessing.get_context("spawn"))

        state["make_pool"] = make_pool
        state["pool"] = make_pool()
        loop = asyncio.get_running_loop()
        await asyncio.gather(*[loop.run_in_executor(state["pool"], _ping)
                               for _ in range(slots)])  # ready before the first request
        try:
            yield
        finally:
            state["pool"].shutdown(wait=True, cancel_futures=True)
            if gaz is not gazetteer:
                gaz.close()

    app = FastAPI(title="geo-events", version=__version__, lifespan=lifespan,
                  description="Find, resolve and verify the geography of news text, offline.")

    errors = {413: {"description": "request body too large"},
              422: {"description": "invalid request or unusable text"},
              503: {"description": "too many requests waiting; retry later"},
              504: {"description": "analysis took longer than the time limit"}}

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s", request.url.path)
        return JSONResponse({"detail": "internal error"}, status_code=500)

    async def run(payload: dict[str, Any], render: dict[str, Any] | None) -> dict[str, Any]:
        from concurrent.futures.process import BrokenProcessPool

        sem: asyncio.Semaphore = state["sem"]
        if sem.locked() and state["waiting"] >= max_queue:
            raise HTTPException(503, "server busy: too many requests waiting; retry later",
                                headers={"Retry-After": "1"})
        state["waiting"] += 1
        try:
            await asyncio.wait_for(sem.acquire(), timeout_s)
        except TimeoutError:
            raise HTTPException(503, f"server busy: no analysis slot within {timeout_s:g} s; "
                                     f"retry later", headers={"Retry-After": "1"}) from None
        finally:
            state["waiting"] -= 1
        loop = asyncio.get_running_loop()
        try:
            fut = loop.run_in_executor(state["pool"], _task, payload, state["gaz_path"],
                                       analyzer, render)
        except BaseException:
            sem.release()
            raise
        fut.add_done_callback(lambda _: sem.release())  # the slot is held until work ends
        try:
            result = await asyncio.wait_for(asyncio.shield(fut), timeout_s)
        except TimeoutError:
            raise HTTPException(504, f"analysis took longer than the {timeout_s:g} s "
                                     f"limit") from None
        except BrokenProcessPool:
            log.error("an analysis process died; starting a new pool")
            state["pool"] = state["make_pool"]()
            raise HTTPException(500, "the analysis process crashed on this input") from None
        if "input_error" in result:
            raise HTTPException(422, result["input_error"])
        if "unavailable" in result:
            raise HTTPException(501, result["unavailable"])
        if "error" in result:
            raise HTTPException(500, result["error"])
        return result

    def payload_of(req: AnalyzeRequest) -> dict[str, Any]:
        from .report import parse_date

        try:
            published = parse_date(req.published)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
        return {"body": req.text if req.text is not None else req.html,
                "is_html": req.text is None, "id": req.id, "title": req.title,
                "published": published.isoformat() if published else None}

    @app.post("/analyze", responses=errors, summary="Analyse one article")
    async def analyze_endpoint(req: AnalyzeRequest) -> dict[str, Any]:
        """Places, verified spatial claims and events of one article (report JSON)."""
        return (await run(payload_of(req), None))["report"]

    @app.post("/map", responses={**errors, 200: {"content": {"text/html": {}}}},
              response_class=HTMLResponse, summary="Analyse one article and map it")
    async def map_endpoint(req: MapRequest) -> HTMLResponse:
        """A standalone HTML map of the article (every document string escaped)."""
        result = await run(payload_of(req), {"offline": req.offline})
        return HTMLResponse(result["html"], headers={"X-Content-Type-Options": "nosniff"})

    @app.get("/gazetteer/search", responses={422: errors[422]},
             summary="Ranked gazetteer candidates for a place name")
    def search_endpoint(q: str = Query(..., min_length=1, max_length=200),
                        country: str | None = Query(None, pattern="^[A-Za-z]{2}$"),
                        limit: int = Query(10, ge=1, le=100)) -> dict[str, Any]:
        try:
            found = state["gaz"].search(q, country=country.upper() if country else None,
                                        limit=limit)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from None
        return {"query": q, "candidates": [c.to_dict() for c in found]}

    @app.get("/healthz", summary="Liveness and configuration")
    def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__, "gazetteer": state.get("gaz_path"),
                "max_concurrency": slots, "max_queue": max_queue,
                "max_body_bytes": max_body_bytes, "timeout_s": timeout_s}

    app.add_middleware(_BodyLimit, max_bytes=max_body_bytes)
    return app


def serve(*, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info",
          **app_options: Any) -> None:
    """Run the app under uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(**app_options), host=host, port=port, log_level=log_level)
