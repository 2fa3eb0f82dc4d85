"""The times a report gives: time phrases, resolved against its published day, and the rows they date.

Time phrases are resolved against the report's published day with dateutil ("Tuesday" is the latest
Tuesday on or before it, "in March" the latest March, up to that day); a stated year or date is
"stated", a resolved phrase "inferred" with the reasoning in notes; a clause opening with "since"
dates the rest of its sentence from then to the report's day; a place named after "(days) after"
takes the days another row of the report gives the same category there; a past-tense sentence
without one, after a sentence of its paragraph dated to a year long before the report, continues
that history, and a sentence opening with the event the sentence before dates ("The attack hit ...")
takes its time; "last week", "last month", "last year" are the calendar ones before the report's; an
event without a time phrase, told in the past tense, takes the day the report's lead dates its news to
("... on Tuesday", within the week before), else the report's day, and so does something located from a
place without being one ("they were positioned 6 miles from X").
"""

import dataclasses
import re
from dataclasses import dataclass

import pandas as pd
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from briefkit.drafting.clauses import EVENT_REFERENCE, Row
from briefkit.drafting.quantities import number

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
HISTORY_YEARS = 2  # a stated year this many years or more before publication makes a clause background
LEAD_SENTENCES = 3  # the opening sentences that may date a report's news (a headline or dateline may come first)


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
            f"'the weekend' before the report's day {pub}: "
            f"Saturday {_day(sunday - relativedelta(days=1))} and Sunday {_day(sunday)}",
        )
    for m in re.finditer(r"\blast\s+(?P<u>week|month|year)\b(?!end)", chunk, re.IGNORECASE):
        # the calendar week (Monday to Sunday), month or year before the one the report is published in
        unit = m["u"].lower()
        if unit == "week":
            monday = p + relativedelta(weekday=MO(-1)) - relativedelta(weeks=1)
            first, last, precision = monday, monday + relativedelta(days=6), "days"
        elif unit == "month":
            first = (p - relativedelta(months=1)).replace(day=1)
            last, precision = first + relativedelta(months=1, days=-1), "month"
        else:
            first, precision = p.replace(year=p.year - 1, month=1, day=1), "year"
            last = first.replace(month=12, day=31)
        add(
            m,
            first,
            last,
            precision,
            "inferred",
            f"'{m.group()}' before the report's day {pub}: the calendar {unit} before, {_day(first)} to {_day(last)}",
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
        r"\b(?:in|over|during)\s+the\s+(?:last|past)\s+"
        r"(?:(?P<n>few|several|couple of|\w+)\s+(?P<u>days|weeks)|(?P<week>week))\b",
        chunk,
        re.IGNORECASE,
    ):
        count = 1 if m["week"] else {"few": 7, "several": 9, "couple of": 2}.get(m["n"].lower()) or number(m["n"])
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
        r"\b(?P<h>nearly|almost|about|around|some|more than|over)?\s*(?P<n>a|an|\d+|[a-z]+)\s+"
        r"(?P<u>decade|year|month|week)s?\s+ago\b",
        chunk,
        re.IGNORECASE,
    ):
        count = 1 if m["n"].lower() in ("a", "an") else number(m["n"])
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
# Dating the rows


def date(row, text, start, end, sentence_dates, category, published, known, lead=None):
    """The row's days: a time phrase of its clause, else one of its sentence (or of the sentence it continues)
    that does not date an opening clause alone, else from the sentence's "since" clause to the report's day;
    an event with none of these takes the day of the report's lead (lead_day) when the clause is told in the
    past tense, else the report's day."""
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
            clause = text[start:end].lower()
            if lead is not None and PAST_VERB.search(clause) and not PRESENT_WORD.search(clause):
                row.set(
                    "date_start",
                    _day(lead.date_start),
                    f"an event with no time phrase, in the past tense: the day of the report's lead, '{lead.text}'",
                )
                row.set("date_end", _day(lead.date_end), "")
                row.set("date_precision", "day", "")
                row.set("date_basis", "inferred", "")
                row.values["notes"] = (
                    f"No time phrase: taken to be the day of the report's lead event, '{lead.text}' "
                    f"({_day(lead.date_start)}), which the report tells in the past tense (inference)."
                )
                return
            on_report_day(row, published, "an event with no time phrase: the report's day")
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


def lead_day(dates_in: list[list[Dated]], published: pd.Timestamp) -> "Dated | None":
    """The day the report's lead dates its news to ("... on Tuesday"): the first single day within the week
    before the report's day that its opening sentences (LEAD_SENTENCES) name."""
    for dates in dates_in[:LEAD_SENTENCES]:
        for d in dates:
            if (
                d.precision == "day"
                and d.date_start == d.date_end
                and pd.Timedelta(0) < published - d.date_start <= pd.Timedelta(days=7)
            ):
                return d
    return None


def on_report_day(row: Row, published: pd.Timestamp, why: str):
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


def date_earlier_events(rows: list[Row]):
    """A place named after "after" in a clause with no time phrase ("days after seizing X") is an earlier
    event's: when another row of the report dates the same category at that place by a time phrase, its days
    are taken."""
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
            f"'{row.earlier_event}' names an earlier event: the days of '{same.values['date_text']}', "
            "which dates the same at the same place",
        )
        row.set("date_end", same.values["date_end"], "")
        row.set("date_precision", same.values["date_precision"], "")
        row.set("date_basis", "inferred", "")
        row.values["notes"] = (
            f"'{row.earlier_event}': an earlier event, dated with the same report's '{same.values['date_text']}' "
            f"({same.values['date_start']} to {same.values['date_end']}), which dates a "
            f"{row.values['category'].replace('_', ' ')} at the same place (inference)."
        )
