"""Exports for the tools analysts already use: ACLED- and UCDP-style tables, QGIS.

Every CSV this project writes goes through `briefkit.contract.csvfile.write_csv`, which neutralises
cells a spreadsheet would run as a formula.
"""

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from briefkit.analysis.geo import countries_of, located_facts
from briefkit.contract.hedges import interval_for
from briefkit.contract.tables import NO_SPEAKER, Tables, actor_names

ACLED_CIVILIANS = 7  # ACLED's actor type (inter code) for civilian actors
TIME_PRECISION = {"day": 1, "days": 2, "month": 3, "period": 3, "year": 3, "approximate": 3}
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "interaction",
    "civilian_targeting",
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
]


def _source_label(tables: Tables) -> dict[str, str]:
    labels = {}
    for row in tables.sources.itertuples():
        outlet = row.outlet if row.outlet != "not stated" else "outlet not stated"
        contributors = f"; contributors: {row.contributors}" if row.contributors != "not stated" else ""
        labels[row.source_id] = f"report {row.source_id} ({outlet}{contributors})"
    return labels


def acled_events(tables: Tables, points: pd.DataFrame, basemap: gpd.GeoDataFrame) -> pd.DataFrame:
    """Facts that are events (an ACLED event_type is coded), in ACLED's column names and codes.

    The country, its ISO code and the event id's prefix come from the basemap country each event's
    point lies in. Civilian targeting is ACLED's: the object actor's type (acled_inter in actors.csv) is 7.
    fatalities is the conservative reading (data/hedges.csv) of a quantity in unit "deaths", else 0:
    ACLED's "no reported fatalities". Events known only to a year get time_precision 3, ACLED's coarsest; the
    full span is in notes. One row per fact: two reports of one event are two rows, as in ACLED.
    """
    actors = tables.actors.set_index("actor_id")
    names = actor_names(tables)
    sources = _source_label(tables)
    events = located_facts(tables, points).loc[lambda d: d["event_type"].notna()].sort_values("fact_id")
    events = events.join(countries_of(points, basemap, tables.crs), on="place_id")
    inter = {k: int(v) for k, v in actors["acled_inter"].dropna().items()}
    rows = []
    for event in events.astype(object).where(events.notna(), None).to_dict("records"):
        inter1, inter2 = inter.get(event["subject"]), inter.get(event["object"])
        codes = sorted(c for c in (inter1, inter2) if c is not None)
        fatalities = (
            int(
                interval_for(
                    tables.hedges, event["hedge"], event["value_stated"], event.get("value_stated_high")
                ).conservative
            )
            if event["unit"] == "deaths"
            else 0
        )
        speaker = names.get(event["attributed_to"], NO_SPEAKER)
        start, end = event["date_start"], event["date_end"]
        rows.append(
            {
                "event_id_cnty": f"{event['iso3'] or 'XXX'}-{event['fact_id']}",
                "event_date": start.date().isoformat() if start else "",
                "year": start.year if start else None,
                "time_precision": TIME_PRECISION.get(event["date_precision"]),
                # ACLED's disorder type is the event type's parent in data/vocabularies.csv
                "disorder_type": tables.codebook.parents.get(("acled_event_type", event["event_type"]), ""),
                "event_type": event["event_type"],
                "sub_event_type": event["sub_event_type"] or "",
                "actor1": names.get(event["subject"], ""),
                "inter1": inter1,
                "actor2": names.get(event["object"], ""),
                "inter2": inter2,
                # ACLED: the two actor types, lower first; a lone actor's type followed by 0.
                "interaction": (codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)) if codes else None,
                "civilian_targeting": "Civilian targeting" if inter2 == ACLED_CIVILIANS else "",
                "iso": event["iso"],
                "country": event["country"] or "",
                "admin1": event["admin1"] or "",
                "location": event["place_name"],
                "latitude": round(event["lat"], 5),
                "longitude": round(event["lon"], 5),
                "geo_precision": event["geo_precision"],
                "source": sources[event["source_id"]],
                "notes": f"{speaker}: “{event['quote']}”"
                + (
                    f" Dated {start:%Y-%m-%d} to {end:%Y-%m-%d} ({event['date_basis']})."
                    if start
                    else " No date in the report."
                ),
                "fatalities": fatalities,
            }
        )
    return pd.DataFrame(rows, columns=ACLED_COLUMNS).astype(
        {
            "year": "Int64",
            "time_precision": "Int64",
            "inter1": "Int64",
            "inter2": "Int64",
            "interaction": "Int64",
            "iso": "Int64",
            "geo_precision": "Int64",
        }
    )


def ucdp_estimates(tables: Tables) -> pd.DataFrame:
    """Every quantity as UCDP keeps estimates: low, best, high (empty high = no upper bound), with the words."""
    return (
        tables.facts.loc[lambda d: d["quantity_text"].notna()]
        .loc[
            :,
            [
                "fact_id",
                "source_id",
                "claim_id",
                "category",
                "quantity_text",
                "hedge",
                "value_low",
                "value_best",
                "value_high",
                "unit",
                "date_start",
                "date_end",
                "place_id",
                "attributed_to",
                "speaker_kind",
            ],
        ]
        .rename(columns={"value_low": "low", "value_best": "best", "value_high": "high"})
        .sort_values("fact_id")
        .reset_index(drop=True)
    )


def write_geopackage(tables: Tables, points: pd.DataFrame, path: Path) -> Path:
    """A GeoPackage with two point layers, 'places' and 'located_facts', attributes included (opens in QGIS).

    GeoPackage files record when each layer changed; that date is the case's as-of day, so the file is
    identical between builds."""
    path.unlink(missing_ok=True)
    places = tables.places.drop(columns="geometry").merge(
        points[["lon", "lat", "located_by"]].rename(columns={"lon": "x", "lat": "y"}),
        left_on="place_id",
        right_index=True,
        how="inner",
    )
    places = gpd.GeoDataFrame(
        places.drop(columns=["lat", "lon"]), geometry=gpd.points_from_xy(places["x"], places["y"]), crs="EPSG:4326"
    )
    facts = located_facts(tables, points)
    facts = gpd.GeoDataFrame(
        facts.drop(columns=["lon", "lat"]), geometry=gpd.points_from_xy(facts["lon"], facts["lat"]), crs="EPSG:4326"
    )
    as_of = tables.as_of if tables.as_of is not None else pd.Timestamp(0)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{as_of:%Y-%m-%d}T00:00:00.000Z"})
    try:
        for name, layer in (("places", places.drop(columns=["x", "y"])), ("located_facts", facts)):
            layer = layer.copy()
            for column in layer.columns:
                if pd.api.types.is_datetime64_any_dtype(layer[column]):
                    layer[column] = layer[column].dt.strftime("%Y-%m-%d")
            layer.sort_values(layer.columns[0]).to_file(path, layer=name, driver="GPKG", engine="pyogrio")
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
    return path
