"""data/datapackage.json: a Frictionless Data Package written from the codebook, which `frictionless
validate` accepts for the default case and the fixture case, and refuses when a cell breaks the codebook."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefkit import load_tables
from briefkit.case.paths import KIT, Case
from briefkit.contract.datapackage import descriptor, write_datapackage
from conftest import fixture_case, set_cell

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def validate(data_dir: Path) -> dict:
    result = subprocess.run(
        [FRICTIONLESS, "validate", "--json", str(data_dir / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def errors(report: dict) -> list[tuple[str, str, str]]:
    """(resource, field, error type) of every error the report lists."""
    return [
        (task["name"], error.get("fieldName", ""), error["type"])
        for task in report["tasks"]
        for error in task["errors"]
    ]


def test_the_default_cases_data_package_is_what_its_codebook_says_and_valid():
    tables = load_tables(Case(KIT))
    written = json.loads((KIT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert written == descriptor(tables.codebook, KIT / "data", tables.case["title"])
    report = validate(KIT / "data")
    assert report["valid"], errors(report)
    facts = next(r for r in written["resources"] if r["name"] == "facts")["schema"]
    category = next(f for f in facts["fields"] if f["name"] == "category")
    assert category["type"] == "string" and "territory_change" in category["constraints"]["enum"]
    assert {"fields": "claim_id", "reference": {"resource": "claims", "fields": "claim_id"}} in facts["foreignKeys"]


@pytest.fixture
def fixture_package(tmp_path) -> Path:
    case = fixture_case(tmp_path / "case")
    tables = load_tables(case)
    write_datapackage(tables.codebook, case.data, tables.case["title"])
    return case.data


def test_the_fixture_cases_data_package_is_valid(fixture_package):
    report = validate(fixture_package)
    assert report["valid"], errors(report)


def test_a_cell_against_the_codebook_makes_the_package_invalid(fixture_package):
    set_cell(fixture_package, "facts", 0, "category", "battle")
    set_cell(fixture_package, "facts", 1, "claim_id", "no_such_claim")
    report = validate(fixture_package)
    assert not report["valid"]
    assert {("facts", "category", "constraint-error"), ("facts", "", "foreign-key")} <= set(errors(report))
