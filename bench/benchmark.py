"""Time the full build against the floor for this design (`./kit bench`). Not a test: it only reports.

The floor: every notebook costs at least one kernel start plus importing pandas, geopandas and
matplotlib, so the build can't be faster than that times the number of notebooks. The ratio says how
much the notebooks' own work adds on top.
"""

import statistics
import subprocess
import sys
import time

import nbformat
from nbclient import NotebookClient

from briefkit.paths import KIT as ROOT

NOTEBOOKS = ROOT / "notebooks"

REPEATS = 3


def time_build() -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "briefkit.build"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def time_floor_once() -> float:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("import pandas, geopandas, matplotlib.pyplot"))
    started = time.perf_counter()
    NotebookClient(notebook, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return time.perf_counter() - started


def main() -> None:
    notebooks = len(list(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
    time_build()  # warm the file cache and bytecode
    build = statistics.median(time_build() for _ in range(REPEATS))
    floor = notebooks * statistics.median(time_floor_once() for _ in range(REPEATS))
    print(f"notebooks:            {notebooks}")
    print(f"build (median of {REPEATS}):  {build:6.1f} s")
    print(f"floor (kernel start + imports, x{notebooks}): {floor:6.1f} s")
    print(f"ratio build / floor:  {build / floor:6.2f}")


if __name__ == "__main__":
    main()
