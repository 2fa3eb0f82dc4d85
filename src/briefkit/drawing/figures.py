"""One figure style and one way to save a figure.

    use_house_style()
    fig, ax = plt.subplots(figsize=(width_in, height_in))
    ... draw ...
    frame_figure(fig, title=..., subtitle=..., source=...)
    show_saved(save_figure(fig, "facts-by-speaker", data))   # figures/facts-by-speaker.{png,svg,csv}

PNG and SVG are written without timestamps or version stamps, so the same inputs give the same bytes.
A notebook shows the PNG it wrote, not a fresh drawing of the figure: what the reader sees is the
published file, and the figure is drawn twice (PNG, SVG) instead of three times.
"""

import os
import textwrap
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image
from matplotlib.transforms import offset_copy

from briefkit.case.paths import current_case, relative
from briefkit.contract.csvfile import write_csv
from briefkit.drawing.checks import figure_problems
from briefkit.drawing.house import INK, MUTED, day

STYLE = files("briefkit.drawing") / "house.mplstyle"
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}
FORMATS = ["png", "svg"]  # what save_figure draws; pngs_only narrows it for a page that embeds only the PNGs


def use_house_style() -> None:
    plt.style.use(str(STYLE))


def frame_figure(
    fig: plt.Figure,
    *,
    title: str,
    subtitle: str,
    source: str,
    head_pt: float = 52,
    foot_pt: float = 40,
    adjust: bool = True,
) -> float:
    """Title stating the finding, subtitle with units, source line at the foot; returns the top of the
    source line, in figure coordinates (a long source line takes more lines: see clear_of).

    Positions are in points from the figure's edges, so the frame looks the same at any figure size;
    with adjust, the subplots are fitted between head_pt from the top and foot_pt from the bottom.
    """
    height_pt = fig.get_figheight() * 72

    def at(x_pt: float, y_pt: float, from_top: bool):
        return offset_copy(fig.transFigure, fig=fig, x=x_pt, y=-y_pt if from_top else y_pt, units="points")

    heading = fig.text(
        0, 1, title, transform=at(8, 8, True), ha="left", va="top", fontsize=12.5, fontweight="bold", color=INK
    )
    # a title too long for one line even at 8 pt takes two, and pushes the rest down
    extra_pt = wrap_to_width(heading, smallest_pt=8)
    shrink_to_width(
        fig.text(0, 1, subtitle, transform=at(8, 27 + extra_pt, True), ha="left", va="top", fontsize=9.5, color=MUTED)
    )
    if adjust:
        fig.subplots_adjust(top=1 - (head_pt + extra_pt) / height_pt, bottom=foot_pt / height_pt)
    # About 17 characters of 7.5 pt text per inch of width.
    wrapped = "\n".join(textwrap.fill(part, width=int(fig.get_figwidth() * 17)) for part in source.split("\n"))
    foot = fig.text(
        0, 0, wrapped, transform=at(8, 6, False), ha="left", va="bottom", fontsize=7.5, color=MUTED, linespacing=1.4
    )
    to_figure = fig.transFigure.inverted()
    source_top = to_figure.transform(foot.get_window_extent(fig.canvas.get_renderer()))[1][1]
    # a legend placed at a share of the figure's height sits lower on a short figure: lift it clear of the source line
    for legend in fig.legends:
        bottom = to_figure.transform(legend.get_window_extent(fig.canvas.get_renderer()))[0][1]
        if bottom < source_top + GAP:
            x, y = to_figure.transform(legend.get_bbox_to_anchor().p0)
            legend.set_bbox_to_anchor((x, y + source_top + GAP - bottom), transform=fig.transFigure)
    return source_top


GAP = 0.012  # between a figure's parts, in figure coordinates


def clear_of(rect: list[float], below: float) -> list[float]:
    """rect ([left, bottom, width, height] in figure coordinates) with its bottom raised, where needed, to
    clear what ends at below (the source line); its top stays where it was."""
    left, bottom, width, height = rect
    raised = max(bottom, below + GAP)
    return [left, raised, width, bottom + height - raised]


def fitted_list(
    fig: plt.Figure,
    x: float,
    top: float,
    bottom: float,
    heading: str,
    items: list[str],
    rest: str,
    sizes: tuple[float, ...] = (8, 7.5, 7),
    indent: str = "    ",
    **style,
):
    """A list at x, hanging from top, above bottom (figure coordinates): the heading, then the items,
    each wrapped short of the figure's right edge (indent before its further lines). The first of sizes
    (in points) at which every item fits is used; where none does, the smallest, with as many items as
    fit and then rest, formatted with the number left out ("+ {} more ..."), which the returned Text keeps
    as left_out. style: Text properties."""
    renderer = fig.canvas.get_renderer()
    # a margin (text drawn at another resolution may run a little wider), and a box's padding
    right = 1 - (28 if "bbox" in style else 20) / (fig.get_figwidth() * 72)
    note = fig.text(x, top, "", va="top", ha="left", **style)

    def extent():
        return fig.transFigure.inverted().transform(note.get_window_extent(renderer))

    for size in sizes:
        note.set_fontsize(size)
        chars = int((1 - x) * fig.get_figwidth() * 72 / (0.45 * size))  # a generous guess, narrowed until it fits
        while True:
            wrapped = [textwrap.fill(item, chars, subsequent_indent=indent) for item in items]
            note.set_text("\n".join([heading, *wrapped]))
            if extent()[1][0] <= right or chars <= 20:
                break
            chars -= 2
        for shown in range(len(items), -1, -1):
            left_out = len(items) - shown
            note.set_text("\n".join([heading, *wrapped[:shown], *([rest.format(left_out)] if left_out else [])]))
            if extent()[0][1] >= bottom:
                break
        if shown == len(items):
            break
    note.left_out = left_out
    return note


def wrap_to_width(text, smallest_pt: float, margin_pt: float = 40) -> float:
    """Shrink a one-line figure text to fit the figure's width, down to smallest_pt; if it still does not fit,
    set it in two lines at that size. Returns how many points taller it became (0 on one line)."""
    shrink_to_width(text, margin_pt, smallest_pt)
    fig = text.figure
    renderer = fig.canvas.get_renderer()
    one_line = text.get_window_extent(renderer)
    available = fig.get_figwidth() * fig.dpi - margin_pt * fig.dpi / 72
    if one_line.width <= available or text.get_fontsize() > smallest_pt:  # it fits, or fits once shrunk
        return 0.0
    words = text.get_text()
    chars = int(len(words) * available / one_line.width)
    text.set_text(textwrap.fill(words, chars))
    while text.get_window_extent(renderer).width > available and chars > 20:
        chars -= 4
        text.set_text(textwrap.fill(words, chars))
    return (text.get_window_extent(renderer).height - one_line.height) * 72 / fig.dpi


def shrink_to_width(text, margin_pt: float = 40, smallest_pt: float = 8) -> None:
    """Make a one-line figure text smaller until it fits the figure's width, with room for rendering at
    another resolution (a computed title can be long)."""
    fig = text.figure
    available = fig.get_figwidth() * fig.dpi - margin_pt * fig.dpi / 72
    width = text.get_window_extent(fig.canvas.get_renderer()).width
    if width > available:
        text.set_fontsize(max(smallest_pt, text.get_fontsize() * available / width))


def headline(tables, figure: str, title: str, subtitle: str) -> dict[str, str]:
    """The figure's title and subtitle: the case's own (data/headlines.csv) where it gives one for the
    case's as-of day, else these computed ones. Returns keyword arguments for frame_figure."""
    chosen = tables.headlines.loc[tables.headlines["figure"] == figure]
    written_for = (
        chosen["as_of"].iloc[0] if "as_of" in chosen and len(chosen) else pd.NaT
    )  # a case's codebook may predate as_of
    if chosen.empty or (pd.notna(written_for) and written_for != tables.as_of):
        return {"title": title, "subtitle": subtitle}
    row = chosen.iloc[0]
    return {"title": row["title"], "subtitle": subtitle if pd.isna(row["subtitle"]) else row["subtitle"]}


def save_figure(fig: plt.Figure, name: str, data: pd.DataFrame, folder: Path | None = None) -> list[Path]:
    """Write name.png (200 dpi), name.svg and the figure's data as name.csv into the case's figures/
    (or folder), then close the figure (a notebook shows the PNG written: show_saved); return the paths."""
    if os.environ.get("BRIEFKIT_CHECK_FIGURES"):
        problems = figure_problems(fig)
        if problems:
            raise FigureUnreadable(f"{name}: {len(problems)} problem(s) of text:\n- " + "\n- ".join(problems))
    folder = folder or current_case().figures
    folder.mkdir(parents=True, exist_ok=True)
    drawn = [folder / f"{name}.{ext}" for ext in FORMATS]
    for path in drawn:
        fig.savefig(path, metadata=PNG_METADATA if path.suffix == ".png" else SVG_METADATA)
    write_csv(data, folder / f"{name}.csv")
    plt.close(fig)  # else the notebook would draw it once more at the end of the cell
    return [*drawn, folder / f"{name}.csv"]


@contextmanager
def pngs_only():
    """Within it, save_figure draws no SVG: for a day's briefing, built in a scratch copy of the case of which
    only the page is kept, and the page embeds the PNGs (an SVG is a second drawing of the figure)."""
    FORMATS.remove("svg")
    try:
        yield
    finally:
        FORMATS.append("svg")


class FigureUnreadable(AssertionError):
    """A figure with text on text, text cut by its frame, or too tall (raised where figures are checked: the
    tests)."""


def show_saved(paths: list[Path]) -> Image:
    """What a notebook shows of a figure save_figure wrote: the files, then the PNG itself, at the
    figure's size on screen (the file has twice the screen's resolution)."""
    print("wrote", ", ".join(relative(path) for path in paths))
    return Image(filename=next(path for path in paths if path.suffix == ".png"), retina=True)


def source_line(tables, *notes: str) -> str:
    """'Source: ...' naming each report as the data describes it (up to NAMED_REPORTS of them; beyond, how many
    from how many outlets over which days), and the as-of day; each note that is not empty on a line of its own."""
    note = "\n".join(n for n in notes if n)
    if len(tables.sources) > NAMED_REPORTS:
        return _many_sources(tables) + (f"\n{note}" if note else "")
    described = []
    for row in tables.sources.itertuples():
        outlet = row.outlet if row.outlet != "not stated" else "outlet not stated"
        contributors = f"; {row.contributors} contributed" if row.contributors != "not stated" else ""
        described.append(f"report {row.source_id} ({outlet}{contributors})")
    if not described:
        return "No reports yet: data/sources.csv is empty." + (f"\n{note}" if note else "")
    basis = " (inferred from the texts)" if any(b != "stated" for b in tables.sources["published_basis"]) else ""
    return f"Source: {', '.join(described)}, coded by hand in data/facts.csv. As of {day(tables.as_of)}{basis}." + (
        f"\n{note}" if note else ""
    )


NAMED_REPORTS = 3  # beyond this a source line naming each report takes more room than the figure


def _many_sources(tables) -> str:
    sources = tables.sources
    outlets = sources.loc[sources["outlet"] != "not stated", "outlet"].nunique()
    unstated = int((sources["outlet"] == "not stated").sum())
    of_outlets = f"{outlets} outlet{'s' if outlets != 1 else ''}" + (
        f" (and {unstated} with no outlet stated)" if unstated else ""
    )
    first, last = sources["published"].min(), sources["published"].max()
    basis = " (inferred from the texts)" if any(b != "stated" for b in sources["published_basis"]) else ""
    return (
        f"Source: {len(sources)} reports from {of_outlets}, {day(first)} to {day(last)}{basis}; every report in "
        f"data/sources.csv, coded by hand in data/facts.csv. As of {day(tables.as_of)}."
    )


def nothing_to_draw(message: str) -> plt.Figure:
    """A figure with nothing to draw for this case's data: one line saying why, framed like any other."""
    fig = plt.figure(figsize=(8.5, 3))
    fig.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, color=MUTED, wrap=True)
    return fig


def no_facts_figure(tables, name: str) -> plt.Figure:
    """The figure of a case that has no facts yet: the case's title, the figure's name, a line saying so."""
    use_house_style()
    fig = nothing_to_draw("No facts yet: code a report into data/facts.csv, then build again.")
    frame_figure(
        fig,
        title=tables.case["title"],
        subtitle=f"{name.replace('-', ' ')}: nothing to draw yet",
        source=source_line(tables),
        adjust=False,
    )
    return fig
