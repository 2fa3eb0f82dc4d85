"""Execute every notebook of the kit, in file-name order, for one case (`./kit build [CASE_DIR]`).

The default case (the repository) is built in place: outputs are written into notebooks/ so they show
their results when opened, and strict nbval re-executes them to prove the stored outputs are
reproduced exactly. Any other case gets its own executed copies in CASE_DIR/notebooks/, next to its
figures, so an analyst opens the notebooks with that case's outputs.
"""

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from briefkit.paths import CASE_VARIABLE, KIT, Case, is_case

TIMEOUT_SECONDS = 600


def kit_notebooks() -> list[Path]:
    return sorted((KIT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def run(notebook_path: Path, case: Case) -> float:
    """Execute one of the kit's notebooks for case, in case's notebooks folder (the kernel's working directory)."""
    started = time.perf_counter()
    notebook = nbformat.read(notebook_path, as_version=4)
    case.notebooks.mkdir(parents=True, exist_ok=True)
    NotebookClient(notebook, timeout=TIMEOUT_SECONDS, kernel_name="python3",
                   resources={"metadata": {"path": str(case.notebooks)}}).execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # run timestamps would change the file on every build
    nbformat.write(notebook, case.notebooks / notebook_path.name)
    return time.perf_counter() - started


def main(arguments: list[str]) -> int:
    if len(arguments) > 1:
        print("usage: ./kit build [CASE_DIR]", file=sys.stderr)
        return 2
    case = Case(arguments[0]) if arguments else Case(KIT)
    if not is_case(case.root):
        print(f"build: {arguments[0]} is not a case: it has no data/case.toml (./kit new-case DIR writes one)", file=sys.stderr)
        return 2
    notebooks = kit_notebooks()
    if not notebooks:
        print("build: no notebooks found in the kit's notebooks/", file=sys.stderr)
        return 1
    os.environ[CASE_VARIABLE] = str(case.root)  # the kernels inherit it
    for path in notebooks:
        print(f"build: {case.relative(case.notebooks / path.name)} ...", end=" ", flush=True)
        print(f"{run(path, case):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
