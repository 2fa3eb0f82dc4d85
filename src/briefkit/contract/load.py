"""Load the data package: one call returns every table validated and typed, or raises one DataError.

    from briefkit import load_tables
    t = load_tables()           # the current case (briefkit.case.paths.current_case), or load_tables(Case(folder))
    t.facts, t.places (a GeoDataFrame), t.sources, t.claims, t.claim_reviews, t.actors, t.hedges, t.texts

Checks: every file is read as far as it can be (a broken line is reported where it starts, and the
lines after it are still read); the codebook, vocabularies and case.toml are checked themselves; each
column matches data/codebook.csv (type, required, unique, vocabulary); then the rules in
briefkit.contract.rules (references, verbatim quotes, hedges, dates, coordinates). All problems are collected
and raised together, with the checks that could not run and the file they wait for; nothing is
dropped or repaired. The notebooks of a build load data the build has just checked: they read and
type it without checking it again, unless a file of it has changed since (data_digest).
"""

import csv
import hashlib
import os
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from briefkit.case.paths import AS_OF_VARIABLE, CHECKED_VARIABLE, KIT, Case, current_case
from briefkit.contract.codebook import OPTIONAL_TABLES, TABLES, Codebook, contract_problems, pandera, read_case
from briefkit.contract.csvfile import RawTable, read_table
from briefkit.contract.datapackage import NAME as DATAPACKAGE
from briefkit.contract.problems import DataError, Problem
from briefkit.contract.rulebook import Context
from briefkit.contract.rules import check
from briefkit.contract.tables import Tables, tables_up_to


def load_tables(where: Case | Path | None = None) -> Tables:
    """The tables of a case (a Case, or its data folder); the current case by default."""
    folder = where if isinstance(where, Case) else current_case() if where is None else Case(Path(where).parent)
    data_dir = folder.data if isinstance(where, Case) or where is None else Path(where)

    def shown(file: str) -> str:
        return f"{data_dir.name}/{file}"  # "data/facts.csv" for the project's data and for copies of it

    contract = {
        name: read_table(data_dir / f"{name}.csv", name, shown(f"{name}.csv")) for name in ("codebook", "vocabularies")
    }
    problems = [p for table in contract.values() for p in table.problems]
    book = None
    if all(table.readable for table in contract.values()):
        contract_found = contract_problems(contract["codebook"], contract["vocabularies"])
        problems += contract_found
        if all(table.complete for table in contract.values()) and not any(p.line == 1 for p in contract_found):
            book = Codebook(contract["codebook"].frame, contract["vocabularies"].frame)
    case, case_problems = read_case(data_dir / "case.toml", shown("case.toml"))
    problems += case_problems

    raw = {name: _read_or_empty(data_dir / f"{name}.csv", name, shown(f"{name}.csv"), book) for name in TABLES}
    ctx = Context(raw, None if case_problems else case, book, data_dir, shown("case.toml"), shown("codebook.csv"))
    # by the build that started this kernel (the digest is taken only then: a large case costs a read of its files)
    checked = CHECKED_VARIABLE in os.environ and os.environ[CHECKED_VARIABLE] == data_digest(data_dir)
    for table in raw.values():
        problems += table.problems
        if not table.readable:
            continue
        if book is None:
            ctx.skipped[ctx.codebook_file].append(f"the columns of {table.shown}")
        elif (data_dir / f"{table.name}.csv").exists() and not checked:  # an absent optional table has nothing to check
            problems += _schema_problems(book, table)
    if not checked:
        problems += check(ctx)
    if problems:
        raise DataError(problems)
    tables = _typed(raw, book, case, data_dir, folder)
    if os.environ.get(AS_OF_VARIABLE):  # a dated briefing: the case as it stood that day
        tables = tables_up_to(tables, pd.Timestamp(os.environ[AS_OF_VARIABLE]))
    return tables


# What the kit writes into a case's data/: not data the checks read
KIT_OUTPUTS = ("derived", "drafts", DATAPACKAGE)


def data_digest(data_dir: Path) -> str:
    """One digest of everything the checks read: every file under the data folder but the kit's own
    outputs there (derived/, drafts/, the Data Package descriptor), by path and content."""
    digest = hashlib.sha256()
    for path in sorted(
        p for p in data_dir.rglob("*") if p.is_file() and p.relative_to(data_dir).parts[0] not in KIT_OUTPUTS
    ):
        digest.update(
            path.relative_to(data_dir).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest()
        )
    return digest.hexdigest()


def _read_or_empty(path: Path, name: str, shown: str, book: Codebook | None) -> RawTable:
    """The table; an optional table the case does not have is read as empty, with the codebook's columns
    (the kit's, for a table newer than the case's codebook)."""
    if name in OPTIONAL_TABLES and not path.exists():
        columns = ([spec.column for spec in book.table(name)] or _kit_columns(name)) if book else []
        return RawTable(name, shown, pd.DataFrame(columns=columns, dtype=object), np.array([], dtype=int))
    return read_table(path, name, shown)


def _kit_columns(table: str) -> list[str]:
    with open(KIT / "data" / "codebook.csv", encoding="utf-8", newline="") as f:
        return [row["column"] for row in csv.DictReader(f) if row["table"] == table]


def _schema_problems(book: Codebook, table: RawTable) -> list[Problem]:
    """Each column against its codebook entry. A column whose values may repeat is checked once per
    distinct value (most repeat a few values), and each failing value is reported on every row holding it."""
    specs = {spec.column: spec for spec in book.table(table.name)}
    found = [
        table.problem(1, c, "", "required column is missing (data/codebook.csv)") for c in specs if c not in table.frame
    ]
    found += [table.problem(1, c, c, "column is not in data/codebook.csv") for c in table.frame if c not in specs]
    for column, spec in specs.items():
        if column not in table.frame:
            continue
        values = table.frame[column]
        checked = values if spec.unique else pd.Series(table.distinct(column)[1], dtype=object, name=column)
        try:
            book.column_schema(spec).validate(checked.to_frame(), lazy=True)
        except pandera().errors.SchemaErrors as errors:
            for check_name, cases in errors.failure_cases.groupby("check", sort=False):
                message = "duplicate value: must be unique" if check_name == "field_uniqueness" else str(check_name)
                if spec.unique:
                    rows = np.zeros(len(values), dtype=bool)
                    rows[cases["index"].astype(int).to_numpy()] = True
                else:
                    failed = set(cases["failure_case"])
                    rows = table.each(column, lambda distinct: [value in failed for value in distinct])
                found += table.flag(rows, column, message)
    return found


def _typed(raw: dict[str, RawTable], book: Codebook, case: dict, data_dir: Path, folder: Case) -> Tables:
    """Turn validated string tables into typed ones. Empty cells become missing values (the codebook's
    meaning of empty)."""
    typed = {}
    for name, table in raw.items():
        specs = {spec.column: spec for spec in book.table(name)}
        # a column the case's codebook does not describe belongs to an absent optional table: no rows to type
        typed[name] = pd.DataFrame(
            {
                column: _typed_column(table, specs[column]) if column in specs else table.frame[column]
                for column in table.frame.columns
            },
            index=table.frame.index,
        )
    places = typed["places"]
    typed["places"] = gpd.GeoDataFrame(
        places, geometry=gpd.points_from_xy(places["lon"], places["lat"]), crs="EPSG:4326"
    )
    texts = {
        row.source_id: (data_dir / row.text_path).read_text(encoding="utf-8") for row in typed["sources"].itertuples()
    }
    return Tables(**typed, texts=texts, case=case, codebook=book, folder=folder)


def _typed_column(table: RawTable, spec) -> pd.Series:
    """The column in its codebook type, converted once per distinct value and spread over the rows."""
    codes, values = table.distinct(spec.column)
    table.release(spec.column)  # the checks are done: its distinct values are not needed again
    distinct = pd.Series(values, dtype=object).where(values != "", None)
    if spec.type == "integer":
        typed = pd.to_numeric(distinct).astype("Int64")
    elif spec.type == "number":
        typed = pd.to_numeric(distinct).astype("float64")
    elif spec.type == "date":
        typed = pd.to_datetime(distinct, format="%Y-%m-%d")
    else:
        typed = distinct.astype("string")
    return pd.Series(typed.array.take(codes), index=table.frame.index, name=spec.column)


__all__ = ["DataError", "Tables", "data_digest", "load_tables"]
