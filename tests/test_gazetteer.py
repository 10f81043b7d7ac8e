"""The gazetteer: the default index (session fixture), bad input, index-file errors, the
full GeoNames build and the Natural Earth shapes from fixture files written here, build
atomicity and locking, and the ``geo-events gazetteer`` CLI."""

from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo_events.cli import main as cli_main
from geo_events.exceptions import (GazetteerBuildError, GazetteerCorruptError,
                                   GazetteerNotFoundError, GazetteerStaleError)
from geo_events.gazetteer import Gazetteer, build
from geo_events.gazetteer.schema import SCHEMA_VERSION

DATA = Path(__file__).parent / "data"
CASES = [json.loads(line) for line in (DATA / "gazetteer_cases.jsonl").read_text(
    "utf-8").splitlines() if line.strip()]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


# -- the default gazetteer ----------------------------------------------------------------
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_default_top_candidate(gazetteer, case):
    found = gazetteer.search(case["name"])
    assert found, f"no candidate for {case['name']!r}"
    top = found[0].place
    if "country" in case:
        assert top.country_code == case["country"]
    if "feature_class" in case:
        assert top.feature_class == case["feature_class"]
    if "feature_code" in case:
        assert top.feature_code == case["feature_code"]
    if "admin1_code" in case:
        assert top.admin1_code == case["admin1_code"]
    if "name_is" in case:
        assert top.name == case["name_is"]
    if "max_km" in case:
        assert km(top.lat, top.lon, case["lat"], case["lon"]) <= case["max_km"]


def test_syria_polygon_contains_raqqa(gazetteer):
    import shapely

    syria = gazetteer.search("Syria")[0].place
    shape = gazetteer.geometry(syria.id)
    assert shape is not None and shape.contains(shapely.Point(39.01, 35.95))
    assert not shape.contains(shapely.Point(42.83, 33.64))  # Hit is in Iraq


def test_paris_texas_with_country_filter(gazetteer):
    us = gazetteer.search("Paris", country="US", limit=20)
    assert us and all(c.place.country_code == "US" for c in us)
    assert any(km(c.place.lat, c.place.lon, 33.66, -95.56) < 5 for c in us)
    assert km(us[0].place.lat, us[0].place.lon, 33.66, -95.56) < 5  # the largest US Paris


def test_tripoli_lists_libya_and_lebanon(gazetteer):
    countries = {c.place.country_code for c in gazetteer.search("Tripoli", feature="P")}
    assert {"LY", "LB"} <= countries


def test_nearest_and_containing_hit(gazetteer):
    (place, dist), = gazetteer.nearest(33.64, 42.83)
    assert place.id == "geonames:95788" and place.feature_class == "P" and dist < 1
    inside = gazetteer.containing(33.64, 42.83)
    assert inside.country is not None and inside.country.country_code == "IQ"
    assert inside.admin1 is not None and inside.admin1.admin1_code == "IQ.01"


def test_area_centre_ignores_an_isolated_island_but_not_a_chain():
    from geo_events.gazetteer.sources import _centre

    coast = [(-33.0 + 0.05 * i, -71.5 + 0.02 * (i % 7), 1000) for i in range(40)]  # a region
    lat, lon, _ = _centre(coast + [(-27.1, -109.4, 8000)])  # ...and an island 3,700 km out
    assert abs(lat + 32.0) < 1.0 and abs(lon + 71.45) < 0.5
    chain = [(20.0 + 0.1 * i, -156.0 - 0.1 * i, 1000) for i in range(30)]  # islands in a row
    lat, lon, _ = _centre(chain)
    assert abs(lat - 21.45) < 0.2 and abs(lon + 157.45) < 0.2


def test_towns_of_an_area(gazetteer):
    anbar = gazetteer.towns("iq", "IQ.01")
    assert {"Hīt", "Ramadi", "Al Fallūjah"} <= {p.name for p in anbar}
    assert all(p.feature_class == "P" and p.admin1_code == "IQ.01" for p in anbar)
    pops = [p.population or 0 for p in anbar]
    assert pops == sorted(pops, reverse=True)  # most populous first
    assert len(gazetteer.towns("IQ")) > len(anbar) and gazetteer.towns("ZZ") == []


@pytest.mark.parametrize("lat, lon, country", [
    (20.878, -156.683, "US"),  # Lahaina: the town's point is just off the 10m coastline
    (-18.14, 178.44, "FJ"),  # Suva
])
def test_coastal_town_outside_the_polygon_keeps_its_country(gazetteer, lat, lon, country):
    inside = gazetteer.containing(lat, lon)
    assert inside.country is not None and inside.country.country_code == country
    assert gazetteer.containing(30.0, -40.0).country is None  # open ocean stays nowhere


@pytest.mark.parametrize("name", [
    "", " ", "\x00", "Hit\x00; DROP TABLE places;--", "'", '"', "%", "_", "%%__%%", "a" * 10_000,
    "Baghdad' OR '1'='1", "\u202eevil", "🙂", "--", "*", "?", "\\", "Hi%", "Ba_hdad",
], ids=lambda n: repr(n[:20]))
def test_bad_names_do_not_crash(gazetteer, name):
    found = gazetteer.search(name)
    assert isinstance(found, list) and len(found) <= 10
    for c in found:
        assert c.place.id and 0 <= c.score <= 2
    # wildcards are literal text: "%" or "_" never matches everything
    if name.strip("%_") == "":
        assert found == []


def test_sql_wildcards_are_not_patterns(gazetteer):
    assert all(c.place.name != "Baghdad" for c in gazetteer.search("Ba_hdad", fuzzy=False))


# -- index file errors --------------------------------------------------------------------
def test_missing_index_says_how_to_rebuild(tmp_path):
    with pytest.raises(GazetteerNotFoundError, match="gazetteer build"):
        Gazetteer(tmp_path / "absent.sqlite")


def test_corrupt_index(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(GazetteerCorruptError, match="gazetteer build"):
        Gazetteer(path)


def test_default_index_is_named_by_schema_and_build(monkeypatch, tmp_path):
    import importlib

    build_mod = importlib.import_module("geo_events.gazetteer.build")  # not the function
    monkeypatch.setattr(build_mod, "cache_dir", lambda: tmp_path)
    name = build_mod.default_path().name
    assert name.startswith(f"gazetteer-v{SCHEMA_VERSION}-") and name.endswith(".sqlite")
    assert len(name.split("-")[-1]) == len("0123abcd.sqlite")  # the build fingerprint
    # an upgrade's build deletes the stale default indexes, and nothing else
    stale = [tmp_path / "gazetteer-v4.sqlite", tmp_path / "gazetteer-v4.sqlite.lock",
             tmp_path / f"gazetteer-v{SCHEMA_VERSION}-00000000.sqlite"]
    keep = [tmp_path / name, tmp_path / f"{name}.lock", tmp_path / "other.txt"]
    for p in stale + keep:
        p.write_bytes(b"x")
    build_mod._prune_stale(tmp_path / name)
    assert [p.exists() for p in stale] == [False] * 3
    assert [p.exists() for p in keep] == [True] * 3


def test_stale_index(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    db.commit()
    db.close()
    with pytest.raises(GazetteerStaleError, match="gazetteer build"):
        Gazetteer(path)


# -- GeoNames fixture files in the real formats --------------------------------------------
# geonameid, name, asciiname, alternatenames, lat, lon, class, code, cc, admin1, admin2, pop
PLACES = [
    (99237, "Iraq", "Iraq", "Irak,العراق", 33.0, 44.0, "A", "PCLI", "IQ", "00", "", 38433600),
    (99592, "Al Anbār", "Al Anbar", "Anbar,Anbar Province", 33.0, 42.0, "A", "ADM1", "IQ",
     "01", "", 1561400),
    (95787, "Qaḑā’ Hīt", "Qada' Hit", "Hit District", 33.85, 42.6, "A", "ADM2", "IQ", "01",
     "95787", 0),
    (95788, "Hīt", "Hit", "Hit,Hiet,هيت", 33.63664, 42.82768, "P", "PPLA2", "IQ", "01", "95787",
     31901),
    (99300, "Nahr al Furāt", "Nahr al Furat", "Euphrates,Firat", 34.4, 41.0, "H", "STM", "IQ",
     "00", "", 0),
    (9990001, "Al Asad Air Base", "Al Asad Air Base", "ORAA,Ain al Asad Airbase", 33.7856,
     42.4412, "S", "AIRB", "IQ", "01", "95787", 0),
    (9990002, "Tall ‘Afar", "Tall `Afar", "Tal Afar", 36.37674, 42.44901, "P", "PPLA2", "IQ",
     "15", "", 0),
    (163843, "Syria", "Syria", "Syrie,سوريا", 35.0, 38.0, "A", "PCLI", "SY", "00", "",
     22933531),
    (172955, "Ar Raqqah", "Ar Raqqah", "Raqqa,Rakka", 35.95283, 39.00788, "P", "PPLA", "SY",
     "04", "", 177636),
    (3017382, "France", "France", "Frankreich", 46.0, 2.0, "A", "PCLI", "FR", "00", "",
     66987244),
    (2988507, "Paris", "Paris", "Lutetia,Parigi,PAR,LFPG", 48.85341, 2.3488, "P", "PPLC", "FR",
     "11", "75", 2138551),
    (6252001, "United States", "United States", "USA", 39.76, -98.5, "A", "PCLI", "US", "00",
     "", 327167434),
    (4736286, "Texas", "Texas", "TX", 31.25044, -99.25061, "A", "ADM1", "US", "TX", "",
     22875689),
    (4717560, "Paris", "Paris", "", 33.66094, -95.55551, "P", "PPLA2", "US", "TX", "277",
     24782),
    (4246659, "Paris", "Paris", "", 39.61115, -87.69614, "P", "PPLA2", "US", "IL", "045", 8665),
    (4250542, "Springfield", "Springfield", "", 39.80172, -89.64371, "P", "PPLA", "US", "IL",
     "167", 116565),
    (4409896, "Springfield", "Springfield", "", 37.21533, -93.29824, "P", "PPLA2", "US", "MO",
     "077", 166810),
    (4951788, "Springfield", "Springfield", "", 42.10148, -72.58981, "P", "PPLA2", "US", "MA",
     "013", 154341),
    (2215636, "Libya", "Libya", "ليبيا", 28.0, 17.0, "A", "PCLI", "LY", "00", "", 6678567),
    (2210247, "Tripoli", "Tripoli", "Tarabulus,طرابلس", 32.88743, 13.18733, "P", "PPLC", "LY",
     "77", "", 1150989),
    (272103, "Lebanon", "Lebanon", "Liban,لبنان", 33.83333, 35.83333, "A", "PCLI", "LB", "00",
     "", 6848925),
    (266826, "Tripoli", "Tripoli", "Trablous,طرابلس", 34.43667, 35.84972, "P", "PPLA", "LB",
     "09", "", 229398),
]
ALTERNATES = [  # alternateNameId, geonameid, isolanguage, name, pref, short, colloq, historic
    (1, 95788, "ar", "هيت", "", "", "", ""),
    (2, 95788, "en", "Hit", "1", "", "", ""),
    (3, 95788, "link", "https://en.wikipedia.org/wiki/Hit,_Iraq", "", "", "", ""),
    (4, 95788, "post", "31007", "", "", "", ""),
    (5, 9990001, "icao", "ORAA", "", "", "", ""),
    (6, 9990001, "en", "Qadisiyah Airbase", "", "", "", "1"),
    (7, 99300, "en", "Euphrates", "1", "", "", ""),
    (8, 99300, "ar", "الفرات", "", "", "", ""),
    (9, 2988507, "en", "Paris", "1", "", "", ""),
    (10, 2988507, "la", "Lutetia", "", "", "", "1"),
    (11, 2988507, "en", "City of Light", "", "", "1", ""),
    (12, 4717560, "iata", "PRX", "", "", "", ""),
    (13, 2210247, "ar", "طرابلس", "", "", "", ""),
    (14, 266826, "ar", "طرابلس", "", "", "", ""),
    (15, 99237, "ar", "العراق", "", "", "", ""),
    (16, 172955, "en", "Raqqa", "", "", "", ""),
    (17, 99592, "en", "Anbar", "", "", "", ""),
    (18, 163843, "en", "Syria", "", "", "", ""),
    (19, 4250542, "wkdt", "Q28515", "", "", "", ""),
]
ADMIN1 = [("IQ.01", "Anbar", "Anbar", 99592), ("SY.04", "Ar-Raqqah", "Ar-Raqqah", 172957),
          ("FR.11", "Île-de-France", "Ile-de-France", 3012874),
          ("US.TX", "Texas", "Texas", 4736286), ("US.IL", "Illinois", "Illinois", 4896861),
          ("US.MO", "Missouri", "Missouri", 4398678),
          ("US.MA", "Massachusetts", "Massachusetts", 6254926),
          ("LY.77", "Tripoli", "Tripoli", 2210245), ("LB.09", "Liban-Nord", "Liban-Nord", 266841)]
ADMIN2 = [("IQ.01.95787", "Qaḑā’ Hīt", "Qada' Hit", 95787),
          ("US.TX.277", "Lamar County", "Lamar County", 4705086)]
COUNTRIES = [  # ISO, ISO3, numeric, fips, name, capital, area, population, continent, ..., gid
    ("IQ", "IRQ", "368", "IZ", "Iraq", "Baghdad", "437072", "38433600", "AS", 99237),
    ("SY", "SYR", "760", "SY", "Syria", "Damascus", "185180", "22933531", "AS", 163843),
    ("FR", "FRA", "250", "FR", "France", "Paris", "547030", "66987244", "EU", 3017382),
    ("US", "USA", "840", "US", "United States", "Washington", "9629091", "327167434", "NA",
     6252001),
    ("LY", "LBY", "434", "LY", "Libya", "Tripoli", "1759540", "6678567", "AF", 2215636),
    ("LB", "LBN", "422", "LE", "Lebanon", "Beirut", "10400", "6848925", "AS", 272103),
]


def place_line(p: tuple) -> str:
    gid, name, ascii_, alts, lat, lon, fclass, fcode, cc, a1, a2, pop = p
    cols = [gid, name, ascii_, alts, lat, lon, fclass, fcode, cc, "", a1, a2, "", "", pop, "",
            "50", "Asia/Baghdad", "2024-01-01"]
    return "\t".join(str(c) for c in cols) + "\n"


def write_geonames(folder: Path, *, zipped: bool = False, alternates: bool = True) -> Path:
    """GeoNames dump files for the fixture places, in the real tab-separated formats."""
    folder.mkdir(parents=True, exist_ok=True)
    places = "".join(place_line(p) for p in PLACES)
    if zipped:
        with zipfile.ZipFile(folder / "allCountries.zip", "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("allCountries.txt", places)
    else:
        (folder / "allCountries.txt").write_text(places, "utf-8")
    if alternates:
        rows = "".join("\t".join(str(c) for c in (*a, "", "")) + "\n" for a in ALTERNATES)
        with zipfile.ZipFile(folder / "alternateNamesV2.zip", "w") as zf:
            zf.writestr("alternateNamesV2.txt", rows)
            zf.writestr("iso-languagecodes.txt", "ISO 639-3\tISO 639-2\n")
    (folder / "admin1CodesASCII.txt").write_text(
        "".join("\t".join(map(str, r)) + "\n" for r in ADMIN1), "utf-8")
    (folder / "admin2Codes.txt").write_text(
        "".join("\t".join(map(str, r)) + "\n" for r in ADMIN2), "utf-8")
    head = "# GeoNames country info\n#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\n"
    (folder / "countryInfo.txt").write_text(head + "".join(
        "\t".join([*map(str, c[:9]), "", "", "", "", "", "", "", str(c[9]), "", ""]) + "\n"
        for c in COUNTRIES), "utf-8")
    return folder


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Gazetteer:
    root = tmp_path_factory.mktemp("geonames")
    path = build(root / "g.sqlite", geonames_dir=str(write_geonames(root / "dump")), quiet=True)
    gaz = Gazetteer(path)
    yield gaz
    gaz.close()


def test_full_build_meta(full):
    info = full.info()
    assert info["flavour"] == "geonames"
    files = json.loads(info["geonames_files"])
    assert files["places"] == ["allCountries.txt"]
    assert files["alternate_names"] == ["alternateNamesV2.zip"]
    assert info["geometries"]["country"] == len(COUNTRIES)
    tables = {r[0] for r in sqlite3.connect(full.path).execute(
        "SELECT name FROM sqlite_master")}
    assert "_gn_alt" not in tables  # the scratch table is gone


def test_full_ambiguous_names(full):
    assert full.search("Paris")[0].place.id == "geonames:2988507"
    us = full.search("Paris", country="US")
    assert [c.place.id for c in us] == ["geonames:4717560", "geonames:4246659"]
    assert us[0].place.admin1 == "Texas" and us[0].place.admin2 == "Lamar County"
    springs = full.search("Springfield", country="US")
    assert {c.place.admin1 for c in springs} == {"Illinois", "Missouri", "Massachusetts"}
    assert {c.place.country_code for c in full.search("Tripoli")} == {"LY", "LB"}


@pytest.mark.parametrize("name, place_id, match", [
    ("Heet", "geonames:95788", "alternate"),  # the curated supplement in the full build
    ("هيت", "geonames:95788", "alternate"),  # alternateNames, non-Latin
    ("Hit", "geonames:95788", "exact"),
    ("ORAA", "geonames:9990001", "alternate"),  # icao code kept for class S
    ("Qadisiyah Airbase", "geonames:9990001", "alternate"),  # historic name kept
    ("Anbar", "geonames:99592", "alternate"),
    ("Ain al-Asad", "geonames:9990001", "alternate"),  # supplement icao:ORAA -> GeoNames ORAA
    ("Tel Afar", "geonames:9990002", "alternate"),  # curated place merged into GeoNames'
    ("Euphrates River", "geonames:99300", "alternate"),  # curated river merged too
    ("Iraq", "geonames:99237", "exact"),
    ("Frankreich", None, None),  # only the alternatenames column has it: file wins
    ("City of Light", None, None),  # colloquial: dropped
    ("PRX", None, None),  # iata on a class P row: dropped
    ("Q28515", None, None),  # wkdt: dropped
    ("31007", None, None),  # post: dropped
])
def test_full_names(full, name, place_id, match):
    found = full.search(name, fuzzy=False)
    if place_id is None:
        assert found == []
    else:
        assert found and found[0].place.id == place_id and found[0].match == match


def test_full_curated_places_are_not_duplicated(full):
    assert [c.place.id for c in full.search("Euphrates", fuzzy=False)] == ["geonames:99300"]
    assert full.get("geonames:99300").kind == "river"
    assert full.search("الفرات")[0].place.id == "geonames:99300"
    assert [c.place.id for c in full.search("Tal Afar")] == ["geonames:9990002"]
    assert full.get("curated:euphrates") is None and full.get("curated:tal-afar") is None
    assert full.get("icao:ORAA") is None  # GeoNames holds the base
    # curated places GeoNames lacks are added as in the default build
    assert full.search("Habbaniyah")[0].place.id == "curated:habbaniyah"
    info = full.info()
    assert int(info["supplement_merged"]) >= 2 and int(info["supplement_added"]) >= 1


def test_full_admin_codes_and_containment(full):
    assert full.admin("IQ").id == "geonames:99237"
    assert full.admin("IQ.01").id == "geonames:99592"
    assert full.admin("IQ.01.95787").id == "geonames:95787"
    assert full.admin("US.TX").name == "Texas"
    hit = full.get("geonames:95788")
    assert (hit.admin1, hit.admin1_code, hit.admin2) == ("Anbar", "IQ.01", "Qaḑā’ Hīt")
    (near, _), = full.nearest(33.64, 42.83)
    assert near.id == "geonames:95788"
    inside = full.containing(33.64, 42.83)
    assert inside.country.id == "geonames:99237" and inside.admin1.id == "geonames:99592"
    assert inside.method == "nearest-town"
    assert full.containing(35.95, 39.01).country.id == "geonames:163843"


def test_full_build_zipped_without_alternate_file(tmp_path):
    folder = write_geonames(tmp_path / "dump", zipped=True, alternates=False)
    with Gazetteer(build(tmp_path / "z.sqlite", geonames_dir=str(folder), quiet=True)) as gaz:
        assert json.loads(gaz.info()["geonames_files"])["places"] == ["allCountries.zip"]
        # without alternateNames, the alternatenames column is the source of names
        assert gaz.search("Frankreich")[0].place.id == "geonames:3017382"
        assert gaz.search("Hiet")[0].place.id == "geonames:95788"
        assert gaz.search("PAR", fuzzy=False) == []  # airport codes only on class S
        assert gaz.search("ORAA")[0].place.id == "geonames:9990001"
        assert gaz.search("USA")[0].place.id == "geonames:6252001"  # countryInfo ISO3
        assert gaz.search("Heet")[0].place.id == "geonames:95788"
        # no ICAO codes without alternateNames: the base comes from airportsdata
        assert gaz.search("Ain al-Asad")[0].place.id == "icao:ORAA"


def test_full_build_per_country_files_without_code_files(tmp_path):
    """IQ.zip + SY.zip, alternate names per country in alternatenames/, no admin code or
    countryInfo files: admin keys then come from the PCLI/ADM1/ADM2 rows themselves."""
    folder = tmp_path / "dump"
    write_geonames(folder)
    for name in ("allCountries.txt", "admin1CodesASCII.txt", "admin2Codes.txt",
                 "countryInfo.txt"):
        (folder / name).unlink()
    (folder / "alternateNamesV2.zip").rename(tmp_path / "moved.zip")
    (folder / "alternatenames").mkdir()
    rows = "".join("\t".join(str(c) for c in (*a, "", "")) + "\n" for a in ALTERNATES)
    (folder / "alternatenames" / "IQ.txt").write_text(rows, "utf-8")
    for cc in ("IQ", "SY"):
        rows = "".join(place_line(p) for p in PLACES if p[8] == cc)
        with zipfile.ZipFile(folder / f"{cc}.zip", "w") as zf:
            zf.writestr(f"{cc}.txt", rows)
            zf.writestr("readme.txt", "GeoNames per-country dump\n")
    with Gazetteer(build(tmp_path / "cc.sqlite", geonames_dir=str(folder), quiet=True)) as gaz:
        files = json.loads(gaz.info()["geonames_files"])
        assert files == {"places": ["IQ.zip", "SY.zip"], "alternate_names": ["IQ.txt"]}
        assert gaz.search("هيت")[0].place.id == "geonames:95788"
        assert gaz.search("Paris", fuzzy=False) == []
        assert gaz.admin("IQ").id == "geonames:99237"
        assert gaz.admin("IQ.01").id == "geonames:99592"
        assert gaz.admin("IQ.01.95787").id == "geonames:95787"
        hit = gaz.get("geonames:95788")
        assert hit.admin1_code == "IQ.01" and hit.admin1 is None  # no names without the files
        assert gaz.containing(33.64, 42.83).country.id == "geonames:99237"


def test_full_build_without_places_file_names_what_it_looked_for(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "admin1CodesASCII.txt").write_text("IQ.01\tAnbar\tAnbar\t99592\n", "utf-8")
    target = tmp_path / "none.sqlite"
    with pytest.raises(GazetteerBuildError, match="allCountries.*IQ.zip"):
        build(target, geonames_dir=str(folder), quiet=True)
    assert not target.exists()


@pytest.mark.parametrize("breakage", ["short-row", "bad-number", "bad-zip"])
def test_failed_build_leaves_nothing_behind(tmp_path, breakage):
    folder = write_geonames(tmp_path / "dump")
    target = tmp_path / "out" / "g.sqlite"
    if breakage == "short-row":
        with open(folder / "allCountries.txt", "a", encoding="utf-8") as fh:
            fh.write("12345\tBroken\n")
    elif breakage == "bad-number":
        with open(folder / "allCountries.txt", "a", encoding="utf-8") as fh:
            fh.write(place_line((1, "X", "X", "", "north", 1.0, "P", "PPL", "IQ", "01", "", 0)))
    else:
        (folder / "alternateNamesV2.zip").write_bytes(b"PK\x03\x04 truncated download")
    line = len(PLACES) + 1
    with pytest.raises(GazetteerBuildError, match=f"allCountries.txt:{line}:|not a readable zip"):
        build(target, geonames_dir=str(folder), quiet=True)
    left = sorted(p.name for p in target.parent.iterdir())
    assert left == ["g.sqlite.lock"]  # no index, no temp file


BUILDER = """
import sys, time
from geo_events.gazetteer import Gazetteer, build

def progress(step):
    with open(sys.argv[3], "a", encoding="utf-8") as fh:
        fh.write(f"{sys.argv[4]}\t{time.monotonic()}\t{step}\\n")

path = build(sys.argv[1], geonames_dir=sys.argv[2], progress=progress)
print(Gazetteer(path).search("Hit")[0].place.id)
"""


def test_concurrent_builds_both_succeed(tmp_path):
    folder = write_geonames(tmp_path / "dump")
    target = tmp_path / "shared.sqlite"
    log = tmp_path / "progress.log"
    procs = [subprocess.Popen([sys.executable, "-c", BUILDER, str(target), str(folder),
                               str(log), str(n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert [out.strip() for out, _ in outs] == ["geonames:95788"] * 2
    with Gazetteer(target) as gaz:
        assert gaz.search("Tripoli")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "dump", "progress.log", "shared.sqlite", "shared.sqlite.lock"]
    # the lock serialises them: one build's steps all come before the other's
    spans: dict[str, list[float]] = {}
    for line in log.read_text("utf-8").splitlines():
        who, when, step = line.split("\t", 2)
        if not step.startswith("done"):  # "done" is reported after the lock is released
            spans.setdefault(who, []).append(float(when))
    (a_start, a_end), (b_start, b_end) = sorted((min(t), max(t)) for t in spans.values())
    assert a_end <= b_start


# -- Natural Earth shapes ------------------------------------------------------------------
def feature(props: dict, kind: str, coords: list) -> dict:
    return {"type": "Feature", "properties": props, "geometry": {"type": kind,
                                                                "coordinates": coords}}


def write_natural_earth(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    anbar = [[[39.0, 32.0], [44.2, 32.0], [44.2, 35.0], [39.0, 35.0], [39.0, 32.0]]]
    made_up = [[[40.0, 36.5], [41.0, 36.5], [41.0, 37.0], [40.0, 37.0], [40.0, 36.5]]]
    admin1 = {"type": "FeatureCollection", "features": [
        feature({"name": "Al-Anbar", "gn_id": 99592, "iso_a2": "IQ", "iso_3166_2": "IQ-AN",
                 "adm1_code": "IRQ-2248", "gn_a1_code": "IQ.01"}, "Polygon", anbar),
        feature({"name": "Hit town, wrongly", "gn_id": 95788, "iso_a2": "IQ",
                 "iso_3166_2": "IQ-XX", "adm1_code": "IRQ-0000", "gn_a1_code": "IQ.01"},
                "Polygon", [[[44.0, 34.5], [45.0, 34.5], [45.0, 35.5], [44.0, 34.5]]]),
        feature({"name": "Testland Province", "gn_id": -1, "iso_a2": "SY",
                 "iso_3166_2": "SY-XX", "adm1_code": "SYR-9999", "gn_a1_code": "SY.99"},
                "Polygon", made_up)]}
    rivers = {"type": "FeatureCollection", "features": [
        feature({"name": "Euphrates", "featurecla": "River"}, "LineString",
                [[38.0, 36.0], [41.0, 34.4], [42.0, 34.2]]),
        feature({"name": "Euphrates", "featurecla": "River"}, "LineString",
                [[42.0, 34.2], [42.83, 33.64], [44.0, 33.0]]),
        feature({"name": None, "featurecla": "River"}, "LineString", [[0, 0], [1, 1]])]}
    lakes = {"type": "FeatureCollection", "features": [
        feature({"name": "Tharthar Lake", "featurecla": "Lake"}, "Polygon",
                [[[43.2, 33.9], [43.6, 33.9], [43.6, 34.3], [43.2, 34.3], [43.2, 33.9]]])]}
    for stem, data in (("ne_10m_admin_1_states_provinces", admin1),
                       ("ne_10m_rivers_lake_centerlines", rivers), ("ne_10m_lakes", lakes)):
        (folder / f"{stem}.geojson").write_text(json.dumps(data), "utf-8")
    return folder


@pytest.fixture(scope="module")
def with_shapes(tmp_path_factory) -> Gazetteer:
    root = tmp_path_factory.mktemp("ne")
    path = build(root / "ne.sqlite", geonames_dir=str(write_geonames(root / "dump")),
                 natural_earth_dir=str(write_natural_earth(root / "ne")), quiet=True)
    gaz = Gazetteer(path)
    yield gaz
    gaz.close()


def test_natural_earth_admin1_polygon_is_used(with_shapes):
    import shapely

    inside = with_shapes.containing(33.64, 42.83)
    assert inside.method == "polygon"
    assert inside.admin1.id == "geonames:99592" and inside.country.country_code == "IQ"
    assert with_shapes.info()["geometries"] == {"country": len(COUNTRIES), "admin1": 2,
                                                "river": 1, "lake": 1}
    # a gn_id naming a town is not trusted; the record's gn_a1_code finds Anbar, and
    # Anbar's two records become one shape
    assert with_shapes.get("geonames:95788").kind == "city"
    assert with_shapes.geometry("geonames:95788") is None
    anbar = with_shapes.geometry("geonames:99592")
    assert anbar.contains(shapely.Point(44.9, 35.3)) and anbar.contains(shapely.Point(40, 33))
    assert with_shapes.info()["natural_earth_admin1"] == "2 attached, 1 new"
    new = with_shapes.search("Testland Province")[0].place
    assert (new.feature_code, new.country_code, new.admin1_code) == ("ADM1", "SY", "SY.99")
    assert with_shapes.admin("SY.99") == new
    assert with_shapes.containing(36.7, 40.5).admin1 == new


def test_natural_earth_river_line_and_lake(with_shapes):
    import shapely

    river = next(c.place for c in with_shapes.search("Euphrates")
                 if with_shapes.geometry(c.place.id) is not None)
    line = with_shapes.geometry(river.id)
    assert line.geom_type == "LineString"  # two parts merged into one line
    assert line.distance(shapely.Point(42.83, 33.64)) < 1e-9
    assert river.feature_class == "H"
    lake = with_shapes.search("Tharthar Lake")[0].place
    assert (lake.feature_code, lake.kind) == ("LK", "lake")
    assert with_shapes.geometry(lake.id).contains(shapely.Point(lake.lon, lake.lat))


def test_natural_earth_zipped_shapefile(tmp_path):
    """The layer as downloaded: a zipped shapefile, upper-case field names."""
    import numpy as np
    import shapely
    from pyogrio import raw

    shp = tmp_path / "shp"
    shp.mkdir()
    anbar = shapely.box(39.0, 32.0, 44.2, 35.0)
    raw.write(str(shp / "ne_10m_admin_1_states_provinces.shp"),
              geometry=np.array([shapely.to_wkb(anbar)], dtype=object),
              field_data=[np.array(["Al-Anbar"], dtype=object), np.array([99592]),
                          np.array(["IQ"], dtype=object)],
              fields=["NAME", "GN_ID", "ISO_A2"], geometry_type="Polygon", crs="EPSG:4326",
              driver="ESRI Shapefile")
    ne = tmp_path / "ne"
    ne.mkdir()
    with zipfile.ZipFile(ne / "ne_10m_admin_1_states_provinces.zip", "w") as zf:
        for part in sorted(shp.iterdir()):
            zf.write(part, part.name)
    folder = write_geonames(tmp_path / "dump")
    path = build(tmp_path / "shp.sqlite", geonames_dir=str(folder), natural_earth_dir=str(ne),
                 quiet=True)
    with Gazetteer(path) as gaz:
        assert gaz.info()["natural_earth_admin1"] == "1 attached, 0 new"
        assert gaz.geometry("geonames:99592").equals(anbar)
        inside = gaz.containing(33.64, 42.83)
        assert (inside.method, inside.admin1.id) == ("polygon", "geonames:99592")


@pytest.mark.parametrize("breakage", ["no-layers", "bad-geojson", "bad-zip"])
def test_natural_earth_unusable_folder(tmp_path, breakage):
    folder = write_geonames(tmp_path / "dump")
    ne = tmp_path / "ne"
    ne.mkdir()
    if breakage == "bad-geojson":
        write_natural_earth(ne)
        (ne / "ne_10m_lakes.geojson").write_text("{not json", "utf-8")
    elif breakage == "bad-zip":
        (ne / "ne_10m_rivers_lake_centerlines.zip").write_bytes(b"PK\x03\x04 cut short")
    target = tmp_path / "out" / "x.sqlite"
    with pytest.raises(GazetteerBuildError,
                       match="ne_10m_admin_1_states_provinces|ne_10m_lakes|not a readable zip"):
        build(target, geonames_dir=str(folder), natural_earth_dir=str(ne), quiet=True)
    assert sorted(p.name for p in target.parent.iterdir()) == ["x.sqlite.lock"]


# -- CLI ------------------------------------------------------------------------------------
def test_cli_lookup_json(gazetteer, capsys):
    assert cli_main(["gazetteer", "lookup", "Heet", "--json",
                     "--gazetteer", str(gazetteer.path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["query"] == "Heet"
    top = out["candidates"][0]
    assert top["id"] == "geonames:95788" and top["country_code"] == "IQ"
    assert {"score", "match", "matched_name", "lat", "lon", "feature_class"} <= set(top)


def test_cli_info(gazetteer, capsys):
    assert cli_main(["gazetteer", "info", "--json", "--gazetteer", str(gazetteer.path)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["schema_version"] == str(SCHEMA_VERSION) and int(info["places"]) > 100_000


@pytest.mark.parametrize("argv", [
    ["gazetteer", "lookup", "   "],
    ["gazetteer", "lookup", "Heet", "--gazetteer", "/nonexistent/g.sqlite"],
    ["gazetteer", "info", "--gazetteer", "/nonexistent/g.sqlite"],
])
def test_cli_errors_are_one_line_exit_2(argv, capsys):
    assert cli_main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("geo-events: error: ") and err.count("\n") == 1
    assert "Traceback" not in err
