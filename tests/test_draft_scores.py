"""The scores that count wrong proposals, on tiny hand-made drafts whose scores are worked out by hand."""

import math

import pandas as pd

from briefkit.drafting.evaluation import pair, score_rows, tally

COLUMNS = [
    "fact_id", "quote", "quote_start", "place_id", "relative_to", "attributed_to", "speaker_kind", "date_start",
    "date_end", "value_low", "value_best", "value_high", "unit", "hedge", "category", "claim_id", "why",
]  # fmt: skip


def rows(*given: dict) -> pd.DataFrame:
    return pd.DataFrame([dict.fromkeys(COLUMNS, "") | row for row in given], columns=COLUMNS)


def scored(draft, hand, others) -> dict:
    return {(r["field"], r["measure"]): (r["count"], r["of"]) for r in score_rows(tally(draft, hand, others))}


TOWN = {"quote": "rebels took the town", "quote_start": 0, "category": "territory_change"}
TROOPS = {"quote": "3,000 to 4,000 troops", "quote_start": 30, "category": "deployment", "unit": "people"}
OTHERS = rows(
    {"fact_id": "g1", "claim_id": "c1", "quote": "x", "quote_start": 0},
    {"fact_id": "g2", "claim_id": "c1", "quote": "x", "quote_start": 0},
    {"fact_id": "g3", "claim_id": "c9", "quote": "x", "quote_start": 0},
)


def test_a_range_drafted_as_two_flat_rows_is_one_wrong_row_and_one_extra_row():
    hand = rows(
        TOWN | {"fact_id": "f1", "place_id": "p1", "claim_id": "c1"},
        TROOPS | {"fact_id": "f2", "value_low": 3000, "value_high": 4000, "hedge": "range", "claim_id": "c2"},
    )
    draft = rows(
        TOWN | {"fact_id": "d1", "place_id": "p1", "claim_id": "c1"},
        TROOPS | {"fact_id": "d2", "value_low": 3000, "value_best": 3000, "value_high": 3000, "hedge": "none"},
        TROOPS | {"fact_id": "d3", "value_low": 4000, "value_best": 4000, "value_high": 4000, "claim_id": "c9"},
        {"fact_id": "d4", "quote": "unrelated words", "quote_start": 60, "place_id": "p2"},
    )
    # d2 and d3 cover f2's words alike and agree with it on as many fields: the first is paired, d3 is extra
    assert pair(draft, hand, {"c1", "c9"}) == {0: 0, 1: 1}
    found = scored(draft, hand, OTHERS)
    assert found["place", "recall"] == (1, 1) and found["place", "precision"] == (1, 2)  # d4's place is wrong
    assert found["value_low", "recall"] == (1, 1) and found["value_low", "precision"] == (1, 2)
    assert found["value_high", "recall"] == (0, 1) and found["value_high", "precision"] == (0, 2)
    assert found["value_best", "recall"] == (0, 0) and found["value_best", "precision"] == (0, 2)
    assert found["quantity (low, high, unit)", "recall"] == (0, 1)
    assert found["quantity (low, high, unit)", "precision"] == (0, 2)
    assert found["hedge", "precision"] == (0, 1)
    assert found["rows per fact", "ratio"] == (4, 2)
    # a claim counts only where another report states it: f1's c1 (g1, g2), not f2's c2; d3's c9 is wrong
    assert found["claim (across reports)", "recall"] == (1, 1)
    assert found["claim (across reports)", "precision"] == (1, 2)
    # pairs: (f1, g1), (f1, g2) coded; d1 proposes both, the unpaired d3 proposes (d3, g3)
    assert found["claim alignment (pairs)", "recall"] == (2, 2)
    assert found["claim alignment (pairs)", "precision"] == (2, 3)


def test_two_facts_of_one_quote_are_paired_with_the_rows_that_agree_with_them():
    quote = {"quote": "shelling hit the towns of A and B", "quote_start": 0, "category": "air_or_drone_strike"}
    hand = rows(quote | {"fact_id": "f1", "place_id": "a"}, quote | {"fact_id": "f2", "place_id": "b"})
    draft = rows(quote | {"fact_id": "d1", "place_id": "b"}, quote | {"fact_id": "d2", "place_id": "a"})
    assert pair(draft, hand) == {0: 1, 1: 0}
    assert scored(draft, hand, OTHERS)["place", "recall"] == (2, 2)


def test_a_fact_is_matched_only_by_its_own_row_not_by_another_that_has_the_value():
    hand = rows({"fact_id": "f1", "quote": "the army said it shelled the town", "quote_start": 0, "place_id": "t"})
    draft = rows(
        {"fact_id": "d1", "quote": "the army said it shelled the town", "quote_start": 0, "place_id": "u"},
        {"fact_id": "d2", "quote": "the army said it shelled the town, residents said", "quote_start": 0,
         "place_id": "t"},
    )  # fmt: skip
    found = scored(draft, hand, OTHERS)
    assert found["place", "recall"] == (0, 1) and found["place", "precision"] == (0, 2)


def test_rows_that_share_a_few_characters_are_not_paired():
    hand = rows({"fact_id": "f1", "quote": "a long coded quote about the siege", "quote_start": 0, "place_id": "t"})
    draft = rows({"fact_id": "d1", "quote": "siege. Then aid came", "quote_start": 29, "place_id": "t"})
    assert pair(draft, hand) == {}
    found = scored(draft, hand, OTHERS)
    assert found["place", "recall"] == (0, 1) and found["place", "precision"] == (0, 1)


def test_a_field_nobody_filled_has_no_score():
    hand = rows({"fact_id": "f1", "quote": "words", "quote_start": 0})
    found = {(r["field"], r["measure"]): r["value"] for r in score_rows(tally(hand, hand, OTHERS))}
    assert math.isnan(found["relative_to", "recall"]) and math.isnan(found["relative_to", "precision"])
