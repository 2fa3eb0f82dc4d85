"""Units that measure the same thing in different scales, so numbers in them can be compared in one unit.

Units of the vocabulary that are not here (counts such as people or strikes) only compare with themselves.
"""

# unit -> (the unit it is compared in, how many of those one of it is)
CONVERSIONS = {
    "km": ("km", 1.0),
    "miles": ("km", 1.609344),  # the international mile (exact)
    "square_km": ("square_km", 1.0),
    "square_miles": ("square_km", 2.589988110336),  # 1.609344 squared
}


def in_common_unit(value: float, unit) -> tuple[float, object]:
    """(value, unit) expressed in the unit it is compared in; unchanged for a unit without conversion."""
    base, factor = CONVERSIONS.get(unit, (unit, 1.0))
    return value * factor, base
