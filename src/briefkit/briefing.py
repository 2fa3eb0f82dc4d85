"""A self-contained HTML briefing: images embedded, no scripts, no external requests, prints to A4.

Every piece of text that comes from the data (and so from the reports) is escaped here; the page
has no other way in for text.
"""

import base64
import html
from pathlib import Path

import pandas as pd

from briefkit.figures import SPEAKER_LABELS
from briefkit.load import Tables, speaker_names

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


def esc(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value), quote=True)


def image_data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def figure_block(png: Path, alt: str, caption: str) -> str:
    return f'<figure><img src="{image_data_uri(png)}" alt="{esc(alt)}"><figcaption>{esc(caption)}</figcaption></figure>'


def table_block(frame: pd.DataFrame, headers: dict[str, str], quote_columns: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th>{esc(label)}</th>" for label in headers.values())
    body = []
    for row in frame.itertuples(index=False):
        cells = []
        for column in headers:
            value = getattr(row, column)
            css = ' class="quote"' if column in quote_columns and esc(value) else ""
            cells.append(f"<td{css}>{esc(value)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def quantity_phrase(tables: Tables, fact_id: str) -> str:
    """“nearly 50,000 people” (45,000–50,000 people; the UN; report r000): the words, the interval, who says so."""
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


def sources_block(tables: Tables) -> str:
    """Each report as a block of labelled lines (a table would squeeze the long reasoning and the checksum)."""
    blocks = []
    for row in tables.sources.itertuples():
        lines = [("title", row.title), ("outlet", row.outlet), ("author", row.author), ("contributors", row.contributors),
                 ("date", f"{row.published:%Y-%m-%d}"), ("how the date is known", row.published_basis), ("file", row.text_path)]
        items = "".join(f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>" for label, value in lines)
        items += f'<dt>SHA-256</dt><dd class="hash">{esc(row.sha256)}</dd>'
        blocks.append(f'<div class="source"><h3>report {esc(row.source_id)}</h3><dl>{items}</dl></div>')
    return "".join(blocks)


def page(title: str, subtitle: str, sections: list[tuple[str, str]], footer: str) -> str:
    """The whole document. Section bodies are HTML built by the functions above (text already escaped)."""
    body = "".join(f"<section><h2>{esc(heading)}</h2>{content}</section>" for heading, content in sections)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{esc(title)}</title><style>{CSS}</style></head>"
        f"<body><header><h1>{esc(title)}</h1><p class=\"subtitle\">{esc(subtitle)}</p></header>{body}"
        f"<footer><p class=\"note\">{esc(footer)}</p></footer></body></html>\n"
    )
