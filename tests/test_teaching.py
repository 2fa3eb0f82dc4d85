from types import SimpleNamespace

import pandas as pd

from briefkit.analysis.teaching import busiest_paragraph, check, first_quantified, hedge_readings, paragraph_bounds


def test_check_answers():
    assert check(None, 6.9, "h") == "Not answered yet. Hint: h"
    assert check(6.9, 6.9000000001, "h") == "Right."
    assert check("6.9", 6.9, "h") == "Right."
    assert check(7, 6.9, "look at hedges.csv") == "Not quite. Hint: look at hedges.csv"
    assert check(" Party_to_conflict ", "party_to_conflict", "h") == "Right."
    assert check("seven", 6.9, "h") == "Not quite. Hint: h"
    assert "6.9" not in check(7, 6.9, "h")


def test_paragraph_bounds_and_the_busiest_paragraph():
    text = "One line.\nThe second, with two facts.\nLast"
    assert paragraph_bounds(text, "The second") == (10, 37)
    assert paragraph_bounds(text, "Last") == (38, 42)
    tables = SimpleNamespace(
        texts={"a": text}, facts=pd.DataFrame({"source_id": ["a", "a", "a"], "quote_start": [0, 14, 30]})
    )
    assert busiest_paragraph(tables) == ("a", 10, 37)


def test_hedge_readings_give_each_phrase_its_interval_and_the_first_worked_example():
    hedges = pd.DataFrame(
        {
            "hedge": ["nearly", "unquantified"],
            "rule": ["scale", "unquantified"],
            "low": [0.9, None],
            "best": [0.95, None],
            "high": [1.0, None],
            "conservative": [0.9, None],
        }
    )
    facts = pd.DataFrame(
        {
            "quantity_text": ["a small number", "nearly 5,000"],
            "hedge": ["unquantified", "nearly"],
            "value_stated": [None, 5000.0],
            "unit": ["people", "people"],
        }
    )
    readings = hedge_readings(facts, hedges)
    assert list(readings.columns) == ["phrase", "hedge", "low", "best", "high", "ACLED-style conservative", "unit"]
    assert readings.iloc[0].isna()[["low", "best", "high", "ACLED-style conservative"]].all()
    assert readings.iloc[1][["low", "best", "high", "ACLED-style conservative"]].tolist() == [4500, 4750, 5000, 4500]
    assert first_quantified(facts, hedges).quantity_text == "nearly 5,000"
    assert first_quantified(facts.iloc[:1], hedges) is None
