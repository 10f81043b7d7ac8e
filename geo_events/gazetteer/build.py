"""Building an index file: where it goes, the lock, and the atomic rename.

Lookup order for the index used at query time (see :func:`resolve_path`):

1. the ``path`` argument (``--gazetteer`` on the command line);
2. the ``GEO_EVENTS_GAZETTEER`` environment variable;
3. ``<user cache dir>/geo-events/gazetteer-v<schema>-<build>.sqlite`` (``platformdirs``),
   built from the pip-installed sources on first use. ``<build>`` fingerprints the bundled
   curated supplement and the code that reads the sources, so a release that changes either
   rebuilds the index instead of reusing a stale one (older default indexes are then
   deleted).
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from ..exceptions import GazetteerBuildError
from .schema import SCHEMA_VERSION, IndexWriter

log = logging.getLogger(__name__)

ENV_VAR = "GEO_EVENTS_GAZETTEER"


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("geo-events", appauthor=False))


@cache
def _build_tag() -> str:
    """Fingerprint of what the default index is built with: the curated supplement and the
    code that turns the installed sources into rows."""
    from importlib import resources

    digest = hashlib.sha256()
    digest.update(resources.files("geo_events.supplement").joinpath("supplement.csv")
                  .read_bytes())
    for module in ("sources.py", "schema.py"):
        digest.update(resources.files("geo_events.gazetteer").joinpath(module).read_bytes())
    return digest.hexdigest()[:8]


def default_path() -> Path:
    return cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{_build_tag()}.sqlite"


def _prune_stale(target: Path) -> None:
    """Delete default indexes of other schema versions or builds (200 MB each)."""
    for old in target.parent.glob("gazetteer-v*.sqlite*"):
        if old.name not in (target.name, target.name + ".lock"):
            try:
                old.unlink()
            except OSError as exc:  # in use elsewhere (Windows) or read-only: keep it
                log.info("could not delete stale index %s: %s", old, exc)


def resolve_path(path: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The index path to use, and whether it is the auto-built default."""
    if path is not None:
        return Path(path), False
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env), False
    return default_path(), True


def _stderr_progress(quiet: bool) -> Callable[[str], None]:
    start = time.perf_counter()

    def report(step: str) -> None:
        log.info("gazetteer build: %s", step)
        if not quiet:
            print(f"[{time.perf_counter() - start:5.1f}s] gazetteer: {step}", file=sys.stderr,
                  flush=True)

    return report


def build(path: str | os.PathLike[str] | None = None, *, geonames_dir: str | None = None,
          natural_earth_dir: str | None = None, supplement: str | None = None,
          quiet: bool = False, progress: Callable[[str], None] | None = None,
          if_missing: bool = False) -> Path:
    """Build an index at ``path`` (default: the user cache) and return where it is.

    Without ``geonames_dir`` the sources are the pip-installed packages; with it, GeoNames
    dump files the user downloaded. ``natural_earth_dir`` adds admin-1 polygons, rivers and
    lakes. The file appears atomically: built under a temporary name, then renamed, while a
    lock file keeps a second process from building the same file at the same time.
    """
    from filelock import FileLock

    target, _ = resolve_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    report = progress or _stderr_progress(quiet)
    with FileLock(str(target) + ".lock", timeout=900):
        if if_missing and target.exists():  # another process built it while we waited
            return target
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        writer = IndexWriter(str(tmp))
        try:
            if geonames_dir:
                from .geonames import build_geonames

                meta = build_geonames(writer, Path(geonames_dir), report,
                                      Path(supplement) if supplement else None)
            else:
                from .sources import build_default

                meta = build_default(writer, report,
                                     Path(supplement) if supplement else None)
            if natural_earth_dir:
                from .naturalearth import add_natural_earth

                meta.update(add_natural_earth(writer, Path(natural_earth_dir), report))
            report("indexing")
            meta["built_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            writer.finish(meta)
            os.replace(tmp, target)
        except BaseException as exc:
            writer.abort()
            tmp.unlink(missing_ok=True)
            if isinstance(exc, (OSError, ValueError, KeyError)) and not isinstance(
                    exc, GazetteerBuildError):
                raise GazetteerBuildError(f"gazetteer build failed: {exc}") from exc
            raise
    report(f"done: {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return target


def ensure(path: str | os.PathLike[str] | None = None, *, quiet: bool = False) -> Path:
    """Return a usable index path, building the default one on first use."""
    target, is_default = resolve_path(path)
    if target.exists() or not is_default:
        return target
    log.warning("no gazetteer index yet; building %s from the installed sources", target)
    built = build(target, quiet=quiet, if_missing=True)
    _prune_stale(built)
    return built
