"""Time the build against the floor for this design, and the tests against the build, in one run
(`./kit bench`). Not a test: it only reports.

The floor: every notebook costs at least one kernel start plus importing pandas, geopandas and
matplotlib, so a serial build can't be faster than that times the number of notebooks. The build
runs notebooks in parallel, so on a machine with several cores it can beat the serial floor.
`./kit test` re-executes every notebook (strict nbval), builds a second, fixture case end to end and
runs the unit tests; test/build says what that costs on top of a build.
"""

import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from briefkit.case.paths import KIT as ROOT

NOTEBOOKS = ROOT / "notebooks"

REPEATS = 3


def time_command(*command: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def time_floor_once() -> float:
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("import pandas, geopandas, matplotlib.pyplot"))
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as sockets:  # the kernel transport the build uses
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(sockets) / "kernel"))
        try:
            NotebookClient(
                notebook, km=kernel, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
            ).execute()
        finally:
            kernel.shutdown_kernel(now=True)
    return time.perf_counter() - started


def main() -> None:
    notebooks = len(list(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")))
    time_command("./kit", "build")  # warm the file cache
    builds = [time_command("./kit", "build") for _ in range(REPEATS)]
    build = statistics.median(builds)
    floor = notebooks * statistics.median(time_floor_once() for _ in range(REPEATS))
    test = time_command("./kit", "test")
    print(f"cores:                {os.cpu_count()}")
    print(f"notebooks:            {notebooks}")
    print(f"build (./kit build, median of {REPEATS}): {build:6.1f} s   (runs: {', '.join(f'{b:.1f}' for b in builds)})")
    print(f"floor (kernel start + imports, x{notebooks}, serial): {floor:6.1f} s")
    print(f"test (./kit test, once): {test:6.1f} s")
    print(f"ratio build / floor:  {build / floor:6.2f}")
    print(f"ratio test / build:   {test / build:6.2f}")


if __name__ == "__main__":
    main()
