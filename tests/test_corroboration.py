"""Independent corroboration on small hand-made cases: which wire copy each report rests on, how many
independent sources carry a claim, and its grade (expected values worked out by hand from the rules in
briefkit/analysis/corroboration.py)."""

import dataclasses

import pandas as pd

from briefkit import load_tables
from briefkit.analysis.compare import compare_claims
from briefkit.analysis.corroboration import graded, wire_copies
from conftest import load_error, row_of, set_cell

COPIED = "the rebels took the town of Alpha after a long night of fighting"
TEXTS = {
    "a": f"Wire One: {COPIED.capitalize()}. Army jets struck the market, the rebels said.",
    "b": f"Daily Paper, with Wire One: {COPIED}.",  # shares a newsroom with a
    "c": f"A blog writes that {COPIED}, and that a second town fell.",  # a's words in its own voice
    "d": f"The monitor said: “{COPIED}”. Army jets struck the market.",  # a's words, as a speaker's quotation
    "e": "The army said it withdrew from Alpha. Army jets struck the market, the army said. Raiders say they "
    "killed two guards, and that Beta fell to the rebels.",
}
LATER_TEXTS = {
    "f": f"Morning digest: {COPIED.upper()}!",
    "g": f"With Other Wire: {COPIED}.",
    "h": "Other Wire: the army said it withdrew from Alpha, and that Army jets struck the market.",
}
SOURCES = pd.DataFrame(
    {
        "source_id": list("abcde"),
        "outlet": ["Wire One", "Daily Paper", "not stated", "Other Wire", "not stated"],
        "author": ["not stated"] * 5,
        "contributors": ["not stated", "the wire one", "not stated", "not stated", "not stated"],
        "published": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-02", "2025-01-02", "2025-01-03"]),
    }
)
ACTORS = pd.DataFrame(
    {
        "actor_id": ["rebels", "army", "monitor", "raiders"],
        "name": ["the rebels", "the army", "the monitor", "the raiders"],
        "side": ["opposition", "government", "observer", "other_armed"],  # other_armed: in no camp
    }
)


def fact(fact_id, source_id, claim_id, quote, speaker, kind="party_to_conflict", **coded):
    row = {
        "fact_id": fact_id,
        "source_id": source_id,
        "claim_id": claim_id,
        "quote": quote,
        "quote_start": (TEXTS | LATER_TEXTS)[source_id].index(quote),
        "category": "territory_change",
        "subject": "rebels",
        "relation": pd.NA,
        "attributed_to": speaker,
        "speaker_kind": kind,
    }
    return row | coded


STRIKE = {"category": "air_or_drone_strike", "subject": "army", "relation": "strikes"}
FACTS = pd.DataFrame(
    [
        fact("a-1", "a", "alpha_taken", COPIED.capitalize(), "monitor", "independent_monitor"),
        fact("b-1", "b", "alpha_taken", COPIED, "monitor", "independent_monitor"),
        fact("c-1", "c", "alpha_taken", COPIED, "monitor", "independent_monitor"),
        fact("c-2", "c", "second_town", "a second town fell", "monitor", "independent_monitor"),
        fact("a-2", "a", "market_strike", "Army jets struck the market", "rebels", **STRIKE),
        fact("d-1", "d", "market_strike", "Army jets struck the market", "monitor", "independent_monitor", **STRIKE),
        fact("e-1", "e", "army_withdrew", "The army said it withdrew from Alpha", "army"),
        fact("e-2", "e", "strike_admitted", "Army jets struck the market", "army", **STRIKE),
        fact("d-2", "d", "contradicted", "Army jets struck the market", "monitor", "independent_monitor"),
        fact("e-3", "e", "guards_killed", "killed two guards", "raiders", subject="raiders", relation="kills"),
        fact("e-4", "e", "beta_taken", "Beta fell to the rebels", "raiders"),
    ]
)
REVIEWS = pd.DataFrame({"claim_id": ["second_town"], "grade": ["corroborated"], "explanation": ["a reader's reason"]})


def case(tables, reviews=REVIEWS):
    return dataclasses.replace(tables, sources=SOURCES, facts=FACTS, texts=TEXTS, actors=ACTORS, claim_reviews=reviews)


def verdicts(**overrides):
    claims = sorted(FACTS["claim_id"].unique())
    return pd.DataFrame({"claim_id": claims, "verdict": [overrides.get(c, "same") for c in claims]})


def test_each_report_rests_on_a_wire_copy(tables):
    wires = wire_copies(case(tables)).set_index("source_id")
    # b credits a's agency; c copies a's words (b has them too) in its own voice; d quotes the same words as a speaker's
    assert wires["wire_copy"].to_dict() == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "e"}
    assert wires.loc["b", "why"] == "shares wire one with a"
    assert wires.loc["c", "why"] == f"repeats a word for word: “{COPIED}”"  # where the words first appear
    assert wires.loc["d", "why"] == "its own copy: rests on no earlier report"


def test_a_claim_of_three_rewrites_of_one_wire_is_one_source(tables):
    grades = graded(case(tables), verdicts(contradicted="contradicts")).set_index("claim_id")
    taken = grades.loc["alpha_taken"]
    assert (taken["independent_sources"], taken["grade"]) == (1, "single_source")
    assert taken["grade_explanation"] == "one independent source (wire copy a), carried by 3 reports"


def test_grades_follow_their_rules(tables):
    grades = graded(case(tables), verdicts(contradicted="contradicts", army_withdrew="updated")).set_index("claim_id")
    assert (
        grades["grade"].to_dict()
        == {
            # a and d rest on different copies; the rebels' accusation does not confirm the army's strike
            "market_strike": "corroborated",
            "alpha_taken": "single_source",
            "army_withdrew": "updated",
            "beta_taken": "single_source",  # the raiders are in no camp: not the side the capture goes against  # the other side says so, but a later claim developed it: updated comes first
            "contradicted": "contested",
            "guards_killed": "confirmed",  # in no camp, the raiders still admit their own killing
            "second_town": "corroborated",  # the analyst's, over the computed single source
            "strike_admitted": "confirmed",  # the army admits its own strike
        }
    )
    assert grades.loc["market_strike", "wire_copies"] == "a, d"
    assert grades.loc["strike_admitted", "grade_explanation"] == (
        "the army says so, for the side that did it (the army)"
    )
    second = grades.loc["second_town"]
    assert (second["computed_grade"], second["grade_by"], second["grade_explanation"]) == (
        "single_source",
        "analyst (data/claim_reviews.csv)",
        "a reader's reason",
    )


def test_the_other_side_saying_a_town_fell_confirms_it(tables):
    grades = graded(case(tables), verdicts()).set_index("claim_id")
    assert grades.loc["army_withdrew", "grade"] == "confirmed"
    assert grades.loc["army_withdrew", "grade_explanation"] == "the army says so, of the other side from the rebels"


def test_a_case_of_an_earlier_contract_has_no_grade_column_and_is_graded(tables):
    reviews = REVIEWS.drop(columns="grade")
    grades = graded(case(tables, reviews), verdicts()).set_index("claim_id")
    assert grades.loc["second_town", ("grade", "grade_by")].tolist() == ["single_source", "computed"]


def test_the_fixture_case_counts_its_copied_report_once(tables):
    grades = graded(tables, compare_claims(tables)).set_index("claim_id")
    # f002 repeats f001's sentence on the drone strikes word for word: one source in two reports
    assert wire_copies(tables)["wire_copy"].tolist() == ["f001", "f001"]
    assert grades.loc["drone_strikes_kupyansk", ["independent_sources", "grade"]].tolist() == [1, "confirmed"]
    assert grades.loc["burned_trucks", "grade"] == "single_source"


def test_review_grade_outside_vocabulary(data_dir):
    line = set_cell(data_dir, "claim_reviews", 0, "grade", "fairly sure")
    assert f"line {line}, column grade, value 'fairly sure': not in vocabulary 'grade'" in load_error(data_dir)


def test_words_rest_where_they_first_appear_and_an_outlets_own_report_on_its_desk(tables):
    later = pd.DataFrame(
        {
            "source_id": ["f", "g", "h"],
            "outlet": ["Digest", "Evening Post", "Other Wire"],
            "author": ["not stated"] * 3,
            "contributors": ["not stated", "Other Wire", "not stated"],
            "published": pd.to_datetime(["2025-01-04"] * 3),
        }
    )
    quotes = [
        fact("f-1", "f", "alpha_taken", COPIED.upper(), "monitor", "independent_monitor"),
        fact("g-1", "g", "alpha_taken", COPIED, "monitor", "independent_monitor"),
        fact("h-1", "h", "army_withdrew", "the army said it withdrew from Alpha", "army"),
    ]
    stream = dataclasses.replace(
        case(tables),
        sources=pd.concat([SOURCES, later], ignore_index=True),
        facts=pd.concat([FACTS, pd.DataFrame(quotes)], ignore_index=True),
        texts=TEXTS | LATER_TEXTS,
    )
    wires = wire_copies(stream).set_index("source_id")
    # f's words are in a, b, c and (quoted) d: they rest on a, where they first appear, case and "!" aside
    assert (wires.loc["f", "wire_copy"], wires.loc["f", "why"]) == ("a", f"repeats a word for word: “{COPIED.upper()}”")
    # g credits d's newsroom, but repeats a's words in its own voice: this copy rests on a
    assert (wires.loc["g", "wire_copy"], wires.loc["g", "why"]) == ("a", f"repeats a word for word: “{COPIED}”")
    # h, from d's outlet, repeats no one (its quote has six words): it rests on d's desk, not on g's copy
    assert (wires.loc["h", "wire_copy"], wires.loc["h", "why"]) == ("d", "shares other wire with g (first in d)")


def test_the_analysts_grade_in_claim_reviews_wins(data_dir):
    set_cell(
        data_dir,
        "claim_reviews",
        row_of(data_dir, "claim_reviews", "claim_id", "blue_red_alliance"),
        "grade",
        "single_source",
    )
    tables = load_tables(data_dir)
    alliance = graded(tables, compare_claims(tables)).set_index("claim_id").loc["blue_red_alliance"]
    assert (alliance["grade"], alliance["computed_grade"], alliance["grade_by"]) == (
        "single_source",
        "contested",
        "analyst (data/claim_reviews.csv)",
    )
