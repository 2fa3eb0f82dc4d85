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
from matplotlib.ticker import NullLocator

from briefkit.analysis.compare import VERDICT_LABELS
from briefkit.contract.tables import Tables, actor_names
from briefkit.drawing.house import INK, MUTED, NEW_HIGHLIGHT, SPEAKER_COLOURS, SPEAKER_LABELS

BARS_PER_REPORT = 8  # beyond this many reports the comparison and the relations go by report day

# Reports in the order of sources.csv get these best-estimate markers in turn.
REPORT_MARKERS = ("o", "D", "s", "^", "v", "P", "X", "h")


def report_marker(source_id: str, sources: list[str]) -> str:
    """Each report its own marker; beyond as many reports as markers, one for all (shapes repeating would mislead)."""
    return REPORT_MARKERS[sources.index(source_id)] if len(sources) <= len(REPORT_MARKERS) else "o"


def one_per_report(sources: list[str]) -> bool:
    return len(sources) <= len(REPORT_MARKERS)


# ---------------------------------------------------------------- categories and speakers


PANELS_PER_REPORT = 3  # beyond this many reports a chart of facts per report draws one panel for all of them


def by_report(tables: Tables) -> pd.Series:
    """The panel each fact is drawn in: its report's, or one for all reports beyond PANELS_PER_REPORT."""
    if tables.sources["source_id"].nunique() > PANELS_PER_REPORT:
        return pd.Series(f"all {len(tables.sources)} reports", index=tables.facts.index)
    return tables.facts["source_id"]


def panel_name(panel: str) -> str:
    return panel if panel.startswith("all ") else f"report {panel}"


def category_speaker_table(tables: Tables) -> pd.DataFrame:
    """Fact rows per report (column source_id: its id, or "all N reports"), category and kind of speaker."""
    facts = tables.facts.assign(source_id=by_report(tables))
    return facts.groupby(["source_id", "category", "speaker_kind"]).size().rename("facts").reset_index()


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
        ax.panel_title = ax.set_title(f"{panel_name(source_id)} · {int(counts.to_numpy().sum())} facts", fontsize=10)
        ax.set_xlabel("facts")
        ax.xaxis.get_major_locator().set_params(integer=True)
    axes[0][0].tick_params(axis="y", length=0)
    fig.legend(*axes[0][0].get_legend_handles_labels(), loc="lower center", ncol=4, bbox_to_anchor=(0.5, 0.075))
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


def relation_columns(tables: Tables) -> list[str]:
    """The relations chart's columns: one per report, or per report day ("7 Jan") beyond BARS_PER_REPORT."""
    if len(tables.sources) > BARS_PER_REPORT:
        return [f"{day:%-d %b}" for day in sorted(tables.sources["published"].unique())]
    return sorted(tables.sources["source_id"])


def relation_table(tables: Tables) -> pd.DataFrame:
    """One row per (subject, relation, object) stated by some report, with the fact ids of each report (of each
    report day, beyond BARS_PER_REPORT reports: how many of the day's reports state it)."""
    names = actor_names(tables)
    group_of = {relation: group for group, relations in RELATION_GROUPS.items() for relation in relations}
    facts = tables.facts.loc[lambda d: d["relation"].notna() & d["object"].notna()]
    columns = relation_columns(tables)
    if len(tables.sources) > BARS_PER_REPORT:
        days = tables.sources.set_index("source_id")["published"].map(lambda day: f"{day:%-d %b}")
        facts = facts.assign(column=facts["source_id"].map(days))
        cell = facts.groupby(["subject", "relation", "object", "column"])["source_id"].nunique()
        cell = cell.astype(str)
    else:
        cell = facts.groupby(["subject", "relation", "object", "source_id"])["fact_id"].agg(" ".join)
    wide = cell.unstack(-1).reindex(columns=columns).fillna("").reset_index()
    relations = (
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
    relations.attrs["by_day"] = len(tables.sources) > BARS_PER_REPORT
    return relations


def draw_relations(table: pd.DataFrame, sources: list[str]) -> plt.Figure:
    """A matrix: one line per stated relation, one column per report, each mark labelled with its fact ids."""
    fig, ax = plt.subplots(figsize=(10, 0.3 * len(table) + 2.2))
    for y, row in table.iterrows():
        colour = RELATION_COLOURS[row["group"]]
        for x, source_id in enumerate(sources):
            if row[source_id] and table.attrs.get("by_day"):  # how many of the day's reports: inside the mark
                ax.plot(x, y, marker="o", color=colour, ms=11)
                ax.text(x, y, row[source_id], ha="center", va="center", fontsize=6.5, color="white", weight="bold")
            elif row[source_id]:
                ax.plot(x, y, marker=report_marker(source_id, sources), color=colour, ms=7)
                ax.text(x + 0.09, y, row[source_id], va="center", fontsize=7, color=MUTED)
    labels = [f"{r.subject_name}  —{r.relation.replace('_', ' ')}→  {r.object_name}" for r in table.itertuples()]
    ax.set_yticks(range(len(table)), labels, fontsize=8.5)
    for tick, row in zip(ax.get_yticklabels(), table.itertuples()):
        tick.set_color(RELATION_COLOURS[row.group])
    by_day = table.attrs.get("by_day", False)  # relation_table's columns are report days, not reports
    ax.set_xticks(range(len(sources)), sources if by_day else [f"report {s}" for s in sources])
    ax.xaxis.tick_top()
    if by_day:
        plt.setp(ax.get_xticklabels(), fontsize=6.5)  # a column per day is narrow
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
    # each report a little above or below the next, while there are few; beyond, on one line
    offset = {s: (i - (len(sources) - 1) / 2) * 0.26 if one_per_report(sources) else 0.0 for i, s in enumerate(sources)}
    background = bool((dated["date_start"] < split).any())
    fig, (early, late) = plt.subplots(
        1,
        2,
        figsize=(10.5, max(4.8, 0.3 * (len(claims) + 1) + 2.4)),
        sharey=True,
        gridspec_kw={"width_ratios": [1 if background else 0.3, 1.25], "wspace": 0.04},
    )
    one_day = pd.Timedelta(days=1)
    # the background panel starts at the decade of the oldest date (at least ten years before the news)
    ten_years = split - pd.DateOffset(years=10)
    oldest = min(dated["date_start"].min(), ten_years) if len(dated) else ten_years
    news_end = max(report_days.values()) + 2 * one_day
    limits = {early: (pd.Timestamp(year=oldest.year // 10 * 10, month=1, day=1), split), late: (split, news_end)}
    # first reported on the newest day, and of the news: background is never new, whenever it was reported
    new = dated["new"] & (dated["date_end"] >= split)
    heads = []  # the arrow heads drawn at cuts, for the legend
    for ax in (early, late):
        for claim in claims.index[claims.index.isin(dated.loc[new, "claim_id"])]:
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
                # a bar the news panel cuts gets an arrow head at the cut: its days began before the news (drawn
                # on in the background panel, to its edge) or go on after the panel's end
                low, high = limits[late]
                for edge, cut, head in ((0, start < low, "<"), (1, end > high, ">")):
                    if cut and ax is late:
                        ax.plot(
                            edge,
                            y,
                            marker=head,
                            color=colour,
                            ms=5,
                            transform=ax.get_yaxis_transform(),
                            clip_on=False,
                            zorder=3,
                        )
                        heads.append(head)
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
    early.set_xlim(*limits[early])
    late.set_xlim(*limits[late])
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
        # the counts in the row's label: beside the markers they ran into other text on a crowded or early day
        per_report = undated.groupby("source_id").size()
        undated_of = (
            ", ".join(f"{count} in {source_id}" for source_id, count in per_report.items())
            if len(reports) <= 2
            else f"{len(undated)} in {len(reports)} reports"
        )
        labels.append(f"facts with no date in the text ({undated_of}): the report day")
    early.set_yticks(range(len(labels)), labels, fontsize=8)
    early.set_ylim(len(labels) - 0.5, -0.6)
    early.tick_params(axis="y", length=0)
    handles = [Patch(color=c, label=BASIS_LABELS[b]) for b, c in BASIS_COLOURS.items() if b in set(table["date_basis"])]
    if (dated["date_precision"] == "approximate").any():
        handles += [Patch(facecolor="white", edgecolor=MUTED, hatch="////", label="approximate window")]
    handles += (
        [
            Line2D([], [], ls="", marker=report_marker(s, sources), color=MUTED, label=f"report {s} (a single day)")
            for s in sources
        ]
        if one_per_report(sources)
        else [Line2D([], [], ls="", marker="o", color=MUTED, label="a single day")]
    )
    handles += [
        Line2D([], [], ls="--", color=INK, lw=0.9, label="the reports' day" + (" (inferred)" if days_inferred else ""))
    ]
    if heads:
        handles += [Line2D([], [], ls="", marker=heads[0], color=MUTED, ms=5, label="continues beyond the panel")]
    if new.any():
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
    """Claims per report (per report day, beyond BARS_PER_REPORT reports: column bar names it) and verdict: a
    claim counts once for every report, or day, that makes it. A claim is "updated by a later report" only
    where a report of a later day updates it: one stating the claim that updates it (data/updates.csv), or,
    for an analyst's "updated" (its number grew, data/claim_reviews.csv), one restating it. Of the latter, the
    reports of a later day count it as updating the earlier ones; a report no later one updates (the newest)
    counts the claim by its computed verdict."""
    published = dict(zip(tables.sources["source_id"], tables.sources["published"]))
    sources = sorted(published)
    states = pd.DataFrame({s: comparison[f"quote_{s}"] != "" for s in sources}, index=comparison.index)
    days = states.apply(lambda column: column.map({True: published[column.name], False: pd.NaT}))
    first, last = days.min(axis=1), days.max(axis=1)
    # the newest day a report updates each claim on: of its updating claims where data/updates.csv names them
    claim_days = tables.facts.assign(day=tables.facts["source_id"].map(published)).groupby("claim_id")["day"].max()
    updaters = comparison["updated_by"].fillna("")
    updated_on = pd.Series(
        [
            max((claim_days.get(c, pd.NaT) for c in named.split(", ")), default=pd.NaT) if named else own
            for named, own in zip(updaters, last)
        ],
        index=comparison.index,
    )
    updated = comparison["verdict"].eq("updated")
    if len(sources) > BARS_PER_REPORT:
        on_day = {day: [s for s in sources if published[s] == day] for day in sorted(set(published.values()))}
        bars = {f"{day:%-d %b} ({len(of)} reports)": (of, day) for day, of in on_day.items()}
    else:
        bars = {f"report {s}": ([s], published[s]) for s in sources}
    rows = []
    for bar, (of, day) in bars.items():
        newer = updated & updaters.eq("") & last.eq(day) & first.lt(day)
        not_later = updated & ~newer & ~updated_on.gt(day)
        verdicts = (
            comparison["verdict"].where(~newer, UPDATES_EARLIER).where(~not_later, comparison["computed_verdict"])
        )
        makes = states[of].any(axis=1)
        rows += [
            {"bar": bar, "verdict": verdict, "claims": int((makes & verdicts.eq(verdict)).sum())}
            for verdict in VERDICT_COLOURS
        ]
    return pd.DataFrame(rows)


def draw_verdicts(table: pd.DataFrame, labels: dict[str, str] = VERDICT_LABELS) -> plt.Figure:
    """One horizontal bar per report (or report day), split by verdict, each segment labelled with its count."""
    sources = list(dict.fromkeys(table["bar"]))
    fig, ax = plt.subplots(figsize=(9, (1.1 if len(sources) <= BARS_PER_REPORT else 0.55) * len(sources) + 2.6))
    for y, source in enumerate(sources):
        left, shift = 0, 0.0
        for row in table.loc[table["bar"] == source].itertuples():
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
    ax.set_yticks(range(len(sources)), sources)
    ax.set_ylim(len(sources) - 0.45, -0.7)
    ax.set_xlabel("claims the report makes" if sources[0].startswith("report ") else "claims the day's reports make")
    ax.tick_params(axis="y", length=0)
    shown = set(table.loc[table["claims"] > 0, "verdict"])
    words = labels | {UPDATES_EARLIER: "updates an earlier report"}
    handles = [Patch(color=c, label=words[v]) for v, c in VERDICT_COLOURS.items() if v in shown]
    # in points from the foot, under the bars whatever their number (frame_figure lifts it clear of the source line)
    fig.legend(
        handles=handles, loc="lower left", ncol=3, bbox_to_anchor=(0.01, 62 / (fig.get_figheight() * 72)), fontsize=8.5
    )
    return fig
