"""The data contract: data/codebook.csv (every column of every table), data/vocabularies.csv, data/case.toml.

The loader validates with the pandera schemas built here from the codebook and vocabularies, so the
documentation and the checks are the same data and cannot drift apart. The codebook, the
vocabularies and case.toml are themselves checked first, each problem reported where it is.
"""

import datetime as dt
import math
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd
import pyproj

from briefkit.contract.csvfile import RawTable
from briefkit.contract.problems import Problem, not_utf8


@cache
def pandera():
    """pandera.pandas, imported for the first check rather than with the kit: a notebook loading data
    the build has checked never needs it. Its pandas backends are set up here too: pandera would do it
    on the first validation, importing hypothesis if installed (most of a second), which would then be
    counted against one load.

    pandera imports hypothesis, where installed, only to offer data synthesis, which the kit never asks
    for: it is hidden from this import (a module set to None in sys.modules cannot be imported), which
    saves 0.3 s in every process that checks data, and importable again after it."""
    hidden = "hypothesis" not in sys.modules
    if hidden:
        sys.modules["hypothesis"] = None
    try:
        import pandera.pandas as pa

        pa.DataFrameSchema.register_default_backends(pd.DataFrame)
    finally:
        if hidden:
            del sys.modules["hypothesis"]
    return pa


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
REQUIRED_TABLES = ("sources", "claims", "claim_reviews", "facts", "places", "actors", "hedges")
# The case's editorial choices: a case without one of these files gets the kit's computed defaults.
OPTIONAL_TABLES = ("headlines", "map_symbols", "map_routes", "findings", "updates")
TABLES = REQUIRED_TABLES + OPTIONAL_TABLES
# The contract's own tables have fixed columns: the kit reads them by these names.
CODEBOOK_COLUMNS = ("table", "column", "type", "required", "unique", "vocabulary", "references", "description")
VOCABULARY_COLUMNS = ("vocabulary", "value", "parent", "meaning", "source")
# label: how a value is written where a person reads it ("km²"); a contract without the column still loads
OPTIONAL_VOCABULARY_COLUMNS = ("label",)
YES_NO = ("yes", "no")


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


def contract_problems(codebook: RawTable, vocabularies: RawTable) -> list[Problem]:
    """What is wrong with the codebook and vocabularies themselves (both readable, with their columns)."""
    found = []
    for table, columns, optional in (
        (codebook, CODEBOOK_COLUMNS, ()),
        (vocabularies, VOCABULARY_COLUMNS, OPTIONAL_VOCABULARY_COLUMNS),
    ):
        found += [
            table.problem(1, c, c, "column is not one of the contract's: " + ", ".join(columns + optional))
            for c in table.frame.columns
            if c not in columns + optional
        ]
        found += [
            table.problem(1, c, "", "required column is missing") for c in columns if c not in table.frame.columns
        ]
    if found:
        return found
    book, vocab = codebook.frame, vocabularies.frame
    for column in ("table", "column", "type", "required", "unique", "description"):
        found += codebook.flag(book[column].str.strip().eq(""), column, "must not be empty")
    found += codebook.flag(
        book["table"].ne("") & ~book["table"].isin(TABLES),
        "table",
        "unknown table: the kit's tables are " + ", ".join(TABLES),
    )
    found += codebook.flag(
        book["type"].ne("") & ~book["type"].isin(list(TYPE_PATTERNS)),
        "type",
        "unknown type: allowed are " + ", ".join(TYPE_PATTERNS),
    )
    for column in ("required", "unique"):
        found += codebook.flag(book[column].ne("") & ~book[column].isin(YES_NO), column, "must be 'yes' or 'no'")
    found += codebook.flag(book.duplicated(["table", "column"]), "column", "this table's column is described twice")
    known_vocabularies = set(vocab["vocabulary"])
    found += codebook.flag(
        book["vocabulary"].ne("") & ~book["vocabulary"].isin(known_vocabularies),
        "vocabulary",
        "unknown vocabulary: not in data/vocabularies.csv",
    )
    described = set(book["table"] + "." + book["column"])
    found += codebook.flag(
        book["references"].ne("") & ~book["references"].isin(described),
        "references",
        "must name a described column as table.column",
    )
    for column in ("vocabulary", "value", "meaning", "source"):
        found += vocabularies.flag(vocab[column].str.strip().eq(""), column, "must not be empty")
    found += vocabularies.flag(
        vocab.duplicated(["vocabulary", "value"]), "value", "this value is listed twice in its vocabulary"
    )
    shown = vocab.assign(shown=[shown_as(v, lab) for v, lab in zip(vocab["value"], _labels(vocab))])
    found += vocabularies.flag(
        shown.duplicated(["vocabulary", "shown"]) & ~vocab.duplicated(["vocabulary", "value"]),
        "label" if "label" in vocab.columns else "value",
        lambda rows: [
            f"shown to readers as {shown['shown'].iloc[r]!r}, as another value of its vocabulary is: "
            "give each its own label"
            for r in rows
        ],
    )
    return found


def _labels(vocab: pd.DataFrame) -> pd.Series:
    return vocab["label"] if "label" in vocab.columns else pd.Series("", index=vocab.index)


def shown_as(value: str, label: str = "") -> str:
    """How a vocabulary value is written for a reader: its label, else the id with underscores as spaces."""
    return label.strip() or value.replace("_", " ")


class Codebook:
    """The columns and vocabularies, as far as they are valid (what is not was reported by contract_problems)."""

    def __init__(self, codebook: pd.DataFrame, vocabularies: pd.DataFrame):
        self.vocabularies: dict[str, list[str]] = {
            name: list(group["value"]) for name, group in vocabularies.groupby("vocabulary", sort=False)
        }
        self.parents: dict[tuple[str, str], str] = {
            (r.vocabulary, r.value): r.parent for r in vocabularies.itertuples() if r.parent
        }
        self.labels: dict[tuple[str, str], str] = {
            (vocabulary, value): label.strip()
            for vocabulary, value, label in zip(
                vocabularies["vocabulary"], vocabularies["value"], _labels(vocabularies)
            )
            if label.strip()
        }
        described = set(codebook["table"] + "." + codebook["column"])
        self.columns = [
            ColumnSpec(
                r.table,
                r.column,
                r.type if r.type in TYPE_PATTERNS else "text",
                r.required == "yes",
                r.unique == "yes",
                r.vocabulary if r.vocabulary in self.vocabularies else "",
                r.references if r.references in described else "",
                r.description,
            )
            for r in codebook.drop_duplicates(["table", "column"]).itertuples()
            if r.table in TABLES
        ]

    def label(self, vocabulary: str, value) -> str:
        """How a value (a unit id, say) is written where a person reads it; "" for a missing value."""
        if not isinstance(value, str) or not value:
            return ""
        return shown_as(value, self.labels.get((vocabulary, value), ""))

    def table(self, name: str) -> list[ColumnSpec]:
        return [spec for spec in self.columns if spec.table == name]

    def column_schema(self, spec: ColumnSpec):
        """A pandera schema for one column of strings, as read by csvfile.read_table."""
        pa = pandera()
        return pa.DataFrameSchema(
            {spec.column: pa.Column(checks=self._checks(spec), unique=spec.unique, nullable=False)},
            name=f"{spec.table}.{spec.column}",
        )

    def _checks(self, spec: ColumnSpec) -> list:
        pa = pandera()
        checks = []
        pattern = TYPE_PATTERNS[spec.type]
        if spec.required:
            checks.append(pa.Check(lambda s: s.ne(""), name="must not be empty"))
        if spec.required and not pattern:  # a typed value made of spaces fails its type, with one message
            checks.append(pa.Check(lambda s: s.eq("") | s.str.strip().ne(""), name="must not be blank (only spaces)"))
        if pattern:
            checks.append(
                pa.Check(lambda s, p=pattern: s.eq("") | s.str.fullmatch(p), name=f"must be {TYPE_HINTS[spec.type]}")
            )
        if spec.type == "date":
            checks.append(pa.Check(lambda s: s.map(_is_date_or_not_date_shaped), name="is not a calendar date"))
        if spec.vocabulary:
            allowed = self.vocabularies[spec.vocabulary]
            checks.append(
                pa.Check(
                    lambda s, a=tuple(allowed): s.eq("") | s.isin(a),
                    name=f"not in vocabulary '{spec.vocabulary}' (data/vocabularies.csv): "
                    f"allowed are {', '.join(allowed)}",
                )
            )
        return checks


def _is_date_or_not_date_shaped(value: str) -> bool:
    # Only judges YYYY-MM-DD strings; the pattern check reports anything else once.
    if not re.fullmatch(TYPE_PATTERNS["date"], value):
        return True
    try:
        dt.date.fromisoformat(value)
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- case.toml


def _text(value) -> str | None:
    return None if isinstance(value, str) and value.strip() else "must be a non-empty string"


def _day(value) -> str | None:
    if (
        not isinstance(value, str)
        or not re.fullmatch(TYPE_PATTERNS["date"], value)
        or not _is_date_or_not_date_shaped(value)
    ):
        return 'must be a date as "YYYY-MM-DD"'
    return None


def _degrees(value) -> str | None:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    return None if ok else "must be a number (degrees)"


def _projected_crs(value) -> str | None:
    if not isinstance(value, str):
        return 'must be a string naming a CRS, such as "EPSG:32637"'
    try:
        crs = pyproj.CRS.from_user_input(value)
    except pyproj.exceptions.CRSError:
        return "is not a CRS pyproj knows"
    return None if crs.is_projected else "must be a projected CRS (maps are drawn in metres)"


def _extent(value) -> str | None:
    ok = (
        isinstance(value, list)
        and len(value) == 4
        and all(_degrees(v) is None for v in value)
        and value[0] < value[2]
        and value[1] < value[3]
    )
    return None if ok else "must be [west, south, east, north] in degrees, west < east and south < north"


def _id(value) -> str | None:
    return None if isinstance(value, str) and re.fullmatch(TYPE_PATTERNS["id"], value) else "must be an id (a place_id)"


def _readings(value) -> str | None:
    """{word = {low_km = .., high_km = .., why = ".."}}: how a word of nearness with no number is read."""
    if not isinstance(value, dict):
        return "must be a section of readings: [readings.WORD] with low_km, high_km, why"
    for word, reading in value.items():
        if not isinstance(reading, dict) or set(reading) != {"low_km", "high_km", "why"}:
            return f"reading {word!r} must have exactly low_km, high_km and why"
        if (
            _degrees(reading["low_km"])
            or _degrees(reading["high_km"])
            or not 0 <= reading["low_km"] <= reading["high_km"]
        ):
            return f"reading {word!r}: low_km and high_km must be numbers, 0 <= low_km <= high_km"
        if _text(reading["why"]):
            return f"reading {word!r}: why must say why the word is read so"
    return None


CASE_KEYS = {
    "title": _text,
    "as_of": _day,
    "region": {"name": _text, "lat_min": _degrees, "lat_max": _degrees, "lon_min": _degrees, "lon_max": _degrees},
    "map": {"crs": _projected_crs, "situation_extent": _extent, "front_focus": _id, "front_extent": _extent},
    "readings": _readings,
    "teaching": {"source_id": _id, "paragraph_starts": _text},
}
# Without these the kit computes a default: as_of is the newest report's day; the map CRS the UTM zone
# of the located places' centre; the situation map's extent from the events drawn; the front map's
# focus the place with the most located events, its extent from the events around it. Without
# readings, a word of nearness with no number ("just north") is not checked. Without [teaching], the
# teaching notebook takes the paragraph with the most coded facts.
OPTIONAL_CASE_KEYS = {
    "as_of",
    "map",
    "map.crs",
    "map.situation_extent",
    "map.front_focus",
    "map.front_extent",
    "readings",
    "teaching",
}


def read_case(path: Path, shown: str) -> tuple[dict, list[Problem]]:
    """data/case.toml: the case's title, the region coordinates must lie in, and optionally its as-of day
    and map projection.

    Returns (settings, problems); the settings are only to be used when there are no problems.
    """
    if not path.is_file():
        return {}, [Problem(shown, 0, "", "", "file not found")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return {}, [not_utf8(shown, raw, error, "save the file as UTF-8")]
    try:
        case = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line = int(where.group(1)) if where else 0
        return {}, [Problem(shown, line, "", _line(text, line)[:60], f"not valid TOML: {error}")]
    problems = _case_problems(case, CASE_KEYS, "", text, shown)
    if not problems:
        region = case["region"]
        for axis, low, high in (("lat", -90, 90), ("lon", -180, 180)):
            lo, hi = region[f"{axis}_min"], region[f"{axis}_max"]
            if not low <= lo < hi <= high:
                line = key_line(text, "region", f"{axis}_max")
                problems.append(
                    Problem(
                        shown,
                        line,
                        f"region.{axis}_min",
                        f"{lo} to {hi}",
                        f"must satisfy {low} <= {axis}_min < {axis}_max <= {high}",
                    )
                )
    return case, problems


def _case_problems(settings: dict, keys: dict, section: str, text: str, shown: str) -> list[Problem]:
    found = []
    for key, check in keys.items():
        name = f"{section}.{key}" if section else key
        if key not in settings:
            if name in OPTIONAL_CASE_KEYS:
                continue
            what = "section [" + key + "]" if isinstance(check, dict) else "key"
            line = key_line(text, "", section) if section else 0
            found.append(Problem(shown, line, name, "", f"required {what} is missing"))
        elif isinstance(check, dict):
            if not isinstance(settings[key], dict):
                found.append(
                    Problem(shown, key_line(text, "", key), name, str(settings[key])[:60], f"must be a section [{key}]")
                )
            else:
                found += _case_problems(settings[key], check, key, text, shown)
        elif (message := check(settings[key])) is not None:
            found.append(Problem(shown, key_line(text, section, key), name, str(settings[key])[:60], message))
    for key in settings.keys() - keys.keys():
        name = f"{section}.{key}" if section else key
        found.append(
            Problem(
                shown,
                key_line(text, section, key),
                name,
                str(settings[key])[:60],
                "unknown key: the kit reads " + ", ".join(f"{section}.{k}" if section else k for k in keys),
            )
        )
    return found


def key_line(text: str, section: str, key: str) -> int:
    """The line where key is set (in [section], or before any section); 0 when it cannot be found."""
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1)
            if not section and current == key:
                return number
        elif current == section and re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line):
            return number
    return 0


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""
