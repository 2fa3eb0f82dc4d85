"""Hedge intervals against values worked out by hand from data/hedges.csv."""

import math

import pandas as pd
import pytest

from briefkit import load_tables
from briefkit.contract.hedges import interval
from briefkit.contract.tables import quantities


@pytest.fixture(scope="module")
def hedges():
    return load_tables().hedges.set_index("hedge", drop=False)


def row(hedges, name):
    return hedges.loc[name].to_dict()


def test_nearly_fifty_thousand(hedges):
    # 0.9 x 50,000; 0.95 x 50,000; 1.0 x 50,000.
    got = interval(row(hedges, "nearly"), 50_000)
    assert (got.low, got.best, got.high, got.conservative) == pytest.approx((45_000, 47_500, 50_000, 45_000))


def test_about_six_miles(hedges):
    got = interval(row(hedges, "about"), 6)
    assert (got.low, got.best, got.high) == pytest.approx((5.1, 6.0, 6.9))
    assert not got.open_ended


def test_at_least_one_is_open_ended(hedges):
    got = interval(row(hedges, "at least"), 1)
    assert (got.low, got.best) == (1, 1)
    assert got.open_ended and math.isinf(got.high)


def test_dozens_keeps_both_readings(hedges):
    got = interval(row(hedges, "dozens"), None)
    assert (got.low, got.best, got.high) == (24, 36, 99)
    assert got.conservative == 12  # ACLED's code for "dozens"


def test_unquantified_gives_no_interval(hedges):
    assert interval(row(hedges, "unquantified"), None) is None


def test_count_word_refuses_a_stated_number(hedges):
    with pytest.raises(ValueError, match="count word"):
        interval(row(hedges, "dozens"), 30)


def test_scale_hedge_needs_a_stated_number(hedges):
    with pytest.raises(ValueError, match="scales a stated number"):
        interval(row(hedges, "nearly"), None)


def test_quantities_table_follows_the_convention():
    table = quantities(load_tables()).set_index("fact_id")
    displaced = table.loc[table["quantity_text"] == "nearly 50,000 people"].iloc[0]
    assert (displaced["value_low"], displaced["value_best"], displaced["value_high"]) == (45_000, 47_500, 50_000)
    strike = table.loc[table["quantity_text"] == "at least one strike"].iloc[0]
    assert strike["open_ended"] and pd.isna(strike["value_high"])


def test_a_stated_range_is_its_two_numbers_with_the_midpoint_between(hedges):
    # "between 3,000 and 4,000": low 3,000, high 4,000, best 3,500, ACLED's conservative reading the lower
    got = interval(row(hedges, "range"), 3000, 4000)
    assert (got.low, got.best, got.high, got.conservative) == (3000, 3500, 4000, 3000)
    with pytest.raises(ValueError, match="a stated range: give both of its numbers"):
        interval(row(hedges, "range"), 3000)


@pytest.mark.parametrize(
    "hedge, stated, expected",
    [
        # worked out by hand from data/hedges.csv's factors: (low, best, high, conservative)
        ("more than", 70, (70, 70, math.inf, 70)),
        ("up to", 3000, (1500, 2400, 3000, 1500)),
        ("as many as", 100, (80, 90, 100, 80)),
        ("almost", 2000, (1800, 1900, 2000, 1800)),
        ("some", 100, (85, 100, 115, 100)),
        ("thousands", None, (2000, 3000, 9999, 1000)),
        ("a few", None, (2, 3, 5, 2)),
        ("scores", None, (40, 60, 199, 20)),
    ],
)
def test_the_common_hedges_of_wire_english(hedges, hedge, stated, expected):
    got = interval(row(hedges, hedge), stated)
    assert (got.low, got.best, got.high, got.conservative) == pytest.approx(expected)


def test_every_hedge_the_kit_ships_gives_an_interval_in_order(hedges):
    for name, hedge in hedges.iterrows():
        stated = {"scale": 100.0, "count": None, "range": 100.0, "unquantified": None}[hedge["rule"]]
        got = interval(hedge.to_dict(), stated, 200.0 if hedge["rule"] == "range" else None)
        if hedge["rule"] == "unquantified":
            assert got is None, name
        else:
            assert got.low <= got.best <= got.high and got.conservative <= got.best, name
