"""Find where a quote sits in its report: for coding new facts (`python -m briefkit.contract.quotes [CASE_DIR]`).

The loader never fills offsets in; an analyst adding facts leaves quote_start empty and runs this
command, which fills only the empty cells whose quote occurs exactly once, and lists the rest.
"""

import csv
import sys

from briefkit.case.paths import Case, current_case


def occurrences(quote: str, text: str) -> list[int]:
    """Every character offset at which quote occurs in text (overlapping occurrences included)."""
    found, start = [], text.find(quote)
    while quote and start >= 0:
        found.append(start)
        start = text.find(quote, start + 1)
    return found


def fill_offsets(case: Case) -> list[str]:
    """Fill empty quote_start cells in the case's facts.csv; return one message per quote left for a person to place."""
    data_dir = case.data
    with open(data_dir / "sources.csv", encoding="utf-8", newline="") as f:
        texts = {
            row["source_id"]: (data_dir / row["text_path"]).read_text(encoding="utf-8") for row in csv.DictReader(f)
        }
    facts_path = data_dir / "facts.csv"
    with open(facts_path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    left = []
    for row in rows:
        if row["quote_start"]:
            continue
        found = occurrences(row["quote"], texts.get(row["source_id"], ""))
        if len(found) == 1:
            row["quote_start"] = str(found[0])
        else:
            where = "not found" if not found else f"found {len(found)} times, at {found}: choose one"
            left.append(f"{row['fact_id']}: quote {where}")
    with open(facts_path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return left


if __name__ == "__main__":
    messages = fill_offsets(Case(sys.argv[1]) if len(sys.argv) > 1 else current_case())
    print("\n".join(messages) or "every quote_start is filled")
    sys.exit(1 if messages else 0)
