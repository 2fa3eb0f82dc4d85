"""Map labels: however crowded the points, no label the kit places overlaps another, a symbol or the frame;
country names move inside their country, or give way."""

import matplotlib

matplotlib.use("Agg")

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import FancyArrowPatch
from matplotlib.transforms import Bbox
from shapely.geometry import Point, box

from briefkit.drawing.placement import (
    CLEAR_PT,
    NUMBER_BEYOND_PT,
    SYMBOL_HALF_PT,
    adjust_labels,
    country_names_clear,
    draw_leader,
    drop_covered,
    place_names_clear,
    settle_labels,
    spread_symbols,
    unnumber_unlisted,
    within,
)
from briefkit.drawing.symbols import LABEL_BOX, shifted, to_map

CRS = "EPSG:32637"


def crowded_map(points: int, xlim=(250_000, 305_000)):
    """points symbols a few hundred metres apart, each with a long label, on a map 55-60 km across (by
    default near its right edge, where adjustText alone leaves labels overlapping)."""
    symbols = pd.DataFrame(
        {
            "lon": [36.75 + 0.004 * i for i in range(points)],
            "lat": [35.13 + 0.003 * (i % 2) for i in range(points)],
            "symbol_dx": 0.0,
            "symbol_dy": 0.0,
        }
    )
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(*xlim)
    ax.set_ylim(3_860_000, 3_920_000)
    texts = []
    for row in symbols.itertuples():
        x, y = to_map(row.lon, row.lat, CRS)
        ax.plot([x], [y], "o", ms=10)
        texts.append(
            ax.text(
                *shifted(ax, x, y, 12, 0),
                f"An event reported here\n(source: speaker {row.Index})",
                fontsize=9,
                bbox=LABEL_BOX,
            )
        )
        texts[-1].anchor_xy = (x, y)
    return fig, ax, texts, symbols


def test_crowded_labels_do_not_overlap():
    fig, ax, texts, symbols = crowded_map(6)
    adjust_labels(ax, texts, symbols, CRS)
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    assert not [(a, b) for a, b in itertools.combinations(range(len(boxes)), 2) if boxes[a].overlaps(boxes[b])]
    assert all(within(box, ax.get_window_extent(renderer)) for box in boxes)
    plt.close(fig)


def test_settle_leaves_clear_labels_alone_and_moves_the_others():
    fig, ax, texts, symbols = crowded_map(2, xlim=(270_000, 330_000))
    before = [t.get_position() for t in texts]  # the two labels start on top of each other
    settle_labels(ax, texts, [t.anchor_xy for t in texts])
    renderer = fig.canvas.get_renderer()
    assert texts[0].get_position() == before[0] and texts[1].get_position() != before[1]
    assert not texts[0].get_window_extent(renderer).overlaps(texts[1].get_window_extent(renderer))
    plt.close(fig)


def test_a_label_reachable_only_across_another_symbol_becomes_a_number():
    # a point ringed by other symbols 16 points out: every leader line from it would cross one of them,
    # and seem to point at that one instead
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    centre = np.array(ax.transData.transform((50, 50)))
    ring = [
        ax.transData.inverted().transform(centre + 16 * fig.dpi / 72 * np.array([np.cos(a), np.sin(a)]))
        for a in np.radians(np.arange(0, 360, 30))
    ]
    label = ax.text(50, 50, "An event reported here", fontsize=9, bbox=LABEL_BOX)
    label.anchor_xy = (50, 50)
    numbered = settle_labels(ax, [label], np.array([(50, 50), *ring]), numbered=True)
    assert numbered == [label] and label.get_text() == "1" and label.words == "An event reported here"
    plt.close(fig)
    # where labels may not be numbered (the front map), it still goes where a leader line can reach it
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    label = ax.text(50, 50, "An event reported here", fontsize=9, bbox=LABEL_BOX)
    label.anchor_xy = (50, 50)
    assert (
        settle_labels(ax, [label], np.array([(50, 50), *ring])) == [] and label.get_text() == "An event reported here"
    )
    renderer = fig.canvas.get_renderer()
    found = label.get_window_extent(renderer)
    half = SYMBOL_HALF_PT * fig.dpi / 72
    assert not any(found.overlaps(Bbox.from_extents(*(xy - half), *(xy + half))) for xy in ax.transData.transform(ring))
    plt.close(fig)


def ringed_labels(fig, ax, words: list[str]) -> list:
    """Labels at points each ringed by other symbols, so that every one of them becomes a number."""
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    labels, symbols = [], []
    for i, text in enumerate(words):
        x = 20 + 30 * i
        centre = np.array(ax.transData.transform((x, 50)))
        symbols += [(x, 50)] + [
            tuple(ax.transData.inverted().transform(centre + 16 * fig.dpi / 72 * np.array([np.cos(a), np.sin(a)])))
            for a in np.radians(np.arange(0, 360, 30))
        ]
        labels.append(ax.text(x, 50, text, fontsize=9, bbox=LABEL_BOX))
        labels[-1].anchor_xy = (x, 50)
    return labels, np.array(symbols)


def test_the_newest_days_news_takes_the_first_numbers():
    fig, ax = plt.subplots(figsize=(6, 5))
    labels, symbols = ringed_labels(fig, ax, ["older news", "the newest day's news"])
    labels[1].new = True
    numbered = settle_labels(ax, labels, symbols, numbered=True)
    assert [text.words for text in numbered] == ["the newest day's news", "older news"]
    assert labels[1].get_text() == "1"
    plt.close(fig)


def test_a_number_the_key_cannot_list_is_taken_off_the_map():
    fig, ax = plt.subplots(figsize=(6, 5))
    labels, symbols = ringed_labels(fig, ax, ["first", "second", "third"])
    numbered = settle_labels(ax, labels, symbols, numbered=True)
    ax.add_patch(FancyArrowPatch((20, 20), (80, 50), patchA=numbered[2]))  # a leader line, as adjustText draws
    key = type("Key", (), {"left_out": 2})()  # the list beside the map showed one item of three
    kept = unnumber_unlisted(numbered, key)
    assert [text.words for text in kept] == ["first"]
    assert [text for text in ax.texts if text.get_text() in {"1", "2", "3"}] == kept
    assert not ax.patches  # its leader went with it: drawn, it would ask the removed label where it is
    fig.canvas.draw()
    plt.close(fig)


def test_a_leader_line_only_for_a_label_away_from_its_point():
    fig, ax, texts, symbols = crowded_map(2, xlim=(270_000, 330_000))
    texts[1].set_position(shifted(ax, *texts[1].anchor_xy, 0, -80))
    for text in texts:
        draw_leader(ax, text)
    leaders = [[p for p in ax.patches if getattr(p, "patchA", None) is text] for text in texts]
    assert (len(leaders[0]), len(leaders[1])) == (0, 1)  # 12 points beside its point: none; 80 points below: one
    plt.close(fig)


def test_a_country_name_moves_off_a_label_inside_its_country_or_gives_way():
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    wide = ax.text(50, 50, "WIDELAND", ha="center", va="center", fontsize=9)
    wide.shape = box(10, 10, 90, 90)
    narrow = ax.text(5, 5, "NARROWLAND", ha="center", va="center", fontsize=9)
    narrow.shape = box(3, 3, 7, 7)  # far too small for its name
    label = ax.text(50, 50, "a reported event", ha="center", va="center", fontsize=9)
    kept = country_names_clear(ax, [wide, narrow], np.empty((0, 2)), [label])
    renderer = fig.canvas.get_renderer()
    assert kept == [wide] and narrow.axes is None
    assert not wide.get_window_extent(renderer).overlaps(label.get_window_extent(renderer))
    assert wide.shape.contains(Point(wide.get_position()))
    plt.close(fig)


def test_a_country_name_keeps_off_symbols_so_as_not_to_read_as_a_place_name():
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    name = ax.text(50, 46, "WIDELAND", ha="center", va="center", fontsize=9)  # just under the symbol, where it starts
    name.shape = box(5, 5, 95, 95)
    symbol = np.array([[50.0, 50.0]])
    assert country_names_clear(ax, [name], symbol, []) == [name]
    found = name.get_window_extent(fig.canvas.get_renderer())
    x, y = ax.transData.transform(symbol)[0]
    gap_pt = max(found.x0 - x, x - found.x1, found.y0 - y, y - found.y1) * 72 / fig.dpi
    assert (
        gap_pt >= 30
    )  # a few lines of 9 pt text: the symbol's half (6 pt) and COUNTRY_CLEAR_PT (30 pt), less 3 px of padding
    plt.close(fig)


def place_name(ax, x, y, text="Townname"):
    name = ax.text(x, y, text, fontsize=9)
    name.dot_xy = name.anchor_xy = (x, y)  # as draw_places sets them
    return name


def test_a_place_name_takes_a_side_of_its_dot_free_of_symbols():
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(0, 60_000)
    ax.set_ylim(0, 50_000)
    name = place_name(ax, 30_000, 25_000)
    place_names_clear(ax, [name], np.array([[29_000, 25_000]]), [])  # a symbol just left of the dot
    plt.close(fig)
    assert name.get_visible() and name.get_ha() == "left"


def test_a_name_with_symbols_on_every_side_of_its_dot_gives_way_or_for_a_case_place_goes_further_out():
    around = np.array([[30_000 + dx, 25_000 + dy] for dx in range(-4_000, 4_001, 250) for dy in range(-800, 801, 400)])
    named = {}
    for afar in (False, True):
        fig, ax = plt.subplots(figsize=(6, 5))
        ax.set_xlim(0, 60_000)
        ax.set_ylim(0, 50_000)
        name = place_name(ax, 30_000, 25_000)
        place_names_clear(ax, [name], around, [], afar=afar)
        found = name.get_window_extent(fig.canvas.get_renderer())
        half = SYMBOL_HALF_PT * fig.dpi / 72
        clear = not any(
            found.overlaps(Bbox.from_extents(x - half, y - half, x + half, y + half))
            for x, y in ax.transData.transform(around)
        )
        leaders = [p for p in ax.patches if getattr(p, "patchA", None) is name]
        named[afar] = (name.get_visible(), clear, bool(leaders))
        plt.close(fig)
    assert named[False][0] is False  # an orientation town gives way
    assert named[True] == (True, True, True)  # a case's place: clear of every symbol, a leader line to its dot


def test_a_case_place_is_hidden_when_symbols_are_everywhere_around_it():
    # symbols everywhere within 40 points of the dot: hidden all the same
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(0, 60_000)
    ax.set_ylim(0, 50_000)
    name = place_name(ax, 30_000, 25_000)
    everywhere = np.array(
        [[30_000 + dx, 25_000 + dy] for dx in range(-9_000, 9_001, 300) for dy in range(-7_000, 7_001, 300)]
    )
    place_names_clear(ax, [name], everywhere, [], afar=True)
    assert not name.get_visible() and not ax.patches
    plt.close(fig)


def test_labels_with_no_room_near_their_points_become_numbers_where_allowed():
    fig, ax, texts, symbols = crowded_map(12)
    numbered = adjust_labels(ax, texts, symbols, CRS, numbered=True)
    renderer = fig.canvas.get_renderer()
    reach = NUMBER_BEYOND_PT * fig.dpi / 72
    assert numbered, "twelve long labels a few hundred metres apart cannot all sit beside their points"
    assert [t.get_text() for t in numbered] == [str(n) for n in range(1, len(numbered) + 1)]
    assert all(t.words.startswith("An event reported here") for t in numbered)
    for text in texts:  # every label, words or number, is within reach of its point
        box = text.get_window_extent(renderer)
        anchor = ax.transData.transform(text.anchor_xy)
        assert np.hypot(*(np.clip(anchor, (box.x0, box.y0), (box.x1, box.y1)) - anchor)) <= reach + 1
    plt.close(fig)
    fig, ax, texts, symbols = crowded_map(12)
    assert adjust_labels(ax, texts, symbols, CRS) == [] and all(t.get_text().startswith("An event") for t in texts)
    plt.close(fig)
    # only the labels allowed may become numbers (the front map numbers events, not the place names among them)
    fig, ax, texts, symbols = crowded_map(12)
    allowed = texts[::2]
    numbered = adjust_labels(ax, texts, symbols, CRS, numbered=allowed)
    assert numbered and all(any(t is a for a in allowed) for t in numbered)
    assert all(t.get_text().startswith("An event") for t in texts[1::2])
    plt.close(fig)


def test_a_place_name_may_sit_beside_another_labels_leader_line():
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(0, 60_000)
    ax.set_ylim(0, 50_000)
    # a label far above-left of its point: its leader line runs down past the town's dot
    label = ax.annotate(
        "A label placed by the case",
        (40_000, 10_000),
        xytext=(-150, 120),
        textcoords="offset points",
        arrowprops={"arrowstyle": "-"},
    )
    name = place_name(ax, 30_000, 25_000)
    place_names_clear(ax, [name], np.empty((0, 2)), [label])
    renderer = fig.canvas.get_renderer()
    assert label.get_window_extent(renderer).overlaps(name.get_window_extent(renderer))  # the whole annotation's box
    assert drop_covered([name], [label]) == [name] and name.get_visible()
    plt.close(fig)


def test_a_place_name_keeps_off_the_halo_of_a_new_event():
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(0, 60_000)
    ax.set_ylim(0, 50_000)
    name = place_name(ax, 30_000, 25_000)
    beside = np.array(
        [[26_000, 27_400]]
    )  # a symbol above-left of the dot: clear of the name's first spot, not its halo
    place_names_clear(ax, [name], beside, [])
    first_spot = name.get_ha()
    place_names_clear(ax, [name], beside, [], halo_xy=beside)
    plt.close(fig)
    assert first_spot == "right" and name.get_ha() != "right"


def symbol_map(events: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.set_xlim(250_000, 305_000)
    ax.set_ylim(3_860_000, 3_920_000)
    return fig, ax, events.assign(symbol_dx=np.nan, symbol_dy=np.nan, label="", label_dx=np.nan, label_dy=np.nan)


def symbol_centres(ax, events) -> np.ndarray:
    """Each symbol's centre in points, as draw_symbols puts it."""
    return np.array(
        [
            ax.transData.transform(to_map(r.lon, r.lat, CRS)) * 72 / ax.figure.dpi + (r.symbol_dx, r.symbol_dy)
            for r in events.itertuples()
        ]
    )


def test_symbols_sharing_a_place_spread_on_a_ring_that_keeps_off_a_neighbouring_place():
    # three events at one town; a fourth at a town 1 km (about 5 points on this map) to its south
    fig, ax, events = symbol_map(pd.DataFrame({"lon": [36.75] * 3 + [36.75], "lat": [35.13] * 3 + [35.121]}))
    alone = spread_symbols(ax, events.iloc[:3], CRS)
    assert list(zip(alone["symbol_dx"], alone["symbol_dy"])) == [
        (0.0, 9.0),
        (7.8, -4.5),
        (-7.8, -4.5),
    ]  # the ring, from the top
    spread = spread_symbols(ax, events, CRS)
    centres = symbol_centres(ax, spread)
    gaps = [np.abs(centres[a] - centres[b]).max() for a, b in itertools.combinations(range(4), 2)]
    assert min(gaps) >= CLEAR_PT  # the default ring put two symbols on the neighbour's
    town, neighbour = symbol_centres(ax, events.assign(symbol_dx=0.0, symbol_dy=0.0))[[0, 3]]
    assert all(
        np.hypot(*(spot - town)) < np.hypot(*(spot - neighbour)) for spot in centres[:3]
    )  # each nearer its own town
    plt.close(fig)


def test_a_spread_symbol_keeps_off_a_label_the_case_placed():
    fig, ax, events = symbol_map(pd.DataFrame({"lon": [36.75] * 3, "lat": [35.13] * 3}))
    # the first event's label, placed by the case 10 points to the left of its symbol, reaches down past the place
    events.loc[0, ["label", "label_dx", "label_dy"]] = ["A long label placed by the case\nover three\nlines", -10, 0]
    spread = spread_symbols(ax, events, CRS)
    centres = symbol_centres(ax, spread)
    renderer = fig.canvas.get_renderer()
    probe = ax.text(0, 0, events.loc[0, "label"], fontsize=9, bbox=LABEL_BOX)
    width, height = probe.get_window_extent(renderer).size * 72 / fig.dpi
    label_right, label_y = centres[0] + (-10, 0)
    for x, y in centres[1:]:
        assert x - label_right >= SYMBOL_HALF_PT or abs(y - label_y) >= height / 2 + SYMBOL_HALF_PT
    plt.close(fig)
