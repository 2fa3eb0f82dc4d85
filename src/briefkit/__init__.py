"""briefkit: reported facts from news reports about an armed conflict, checked and drawn.

The tables live in data/; ``load_tables()`` returns them validated.
"""

from briefkit.contract.load import DataError, load_tables
from briefkit.contract.tables import Tables

__all__ = ["DataError", "Tables", "load_tables"]
