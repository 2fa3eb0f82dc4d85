"""The build's plan: what each notebook reads and writes, declared in its opening cell, orders the
notebooks; the declarations cover every output the build writes."""

import json
from pathlib import Path

import nbformat
import pytest

from briefkit.case.paths import KIT
from briefkit.commands import build
from briefkit.commands.build import declared, dependencies, kit_notebooks, most_work_first, overlaps
from conftest import set_cell


def test_only_the_briefing_and_the_explorer_wait_for_other_notebooks():
    # the briefing embeds the figures of 02 to 05 (not 01's chart) and reads 04's and 05's tables; the
    # explorer embeds 04's maps and reads 05's comparison
    plan = {path.name[:2]: sorted(p.name[:2] for p in needs) for path, needs in dependencies(kit_notebooks()).items()}
    assert plan == {
        "01": [],
        "02": [],
        "03": [],
        "04": [],
        "05": [],
        "06": [],
        "07": [],
        "08": ["02", "03", "04", "05"],
        "09": [],
        "10": ["04", "05"],
    }


def test_every_output_is_declared_by_exactly_one_notebook():
    writes = {path.name: declared(path, "Writes") for path in kit_notebooks()}
    outputs = {
        str(p.relative_to(KIT))
        for folder in ("figures", "data/derived", "briefing")
        for p in (KIT / folder).rglob("*")
        if p.is_file()
    }
    # the build's own: a briefing per report day, and what each was built from
    outputs -= {
        f"briefing/{name}" for name in json.loads((KIT / "briefing" / build.DAY_STAMPS).read_text(encoding="utf-8"))
    }
    outputs -= {f"briefing/{build.DAY_STAMPS}"}
    declared_by = {output: [name for name, paths in writes.items() if output in paths] for output in outputs}
    assert {output: names for output, names in declared_by.items() if len(names) != 1} == {}
    assert set().union(*writes.values()) == outputs  # and nothing declared is missing


@pytest.mark.parametrize(
    "reads, writes, expected",
    [
        ({"figures/"}, {"figures/timeline.png"}, True),
        ({"data/derived/comparison.csv"}, {"data/derived/comparison.csv"}, True),
        ({"data/derived/comparison.csv"}, {"data/derived/quantities.csv"}, False),
        ({"figures/a.png"}, {"data/derived/"}, False),
    ],
)
def test_overlaps(reads, writes, expected):
    assert overlaps(reads, writes) == expected


def write_notebook(folder: Path, name: str, opening: str) -> Path:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(opening)])
    nbformat.write(notebook, folder / name)
    return folder / name


def test_the_notebooks_heading_the_most_work_start_first():
    # c waits for a; b waits for nothing
    a, b, c = Path("a.ipynb"), Path("b.ipynb"), Path("c.ipynb")
    plan = {a: set(), b: set(), c: {a}}
    assert most_work_first(plan, {}) == [a, b, c]  # never run here: a has c behind it
    assert most_work_first(plan, {"a.ipynb": 1.0, "b.ipynb": 5.0, "c.ipynb": 2.0}) == [
        b,
        a,
        c,
    ]  # b alone outlasts a then c
    assert most_work_first(plan, {"a.ipynb": 1.0, "b.ipynb": 2.5, "c.ipynb": 2.0}) == [a, b, c]


def test_two_notebooks_writing_the_same_file_are_refused(tmp_path):
    first = write_notebook(tmp_path, "01-a.ipynb", "# a\n\n**Writes:** `figures/x.{png,csv}`.")
    second = write_notebook(
        tmp_path, "02-b.ipynb", "# b\n\n**Reads:** `data/facts.csv`.\n\n**Writes:** `figures/x.png`."
    )
    with pytest.raises(SystemExit, match=r"01-a.ipynb and 02-b.ipynb both declare writing \['figures/x.png'\]"):
        dependencies([first, second])


def test_a_case_with_bad_data_is_not_built(data_dir, capsys):
    line = set_cell(data_dir, "facts", 0, "place_id", "vovchanskk")
    assert build.main([str(data_dir.parent)]) == 1
    error = capsys.readouterr().err
    assert "has problems; nothing was built" in error and f"line {line}, column place_id, value 'vovchanskk'" in error
    assert not (data_dir.parent / "figures").exists() and not (data_dir.parent / "notebooks").exists()


def test_a_failing_notebook_says_which_cell_and_error_and_where_the_traceback_is(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "FAILURE_LOGS", tmp_path / "logs")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A notebook that fails"),
            nbformat.v4.new_code_cell("panels = 0"),
            nbformat.v4.new_code_cell(
                "\n# the chart of counted numbers\nrows = panels\nraise ValueError(f'{rows} rows')"
            ),
        ]
    )
    path = tmp_path / "02-fail.ipynb"
    nbformat.write(notebook, path)
    case = build.Case(tmp_path / "case")
    with pytest.raises(build.NotebookFailed) as failed:
        build.run(path, case)
    log = tmp_path / "logs" / "case" / "02-fail.log"
    assert str(failed.value) == (
        f"build: 02-fail.ipynb failed for the case {case.root}, in the cell that starts “# the chart of counted "
        f"numbers”:\n  ValueError: 0 rows\n  the whole traceback: {log}"
    )
    assert "\x1b[" not in log.read_text(encoding="utf-8") and "raise ValueError" in log.read_text(encoding="utf-8")


def test_a_day_briefing_that_fails_says_which_notebook_day_cell_and_error(data_dir, tmp_path, monkeypatch):
    # an earlier day's page runs the notebooks' cells without a kernel: a failure reads as a kernel's would
    monkeypatch.setattr(build, "FAILURE_LOGS", tmp_path / "logs")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("from briefkit import load_tables\ntables = load_tables()"),
            nbformat.v4.new_code_cell("\n# one row per report\nraise ValueError(f'{len(tables.sources)} reports')"),
        ]
    )
    path = tmp_path / "08-fail.ipynb"
    nbformat.write(notebook, path)
    case = build.Case(data_dir.parent)
    with pytest.raises(build.NotebookFailed) as failed:
        build.build_days_here(str(case.root), [str(path)], [("2025-03-11", str(tmp_path / "page.html"))], None)
    log = tmp_path / "logs" / "case" / "08-fail-2025-03-11.log"
    assert str(failed.value) == (
        f"build: 08-fail.ipynb failed for the case {case.root} as of 2025-03-11, in the cell that starts “# one row "
        f"per report”:\n  ValueError: 1 reports\n  the whole traceback: {log}"
    )
    assert "raise ValueError" in log.read_text(encoding="utf-8") and not (tmp_path / "page.html").exists()
