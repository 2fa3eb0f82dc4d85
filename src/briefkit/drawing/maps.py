"""Map furniture in the house style: land and sea, country names, scale bar, locator inset, and the column beside a map.

Maps are drawn in the case's projected CRS (data/case.toml, [map] crs); lon/lat extents are turned
into that CRS here, so notebooks speak in degrees.
"""

import geopandas as gpd
import matplotlib.pyplot as plt
import shapely
from matplotlib.patches import Rectangle
from matplotlib_scalebar.scalebar import ScaleBar
from shapely.geometry import box

from briefkit.analysis.geo import load_water
from briefkit.analysis.mapping import widen
from briefkit.drawing.figures import GAP, clear_of, fitted_list, frame_figure, headline, source_line
from briefkit.drawing.house import INK, MUTED
from briefkit.drawing.placement import unnumber_unlisted

SEA = "#dce9f2"
WATER_EDGE = "#b7cfe0"
LAND = "#efece6"
FOCUS_LAND = "#fbfaf7"
BORDER = "#8f8f8f"
BOUNDARY_NOTE = (
    "Boundaries from Natural Earth (via world-atlas 2.0.2) are not authoritative; lakes and rivers"
    " \u00a9 OpenStreetMap contributors (ODbL, via @geo-maps)."
)


# Both maps: the map on the left, the locator, legend and lists in a column on its right.
MAP_FIGSIZE = (8.5, 6.6)


def map_figure(tables, figure: str, title: str, subtitle: str, note: str, rect: list[float]):
    """A map's figure framed in the house style (the case's own title from headlines.csv, if any; the
    source line with note), and its map axes in rect, raised clear of the source line. Returns (fig, ax,
    the source line's top)."""
    fig = plt.figure(figsize=MAP_FIGSIZE)
    source_top = frame_figure(
        fig, **headline(tables, figure, title, subtitle), source=source_line(tables, note), adjust=False
    )
    return fig, fig.add_axes(clear_of(rect, below=source_top)), source_top


def extent(west: float, south: float, east: float, north: float, crs: str) -> tuple[float, float, float, float]:
    """A lon/lat box as (xmin, ymin, xmax, ymax) in crs."""
    return tuple(gpd.GeoSeries([box(west, south, east, north)], crs="EPSG:4326").to_crs(crs).total_bounds)


def land_in(countries: gpd.GeoDataFrame, view) -> gpd.GeoDataFrame:
    """The countries cut to view, polygons only (a cut can leave a line or a point where a border
    touches it); a country with nothing in view is left out. A map draws only this: the basemap's
    detail elsewhere costs drawing time and megabytes of SVG."""

    def polygons(geometry):
        parts = shapely.get_parts(shapely.get_parts(geometry))  # a collection may hold multipolygons
        kept = parts[(shapely.get_type_id(parts) == shapely.GeometryType.POLYGON) & ~shapely.is_empty(parts)]
        return shapely.multipolygons(kept) if len(kept) else None

    try:
        cut = countries.geometry.intersection(view)
    except shapely.errors.GEOSException:
        # a view reaching far from the case's UTM zone (a locator around a region-wide map) folds the land
        # there over itself: mended first, it cuts cleanly
        cut = countries.geometry.make_valid().intersection(view)
    return countries.set_geometry(cut.map(polygons)).dropna(subset=["geometry"])


def water_in(view, crs: str) -> gpd.GeoDataFrame:
    """The lakes and rivers in view (a box in crs), cut to it, in crs."""
    lonlat = tuple(gpd.GeoSeries([view], crs=crs).to_crs("EPSG:4326").total_bounds)
    water = load_water(lonlat)
    if water.empty:
        return water
    return land_in(water.to_crs(crs), view)


def country_labels(
    countries: gpd.GeoDataFrame, box_lonlat: tuple[float, float, float, float], crs: str, min_share: float = 0.04
) -> dict[str, tuple[float, float]]:
    """Where to write each country's name: a point inside the part of it the map shows, for countries
    covering at least min_share of the map (areas measured in the map's CRS)."""
    frame = box(*box_lonlat)
    visible = countries.to_crs("EPSG:4326").set_index("name").geometry.intersection(frame)
    share = visible.to_crs(crs).area / gpd.GeoSeries([frame], crs="EPSG:4326").to_crs(crs).area.iloc[0]
    shown = visible.loc[share >= min_share].sort_index()
    return {name: (point.x, point.y) for name, point in shown.representative_point().items()}


def draw_land(
    ax: plt.Axes,
    countries: gpd.GeoDataFrame,
    bounds: tuple[float, float, float, float],
    focus: str | None = None,
    labels: dict[str, tuple[float, float]] | None = None,
    crs: str | None = None,
) -> list:
    """Sea as background, countries as land (the focus country lighter), lakes and wide rivers, borders (drawn
    over the water, so that a border through a lake reads as a border), and country names (returned, so that
    labels can be kept off them).

    labels maps a country name to the lon/lat where its name is written (placed by hand, away from
    the data drawn on top).
    """
    xmin, ymin, xmax, ymax = bounds
    margin = 0.05 * max(xmax - xmin, ymax - ymin)  # no cut edge shows
    view = box(xmin - margin, ymin - margin, xmax + margin, ymax + margin)
    countries = land_in(countries, view)
    ax.set_facecolor(SEA)
    colours = [FOCUS_LAND if name == focus else LAND for name in countries["name"]]
    countries.plot(ax=ax, color=colours, edgecolor="none", zorder=1)
    water = water_in(view, crs or countries.crs)
    if len(water):
        water.plot(ax=ax, color=SEA, edgecolor=WATER_EDGE, linewidth=0.4, zorder=1.1)
    countries.boundary.plot(ax=ax, color=BORDER, linewidth=0.6, zorder=1.2)
    names = []
    shapes = countries.to_crs(crs or countries.crs).set_index("name").geometry
    for name, (lon, lat) in (labels or {}).items():
        point = gpd.GeoSeries.from_xy([lon], [lat], crs="EPSG:4326").to_crs(crs or countries.crs).iloc[0]
        weight = "bold" if name == focus else "normal"
        names.append(
            ax.text(
                point.x,
                point.y,
                name.upper(),
                ha="center",
                va="center",
                fontsize=9,
                color=MUTED,
                fontweight=weight,
                zorder=2,
            )
        )
        names[-1].shape = (
            shapes[name].intersection(box(*bounds)) if name in shapes.index else None
        )  # where the name may move
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(MUTED)
        spine.set_linewidth(0.6)
    # The equal aspect geopandas sets shrinks the axes only when drawn; labels placed in points need the final box now.
    ax.apply_aspect()
    return names


def add_scale_bar(ax: plt.Axes) -> Rectangle:
    """A scale bar in km (valid: the map CRS is metric and conformal, UTM, near the map's centre), once the
    map's extent and aspect are set (draw_land sets both). Returns an invisible rectangle over it, for
    labels to keep off."""
    bar = ScaleBar(
        1,
        "m",
        location="lower right",
        frameon=True,
        box_alpha=0.8,
        color=INK,
        font_properties={"size": 9},
        length_fraction=0.22,
        scale_loc="top",
        border_pad=0.6,
    )
    ax.add_artist(bar)
    bar.draw(ax.figure.canvas.get_renderer())  # measured only once drawn; saving the figure draws it again
    (x0, y0), (x1, y1) = ax.transAxes.inverted().transform(bar.info.window_extent.get_points())
    return ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, transform=ax.transAxes, visible=False))


def finish_map(ax: plt.Axes) -> None:
    """Last step for a map: no axis labels (geopandas adds "Easting [metre]" on every plot call)."""
    ax.set_xlabel("")
    ax.set_ylabel("")


def add_locator(
    fig: plt.Figure,
    countries: gpd.GeoDataFrame,
    shown: tuple[float, float, float, float],
    around: tuple[float, float, float, float],
    rect: list[float],
    focus: str | None = None,
) -> plt.Axes:
    """A small map of the wider region (around) with the main map's extent (shown) outlined."""
    inset = fig.add_axes(rect)
    draw_land(inset, countries, around, focus=focus)
    inset.set_xlabel("")
    inset.set_ylabel("")
    xmin, ymin, xmax, ymax = shown
    inset.add_patch(
        Rectangle((xmin, ymin), xmax - xmin, ymax - ymin, fill=False, edgecolor="#D55E00", lw=1.4, zorder=5)
    )
    for spine in inset.spines.values():
        spine.set_color(INK)
    return inset


def map_column(
    fig: plt.Figure,
    countries: gpd.GeoDataFrame,
    area: tuple,
    crs: str,
    handles: list,
    source_top: float,
    listed: dict | None,
    numbered: list,
    *,
    rect: list[float],
    widening: float,
    focus: str | None,
    legend_style: dict,
) -> list:
    """side_panel for a map of the lon/lat box area: its locator shows widening times the box. Returns the
    numbered labels (placement.settle_labels) still on the map: those the list beside it could show."""
    key = side_panel(
        fig,
        countries,
        extent(*area, crs),
        extent(*widen(area, widening), crs),
        rect,
        handles,
        source_top,
        listed,
        focus=focus,
        **legend_style,
    )
    return unnumber_unlisted(numbered, key)


LOCATOR_SMALLEST = 0.13  # of the figure's height: the locator map still shows where the map is


def side_panel(
    fig: plt.Figure,
    countries: gpd.GeoDataFrame,
    shown: tuple,
    around: tuple,
    rect: list[float],
    handles: list,
    source_top: float,
    listed: dict | None = None,
    *,
    legend_x: float,
    focus: str | None = None,
    **legend_style,
):
    """The column beside a map, top down: the locator map in rect, the legend (its left edge at legend_x),
    and a list (listed: fitted_list's x, heading, items, rest and style) above the source line. Where the
    list would leave items out, the locator shrinks, down to LOCATOR_SMALLEST of the figure's height, to
    make room. Returns the list (fitted_list's Text, with left_out), or None. The locator is drawn once, at the
    size chosen: the legend and the list are measured without it."""
    x, top, width, height = rect[0], rect[1] + rect[3], rect[2], rect[3]
    note = None
    for tried in (height, min(height, LOCATOR_SMALLEST)):
        legend = fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(legend_x, top - tried - 0.02),
            frameon=False,
            **legend_style,
        )
        if not listed:
            break
        legend_bottom = fig.transFigure.inverted().transform(legend.get_window_extent(fig.canvas.get_renderer()))[0][1]
        note = fitted_list(fig, top=legend_bottom - GAP, bottom=source_top + GAP, **listed)
        if not note.left_out or tried == min(height, LOCATOR_SMALLEST):
            break
        legend.remove()
        note.remove()
    add_locator(fig, countries, shown, around, [x, top - tried, width, tried], focus=focus)
    return note
