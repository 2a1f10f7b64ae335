"""Small data sets for the experiments of the book, and how to split and scale them.

Two kinds of data live here:

* **Toy problems in the plane**, drawn from a seeded random generator so that every run of a
  chapter sees the same points: :func:`xor`, :func:`moons` and :func:`circles`. Each takes ``n``,
  the number of points (an integer >= 1), ``noise``, the standard deviation of the Gaussian noise
  added to each coordinate (>= 0), and ``seed``, the seed of :func:`numpy.random.default_rng` (an
  integer or None). Each returns ``(X, y)`` with ``X`` a float64 array of shape ``(n, 2)`` and
  ``y`` an int64 array of class labels 0 and 1 of shape ``(n,)``, the classes interleaved in
  random order. :func:`noisy_sine` is a one-dimensional regression problem with the same arguments.
* **Real data sets bundled with scikit-learn** (nothing is downloaded):
  :func:`digits` and :func:`breast_cancer`.

and two tools every experiment needs: :func:`train_val_test_split` (stratified by
class for classification labels) and :func:`standardize`, which scales every split with
the mean and standard deviation of the *training* split only.

No function here changes an array it is given: each returns new arrays.

Examples
--------
>>> from activations import data
>>> X, y = data.moons(n=200, noise=0.1, seed=0)
>>> X.shape, X.dtype, y.shape, y.dtype
((200, 2), dtype('float64'), (200,), dtype('int64'))
>>> split = data.standardize(data.train_val_test_split(X, y, val=0.2, test=0.2, seed=0))
>>> split.X_train.shape, split.X_val.shape, split.X_test.shape
((120, 2), (40, 2), (40, 2))
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from activations import _validate as validate


# --- Toy problems in the plane ---
def _checked(n: int, noise: float, seed: int | None) -> tuple[int, float, np.random.Generator]:
    """The arguments every generator takes, checked (see the module docstring)."""
    n, noise = validate.check_int("n", n), validate.check_real("noise", noise, at_least=0.0)
    return n, noise, np.random.default_rng(seed)


def _split_evenly(n: int, parts: int) -> list[int]:
    """Split ``n`` items into ``parts`` counts that differ by at most one."""
    return [n // parts + (1 if i < n % parts else 0) for i in range(parts)]


def _arc(t: np.ndarray) -> np.ndarray:
    """The points of the unit circle at the angles ``t``, one per row."""
    return np.column_stack([np.cos(t), np.sin(t)])


def _noisy_classes(parts: list, labels: list[int], noise: float, rng: np.random.Generator) -> tuple:
    """Stack the point sets ``parts`` (labelled ``labels``), add Gaussian noise of standard
    deviation ``noise`` to each coordinate, and shuffle (so the classes are interleaved)."""
    X = np.vstack(parts)
    X = X + noise * rng.standard_normal(X.shape)
    y = np.repeat(np.array(labels, dtype=np.int64), [len(part) for part in parts])
    order = rng.permutation(len(y))
    return X[order], y[order]


def xor(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""The XOR problem: four Gaussian blobs at the corners of a square.

    The blobs sit at :math:`(\pm 1, \pm 1)` and share the ``n`` points as evenly as possible; a
    point is of class 1 when the signs of its two coordinates differ, :math:`y = [x_1 x_2 < 0]` for
    the blob centres. No straight line separates the classes, so a linear model cannot learn it; one
    hidden layer can. Arguments and returns: see the module docstring.
    """
    n, noise, rng = _checked(n, noise, seed)
    corners = [(-1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (1.0, -1.0)]
    parts = [np.tile(c, (k, 1)) for c, k in zip(corners, _split_evenly(n, 4), strict=True)]
    return _noisy_classes(parts, [0, 0, 1, 1], noise, rng)


def moons(n: int = 200, noise: float = 0.1, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    r"""Two interleaving half circles ("moons").

    Class 0 (``ceil(n / 2)`` points) lies on the upper half of the unit circle, :math:`(\cos t, \sin
    t)`, and class 1 on a lower half circle shifted right and down, :math:`(1 - \cos t, \tfrac12 -
    \sin t)`, for :math:`t \in [0, \pi]`. The same shape as :func:`sklearn.datasets.make_moons`,
    written out in NumPy. Arguments and returns: see the module docstring.
    """
    n, noise, rng = _checked(n, noise, seed)
    n0, n1 = _split_evenly(n, 2)
    upper = _arc(np.linspace(0.0, np.pi, n0))
    lower = np.array([1.0, 0.5]) - _arc(np.linspace(0.0, np.pi, n1))
    return _noisy_classes([upper, lower], [0, 1], noise, rng)


def circles(
    n: int = 200, noise: float = 0.05, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1) inside a large one (class 0).

    The outer circle (``ceil(n / 2)`` points) has radius 1 and the inner one radius 1/2;
    points are evenly spaced in angle and then jittered. The same shape as
    :func:`sklearn.datasets.make_circles`, written out in NumPy. Arguments and returns: see
    the module docstring.
    """
    n, noise, rng = _checked(n, noise, seed)
    n_outer, n_inner = _split_evenly(n, 2)
    outer = _arc(np.linspace(0.0, 2.0 * np.pi, n_outer, endpoint=False))
    inner = 0.5 * _arc(np.linspace(0.0, 2.0 * np.pi, n_inner, endpoint=False))
    return _noisy_classes([outer, inner], [0, 1], noise, rng)


def noisy_sine(
    n: int = 100, noise: float = 0.1, seed: int | None = 0
) -> tuple[np.ndarray, np.ndarray]:
    r"""A one-dimensional regression problem: :math:`y = \sin x + \varepsilon`.

    The inputs are drawn uniformly from :math:`[-\pi, \pi)` and sorted, so the result
    plots as a curve; the noise :math:`\varepsilon` is Gaussian with standard deviation
    ``noise``. ``n`` and ``seed`` as for the toy problems (module docstring). Returns ``X``,
    float64 of shape (n, 1): the inputs as a column, ready for a network with one input; and
    ``y``, float64 of shape (n,): the noisy targets.
    """
    n, noise, rng = _checked(n, noise, seed)
    x = np.sort(rng.uniform(-np.pi, np.pi, size=n))
    y = np.sin(x) + noise * rng.standard_normal(n)
    return x[:, None], y


# --- Data sets bundled with scikit-learn (no download) ---
def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 8x8 handwritten digits of scikit-learn (1797 images, 10 classes).

    Returns ``X``, float64 of shape (1797, 64): one flattened image per row, the pixel values
    (integers from 0 to 16) divided by 16 so that they lie in [0, 1]; and ``y``, int64 of
    shape (1797,): the digit shown, 0 to 9.
    """
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return np.array(bunch.data, dtype=np.float64) / 16.0, np.array(bunch.target, dtype=np.int64)


def breast_cancer() -> tuple[np.ndarray, np.ndarray]:
    """The Wisconsin breast cancer data of scikit-learn (569 tumours, 30 features).

    The features are on very different scales (from about 0.001 to about 4000), so standardize them,
    with statistics from the training split only (:func:`standardize`), before training a network.

    Returns ``X``, the raw features, float64 of shape (569, 30), and ``y``, int64 of shape
    (569,): 0 for malignant and 1 for benign, as in scikit-learn.
    """
    from sklearn.datasets import load_breast_cancer

    bunch = load_breast_cancer()
    return np.array(bunch.data, dtype=np.float64), np.array(bunch.target, dtype=np.int64)


# --- Splitting and scaling ---
class Split(NamedTuple):
    """A data set cut into a training, a validation and a test split.

    A :class:`~typing.NamedTuple`, so it unpacks::

        X_train, y_train, X_val, y_val, X_test, y_test = split
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_val: np.ndarray
    y_val: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray


def _apportion(counts: np.ndarray, total: int) -> np.ndarray:
    """Share ``total`` items among groups in proportion to their sizes ``counts``.

    Largest-remainder rounding: every group gets the floor of its quota ``total * count /
    counts.sum()``, and the items left over go to the groups with the largest fractional parts (ties
    to the first group). No group gets more items than it has, as long as ``total <= counts.sum()``.
    """
    quota = counts * (total / counts.sum())
    share = np.floor(quota).astype(np.int64)
    left_over = total - int(share.sum())
    by_remainder = np.argsort(-(quota - share), kind="stable")
    share[by_remainder[:left_over]] += 1
    return share


def train_val_test_split(
    X: np.ndarray,
    y: np.ndarray,
    val: float = 0.2,
    test: float = 0.2,
    seed: int | None = 0,
    stratify: bool = True,
) -> Split:
    """Cut ``(X, y)`` at random into a training, a validation and a test split.

    The test split gets ``round(test * n)`` examples, the validation split ``round(val * n)`` and
    the training split the rest. With ``stratify=True`` and integer (or boolean) labels, every class
    is cut in the same proportions, so each split keeps the class balance of the whole (up to
    rounding, by largest remainders). Float labels are regression targets: they are never
    stratified. The examples of each split come in random order.

    Parameters
    ----------
    X : array_like of shape (n, ...)
        The inputs; one example per row.
    y : array_like of shape (n,) or (n, k)
        The labels or targets.
    val, test : float
        Fractions of the examples for the validation and the test split, each in the
        open interval (0, 1), with ``val + test < 1``.
    seed : int or None
        Seed of :func:`numpy.random.default_rng`.
    stratify : bool
        Keep the class proportions in every split (integer labels only, see above).

    Returns
    -------
    Split

    Raises
    ------
    ValueError
        If ``X`` and ``y`` differ in length, a fraction is out of range, the fractions
        sum to 1 or more, or a split would be empty.
    """
    X, y = np.asarray(X), np.asarray(y)
    validate.check_same_length("X", X, "y", y)
    val = validate.check_real("val", val, above=0.0, below=1.0)
    test = validate.check_real("test", test, above=0.0, below=1.0)
    if val + test >= 1.0:
        raise ValueError(
            f"val + test must be < 1 to leave examples for training, got {val} + {test} = "
            f"{val + test}"
        )
    n = len(y)
    n_test, n_val = math.floor(test * n + 0.5), math.floor(val * n + 0.5)  # round half up
    if n_test < 1 or n_val < 1 or n - n_test - n_val < 1:
        raise ValueError(
            f"{n} examples are too few for val={val} and test={test}: a split would be empty "
            f"(train {n - n_test - n_val}, val {n_val}, test {n_test})"
        )
    rng = np.random.default_rng(seed)
    is_classification = y.ndim == 1 and (
        np.issubdtype(y.dtype, np.integer) or np.issubdtype(y.dtype, np.bool_)
    )
    if stratify and is_classification:
        classes, class_of = np.unique(y, return_inverse=True)
        members = [rng.permutation(np.flatnonzero(class_of == c)) for c in range(len(classes))]
        counts = np.array([len(m) for m in members])
        test_share = _apportion(counts, n_test)
        # The validation examples are drawn from what the test split left, so that no
        # class is overdrawn.
        val_share = _apportion(counts - test_share, n_val)
        shares = zip(members, test_share, val_share, strict=True)
        cuts = [np.split(m, [t, t + v]) for m, t, v in shares]  # test, val, train of each class
        test_idx, val_idx, train_idx = (np.concatenate(part) for part in zip(*cuts, strict=True))
        # Interleave the classes inside each split.
        train_idx, val_idx, test_idx = (rng.permutation(i) for i in (train_idx, val_idx, test_idx))
    else:
        order = rng.permutation(n)
        test_idx, val_idx, train_idx = np.split(order, [n_test, n_test + n_val])
    return Split(X[train_idx], y[train_idx], X[val_idx], y[val_idx], X[test_idx], y[test_idx])


def standardize(split: Split) -> Split:
    r"""Return a new :class:`Split` whose inputs are standardized with training statistics.

    Each feature becomes :math:`x' = (x - \mu) / \sigma`, with :math:`\mu` and :math:`\sigma` the
    mean and the (population) standard deviation of that feature in ``split.X_train`` alone, applied
    to all three input arrays, so no information from the validation or test data leaks into
    training. A constant feature (:math:`\sigma = 0`) is only centred (its scale is taken as 1), so
    there is no division by zero. The labels are passed through unchanged.

    Raises
    ------
    ValueError
        If an input array is not 2-D (examples, features), is empty, has a different
        number of features than the training inputs or contains NaN or infinity.

    Examples
    --------
    >>> X = np.array([[0.0, 5.0], [2.0, 5.0], [1.0, 6.0]])
    >>> split = standardize(Split(X[:2], [0, 1], X[2:], [0], X[2:], [0]))
    >>> split.X_val  # the second feature is constant in training: only centred
    array([[0., 1.]])
    """
    X_train = validate.check_array("X_train", split.X_train)
    X_val, X_test = (
        validate.check_array(name, X, n_features=X_train.shape[1])
        for name, X in [("X_val", split.X_val), ("X_test", split.X_test)]
    )
    mean, std = X_train.mean(axis=0), X_train.std(axis=0)
    # Constant features: leave them unscaled rather than divide by zero. A tiny
    # relative threshold catches columns that are constant up to rounding.
    scale = np.where(std <= 1e-12 * np.maximum(1.0, np.abs(mean)), 1.0, std)
    X_train, X_val, X_test = ((X - mean) / scale for X in (X_train, X_val, X_test))
    return split._replace(X_train=X_train, X_val=X_val, X_test=X_test)
