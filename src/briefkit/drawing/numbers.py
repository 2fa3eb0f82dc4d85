"""The numbers chart: every counted quantity as the interval its hedge allows, one row per claim.

A claim that several reports repeat is one row, not one per report: each report day that gives the claim a
number draws its interval on a line of the row, so that "nearly 50,000" becoming "tens of thousands" reads
down the row, with who says so. A place's size (a city's population, its rank) is a panel of its own, never on
the axis of counts of what happened. The figure keeps to a slide's height: the rows that do not fit are the
lowest in the chart's order (the newest day's numbers first, then those more reports carry) and are counted
in its note; every row is in the figure's CSV, with column drawn.

    numbers = quantity_table(tables)            # one row per fact with a counted quantity
    fig = draw_quantities(numbers)              # marks numbers["drawn"]
"""

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from briefkit.contract.tables import Tables, count_units, quantities, speaker_names
from briefkit.drawing.checks import MAX_HEIGHT_IN
from briefkit.drawing.figures import nothing_to_draw
from briefkit.drawing.house import INK, MUTED, SPEAKER_COLOURS, SPEAKER_LABELS

NO_COUNTS = 'No counted quantity in the reports: no fact\'s unit has the parent "count" in data/vocabularies.csv.'
ATTRIBUTES = ("place_attribute", "actor_attribute")  # what a place or an actor is, not what happened
FRAME_IN = 2.9  # title, subtitle, legend and source line
PANEL_IN = 0.75  # a panel's title and axis
ROW_IN, LINE_IN = 0.3, 0.18  # a row (its label), and each report day's line within it
WIDTH_IN = 11.0  # topics on the left, the axis, then each line's day, words and speaker on the right
LAYOUT = {"left": 0.3, "right": 0.64}  # for subplots_adjust, once the figure is framed
MAX_DAYS = 4  # lines a row draws: the first day and the latest others; the rest are in the CSV


def quantity_table(tables: Tables) -> pd.DataFrame:
    """One row per fact with a counted quantity: its claim's topic, the report's day, the interval and the
    speaker; panel is the unit as readers write it (its label in the unit vocabulary), or that and "a place's
    size" for what a place or an actor is; unit stays the unit's id."""
    units = count_units(tables)
    days = tables.sources.set_index("source_id")["published"]
    found = quantities(tables).loc[lambda d: d["unit"].isin(units)]
    return (
        found.merge(tables.claims[["claim_id", "topic"]], on="claim_id", how="left")
        .assign(
            day=lambda d: d["source_id"].map(days),
            speaker=lambda d: speaker_names(tables, d["attributed_to"]),
            shown=lambda d: d["unit"].map(lambda unit: tables.codebook.label("unit", unit)),
            panel=lambda d: d["shown"].where(~d["category"].isin(ATTRIBUTES), d["shown"] + " · a place's size"),
            unit=lambda d: pd.Categorical(d["unit"], units, ordered=True),
        )
        .sort_values(["unit", "claim_id", "day", "fact_id"])
        .loc[
            :,
            [
                "panel",
                "unit",
                "claim_id",
                "topic",
                "fact_id",
                "source_id",
                "day",
                "quantity_text",
                "hedge",
                "value_low",
                "value_best",
                "value_high",
                "open_ended",
                "conservative",
                "speaker",
                "speaker_kind",
            ],
        ]
        .reset_index(drop=True)
    )


def claim_lines(table: pd.DataFrame) -> pd.DataFrame:
    """The lines the chart draws: per panel, claim and report day, the interval given that day (the first
    fact's, where one day's reports differ), the reports and speakers saying it."""
    key = ["panel", "claim_id", "day"]
    first = table.sort_values([*key, "fact_id"]).drop_duplicates(key)
    said = table.groupby(key, observed=True).agg(
        reports=("source_id", lambda s: sorted(set(s))), speakers=("speaker", lambda s: sorted(set(s)))
    )
    return first.join(said, on=key).reset_index(drop=True)


def chosen_rows(lines: pd.DataFrame) -> pd.DataFrame:
    """One row per (panel, claim) in the order rows earn their place: numbers of the newest day first, then
    those more reports carry, then the largest; with the height each takes and whether it fits."""
    newest = lines["day"].max()
    rows = (
        lines.groupby(["panel", "claim_id"], observed=True)
        .agg(
            newest=("day", lambda d: bool((d == newest).any())),
            reports=("reports", lambda r: len({s for each in r for s in each})),
            best=("value_best", "max"),
            days=("day", "nunique"),
        )
        .reset_index()
        .sort_values(["newest", "reports", "best", "claim_id"], ascending=[False, False, False, True], kind="stable")
    )
    rows["height"] = ROW_IN + LINE_IN * rows["days"].clip(upper=MAX_DAYS)
    room, used, panels, fits = MAX_HEIGHT_IN - FRAME_IN, 0.0, set(), []
    for row in rows.itertuples():
        cost = row.height + (0 if row.panel in panels else PANEL_IN)
        fits.append(used + cost <= room)
        if fits[-1]:
            used += cost
            panels.add(row.panel)
    return rows.assign(fits=fits)


def draw_quantities(table: pd.DataFrame) -> plt.Figure:
    """One panel per unit (and per kind of size), one row per claim, a line per report day: a bar from low to
    high, a dot at best, an arrow if open-ended, and the day and speakers beside it. Sets table["drawn"]."""
    lines = claim_lines(table)
    if lines.empty:
        table["drawn"] = pd.Series(dtype=bool)
        return nothing_to_draw(NO_COUNTS)
    rows = chosen_rows(lines)
    shown = rows.loc[rows["fits"]]
    table["drawn"] = table.set_index(["panel", "claim_id"]).index.isin(shown.set_index(["panel", "claim_id"]).index)
    panel_order = [p for p in dict.fromkeys(table.sort_values(["unit", "panel"])["panel"]) if p in set(shown["panel"])]
    heights = [shown.loc[shown["panel"] == p, "height"].sum() + 0.2 for p in panel_order]
    total = sum(heights) + PANEL_IN * len(panel_order) + FRAME_IN
    fig, axes = plt.subplots(
        len(panel_order),
        1,
        figsize=(WIDTH_IN, min(total, MAX_HEIGHT_IN)),
        # the gap between panels is a share of their mean height: a panel's title and axis, whatever the panels hold
        gridspec_kw={"height_ratios": heights, "hspace": PANEL_IN / np.mean(heights)},
    )
    for ax, panel in zip(np.atleast_1d(axes), panel_order):
        claims = shown.loc[shown["panel"] == panel].sort_values(["best", "claim_id"], na_position="last")
        draw_panel(ax, panel, claims, lines.loc[lines["panel"] == panel])
    fig.left_out = int((~rows["fits"]).sum())
    return fig


def draw_panel(ax: plt.Axes, panel: str, claims: pd.DataFrame, lines: pd.DataFrame) -> None:
    finite = pd.concat([lines["value_low"], lines["value_high"]]).dropna()
    log = not finite.empty and finite.max() / max(finite.min(), 1) > 50
    top = finite.max() * (8 if log else 1.35) if not finite.empty else 1
    y, ticks, labels = 0.0, [], []
    for claim in claims.itertuples():
        own = lines.loc[lines["claim_id"] == claim.claim_id].sort_values("day")
        own = pd.concat([own.head(1), own.iloc[1:].tail(MAX_DAYS - 1)]) if len(own) > MAX_DAYS else own
        ticks.append(y + LINE_IN * (len(own) - 1) / 2 / ROW_IN)
        topic = claim.claim_id if pd.isna(own["topic"].iloc[0]) else own["topic"].iloc[0]
        labels.append(textwrap.fill(textwrap.shorten(topic, 84, placeholder="…"), 42))  # two lines at most
        for line in own.itertuples():
            draw_line(ax, line, y, top, log)
            y += LINE_IN / ROW_IN
        y += 1 - LINE_IN / ROW_IN
    ax.set_yticks(ticks, labels, fontsize=8.2)
    ax.set_ylim(y - 0.4, -0.6)
    ax.tick_params(axis="y", length=0)
    if finite.empty:
        ax.xaxis.set_visible(False)
        ax.spines["bottom"].set_visible(False)
    elif log:
        ax.set_xscale("log")
        ax.set_xlim(max(finite.min() / 2, 0.8), top)
        ax.xaxis.set_major_locator(LogLocator(base=10, numticks=12))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(compact_number))
    else:
        ax.set_xlim(0, top)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(FuncFormatter(compact_number))
    ax.set_title(panel + (" (log scale)" if log else ""), fontsize=9.5, loc="left", color=INK)
    ax.grid(axis="x", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)


def draw_line(ax: plt.Axes, line, y: float, top: float, log: bool) -> None:
    """One report day's interval of a claim, and beside the axis the day, the words and who says them."""
    colour = SPEAKER_COLOURS[line.speaker_kind]
    who = line.speakers[0] if len(line.speakers) == 1 else f"{len(line.speakers)} speakers"
    reports = line.reports[0] if len(line.reports) == 1 else f"{len(line.reports)} reports"
    said = f"{line.day:%-d %b} · {reports} · “{textwrap.shorten(line.quantity_text, 26, placeholder='…')}” · {who}"
    beside = textwrap.shorten(said, 64, placeholder="…")
    ax.text(1.01, y, beside, transform=ax.get_yaxis_transform(), va="center", fontsize=7, color=MUTED)
    if pd.isna(line.value_low):
        none = {"va": "center", "fontsize": 7.5, "color": MUTED, "style": "italic"}
        ax.text(0.005, y, "no number given", transform=ax.get_yaxis_transform(), **none)
        return
    high = top if line.open_ended else line.value_high
    ax.plot([line.value_low, high], [y, y], color=colour, lw=4.5, alpha=0.45, solid_capstyle="butt")
    if line.open_ended:
        arrow = {"arrowstyle": "-|>", "color": colour, "lw": 1.3}
        ax.annotate("", xy=(top, y), xytext=(top / (1.6 if log else 1.12), y), arrowprops=arrow)
    ax.plot(line.value_best, y, marker="o", color=colour, markeredgecolor=INK, ms=5.5, zorder=3)


def compact_number(value: float, _position=None) -> str:
    """1 -> '1', 2500 -> '2.5k', 10_000_000 -> '10M': short tick labels that never collide on a log axis."""
    for divisor, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= divisor:
            return f"{value / divisor:g}{suffix}"
    return f"{value:g}"


def quantity_legend(fig: plt.Figure, table: pd.DataFrame, y_pt: float = 50) -> None:
    """The legend, y_pt points above the figure's foot (under the lowest axis whatever the figure's height)."""
    kinds = [k for k in SPEAKER_COLOURS if k in set(table.loc[table.get("drawn", True), "speaker_kind"])]
    handles = [Patch(color=SPEAKER_COLOURS[k], alpha=0.6, label=SPEAKER_LABELS[k]) for k in kinds]
    handles.append(Line2D([], [], ls="", marker="o", color="white", markeredgecolor=INK, label="best estimate"))
    y = y_pt / (fig.get_figheight() * 72)
    fig.legend(handles=handles, loc="lower left", ncol=4, bbox_to_anchor=(0.01, y), fontsize=8.5)


def uncounted_note(tables: Tables) -> str:
    """The numbers the chart of counts leaves out, by unit as readers write it: "Not counts, so not drawn:
    3 numbers in miles, 1 in us dollars (all in data/derived/quantities.csv)."; "" when every number is a count."""
    units = quantities(tables).loc[lambda d: ~d["unit"].isin(count_units(tables)), "unit"]
    if units.empty:
        return ""
    counts = units.fillna("").value_counts().sort_index()
    parts = [
        (f"{n} number{'s' if n > 1 else ''}" if i == 0 else str(n))
        + (f" in {tables.codebook.label('unit', unit)}" if unit else " with no unit")
        for i, (unit, n) in enumerate(counts.items())
    ]
    return f"Not counts, so not drawn: {', '.join(parts)} (all in data/derived/quantities.csv)."


def numbers_note(fig: plt.Figure) -> str:
    """The figure note on what it leaves out, for its source line."""
    left_out = getattr(fig, "left_out", 0)
    if not left_out:
        return ""
    return f"{left_out} more claim{'s' if left_out > 1 else ''} with numbers, lowest in this order: all in its CSV."
