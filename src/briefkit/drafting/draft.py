"""Draft fact rows for a report: proposals an analyst keeps, fixes or deletes (`./kit draft SOURCE_ID`).

Rules, not a model. Each clause of the report becomes a row, or one row per quantity, or per place,
and every proposed value says in the `why` column which rule gave it. The rules are in one module per
thing they read, each describing its rules in its docstring:

- clauses: sentences and clauses, and the names found in them;
- quantities: numbers, hedges and units;
- dates: time phrases, and the days they give the rows;
- known: what the case already knows (names, vocabularies, the rows already coded);
- speakers: attributions, speakers and their speaker_kind, actors the case lacks;
- places: places, GeoNames for those the case lacks, provinces, places referred to or measured from,
  roads linking places;
- claims: claim_id, and a new claim's topic;
- rows: a report's clauses turned into rows, and each row's category;
- scoring: drafts of the coded reports scored against their coded rows.

This module is the command: it writes data/drafts/SOURCE_ID.csv, and SOURCE_ID-places.csv and
SOURCE_ID-actors.csv for the places and speakers the case lacks; keep takes the rows marked yes.
SOURCE_ID-not-found.csv lists the names read as places that neither the case nor GeoNames has, for the
analyst to add with a reference.
"""

import sys
from pathlib import Path

from briefkit.case.paths import KIT, Case
from briefkit.contract.csvfile import write_csv
from briefkit.contract.load import load_tables
from briefkit.contract.problems import DataError
from briefkit.drafting.places import GEONAMES_MIN_POPULATION
from briefkit.drafting.rows import KEEP_COLUMN, Draft, draft_of


def write_draft(case: Case, source_id: str) -> tuple[list[Path], Draft]:
    """The draft's files (facts, -places, -actors, -not-found) and the draft itself."""
    tables = load_tables(case)
    if source_id not in set(tables.sources["source_id"]):
        raise SystemExit(
            f"draft: {source_id} is not a report of {case.relative(case.data / 'sources.csv')}; "
            f"its reports are {', '.join(tables.sources['source_id'])}"
        )
    draft = draft_of(tables, source_id)
    folder = case.data / "drafts"
    written = [
        write_csv(draft.facts, folder / f"{source_id}.csv"),
        write_csv(draft.places.assign(**{KEEP_COLUMN: ""}), folder / f"{source_id}-places.csv"),
        write_csv(draft.actors.assign(**{KEEP_COLUMN: ""}), folder / f"{source_id}-actors.csv"),
        write_csv(draft.not_found, folder / f"{source_id}-not-found.csv"),
    ]
    return written, draft


def main(arguments: list[str]) -> int:
    if len(arguments) not in (1, 2):
        print("usage: ./kit draft SOURCE_ID [CASE_DIR]", file=sys.stderr)
        return 2
    case = Case(arguments[1]) if len(arguments) > 1 else Case(KIT)
    try:
        written, draft = write_draft(case, arguments[0])
    except DataError as error:
        print(f"draft: the data of the case {case.root} has problems; nothing was drafted.\n{error}", file=sys.stderr)
        return 1
    print(
        f"draft: {len(draft.facts)} proposed rows in {case.relative(written[0])}, new places in "
        f"{case.relative(written[1])}, new speakers in {case.relative(written[2])}. Write yes in the "
        f"'{KEEP_COLUMN}' column of each row to keep (fix its values first), then ./kit keep {' '.join(arguments)}"
    )
    if len(draft.not_found):
        names = ", ".join(draft.not_found["name"])
        print(
            f"draft: {len(draft.not_found)} names read as places are neither in the case nor in GeoNames (places of "
            f"{GEONAMES_MIN_POPULATION:,} people or more in the case's region): {names}. Add each to "
            f"data/places.csv with a coordinate reference, or to the draft's places file; they are listed, with "
            f"where the report names them, in {case.relative(written[3])}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
