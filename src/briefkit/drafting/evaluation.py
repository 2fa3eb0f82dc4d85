"""Scores that count wrong proposals: each coded fact paired with at most one draft row, field by field.

A draft row and a coded fact are paired by their quotes: among the pairs whose quotes share at least half
of the shorter one, the pair with the larger overlap (shared characters over the characters either covers)
goes first, and where two draft rows cover the same words (one clause, two quantities) the one that agrees
with the fact on more fields; each row and each fact is paired once. So a fact is matched only by its own
row, never by one of several alternatives, and a draft row that is paired with no fact is extra.

For each field (FIELDS), recall is the share of the coded values (facts with the cell filled) that their
paired row proposes, and precision the share of the proposed values (draft rows with the cell filled,
paired or not) that are the paired fact's. A claim is scored only where it reaches across reports: the
coded claim when another report states it, the draft's when it names a claim of another report. Claim
alignment counts pairs of rows of different reports stating the same claim, coded against drafted.
"""

import math
from dataclasses import dataclass, field

import pandas as pd

from briefkit.analysis.days import propose_updates
from briefkit.drafting.rows import draft_of
from briefkit.drafting.scoring import _cell

# name, the facts.csv columns that must all agree
FIELDS = [
    ("place", ("place_id",)),
    ("relative_to", ("relative_to",)),
    ("speaker", ("attributed_to",)),
    ("speaker_kind", ("speaker_kind",)),
    ("date range", ("date_start", "date_end")),
    ("value_low", ("value_low",)),
    ("value_best", ("value_best",)),
    ("value_high", ("value_high",)),
    ("unit", ("unit",)),
    ("hedge", ("hedge",)),
    ("quantity (low, high, unit)", ("value_low", "value_high", "unit")),
    ("category", ("category",)),
    ("claim (across reports)", ("claim_id",)),
]
MIN_SHARED = 0.5  # of the shorter quote, for a draft row and a coded fact to be paired at all


@dataclass
class Tally:
    """Counts that add up across reports: per field, values found, coded and proposed; claim pairs."""

    found: dict = field(default_factory=dict)
    coded: dict = field(default_factory=dict)
    proposed: dict = field(default_factory=dict)
    facts: int = 0
    draft_rows: int = 0
    pairs_found: int = 0
    pairs_coded: int = 0
    pairs_proposed: int = 0

    def add(self, other: "Tally") -> "Tally":
        for name, _ in FIELDS:
            for counts, more in ((self.found, other.found), (self.coded, other.coded), (self.proposed, other.proposed)):
                counts[name] = counts.get(name, 0) + more.get(name, 0)
        for name in ("facts", "draft_rows", "pairs_found", "pairs_coded", "pairs_proposed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


def _span(row) -> tuple[int, int]:
    return int(row.quote_start), int(row.quote_start) + len(row.quote)


def _values(row, columns, cross_claims: set[str]) -> tuple:
    """The row's cells for columns; a claim only where another report states it."""
    cells = tuple(_cell(getattr(row, c)) for c in columns)
    if columns == ("claim_id",) and cells[0] not in cross_claims:
        return ("",)
    return cells


def pair(draft: pd.DataFrame, hand: pd.DataFrame, cross_claims: set[str] = frozenset()) -> dict[int, int]:
    """draft row position -> coded fact position: each paired once, by quote overlap, then agreement."""
    candidates = []
    for i, row in enumerate(draft.itertuples()):
        a, b = _span(row)
        for j, fact in enumerate(hand.itertuples()):
            c, d = _span(fact)
            shared = min(b, d) - max(a, c)
            if shared <= 0 or shared < MIN_SHARED * min(b - a, d - c):
                continue
            overlap = shared / (max(b, d) - min(a, c))
            agree = sum(
                _values(row, columns, cross_claims) == _values(fact, columns, cross_claims) != ("",) * len(columns)
                for _, columns in FIELDS
            )
            candidates.append((-round(overlap, 6), -agree, j, i))
    paired, used = {}, set()
    for _, _, j, i in sorted(candidates):
        if i not in paired and j not in used:
            paired[i] = j
            used.add(j)
    return paired


def tally(draft: pd.DataFrame, hand: pd.DataFrame, others: pd.DataFrame) -> Tally:
    """The counts for one report's draft against its coded facts; others: the coded facts of the case's
    other reports (whose claims a draft row may propose)."""
    draft, hand = draft.reset_index(drop=True), hand.reset_index(drop=True)
    cross_claims = set(others["claim_id"].dropna())
    paired = pair(draft, hand, cross_claims)
    counts = Tally(facts=len(hand), draft_rows=len(draft))
    drafted = list(draft.itertuples())
    coded = list(hand.itertuples())
    for name, columns in FIELDS:
        empty = ("",) * len(columns)
        wanted = [_values(f, columns, cross_claims) for f in coded]
        given = [_values(r, columns, cross_claims) for r in drafted]
        counts.coded[name] = sum(v != empty for v in wanted)
        counts.proposed[name] = sum(v != empty for v in given)
        counts.found[name] = sum(given[i] == wanted[j] != empty for i, j in paired.items())
    # claim alignment: (this report's row, another report's row) stating the same claim
    holders = others.groupby("claim_id")["fact_id"].apply(set).to_dict()
    coded_pairs = {(f.fact_id, g) for f in coded for g in holders.get(f.claim_id, ())}
    proposed_pairs = set()
    for i, row in enumerate(drafted):
        name = coded[paired[i]].fact_id if i in paired else f"draft {row.fact_id}"
        proposed_pairs |= {(name, g) for g in holders.get(_cell(row.claim_id), ())}
    counts.pairs_coded, counts.pairs_proposed = len(coded_pairs), len(proposed_pairs)
    counts.pairs_found = len(coded_pairs & proposed_pairs)
    return counts


def _share(count: int, of: int) -> float:
    return count / of if of else math.nan


def score_rows(counts: Tally) -> list[dict]:
    """The tally as tidy scores: one row per field and measure (recall, precision), with count and of."""
    rows = []
    for name, _ in FIELDS:
        for measure, count, of in (
            ("recall", counts.found[name], counts.coded[name]),
            ("precision", counts.found[name], counts.proposed[name]),
        ):
            rows.append({"field": name, "measure": measure, "value": _share(count, of), "count": count, "of": of})
    rows.append(
        {
            "field": "rows per fact",
            "measure": "ratio",
            "value": _share(counts.draft_rows, counts.facts),
            "count": counts.draft_rows,
            "of": counts.facts,
        }
    )
    for measure, of in (("recall", counts.pairs_coded), ("precision", counts.pairs_proposed)):
        rows.append(
            {
                "field": "claim alignment (pairs)",
                "measure": measure,
                "value": _share(counts.pairs_found, of),
                "count": counts.pairs_found,
                "of": of,
            }
        )
    return rows


def updates_tally(tables, reports: set[str]) -> tuple[int, int, int, int]:
    """The comparison's update candidates against the case's data/updates.csv, for the updating claims first
    stated in one of reports: (real ones proposed, real ones, proposed, real ones among the first as many
    proposed as there are real ones)."""
    published = tables.sources.set_index("source_id")["published"]
    first_report = (
        tables.facts.assign(day=tables.facts["source_id"].map(published))
        .sort_values(["day", "source_id"])
        .groupby("claim_id")["source_id"]
        .first()
    )
    real = tables.updates.loc[lambda d: d["claim_id"].map(first_report).isin(reports)]
    proposed = propose_updates(tables).loc[lambda d: d["claim_id"].map(first_report).isin(reports)]
    real_pairs = set(zip(real["claim_id"], real["updates"]))
    proposed_pairs = list(zip(proposed["claim_id"], proposed["updates"]))
    first = proposed_pairs[: len(real_pairs)]
    return (
        len(real_pairs & set(proposed_pairs)),
        len(real_pairs),
        len(proposed_pairs),
        len(real_pairs & set(first)),
    )


def drafted(tables, source_id: str) -> tuple[Tally, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """One report drafted from its text alone: its tally, the draft rows, its coded facts and the others'."""
    draft = draft_of(tables, source_id, leave_out_own=True).facts
    hand = tables.facts[tables.facts["source_id"] == source_id]
    others = tables.facts[tables.facts["source_id"] != source_id]
    return tally(draft, hand, others), draft, hand, others


def shown(rows: list[dict]) -> pd.Series:
    """Tidy scores as text ("64% (139/218)"), by field and measure."""

    def one(row):
        if pd.isna(row["value"]):
            return "none to score"
        if row["measure"] == "ratio":
            return f"{row['value']:.2f} ({row['count']}/{row['of']})"
        return f"{row['value']:.0%} ({row['count']}/{row['of']})"

    table = pd.DataFrame(rows)
    return table.assign(shown=table.apply(one, axis=1)).set_index(["field", "measure"])["shown"]


def field_scores(tables) -> pd.DataFrame:
    """Every coded report of a case drafted from its text alone and scored field by field: one column per
    report and one for all of them."""
    columns, total = {}, Tally()
    for source_id in sorted(tables.facts["source_id"].unique()):
        counts = drafted(tables, source_id)[0]
        columns[source_id] = shown(score_rows(counts))
        total.add(counts)
    columns["all"] = shown(score_rows(total))
    return pd.DataFrame(columns)
