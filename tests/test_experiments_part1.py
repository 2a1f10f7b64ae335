"""Part I (chapters 2-4): the measurements the chapters print, and their figures.

Each test checks an experiment against an independent computation (a brute-force
count, a closed form, the theory of floating point) or checks that bad input is
refused with a message saying what was expected.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from activations import experiments as ex


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --- chapter 2: toy problems ---------------------------------------------------------------


def test_toy_problem_draws_labelled_points_in_the_plane():
    X, y = ex.toy_problem("circles", n=50, seed=3)
    assert X.shape == (50, 2) and set(np.unique(y)) == {0, 1}
    with pytest.raises(ValueError, match="unknown toy problem 'spiral'"):
        ex.toy_problem("spiral")


def test_tanh_and_relu_networks_beat_the_linear_model_on_xor():
    models = {
        "linear": {"layer_sizes": [2, 1]},
        "tanh": {"layer_sizes": [2, 16, 1], "hidden_activation": "tanh", "init": "xavier_normal"},
        "relu": {"layer_sizes": [2, 16, 1], "hidden_activation": "relu", "init": "he_normal"},
    }
    fits = ex.fit_toy_problems(models, ["xor"], epochs=200, n_test=200)
    linear, tanh, relu = fits["xor", "linear"], fits["xor", "tanh"], fits["xor", "relu"]
    assert linear.train_accuracy < 0.7 and linear.test_accuracy < 0.7
    assert tanh.train_accuracy > 0.95 and relu.train_accuracy > 0.95
    assert tanh.test_accuracy > 0.95 and relu.test_accuracy > 0.95
    assert len(tanh.history.train_loss) == 200
    assert tanh.X_test.shape == (200, 2)


def test_a_step_network_never_moves_its_first_layer():
    spec = {"layer_sizes": [2, 8, 1], "init": "xavier_normal"}
    fits = ex.fit_toy_problems(
        {
            "step": {**spec, "hidden_activation": "step"},
            "sigmoid": {**spec, "hidden_activation": "sigmoid"},
        },
        ["circles"],
        epochs=20,
        n_test=50,
    )
    assert fits["circles", "step"].first_layer_change == 0.0
    assert fits["circles", "sigmoid"].first_layer_change > 0.0


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"models": {}}, ValueError, "non-empty mapping"),
        ({"models": {"a": {"layer_sizes": [2, 1]}}, "problems": ["swirl"]}, ValueError, "swirl"),
        ({"models": {"a": {"layer_sizes": [2, 1]}}, "problems": "xor"}, TypeError, "single"),
        ({"models": {"a": [2, 1]}}, TypeError, "mapping of MLP keyword"),
    ],
)
def test_fit_toy_problems_rejects_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        ex.fit_toy_problems(**kwargs)


# --- chapter 4: output ranges and activations by layer ----------------------------------------


def test_relu_with_xavier_halves_the_variance_per_layer_and_he_keeps_it():
    xavier = ex.activation_statistics_by_layer("relu", "xavier_normal", width=128, n_samples=200)
    he = ex.activation_statistics_by_layer("relu", "he_normal", width=128, n_samples=200)
    # Var(z) = fan_in Var(w) E[a^2]: with Var(w) = 1/fan_in (Xavier, fan_in = fan_out),
    # E[a^2] = Var(z)/2 for ReLU, so the second moment halves from layer to layer.
    second_moment = xavier.std**2 + xavier.mean**2
    ratio = (second_moment[-1] / second_moment[0]) ** (1 / 9)
    assert ratio == pytest.approx(0.5, abs=0.1)
    assert 0.5 < he.std[-1] / he.std[0] < 2.0
    np.testing.assert_allclose(xavier.zero_fraction, 0.5, atol=0.1)
    assert len(he.samples) == 10 and he.samples[0].shape == (100 * 128,)


def test_example_spread_is_the_per_unit_spread_across_examples():
    stats = ex.activation_statistics_by_layer(
        "tanh", "xavier_normal", n_layers=2, width=8, n_samples=30, sample_size=30
    )
    for layer in range(2):
        per_example = stats.samples[layer].reshape(30, 8)
        assert stats.example_spread[layer] == pytest.approx(per_example.std(axis=0).mean())


def test_sigmoid_layers_forget_their_input_by_a_factor_near_one_quarter_per_layer():
    # Deviations from the mean pass through sigmoid'(z), at most 1/4, once per layer.
    sig = ex.activation_statistics_by_layer("sigmoid", "xavier_normal", n_layers=4, n_samples=200)
    ratios = sig.example_spread[1:] / sig.example_spread[:-1]
    assert np.all((ratios > 0.15) & (ratios < 0.3))
    tanh = ex.activation_statistics_by_layer("tanh", "xavier_normal", n_layers=4, n_samples=200)
    assert tanh.example_spread[-1] > 0.3


def test_tanh_activations_are_zero_centred_and_sigmoid_ones_sit_near_one_half():
    tanh = ex.activation_statistics_by_layer("tanh", "xavier_normal", n_layers=4, n_samples=200)
    sig = ex.activation_statistics_by_layer("sigmoid", "xavier_normal", n_layers=4, n_samples=200)
    assert np.all(np.abs(tanh.mean) < 0.02) and np.all(tanh.zero_fraction == 0)
    assert np.all(np.abs(sig.mean - 0.5) < 0.05)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"n_layers": 0}, ValueError),
        ({"width": 2.5}, TypeError),
        ({"sample_size": True}, TypeError),
    ],
)
def test_activation_statistics_by_layer_rejects_bad_sizes(kwargs, error):
    with pytest.raises(error, match="integer >= 1"):
        ex.activation_statistics_by_layer("relu", "he_normal", **kwargs)
