"""What a map draws: event symbols (shape = what, colour = who says so) with their labels, places,
orientation towns, routes, advances, bands, and the legend's handles.

Every symbol is a fact row (briefkit.analysis.mapping chooses which); where labels and names then go is
briefkit.drawing.placement's.
"""

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.transforms import offset_copy
from shapely.geometry import LineString

from briefkit.analysis.geo import geodesic_band
from briefkit.drawing.house import INK, MUTED, SPEAKER_COLOURS
from briefkit.drawing.house import NEW_HIGHLIGHT as NEW_HALO

# One marker per category of event; a category a case adds to the vocabulary gets FALLBACK_MARKER.
CATEGORY_MARKERS = {
    "territory_change": "s",
    "armed_clash": "X",
    "air_or_drone_strike": "*",
    "casualties": "v",
    "materiel": "o",
    "displacement": "^",
    "advance": ">",
    "deployment": "P",
    "shelling": "h",
    "missile_or_drone_attack": (4, 1, 0),  # a four-pointed star
    "evacuation": "<",
    "looting_or_destruction": "p",
    "protest_or_riot": (8, 1, 0),  # an eight-pointed star
    "prison_break": (6, 2, 0),  # an asterisk
}
FALLBACK_MARKER = "D"
CATEGORY_LABELS = {
    "territory_change": "territory taken",
    "armed_clash": "clashes",
    "air_or_drone_strike": "strike(s)",
    "casualties": "killing",
    "materiel": "vehicles or weapons",
    "displacement": "people displaced",
    "advance": "advance",
    "deployment": "deployment",
    "shelling": "shelling",
    "missile_or_drone_attack": "missiles or drones",
    "evacuation": "evacuation",
    "looting_or_destruction": "looting or destruction",
    "protest_or_riot": "protest or riot",
    "prison_break": "prison break",
}
ROAD = "#5c5c5c"
ADVANCE = "#D55E00"
STRETCH = "#009E73"
# Map labels stay readable (about 7 pt) when an 8.5-inch map is dropped at half width on a 16:9 slide.
LABEL_SIZE = 9
SAYS = {
    "party_to_conflict": "a party to the conflict says so",
    "state_media": "state media say so",
    "independent_monitor": "an independent monitor says so",
    "un": "the UN says so",
    "foreign_government": "a foreign government says so",
    "journalist_observation": "a journalist saw it (filled)",
    "other_source": "another named source says so",
    "unattributed": "the report says so, naming no source",
}
NEW_HALO_SIZE = 22
LABEL_BOX = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def marker(category: str) -> str:
    return CATEGORY_MARKERS.get(category, FALLBACK_MARKER)


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


def symbol_style(speaker_kind: str) -> dict:
    """Observations are filled; claims (anything someone says rather than a journalist saw) are hollow."""
    colour = SPEAKER_COLOURS[speaker_kind]
    filled = speaker_kind == "journalist_observation"
    return {
        "markerfacecolor": colour if filled else "white",
        "markeredgecolor": colour,
        "markeredgewidth": 1.8,
        "color": colour,
    }


def to_map(lon: float, lat: float, crs: str) -> tuple[float, float]:
    point = gpd.GeoSeries.from_xy([lon], [lat], crs="EPSG:4326").to_crs(crs).iloc[0]
    return point.x, point.y


def offset(ax: plt.Axes, dx: float, dy: float):
    return offset_copy(ax.transData, fig=ax.figure, x=dx, y=dy, units="points")


def shifted(ax: plt.Axes, x: float, y: float, dx: float, dy: float) -> tuple[float, float]:
    """The data point dx, dy points away from (x, y) on this axes (its limits must be set)."""
    display = ax.transData.transform((x, y)) + np.array([dx, dy]) * ax.figure.dpi / 72
    return tuple(ax.transData.inverted().transform(display))


def symbol_points(ax: plt.Axes, events: pd.DataFrame, crs: str) -> np.ndarray:
    """Where each event's symbol is drawn, its offset (symbol_dx, symbol_dy) applied: an (n, 2) array in
    data coordinates (the axes' limits must be set)."""
    return np.array(
        [shifted(ax, *to_map(r.lon, r.lat, crs), r.symbol_dx, r.symbol_dy) for r in events.itertuples()]
    ).reshape(-1, 2)


def draw_route(ax: plt.Axes, points: pd.DataFrame, route: list[str], crs: str, **style) -> gpd.GeoSeries:
    """A schematic road: straight segments between the named places it passes."""
    line = gpd.GeoSeries([LineString(points.loc[route, ["lon", "lat"]].to_numpy())], crs="EPSG:4326").to_crs(crs)
    line.plot(ax=ax, **({"color": ROAD, "linewidth": 1.6, "linestyle": (0, (5, 2)), "zorder": 3} | style))
    return line


def draw_routes(ax: plt.Axes, points: pd.DataFrame, routes: pd.DataFrame, crs: str) -> list:
    """The case's routes for this map (map_routes.csv); returns their legend handles."""
    handles = []
    for route in routes.assign(label=routes["label"].str.replace("\\n", "\n", regex=False)).itertuples():
        places = [p.strip() for p in route.places.split(";")]
        if route.kind == "road":
            draw_route(ax, points, places, crs)
            handles.append(Line2D([], [], color=ROAD, lw=1.6, ls=(0, (5, 2)), label=route.label))
        elif route.kind == "stretch":
            draw_route(ax, points, places, crs, color=STRETCH, linewidth=9, linestyle="-", alpha=0.25, zorder=2)
            handles.append(Patch(color=STRETCH, alpha=0.3, label=route.label))
        elif route.kind == "advance":
            draw_advance(ax, points, places[0], places[-1], crs)
            handles.append(Patch(color=ADVANCE, alpha=0.55, label=route.label))
    return handles


def draw_places(ax: plt.Axes, points: pd.DataFrame, names: dict[str, str], crs: str, style: dict | None = None) -> list:
    """Places as dots with their names; returns the name texts for adjust_labels to place."""
    texts = []
    for place_id, name in names.items():
        x, y = to_map(*points.loc[place_id, ["lon", "lat"]], crs)
        ax.plot(x, y, "o", color=INK, ms=4, zorder=6)
        texts.append(
            ax.text(
                *shifted(ax, x, y, -6, 0),
                name,
                ha="right",
                va="center",
                fontsize=LABEL_SIZE,
                color=INK,
                zorder=7,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}
                | (style or {}),
            )
        )
        texts[-1].dot_xy = texts[-1].anchor_xy = (x, y)
    return texts


def draw_context_towns(ax: plt.Axes, towns: pd.DataFrame, crs: str) -> list:
    """Towns for orientation only (GeoNames): small grey dots and names, under everything reported."""
    texts = []
    for town in towns.itertuples():
        x, y = to_map(town.lon, town.lat, crs)
        (dot,) = ax.plot(x, y, "o", color="#9a9a9a", ms=2.5, zorder=4)
        texts.append(
            ax.text(
                *shifted(ax, x, y, 4, 0), town.name, ha="left", va="center", fontsize=7.5, color="#8a8a8a", zorder=4
            )
        )
        texts[-1].dot = dot  # a town whose name gives way goes with it
        texts[-1].dot_xy = texts[-1].anchor_xy = (x, y)
    return texts


def draw_symbols(ax: plt.Axes, symbols: pd.DataFrame, crs: str) -> tuple[list, list]:
    """Each fact's symbol, moved (symbol_dx, symbol_dy) points off its place, and its label: at
    (label_dx, label_dy) points from the symbol where the case places it (a leader line when far),
    else left for adjust_labels to place. Returns (labels to place, labels placed by the case)."""
    free, fixed = [], []
    for row in symbols.itertuples():
        x, y = to_map(row.lon, row.lat, crs)
        colour = SPEAKER_COLOURS[row.speaker_kind]
        at_symbol = offset(ax, row.symbol_dx, row.symbol_dy)
        if row.new:  # first reported on the newest report day: a halo under the symbol
            ax.plot(
                [x],
                [y],
                marker="o",
                ms=NEW_HALO_SIZE,
                ls="",
                zorder=8.5,
                transform=at_symbol,
                color=NEW_HALO,
                alpha=0.85,
                mew=0,
            )
        # above every label: a label may come close, but never hides what is reported
        ax.plot(
            [x],
            [y],
            marker=marker(row.category),
            ms=10,
            ls="",
            zorder=10,
            transform=at_symbol,
            gid=f"symbol-{row.fact_id}",  # in the SVG, the explorer page links the symbol to its fact
            **symbol_style(row.speaker_kind),
        )
        if not row.label:
            continue
        if pd.notna(row.label_dx):
            lx, ly = row.label_dx, row.label_dy
            leader = (
                {"arrowstyle": "-", "color": colour, "lw": 0.7, "shrinkA": 2, "shrinkB": 7}
                if abs(lx) + abs(ly) > 25
                else None
            )
            fixed.append(
                ax.annotate(
                    row.label,
                    (x, y),
                    xycoords=at_symbol,
                    xytext=(lx, ly),
                    textcoords="offset points",
                    fontsize=LABEL_SIZE,
                    color=colour,
                    ha="left" if lx >= 0 else "right",
                    va="center",
                    zorder=9,
                    arrowprops=leader,
                    bbox=LABEL_BOX,
                )
            )
        else:
            # start outwards, away from the middle of the map, where the other symbols are
            sx, sy = shifted(ax, x, y, row.symbol_dx, row.symbol_dy)
            outwards = ax.transAxes.inverted().transform(ax.transData.transform((sx, sy)))[0] >= 0.5
            free.append(
                ax.text(
                    *shifted(ax, sx, sy, 12 if outwards else -12, 0),
                    row.label,
                    fontsize=LABEL_SIZE,
                    color=colour,
                    ha="left" if outwards else "right",
                    va="center",
                    zorder=9,
                    bbox=LABEL_BOX,
                )
            )
            free[-1].anchor_xy = (sx, sy)
            free[-1].fact_id = row.fact_id
            free[-1].new = bool(row.new)
    return free, fixed


def draw_advance(ax: plt.Axes, points: pd.DataFrame, start: str, end: str, crs: str, shorten: float = 0.12) -> None:
    """A broad arrow from one place towards another, stopping short of it (the advance has not arrived)."""
    (x0, y0), (x1, y1) = to_map(*points.loc[start, ["lon", "lat"]], crs), to_map(*points.loc[end, ["lon", "lat"]], crs)
    tail = (x0 + (x1 - x0) * shorten, y0 + (y1 - y0) * shorten)
    head = (x1 - (x1 - x0) * shorten * 1.6, y1 - (y1 - y0) * shorten * 1.6)
    ax.add_patch(
        FancyArrowPatch(
            tail,
            head,
            arrowstyle="simple,head_width=10,head_length=10,tail_width=4",
            color=ADVANCE,
            alpha=0.55,
            zorder=5,
            mutation_scale=1.4,
            lw=0,
        )
    )


def draw_band(ax: plt.Axes, lon: float, lat: float, low_km: float, high_km: float, crs: str) -> None:
    band = gpd.GeoSeries([geodesic_band(lon, lat, low_km, high_km)], crs="EPSG:4326").to_crs(crs)
    band.plot(ax=ax, color=ADVANCE, alpha=0.16, edgecolor=ADVANCE, linewidth=0.8, linestyle="--", zorder=2)


def band_handle(label: str) -> Patch:
    return Patch(facecolor=ADVANCE, alpha=0.25, edgecolor=ADVANCE, ls="--", label=label)


AREA_EDGE = "#6b6b6b"


def draw_areas(ax: plt.Axes, areas, crs: str) -> list:
    """Each province an event is reported to, hatched and outlined (its events are listed beside the map, under
    its name: one province may hold several, each from its own speaker, and no point of it is theirs). Returns
    the legend's handle, or none."""
    if areas.empty:
        return []
    shapes = areas.to_crs(crs)
    shapes.plot(ax=ax, facecolor="none", edgecolor=AREA_EDGE, hatch="///", linewidth=0, alpha=0.35, zorder=1.3)
    shapes.boundary.plot(ax=ax, color=AREA_EDGE, linewidth=1.1, linestyle=(0, (4, 2)), zorder=1.35)
    return [Patch(facecolor="white", edgecolor=AREA_EDGE, hatch="///", ls="--", label="reported only to a province")]


def legend_handles(symbols: pd.DataFrame, extra: list | None = None, new_on: str | None = None) -> list:
    """Shapes, then who says so, then the extra handles; a halo for what is new on new_on (the newest report day)."""
    categories = list(
        dict.fromkeys([c for c in CATEGORY_MARKERS if c in set(symbols["category"])] + sorted(set(symbols["category"])))
    )
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker=marker(c),
            color=MUTED,
            markerfacecolor="white",
            ms=8,
            mew=1.5,
            label=category_label(c),
        )
        for c in categories
    ]
    handles += [
        Patch(
            facecolor=SPEAKER_COLOURS[k] if k == "journalist_observation" else "white",
            edgecolor=SPEAKER_COLOURS[k],
            lw=1.8,
            label=SAYS[k],
        )
        for k in SPEAKER_COLOURS
        if k in set(symbols["speaker_kind"])
    ]
    if new_on and symbols["new"].any():
        handles.append(
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=NEW_HALO_SIZE * 0.8,
                color=NEW_HALO,
                alpha=0.85,
                mew=0,
                label=f"new: first reported {new_on}",
            )
        )
    return handles + (extra or [])
