"""Take the draft rows an analyst kept into the case (`./kit keep SOURCE_ID [CASE_DIR]`).

The analyst marks a row of `data/drafts/SOURCE_ID.csv` (and of its -places and -actors files) by writing
yes in its `keep` column, after fixing its values; no, or an empty cell, leaves it out. Kept facts are
appended to facts.csv, kept places and speakers to places.csv and actors.csv, and a kept row's new
claim_id to claims.csv with the row's topic. The rows already in those files are left byte for byte.

Everything is first written to a scratch copy of data/ and loaded there: if the loader finds any
problem, the case is left as it was and every problem is listed.
"""

import csv
import io
import shutil
import sys
import tempfile
from pathlib import Path

from briefkit.case.paths import KIT, Case
from briefkit.contract.csvfile import read_table
from briefkit.contract.load import load_tables
from briefkit.contract.problems import DataError, Problem
from briefkit.drafting.rows import KEEP_COLUMN

MARKS = {"yes": True, "no": False, "": False}


def kept_rows(path: Path, shown: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The rows of a draft file marked yes, with their line numbers, and a problem for every line that cannot be
    read and every mark that is not yes, no or empty."""
    if not path.exists():
        return [], []
    table = read_table(path, path.stem, shown)  # the loader's reader: a broken line is reported where it starts
    if not table.readable:
        return [], table.problems
    if KEEP_COLUMN not in table.frame.columns:
        return [], [
            Problem(
                shown,
                1,
                "",
                ",".join(table.frame.columns),
                f"no '{KEEP_COLUMN}' column: the draft's header was changed",
            )
        ]
    marks = table.frame[KEEP_COLUMN].str.strip().str.lower()
    problems = table.problems + table.flag(
        ~marks.isin(list(MARKS)), KEEP_COLUMN, "write yes to keep the row, no (or nothing) to leave it out"
    )
    kept = [
        (int(line), row)
        for line, row, mark in zip(table.lines, table.frame.to_dict("records"), marks)
        if MARKS.get(mark)
    ]
    return kept, problems


def keep(case: Case, source_id: str) -> str:
    """Append the kept rows; return what was done. Raises DataError, listing every problem, and changes nothing."""
    drafts = case.data / "drafts"
    shown = {part: f"data/drafts/{source_id}{part}.csv" for part in ("", "-places", "-actors")}
    if not (drafts / f"{source_id}.csv").exists():
        raise DataError([Problem(shown[""], 0, "", "", f"no draft: run ./kit draft {source_id}{_named(case)} first")])
    problems, kept, draft_of = [], {}, {}
    for part, table in (("", "facts"), ("-places", "places"), ("-actors", "actors")):
        kept[table], found = kept_rows(drafts / f"{source_id}{part}.csv", shown[part])
        draft_of[table] = shown[part]
        problems += found
    existing = {row["fact_id"] for row in _read(case.data / "facts.csv")}
    claims = {row["claim_id"] for row in _read(case.data / "claims.csv")}
    new_claims = {}
    for line, row in kept["facts"]:
        if row["fact_id"] in existing:
            problems.append(
                Problem(
                    shown[""], line, "fact_id", row["fact_id"], "already in data/facts.csv: this row was kept before"
                )
            )
        if row["claim_id"] not in claims and row["claim_id"] not in new_claims:
            if not row.get("topic", "").strip():
                problems.append(
                    Problem(
                        shown[""],
                        line,
                        "topic",
                        row.get("topic", ""),
                        f"claim {row['claim_id']} is new: give its topic",
                    )
                )
            new_claims[row["claim_id"]] = {"claim_id": row["claim_id"], "topic": row.get("topic", "").strip()}
    if problems:
        raise DataError(problems)
    if not any(kept.values()):
        return f"keep: no row of {shown['']} is marked yes in its '{KEEP_COLUMN}' column; nothing was changed"
    additions = {table: [row for _, row in kept[table]] for table in ("facts", "places", "actors")}
    additions["claims"] = list(new_claims.values())
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "data"
        shutil.copytree(case.data, trial, ignore=shutil.ignore_patterns("derived", "drafts"))
        # where each appended line of a table came from: (draft file, its line)
        origin = {}
        for table, rows in additions.items():
            first = len(_read(trial / f"{table}.csv")) + 2
            _append(trial / f"{table}.csv", rows)
            origin.update(
                {
                    (f"data/{table}.csv", first + i): (draft_of[table], line)
                    for i, (line, _) in enumerate(kept.get(table, []))
                }
            )
        try:
            load_tables(trial)
        except DataError as error:  # the case itself is untouched; point at the draft line to fix
            raise DataError(
                [
                    Problem(*origin.get((p.file, p.line), (p.file, p.line)), p.column, p.value, p.message)
                    for p in error.problems
                ]
            ) from None
        for table, rows in additions.items():
            if rows:
                shutil.copyfile(trial / f"{table}.csv", case.data / f"{table}.csv")
    counts = ", ".join(
        f"{len(rows)} {'row' if len(rows) == 1 else 'rows'} to data/{table}.csv"
        for table, rows in additions.items()
        if rows
    )
    return f"keep: added {counts}; the case loads without problems. Build it with ./kit build{_named(case)}"


def _named(case: Case) -> str:
    """The case folder to name in a command (none for the kit's own case)."""
    return "" if case.root == KIT else f" {case.root}"


def _read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _append(path: Path, rows: list[dict]) -> None:
    """Add rows in the file's own column order, leaving the bytes already there as they are."""
    if not rows:
        return
    with open(path, encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
        f.seek(0)
        ends_with_newline = f.read().endswith("\n")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[row.get(column, "") for column in header] for row in rows])
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(("" if ends_with_newline else "\n") + out.getvalue())


def main(arguments: list[str]) -> int:
    if len(arguments) not in (1, 2):
        print("usage: ./kit keep SOURCE_ID [CASE_DIR]", file=sys.stderr)
        return 2
    case = Case(arguments[1]) if len(arguments) > 1 else Case(KIT)
    try:
        print(keep(case, arguments[0]))
    except DataError as error:
        print(f"keep: nothing was changed; the kept rows have problems.\n{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
