from briefkit.teaching import check


def test_check_answers():
    assert check(None, 6.9, "h") == "Not answered yet. Hint: h"
    assert check(6.9, 6.9000000001, "h") == "Right."
    assert check("6.9", 6.9, "h") == "Right."
    assert check(7, 6.9, "look at hedges.csv") == "Not quite. Hint: look at hedges.csv"
    assert check(" Party_to_conflict ", "party_to_conflict", "h") == "Right."
    assert check("seven", 6.9, "h") == "Not quite. Hint: h"
    assert "6.9" not in check(7, 6.9, "h")
