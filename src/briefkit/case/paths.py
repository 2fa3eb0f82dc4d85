"""The folders of a case, and which case a notebook or command works on.

A case is a folder shaped like the repository's top level: `data/` in (the data package, with
`case.toml`), `data/derived/`, `figures/` and `briefing/` out, and `notebooks/` holding the executed
notebooks. The repository itself is the default case.

Which case: the folder named by the environment variable BRIEFKIT_CASE; else the case the working
directory belongs to (a notebook's kernel runs in the notebook's folder, so a notebook in
`another-case/notebooks/` works on `another-case`); else the repository.
"""

import os
from dataclasses import dataclass
from pathlib import Path

KIT = Path(__file__).resolve().parents[3]  # the repository: the kit's notebooks, and the default case
CASE_VARIABLE = "BRIEFKIT_CASE"
# A report day (YYYY-MM-DD): the loader then sees only the reports published up to it (a dated briefing).
AS_OF_VARIABLE = "BRIEFKIT_AS_OF"
# The digest of a case's data (load.data_digest) that the build has just checked: its notebooks' kernels
# load data with that digest without checking it again.
CHECKED_VARIABLE = "BRIEFKIT_CHECKED"
# The kit's working files on this machine (timings, screenshots, reference data read once): kept between
# runs, never committed, safe to delete.
SCRATCH = KIT / "build"


@dataclass(frozen=True)
class Case:
    root: Path

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sources(self) -> Path:
        return self.data / "sources"

    @property
    def derived(self) -> Path:
        return self.data / "derived"

    @property
    def figures(self) -> Path:
        return self.root / "figures"

    @property
    def briefing(self) -> Path:
        return self.root / "briefing"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def is_default(self) -> bool:
        return self.root == KIT

    @property
    def in_command(self) -> str:
        """The case's folder as the kit's commands take it after their other words: " DIR", or "" for
        the kit's own case (./kit build, ./kit build DIR)."""
        return "" if self.is_default else f" {self.root}"

    def relative(self, path: Path) -> str:
        """The path as shown to people: relative to the case, so output is the same on every machine."""
        try:
            return Path(path).resolve().relative_to(self.root).as_posix()
        except ValueError:
            return Path(path).name


def is_case(folder: Path) -> bool:
    return (Path(folder) / "data" / "case.toml").is_file()


def current_case() -> Case:
    named = os.environ.get(CASE_VARIABLE)
    if named:
        return Case(named)
    here = Path.cwd()
    for folder in (here, here.parent):
        if is_case(folder):
            return Case(folder)
    return Case(KIT)


def relative(path: Path) -> str:
    """The path relative to the current case (see Case.relative)."""
    return current_case().relative(path)
