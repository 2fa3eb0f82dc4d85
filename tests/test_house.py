"""The house rules of the code: the package's layers import only downwards and no import runs in a
circle (the contracts in pyproject.toml, checked by import-linter), no module outgrows 700 lines, and a
notebook stays a story (at most 90 lines of code, no cell over 25)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from briefkit.case.paths import KIT
from briefkit.commands.build import kit_notebooks

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
MAX_MODULE_LINES = 700
MAX_NOTEBOOK_LINES = 90
MAX_CELL_LINES = 25


def lint_imports(src: Path) -> subprocess.CompletedProcess:
    """import-linter's verdict on the package found in src, by the kit's own contracts."""
    environment = os.environ | {"PYTHONPATH": str(src)}
    return subprocess.run(
        [LINT_IMPORTS, str(KIT / "pyproject.toml"), "--no-cache"],
        cwd=src,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_package_keeps_its_layers_and_has_no_import_cycle():
    result = lint_imports(KIT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, added, said",
    [
        # the data contract importing the drawing, two layers up
        (
            "contract/load.py",
            "import briefkit.drawing.figures",
            "briefkit.contract is not allowed to import briefkit.drawing:\n\n"
            "- briefkit.contract.load -> briefkit.drawing.figures",
        ),
        # publishing and drafting are independent of each other
        (
            "publishing/exports.py",
            "import briefkit.drafting.keep",
            "briefkit.publishing is not allowed to import briefkit.drafting:\n\n"
            "- briefkit.publishing.exports -> briefkit.drafting.keep",
        ),
        # days and mapping importing each other: the circle the package had before its layers
        (
            "analysis/days.py",
            "import briefkit.analysis.mapping",
            "No cycles are allowed in briefkit.analysis.\nIt could be made acyclic by removing 1 dependency:\n\n"
            "- .mapping -> .days",
        ),
    ],
)
def test_an_import_against_the_layers_breaks_the_contract(tmp_path, module, added, said):
    package = tmp_path / "briefkit"
    shutil.copytree(KIT / "src" / "briefkit", package, ignore=shutil.ignore_patterns("__pycache__", "reference"))
    with open(package / module, "a", encoding="utf-8") as f:
        f.write(f"\n{added}\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert said in result.stdout


def test_no_module_is_over_700_lines():
    sizes = {
        path.relative_to(KIT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in (KIT / "src" / "briefkit").rglob("*.py")
    }
    assert {path: lines for path, lines in sizes.items() if lines > MAX_MODULE_LINES} == {}


def code_lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip())


@pytest.mark.parametrize("notebook", kit_notebooks(), ids=lambda path: path.stem)
def test_a_notebook_is_a_story_in_short_steps(notebook):
    cells = [cell.source for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]
    assert sum(code_lines(cell) for cell in cells) <= MAX_NOTEBOOK_LINES
    long_cells = {i: code_lines(cell) for i, cell in enumerate(cells) if code_lines(cell) > MAX_CELL_LINES}
    assert long_cells == {}, f"code cells over {MAX_CELL_LINES} lines (index: lines)"
