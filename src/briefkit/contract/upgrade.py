"""A case's contract against the kit's: what the case lacks, and the merge that brings it up to date
(`./kit upgrade DIR`).

The kit's contract is its codebook, vocabularies and hedge conventions, kept in the kit's own data/
(a vocabulary value with source "case" is the default case's own and not part of it). A case started
with an earlier kit lacks what came later: a column (a stated range's upper number), vocabulary values
(units, hedges of wire English), a unit's parent, the vocabularies' label column and a unit's label (how
readers write it). The merge adds every such row, keeps every row the case added or changed, and adds a
new column to the case's tables (and vocabularies) as an empty one; the lines already there keep their
bytes but for that cell. What it cannot merge (a column the case types or links
differently, a parent the case gives otherwise) is a problem naming the line, and nothing is written.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from briefkit.case.paths import KIT
from briefkit.contract.csvfile import read_table
from briefkit.contract.problems import Problem

KIT_DATA = KIT / "data"
CONTRACT_FILES = ("codebook", "vocabularies", "hedges")
KIT_ONLY_SOURCE = "case"  # a vocabulary value only the default case needs
# codebook fields the kit's code relies on: a case that differs there cannot take the kit's contract
BINDING_FIELDS = ("type", "required", "unique", "vocabulary", "references")


@dataclass
class Merge:
    """The files the merge would write (name under data/ -> text), what it changes, what it cannot."""

    files: dict[str, str] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # the case's own conventions where the kit's differ
    problems: list[Problem] = field(default_factory=list)


def merge(data_dir: Path, kit_data: Path = KIT_DATA) -> Merge:
    """What bringing the case whose data folder is data_dir up to the kit's contract takes. A contract file
    the loader cannot read as a table (a broken line, a blank one) is reported, with nothing merged."""
    result = Merge()
    for name in CONTRACT_FILES:
        path = data_dir / f"{name}.csv"
        if not path.exists():
            result.problems.append(Problem(f"data/{name}.csv", 0, "", "", "no such file: the case's contract lacks it"))
        else:
            result.problems += read_table(path, name, f"data/{name}.csv").problems
    if result.problems:
        return result
    _merge_codebook(data_dir, kit_data, result)
    _merge_vocabularies(data_dir, kit_data, result)
    _merge_hedges(data_dir, kit_data, result)
    codebook = result.files.get("codebook.csv") or (data_dir / "codebook.csv").read_text(encoding="utf-8")
    described: dict[str, list[str]] = {}
    for row in csv.DictReader(io.StringIO(codebook)):
        described.setdefault(row["table"], []).append(row["column"])
    for table, columns in described.items():
        _add_columns(data_dir, table, columns, result)
    return result


def behind(data_dir: Path, kit_data: Path = KIT_DATA) -> list[str]:
    """What the case's contract lacks of the kit's, in words; empty when it is up to date."""
    return merge(data_dir, kit_data).changes


def _rows(path: Path) -> tuple[list[str], list[list[str]], list[str]]:
    """(header, records, raw lines) of a contract file; each record is one line (no value spans lines)."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    records = list(csv.reader(io.StringIO(text)))
    return records[0], records[1:], lines


def _line(record: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(record)
    return out.getvalue()


def _insert_after_group(lines: list[str], records: list[list[str]], record: list[str]) -> None:
    """Insert record (and its line) after the last record of its group (same first field), else at the end;
    records[i] stays the record of lines[i + 1] (lines[0] is the header)."""
    position = max((i + 1 for i, other in enumerate(records) if other[0] == record[0]), default=len(records))
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    records.insert(position, record)
    lines.insert(position + 1, _line(record))


def _merge_codebook(data_dir: Path, kit_data: Path, result: Merge) -> None:
    header, records, lines = _rows(data_dir / "codebook.csv")
    kit_header, kit_records, _ = _rows(kit_data / "codebook.csv")
    at = {name: header.index(name) for name in header}
    kit_at = {name: kit_header.index(name) for name in kit_header}
    mine = {(r[at["table"]], r[at["column"]]): (number, r) for number, r in enumerate(records, 2)}
    added = False
    for kit_row in kit_records:
        key = (kit_row[kit_at["table"]], kit_row[kit_at["column"]])
        if key not in mine:
            _insert_after_group(lines, records, [kit_row[kit_at[name]] if name in kit_at else "" for name in header])
            added = True
            result.changes.append(f"codebook: new column {key[0]}.{key[1]}")
            continue
        number, row = mine[key]
        for name in BINDING_FIELDS:
            if name in at and name in kit_at and row[at[name]] != kit_row[kit_at[name]]:
                result.problems.append(
                    Problem(
                        "data/codebook.csv",
                        number,
                        name,
                        row[at[name]],
                        f"{key[0]}.{key[1]} is {kit_row[kit_at[name]]!r} in the kit's contract: the kit cannot "
                        "take a case that differs here (give the case's own column another name)",
                    )
                )
    if added:
        result.files["codebook.csv"] = "".join(lines)


def _merge_vocabularies(data_dir: Path, kit_data: Path, result: Merge) -> None:
    header, records, lines = _rows(data_dir / "vocabularies.csv")
    kit_header, kit_records, _ = _rows(kit_data / "vocabularies.csv")
    changed = _widen(header, records, lines, [name for name in kit_header if name not in header], result)
    at = {name: header.index(name) for name in header}
    lines_of = {(r[at["vocabulary"]], r[at["value"]]): number for number, r in enumerate(records, 2)}
    for kit_record in kit_records:
        row = dict(zip(kit_header, kit_record))
        vocabulary, value, parent = row["vocabulary"], row["value"], row["parent"]
        if row["source"] == KIT_ONLY_SOURCE:
            continue
        if (vocabulary, value) not in lines_of:
            _insert_after_group(lines, records, [row.get(name, "") for name in header])
            result.changes.append(f"vocabularies: new {vocabulary} {value!r}")
            changed = True
            continue
        number = lines_of[(vocabulary, value)]  # its line in the case's file as it is
        index = next(i for i, r in enumerate(records) if (r[at["vocabulary"]], r[at["value"]]) == (vocabulary, value))
        if row.get("label") and "label" in at and records[index][at["label"]] == "":
            records[index][at["label"]] = row["label"]
            lines[index + 1] = _line(records[index])
            result.changes.append(f"vocabularies: {vocabulary} {value!r} is shown to readers as {row['label']!r}")
            changed = True
        case_parent = records[index][at["parent"]]
        if case_parent == parent:
            continue
        if case_parent == "":
            records[index] = [*records[index][: at["parent"]], parent, *records[index][at["parent"] + 1 :]]
            lines[index + 1] = _line(records[index])
            result.changes.append(f"vocabularies: {vocabulary} {value!r} gets its parent {parent!r}")
            changed = True
        else:
            result.problems.append(
                Problem(
                    "data/vocabularies.csv",
                    number,
                    "parent",
                    case_parent,
                    f"{vocabulary} {value!r} has the parent {parent!r} in the kit's contract: the kit draws and "
                    "counts by it (give the case's own value another name)",
                )
            )
    if changed:
        result.files["vocabularies.csv"] = "".join(lines)


def _widen(header: list[str], records: list[list[str]], lines: list[str], missing: list[str], result: Merge) -> bool:
    """Add the kit's contract columns the case's vocabularies lack (a label) at the end of every line, empty."""
    if not missing:
        return False
    header += missing
    for record in records:
        record += [""] * len(missing)
    for i, line in enumerate(lines):
        body = line.rstrip("\r\n")
        if i == 0 or body.strip():
            lines[i] = body + ("," + ",".join(missing) if i == 0 else "," * len(missing)) + line[len(body) :]
    result.changes.append(f"vocabularies: new column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    return True


def _merge_hedges(data_dir: Path, kit_data: Path, result: Merge) -> None:
    header, records, lines = _rows(data_dir / "hedges.csv")
    kit_header, kit_records, _ = _rows(kit_data / "hedges.csv")
    at, kit_at = {n: header.index(n) for n in header}, {n: kit_header.index(n) for n in kit_header}
    mine = {r[at["hedge"]]: r for r in records}
    new_lines = []
    for kit_row in kit_records:
        hedge = kit_row[kit_at["hedge"]]
        if hedge not in mine:
            new_lines.append(_line([kit_row[kit_at[name]] if name in kit_at else "" for name in header]))
            result.changes.append(f"hedges: new hedge {hedge!r} ({kit_row[kit_at['rule']]})")
            continue
        numbers = ("rule", "low", "best", "high", "conservative")
        case_numbers = [mine[hedge][at[n]] for n in numbers if n in at]
        kit_numbers = [kit_row[kit_at[n]] for n in numbers if n in at and n in kit_at]
        if case_numbers != kit_numbers:
            result.kept.append(
                f"hedges: the case's own {hedge!r} ({', '.join(case_numbers)}) is kept; "
                f"the kit's is {', '.join(kit_numbers)}"
            )
    if new_lines:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        result.files["hedges.csv"] = "".join(lines + new_lines)


def _add_columns(data_dir: Path, table: str, columns: list[str], result: Merge) -> None:
    """The table with the new columns at the end of every line, empty: the cells already there are left
    byte for byte (each line is one record, as the loader requires)."""
    path = data_dir / f"{table}.csv"
    if not path.exists():
        return  # an optional table the case does not have is read as empty, with the codebook's columns
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]])) if lines else []
    missing = [column for column in columns if column not in header]
    if not missing:
        return

    def widened(i: int, line: str) -> str:
        body = line.rstrip("\r\n")
        if i and not body.strip():
            return line  # a blank line, as the file has it (the loader reports it)
        return body + ("," + ",".join(missing) if i == 0 else "," * len(missing)) + line[len(body) :]

    text = "".join(widened(i, line) for i, line in enumerate(lines))
    result.files[f"{table}.csv"] = text
    result.changes.append(f"{table}.csv: new empty column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
