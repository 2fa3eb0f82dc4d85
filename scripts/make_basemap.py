"""Regenerate the basemaps from the npm package world-atlas (Natural Earth countries):

- data/basemap/countries.geojson: the default case's, 1:10m, clipped to its region;
- src/briefkit/reference/countries-50m.geojson: the kit's, the whole world at 1:50m, for any case
  that has no basemap of its own.

    .venv/bin/python scripts/make_basemap.py

Needs npm (it runs `npm pack`, which fetches the package tarball from the npm registry) and is run
by a person when the basemap should change, never by the build: the build reads the committed file.
Checks the tarball against the checksum the registry published for this version, sets the CRS the
TopoJSON leaves implicit (WGS84), repairs invalid rings, clips the case's basemap to its region and writes
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

from briefkit.case.paths import KIT

PACKAGE, VERSION = "world-atlas", "2.0.2"
TARBALL_SHA1 = "4bca4a578f3a413bd409c3f07f2054fe7375824f"  # `npm view world-atlas@2.0.2 dist.shasum`
# (file in the package, clip box in lon/lat degrees or None for the whole world, output)
BASEMAPS = [
    # Syria, its neighbours and enough of the region around them for the locator inset.
    ("package/countries-10m.json", box(20.0, 22.0, 56.0, 44.0), KIT / "data" / "basemap" / "countries.geojson"),
    ("package/countries-50m.json", None, KIT / "src" / "briefkit" / "reference" / "countries-50m.geojson"),
]


def npm_tarball(package: str, version: str, shasum: str, workdir: Path) -> Path:
    """The package's tarball from the npm registry (`npm pack`), checked against the sha1 the registry published
    for this version (`npm view PACKAGE@VERSION dist.shasum`). The other scripts here fetch theirs with it."""
    subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=workdir, check=True, capture_output=True)
    tarball = workdir / f"{package.lstrip('@').replace('/', '-')}-{version}.tgz"
    digest = hashlib.sha1(tarball.read_bytes()).hexdigest()
    if digest != shasum:
        raise SystemExit(f"{tarball.name}: sha1 {digest}, expected {shasum}")
    return tarball


def polygons_only(geometry):
    """Repair and clipping can leave stray lines or points beside the polygons; a country is its area."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    return unary_union([part for part in geometry.geoms if part.geom_type in ("Polygon", "MultiPolygon")])


def write_basemap(source: Path, clip, out: Path) -> None:
    countries = (
        gpd.read_file(source, layer="countries").set_crs("EPSG:4326").assign(geometry=lambda d: d.geometry.make_valid())
    )
    if clip is not None:
        countries = countries.loc[countries.intersects(clip)].assign(geometry=lambda d: d.geometry.intersection(clip))
    countries = (
        countries.assign(geometry=lambda d: d.geometry.apply(polygons_only))
        .loc[:, ["id", "name", "geometry"]]
        .sort_values("name")
        .reset_index(drop=True)
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    countries.to_file(
        out, driver="GeoJSON", engine="pyogrio", layer_options={"COORDINATE_PRECISION": 5, "RFC7946": "YES"}
    )
    print(f"wrote {out.relative_to(KIT)}: {len(countries)} countries, {out.stat().st_size / 1024:.0f} KiB")


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        with tarfile.open(npm_tarball(PACKAGE, VERSION, TARBALL_SHA1, Path(workdir))) as archive:
            for member, clip, out in BASEMAPS:
                archive.extract(member, workdir, filter="data")
                write_basemap(Path(workdir) / member, clip, out)


if __name__ == "__main__":
    main()
