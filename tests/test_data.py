"""Tests of activations.data: toy generators, bundled data sets, splitting and scaling."""

from __future__ import annotations

import numpy as np
import pytest

from activations import data

GENERATORS = {
    "xor": data.xor,
    "moons": data.moons,
    "circles": data.circles,
}


# --- toy generators ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(GENERATORS))
@pytest.mark.parametrize("n", [1, 2, 7, 200])
def test_generator_shapes_and_dtypes(name, n):
    X, y = GENERATORS[name](n=n, seed=0)
    assert X.shape == (n, 2)
    assert X.dtype == np.float64
    assert y.shape == (n,)
    assert y.dtype == np.int64
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_generator_is_deterministic_for_a_seed(name):
    X1, y1 = GENERATORS[name](seed=3)
    X2, y2 = GENERATORS[name](seed=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_different_seeds_differ(name):
    X1, _ = GENERATORS[name](seed=0)
    X2, _ = GENERATORS[name](seed=1)
    assert not np.array_equal(X1, X2)


@pytest.mark.parametrize("name", ["xor", "moons", "circles"])
def test_two_balanced_classes(name):
    _, y = GENERATORS[name](n=201, seed=0)
    assert set(np.unique(y)) == {0, 1}
    assert abs(np.sum(y == 0) - np.sum(y == 1)) <= 1


def test_classes_are_interleaved_not_sorted():
    _, y = data.moons(n=200, seed=0)
    assert not np.all(np.diff(y) >= 0)


def test_noise_free_shapes_are_exact():
    X, y = data.xor(n=40, noise=0.0)
    np.testing.assert_array_equal(np.abs(X), 1.0)
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))

    X, y = data.circles(n=40, noise=0.0)
    radius = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.5)

    X, y = data.moons(n=40, noise=0.0)
    np.testing.assert_allclose(np.hypot(X[y == 0, 0], X[y == 0, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1.0, X[y == 1, 1] - 0.5), 1.0)


def test_xor_is_not_linearly_separable_but_noise_keeps_corners():
    X, y = data.xor(n=400, noise=0.1, seed=0)
    # Points stay near their corner, and the label is the sign rule of the corner.
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))


def test_noisy_sine():
    X, y = data.noisy_sine(n=50, noise=0.0, seed=0)
    assert X.shape == (50, 1) and y.shape == (50,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert np.all(np.diff(X[:, 0]) >= 0)
    np.testing.assert_allclose(y, np.sin(X[:, 0]))
    X1, y1 = data.noisy_sine(n=50, noise=0.2, seed=1)
    X2, y2 = data.noisy_sine(n=50, noise=0.2, seed=1)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(y1, data.noisy_sine(n=50, noise=0.2, seed=2)[1])


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: data.moons(n=0), r"n must be an integer >= 1, got 0"),
        (lambda: data.xor(n=-5), r"n must be an integer >= 1"),
        (lambda: data.xor(noise=-0.1), r"noise must be a finite number >= 0, got -0\.1"),
        (lambda: data.moons(noise=float("nan")), r"noise must be a finite number >= 0"),
        (lambda: data.noisy_sine(n=0), r"n must be an integer >= 1"),
        (lambda: data.noisy_sine(noise=-1), r"noise must be a finite number >= 0"),
    ],
)
def test_generators_reject_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_generators_reject_counts_that_are_not_integers_with_a_type_error():
    with pytest.raises(TypeError, match=r"n must be an integer >= 1, got 2\.5"):
        data.circles(n=2.5)
    with pytest.raises(TypeError, match=r"n must be an integer >= 1, got True"):
        data.xor(n=True)


# --- bundled data sets ------------------------------------------------------------------


def test_digits():
    X, y = data.digits()
    assert X.shape == (1797, 64) and X.dtype == np.float64
    assert y.shape == (1797,) and y.dtype == np.int64
    assert X.min() == 0.0 and X.max() == 1.0
    assert set(np.unique(y)) == set(range(10))
    np.testing.assert_array_equal(np.unique(X * 16.0), np.arange(17.0))  # pixels 0..16, over 16


def test_breast_cancer():
    X, y = data.breast_cancer()
    assert X.shape == (569, 30) and X.dtype == np.float64
    assert y.shape == (569,) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1}


def test_bundled_data_are_fresh_copies():
    X1, _ = data.digits()
    X1[:] = -1.0
    X2, _ = data.digits()
    assert X2.min() == 0.0


# --- splitting -----------------------------------------------------------------------------


def _rows(X):
    return {tuple(row) for row in X}


def test_split_sizes_and_types():
    X, y = data.moons(n=200, seed=0)
    split = data.train_val_test_split(X, y, val=0.2, test=0.2, seed=0)
    assert isinstance(split, data.Split)
    assert split.X_train.shape == (120, 2) and split.y_train.shape == (120,)
    assert split.X_val.shape == (40, 2) and split.y_val.shape == (40,)
    assert split.X_test.shape == (40, 2) and split.y_test.shape == (40,)
    X_train, y_train, X_val, y_val, X_test, y_test = split  # unpacks
    assert X_train.dtype == np.float64 and y_train.dtype == np.int64
    assert X_val is split.X_val and y_val is split.y_val
    assert X_test is split.X_test and y_test is split.y_test


@pytest.mark.parametrize("stratify", [True, False])
def test_splits_partition_the_data(stratify):
    X, y = data.digits()
    split = data.train_val_test_split(X, y, val=0.15, test=0.25, seed=1, stratify=stratify)
    n = len(X)
    assert len(split.X_train) + len(split.X_val) + len(split.X_test) == n
    assert len(split.X_test) == round(0.25 * n)
    assert len(split.X_val) == round(0.15 * n)
    # Each example lands in exactly one split: tag the rows with their index.
    Xi = np.column_stack([np.arange(n), X])
    s = data.train_val_test_split(Xi, y, val=0.15, test=0.25, seed=1, stratify=stratify)
    ids = [part[:, 0].astype(int) for part in (s.X_train, s.X_val, s.X_test)]
    assert not set(ids[0]) & set(ids[1])
    assert not set(ids[0]) & set(ids[2])
    assert not set(ids[1]) & set(ids[2])
    all_ids = np.sort(np.concatenate(ids))
    np.testing.assert_array_equal(all_ids, np.arange(n))
    # Labels travel with their rows.
    for part_X, part_y in ((s.X_train, s.y_train), (s.X_val, s.y_val), (s.X_test, s.y_test)):
        np.testing.assert_array_equal(y[part_X[:, 0].astype(int)], part_y)


def test_stratification_keeps_class_proportions():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1, 2], [700, 200, 100])
    X = rng.normal(size=(len(y), 3))
    split = data.train_val_test_split(X, y, val=0.2, test=0.2, seed=0, stratify=True)
    overall = np.bincount(y) / len(y)
    for part in (split.y_train, split.y_val, split.y_test):
        # Within one example of the exact share of every class.
        np.testing.assert_allclose(np.bincount(part, minlength=3) / len(part), overall, atol=0.01)
    np.testing.assert_array_equal(np.bincount(split.y_test), [140, 40, 20])
    np.testing.assert_array_equal(np.bincount(split.y_val), [140, 40, 20])


def test_stratification_on_an_imbalanced_real_data_set():
    X, y = data.breast_cancer()
    split = data.train_val_test_split(X, y, val=0.2, test=0.2, seed=4)
    overall = y.mean()
    for part in (split.y_train, split.y_val, split.y_test):
        assert abs(part.mean() - overall) < 0.01


def test_unstratified_split_is_random_not_balanced_by_construction():
    y = np.repeat([0, 1], [50, 50])
    X = np.arange(100.0)[:, None]
    split = data.train_val_test_split(X, y, val=0.2, test=0.2, seed=0, stratify=False)
    assert len(split.y_test) == 20
    # The classes inside each split are mixed, not in the input order.
    assert not np.all(np.diff(split.X_train[:, 0]) > 0)


def test_split_is_deterministic_and_seed_dependent():
    X, y = data.moons(n=100, seed=0)
    a = data.train_val_test_split(X, y, seed=5)
    b = data.train_val_test_split(X, y, seed=5)
    c = data.train_val_test_split(X, y, seed=6)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    assert not np.array_equal(a.X_train, c.X_train)


def test_split_of_regression_targets_is_not_stratified():
    X, y = data.noisy_sine(n=50, seed=0)
    split = data.train_val_test_split(X, y, val=0.2, test=0.2, seed=0)  # stratify ignored
    assert len(split.y_train) == 30 and split.y_train.dtype == np.float64
    np.testing.assert_array_equal(np.sin(split.X_val[:, 0]).shape, split.y_val.shape)


def test_split_leaves_inputs_unchanged():
    X, y = data.moons(n=60, seed=0)
    X0, y0 = X.copy(), y.copy()
    split = data.train_val_test_split(X, y, seed=0)
    split.X_train[:] = 0.0
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"val": 0.0}, r"val must be a finite number > 0 and < 1, got 0\.0"),
        ({"test": 1.0}, r"test must be a finite number > 0 and < 1, got 1\.0"),
        ({"val": -0.1}, r"val must be a finite number > 0 and < 1"),
        ({"val": 0.5, "test": 0.5}, r"val \+ test must be < 1.*got 0\.5 \+ 0\.5"),
        ({"val": 0.6, "test": 0.6}, r"val \+ test must be < 1"),
    ],
)
def test_split_rejects_bad_fractions(kwargs, match):
    X, y = data.moons(n=50, seed=0)
    with pytest.raises(ValueError, match=match):
        data.train_val_test_split(X, y, **kwargs)


def test_split_rejects_a_fraction_that_is_not_a_number_with_a_type_error():
    X, y = data.moons(n=50, seed=0)
    with pytest.raises(TypeError, match=r"test must be .* got str .0\.2."):
        data.train_val_test_split(X, y, test="0.2")


def test_split_rejects_mismatched_lengths_and_too_few_examples():
    X, y = data.moons(n=50, seed=0)
    with pytest.raises(ValueError, match=r"same number of examples: X has 50, y has 49"):
        data.train_val_test_split(X, y[:-1])
    with pytest.raises(ValueError, match=r"too few for val=0\.2 and test=0\.2"):
        data.train_val_test_split(X[:2], y[:2])


# --- scaling -----------------------------------------------------------------------------


def test_standardize_uses_training_statistics_only():
    X, y = data.breast_cancer()
    split = data.train_val_test_split(X, y, seed=0)
    scaled = data.standardize(split)
    assert isinstance(scaled, data.Split)
    np.testing.assert_allclose(scaled.X_train.mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(scaled.X_train.std(axis=0), 1.0, rtol=1e-12)
    # The other splits use the same numbers, so they are not exactly centred themselves.
    mean, std = split.X_train.mean(axis=0), split.X_train.std(axis=0)
    np.testing.assert_array_equal(scaled.X_test, (split.X_test - mean) / std)
    np.testing.assert_array_equal(scaled.X_val, (split.X_val - mean) / std)
    assert np.abs(scaled.X_val.mean(axis=0)).max() > 1e-3
    np.testing.assert_array_equal(scaled.y_train, split.y_train)
    # The original split is untouched.
    assert abs(split.X_train.mean()) > 1.0


def _split_of(X_train, X_other):
    return data.Split(X_train, None, X_other, None, X_other, None)


def test_standardize_only_centres_constant_features():
    X = np.array([[1.0, 5.0, 0.0], [3.0, 5.0, 0.0], [5.0, 5.0, 0.0]])
    Z = data.standardize(_split_of(X, X)).X_train
    np.testing.assert_array_equal(Z[:, 1:], 0.0)
    np.testing.assert_allclose(Z[:, 0], [-1.224744871391589, 0.0, 1.224744871391589])


def test_digits_constant_pixels_do_not_break_standardizing():
    X, y = data.digits()
    scaled = data.standardize(data.train_val_test_split(X, y, seed=0))
    assert all(np.all(np.isfinite(part)) for part in scaled[::2])


@pytest.mark.parametrize(
    ("X_train", "X_other", "match"),
    [
        (np.ones(3), np.ones((2, 3)), r"X_train must be a 2-D array .*got shape \(3,\)"),
        (np.array([[1.0, np.nan]]), np.ones((2, 2)), r"X_train contains NaN or infinity"),
        (np.ones((0, 2)), np.ones((2, 2)), r"X_train has no examples"),
        (np.ones((3, 2)), np.ones((3, 3)), r"X_val has 3 features per example, but 2 are expected"),
        (np.ones((3, 2)), np.array([[np.inf, 0.0]]), r"X_val contains NaN or infinity"),
    ],
)
def test_standardize_rejects_bad_input(X_train, X_other, match):
    with pytest.raises(ValueError, match=match):
        data.standardize(_split_of(X_train, X_other))
