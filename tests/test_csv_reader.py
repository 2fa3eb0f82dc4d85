"""The reader has two ways through a file: numpy and pandas' C parser for plain CSV, the csv module line by line
for everything else. Whatever the bytes, both must give the same rows, line numbers and problems."""

import csv
import importlib.util
import io
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefkit import load_tables
from briefkit.case.paths import KIT
from briefkit.contract import csvfile

HEADER = "a,b,c\n"
# Bytes that make or break CSV, and a few that are not plain text.
awkward_text = st.text(st.sampled_from(list('ab,,"""\n\n\r é\x00\t\u2028')), max_size=40)
cells = st.text(st.sampled_from(list('ab, "é\r\n')), max_size=6)
rows = st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=5)


def read(raw: bytes, quick: bool) -> tuple:
    """The table as read the quick way when it can be, or as read line by line."""
    with mock.patch.object(csvfile, "_simple_records", csvfile._simple_records if quick else lambda raw, width: False):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "t.csv"
            path.write_bytes(raw)
            table = csvfile.read_table(path, "t", "data/t.csv")
    return table.frame.to_numpy().tolist(), table.lines.tolist(), table.problems, table.readable, table.complete


def assert_same_either_way(body: str) -> None:
    raw = (HEADER + body).encode("utf-8", errors="surrogateescape")
    assert read(raw, True) == read(raw, False)


@settings(max_examples=300, deadline=None)
@given(awkward_text)
@example('1,"x""y",3\n4,5,6\n')  # a doubled quote inside a quoted value
@example('1,"x"y,3\n')  # text after a closing quote: the csv module refuses it, pandas would not
@example('1,"x,"y",3\n')  # a comma before a quote inside a quoted value is not a new value
@example('1,x"y,3\n')  # a quote inside an unquoted value
@example("1,2\n3,4,5\n")  # a short row
@example("1,2,3\n\n4,5,6")  # a blank line, and no line end at the end
@example('1,"2\n",3\n')  # a line break inside quotes
@example("1,2,3\r\n4,5,6\r\n")
def test_any_text_reads_the_same_either_way(body):
    assert_same_either_way(body)


@settings(max_examples=200, deadline=None)
@given(rows)
def test_well_formed_csv_reads_the_same_either_way(table):
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows(table)
    assert_same_either_way(text.getvalue())


@pytest.mark.parametrize(
    "body", ['1,"x"y,3\n', '1,"x,"y",3\n', '1,x"y,3\n', "1,2\n", "1,2,3,4\n", "1,2,3\n\n", '1,"2\n3",4\n']
)
def test_what_is_not_plain_is_left_to_the_csv_module(body):
    assert not csvfile._simple_records((HEADER + body).encode(), 3)


@pytest.mark.parametrize("body", ["1,2,3\n", '1,"x,y",""\n', '"a ""b""",,\r\n', "1,2,3"])
def test_plain_csv_takes_the_quick_way(body):
    assert csvfile._simple_records((HEADER + body).encode(), 3)


def test_the_case_tables_read_the_same_either_way(default_data_dir):
    for path in sorted(default_data_dir.glob("*.csv")):
        quick, line_by_line = read(path.read_bytes(), True), read(path.read_bytes(), False)
        assert quick == line_by_line, path.name
        assert len(quick[0]) == path.read_text(encoding="utf-8").count("\n") - 1, path.name


def test_the_loader_benchmark_grows_a_case_that_loads(default_data_dir):
    spec = importlib.util.spec_from_file_location("bench_loader", KIT / "bench" / "loader.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    bench.grow_facts(default_data_dir, 500)
    assert len(load_tables(default_data_dir).facts) == 500
