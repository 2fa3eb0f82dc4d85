"""briefkit: reported facts from news reports about an armed conflict, checked and drawn.

The tables live in data/; ``load_tables()`` returns them validated.
"""

from briefkit.load import DataError, Tables, load_tables

__all__ = ["DataError", "Tables", "load_tables"]
