"""Tests of the chapter 6 and 8 helpers: dead units, sparsity, slope sweeps and their figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import activations
from activations import data, experiments, nn, plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _one_hidden_layer(W1, b1, W2, b2, activation="relu"):
    """A [d, h, k] softmax network with the given parameters."""
    W1, W2 = np.asarray(W1, dtype=float), np.asarray(W2, dtype=float)
    model = nn.MLP([W1.shape[0], W1.shape[1], W2.shape[1]], hidden_activation=activation)
    model.set_parameters([(W1, b1), (W2, b2)])
    return model


# Three inputs with non-negative features, like pixel intensities.
X_POS = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])


def _three_kinds_of_unit(activation="relu"):
    """Unit 0 is alive (positive weights), unit 1 is dead (negative weights on
    non-negative inputs), unit 2 sits exactly on the kink (z = 0 everywhere)."""
    W1 = [[1.0, -1.0, 0.0], [0.5, -2.0, 0.0]]
    return _one_hidden_layer(W1, [0.0, 0.0, 0.0], np.ones((3, 2)), [0.0, 0.0], activation)


# --- dead units -------------------------------------------------------------------------


def test_dead_unit_mask_marks_units_with_no_positive_pre_activation():
    mask = experiments.dead_unit_mask(_three_kinds_of_unit(), X_POS)
    assert len(mask) == 1
    assert mask[0].tolist() == [False, True, True]  # z = 0 on every example counts as dead


def test_a_unit_alive_on_one_example_is_not_dead():
    W1 = [[-1.0], [0.001]]  # z = -x1 + 0.001 x2: positive only on the second example
    model = _one_hidden_layer(W1, [0.0], [[1.0, -1.0]], [0.0, 0.0])
    assert experiments.dead_unit_mask(model, X_POS)[0].sum() == 0


def test_dead_unit_helpers_reject_models_without_hidden_layers_and_other_objects():
    with pytest.raises(ValueError, match="no hidden layer"):
        experiments.dead_unit_mask(nn.MLP([2, 3]), X_POS)
    with pytest.raises(TypeError, match="MLP"):
        experiments.dead_unit_mask("not a model", X_POS)
    with pytest.raises(TypeError, match="MLP"):
        experiments.activation_sparsity(None, X_POS)


# --- sparsity ---------------------------------------------------------------------------


def test_activation_sparsity_counts_exact_zeros_over_examples_and_units():
    # Unit 0 alive on all 3 examples, units 1 and 2 output 0 on all: 6 zeros of 9.
    assert experiments.activation_sparsity(_three_kinds_of_unit(), X_POS) == pytest.approx(6 / 9)


def test_leaky_relu_is_not_sparse_away_from_the_kink():
    model = _three_kinds_of_unit(activations.get("leaky_relu", slope=0.1))
    # Unit 1 now outputs 0.1 z != 0; only unit 2 (z = 0 exactly) still outputs 0.
    assert experiments.activation_sparsity(model, X_POS) == pytest.approx(3 / 9)


def test_relu_sparsity_at_initialization_is_about_one_half_for_centred_inputs():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2000, 10))  # symmetric inputs, zero bias: z is symmetric about 0
    model = nn.MLP([10, 200, 2], seed=1)
    assert experiments.activation_sparsity(model, X) == pytest.approx(0.5, abs=0.02)


# --- gradients of dead units --------------------------------------------------------------


def _manual_first_layer_gradient(model, X, y, slope):
    """dL/dW1 of a one-hidden-layer softmax net, written out independently of nn.backward."""
    (W1, b1), (W2, b2) = model.parameters
    Z1 = X @ W1 + b1
    A1 = np.where(Z1 > 0, Z1, slope * Z1)
    P = activations.softmax(A1 @ W2 + b2, axis=1)
    T = np.eye(W2.shape[1])[y]
    dZ1 = ((P - T) / len(X)) @ W2.T * np.where(Z1 > 0, 1.0, slope)
    return X.T @ dZ1


def test_dead_relu_units_get_exactly_zero_gradient_on_their_incoming_weights():
    X, y = data.xor(n=40, seed=0)
    model = nn.MLP([2, 6, 2], bias_init=[-50.0, 0.0], seed=0)
    norms = experiments.incoming_gradient_norms(model, X, y)
    assert norms.shape == (6,)
    assert np.all(norms == 0.0)


@pytest.mark.parametrize("slope", [0.01, 0.1, 0.3])
def test_leaky_units_with_negative_pre_activation_still_get_gradient(slope):
    X, y = data.xor(n=40, seed=0)
    leaky = activations.get("leaky_relu", slope=slope)
    model = nn.MLP([2, 6, 2], hidden_activation=leaky, bias_init=[-50.0, 0.0], seed=0)
    assert experiments.dead_unit_mask(model, X)[0].all()  # all in the negative regime
    norms = experiments.incoming_gradient_norms(model, X, y)
    expected = np.linalg.norm(_manual_first_layer_gradient(model, X, y, slope), axis=0)
    np.testing.assert_allclose(norms, expected, rtol=1e-12)
    assert np.all(norms > 0)


# --- figures ------------------------------------------------------------------------------


def test_plot_loss_curves_draws_the_mean_and_a_band_per_label():
    curves = {
        "sigmoid": np.array([[2.0, 1.0, 0.5], [4.0, 3.0, 1.5]]),
        "relu": np.array([1.0, 0.5, 0.25]),
    }
    ax = plots.plot_loss_curves(curves, target=0.6)
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["sigmoid"].get_ydata(), [3.0, 2.0, 1.0])
    np.testing.assert_allclose(lines["sigmoid"].get_xdata(), [1, 2, 3])
    assert lines["sigmoid"].get_color() == plots.color_for("sigmoid")
    assert lines["relu"].get_color() == plots.color_for("relu")
    assert len(ax.collections) == 1  # a band only where there are several runs
    assert "target 0.6" in lines
    assert ax.get_yscale() == "log"


def test_plot_loss_curves_leaves_diverged_epochs_out_of_the_mean():
    ax = plots.plot_loss_curves({"relu": [[1.0, np.nan], [3.0, 1.0]]}, logy=False)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), [2.0, 1.0])


def test_plot_loss_curves_rejects_empty_and_badly_shaped_input():
    with pytest.raises(ValueError, match="non-empty mapping"):
        plots.plot_loss_curves({})
    with pytest.raises(ValueError, match=r"curves\['relu'\]"):
        plots.plot_loss_curves({"relu": np.zeros((2, 2, 2))})
