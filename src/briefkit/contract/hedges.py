"""Hedged quantities as intervals, by the convention written in data/hedges.csv.

A hedge row has a rule: "scale" multiplies the number the report states ("nearly 50,000" -> 0.9, 0.95
and 1.0 times 50,000); "count" gives the values of a count word itself ("dozens" -> 24, 36, 99);
"range" takes a stated range's two numbers ("3,000 to 4,000": value_stated and value_stated_high) as
low and high, best their midpoint, conservative the low end; "unquantified" gives no interval. An empty
high means open-ended ("at least one").
"""

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Interval:
    low: float
    best: float
    high: float  # math.inf when open-ended
    conservative: float

    @property
    def open_ended(self) -> bool:
        return math.isinf(self.high)


def interval(
    hedge: pd.Series | dict, value_stated: float | None, value_stated_high: float | None = None
) -> Interval | None:
    """The interval a hedges.csv row gives for a stated number (None for count words; for a stated range,
    its lower number and value_stated_high its upper), or None if unquantified."""
    rule = hedge["rule"]
    if rule == "unquantified":
        return None
    if rule == "range":
        if value_stated is None or value_stated_high is None:
            raise ValueError(f"hedge {hedge['hedge']!r} is a stated range: give both of its numbers")
        return Interval(value_stated, (value_stated + value_stated_high) / 2, value_stated_high, value_stated)

    def part(name: str, missing: float) -> float:
        raw = hedge[name]
        if raw is None or raw == "" or (isinstance(raw, float) and math.isnan(raw)):
            return missing
        factor = float(raw)
        return factor * value_stated if rule == "scale" else factor

    if rule == "scale" and value_stated is None:
        raise ValueError(f"hedge {hedge['hedge']!r} scales a stated number, and none was given")
    if rule == "count" and value_stated is not None:
        raise ValueError(f"hedge {hedge['hedge']!r} is a count word and takes no stated number")
    return Interval(
        part("low", math.nan), part("best", math.nan), part("high", math.inf), part("conservative", math.nan)
    )


def interval_for(
    hedges: pd.DataFrame, hedge: str, value_stated: float | None, value_stated_high: float | None = None
) -> Interval | None:
    """interval() for the row of the hedges table (as loaded) named hedge."""
    row = hedges.loc[hedges["hedge"] == hedge].iloc[0]
    return interval(row.to_dict(), _number(value_stated), _number(value_stated_high))


def _number(value) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def intervals(facts: pd.DataFrame, hedges: pd.DataFrame) -> pd.DataFrame:
    """low, best, high, conservative and open_ended for every fact with a quantity, recomputed from hedges."""
    rows = {}
    for fact_id, fact in facts.dropna(subset=["hedge"]).set_index("fact_id").iterrows():
        found = interval_for(hedges, fact["hedge"], fact["value_stated"], fact.get("value_stated_high"))
        if found is not None:
            rows[fact_id] = {
                "low": found.low,
                "best": found.best,
                "high": found.high,
                "conservative": found.conservative,
                "open_ended": found.open_ended,
            }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("fact_id")
