"""Each validation rule, fed bad data (a copy of the fixture case, tests/fixtures/another-war): the error
must name the file, the line, the column and the value."""

import csv
import hashlib
import os
import subprocess
import sys

import pandas as pd
import pytest

from briefkit import DataError, load_tables
from briefkit.analysis.compare import compare_claims
from briefkit.case.paths import CHECKED_VARIABLE
from briefkit.contract.codebook import TABLES
from briefkit.contract.load import data_digest
from conftest import append_rows, load_error, row_of, set_cell

# Bad data may give a DataError and nothing else: not even a warning from the libraries underneath.
pytestmark = pytest.mark.filterwarnings("error")


def test_clean_data_loads(data_dir):
    tables = load_tables(data_dir)
    assert len(tables.facts) == 17
    assert tables.places.crs.to_epsg() == 4326


def test_missing_column(data_dir):
    path = data_dir / "places.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, [c for c in rows[0] if c != "notes"], extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    message = load_error(data_dir)
    assert "data/places.csv" in message
    assert "line 1, column notes, value '': required column is missing" in message


def test_column_not_in_codebook(data_dir):
    path = data_dir / "actors.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",colour"] + [line + ",red" for line in lines[1:]]) + "\n", encoding="utf-8")
    assert "line 1, column colour, value 'colour': column is not in data/codebook.csv" in load_error(data_dir)


@pytest.mark.parametrize(
    "path, said",
    [
        ("../secret.txt", "must not contain '..': a report's text lies inside data/sources/"),
        ("sources/../../secret.txt", "must not contain '..': a report's text lies inside data/sources/"),
        ("{absolute}", "must be a path relative to data/ (sources/FILE), not an absolute one"),
        ("codebook.csv", "must name a file inside data/sources/ (sources/FILE)"),
    ],
)
def test_a_report_text_lies_inside_the_case(data_dir, path, said):
    secret = data_dir.parent / "secret.txt"
    secret.write_text("not a report\n", encoding="utf-8")
    path = path.format(absolute=secret)
    line = set_cell(data_dir, "sources", 0, "text_path", path)
    assert f"line {line}, column text_path, value '{path}': {said}" in load_error(data_dir)


def test_a_report_text_reached_through_a_link_out_of_the_case_is_refused(data_dir, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    outside.write_bytes((data_dir / "sources" / "f001.txt").read_bytes())  # the same text, checksum and all
    (data_dir / "sources" / "f001-link.txt").symlink_to(outside)
    line = set_cell(data_dir, "sources", 0, "text_path", "sources/f001-link.txt")
    assert (
        f"line {line}, column text_path, value 'sources/f001-link.txt': leads out of data/sources/ through a link"
        in load_error(data_dir)
    )


def test_unknown_place_id(data_dir):
    line = set_cell(data_dir, "facts", 0, "place_id", "vovchanskk")
    assert (
        f"data/facts.csv: 1 problem(s)\n  line {line}, column place_id, value 'vovchanskk': unknown place_id: not in data/places.csv"
        in load_error(data_dir)
    )


def test_unknown_actor_in_attributed_to(data_dir):
    line = set_cell(
        data_dir, "facts", row_of(data_dir, "facts", "attributed_to", "grey_news"), "attributed_to", "grey_newz"
    )
    assert (
        f"line {line}, column attributed_to, value 'grey_newz': unknown actor_id: not in data/actors.csv"
        in load_error(data_dir)
    )


def test_value_outside_vocabulary(data_dir):
    line = set_cell(data_dir, "facts", 3, "category", "battle")
    assert f"line {line}, column category, value 'battle': not in vocabulary 'category'" in load_error(data_dir)


def test_quote_not_in_text(data_dir):
    # A straight apostrophe where the report has a typographic one.
    index = row_of(data_dir, "facts", "fact_id", "f002-005")
    line = set_cell(data_dir, "facts", index, "quote", "Kharkiv, the country's second city")
    message = load_error(data_dir)
    assert (
        f'line {line}, column quote, value "Kharkiv, the country\'s second city": not found verbatim in report f002'
        in message
    )


def test_wrong_offset(data_dir):
    index = row_of(data_dir, "facts", "claim_id", "blue_5_miles_from_kupyansk")
    text = (data_dir / "sources/f001.txt").read_text(encoding="utf-8")
    true_start = text.index("Blue Brigade fighters were about 5 miles from Kupyansk")
    line = set_cell(data_dir, "facts", index, "quote_start", str(true_start + 3))
    assert (
        f"line {line}, column quote_start, value '{true_start + 3}': the quote is not at this offset; it occurs at offset {true_start}"
        in load_error(data_dir)
    )


def test_offset_not_an_integer(data_dir):
    line = set_cell(data_dir, "facts", 0, "quote_start", "12a")
    assert f"line {line}, column quote_start, value '12a': must be a whole number" in load_error(data_dir)


def test_interval_that_ignores_the_hedge(data_dir):
    index = row_of(data_dir, "facts", "fact_id", "f002-002")
    line = set_cell(data_dir, "facts", index, "value_low", "5000")
    message = load_error(data_dir)
    assert (
        f"line {line}, column value_low, value '5000': hedge 'nearly' on 'Nearly 5,000 people' gives 4500 under data/hedges.csv"
        in message
    )


def test_a_hedge_that_is_not_in_its_quantity_text(data_dir):
    index = row_of(data_dir, "facts", "fact_id", "f002-002")  # "Nearly 5,000 people", hedge nearly
    line = set_cell(data_dir, "facts", index, "hedge", "about")
    assert (
        f"line {line}, column hedge, value 'about': the hedge does not occur in quantity_text 'Nearly 5,000 people'"
        in load_error(data_dir)
    )


def as_range(data_dir, fact_id: str, **cells: str) -> int:
    """Code a fact's quantity as a stated range (4,500 to 5,000), with these cells changed; its line."""
    index = row_of(data_dir, "facts", "fact_id", fact_id)
    values = {"hedge": "range", "value_stated": "4500", "value_stated_high": "5000"}
    values |= {"value_low": "4500", "value_best": "4750", "value_high": "5000"} | cells
    for column, value in values.items():
        line = set_cell(data_dir, "facts", index, column, value)
    return line


def test_a_stated_range_is_one_interval_of_its_two_numbers(data_dir):
    as_range(data_dir, "f002-002")
    quantity = load_tables(data_dir).facts.set_index("fact_id").loc["f002-002"]
    assert (quantity["value_low"], quantity["value_best"], quantity["value_high"]) == (4500, 4750, 5000)


@pytest.mark.parametrize(
    "cells, column, said",
    [
        ({"value_stated_high": ""}, "value_stated_high", "a stated range: give its upper number here"),
        ({"value_stated": ""}, "value_stated", "a stated range: give its lower number here and its upper"),
        (
            {"value_stated_high": "4000", "value_high": "4000", "value_best": "4250"},
            "value_stated_high",
            "less than value_stated 4500",
        ),
        (
            {"value_best": "4600"},
            "value_best",
            "hedge 'range' on 'Nearly 5,000 people' gives 4750 under data/hedges.csv",
        ),
        (
            {
                "hedge": "nearly",
                "value_stated": "5000",
                "value_stated_high": "5000",
                "value_low": "4500",
                "value_best": "4750",
            },
            "value_stated_high",
            "only a stated range (hedge 'range') has an upper number; hedge 'nearly' takes none",
        ),
    ],
)
def test_a_stated_range_needs_both_numbers_in_order(data_dir, cells, column, said):
    line = as_range(data_dir, "f002-002", **cells)
    assert f"line {line}, column {column}, value '{cells.get(column, '')}': {said}" in load_error(data_dir)


def test_a_range_convention_takes_no_factors(data_dir):
    line = set_cell(data_dir, "hedges", row_of(data_dir, "hedges", "hedge", "range"), "low", "1")
    assert f"line {line}, column low, value '1': must be empty for rule 'range'" in load_error(data_dir)


def test_low_greater_than_best_in_hedges(data_dir):
    line = set_cell(data_dir, "hedges", row_of(data_dir, "hedges", "hedge", "dozens"), "low", "40")
    assert f"data/hedges.csv: 1 problem(s)\n  line {line}, column low, value '40': greater than best 36" in load_error(
        data_dir
    )


def test_low_greater_than_best_in_facts(data_dir):
    # A convention whose low exceeds best is reported in hedges.csv, and each fact row still gets the low > best check.
    index = row_of(data_dir, "facts", "fact_id", "f002-002")
    line = set_cell(data_dir, "facts", index, "value_low", "4800")
    assert f"line {line}, column value_low, value '4800': greater than value_best 4750" in load_error(data_dir)


def test_latitude_outside_region(data_dir):
    line = set_cell(data_dir, "places", row_of(data_dir, "places", "place_id", "kupyansk"), "lat", "53.71003")
    assert (
        f"line {line}, column lat, value '53.71003': outside the region Ukraine and its neighbours (latitude 44.0 to 53.0, data/case.toml)"
        in load_error(data_dir)
    )


def test_coordinates_need_a_reference(data_dir):
    line = set_cell(data_dir, "places", row_of(data_dir, "places", "place_id", "kharkiv"), "coord_source", "")
    assert f"line {line}, column coord_source, value '': coordinates need a reference and a precision" in load_error(
        data_dir
    )


def test_unparseable_date(data_dir):
    index = row_of(data_dir, "facts", "claim_id", "vovchansk_held")
    line = set_cell(data_dir, "facts", index, "date_start", "2025-03-32")
    assert f"line {line}, column date_start, value '2025-03-32': is not a calendar date" in load_error(data_dir)


def test_date_not_iso(data_dir):
    line = set_cell(data_dir, "sources", 0, "published", "11 Mar 2025")
    assert (
        f"data/sources.csv: 1 problem(s)\n  line {line}, column published, value '11 Mar 2025': must be a date as YYYY-MM-DD"
        in load_error(data_dir)
    )


def test_start_after_end(data_dir):
    index = row_of(data_dir, "facts", "fact_id", "f001-002")
    line = set_cell(data_dir, "facts", index, "date_end", "2025-03-01")
    assert f"line {line}, column date_end, value '2025-03-01': before date_start 2025-03-07" in load_error(data_dir)


def test_date_fields_without_a_date(data_dir):
    index = row_of(data_dir, "facts", "claim_id", "vovchansk_held")
    set_cell(data_dir, "facts", index, "date_start", "")
    line = set_cell(data_dir, "facts", index, "date_end", "")
    message = load_error(data_dir)
    assert f"line {line}, column date_text, value 'on Tuesday': the fact has no date_start/date_end" in message


def test_date_start_without_end(data_dir):
    line = set_cell(data_dir, "facts", row_of(data_dir, "facts", "claim_id", "vovchansk_held"), "date_end", "")
    assert (
        f"line {line}, column date_end, value '': date_start and date_end go together: give both or neither"
        in load_error(data_dir)
    )


def test_lat_without_lon(data_dir):
    line = set_cell(data_dir, "places", row_of(data_dir, "places", "place_id", "vovchansk"), "lon", "")
    assert f"line {line}, column lon, value '': lat and lon go together: give both or neither" in load_error(data_dir)


def test_weekday_must_match(data_dir):
    index = row_of(data_dir, "facts", "claim_id", "vovchansk_held")
    set_cell(data_dir, "facts", index, "date_start", "2025-03-12")
    line = set_cell(data_dir, "facts", index, "date_end", "2025-03-12")
    assert (
        f"line {line}, column date_start, value '2025-03-12': date_text says Tuesday but 2025-03-12 is a Wednesday"
        in load_error(data_dir)
    )


def test_inferred_date_needs_reasoning(data_dir):
    line = set_cell(data_dir, "facts", row_of(data_dir, "facts", "claim_id", "vovchansk_held"), "notes", "")
    assert f"line {line}, column notes, value '': an inferred date needs its reasoning in notes" in load_error(data_dir)


def test_duplicate_id(data_dir):
    line = set_cell(data_dir, "facts", 1, "fact_id", "f001-001")
    assert f"line {line}, column fact_id, value 'f001-001': duplicate value: must be unique" in load_error(data_dir)


def test_fact_id_names_its_source(data_dir):
    line = set_cell(data_dir, "facts", 0, "fact_id", "f002-900")
    assert (
        f"line {line}, column fact_id, value 'f002-900': must start with its source_id and a dash ('f001-')"
        in load_error(data_dir)
    )


def test_required_cell_empty(data_dir):
    line = set_cell(data_dir, "actors", 0, "side", "")
    assert f"data/actors.csv: 1 problem(s)\n  line {line}, column side, value '': must not be empty" in load_error(
        data_dir
    )


def test_speaker_must_be_named(data_dir):
    line = set_cell(data_dir, "facts", row_of(data_dir, "facts", "attributed_to", "grey_news"), "attributed_to", "")
    assert (
        f"line {line}, column attributed_to, value '': speaker_kind is 'state_media': name the speaker"
        in load_error(data_dir)
    )


def test_direction_needs_a_reference_place(data_dir):
    line = set_cell(
        data_dir, "facts", row_of(data_dir, "facts", "claim_id", "vovchansk_from_kharkiv"), "relative_to", ""
    )
    assert (
        f"line {line}, column direction, value 'NE': a direction needs relative_to: the place it is measured from"
        in load_error(data_dir)
    )


def test_direction_outside_compass(data_dir):
    line = set_cell(
        data_dir, "facts", row_of(data_dir, "facts", "claim_id", "vovchansk_from_kharkiv"), "direction", "north-east"
    )
    assert f"line {line}, column direction, value 'north-east': not in vocabulary 'compass'" in load_error(data_dir)


def test_sub_event_type_must_nest(data_dir):
    index = row_of(data_dir, "facts", "sub_event_type", "Air/drone strike")
    line = set_cell(data_dir, "facts", index, "event_type", "Battles")
    assert (
        f"line {line}, column sub_event_type, value 'Air/drone strike': belongs to event_type 'Explosions/Remote violence', not 'Battles'"
        in load_error(data_dir)
    )


def test_review_of_an_unknown_claim(data_dir):
    line = set_cell(data_dir, "claim_reviews", 0, "claim_id", "no_such_claim")
    assert (
        f"data/claim_reviews.csv: 1 problem(s)\n  line {line}, column claim_id, value 'no_such_claim': unknown claim_id: not in data/claims.csv"
        in load_error(data_dir)
    )


def test_review_verdict_outside_vocabulary(data_dir):
    line = set_cell(data_dir, "claim_reviews", 0, "verdict", "mostly true")
    assert f"line {line}, column verdict, value 'mostly true': not in vocabulary 'verdict'" in load_error(data_dir)


def test_claim_without_fact(data_dir):
    with open(data_dir / "claims.csv", "a", encoding="utf-8") as f:
        f.write("zz_orphan,A claim no report makes\n")
    message = load_error(data_dir)
    line = len((data_dir / "claims.csv").read_text(encoding="utf-8").splitlines())
    assert (
        f"data/claims.csv: 1 problem(s)\n  line {line}, column claim_id, value 'zz_orphan': no fact in data/facts.csv states this claim"
        in message
    )


def test_edited_report_fails_its_checksum(data_dir):
    path = data_dir / "sources/f002.txt"
    listed = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_bytes(path.read_bytes().replace(b"quiet", b"calm"))
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    assert f"line 3, column sha256, value '{listed}': does not match the text, whose SHA-256 is {actual}" in load_error(
        data_dir
    )


def test_empty_file(data_dir):
    (data_dir / "claims.csv").write_bytes(b"")
    message = load_error(data_dir)
    assert "  line 1, value '': file is empty: expected a header line" in message
    # What could not be checked without the file is named, not silently skipped.
    assert (
        "data/claims.csv: 2 problem(s)\n  whole file: until this file is fixed, these checks did not run: "
        "claim_reviews.csv's claim_id refers to claims.csv; facts.csv's claim_id refers to claims.csv; updates.csv's claim_id refers to "
        "claims.csv; updates.csv's updates refers to claims.csv; every claim is stated by a fact"
    ) in message


def test_byte_order_mark(data_dir):
    path = data_dir / "actors.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert "data/actors.csv: 1 problem(s)\n  line 1, value '\\ufeff': file starts with a byte-order mark" in load_error(
        data_dir
    )


def test_not_utf8(data_dir):
    path = data_dir / "places.csv"
    raw = path.read_bytes()
    lines = raw.split(b"\n")
    lines[2] = lines[2].replace(b"Vovchansk,", "Vovch\u00e9nsk,".encode("latin-1"), 1)  # an é in Latin-1 on line 3
    path.write_bytes(b"\n".join(lines))
    assert "  line 3, column name, value 'e9': not UTF-8 (bytes e9): save the file as UTF-8" in load_error(data_dir)


def test_ragged_row(data_dir):
    path = data_dir / "actors.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] += ",extra"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = load_error(data_dir)
    assert "data/actors.csv: 2 problem(s)\n" in message
    assert (
        "  line 3, value 'grey_army,the Grey Army,,state_forces,government,1,extra': row has 7 fields, the header has 6"
        in message
    )
    # Its rows are gone, so references to actors would be false alarms: that check waits, and says so.
    assert (
        "whole file: until this file is fixed, these checks did not run: facts.csv's subject refers to actors.csv"
        in message
    )


def test_every_problem_is_listed_at_once(data_dir):
    facts_line = set_cell(data_dir, "facts", 0, "place_id", "nowhere")
    places_line = set_cell(data_dir, "places", 0, "lon", "99")
    actors_line = set_cell(data_dir, "actors", 0, "kind", "wizard")
    with pytest.raises(DataError) as caught:
        load_tables(data_dir)
    found = {(p.file, p.line, p.column, p.value) for p in caught.value.problems}
    assert {
        ("data/facts.csv", facts_line, "place_id", "nowhere"),
        ("data/places.csv", places_line, "lon", "99"),
        ("data/actors.csv", actors_line, "kind", "wizard"),
    } <= found
    assert str(caught.value).startswith(f"{len(caught.value.problems)} data problem(s):")


# ---------------------------------------------------------------- inputs that once crashed or hid other problems


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_case_toml_syntax_error(data_dir):
    replace_in(data_dir / "case.toml", "lat_min = 44.0", "lat_min = = 44.0")
    message = load_error(data_dir)
    assert "data/case.toml: 2 problem(s)" in message
    assert "  line 6, value 'lat_min = = 44.0': not valid TOML: Invalid value (at line 6, column 11)" in message
    assert (
        "whole file: until this file is fixed, these checks did not run: places have referenced coordinates inside the case's region"
        in message
    )


def test_case_toml_without_region(data_dir):
    path = data_dir / "case.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("[region]")], encoding="utf-8")
    message = load_error(data_dir)
    assert "data/case.toml: 2 problem(s)\n" in message
    assert "  whole file: required section [region] is missing" in message


def test_case_toml_bad_values(data_dir):
    path = data_dir / "case.toml"
    replace_in(path, "\n[region]", '\nas_of = "3 December"\n\n[region]')
    replace_in(path, "[region]\n", "[region]\nlat_mn = 1\n")
    with open(path, "a", encoding="utf-8") as f:
        f.write('\n[map]\ncrs = "EPSG:4326"\n')
    message = load_error(data_dir)
    assert "  line 4, column as_of, value '3 December': must be a date as \"YYYY-MM-DD\"" in message
    assert (
        "  line 7, column region.lat_mn, value '1': unknown key: the kit reads region.name, region.lat_min" in message
    )
    assert "column map.crs, value 'EPSG:4326': must be a projected CRS (maps are drawn in metres)" in message


def test_codebook_without_a_column(data_dir):
    path = data_dir / "codebook.csv"
    with open(path, encoding="utf-8", newline="") as f:
        rows = [row[:5] + row[6:] for row in csv.reader(f)]  # drop "vocabulary"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    message = load_error(data_dir)
    assert (
        "data/codebook.csv: 2 problem(s)\n  whole file: until this file is fixed, these checks did not run: the columns of data/sources.csv;"
        in message
    )
    assert "  line 1, column vocabulary, value '': required column is missing" in message


def test_codebook_names_an_unknown_vocabulary(data_dir):
    line = set_cell(
        data_dir, "codebook", row_of(data_dir, "codebook", "vocabulary", "category"), "vocabulary", "categroy"
    )
    assert (
        f"data/codebook.csv: 1 problem(s)\n  line {line}, column vocabulary, value 'categroy': unknown vocabulary: not in data/vocabularies.csv"
        in load_error(data_dir)
    )


def test_codebook_rows_are_checked(data_dir):
    type_line = set_cell(data_dir, "codebook", 0, "type", "string")
    reference_line = set_cell(
        data_dir,
        "codebook",
        row_of(data_dir, "codebook", "references", "places.place_id"),
        "references",
        "place.place_id",
    )
    message = load_error(data_dir)
    assert (
        f"line {type_line}, column type, value 'string': unknown type: allowed are text, id, integer, number, date, sha256"
        in message
    )
    assert (
        f"line {reference_line}, column references, value 'place.place_id': must name a described column as table.column"
        in message
    )


def test_report_not_utf8_although_its_checksum_matches(data_dir):
    path = data_dir / "sources/f002.txt"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252"))  # the report's ’ becomes byte 92
    set_cell(data_dir, "sources", 1, "sha256", hashlib.sha256(path.read_bytes()).hexdigest())
    line = text[: text.index("’")].count("\n") + 1
    offset = len(text[: text.index("’")].encode("utf-8"))  # bytes before it, from the start of the file
    message = load_error(data_dir)
    assert (
        "data/sources/f002.txt: 2 problem(s)\n"
        "  whole file: until this file is fixed, these checks did not run: quotes of the facts of report f002\n"
        f"  line {line}, value '92': not UTF-8 (bytes 92 at byte offset {offset})"
    ) in message


def test_a_byte_order_mark_hides_nothing_else(data_dir):
    path = data_dir / "facts.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    line = set_cell(data_dir, "places", row_of(data_dir, "places", "place_id", "kharkiv"), "lat", "95")
    message = load_error(data_dir)
    assert "data/facts.csv: 1 problem(s)\n  line 1, value '\\ufeff': file starts with a byte-order mark" in message
    assert f"data/places.csv: 1 problem(s)\n  line {line}, column lat, value '95': outside the region" in message


def test_unclosed_quote_is_reported_where_it_opens_and_hides_nothing(data_dir):
    place_line = set_cell(data_dir, "facts", 0, "place_id", "vovchanskk")
    path = data_dir / "facts.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[9] = lines[9].replace(",f001,", ',"f001,', 1)  # line 10: the source_id's quote is never closed
    path.write_text("\n".join(lines), encoding="utf-8")
    message = load_error(data_dir)
    assert "data/facts.csv: 3 problem(s)\n  whole file: until this file is fixed, these checks did not run: " in message
    assert "; every claim is stated by a fact" in message
    assert f"  line {place_line}, column place_id, value 'vovchanskk': unknown place_id" in message
    assert "  line 10, column source_id, value 'f001-009,\"f001,vovchansk_from_kharkiv," in message
    assert "a quoted value starts here and is not closed on this line (a value may not span lines)" in message


def test_header_only_facts_is_one_problem(data_dir):
    (data_dir / "map_symbols.csv").unlink()  # optional (here header-only); it too refers to facts
    path = data_dir / "facts.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    claims = len((data_dir / "claims.csv").read_text(encoding="utf-8").splitlines()) - 1
    assert (
        "1 data problem(s):\ndata/facts.csv: 1 problem(s)\n"
        f"  line 1, value '': the table has no rows, but data/claims.csv has {claims} claim(s), each to be stated by a fact"
    ) in load_error(data_dir)


def test_number_in_exponent_form_is_one_problem(data_dir):
    line = set_cell(data_dir, "facts", row_of(data_dir, "facts", "fact_id", "f002-002"), "value_stated", "5e3")
    assert (
        f"1 data problem(s):\ndata/facts.csv: 1 problem(s)\n  line {line}, column value_stated, value '5e3': must be a number with '.' as decimal point"
        in load_error(data_dir)
    )


def test_bad_date_on_report_day_is_one_problem(data_dir):
    index = row_of(data_dir, "facts", "date_basis", "report_date")
    line = set_cell(data_dir, "facts", index, "date_start", "2025-03-32")
    assert (
        f"1 data problem(s):\ndata/facts.csv: 1 problem(s)\n  line {line}, column date_start, value '2025-03-32': is not a calendar date"
        in load_error(data_dir)
    )


def test_required_text_made_of_blanks(data_dir):
    line = set_cell(data_dir, "actors", 0, "name", "   ")
    assert f"line {line}, column name, value '   ': must not be blank (only spaces)" in load_error(data_dir)


def test_blank_id_is_one_problem(data_dir):
    line = set_cell(data_dir, "actors", 0, "actor_id", "  ")
    found = [p for p in load_error(data_dir).splitlines() if f"line {line}, column actor_id," in p]
    assert found == [
        f"  line {line}, column actor_id, value '  ': must be an id: lower-case letters, digits, '_' or '-'"
    ]


@pytest.mark.parametrize("character", ["\r", "\x00", "\t", "\u2028"])
def test_control_characters_in_a_value(data_dir, character):
    value = f"Kharkiv{character}=HYPERLINK(1)"
    line = set_cell(data_dir, "places", row_of(data_dir, "places", "place_id", "kharkiv"), "notes", value)
    code = f"U+{ord(character):04X}"
    message = load_error(data_dir)
    if character == "\r":  # written unquoted, as csv.writer does: a CSV reader would end the record there
        assert f"line {line}, value " in message
    else:
        assert f"line {line}, column notes, value {value!r}: " in message
    assert f"contains the control character {code}: a value is one line of plain text" in message


def test_line_break_inside_a_quoted_value(data_dir):
    line = set_cell(
        data_dir, "places", row_of(data_dir, "places", "place_id", "kharkiv"), "notes", "first line\nsecond line"
    )
    message = load_error(data_dir)
    assert f"  line {line}, column notes, value " in message
    assert "a quoted value starts here and is not closed on this line (a value may not span lines)" in message


def test_relation_needs_an_object(data_dir):
    index = row_of(data_dir, "facts", "relation", "strikes")
    line = set_cell(data_dir, "facts", index, "object", "")
    assert (
        f"line {line}, column object, value '': relation 'strikes' needs an object: a relation links two actors "
        "(an event at a place has a subject and a place_id, no relation)"
    ) in load_error(data_dir)


def test_case_toml_defaults_as_of_and_crs(data_dir):
    path = data_dir / "case.toml"
    text = path.read_text(encoding="utf-8")
    assert "[map]" not in text
    tables = load_tables(data_dir)
    assert "as_of" not in tables.case and tables.as_of == pd.Timestamp("2025-03-13")  # the newest report's day
    assert tables.crs == "EPSG:32637"  # the places' centre, about 36.9°E: UTM zone 37N (36°E to 42°E)
    path.write_text(
        text.replace("\n[region]", '\nas_of = "2025-03-20"\n\n[region]') + '\n[map]\ncrs = "EPSG:3857"\n',
        encoding="utf-8",
    )
    tables = load_tables(data_dir)
    assert (tables.as_of, tables.crs) == (pd.Timestamp("2025-03-20"), "EPSG:3857")


def test_map_tables_are_checked(data_dir):
    append_rows(
        data_dir,
        "map_symbols",
        [
            {"figure": "situation-map", "fact_id": "f001-001", "shown": "yes"},
            {"figure": "situation-map", "fact_id": "f001-001", "shown": "maybe"},
            {"figure": "front_map", "fact_id": "f001-999", "shown": "no"},
        ],
    )
    append_rows(
        data_dir,
        "map_routes",
        [
            {"figure": "front-map", "label": "detour", "kind": "road", "places": "kharkiv; atlantis"},
            {"figure": "front-map", "label": "stub", "kind": "bridge", "places": "kharkiv"},
        ],
    )
    with open(data_dir / "case.toml", "a", encoding="utf-8") as f:
        f.write('\n[map]\nfront_focus = "vovchanskk"\n')
    focus_line = len((data_dir / "case.toml").read_text(encoding="utf-8").splitlines())
    message = load_error(data_dir)
    symbols = len((data_dir / "map_symbols.csv").read_text(encoding="utf-8").splitlines())
    routes = len((data_dir / "map_routes.csv").read_text(encoding="utf-8").splitlines())
    assert f"line {symbols - 1}, column shown, value 'maybe': not in vocabulary 'shown'" in message
    assert f"line {symbols - 1}, column fact_id, value 'f001-001': this fact already has a row for this map" in message
    assert f"line {symbols}, column figure, value 'front_map': not in vocabulary 'figure'" in message
    assert f"line {symbols}, column fact_id, value 'f001-999': unknown fact_id: not in data/facts.csv" in message
    assert (
        f"line {routes - 1}, column places, value 'kharkiv; atlantis': unknown place_id(s) 'atlantis': not in data/places.csv"
        in message
    )
    assert f"line {routes}, column kind, value 'bridge': not in vocabulary 'route_kind'" in message
    assert f"line {routes}, column places, value 'kharkiv': a route needs at least two places" in message
    assert (
        f"data/case.toml: 1 problem(s)\n  line {focus_line}, column map.front_focus, value 'vovchanskk': unknown place_id: not in data/places.csv"
        in message
    )


def test_updates_are_checked(data_dir):
    append_rows(
        data_dir,
        "updates",
        [
            {"claim_id": "vovchansk_held", "updates": "vovchansk_held", "kind": "develops", "explanation": "itself"},
            {
                "claim_id": "vovchansk_taken",
                "updates": "vovchansk_held",
                "kind": "develops",
                "explanation": "backwards in time",
            },
            {"claim_id": "vovchansk_held", "updates": "no_such_claim", "kind": "reverses", "explanation": "unknown"},
        ],
    )
    rows = len((data_dir / "updates.csv").read_text(encoding="utf-8").splitlines())
    message = load_error(data_dir)
    assert f"line {rows - 2}, column updates, value 'vovchansk_held': a claim cannot update itself" in message
    assert (
        f"line {rows - 1}, column updates, value 'vovchansk_held': first reported on 2025-03-13, not before the update "
        "'vovchansk_taken' (first reported on 2025-03-11)"
    ) in message
    assert f"line {rows}, column updates, value 'no_such_claim': unknown claim_id: not in data/claims.csv" in message
    assert f"line {rows}, column kind, value 'reverses': not in vocabulary 'update_kind'" in message


def test_a_case_written_before_updates_existed_still_loads(data_dir):
    # the contract of an older kit: no updates table in the codebook, no update verdict or kinds
    (data_dir / "updates.csv").unlink()
    for table, old in (
        ("codebook", lambda line: not line.startswith("updates,")),
        ("vocabularies", lambda line: not line.startswith(("update_kind,", "verdict,updated,"))),
        ("claim_reviews", lambda line: ",updated," not in line),
    ):
        path = data_dir / f"{table}.csv"
        path.write_text(
            "".join(filter(old, path.read_text(encoding="utf-8").splitlines(keepends=True))), encoding="utf-8"
        )
    tables = load_tables(data_dir)
    assert tables.updates.empty and list(tables.updates.columns) == ["claim_id", "updates", "kind", "explanation"]
    assert compare_claims(tables).set_index("claim_id").loc["vovchansk_taken", "verdict"] == "only_in_one_report"


def test_data_the_build_checked_loads_the_same_tables_without_the_checks(data_dir, monkeypatch):
    checked = load_tables(data_dir)
    monkeypatch.setenv(CHECKED_VARIABLE, data_digest(data_dir))  # as the build hands it to its kernels
    again = load_tables(data_dir)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(checked, name))
    assert (again.texts, again.case) == (checked.texts, checked.case)


def test_data_changed_after_the_build_checked_it_is_checked_again(data_dir, monkeypatch):
    monkeypatch.setenv(CHECKED_VARIABLE, data_digest(data_dir))
    (data_dir / "derived").mkdir(exist_ok=True)
    (data_dir / "derived" / "quantities.csv").write_text("written by a notebook during the build\n", encoding="utf-8")
    assert data_digest(data_dir) == os.environ[CHECKED_VARIABLE]  # the kit's outputs are not what was checked
    line = set_cell(data_dir, "facts", 3, "category", "battle")
    assert f"line {line}, column category, value 'battle': not in vocabulary 'category'" in load_error(data_dir)


def test_a_report_text_changed_after_the_build_checked_it_is_checked_again(data_dir, monkeypatch):
    monkeypatch.setenv(CHECKED_VARIABLE, data_digest(data_dir))
    report = sorted((data_dir / "sources").glob("*.txt"))[0]
    report.write_text(report.read_text(encoding="utf-8") + "A sentence added later.\n", encoding="utf-8")
    assert f"does not match the text, whose SHA-256 is {hashlib.sha256(report.read_bytes()).hexdigest()}" in load_error(
        data_dir
    )


def test_hypothesis_is_importable_after_pandera_was_set_up_without_it():
    # a fresh process: in this one, the fuzz tests may have imported hypothesis already
    script = (
        "import sys; from briefkit.contract.codebook import pandera; pa = pandera(); "
        "assert 'hypothesis' not in sys.modules; import hypothesis.strategies; "
        "assert pa.DataFrameSchema({'n': pa.Column(int, pa.Check.ge(0))}).validate(__import__('pandas').DataFrame({'n': [1]})) is not None"
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_two_units_shown_alike_are_named_with_their_lines(data_dir):
    # a reader could not tell 4 km² from 4 sq mi if both were written "km²"; nor two of a case's own units
    # whose ids differ only by an underscore (shown with spaces, neither having a label)
    square_miles = row_of(data_dir, "vocabularies", "value", "square_miles")
    label_line = set_cell(data_dir, "vocabularies", square_miles, "label", "km²")
    own = {"vocabulary": "unit", "parent": "money", "meaning": "US dollars.", "source": "case study"}
    append_rows(data_dir, "vocabularies", [own | {"value": "us_dollars"}, own | {"value": "us dollars"}])
    message = load_error(data_dir)
    assert "data/vocabularies.csv: 2 problem(s)" in message
    assert (
        f"  line {label_line}, column label, value 'km²': shown to readers as 'km²', as another value of its "
        "vocabulary is: give each its own label" in message
    )
    assert "column label, value '': shown to readers as 'us dollars', as another value of its vocabulary is" in message


def test_a_unit_is_written_as_readers_write_it(tables):
    assert tables.codebook.label("unit", "square_km") == "km²"  # its label in the unit vocabulary
    assert tables.codebook.label("unit", "us_dollars") == "us dollars"  # a case's own unit with no label
    assert tables.codebook.label("unit", float("nan")) == ""
