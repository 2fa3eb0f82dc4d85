"""A report's text turned into draft rows: one per clause, or per quantity, or per place.

Rules, not a model. The report is cut into clauses (sentences, then commas or words that open a new
clause); each clause becomes a row, or one row per quantity, or per place where places are taken.
Every proposed value says in the `why` column which rule gave it. Read here: the category (the first
of CATEGORY_RULES whose words the clause has, not negated, and the case's vocabulary knows; a year
long before the report makes it a historical_event), the ACLED types facts.csv gives that category,
the subject (the first actor named near the start of the clause), and the speaker of a quotation that
runs on past its sentence (named where it closes, else the last speaker); a place named only as what
holds another ("the capital of Y", "Y's capital X", "Y's northern Z district") gets no row of its own
when the clause names another place. The other values are read
by quantities, dates, places, speakers and claims.
"""

import re
from dataclasses import dataclass

import pandas as pd

from briefkit.drafting.claims import claims
from briefkit.drafting.clauses import Mention, Row, clauses, find, sentences, unique
from briefkit.drafting.dates import HISTORY_YEARS, carried_dates, date, date_earlier_events, lead_day, time_phrases
from briefkit.drafting.known import Known, known_from
from briefkit.drafting.places import (
    geonames_in,
    measured,
    measured_from,
    place_named_by_the_next_sentence,
    place_nearby,
    place_of_the_opening_clause,
    places_of_clause,
    reference_after,
)
from briefkit.drafting.quantities import quantities, with_quantity
from briefkit.drafting.speakers import actor_row, attributions, speaker, speaker_of

# "Hantoub, a town on the east bank", "Jimmy Cherizier, a former police officer": a clause that is only a name
# and what it is
APPOSITION = re.compile(r"(?:[A-Z][\w’'.-]*\s+){0,5}[A-Z][\w’'.-]*,\s+(?:a|an|the|about|some|home to)\s[^,;]*")
CONTAINER_BEFORE = re.compile(r"\bcapital\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,3}$", re.IGNORECASE)
CONTAINER_AFTER = re.compile(r"[’']s\s+(?:[\w-]+\s+){0,2}?(?:capital|region|province|state|district)\b")
KEEP_COLUMN = "keep"  # the analyst writes "yes" in it for every row to take into the case
NOT_FOUND_COLUMNS = ["name", "at", "in_the_text"]  # at: the offset where it is first named
DRAFT_COLUMNS = ("topic", KEEP_COLUMN, "why")  # after facts.csv's columns: a new claim's topic, the mark, the reasons

# Clause categories, first match wins; each is used only if the case's category vocabulary has it.
CATEGORY_RULES = [
    ("casualties", r"\bkill(?:s|ed|ing)?\b|\bdead\b|\bdeaths?\b|casualt|wounded|injur|massacre"),
    ("displacement", r"displac|\bfled\b|\bflee|refugee|evacuat"),
    ("air_or_drone_strike", r"\bstrikes?\b|air ?strike|\bbomb|bombard|aerial|warplane|\bjets?\b|drone|shell(?:ed|ing)"),
    (
        "territory_change",
        r"captur|seiz|retak|\btook (?!part|place)|\btaken (?!part|place)|\bfell\b|fall of|overr[au]n|\brout\b|"
        r"withdr[ae]w|\blost\b|collapse",
    ),
    ("territory_control", r"-held\b|\bcontrols?\b|\bhold(?:s)?\b|in the hands of|stronghold"),
    ("advance", r"advanc|\bpush(?:ed|ing|es)?\b|closing in|\btowards?\b|moved on"),
    ("armed_clash", r"\bfight|clash|battl|\battack|offensive|confrontation|assault|engag|combat"),
    ("materiel", r"\btanks?\b|vehicles?\b|weapons|equipment|ammunition|artillery"),
    ("deployment", r"\btroops\b|deploy|sending|reinforce|\bpresence of\b"),
    ("actor_relation", r"\bbacked\b|\bbackers?\b|\bsupport|\bled by\b|\bally\b|allied|\baffiliate|alongside"),
    (
        "distance_or_location",
        r"\b(?:miles?|km|kilomet(?:re|er)s?)\b|\b(?:north|south|east|west)(?:ern)? of\b|\bnear\b|\boutside\b|"
        r"\bacross\b|\bpositioned\b",
    ),
]


@dataclass
class Draft:
    facts: pd.DataFrame  # facts.csv's columns, then topic, keep, why
    places: pd.DataFrame  # places.csv's columns
    actors: pd.DataFrame  # actors.csv's columns
    not_found: pd.DataFrame  # names read as places that neither the case nor GeoNames has: NOT_FOUND_COLUMNS


def draft_of(tables, source_id: str, leave_out_own: bool = False) -> Draft:
    """Draft one report of a loaded case; leave_out_own drafts it as if none of its rows were coded yet."""
    source = tables.sources.set_index("source_id").loc[source_id]
    known = known_from(tables, leave_out=source_id if leave_out_own else None)
    own = tables.facts[tables.facts["source_id"] == source_id]
    first = 1 if leave_out_own or own.empty else int(own["fact_id"].str.extract(r"(\d+)$")[0].astype(int).max()) + 1
    book = tables.codebook
    return draft_report(
        source_id,
        tables.texts[source_id],
        source["published"],
        known,
        [s.column for s in book.table("facts")],
        [s.column for s in book.table("places")],
        [s.column for s in book.table("actors")],
        first,
    )


def draft_report(
    source_id: str,
    text: str,
    published: pd.Timestamp,
    known: Known,
    fact_columns: list[str],
    place_columns: list[str],
    actor_columns: list[str],
    first_number: int = 1,
) -> Draft:
    """The draft rows for one report's text."""
    geonames = geonames_in(known.region)
    rows: list[Row] = []
    new_places: dict[str, dict] = {}
    new_actors: dict[str, dict] = {}
    missed: list[Mention] = []
    earlier: list[Mention] = []
    earlier_places: list[Mention] = []
    spans = sentences(text)
    said_in, dates_in = [], []
    for s_start, s_end in spans:
        said_in.append(attributions(text, s_start, s_end, known, earlier))
        earlier += find(known.actor_pattern, known.actor_names, text, s_start, s_end)
        dates_in.append(time_phrases(text, s_start, s_end, published))
    dates_in = carried_dates(text, spans, dates_in, published)
    lead = lead_day(dates_in, published)
    for i, (s_start, s_end) in enumerate(spans):
        said, sentence_dates = said_in[i], dates_in[i]
        if not said and _opens_quotation(text[s_start:s_end]):
            # a quotation that runs on: its speaker is named where it closes, else it is the last speaker's
            following = next((j for j in range(i + 1, min(i + 3, len(spans))) if said_in[j]), None)
            if following is not None:
                said = [(s_start, said_in[following][0][1], "the speaker named where the quotation closes")]
                sentence_dates = sentence_dates or list(dates_in[following])
            elif i and said_in[i - 1]:
                said = [(s_start, said_in[i - 1][-1][1], "a quotation after the last speaker's words")]
        antecedent: list[str] = []  # where the clause before is, for a relative clause that names no place
        for c_start, c_end in clauses(text, s_start, s_end):
            clause_rows = _clause_rows(
                text,
                c_start,
                c_end,
                said,
                sentence_dates,
                published,
                known,
                geonames,
                new_places,
                source_id,
                earlier_places,
                antecedent,
                missed,
                lead,
            )
            antecedent = list(dict.fromkeys(r.values["place_id"] for r in clause_rows if r.values.get("place_id")))
            rows += clause_rows
    for row in rows:
        attributed = row.values.get("attributed_to", "")
        if attributed.startswith("new:"):
            actor = actor_row(attributed[4:], known)
            actor["actor_id"] = unique(
                actor["actor_id"], set(known.actors["actor_id"]) | set(new_actors) - {attributed}
            )
            new_actors.setdefault(attributed, actor)
            row.values["attributed_to"] = new_actors[attributed]["actor_id"]
    label = known.place_label | {place["place_id"]: place["name"] for place in new_places.values()}
    place_of_the_opening_clause(rows, text, spans, known, label)
    place_named_by_the_next_sentence(rows, text, spans, known, label)
    date_earlier_events(rows)
    claims(rows, source_id, known, label)
    facts = pd.DataFrame(
        [_fact_cells(row, source_id, number, fact_columns) for number, row in enumerate(rows, first_number)],
        columns=list(fact_columns) + list(DRAFT_COLUMNS),
    ).fillna("")
    places = pd.DataFrame(list(new_places.values()), columns=place_columns).fillna("")
    actors = pd.DataFrame(list(new_actors.values()), columns=actor_columns).fillna("")
    return Draft(facts, places, actors, names_not_found(text, missed, new_actors))


def names_not_found(text: str, missed: list[Mention], new_actors: dict[str, dict]) -> pd.DataFrame:
    """Each name read as a place that neither the case nor GeoNames has, once, where it is first named;
    not a name the draft proposes as a speaker."""
    speakers = {actor["name"].lower() for actor in new_actors.values()}
    first = {}
    for mention in missed:
        if mention.text.lower() not in speakers:
            first.setdefault(mention.text.lower(), mention)
    rows = [
        (m.text, m.start, text[max(0, m.start - 40) : m.end + 40].replace("\n", " ").strip())
        for m in sorted(first.values(), key=lambda m: m.start)
    ]
    return pd.DataFrame(rows, columns=NOT_FOUND_COLUMNS)


def _opens_quotation(sentence: str) -> bool:
    return sentence.count("“") > sentence.count("”") or (
        sentence.lstrip().startswith(("“", '"')) and sentence.count('"') % 2 == 1
    )


def _clause_rows(
    text,
    start,
    end,
    said,
    sentence_dates,
    published,
    known,
    geonames,
    new_places,
    source_id,
    earlier_places,
    antecedent,
    missed,
    lead,
):
    quote = text[start:end]
    row = Row(start, quote)
    actors = find(known.actor_pattern, known.actor_names, text, start, end)
    places = places_of_clause(
        text, start, end, actors, earlier_places, antecedent, known, geonames, new_places, source_id, missed
    )
    earlier_places += places
    attribution = speaker_of(start, end, said)
    if attribution is not None:
        actors = [a for a in actors if a.id != attribution[1].id]
    lowered = quote.lower()

    category, why = _category(lowered, quote, places, actors, attribution, published, known, sentence_dates)
    row.set("category", category, why)
    if category in known.event_types:
        (event_type, sub_type), n, of = known.event_types[category]
        row.set("event_type", event_type, f"the ACLED type of {n} of the {of} '{category}' rows of facts.csv")
        row.set("sub_event_type", sub_type, "")
    if actors and actors[0].start - start <= 40:
        row.set("subject", actors[0].id, f"'{actors[0].text}', the first actor named in the clause")
    date(row, text, start, end, sentence_dates, category, published, known, lead)
    if attribution is not None and APPOSITION.fullmatch(quote) and not start <= attribution[0] < end:
        # "Hantoub, a town on the east bank ..., residents said": the report describes Hantoub in its own voice
        row.set("speaker_kind", "unattributed", "a name and what it is: the report's own description")
    elif attribution is not None:
        speaker(row, attribution, known)
    else:
        row.set("speaker_kind", "unattributed", "no speaker is named in the sentence")

    rows, stated_at = [row], [None]
    # "over the past two days", "three weeks ago": a number that only measures a time phrase is the date's;
    # "nearly a decade ago" keeps its hedge as a quantity
    found = [
        q
        for q in quantities(text, start, end, known.hedges, known.units)
        if q["hedge"] != "none" or not any(d.start <= q["start"] and q["end"] <= d.end for d in sentence_dates)
    ]
    if found:
        rows, stated_at = [with_quantity(row, q, known) for q in found], [q["start"] for q in found]
    every = list({p.id: p for p in reversed(places)}.values())[::-1]
    # "X, the capital of Y", "Y's capital X", "X, in Y's northern Z region": the clause is about X, not Y or Z
    inside = [p for p in every if _contains_another(text, p)]
    every = [p for p in every if p not in inside] or every
    reference_points = measured_from(text, places)
    after = re.search(r"\b(?:[\w’'-]+\s+){0,2}?after\b", quote, re.IGNORECASE)
    placed = []
    for r, at in zip(rows, stated_at):
        # a place measured from ("fighting 6 miles from X") is not where the fact is; a rank describes the
        # place itself and keeps it ("X city, the country's fourth largest")
        unit = r.values.get("unit")
        references = {} if unit and known.parents.get(("unit", unit)) == "rank" else reference_points
        distinct = [p for p in every if p.id not in {m.id for m in references}]
        if references and at is not None and known.parents.get(("unit", unit)) == "distance":
            # "Vovchansk lies 40 km north-east of Kharkiv, and Kupyansk 100 km east": a distance stated between a
            # place and the place it is measured from is that place's
            between = [p for p in distinct if p.start < at < reference_after(p, references)[0].start]
            distinct = between or distinct
        for place in distinct or [None]:
            copy = Row(r.start, r.quote, dict(r.values), dict(r.why))
            if place is not None:
                copy.set(
                    "place_id",
                    place.id,
                    f"'{place.text}'" + (", one row per place the clause names" if len(distinct) > 1 else ""),
                )
                dated_at = quote.find(copy.values.get("date_text") or "\0")
                if after and place.start >= start + after.end() and not dated_at > after.start():
                    copy.earlier_event = after.group()
            if references:
                placed += measured(
                    copy, references if place is None else dict([reference_after(place, references)]), known, published
                )
            else:
                if place is not None:
                    place_nearby(copy, text, place, places, known)
                placed.append(copy)
    return placed


def _contains_another(text: str, place: Mention) -> bool:
    """Whether the place is named only as what holds another ("the capital of Y", "Y's capital", "Y's ... region")."""
    return bool(
        CONTAINER_BEFORE.search(text[max(0, place.start - 60) : place.start])
        or CONTAINER_AFTER.match(text[place.end : place.end + 40])
    )


def _category(lowered, quote, places, actors, attribution, published, known, sentence_dates):
    years = [int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", quote)]
    years += [d.date_start.year for d in sentence_dates if d.carried and d.precision == "year"]
    if (
        years
        and max(years) <= published.year - HISTORY_YEARS
        and "historical_event" in known.categories
        and not re.search(r"\bsince\b", lowered)
    ):
        return "historical_event", f"the year {max(years)} is long before the report"
    for category, pattern in CATEGORY_RULES:
        for m in re.finditer(pattern, lowered):
            if category in known.categories and not re.search(
                r"\b(?:not|no|never|without)\s+(?:\w+\s+)?$|n't\s+(?:\w+\s+)?$", lowered[: m.start()]
            ):
                return category, f"'{m.group()}'"
    if attribution is not None and "statement" in known.categories:
        return "statement", "what a speaker says, with no event word"
    if places and lowered.startswith(places[0].text.lower()) and "place_attribute" in known.categories:
        return "place_attribute", f"the clause describes '{places[0].text}'"
    if (
        actors
        and re.match(rf"{re.escape(actors[0].text.lower())}\b", lowered)
        and "actor_attribute" in known.categories
    ):
        return "actor_attribute", f"the clause describes '{actors[0].text}'"
    return "assessment", "no rule matched: the report's own judgement, or choose a category"


def _fact_cells(row: Row, source_id: str, number: int, fact_columns: list[str]) -> dict:
    cells = dict.fromkeys(list(fact_columns) + list(DRAFT_COLUMNS), "")
    cells.update({k: v for k, v in row.values.items() if k in cells})
    cells.update(fact_id=f"{source_id}-{number:03d}", source_id=source_id, quote=row.quote, quote_start=str(row.start))
    cells["why"] = "; ".join(f"{column}: {reason}" for column, reason in row.why.items())
    return cells
