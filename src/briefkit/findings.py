"""Findings computed from the tables, in words: the takeaways notebooks display and figure titles state.

Nothing here knows a case: every sentence is built from counts, names and quotes in the data.
"""

import pandas as pd

from briefkit.load import Tables, speaker_names


def share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "none"


def listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def example_fact(tables: Tables) -> str | None:
    """The first fact, in report order, with a hedged number: the row a newcomer should read first."""
    facts = tables.facts.sort_values(["source_id", "quote_start"])
    hedged = facts.loc[facts["hedge"].notna() & facts["hedge"].ne("none") & facts["value_low"].notna()]
    chosen = hedged if len(hedged) else facts
    return None if chosen.empty else chosen["fact_id"].iloc[0]


def event_speakers(tables: Tables, top: int = 3) -> pd.Series:
    """Facts per named speaker among the events (facts with an ACLED event_type), most first."""
    events = tables.facts.loc[tables.facts["event_type"].notna() & tables.facts["attributed_to"].notna()]
    return speaker_names(tables, events["attributed_to"]).value_counts().sort_index().sort_values(ascending=False, kind="stable").head(top)


def unattributed_share(tables: Tables) -> float:
    return float((tables.facts["speaker_kind"] == "unattributed").mean()) if len(tables.facts) else 0.0


def takeaways(tables: Tables) -> str:
    """A few lines of Markdown on who speaks and how precise the numbers are."""
    facts = tables.facts
    if facts.empty:
        return "- No facts yet: code a report into `data/facts.csv` (see the case's README)."
    lines = [f"- {len(facts)} facts from {facts['source_id'].nunique()} report(s); {share((facts['speaker_kind'] == 'unattributed').sum(), len(facts))} "
             "are in the report's own voice, with no source named."]
    speakers = event_speakers(tables)
    if len(speakers):
        named = listing([f"{name} ({count})" for name, count in speakers.items()])
        lines.append(f"- The events (facts with an ACLED event type) that name a source rest mostly on {named}.")
    seen = facts.loc[facts["speaker_kind"] == "journalist_observation"]
    lines.append(f"- First-hand observation: {seen['claim_id'].nunique()} claim(s)" +
                 (f", by {listing(sorted(set(speaker_names(tables, seen['attributed_to']))))}." if len(seen) else "; everything else is someone's account."))
    numbers = facts.loc[facts["quantity_text"].notna()]
    hedged = numbers.loc[numbers["hedge"].notna() & numbers["hedge"].ne("none")]
    if len(numbers):
        examples = listing([f"“{q}”" for q in hedged["quantity_text"].drop_duplicates().head(3)])
        lines.append(f"- {len(hedged)} of {len(numbers)} quantities are hedged" + (f", such as {examples}" if examples else "") +
                     ": the intervals above are what those words allow under `data/hedges.csv`.")
    return "\n".join(lines)


def quantity_span(row) -> str:
    """“nearly 50,000” means 45,000 to 49,999 (the words, then the interval they allow)."""
    low = f"{row['value_low']:,.0f}"
    high = "no upper bound" if row["open_ended"] else f"{row['value_high']:,.0f}"
    return f"“{row['quantity_text']}” means {low} to {high}" if not row["open_ended"] else f"“{row['quantity_text']}” means {low} or more"


def number_findings(numbers: pd.DataFrame) -> tuple[str, str]:
    """Two findings about the counted quantities (charts.quantity_table): the largest best estimate in
    words and interval, and the widest hedge (largest high/low ratio) among the others; "" where none."""
    ranged = numbers.loc[numbers["value_low"].notna()]
    if ranged.empty:
        return "No counted numbers in the reports yet", ""
    largest = ranged.sort_values(["value_best", "fact_id"], ascending=[False, True]).iloc[0]
    others = ranged.loc[(ranged["quantity_text"] != largest["quantity_text"]) & ~ranged["open_ended"] & (ranged["value_low"] > 0)]
    if others.empty:
        return quantity_span(largest), ""
    ratio = others["value_high"] / others["value_low"]
    widest = others.assign(ratio=ratio).sort_values(["ratio", "fact_id"], ascending=[False, True]).iloc[0]
    return quantity_span(largest), quantity_span(widest)


# The timeline's day-scale panel covers what happened in this many days before the newest report.
NEWS_WINDOW = pd.Timedelta(days=30)


def news_window_start(timeline: pd.DataFrame, newest_report: pd.Timestamp) -> pd.Timestamp:
    """The earliest date (charts.timeline_table) in the NEWS_WINDOW before the newest report: where the
    news starts and the background ends."""
    recent = timeline.loc[timeline["date_start"] >= newest_report - NEWS_WINDOW, "date_start"]
    return recent.min() if len(recent) else newest_report - pd.Timedelta(days=7)


def plural_relation(relation: str) -> str:
    """A relation (vocabulary 'relation', third person singular) said of several subjects: backs -> back."""
    first, _, rest = relation.replace("_", " ").partition(" ")
    if first.endswith("s") and not first.endswith("ss"):
        return " ".join([first[:-1], rest]).strip()
    return f"are {relation.replace('_', ' ')}"


def shared_relation(relations: pd.DataFrame, sources: list[str]) -> str:
    """The relation every report states with the most subjects towards one object (charts.relation_table),
    in words: "Russia and Iran back Assad in both reports"; "" when no relation is in every report."""
    everywhere = relations.loc[(relations[sources] != "").all(axis=1)] if sources else relations.iloc[0:0]
    if everywhere.empty or len(sources) < 2:
        return ""
    grouped = everywhere.groupby(["relation", "object_name"], sort=True)["subject_name"].agg(list)
    (relation, target), subjects = max(grouped.items(), key=lambda item: len(item[1]))
    verb = plural_relation(relation) if len(subjects) > 1 else relation.replace("_", " ")
    reports = "both reports" if len(sources) == 2 else f"all {len(sources)} reports"
    return f"{listing(sorted(subjects))} {verb} {target} in {reports}"
