"""Who says what: named speakers by the claims they make across every report, and how many independent
sources carry them.

A claim counts once for a speaker however many reports carry it in that speaker's name: eleven rewrites of one
wire story quoting a monitor are one claim of the monitor's, from one independent source (the wire copies of
analysis.corroboration). Each bar is split by how widely the speaker's claims are carried: at two reports, by
which report carries each (both, or only one); beyond, by whether two or more independent sources carry it. The
reports' own voice (no speaker) is stated in the panel's title, not drawn: as a bar it would flatten the others.
At most TOP_SPEAKERS bars, those with most claims; the rest are counted in the note and are in the CSV.

    speakers = speaker_table(tables)     # one row per speaker, column drawn
    fig = draw_speakers(speakers)
"""

import textwrap

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from briefkit.analysis.corroboration import wire_copies
from briefkit.contract.tables import Tables, speaker_names
from briefkit.drawing.house import INK, MUTED, SPEAKER_COLOURS, SPEAKER_LABELS

TOP_SPEAKERS = 30  # bars: with the frame, under 13 inches, a slide's height
BY_REPORT = 2  # up to this many reports a bar says which report carries each claim
OWN_VOICE = "unattributed"
ROW_IN, FRAME_IN = 0.32, 2.9
# how a segment of a bar is drawn: alpha and hatch over the speaker's colour
SEGMENT_STYLES = ({"alpha": 1.0}, {"alpha": 0.5}, {"alpha": 0.22, "hatch": "////"})


def segments(sources: list[str]) -> dict[str, str]:
    """The columns a bar is split into, with what each means: by report at up to BY_REPORT reports, else by
    independent sources."""
    if len(sources) == 1:
        return {f"only_{sources[0]}": f"in report {sources[0]}"}
    if len(sources) <= BY_REPORT:
        return {"all_reports": "in both reports"} | {f"only_{s}": f"only in report {s}" for s in sources}
    return {"several_sources": "carried by 2 or more independent sources", "one_source": "by one source only"}


def speaker_table(tables: Tables) -> pd.DataFrame:
    """One row per speaker (the reports' own voice as one, kind unattributed): claims (each once), fact rows,
    reports and independent sources (wire copies) carrying them, and the claims of each segment; most claims
    first; drawn: whether its bar is drawn."""
    sources = sorted(tables.sources["source_id"])
    wire = wire_copies(tables).set_index("source_id")["wire_copy"]
    facts = tables.facts.assign(
        speaker=speaker_names(tables, tables.facts["attributed_to"]), wire=tables.facts["source_id"].map(wire)
    )
    said = facts.groupby(["speaker", "speaker_kind", "claim_id"]).agg(
        reports=("source_id", lambda s: frozenset(s)), wires=("wire", "nunique")
    )
    columns = segments(sources)
    if len(sources) > BY_REPORT:
        segment = said["wires"].map(lambda n: "several_sources" if n > 1 else "one_source")
    else:
        segment = said["reports"].map(lambda r: "all_reports" if len(r) > 1 else f"only_{next(iter(r))}")
    per_segment = segment.groupby(level=["speaker", "speaker_kind"]).value_counts().unstack(fill_value=0)
    table = (
        facts.groupby(["speaker", "speaker_kind"])
        .agg(
            claims=("claim_id", "nunique"),
            facts=("fact_id", "size"),
            reports=("source_id", "nunique"),
            independent_sources=("wire", "nunique"),
        )
        .join(per_segment.reindex(columns=list(columns), fill_value=0))
        .reset_index()
        .assign(order=lambda d: d["speaker_kind"].map(list(SPEAKER_COLOURS).index))
        .sort_values(["claims", "independent_sources", "order", "speaker"], ascending=[False, False, True, True])
        .drop(columns="order")
        .reset_index(drop=True)
    )
    named = table["speaker_kind"] != OWN_VOICE
    table["drawn"] = named & (named.cumsum() <= TOP_SPEAKERS)
    table.attrs["segments"] = columns
    return table


def draw_speakers(table: pd.DataFrame) -> plt.Figure:
    """A bar of claims per named speaker, split by how widely each claim is carried, and beside it the number of
    independent sources carrying the speaker's claims."""
    drawn = table.loc[table["drawn"]].reset_index(drop=True)
    columns = table.attrs["segments"]
    fig, (ax, beside) = plt.subplots(
        1,
        2,
        figsize=(10, ROW_IN * max(len(drawn), 3) + FRAME_IN),
        sharey=True,
        gridspec_kw={"width_ratios": [4, 1], "wspace": 0.06},
    )
    colours = [SPEAKER_COLOURS[kind] for kind in drawn["speaker_kind"]]
    left = pd.Series(0.0, index=drawn.index)
    for column, style in zip(columns, SEGMENT_STYLES):
        ax.barh(drawn.index, drawn[column], left=left, color=colours, edgecolor=colours, lw=0.6, height=0.72, **style)
        left += drawn[column]
    for y, claims in enumerate(drawn["claims"]):
        ax.text(claims, y, f" {claims}", va="center", fontsize=8, color=INK)
    beside.barh(drawn.index, drawn["independent_sources"], color="#c8c8c8", height=0.5)
    for y, count in enumerate(drawn["independent_sources"]):
        beside.text(count, y, f" {count}", va="center", fontsize=8, color=MUTED)
    own = table.loc[table["speaker_kind"] == OWN_VOICE, "claims"].sum()
    voice = f"\n(+ {own} claim{'s' if own != 1 else ''} in the reports' own voice, no speaker named: not drawn)"
    ax.set_title("claims per named speaker" + (voice if own else ""), fontsize=9.5, loc="left")
    beside.set_title("independent sources", fontsize=9.5, loc="left")
    ax.set_yticks(drawn.index, [textwrap.fill(name, 36) for name in drawn["speaker"]], fontsize=8.5)
    ax.set_ylim(max(len(drawn), 1) - 0.5, -0.6)
    for axis, label in ((ax, "claims (each counted once, however many reports carry it)"), (beside, "wire copies")):
        axis.set_xlabel(label, fontsize=9)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        axis.set_xlim(0, max(1, axis.get_xlim()[1] * 1.08))  # room for the counts after the bars
        axis.grid(axis="x", color="#e5e5e5", lw=0.6)
        axis.set_axisbelow(True)
        axis.tick_params(axis="y", length=0)
    if drawn.empty:
        ax.text(0.5, 0.5, "no named speaker", transform=ax.transAxes, ha="center", va="center", color=MUTED)
    kinds = [k for k in SPEAKER_COLOURS if k in set(drawn["speaker_kind"])]
    handles = [Patch(color=SPEAKER_COLOURS[k], label=SPEAKER_LABELS[k]) for k in kinds]
    handles += [
        Patch(facecolor=MUTED, edgecolor=MUTED, lw=0.6, label=label, **style)
        for (column, label), style in zip(columns.items(), SEGMENT_STYLES)
        if len(columns) > 1
    ]
    fig.legend(handles=handles, loc="lower left", ncol=4, bbox_to_anchor=(0.01, 36 / (fig.get_figheight() * 72)))
    plt.setp(fig.legends[0].get_texts(), fontsize=8.5)
    fig.left_out = int(((table["speaker_kind"] != OWN_VOICE) & ~table["drawn"]).sum())
    return fig


def speakers_note(fig: plt.Figure, name: str) -> str:
    """What the figure leaves out, for its source line: "12 more speakers, with fewer claims: all in NAME.csv"."""
    left_out = getattr(fig, "left_out", 0)
    if not left_out:
        return ""
    return f"{left_out} more speaker{'s' if left_out > 1 else ''}, with fewer claims: all in {name}.csv."
