"""Tests of the chapter 10 and 11 helpers: the benchmark, output heads, initialization,
the newer activations' measurements, and their figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import activations
from activations import data, experiments, nn


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _tiny_task(kind: str = "binary", epochs: int = 3) -> experiments.BenchmarkTask:
    """A task small enough to train in milliseconds."""
    if kind == "regression":
        X, y = data.noisy_sine(n=60, noise=0.1, seed=1)
        output = "identity"
    else:
        X, y = data.moons(n=60, noise=0.2, seed=1)
        output = "sigmoid"
    split = data.standardize(data.train_val_test_split(X, y, val=0.25, test=0.25, seed=0))
    return experiments.BenchmarkTask("tiny", kind, output, split, epochs=epochs, lr=0.05)


# --- the initialization rule ------------------------------------------------------------


def test_init_rule_covers_every_registry_function_with_a_known_initializer():
    assert set(experiments.INIT_RULE) == set(activations.names())
    assert set(experiments.INIT_RULE.values()) <= set(nn.INITIALIZERS)


def test_matched_init_gives_xavier_he_and_lecun_by_family():
    assert experiments.matched_init("tanh") == "xavier_normal"
    assert experiments.matched_init("sigmoid") == "xavier_normal"
    assert experiments.matched_init(activations.get("leaky_relu", slope=0.2)) == "he_normal"
    assert experiments.matched_init("gelu") == "he_normal"
    assert experiments.matched_init("selu") == "lecun_normal"
    assert experiments.matched_init("hard_tanh") == experiments.matched_init("softsign")
    assert experiments.matched_init("relu6") == experiments.matched_init("celu") == "he_normal"
    with pytest.raises(ValueError, match="unknown activation"):
        experiments.matched_init("prelu")


# --- tasks ----------------------------------------------------------------------------------


def test_benchmark_task_splits_60_20_20_and_standardizes_with_training_statistics():
    task = experiments.benchmark_task("moons")
    s = task.split
    assert (len(s.X_train), len(s.X_val), len(s.X_test)) == (360, 120, 120)
    np.testing.assert_allclose(s.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(s.X_train.std(axis=0), 1.0, atol=1e-12)
    assert (task.kind, task.output, task.n_outputs, task.metric) == (
        "binary",
        "sigmoid",
        1,
        "accuracy",
    )
    digits = experiments.benchmark_task("digits")
    assert (digits.output, digits.n_outputs) == ("softmax", 10)
    assert experiments.benchmark_task("sine").metric == "R2"


def test_benchmark_task_rejects_unknown_names_and_mismatched_heads():
    with pytest.raises(ValueError, match="unknown benchmark task 'mnist'"):
        experiments.benchmark_task("mnist")
    split = _tiny_task().split
    with pytest.raises(ValueError, match="kind and output"):
        experiments.BenchmarkTask("bad", "regression", "sigmoid", split, epochs=1, lr=0.1)


def test_task_score_is_r2_for_regression():
    task = _tiny_task("regression")
    X, y = task.split.X_test, task.split.y_test
    model = nn.MLP([1, 1], output="identity")
    model.set_parameters([(np.zeros((1, 1)), np.array([y.mean()]))])  # predicts the mean
    assert task.score(model, X, y) == pytest.approx(0.0, abs=1e-12)
    # a model that predicts y exactly from x does not exist here, but R2 = 1 - SSE/SST:
    model.set_parameters([(np.ones((1, 1)), np.zeros(1))])  # predicts x
    expected = 1.0 - np.sum((X[:, 0] - y) ** 2) / np.sum((y - y.mean()) ** 2)
    assert task.score(model, X, y) == pytest.approx(expected)
