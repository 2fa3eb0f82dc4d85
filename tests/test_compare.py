"""Comparison of reports: each verdict kind on constructed cases, the exports, a third report, and the titles."""

import dataclasses
import hashlib
import json

import pandas as pd
import pytest

from briefkit import load_tables
from briefkit.analysis.compare import (
    claim_reviews_jsonld,
    claim_verdict,
    compare_claims,
    inside_quotation,
    normalise,
    propose_alignments,
    within_report_checks,
)
from briefkit.drawing.charts import relation_table, verdict_table
from briefkit.publishing.findings import counted, finding_dates, front_headline, relations_headline, verdicts_headline
from conftest import append_rows

NAMES = {"monitor": "a monitor", "medics": "medics", "army": "the army", "rebels": "the rebels"}


def fact(source_id, quote, text, **fields):
    row = {
        "source_id": source_id,
        "quote": quote,
        "quote_start": text.index(quote),
        "attributed_to": "monitor",
        "subject": "rebels",
        "relation": pd.NA,
        "object": pd.NA,
        "hedge": pd.NA,
        "quantity_text": pd.NA,
        "unit": pd.NA,
        "value_low": float("nan"),
        "value_best": float("nan"),
        "value_high": float("nan"),
    }
    return row | fields


def verdict(*rows, texts):
    return claim_verdict(pd.DataFrame(list(rows)), texts, NAMES)


def test_same():
    texts = {"a": "He said dozens of strikes hit.", "b": "Dozens of strikes hit, he said."}
    result = verdict(
        fact("a", "dozens of strikes hit", texts["a"]), fact("b", "Dozens of strikes hit", texts["b"]), texts=texts
    )
    assert result == ("same", "the same words, the same speaker")


def test_reworded_same_meaning():
    texts = {"a": "The rebels took the town.", "b": "The town fell to the rebels."}
    result = verdict(
        fact("a", "The rebels took the town", texts["a"]),
        fact("b", "The town fell to the rebels", texts["b"]),
        texts=texts,
    )
    assert result[0] == "reworded_same_meaning"


def test_meaning_changed_when_the_speaker_changes():
    texts = {"a": "Medics reported air attacks.", "b": "The monitor reported air attacks."}
    result = verdict(
        fact("a", "air attacks", texts["a"], attributed_to="medics"), fact("b", "air attacks", texts["b"]), texts=texts
    )
    assert result == ("meaning_changed", "speaker changed: a: medics; b: a monitor")


def test_meaning_changed_when_the_relation_changes():
    texts = {"a": "a former affiliate", "b": "an affiliate"}
    result = verdict(
        fact("a", "a former affiliate", texts["a"], relation="formerly_affiliated_with"),
        fact("b", "an affiliate", texts["b"], relation="linked_to"),
        texts=texts,
    )
    assert result[0] == "meaning_changed" and "relation changed: a: formerly affiliated with; b: linked to" in result[1]


def test_meaning_changed_when_a_qualifier_is_dropped():
    texts = {"a": "multiple civilian casualties", "b": "civilian casualties"}
    result = verdict(
        fact("a", "multiple civilian casualties", texts["a"], hedge="multiple"),
        fact("b", "civilian casualties", texts["b"]),
        texts=texts,
    )
    assert result[0] == "meaning_changed" and "qualifier changed: a: multiple; b: none" in result[1]


def test_meaning_changed_when_a_paraphrase_becomes_a_direct_quote():
    texts = {"a": "He said the army was losing.", "b": "“The army is losing,” he said."}
    result = verdict(
        fact("a", "the army was losing", texts["a"]), fact("b", "The army is losing,", texts["b"]), texts=texts
    )
    assert result == ("meaning_changed", "quotation changed: a: paraphrase; b: direct quote")


def test_only_in_one_report():
    texts = {"a": "Only here."}
    assert verdict(fact("a", "Only here", texts["a"]), texts=texts) == ("only_in_one_report", "only a makes this claim")


def test_contradicts_when_intervals_do_not_overlap():
    texts = {"a": "about 6 miles", "b": "about 20 miles"}
    a = fact(
        "a",
        "about 6 miles",
        texts["a"],
        hedge="about",
        quantity_text="about 6 miles",
        unit="miles",
        value_low=5.1,
        value_best=6,
        value_high=6.9,
    )
    b = fact(
        "b",
        "about 20 miles",
        texts["b"],
        hedge="about",
        quantity_text="about 20 miles",
        unit="miles",
        value_low=17,
        value_best=20,
        value_high=23,
    )
    assert verdict(a, b, texts=texts)[0] == "contradicts"


def test_overlapping_intervals_do_not_contradict():
    texts = {"a": "several towns", "b": "at least four towns"}
    a = fact(
        "a",
        "several towns",
        texts["a"],
        hedge="several",
        quantity_text="several towns",
        unit="towns",
        value_low=3,
        value_best=5,
        value_high=9,
    )
    b = fact(
        "b",
        "at least four towns",
        texts["b"],
        hedge="at least",
        quantity_text="at least four towns",
        unit="towns",
        value_low=4,
        value_best=4,
    )
    assert verdict(a, b, texts=texts)[0] == "meaning_changed"  # the hedge changed, the numbers agree


def test_inconsistent_within_one_report():
    text = "the largest city ... the second city"
    a = fact(
        "a", "the largest city", text, quantity_text="largest", unit="rank", value_low=1, value_best=1, value_high=1
    )
    b = fact("a", "the second city", text, quantity_text="second", unit="rank", value_low=2, value_best=2, value_high=2)
    assert verdict(a, b, texts={"a": text})[0] == "inconsistent_within_report"


def test_inside_quotation_and_normalise():
    text = "He said “we will win, and soon” today."
    assert inside_quotation(text, text.index("we will"), text.index(" today") - 1)
    assert not inside_quotation(text, text.index("He said"), text.index(" said"))
    assert normalise("It’s “fine”.") == normalise('it\'s "fine"')


@pytest.fixture(scope="module")
def comparison(tables):
    return compare_claims(tables)


def test_every_claim_gets_one_row_and_a_verdict(tables, comparison):
    assert len(comparison) == len(tables.claims)
    verdicts = comparison.set_index("claim_id")["verdict"]
    assert verdicts["drone_strikes_kupyansk"] == "same"
    assert verdicts["kharkiv_size_rank"] == "inconsistent_within_report"  # "second city" and "the largest city" in f002
    assert verdicts["blue_red_alliance"] == "contradicts"  # the analyst's (data/claim_reviews.csv)
    assert verdicts["burned_trucks"] == "only_in_one_report"


def test_analyst_verdict_wins_and_the_computed_one_stays(comparison):
    alliance = comparison.set_index("claim_id").loc["blue_red_alliance"]
    assert (alliance["verdict"], alliance["computed_verdict"], alliance["verdict_by"]) == (
        "contradicts",
        "meaning_changed",
        "analyst (data/claim_reviews.csv)",
    )


def test_a_later_count_and_later_news_are_updates_not_contradictions(comparison):
    rows = comparison.set_index("claim_id")
    # the analyst's verdict (claim_reviews.csv) for numbers that grew in two days: computed, they contradict
    assert tuple(rows.loc["fled_towards_kharkiv", ["verdict", "computed_verdict"]]) == (
        "updated",
        "contradicts",
    )  # 2,550-3,450 vs 4,500-5,000
    # a later claim that develops an earlier one (updates.csv)
    taken = rows.loc["vovchansk_taken"]
    assert (taken["verdict"], taken["computed_verdict"], taken["updated_by"]) == (
        "updated",
        "only_in_one_report",
        "vovchansk_held",
    )
    assert taken["explanation"].startswith("Developed by “The Blue Brigade holds Vovchansk”: f001:")
    assert (taken["verdict_by"], rows.loc["vovchansk_held", "updates"]) == (
        "analyst (data/updates.csv)",
        "vovchansk_taken",
    )


def test_within_report_checks(tables, comparison):
    checks = within_report_checks(tables, comparison)
    assert checks.loc[checks["check"] == "contradicts itself", "claim_id"].tolist() == ["kharkiv_size_rank"]
    assert checks.loc[checks["check"] == "battlefield claim with no source", "fact_id"].tolist() == [
        "f001-007"
    ]  # the troops in Kupyansk


def test_alignment_proposals_find_the_identical_quote(tables):
    candidates = propose_alignments(tables)
    top = candidates.loc[
        (candidates["claim_id_a"] == "drone_strikes_kupyansk") & (candidates["claim_id_b"] == "drone_strikes_kupyansk")
    ]
    assert top["score"].iloc[0] == 100 and top["aligned"].iloc[0]


def test_claimreview_export(tables, comparison):
    reviews = claim_reviews_jsonld(tables, comparison)
    assert {r["@type"] for r in reviews} == {"ClaimReview"}
    assert {r["identifier"] for r in reviews} == {
        "blue_red_alliance",
        "kharkiv_size_rank",
    }  # updated claims are not contested
    texts = tables.texts
    for review in reviews:
        for appearance in review["itemReviewed"]["appearance"]:
            assert appearance["text"] in texts[appearance["identifier"]]
            assert "datePublished" not in appearance  # both reports' dates are inferred, so none is given
    json.dumps(reviews, ensure_ascii=False)


THIRD_REPORT = (
    "A third account, written for the test suite. The Grey Army said it carried out dozens of drone strikes on Blue Brigade "
    "positions near Kupyansk. Vovchansk lies about 60 km north-east of Kharkiv.\n"
)


def add_third_report(data_dir):
    text_path = data_dir / "sources" / "test_third_report.txt"
    text_path.write_text(THIRD_REPORT, encoding="utf-8")
    append_rows(
        data_dir,
        "sources",
        [
            {
                "source_id": "t001",
                "text_path": "sources/test_third_report.txt",
                "sha256": hashlib.sha256(text_path.read_bytes()).hexdigest(),
                "title": "[test] a third report",
                "outlet": "not stated",
                "author": "not stated",
                "contributors": "not stated",
                "published": "2025-03-13",
                "published_basis": "inferred: written for the test suite",
            }
        ],
    )
    strikes = "carried out dozens of drone strikes on Blue Brigade positions near Kupyansk"
    distance = "Vovchansk lies about 60 km north-east of Kharkiv"
    append_rows(
        data_dir,
        "facts",
        [
            {
                "fact_id": "t001-001",
                "source_id": "t001",
                "claim_id": "drone_strikes_kupyansk",
                "category": "air_or_drone_strike",
                "event_type": "Explosions/Remote violence",
                "sub_event_type": "Air/drone strike",
                "subject": "grey_army",
                "relation": "strikes",
                "object": "blue_brigade",
                "place_id": "kupyansk",
                "quote": strikes,
                "quote_start": str(THIRD_REPORT.index(strikes)),
                "quantity_text": "dozens of drone strikes",
                "hedge": "dozens",
                "value_low": "24",
                "value_best": "36",
                "value_high": "99",
                "unit": "strikes",
                "date_start": "2025-03-13",
                "date_end": "2025-03-13",
                "date_precision": "day",
                "date_basis": "report_date",
                "attributed_to": "grey_army",
                "speaker_kind": "party_to_conflict",
            },
            {
                "fact_id": "t001-002",
                "source_id": "t001",
                "claim_id": "vovchansk_from_kharkiv",
                "category": "distance_or_location",
                "place_id": "vovchansk",
                "relative_to": "kharkiv",
                "direction": "NE",
                "quote": distance,
                "quote_start": str(THIRD_REPORT.index(distance)),
                "quantity_text": "about 60 km",
                "value_stated": "60",
                "hedge": "about",
                "value_low": "51",
                "value_best": "60",
                "value_high": "69",
                "unit": "km",
                "speaker_kind": "unattributed",
            },
        ],
    )


def test_a_third_report_is_compared_with_no_code_change(data_dir):
    add_third_report(data_dir)
    tables = load_tables(data_dir)
    comparison = compare_claims(tables).set_index("claim_id")
    assert {"quote_f001", "quote_f002", "quote_t001"} <= set(comparison.columns)
    assert comparison.loc["drone_strikes_kupyansk", "reports"].split(", ") == ["f001", "f002", "t001"]
    assert comparison.loc["drone_strikes_kupyansk", "verdict"] == "same"
    assert comparison.loc["vovchansk_from_kharkiv", "verdict"] == "contradicts"  # 34-46 vs 51-69 km
    assert "report t001" in set(verdict_table(comparison.reset_index(), tables)["bar"])
    reviews = {r["identifier"]: r for r in claim_reviews_jsonld(tables, comparison.reset_index())}
    assert "t001" in {a["identifier"] for a in reviews["vovchansk_from_kharkiv"]["itemReviewed"]["appearance"]}


def test_the_verdicts_title_fits_the_number_of_reports(tables, comparison):
    shared = comparison.loc[comparison["reports"].str.contains(",")]
    changed = int(shared["verdict"].isin(["meaning_changed", "contradicts"]).sum())
    assert verdicts_headline(comparison, 2).startswith(
        f"Of {len(shared)} claims more than one report makes, {changed} "
    )
    alone = comparison.loc[~comparison["reports"].str.contains(",")]
    assert verdicts_headline(alone, 1) == f"One report so far, with {len(alone)} claims: nothing to compare it with yet"
    assert (
        verdicts_headline(alone, 2) == "No claim is made by more than one of the 2 reports: nothing to compare yet"
    )  # not "Of 0 claims"


def test_the_relations_title_fits_what_is_stated(tables):
    relations = relation_table(tables)
    sources = sorted(tables.sources["source_id"])
    assert relations_headline(relations, sources).endswith(
        f"of {len(relations)} stated relations appear in one report only"
    )
    assert relations_headline(relations.iloc[0:0], sources) == "No relation between actors is stated in the reports yet"
    assert (
        relations_headline(relations.iloc[:2], sources[:1]) == "2 relations between actors, stated by one report so far"
    )


def test_a_finding_on_report_dates_agrees_in_number(tables):
    one = dataclasses.replace(tables, sources=tables.sources.iloc[:1])
    assert finding_dates(one, None, None, None, None).startswith("The report states no date of its own: it is dated ")
    two = tables.sources.assign(published_basis=["stated"] + ["inferred: from its words"] * (len(tables.sources) - 1))
    assert finding_dates(dataclasses.replace(tables, sources=two), None, None, None, None).startswith(
        f"1 of {len(two)} reports states no date of its own: it is dated "
    )
    assert (counted(1, "report"), counted(2, "report"), counted(0, "claim")) == ("1 report", "2 reports", "0 claims")


def test_the_front_headline_counts_the_events_in_the_place_apart_from_the_nearest_other():
    # three events in the town itself and one 60 km out: not "4 events, the nearest 60 km from its centre"
    assert (
        front_headline("Townsville", 4, 3, "60.0 km (37.3 mi)")
        == "Around Townsville: 3 events in Townsville itself, 1 more 60.0 km (37.3 mi) from its centre"
    )
    assert (
        front_headline("Townsville", 6, 1, "6.1 km (3.8 mi)")
        == "Around Townsville: 1 event in Townsville itself, 5 more, the nearest 6.1 km (3.8 mi) from its centre"
    )
    assert (
        front_headline("Townsville", 2, 0, "6.1 km (3.8 mi)")
        == "Around Townsville: 2 events located, the nearest 6.1 km (3.8 mi) from its centre"
    )
    assert front_headline("Townsville", 2, 2, None) == "Around Townsville: 2 events, all in Townsville itself"
    assert front_headline("Townsville", 1, 1, None) == "Around Townsville: 1 event, in Townsville itself"
    assert front_headline("Townsville", 0, 0, None) == "Around Townsville: no event with a point of its own"
    assert front_headline(None, 0, 0, None) == "No located events yet"


def test_the_later_version_of_an_updated_claim_is_counted_as_updating_not_updated(tables):
    # The fixture's analyst calls fled_towards_kharkiv updated ("about 3,000 had fled", f001, 11 March; "nearly
    # 5,000 have now fled", f002, 13 March), and vovchansk_taken (f001 only) is updated by f002's vovchansk_held
    # (updates.csv). f001 makes both, updated by a later report; f002's version of the first is the update.
    counts = verdict_table(compare_claims(tables), tables).set_index(["bar", "verdict"])["claims"]
    assert (counts["report f001", "updated"], counts["report f001", "updates_earlier"]) == (2, 0)
    assert (counts["report f002", "updated"], counts["report f002", "updates_earlier"]) == (0, 1)


def test_a_claim_the_newest_report_restates_is_not_updated_there(tables):
    # f002 restating vovchansk_taken, which its own vovchansk_held updates: no later report updates f002's
    # version, nor does it update an earlier one (vovchansk_held does); it counts by its computed verdict
    comparison = compare_claims(tables)
    restated = comparison["claim_id"] == "vovchansk_taken"
    comparison.loc[restated, "quote_f002"] = "the Blue Brigade took Vovchansk"
    counts = verdict_table(comparison, tables).set_index(["bar", "verdict"])["claims"]
    before = verdict_table(compare_claims(tables), tables).set_index(["bar", "verdict"])["claims"]
    assert (counts["report f001", "updated"], counts["report f001", "updates_earlier"]) == (2, 0)
    assert (counts["report f002", "updated"], counts["report f002", "updates_earlier"]) == (0, 1)
    computed = comparison.loc[restated, "computed_verdict"].iloc[0]
    assert counts["report f002", computed] == before["report f002", computed] + 1
