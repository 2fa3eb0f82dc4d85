"""The quantities a clause states: numbers, the hedges around them, and their units.

A hedge word of hedges.csv with a number (digits or words, through text2num) or alone ("dozens"), a
stated range ("3,000 to 4,000", "between 3,000 and 4,000": hedge range, with both numbers), an ordinal
with "largest" for a rank; the interval is hedges.csv's; the unit is the next word the unit
vocabulary knows (two words for a unit such as police_officers, "72-hour" counts hours), deaths where the
counted were killed or died ("70 people were killed"), percent for "%" or "per cent", or people where a
verb of fleeing follows ("Many headed south"); "one of", "one was" are no count; a number inside a
time phrase, with no hedge ("over the past two days"), dates the clause and is no quantity.
"""

import math
import re

import pandas as pd
from text_to_num import text2num

from briefkit.contract.hedges import interval_for
from briefkit.drafting.clauses import Row

# Unit words the reports use for a unit of the vocabulary (the vocabulary's own names match themselves).
UNIT_WORDS = {
    "people": "people persons residents children women men inhabitants casualties inmates prisoners",
    "deaths": "dead deaths killed fatalities",
    "strikes": "strikes airstrikes raids",
    "towns": "towns villages",
    "vehicles": "vehicles tanks",
    "troops": "troops soldiers fighters",
    "miles": "miles mile",
    "km": "km kilometres kilometers kilometre kilometer",
    "years": "years year",
    "incidents": "incidents",
    "wounded": "wounded injured",
    "settlements": "settlements villages",
    "drones": "drones",
    "missiles": "missiles rockets",
    "hours": "hours hour",
    "days": "days day",
    "weeks": "weeks week",
    "months": "months month",
    "percent": "percent",
    "buildings": "buildings embassies houses homes",
    "aircraft": "aircraft planes jets helicopters",
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}  # "1.3 million": digits and a word
# "70 people were killed", "13 of its soldiers had been killed", "about 20 people died": deaths
KILLED_AFTER = r"\s*(?:[\w’'-]+\s+){0,3}?(?:(?:were|was|have\s+been|has\s+been|had\s+been)\s+killed|died)\b"
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


def number(words: str) -> float | None:
    """The value of a number in digits or words ("50,000", "twenty-one", "1.3 million"); None for words that
    are no number."""
    words = words.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    scaled = re.fullmatch(r"(\d+(?:\.\d+)?)\s+(thousand|million|billion)", words, re.IGNORECASE)
    if scaled:
        return float(scaled.group(1)) * SCALES[scaled.group(2).lower()]
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
    numeral = (
        rf"\d[\d,]*(?:\.\d+)?(?:\s+(?:{'|'.join(SCALES)})\b)?|(?:(?:{NUMBER_WORDS}|a|and)[\s-]+)*(?:{NUMBER_WORDS})"
        rf"|a (?:{'|'.join(NUMBER_NOUNS)})"
    )
    ordinal = "|".join(ORDINALS)
    stated_range = (
        rf"\b(?:between\s+(?P<low>{numeral})\s+and\s+(?P<high>{numeral})"
        rf"|(?P<low2>{numeral})\s*(?:to|–|-)\s*(?P<high2>{numeral}))\b"
        if "range" in set(hedges["hedge"])
        else "(?!)"
    )
    patterns = [
        ("count", rf"\b(?P<count>{count_alt})\b"),
        ("range", stated_range),
        ("aged", rf"\b(?P<noun>{'|'.join(NUMBER_NOUNS)})-old\b"),
        (
            "rank",
            rf"\b(?:(?P<ord>{ordinal}|\d+(?:st|nd|rd|th))[\s-]+(?:largest|biggest)|(?P<ordc>{ordinal}) (?:city|town)|"
            rf"(?P<top>largest|biggest))\b",
        ),
        (
            "number",
            rf"\b(?:(?P<hedge>{hedge_alt})\s+)?(?P<num>{numeral})(?:[\s-](?P<noun>{'|'.join(NUMBER_NOUNS)})s?)?\b"
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
    if kind == "range":
        low, high = number(groups.get("low") or groups["low2"]), number(groups.get("high") or groups["high2"])
        years = all(
            re.fullmatch(r"(?:19|20)\d\d", v)
            for v in (groups.get("low") or groups["low2"], groups.get("high") or groups["high2"])
        )
        if low is None or high is None or low >= high or years:
            return None  # not a range of one quantity: "2011-2014" is a span of years, "4 to 2" no range
        q = {"hedge": "range", "value": low, "value_high": high}
        q.update(_unit(text, m.start() + (after - m.end()), after, end, units))
        return q
    if kind == "aged":
        value, unit = NUMBER_NOUNS[groups["noun"].lower()]
        return {"hedge": "none", "value": value, "unit": unit if unit in units else "", "why_unit": f"'{m.group()}'"}
    if kind == "number":
        raw = groups["num"]
        if raw.lower() == "one" and re.match(r"\s+(?:of|was|is|who|that|which)\b", text[after:end], re.IGNORECASE):
            return None  # "one of the heaviest blows", "One was the siege": a pronoun, not a count
        if text[: after - len(m.group())].rstrip().lower().endswith("half"):
            return None  # "half a million": a fraction the rules do not read; left to the analyst
        last = raw.split()[-1].lower()
        noun = groups.get("noun") or (last if raw.lower().startswith("a ") and last in NUMBER_NOUNS else "")
        if raw.lower().startswith("a "):  # "a dozen", "a million": one of it
            value = NUMBER_NOUNS[noun][0] if noun else number("one " + raw[2:])
        else:
            value = number(raw)
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
    killed = re.match(KILLED_AFTER, text[after:end], re.IGNORECASE)
    if killed and "deaths" in units:
        return {"unit": "deaths", "why_unit": f"'{killed.group().strip()}' after the number: those killed are deaths"}
    percent = re.match(r"\s*(?:%|per\s*cent\b|percent\b)", text[after:end], re.IGNORECASE)
    if percent and "percent" in units:
        return {"unit": "percent", "why_unit": f"'{percent.group().strip()}'", "unit_end": after + percent.end()}
    fled = re.match(
        r"\s+(?:have\s+|had\s+|were\s+)?(?:been\s+)?(fled|headed|left|escaped|streamed|poured|displaced)\b",
        text[after:end],
    )
    if fled and "people" in units:
        return {"unit": "people", "why_unit": f"'{fled.group(1)}' just after the number: those who flee are people"}
    area = re.match(r"\s+(?:square|sq\.?)\s+(kilomet(?:re|er)s?|km|miles?)\b", text[after:end], re.IGNORECASE)
    if area:
        unit = "square_miles" if area.group(1).lower().startswith("mile") else "square_km"
        if unit in units:
            return {"unit": unit, "why_unit": f"'{area.group().strip()}' names an area", "unit_end": after + area.end()}
    words = {w: unit for unit, listed in UNIT_WORDS.items() if unit in units for w in listed.split()}
    words.update({u: u for u in units})
    following = list(re.finditer(r"[\w’'-]+", text[after:end]))
    for i, m in enumerate(following):
        if m.start() > 60:
            break
        pair = following[i + 1] if i + 1 < len(following) else None
        two = f"{m.group()}_{pair.group()}".lower().lstrip("-") if pair else ""
        if two in words or two + "s" in words:  # "police officers": a unit of two words
            unit = words.get(two) or words[two + "s"]
            return {
                "unit": unit,
                "why_unit": f"'{m.group()} {pair.group()}' names the unit",
                "unit_end": after + pair.end(),
            }
        word = m.group().lower().lstrip("-")  # "a 72-hour state of emergency"
        word = word if word in words else word + "s"  # "one strike" counts strikes
        if word in words:
            return {"unit": words[word], "why_unit": f"'{m.group()}' names the unit", "unit_end": after + m.end()}
    return {"unit": "", "why_unit": "no unit word the vocabulary knows follows the number: give one"}


def with_quantity(row, q, known):
    """A copy of the row for one quantity of its clause: the hedge, its interval from hedges.csv, the unit."""
    copy = Row(row.start, row.quote, dict(row.values), dict(row.why))
    copy.set("quantity_text", q["text"], "")
    copy.set("hedge", q["hedge"], f"'{q['text']}': hedge '{q['hedge']}' of hedges.csv")
    if q["value"] is not None:
        copy.set("value_stated", number_cell(q["value"]), "")
    if q.get("value_high") is not None:
        copy.set("value_stated_high", number_cell(q["value_high"]), "the range's upper number")
    if q["hedge"] in set(known.hedges["hedge"]):
        found = interval_for(known.hedges, q["hedge"], q["value"], q.get("value_high"))
        if found is not None:
            copy.set("value_low", number_cell(found.low), "")
            copy.set("value_best", number_cell(found.best), "")
            copy.set("value_high", "" if found.open_ended else number_cell(found.high), "")
    copy.set("unit", q.get("unit", ""), q.get("why_unit", ""))
    return copy


def number_cell(value) -> str:
    """A number as facts.csv writes it: 12, not 12.0; '' for none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
