"""A self-contained HTML briefing: images embedded, no scripts, no external requests, prints to A4.

The page is a Jinja2 template with autoescaping: every piece of text that comes from the data (and so
from the reports) is escaped there; the page has no other way in for text.
"""

import base64
import re
from pathlib import Path
from urllib.parse import quote

import jinja2
import pandas as pd

from briefkit.analysis.compare import CONTESTED, VERDICT_LABELS
from briefkit.analysis.corroboration import GRADE_LABELS, wire_copies
from briefkit.contract.codebook import Codebook
from briefkit.contract.tables import Tables, speaker_names
from briefkit.drawing.house import SPEAKER_LABELS, as_of_day
from briefkit.publishing.findings import counted

# Each figure's caption on the page, also its alt text.
CAPTIONS = {
    "situation-map": "Reported events. Hollow symbols are claims, filled ones were seen by a journalist; colour says "
    "who makes the claim.",
    "front-map": "Around the focus place: a distance stated from it drawn as the band its hedge allows, events with "
    "their geodesic distances.",
    "reported-numbers": "Every counted number in the reports as the range its wording allows; markers are best "
    "estimates; arrows have no upper bound.",
    "who-says-what": "How many claims each named speaker makes across the reports, each counted once, by kind of "
    "speaker, and how many independent sources carry them.",
    "actor-relations": "Who backs, fights or strikes whom, as each report states it, with the fact rows behind each "
    "mark.",
    "timeline": "Dated claims: days as markers, vague dates as bars covering every day they may mean.",
    "claims-by-verdict": "Claims each report makes, by verdict of the claim-by-claim comparison.",
}
# What changed since the previous report day (days.what_changed), under these words
CHANGE_HEADS = {"new": "New", "numbers": "Numbers that changed", "updates": "Overturns or develops"}
MAX_REPORTS_NAMED = 3  # in the table of the newest day's numbers; more are counted (every one is in changes.csv)
NO_FINDINGS = "No facts yet: code a report (see the case's README)."

CSS = """
@page { size: A4; margin: 14mm 14mm 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #222; max-width: 60rem; margin: 0 auto;
       padding: 1.5rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.subtitle, figcaption, .note { color: #555; } .subtitle { margin-top: 0; }
.findings li { margin-bottom: .45rem; }
figure { margin: 1.2rem 0; break-inside: avoid; page-break-inside: avoid; }
figure img { display: block; max-width: 100%; height: auto; max-height: 235mm; width: auto; margin: 0 auto; }
figcaption { font-size: .9rem; margin-top: .3rem; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .4rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } tr { break-inside: avoid; page-break-inside: avoid; }
.quote { font-style: italic; }
.source { break-inside: avoid; page-break-inside: avoid; margin-bottom: 1rem; } .source h3 { font-size: 1rem; margin-bottom: .2rem; }
dl { display: grid; grid-template-columns: 11rem 1fr; gap: .15rem .8rem; margin: 0; font-size: .9rem; } dt { color: #555; } dd { margin: 0; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: .8rem; word-break: break-all; }
@media print { body { padding: 0; max-width: none; font-size: 10pt; } h2 { break-after: avoid; page-break-after: avoid; } }
"""  # noqa: E501 (the stylesheet's lines are the page's bytes)


def image_data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def figure(png: Path, caption: str) -> dict:
    """A figure for the template: the image embedded, its caption also its alt text."""
    return {"src": image_data_uri(png), "caption": caption}


def change_sentences(changes: dict[str, list[str]]) -> list[str]:
    """One sentence per kind of change that has items: "New: ...; ....", the previous day's news no newer
    report repeats last."""
    if not changes:
        return []
    heads = CHANGE_HEADS | {"not_repeated": f"News of {changes['previous'][0]} that no newer report repeats"}
    return [
        f"{heads[key]}: " + "; ".join(item.rstrip(".") for item in items) + "."
        for key, items in changes.items()
        if key in heads and items
    ]


def span(low: float, high: float, unit: str) -> str:
    """2,550–3,450 people; 12 or more vehicles; 5 km: an interval in words."""
    if pd.isna(low):
        return ""
    if pd.isna(high):
        return f"{number(low)} or more {unit}"
    return f"{number(low)} {unit}" if low == high else f"{number(low)}–{number(high)} {unit}"


def numbers_table(numbers: pd.DataFrame, book: Codebook) -> dict:
    """The newest day's numbers (days.number_changes), OCHA-style: the words and range now, the change since
    the day that last gave the number, the running range, who says so and on how many independent sources;
    units as readers write them (the unit vocabulary's labels)."""
    numbers = numbers.assign(unit=numbers["unit"].map(lambda unit: book.label("unit", unit)))
    shown = numbers.assign(
        now=[span(r.low, r.high, r.unit) for r in numbers.itertuples()],
        was=[
            f"“{r.previous_quantity_text}” ({span(r.previous_low, r.previous_high, r.unit)}; {r.previous_speakers}; "
            f"{pd.Timestamp(r.previous_day):%-d %B})"
            if r.previous_day
            else ""
            for r in numbers.itertuples()
        ],
        running=[span(r.running_low, r.running_high, r.unit) for r in numbers.itertuples()],
        who=[
            f"{r.speakers}; "
            + (
                f"report {r.reports}"
                if r.reports.count(",") < MAX_REPORTS_NAMED
                else f"{r.reports.count(',') + 1} reports"
            )
            + (f"; {counted(int(r.independent_sources), 'independent source')}" if "grade" in numbers else "")
            for r in numbers.itertuples()
        ],
    )
    headers = {
        "topic": "number",
        "quantity_text": "the words now",
        "now": "range now",
        "change": "change",
        "was": "was",
        "running": "running range",
        "who": "who says so",
    }
    return table(shown, headers, quote_columns=("quantity_text",), linked="fact_id" if "fact_id" in shown else None)


def changes_section(changes: dict[str, list[str]], book: Codebook, numbers: pd.DataFrame | None = None) -> list[dict]:
    """The section that opens the page on a case with an earlier report day; none on the first day. With
    the newest day's numbers (days.number_changes), they are a table in place of the sentences on numbers."""
    if not changes:
        return []
    section = {"heading": f"What changed since {changes['previous'][0]}"}
    if numbers is not None and len(numbers):
        changes = {key: items for key, items in changes.items() if key != "numbers"}
        section["table"] = numbers_table(numbers, book)
    return [section | {"findings": change_sentences(changes)}]


def findings_section(findings: list[tuple[str, str]], tables: Tables | None = None) -> dict:
    """The key findings, each a list of parts; with tables, a phrase a finding quotes (“…”) links to the fact
    whose words it quotes, in the explorer."""
    sentences = [sentence for _, sentence in findings] or [NO_FINDINGS]
    return {"heading": "Key findings", "findings": [quoted_parts(s, tables) for s in sentences]}


# the words a finding quotes, then what it says of them in brackets (their range, speaker, report)
QUOTED = re.compile(r"“([^”]+)”(?:\s*\(([^)]*)\))?")


def quoted_parts(sentence: str, tables: Tables | None) -> list[dict]:
    """The sentence as parts {text, href} linking to the explorer what it rests on: each quoted phrase that is a
    fact's words (its quantity_text, or part of its quote; of the report the finding names after it, where it
    names one) to that fact, and each claim it names by its topic to the claim's first fact."""
    if tables is None:
        return [{"text": sentence, "href": ""}]
    facts = tables.facts
    spans = []  # (start, end, fact_id)
    for match in QUOTED.finditer(sentence):
        words, said = match.group(1), match.group(2) or ""
        found = facts.loc[(facts["quantity_text"] == words) | facts["quote"].str.contains(words, regex=False)]
        named = [s for s in found["source_id"].unique() if re.search(rf"\b{re.escape(s)}\b", said)]
        found = found.loc[found["source_id"].isin(named)] if named else found
        if len(found):
            spans.append((match.start(), match.start() + len(words) + 2, found["fact_id"].min()))
    first_fact = facts.groupby("claim_id")["fact_id"].min()
    for claim in tables.claims.itertuples():
        at = sentence.find(claim.topic) if claim.claim_id in first_fact.index else -1
        if at >= 0:
            spans.append((at, at + len(claim.topic), first_fact[claim.claim_id]))
    parts, at = [], 0
    for start, end, fact_id in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < at:
            continue  # inside a span already linked
        parts += [
            {"text": sentence[at:start], "href": ""},
            {"text": sentence[start:end], "href": f"{EXPLORER}#fact={quote(fact_id)}"},
        ]
        at = end
    parts.append({"text": sentence[at:], "href": ""})
    return [part for part in parts if part["text"]]


def figures_section(heading: str, folder: Path, names: list[str]) -> dict:
    return {"heading": heading, "figures": [figure(folder / f"{name}.png", CAPTIONS[name]) for name in names]}


def differences_section(tables: Tables, comparison: pd.DataFrame, folder: Path) -> dict:
    """The claims-by-verdict chart and every contested claim with each report's words side by side."""
    sources = sorted(tables.sources["source_id"])
    contested = comparison.loc[lambda d: d["verdict"].isin(CONTESTED)].assign(
        verdict=lambda d: d["verdict"].map(VERDICT_LABELS)
    )
    headers = {
        "topic": "claim",
        **{f"quote_{s}": f"report {s}" for s in sources},
        "verdict": "verdict",
        "explanation": "why",
    }
    if "grade" in contested:
        contested = contested.assign(
            grade=[f"{GRADE_LABELS[g]} ({n})" for g, n in zip(contested["grade"], contested["independent_sources"])]
        )
        headers["grade"] = "grade (independent sources)"
    quotes = tuple(f"quote_{s}" for s in sources)
    first_fact = tables.facts.groupby("claim_id")["fact_id"].min()
    contested = contested.assign(fact_id=contested["claim_id"].map(first_fact))
    return figures_section("How the reports differ", folder, ["claims-by-verdict"]) | {
        "table": table(contested, headers, quote_columns=quotes, linked="fact_id")
    }


def distances_section(tables: Tables, checks: pd.DataFrame) -> dict:
    """Every stated distance or direction against geography, places by name."""
    names = dict(zip(tables.places["place_id"], tables.places["name"]))
    located = checks.assign(
        **{column: checks[column].map(names).fillna("(not located)") for column in ("from_place", "to_place")},
        computed_km=checks["computed_km"].map(lambda km: "" if pd.isna(km) else f"{km:g}"),
    )
    headers = {
        "reported": "the report says",
        "from_place": "from",
        "to_place": "to",
        "computed_km": "km (geodesic)",
        "computed_direction": "direction",
        "verdict": "verdict",
        "note": "what was measured",
    }
    return {
        "heading": "Distances and directions checked",
        "table": table(located, headers, quote_columns=("reported",), linked="fact_id"),
    }


def sources_section(tables: Tables) -> dict:
    """Each report with its checksum, and where the coordinates and the basemap come from."""
    references = sorted(set(tables.places["coord_source"].dropna()))
    return {
        "heading": "Sources",
        "sources": source_entries(tables),
        "note": "The reports' text belongs to their publishers; it is quoted here only as evidence for each coded "
        "fact. Facts, places and hedge conventions are coded by hand in data/. Coordinates: "
        + ("; ".join(references) or "none yet")
        + ". Basemap: Natural Earth via world-atlas; boundaries are not authoritative.",
    }


def briefing_page(tables: Tables, sections: list[dict]) -> str:
    """The page for the case's tables: its title, how many reports it rests on and as of which day."""
    inferred = any(basis != "stated" for basis in tables.sources["published_basis"])
    independent = wire_copies(tables)["wire_copy"].nunique() if len(tables.sources) else 0
    resting = f" resting on {counted(independent, 'independent source')}" if independent < len(tables.sources) else ""
    return page(
        title=tables.case["title"],
        subtitle=f"A briefing from {counted(len(tables.sources), 'news report')}{resting}, as of "
        f"{as_of_day(tables.as_of)}{' (inferred)' if inferred else ''}. Every number keeps its range and its speaker.",
        sections=sections,
        footer="Built by briefkit from the data package: every figure and sentence with a number is regenerated by "
        "code from data/facts.csv.",
    )


EXPLORER = "explorer.html"  # beside the briefing: every fact inside its report (publishing.explorer)


def table(
    frame: pd.DataFrame, headers: dict[str, str], quote_columns: tuple[str, ...] = (), linked: str | None = None
) -> dict:
    """A table for the template: the columns to show under these headings, quotes set in italics; with linked
    (a column of fact ids), each row's first cell links to that fact in the explorer, where its quote stands in
    its report beside the claim's other statements."""
    facts = frame[linked] if linked else pd.Series("", index=frame.index)
    rows = []
    for fact_id, values in zip(facts, frame[list(headers)].itertuples(index=False)):
        cells = [
            {
                "text": "" if pd.isna(v) else str(v),
                "quote": c in quote_columns and not pd.isna(v) and str(v) != "",
                "href": "",
            }
            for c, v in zip(headers, values)
        ]
        if isinstance(fact_id, str) and fact_id:
            cells[0]["href"] = f"{EXPLORER}#fact={quote(fact_id)}"
        rows.append(cells)
    return {"headers": list(headers.values()), "rows": rows}


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def quantity_phrase(tables: Tables, fact_id: str) -> str:
    """“nearly 5,000 people” (4,500–5,000 people; the governor; report f002): the words, the interval, who says so."""
    fact = tables.facts.set_index("fact_id").loc[fact_id]
    speaker = speaker_names(tables, pd.Series([fact["attributed_to"]])).iloc[0]
    kind = SPEAKER_LABELS[fact["speaker_kind"]]
    who = speaker if kind.casefold() in speaker.casefold() else f"{speaker}, {kind}"
    unit = tables.codebook.label("unit", fact["unit"])
    if pd.isna(fact["value_low"]):
        span = "no number given"
    elif pd.isna(fact["value_high"]):
        span = f"{number(fact['value_low'])} or more {unit}"
    elif fact["value_low"] == fact["value_high"]:
        span = f"{number(fact['value_low'])} {unit}"
    else:
        span = f"{number(fact['value_low'])}–{number(fact['value_high'])} {unit}"
    return f"“{fact['quantity_text']}” ({span}; {who}; report {fact['source_id']})"


def source_entries(tables: Tables) -> list[dict]:
    """Each report as labelled lines (a table would squeeze the long reasoning and the checksum)."""
    return [
        {
            "source_id": row.source_id,
            "sha256": row.sha256,
            "lines": [
                ("title", row.title),
                ("outlet", row.outlet),
                ("author", row.author),
                ("contributors", row.contributors),
                ("date", f"{row.published:%Y-%m-%d}"),
                ("how the date is known", row.published_basis),
                ("file", row.text_path),
            ],
        }
        for row in tables.sources.itertuples()
    ]


TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("briefkit.publishing", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def page(title: str, subtitle: str, sections: list[dict], footer: str) -> str:
    """The whole document from templates/briefing.html.j2. Every value is escaped by the template;
    a section is a dict with a heading and any of: findings, figures, table, sources, note."""
    return TEMPLATES.get_template("briefing.html.j2").render(
        title=title, subtitle=subtitle, sections=sections, footer=footer, css=CSS
    )
