"""Exports: formula-safe CSVs (with a hostile quote end to end), ACLED codes, the GeoPackage."""

import csv
import hashlib

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from briefkit import load_tables
from briefkit.analysis.compare import compare_claims
from briefkit.analysis.geo import WORLD_BASEMAP, countries_of, load_basemap, place_points
from briefkit.contract.csvfile import spreadsheet_safe, write_csv
from briefkit.publishing.exports import acled_events, ucdp_estimates, write_geopackage
from conftest import append_rows, row_of, set_cell

HOSTILE = '=HYPERLINK("http://example.invalid","click")'


def test_formula_cells_are_neutralised():
    frame = pd.DataFrame(
        {
            "text": ["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "plain", "“quoted”", "-2"],
            "number": [1, -2, 3, 4, 5, 6, 7, 8],
        }
    )
    safe = spreadsheet_safe(frame)
    # "-2" as text is a plain number: a spreadsheet reads it as the value -2, so it is written as it is
    assert safe["text"].tolist() == ["'=1+1", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "plain", "“quoted”", "-2"]
    assert safe["number"].tolist() == [1, -2, 3, 4, 5, 6, 7, 8]  # numbers are numbers, not formulas


def test_hostile_quote_is_neutralised_end_to_end(data_dir, tmp_path):
    # A report whose text opens with a formula, coded like any other report.
    text = HOSTILE + " The Blue Brigade took Vovchansk, they said.\n"
    path = data_dir / "sources" / "test_hostile.txt"
    path.write_text(text, encoding="utf-8")
    append_rows(
        data_dir,
        "sources",
        [
            {
                "source_id": "t009",
                "text_path": "sources/test_hostile.txt",
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "title": "[test] hostile",
                "outlet": "not stated",
                "author": "not stated",
                "contributors": "not stated",
                "published": "2025-03-11",
                "published_basis": "inferred: test",
            }
        ],
    )
    quote = HOSTILE + " The Blue Brigade took Vovchansk"
    append_rows(
        data_dir,
        "facts",
        [
            {
                "fact_id": "t009-001",
                "source_id": "t009",
                "claim_id": "vovchansk_taken",
                "category": "territory_change",
                "event_type": "Battles",
                "sub_event_type": "Non-state actor overtakes territory",
                "subject": "blue_brigade",
                "place_id": "vovchansk",
                "quote": quote,
                "quote_start": "0",
                "attributed_to": "blue_brigade",
                "speaker_kind": "party_to_conflict",
            }
        ],
    )
    tables = load_tables(data_dir)
    comparison = compare_claims(tables)
    assert (
        comparison.set_index("claim_id").loc["vovchansk_taken", "quote_t009"].startswith("=")
    )  # hostile before writing
    out = write_csv(comparison, tmp_path / "comparison.csv")
    with open(out, encoding="utf-8", newline="") as f:
        written = {r["claim_id"]: r["quote_t009"] for r in csv.DictReader(f)}
    assert written["vovchansk_taken"] == "'" + quote
    with open(out, encoding="utf-8", newline="") as f:
        cells = [cell for r in csv.reader(f) for cell in r]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.fixture(scope="module")
def basemap(tables):
    return load_basemap(tables.folder)


@pytest.fixture(scope="module")
def points(tables, basemap):
    return place_points(tables, basemap)


def test_acled_events_use_acled_codes(tables, points, basemap):
    events = acled_events(tables, points, basemap).set_index("event_id_cnty")
    assert {
        "event_id_cnty",
        "event_date",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "inter1",
        "actor2",
        "inter2",
        "interaction",
        "iso",
        "country",
        "admin1",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "notes",
        "fatalities",
    } <= set(events.reset_index().columns)
    strikes = events.loc["UKR-f001-003"]
    assert (strikes["actor1"], strikes["inter1"], strikes["inter2"], strikes["interaction"]) == (
        "the Grey Army",
        1,
        2,
        12,
    )  # state forces on rebels
    capture = events.loc[events["location"].eq("Vovchansk")].iloc[0]
    assert (capture["interaction"], capture["geo_precision"], capture["time_precision"]) == (
        20,
        1,
        1,
    )  # a lone rebel actor
    assert (capture.name[:4], capture["iso"], capture["country"]) == (
        "UKR-",
        804,
        "Ukraine",
    )  # from the basemap country it lies in
    assert events.loc["UKR-f001-005", "disorder_type"] == "Political violence"  # ACLED 2023: violence against civilians
    assert (
        events.loc["UKR-f001-005", "fatalities"] == 12
    )  # "dozens" of deaths, read conservatively as data/hedges.csv says
    assert set(events.drop(index="UKR-f001-005")["fatalities"]) == {0}


def test_ucdp_estimates_keep_open_ended_high(tables):
    estimates = ucdp_estimates(tables).set_index("quantity_text")
    assert pd.isna(estimates.loc["at least 12 burned-out trucks", "high"])
    assert tuple(estimates.loc["Nearly 5,000 people", ["low", "best", "high"]]) == (4500, 4750, 5000)


def test_geopackage_layers_and_bytes(tables, points, tmp_path):
    first = write_geopackage(tables, points, tmp_path / "a.gpkg")
    second = write_geopackage(tables, points, tmp_path / "b.gpkg")
    assert first.read_bytes() == second.read_bytes()
    assert [name for name, _ in pyogrio.list_layers(first)] == ["places", "located_facts"]
    facts = pyogrio.read_dataframe(first, layer="located_facts")
    # 14 of the fixture's 17 facts name a place; the road is drawn at its stand-in, Vovchansk
    assert facts.crs.to_epsg() == 4326 and "quote" in facts.columns and len(facts) == 14


def test_country_of_a_point_anywhere_in_the_world():
    # Kyiv, Bogotá, and a point 10 km off Beirut's coast (within the coast tolerance), in the kit's world basemap
    points = pd.DataFrame(
        {"lon": [30.5234, -74.0817, 35.38], "lat": [50.4501, 4.6097, 33.9]}, index=["kyiv", "bogota", "off_beirut"]
    )
    found = countries_of(points, gpd.read_file(WORLD_BASEMAP), "EPSG:3857")
    assert found.loc["kyiv"].tolist() == ["Ukraine", 804, "UKR"]
    assert found.loc["bogota"].tolist() == ["Colombia", 170, "COL"]
    assert found.loc["off_beirut", "iso3"] == "LBN"


def test_civilian_targeting_follows_acled_actor_type(data_dir):
    # An attack whose object is an actor of ACLED type 7 (civilians, acled_inter in actors.csv) is civilian targeting.
    tables = load_tables(data_dir)
    events = acled_events(
        tables, place_points(tables, load_basemap(tables.folder)), load_basemap(tables.folder)
    ).set_index("event_id_cnty")
    assert events.loc["UKR-f001-005", "civilian_targeting"] == "Civilian targeting"
    assert set(events.drop(index="UKR-f001-005")["civilian_targeting"]) == {""}
    set_cell(data_dir, "facts", row_of(data_dir, "facts", "fact_id", "f001-005"), "object", "grey_army")
    tables = load_tables(data_dir)
    events = acled_events(
        tables, place_points(tables, load_basemap(tables.folder)), load_basemap(tables.folder)
    ).set_index("event_id_cnty")
    assert events.loc["UKR-f001-005", "civilian_targeting"] == ""


def test_the_country_of_a_point_far_from_the_cases_utm_zone_is_its_own():
    # Kinshasa (GeoNames 2314302: 4.32758 S, 15.31357 E) in a case drawn in UTM zone 35S (eastern Congo): projected
    # there, Brazil's outline reached over it and the ACLED-style export called the Kinshasa riots Brazilian
    points = pd.DataFrame({"lon": [15.31357, 29.22], "lat": [-4.32758, -1.68]}, index=["kinshasa", "goma"])
    found = countries_of(points, gpd.read_file(WORLD_BASEMAP), "EPSG:32735")
    assert found["iso3"].tolist() == ["COD", "COD"]
