"""The figure recipes draw what they say, in the house style, and reject bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

import activations
from activations import plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_use_house_style_sets_white_background_and_colour_blind_safe_cycle():
    with mpl.rc_context():
        plots.use_house_style()
        assert mpl.rcParams["figure.facecolor"] == "white"
        assert mpl.rcParams["savefig.facecolor"] == "white"
        cycle = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
        assert cycle[:3] == [plots.PALETTE["blue"], plots.PALETTE["orange"], plots.PALETTE["green"]]


def test_palette_is_okabe_ito():
    assert set(plots.PALETTE.values()) == {
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    }  # fmt: skip


def test_classic_activations_keep_one_colour_each():
    classic = ["sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
    colours = [plots.color_for(name) for name in classic]
    assert len(set(colours)) == len(classic)
    assert plots.color_for("sigmoid", index=5) == plots.color_for("sigmoid", index=0)


def test_plot_activation_draws_function_and_derivative_on_the_grid():
    grid = np.linspace(-3.0, 3.0, 61)
    ax = plots.plot_activation("sigmoid", x=grid)
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["sigmoid"].get_ydata(), activations.sigmoid(grid))
    np.testing.assert_allclose(lines["sigmoid'"].get_ydata(), activations.get("sigmoid").grad(grid))
    assert lines["sigmoid'"].get_linestyle() == "--"


def test_plot_activation_passes_parameters_to_the_registry():
    grid = np.linspace(-2.0, 2.0, 5)
    ax = plots.plot_activation("leaky_relu", x=grid, slope=0.2)
    y = ax.get_lines()[0].get_ydata()
    np.testing.assert_allclose(y, np.where(grid > 0, grid, 0.2 * grid))
    assert "0.2" in ax.get_title()


def test_plot_functions_marks_the_chosen_input_on_every_curve():
    ax = plots.plot_functions(["tanh", "relu"], x=np.linspace(-1, 1, 11), mark_x=0.5)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert [float(d.get_ydata()[0]) for d in dots] == pytest.approx([np.tanh(0.5), 0.5])


def test_plot_functions_can_draw_derivatives():
    grid = np.linspace(-1.0, 1.0, 11)
    ax = plots.plot_functions(["tanh"], x=grid, derivative=True)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), 1.0 / np.cosh(grid) ** 2)


def test_plot_functions_rejects_a_single_name():
    with pytest.raises(TypeError, match="sequence of names"):
        plots.plot_functions("relu")


def test_plot_activation_rejects_a_two_dimensional_grid():
    with pytest.raises(ValueError, match="1-D grid"):
        plots.plot_activation("relu", x=np.zeros((3, 3)))


def test_plot_activation_rejects_unknown_names():
    with pytest.raises(ValueError, match="sigmoid"):
        plots.plot_activation("sigmoidal")
