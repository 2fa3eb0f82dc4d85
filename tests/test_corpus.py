"""The evaluation cases of bench/corpus/ stay valid: each loads under the kit's contract, and its report
texts are the bytes the manifest lists."""

import csv
import hashlib

import pytest

from briefkit import load_tables
from briefkit.case.paths import KIT, Case

CORPUS = KIT / "bench" / "corpus"
with open(CORPUS / "manifest.csv", encoding="utf-8", newline="") as f:
    MANIFEST = list(csv.DictReader(f))


@pytest.mark.parametrize("case", sorted({row["case"] for row in MANIFEST}))
def test_a_corpus_case_loads(case):
    tables = load_tables(Case(CORPUS / case))
    listed = {row["source_id"] for row in MANIFEST if row["case"] == case}
    assert set(tables.sources["source_id"]) == listed and len(tables.facts) > 0


@pytest.mark.parametrize("row", MANIFEST, ids=lambda row: f"{row['case']}/{row['source_id']}")
def test_a_corpus_text_is_the_one_listed(row):
    assert hashlib.sha256((CORPUS / row["file"]).read_bytes()).hexdigest() == row["sha256"]
    assert row["split"] in ("dev", "test")
