"""Where labels, place names and crowded symbols go on a map, so that no text covers a symbol or
another text.

Symbols sharing a place are spread around it (spread_symbols); labels the case does not place are
placed by adjustText, away from each other and from the symbols; a label adjustText leaves on another
goes to the nearest free spot around its point (settle_labels), or, on a map that numbers labels,
becomes a number listed beside the map; leader lines join moved labels to their points. Place and
country names keep beside their dots and inside their countries, and give way where nothing is free.
"""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from adjustText import adjust_text
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox
from shapely.geometry import MultiPoint

from briefkit.drawing.house import MUTED
from briefkit.drawing.symbols import LABEL_BOX, LABEL_SIZE, NEW_HALO_SIZE, shifted, symbol_points, to_map

ADJUST_STEPS = 150
# Co-located symbols are spread on a ring of this radius (points) around their place; two symbols overlap
# where their centres are closer than CLEAR_PT across or up (a symbol is drawn 10 points across, with its edge).
SPREAD_PT = 9
CLEAR_PT = 12
SPREAD_FURTHER = (1, 1.5, 2)  # where the ring has no clear spot: rings this many times as wide


def spread_symbols(ax: plt.Axes, events: pd.DataFrame, crs: str) -> pd.DataFrame:
    """Symbols without an offset of the case's, moved onto a ring around their place when several share it
    (the axes' limits must be set). Where the ring would overlap a symbol of another place or a label the
    case placed, or put a symbol nearer another place than its own, each symbol goes in turn to the nearest
    spot around its place that does none of these, else to the one that comes closest: a symbol beside
    the wrong place would be read as that place's."""
    events = events.copy()
    free = events["symbol_dx"].isna()
    to_points = 72 / ax.figure.dpi
    at = (
        np.array(
            [ax.transData.transform(to_map(lon, lat, crs)) for lon, lat in zip(events["lon"], events["lat"])]
        ).reshape(-1, 2)
        * to_points
    )
    placed = at + events[["symbol_dx", "symbol_dy"]].fillna(0).to_numpy(float)
    labels = _case_label_boxes(ax, events)
    for _, group in events.loc[free].groupby([events["lon"].round(4), events["lat"].round(4)], sort=False):
        rows = np.flatnonzero(events.index.isin(group.index))
        offsets = _ring(len(rows)) if len(rows) > 1 else np.zeros((1, 2))
        others = list(np.delete(placed, rows, axis=0))
        # a label the case places moves with its symbol: the members it belongs to keep their spots on the ring
        boxes = {row: placed[row] + box for row, box in labels.items() if row not in rows}
        boxes |= {row: at[row] + offset + labels[row] for row, offset in zip(rows, offsets) if row in labels}

        home = at[rows[0]]
        elsewhere = [place for place in np.unique(at.round(1), axis=0) if np.hypot(*(place - home)) > 0.5]

        def room(row: int, spot: np.ndarray, symbols: list) -> float:
            """How far a symbol there keeps clear (across or up) of the symbols and of the labels but its
            own, and how much nearer it stays to its place than to any other (below 0: it overlaps one, or
            is nearer another place)."""
            return min(
                [np.abs(spot - other).max() - CLEAR_PT for other in symbols]
                + [
                    np.abs(spot - np.clip(spot, box[0], box[1])).max() - SYMBOL_HALF_PT
                    for other, box in boxes.items()
                    if other != row
                ]
                + [np.hypot(*(spot - place)) - np.hypot(*(spot - home)) for place in elsewhere],
                default=np.inf,
            )

        unlabelled = [k for k, row in enumerate(rows) if row not in labels]
        if len(rows) > 1 and min((room(rows[k], at[rows[k]] + offsets[k], others) for k in unlabelled), default=0) < 0:
            # one by one, each to the nearest clear spot around the place, else the one that keeps clearest
            # (the first of equals: the same on every run)
            others += [at[rows[k]] + offsets[k] for k in range(len(rows)) if k not in unlabelled]
            spots = np.concatenate([_ring(24) * reach for reach in SPREAD_FURTHER])
            for k in unlabelled:
                rooms = [room(rows[k], at[rows[k]] + spot, others) for spot in spots]
                offsets[k] = spots[next((i for i, r in enumerate(rooms) if r >= 0), int(np.argmax(rooms)))]
                others.append(at[rows[k]] + offsets[k])
        events.iloc[rows, [events.columns.get_loc("symbol_dx"), events.columns.get_loc("symbol_dy")]] = offsets
        placed[rows] = at[rows] + offsets
    events[["symbol_dx", "symbol_dy"]] = events[["symbol_dx", "symbol_dy"]].astype(float)
    return events


def _ring(count: int) -> np.ndarray:
    """count offsets (points) evenly around a place at SPREAD_PT, clockwise from the top."""
    angles = np.deg2rad(90 - np.arange(count) * 360 / count)
    return np.round(SPREAD_PT * np.c_[np.cos(angles), np.sin(angles)], 1)


def _case_label_boxes(ax: plt.Axes, events: pd.DataFrame) -> dict[int, np.ndarray]:
    """row -> [[x0, y0], [x1, y1]], in points from its symbol, of each label the case places (label_dx,
    label_dy) as draw_symbols draws it."""
    renderer = ax.figure.canvas.get_renderer()
    found = {}
    for row, (label, dx, dy) in enumerate(zip(events["label"], events["label_dx"], events["label_dy"])):
        if not label or pd.isna(dx):
            continue
        probe = ax.text(0, 0, label, fontsize=LABEL_SIZE, bbox=LABEL_BOX)
        width, height = (probe.get_window_extent(renderer).size * 72 / ax.figure.dpi) + 4  # and the box's padding
        probe.remove()
        x0 = dx if dx >= 0 else dx - width
        found[row] = np.array([[x0, dy - height / 2], [x0 + width, dy + height / 2]])
    return found


# Where a place's name may go, tried in turn: left of its dot, right, above, below (points, alignment);
# then, where symbols crowd every side, the same sides further out, joined to the dot by a leader line.
NAME_SPOTS = (
    (-6, 0, "right", "center"),
    (6, 0, "left", "center"),
    (0, 7, "center", "bottom"),
    (0, -7, "center", "top"),
)
NAME_SPOTS_AFAR = tuple((dx * k, dy * k, ha, va) for k in (2.5, 4, 5.5) for dx, dy, ha, va in NAME_SPOTS)


def words_of(artist, renderer) -> Bbox:
    """What an artist covers; of a label with a leader line, its words only: the box of the whole would
    take in the line's run to its point, and a name may sit beside a line."""
    return (
        Text.get_window_extent(artist, renderer)
        if isinstance(artist, Annotation)
        else artist.get_window_extent(renderer)
    )


def place_names_clear(
    ax: plt.Axes,
    names: list,
    points_xy: np.ndarray,
    obstacles: list,
    halo_xy: np.ndarray | tuple = (),
    afar: bool = False,
) -> None:
    """Move each place name (draw_places) to the first spot beside its dot where it covers no symbol (or
    halo: halo_xy are the points drawn as new), obstacle or name already placed; where none is free it stays
    left of the dot (drop_covered decides), unless a symbol lies on it there (a name cut by symbols would be
    misread): then, with afar (the case's own places), it goes to the first free spot further out, with a
    leader line to its dot, or else it is hidden."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = [words_of(o, renderer) for o in obstacles]

    def boxes(points, half_pt):
        half = half_pt * ax.figure.dpi / 72
        return (
            [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in ax.transData.transform(points)]
            if len(points)
            else []
        )

    symbols = boxes(points_xy, SYMBOL_HALF_PT) + boxes(halo_xy, NEW_HALO_SIZE / 2)

    def put(name, spot) -> Bbox:
        dx, dy, ha, va = spot
        name.set_position(shifted(ax, *name.dot_xy, dx, dy))
        name.set_ha(ha)
        name.set_va(va)
        return name.get_window_extent(renderer)

    def free(name, spot) -> bool:
        box = put(name, spot).padded(2)
        return within(box, frame) and not any(box.overlaps(t) for t in taken + symbols)

    for name in names:
        if not any(free(name, spot) for spot in NAME_SPOTS) and any(
            put(name, NAME_SPOTS[0]).overlaps(symbol) for symbol in symbols
        ):
            if afar and any(free(name, spot) for spot in NAME_SPOTS_AFAR):
                draw_leader(ax, name)
            else:
                put(name, NAME_SPOTS[0])
                name.set_visible(False)
        taken.append(name.get_window_extent(renderer))


def country_names_clear(ax: plt.Axes, names: list, points_xy: np.ndarray, obstacles: list, steps: int = 24) -> list:
    """Move each country name (maps.draw_land) to the spot nearest its first place, inside the country's
    visible part, where it covers no label or obstacle and keeps COUNTRY_CLEAR_PT from every symbol (a
    name just under a symbol reads as the name of its place); a name that fits nowhere is removed.
    Returns the names kept."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    half = (SYMBOL_HALF_PT + COUNTRY_CLEAR_PT) * ax.figure.dpi / 72
    taken = [o.get_window_extent(renderer) for o in obstacles]
    taken += (
        [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in ax.transData.transform(points_xy)]
        if len(points_xy)
        else []
    )
    kept = []
    for name in names:
        shape = getattr(name, "shape", None)
        if shape is None or shape.is_empty:
            kept.append(name)
            continue
        x0, y0, x1, y1 = shape.bounds
        start = np.array(name.get_position())
        spots = sorted(
            ((x, y) for x in np.linspace(x0, x1, steps) for y in np.linspace(y0, y1, steps)),
            key=lambda p: float(np.hypot(*(np.array(p) - start))),
        )
        for spot in [tuple(start), *spots]:
            name.set_position(spot)
            box = name.get_window_extent(renderer).padded(3)
            corners = ax.transData.inverted().transform(
                [(box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1)]
            )
            if within(box, frame) and shape.contains(MultiPoint(corners)) and not any(box.overlaps(t) for t in taken):
                taken.append(box)
                kept.append(name)
                break
        else:
            name.remove()
    return kept


def adjust_labels(
    ax: plt.Axes, texts: list, symbols: pd.DataFrame, crs: str, fixed: list = (), numbered: bool | list = False
) -> list:
    """Move the labels the case did not place until none overlaps another, a symbol or a label the case
    placed: adjustText first, then settle_labels for any it left overlapping; a thin leader line joins
    a label moved away from its point. numbered (True, or the labels that may be): a label with no free spot
    within NUMBER_BEYOND_PT of its point becomes a number there (see settle_labels), for a list beside the
    map; returns those labels."""
    if not texts:
        return []
    symbol_xy = symbol_points(ax, symbols, crs)
    # Symbols and the labels the case placed are kept clear of as whole boxes (a symbol is about 10 points
    # across: all of it, not only its centre). As grids of points, adjustText (which weighs every label
    # against every point sharing a row or a column with it, on each step) took half a minute for a map
    # of 25 events around one city.
    renderer = ax.figure.canvas.get_renderer()
    half = 5 * ax.figure.dpi / 72
    symbol_boxes = [
        Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in ax.transData.transform(symbol_xy)
    ]
    # A fixed number of steps: adjustText's default stops after one second, so the result would depend on the machine.
    adjust_text(
        texts,
        x=list(symbol_xy[:, 0]),
        y=list(symbol_xy[:, 1]),
        objects=symbol_boxes + [artist.get_window_extent(renderer) for artist in fixed] or None,
        ax=ax,
        expand=(1.15, 1.3),
        force_static=(0.4, 0.6),
        ensure_inside_axes=True,
        iter_lim=ADJUST_STEPS,
    )
    numbers = settle_labels(ax, texts, symbol_xy, fixed, numbered)
    for text in texts:
        draw_leader(ax, text)
    return numbers


# Spots tried around a label's point by settle_labels: every 15 degrees, from 10 points out to 400.
SETTLE_ANGLES = np.radians(np.arange(0, 360, 15))
SETTLE_RADII = np.arange(10, 410, 12)
SYMBOL_HALF_PT = 6
COUNTRY_CLEAR_PT = 30  # a country name keeps a few lines of its text off every symbol
MAX_LEADER_PT = 90  # a label adjustText sent further from its point is placed again, nearer
NUMBER_BEYOND_PT = 60  # where labels may be numbered, a label with no room nearer than this becomes a number
CROSSING_PT = 60


def settle_labels(
    ax: plt.Axes, texts: list, symbol_xy: np.ndarray, fixed: list = (), numbered: bool | list = False
) -> list:
    """Every label that still overlaps a label, a symbol or the frame, or that adjustText left far from
    its point, goes to the nearest free spot around it (the labels that are clear stay where they are).
    numbered (True for every label, or the labels that may be; a map's place names may not): where the
    nearest free spot is further than NUMBER_BEYOND_PT, or can only be reached by a leader line across
    another symbol or label (which would seem to point at that one), the label becomes its number (1, 2,
    ...) beside its point and keeps its words in .words. Returns the labels so numbered."""
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    half = SYMBOL_HALF_PT * ax.figure.dpi / 72
    symbols = (
        [Bbox.from_extents(x - half, y - half, x + half, y + half) for x, y in ax.transData.transform(symbol_xy)]
        if len(symbol_xy)
        else []
    )
    fixed_boxes = [artist.get_window_extent(renderer) for artist in fixed]
    taken = symbols.copy()  # what a leader line may not cross either: symbols and the labels placed here

    def fits(box) -> bool:
        return within(box, frame) and not any(box.overlaps(other) for other in fixed_boxes + taken)

    def crossings(box, anchor) -> int:
        """How many symbols and labels placed here the leader line from anchor to box passes through."""
        nearest = np.clip(anchor, (box.x0, box.y0), (box.x1, box.y1))
        along = [anchor + (nearest - anchor) * t for t in np.linspace(0, 1, 24)[1:]]
        leader = [p for p in along if np.hypot(*(p - anchor)) > 1.5 * half]
        return sum(any(other.contains(*p) for p in leader) for other in taken)

    def may_number(text) -> bool:
        return numbered is True or (bool(numbered) and any(text is other for other in numbered))

    def reach(text) -> float:
        return (NUMBER_BEYOND_PT if may_number(text) else MAX_LEADER_PT) * ax.figure.dpi / 72

    def far(box, anchor, text) -> bool:
        nearest = np.clip(anchor, (box.x0, box.y0), (box.x1, box.y1))
        return np.hypot(*(nearest - anchor)) > reach(text)

    crowded = []
    for text in texts:
        box = text.get_window_extent(renderer).padded(2)
        anchor = ax.transData.transform(text.anchor_xy)
        if fits(box) and not crossings(box, anchor) and not far(box, anchor, text):
            taken.append(box)
        else:
            crowded.append(text)

    def nearest_spot(text, anchor, radii, may_cross=True):
        """(cost, radius, angle) of the free spot nearest anchor, a leader line crossing a symbol or label
        counting as CROSSING_PT further, or not allowed; None when no spot at these radii is free."""
        best = None
        for radius in radii:
            if best is not None and radius >= best[0]:
                break  # no spot this far out can beat the best found
            for angle in SETTLE_ANGLES:
                box = place_beside(ax, text, anchor, radius, angle, renderer)
                crossed = crossings(box, anchor) if fits(box) else None
                if crossed is None or (crossed and not may_cross):
                    continue
                cost = radius + crossed * CROSSING_PT * ax.figure.dpi / 72
                if best is None or cost < best[0]:
                    best = (cost, radius, angle)
        return best

    numbers = []
    radii = SETTLE_RADII * ax.figure.dpi / 72
    # the newest day's news first: it takes the free spots first, and where numbered, the first numbers
    crowded.sort(key=lambda text: not getattr(text, "new", False))
    for text in crowded:
        anchor = ax.transData.transform(text.anchor_xy)
        left_at = (text.get_position(), text.get_ha(), text.get_va())
        near = radii[radii <= reach(text)] if may_number(text) else radii
        best = nearest_spot(text, anchor, near, may_cross=not may_number(text))
        if best is None and may_number(text):
            numbers.append(text)
            text.words = text.get_text()
            text.set_text(str(len(numbers)))
            text.set_fontweight("bold")
            best = nearest_spot(text, anchor, near)
        if best is None:  # nowhere free: it stays where adjustText left it
            text.set_position(left_at[0])
            text.set_ha(left_at[1])
            text.set_va(left_at[2])
        else:
            taken.append(place_beside(ax, text, anchor, best[1], best[2], renderer))
    return numbers


def within(box, frame) -> bool:
    return frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1


def place_beside(ax: plt.Axes, text, anchor: np.ndarray, radius: float, angle: float, renderer):
    """Put text at radius (pixels) from anchor in direction angle, aligned so it extends away from it;
    return its padded box."""
    cos, sin = np.cos(angle), np.sin(angle)
    text.set_ha("left" if cos > 0.3 else "right" if cos < -0.3 else "center")
    text.set_va("bottom" if sin > 0.3 else "top" if sin < -0.3 else "center")
    text.set_position(ax.transData.inverted().transform(anchor + radius * np.array([cos, sin])))
    return text.get_window_extent(renderer).padded(2)


def draw_leader(ax: plt.Axes, text, min_gap_pt: float = 14) -> None:
    """A thin line from a label to its point, when the label sits away from it."""
    renderer = ax.figure.canvas.get_renderer()
    box = text.get_window_extent(renderer)
    x, y = ax.transData.transform(text.anchor_xy)
    gap = np.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))
    if gap > min_gap_pt * ax.figure.dpi / 72:
        centre = ax.transData.inverted().transform(((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2))
        # over the halos of new events (8.5), which would hide where it ends; under labels and symbols
        ax.add_patch(
            FancyArrowPatch(
                centre,
                text.anchor_xy,
                patchA=text,
                arrowstyle="-",
                color=MUTED,
                lw=0.6,
                shrinkA=1,
                shrinkB=5,
                zorder=8.7,
            )
        )


def drop_covered(texts: list, keep: list) -> list:
    """Remove the labels (of lesser importance, such as orientation towns) that overlap one to keep or
    each other, or that the map's frame would cut, after placement: no label is drawn over another.
    Returns those left."""
    renderer = texts[0].figure.canvas.get_renderer() if texts else None
    kept_boxes = [words_of(t, renderer) for t in keep]
    left = []
    for text in texts:
        box = text.get_window_extent(renderer)
        if any(box.overlaps(other) for other in kept_boxes) or not within(box, text.axes.get_window_extent(renderer)):
            for leader in [p for p in text.axes.patches if getattr(p, "patchA", None) is text]:
                leader.remove()  # adjustText's leader line ends at the label
            if hasattr(text, "dot"):
                text.dot.remove()  # an orientation town goes with its name; a case's place keeps its dot
            text.remove()
        else:
            kept_boxes.append(box)
            left.append(text)
    return left


def unnumber_unlisted(numbered: list, note) -> list:
    """The numbered labels the list beside the map could show (fitted_list's note, or None): a number the key
    leaves out would explain nothing, so it goes (its event stays in the figure's CSV). The numbered items lead
    the list, so those left out are the last ones."""
    if note is None or not note.left_out:
        return numbered
    shown = max(len(numbered) - note.left_out, 0)
    for text in numbered[shown:]:
        for leader in [p for p in text.axes.patches if getattr(p, "patchA", None) is text]:
            leader.remove()  # a leader line to a number that is gone would point at nothing
        text.remove()
    return numbered[:shown]


def numbers_of(events: pd.DataFrame, numbered: list) -> pd.Series:
    """Each event's number on the map (settle_labels), empty for one whose label kept its words."""
    numbers = {text.fact_id: int(text.get_text()) for text in numbered}
    return events["fact_id"].map(numbers).astype("Int64")


def numbered_items(numbered: list) -> list[str]:
    """The numbered labels as a list beside the map gives them: "3  gunfire in the city centre (residents)"."""
    return [f"{text.get_text()}  {text.words}".replace("\n", " ") for text in numbered]
