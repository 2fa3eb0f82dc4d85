"""Take the draft rows an analyst kept into the case (`./kit keep SOURCE_ID [CASE_DIR]`).

The analyst marks a row of `data/drafts/SOURCE_ID.csv` (and of its -places and -actors files) by writing
yes in its `keep` column, after fixing its values; no, or an empty cell, leaves it out. Kept facts are
appended to facts.csv, kept places and speakers to places.csv and actors.csv, and a kept row's new
claim_id to claims.csv with the row's topic. The rows already in those files are left byte for byte.

Everything is first written to a scratch copy of data/ and loaded there: if the loader finds any
problem, the case is left as it was and every problem is listed. A row kept before is not added again,
so keep can be run again after a failure, or twice.
"""

import csv
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

from briefkit.case.paths import KIT, Case
from briefkit.contract.csvfile import read_table, unguard
from briefkit.contract.load import load_tables
from briefkit.contract.problems import DataError, Problem
from briefkit.drafting.rows import KEEP_COLUMN

MARKS = {"yes": True, "no": False, "": False}


def kept_rows(path: Path, shown: str) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """The rows of a draft file marked yes, with their line numbers, and a problem for every line that cannot be
    read and every mark that is not yes, no or empty. Cells are read back as the draft wrote them: the
    apostrophe that kept a cell from starting a formula in a spreadsheet is taken off (csvfile.unguard)."""
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
    rows = table.frame.map(unguard).to_dict("records")
    kept = [(int(line), row) for line, row, mark in zip(table.lines, rows, marks) if MARKS.get(mark)]
    return kept, problems


def keep(case: Case, source_id: str) -> str:
    """Append the kept rows; return what was done. Raises DataError, listing every problem, and changes nothing.
    A kept row already in the case as it is (kept before) is left out, so keeping again after a failure, or
    twice, is safe; a row whose id is in the case with other values is a problem."""
    drafts = case.data / "drafts"
    shown = {part: f"data/drafts/{source_id}{part}.csv" for part in ("", "-places", "-actors")}
    if not (drafts / f"{source_id}.csv").exists():
        raise DataError(
            [Problem(shown[""], 0, "", "", f"no draft: run ./kit draft {source_id}{case.in_command} first")]
        )
    problems, kept, draft_of = [], {}, {}
    for part, table in (("", "facts"), ("-places", "places"), ("-actors", "actors")):
        kept[table], found = kept_rows(drafts / f"{source_id}{part}.csv", shown[part])
        draft_of[table] = shown[part]
        problems += found
    if not kept["facts"] and (kept["places"] or kept["actors"]):
        problems.append(
            Problem(
                shown[""],
                0,
                KEEP_COLUMN,
                "",
                "no fact row is marked yes: places and speakers are kept with the facts that name them",
            )
        )
    additions, already = {}, 0
    for table, id_column in (("facts", "fact_id"), ("places", "place_id"), ("actors", "actor_id")):
        existing = {row[id_column]: row for row in _read(case.data / f"{table}.csv")}
        additions[table] = []
        for line, row in kept[table]:
            there = existing.get(row.get(id_column, ""))
            if there is None:
                additions[table].append((line, row))
            elif all(row.get(column, "") == value for column, value in there.items()):
                already += 1
            else:
                differs = [column for column, value in there.items() if row.get(column, "") != value]
                problems.append(
                    Problem(
                        draft_of[table],
                        line,
                        id_column,
                        row[id_column],
                        f"already in data/{table}.csv with other values ({', '.join(differs)}): give the row a new "
                        f"{id_column}, or leave it out",
                    )
                )
    claims = {row["claim_id"] for row in _read(case.data / "claims.csv")}
    new_claims = {}
    for line, row in additions["facts"]:
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
    rows = {table: [row for _, row in additions[table]] for table in ("facts", "places", "actors")}
    rows["claims"] = list(new_claims.values())
    if not any(rows.values()):
        return f"keep: every row marked yes ({already}) is in the case already; nothing was changed"
    _try_then_write(case, rows, {table: [line for line, _ in additions.get(table, [])] for table in rows}, draft_of)
    counts = ", ".join(
        f"{len(new)} {'row' if len(new) == 1 else 'rows'} to data/{table}.csv" for table, new in rows.items() if new
    )
    kept_before = f" ({already} marked rows were in the case already)" if already else ""
    loads = f"the case loads without problems. Build it with ./kit build{case.in_command}"
    return f"keep: added {counts}{kept_before}; {loads}"


def _try_then_write(case: Case, rows: dict[str, list[dict]], lines: dict[str, list[int]], draft_of: dict) -> None:
    """Append the rows on a scratch copy of data/ and load it: on any problem, raise it pointing at the draft
    line to fix, leaving the case as it was; else put every changed table in place at once (each file
    replaced whole, after all of them are written)."""
    with tempfile.TemporaryDirectory() as scratch:
        trial = Path(scratch) / "data"
        shutil.copytree(case.data, trial, ignore=shutil.ignore_patterns("derived", "drafts"))
        origin = {}  # where each appended line of a table came from: (draft file, its line)
        for table, new in rows.items():
            first = len(_read(trial / f"{table}.csv")) + 2
            _append(trial / f"{table}.csv", new)
            origin.update(
                {(f"data/{table}.csv", first + i): (draft_of[table], line) for i, line in enumerate(lines[table])}
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
        staged = []
        for table, new in rows.items():
            if new:
                staged.append((case.data / f".{table}.csv.keep", case.data / f"{table}.csv"))
                shutil.copyfile(trial / f"{table}.csv", staged[-1][0])
        for written, target in staged:
            os.replace(written, target)


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
