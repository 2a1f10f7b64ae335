"""Measurements of chapters 5 (sigmoid) and 7 (tanh): gradient flow, training speed, calibration."""

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


@pytest.fixture(scope="module")
def moons():
    return data.moons(n=96, noise=0.1, seed=3)


# --- gradient_norms_by_layer -----------------------------------------------------------


def test_gradient_norms_by_layer_shapes_and_agreement_with_backprop(moons):
    X, y = moons
    g = experiments.gradient_norms_by_layer("tanh", 4, 6, "xavier_normal", X, y, seed=1)
    assert g.weights.shape == g.pre_activations.shape == g.weight_change.shape == (5,)
    loss, grads = g.model.loss_and_gradients(X, y)
    np.testing.assert_allclose(g.weights, [np.linalg.norm(dW) for dW, _ in grads], rtol=1e-12)
    assert g.loss == pytest.approx(loss)
    assert np.all(g.weight_change == 0.0)  # no training: the weights are where they started


def test_error_signal_norms_equal_bias_gradient_norms_for_one_example(moons):
    # With a single example, dL/db of each layer is that layer's error signal delta.
    X, y = moons
    g = experiments.gradient_norms_by_layer("sigmoid", 5, 4, "xavier_normal", X[:1], y[:1])
    _, grads = g.model.loss_and_gradients(X[:1], y[:1])
    np.testing.assert_allclose(g.pre_activations, [np.linalg.norm(db) for _, db in grads])


@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_error_signal_respects_the_slope_times_weight_norm_bound(moons, name):
    X, y = moons
    depth = 8
    g = experiments.gradient_norms_by_layer(name, depth, 16, "xavier_normal", X, y, seed=0)
    slope = activations.get(name).max_abs_grad
    weight_gain = np.prod([np.linalg.norm(layer.W, 2) for layer in g.model.layers[1:]])
    bound = slope**depth * weight_gain
    assert g.pre_activations[0] / g.pre_activations[-1] <= bound * (1 + 1e-12)


def test_sigmoid_gradient_vanishes_and_tanh_does_not_with_xavier(moons):
    X, y = moons
    depth = 10
    sig = experiments.gradient_norms_by_layer("sigmoid", depth, 16, "xavier_normal", X, y)
    tanh = experiments.gradient_norms_by_layer("tanh", depth, 16, "xavier_normal", X, y)
    assert sig.weights[0] / sig.weights[-1] < 1e-4
    assert tanh.weights[0] / tanh.weights[-1] > 1e-2


def test_training_moves_the_weights_and_is_repeatable(moons):
    X, y = moons
    kwargs = dict(seed=2, epochs=3, optimizer=nn.SGD(lr=0.5))
    a = experiments.gradient_norms_by_layer("tanh", 3, 5, "xavier_normal", X, y, **kwargs)
    b = experiments.gradient_norms_by_layer("tanh", 3, 5, "xavier_normal", X, y, **kwargs)
    assert np.all(a.weight_change > 0)
    np.testing.assert_array_equal(a.weights, b.weights)
    start = nn.MLP(
        [2, 5, 5, 5, 1], hidden_activation="tanh", output="sigmoid", init="xavier_normal", seed=2
    )
    assert a.loss < start.loss(X, y)


def test_gradient_norms_by_layer_softmax_head_infers_the_number_of_classes():
    X, y = data.digits()
    X, y = X[:60], y[:60] % 3
    g = experiments.gradient_norms_by_layer("relu", 2, 4, "he_normal", X, y, output="softmax")
    assert g.model.n_outputs == 3
    assert g.weights.shape == (3,)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(depth=0), ValueError, "depth must be an integer >= 1"),
        (dict(depth=2.5), TypeError, "depth must be an integer"),
        (dict(width=0), ValueError, "width must be an integer >= 1"),
        (dict(epochs=-1), ValueError, "epochs must be an integer >= 0"),
        (dict(activation="sigmoidd"), ValueError, "unknown activation"),
    ],
)
def test_gradient_norms_by_layer_rejects_bad_arguments(moons, kwargs, error, match):
    X, y = moons
    args = dict(activation="sigmoid", depth=2, width=3, init="xavier_normal", X=X, y=y)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        experiments.gradient_norms_by_layer(**args)


def test_gradient_norms_by_layer_rejects_one_dimensional_inputs(moons):
    X, y = moons
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        experiments.gradient_norms_by_layer("tanh", 2, 3, "xavier_normal", X[:, 0], y)


# --- training_loss_curves and epochs_to_reach ------------------------------------------


def test_training_loss_curves_match_a_run_of_nn_train(moons):
    X, y = moons
    curves = experiments.training_loss_curves(
        ["sigmoid", "tanh"],
        [2, 4, 1],
        X,
        y,
        optimizer=lambda: nn.SGD(lr=0.2),
        epochs=4,
        seeds=[0, 5],
    )
    assert list(curves) == ["sigmoid", "tanh"]
    assert curves["tanh"].shape == (2, 4)
    model = nn.MLP(
        [2, 4, 1], hidden_activation="tanh", output="sigmoid", init="xavier_normal", seed=5
    )
    history = nn.train(model, X, y, optimizer=nn.SGD(lr=0.2), epochs=4, seed=5)
    np.testing.assert_array_equal(curves["tanh"][1], history.train_loss)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        (dict(hidden_activations="tanh"), TypeError, "must be a sequence"),
        (dict(hidden_activations=["tanh", "tanh"]), ValueError, "distinct names"),
        (dict(hidden_activations=[]), ValueError, "non-empty"),
        (dict(optimizer=nn.SGD(lr=0.1)), TypeError, "function returning a new optimizer"),
        (dict(seeds=[]), ValueError, "seeds must be a non-empty sequence of integers"),
        (dict(epochs=0), ValueError, "epochs must be an integer >= 1"),
    ],
)
def test_training_loss_curves_rejects_bad_arguments(moons, kwargs, error, match):
    X, y = moons
    args = dict(
        hidden_activations=["tanh"],
        layer_sizes=[2, 3, 1],
        X=X,
        y=y,
        optimizer=lambda: nn.SGD(lr=0.1),
        epochs=2,
        seeds=[0],
    )
    args.update(kwargs)
    with pytest.raises(error, match=match):
        experiments.training_loss_curves(**args)


def test_epochs_to_reach_counts_from_one_and_gives_nan_when_never_reached():
    curves = [[0.9, 0.5, 0.2], [0.8, 0.7, 0.6], [0.1, 0.05, 0.01]]
    result = experiments.epochs_to_reach(curves, 0.5)
    np.testing.assert_array_equal(result, [2.0, np.nan, 1.0])
    np.testing.assert_array_equal(experiments.epochs_to_reach([3.0, 2.0, 1.0], 1.0), [3.0])


def test_epochs_to_reach_rejects_bad_input():
    with pytest.raises(ValueError, match="shape"):
        experiments.epochs_to_reach(np.zeros((2, 2, 2)), 0.1)
    with pytest.raises(TypeError, match="target must be a finite number"):
        experiments.epochs_to_reach([1.0, 0.5], "0.1")


# --- plot_gradient_norms_by_layer ----------------------------------------------------


def test_plot_gradient_norms_by_layer_draws_each_curve_on_a_log_axis():
    norms = {"sigmoid": [1e-6, 1e-3, 1.0], "tanh": [0.5, 0.6, 0.7]}
    ax = plots.plot_gradient_norms_by_layer(norms, reference={"bound": [1e-4, 1e-2, 1.0]})
    lines = ax.get_lines()
    assert ax.get_yscale() == "log"
    assert [line.get_label() for line in lines] == ["sigmoid", "tanh", "bound"]
    assert lines[0].get_color() == plots.color_for("sigmoid")
    assert lines[1].get_color() == plots.color_for("tanh")
    np.testing.assert_array_equal(lines[0].get_xdata(), [1, 2, 3])
    np.testing.assert_array_equal(lines[2].get_ydata(), [1e-4, 1e-2, 1.0])


def test_centred_sigmoid_has_its_own_house_colour():
    assert plots.color_for("centred_sigmoid") not in {
        plots.color_for("sigmoid"),
        plots.color_for("tanh"),
    }


@pytest.mark.parametrize(
    ("norms", "match"),
    [
        ({}, "non-empty mapping"),
        ([1.0, 2.0], "non-empty mapping"),
        ({"tanh": [1.0, 0.0]}, "positive values"),
        ({"tanh": [[1.0, 2.0]]}, "1-D array"),
    ],
)
def test_plot_gradient_norms_by_layer_rejects_bad_input(norms, match):
    with pytest.raises(ValueError, match=match):
        plots.plot_gradient_norms_by_layer(norms)
