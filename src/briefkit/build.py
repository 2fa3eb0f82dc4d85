"""Execute every notebook in notebooks/, in file-name order, in place (`./kit build`).

Outputs are written into the notebooks so they show their results when opened; strict nbval then
re-executes them and proves the stored outputs are reproduced exactly.
"""

import sys
import time

import nbformat
from nbclient import NotebookClient

from briefkit.paths import NOTEBOOKS, relative

TIMEOUT_SECONDS = 600


def run(notebook_path) -> float:
    started = time.perf_counter()
    notebook = nbformat.read(notebook_path, as_version=4)
    NotebookClient(notebook, timeout=TIMEOUT_SECONDS, kernel_name="python3",
                   resources={"metadata": {"path": str(notebook_path.parent)}}).execute()
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)  # run timestamps would change the file on every build
    nbformat.write(notebook, notebook_path)
    return time.perf_counter() - started


def main() -> int:
    notebooks = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    if not notebooks:
        print("build: no notebooks found in notebooks/", file=sys.stderr)
        return 1
    for path in notebooks:
        print(f"build: {relative(path)} ...", end=" ", flush=True)
        print(f"{run(path):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
