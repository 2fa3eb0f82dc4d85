"""How well drafting proposes what an analyst coded (`./kit bench draft [CASE_DIR]`). Not a test: it only reports.

Every report with coded facts is drafted from its text alone (its own rows left out of what the
drafter knows, the case's places, actors and hedges kept), and each coded fact is compared with the
draft rows whose quotes overlap it: a value counts as matched when one of those rows has it.
"""

import sys
import time

from briefkit.case.paths import KIT, Case
from briefkit.contract.load import load_tables
from briefkit.drafting.scoring import score_summary, score_table


def main(arguments: list[str]) -> int:
    case = Case(arguments[0]) if arguments else Case(KIT)
    started = time.perf_counter()
    table, _ = score_table(load_tables(case))
    seconds = time.perf_counter() - started
    print(score_summary(table).to_string(index=False))
    print(
        f"\ndrafted and scored in {seconds:.1f} s "
        "(the first draft on this machine also reads GeoNames for the region, about 2 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
