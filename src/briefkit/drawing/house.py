"""The house's colours and words, the same in every figure and page.

Apart from briefkit.drawing.figures, so that what only writes (the briefing, a notebook that draws nothing)
starts without importing matplotlib.
"""

import pandas as pd

# Okabe-Ito colours (safe for the common colour-vision deficiencies), one per kind of speaker,
# the same in every figure.
SPEAKER_COLOURS = {
    "party_to_conflict": "#D55E00",
    "state_media": "#CC79A7",
    "independent_monitor": "#0072B2",
    "un": "#56B4E9",
    "foreign_government": "#E69F00",
    "journalist_observation": "#009E73",
    "other_source": "#9E8A00",
    "unattributed": "#8C8C8C",
}
SPEAKER_LABELS = {
    "party_to_conflict": "party to the conflict",
    "state_media": "state media",
    "independent_monitor": "independent monitor",
    "un": "UN",
    "foreign_government": "foreign government",
    "journalist_observation": "journalist's observation",
    "other_source": "other named source",
    "unattributed": "unattributed (report's own voice)",
}
INK = "#222222"
MUTED = "#666666"
# What the newest report day adds, on maps (a halo) and the timeline (a band): Okabe-Ito yellow, apart from
# every speaker colour.
NEW_HIGHLIGHT = "#F0E442"


def day(timestamp) -> str:
    """A day as figures and the briefing write it: "3 December 2024"."""
    return pd.Timestamp(timestamp).strftime("%-d %B %Y")


def as_of_day(as_of) -> str:
    """A case's as-of day as figures and the briefing write it; "no reports yet" for a case without one."""
    return day(as_of) if as_of is not None else "no reports yet"
