"""The two maps of the offensive: the situation across Syria, and the Hama front.

Every symbol is a fact row: `event_symbols` turns chosen facts into a table (fact id, speaker, place,
how precisely it is located) that the maps draw and that is saved beside them as CSV.
"""

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch
from matplotlib.transforms import offset_copy
from shapely.geometry import LineString

from briefkit.figures import INK, MUTED, SPEAKER_COLOURS, SPEAKER_LABELS
from briefkit.geo import KM_PER_MILE, distance_km, geodesic_band, located_facts
from briefkit.load import Tables, speaker_names

CATEGORY_MARKERS = {"territory_change": "s", "armed_clash": "X", "air_or_drone_strike": "*", "casualties": "v", "materiel": "o"}
CATEGORY_LABELS = {"territory_change": "territory taken", "armed_clash": "clashes", "air_or_drone_strike": "strike(s)",
                   "casualties": "killing", "materiel": "abandoned vehicles"}
ROAD = "#5c5c5c"
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


def event_symbols(tables: Tables, points: pd.DataFrame, fact_ids: list[str]) -> pd.DataFrame:
    """The chosen facts as map symbols: where (the place, or its stand-in), who says so, how precise."""
    located = located_facts(tables, points).set_index("fact_id").loc[fact_ids].reset_index()
    return located.assign(speaker=lambda d: speaker_names(tables, d["attributed_to"]))[
        ["fact_id", "claim_id", "category", "place_id", "lon", "lat", "located_by", "geo_precision", "speaker", "speaker_kind", "quote"]]


def symbol_style(speaker_kind: str) -> dict:
    """Observations are filled; claims (anything someone says rather than a journalist saw) are hollow."""
    colour = SPEAKER_COLOURS[speaker_kind]
    filled = speaker_kind == "journalist_observation"
    return {"markerfacecolor": colour if filled else "white", "markeredgecolor": colour, "markeredgewidth": 1.8, "color": colour}


def to_map(lon: float, lat: float, crs: str) -> tuple[float, float]:
    point = gpd.GeoSeries.from_xy([lon], [lat], crs="EPSG:4326").to_crs(crs).iloc[0]
    return point.x, point.y


def draw_route(ax: plt.Axes, points: pd.DataFrame, route: list[str], crs: str, **style) -> gpd.GeoSeries:
    """A schematic road: straight segments between the named places it passes."""
    line = gpd.GeoSeries([LineString(points.loc[route, ["lon", "lat"]].to_numpy())], crs="EPSG:4326").to_crs(crs)
    line.plot(ax=ax, **({"color": ROAD, "linewidth": 1.6, "linestyle": (0, (5, 2)), "zorder": 3} | style))
    return line


def draw_places(ax: plt.Axes, points: pd.DataFrame, labels: dict[str, tuple[str, float, float, str]], crs: str) -> None:
    """Named places as dots; labels maps place_id -> (text, dx, dy in points, horizontal alignment)."""
    for place_id, (text, dx, dy, ha) in labels.items():
        x, y = to_map(*points.loc[place_id, ["lon", "lat"]], crs)
        ax.plot(x, y, "o", color=INK, ms=4, zorder=6)
        ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va="center", fontsize=LABEL_SIZE, color=INK, zorder=7,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75})


def draw_symbols(ax: plt.Axes, symbols: pd.DataFrame, offsets: dict[str, tuple[float, float, str, float, float]], crs: str) -> None:
    """Each fact's symbol, shifted by (dx, dy) points off its place so symbols at one place do not cover
    each other, and its label (lx, ly points from the symbol; a leader line when far) naming what is
    reported and by whom."""
    for row in symbols.itertuples():
        dx, dy, text, lx, ly = offsets[row.fact_id]
        x, y = to_map(row.lon, row.lat, crs)
        colour = SPEAKER_COLOURS[row.speaker_kind]
        at_symbol = offset(ax, dx, dy)
        ax.plot([x], [y], marker=CATEGORY_MARKERS[row.category], ms=10, ls="", zorder=8, transform=at_symbol, **symbol_style(row.speaker_kind))
        if not text:
            continue
        leader = {"arrowstyle": "-", "color": colour, "lw": 0.7, "shrinkA": 2, "shrinkB": 7} if abs(lx) + abs(ly) > 25 else None
        ax.annotate(text, (x, y), xycoords=at_symbol, xytext=(lx, ly), textcoords="offset points", fontsize=LABEL_SIZE, color=colour,
                    ha="left" if lx >= 0 else "right", va="center", zorder=9, arrowprops=leader,
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def offset(ax: plt.Axes, dx: float, dy: float):
    return offset_copy(ax.transData, fig=ax.figure, x=dx, y=dy, units="points")


def draw_advance(ax: plt.Axes, points: pd.DataFrame, start: str, end: str, crs: str, shorten: float = 0.12) -> None:
    """A broad arrow from one place towards another, stopping short of it (the advance has not arrived)."""
    (x0, y0), (x1, y1) = to_map(*points.loc[start, ["lon", "lat"]], crs), to_map(*points.loc[end, ["lon", "lat"]], crs)
    tail = (x0 + (x1 - x0) * shorten, y0 + (y1 - y0) * shorten)
    head = (x1 - (x1 - x0) * shorten * 1.6, y1 - (y1 - y0) * shorten * 1.6)
    ax.add_patch(FancyArrowPatch(tail, head, arrowstyle="simple,head_width=10,head_length=10,tail_width=4", color="#D55E00", alpha=0.55,
                                 zorder=5, mutation_scale=1.4, lw=0))


def draw_band(ax: plt.Axes, lon: float, lat: float, low_km: float, high_km: float, crs: str) -> None:
    band = gpd.GeoSeries([geodesic_band(lon, lat, low_km, high_km)], crs="EPSG:4326").to_crs(crs)
    band.plot(ax=ax, color="#D55E00", alpha=0.16, edgecolor="#D55E00", linewidth=0.8, linestyle="--", zorder=2)


def distance_label(points: pd.DataFrame, start: str, end: str) -> str:
    km = distance_km(*points.loc[start, ["lon", "lat"]], *points.loc[end, ["lon", "lat"]])
    return f"{km:.1f} km ({km / KM_PER_MILE:.1f} mi)"


def legend_handles(symbols: pd.DataFrame, extra: list | None = None) -> list:
    handles = [Line2D([], [], ls="", marker=CATEGORY_MARKERS[c], color=MUTED, markerfacecolor="white", ms=8, mew=1.5, label=CATEGORY_LABELS[c])
               for c in CATEGORY_MARKERS if c in set(symbols["category"])]
    handles += [Patch(facecolor=SPEAKER_COLOURS[k] if k == "journalist_observation" else "white", edgecolor=SPEAKER_COLOURS[k], lw=1.8,
                      label=SAYS[k]) for k in SPEAKER_COLOURS if k in set(symbols["speaker_kind"])]
    return handles + (extra or [])
