"""The synthetic stream of reports (briefkit.commands.stream): it loads, it is the same bytes every time,
and it holds what a stream of wire news holds."""

from pathlib import Path

import pandas as pd
import pytest

from briefkit import load_tables
from briefkit.commands.stream import WIRE, write_stream
from conftest import SMALL_STREAM


def data_bytes(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_the_small_stream_builds_every_figure_and_the_briefing(small_stream):
    tables = load_tables(small_stream)
    assert len(tables.sources) == SMALL_STREAM["reports"]
    assert tables.sources["published"].nunique() == SMALL_STREAM["days"]
    assert {path.stem for path in small_stream.figures.glob("*.png")} == set(tables.codebook.vocabularies["figure"])
    days = sorted(path.name for path in small_stream.briefing.glob("20*.html"))
    assert days == [f"{day:%Y-%m-%d}.html" for day in sorted(tables.sources["published"].unique())]


def test_the_same_arguments_write_the_same_bytes(tmp_path):
    first = write_stream(tmp_path / "a" / "case", **SMALL_STREAM)
    second = write_stream(tmp_path / "b" / "case", **SMALL_STREAM)
    assert data_bytes(first.data) == data_bytes(second.data)
    other_seed = write_stream(tmp_path / "c", **SMALL_STREAM, seed=1)
    assert data_bytes(other_seed.data) != data_bytes(first.data)


def test_one_more_report_leaves_the_stream_before_it_as_it_was(tmp_path):
    stream = data_bytes(write_stream(tmp_path / "a", **SMALL_STREAM).data)
    case = write_stream(tmp_path / "b", **SMALL_STREAM, more=1)
    longer = data_bytes(case.data)
    added = sorted(set(longer) - set(stream))
    assert added == ["sources/s007.txt"]
    assert all(longer[name] == stream[name] for name in stream if not name.endswith(".csv"))
    for name in ("sources.csv", "facts.csv"):  # the rows before stay byte for byte, the new report's follow
        assert longer[name].startswith(stream[name]) and len(longer[name]) > len(stream[name])
    tables = load_tables(case)
    assert tables.sources["published"].iloc[-1] == tables.sources["published"].max()


def test_the_stream_holds_wire_copies_growing_numbers_new_places_and_an_overturn(tmp_path):
    tables = load_tables(write_stream(tmp_path / "case", reports=12, days=4, outlets=4))
    sources, facts = tables.sources, tables.facts
    rewrites = sources.loc[sources["contributors"] == WIRE, "source_id"]
    wire = sources.loc[sources["outlet"] == WIRE, "source_id"]
    assert len(wire) == 4 and len(rewrites) >= 4
    # a rewrite shares quotes word for word with the wire copy of its day
    wire_quotes = set(facts.loc[facts["source_id"].isin(wire), "quote"])
    assert facts.loc[facts["source_id"].isin(rewrites), "quote"].isin(wire_quotes).any()
    # the number of people who fled grows from day to day in the wire copies
    fled = facts.loc[facts["source_id"].isin(wire) & facts["category"].eq("displacement")]
    assert fled["claim_id"].nunique() == 1 and fled["value_best"].is_monotonic_increasing
    assert fled["value_best"].iloc[-1] > fled["value_best"].iloc[0]
    # each day a place is taken that no earlier day named
    taken = facts.loc[facts["category"].eq("territory_change")].merge(sources[["source_id", "published"]])
    first_named = taken.groupby("place_id")["published"].min()
    assert first_named.nunique() == 4
    # a claim of the first days is overturned by a later one
    assert list(tables.updates["kind"]) == ["overturns"]
    overturned = tables.updates.iloc[0]
    said_on = facts.merge(sources[["source_id", "published"]]).groupby("claim_id")["published"]
    assert said_on.max()[overturned["updates"]] < said_on.min()[overturned["claim_id"]]


@pytest.mark.parametrize("arguments", [{"reports": 0}, {"days": 0}, {"outlets": 0}, {"more": -1}])
def test_a_stream_of_nothing_is_refused(tmp_path, arguments):
    with pytest.raises(ValueError, match="at least"):
        write_stream(tmp_path / "case", **arguments)


def test_places_and_actors_are_the_vocabularys_rows_with_their_references(tmp_path):
    from briefkit.case.paths import KIT

    case = write_stream(tmp_path / "case", **SMALL_STREAM)
    for table, key in (("places", "place_id"), ("actors", "actor_id")):
        theirs = pd.read_csv(KIT / "data" / f"{table}.csv", dtype=str, keep_default_na=False).set_index(key)
        ours = pd.read_csv(case.data / f"{table}.csv", dtype=str, keep_default_na=False).set_index(key)
        assert not ours.empty
        pd.testing.assert_frame_equal(ours, theirs.loc[ours.index, ours.columns])
