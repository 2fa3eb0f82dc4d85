"""The house save helper writes identical bytes for identical figures."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from briefkit.figures import frame_figure, save_figure, use_house_style


def draw(folder):
    use_house_style()
    fig, ax = plt.subplots(figsize=(6, 4))
    data = pd.DataFrame({"label": ["a", "b"], "value": [1.5, 3.0]})
    ax.barh(data["label"], data["value"])
    frame_figure(fig, title="A title", subtitle="units", source="Source: a test")
    paths = save_figure(fig, "check", data, folder)
    plt.close(fig)
    return paths


def test_same_figure_same_bytes(tmp_path):
    first = draw(tmp_path / "one")
    second = draw(tmp_path / "two")
    assert [p.name for p in first] == ["check.png", "check.svg", "check.csv"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_no_timestamps_in_files(tmp_path):
    png, svg, csv = draw(tmp_path)
    assert b"<dc:date>" not in svg.read_bytes()
    assert b"Software" not in png.read_bytes()
    assert csv.read_text() == "label,value\na,1.5\nb,3.0\n"
