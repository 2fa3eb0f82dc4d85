"""Random damage to a valid data package: the loader answers with one DataError, or loads every row.

Each seed makes one reproducible mutation of a copy of the fixture case's data/ (a cell, some bytes, an encoding, the
structure of a file, case.toml, a report). More seeds: BRIEFKIT_FUZZ_SEEDS=2000 ./kit test tests/test_fuzz.py
"""

import codecs
import csv
import os
import random
import shutil
from pathlib import Path

import pytest

from briefkit import DataError, load_tables
from briefkit.contract.codebook import TABLES
from conftest import fixture_case

# Bad data may give a DataError and nothing else: not even a warning from the libraries underneath.
pytestmark = pytest.mark.filterwarnings("error")

SEEDS = range(int(os.environ.get("BRIEFKIT_FUZZ_SEEDS", "60")))
JUNK = [
    "",
    " ",
    "  \t",
    "1e3",
    "NaN",
    "-1",
    "0.5",
    "99999999999999999999",
    "\x00",
    "\r",
    "\n",
    "\t",
    "\x1b[2J",
    "=cmd|' /C calc'!A0",
    '"',
    '""',
    ",",
    "é",
    "\ufeff",
    "\u2028",
    "2024-02-30",
    "2024-13-01",
    "20241203",
    "yes",
    "none",
    "f001",
    "kharkiv",
    "x" * 300,
    "Ｋｈａｒｋｉｖ",
    "inferred: ",
    "EPSG:4326",
    "[region]",
]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return fixture_case(tmp_path_factory.mktemp("template") / "case").data


def files(data_dir: Path) -> list[Path]:
    return sorted(p for p in data_dir.rglob("*") if p.is_file())


def mutate_cell(path: Path, rng: random.Random) -> None:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    row = rng.randrange(len(rows))
    column = rng.randrange(len(rows[row]))
    other = rng.choice(rng.choice(rows))  # a value from elsewhere in the file, or junk
    rows[row][column] = rng.choice([other, rng.choice(JUNK), rows[row][column] + rng.choice(JUNK)])
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def mutate_bytes(path: Path, rng: random.Random) -> None:
    raw = bytearray(path.read_bytes())
    at = rng.randrange(len(raw) + 1)
    kind = rng.choice(["flip", "delete", "insert", "truncate", "repeat"])
    if kind == "flip" and raw:
        raw[min(at, len(raw) - 1)] ^= 1 << rng.randrange(8)
    elif kind == "delete":
        del raw[at : at + rng.randint(1, 40)]
    elif kind == "insert":
        raw[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 6)))
    elif kind == "truncate":
        del raw[at:]
    else:
        raw[at:at] = raw[at : at + rng.randint(1, 200)]
    path.write_bytes(bytes(raw))


def mutate_encoding(path: Path, rng: random.Random) -> None:
    text = path.read_bytes().decode("utf-8")
    kind = rng.choice(["cp1252", "utf-16", "latin-1", "bom", "crlf", "cr"])
    if kind == "bom":
        path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    elif kind == "crlf":
        path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    elif kind == "cr":
        path.write_bytes(text.replace("\n", "\r").encode("utf-8"))
    else:
        path.write_bytes(text.encode(kind, errors="replace"))


def mutate_structure(path: Path, rng: random.Random) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    kind = rng.choice(
        [
            "delete line",
            "repeat line",
            "swap lines",
            "header only",
            "drop column",
            "add column",
            "remove file",
            "empty file",
        ]
    )
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    if kind == "delete line":
        del lines[a]
    elif kind == "repeat line":
        lines.insert(b, lines[a])
    elif kind == "swap lines":
        lines[a], lines[b] = lines[b], lines[a]
    elif kind == "header only":
        lines = lines[:1]
    elif kind in ("drop column", "add column") and path.suffix == ".csv":
        with open(path, encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        column = rng.randrange(len(rows[0]))
        rows = [r[:column] + r[column + 1 :] if kind == "drop column" else r + [rng.choice(JUNK)] for r in rows]
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(rows)
        return
    elif kind == "remove file":
        path.unlink()
        return
    elif kind == "empty file":
        lines = []
    path.write_text("\n".join(lines), encoding="utf-8")


def mutate(data_dir: Path, rng: random.Random) -> str:
    path = rng.choice(files(data_dir))
    is_table = path.suffix == ".csv"
    kinds = (
        [mutate_bytes, mutate_structure]
        + ([mutate_cell] if is_table else [])
        + ([mutate_encoding] if path.suffix != ".txt" or rng.random() < 0.5 else [])
    )
    kind = rng.choice(kinds)
    try:
        kind(path, rng)
    except (UnicodeError, csv.Error, IndexError, ValueError):  # an earlier mutation left the file unreadable as text
        kind = mutate_bytes
        kind(path, rng)
    return f"{kind.__name__} on {path.relative_to(data_dir)}"


def records(path: Path) -> int:
    with open(path, encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


@pytest.mark.parametrize("seed", SEEDS)
def test_damaged_data_gives_a_data_error_or_a_full_load(seed, template, tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(template, data_dir)
    rng = random.Random(seed)
    done = [mutate(data_dir, rng) for _ in range(rng.randint(1, 3))]
    try:
        tables = load_tables(data_dir)
    except DataError as error:
        assert error.problems, done
        assert all(p.file.startswith("data/") and p.message for p in error.problems), done
        return
    for name in TABLES:
        path = data_dir / f"{name}.csv"
        assert len(getattr(tables, name)) == (records(path) if path.exists() else 0), (
            done
        )  # an optional table may be absent
