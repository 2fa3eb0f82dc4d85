from types import SimpleNamespace

import pandas as pd

from briefkit.analysis.teaching import busiest_paragraph, check, paragraph_bounds


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
