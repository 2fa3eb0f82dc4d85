"""CSV in and out. Read a hand-coded CSV exactly as written: every cell a string, each row knowing its
line number; write any table formula-safe (`write_csv`), so that it reads back as exactly the rows written.

pandas' own reader would turn "NA" into a missing value, guess types, accept a line break inside a
cell and report a bad byte without a line; here every such thing becomes a Problem instead. Every
value is one line of text, so each physical line is one record: a line that cannot be read is
reported where it starts and reading goes on at the next line, so one bad line hides nothing else.
"""

import bisect
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from briefkit.contract.problems import Problem

# What a value may not contain: control characters (a CR only as part of a CRLF line end), Unicode line
# and paragraph separators, and bytes that are not UTF-8 (decoded as lone surrogates to be found here).
FORBIDDEN = re.compile("\r(?!\n)|[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]+")
# The same, split in two for a fast scan of a whole file: one character class, and a CR only where the file has one.
FORBIDDEN_BUT_CR = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]")
LONE_CR = re.compile("\r(?!\n)")
NOT_UTF8 = re.compile("[\udc80-\udcff]+")
CHUNK_ROWS = 50_000

# A spreadsheet treats a cell starting with one of these as a formula (OWASP, "CSV Injection"), also after
# leading white space, and the full-width forms (＝ ＋ － ＠) as their ASCII twins.
FORMULA_CHARACTERS = "=+-@\uff1d\uff0b\uff0d\uff20"
# A cell starting with one of these (after spaces) is neutralised whatever follows: it can hide what comes next.
FORMULA_WHITESPACE = "\t\r\n"
# A number as the codebook writes one (types number and integer): a spreadsheet reads it as a value.
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@dataclass
class RawTable:
    """One data file as read: string cells, and the line each row starts on."""

    name: str
    shown: str  # the file as problems name it
    frame: pd.DataFrame
    lines: np.ndarray  # line number of each row of frame
    problems: list[Problem] = field(default_factory=list)
    readable: bool = True  # the header was read: the rows can be checked
    complete: bool = True  # every line of the file is a row of frame
    _distinct: dict = field(
        default_factory=dict, repr=False
    )  # per column: its distinct values, and what was derived from them

    def problem(self, line: int, column: str, value: str, message: str) -> Problem:
        return Problem(self.shown, line, column, value, message)

    def flag(self, mask, column: str, message) -> list[Problem]:
        """A Problem at column for every row where mask is true.

        message is a string, or a function given the flagged rows' positions that returns one message
        each, so that messages are only written for the few rows that need one.
        """
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(rows):
            return []
        values = self.frame[column].to_numpy()[rows]
        messages = message(rows) if callable(message) else [message] * len(rows)
        return [self.problem(int(self.lines[row]), column, str(v), m) for row, v, m in zip(rows, values, messages)]

    def rows(self, mask) -> "RawTable":
        """The same file restricted to the rows where mask is true, each keeping its line number."""
        keep = np.asarray(mask, dtype=bool)
        return RawTable(self.name, self.shown, self.frame[keep].reset_index(drop=True), self.lines[keep])

    def distinct(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """(each row's position among the column's distinct values, those values), computed once per column.

        Most columns repeat a few values, so a check done once per distinct value costs little per row.
        """
        if column not in self._distinct:
            self._distinct[column] = pd.factorize(self.frame[column].to_numpy(dtype=object))
        return self._distinct[column]

    def each(self, column: str, function) -> pd.Series:
        """function, given an array of the column's distinct values and returning an array, spread over the rows."""
        codes, values = self.distinct(column)
        return pd.Series(np.asarray(function(values))[codes], index=self.frame.index)

    def each_of(self, columns: tuple[str, ...], function) -> np.ndarray:
        """function, given one array per column holding each distinct combination of their values once,
        and returning an array, spread over the rows: a check of several columns done once per combination."""
        combination = np.zeros(len(self.frame), dtype=np.int64)
        for column in columns:  # numbered afresh after each column, so the numbers stay below the row count
            codes, values = self.distinct(column)
            combination, _ = pd.factorize(combination * len(values) + codes)
        first = np.empty(combination.max() + 1 if len(combination) else 0, dtype=np.int64)
        first[combination[::-1]] = np.arange(len(combination) - 1, -1, -1)  # the first row holding each combination
        cells = [self.frame[column].to_numpy()[first] for column in columns]
        return np.asarray(function(*cells))[combination]

    def release(self, column: str) -> None:
        """Forget the column's distinct values (a large table holds them per row); what was derived stays."""
        self._distinct.pop(column, None)

    def given(self, column: str) -> pd.Series:
        """True where the column's cell is not empty; the rules ask this of most columns, often more than once."""
        if ("given", column) not in self._distinct:
            self._distinct[("given", column)] = self.each(column, lambda values: values != "").astype(bool)
        return self._distinct[("given", column)]


def unreadable(name: str, shown: str, problems: list[Problem]) -> RawTable:
    return RawTable(
        name, shown, pd.DataFrame(dtype=object), np.array([], dtype=int), problems, readable=False, complete=False
    )


def read_table(path: Path, name: str, shown: str) -> RawTable:
    """Read path as a table of strings; shown is how problems name the file. Never raises on bad content."""
    if not path.is_file():
        return unreadable(name, shown, [Problem(shown, 0, "", "", "file not found")])
    raw = path.read_bytes()
    if not raw or raw.isspace():
        return unreadable(name, shown, [Problem(shown, 1, "", "", "file is empty: expected a header line")])
    problems = []
    bom = raw.startswith(b"\xef\xbb\xbf")
    if bom:
        problems.append(
            Problem(shown, 1, "", "\ufeff", "file starts with a byte-order mark: save it as UTF-8 without BOM")
        )
    body = raw[3:] if bom else raw
    header_end = body.find(b"\n")
    first_line = (
        body[: header_end if header_end >= 0 else len(body)]
        .decode("utf-8", errors="surrogateescape")
        .removesuffix("\r")
    )
    try:
        header = next(csv.reader([first_line], strict=True))
    except csv.Error as error:
        return unreadable(
            name, shown, problems + [Problem(shown, 1, "", first_line[:60], f"the header is not a CSV line: {error}")]
        )
    problems += _forbidden_in_cells(shown, 1, header, header, first_line if FORBIDDEN.search(first_line) else "")
    duplicated = sorted({c for c in header if header.count(c) > 1})
    problems += [Problem(shown, 1, c, c, "column name appears more than once in the header") for c in duplicated]
    if duplicated or NOT_UTF8.search(first_line):
        return unreadable(name, shown, problems)

    suspect = _may_hold_forbidden(body)
    if not suspect and _simple_records(body, len(header)):
        columns = _columns_of_simple_records(body, len(header))
        if columns is not None:
            frame = pd.DataFrame(
                {c: values[codes] for c, (codes, values) in zip(header, columns)}, columns=header, dtype=object
            )
            return RawTable(
                name, shown, frame, np.arange(2, len(frame) + 2), problems, _distinct=dict(zip(header, columns))
            )
    text, utf8 = _text(raw, bom)
    del raw, body
    bad_lines = _lines_with_forbidden_characters(text) if suspect or not utf8 else set()
    lines = _lines(text)
    del text  # held once, as its lines, from here on
    records, numbers, complete = [], [], True
    for number, record, error in _records(lines):
        if error:
            complete = False
            problems.append(Problem(shown, number, *_locate(error, lines[number - 1], header)))
        elif record == []:
            problems.append(Problem(shown, number, "", "", "blank line inside the table"))
        elif len(record) != len(header):
            complete = False
            problems.append(
                Problem(
                    shown,
                    number,
                    "",
                    ",".join(record)[:60],
                    f"row has {len(record)} fields, the header has {len(header)}",
                )
            )
        elif number in bad_lines:
            found = _forbidden_in_cells(shown, number, header, record, lines[number - 1])
            problems += found
            if any(NOT_UTF8.search(cell) for cell in record):
                complete = False  # its text is not what the file holds: check the row once it is UTF-8
            else:
                records.append(record)
                numbers.append(number)
        else:
            records.append(record)
            numbers.append(number)
    columns = zip(*records) if records else [()] * len(header)
    # object, not pandas' inferred "str" dtype: every cell stays the exact string read, and row-wise checks stay fast
    frame = pd.DataFrame(
        {c: np.array(values, dtype=object) for c, values in zip(header, columns)}, columns=header, dtype=object
    )
    return RawTable(name, shown, frame, np.array(numbers, dtype=int), problems, readable=True, complete=complete)


def _text(raw: bytes, bom: bool) -> tuple[str, bool]:
    """(the text after any byte-order mark, whether it is all UTF-8); undecodable bytes as lone surrogates."""
    raw = raw[3:] if bom else raw
    try:
        return raw.decode("utf-8"), True
    except UnicodeDecodeError:  # to be found and reported line by line
        return raw.decode("utf-8", errors="surrogateescape"), False


def _lines(text: str) -> list[str]:
    """The text's lines, without their line ends (LF or CRLF)."""
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the line end of the last line
    if "\r" in text:
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    return lines


# The bytes that make up the CSV structure, for reading it with numpy.
QUOTE, COMMA, LF, CR = (ord(c) for c in '",\n\r')


def _simple_records(raw: bytes, width: int) -> bool:
    """True when every line is one record of width values, each quoted value opening at the start of a
    value and closing before the line ends, followed by a comma or the line end: the CSV that the csv
    module (strict) and pandas' C parser read alike. Anything else, including a quote inside an unquoted
    value, is left to the line-by-line reader, which says what is wrong where.

    Checked on the bytes with numpy: the n-th quote of the file opens a value when n is even, and closes
    one when n is odd (a doubled quote inside a value closes and reopens it).
    """
    if width < 2:
        return False  # a blank line would pass for an empty value
    data = np.frombuffer(raw, dtype=np.uint8)
    quotes = np.flatnonzero(data == QUOTE)
    if len(quotes) % 2:
        return False
    opening, closing = quotes[0::2], quotes[1::2]
    if not np.isin(data[opening[opening > 0] - 1], (COMMA, LF, QUOTE)).all():
        return False
    after = closing + 1
    if not np.isin(data[after[after < len(data)]], (COMMA, LF, CR, QUOTE)).all():
        return False
    line_ends = np.flatnonzero(data == LF)
    if (np.searchsorted(quotes, line_ends) % 2).any():
        return False  # a line end inside quotes
    # Separators per line: the line's commas, less those inside its quoted values.
    commas = np.flatnonzero(data == COMMA)
    ends = line_ends if raw.endswith(b"\n") else np.append(line_ends, len(data))  # the last line may have no line end
    per_line = np.diff(np.searchsorted(commas, ends), prepend=0)
    quoted = np.searchsorted(commas, closing) - np.searchsorted(commas, opening)
    per_line -= np.bincount(np.searchsorted(line_ends, opening), weights=quoted, minlength=len(per_line)).astype(
        per_line.dtype
    )
    return bool((per_line == width - 1).all())


def _columns_of_simple_records(raw: bytes, width: int) -> list[tuple[np.ndarray, np.ndarray]] | None:
    """For each column of a file _simple_records accepts, (each row's position among its distinct values,
    those values), the lines after the header read by pandas' C parser; None if the file is not UTF-8.

    Read in chunks, each value kept once however often it repeats: a large table of repeated ids,
    categories and dates takes a fraction of the memory, and the checks get the distinct values for free.
    """
    chunks = pd.read_csv(
        io.BytesIO(raw),
        header=None,
        skiprows=1,
        names=list(range(width)),
        index_col=False,
        dtype=object,
        na_filter=False,
        skip_blank_lines=False,
        engine="c",
        encoding="utf-8",
        encoding_errors="strict",
        chunksize=CHUNK_ROWS,
    )
    parts = [[] for _ in range(width)]  # per column: (codes, distinct values) of each chunk
    try:
        for chunk in chunks:
            for column in range(width):
                parts[column].append(pd.factorize(chunk[column].to_numpy()))
    except UnicodeDecodeError:
        return None  # to be found and reported line by line
    columns = []
    for chunk_parts in parts:
        if not chunk_parts:
            columns.append((np.array([], dtype=np.intp), np.array([], dtype=object)))
            continue
        # the chunks' distinct values, made distinct across chunks: each chunk's codes point into them by offset
        renumbered, values = pd.factorize(np.concatenate([values for _, values in chunk_parts]))
        offsets = np.cumsum([0] + [len(values) for _, values in chunk_parts[:-1]])
        codes = np.concatenate(
            [renumbered[offset + chunk_codes] for offset, (chunk_codes, _) in zip(offsets, chunk_parts)]
        )
        columns.append((codes, values))
    return columns


def _records(lines: list[str]):
    """(line number, record, error) for each line after the header; one line is one record."""
    start = 1
    while start < len(lines):
        reader = csv.reader(lines[start:], strict=True)
        consumed = 0
        try:
            for record in reader:
                if reader.line_num != consumed + 1:  # the record ran on into the next line
                    yield start + consumed + 1, None, "line break"
                    break
                consumed = reader.line_num
                yield start + consumed, record, None
            else:
                return
        except csv.Error as error:
            yield start + consumed + 1, None, str(error)
        start += consumed + 1  # go on after the line that could not be read


def _locate(error: str, line: str, header: list[str]) -> tuple[str, str, str]:
    """(column, value, message) for a line the csv module could not read on its own."""
    forbidden = FORBIDDEN.search(line)
    if forbidden:  # a CR outside quotes: the csv module takes it for a line end
        return (
            "",
            line[:60],
            f"contains the control character U+{ord(forbidden.group()[0]):04X}: a value is one line of plain text",
        )
    opened = _unclosed_quote_field(line)
    if opened is not None:
        column = header[opened] if opened < len(header) else ""
        return (
            column,
            line[:60],
            "a quoted value starts here and is not closed on this line (a value may not span lines)",
        )
    return "", line[:60], f"malformed CSV: {error}"


def _unclosed_quote_field(line: str) -> int | None:
    """The index of the field whose opening quote is never closed on this line, if any."""
    field_index, quoted, at_field_start, position = 0, False, True, 0
    while position < len(line):
        char = line[position]
        if quoted:
            if char == '"':
                if line[position + 1 : position + 2] == '"':
                    position += 1
                else:
                    quoted = False
        elif char == ",":
            field_index, at_field_start = field_index + 1, True
            position += 1
            continue
        elif char == '"' and at_field_start:
            quoted = True
        at_field_start = False
        position += 1
    return field_index if quoted else None


# Every byte that can stand in a value (all but the C0 controls and DEL), for a fast first look at a file.
C1_CONTROL = re.compile(rb"\xc2[\x80-\x9f]")
LINE_SEPARATOR = re.compile(rb"\xe2\x80[\xa8\xa9]")
_PLAIN_BYTES = bytes(b for b in range(256) if b >= 0x20 and b != 0x7F)


def _may_hold_forbidden(raw: bytes) -> bool:
    """False when the bytes surely hold nothing FORBIDDEN matches; True when a closer look is needed."""
    controls = raw.translate(None, _PLAIN_BYTES)
    if controls.count(b"\n") + controls.count(b"\r") != len(controls):
        return True
    if b"\r" in controls and raw.count(b"\r") != raw.count(b"\r\n"):
        return True
    # C1 controls and the Unicode line separators: a search for each's first bytes, the fastest re offers
    return bool(LINE_SEPARATOR.search(raw)) or (b"\xc2" in raw and bool(C1_CONTROL.search(raw)))


def _lines_with_forbidden_characters(text: str) -> set[int]:
    matches = [m.start() for m in FORBIDDEN_BUT_CR.finditer(text)]
    if "\r" in text:
        matches += [m.start() for m in LONE_CR.finditer(text)]
    if not matches:
        return set()
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return {bisect.bisect_right(starts, position) for position in matches}


def _forbidden_in_cells(shown: str, number: int, header: list[str], cells: list[str], line: str) -> list[Problem]:
    if not line:
        return []
    found = []
    for column, cell in zip(header, cells):
        match = FORBIDDEN.search(cell)
        if match is None:
            continue
        if NOT_UTF8.match(match.group()):
            bad = match.group().encode("utf-8", errors="surrogateescape").hex(" ")
            found.append(Problem(shown, number, column, bad, f"not UTF-8 (bytes {bad}): save the file as UTF-8"))
        else:
            code = f"U+{ord(match.group()[0]):04X}"
            found.append(
                Problem(
                    shown,
                    number,
                    column,
                    cell[:60],
                    f"contains the control character {code}: a value is one line of plain text",
                )
            )
    if not found:  # outside every cell, e.g. a stray CR before the line end was taken for one
        found.append(Problem(shown, number, "", line[:60], "contains a control character outside the values"))
    return found


# ---------------------------------------------------------------- writing


def needs_guard(value: str) -> bool:
    """Whether a spreadsheet could run the cell as a formula: it starts (after spaces) with a formula
    character, or with a tab or line break. A plain number ("-1.67409", as the codebook writes numbers)
    is read as the value it is, and stays as written. A cell that would read as guarded ("'=1") is guarded
    too, so that unguard gives back exactly what was written."""
    if PLAIN_NUMBER.fullmatch(value):
        return False
    after_spaces, first_visible = value.lstrip(" ")[:1], value.lstrip()[:1]
    if (after_spaces and after_spaces in FORMULA_WHITESPACE) or (first_visible and first_visible in FORMULA_CHARACTERS):
        return True
    return value[:1] == "'" and needs_guard(value[1:])


def neutralise(value):
    """Prefix a text cell that would start a formula with an apostrophe, which spreadsheets show as text."""
    if isinstance(value, str) and value and needs_guard(value):
        return "'" + value
    return value


def unguard(value: str) -> str:
    """The text neutralise was given: what the kit reads back from a file it wrote (a draft)."""
    return value[1:] if value[:1] == "'" and needs_guard(value[1:]) else value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and column name neutralised; numbers, dates and booleans are values, not formulas."""
    text_columns = [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]
    safe = frame.copy()
    for column in text_columns:
        safe[column] = safe[column].map(neutralise)
    return safe.rename(columns=neutralise)


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """UTF-8, '\\n' line ends, no index, formula-safe: the one way this project writes a CSV.

    pandas writes each cell's text (numbers and dates as usual); the quoting is done here, because
    Python's csv module leaves a lone CR unquoted when lines end in LF, and a reader then starts a
    new record inside the cell. Read back, the file gives exactly the rows written.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    cells = csv.reader(
        io.StringIO(spreadsheet_safe(frame).to_csv(index=False, quoting=csv.QUOTE_ALL, lineterminator="\n"), newline="")
    )
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.writelines(_csv_line(row) for row in cells)
    return path


def _csv_line(row: list[str]) -> str:
    if row == [""]:
        return '""\n'  # a lone empty cell, which would otherwise read back as a blank line
    return (
        ",".join('"' + cell.replace('"', '""') + '"' if any(c in cell for c in ',"\r\n') else cell for cell in row)
        + "\n"
    )
