"""How a rule is written: the context every rule reads, the decorator that registers it with the tables
and columns it needs, and the helpers that work on whole columns (numbers, dates, messages per row).

The rules themselves are in briefkit.contract.rules.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from briefkit.contract.codebook import TYPE_PATTERNS, Codebook
from briefkit.contract.csvfile import RawTable
from briefkit.contract.problems import Problem

FACTORS = ("low", "best", "high")


@dataclass
class Context:
    """What the rules look at: the raw tables, the case settings, the codebook, the data folder."""

    tables: dict[str, RawTable]
    case: dict | None  # None when case.toml could not be read
    book: Codebook | None  # None when the codebook could not be read
    data_dir: Path
    case_file: str
    codebook_file: str
    skipped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def usable(self, name: str, columns=()) -> bool:
        table = self.tables[name]
        return table.readable and all(c in table.frame.columns for c in columns)


@dataclass
class Rule:
    check: Callable[[Context], list[Problem]]
    what: str
    needs: dict[str, tuple[str, ...]]
    whole: tuple[str, ...]  # tables whose every row must have been read (a missing row would be a false alarm)
    case: bool
    book: bool


RULES: list[Rule] = []


def rule(what: str, whole: tuple[str, ...] = (), case: bool = False, book: bool = False, **needs: tuple[str, ...]):
    def register(function):
        RULES.append(Rule(function, what, needs, whole, case, book))
        return function

    return register


NUMBER = re.compile(TYPE_PATTERNS["number"])
DATE = re.compile(TYPE_PATTERNS["date"])


def as_numbers(values: np.ndarray) -> np.ndarray:
    """Floats where a value is a number as the codebook writes one, NaN elsewhere (e.g. '1e3', already reported)."""
    return np.array([float(v) if isinstance(v, str) and NUMBER.fullmatch(v) else np.nan for v in values], dtype=float)


def as_dates(values: np.ndarray) -> np.ndarray:
    """Days where a value is a real YYYY-MM-DD date, NaT elsewhere."""
    shaped = [v if isinstance(v, str) and DATE.fullmatch(v) else None for v in values]
    return pd.to_datetime(pd.Series(shaped, dtype=object), format="%Y-%m-%d", errors="coerce").to_numpy()


def numbers(values: pd.Series) -> pd.Series:
    """as_numbers for a Series that is not a table's own column (those use RawTable.each, computed once)."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    return pd.Series(as_numbers(distinct)[codes], index=values.index)


def dates(values: pd.Series) -> pd.Series:
    """as_dates for a Series that is not a table's own column."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    return pd.Series(as_dates(distinct)[codes], index=values.index)


def given(values: pd.Series) -> pd.Series:
    """True where a derived value is not empty (a table's own columns: RawTable.given, computed once)."""
    return values.ne("")


def say(template: str, *cells: pd.Series):
    """A message for each flagged row: template filled in with these columns' values in that row."""
    return lambda rows: [
        template.format(*values) for values in zip(*(np.asarray(c, dtype=object)[rows] for c in cells))
    ]


def together(table: RawTable, pair: tuple[str, str], needed: tuple[str, ...], why: str) -> list[Problem]:
    """Both columns of pair or neither; and when given, the needed columns too."""
    first, second = pair
    has_first, has_second = table.given(first), table.given(second)
    found = table.flag(has_first & ~has_second, second, f"{first} and {second} go together: give both or neither")
    found += table.flag(has_second & ~has_first, first, f"{first} and {second} go together: give both or neither")
    for column in needed:
        found += table.flag((has_first | has_second) & ~table.given(column), column, why)
    return found


def in_order(table: RawTable, low_column: str, best_column: str, high_column: str, rows=True) -> list[Problem]:
    """low <= best <= high, where each is given (an empty high is open-ended)."""
    frame = table.frame
    low, best, high = (table.each(c, as_numbers) for c in (low_column, best_column, high_column))
    found = table.flag((low > best) & rows, low_column, say(f"greater than {best_column} {{}}", frame[best_column]))
    found += table.flag((best > high) & rows, high_column, say(f"less than {best_column} {{}}", frame[best_column]))
    return found
