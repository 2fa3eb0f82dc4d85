"""The one CSV writer: whatever text goes in, the file reads back as exactly the rows written (neutralised),
no cell a spreadsheet opens can start a formula, and what the kit reads back of a file it wrote (unguard)
is exactly what it wrote; a plain number is a value, never guarded."""

import csv
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from briefkit.contract.csvfile import PLAIN_NUMBER, neutralise, unguard, write_csv

# Any text a cell can hold in UTF-8 (lone surrogates cannot be encoded at all), weighted towards the dangerous.
cells = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.text(st.sampled_from(list("=+-@＝＋－＠ \t\r\n\",'abc;|!")), max_size=8),
)
tables = st.integers(1, 4).flatmap(
    lambda width: st.tuples(
        st.lists(cells, min_size=width, max_size=width, unique=True),
        st.lists(st.lists(cells, min_size=width, max_size=width), max_size=6),
    )
)
# What a spreadsheet may run as a formula when a cell starts with it (checked here without the writer's own rule).
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def written_and_read_back(header: list[str], rows: list[list[str]]) -> list[list[str]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_csv(pd.DataFrame(rows, columns=header, dtype=object), Path(tmp) / "table.csv")
        with open(path, encoding="utf-8", newline="") as f:
            return list(csv.reader(f))


@settings(max_examples=400, deadline=None)
@given(tables)
def test_any_text_reads_back_as_the_neutralised_rows(table):
    header, rows = table
    records = written_and_read_back(header, rows)
    assert records == [[neutralise(c) for c in record] for record in [header, *rows]]
    for record in records:
        for cell in record:
            assert PLAIN_NUMBER.fullmatch(cell) or not cell.lstrip(" ").startswith(DANGEROUS_STARTS), record


@settings(max_examples=400, deadline=None)
@given(cells)
def test_unguard_gives_back_exactly_the_text_neutralised(text):
    assert unguard(neutralise(text)) == text


def test_carriage_return_cannot_start_a_record():
    hostile = "Kharkiv\r=cmd|' /C calc'!A0"
    rows = [[f"place {n}", hostile if n == 6 else "ok"] for n in range(13)]
    records = written_and_read_back(["place", "note"], rows)
    assert len(records) == 14  # the header and 13 rows, not 15 records
    assert records[7] == ["place 6", hostile]


def test_formulas_behind_spaces_and_full_width_signs_are_neutralised():
    records = written_and_read_back(["note"], [[" =1+1"], ["＝1+1"], ["\t@SUM(A1)"], ["-5+1"], ["a=b"], [""]])
    assert [r[0] for r in records[1:]] == ["' =1+1", "'＝1+1", "'\t@SUM(A1)", "'-5+1", "a=b", ""]


def test_a_number_written_as_text_stays_a_number_and_a_guarded_looking_text_is_guarded():
    # a draft's places file holds coordinates as text: south of the equator and west of Greenwich they start with "-"
    records = written_and_read_back(["lat", "note"], [["-1.67409", "'=1"], ["-73", "'-1.5"], ["-0.5e3", "-"]])
    assert records[1:] == [["-1.67409", "''=1"], ["-73", "'-1.5"], ["'-0.5e3", "'-"]]
    assert [unguard(cell) for record in records[1:] for cell in record] == [
        "-1.67409",
        "'=1",
        "-73",
        "'-1.5",
        "-0.5e3",
        "-",
    ]


def test_numbers_stay_numbers():
    frame = pd.DataFrame({"longitude": [-73.99, 36.2], "count": [-1, 2]})
    with tempfile.TemporaryDirectory() as tmp:
        text = write_csv(frame, Path(tmp) / "n.csv").read_text(encoding="utf-8")
    assert text == "longitude,count\n-73.99,-1\n36.2,2\n"
