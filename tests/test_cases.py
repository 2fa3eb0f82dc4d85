"""Cases: a new case builds before it has facts, and a case on another war builds end to end with no
code change, naming nothing of the default case."""

import csv
import dataclasses
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from IPython.core.displayhook import DisplayHook

from briefkit import load_tables
from briefkit.analysis.compare import compare_claims
from briefkit.analysis.days import news_window_start, timeline_table
from briefkit.analysis.geo import distance_checks, load_basemap, place_points
from briefkit.analysis.mapping import NO_POINT, map_events
from briefkit.case.paths import CASE_VARIABLE, KIT, Case
from briefkit.commands import build
from briefkit.commands.build import kit_notebooks
from briefkit.commands.newcase import write_case
from briefkit.publishing.findings import key_findings
from conftest import fixture_case

TEXT_OUTPUTS = ("*.csv", "*.jsonld", "*.html", "*.ipynb")


def test_a_new_case_loads_and_builds_before_it_has_facts(tmp_path):
    case = write_case(tmp_path / "new")
    tables = load_tables(case)
    assert tables.facts.empty and tables.as_of is None
    assert build.main([str(case.root)]) == 0
    assert CASE_VARIABLE not in os.environ  # the build names its case to its kernels only
    assert {p.stem for p in case.figures.glob("*.png")} == set(tables.codebook.vocabularies["figure"])
    assert "No facts yet" in (case.briefing / "briefing.html").read_text(encoding="utf-8")
    assert '"facts":[]' in (case.briefing / "explorer.html").read_text(encoding="utf-8")  # the explorer, empty
    assert sorted(p.name for p in case.notebooks.glob("*.ipynb")) == sorted(
        p.name for p in (KIT / "notebooks").glob("*.ipynb")
    )


def test_a_new_case_inside_the_kit_names_its_folder_as_the_kits_commands_take_it():
    folder = KIT / "build" / f"new-case-{os.getpid()}"
    try:
        readme = write_case(folder).root.joinpath("README.md").read_text(encoding="utf-8")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert f"./kit build build/new-case-{os.getpid()}" in readme and str(KIT) not in readme


def test_new_case_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="exists and is not empty"):
        write_case(tmp_path / "used")


@pytest.fixture(scope="module")
def another_war(tmp_path_factory) -> Case:
    case = fixture_case(tmp_path_factory.mktemp("cases") / "another-war")
    assert build.main([str(case.root)]) == 0
    return case


def default_case_words() -> set[str]:
    """Names and ids of the default case that no output of another case may contain."""
    places = pd.read_csv(KIT / "data" / "places.csv")
    claims = pd.read_csv(KIT / "data" / "claims.csv")
    sources = pd.read_csv(KIT / "data" / "sources.csv")
    return {*places["name"], *claims["claim_id"], *sources["source_id"], "Syria", "SYR"}


def named_in(text: str, words: set[str]) -> list[str]:
    """The words text holds as whole words, sorted: one pattern for them all (a regex per word took
    seconds). Of two words that overlap in the text only the longer is listed, so the list is empty
    exactly when the text holds none of them."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b")
    return sorted(set(pattern.findall(text)))


def readable_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.sub(
        r"data:image/png;base64,[A-Za-z0-9+/=]+|\"image/png\": \"[^\"]*\"", "", text
    )  # embedded images are not text


def test_another_war_builds_every_output(another_war):
    figures = {p.stem for p in another_war.figures.glob("*.png")}
    assert figures == {
        "facts-by-category-and-speaker",
        "reported-numbers",
        "who-says-what",
        "actor-relations",
        "timeline",
        "situation-map",
        "front-map",
        "claims-by-verdict",
    }
    assert {p.stem for p in another_war.figures.glob("*.svg")} == figures
    assert (another_war.briefing / "briefing.html").is_file() and (another_war.derived / "facts.gpkg").is_file()
    executed = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(another_war.notebooks.glob("*.ipynb"))]
    assert len(executed) == len(kit_notebooks())
    assert (another_war.derived / "draft_scores.csv").is_file()
    # no error, and no warning (it would name this machine's paths)
    assert not [
        o
        for nb in executed
        for c in nb["cells"]
        for o in c.get("outputs", [])
        if o.get("output_type") == "error" or o.get("name") == "stderr"
    ]


def test_another_war_names_nothing_of_the_default_case(another_war):
    words = default_case_words()
    for pattern in TEXT_OUTPUTS:
        for path in another_war.root.rglob(pattern):
            if "data" in path.relative_to(another_war.root).parts[:1] and path.parent.name != "derived":
                continue  # the case's own data package (its codebook is the kit's)
            text = readable_text(path)
            found = named_in(text, words)
            assert found == [], f"{path.relative_to(another_war.root)} names {found}"


def test_the_kit_names_nothing_of_the_default_case():
    # A case is data: the package's code and templates, and the notebooks' cells, are the same for every
    # case (the package's world boundaries in reference/ name every country, as reference data)
    # an actor named by common nouns alone ("medics", "the army") is named in plain English, not by the case
    actors = {name for name in pd.read_csv(KIT / "data" / "actors.csv")["name"] if name != name.lower()}
    words = default_case_words() | actors - {"the UN"}  # a speaker kind of the codebook
    package = KIT / "src" / "briefkit"
    texts = {
        path: path.read_text(encoding="utf-8")
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix in (".py", ".j2", ".mplstyle", ".toml", ".csv", ".md")
        and "reference" not in path.parts
    }
    for path in sorted((KIT / "notebooks").glob("*.ipynb")):
        texts[path] = "\n".join(
            "".join(cell["source"]) for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]
        )
    named = {path.relative_to(KIT).as_posix(): named_in(text, words) for path, text in texts.items()}
    assert {path: found for path, found in named.items() if found} == {}


def test_another_war_is_drawn_and_dated_from_its_own_data(another_war):
    situation = pd.read_csv(another_war.figures / "situation-map.csv")
    assert set(situation["fact_id"]) == {
        "f001-001",
        "f001-002",
        "f001-003",
        "f001-004",
        "f001-005",
        "f001-007",
        "f002-007",
    }  # one per claim
    front = pd.read_csv(another_war.figures / "front-map.csv")
    assert set(front["fact_id"]) == {
        "f001-003",
        "f001-005",
        "f001-007",
        "f002-007",
    }  # around Kupyansk, the place with the most events
    assert front.set_index("fact_id")["new"].to_dict() == {
        "f001-003": False,
        "f001-005": False,
        "f001-007": False,
        "f002-007": True,
    }
    acled = pd.read_csv(another_war.derived / "acled_style_events.csv")
    assert (
        set(acled["country"]) == {"Ukraine"}
        and set(acled["iso"]) == {804}
        and all(acled["event_id_cnty"].str.startswith("UKR-"))
    )
    checks = pd.read_csv(another_war.derived / "distance_checks.csv").set_index("fact_id")
    assert checks.loc["f001-009", "verdict"] == "inconsistent"  # "about 40 km": the towns are 60 km apart
    page = readable_text(another_war.briefing / "briefing.html")
    assert "as of 13 March 2025" in page and "Vovchansk" in page
    # the second report day opens the page: what f002 adds to f001
    assert page.index("What changed since 11 March 2025") < page.index("Key findings")
    assert "The Blue Brigade holds Vovchansk develops an earlier claim" in page
    comparison = pd.read_csv(another_war.derived / "comparison.csv").set_index("claim_id")
    assert tuple(comparison.loc["fled_towards_kharkiv", ["verdict", "computed_verdict"]]) == (
        "updated",
        "contradicts",
    )  # a later count


def test_another_war_has_a_briefing_per_report_day(another_war):
    first, newest = another_war.briefing / "2025-03-11.html", another_war.briefing / "2025-03-13.html"
    assert newest.read_bytes() == (another_war.briefing / "briefing.html").read_bytes()
    page = readable_text(first)
    assert "as of 11 March 2025" in page and "What changed" not in page
    assert "f002" not in page and "Fighting in Kupyansk" not in page  # nothing of the later report
    assert set(json.loads((another_war.briefing / build.DAY_STAMPS).read_text(encoding="utf-8"))) == {
        first.name,
        newest.name,
    }


def test_a_day_briefing_built_from_a_copy_of_the_data_is_the_same_page(another_war, tmp_path):
    # The way earlier days are built (the notebooks' code cells in a worker process, no kernel, on a
    # scratch copy seen as of the day), applied to the newest day, gives the very bytes of the briefing
    # the kernels wrote: nothing in a page depends on where, when or how it was built, so yesterday's
    # page is rebuilt as it was.
    needed = build.writers_of(build.kit_notebooks(), build.BRIEFING)
    build.build_days(another_war, needed, [("2025-03-13", str(tmp_path / "again.html"))], cores=1)
    assert (tmp_path / "again.html").read_bytes() == (another_war.briefing / "briefing.html").read_bytes()


def add_report(data_dir: Path) -> pd.Timestamp:
    """A later report on the default case, coded as the README says (written for this test), published
    on the first Thursday after every report of the case (an analyst's own among them); return that day."""
    newest = pd.read_csv(data_dir / "sources.csv", parse_dates=["published"])["published"].max()
    day = newest + pd.offsets.Week(weekday=3)  # the next Thursday
    text = "A report written for the test suite. Rebels entered Hama on Thursday, a monitor said.\n"
    path = data_dir / "sources" / "test_later.txt"
    path.write_text(text, encoding="utf-8")
    with open(data_dir / "sources.csv", "a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [
                "t005",
                "sources/test_later.txt",
                hashlib.sha256(path.read_bytes()).hexdigest(),
                "[test] a later report",
                "not stated",
                "not stated",
                "not stated",
                f"{day:%Y-%m-%d}",
                "inferred: written for the test suite",
            ]
        )
    with open(data_dir / "claims.csv", "a", encoding="utf-8", newline="") as f:
        f.write("test_rebels_enter_hama,Rebels enter Hama\n")
    with open(data_dir / "facts.csv", encoding="utf-8", newline="") as f:
        columns = csv.DictReader(f).fieldnames
    quote = "Rebels entered Hama on Thursday, a monitor said"
    row = {
        "fact_id": "t005-001",
        "source_id": "t005",
        "claim_id": "test_rebels_enter_hama",
        "category": "territory_change",
        "event_type": "Battles",
        "sub_event_type": "Non-state actor overtakes territory",
        "subject": "insurgents",
        "place_id": "hama",
        "quote": quote,
        "quote_start": str(text.index(quote)),
        "date_text": "on Thursday",
        "date_start": f"{day:%Y-%m-%d}",
        "date_end": f"{day:%Y-%m-%d}",
        "date_precision": "day",
        "date_basis": "inferred",
        "attributed_to": "sohr",
        "speaker_kind": "independent_monitor",
        "notes": "The Thursday of the report's (test) day.",
    }
    with open(data_dir / "facts.csv", "a", encoding="utf-8", newline="") as f:
        csv.DictWriter(f, columns, lineterminator="\n").writerow(dict.fromkeys(columns, "") | row)
    return day


def test_a_later_report_moves_the_as_of_and_reaches_the_maps_and_findings(default_data_dir):
    day = add_report(default_data_dir)
    tables = load_tables(default_data_dir)
    assert tables.as_of == day
    news_from = news_window_start(timeline_table(tables), tables.as_of)
    points = place_points(tables, load_basemap(tables.folder))
    for figure in ("situation-map", "front-map"):
        assert "t005-001" in set(map_events(tables, points, figure, news_from)["fact_id"])
    findings = dict(
        key_findings(
            tables, compare_claims(tables), distance_checks(tables, points), news_from, lambda fact_id: fact_id
        )
    )
    assert "Rebels enter Hama (Syrian Observatory for Human Rights)" in findings["news"]
    assert f"{day:%-d %B %Y}" in findings["dates"]


def test_committed_notebooks_print_no_warnings():
    # A warning's text names this machine's paths, and would make the outputs differ on another one.
    for path in sorted((KIT / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        streams = [o for c in notebook["cells"] for o in c.get("outputs", []) if o.get("name") == "stderr"]
        assert streams == [], f"{path.name}: {''.join(streams[0]['text'])[:200]}"


def test_no_notebook_cell_relies_on_a_semicolon_to_hide_its_value():
    # nbval runs cells without storing history, and IPython then ignores a trailing ';' (ipython#14162):
    # the value is shown under test but not in the build, and strict nbval fails.
    for path in sorted((KIT / "notebooks").glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for number, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] == "code":
                assert not DisplayHook.semicolon_at_end_of_expression("".join(cell["source"])), (
                    f"{path.name}, cell {number}: ends in ';'"
                )


def test_an_event_at_a_place_with_no_point_is_listed_beside_the_map_not_lost(tables):
    no_stand_in = tables.places.assign(
        stand_in=tables.places["stand_in"].where(tables.places["place_id"] != "road_south_of_vovchansk")
    )
    unpointed = dataclasses.replace(tables, places=no_stand_in)
    points = place_points(unpointed, load_basemap(tables.folder))
    events = map_events(unpointed, points, "situation-map", pd.Timestamp("2000-01-01")).set_index("fact_id")
    assert events.loc["f001-004", "located_by"] == NO_POINT and pd.isna(events.loc["f001-004", "lon"])
    # a later report's fact of the same claim with a point of its own: the claim is drawn there
    seen_again = tables.facts.loc[tables.facts["fact_id"] == "f001-004"].assign(
        fact_id="f002-099", source_id="f002", place_id="vovchansk"
    )
    both = dataclasses.replace(unpointed, facts=pd.concat([unpointed.facts, seen_again], ignore_index=True))
    drawn = map_events(both, points, "situation-map", pd.Timestamp("2000-01-01")).set_index("fact_id")
    assert "f001-004" not in drawn.index and drawn.loc["f002-099", "located_by"] == "its coordinates"
