"""The tables behind the charts: what each chart is allowed to draw."""

import math

import pytest

from briefkit import load_tables
from briefkit.charts import compact_number, count_units, quantity_table, relation_table, speaker_table, timeline_table


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_quantities_are_counts_only(tables):
    table = quantity_table(tables)
    assert set(table["unit"]) <= set(count_units(tables))
    assert "about 6 miles" not in set(table["quantity_text"])  # a distance: drawn on the map, not here
    assert {"nearly 50,000 people", "at least one strike", "a small number of troops"} <= set(table["quantity_text"])


def test_open_ended_and_unquantified_stay_so(tables):
    table = quantity_table(tables).set_index("quantity_text")
    assert table.loc["at least one strike", "open_ended"] and math.isnan(table.loc["at least one strike", "value_high"])
    assert math.isnan(table.loc["a small number of troops", "value_low"])


def test_speaker_table_counts_every_fact_once(tables):
    table = speaker_table(tables)
    assert table["facts"].sum() == len(tables.facts)
    sana = table.loc[table["speaker"] == "Sana"]
    assert set(sana["speaker_kind"]) == {"state_media"}


def test_relations_trace_to_their_facts(tables):
    table = relation_table(tables)
    facts = tables.facts.set_index("fact_id")
    for row in table.itertuples():
        for source_id in ("r000", "r002"):
            for fact_id in filter(None, getattr(row, source_id).split(" ")):
                fact = facts.loc[fact_id]
                assert (fact["subject"], fact["relation"], fact["object"], fact["source_id"]) == (row.subject, row.relation, row.object, source_id)


def test_the_reports_disagree_on_hts_and_al_qaida(tables):
    table = relation_table(tables).set_index(["subject", "relation", "object"])
    assert table.loc[("hts", "formerly_affiliated_with", "al_qaida"), "r002"] == ""
    assert table.loc[("hts", "linked_to", "al_qaida"), "r000"] == ""


def test_timeline_holds_every_dated_fact_once_per_claim_and_report(tables):
    table = timeline_table(tables)
    dated = tables.facts.loc[tables.facts["date_start"].notna()]
    assert set(table["claim_id"]) == set(dated["claim_id"])
    assert not table.duplicated(["claim_id", "source_id", "date_start", "date_end"]).any()
    assert table["date_start"].is_monotonic_increasing


@pytest.mark.parametrize("value, text", [(1, "1"), (10, "10"), (2500, "2.5k"), (100_000, "100k"), (10_000_000, "10M")])
def test_compact_number(value, text):
    assert compact_number(value) == text
