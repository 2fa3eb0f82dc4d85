"""How the loader scales (`./kit bench loader [ROWS ...]`). Not a test: it only reports.

For each size, facts.csv is grown to that many rows by repeating the default case's facts under new
fact ids (every row stays valid, so every check runs on every row), in a temporary copy of data/.
Each measurement runs in a fresh process, so peak memory is that of one load:

- read:  pandas.read_csv of facts.csv alone (the floor: reading the rows at all);
- load:  briefkit.load_tables() of the whole data package (read, codebook schemas, cross-table rules);
- import: importing briefkit before the load, not counted in it (as importing pandas is not counted in
  the read). It includes pandas, geopandas and pandera, whose backends briefkit sets up at import.
"""

import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from briefkit.case.paths import KIT

DATA = KIT / "data"

SIZES = (10_000, 100_000, 1_000_000)
REPEATS = 3

MEASURE = r"""
import json, resource, sys, time
from pathlib import Path
what, data_dir = sys.argv[1], Path(sys.argv[2])
started = time.perf_counter()
import pandas as pd
from briefkit import load_tables
imported = time.perf_counter() - started
started = time.perf_counter()
if what == "read":
    pd.read_csv(data_dir / "facts.csv", dtype=str, keep_default_na=False)
else:
    load_tables(data_dir)
seconds = time.perf_counter() - started
peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "import": imported, "peak_mib": peak_mib}))
"""


def grow_facts(data_dir: Path, rows: int) -> None:
    """Rewrite data_dir/facts.csv with `rows` rows: the real facts, then copies of them, each with a new fact_id.

    The real facts keep their ids, which other tables (map_symbols.csv, ...) refer to."""
    path = data_dir / "facts.csv"
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, facts = reader.fieldnames, list(reader)
    if rows < len(facts):
        raise SystemExit(
            f"bench loader: {rows} facts is fewer than the case's {len(facts)}; every claim needs its facts"
        )
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        for number in range(rows):
            fact = dict(facts[number % len(facts)])
            if number >= len(facts):
                fact["fact_id"] = f"{fact['source_id']}-copy{number:07d}"
            writer.writerow(fact)


def measure(what: str, data_dir: Path) -> dict:
    runs = []
    for _ in range(REPEATS):
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, what, str(data_dir)], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(done.stdout))
    runs.sort(key=lambda run: run["seconds"])
    return runs[len(runs) // 2]  # the median run


def main() -> None:
    sizes = [int(arg.replace("_", "")) for arg in sys.argv[1:]] or SIZES
    print(
        f"{'facts':>10} {'read (s)':>9} {'load (s)':>9} {'load/read':>9} "
        f"{'peak (MiB)':>11} {'import (s)':>11}   median of {REPEATS} runs"
    )
    for rows in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = Path(tmp) / "data"
            shutil.copytree(DATA, data_dir, ignore=shutil.ignore_patterns("derived", "basemap"))
            grow_facts(data_dir, rows)
            read, load = measure("read", data_dir), measure("load", data_dir)
        print(
            f"{rows:>10,} {read['seconds']:>9.2f} {load['seconds']:>9.2f} "
            f"{load['seconds'] / read['seconds']:>9.1f} {load['peak_mib']:>11.0f}"
            f" {load['import']:>11.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
