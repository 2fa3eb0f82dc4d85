"""Checking a student's answer in a teaching notebook, with a hint instead of the answer."""

import math


def check(answer, expected, hint: str) -> str:
    """'Not answered yet', 'Right' or 'Not quite', never the expected value itself."""
    if answer is None:
        return f"Not answered yet. Hint: {hint}"
    if isinstance(expected, float) or isinstance(answer, float):
        try:
            right = math.isclose(float(answer), float(expected), rel_tol=1e-6)
        except (TypeError, ValueError):
            right = False
    else:
        right = str(answer).strip().casefold() == str(expected).strip().casefold()
    return "Right." if right else f"Not quite. Hint: {hint}"
