"""The tables behind the charts: what each chart is allowed to draw; and the timeline's day axis."""

import dataclasses
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from briefkit import load_tables
from briefkit.analysis.days import timeline_table
from briefkit.contract.tables import count_units
from briefkit.drawing.charts import draw_timeline, fit_panel_titles, relation_table
from briefkit.drawing.house import NEW_HIGHLIGHT
from briefkit.drawing.numbers import compact_number, draw_quantities, quantity_table, uncounted_note
from briefkit.drawing.speakers import speaker_table
from conftest import append_rows, row_of, set_cell


def test_quantities_are_counts_only(tables):
    table = quantity_table(tables)
    assert set(table["unit"]) <= set(count_units(tables))
    assert not {"about 40 km", "about 5 miles", "second city"} & set(
        table["quantity_text"]
    )  # distances and ranks: not here
    assert {"Nearly 5,000 people", "at least 12 burned-out trucks", "A small number of Grey Army troops"} <= set(
        table["quantity_text"]
    )


def test_the_numbers_chart_names_the_numbers_it_leaves_out_and_writes_units_as_readers_do(data_dir):
    # a case's own units: a count (drawn, its id's underscores as spaces) and money (not a count: named)
    own = {"vocabulary": "unit", "meaning": "The case's own.", "source": "case study"}
    append_rows(
        data_dir,
        "vocabularies",
        [own | {"value": "displaced_people", "parent": "count"}, own | {"value": "us_dollars", "parent": "money"}],
    )
    set_cell(
        data_dir, "facts", row_of(data_dir, "facts", "quantity_text", "Nearly 5,000 people"), "unit", "displaced_people"
    )
    set_cell(data_dir, "facts", row_of(data_dir, "facts", "quantity_text", "about 40 km"), "unit", "us_dollars")
    tables = load_tables(data_dir)
    assert uncounted_note(tables) == (
        "Not counts, so not drawn: 1 number in km, 1 in miles, 2 in rank, 1 in us dollars "
        "(all in data/derived/quantities.csv)."
    )
    fig = draw_quantities(quantity_table(tables))
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    plt.close(fig)
    assert "displaced people" in titles and "displaced_people" not in titles


def test_open_ended_and_unquantified_stay_so(tables):
    table = quantity_table(tables).set_index("quantity_text")
    trucks = table.loc["at least 12 burned-out trucks"]
    assert trucks["open_ended"] and math.isnan(trucks["value_high"])
    assert math.isnan(table.loc["A small number of Grey Army troops", "value_low"])


def test_who_says_what_counts_a_claim_once_however_many_reports_carry_it(tables):
    table = speaker_table(tables).set_index("speaker")
    army = table.loc["the Grey Army"]
    # four fact rows, three claims: drone_strikes_kupyansk is in both reports, the other two in one each
    assert (army["facts"], army["claims"], army["all_reports"], army["only_f001"] + army["only_f002"]) == (4, 3, 1, 2)
    assert table["facts"].sum() == len(tables.facts)
    assert not table.loc["no named source", "drawn"] and table.drop(index="no named source")["drawn"].all()


def test_every_stated_relation_is_drawn_a_case_added_one_in_a_neutral_colour(tables):
    # the fixture's alliance rows restated: one with a relation the kit ships, one with a relation of the case's own
    facts = tables.facts.copy()
    facts.loc[facts["fact_id"] == "f001-008", "relation"] = "breaks_ties_with"
    facts.loc[facts["fact_id"] == "f002-004", "relation"] = "shares_a_border_with"
    table = relation_table(dataclasses.replace(tables, facts=facts)).set_index("relation")
    assert table.loc["breaks_ties_with", "group"] == "hostility"
    assert table.loc["shares_a_border_with", "group"] == "other"
    assert table.loc["shares_a_border_with", "f002"] == "f002-004"


def test_relations_trace_to_their_facts(tables):
    table = relation_table(tables)
    facts = tables.facts.set_index("fact_id")
    traced = 0
    for row in table.itertuples():
        for source_id in tables.sources["source_id"]:
            for fact_id in filter(None, getattr(row, source_id).split(" ")):
                fact = facts.loc[fact_id]
                assert (fact["subject"], fact["relation"], fact["object"], fact["source_id"]) == (
                    row.subject,
                    row.relation,
                    row.object,
                    source_id,
                )
                traced += 1
    assert traced == facts["relation"].notna().sum()


def test_the_reports_disagree_on_the_alliance(tables):
    table = relation_table(tables).set_index(["subject", "relation", "object"])
    assert table.loc[("blue_brigade", "formerly_affiliated_with", "red_legion"), "f002"] == ""
    assert table.loc[("blue_brigade", "allied_with", "red_legion"), "f001"] == ""
    assert table.loc[("blue_brigade", "allied_with", "red_legion"), "f002"] == "f002-004"


def test_timeline_holds_every_dated_fact_once_per_claim_and_report(tables):
    table = timeline_table(tables)
    dated = tables.facts.loc[tables.facts["date_start"].notna()]
    assert set(table["claim_id"]) == set(dated["claim_id"])
    assert not table.duplicated(["claim_id", "source_id", "date_start", "date_end"]).any()
    assert table["date_start"].is_monotonic_increasing


@pytest.mark.parametrize("value, text", [(1, "1"), (10, "10"), (2500, "2.5k"), (100_000, "100k"), (10_000_000, "10M")])
def test_compact_number(value, text):
    assert compact_number(value) == text


@pytest.mark.parametrize("split", ["2025-02-26", "2025-02-27"])  # the split on an even day and on an odd one
def test_the_news_panel_has_no_tick_at_the_split_where_it_would_meet_the_last_year(tables, split):
    report_days = dict(zip(tables.sources["source_id"], tables.sources["published"]))
    fig = draw_timeline(timeline_table(tables), report_days, pd.Timestamp(split), days_inferred=True)
    late = fig.axes[1]
    ticks = [mdates.num2date(t).replace(tzinfo=None) for t in late.get_xticks()]
    plt.close(fig)
    assert min(ticks) == pd.Timestamp(split) + pd.Timedelta(days=1)
    assert 4 <= len(ticks) <= 8


def test_panel_titles_too_wide_for_their_panels_are_broken_until_they_fit():
    fig, axes = plt.subplots(1, 4, figsize=(8, 3))
    for ax in axes[:3]:
        ax.panel_title = ax.set_title(
            "report r000: 28 facts with a named speaker\n(+ 73 with none, not drawn)", fontsize=9.5, loc="left"
        )
    axes[3].panel_title = axes[3].set_title("report r9", fontsize=9.5, loc="left")
    fit_panel_titles(fig)
    renderer = fig.canvas.get_renderer()
    for ax in axes:
        assert ax.panel_title.get_window_extent(renderer).width <= ax.get_window_extent(renderer).width
    assert axes[0].panel_title.get_text().startswith("report r000:\n")
    assert (axes[3].panel_title.get_text(), axes[3].panel_title.get_fontsize()) == (
        "report r9",
        9.5,
    )  # it fitted: untouched
    plt.close(fig)


@pytest.mark.parametrize("inferred, label", [(True, "the reports' day (inferred)"), (False, "the reports' day")])
def test_the_timeline_says_the_reports_days_are_inferred_only_when_they_are(tables, inferred, label):
    report_days = dict(zip(tables.sources["source_id"], tables.sources["published"]))
    fig = draw_timeline(timeline_table(tables), report_days, pd.Timestamp("2025-03-01"), days_inferred=inferred)
    labels = [text.get_text() for text in fig.legends[0].get_texts()]
    plt.close(fig)
    assert label in labels and not {"the reports' day", "the reports' day (inferred)"} - {label} & set(labels)


def test_the_timeline_marks_cut_bars_and_never_calls_background_new(tables):
    # both first reported on the newest day: a war of 1994 (background) and a siege from February into the
    # news window, which the news panel cuts at its left edge
    report_days = dict(zip(tables.sources["source_id"], tables.sources["published"]))
    timeline = timeline_table(tables)
    added = pd.DataFrame(
        {
            "claim_id": ["war_1994", "siege"],
            "topic": ["A war in 1994", "A siege since February"],
            "source_id": ["f002", "f002"],
            "date_start": pd.to_datetime(["1994-01-01", "2025-02-01"]),
            "date_end": pd.to_datetime(["1994-12-31", "2025-03-12"]),
            "date_precision": ["year", "days"],
            "date_basis": ["stated", "stated"],
            "new": [True, True],
        }
    )
    split = pd.Timestamp("2025-03-07")
    fig = draw_timeline(pd.concat([timeline, added], ignore_index=True), report_days, split, days_inferred=True)
    early, late = fig.axes[:2]
    labels = [text.get_text() for text in fig.legends[0].get_texts()]
    highlighted = [
        patch.get_path().get_extents(patch.get_patch_transform()).y0
        for patch in early.patches
        if matplotlib.colors.same_color(patch.get_facecolor()[:3], NEW_HIGHLIGHT)
    ]
    heads = [line.get_marker() for line in late.lines if line.get_marker() in ("<", ">")]
    rows = [tick.get_text() for tick in early.get_yticklabels()]
    plt.close(fig)
    highlighted_rows = {rows[round(y0 + 0.45)] for y0 in highlighted}
    assert "A siege since February" in highlighted_rows and "A war in 1994" not in highlighted_rows
    assert heads == ["<"] and "continues beyond the panel" in labels
