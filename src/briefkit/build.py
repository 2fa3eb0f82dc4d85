"""Execute every notebook of the kit, in file-name order, for one case (`./kit build [CASE_DIR]`).

The default case (the repository) is built in place: outputs are written into notebooks/ so they show
their results when opened, and strict nbval re-executes them to prove the stored outputs are
reproduced exactly. Any other case gets its own executed copies in CASE_DIR/notebooks/, next to its
figures, so an analyst opens the notebooks with that case's outputs.
"""

import os
import shutil
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pandas as pd
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
    # coalesce_streams: a print may reach the client in one message or two, depending on timing
    NotebookClient(notebook, timeout=TIMEOUT_SECONDS, kernel_name="python3", coalesce_streams=True,
                   resources={"metadata": {"path": str(case.notebooks)}}).execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # run timestamps would change the file on every build
    nbformat.write(notebook, case.notebooks / notebook_path.name)
    return time.perf_counter() - started


def has_facts(case: Case) -> bool:
    """Whether facts.csv has a row (a valid one is checked by the notebooks' loader; here only counted)."""
    from briefkit import load_tables

    return not load_tables(case).facts.empty


def write_placeholders(case: Case) -> list[Path]:
    """For a case with no facts yet: every figure, and the briefing, saying so."""
    import matplotlib

    matplotlib.use("Agg")
    from briefkit import load_tables
    from briefkit.briefing import page
    from briefkit.figures import no_facts_figure, save_figure

    tables = load_tables(case)
    written = []
    for name in tables.codebook.vocabularies["figure"]:
        written += save_figure(no_facts_figure(tables, name), name, pd.DataFrame(), case.figures)
    case.briefing.mkdir(parents=True, exist_ok=True)
    html = page(tables.case["title"], "No facts yet.", [{"heading": "Key findings", "findings": [NO_FACTS]}],
                "Built by briefkit from the data package.")
    (case.briefing / "briefing.html").write_text(html, encoding="utf-8")
    return written + [case.briefing / "briefing.html"]


NO_FACTS = "No facts yet: code a report into data/facts.csv (see the case's README.md), then build again."


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
    with case_variable(case):  # the kernels inherit it; the caller's environment is left as it was
        return build(case, notebooks)


@contextmanager
def case_variable(case: Case):
    before = os.environ.get(CASE_VARIABLE)
    os.environ[CASE_VARIABLE] = str(case.root)
    try:
        yield
    finally:
        if before is None:
            del os.environ[CASE_VARIABLE]
        else:
            os.environ[CASE_VARIABLE] = before


def build(case: Case, notebooks: list[Path]) -> int:
    if not has_facts(case):
        for path in notebooks:  # copied unexecuted, to run once there are facts
            case.notebooks.mkdir(parents=True, exist_ok=True)
            if not case.is_default:
                shutil.copyfile(path, case.notebooks / path.name)
        written = write_placeholders(case)
        print(f"build: {case.relative(case.data / 'facts.csv')} has no facts yet: wrote {len(written)} figures and the briefing "
              "saying so; the notebooks run once a report is coded")
        return 0
    for path in notebooks:
        print(f"build: {case.relative(case.notebooks / path.name)} ...", end=" ", flush=True)
        print(f"{run(path, case):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
