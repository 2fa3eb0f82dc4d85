"""Write a new, empty case that already builds (`./kit new-case DIR`).

The case gets the kit's contract (codebook, vocabularies, hedge conventions) copied from the default
case, every table with its header and no rows, a case.toml to fill in and a README on coding the
first report. Nothing of the default case's reports, facts, places or actors is copied.
"""

import shutil
import sys
from pathlib import Path

from briefkit.case.paths import KIT, Case
from briefkit.contract.codebook import TABLES
from briefkit.contract.csvfile import read_table, write_csv
from briefkit.contract.datapackage import write_datapackage
from briefkit.contract.load import load_tables

CONTRACT_FILES = ("codebook.csv", "vocabularies.csv", "hedges.csv")
# A vocabulary value that only the default case uses (source "case" in vocabularies.csv) is not copied.
CASE_ONLY = "case"

CASE_TOML = """# The case this data package describes. Code reads it; nothing about the case is written in code.
title = "{title}"

# Every place coordinate must lie inside this box (WGS84 degrees). Narrow it to the case's region:
# a typo in a coordinate then shows up as a place outside the region.
[region]
name = "the whole world"
lat_min = -90.0
lat_max = 90.0
lon_min = -180.0
lon_max = 180.0

# Optional, computed when absent:
# as_of = "YYYY-MM-DD"     the day figures and the briefing say "as of" (default: the newest report's day)
# [map]
# crs = "EPSG:32637"       a projected CRS for drawing (default: the UTM zone of the located places)
"""

README = """# {title}

A case for briefkit: the data in `data/`, the outputs the kit writes from it in `data/derived/`,
`figures/`, `briefing/` and `notebooks/`. Build it from the kit's folder with `./kit build {folder}`.

## Coding the first report

1. Copy the report's text into `data/sources/` as a UTF-8 file and never edit it again. Add a row to
   `data/sources.csv`: its id (such as `r001`), `text_path` (`sources/...`), its sha256
   (`sha256sum data/sources/FILE`), and what the text says of its title, outlet, author and date;
   write "not stated" where it says nothing. A date you work out from the text is
   `published_basis` "inferred: " followed by your reasoning.
   Narrow `[region]` in `data/case.toml` to where the war is: coordinates are checked against it, and
   drafting looks up new places in GeoNames inside it.
2. To start from proposals rather than a blank table, run `./kit draft r001 {folder}` (with the
   report's id). It writes `data/drafts/r001.csv`, candidate fact rows with the reason for each value
   in `why`, and `r001-places.csv` and `r001-actors.csv` for the places (with GeoNames coordinates
   and their reference) and speakers the case lacks. Fix what is wrong, delete what is not a fact,
   write `yes` in the `keep` column of every row to take (a new claim needs its `topic`), then
   `./kit keep r001 {folder}`: the kept rows go into the tables only if the case then loads, else
   every problem is listed and nothing changes. Check each kept row against steps 3 to 5.
   To code by hand instead:
3. Add the people and groups who speak or act to `data/actors.csv`, and the places the report names to
   `data/places.csv`, each coordinate with a reference anyone can look up (`coord_source`).
4. Add one row to `data/facts.csv` per fact the report states, with the exact words (`quote`) and who
   says it (`attributed_to`, `speaker_kind`). Leave `quote_start` empty and run
   `python -m briefkit.contract.quotes {folder}` from the kit's environment to fill it in. Give every fact a
   `claim_id` listed in `data/claims.csv`; facts of different reports that say the same thing share one.
5. Keep each hedge ("about", "dozens") in `hedge` and its interval in `value_low/best/high` as
   `data/hedges.csv` says.
6. `./kit build {folder}`: the loader checks everything and lists every problem at once, with file,
   line, column and value. `data/codebook.csv` documents every column.

Until the first report is in, the figures say there are no facts yet. When the kit is updated,
`./kit upgrade {folder}` brings this case's codebook, vocabularies and hedges up to date, keeping every
row you added.
"""


def write_case(folder: Path) -> Case:
    case = Case(folder)
    if case.root.exists() and any(case.root.iterdir()):
        raise SystemExit(f"new-case: {folder} exists and is not empty; choose a new folder")
    case.sources.mkdir(parents=True)
    title = case.root.name
    (case.data / "case.toml").write_text(CASE_TOML.format(title=title), encoding="utf-8")
    for name in CONTRACT_FILES:
        shutil.copyfile(KIT / "data" / name, case.data / name)
    vocabularies = read_table(case.data / "vocabularies.csv", "vocabularies", "data/vocabularies.csv").frame
    write_csv(vocabularies.loc[vocabularies["source"].ne(CASE_ONLY)], case.data / "vocabularies.csv")
    codebook = read_table(case.data / "codebook.csv", "codebook", "data/codebook.csv").frame
    for table in TABLES:
        if table == "hedges":
            continue
        columns = codebook.loc[codebook["table"] == table, "column"]
        (case.data / f"{table}.csv").write_text(",".join(columns) + "\n", encoding="utf-8")
    # a case inside the kit's folder is named as the kit's commands take it there, not by this machine's path
    shown = case.root.relative_to(KIT) if case.root.is_relative_to(KIT) else case.root
    (case.root / "README.md").write_text(README.format(title=title, folder=shown), encoding="utf-8")
    write_datapackage(load_tables(case).codebook, case.data, title)
    return case


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: ./kit new-case DIR")
    written = write_case(Path(sys.argv[1]))
    print(
        f"new-case: wrote {written.root}; fill in data/case.toml, "
        f"code a report (README.md), then ./kit build {sys.argv[1]}"
    )
