import csv

from briefkit.case.paths import Case
from briefkit.contract.quotes import fill_offsets, occurrences, summary
from conftest import row_of, set_cell


def test_occurrences_finds_every_one():
    assert occurrences("ana", "banana") == [1, 3]
    assert occurrences("x", "banana") == []


def test_fill_offsets_fills_only_empty_unique_quotes(data_dir):
    index = row_of(data_dir, "facts", "fact_id", "f001-002")
    set_cell(data_dir, "facts", index, "quote_start", "")
    ambiguous = row_of(data_dir, "facts", "fact_id", "f001-007")
    set_cell(data_dir, "facts", ambiguous, "quote", "Kupyansk")  # named four times in f001
    set_cell(data_dir, "facts", ambiguous, "quote_start", "")
    filled, left = fill_offsets(Case(data_dir.parent))
    with open(data_dir / "facts.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    text = (data_dir / "sources/f001.txt").read_text(encoding="utf-8")
    assert rows[index]["quote_start"] == str(text.index("about 3,000 people had fled"))
    assert rows[ambiguous]["quote_start"] == ""
    assert filled == ["f001-002"]
    assert len(left) == 1 and left[0].startswith("f001-007: quote found")
    assert summary(filled, left, "data/facts.csv") == (
        "filled 1 quote_start offset in data/facts.csv (f001-002); 1 left for you to place:\n" + left[0]
    )
    assert summary([], [], "data/facts.csv") == "no empty quote_start to fill in data/facts.csv"
