"""The kit's tests run on fixture cases of their own (tests/fixtures/); only tests/test_default_case.py
and the notebooks read the default case's data."""

import csv
import math
import shutil
from pathlib import Path

import pytest

from briefkit import DataError, load_tables
from briefkit.case.paths import KIT, Case
from briefkit.commands.newcase import write_case
from briefkit.contract.tables import Tables

FIXTURE = Path(__file__).parent / "fixtures" / "another-war"
EARTH_RADIUS_KM = 6371.0088  # mean radius; a sphere differs from the ellipsoid by well under 0.5%


def fixture_case(folder: Path) -> Case:
    """The fixture case written as a new case (the kit's codebook, vocabularies, hedges) with its data."""
    case = write_case(folder)
    shutil.copytree(FIXTURE / "data", case.data, dirs_exist_ok=True)
    return case


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture case's data package, for tests that corrupt it."""
    return fixture_case(tmp_path / "case").data


@pytest.fixture(scope="session")
def tables(tmp_path_factory) -> Tables:
    """The fixture case's tables, loaded once for the tests that only read them."""
    return load_tables(fixture_case(tmp_path_factory.mktemp("fixture") / "case"))


@pytest.fixture
def default_data_dir(tmp_path: Path) -> Path:
    """A private copy of the default case's data package."""
    copy = tmp_path / "data"
    shutil.copytree(KIT / "data", copy, ignore=shutil.ignore_patterns("derived"))
    return copy


def set_cell(data_dir: Path, table: str, row_index: int, column: str, value: str) -> int:
    """Overwrite one cell of data_dir/table.csv (row_index 0 is the first data row); return its line number."""
    path = data_dir / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    rows[row_index][column] = value
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return row_index + 2  # header is line 1 and no cell of these tables spans lines


def row_of(data_dir: Path, table: str, column: str, value: str) -> int:
    with open(data_dir / f"{table}.csv", encoding="utf-8", newline="") as f:
        return next(i for i, row in enumerate(csv.DictReader(f)) if row[column] == value)


def append_rows(data_dir: Path, table: str, rows: list[dict]) -> None:
    """Append rows to data_dir/table.csv, cells not given left empty."""
    with open(data_dir / f"{table}.csv", encoding="utf-8", newline="") as f:
        columns = csv.DictReader(f).fieldnames
    with open(data_dir / f"{table}.csv", "a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, columns, lineterminator="\n").writerows([dict.fromkeys(columns, "") | row for row in rows])


def load_error(data_dir: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_tables(data_dir)
    return str(caught.value)


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance on a sphere, written here to check pyproj's geodesic distances independently."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
