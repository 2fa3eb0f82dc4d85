"""Regenerate data/basemap/countries.geojson from the npm package world-atlas (Natural Earth 10 m countries).

    .venv/bin/python scripts/make_basemap.py

Needs npm (it runs `npm pack`, which fetches the package tarball from the npm registry) and is run
by a person when the basemap should change, never by the build: the build reads the committed file.
Checks the tarball against the checksum the registry published for this version, sets the CRS the
TopoJSON leaves implicit (WGS84), repairs invalid rings, clips to the case's map region and writes
coordinates rounded to 5 decimals (about 1 m), so rerunning gives the same bytes.
"""

import hashlib
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box
from shapely.ops import unary_union

from briefkit.paths import DATA

PACKAGE, VERSION = "world-atlas", "2.0.2"
TARBALL_SHA1 = "4bca4a578f3a413bd409c3f07f2054fe7375824f"  # `npm view world-atlas@2.0.2 dist.shasum`
MEMBER = "package/countries-10m.json"
# Syria, its neighbours and enough of the region around them for the locator inset (lon/lat degrees).
CLIP = box(20.0, 22.0, 56.0, 44.0)
OUT = DATA / "basemap" / "countries.geojson"


def fetch_countries(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir, check=True, capture_output=True)
    tarball = workdir / f"{PACKAGE}-{VERSION}.tgz"
    digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
    if digest != TARBALL_SHA1:
        raise SystemExit(f"{tarball.name}: sha1 {digest}, expected {TARBALL_SHA1}")
    with tarfile.open(tarball) as archive:
        archive.extract(MEMBER, workdir, filter="data")
    return workdir / MEMBER


def polygons_only(geometry):
    """Repair and clipping can leave stray lines or points beside the polygons; a country is its area."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    return unary_union([part for part in geometry.geoms if part.geom_type in ("Polygon", "MultiPolygon")])


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        countries = gpd.read_file(fetch_countries(Path(workdir)), layer="countries")
    countries = (
        countries.set_crs("EPSG:4326")
        .assign(geometry=lambda d: d.geometry.make_valid())
        .pipe(lambda d: d.loc[d.intersects(CLIP)])
        .assign(geometry=lambda d: d.geometry.intersection(CLIP).apply(polygons_only))
        .loc[:, ["id", "name", "geometry"]]
        .sort_values("name")
        .reset_index(drop=True)
    )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    countries.to_file(OUT, driver="GeoJSON", engine="pyogrio", layer_options={"COORDINATE_PRECISION": 5, "RFC7946": "YES"})
    print(f"wrote {OUT.relative_to(DATA.parent)}: {len(countries)} countries, {OUT.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
