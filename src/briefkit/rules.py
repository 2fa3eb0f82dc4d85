"""Rules that look at more than one cell: across columns of a row, across tables, against the report texts.

Each rule takes the raw tables (every cell a string, as written) and yields Problems. A cell that
fails its column type was already reported by the schema, so rules skip values they cannot parse.
"""

import datetime as dt
import hashlib
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from briefkit.codebook import Codebook
from briefkit.hedges import interval
from briefkit.problems import Problem

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass
class RawTable:
    """One data file as read: string cells, and the line each row starts on."""

    name: str
    shown: str  # the file as problems name it
    frame: pd.DataFrame
    lines: list[int]

    def rows(self) -> Iterator[tuple[int, pd.Series]]:
        for position, (_, row) in enumerate(self.frame.iterrows()):
            yield self.lines[position], row

    def problem(self, line: int, column: str, value: str, message: str) -> Problem:
        return Problem(self.shown, line, column, value, message)


@dataclass
class Context:
    """What the rules look at: the raw tables, the case settings, the codebook, the data folder."""

    tables: dict[str, RawTable]
    case: dict
    book: Codebook
    data_dir: Path


RULES: list[Callable[[Context], Iterator[Problem]]] = []


def rule(function):
    RULES.append(function)
    return function


def number(value: str) -> float | None:
    try:
        return float(value) if value != "" else None
    except ValueError:
        return None


def date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value != "" else None
    except ValueError:
        return None


@rule
def references_exist(ctx: Context) -> Iterator[Problem]:
    tables = ctx.tables
    for spec in ctx.book.columns:
        if not spec.references:
            continue
        table, column = spec.table, spec.column
        target, target_column = spec.references.split(".")
        known = set(tables[target].frame.get(target_column, pd.Series(dtype=object)))
        for line, row in tables[table].rows():
            if row[column] != "" and row[column] not in known:
                yield tables[table].problem(line, column, row[column], f"unknown {target_column}: not in data/{target}.csv")


@rule
def every_claim_has_a_fact(ctx: Context) -> Iterator[Problem]:
    tables = ctx.tables
    used = set(tables["facts"].frame.get("claim_id", []))
    for line, row in tables["claims"].rows():
        if row["claim_id"] not in used:
            yield tables["claims"].problem(line, "claim_id", row["claim_id"], "no fact in data/facts.csv states this claim")


@rule
def source_texts_match(ctx: Context) -> Iterator[Problem]:
    sources = ctx.tables["sources"]
    for line, row in sources.rows():
        path = ctx.data_dir / row["text_path"]
        if not path.is_file():
            yield sources.problem(line, "text_path", row["text_path"], f"no such file under {ctx.data_dir.name}/")
            continue
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        if row["sha256"] and actual != row["sha256"]:
            yield sources.problem(line, "sha256", row["sha256"], f"does not match the text, whose SHA-256 is {actual}: the report was changed or the wrong file is named")
        if not (row["published_basis"] == "stated" or row["published_basis"].startswith("inferred: ")):
            yield sources.problem(line, "published_basis", row["published_basis"][:40], "must be 'stated' or start with 'inferred: ' and give the reasoning")


def _source_texts(tables: dict[str, RawTable], data_dir: Path) -> dict[str, str]:
    texts = {}
    for _, row in tables["sources"].rows():
        path = data_dir / row["text_path"]
        if path.is_file():
            try:
                texts[row["source_id"]] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                pass  # reported as a sha256 / encoding matter by the text's owner, not per fact
    return texts


@rule
def quotes_are_verbatim(ctx: Context) -> Iterator[Problem]:
    facts, texts = ctx.tables["facts"], _source_texts(ctx.tables, ctx.data_dir)
    for line, row in facts.rows():
        text, quote = texts.get(row["source_id"]), row["quote"]
        start = number(row["quote_start"])
        if text is None or not quote or start is None:
            continue
        start = int(start)
        if text[start : start + len(quote)] == quote:
            continue
        found = text.find(quote)
        if found < 0:
            yield facts.problem(line, "quote", quote[:60], f"not found verbatim in report {row['source_id']} (check quotes, apostrophes and spaces)")
        else:
            yield facts.problem(line, "quote_start", row["quote_start"], f"the quote is not at this offset; it occurs at offset {found}")
    for line, row in facts.rows():
        for column in ("quantity_text", "date_text"):
            if row[column] and row[column] not in row["quote"]:
                yield facts.problem(line, column, row[column], "must occur inside quote")


@rule
def fact_ids_name_their_source(ctx: Context) -> Iterator[Problem]:
    facts = ctx.tables["facts"]
    for line, row in facts.rows():
        if row["source_id"] and not row["fact_id"].startswith(row["source_id"] + "-"):
            yield facts.problem(line, "fact_id", row["fact_id"], f"must start with its source_id and a dash ('{row['source_id']}-')")


def together(table: RawTable, line: int, row: pd.Series, pair: tuple[str, str], needed: tuple[str, ...], why: str) -> Iterator[Problem]:
    """Both columns of pair or neither; and when given, the needed columns too."""
    first, second = pair
    if bool(row[first]) != bool(row[second]):
        missing = second if row[first] else first
        yield table.problem(line, missing, "", f"{first} and {second} go together: give both or neither")
    if row[first] or row[second]:
        for column in needed:
            if not row[column]:
                yield table.problem(line, column, "", why)


def in_order(table: RawTable, line: int, row: pd.Series, low_column: str, best_column: str, high_column: str) -> Iterator[Problem]:
    """low <= best <= high, where each is given (an empty high is open-ended)."""
    low, best, high = (number(row[c]) for c in (low_column, best_column, high_column))
    if low is not None and best is not None and low > best:
        yield table.problem(line, low_column, row[low_column], f"greater than {best_column} {row[best_column]}")
    if best is not None and high is not None and best > high:
        yield table.problem(line, high_column, row[high_column], f"less than {best_column} {row[best_column]}")


@rule
def quantities_follow_hedges(ctx: Context) -> Iterator[Problem]:
    facts = ctx.tables["facts"]
    hedges = {row["hedge"]: row for _, row in ctx.tables["hedges"].rows()}
    value_columns = ("value_stated", "value_low", "value_best", "value_high")
    for line, row in facts.rows():
        if not row["quantity_text"]:
            for column in ("hedge", "unit", *value_columns):
                if row[column]:
                    yield facts.problem(line, column, row[column], "must be empty when quantity_text is empty")
            continue
        for column in ("hedge", "unit"):
            if not row[column]:
                yield facts.problem(line, column, "", "must not be empty when quantity_text is given")
        hedge = hedges.get(row["hedge"])
        if hedge is None:
            continue
        if hedge["hedge"] not in ("none", "unquantified") and hedge["hedge"] not in row["quantity_text"].lower():
            yield facts.problem(line, "hedge", row["hedge"], f"the hedge does not occur in quantity_text {row['quantity_text']!r}")
        stated = number(row["value_stated"])
        if hedge["rule"] == "scale" and stated is None:
            yield facts.problem(line, "value_stated", row["value_stated"], f"hedge {row['hedge']!r} scales a stated number: give the number written in quantity_text")
            continue
        if hedge["rule"] != "scale" and row["value_stated"]:
            yield facts.problem(line, "value_stated", row["value_stated"], f"hedge {row['hedge']!r} is a count word or unquantified: value_stated must be empty")
            continue
        try:
            expected = interval(hedge, stated)
        except (ValueError, TypeError):
            continue  # the hedges.csv row itself is reported by hedge_rows_are_coherent
        for column, want in zip(("value_low", "value_best", "value_high"),
                                (None, None, None) if expected is None else (expected.low, expected.best, expected.high)):
            have = number(row[column])
            if want is None or (isinstance(want, float) and math.isnan(want)):
                want_text, ok = "empty", row[column] == ""
            elif math.isinf(want):
                want_text, ok = "empty (open-ended)", row[column] == ""
            else:
                want_text, ok = f"{want:g}", have is not None and math.isclose(have, want, rel_tol=1e-9, abs_tol=1e-9)
            if not ok:
                yield facts.problem(line, column, row[column],
                                    f"hedge {row['hedge']!r} on {row['quantity_text']!r} gives {want_text} under data/hedges.csv")
        yield from in_order(facts, line, row, "value_low", "value_best", "value_high")


@rule
def hedge_rows_are_coherent(ctx: Context) -> Iterator[Problem]:
    hedges = ctx.tables["hedges"]
    for line, row in hedges.rows():
        if row["rule"] == "unquantified":
            for column in ("low", "best", "high", "conservative"):
                if row[column]:
                    yield hedges.problem(line, column, row[column], "must be empty for rule 'unquantified'")
            continue
        for column in ("low", "best", "conservative"):
            if not row[column]:
                yield hedges.problem(line, column, "", f"must not be empty for rule {row['rule']!r}")
        yield from in_order(hedges, line, row, "low", "best", "high")


@rule
def dates_are_coherent(ctx: Context) -> Iterator[Problem]:
    facts = ctx.tables["facts"]
    published = {row["source_id"]: row["published"] for _, row in ctx.tables["sources"].rows()}
    for line, row in facts.rows():
        start, end = date(row["date_start"]), date(row["date_end"])
        yield from together(facts, line, row, ("date_start", "date_end"), ("date_precision", "date_basis"),
                            "must not be empty when the fact is dated")
        undated = not (row["date_start"] or row["date_end"])
        if undated and (row["date_text"] or row["date_precision"] or row["date_basis"]):
            column = next(c for c in ("date_text", "date_precision", "date_basis") if row[c])
            yield facts.problem(line, column, row[column], "the fact has no date_start/date_end")
        if start and end and start > end:
            yield facts.problem(line, "date_end", row["date_end"], f"before date_start {row['date_start']}")
        if row["date_basis"] == "inferred" and not row["notes"]:
            yield facts.problem(line, "notes", "", "an inferred date needs its reasoning in notes")
        if row["date_basis"] == "report_date":
            if row["date_text"]:
                yield facts.problem(line, "date_text", row["date_text"], "a date with basis 'report_date' has no date_text (the text gives no time)")
            day = published.get(row["source_id"], "")
            if day and (row["date_start"] != day or row["date_end"] != day):
                yield facts.problem(line, "date_start", row["date_start"], f"basis 'report_date' means the report's day, {day} (sources.csv)")
        if start and row["date_precision"] == "day":
            named = [d for d in WEEKDAYS if d in row["date_text"].lower()]
            if named and WEEKDAYS[start.weekday()] != named[0]:
                yield facts.problem(line, "date_start", row["date_start"],
                                    f"date_text says {named[0].title()} but {row['date_start']} is a {WEEKDAYS[start.weekday()].title()}")


@rule
def event_types_nest(ctx: Context) -> Iterator[Problem]:
    parents = ctx.book.parents
    facts = ctx.tables["facts"]
    for line, row in facts.rows():
        sub = row["sub_event_type"]
        if not sub:
            continue
        parent = parents.get(("acled_sub_event_type", sub))
        if not row["event_type"]:
            yield facts.problem(line, "event_type", "", f"sub_event_type {sub!r} needs its event_type ({parent})")
        elif parent and parent != row["event_type"]:
            yield facts.problem(line, "sub_event_type", sub, f"belongs to event_type {parent!r}, not {row['event_type']!r}")


@rule
def speakers_are_coherent(ctx: Context) -> Iterator[Problem]:
    facts = ctx.tables["facts"]
    for line, row in facts.rows():
        if row["speaker_kind"] == "unattributed" and row["attributed_to"]:
            yield facts.problem(line, "attributed_to", row["attributed_to"], "speaker_kind is 'unattributed', so attributed_to must be empty")
        if row["speaker_kind"] not in ("", "unattributed") and not row["attributed_to"]:
            yield facts.problem(line, "attributed_to", "", f"speaker_kind is {row['speaker_kind']!r}: name the speaker")
        if row["direction"] and not row["relative_to"]:
            yield facts.problem(line, "direction", row["direction"], "a direction needs relative_to: the place it is measured from")
        if row["relation"] and not row["subject"]:
            yield facts.problem(line, "subject", "", f"relation {row['relation']!r} needs a subject")


@rule
def places_are_located(ctx: Context) -> Iterator[Problem]:
    places, region = ctx.tables["places"], ctx.case["region"]
    for line, row in places.rows():
        lat, lon = number(row["lat"]), number(row["lon"])
        yield from together(places, line, row, ("lat", "lon"), ("coord_source", "geo_precision"),
                            "coordinates need a reference and a precision")
        if lat is not None and not region["lat_min"] <= lat <= region["lat_max"]:
            yield places.problem(line, "lat", row["lat"], f"outside the region {region['name']} (latitude {region['lat_min']} to {region['lat_max']}, data/case.toml)")
        if lon is not None and not region["lon_min"] <= lon <= region["lon_max"]:
            yield places.problem(line, "lon", row["lon"], f"outside the region {region['name']} (longitude {region['lon_min']} to {region['lon_max']}, data/case.toml)")
        if row["population"] and not row["population_source"]:
            yield places.problem(line, "population_source", "", "a population needs its source")


def check(ctx: Context) -> list[Problem]:
    return [problem for rule_ in RULES for problem in rule_(ctx)]
