import csv
import shutil
from pathlib import Path

import pytest

from briefkit import DataError, load_tables
from briefkit.paths import KIT

DATA = KIT / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the data package, for tests that corrupt it."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("derived"))
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


def load_error(data_dir: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_tables(data_dir)
    return str(caught.value)
