"""Independent corroboration: the wire copy each report rests on, how many independent sources carry each
claim, and a grade for the claim from them.

Many reports are rewrites of one agency story: counted as reports, a claim eleven rewrites repeat looks
eleven times as strong as it is. Which reports are independent is in the data already:

- **The newsrooms of a report** are whose copy it carries: the contributors it credits (sources.csv;
  "; " between them), else its outlet and author ("not stated" names none), compared without case or a
  leading "the". A rewrite crediting an agency shares the agency's newsroom; an outlet's own reports
  share the outlet's, and not the agencies its rewrites credit.
- **A report rests on the wire copy of an earlier report** (earlier: published before it, or the same
  day and listed before it by source_id) whose text holds, word for word (the same words in the same
  order; case and punctuation aside), one of its coded quotes of at least MIN_SHARED_WORDS words that
  it does not put inside quotation marks (two reports quoting a speaker's same words are not copying
  each other): of the earliest such report, where the words first appear. A report that repeats no
  earlier one rests on its newsroom's desk: the first report of the newsroom, through the latest
  earlier report it shares one with (an outlet's report copying the wire once does not make its own
  reports wire copies). A wire copy is named by its earliest report.
- **The independent sources of a claim** are the distinct wire copies of the reports that carry it.

A claim's grade, the first rule that holds (vocabulary `grade`):

1. **updated**: its verdict is updated (a later claim overturns or develops it; compare.py).
2. **contested**: its verdict is contradicts or inconsistent_within_report: the versions cannot all be true.
3. **confirmed**: the party the claim goes against states it (speaker_kind party_to_conflict). A harm
   (a strike, an attack, a killing: HARMS) goes against the actor that does it, so the actor itself or
   its camp admitting it confirms it (the other camp saying so is an accusation); anything else an
   actor does (takes a town, advances) goes against the other camp, so a party of another camp than the
   claim's subject confirms it. Camps are the parents of the `side` vocabulary; a side with no parent is
   in no camp.
4. **corroborated**: two or more independent sources carry it.
5. **single_source**: one independent source, however many reports carry it.

An analyst's grade in data/claim_reviews.csv (column grade) takes precedence; the computed one stays beside it.
"""

import re

import pandas as pd

from briefkit.analysis.compare import inside_quotation, normalise
from briefkit.contract.tables import Tables

NOT_STATED = "not stated"
MIN_SHARED_WORDS = 12  # shorter runs are shared by chance, or by two reports putting one statement alike
CONTESTED_VERDICTS = ("contradicts", "inconsistent_within_report")
PARTY = "party_to_conflict"
HARMS = ("strikes", "attacks", "kills")  # relations
HARM_CATEGORIES = ("air_or_drone_strike", "casualties")
ANALYST = "analyst (data/claim_reviews.csv)"


def newsroom_names(source) -> set[str]:
    """Whose copy a report carries: the contributors it credits, else its outlet and author; compared
    without case or a leading "the"."""

    def cleaned(names) -> set[str]:
        return {re.sub(r"^the\s+", "", str(n).strip().casefold()) for n in names if pd.notna(n)} - {"", NOT_STATED}

    return cleaned(str(source.contributors).split(";")) or cleaned([source.outlet, source.author])


def words(text: str) -> list[str]:
    """The words of a text, lower case, without punctuation: what "word for word" compares."""
    return re.findall(r"\w+", normalise(text))


class Passages:
    """The texts of the reports seen so far, indexed by their runs of MIN_SHARED_WORDS words, to find the
    reports a quote is copied from without reading every earlier text for every quote."""

    def __init__(self):
        self.words: dict[str, list[str]] = {}
        self.runs: dict[tuple[str, ...], list[tuple[str, int]]] = {}

    def add(self, source_id: str, text: str) -> None:
        found = self.words[source_id] = words(text)
        for at in range(len(found) - MIN_SHARED_WORDS + 1):
            self.runs.setdefault(tuple(found[at : at + MIN_SHARED_WORDS]), []).append((source_id, at))

    def holding(self, quote: str) -> set[str]:
        """The reports whose text holds the quote word for word (a quote of fewer words: none)."""
        wanted = words(quote)
        if len(wanted) < MIN_SHARED_WORDS:
            return set()
        return {
            source
            for source, at in self.runs.get(tuple(wanted[:MIN_SHARED_WORDS]), [])
            if self.words[source][at : at + len(wanted)] == wanted
        }


def copied_from(own: pd.DataFrame, text: str, passages: Passages) -> dict[str, str]:
    """The earlier reports (in passages) a report repeats word for word, each with the first of its coded
    quotes it repeats in its own voice (a quote inside quotation marks is a speaker's words, not a copy)."""
    found: dict[str, str] = {}
    for fact in own.itertuples():
        if not inside_quotation(text, fact.quote_start, fact.quote_start + len(fact.quote)):
            for source in passages.holding(fact.quote):
                found.setdefault(source, fact.quote)
    return found


def wire_copies(tables: Tables) -> pd.DataFrame:
    """One row per report, oldest first: the wire copy it rests on (the source_id of the copy's earliest
    report; a report resting on none is its own), its newsrooms, and why it rests on an earlier report."""
    sources = tables.sources.sort_values(["published", "source_id"])
    quotes = tables.facts.sort_values("fact_id").groupby("source_id")
    passages = Passages()
    wire, desk, names, why = {}, {}, {}, {}
    for source in sources.itertuples():
        sid = source.source_id
        names[sid] = newsroom_names(source)
        own = quotes.get_group(sid) if sid in quotes.groups else tables.facts.iloc[0:0]
        copied = copied_from(own, tables.texts[sid], passages)
        credited = next((s for s in reversed(wire) if names[sid] & names[s]), None)  # the latest
        repeated = next((s for s in wire if s in copied), None)  # the earliest: where the words first appear
        # a newsroom's desk is its first report's; the words a report repeats say what it rests on this time
        desk[sid] = desk[credited] if credited else sid
        wire[sid] = wire[repeated] if repeated else desk[sid]
        if credited and wire[sid] == desk[sid] != sid:
            first = "" if desk[sid] == credited else f" (first in {desk[sid]})"
            why[sid] = f"shares {', '.join(sorted(names[sid] & names[credited]))} with {credited}{first}"
        elif repeated:
            why[sid] = f"repeats {repeated} word for word: “{copied[repeated]}”"
        else:
            why[sid] = "its own copy: rests on no earlier report"
        passages.add(sid, tables.texts[sid])
    return pd.DataFrame(
        {
            "source_id": list(wire),
            "published": [f"{day:%Y-%m-%d}" for day in sources["published"]],
            "wire_copy": list(wire.values()),
            "newsrooms": ["; ".join(sorted(n)) for n in names.values()],
            "why": list(why.values()),
        }
    )


def camps(tables: Tables) -> dict[str, str]:
    """Each actor's camp: the parent of its side in the vocabularies; actors whose side has none are left out."""
    parents = tables.codebook.parents
    return {
        actor: parents[("side", side)]
        for actor, side in zip(tables.actors["actor_id"], tables.actors["side"])
        if ("side", side) in parents
    }


def is_harm(rows: pd.DataFrame) -> bool:
    """Whether a claim's facts tell of harm done (a strike, an attack, a killing)."""
    return bool(rows["relation"].isin(HARMS).any() or rows["category"].isin(HARM_CATEGORIES).any())


def confirming_party(rows: pd.DataFrame, camp: dict[str, str]) -> tuple[str, str, bool] | None:
    """(speaker, subject, harm) of the first fact of a claim where the party it goes against states it:
    for a harm, the subject itself or a party of its camp; else a party of another camp. None when none."""
    harm = is_harm(rows)
    subjects = list(dict.fromkeys(rows["subject"].dropna()))

    def goes_against(speaker: str, subject: str) -> bool:
        if harm:
            return speaker == subject or (speaker in camp and camp.get(subject) == camp[speaker])
        return speaker in camp and subject in camp and camp[subject] != camp[speaker]

    for fact in rows.loc[rows["speaker_kind"] == PARTY].sort_values("fact_id").itertuples():
        against = next((s for s in subjects if goes_against(fact.attributed_to, s)), None)
        if against is not None:
            return fact.attributed_to, against, harm
    return None


def computed_grade(verdict: str, rows: pd.DataFrame, wires: list[str], camp: dict, names: dict) -> tuple[str, str]:
    """The grade of one claim and why, from its verdict, its fact rows and the wire copies that carry it."""
    reports = rows["source_id"].nunique()
    if verdict == "updated":
        return "updated", "a later claim overturns or develops it"
    if verdict in CONTESTED_VERDICTS:
        return "contested", f"verdict {verdict.replace('_', ' ')}: the versions cannot all be true"
    confirmed = confirming_party(rows, camp)
    if confirmed:
        speaker, subject, harm = confirmed
        speaker, subject = names.get(speaker, speaker), names.get(subject, subject)
        side = f"for the side that did it ({subject})" if harm else f"of the other side from {subject}"
        return "confirmed", f"{speaker} says so, {side}"
    if len(wires) >= 2:
        return "corroborated", f"{len(wires)} independent sources (wire copies {', '.join(wires)})"
    carried = f", carried by {reports} reports" if reports > 1 else ""
    return "single_source", f"one independent source (wire copy {wires[0]}){carried}"


def graded(tables: Tables, comparison: pd.DataFrame) -> pd.DataFrame:
    """The comparison (compare.compare_claims) with each claim's independent sources and grade: columns
    independent_sources, wire_copies, grade, grade_explanation, computed_grade, grade_by."""
    wire = wire_copies(tables).set_index("source_id")["wire_copy"]
    camp = camps(tables)
    names = dict(zip(tables.actors["actor_id"], tables.actors["name"]))
    reviews = tables.claim_reviews
    overruled = (
        reviews.loc[reviews["grade"].notna()].set_index("claim_id")
        if "grade" in reviews  # a case of an earlier contract has no grade column until ./kit upgrade
        else reviews.iloc[0:0].set_index("claim_id")
    )
    facts = tables.facts.groupby("claim_id")
    columns = {name: [] for name in ("independent_sources", "wire_copies", "grade", "grade_explanation")}
    columns |= {"computed_grade": [], "grade_by": []}
    for claim in comparison.itertuples():
        rows = facts.get_group(claim.claim_id)
        wires = sorted(set(rows["source_id"].map(wire)))
        grade, why = computed_grade(claim.verdict, rows, wires, camp, names)
        columns["independent_sources"].append(len(wires))
        columns["wire_copies"].append(", ".join(wires))
        columns["computed_grade"].append(grade)
        if claim.claim_id in overruled.index:
            grade, why = overruled.loc[claim.claim_id, "grade"], overruled.loc[claim.claim_id, "explanation"]
        columns["grade"].append(grade)
        columns["grade_explanation"].append(why)
        columns["grade_by"].append(ANALYST if claim.claim_id in overruled.index else "computed")
    return comparison.assign(**columns)


GRADE_LABELS = {
    "confirmed": "confirmed by the party it goes against",
    "corroborated": "corroborated",
    "single_source": "single source",
    "contested": "contested",
    "updated": "updated by a later claim",
}
