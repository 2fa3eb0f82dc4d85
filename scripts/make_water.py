"""Regenerate the kit's water layer, src/briefkit/reference/water.geojson: lakes and the wide parts of rivers
(their banks as polygons), the whole world, from the npm packages @geo-maps/earth-lakes-1km and
@geo-maps/earth-rivers-1km (OpenStreetMap data).

    .venv/bin/python scripts/make_water.py

Needs npm (`npm pack` fetches the tarballs from the npm registry) and is run by a person when the layer should
change, never by the build. Checks each tarball against the checksum the registry published, splits the
package's one geometry into its polygons, keeps those of at least MIN_AREA_KM2 (smaller water does not show at
the scale of a case's maps), simplifies them to about SIMPLIFY_DEG and writes coordinates rounded to 3
decimals (about 100 m), sorted, so rerunning gives the same bytes.
"""

import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from make_basemap import npm_tarball

from briefkit.case.paths import KIT

VERSION = "0.6.0"
# (package, `npm view PACKAGE@VERSION dist.shasum`, kind of water, smallest polygon kept in km²)
PACKAGES = [
    ("@geo-maps/earth-lakes-1km", "5077a9ee11eeceb538531717b0089f0d427e81d4", "lake", 20.0),
    ("@geo-maps/earth-rivers-1km", "20581e7c34e55810ff219497b114aa25f52e47f3", "river", 3.0),
]
SIMPLIFY_DEG = 0.002  # about 200 m: below the width of a line on a map of a country
OUT = KIT / "src" / "briefkit" / "reference" / "water.geojson"
EQUAL_AREA = "EPSG:6933"  # only to measure areas


def fetch(package: str, shasum: str, workdir: Path) -> Path:
    with tarfile.open(npm_tarball(package, VERSION, shasum, workdir)) as archive:
        archive.extract("package/map.geo.json", workdir, filter="data")
    return workdir / "package" / "map.geo.json"


def polygons(path: Path, kind: str, min_area_km2: float) -> gpd.GeoDataFrame:
    parts = gpd.read_file(path).set_crs("EPSG:4326", allow_override=True)
    while not parts.geom_type.isin(["Polygon", "LineString", "Point"]).all():  # a collection of multipolygons
        parts = parts.explode(index_parts=False)
    parts = parts.loc[parts.geom_type == "Polygon"].reset_index(drop=True)
    area_km2 = parts.to_crs(EQUAL_AREA).area / 1e6
    kept = parts.loc[area_km2 >= min_area_km2].copy()
    kept["geometry"] = kept.simplify(SIMPLIFY_DEG, preserve_topology=True).make_valid()
    kept = kept.loc[kept.geom_type.isin(["Polygon", "MultiPolygon"]) & ~kept.is_empty]
    return kept.assign(kind=kind, area_km2=area_km2.loc[kept.index].round(1))[["kind", "area_km2", "geometry"]]


def main() -> None:
    layers = []
    for package, shasum, kind, min_area in PACKAGES:
        with tempfile.TemporaryDirectory() as workdir:
            layers.append(polygons(fetch(package, shasum, Path(workdir)), kind, min_area))
    water = gpd.GeoDataFrame(pd.concat(layers), crs="EPSG:4326")
    water = water.assign(x=water.geometry.representative_point().x.round(4))
    water = water.sort_values(["kind", "area_km2", "x"], ascending=[True, False, True]).drop(columns="x")
    water.reset_index(drop=True).to_file(
        OUT, driver="GeoJSON", engine="pyogrio", layer_options={"COORDINATE_PRECISION": 3, "RFC7946": "YES"}
    )
    counts = water["kind"].value_counts().to_dict()
    print(f"wrote {OUT.relative_to(KIT)}: {counts}, {OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
