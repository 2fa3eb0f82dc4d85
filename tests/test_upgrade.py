"""A case of the kit's previous contract (tests/fixtures/previous-contract) loads and builds as it is, says
what it lacks, and one ./kit upgrade brings it up to date: every row the case added is kept, a new column
is added empty, what cannot be merged is named and nothing is written."""

import csv

import pytest

from briefkit import DataError, load_tables
from briefkit.commands import upgrade
from briefkit.contract.upgrade import behind
from conftest import built, previous_contract_case, row_of, set_cell

CONTRACT = ("codebook.csv", "vocabularies.csv", "hedges.csv", "facts.csv")


def files(case) -> dict[str, bytes]:
    return {name: (case.data / name).read_bytes() for name in CONTRACT}


def test_a_case_of_the_previous_contract_builds_as_it_is(tmp_path):
    built(previous_contract_case(tmp_path / "case", unit_parents=False))


def test_a_case_of_the_previous_contract_says_what_it_lacks(tmp_path):
    case = previous_contract_case(tmp_path / "case")
    lacking = behind(case.data)
    assert "codebook: new column facts.value_stated_high" in lacking
    assert "hedges: new hedge 'range' (range)" in lacking and "hedges: new hedge 'more than' (scale)" in lacking
    assert "vocabularies: new unit 'wounded'" in lacking and "facts.csv: new empty column value_stated_high" in lacking
    assert (
        "codebook: new column claim_reviews.grade" in lacking and "vocabularies: new grade 'single_source'" in lacking
    )
    assert "claim_reviews.csv: new empty column grade" in lacking
    assert "vocabularies: side 'government_ally' gets its parent 'government'" in lacking  # its camp


def test_upgrade_keeps_the_cases_own_rows_and_adds_the_kits(tmp_path):
    case = previous_contract_case(tmp_path / "case", unit_parents=False)
    own_category = "category,ambush,event,An attack from hiding (the case's own).,case study\n"
    with open(case.data / "vocabularies.csv", "a", encoding="utf-8") as f:
        f.write(own_category)
    set_cell(case.data, "hedges", row_of(case.data, "hedges", "hedge", "several hundred"), "low", "200")
    facts_before = (case.data / "facts.csv").read_text(encoding="utf-8").splitlines()

    done = upgrade.upgrade(case)

    assert "vocabularies: unit 'deaths' gets its parent 'count'" in done
    assert (
        "hedges: the case's own 'several hundred' (count, 200, 500, 900, 300) is kept; the kit's is count, 300, 500, 900, 300"
        in done
    )
    assert own_category in (case.data / "vocabularies.csv").read_text(encoding="utf-8")
    facts_after = (case.data / "facts.csv").read_text(encoding="utf-8").splitlines()
    assert facts_after[0] == facts_before[0] + ",value_stated_high"
    assert facts_after[1:] == [line + "," for line in facts_before[1:]]  # every row as it was, with an empty cell
    tables = load_tables(case)
    assert tables.codebook.parents[("unit", "deaths")] == "count"
    assert tables.hedges.set_index("hedge").loc["several hundred", "low"] == 200
    assert behind(case.data) == []
    before = files(case)
    assert upgrade.upgrade(case) == [
        "hedges: the case's own 'several hundred' (count, 200, 500, 900, 300) is kept; the kit's is count, 300, 500, 900, 300"
    ]
    assert files(case) == before  # a second upgrade changes nothing


def test_upgrade_names_what_it_cannot_merge_and_writes_nothing(tmp_path):
    case = previous_contract_case(tmp_path / "case")
    with open(case.data / "codebook.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    index = next(i for i, row in enumerate(rows) if (row["table"], row["column"]) == ("facts", "quote_start"))
    line = set_cell(case.data, "codebook", index, "type", "text")
    before = files(case)
    with pytest.raises(DataError) as error:
        upgrade.upgrade(case)
    assert (
        f"line {line}, column type, value 'text': facts.quote_start is 'integer' in the kit's contract: the kit "
        "cannot take a case that differs here" in str(error.value)
    )
    assert files(case) == before


def test_upgrade_of_a_contract_file_it_cannot_read_names_the_line(tmp_path):
    case = previous_contract_case(tmp_path / "case")
    with open(case.data / "vocabularies.csv", "a", encoding="utf-8") as f:
        f.write("\n")
    lines = len((case.data / "vocabularies.csv").read_text(encoding="utf-8").splitlines())
    with pytest.raises(
        DataError, match=rf"data/vocabularies.csv: 1 problem\(s\)\n  line {lines}, value '': blank line"
    ):
        upgrade.upgrade(case)
