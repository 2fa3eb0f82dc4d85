"""briefkit: reported facts from news reports about an armed conflict, checked and drawn.

The tables live in a case's data/; ``load_tables()`` returns them validated (the current case, or
``load_tables(Case(folder))``). The package's folders are the stages of the flow: case, contract,
analysis, drawing, publishing, drafting, commands (README, "Layout").
"""

from briefkit.case.paths import Case, current_case
from briefkit.contract.load import DataError, load_tables
from briefkit.contract.tables import Tables

__all__ = ["Case", "DataError", "Tables", "current_case", "load_tables"]
