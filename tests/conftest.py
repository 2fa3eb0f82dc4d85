"""The kit's tests run on fixture cases of their own (tests/fixtures/); only tests/test_default_case.py
and the notebooks read the default case's data."""

import csv
import json
import math
import os
import shutil
from pathlib import Path

import pytest

from briefkit import DataError, load_tables
from briefkit.case.paths import KIT, Case
from briefkit.commands import build
from briefkit.commands.newcase import write_case
from briefkit.commands.stream import write_stream
from briefkit.contract.tables import Tables

# Every figure a test builds (the notebooks' too, under nbval) is checked for text on text and text cut by the
# frame: save_figure raises on a figure that fails (briefkit.drawing.checks).
os.environ.setdefault("BRIEFKIT_CHECK_FIGURES", "1")

FIXTURE = Path(__file__).parent / "fixtures" / "another-war"
EARTH_RADIUS_KM = 6371.0088  # mean radius; a sphere differs from the ellipsoid by well under 0.5%


def fixture_case(folder: Path) -> Case:
    """The fixture case written as a new case (the kit's codebook, vocabularies, hedges) with its data."""
    case = write_case(folder)
    shutil.copytree(FIXTURE / "data", case.data, dirs_exist_ok=True)
    return case


PREVIOUS_CONTRACT = Path(__file__).parent / "fixtures" / "previous-contract"


def previous_contract_case(folder: Path, unit_parents: bool = True) -> Case:
    """The fixture case as a case of the kit's previous contract (tests/fixtures/previous-contract): its
    codebook, vocabularies and hedges, and its tables without the columns that contract lacks; without
    unit_parents, no unit has a parent, as in a case of an even older kit."""
    case = fixture_case(folder)
    for name in ("codebook.csv", "vocabularies.csv", "hedges.csv"):
        shutil.copyfile(PREVIOUS_CONTRACT / name, case.data / name)
    for table in ("facts", "claim_reviews"):
        with open(case.data / "codebook.csv", encoding="utf-8", newline="") as f:
            described = [row["column"] for row in csv.DictReader(f) if row["table"] == table]
        with open(case.data / f"{table}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        with open(case.data / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, described, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    if not unit_parents:
        path = case.data / "vocabularies.csv"
        with open(path, encoding="utf-8", newline="") as f:
            records = list(csv.reader(f))
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows(
                [[*r[:2], "" if r[0] == "unit" else r[2], *r[3:]] for r in records]
            )
    return case


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture case's data package, for tests that corrupt it."""
    return fixture_case(tmp_path / "case").data


@pytest.fixture(scope="session")
def tables(tmp_path_factory) -> Tables:
    """The fixture case's tables, loaded once for the tests that only read them."""
    return load_tables(fixture_case(tmp_path_factory.mktemp("fixture") / "case"))


SMALL_STREAM = {"reports": 6, "days": 3, "outlets": 3}  # wire copies, rewrites, an own report, an overturn


@pytest.fixture(scope="session")
def small_stream(tmp_path_factory) -> Case:
    """A small synthetic stream (briefkit.commands.stream), built once per session: its figures, derived
    tables and briefing are there for tests that look at what the kit draws of many reports."""
    case = write_stream(tmp_path_factory.mktemp("stream") / "case", **SMALL_STREAM)
    assert build.main([str(case.root)]) == 0
    return case


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


def built(case) -> None:
    """The case loads and builds end to end: every figure of the kit, and the briefing."""
    load_tables(case)  # the shape is data the loader takes
    assert build.main([str(case.root)]) == 0
    figures = {path.stem for path in case.figures.glob("*.png")}
    assert figures == set(load_tables(case).codebook.vocabularies["figure"])
    assert (case.briefing / "briefing.html").exists()


BROWSER_REQUIRED = os.environ.get("BRIEFKIT_REQUIRE_BROWSER") == "1"  # CI: the browser tests must run, not skip


def headless_chromium(profile: Path, width: int, height: int, logs: dict):
    """Debian's Chromium through its ChromeDriver, headless, offline by flag, with the DevTools logs asked for;
    where neither is installed the test is skipped, or fails where BRIEFKIT_REQUIRE_BROWSER=1 (CI)."""
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        if BROWSER_REQUIRED:
            pytest.fail("chromium and chromedriver are not installed (Debian packages chromium, chromium-driver)")
        pytest.skip("headless Chromium is not installed (Debian packages chromium, chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--hide-scrollbars",
        f"--window-size={width},{height}",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", logs)
    return webdriver.Chrome(service=Service(chromedriver), options=options)


def requests_leaving(browser, page: Path) -> list[str]:
    """The URLs the browser asked for (its DevTools performance log) that would leave the machine; the page's
    own address must be among those asked for, else the log recorded nothing and the check would be empty.
    chrome:// and about: are the browser's own pages."""
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert page.as_uri() in requested, "the log did not record even the page itself: the check would be empty"
    return [url for url in requested if url.split(":", 1)[0] not in ("file", "data", "chrome", "about")]
