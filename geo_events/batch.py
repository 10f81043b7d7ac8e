"""Batch runs: a corpus in, one report per document plus combined tables and a map out.

Data flow (parent process): ``inputs.iter_records`` streams records; each is analysed by a
worker (a local process pool, or a Dask cluster); results come back in any order and are put
back into document order through a small reorder window, then appended to the combined outputs.
Memory stays flat: at most ``window`` records are between reading and writing at any time;
combined tables are appended to files as they come; only the overview map needs its input in
memory, so it keeps a slim copy of at most ``MAP_MAX_DOCUMENTS`` reports.

Every output file is written to a temporary name and renamed into place (``os.replace``), so a
killed run never leaves a half-written file. Per-document reports carry the SHA-256 of their
input and the geo-events version (``"batch": {"input_sha256": ..., "geo_events_version": ...}``);
a re-run skips documents whose report is already there with the same hash and version, and
rebuilds the combined outputs from all reports.

Outputs in ``out``::

    reports/<safe id>.json   contract report + "batch" provenance
    events.geojson           RFC 7946 points, one feature per event (document order)
    events.csv               ACLED-style columns
    events.parquet           GeoParquet (WKB points, EPSG:4326)
    claims.csv               one row per spatial claim, with verdict
    places.csv               one row per place mention
    rejects.jsonl            input records that could not be analysed, with the reason
    map.html                 overview map (when geo_events.maps is installed)
    summary.json             counts and timing
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import resource
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .acled import csv_safe
from .atomic import atomic_write
from .exceptions import GeoEventsError, InputError
from .inputs import Record, Reject, count_records, iter_records, safe_name
from .textio import MAX_INPUT_BYTES

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

log = logging.getLogger(__name__)

__all__ = ["BatchSummary", "run_batch", "analyze_record", "event_rows", "event_columns",
           "CLAIM_COLUMNS", "PLACE_COLUMNS", "MAP_MAX_DOCUMENTS"]

ProcessFn = Callable[[dict[str, Any], "Gazetteer | None"], dict[str, Any]]

CLAIM_COLUMNS = ("document_id", "kind", "text", "start", "end", "target", "target_place_id",
                 "target_lat", "target_lon", "target_estimated", "reference",
                 "reference_place_id", "reference_lat", "reference_lon", "stated_value",
                 "stated_unit", "stated_value_km", "stated_direction", "stated_qualifier",
                 "measured_distance_km", "measured_bearing_deg", "measured_direction",
                 "verdict", "explanation")
PLACE_COLUMNS = ("document_id", "text", "start", "end", "status", "place_id", "name", "lat",
                 "lon", "country_code", "feature_code", "admin1", "score")
MAP_MAX_DOCUMENTS = 5000  # the overview map shows the first N documents of a larger corpus
_FLOAT_COLS = {"latitude", "longitude"}
_INT_COLS = {"year", "time_precision", "geo_precision", "fatalities", "wounded", "attacks",
             "displaced"}
_PARQUET_BATCH = 2000


# -- the per-record function, run in workers ------------------------------------------
def analyze_record(payload: dict[str, Any], gazetteer: Gazetteer | None) -> dict[str, Any]:
    """The default per-record function: the full pipeline, as contract JSON."""
    from .report import analyze

    return analyze(payload["text"], published=payload.get("published"), gazetteer=gazetteer,
                   id=payload.get("id"), title=payload.get("title")).to_dict()


_WORKER_GAZ: dict[str | None, Any] = {}


def _worker_gazetteer(path: str | None) -> Gazetteer:
    """The gazetteer of this worker process, opened read-only once per process."""
    if path not in _WORKER_GAZ:
        from .gazetteer import Gazetteer

        _WORKER_GAZ[path] = Gazetteer(path) if path else Gazetteer.open()
    return _WORKER_GAZ[path]


def _run_task(payload: dict[str, Any], gaz_path: str | None, process: ProcessFn,
              meta: dict[str, Any]) -> dict:
    """Run ``process`` on one record and render its output pieces (JSON text, CSV lines,
    GeoJSON features) here in the worker, so the parent only appends. Never raises."""
    start = time.perf_counter()
    out: dict[str, Any]
    try:
        report = process(payload, _worker_gazetteer(gaz_path))
        if not isinstance(report, dict):
            raise TypeError(f"the per-record function returned {type(report).__name__}, "
                            f"not a report dict")
        out = {"parts": _parts(report, meta)}
    except GeoEventsError as exc:
        out = {"error": str(exc)}
    except Exception as exc:  # any pipeline bug becomes a reject with its type and message
        log.debug("record %s failed", payload.get("id"), exc_info=True)
        out = {"error": f"analysis failed: {type(exc).__name__}: {exc}"}
    out["pid"] = os.getpid()
    out["maxrss_kb"] = _peak_rss_kb()
    out["seconds"] = time.perf_counter() - start
    return out


def _peak_rss_kb() -> int:
    """This process's peak RSS. ``ru_maxrss`` is inherited through fork+exec on Linux (a
    spawned worker would report its parent's peak), so read VmHWM where there is /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    for row in rows:
        writer.writerow({k: csv_safe(v) for k, v in row.items()})
    return buf.getvalue()


def _parts(report: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """Everything the combined outputs need from one report, already serialised."""
    batch = {k: v for k, v in meta.items() if k != "map"}
    report = {**report, "batch": batch}
    doc_id = (report.get("document") or {}).get("id")
    mentions = report.get("places") or []
    claims = report.get("claims") or []
    rows = event_rows(report)
    verdicts: dict[str, int] = {}
    for c in claims:
        verdicts[str(c.get("verdict"))] = verdicts.get(str(c.get("verdict")), 0) + 1
    resolved = sum(1 for m in mentions if m.get("status") == "resolved")
    return {
        "json": json.dumps(report, ensure_ascii=False, indent=2) + "\n",
        "places_csv": _csv_text([_place_row(doc_id, m) for m in mentions], PLACE_COLUMNS),
        "claims_csv": _csv_text([_claim_row(doc_id, c) for c in claims], CLAIM_COLUMNS),
        "events_csv": _csv_text(rows, event_columns()),
        "features": [json.dumps(_feature(r), ensure_ascii=False) for r in rows],
        "rows": rows,
        "slim": _slim(report) if meta.get("map", True) else None,
        "stats": {"places": resolved, "unresolved": len(mentions) - resolved,
                  "claims": verdicts, "events": len(rows)},
    }


# -- engines -----------------------------------------------------------------------------
class _LocalEngine:
    """A spawn-context process pool (safe in threaded parents)."""

    name = "local"

    def __init__(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._workers = workers
        self._make = lambda: ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        self._pool = self._make()
        self._breaks = 0  # pool failures since the last record that worked

    def submit(self, *args: Any) -> Any:
        return self._pool.submit(_run_task, *args)

    def wait(self, futures: set) -> set:
        from concurrent.futures import FIRST_COMPLETED, wait

        return wait(futures, return_when=FIRST_COMPLETED)[0]

    def result(self, fut: Any) -> dict:
        from concurrent.futures.process import BrokenProcessPool

        try:
            result = fut.result()
        except BrokenProcessPool as exc:
            self._breaks += 1
            if self._breaks > 2 * self._workers + 2:
                raise GeoEventsError(
                    "worker processes keep dying before they finish a record; if you call "
                    "run_batch from a script, put the call under "
                    "`if __name__ == \"__main__\":`") from exc
            log.warning("a worker process died; starting a new pool")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._make()
            return {"error": "the worker process died while analysing this record "
                             "(out of memory or a crash)"}
        self._breaks = 0
        return result

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _run_chunk(tasks: list[tuple]) -> list[dict]:
    """Several records in one Dask task (amortises the per-task scheduling cost)."""
    return [_run_task(*args) for args in tasks]


class _Pending:
    """A record submitted to Dask; it travels inside a chunk."""

    __slots__ = ("result",)

    def __init__(self) -> None:
        self.result: dict | None = None


class _DaskEngine:
    """dask.distributed: a LocalCluster of ``workers`` processes, or the cluster at
    ``scheduler`` (``tcp://host:8786``). Records go in chunks of ``CHUNK``."""

    name = "dask"
    CHUNK = 8

    def __init__(self, workers: int, scheduler: str | None) -> None:
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError as exc:
            from .exceptions import DependencyMissingError

            raise DependencyMissingError("--engine dask needs dask.distributed: "
                                         "pip install 'dask[distributed]'") from exc
        self._cluster = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout=30)
            except (OSError, TimeoutError) as exc:
                raise InputError(f"cannot reach the Dask scheduler at {scheduler} "
                                 f"({exc})") from exc
        else:
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                         processes=True, dashboard_address=":0")
            self._client = Client(self._cluster)
        self._done = as_completed(with_results=True, raise_errors=False)
        self._buffer: list[tuple[_Pending, tuple]] = []
        self._chunks: dict[str, list[_Pending]] = {}

    def submit(self, *args: Any) -> _Pending:
        pending = _Pending()
        self._buffer.append((pending, args))
        if len(self._buffer) >= self.CHUNK:
            self._flush()
        return pending

    def _flush(self) -> None:
        if not self._buffer:
            return
        batch, self._buffer = self._buffer, []
        fut = self._client.submit(_run_chunk, [args for _, args in batch], pure=False)
        self._chunks[fut.key] = [p for p, _ in batch]
        self._done.add(fut)

    def wait(self, futures: set) -> set:
        self._flush()  # a partial chunk must not wait for company
        done: set[_Pending] = set()
        for fut, result in self._done.next_batch(block=True):
            members = self._chunks.pop(fut.key)
            if isinstance(result, BaseException):  # a worker was lost mid-chunk
                result = [{"error": f"the Dask worker failed on this record "
                                    f"({type(result).__name__}: {result})"}] * len(members)
            for pending, out in zip(members, result):
                pending.result = out
                done.add(pending)
            fut.release()
        return done

    def result(self, pending: _Pending) -> dict:
        return pending.result or {"error": "no result from the Dask worker"}

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


# -- rows for the combined tables ------------------------------------------------------
def _place_of(obj: dict | None) -> dict:
    return obj if isinstance(obj, dict) else {}


def event_columns() -> tuple[str, ...]:
    """Columns of events.csv / events.parquet: the ACLED-style columns plus the document."""
    from .acled import ACLED_COLUMNS

    return (*ACLED_COLUMNS, "source_document")


def event_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """ACLED-style rows for the events of one report, each with the ``source_document`` id."""
    from .acled import acled_rows

    doc_id = (report.get("document") or {}).get("id")
    return [{**row, "source_document": doc_id} for row in acled_rows(report)]


def _claim_row(doc_id: Any, c: dict) -> dict[str, Any]:
    tgt, ref = c.get("target") or {}, c.get("reference") or {}
    tp, rp = _place_of(tgt.get("place")), _place_of(ref.get("place"))
    st, me = c.get("stated") or {}, c.get("measured") or {}
    return {
        "document_id": doc_id, "kind": c.get("kind"), "text": c.get("text"),
        "start": c.get("start"), "end": c.get("end"), "target": tgt.get("text"),
        "target_place_id": tp.get("id"), "target_lat": tp.get("lat"),
        "target_lon": tp.get("lon"), "target_estimated": tgt.get("estimated"),
        "reference": ref.get("text"), "reference_place_id": rp.get("id"),
        "reference_lat": rp.get("lat"), "reference_lon": rp.get("lon"),
        "stated_value": st.get("value"), "stated_unit": st.get("unit"),
        "stated_value_km": st.get("value_km"), "stated_direction": st.get("direction"),
        "stated_qualifier": st.get("qualifier"),
        "measured_distance_km": me.get("distance_km"),
        "measured_bearing_deg": me.get("bearing_deg"),
        "measured_direction": me.get("direction"), "verdict": c.get("verdict"),
        "explanation": c.get("explanation"),
    }


def _place_row(doc_id: Any, m: dict) -> dict[str, Any]:
    p = _place_of(m.get("place"))
    return {"document_id": doc_id, "text": m.get("text"), "start": m.get("start"),
            "end": m.get("end"), "status": m.get("status"), "place_id": p.get("id"),
            "name": p.get("name"), "lat": p.get("lat"), "lon": p.get("lon"),
            "country_code": p.get("country_code"), "feature_code": p.get("feature_code"),
            "admin1": p.get("admin1"), "score": m.get("score")}


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    lat, lon = _number(row.get("latitude"), float), _number(row.get("longitude"), float)
    geom = ({"type": "Point", "coordinates": [lon, lat]}
            if lat is not None and lon is not None else None)
    return {"type": "Feature", "geometry": geom, "properties": row}


def _slim(report: dict[str, Any]) -> dict[str, Any]:
    """What the overview map needs of a report (no runner-up candidates)."""
    places = [{k: v for k, v in m.items() if k != "candidates"}
              for m in report.get("places") or [] if m.get("place")]
    return {**report, "places": places}


# -- atomic outputs ------------------------------------------------------------------------
class _Combined:
    """The combined outputs, appended record by record to temporary files."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.tmp = out / ".partial"
        if self.tmp.exists():  # left by a killed run: never renamed, so never visible
            for stale in self.tmp.iterdir():
                stale.unlink()
        self.tmp.mkdir(parents=True, exist_ok=True)
        self._files: dict[str, Any] = {}
        self.event_columns = event_columns()
        for name, cols in (("events.csv", self.event_columns), ("claims.csv", CLAIM_COLUMNS),
                           ("places.csv", PLACE_COLUMNS)):
            csv.writer(self._open(name), lineterminator="\n").writerow(cols)
        self._open("rejects.jsonl")
        self._open("events.geojson").write('{"type": "FeatureCollection", "features": [')
        self._n_features = 0
        self._rows: list[dict[str, Any]] = []
        self._parquet: Any = None
        self.map_reports: list[dict[str, Any]] = []

    def _open(self, name: str) -> Any:
        fh = open(self.tmp / name, "w", encoding="utf-8", newline="")
        self._files[name] = fh
        return fh

    def add(self, parts: dict[str, Any]) -> None:
        """Append one document's pre-rendered pieces (see ``_parts``)."""
        self._files["places.csv"].write(parts["places_csv"])
        self._files["claims.csv"].write(parts["claims_csv"])
        self._files["events.csv"].write(parts["events_csv"])
        geojson = self._files["events.geojson"]
        for feature in parts["features"]:
            geojson.write(("," if self._n_features else "") + "\n" + feature)
            self._n_features += 1
        self._rows.extend(parts["rows"])
        if len(self._rows) >= _PARQUET_BATCH:
            self._flush_parquet()
        if parts["slim"] is not None and len(self.map_reports) < MAP_MAX_DOCUMENTS:
            self.map_reports.append(parts["slim"])

    def add_reject(self, reject: Reject) -> None:
        self._files["rejects.jsonl"].write(json.dumps(reject.to_dict(), ensure_ascii=False)
                                           + "\n")

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if self._parquet is None:
            self._schema = _parquet_schema(self.event_columns)
            self._parquet = pq.ParquetWriter(self.tmp / "events.parquet", self._schema)
        rows, self._rows = self._rows, []
        if rows:
            self._parquet.write_table(_parquet_table(rows, pa, self._schema))

    def finish(self, summary: BatchSummary, *, offline_map: bool,
               gazetteer_path: str | None = None) -> None:
        self._files["events.geojson"].write("\n]}\n")
        self._flush_parquet()
        self._parquet.close()
        for fh in self._files.values():
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        names = ["events.csv", "events.geojson", "events.parquet", "claims.csv",
                 "places.csv", "rejects.jsonl"]
        summary.outputs = {n: str(self.out / n) for n in names}
        if self._write_map(offline_map, gazetteer_path):
            names.append("map.html")
            summary.outputs["map.html"] = str(self.out / "map.html")
        self.map_reports = []
        summary.outputs["summary.json"] = str(self.out / "summary.json")
        for name in names:
            os.replace(self.tmp / name, self.out / name)
        atomic_write(self.out / "summary.json",
                     json.dumps(summary.to_dict(), indent=2, ensure_ascii=False) + "\n")
        self.tmp.rmdir()

    def _write_map(self, offline: bool, gazetteer_path: str | None) -> bool:
        from .maps import save_map

        if len(self.map_reports) >= MAP_MAX_DOCUMENTS:
            log.info("overview map shows the first %d documents", MAP_MAX_DOCUMENTS)
        try:
            gaz = None
            if offline and gazetteer_path:  # the offline basemap draws from the gazetteer
                from .gazetteer import Gazetteer

                gaz = Gazetteer(gazetteer_path)
            save_map(self.map_reports, self.tmp / "map.html", offline=offline, gazetteer=gaz)
        except Exception as exc:  # a map failure must not lose the tables already written
            log.warning("overview map not written: %s: %s", type(exc).__name__, exc)
            return False
        return (self.tmp / "map.html").is_file()

    def abort(self) -> None:
        for fh in self._files.values():
            fh.close()
        if self._parquet is not None:
            self._parquet.close()
        for stale in self.tmp.iterdir():
            stale.unlink()
        self.tmp.rmdir()


def _parquet_schema(columns: tuple[str, ...]) -> Any:
    import pyarrow as pa

    fields = []
    for col in columns:
        typ = pa.float64() if col in _FLOAT_COLS else pa.int64() if col in _INT_COLS \
            else pa.string()
        fields.append(pa.field(col, typ))
    fields.append(pa.field("geometry", pa.binary()))
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"],
                                    "crs": _crs84()}}}
    return pa.schema(fields, metadata={b"geo": json.dumps(geo).encode()})


def _number(value: Any, kind: type) -> Any:
    try:
        return None if value is None or value == "" else kind(value)
    except (TypeError, ValueError):
        return None


def _parquet_table(rows: list[dict[str, Any]], pa: Any, schema: Any) -> Any:
    cols: dict[str, list] = {}
    for col in schema.names[:-1]:
        values = [r.get(col) for r in rows]
        if col in _FLOAT_COLS:
            values = [_number(v, float) for v in values]
        elif col in _INT_COLS:
            values = [_number(v, int) for v in values]
        else:
            values = [None if v is None else str(v) for v in values]
        cols[col] = values
    cols["geometry"] = [_wkb_point(r) for r in rows]
    return pa.Table.from_pydict(cols, schema=schema)


def _wkb_point(row: dict[str, Any]) -> bytes | None:
    lat, lon = _number(row.get("latitude"), float), _number(row.get("longitude"), float)
    return None if lat is None or lon is None else struct.pack("<BIdd", 1, 1, lon, lat)


def _crs84() -> dict[str, Any]:
    from pyproj import CRS

    return CRS("OGC:CRS84").to_json_dict()


# -- the run -------------------------------------------------------------------------------
@dataclass(slots=True)
class BatchSummary:
    """What a batch run did."""

    documents: int = 0  # analysed now + reused from an earlier run
    analysed: int = 0
    skipped: int = 0  # already done (same input hash)
    places: int = 0  # resolved place mentions
    unresolved: int = 0
    claims: dict[str, int] = field(default_factory=dict)  # by verdict
    events: int = 0
    rejects: int = 0
    seconds: float = 0.0
    engine: str = "local"
    workers: int = 1
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def documents_per_s(self) -> float:
        return self.analysed / self.seconds if self.seconds > 0 else 0.0

    def add(self, stats: dict[str, Any]) -> None:
        self.places += stats["places"]
        self.unresolved += stats["unresolved"]
        for verdict, n in stats["claims"].items():
            self.claims[verdict] = self.claims.get(verdict, 0) + n
        self.events += stats["events"]

    def to_dict(self) -> dict[str, Any]:
        return {"documents": self.documents, "analysed": self.analysed,
                "skipped": self.skipped, "places": self.places,
                "unresolved": self.unresolved, "claims": dict(sorted(self.claims.items())),
                "events": self.events, "rejects": self.rejects,
                "seconds": round(self.seconds, 3),
                "documents_per_s": round(self.documents_per_s, 2), "engine": self.engine,
                "workers": self.workers, "worker_peak_rss_mb": self.worker_peak_rss_mb,
                "outputs": self.outputs}

    def lines(self) -> list[str]:
        """The human summary."""
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(self.claims.items())) or "none"
        return [
            f"documents  {self.documents} ({self.analysed} analysed, {self.skipped} already "
            f"done)",
            f"places     {self.places} resolved, {self.unresolved} unresolved",
            f"claims     {sum(self.claims.values())} ({verdicts})",
            f"events     {self.events}",
            f"rejects    {self.rejects}",
            f"time       {self.seconds:.1f} s ({self.documents_per_s:.1f} documents/s, "
            f"{self.engine} engine, {self.workers} workers)",
        ]


def _resolve_gazetteer(gazetteer: Any, *, remote: bool) -> str | None:
    from .gazetteer import Gazetteer

    if gazetteer is None:
        if remote:
            return None  # each worker machine opens its own default index
        gazetteer = Gazetteer.open()
        gazetteer.close()
        return str(gazetteer.path)
    if isinstance(gazetteer, Gazetteer):
        return str(gazetteer.path)
    path = str(gazetteer)
    if not remote:
        Gazetteer(path).close()  # fail early, in the parent, with the index's own message
    return path


def _load_done(path: Path, sha: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    batch = data.get("batch") if isinstance(data, dict) else None
    if isinstance(batch, dict) and batch.get("input_sha256") == sha \
            and batch.get("geo_events_version") == __version__:
        return data
    return None


def run_batch(source: str | os.PathLike[str], out: str | os.PathLike[str], *,
              workers: int | None = None, engine: str = "local", scheduler: str | None = None,
              gazetteer: Gazetteer | str | os.PathLike[str] | None = None,
              process: ProcessFn | None = None, text_column: str = "text",
              max_bytes: int = MAX_INPUT_BYTES, offline_map: bool = False,
              progress: bool = False, resume: bool = True,
              window: int | None = None) -> BatchSummary:
    """Analyse every record of ``source`` into ``out``; see the module docstring.

    ``process(payload, gazetteer) -> report dict`` runs in the workers (default
    ``analyze_record``); it must be importable by them (a module-level function). Workers
    are spawned, so a script that calls this needs the ``if __name__ == "__main__":`` guard.
    """
    if engine not in ("local", "dask"):
        raise InputError(f"unknown engine {engine!r}; use 'local' or 'dask'")
    workers = max(1, workers or os.cpu_count() or 1)
    window = window or max(16, 8 * workers) * (_DaskEngine.CHUNK if engine == "dask" else 1)
    records = iter_records(source, text_column=text_column, max_bytes=max_bytes)
    gaz_path = _resolve_gazetteer(gazetteer, remote=engine == "dask" and bool(scheduler))
    process = process or analyze_record
    out = Path(out)
    reports = out / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    from filelock import FileLock, Timeout

    lock = FileLock(str(out / ".lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise InputError(f"{out}: another batch run is writing there; wait for it or "
                         f"choose another --out") from None
    try:
        return _run_locked(records, out, reports, source=source, workers=workers,
                           engine=engine, scheduler=scheduler, gaz_path=gaz_path,
                           process=process, offline_map=offline_map, progress=progress,
                           resume=resume, window=window)
    finally:
        lock.release()


def _run_locked(records: Iterator[Record | Reject], out: Path, reports: Path, *,
                source: str | os.PathLike[str], workers: int, engine: str,
                scheduler: str | None, gaz_path: str | None, process: ProcessFn,
                offline_map: bool, progress: bool, resume: bool,
                window: int) -> BatchSummary:
    for stale in reports.glob(".*.tmp"):  # a killed run's unfinished write, never renamed
        stale.unlink(missing_ok=True)
    summary = BatchSummary(engine=engine, workers=workers)
    started = time.perf_counter()
    runner = _DaskEngine(workers, scheduler) if engine == "dask" else _LocalEngine(workers)
    combined = _Combined(out)
    bar = _Progress(count_records(source) if progress else None, enabled=progress)
    rss: dict[int, int] = {}
    try:
        ready: dict[int, tuple[Record | Reject, dict | None]] = {}  # index -> parts
        inflight: dict[Any, Record] = {}
        next_write = 0
        next_read = 0
        exhausted = False

        def emit(item: Record | Reject, parts: dict | None) -> None:
            if isinstance(item, Reject):
                summary.rejects += 1
                combined.add_reject(item)
            elif parts is not None:
                summary.documents += 1
                summary.add(parts["stats"])
                combined.add(parts)
            bar.advance()

        def meta(record: Record) -> dict[str, Any]:
            return {"input_sha256": record.sha256, "geo_events_version": __version__,
                    "source": record.source, "url": record.url,
                    "warnings": list(record.warnings),
                    "map": record.index < MAP_MAX_DOCUMENTS}

        while True:
            while not exhausted and next_read - next_write < window:
                item = next(records, None)
                if item is None:
                    exhausted = True
                    break
                next_read = item.index + 1
                if isinstance(item, Reject):
                    ready[item.index] = (item, None)
                    continue
                target = reports / f"{safe_name(item.id)}.json"
                done = _load_done(target, item.sha256) if resume else None
                if done is not None:
                    summary.skipped += 1
                    done.pop("batch", None)
                    ready[item.index] = (item, _parts(done, meta(item)))
                else:
                    inflight[runner.submit(item.payload(), gaz_path, process,
                                           meta(item))] = item
            while next_write in ready:
                emit(*ready.pop(next_write))
                next_write += 1
            if not inflight:
                if exhausted and not ready:
                    break
                continue
            for fut in runner.wait(set(inflight)):
                record = inflight.pop(fut)
                result = runner.result(fut)
                if "pid" in result:
                    rss[result["pid"]] = max(rss.get(result["pid"], 0), result["maxrss_kb"])
                parts = result.get("parts")
                if parts is None:
                    reason = result.get("error") or "the per-record function returned no report"
                    ready[record.index] = (Reject(record.index, record.source, reason,
                                                  record.id), None)
                    continue
                atomic_write(reports / f"{safe_name(record.id)}.json", parts.pop("json"))
                summary.analysed += 1
                ready[record.index] = (record, parts)
    except BaseException:
        combined.abort()
        raise
    finally:
        bar.close()
        runner.close()
    summary.seconds = time.perf_counter() - started
    summary.worker_peak_rss_mb = {f"worker-{n + 1}": round(kb / 1024, 1)
                                  for n, (_, kb) in enumerate(sorted(rss.items()))}
    combined.finish(summary, offline_map=offline_map, gazetteer_path=gaz_path)
    return summary


class _Progress:
    """A rich progress bar on stderr (rate and ETA), or nothing."""

    def __init__(self, total: int | None, *, enabled: bool) -> None:
        self._bar = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        self._bar = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                             TextColumn("[progress.data.speed]{task.fields[rate]}"),
                             TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                             console=Console(stderr=True), transient=False)
        self._task = self._bar.add_task("batch", total=total, rate="")
        self._bar.start()

    def advance(self) -> None:
        if self._bar is not None:
            task = self._bar.tasks[0]
            speed = task.speed
            self._bar.update(self._task, advance=1,
                             rate=f"{speed:.1f} docs/s" if speed else "")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
