"""Load the data package: one call returns every table validated and typed, or raises one DataError.

    from briefkit import load_tables
    t = load_tables()
    t.facts, t.places (a GeoDataFrame), t.sources, t.claims, t.claim_reviews, t.actors, t.hedges, t.texts

Checks, in order: each file is readable UTF-8 CSV; each column matches data/codebook.csv (type,
required, unique, vocabulary); then the rules in briefkit.rules (references, verbatim quotes, hedges,
dates, coordinates). All problems are collected and raised together; nothing is dropped or repaired.
"""

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa

from briefkit import paths
from briefkit.codebook import TABLES, Codebook, read_case
from briefkit.csvfile import read_csv_strict
from briefkit.hedges import intervals
from briefkit.problems import DataError, Problem
from briefkit.rules import Context, RawTable, check


@dataclass
class Tables:
    sources: pd.DataFrame
    claims: pd.DataFrame
    claim_reviews: pd.DataFrame
    facts: pd.DataFrame
    places: gpd.GeoDataFrame
    actors: pd.DataFrame
    hedges: pd.DataFrame
    texts: dict[str, str]  # source_id -> the report's text
    case: dict
    codebook: Codebook


def codebook(data_dir: Path = paths.DATA) -> Codebook:
    frames = {}
    for name in ("codebook", "vocabularies"):
        frame, _, problems = read_csv_strict(data_dir / f"{name}.csv", f"{data_dir.name}/{name}.csv")
        if problems:
            raise DataError(problems)
        frames[name] = frame
    return Codebook(frames["codebook"], frames["vocabularies"])


def load_tables(data_dir: Path = paths.DATA) -> Tables:
    data_dir = Path(data_dir)
    book = codebook(data_dir)
    case = read_case(data_dir / "case.toml")
    raw, problems, structural = {}, [], False
    for name in TABLES:
        path = data_dir / f"{name}.csv"
        shown = f"{data_dir.name}/{name}.csv"  # "data/facts.csv" for the project's data and for copies of it
        frame, lines, read_problems = read_csv_strict(path, shown)
        raw[name] = RawTable(name, shown, frame, lines)
        if read_problems:
            problems += read_problems
            structural = True
            continue
        schema_problems = _schema_problems(book, raw[name])
        problems += schema_problems
        structural |= any(p.line == 1 for p in schema_problems)
    if not structural:  # the rules need every table with all its columns
        problems += check(Context(raw, case, book, data_dir))
    if problems:
        raise DataError(problems)
    return _typed(raw, book, case, data_dir)


def _schema_problems(book: Codebook, table: RawTable) -> list[Problem]:
    try:
        book.schema(table.name).validate(table.frame, lazy=True)
        return []
    except pa.errors.SchemaErrors as errors:
        found = []
        for case in errors.failure_cases.itertuples():
            if case.check == "column_in_dataframe":
                found.append(table.problem(1, str(case.failure_case), "", "required column is missing (data/codebook.csv)"))
            elif case.check == "column_in_schema":
                found.append(table.problem(1, str(case.failure_case), str(case.failure_case), "column is not in data/codebook.csv"))
            else:
                line = table.lines[int(case.index)]
                message = "duplicate value: must be unique" if case.check == "field_uniqueness" else str(case.check)
                found.append(table.problem(line, str(case.column), str(case.failure_case), message))
        return found


def _typed(raw: dict[str, RawTable], book: Codebook, case: dict, data_dir: Path) -> Tables:
    """Turn validated string tables into typed ones. Empty cells become missing values (the codebook's meaning of empty)."""
    typed = {}
    for name, table in raw.items():
        frame = table.frame.replace("", pd.NA)
        for spec in book.table(name):
            column = frame[spec.column]
            if spec.type == "integer":
                frame[spec.column] = pd.to_numeric(column).astype("Int64")
            elif spec.type == "number":
                frame[spec.column] = pd.to_numeric(column).astype("float64")
            elif spec.type == "date":
                frame[spec.column] = pd.to_datetime(column, format="%Y-%m-%d")
            else:
                frame[spec.column] = column.astype("string")
        typed[name] = frame
    places = typed["places"]
    typed["places"] = gpd.GeoDataFrame(places, geometry=gpd.points_from_xy(places["lon"], places["lat"]), crs="EPSG:4326")
    texts = {row.source_id: (data_dir / row.text_path).read_text(encoding="utf-8") for row in typed["sources"].itertuples()}
    return Tables(**typed, texts=texts, case=case, codebook=book)


NO_SPEAKER = "no named source"


def actor_names(tables: Tables) -> dict[str, str]:
    return dict(zip(tables.actors["actor_id"], tables.actors["name"]))


def speaker_names(tables: Tables, attributed_to: pd.Series) -> pd.Series:
    """The name of each speaker, and "no named source" where the report names none."""
    return attributed_to.map(actor_names(tables)).fillna(NO_SPEAKER)


def quantities(tables: Tables) -> pd.DataFrame:
    """Every fact with a quantity, its interval recomputed from hedges.csv beside the raw phrase and speaker."""
    found = intervals(tables.facts, tables.hedges)
    return (
        tables.facts.loc[lambda d: d["quantity_text"].notna()]
        .merge(found, left_on="fact_id", right_index=True, how="left")
        .loc[:, ["fact_id", "source_id", "claim_id", "category", "quantity_text", "hedge", "unit",
                 "value_low", "value_best", "value_high", "open_ended", "conservative", "attributed_to", "speaker_kind"]]
        .assign(open_ended=lambda d: d["open_ended"].fillna(False).astype(bool))
        .reset_index(drop=True)
    )


__all__ = ["DataError", "NO_SPEAKER", "Tables", "actor_names", "codebook", "load_tables", "quantities", "speaker_names"]
