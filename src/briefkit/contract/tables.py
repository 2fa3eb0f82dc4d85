"""The tables of a case, and the questions every layer asks of them: who a speaker is, which
categories are events and which units count things, every quantity as its interval, and the case as
it stood on a given day (the as-of view a dated briefing is built from).
"""

import dataclasses
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info

from briefkit.case.paths import Case
from briefkit.contract.codebook import Codebook
from briefkit.contract.hedges import intervals


@dataclass
class Tables:
    sources: pd.DataFrame
    claims: pd.DataFrame
    claim_reviews: pd.DataFrame
    facts: pd.DataFrame
    places: gpd.GeoDataFrame
    actors: pd.DataFrame
    hedges: pd.DataFrame
    headlines: pd.DataFrame
    map_symbols: pd.DataFrame
    map_routes: pd.DataFrame
    findings: pd.DataFrame
    updates: pd.DataFrame
    texts: dict[str, str]  # source_id -> the report's text
    case: dict  # data/case.toml
    codebook: Codebook
    folder: Case

    @property
    def as_of(self) -> pd.Timestamp | None:
        """case.toml's as_of, else the newest report's day; None for a case with no reports yet."""
        if "as_of" in self.case:
            return pd.Timestamp(self.case["as_of"])
        return None if self.sources.empty else self.sources["published"].max()

    @property
    def crs(self) -> str:
        """case.toml's [map] crs, else the UTM zone of the centre of the located places (of the region, if none)."""
        if "crs" in self.case.get("map", {}):
            return self.case["map"]["crs"]
        located = self.places.dropna(subset=["lon", "lat"])
        region = self.case["region"]
        lon = located["lon"].mean() if len(located) else (region["lon_min"] + region["lon_max"]) / 2
        lat = located["lat"].mean() if len(located) else (region["lat_min"] + region["lat_max"]) / 2
        return utm_crs(lon, lat)


def utm_crs(lon: float, lat: float) -> str:
    """The WGS 84 UTM zone holding a point, e.g. "EPSG:32637" for 37°E, 35°N."""
    zone = query_utm_crs_info(datum_name="WGS 84", area_of_interest=AreaOfInterest(lon, lat, lon, lat))[0]
    return f"{zone.auth_name}:{zone.code}"


NO_SPEAKER = "no named source"


def actor_names(tables: Tables) -> dict[str, str]:
    return dict(zip(tables.actors["actor_id"], tables.actors["name"]))


def speaker_names(tables: Tables, attributed_to: pd.Series) -> pd.Series:
    """The name of each speaker, and "no named source" where the report names none."""
    return attributed_to.map(actor_names(tables)).fillna(NO_SPEAKER)


def quantities(tables: Tables) -> pd.DataFrame:
    """Every fact with a quantity, its interval recomputed from hedges.csv beside the raw phrase and speaker."""
    found = intervals(tables.facts, tables.hedges)
    return (
        tables.facts.loc[lambda d: d["quantity_text"].notna()]
        .merge(found, left_on="fact_id", right_index=True, how="left")
        .loc[
            :,
            [
                "fact_id",
                "source_id",
                "claim_id",
                "category",
                "quantity_text",
                "hedge",
                "unit",
                "value_low",
                "value_best",
                "value_high",
                "open_ended",
                "conservative",
                "attributed_to",
                "speaker_kind",
            ],
        ]
        .assign(open_ended=lambda d: d["open_ended"].fillna(False).astype(bool))
        .reset_index(drop=True)
    )


def event_categories(tables: Tables) -> list[str]:
    """Categories that are events (parent "event" in the category vocabulary), in vocabulary order."""
    return [
        c for c in tables.codebook.vocabularies["category"] if tables.codebook.parents.get(("category", c)) == "event"
    ]


def count_units(tables: Tables) -> list[str]:
    """Units that count things (parent "count" in the unit vocabulary), in vocabulary order; distances,
    ranks and durations are not counts and are shown elsewhere."""
    return [u for u in tables.codebook.vocabularies["unit"] if tables.codebook.parents.get(("unit", u)) == "count"]


def tables_up_to(tables: Tables, day: pd.Timestamp | str) -> Tables:
    """The case as it stood on day (a Timestamp or "YYYY-MM-DD"): the reports published up to it, their
    facts and claims, the analyst's reviews of claims no later report states, updates between those
    claims, map rows of those facts; as of that day."""
    day = pd.Timestamp(day)
    sources = tables.sources.loc[tables.sources["published"] <= day]
    facts = tables.facts.loc[tables.facts["source_id"].isin(sources["source_id"])]
    claims = tables.claims.loc[tables.claims["claim_id"].isin(facts["claim_id"])]
    known = set(claims["claim_id"])
    # an analyst's verdict compares the reports that state the claim: before the last of them, it is not made yet
    stated_later = set(tables.facts.loc[~tables.facts["source_id"].isin(sources["source_id"]), "claim_id"])
    return dataclasses.replace(
        tables,
        sources=sources,
        facts=facts,
        claims=claims,
        claim_reviews=tables.claim_reviews.loc[tables.claim_reviews["claim_id"].isin(known - stated_later)],
        updates=tables.updates.loc[tables.updates["claim_id"].isin(known) & tables.updates["updates"].isin(known)],
        map_symbols=tables.map_symbols.loc[tables.map_symbols["fact_id"].isin(facts["fact_id"])],
        texts={source_id: text for source_id, text in tables.texts.items() if source_id in set(sources["source_id"])},
        case=tables.case | {"as_of": pd.Timestamp(day).strftime("%Y-%m-%d")},
    )
