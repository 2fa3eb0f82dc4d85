"""The house figure helpers: identical bytes for identical figures, the frame, lists beside a figure, written titles."""

import matplotlib

matplotlib.use("Agg")

from dataclasses import replace

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.patches import Patch
from matplotlib_scalebar.scalebar import ScaleBar
from shapely.geometry import MultiPolygon, box

from briefkit.analysis.geo import projected_countries
from briefkit.contract.tables import event_categories
from briefkit.drawing.figures import (
    GAP,
    clear_of,
    fitted_list,
    frame_figure,
    headline,
    save_figure,
    show_saved,
    use_house_style,
)
from briefkit.drawing.maps import LOCATOR_SMALLEST, add_scale_bar, draw_land, side_panel
from briefkit.drawing.symbols import CATEGORY_LABELS, CATEGORY_MARKERS, FALLBACK_MARKER


def draw(folder):
    use_house_style()
    fig, ax = plt.subplots(figsize=(6, 4))
    data = pd.DataFrame({"label": ["a", "b"], "value": [1.5, 3.0]})
    ax.barh(data["label"], data["value"])
    frame_figure(fig, title="A title", subtitle="units", source="Source: a test")
    return save_figure(fig, "check", data, folder)


def test_same_figure_same_bytes(tmp_path):
    first = draw(tmp_path / "one")
    second = draw(tmp_path / "two")
    assert [p.name for p in first] == ["check.png", "check.svg", "check.csv"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_notebook_shows_the_png_written_not_a_new_drawing(tmp_path, capsys):
    png, svg, csv = draw(tmp_path)
    assert plt.get_fignums() == []  # closed: the notebook's inline backend would draw it a third time
    shown = show_saved([png, svg, csv])
    assert shown.data == png.read_bytes()
    assert (shown.width, shown.height) == (600, 400)  # 6 x 4 inches at the screen's 100 dpi: half the file's pixels
    assert capsys.readouterr().out == f"wrote {png.name}, {svg.name}, {csv.name}\n"


def test_no_timestamps_in_files(tmp_path):
    png, svg, csv = draw(tmp_path)
    assert b"<dc:date>" not in svg.read_bytes()
    assert b"Software" not in png.read_bytes()
    assert csv.read_text() == "label,value\na,1.5\nb,3.0\n"


def test_a_written_title_holds_only_on_its_day(tables):
    computed = {"title": "computed", "subtitle": "kit's"}
    written = pd.DataFrame(
        {"figure": ["situation-map"], "title": ["the analyst's"], "subtitle": [pd.NA], "as_of": [tables.as_of]}
    )
    on_its_day = replace(tables, headlines=written)
    assert headline(on_its_day, "situation-map", **computed) == {"title": "the analyst's", "subtitle": "kit's"}
    assert headline(on_its_day, "front-map", **computed) == computed
    a_day_later = replace(tables, headlines=written.assign(as_of=tables.as_of - pd.Timedelta(days=1)))
    assert headline(a_day_later, "situation-map", **computed) == computed
    every_day = replace(tables, headlines=written.assign(as_of=pd.NaT))
    assert headline(every_day, "situation-map", **computed)["title"] == "the analyst's"
    before_as_of_existed = replace(tables, headlines=written.drop(columns="as_of"))
    assert headline(before_as_of_existed, "situation-map", **computed)["title"] == "the analyst's"


def test_a_long_source_line_pushes_the_map_up():
    fig = plt.figure(figsize=(8.5, 6.6))
    short = frame_figure(fig, title="t", subtitle="s", source="Source: one report.", adjust=False)
    long = frame_figure(
        fig, title="t", subtitle="s", source="Source: " + "report r000 (outlet not stated), " * 30, adjust=False
    )
    plt.close(fig)
    assert long > short
    assert clear_of([0.01, 0.12, 0.6, 0.74], below=short) == [0.01, 0.12, 0.6, 0.74]  # room enough: unchanged
    left, bottom, width, height = clear_of([0.01, 0.12, 0.6, 0.74], below=long)
    assert (
        bottom == pytest.approx(long + GAP) and bottom + height == pytest.approx(0.86) and (left, width) == (0.01, 0.6)
    )


def test_a_list_beside_a_figure_stops_above_what_is_below_it():
    fig = plt.figure(figsize=(8.5, 6.6))
    items = [f"• item {n}" for n in range(40)]
    note = fitted_list(fig, 0.6, 0.5, 0.2, "Heading", items, "+ {} more: see the CSV", fontsize=8)
    lines = note.get_text().split("\n")
    box = fig.transFigure.inverted().transform(note.get_window_extent(fig.canvas.get_renderer()))
    plt.close(fig)
    assert box[0][1] >= 0.2 and box[1][1] <= 0.5 + 1e-9
    shown = len(lines) - 2
    assert lines[0] == "Heading" and lines[1:-1] == items[:shown] and lines[-1] == f"+ {40 - shown} more: see the CSV"
    assert 5 < shown < 40


def test_a_list_steps_down_its_font_before_it_leaves_items_out():
    fig = plt.figure(figsize=(8.5, 6.6))
    items = [f"{n}  an event with a long label (source: a speaker with a long name)" for n in range(1, 6)]
    renderer = fig.canvas.get_renderer()
    heights = {}
    for size in (8, 7):  # how tall the list is at each size, measured
        probe = fitted_list(fig, 0.66, 0.9, 0.0, "Heading", items, "{} more", sizes=(size,))
        heights[size] = probe.get_window_extent(renderer).height / (fig.get_figheight() * fig.dpi)
        probe.remove()
    top = 0.5
    note = fitted_list(fig, 0.66, top, top - (heights[8] + heights[7]) / 2, "Heading", items, "{} more")
    box = fig.transFigure.inverted().transform(note.get_window_extent(renderer))
    plt.close(fig)
    assert heights[7] < heights[8]
    assert note.get_fontsize() < 8 and "more" not in note.get_text() and note.get_text().count("\n    ") >= 1  # wrapped
    assert box[1][0] <= 1  # short of the right edge


def test_a_short_list_is_shown_whole():
    fig = plt.figure(figsize=(8.5, 6.6))
    note = fitted_list(fig, 0.6, 0.5, 0.2, "Heading", ["• one", "• two"], "+ {} more")
    plt.close(fig)
    assert note.get_text() == "Heading\n• one\n• two"


def test_the_locator_gives_way_to_a_list_that_would_leave_items_out():
    countries = gpd.GeoDataFrame({"name": ["Ruritania"]}, geometry=[box(0, 0, 10, 10)], crs="EPSG:3857")
    rect = [0.67, 0.655, 0.31, 0.24]
    handles = [Patch(label=f"kind {n}") for n in range(8)]

    def panel(count):
        fig = plt.figure(figsize=(8.5, 6.6))
        items = [f"{n}  an event with a long label (source: a speaker with a long name)" for n in range(1, count + 1)]
        listed = {"x": 0.66, "heading": "Numbered on the map", "items": items, "rest": "{} more"}
        side_panel(
            fig, countries, (2, 2, 8, 8), (0, 0, 10, 10), rect, handles, 0.1, listed, legend_x=0.655, fontsize=8.5
        )
        (locator,) = fig.axes
        texts = [t.get_text() for t in fig.texts]
        plt.close(fig)
        return locator.get_position(original=True).height, texts

    height, texts = panel(2)
    assert height == pytest.approx(rect[3]) and not any("more" in t for t in texts)  # room enough: as laid out
    height, texts = panel(8)
    assert height == pytest.approx(LOCATOR_SMALLEST) and len(texts) == 1 and "more" not in texts[0]  # all 8 listed
    height, texts = panel(40)
    assert height == pytest.approx(LOCATOR_SMALLEST) and texts[0].endswith("more")  # as many as fit at the smallest


def test_labels_keep_off_the_scale_bar():
    fig = plt.figure(figsize=(6, 4))
    ax = fig.add_axes([0.1, 0.1, 0.8, 0.8])
    ax.set_xlim(0, 100_000)
    ax.set_ylim(0, 60_000)
    ax.set_aspect(1)
    ax.apply_aspect()  # as draw_land does
    footprint = add_scale_bar(ax)
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    bar = [a for a in ax.artists if isinstance(a, ScaleBar)][0].info.window_extent
    plt.close(fig)
    assert not footprint.get_visible()
    assert footprint.get_window_extent(renderer).get_points() == pytest.approx(bar.get_points())


def test_land_a_utm_zone_cannot_place_is_left_off_the_map():
    # zone 35N (27°E): land near the equator on the other side of the globe projects to infinity
    near, far = box(24, 10, 30, 16), box(120, 0, 125, 5)
    countries = gpd.GeoDataFrame(
        {"name": ["Here", "Both", "There"]}, geometry=[near, MultiPolygon([near, far]), far], crs="EPSG:4326"
    )
    assert not np.isfinite(
        shapely.get_coordinates(countries.to_crs("EPSG:32635").geometry)
    ).all()  # what the map had to draw
    projected = projected_countries(countries, "EPSG:32635")
    assert list(projected["name"]) == ["Here", "Both"]
    assert projected.geometry.iloc[1].equals(projected.geometry.iloc[0])  # only its near part
    assert projected.geometry.iloc[0].equals(
        countries.to_crs("EPSG:32635").geometry.iloc[0]
    )  # what can be placed is unchanged


def test_a_map_draws_only_the_land_it_shows():
    # a detailed coast far off the map (a 2,000-point circle) is not drawn; land in view is, as polygons
    # (the world map holds a geometry collection: its lines are no land)
    coast = shapely.Point(500_000, 500_000).buffer(100_000, quad_segs=500)
    mixed = shapely.GeometryCollection(
        [box(-4_000, -4_000, -3_000, -3_000), shapely.LineString([(0, 0), (1_000, 1_000)])]
    )
    countries = gpd.GeoDataFrame(
        {"name": ["Near", "Far", "Mixed"]}, geometry=[box(0, 0, 10_000, 10_000), coast, mixed], crs="EPSG:32637"
    )
    fig, ax = plt.subplots(figsize=(4, 4))
    draw_land(ax, countries, (-5_000, -5_000, 5_000, 5_000), crs="EPSG:32637")
    land, borders = ax.collections  # the land's fill, then its borders (drawn over any water)
    paths = land.get_paths()
    plt.close(fig)
    assert len(paths) == 2 and len(borders.get_paths()) == 2  # Near's part in view, Mixed's square
    assert (
        np.abs(np.concatenate([path.vertices for path in paths])).max() <= 5_000 * 1.2
    )  # the view and a margin of a tenth of it


def test_every_event_category_the_kit_ships_has_a_marker_and_label_of_its_own(tables):
    # a case's own category gets the fallback; the kit's each get their own shape on the maps
    shipped = event_categories(tables)
    assert set(shipped) <= set(CATEGORY_MARKERS) and set(shipped) <= set(CATEGORY_LABELS)
    markers = [CATEGORY_MARKERS[c] for c in shipped]
    assert len(set(markers)) == len(markers) and FALLBACK_MARKER not in markers
