"""Checking a student's answer in a teaching notebook, with a hint instead of the answer."""

import math

import pandas as pd

from briefkit.contract.hedges import interval_for

HEDGE_COLUMNS = ["phrase", "hedge", "low", "best", "high", "ACLED-style conservative", "unit"]


def check(answer, expected, hint: str) -> str:
    """'Not answered yet', 'Right' or 'Not quite', never the expected value itself."""
    if answer is None:
        return f"Not answered yet. Hint: {hint}"
    if isinstance(expected, float) or isinstance(answer, float):
        try:
            right = math.isclose(float(answer), float(expected), rel_tol=1e-6)
        except (TypeError, ValueError):
            right = False
    else:
        right = str(answer).strip().casefold() == str(expected).strip().casefold()
    return "Right." if right else f"Not quite. Hint: {hint}"


def paragraph_bounds(text: str, starts: str) -> tuple[int, int]:
    """(start, end) of the paragraph (line) that begins with these words."""
    start = text.index(starts)
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def busiest_paragraph(tables) -> tuple[str, int, int]:
    """(source_id, start, end) of the paragraph holding the most fact rows: the default teaching paragraph."""
    best = None
    for source_id, text in sorted(tables.texts.items()):
        starts = tables.facts.loc[tables.facts["source_id"] == source_id, "quote_start"]
        offset = 0
        for line in text.split("\n"):
            count = int(starts.between(offset, offset + len(line)).sum())
            if best is None or count > best[0]:
                best = (count, source_id, offset, offset + len(line))
            offset += len(line) + 1
    return best[1:] if best else (None, 0, 0)


def teaching_paragraph(tables) -> tuple[str, int, int]:
    """case.toml's [teaching] paragraph, else the busiest one: (source_id, start, end)."""
    chosen = tables.case.get("teaching")
    if chosen:
        return (chosen["source_id"], *paragraph_bounds(tables.texts[chosen["source_id"]], chosen["paragraph_starts"]))
    return busiest_paragraph(tables)


def hedge_readings(facts: pd.DataFrame, hedges: pd.DataFrame) -> pd.DataFrame:
    """Each hedged phrase with the interval its hedge gives under hedges.csv and ACLED's conservative
    single value. An amount named without a number ("a small number") gets no interval: its numbers stay
    empty."""
    rows = []
    for row in facts.itertuples():
        found = interval_for(hedges, row.hedge, row.value_stated, getattr(row, "value_stated_high", None))
        numbers = (found.low, found.best, found.high, found.conservative) if found else [None] * 4
        rows.append((row.quantity_text, row.hedge, *numbers, row.unit))
    return pd.DataFrame(rows, columns=HEDGE_COLUMNS)


def first_quantified(facts: pd.DataFrame, hedges: pd.DataFrame):
    """The first of these hedged facts that its hedge gives numbers for (the worked example), or None."""
    return next(
        (
            row
            for row in facts.itertuples()
            if interval_for(hedges, row.hedge, row.value_stated, getattr(row, "value_stated_high", None))
        ),
        None,
    )
