"""What a reader would call a broken figure, found in the figure itself: text on text, and text cut by the frame.

    problems = text_problems(fig)   # [] for a figure that reads
    problems = figure_problems(fig) # and no taller than MAX_HEIGHT_IN

Every visible piece of text counts (titles, axis labels, tick labels, annotations, map labels, legends as whole
boxes), each as the box of its lines of text (not the halo around a label), measured in display space after the
figure is drawn. save_figure checks every figure it saves when BRIEFKIT_CHECK_FIGURES is set (the test suite
sets it), so a figure that breaks on any case tested fails its test with this list; figure_problems adds a
figure taller than a slide or a page holds (MAX_HEIGHT_IN).
"""

import itertools

import matplotlib.pyplot as plt
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

SLACK_PT = 1.5  # a line's box holds room above and below its letters: boxes that touch are not text on text
MAX_HEIGHT_IN = 22.0  # a taller figure no longer reads on a slide or a page


def figure_problems(fig: plt.Figure) -> list[str]:
    """text_problems, and the figure's height where it passes MAX_HEIGHT_IN."""
    height = fig.get_figheight()
    too_tall = [f"the figure is {height:.1f} inches tall, over {MAX_HEIGHT_IN:g}"] if height > MAX_HEIGHT_IN else []
    return too_tall + text_problems(fig)


def text_problems(fig: plt.Figure) -> list[str]:
    """Every pair of text boxes that overlap, and every text box the figure's frame cuts, as sentences, measured
    at the resolution the figure is saved at (text is a little wider, relative to the figure, on a coarser grid)."""
    shown_dpi = fig.dpi
    saved_dpi = plt.rcParams["savefig.dpi"]
    fig.set_dpi(shown_dpi if saved_dpi == "figure" else saved_dpi)
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        pieces = list(_pieces(fig, renderer))
        frame = fig.bbox.frozen()
        slack = SLACK_PT * fig.dpi / 72
    finally:
        fig.set_dpi(shown_dpi)
    problems = [
        f"{_name(text)} is cut by the figure's frame"
        for text, box, _ in pieces
        if box.x0 < frame.x0 - slack
        or box.y0 < frame.y0 - slack
        or box.x1 > frame.x1 + slack
        or box.y1 > frame.y1 + slack
    ]
    for (text_a, box_a, group_a), (text_b, box_b, group_b) in itertools.combinations(pieces, 2):
        if group_a is not None and group_a is group_b:
            continue  # a legend's own texts sit inside its box by design
        if _overlap(box_a, box_b, slack):
            problems.append(f"{_name(text_a)} overlaps {_name(text_b)}")
    return problems


def _pieces(fig, renderer):
    """(artist, display box, group) for every visible text: a legend is one box (its group), and so is each text."""
    legends = [artist for artist in fig.findobj(Legend) if artist.get_visible()]
    in_legends = {id(text) for legend in legends for text in [*legend.get_texts(), legend.get_title()]}
    for legend in legends:
        yield legend, legend.get_window_extent(renderer), legend
    ticks = {id(label) for ax in fig.axes for label in _all_tick_labels(ax)}
    shown_ticks = {id(label) for ax in fig.axes for label in _drawn_tick_labels(ax)}
    for text in fig.findobj(Text):
        if id(text) in in_legends or not _shown(text) or (id(text) in ticks and id(text) not in shown_ticks):
            continue
        yield text, Text.get_window_extent(text, renderer), None  # an annotation's own extent includes its arrow


def _shown(text: Text) -> bool:
    if not text.get_visible() or not text.get_text().strip():
        return False
    parent = text.axes
    return parent is None or parent.get_visible()


def _all_tick_labels(ax):
    for axis in (ax.xaxis, ax.yaxis):
        for tick in [*axis.majorTicks, *axis.minorTicks]:
            yield tick.label1
            yield tick.label2


def _drawn_tick_labels(ax):
    """The tick labels matplotlib draws: those of ticks inside the view (Axis keeps more ticks than it shows)."""
    for axis in (ax.xaxis, ax.yaxis):
        if not axis.get_visible():
            continue
        for tick in axis._update_ticks():  # the same selection Axis.draw makes
            for label in (tick.label1, tick.label2):
                if label.get_visible() and tick.get_visible():
                    yield label


def _overlap(a: Bbox, b: Bbox, slack: float) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > slack and min(a.y1, b.y1) - max(a.y0, b.y0) > slack


def _name(artist) -> str:
    if isinstance(artist, Legend):
        labels = [text.get_text() for text in artist.get_texts()][:2]
        return f"the legend ({'; '.join(labels)}{'; ...' if len(artist.get_texts()) > 2 else ''})"
    words = " ".join(artist.get_text().split())
    return f"'{words[:60]}{'...' if len(words) > 60 else ''}'"
