"""The data contract: data/codebook.csv (every column of every table) and data/vocabularies.csv.

The loader validates with the pandera schemas built here from those two files, so the documentation
and the checks are the same data and cannot drift apart.
"""

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

# Patterns for the codebook's types; empty cells are checked by `required`, not here.
TYPE_PATTERNS = {
    "text": None,
    "id": r"[a-z0-9][a-z0-9_\-]*",
    "integer": r"-?[0-9]+",
    "number": r"-?[0-9]+(\.[0-9]+)?",
    "date": r"[0-9]{4}-[0-9]{2}-[0-9]{2}",
    "sha256": r"[0-9a-f]{64}",
}
TYPE_HINTS = {
    "id": "an id: lower-case letters, digits, '_' or '-'",
    "integer": "a whole number",
    "number": "a number with '.' as decimal point",
    "date": "a date as YYYY-MM-DD",
    "sha256": "64 lower-case hex digits",
}
TABLES = ("sources", "claims", "claim_reviews", "facts", "places", "actors", "hedges")


@dataclass(frozen=True)
class ColumnSpec:
    table: str
    column: str
    type: str
    required: bool
    unique: bool
    vocabulary: str
    references: str  # "table.column" or ""
    description: str


class Codebook:
    def __init__(self, codebook: pd.DataFrame, vocabularies: pd.DataFrame):
        self.columns = [
            ColumnSpec(r.table, r.column, r.type, r.required == "yes", r.unique == "yes", r.vocabulary, r.references, r.description)
            for r in codebook.itertuples()
        ]
        self.vocabularies: dict[str, list[str]] = {
            name: list(group["value"]) for name, group in vocabularies.groupby("vocabulary", sort=False)
        }
        self.parents: dict[tuple[str, str], str] = {
            (r.vocabulary, r.value): r.parent for r in vocabularies.itertuples() if r.parent
        }

    def table(self, name: str) -> list[ColumnSpec]:
        return [spec for spec in self.columns if spec.table == name]

    def schema(self, name: str) -> pa.DataFrameSchema:
        """A pandera schema over a table of strings, as read by csvfile.read_csv_strict."""
        return pa.DataFrameSchema(
            {spec.column: pa.Column(checks=self._checks(spec), unique=spec.unique, nullable=False) for spec in self.table(name)},
            strict=True,
            name=name,
        )

    def _checks(self, spec: ColumnSpec) -> list[pa.Check]:
        checks = []
        if spec.required:
            checks.append(pa.Check(lambda s: s.ne(""), name="must not be empty"))
        pattern = TYPE_PATTERNS[spec.type]
        if pattern:
            checks.append(pa.Check(lambda s, p=pattern: s.eq("") | s.str.fullmatch(p), name=f"must be {TYPE_HINTS[spec.type]}"))
        if spec.type == "date":
            checks.append(pa.Check(lambda s: s.map(_is_date_or_not_date_shaped), name="is not a calendar date"))
        if spec.vocabulary:
            allowed = self.vocabularies[spec.vocabulary]
            checks.append(pa.Check(lambda s, a=tuple(allowed): s.eq("") | s.isin(a),
                                   name=f"not in vocabulary '{spec.vocabulary}' (data/vocabularies.csv): allowed are {', '.join(allowed)}"))
        return checks


def _is_date_or_not_date_shaped(value: str) -> bool:
    # Only judges YYYY-MM-DD strings; the pattern check reports anything else once.
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return True
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def read_case(path: Path) -> dict:
    """data/case.toml: the case's title, its as-of day, the region coordinates must lie in, the map projection."""
    return tomllib.loads(path.read_text(encoding="utf-8"))
