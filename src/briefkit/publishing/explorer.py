"""The explorer: one offline page with every report's text, each coded quote marked where it stands.

A highlight, a table row, a map symbol or a timeline mark selects its facts: the page shows their rows
(every column), their claim with its verdict, and the other reports' words for the same claim side by
side. Filters (report, report day, category, kind of speaker, verdict, place) keep their state in the
URL fragment, so `explorer.html#fact=FACT_ID` or a filtered view can be cited.

Offsets come from the data and are never guessed: a quote that no longer matches its report's text at
its `quote_start` is listed as an orphan with what the text holds there, not re-anchored. Overlapping
quotes split the text into segments, each naming every fact that covers it.

The page is a Jinja2 template with autoescaping; the data goes in as JSON in a
`<script type="application/json">` (every `<`, `>` and `&` escaped), read by one inline script that
the Content-Security-Policy allows by its hash and that writes text only through `textContent`.
"""

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from briefkit.analysis.compare import VERDICT_LABELS
from briefkit.analysis.corroboration import GRADE_LABELS
from briefkit.contract.tables import Tables, speaker_names
from briefkit.drawing.house import SPEAKER_COLOURS, SPEAKER_LABELS, as_of_day
from briefkit.publishing.briefing import TEMPLATES
from briefkit.publishing.findings import counted

# The maps whose symbols link to their facts (drawing.symbols gives each symbol the id "symbol-FACT_ID")
MAPS = {"situation-map": "Situation map", "front-map": "Around the focus place"}


@dataclass(frozen=True)
class Orphan:
    """A quote that is not at its offset in its report: what the text holds there, and where else the
    quote occurs (a hint for the coder; the page does not move it)."""

    fact_id: str
    source_id: str
    quote: str
    quote_start: int | None
    found_there: str
    found_elsewhere: tuple[int, ...]


def anchored(text: str, quote: str, start) -> bool:
    """Whether quote stands in text at start (an offset the data gives, not one searched for)."""
    if pd.isna(start) or not quote:
        return False
    start = int(start)
    return 0 <= start and text[start : start + len(quote)] == quote


def occurrences(text: str, quote: str) -> tuple[int, ...]:
    found, at = [], text.find(quote) if quote else -1
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1)
    return tuple(found)


def anchor(facts: pd.DataFrame, texts: dict[str, str]) -> tuple[dict[str, list[tuple[int, int, str]]], list[Orphan]]:
    """Each report's spans (start, end, fact_id) of the quotes found at their offsets, and the orphans."""
    spans: dict[str, list[tuple[int, int, str]]] = {source_id: [] for source_id in texts}
    orphans = []
    for fact in facts.itertuples():
        text = texts.get(fact.source_id, "")
        if anchored(text, fact.quote, fact.quote_start):
            start = int(fact.quote_start)
            spans[fact.source_id].append((start, start + len(fact.quote), fact.fact_id))
            continue
        start = None if pd.isna(fact.quote_start) else int(fact.quote_start)
        there = "" if start is None else text[max(start, 0) : max(start, 0) + len(fact.quote)]
        orphans.append(Orphan(fact.fact_id, fact.source_id, fact.quote, start, there, occurrences(text, fact.quote)))
    return spans, orphans


def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, list[str]]]:
    """The text cut wherever a quote starts or ends: (piece, the facts covering it in order of start),
    the pieces joined giving the text back. Where quotes overlap, a piece names each of them."""
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    ordered = sorted(spans)
    pieces = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [fact_id for s, e, fact_id in ordered if s <= start and end <= e]
        pieces.append((text[start:end], covering))
    return pieces


def cell(value) -> str:
    """A table value as the page shows it: empty for missing, days as YYYY-MM-DD, whole numbers without .0."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fact_records(tables: Tables, verdicts: dict[str, str], grades: dict[str, str]) -> list[dict]:
    """Every fact with every column of facts.csv, plus the names the page shows and filters by."""
    facts = tables.facts
    places = dict(zip(tables.places["place_id"], tables.places["name"]))
    days = dict(zip(tables.sources["source_id"], tables.sources["published"].map(cell)))
    speakers = speaker_names(tables, facts["attributed_to"]).tolist() if len(facts) else []
    records = []
    for row, speaker in zip(facts.to_dict("records"), speakers):
        columns = {column: cell(row[column]) for column in facts.columns}
        records.append(
            {
                "columns": columns,
                "speaker": speaker,
                "place": places.get(columns["place_id"], columns["place_id"]),
                "day": days.get(columns["source_id"], ""),
                "verdict": verdicts.get(columns["claim_id"], ""),
                "grade": grades.get(columns["claim_id"], ""),
            }
        )
    return records


def claim_records(tables: Tables, comparison: pd.DataFrame) -> dict[str, dict]:
    topics = dict(zip(tables.claims["claim_id"], tables.claims["topic"]))
    claims = {claim_id: {"topic": cell(topic)} for claim_id, topic in topics.items()}
    for row in comparison.itertuples():
        claims.setdefault(row.claim_id, {"topic": cell(row.topic)})
        claims[row.claim_id] |= {
            "verdict": VERDICT_LABELS.get(row.verdict, cell(row.verdict)),
            "explanation": cell(row.explanation),
            "verdict_by": cell(row.verdict_by),
            "updated_by": cell(getattr(row, "updated_by", "")),
            "updates": cell(getattr(row, "updates", "")),
            "grade": GRADE_LABELS.get(getattr(row, "grade", ""), cell(getattr(row, "grade", ""))),
            "grade_explanation": cell(getattr(row, "grade_explanation", "")),
            "grade_by": cell(getattr(row, "grade_by", "")),
        }
    return claims


def report_records(tables: Tables, spans: dict, orphans: list[Orphan]) -> list[dict]:
    records = []
    for row in tables.sources.sort_values("source_id").itertuples():
        text = tables.texts.get(row.source_id, "")
        records.append(
            {
                "source_id": row.source_id,
                "title": cell(row.title),
                "outlet": cell(row.outlet),
                "day": cell(row.published),
                "day_basis": cell(row.published_basis),
                "segments": segments(text, spans.get(row.source_id, [])),
                "orphans": [
                    {
                        "fact_id": o.fact_id,
                        "quote": o.quote,
                        "quote_start": "" if o.quote_start is None else o.quote_start,
                        "found_there": o.found_there,
                        "found_elsewhere": list(o.found_elsewhere),
                    }
                    for o in orphans
                    if o.source_id == row.source_id
                ],
            }
        )
    return records


SVG_REFERENCES = re.compile(r'(\sid="|url\(#|href="#)')


def inline_svg(path: Path, prefix: str) -> str:
    """A saved figure's SVG for inlining in the page: from its <svg> element on, every id (and every
    reference to one) prefixed, so that two figures' ids cannot collide."""
    if not path.exists():
        return ""
    svg = path.read_text(encoding="utf-8")
    svg = svg[svg.index("<svg") :]
    return SVG_REFERENCES.sub(lambda m: f"{m.group(1)}{prefix}", svg)


def page_data(tables: Tables, comparison: pd.DataFrame) -> dict:
    verdicts = {row.claim_id: VERDICT_LABELS.get(row.verdict, row.verdict) for row in comparison.itertuples()}
    grades = {  # a comparison of a kit before grades has none
        row.claim_id: GRADE_LABELS.get(row.grade, row.grade)
        for row in comparison.itertuples()
        if getattr(row, "grade", "")
    }
    spans, orphans = anchor(tables.facts, tables.texts)
    return {
        "facts": fact_records(tables, verdicts, grades),
        "claims": claim_records(tables, comparison),
        "reports": report_records(tables, spans, orphans),
        "colours": SPEAKER_COLOURS,
        "speaker_labels": SPEAKER_LABELS,
    }


def script_json(data: dict) -> str:
    """JSON safe inside a <script> element: no "<", ">" or "&" left to end it or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def template_text(name: str) -> str:
    return resources.files("briefkit.publishing").joinpath("templates", name).read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The digest by which the CSP allows exactly this inline script ('sha256-...' in the template)."""
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def explorer_page(tables: Tables, comparison: pd.DataFrame, figures: Path) -> str:
    """The whole page for the case's tables, the comparison (data/derived/comparison.csv) and the maps
    saved in figures."""
    script = template_text("explorer.js")
    if "</script" in script.lower():
        raise ValueError("templates/explorer.js may not contain '</script'")
    maps = [
        {"name": name, "caption": caption, "svg": inline_svg(figures / f"{name}.svg", f"{name}-")}
        for name, caption in MAPS.items()
    ]
    return TEMPLATES.get_template("explorer.html.j2").render(
        title=tables.case["title"],
        subtitle=f"Explore the facts of {counted(len(tables.sources), 'news report')}, as of "
        f"{as_of_day(tables.as_of)}: every coded quote inside its report.",
        data=script_json(page_data(tables, comparison)),
        maps=[m for m in maps if m["svg"]],
        css=template_text("explorer.css"),
        script=script,
        script_hash=script_hash(script),
    )


def inline_frame(page: str, height_px: int = 760) -> str:
    """The page inside a sandboxed iframe, as a notebook shows it: scripts run, but apart from the notebook
    (no access to its origin). The page goes in whole as srcdoc, in single quotes, so only ' and & need escaping."""
    srcdoc = page.replace("&", "&amp;").replace("'", "&#39;")
    return (
        f"<iframe srcdoc='{srcdoc}' sandbox='allow-scripts' title='explorer' "
        f"style='width: 100%; height: {height_px}px; border: 1px solid #ccc'></iframe>"
    )
