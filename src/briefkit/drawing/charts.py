"""The charts of reported numbers, speakers, actor relations and dates: the tables behind them and the drawing.

Each `*_table` function returns the exact data a chart draws (saved beside the figure as CSV); each
`draw_*` function draws that table in the house style and returns the figure.
"""

import math
import textwrap

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from briefkit.analysis.compare import VERDICT_LABELS
from briefkit.contract.tables import Tables, actor_names, count_units, quantities, speaker_names
from briefkit.drawing.figures import nothing_to_draw
from briefkit.drawing.house import INK, MUTED, NEW_HIGHLIGHT, SPEAKER_COLOURS, SPEAKER_LABELS

# Reports in the order of sources.csv get these best-estimate markers in turn.
REPORT_MARKERS = ("o", "D", "s", "^", "v", "P", "X", "h")


def report_marker(source_id: str, sources: list[str]) -> str:
    return REPORT_MARKERS[sources.index(source_id) % len(REPORT_MARKERS)]


# ---------------------------------------------------------------- quantities


def quantity_table(tables: Tables) -> pd.DataFrame:
    """One row per counted quantity: raw phrase, interval, speaker and report, in chart order."""
    units = count_units(tables)
    return (
        quantities(tables)
        .loc[lambda d: d["unit"].isin(units)]
        .assign(
            speaker=lambda d: speaker_names(tables, d["attributed_to"]),
            unit=lambda d: pd.Categorical(d["unit"], units, ordered=True),
        )
        .sort_values(["unit", "value_best", "fact_id"], na_position="last")
        .loc[
            :,
            [
                "unit",
                "fact_id",
                "source_id",
                "claim_id",
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


NO_COUNTS = 'No counted quantity in the reports: no fact\'s unit has the parent "count" in data/vocabularies.csv.'


def draw_quantities(table: pd.DataFrame) -> plt.Figure:
    """One panel per unit, each row a fact: a bar from low to high, a tick at best, an arrow if open-ended."""
    units = [u for u in table["unit"].cat.categories if (table["unit"] == u).any()]
    if not units:
        return nothing_to_draw(NO_COUNTS)
    sources = sorted(table["source_id"].unique())
    heights = [max(1.1, (table["unit"] == u).sum() * 0.62 + 0.5) for u in units]
    fig, axes = plt.subplots(len(units), 1, figsize=(10, sum(heights) + 1.9), gridspec_kw={"height_ratios": heights})
    for ax, unit in zip(np.atleast_1d(axes), units):
        rows = table.loc[table["unit"] == unit].reset_index(drop=True)
        finite = pd.concat([rows["value_low"], rows["value_high"]]).dropna()
        log = not finite.empty and finite.max() / max(finite.min(), 1) > 50
        top = finite.max() * (8 if log else 1.35) if not finite.empty else 1
        for y, row in rows.iterrows():
            colour = SPEAKER_COLOURS[row["speaker_kind"]]
            if pd.isna(row["value_low"]):
                ax.text(
                    0.005,
                    y,
                    "no number given",
                    transform=ax.get_yaxis_transform(),
                    va="center",
                    fontsize=8.5,
                    color=MUTED,
                    style="italic",
                )
                continue
            high = top if row["open_ended"] else row["value_high"]
            ax.plot([row["value_low"], high], [y, y], color=colour, lw=6, alpha=0.45, solid_capstyle="butt")
            if row["open_ended"]:
                ax.annotate(
                    "",
                    xy=(top, y),
                    xytext=(top / (1.6 if log else 1.12), y),
                    arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 1.5},
                )
                ax.text(top, y + 0.32, "no upper bound", ha="right", va="bottom", fontsize=7, color=colour)
            ax.plot(
                row["value_best"],
                y,
                marker=report_marker(row["source_id"], sources),
                color=colour,
                markeredgecolor=INK,
                ms=7,
                zorder=3,
            )
        labels = [
            textwrap.fill(f"“{r.quantity_text}”", 46) + f"\n{r.speaker} · {r.source_id}" for r in rows.itertuples()
        ]
        ax.set_yticks(range(len(rows)), labels, fontsize=8.2, linespacing=1.15)
        ax.set_ylim(len(rows) - 0.5, -0.7)
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
        ax.set_title(f"{unit}" + (" (log scale)" if log else ""), fontsize=9.5, loc="left", color=INK)
        ax.grid(axis="x", color="#e5e5e5", lw=0.6)
        ax.set_axisbelow(True)
    return fig


def compact_number(value: float, _position=None) -> str:
    """1 -> '1', 2500 -> '2.5k', 10_000_000 -> '10M': short tick labels that never collide on a log axis."""
    for divisor, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= divisor:
            return f"{value / divisor:g}{suffix}"
    return f"{value:g}"


def quantity_legend(fig: plt.Figure, table: pd.DataFrame, y: float) -> None:
    kinds = [k for k in SPEAKER_COLOURS if k in set(table["speaker_kind"])]
    handles = [Patch(color=SPEAKER_COLOURS[k], alpha=0.6, label=SPEAKER_LABELS[k]) for k in kinds]
    sources = sorted(table["source_id"].unique())
    handles += [
        Line2D(
            [],
            [],
            ls="",
            marker=report_marker(s, sources),
            color="white",
            markeredgecolor=INK,
            label=f"best estimate, report {s}",
        )
        for s in sources
    ]
    fig.legend(handles=handles, loc="lower left", ncol=4, bbox_to_anchor=(0.01, y), fontsize=8.5)


# ---------------------------------------------------------------- categories and speakers


def category_speaker_table(tables: Tables) -> pd.DataFrame:
    """Fact rows per report, category and kind of speaker."""
    return tables.facts.groupby(["source_id", "category", "speaker_kind"]).size().rename("facts").reset_index()


def draw_category_speakers(table: pd.DataFrame) -> plt.Figure:
    """One panel per report: facts per category as bars, stacked by kind of speaker, on a shared scale."""
    sources = sorted(table["source_id"].unique())
    speaker_order = [kind for kind in SPEAKER_COLOURS if kind in set(table["speaker_kind"])]
    category_order = table.groupby("category")["facts"].sum().sort_values(kind="stable").index.tolist()
    fig, axes = plt.subplots(
        1,
        len(sources),
        figsize=(10, max(6.4, 0.3 * len(category_order) + 1.6)),
        sharey=True,
        sharex=True,
        squeeze=False,
    )
    for ax, source_id in zip(axes[0], sources):
        counts = (
            table.loc[table["source_id"] == source_id]
            .pivot(index="category", columns="speaker_kind", values="facts")
            .reindex(index=category_order, columns=speaker_order)
            .fillna(0)
        )
        left = pd.Series(0.0, index=counts.index)
        for kind in speaker_order:
            ax.barh(
                counts.index.str.replace("_", " "),
                counts[kind],
                left=left,
                color=SPEAKER_COLOURS[kind],
                label=SPEAKER_LABELS[kind],
                height=0.7,
            )
            left += counts[kind]
        ax.panel_title = ax.set_title(f"report {source_id} · {int(counts.to_numpy().sum())} facts", fontsize=10)
        ax.set_xlabel("facts")
        ax.xaxis.get_major_locator().set_params(integer=True)
    axes[0][0].tick_params(axis="y", length=0)
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="lower center", ncol=4, bbox_to_anchor=(0.5, 0.075))
    return fig


# ---------------------------------------------------------------- speakers


def speaker_table(tables: Tables) -> pd.DataFrame:
    """Facts per speaker and report; the report's own voice is one 'speaker'."""
    return (
        tables.facts.assign(speaker=lambda d: speaker_names(tables, d["attributed_to"]))
        .groupby(["speaker", "speaker_kind", "source_id"])
        .size()
        .rename("facts")
        .reset_index()
        .sort_values(
            ["speaker_kind", "speaker", "source_id"],
            key=lambda s: s.map(list(SPEAKER_COLOURS).index) if s.name == "speaker_kind" else s,
        )
        .reset_index(drop=True)
    )


def draw_speakers(table: pd.DataFrame) -> plt.Figure:
    """A bar per named speaker, grouped by kind, one panel per report on a shared scale.

    The report's own voice outnumbers every speaker many times over, so it is stated in each panel's
    title instead of drawn: as a bar it would flatten the others to slivers.
    """
    named = table.loc[table["speaker_kind"] != "unattributed"]
    order = named.drop_duplicates("speaker")[["speaker", "speaker_kind"]].reset_index(drop=True)
    sources = sorted(table["source_id"].unique())
    fig, axes = plt.subplots(1, len(sources), figsize=(10, 0.32 * len(order) + 2.6), sharey=True, sharex=True)
    for ax, source_id in zip(np.atleast_1d(axes), sources):
        counts = (
            named.loc[named["source_id"] == source_id].set_index("speaker")["facts"].reindex(order["speaker"]).fillna(0)
        )
        ax.barh(
            range(len(order)), counts.to_numpy(), color=[SPEAKER_COLOURS[k] for k in order["speaker_kind"]], height=0.72
        )
        for y, value in enumerate(counts):
            if value:
                ax.text(value + 0.08, y, f"{int(value)}", va="center", fontsize=8, color=MUTED)
        unattributed = int(
            table.loc[(table["source_id"] == source_id) & (table["speaker_kind"] == "unattributed"), "facts"].sum()
        )
        ax.panel_title = ax.set_title(
            f"report {source_id}: {int(counts.sum())} facts with a "
            f"named speaker\n(+ {unattributed} with none, not drawn)",
            fontsize=9.5,
            loc="left",
        )
        ax.set_xlabel("facts")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", color="#e5e5e5", lw=0.6)
        ax.set_axisbelow(True)
    first = np.atleast_1d(axes)[0]
    first.set_yticks(range(len(order)), order["speaker"], fontsize=8.5)
    first.set_ylim(len(order) - 0.5, -0.6)
    first.tick_params(axis="y", length=0)
    handles = [
        Patch(color=SPEAKER_COLOURS[k], label=SPEAKER_LABELS[k])
        for k in SPEAKER_COLOURS
        if k in set(order["speaker_kind"])
    ]
    fig.legend(handles=handles, loc="lower left", ncol=4, bbox_to_anchor=(0.01, 0.065), fontsize=8.5)
    return fig


def fit_panel_titles(fig: plt.Figure) -> None:
    """Each panel's title (panel_title, set by the draw_ function) that runs past its panel (one panel per
    report: the more reports, the narrower): broken at its colons, then made smaller (to 8 points), then
    wrapped, until it fits (call once the layout is final)."""
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        title = getattr(ax, "panel_title", None)
        if title is None:
            continue
        width = ax.get_window_extent(renderer).width
        parts = title.get_text().replace(": ", ":\n").split("\n")
        longest = max(map(len, parts))
        tries = [(longest, size) for size in np.arange(title.get_fontsize(), 7.9, -0.5)] + [
            (chars, 8) for chars in range(longest - 2, 11, -2)
        ]
        for chars, size in tries:
            if title.get_window_extent(renderer).width <= width:
                break
            title.set_text("\n".join(textwrap.fill(part, chars) for part in parts))
            title.set_fontsize(size)


# ---------------------------------------------------------------- actor relations

RELATION_GROUPS = {
    "support": ("backs", "allied_with", "fights_alongside", "leads", "supplies_weapons_to"),
    "hostility": ("fights", "strikes", "attacks", "kills", "accuses", "condemns", "sanctions", "breaks_ties_with"),
    "ties": (
        "member_of",
        "liaises_with",
        "linked_to",
        "formerly_affiliated_with",
        "parent_of",
        "negotiates_with",
        "urges_talks_with",
        "calls_on",
        "denies_backing",
    ),
}
# a relation the kit does not group (one a case adds to its vocabulary) is drawn too, in a neutral colour
OTHER_RELATIONS = "other"
RELATION_COLOURS = {"support": "#009E73", "hostility": "#D55E00", "ties": "#0072B2", OTHER_RELATIONS: MUTED}


def relation_table(tables: Tables) -> pd.DataFrame:
    """One row per (subject, relation, object) stated by some report, with the fact ids of each report."""
    names = actor_names(tables)
    group_of = {relation: group for group, relations in RELATION_GROUPS.items() for relation in relations}
    facts = tables.facts.loc[lambda d: d["relation"].notna() & d["object"].notna()]
    wide = (
        facts.groupby(["subject", "relation", "object", "source_id"])["fact_id"]
        .agg(" ".join)
        .unstack("source_id")
        .reindex(columns=sorted(tables.sources["source_id"]))
        .fillna("")
        .reset_index()
    )
    return (
        wide.assign(
            group=lambda d: d["relation"].map(group_of).fillna(OTHER_RELATIONS),
            subject_name=lambda d: d["subject"].map(names),
            object_name=lambda d: d["object"].map(names),
        )
        .assign(order=lambda d: d["group"].map(list(RELATION_COLOURS).index))
        .sort_values(["order", "relation", "subject_name", "object_name"])
        .drop(columns="order")
        .reset_index(drop=True)
    )


def draw_relations(table: pd.DataFrame, sources: list[str]) -> plt.Figure:
    """A matrix: one line per stated relation, one column per report, each mark labelled with its fact ids."""
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(table) + 2.2))
    for y, row in table.iterrows():
        colour = RELATION_COLOURS[row["group"]]
        for x, source_id in enumerate(sources):
            if row[source_id]:
                ax.plot(x, y, marker=report_marker(source_id, sources), color=colour, ms=7)
                ax.text(x + 0.09, y, row[source_id], va="center", fontsize=7, color=MUTED)
    labels = [f"{r.subject_name}  —{r.relation.replace('_', ' ')}→  {r.object_name}" for r in table.itertuples()]
    ax.set_yticks(range(len(table)), labels, fontsize=8.5)
    for tick, row in zip(ax.get_yticklabels(), table.itertuples()):
        tick.set_color(RELATION_COLOURS[row.group])
    ax.set_xticks(range(len(sources)), [f"report {s}" for s in sources])
    ax.xaxis.tick_top()
    ax.set_xlim(-0.3, len(sources) - 0.2)
    ax.set_ylim(len(table) - 0.5, -0.6)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for y in range(len(table)):
        ax.axhline(y, color="#f0f0f0", lw=0.6, zorder=0)
    if table.empty:
        ax.text(
            0.5,
            0.5,
            "no relation between actors stated",
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=9,
            color=MUTED,
        )
        return fig
    shown = set(table["group"])
    handles = [Patch(color=c, label=g) for g, c in RELATION_COLOURS.items() if g in RELATION_GROUPS or g in shown]
    fig.legend(handles=handles, loc="lower left", ncol=3, bbox_to_anchor=(0.01, 0.05), fontsize=8.5, title_fontsize=8.5)
    return fig


# ---------------------------------------------------------------- timeline

BASIS_COLOURS = {"stated": "#0072B2", "inferred": "#E69F00", "report_date": "#8C8C8C"}
BASIS_LABELS = {
    "stated": "date stated in the text",
    "inferred": "date inferred (reasoning in notes)",
    "report_date": "no date in the text: the report's day",
}


def draw_timeline(
    table: pd.DataFrame, report_days: dict[str, pd.Timestamp], split: pd.Timestamp, *, days_inferred: bool
) -> plt.Figure:
    """Two panels: the background years before `split`, and the days of the offensive after it (day scale).

    One row per claim, each report's mark slightly offset. A day is a marker; a span (a few days, a
    year, a period, an approximate window) is a bar covering every day it may mean, hatched when
    approximate. Facts the text does not date share one last row on the report's day: they are not
    events with a date, so they get no row of their own. The reports' days are dashed lines, said to be
    inferred where some report's day is (days_inferred).
    """
    dated = table.loc[table["date_basis"] != "report_date"]
    undated = table.loc[table["date_basis"] == "report_date"]
    claims = (
        dated.groupby("claim_id", sort=False)
        .agg(topic=("topic", "first"), start=("date_start", "min"))
        .sort_values("start", kind="stable")
    )
    row_of = {claim: y for y, claim in enumerate(claims.index)}
    summary_row = len(claims)
    sources = sorted(table["source_id"].unique())
    offset = {s: (i - (len(sources) - 1) / 2) * 0.26 for i, s in enumerate(sources)}
    background = bool((dated["date_start"] < split).any())
    fig, (early, late) = plt.subplots(
        1,
        2,
        figsize=(10.5, max(4.8, 0.3 * (len(claims) + 1) + 2.4)),
        sharey=True,
        gridspec_kw={"width_ratios": [1 if background else 0.3, 1.25], "wspace": 0.04},
    )
    one_day = pd.Timedelta(days=1)
    for ax in (early, late):
        for claim in claims.index[
            claims.index.isin(dated.loc[dated["new"], "claim_id"])
        ]:  # first reported on the newest day
            ax.axhspan(row_of[claim] - 0.45, row_of[claim] + 0.45, color=NEW_HIGHLIGHT, alpha=0.45, lw=0, zorder=0)
        for row in dated.itertuples():
            y, colour = row_of[row.claim_id] + offset[row.source_id], BASIS_COLOURS[row.date_basis]
            start, end = row.date_start, row.date_end + one_day
            if row.date_precision == "day":
                if (ax is late) == (start >= split):
                    ax.plot(
                        start + one_day / 2,
                        y,
                        marker=report_marker(row.source_id, sources),
                        color=colour,
                        ms=5,
                        zorder=3,
                    )
            elif (start < split) if ax is early else (end > split):  # on the panels its days fall in
                approximate = row.date_precision == "approximate"
                ax.barh(
                    y,
                    end - start,
                    left=start,
                    height=0.24,
                    color=colour,
                    alpha=0.35 if approximate else 0.8,
                    hatch="////" if approximate else None,
                    edgecolor=colour,
                    lw=0.5,
                )
        ax.grid(axis="x", color="#e5e5e5", lw=0.6)
        ax.set_axisbelow(True)
    counts = undated.groupby("source_id").size()
    for source_id in counts.index:
        late.plot(
            report_days[source_id] + one_day / 2,
            summary_row + offset[source_id],
            marker=report_marker(source_id, sources),
            color=BASIS_COLOURS["report_date"],
            ms=5,
        )
    if 0 < len(counts) <= 2:
        # one line for both reports' counts, left of the earliest marker: stacked, they would sit on each other
        first_day = min(report_days[source_id] for source_id in counts.index) + one_day / 2
        late.text(
            first_day - one_day * 0.3,
            summary_row,
            ", ".join(f"{count} ({source_id})" for source_id, count in counts.items()),
            ha="right",
            va="center",
            fontsize=7,
            color=MUTED,
            zorder=4,
            bbox={"boxstyle": "square,pad=0", "facecolor": "white", "edgecolor": "none", "alpha": 0.9},
        )
    # the background panel starts at the decade of the oldest date (at least ten years before the news)
    oldest = (
        min(dated["date_start"].min(), split - pd.DateOffset(years=10))
        if len(dated)
        else split - pd.DateOffset(years=10)
    )
    early.set_xlim(pd.Timestamp(year=oldest.year // 10 * 10, month=1, day=1), split)
    news_end = max(report_days.values()) + 2 * one_day
    late.set_xlim(split, news_end)
    early.xaxis.set_major_locator(mdates.YearLocator(10) if background else NullLocator())
    early.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    if not background:
        early.text(
            0.5,
            0.5,
            f"nothing dated\nbefore {split:%-d %b %Y}",
            transform=early.transAxes,
            ha="center",
            va="center",
            fontsize=8,
            color=MUTED,
        )
    # none at the split itself, where it would run into the last year of the background; about seven in all
    late.set_xticks(pd.date_range(split + one_day, news_end, freq=f"{max(1, math.ceil((news_end - split).days / 7))}D"))
    late.xaxis.set_major_formatter(mdates.DateFormatter("%-d %b"))
    early.set_title("background, by year" if background else "", fontsize=9.5, loc="left")
    late.set_title(f"the news, by day (from {split:%-d %b %Y})", fontsize=9.5, loc="left")
    early.spines["right"].set_visible(False)
    late.spines["left"].set_linestyle((0, (2, 2)))
    late.tick_params(axis="y", length=0)
    for day in sorted(set(report_days.values())):
        late.axvline(day + one_day / 2, color=INK, lw=0.9, ls="--", zorder=1)
    reports = sorted(undated["source_id"].unique())
    labels = [textwrap.shorten(topic, 62, placeholder="…") for topic in claims["topic"]]
    if reports:
        undated_of = ", ".join(reports) if len(reports) <= 2 else f"{len(undated)} in {len(reports)} reports"
        labels.append(f"facts the text does not date ({undated_of}): on the report day")
    early.set_yticks(range(len(labels)), labels, fontsize=8)
    early.set_ylim(len(labels) - 0.5, -0.6)
    early.tick_params(axis="y", length=0)
    handles = [Patch(color=c, label=BASIS_LABELS[b]) for b, c in BASIS_COLOURS.items() if b in set(table["date_basis"])]
    if (dated["date_precision"] == "approximate").any():
        handles += [Patch(facecolor="white", edgecolor=MUTED, hatch="////", label="approximate window")]
    handles += [
        Line2D([], [], ls="", marker=report_marker(s, sources), color=MUTED, label=f"report {s} (a single day)")
        for s in sources
    ]
    handles += [
        Line2D([], [], ls="--", color=INK, lw=0.9, label="the reports' day" + (" (inferred)" if days_inferred else ""))
    ]
    if dated["new"].any():
        handles += [
            Patch(color=NEW_HIGHLIGHT, alpha=0.45, label=f"new: first reported {max(report_days.values()):%-d %B %Y}")
        ]
    # 45 points up: clear of the two-line source note under it, at any figure height
    fig.legend(
        handles=handles, loc="lower left", ncol=3, bbox_to_anchor=(0.01, 45 / (fig.get_figheight() * 72)), fontsize=8
    )
    return fig


# ---------------------------------------------------------------- comparison of reports

UPDATES_EARLIER = "updates_earlier"  # not a verdict: how a later report's version of an updated claim is counted
VERDICT_COLOURS = {
    "same": "#009E73",
    "reworded_same_meaning": "#56B4E9",
    "meaning_changed": "#E69F00",
    "contradicts": "#D55E00",
    "inconsistent_within_report": "#CC79A7",
    "updated": "#0072B2",
    UPDATES_EARLIER: "#80B9D9",  # the blue of "updated", at half strength: the newer version of the same claim
    "only_in_one_report": "#BBBBBB",
}


def verdict_table(comparison: pd.DataFrame, tables: Tables) -> pd.DataFrame:
    """Claims per report and verdict: a claim counts for every report that makes it. Of a claim updated by
    the reports of a later day (its number grew: an analyst's "updated" in data/claim_reviews.csv), those
    reports count it as updating the earlier ones, not as updated by a later report."""
    published = dict(zip(tables.sources["source_id"], tables.sources["published"]))
    sources = sorted(published)
    states = pd.DataFrame({s: comparison[f"quote_{s}"] != "" for s in sources}, index=comparison.index)
    days = states.apply(lambda column: column.map({True: published[column.name], False: pd.NaT}))
    first, last = days.min(axis=1), days.max(axis=1)
    rows = []
    for source in sources:
        newest = comparison["verdict"].eq("updated") & last.eq(published[source]) & first.lt(published[source])
        verdicts = comparison["verdict"].where(~newest, UPDATES_EARLIER)
        rows += [
            {"source_id": source, "verdict": verdict, "claims": int((states[source] & verdicts.eq(verdict)).sum())}
            for verdict in VERDICT_COLOURS
        ]
    return pd.DataFrame(rows)


def draw_verdicts(table: pd.DataFrame, labels: dict[str, str] = VERDICT_LABELS) -> plt.Figure:
    """One horizontal bar per report, split by verdict, each segment labelled with its count."""
    sources = list(dict.fromkeys(table["source_id"]))
    fig, ax = plt.subplots(figsize=(9, 1.1 * len(sources) + 2.6))
    for y, source in enumerate(sources):
        left, shift = 0, 0.0
        for row in table.loc[table["source_id"] == source].itertuples():
            if not row.claims:
                continue
            ax.barh(y, row.claims, left=left, color=VERDICT_COLOURS[row.verdict], height=0.62, edgecolor="white", lw=1)
            if row.claims < 3:  # no room inside: the count goes above, pushed right of a neighbouring small count
                ax.annotate(
                    str(row.claims),
                    (left + row.claims / 2, y - 0.33),
                    xytext=(shift, 0),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=9,
                    color=VERDICT_COLOURS[row.verdict],
                    fontweight="bold",
                )
                shift += 9
            else:
                ax.text(left + row.claims / 2, y, str(row.claims), ha="center", va="center", fontsize=9, color=INK)
                shift = 0.0
            left += row.claims
    ax.set_yticks(range(len(sources)), [f"report {s}" for s in sources])
    ax.set_ylim(len(sources) - 0.45, -0.7)
    ax.set_xlabel("claims the report makes")
    ax.tick_params(axis="y", length=0)
    shown = set(table.loc[table["claims"] > 0, "verdict"])
    words = labels | {UPDATES_EARLIER: "updates an earlier report"}
    handles = [Patch(color=c, label=words[v]) for v, c in VERDICT_COLOURS.items() if v in shown]
    fig.legend(handles=handles, loc="lower left", ncol=3, bbox_to_anchor=(0.01, 0.13), fontsize=8.5)
    return fig
