"""Read a hand-coded CSV exactly as written: every cell a string, each row knowing its line number.

pandas' own reader would turn "NA" into a missing value, strip nothing but guess types, and report a
bad byte without a line; here every such thing becomes a Problem instead.
"""

import csv
import io
from pathlib import Path

import pandas as pd

from briefkit.problems import Problem


def read_csv_strict(path: Path, name: str) -> tuple[pd.DataFrame, list[int], list[Problem]]:
    """Return (table of strings, line number of each row, problems); name is how problems name the file.

    The table is empty when the file cannot be read as a table.
    """
    empty = pd.DataFrame(dtype=object)
    if not path.exists():
        return empty, [], [Problem(name, 0, "", "", "file not found")]
    raw = path.read_bytes()
    if not raw.strip():
        return empty, [], [Problem(name, 1, "", "", "file is empty: expected a header line")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return empty, [], [Problem(name, 1, "", "\ufeff", "file starts with a byte-order mark: save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        bad = raw[error.start : error.end].hex(" ")
        return empty, [], [Problem(name, line, "", bad, f"not UTF-8 (byte {bad} at byte offset {error.start}): save the file as UTF-8")]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems, records, lines = [], [], []
    try:
        header = next(reader)
        last_line = reader.line_num
        for record in reader:
            first_line = last_line + 1
            last_line = reader.line_num
            if record == []:
                problems.append(Problem(name, first_line, "", "", "blank line inside the table"))
                continue
            if len(record) != len(header):
                problems.append(Problem(name, first_line, "", ",".join(record)[:60],
                                        f"row has {len(record)} fields, the header has {len(header)}"))
                continue
            records.append(record)
            lines.append(first_line)
    except csv.Error as error:
        problems.append(Problem(name, reader.line_num, "", "", f"malformed CSV: {error}"))
    for column in {c for c in header if header.count(c) > 1}:
        problems.append(Problem(name, 1, column, column, "column name appears more than once in the header"))
    if problems:
        return empty, [], problems
    table = pd.DataFrame(records, columns=header, dtype=object)
    return table, lines, []
