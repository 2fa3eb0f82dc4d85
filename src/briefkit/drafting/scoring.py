"""A draft scored against the rows a person coded: every coded report drafted from its text alone.

Each coded fact is compared with the draft rows whose quotes overlap it: a value counts as matched
when one of those rows has it (`./kit bench draft`, notebook 09).
"""

import math
import re

import pandas as pd

from briefkit.drafting.quantities import number_cell
from briefkit.drafting.rows import Draft, draft_of

SCORES = [
    ("overlap", "hand-coded facts a draft row overlaps", 0.90),
    ("quantities", "quantities with the hand-coded interval", 1.00),
    ("dates", "dates resolved to the same days", 0.90),
    ("places", "places matched", 0.95),
    ("speakers", "speakers matched (facts with a speaker)", 0.85),
    ("rows_per_fact", "draft rows per hand-coded fact", 1.5),
]


def compare(draft: pd.DataFrame, hand: pd.DataFrame) -> pd.DataFrame:
    """One row per hand-coded fact: the draft rows whose quotes overlap it, and whether any of them has its values."""
    spans = [(int(r.quote_start), int(r.quote_start) + len(r.quote), r) for r in draft.itertuples()]
    out = []
    for fact in hand.itertuples():
        a, b = int(fact.quote_start), int(fact.quote_start) + len(fact.quote)
        over = [r for x, y, r in spans if x < b and a < y]

        def any_same(*columns):
            wanted = tuple(_cell(getattr(fact, c)) for c in columns)
            return any(tuple(_cell(getattr(r, c)) for c in columns) == wanted for r in over)

        out.append(
            {
                "fact_id": fact.fact_id,
                "drafted_as": " ".join(r.fact_id for r in over),
                "overlap": bool(over),
                "quantity": any_same("hedge", "value_low", "value_best", "value_high") if _cell(fact.hedge) else None,
                "date": any_same("date_start", "date_end") if _cell(fact.date_start) else None,
                "place": any_same("place_id") if _cell(fact.place_id) else None,
                "speaker": any_same("attributed_to") if _cell(fact.attributed_to) else None,
            }
        )
    return pd.DataFrame(out)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_cell(float(value))
    try:
        return number_cell(float(value)) if re.fullmatch(r"-?\d+(?:\.\d+)?", str(value)) else str(value)
    except ValueError:
        return str(value)


def scores(matched: pd.DataFrame, draft_rows: int) -> dict:
    """name -> (share, how many, of how many), for SCORES."""

    def share(column):
        given = matched[column].dropna().astype(bool)
        return (float(given.mean()) if len(given) else math.nan, int(given.sum()), len(given))

    return {
        "overlap": share("overlap"),
        "quantities": share("quantity"),
        "dates": share("date"),
        "places": share("place"),
        "speakers": share("speaker"),
        "rows_per_fact": (draft_rows / len(matched) if len(matched) else math.nan, draft_rows, len(matched)),
    }


def score_table(tables) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every coded report drafted from its text alone: SCORES per report and for all of them (tidy: one row
    per report and score), and the comparison of every coded fact with the draft rows that overlap it."""
    found, comparisons, rows = {}, [], 0
    for source_id in sorted(tables.facts["source_id"].unique()):
        found[source_id], matched, draft = score_report(tables, source_id)
        comparisons.append(matched.assign(source_id=source_id))
        rows += len(draft.facts)
    matched = pd.concat(comparisons, ignore_index=True)
    found["all"] = scores(matched, rows)
    table = pd.DataFrame(
        [
            {
                "report": report,
                "score": name,
                "measure": what,
                "value": round(found[report][name][0], 4),
                "count": found[report][name][1],
                "of": found[report][name][2],
                "goal": goal,
            }
            for report in found
            for name, what, goal in SCORES
        ]
    )
    return table, matched


def score_summary(table: pd.DataFrame) -> pd.DataFrame:
    """The tidy scores as one line per score and one column per report, with the goal."""

    def shown(row):
        if pd.isna(row["value"]):
            return "none to score"
        if row["score"] == "rows_per_fact":
            return f"{row['value']:.2f} ({row['count']} rows / {row['of']})"
        return f"{row['value']:.0%} ({row['count']} of {row['of']})"

    wide = table.assign(shown=table.apply(shown, axis=1)).pivot(
        index=["score", "measure"], columns="report", values="shown"
    )
    goals = {name: (f"<= {goal}" if name == "rows_per_fact" else f">= {goal:.0%}") for name, _, goal in SCORES}
    wide = wide.reindex([(name, what) for name, what, _ in SCORES])[[*sorted(set(table["report"]) - {"all"}), "all"]]
    return (
        wide.reset_index().assign(goal=lambda d: d["score"].map(goals)).drop(columns="score").rename_axis(columns=None)
    )


def score_report(tables, source_id: str) -> tuple[dict, pd.DataFrame, Draft]:
    """Draft a coded report from its text alone and score it against its hand-coded rows."""
    draft = draft_of(tables, source_id, leave_out_own=True)
    hand = tables.facts[tables.facts["source_id"] == source_id]
    matched = compare(draft.facts, hand)
    return scores(matched, len(draft.facts)), matched, draft
