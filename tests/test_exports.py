"""Exports: formula-safe CSVs (with a hostile quote end to end), ACLED codes, the GeoPackage."""

import csv
import hashlib

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from briefkit import load_tables
from briefkit.compare import compare_claims
from briefkit.exports import acled_events, spreadsheet_safe, ucdp_estimates, write_csv, write_geopackage
from briefkit.geo import WORLD_BASEMAP, countries_of, load_basemap, place_points
from conftest import row_of, set_cell

HOSTILE = "=HYPERLINK(\"http://example.invalid\",\"click\")"


def test_formula_cells_are_neutralised():
    frame = pd.DataFrame({"text": ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "plain", "“quoted”"], "number": [1, -2, 3, 4, 5, 6, 7]})
    safe = spreadsheet_safe(frame)
    assert safe["text"].tolist() == ["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "plain", "“quoted”"]
    assert safe["number"].tolist() == [1, -2, 3, 4, 5, 6, 7]  # numbers are numbers, not formulas


def test_hostile_quote_is_neutralised_end_to_end(data_dir, tmp_path):
    # A report whose text opens with a formula, coded like any other report.
    text = HOSTILE + " Insurgents captured Soran, they said.\n"
    path = data_dir / "sources" / "test_hostile.txt"
    path.write_text(text, encoding="utf-8")
    with open(data_dir / "sources.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(["r009", "sources/test_hostile.txt", hashlib.sha256(path.read_bytes()).hexdigest(),
                                                     "[test] hostile", "not stated", "not stated", "not stated", "2024-12-03", "inferred: test"])
    with open(data_dir / "facts.csv", encoding="utf-8", newline="") as f:
        columns = csv.DictReader(f).fieldnames
    quote = HOSTILE + " Insurgents captured Soran"
    row = {"fact_id": "r009-001", "source_id": "r009", "claim_id": "soran_captured", "category": "territory_change", "event_type": "Battles",
           "sub_event_type": "Non-state actor overtakes territory", "subject": "insurgents", "place_id": "soran", "quote": quote,
           "quote_start": "0", "attributed_to": "insurgents", "speaker_kind": "party_to_conflict"}
    with open(data_dir / "facts.csv", "a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, columns, lineterminator="\n").writerow(dict.fromkeys(columns, "") | row)
    tables = load_tables(data_dir)
    comparison = compare_claims(tables)
    assert comparison.set_index("claim_id").loc["soran_captured", "quote_r009"].startswith("=")  # hostile before writing
    out = write_csv(comparison, tmp_path / "comparison.csv")
    with open(out, encoding="utf-8", newline="") as f:
        written = {r["claim_id"]: r["quote_r009"] for r in csv.DictReader(f)}
    assert written["soran_captured"] == "'" + quote
    with open(out, encoding="utf-8", newline="") as f:
        cells = [cell for r in csv.reader(f) for cell in r]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.fixture(scope="module")
def points(tables):
    return place_points(tables, load_basemap())


def test_acled_events_use_acled_codes(tables, points):
    events = acled_events(tables, points, load_basemap()).set_index("event_id_cnty")
    assert {"event_id_cnty", "event_date", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1", "inter1",
            "actor2", "inter2", "interaction", "iso", "country", "admin1", "location", "latitude", "longitude", "geo_precision",
            "source", "notes", "fatalities"} <= set(events.reset_index().columns)
    clash = events.loc[events["actor1"].eq("Syrian Democratic Forces")].iloc[0]
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == (2, 1, 12)  # rebels vs state forces, lower first
    capture = events.loc[events["location"].eq("Maardis")].iloc[0]
    assert (capture["interaction"], capture["geo_precision"], capture["time_precision"]) == (20, 1, 1)  # a lone rebel actor
    assert (capture.name[:4], capture["iso"], capture["country"]) == ("SYR-", 760, "Syria")  # from the basemap country it lies in
    massacre = events.loc[events["event_date"].eq("1982-01-01")].iloc[0]
    assert massacre["fatalities"] == 10_000  # "tens of thousands", conservative
    assert set(events.loc[events["event_date"].str.startswith("2024"), "fatalities"]) == {0}


def test_ucdp_estimates_keep_open_ended_high(tables):
    estimates = ucdp_estimates(tables).set_index("quantity_text")
    assert pd.isna(estimates.loc["at least one strike", "high"])
    assert tuple(estimates.loc["nearly 50,000 people", ["low", "best", "high"]]) == (45000, 47500, 50000)


def test_geopackage_layers_and_bytes(tables, points, tmp_path):
    first = write_geopackage(tables, points, tmp_path / "a.gpkg")
    second = write_geopackage(tables, points, tmp_path / "b.gpkg")
    assert first.read_bytes() == second.read_bytes()
    assert [name for name, _ in pyogrio.list_layers(first)] == ["places", "located_facts"]
    facts = pyogrio.read_dataframe(first, layer="located_facts")
    assert facts.crs.to_epsg() == 4326 and "quote" in facts.columns and len(facts) > 50


def test_country_of_a_point_anywhere_in_the_world():
    # Kyiv, Bogotá, and a point 10 km off Beirut's coast (within the coast tolerance), in the kit's world basemap
    points = pd.DataFrame({"lon": [30.5234, -74.0817, 35.38], "lat": [50.4501, 4.6097, 33.9]}, index=["kyiv", "bogota", "off_beirut"])
    found = countries_of(points, gpd.read_file(WORLD_BASEMAP), "EPSG:3857")
    assert found.loc["kyiv"].tolist() == ["Ukraine", 804, "UKR"]
    assert found.loc["bogota"].tolist() == ["Colombia", 170, "COL"]
    assert found.loc["off_beirut", "iso3"] == "LBN"


def test_civilian_targeting_follows_acled_actor_type(data_dir):
    # An attack coded with civilians (ACLED actor type 7 in actors.csv) as its object is civilian targeting.
    index = row_of(data_dir, "facts", "fact_id", "r002-032")
    set_cell(data_dir, "facts", index, "relation", "attacks")
    set_cell(data_dir, "facts", index, "object", "civilians")
    tables = load_tables(data_dir)
    events = acled_events(tables, place_points(tables, load_basemap()), load_basemap()).set_index("event_id_cnty")
    assert events.loc["SYR-r002-032", "civilian_targeting"] == "Civilian targeting"
    assert set(events.drop(index="SYR-r002-032")["civilian_targeting"]) == {""}
