"""The coded facts against the report texts, checked independently of the loader."""

import datetime as dt
import hashlib
import re

import pytest

from briefkit import load_tables
from briefkit.paths import KIT

DATA = KIT / "data"

# From ../shared/sources/README.md, copied by hand.
PUBLISHED_SHA256 = {
    "000_9b2bc63a36aa5227.txt": "5baabaf24ef2693a5ef3b83aeaa47f4e62dfd5ab10b387de2784af42acdc7d97",
    "002_e256ea1b2452d8a3.txt": "ff069a6cb64a2808a2615a85f50417079bfed62adc68203ee4efb93712daf3a5",
}
# Words that state or hedge an amount; each occurrence must sit inside some coded quote.
# Lines deliberately not coded: a link to another article, and the contributors line (in sources.csv).
NOT_FACTS = ("Related: Who controls what territory in Syria?", "Reuters, the Associated Press and Agence France-Presse contributed to this report")
AMOUNT_WORDS = r"\b(dozens|several|hundreds?|thousands|millions|nearly|about|at least|multiple|a number of|a small number|decade|fourth|second|largest|many)\b"


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def covered(tables, source_id):
    """A test of whether a span of the report lies inside some coded quote or a line that is not a fact."""
    text = tables.texts[source_id]
    spans = [(s, s + len(q)) for s, q in tables.facts.loc[lambda d: d["source_id"] == source_id, ["quote_start", "quote"]].itertuples(index=False)]
    spans += [(text.index(line), text.index(line) + len(line)) for line in NOT_FACTS if line in text]
    return lambda start, end: any(a <= start and end <= b for a, b in spans)


def test_reports_are_the_published_bytes(tables):
    # The two reports the default case ships with are checked against the checksums their README publishes;
    # a report added later is checked by the loader against its own sha256 in sources.csv.
    shipped = {path.split("/")[-1]: path for path in tables.sources["text_path"]}
    assert set(PUBLISHED_SHA256) <= set(shipped)
    for name, sha256 in PUBLISHED_SHA256.items():
        assert hashlib.sha256((DATA / shipped[name]).read_bytes()).hexdigest() == sha256


def test_every_quote_is_verbatim(tables):
    for fact in tables.facts.itertuples():
        text = tables.texts[fact.source_id]
        assert text[fact.quote_start : fact.quote_start + len(fact.quote)] == fact.quote, fact.fact_id


def test_every_number_and_year_is_coded(tables):
    for source_id, text in tables.texts.items():
        inside = covered(tables, source_id)
        missed = [m.group() for m in re.finditer(r"\d[\d,]*", text) if not inside(*m.span())]
        assert missed == [], source_id


def test_every_amount_word_is_coded(tables):
    for source_id, text in tables.texts.items():
        inside = covered(tables, source_id)
        missed = [text[max(0, m.start() - 30) : m.end() + 20] for m in re.finditer(AMOUNT_WORDS, text, flags=re.I) if not inside(*m.span())]
        assert missed == [], source_id


def test_every_named_place_is_coded(tables):
    # Every name of a place in places.csv (and its variants) that a report uses lies inside some coded quote.
    names = set(tables.places["name"]) | {v.strip() for vs in tables.places["variants"].dropna() for v in vs.split(";")}
    for source_id, text in tables.texts.items():
        inside = covered(tables, source_id)
        missed = [
            text[max(0, m.start() - 30) : m.end() + 10]
            for name in names
            for m in re.finditer(rf"\b{re.escape(name)}\b", text)  # "Syrian" is an adjective, not the place
            if not inside(*m.span())
        ]
        assert missed == [], source_id


def test_tuesday_is_the_third_of_december():
    assert dt.date(2024, 12, 3).strftime("%A") == "Tuesday"
    assert dt.date(2024, 12, 2).strftime("%A") == "Monday"
