"""Report days on the fixture case (reports of 11 and 13 March 2025): the case as of each day, what
changed between them, and the updates proposed for the analyst to confirm."""

import dataclasses

import pandas as pd

from briefkit.analysis.compare import compare_claims
from briefkit.analysis.corroboration import graded
from briefkit.analysis.days import number_changes, propose_updates, report_days, what_changed
from briefkit.contract.tables import tables_up_to

FIRST, SECOND = pd.Timestamp("2025-03-11"), pd.Timestamp("2025-03-13")


def test_report_days(tables):
    assert report_days(tables) == [FIRST, SECOND]


def test_the_case_as_of_its_first_day_knows_nothing_of_the_second(tables):
    then = tables_up_to(tables, FIRST)
    assert (
        set(then.sources["source_id"]) == {"f001"}
        and set(then.facts["source_id"]) == {"f001"}
        and set(then.texts) == {"f001"}
    )
    assert then.as_of == FIRST and "vovchansk_held" not in set(then.claims["claim_id"]) and then.updates.empty
    comparison = compare_claims(then).set_index("claim_id")
    assert comparison.loc["vovchansk_taken", "verdict"] == "only_in_one_report"  # not yet updated
    # the analyst's verdicts compare f001 with f002: as of the first day they are not made yet
    assert then.claim_reviews.empty and comparison.loc["blue_red_alliance", "verdict"] == "only_in_one_report"
    assert len(tables.facts) == 17  # the case itself is untouched


def test_nothing_changed_on_the_first_day(tables):
    assert what_changed(tables, FIRST) == {}


def test_what_changed_on_the_second_day(tables):
    changes = what_changed(tables, SECOND)
    assert changes["previous"] == ["11 March 2025"]
    assert changes["new"] == [
        "The Blue Brigade holds Vovchansk (the regional governor; report f002)",
        "Fighting in Kupyansk (the Grey Army; report f002)",
    ]
    assert changes["numbers"] == [
        "People flee towards Kharkiv: “about 3,000 people” (2,550–3,450 people; the regional governor; report f001) "
        "became “Nearly 5,000 people” (4,500–5,000 people; the regional governor; report f002)"
    ]
    assert len(changes["updates"]) == 1 and changes["updates"][0].startswith(
        "The Blue Brigade holds Vovchansk develops an earlier claim, “The Blue Brigade takes Vovchansk” (first reported 11 March 2025)"
    )
    # f001's news that f002 does not repeat (the drone strikes and the flight it does; the capture it develops)
    assert changes["not_repeated"] == [
        "Burned-out trucks south of Vovchansk",
        "A strike on a market in Kupyansk kills civilians",
        "Grey Army troops stay in Kupyansk",
    ]


def test_updates_are_proposed_and_the_confirmed_one_marked(tables):
    proposed = propose_updates(tables).set_index(["claim_id", "updates"])
    confirmed = proposed.loc[("vovchansk_held", "vovchansk_taken")]
    assert (confirmed["why"], confirmed["suggested_kind"], confirmed["confirmed"]) == (
        "same place, same actor",
        "develops",
        "yes",
    )
    assert set(proposed.index.get_level_values("claim_id")) == {
        "vovchansk_held",
        "clash_in_kupyansk",
    }  # the news first reported on the second day
    assert list(proposed["why"])[:2] == ["same place, same actor"] * 2  # the strongest first: the confirmed pair is one
    assert ("vovchansk_held", "vovchansk_taken") in list(proposed.index[:2])


def test_a_later_claim_at_the_place_of_an_earlier_one_with_no_actor_is_proposed(tables):
    # the earlier claim names no actor (people fleeing towards Kharkiv): "same actor" is then no, not unknown
    facts = tables.facts.copy()
    facts.loc[facts["fact_id"] == "f002-007", "place_id"] = "kharkiv"
    facts.loc[facts["fact_id"] == "f002-001", "subject"] = pd.NA  # "Vovchansk is held", by no one named
    proposed = propose_updates(dataclasses.replace(tables, facts=facts)).set_index(["claim_id", "updates"])
    assert proposed.loc[("clash_in_kupyansk", "fled_towards_kharkiv"), "why"] == "same place"
    # who holds it is not said, so it is not said to be someone else: it develops the capture, not overturns it
    assert tuple(proposed.loc[("vovchansk_held", "vovchansk_taken"), ["why", "suggested_kind"]]) == (
        "same place",
        "develops",
    )


def test_every_number_of_the_newest_day_with_its_change_and_running_range(tables):
    changes = number_changes(tables, SECOND, graded(tables, compare_claims(tables))).set_index("claim_id")
    assert list(changes.index) == ["drone_strikes_kupyansk", "fled_towards_kharkiv", "kharkiv_size_rank"]
    fled = changes.loc["fled_towards_kharkiv"]
    # "about 3,000" (2,550-3,450) on 11 March, "Nearly 5,000" (4,500-5,000) on 13 March: best 3,000 -> 4,750
    assert (fled["change"], fled["change_best"], fled["previous_day"]) == ("up", 1750, "2025-03-11")
    assert (fled["previous_quantity_text"], fled["quantity_text"]) == ("about 3,000 people", "Nearly 5,000 people")
    assert (fled["running_low"], fled["running_high"], fled["speakers"]) == (2550, 5000, "the regional governor")
    assert (fled["grade"], fled["independent_sources"]) == ("updated", 1)
    assert changes.loc["drone_strikes_kupyansk", "change"] == "unchanged"  # "dozens" both days
    rank = changes.loc["kharkiv_size_rank"]  # f002 gives it twice: "second city" (2) and "largest" (1)
    assert (rank["change"], rank["low"], rank["high"], rank["previous_day"]) == ("first reported", 1, 2, "")


def test_on_the_first_day_every_number_is_first_reported(tables):
    changes = number_changes(tables, FIRST)
    assert set(changes["change"]) == {"first reported"} and changes["previous_low"].isna().all()
    assert "grade" not in changes  # without the graded comparison


def test_a_number_left_open_ended_has_no_running_upper_bound(tables):
    facts = tables.facts.copy()
    at = facts.index[facts["fact_id"] == "f002-002"]  # "Nearly 5,000 people" said as "more than 4,500"
    facts.loc[at, ["value_low", "value_best", "value_high"]] = [4500, 4500, float("nan")]
    changes = number_changes(dataclasses.replace(tables, facts=facts), SECOND).set_index("claim_id")
    assert pd.isna(changes.loc["fled_towards_kharkiv", "running_high"])
    assert changes.loc["fled_towards_kharkiv", "change_best"] == 1500
