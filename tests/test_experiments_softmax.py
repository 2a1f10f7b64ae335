"""Chapter 9 helpers: softmax measurements in ``experiments`` and figures in ``plots``."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import activations
from activations import experiments, plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- naive formulas -------------------------------------------------------------------


def test_naive_softmax_agrees_with_stable_softmax_for_moderate_logits():
    z = np.random.default_rng(0).normal(scale=3.0, size=(20, 7))
    np.testing.assert_allclose(experiments.naive_softmax(z), activations.softmax(z), rtol=1e-13)


def test_naive_softmax_overflows_to_nan_without_warnings():
    assert np.isnan(experiments.naive_softmax([1000.0, 0.0])[0])
    assert np.all(np.isnan(experiments.naive_softmax([-1000.0, -1001.0])))


def test_naive_softmax_keeps_float32_and_overflows_there_below_100():
    out = experiments.naive_softmax(np.array([100.0, 0.0], dtype=np.float32))
    assert out.dtype == np.float32
    assert np.isnan(out[0])


def test_naive_log_softmax_is_minus_infinity_where_the_exact_value_is_finite():
    naive = experiments.naive_log_softmax([0.0, -1000.0])
    assert naive[1] == -np.inf
    assert activations.log_softmax([0.0, -1000.0])[1] == -1000.0


def test_naive_softmax_rejects_non_numeric_input():
    with pytest.raises(ValueError, match="real numbers"):
        experiments.naive_softmax(["a", "b"])


# --- format_vector --------------------------------------------------------------------


def test_format_vector_fixed_decimals_and_special_values():
    text = experiments.format_vector([0.5, -1e-300, np.nan, np.inf, -np.inf], decimals=3)
    assert text == "[0.500, 0.000, nan, inf, -inf]"


def test_format_vector_keeps_real_negative_numbers():
    assert experiments.format_vector([-0.25, -1000.0], decimals=2) == "[-0.25, -1000.00]"


def test_format_vector_rejects_bad_input():
    with pytest.raises(ValueError, match="1-D"):
        experiments.format_vector([[1.0]])
    with pytest.raises(ValueError, match="decimals"):
        experiments.format_vector([1.0], decimals=-1)


# --- invariance, entropy, temperature, two classes ------------------------------------


def test_softmax_invariance_reports_rounding_level_errors():
    z = np.random.default_rng(1).normal(scale=4.0, size=(50, 6))
    result = experiments.softmax_invariance(z, [-500.0, 0.0, 7.0])
    assert 0.0 <= result.max_sum_error < 1e-14
    assert 0.0 <= result.max_shift_change < 1e-12


def test_softmax_invariance_accepts_a_single_vector():
    result = experiments.softmax_invariance([0.0, 0.0], [3.0])
    assert result.max_sum_error == 0.0
    assert result.max_shift_change == 0.0


def test_softmax_invariance_rejects_empty_input():
    with pytest.raises(ValueError, match="non-empty"):
        experiments.softmax_invariance(np.zeros((0, 3)), [1.0])


def test_softmax_entropy_of_uniform_and_one_hot_limits():
    assert experiments.softmax_entropy(np.zeros(5)) == pytest.approx(math.log(5.0), rel=1e-15)
    assert experiments.softmax_entropy([1000.0, 0.0, 0.0]) == pytest.approx(0.0, abs=1e-300)


def test_softmax_entropy_matches_direct_formula_for_moderate_logits():
    z = np.array([[0.3, -1.2, 2.0], [1.0, 1.0, 0.0]])
    p = activations.softmax(z)
    expected = -np.sum(p * np.log(p), axis=1)
    np.testing.assert_allclose(experiments.softmax_entropy(z), expected, rtol=1e-14)


def test_temperature_sweep_sharpens_and_flattens():
    sweep = experiments.temperature_sweep([2.0, 1.0, 0.0], [0.01, 1.0, 1e8])
    np.testing.assert_allclose(sweep.probabilities[0], [1.0, 0.0, 0.0], atol=1e-40)
    np.testing.assert_allclose(sweep.probabilities[1], activations.softmax([2.0, 1.0, 0.0]))
    np.testing.assert_allclose(sweep.probabilities[2], [1 / 3] * 3, rtol=1e-7)
    assert np.all(np.diff(sweep.entropy) > 0)
    assert sweep.entropy[2] == pytest.approx(math.log(3.0), rel=1e-7)


def test_temperature_sweep_rejects_bad_temperatures_and_shapes():
    with pytest.raises(ValueError, match="> 0"):
        experiments.temperature_sweep([1.0, 0.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="1-D"):
        experiments.temperature_sweep([[1.0, 0.0]], [1.0])


def test_two_class_softmax_is_the_sigmoid_of_the_difference():
    a = np.linspace(-40.0, 40.0, 81)
    assert experiments.two_class_sigmoid_gap(a[:, None], a[None, :]) < 1e-15


def test_two_class_sigmoid_gap_detects_a_wrong_sigmoid(monkeypatch):
    # With a sigmoid of the wrong sign the gap at (z1, z2) = (2, 0) is sigma(2) - sigma(-2).
    monkeypatch.setattr(experiments, "sigmoid", lambda x: activations.sigmoid(-x))
    gap = experiments.two_class_sigmoid_gap(np.array([2.0, 0.0]), 0.0)
    expected = 1 / (1 + math.exp(-2.0)) - 1 / (1 + math.exp(2.0))
    assert gap == pytest.approx(expected, rel=1e-12)


# --- derivatives ----------------------------------------------------------------------


def test_numerical_jacobian_of_a_linear_map_is_the_matrix():
    A = np.array([[1.0, 2.0, 0.0], [-3.0, 0.5, 4.0]])
    J = experiments.numerical_jacobian(lambda v: A @ v, [0.3, -0.7, 2.0])
    np.testing.assert_allclose(J, A, atol=1e-9)


def test_numerical_jacobian_matches_softmax_jacobian():
    z = np.array([0.5, -2.0, 1.5, 0.0, 3.0])
    J = experiments.numerical_jacobian(activations.softmax, z)
    assert experiments.relative_error(J, activations.softmax_jacobian(z)) < 1e-8


def test_numerical_jacobian_rejects_bad_arguments():
    with pytest.raises(TypeError, match="callable"):
        experiments.numerical_jacobian("softmax", [1.0])
    with pytest.raises(TypeError, match="tuple"):
        experiments.numerical_jacobian(activations.softmax, [1.0], args=[1])
    with pytest.raises(ValueError, match="eps"):
        experiments.numerical_jacobian(activations.softmax, [1.0], eps=0.0)
    with pytest.raises(ValueError, match="1-D"):
        experiments.numerical_jacobian(activations.softmax, [[1.0, 2.0]])


def test_relative_error_values_and_shape_check():
    assert experiments.relative_error([0.0, 0.0], [0.0, 0.0]) == 0.0
    assert experiments.relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert experiments.relative_error([1.0], [3.0]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same shape"):
        experiments.relative_error([1.0, 2.0], [1.0])


def test_cross_entropy_is_log_sum_exp_minus_true_logit():
    z = np.array([1.0, -0.5, 2.0])
    expected = math.log(sum(math.exp(v) for v in z)) - z[2]
    assert experiments.cross_entropy(z, 2) == pytest.approx(expected, rel=1e-14)
    assert experiments.cross_entropy([0.0, -1000.0], 1) == pytest.approx(1000.0, rel=1e-15)


def test_cross_entropy_gradient_is_p_minus_one_hot_and_matches_finite_differences():
    z = np.array([0.2, 1.1, -0.4, 0.9])
    for label in range(z.size):
        grad = experiments.cross_entropy_gradient(z, label)
        expected = activations.softmax(z) - np.eye(z.size)[label]
        np.testing.assert_allclose(grad, expected, rtol=1e-15, atol=1e-16)
        numeric = experiments.numerical_jacobian(experiments.cross_entropy, z, args=(label,))[0]
        assert experiments.relative_error(grad, numeric) < 1e-8
        assert abs(grad.sum()) < 1e-15


def test_cross_entropy_rejects_bad_labels():
    with pytest.raises(ValueError, match=r"labels 0\.\.2"):
        experiments.cross_entropy([0.0, 1.0, 2.0], 3)
    with pytest.raises(ValueError, match=r"labels 0\.\.1"):
        experiments.cross_entropy_gradient([0.0, 1.0], -1)
    with pytest.raises(ValueError, match="1-D"):
        experiments.cross_entropy([[0.0, 1.0]], 0)


# --- calibration ----------------------------------------------------------------------

P_SMALL = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.55, 0.45]])
Y_SMALL = np.array([0, 1, 1, 0])


def test_confidence_report_counts_and_means():
    r = experiments.confidence_report(P_SMALL, Y_SMALL, threshold=0.6)
    assert r.n == 4
    assert r.accuracy == 0.75
    assert r.mean_confidence == pytest.approx((0.9 + 0.8 + 0.6 + 0.55) / 4)
    assert r.n_wrong == 1
    assert r.mean_confidence_wrong == pytest.approx(0.6)
    assert r.n_wrong_confident == 1  # the mistake has confidence 0.6 >= 0.6
    assert experiments.confidence_report(P_SMALL, Y_SMALL, threshold=0.7).n_wrong_confident == 0


def test_confidence_report_without_mistakes_gives_nan_mean():
    r = experiments.confidence_report(P_SMALL[:2], Y_SMALL[:2])
    assert r.n_wrong == 0
    assert math.isnan(r.mean_confidence_wrong)


def test_confidence_report_rejects_bad_input():
    with pytest.raises(ValueError, match="summing to 1"):
        experiments.confidence_report([[0.5, 0.6]], [0])
    with pytest.raises(ValueError, match="integer class labels"):
        experiments.confidence_report(P_SMALL, [0.0, 1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match=r"labels 0\.\.1"):
        experiments.confidence_report(P_SMALL, [0, 1, 2, 0])
    with pytest.raises(ValueError, match="threshold"):
        experiments.confidence_report(P_SMALL, Y_SMALL, threshold=0.0)


def test_calibration_table_bins_counts_and_accuracy():
    rows = experiments.calibration_table(P_SMALL, Y_SMALL, edges=(0.0, 0.6, 0.85, 1.0))
    assert [r.count for r in rows] == [2, 1, 1]  # 0.55 and 0.6 | 0.8 | 0.9
    assert rows[0].mean_confidence == pytest.approx(0.575)
    assert rows[0].accuracy == 0.5
    assert rows[1].accuracy == 1.0 and rows[2].accuracy == 1.0
    assert sum(r.count for r in rows) == len(P_SMALL)


def test_calibration_table_empty_bin_is_nan_and_edges_are_checked():
    rows = experiments.calibration_table(P_SMALL, Y_SMALL, edges=(0.0, 0.5, 1.0))
    assert rows[0].count == 0 and math.isnan(rows[0].accuracy)
    with pytest.raises(ValueError, match="edges"):
        experiments.calibration_table(P_SMALL, Y_SMALL, edges=(0.1, 1.0))
    with pytest.raises(ValueError, match="edges"):
        experiments.calibration_table(P_SMALL, Y_SMALL, edges=(0.0, 0.7, 0.5, 1.0))


def test_expected_calibration_error_hand_computed():
    # Bins of width 0.5: all four confidences lie in (0.5, 1]; accuracy 0.75,
    # mean confidence 0.7125, so the error is 0.0375.
    assert experiments.expected_calibration_error(P_SMALL, Y_SMALL, n_bins=2) == pytest.approx(
        0.0375
    )
    perfect = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert experiments.expected_calibration_error(perfect, [0, 1]) == 0.0
    with pytest.raises(ValueError, match="n_bins"):
        experiments.expected_calibration_error(P_SMALL, Y_SMALL, n_bins=0)


def test_fit_temperature_recovers_the_temperature_of_the_data():
    # Labels drawn from softmax(z / 2): the best temperature for the logits z is near 2.
    rng = np.random.default_rng(3)
    Z = rng.normal(scale=3.0, size=(4000, 4))
    P = activations.softmax(Z / 2.0)
    y = np.array([rng.choice(4, p=row) for row in P])
    assert experiments.fit_temperature(Z, y) == pytest.approx(2.0, rel=0.1)


def test_fit_temperature_keeps_predictions_and_checks_input():
    Z = np.array([[3.0, 0.0], [0.0, 3.0], [3.0, 0.0]])
    T = experiments.fit_temperature(Z, [0, 1, 0])  # always right: sharpen to the bound
    assert T == pytest.approx(0.05, rel=1e-3)
    with pytest.raises(ValueError, match="bounds"):
        experiments.fit_temperature(Z, [0, 1, 0], bounds=(2.0, 1.0))
    with pytest.raises(ValueError, match=r"\(n, k\)"):
        experiments.fit_temperature(np.zeros((2, 2, 2)), [0, 1])


def test_choose_examples_swaps_in_the_first_mistake():
    predicted = np.array([0, 1, 2, 3, 4, 5, 0, 7])
    labels = np.array([0, 1, 2, 3, 4, 5, 6, 7])
    np.testing.assert_array_equal(experiments.choose_examples(predicted, labels, k=3), [0, 1, 6])
    np.testing.assert_array_equal(
        experiments.choose_examples(predicted, labels, k=3, search=5), [0, 1, 2]
    )


def test_choose_examples_keeps_first_k_when_one_is_already_wrong():
    predicted = np.array([9, 1, 2, 0])
    labels = np.array([0, 1, 2, 3])
    np.testing.assert_array_equal(experiments.choose_examples(predicted, labels, k=2), [0, 1])
    with pytest.raises(ValueError, match="k must be"):
        experiments.choose_examples(predicted, labels, k=5)
    with pytest.raises(ValueError, match="same length"):
        experiments.choose_examples(predicted, labels[:3])


# --- attention ------------------------------------------------------------------------


def test_attention_entropy_collapses_without_scaling_and_stays_with_it():
    unscaled = [experiments.attention_entropy(d, scaled=False, trials=100) for d in (4, 256)]
    scaled = [experiments.attention_entropy(d, scaled=True, trials=100) for d in (4, 256)]
    assert unscaled[1] < 0.5 * unscaled[0]
    assert abs(scaled[1] - scaled[0]) < 0.3
    assert all(0.0 < h < math.log(16) for h in unscaled + scaled)


def test_attention_entropy_is_reproducible_and_checks_arguments():
    assert experiments.attention_entropy(8, trials=20, seed=5) == experiments.attention_entropy(
        8, trials=20, seed=5
    )
    with pytest.raises(ValueError, match="n_keys"):
        experiments.attention_entropy(8, n_keys=1)
    with pytest.raises(ValueError, match="d must"):
        experiments.attention_entropy(0)


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


def test_plot_temperature_sweep_draws_one_line_per_class_and_uniform_level():
    sweep = experiments.temperature_sweep([1.0, 0.0, -1.0], np.geomspace(0.1, 10.0, 20))
    ax = plots.plot_temperature_sweep(sweep.temperatures, sweep.probabilities)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["class 0", "class 1", "class 2", "uniform 1/3"]
    np.testing.assert_allclose(ax.get_lines()[1].get_ydata(), sweep.probabilities[:, 1])
    assert ax.get_xscale() == "log"


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


def test_plot_reliability_diagram_places_bins_and_diagonal():
    rows = experiments.calibration_table(P_SMALL, Y_SMALL, edges=(0.0, 0.5, 0.85, 1.0))
    ax = plots.plot_reliability_diagram(rows)
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], [rows[1].mean_confidence, rows[2].mean_confidence])
    np.testing.assert_allclose(offsets[:, 1], [rows[1].accuracy, rows[2].accuracy])
    assert [line.get_label() for line in ax.get_lines()] == ["perfect calibration"]
    plots.plot_reliability_diagram(rows, ax=ax, label="second")
    assert len(ax.collections) == 2 and len(ax.get_lines()) == 1


def test_plot_reliability_diagram_rejects_all_empty_bins():
    empty = [experiments.CalibrationBin(0.0, 1.0, 0, math.nan, math.nan)]
    with pytest.raises(ValueError, match="non-empty"):
        plots.plot_reliability_diagram(empty)
