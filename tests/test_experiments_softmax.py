"""Chapter 9's figure recipes in ``plots`` (its measurements are on the page) and relative_error."""

from __future__ import annotations

from collections import namedtuple

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import activations
from activations import plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- relative error ---------------------------------------------------------------------


# --- figures --------------------------------------------------------------------------


def test_plot_two_logit_softmax_draws_sigmoid_on_the_unit_temperature_curve():
    d = np.linspace(-4.0, 4.0, 41)
    ax = plots.plot_two_logit_softmax(d=d, temperatures=[0.5, 1.0])
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["T = 1"].get_ydata(), activations.sigmoid(d), rtol=1e-14)
    np.testing.assert_allclose(lines["T = 0.5"].get_ydata(), activations.sigmoid(2 * d))
    np.testing.assert_allclose(lines["sigmoid(d)"].get_ydata(), activations.sigmoid(d))


def test_plot_two_logit_softmax_rejects_bad_temperatures():
    with pytest.raises(ValueError, match="temperatures"):
        plots.plot_two_logit_softmax(temperatures=[1.0, -1.0])


def test_plot_temperature_sweep_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="shape"):
        plots.plot_temperature_sweep([1.0, 2.0], np.ones((3, 2)))
    with pytest.raises(ValueError, match="class_labels"):
        plots.plot_temperature_sweep([1.0, 2.0], np.ones((2, 2)) / 2, class_labels=["a"])


def test_plot_digit_predictions_colours_right_and_wrong_predictions():
    P = np.full((2, 10), 0.02)
    P[0, 3], P[1, 5] = 0.82, 0.82  # image 0 right (3), image 1 wrong (true 7)
    fig = plots.plot_digit_predictions(np.zeros((2, 64)), [3, 7], P, ncols=2)
    assert len(fig.axes) == 4
    bars_right, bars_wrong = fig.axes[1].patches, fig.axes[3].patches
    assert matplotlib.colors.to_hex(bars_right[3].get_facecolor()) == plots.PALETTE["green"].lower()
    wrong_colour = matplotlib.colors.to_hex(bars_wrong[5].get_facecolor())
    assert wrong_colour == plots.PALETTE["vermillion"].lower()
    assert bars_wrong[7].get_linewidth() > 1.0  # the true class is outlined
    np.testing.assert_allclose([b.get_height() for b in bars_right], P[0])


def test_plot_digit_predictions_hides_spare_panels_and_checks_shapes():
    fig = plots.plot_digit_predictions(np.zeros((4, 8, 8)), [0, 1, 2, 3], np.eye(10)[:4], ncols=3)
    assert len(fig.axes) == 8
    with pytest.raises(ValueError, match="expected images"):
        plots.plot_digit_predictions(np.zeros((2, 64)), [0], np.eye(10)[:2])


def test_plot_temperature_sweep_draws_one_line_per_class_and_uniform_level():
    temperatures = np.geomspace(0.1, 10.0, 20)
    probabilities = activations.softmax(np.array([1.0, 0.0, -1.0]) / temperatures[:, None])
    ax = plots.plot_temperature_sweep(temperatures, probabilities)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["class 0", "class 1", "class 2", "uniform 1/3"]
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), probabilities[:, 1])
    assert ax.get_xscale() == "log"


Bin = namedtuple("Bin", "lower upper count mean_confidence accuracy")


def test_plot_reliability_diagram_places_the_non_empty_bins_and_the_diagonal():
    rows = [Bin(0.0, 0.5, 0, np.nan, np.nan), Bin(0.5, 0.85, 4, 0.7, 0.5), Bin(0.85, 1, 6, 0.9, 1)]
    ax = plots.plot_reliability_diagram(rows)
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], [0.7, 0.9])
    np.testing.assert_allclose(offsets[:, 1], [0.5, 1.0])
    assert [line.get_label() for line in ax.get_lines()] == ["perfect calibration"]
    plots.plot_reliability_diagram(rows, ax=ax, label="second")
    assert len(ax.collections) == 2 and len(ax.get_lines()) == 1


def test_plot_reliability_diagram_rejects_all_empty_bins():
    with pytest.raises(ValueError, match="at least one non-empty bin"):
        plots.plot_reliability_diagram([Bin(0.0, 1.0, 0, np.nan, np.nan)])
