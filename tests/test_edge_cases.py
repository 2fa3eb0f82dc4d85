"""Data that loads never crashes a notebook: the fixture case bent into the shapes a new case takes (one
report only; no quantity in a count unit; every event at one stand-in; events known only to regions; no
place with a point; only background dates), each checked by the loader and then built end to end. A case of
the previous contract is built in tests/test_upgrade.py."""

import csv
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from briefkit.commands.newcase import write_case
from conftest import built, fixture_case

EVENT_CATEGORIES = {"territory_change", "displacement", "air_or_drone_strike", "materiel", "casualties", "armed_clash"}
QUANTITY_COLUMNS = (
    "quantity_text",
    "hedge",
    "value_stated",
    "value_stated_high",
    "value_low",
    "value_best",
    "value_high",
    "unit",
)
DATE_COLUMNS = ("date_text", "date_start", "date_end", "date_precision", "date_basis")
BACKGROUND_DAYS = 52 * 7 * 10  # ten years of whole weeks back: every stated weekday still matches its date


def rewrite(data_dir: Path, table: str, change) -> None:
    """table.csv with change applied to its list of rows (dicts of cells, as written)."""
    path = data_dir / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(change(rows))


def one_report(data_dir: Path) -> None:
    rewrite(data_dir, "sources", lambda rows: [r for r in rows if r["source_id"] == "f001"])
    rewrite(data_dir, "facts", lambda rows: [r for r in rows if r["source_id"] == "f001"])
    with open(data_dir / "facts.csv", encoding="utf-8", newline="") as f:
        stated = {row["claim_id"] for row in csv.DictReader(f)}
    for table in ("claims", "claim_reviews"):
        rewrite(data_dir, table, lambda rows: [r for r in rows if r["claim_id"] in stated])
    rewrite(data_dir, "updates", lambda rows: [r for r in rows if {r["claim_id"], r["updates"]} <= stated])


def no_counted_quantity(data_dir: Path) -> None:
    def uncounted(rows):
        for row in rows:
            if row["unit"] not in ("km", "miles", ""):
                row.update(dict.fromkeys(QUANTITY_COLUMNS, ""))
        return rows

    rewrite(data_dir, "facts", uncounted)


def add_areas(data_dir: Path, areas: dict[str, tuple[str, str, str]]) -> None:
    """Places with no point of their own: place_id -> (name, kind, the place that stands in for it)."""
    rewrite(
        data_dir,
        "places",
        lambda rows: (
            rows
            + [
                dict.fromkeys(rows[0], "") | {"place_id": i, "name": n, "kind": k, "stand_in": s, "geo_precision": "3"}
                for i, (n, k, s) in areas.items()
            ]
        ),
    )


def events_at(data_dir: Path, place_of) -> None:
    def moved(rows):
        for number, row in enumerate(r for r in rows if r["category"] in EVENT_CATEGORIES):
            row["place_id"] = place_of(number)
        return rows

    rewrite(data_dir, "facts", moved)


def one_stand_in(data_dir: Path) -> None:
    add_areas(data_dir, {"kharkiv_oblast": ("Kharkiv Oblast", "province", "kharkiv")})
    events_at(data_dir, lambda number: "kharkiv_oblast")


def regions_only(data_dir: Path) -> None:
    add_areas(
        data_dir,
        {
            "kharkiv_oblast": ("Kharkiv Oblast", "province", "kharkiv"),
            "kupiansk_raion": ("Kupiansk Raion", "region", "kupyansk"),
        },
    )
    events_at(data_dir, lambda number: ("kharkiv_oblast", "kupiansk_raion")[number % 2])


def no_point(data_dir: Path) -> None:
    def unlocated(rows):
        for row in rows:
            row.update({"lat": "", "lon": "", "coord_source": "", "geo_precision": "", "stand_in": ""})
        return rows

    rewrite(data_dir, "places", unlocated)


def background_only(data_dir: Path) -> None:
    def back(rows):
        for row in rows:
            if row["date_basis"] == "report_date":
                row.update(dict.fromkeys(DATE_COLUMNS, ""))
            elif row["date_start"]:
                for column in ("date_start", "date_end"):
                    day = dt.date.fromisoformat(row[column]) - dt.timedelta(days=BACKGROUND_DAYS)
                    row[column] = day.isoformat()
        return rows

    rewrite(data_dir, "facts", back)
    rewrite(data_dir, "updates", lambda rows: [])  # an update of background is no news


SHAPES = {
    "one report only": one_report,
    "no quantity in a count unit": no_counted_quantity,
    "every event at one stand-in": one_stand_in,
    "events known only to regions": regions_only,
    "no place with a point": no_point,
    "only background dates": background_only,
}


@pytest.mark.parametrize("shape", SHAPES)
def test_a_case_of_this_shape_builds(tmp_path, shape):
    case = fixture_case(tmp_path / "case")
    SHAPES[shape](case.data)
    built(case)


LAKESIDE = Path(__file__).parent / "fixtures" / "lakeside-border"


def test_a_cluster_around_a_lakeside_city_on_a_border_builds_and_every_figure_reads(tmp_path):
    """Invented reports on real towns around a lake on a border, with events reported only to a province:
    every figure is drawn (water, the province as an area) and passes the figure checker (conftest)."""
    case = write_case(tmp_path / "case")
    shutil.copytree(LAKESIDE / "data", case.data, dirs_exist_ok=True)
    built(case)
    situation = pd.read_csv(case.figures / "situation-map.csv")
    assert situation.loc[situation["place_id"] == "north_kivu", "number"].isna().all()  # listed, not a point
