"""The figure checker finds what a reader would call broken, and nothing else: text on text (labels, titles,
tick labels, legends) and text the frame cuts. save_figure runs it on every figure the tests build."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from briefkit.drawing.checks import figure_problems, text_problems
from briefkit.drawing.figures import FigureUnreadable, save_figure


def test_a_figure_whose_texts_keep_apart_has_no_problem():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.set_title("A title")
    ax.text(0.1, 0.2, "left label")
    ax.text(0.6, 0.8, "right label")
    ax.plot([0, 1], [0, 1], label="a line")
    ax.legend(loc="lower right")
    assert text_problems(fig) == []
    plt.close(fig)


def test_two_labels_on_each_other_are_named():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.text(0.5, 0.5, "first label")
    ax.text(0.52, 0.51, "second label")
    assert text_problems(fig) == ["'first label' overlaps 'second label'"]
    plt.close(fig)


def test_text_the_frame_cuts_is_named():
    fig, ax = plt.subplots(figsize=(6, 4))
    fig.text(0.9, 0.5, "a note that runs off the right edge of the figure")
    assert text_problems(fig) == ["'a note that runs off the right edge of the figure' is cut by the figure's frame"]
    plt.close(fig)


def test_a_legend_on_a_label_is_named_as_the_legend():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([0, 1], [0, 1], label="reported")
    ax.legend(loc="upper left")
    ax.text(0.02, 0.95, "a label under the legend", transform=ax.transAxes, va="top")
    assert text_problems(fig) == ["the legend (reported) overlaps 'a label under the legend'"]
    plt.close(fig)


def test_tick_labels_that_run_into_each_other_are_found_and_hidden_ticks_are_not():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xticks(range(6), [f"a long tick label {i}" for i in range(6)])
    ax.set_xlim(-0.5, 5.5)
    assert "'a long tick label 0' overlaps 'a long tick label 1'" in text_problems(fig)
    ax.set_xlim(-0.5, 0.5)  # the other ticks are out of view: matplotlib keeps them but does not draw them
    assert text_problems(fig) == []
    plt.close(fig)


def test_save_figure_refuses_an_unreadable_figure_where_figures_are_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CHECK_FIGURES", "1")
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.text(0.5, 0.5, "first label")
    ax.text(0.52, 0.51, "second label")
    with pytest.raises(FigureUnreadable, match=r"(?s)crowded: 1 problem.*'first label' overlaps 'second label'"):
        save_figure(fig, "crowded", pd.DataFrame({"a": [1]}), folder=tmp_path)
    assert not (tmp_path / "crowded.png").exists()
    plt.close(fig)


def test_save_figure_refuses_a_figure_taller_than_a_slide(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFKIT_CHECK_FIGURES", "1")
    fig = plt.figure(figsize=(6, 23))
    with pytest.raises(FigureUnreadable, match="the figure is 23.0 inches tall, over 22"):
        save_figure(fig, "tall", pd.DataFrame({"a": [1]}), folder=tmp_path)
    plt.close(fig)
    assert figure_problems(plt.figure(figsize=(6, 22))) == []
    plt.close("all")
