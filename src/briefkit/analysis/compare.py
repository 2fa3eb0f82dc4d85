"""Compare reports claim by claim: what each adds, omits, rewords, changes or contradicts.

Works for any number of reports: everything is keyed by source_id, nothing names a report.

- `propose_alignments` suggests fact pairs of different reports that may state the same claim
  (rapidfuzz similarity), for an analyst to confirm by giving them one claim_id in facts.csv.
- `compare_claims` gives every claim a computed verdict from the coded fields, and the analyst's
  verdict from data/claim_reviews.csv where there is one.
- `within_report_checks` lists statements of one report that contradict each other, and battlefield
  claims a report makes without naming any source.
"""

import re
from collections.abc import Callable

import pandas as pd
from rapidfuzz import fuzz

from briefkit.contract.codebook import shown_as
from briefkit.contract.tables import NO_SPEAKER, Tables, actor_names, speaker_names
from briefkit.contract.units import in_common_unit

# Categories that report events on the ground; stating these with no source is worth flagging.
BATTLEFIELD = (
    "territory_change",
    "territory_control",
    "armed_clash",
    "air_or_drone_strike",
    "casualties",
    "displacement",
    "materiel",
    "advance",
    "deployment",
)
OPEN = "\u201c"  # “
CLOSE = "\u201d"  # ”


def normalise(text: str) -> str:
    """Lower case, plain quotes and apostrophes, single spaces, no trailing punctuation: for comparing wordings."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace(OPEN, '"').replace(CLOSE, '"').casefold()
    return re.sub(r"\s+", " ", text).strip(" .,;:\"'")


def inside_quotation(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies entirely within one pair of typographic quotation marks."""
    before = text[:start]
    opened = before.rfind(OPEN)
    if opened < 0 or before.rfind(CLOSE) > opened:
        return False
    closed = text.find(CLOSE, start)
    return closed >= end - 1


def propose_alignments(tables: Tables, min_score: float = 60.0) -> pd.DataFrame:
    """Pairs of facts from different reports whose quotes are similar (rapidfuzz token_set_ratio, 0-100),
    best first, with whether they already share a claim_id. A proposal, never applied automatically."""
    facts = tables.facts[["fact_id", "source_id", "claim_id", "category", "quote"]]
    pairs = facts.merge(facts, how="cross", suffixes=("_a", "_b")).loc[lambda d: d["source_id_a"] < d["source_id_b"]]
    scores = [fuzz.token_set_ratio(normalise(a), normalise(b)) for a, b in zip(pairs["quote_a"], pairs["quote_b"])]
    return (
        pairs.assign(score=scores, aligned=lambda d: d["claim_id_a"] == d["claim_id_b"])
        .loc[lambda d: d["score"] >= min_score]
        .sort_values(["score", "fact_id_a", "fact_id_b"], ascending=[False, True, True])
        .loc[:, ["score", "aligned", "fact_id_a", "fact_id_b", "claim_id_a", "claim_id_b", "quote_a", "quote_b"]]
        .reset_index(drop=True)
    )


def common_interval(row: pd.Series) -> tuple[float, float, object]:
    """(low, high, unit) in the unit numbers of this kind are compared in (units.py); high may be inf."""
    low, unit = in_common_unit(row["value_low"], row["unit"])
    high = in_common_unit(row["value_high"], row["unit"])[0] if pd.notna(row["value_high"]) else float("inf")
    return low, high, unit


def _quantity_conflicts(rows: pd.DataFrame) -> list[tuple[pd.Series, pd.Series]]:
    """Pairs of numbers in the same (or a convertible) unit whose intervals do not overlap."""
    numbered = [row for _, row in rows.loc[rows["value_low"].notna()].iterrows()]
    conflicts = []
    for i, a in enumerate(numbered):
        for b in numbered[i + 1 :]:
            (low_a, high_a, unit_a), (low_b, high_b, unit_b) = common_interval(a), common_interval(b)
            if unit_a == unit_b and not (low_a <= high_b and low_b <= high_a):
                conflicts.append((a, b))
    return conflicts


def claim_verdict(
    rows: pd.DataFrame, texts: dict[str, str], names: dict[str, str], unit_label: Callable[[str], str] = shown_as
) -> tuple[str, str]:
    """The computed verdict and its explanation for the fact rows of one claim (any number of reports);
    unit_label writes a unit as readers do (the unit vocabulary's label)."""
    by_source = dict(list(rows.groupby("source_id", sort=True)))
    for source, group in by_source.items():
        for a, b in _quantity_conflicts(group):
            return (
                "inconsistent_within_report",
                f"{source} states it twice: “{a['quote']}” ({a['value_best']:g} "
                f"{unit_label(a['unit'])}) and “{b['quote']}” ({b['value_best']:g} {unit_label(b['unit'])})",
            )
    if len(by_source) == 1:
        return "only_in_one_report", f"only {next(iter(by_source))} makes this claim"

    def across(column: str, describe=lambda v: str(v)) -> dict[str, str]:
        return {s: ", ".join(sorted({describe(v) for v in g[column]})) for s, g in by_source.items()}

    cross = rows.loc[rows["value_low"].notna()]
    for a, b in _quantity_conflicts(cross):
        return (
            "contradicts",
            f"{a['source_id']}: {a['quantity_text']!r} vs {b['source_id']}: "
            f"{b['quantity_text']!r}: the intervals do not overlap",
        )
    changes = []
    speakers = {
        s: ", ".join(sorted({names.get(a, NO_SPEAKER) for a in g["attributed_to"].fillna("")}))
        for s, g in by_source.items()
    }
    if len(set(speakers.values())) > 1:
        changes.append("speaker changed: " + "; ".join(f"{s}: {v}" for s, v in speakers.items()))
    for column, label in (("subject", "actor"), ("relation", "relation"), ("object", "object"), ("hedge", "qualifier")):
        values = across(column, lambda v: "none" if pd.isna(v) else names.get(v, str(v).replace("_", " ")))
        if len(set(values.values())) > 1:
            changes.append(f"{label} changed: " + "; ".join(f"{s}: {v}" for s, v in values.items()))
    # Numbers in miles and in km measure the same thing: the unit changes only when what is measured does.
    measured = {
        s: ", ".join(sorted({unit_label(in_common_unit(0, u)[1]) for u in g["unit"].dropna()}))
        for s, g in by_source.items()
    }
    if len({m for m in measured.values() if m}) > 1:
        changes.append("unit changed: " + "; ".join(f"{s}: {m or 'none'}" for s, m in measured.items()))
    direct = {
        s: all(
            inside_quotation(texts[s], r["quote_start"], r["quote_start"] + len(r["quote"])) for _, r in g.iterrows()
        )
        for s, g in by_source.items()
    }
    if len(set(direct.values())) > 1:
        changes.append(
            "quotation changed: "
            + "; ".join(f"{s}: {'direct quote' if d else 'paraphrase'}" for s, d in direct.items())
        )
    if changes:
        return "meaning_changed", "; ".join(changes)
    wordings = {normalise(q) for q in rows["quote"]}
    if len(wordings) == 1:
        return "same", "the same words, the same speaker"
    return "reworded_same_meaning", "different words; same speaker, numbers and relation"


UPDATED_AS = {"overturns": "Overturned", "develops": "Developed"}


def compare_claims(tables: Tables) -> pd.DataFrame:
    """One row per claim: topic, each report's quote(s), computed and reviewed verdict, explanation."""
    names = actor_names(tables)
    sources = sorted(tables.sources["source_id"])
    reviews = tables.claim_reviews.set_index("claim_id")
    rows = []
    topics = tables.claims.set_index("claim_id")["topic"]
    # only updates whose claims both have facts: a case viewed as of an earlier day may lack the later one
    updates = tables.updates.loc[
        lambda d: d["claim_id"].isin(tables.facts["claim_id"]) & d["updates"].isin(tables.facts["claim_id"])
    ]
    for claim_id, group in tables.facts.groupby("claim_id", sort=True):
        computed, why = claim_verdict(group, tables.texts, names, lambda unit: tables.codebook.label("unit", unit))
        reviewed = claim_id in reviews.index
        later = updates.loc[updates["updates"] == claim_id]
        row = {"claim_id": claim_id, "topic": topics[claim_id], "category": group["category"].iloc[0]}
        for source in sources:
            quotes = group.loc[group["source_id"] == source, "quote"]
            row[f"quote_{source}"] = " | ".join(dict.fromkeys(quotes))
        verdict, explanation, by = computed, why, "computed"
        if reviewed:
            verdict, explanation, by = (
                reviews.loc[claim_id, "verdict"],
                reviews.loc[claim_id, "explanation"],
                "analyst (data/claim_reviews.csv)",
            )
        elif len(later):
            verdict, by = "updated", "analyst (data/updates.csv)"
            explanation = " ".join(
                f"{UPDATED_AS[u.kind]} by “{topics[u.claim_id]}”: {u.explanation}" for u in later.itertuples()
            )
        row.update(
            {
                "reports": ", ".join(sorted(group["source_id"].unique())),
                "verdict": verdict,
                "explanation": explanation,
                "computed_verdict": computed,
                "computed_explanation": why,
                "verdict_by": by,
                "updated_by": ", ".join(later["claim_id"]),
                "updates": ", ".join(updates.loc[updates["claim_id"] == claim_id, "updates"]),
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)


def within_report_checks(tables: Tables, comparison: pd.DataFrame) -> pd.DataFrame:
    """Contradictions inside one report, and battlefield claims made with no source named."""
    contradictions = comparison.loc[comparison["verdict"] == "inconsistent_within_report"]
    rows = [
        {
            "check": "contradicts itself",
            "source_id": r.reports,
            "claim_id": r.claim_id,
            "fact_id": "",
            "quote": r.explanation,
        }
        for r in contradictions.itertuples()
    ]
    unattributed = tables.facts.loc[
        tables.facts["category"].isin(BATTLEFIELD) & (tables.facts["speaker_kind"] == "unattributed")
    ]
    rows += [
        {
            "check": "battlefield claim with no source",
            "source_id": f.source_id,
            "claim_id": f.claim_id,
            "fact_id": f.fact_id,
            "quote": f.quote,
        }
        for f in unattributed.sort_values("fact_id").itertuples()
    ]
    return pd.DataFrame(rows, columns=["check", "source_id", "claim_id", "fact_id", "quote"])


VERDICT_LABELS = {
    "same": "same",
    "reworded_same_meaning": "reworded, same meaning",
    "meaning_changed": "meaning changed",
    "contradicts": "contradicts another report",
    "inconsistent_within_report": "inconsistent within the report",
    "updated": "updated by a later report",
    "only_in_one_report": "only in this report",
}
CONTESTED = ("meaning_changed", "contradicts", "inconsistent_within_report")


def claim_reviews_jsonld(tables: Tables, comparison: pd.DataFrame) -> list[dict]:
    """The contested claims as schema.org ClaimReview objects (JSON-LD), one per claim, for fact-checkers.

    Each names every report that makes the claim, with its exact words and the speaker it gives. No
    date is invented: a report's date appears only when the report states it.
    """
    sources = tables.sources.set_index("source_id")
    reviews = []
    for row in comparison.loc[comparison["verdict"].isin(CONTESTED)].itertuples():
        facts = tables.facts.loc[tables.facts["claim_id"] == row.claim_id].sort_values("fact_id")
        appearances = []
        for fact, speaker in zip(facts.itertuples(), speaker_names(tables, facts["attributed_to"])):
            source = sources.loc[fact.source_id]
            appearance = {
                "@type": "CreativeWork",
                "identifier": fact.source_id,
                "name": source["title"],
                "text": fact.quote,
                "author": {"@type": "Organization", "name": source["outlet"]},
            }
            if source["published_basis"] == "stated":
                appearance["datePublished"] = source["published"].date().isoformat()
            appearance["citation"] = f"attributed to: {speaker}"
            appearances.append(appearance)
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "identifier": row.claim_id,
                "claimReviewed": row.topic,
                "itemReviewed": {"@type": "Claim", "appearance": appearances},
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": VERDICT_LABELS[row.verdict],
                    "ratingExplanation": row.explanation,
                },
                "author": {"@type": "Organization", "name": "briefkit comparison of reports"},
                "reviewBody": f"Verdict by {row.verdict_by}.",
            }
        )
    return reviews
