"""A self-contained HTML briefing: images embedded, no scripts, no external requests, prints to A4.

The page is a Jinja2 template with autoescaping: every piece of text that comes from the data (and so
from the reports) is escaped there; the page has no other way in for text.
"""

import base64
from pathlib import Path

import jinja2
import pandas as pd

from briefkit.contract.tables import Tables, speaker_names
from briefkit.drawing.house import SPEAKER_LABELS

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
"""


def image_data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def figure(png: Path, caption: str) -> dict:
    """A figure for the template: the image embedded, its caption also its alt text."""
    return {"src": image_data_uri(png), "caption": caption}


def table(frame: pd.DataFrame, headers: dict[str, str], quote_columns: tuple[str, ...] = ()) -> dict:
    """A table for the template: the columns to show under these headings, quotes set in italics."""
    rows = [
        [
            {"text": "" if pd.isna(v) else str(v), "quote": c in quote_columns and not pd.isna(v) and str(v) != ""}
            for c, v in zip(headers, values)
        ]
        for values in frame[list(headers)].itertuples(index=False)
    ]
    return {"headers": list(headers.values()), "rows": rows}


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def quantity_phrase(tables: Tables, fact_id: str) -> str:
    """“nearly 5,000 people” (4,500–5,000 people; the governor; report f002): the words, the interval, who says so."""
    fact = tables.facts.set_index("fact_id").loc[fact_id]
    speaker = speaker_names(tables, pd.Series([fact["attributed_to"]])).iloc[0]
    kind = SPEAKER_LABELS[fact["speaker_kind"]]
    who = speaker if kind.casefold() in speaker.casefold() else f"{speaker}, {kind}"
    unit = fact["unit"]
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
