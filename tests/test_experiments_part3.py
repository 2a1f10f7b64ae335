"""Tests of the chapter 10 and 11 helpers: the benchmark, output heads, initialization,
the newer activations' measurements, and their figures."""

from __future__ import annotations

import math

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
    with pytest.raises(ValueError, match="unknown activation"):
        experiments.matched_init("relu6")


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


# --- the benchmark --------------------------------------------------------------------------


# --- output heads ---------------------------------------------------------------------------


# --- chapter 11 -------------------------------------------------------------------------------


def test_approximation_error_finds_the_largest_gap():
    grid = np.linspace(0.0, 1.0, 101)
    err = experiments.approximation_error(np.sin, lambda t: t, grid)
    assert err.max_abs == pytest.approx(1.0 - math.sin(1.0)) and err.at == 1.0
    with pytest.raises(ValueError, match="1-D grid"):
        experiments.approximation_error(np.sin, np.cos, [[0.0]])


def test_gelu_tanh_approximation_is_within_five_ten_thousandths():
    # Hendrycks & Gimpel's tanh formula: max |error| is about 4.7e-4, near |x| = 2.7.
    err = experiments.approximation_error(
        activations.gelu, activations.gelu_tanh, np.linspace(-8.0, 8.0, 16001)
    )
    assert 4e-4 < err.max_abs < 5e-4
    assert 2.5 < abs(err.at) < 3.0


def test_swish_interpolates_between_a_line_and_relu():
    x = np.linspace(-5.0, 5.0, 1001)
    np.testing.assert_allclose(experiments.swish(x, 1.0), activations.silu(x), rtol=1e-15)
    np.testing.assert_allclose(experiments.swish(x, 0.0), x / 2)
    # the gap to ReLU is largest at the dip: |min silu| / beta, about 0.2785 / beta
    near_zero = np.linspace(-0.1, 0.1, 20001)
    gap = np.max(np.abs(experiments.swish(near_zero, 100.0) - activations.relu(near_zero)))
    assert gap == pytest.approx(0.27846 / 100, rel=1e-3)
    with pytest.raises(ValueError, match="beta must be >= 0"):
        experiments.swish(x, -1.0)


def test_registry_summary_markdown_has_one_row_per_function_and_no_cost_column():
    text = experiments.registry_summary_markdown()
    lines = text.splitlines()
    assert len(lines) == 2 + len(activations.names())
    assert len({line.count(" | ") for line in lines if line.startswith("| ")}) == 1
    assert "cost" not in lines[0] and "zero-centred" not in lines[0]
    rows = {line.split(" | ")[0].strip("| `"): line.split(" | ") for line in lines[2:]}
    assert "$\\mathrm{ReLU}(x) = \\max(0, x)$" in rows["relu"]
    # columns 4 and 5: takes both signs, mean of f(z) for z ~ N(0, 1)
    assert rows["relu"][4:6] == ["no", "0.399"]  # 1/sqrt(2 pi)
    assert rows["tanh"][4:6] == ["yes", "0.000"]
    assert rows["selu"][4:6] == ["yes", "0.000"]
    assert rows["leaky_relu"][4:6] == ["yes", "0.395"]  # both signs, yet not centred
    assert rows["sigmoid"][4:6] == ["no", "0.500"]


def test_sources_of_variation_varies_one_factor_at_a_time():
    study = experiments.sources_of_variation(
        _tiny_task(),
        activations=["relu", "tanh"],
        learning_rates=[0.01, 0.1],
        train_sizes=[10, 1000],
        widths=[2],
        epochs=[1, 3],
        seeds=[0, 1],
        tuning_rates=[0.05, 0.5],
    )
    assert study.factors == (
        "seed",
        "activation",
        "activation, own lr",
        "learning rate",
        "training examples",
        "hidden width",
        "epochs",
    )
    assert study.settings["training examples"] == ("10 examples", "30 examples")
    values = study.test["learning rate"]
    assert study.spread("learning rate") == pytest.approx(values.max() - values.min())
    # the baseline (relu, seed 0, all data, the task's 3 epochs) appears under several factors
    assert study.test["seed"][0] == study.test["activation"][0] == study.test["epochs"][1]
    # each activation is tuned over the tuning rates; the label names the chosen one
    assert all(
        label.split(" (lr ")[1] in ("0.05)", "0.5)")
        for label in study.settings["activation, own lr"]
    )


# --- figures --------------------------------------------------------------------------------


def test_plot_approximation_draws_the_difference():
    fig = plots.plot_approximation([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], [0.0, 1.5, 2.0])
    right = fig.axes[1]
    np.testing.assert_allclose(right.get_lines()[0].get_ydata(), [0.0, 0.5, 0.0])
    with pytest.raises(ValueError, match="one length"):
        plots.plot_approximation([0.0, 1.0], [0.0], [0.0, 1.0])


def test_plot_swish_family_draws_each_beta_and_relu():
    grid = np.linspace(-2.0, 2.0, 5)
    ax = plots.plot_swish_family([0.0, 1.0], x=grid)
    lines = ax.get_lines()
    np.testing.assert_allclose(lines[0].get_ydata(), grid / 2)
    np.testing.assert_allclose(lines[1].get_ydata(), activations.silu(grid))
    assert lines[2].get_label() == "ReLU"
    with pytest.raises(ValueError, match="betas"):
        plots.plot_swish_family([-1.0])


def test_plot_depth_statistics_uses_a_log_axis_for_the_variance():
    fig = plots.plot_depth_statistics({"selu": ([0.0, 0.1], [1.0, 0.5])})
    _, right = fig.axes
    assert right.get_yscale() == "log" and right.get_ylim() == pytest.approx((1e-4, 1e4))
    np.testing.assert_allclose(right.get_lines()[0].get_ydata(), [1.0, 0.5])
    with pytest.raises(ValueError, match="one length"):
        plots.plot_depth_statistics({"selu": ([0.0], [1.0, 0.5])})


def test_plot_variation_sources_draws_one_row_per_factor():
    ax = plots.plot_variation_sources({"seed": [0.9, 0.95], "width": [0.5, 0.9, 0.8]})
    assert [t.get_text() for t in ax.get_yticklabels()] == ["seed", "width"]
    bars = ax.get_lines()[::2]
    assert bars[1].get_xdata().tolist() == [0.5, 0.9]
    with pytest.raises(ValueError, match="non-empty"):
        plots.plot_variation_sources({"seed": []})
