"""Findings computed from the tables, in words: the takeaways notebooks display and figure titles state.

Nothing here knows a case: every sentence is built from counts, names and quotes in the data.
"""

import pandas as pd

from briefkit.analysis.corroboration import GRADE_LABELS
from briefkit.analysis.geo import KM_PER_MILE
from briefkit.analysis.mapping import SituationView, focus_name
from briefkit.contract.tables import Tables, count_units, event_categories, speaker_names
from briefkit.drawing.house import SPEAKER_COLOURS

# each grade (corroboration.py) as the findings count it, strongest first
GRADE_PHRASES = {
    "confirmed": "confirmed by the party they go against",
    "corroborated": "corroborated by two or more independent sources",
    "single_source": "rest on a single source",
    "contested": "contested",
    "updated": "updated by a later claim",
}
# verdicts of a claim that more than one report makes and that they do not make alike
BETWEEN_REPORTS = ("meaning_changed", "contradicts")


def share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "none"


def counted(count: int, noun: str) -> str:
    """'1 report', '2 reports': a count with its noun."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


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
    return (
        speaker_names(tables, events["attributed_to"])
        .value_counts()
        .sort_index()
        .sort_values(ascending=False, kind="stable")
        .head(top)
    )


def unattributed_share(tables: Tables) -> float:
    return float((tables.facts["speaker_kind"] == "unattributed").mean()) if len(tables.facts) else 0.0


def takeaways(tables: Tables) -> str:
    """A few lines of Markdown on who speaks and how precise the numbers are."""
    facts = tables.facts
    if facts.empty:
        return "- No facts yet: code a report into `data/facts.csv` (see the case's README)."
    own_voice = share((facts["speaker_kind"] == "unattributed").sum(), len(facts))
    lines = [
        f"- {counted(len(facts), 'fact')} from {counted(facts['source_id'].nunique(), 'report')}; {own_voice} "
        "are in the report's own voice, with no source named."
    ]
    speakers = event_speakers(tables)
    if len(speakers):
        named = listing([f"{name} ({count})" for name, count in speakers.items()])
        lines.append(f"- The events (facts with an ACLED event type) that name a source rest mostly on {named}.")
    seen = facts.loc[facts["speaker_kind"] == "journalist_observation"]
    lines.append(
        f"- First-hand observation: {counted(seen['claim_id'].nunique(), 'claim')}"
        + (
            f", by {listing(sorted(set(speaker_names(tables, seen['attributed_to']))))}."
            if len(seen)
            else "; everything else is someone's account."
        )
    )
    numbers = facts.loc[facts["quantity_text"].notna()]
    hedged = numbers.loc[numbers["hedge"].notna() & numbers["hedge"].ne("none")]
    if len(numbers):
        examples = listing([f"“{q}”" for q in hedged["quantity_text"].drop_duplicates().head(3)])
        lines.append(
            f"- {len(hedged)} of {len(numbers)} quantities are hedged"
            + (f", such as {examples}" if examples else "")
            + ": the intervals above are what those words allow under `data/hedges.csv`."
        )
    return "\n".join(lines)


def quantity_span(row) -> str:
    """“nearly 50,000” means 45,000 to 49,999 (the words, then the interval they allow)."""
    low = f"{row['value_low']:,.0f}"
    high = "no upper bound" if row["open_ended"] else f"{row['value_high']:,.0f}"
    return (
        f"“{row['quantity_text']}” means {low} to {high}"
        if not row["open_ended"]
        else f"“{row['quantity_text']}” means {low} or more"
    )


def number_findings(numbers: pd.DataFrame) -> tuple[str, str]:
    """Two findings about the counted quantities (charts.quantity_table): the largest best estimate in
    words and interval, and the widest hedge (largest high/low ratio) among the others; "" where none."""
    ranged = numbers.loc[numbers["value_low"].notna()]
    if ranged.empty:
        return "No counted numbers in the reports yet", ""
    largest = ranged.sort_values(["value_best", "fact_id"], ascending=[False, True]).iloc[0]
    others = ranged.loc[
        (ranged["quantity_text"] != largest["quantity_text"]) & ~ranged["open_ended"] & (ranged["value_low"] > 0)
    ]
    if others.empty:
        return quantity_span(largest), ""
    ratio = others["value_high"] / others["value_low"]
    widest = others.assign(ratio=ratio).sort_values(["ratio", "fact_id"], ascending=[False, True]).iloc[0]
    return quantity_span(largest), quantity_span(widest)


def plural_relation(relation: str) -> str:
    """A relation (vocabulary 'relation', third person singular) said of several subjects: backs -> back."""
    first, _, rest = relation.replace("_", " ").partition(" ")
    if first.endswith("s") and not first.endswith("ss"):
        return " ".join([first[:-1], rest]).strip()
    return f"are {relation.replace('_', ' ')}"


def shared_relation(relations: pd.DataFrame, sources: list[str]) -> str:
    """The relation every report states with the most subjects towards one object (charts.relation_table),
    in words: "A and B back C in both reports"; "" when no relation is in every report."""
    everywhere = relations.loc[(relations[sources] != "").all(axis=1)] if sources else relations.iloc[0:0]
    if everywhere.empty or len(sources) < 2:
        return ""
    grouped = everywhere.groupby(["relation", "object_name"], sort=True)["subject_name"].agg(list)
    (relation, target), subjects = max(grouped.items(), key=lambda item: len(item[1]))
    verb = plural_relation(relation) if len(subjects) > 1 else relation.replace("_", " ")
    unit = "report days" if relations.attrs.get("by_day") else "reports"
    reports = f"both {unit}" if len(sources) == 2 else f"all {len(sources)} {unit}"
    return f"{listing(sorted(subjects))} {verb} {target} {'on' if unit == 'report days' else 'in'} {reports}"


def shared_and_changed(comparison: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The claims more than one report makes (compare.compare_claims), and those of them that change between reports."""
    shared = comparison.loc[comparison["reports"].str.contains(",")]
    return shared, shared.loc[shared["verdict"].isin(BETWEEN_REPORTS)]


def relations_headline(relations: pd.DataFrame, sources: list[str]) -> str:
    """The actor-relations figure's computed title (relations: charts.relation_table)."""
    if relations.empty:
        return "No relation between actors is stated in the reports yet"
    in_one = int(((relations[sources] != "").sum(axis=1) == 1).sum())
    if len(sources) < 2:
        return f"{counted(len(relations), 'relation')} between actors, stated by one report so far"
    in_all = shared_relation(relations, sources)
    return (
        (f"{in_all}; " if in_all else "")
        + f"{in_one} of {len(relations)} stated relations appear "
        + ("on one report day only" if relations.attrs.get("by_day") else "in one report only")
    )


def verdicts_headline(comparison: pd.DataFrame, reports: int) -> str:
    """The claims-by-verdict figure's computed title (comparison: compare.compare_claims; reports: how many)."""
    shared, changed = shared_and_changed(comparison)
    if len(shared):
        return (
            f"Of {len(shared)} claims more than one report makes, {len(changed)} "
            + ("changes meaning or contradicts" if len(changed) == 1 else "change meaning or contradict")
            + " between them"
        )
    if reports < 2:
        return f"One report so far, with {counted(len(comparison), 'claim')}: nothing to compare it with yet"
    return f"No claim is made by more than one of the {reports} reports: nothing to compare yet"


def situation_headline(tables: Tables, view: SituationView) -> str:
    """The situation map's computed title: the events it draws (with a point or as an area), how many of
    them are in or around the front map's focus, and how many are reported only to a province or region
    (not in or around its capital): "13 reported events, 2 of them in or around Sake, 11 reported only to
    North Kivu"."""
    text = counted(len(view.events) + len(view.in_areas), "reported event")
    if view.focus:
        text += f", {view.near_focus} of them in or around {focus_name(tables, view.focus)}"
    regional = view.only_to_regions
    if len(regional):
        where = listing(list(regional.index)) if len(regional) <= 2 else f"{len(regional)} provinces or regions"
        text += f", {regional.sum()} reported only to {where}"
    return text


def front_headline(place: str | None, located: int, at_place: int, nearest: str | None) -> str:
    """The front map's computed title: the events located around the place (located), how many of them
    in the place itself (at_place), and how far the nearest of the others is (nearest, a distance as
    text; None when there are none)."""
    if place is None:
        return "No located events yet"
    if not located:
        return f"Around {place}: no event with a point of its own"
    if nearest is None:
        return f"Around {place}: {counted(located, 'event')}, {'all ' if located > 1 else ''}in {place} itself"
    if not at_place:
        return f"Around {place}: {counted(located, 'event')} located, the nearest {nearest} from its centre"
    others = located - at_place
    return f"Around {place}: {counted(at_place, 'event')} in {place} itself, " + (
        f"1 more {nearest} from its centre" if others == 1 else f"{others} more, the nearest {nearest} from its centre"
    )


def distance_summary(checks: pd.DataFrame, tables: Tables) -> str:
    """One Markdown line per checked distance or direction (geo.distance_checks), inconsistent ones first."""
    if checks.empty:
        return "- No report states a distance or direction from a place."
    names = dict(zip(tables.places["place_id"], tables.places["name"]))
    lines = []
    order = {"inconsistent": 0, "consistent": 1, "not checkable": 2}
    for row in checks.sort_values("verdict", key=lambda s: s.map(order), kind="stable").itertuples():
        to = names.get(row.to_place, "the place it locates")
        measured = (
            f"{to} lies {row.computed_km:.0f} km {row.computed_direction} of {names[row.from_place]}"
            if pd.notna(row.computed_km)
            else "nothing with a point of its own to measure to"
        )
        lines.append(
            f"- **{row.verdict}**: “{row.reported}”: {measured}"
            + (
                f"; the words allow {row.reported_low_km:g} to {row.reported_high_km:g} km"
                if pd.notna(row.reported_low_km)
                else ""
            )
            + "."
        )
    return "\n".join(lines)


# ---------------------------------------------------------------- the briefing's key findings
#
# Each rule returns one sentence (or None when the data gives it nothing to say), with its numbers,
# ranges and speakers. The briefing leads with them in FINDING_RULES order unless the case's
# data/findings.csv ranks or leaves some off.

SPEAKER_ORDER = list(SPEAKER_COLOURS)  # first-hand observation and the parties before the report's own voice


def _who(row) -> str:
    return "report, no source" if row["speaker_kind"] == "unattributed" else str(row["speaker"])


def _news(tables: Tables, news_from, comparison: pd.DataFrame | None = None) -> pd.DataFrame:
    """Event facts of the news window (or undated), one per claim, with topic and speaker, most telling first:
    claims of the newest report day, then claims more independent sources carry (more reports, without the
    graded comparison), then by kind of speaker (seen first-hand first)."""
    facts = tables.facts
    events = facts.loc[
        facts["category"].isin(event_categories(tables))
        & (facts["date_start"].isna() | (facts["date_start"] >= news_from if news_from is not None else True))
    ]
    if comparison is not None and "independent_sources" in comparison:
        reports = comparison.set_index("claim_id")["independent_sources"].astype(int).rename("reports")
    else:
        reports = events.groupby("claim_id")["source_id"].nunique().rename("reports")
    published = events["source_id"].map(dict(zip(tables.sources["source_id"], tables.sources["published"])))
    latest = published.groupby(events["claim_id"]).max().rename("latest")
    return (
        events.sort_values(["source_id", "fact_id"])
        .drop_duplicates("claim_id")
        .merge(tables.claims, on="claim_id")
        .join(reports, on="claim_id")
        .join(latest, on="claim_id")
        .assign(
            speaker=lambda d: speaker_names(tables, d["attributed_to"]),
            kind_order=lambda d: d["speaker_kind"].map(SPEAKER_ORDER.index),
        )
        .sort_values(["latest", "reports", "kind_order", "fact_id"], ascending=[False, False, True, True])
    )


def _graded(comparison: pd.DataFrame) -> dict[str, str]:
    """Each claim's grade in words ("single source"), where the comparison is graded."""
    if "grade" not in comparison:
        return {}
    return dict(zip(comparison["claim_id"], comparison["grade"].map(GRADE_LABELS)))


def finding_news(tables, comparison, checks, news_from, phrase):
    news = _news(tables, news_from, comparison)
    if news.empty:
        return None
    shown = news.head(4)
    grades = _graded(comparison)
    return (
        "The news: "
        + "; ".join(
            f"{row['topic']} ({_who(row)}" + (f"; {grades[row['claim_id']]})" if grades else ")")
            for _, row in shown.iterrows()
        )
        + (f"; and {counted(len(news) - len(shown), 'more event')} in the tables." if len(news) > len(shown) else ".")
    )


def finding_grades(tables, comparison, checks, news_from, phrase):
    if "grade" not in comparison or comparison.empty:
        return None
    grades = comparison["grade"].value_counts()
    rewrites = int(((comparison["grade"] == "single_source") & comparison["reports"].str.contains(",")).sum())
    parts = [
        f"{grades[grade]} {GRADE_PHRASES[grade]}"
        + (f" ({rewrites} of them repeated by more than one report)" if grade == "single_source" and rewrites else "")
        for grade in GRADE_PHRASES
        if grades.get(grade, 0)
    ]
    independent = comparison["wire_copies"].str.split(", ").explode().nunique()
    return (
        f"Graded by independent sources, of {counted(len(comparison), 'claim')}: {listing(parts)}. The "
        f"{counted(len(tables.sources), 'report')} rest on {counted(independent, 'independent source')}; "
        "a claim counts once for every independent source, not for every report that repeats it."
    )


def finding_observed(tables, comparison, checks, news_from, phrase):
    seen = tables.facts.loc[tables.facts["speaker_kind"] == "journalist_observation"]
    claims = tables.facts["claim_id"].nunique()
    if seen.empty:
        return (
            f"None of the {claims} claims rests on what someone saw first-hand: every one is someone's account."
            if claims
            else None
        )
    first = seen.sort_values("fact_id").iloc[0]
    what = phrase(first["fact_id"]) if pd.notna(first["quantity_text"]) else f"“{first['quote']}”"
    topic = tables.claims.set_index("claim_id").loc[first["claim_id"], "topic"]
    return (
        f"Seen first-hand: {seen['claim_id'].nunique()} of {claims} claims. {topic}: {what}. "
        "Everything else is someone's account."
    )


def finding_numbers(tables, comparison, checks, news_from, phrase):
    facts = tables.facts
    numbers = facts.loc[
        facts["unit"].isin(count_units(tables))
        & facts["value_low"].notna()
        & (facts["date_start"].isna() | (facts["date_start"] >= news_from if news_from is not None else True))
    ]
    attributed = numbers.loc[numbers["speaker_kind"] != "unattributed"]
    numbers = attributed if len(attributed) else numbers  # a number someone vouches for before the report's own
    numbers = (
        numbers.sort_values(["value_best", "fact_id"], ascending=[False, True]).drop_duplicates("claim_id").head(3)
    )
    if numbers.empty:
        return None
    return "The numbers of the news, as ranges: " + "; ".join(phrase(f) for f in numbers["fact_id"]) + "."


def finding_party_only(tables, comparison, checks, news_from, phrase):
    news = _news(tables, news_from)
    kinds = tables.facts.groupby("claim_id")["speaker_kind"].agg(set)
    alone = news.loc[news["claim_id"].map(lambda c: kinds[c] == {"party_to_conflict"})]
    if alone.empty:
        return None
    return (
        "Resting on a party to the fighting alone: "
        + "; ".join(f"{row['topic']} ({row['speaker']})" for _, row in alone.head(4).iterrows())
        + ". A briefing should say who says so."
    )


def finding_geography(tables, comparison, checks, news_from, phrase):
    wrong = checks.loc[(checks["verdict"] == "inconsistent") & checks["computed_km"].notna()]
    if wrong.empty:
        return None
    names = dict(zip(tables.places["place_id"], tables.places["name"]))
    report = dict(zip(tables.facts["fact_id"], tables.facts["source_id"]))
    parts = []
    for (reported, to_place), rows in wrong.groupby(["reported", "to_place"], sort=False):
        measured = listing(
            [
                f"{row.computed_km:.0f} km ({row.computed_km / KM_PER_MILE:.0f} miles) from {names[row.from_place]}"
                for row in rows.itertuples()
            ]
        )
        parts.append(f"“{reported}” ({report[rows['fact_id'].iloc[0]]}): {names[to_place]} is {measured}")
    return "Geography contradicts a stated distance: " + "; ".join(parts[:3]) + "."


def finding_hedges(tables, comparison, checks, news_from, phrase):
    ranged = tables.facts.loc[tables.facts["value_low"].gt(0) & tables.facts["value_high"].notna()]
    wide = (
        ranged.loc[ranged["value_high"] / ranged["value_low"] >= 10]
        .drop_duplicates("quantity_text")
        .sort_values("fact_id")
    )
    if wide.empty:
        return None
    return (
        "Hedges that span an order of magnitude: "
        + "; ".join(phrase(f) for f in wide["fact_id"].head(3))
        + ". Quote the words, not one number."
    )


def finding_contested(tables, comparison, checks, news_from, phrase):
    shared, changed = shared_and_changed(comparison)
    if shared.empty:
        return None
    by_analyst = changed.loc[changed["verdict_by"] != "computed"].sort_values("claim_id")
    examples = "; ".join(f"{row.topic}: {row.explanation.rstrip('.')}" for row in by_analyst.head(2).itertuples())
    return (
        f"Of {len(shared)} claims more than one report makes, {len(changed)} "
        + ("changes meaning or contradicts" if len(changed) == 1 else "change meaning or contradict")
        + (f". For example: {examples}" if examples else "")
        + "."
    )


def finding_dates(tables, comparison, checks, news_from, phrase):
    inferred = tables.sources.loc[tables.sources["published_basis"] != "stated"]
    if inferred.empty:
        return None
    days = listing(sorted({f"{d:%-d %B %Y}" for d in inferred["published"]}))
    which = (
        "The report states no date of its own: it is"
        if len(tables.sources) == 1
        else f"1 of {len(tables.sources)} reports states no date of its own: it is"
        if len(inferred) == 1
        else f"{len(inferred)} of {len(tables.sources)} reports state no date of their own: they are"
    )
    their = "its" if len(inferred) == 1 else "their"
    return f"{which} dated {days} by inference from {their} own words (the reasoning is in data/sources.csv)."


FINDING_RULES = {
    "news": finding_news,
    "grades": finding_grades,
    "observed": finding_observed,
    "numbers": finding_numbers,
    "party_only": finding_party_only,
    "geography": finding_geography,
    "hedges": finding_hedges,
    "contested": finding_contested,
    "dates": finding_dates,
}


def key_findings(
    tables: Tables, comparison: pd.DataFrame, checks: pd.DataFrame, news_from, phrase
) -> list[tuple[str, str]]:
    """(rule, sentence) for every rule with something to say, in the case's order (data/findings.csv:
    rank, or shown "no") and then the kit's. phrase(fact_id) writes a quantity with its range and speaker."""
    chosen = tables.findings.set_index("rule")
    left_off = set(chosen.index[chosen["shown"] == "no"])
    rank = chosen["rank"].dropna().to_dict()
    order = sorted(FINDING_RULES, key=lambda rule: (rank.get(rule, float("inf")), list(FINDING_RULES).index(rule)))
    found = []
    for rule in order:
        sentence = None if rule in left_off else FINDING_RULES[rule](tables, comparison, checks, news_from, phrase)
        if sentence:
            found.append((rule, sentence))
    return found
