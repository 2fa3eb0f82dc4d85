"""Bring a case's codebook, vocabularies and hedge conventions up to the kit's (`./kit upgrade DIR`).

Lists what it changed, and the case's own conventions it kept where the kit's differ; what it cannot
merge is listed as data problems, and then nothing is written. Running it again changes nothing.
"""

import os
import sys
from pathlib import Path

from briefkit.case.paths import KIT, Case, is_case
from briefkit.contract.datapackage import write_datapackage
from briefkit.contract.load import load_tables
from briefkit.contract.problems import DataError
from briefkit.contract.upgrade import merge


def upgrade(case: Case) -> list[str]:
    """Write the merge into the case's data/; return what changed and what was kept. Raises DataError."""
    found = merge(case.data)
    if found.problems:
        raise DataError(found.problems)
    staged = []
    for name, text in found.files.items():
        staged.append((case.data / f".{name}.upgrade", case.data / name))
        staged[-1][0].write_text(text, encoding="utf-8")
    for written, target in staged:  # every file in place only once all are written
        os.replace(written, target)
    try:
        tables = load_tables(case)
        write_datapackage(tables.codebook, case.data, tables.case["title"])
    except DataError:
        pass  # the case has other problems, which its build lists; the descriptor is written once it loads
    return found.changes + found.kept


def main(arguments: list[str]) -> int:
    if len(arguments) > 1:
        print("usage: ./kit upgrade [CASE_DIR]", file=sys.stderr)
        return 2
    case = Case(Path(arguments[0])) if arguments else Case(KIT)
    if not is_case(case.root):
        print(f"upgrade: {case.root} is not a case: it has no data/case.toml", file=sys.stderr)
        return 2
    try:
        done = upgrade(case)
    except DataError as error:
        print(
            f"upgrade: nothing was changed; the case's contract cannot take the kit's here.\n{error}", file=sys.stderr
        )
        return 1
    if not done:
        print(f"upgrade: {case.relative(case.data)}/ is up to date with the kit's contract; nothing was changed")
    else:
        print(f"upgrade: {case.relative(case.data)}/ brought up to the kit's contract:\n  " + "\n  ".join(done))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
