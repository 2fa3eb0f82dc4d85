"""How the build scales with a stream of reports (`./kit bench stream [REPORTS] [--runs R]`). Not a test:
it only reports.

In one run, each in a fresh temporary folder and from scratch (no figures, no briefing, no days.json):
the default case's build (a copy of data/), the build of a synthetic stream of REPORTS reports (default
40) over 14 days from 8 outlets (briefkit.commands.stream), then one more report added to the
stream on its last day and the stream built again, as an analyst's next build would be. Each time is
printed as a ratio to the default case's build in the same run, on the clock and in CPU seconds (of
every process the build starts; they vary less than the clock on a shared machine); with several
runs, the medians. Then the size of every figure of the stream, in inches and pixels, and of the
default case's.
"""

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image

from briefkit.case.paths import KIT
from briefkit.commands.stream import write_stream

DAYS, OUTLETS = 14, 8
DEFAULT_REPORTS = sum(1 for _ in (KIT / "data" / "sources").glob("*.txt"))


def time_build(case: Path) -> tuple[float, float]:
    """Seconds on the clock, and of CPU (user and system, the build and every process it started: kernels,
    workers): the CPU seconds vary less on a machine others share."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(["./kit", "build", str(case)], cwd=KIT, check=True, capture_output=True)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def one_run(reports: int, folder: Path) -> dict[str, tuple[float, float]]:
    default = folder / "default"
    shutil.copytree(KIT / "data", default / "data", ignore=shutil.ignore_patterns("derived"))
    times = {"default": time_build(default)}
    stream = write_stream(folder / "stream", reports, DAYS, OUTLETS).root
    times["stream"] = time_build(stream)
    longer = write_stream(folder / "longer", reports, DAYS, OUTLETS, more=1)
    shutil.copytree(longer.data, stream / "data", dirs_exist_ok=True)  # the next report arrives
    times["one more"] = time_build(stream)
    return times


def figure_sizes(figures: Path) -> list[str]:
    lines = []
    for png in sorted(figures.glob("*.png")):
        with Image.open(png) as image:
            width, height = image.size
            dpi = image.info.get("dpi", (200, 200))[0]
        lines.append(f"  {png.stem:34} {width / dpi:5.1f} x {height / dpi:5.1f} in   {width:5d} x {height:5d} px")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="?", type=int, default=40)
    parser.add_argument("--runs", type=int, default=1)
    arguments = parser.parse_args()
    runs = []
    with tempfile.TemporaryDirectory(prefix="briefkit-bench-stream-") as scratch:
        for run in range(arguments.runs):
            folder = Path(scratch) / f"run{run}"
            runs.append(one_run(arguments.reports, folder))
            print(
                f"run {run + 1}: "
                + ", ".join(f"{name} {wall:.1f} s ({cpu:.1f} s CPU)" for name, (wall, cpu) in runs[-1].items()),
                flush=True,
            )
        print(f"cores: {os.cpu_count()}; load average (1 minute) at the end: {os.getloadavg()[0]:.1f}")
        label = f"median of {len(runs)} runs" if len(runs) > 1 else "one run"
        for measure, column in (("clock", 0), ("CPU", 1)):
            median = {name: statistics.median(run[name][column] for run in runs) for name in runs[0]}
            print(f"{measure} seconds, {label}:")
            print(f"  default case ({DEFAULT_REPORTS} reports), ./kit build from scratch: {median['default']:6.1f} s")
            for name, what in (
                ("stream", f"stream of {arguments.reports} reports, {DAYS} days, {OUTLETS} outlets, from scratch"),
                ("one more", f"the same after one more report ({arguments.reports + 1})"),
            ):
                print(f"  {what}: {median[name]:6.1f} s = {median[name] / median['default']:.2f} x the default case")
        print(f"figures of the stream of {arguments.reports + 1} reports:")
        print("\n".join(figure_sizes(folder / "stream" / "figures")))
        print("figures of the default case:")
        print("\n".join(figure_sizes(folder / "default" / "figures")))


if __name__ == "__main__":
    main()
