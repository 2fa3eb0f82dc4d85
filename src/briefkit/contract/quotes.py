"""Find where a quote sits in its report: for coding new facts (`python -m briefkit.contract.quotes [CASE_DIR]`).

The loader never fills offsets in; an analyst adding facts leaves quote_start empty and runs this
command, which fills only the empty cells whose quote occurs exactly once, and lists the rest.
"""

import csv
import sys

from briefkit.case.paths import Case, current_case
from briefkit.contract.rules import report_path_problem


def occurrences(quote: str, text: str) -> list[int]:
    """Every character offset at which quote occurs in text (overlapping occurrences included)."""
    found, start = [], text.find(quote)
    while quote and start >= 0:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def fill_offsets(case: Case) -> tuple[list[str], list[str]]:
    """Fill empty quote_start cells in the case's facts.csv; return the facts filled, and one message per
    quote left for a person to place (a report whose text_path the loader would refuse is not read)."""
    data_dir = case.data
    texts, left = {}, []
    with open(data_dir / "sources.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            wrong = report_path_problem(data_dir, row["text_path"])
            if wrong:
                left.append(f"report {row['source_id']}: text_path {row['text_path']!r} {wrong}")
            else:
                texts[row["source_id"]] = (data_dir / row["text_path"]).read_text(encoding="utf-8")
    facts_path = data_dir / "facts.csv"
    with open(facts_path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    filled = []
    for row in rows:
        if row["quote_start"] or row["source_id"] not in texts:
            continue
        found = occurrences(row["quote"], texts[row["source_id"]])
        if len(found) == 1:
            row["quote_start"] = str(found[0])
            filled.append(row["fact_id"])
        else:
            where = "not found" if not found else f"found {len(found)} times, at {found}: choose one"
            left.append(f"{row['fact_id']}: quote {where}")
    if filled:
        with open(facts_path, "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return filled, left


def summary(filled: list[str], left: list[str], facts_path: str) -> str:
    """What the command did, in words: how many offsets it filled and which, and what is left to place."""
    done = (
        f"filled {len(filled)} quote_start {'offset' if len(filled) == 1 else 'offsets'} in {facts_path} "
        f"({', '.join(filled)})"
        if filled
        else f"no empty quote_start to fill in {facts_path}"
    )
    return done + (f"; {len(left)} left for you to place:\n" + "\n".join(left) if left else "")


if __name__ == "__main__":
    folder = Case(sys.argv[1]) if len(sys.argv) > 1 else current_case()
    filled, left = fill_offsets(folder)
    print(summary(filled, left, folder.relative(folder.data / "facts.csv")))
    sys.exit(1 if left else 0)
