"""How well drafting proposes what an analyst coded (`./kit bench draft [CASE_DIR]`, `./kit bench draft --corpus`).
Not a test: it only reports.

Every report with coded facts is drafted from its text alone (its own rows left out of what the
drafter knows, the case's places, actors and hedges kept). Each coded fact is paired with at most one
draft row by quote overlap, and every field is scored by recall (coded values the draft proposes) and
precision (proposed values that are right): a wrong value, or a value on a row that is no fact, counts
against precision (briefkit.drafting.evaluation). For a case, the scores per report and for all of them.

With --corpus, every report of bench/corpus/manifest.csv, pooled per split, dev and test side by side,
and the comparison's update candidates against each case's data/updates.csv. Only dev is shown report
by report; `--dev-misses FILE` writes dev's wrong and missing values row by row. A test report's drafts,
rows and per-report scores are never shown: its misses are not to be read while rules are written.
"""

import csv
import sys
import time
from pathlib import Path

import pandas as pd

from briefkit.case.paths import KIT, Case
from briefkit.contract.load import load_tables
from briefkit.drafting.evaluation import FIELDS, Tally, drafted, field_scores, pair, score_rows, shown, updates_tally
from briefkit.drafting.scoring import _cell

CORPUS = KIT / "bench" / "corpus"


def case_scores(case: Case) -> None:
    print(field_scores(load_tables(case)).to_string())


def misses(draft: pd.DataFrame, hand: pd.DataFrame, others: pd.DataFrame, case: str) -> list[dict]:
    """Every coded value the paired draft row does not have, and every value of an unpaired draft row."""
    draft, hand = draft.reset_index(drop=True), hand.reset_index(drop=True)
    cross = set(others["claim_id"].dropna())
    paired = pair(draft, hand, cross)
    fact_of = {j: i for i, j in paired.items()}
    out = []
    for j, fact in enumerate(hand.itertuples()):
        row = draft.iloc[fact_of[j]] if j in fact_of else None
        for name, columns in FIELDS[:-1]:
            coded = " | ".join(_cell(getattr(fact, c)) for c in columns)
            given = "" if row is None else " | ".join(_cell(row[c]) for c in columns)
            if coded != given:
                out.append(
                    {
                        "case": case,
                        "fact_id": fact.fact_id,
                        "draft_row": "" if row is None else row["fact_id"],
                        "field": name,
                        "coded": coded,
                        "drafted": given,
                        "quote": fact.quote,
                        "why": "" if row is None else row["why"],
                    }
                )
    for i, row in draft.iterrows():
        if i not in paired:
            out.append(
                {"case": case, "fact_id": "", "draft_row": row["fact_id"], "field": "extra row", "coded": "",
                 "drafted": "", "quote": row["quote"], "why": row["why"]}
            )  # fmt: skip
    return out


def corpus_scores(dev_misses: Path | None) -> None:
    with open(CORPUS / "manifest.csv", encoding="utf-8", newline="") as f:
        manifest = list(csv.DictReader(f))
    split_of = {(row["case"], row["source_id"]): row["split"] for row in manifest}
    pooled = {"dev": Tally(), "test": Tally()}
    updates = {"dev": [0, 0, 0, 0], "test": [0, 0, 0, 0]}
    per_dev_report, missed = {}, []
    for case in sorted({row["case"] for row in manifest}):
        tables = load_tables(Case(CORPUS / case))
        for split in pooled:
            reports = {s for (c, s), sp in split_of.items() if c == case and sp == split}
            updates[split] = [a + b for a, b in zip(updates[split], updates_tally(tables, reports))]
        for source_id in sorted(tables.facts["source_id"].unique()):
            split = split_of[case, source_id]
            counts, draft, hand, others = drafted(tables, source_id)
            pooled[split].add(counts)
            if split == "dev":
                per_dev_report[f"{case}/{source_id}"] = shown(score_rows(counts))
                missed += misses(draft, hand, others, case)
    table = pd.DataFrame({split: shown(score_rows(counts)) for split, counts in pooled.items()})
    print("Drafts of the corpus, pooled per split (recall: coded values proposed; precision: proposed values right)")
    print(table.to_string())
    print("\nUpdate candidates of the comparison against data/updates.csv (by the split of the updating claim):")
    for split, (found, real, proposed, first) in updates.items():
        print(
            f"  {split}: recall {found}/{real}, precision {found}/{proposed}, "
            f"real among the first {real} proposed: {first}/{real}"
        )
    print("\nDev reports one by one (test reports are never shown one by one):")
    print(pd.DataFrame(per_dev_report).to_string())
    if dev_misses is not None:
        pd.DataFrame(missed).to_csv(dev_misses, index=False)
        print(f"\ndev's misses, row by row: {dev_misses}")


def main(arguments: list[str]) -> int:
    started = time.perf_counter()
    if arguments and arguments[0] == "--corpus":
        corpus_scores(Path(arguments[2]) if arguments[1:2] == ["--dev-misses"] else None)
    else:
        case_scores(Case(arguments[0]) if arguments else Case(KIT))
    print(
        f"\ndrafted and scored in {time.perf_counter() - started:.1f} s "
        "(the first draft of a region on this machine also reads GeoNames for it, about 2 s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
