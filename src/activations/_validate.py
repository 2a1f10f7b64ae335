"""Input checks shared by the package: one set of validators, one exception policy.

Wrong types raise :class:`TypeError`, wrong values :class:`ValueError`; each message says
what was expected and what was given (:func:`_describe`), and no check modifies its input.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, DTypeLike


def _describe(value: Any) -> str:
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def _as_float_array(x: ArrayLike, func_name: str) -> np.ndarray:
    """Convert *x* to a float16/32/64 array, or raise a clear TypeError/ValueError."""
    expected = f"{func_name}() expected a real number or an array-like of real numbers"
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{expected}, got {_describe(x)}")
    try:
        arr = np.asarray(x)
    except ValueError as exc:  # ragged nested lists
        raise ValueError(f"{expected} of rectangular shape, got {_describe(x)} ({exc})") from exc
    except TypeError as exc:
        raise TypeError(f"{expected}, got {_describe(x)} ({exc})") from exc
    kind = arr.dtype.kind
    if kind == "f":
        if arr.dtype.itemsize in (2, 4, 8):
            return arr
        raise TypeError(f"{expected} of dtype float16, float32 or float64, got dtype {arr.dtype}")
    if kind in "biu":
        return arr.astype(np.float64)
    if kind == "c":
        raise TypeError(
            f"{expected}, got complex values (dtype {arr.dtype}); these activation "
            "functions are real-valued: pass x.real if that is what you mean"
        )
    if kind in "US":
        raise TypeError(f"{expected}, got strings (dtype {arr.dtype})")
    if kind == "O":
        raise TypeError(
            f"{expected}, got an array of dtype object (None, strings or other Python "
            f"objects): {_describe(x)}"
        )
    raise TypeError(f"{expected}, got an array of dtype {arr.dtype}")


def _check_real_param(value: Any, name: str, func_name: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func_name}: {name} must be a real number, got {_describe(value)}")
    return float(value)


def check_int(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """Return *value* as an ``int`` if it is an integer ``>= minimum`` (and ``<= maximum``).

    A bool, a float (even 3.0) or any other non-integer raises :class:`TypeError`; an
    integer out of range raises :class:`ValueError`. Both messages name the argument.

    Examples
    --------
    >>> check_int("epochs", 5)
    5
    >>> check_int("epochs", 2.5)
    Traceback (most recent call last):
    ...
    TypeError: epochs must be an integer >= 1, got 2.5
    """
    span = f">= {minimum}" if maximum is None else f"from {minimum} to {maximum}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer {span}, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be an integer {span}, got {value}")
    return int(value)


def check_int_list(name: str, values: object, *, min_length: int = 1, hint: str = "") -> list:
    """Return *values*, a sequence of at least *min_length* integers >= 1, as a list.

    Not a sequence raises :class:`TypeError`, too short a sequence :class:`ValueError`
    (*hint* says what the items are); each item is checked by :func:`check_int`, named
    ``name[i]``.
    """
    if isinstance(values, np.ndarray):
        values = values.tolist()
    expected = f"{name} must be a list of at least {min_length} integers{hint}, got {values!r}"
    if isinstance(values, (str, bytes)) or not isinstance(values, Sequence):
        raise TypeError(expected)
    if len(values) < min_length:
        raise ValueError(expected)
    return [check_int(f"{name}[{i}]", value) for i, value in enumerate(values)]


def check_per_item(name: str, value: object, n: int, items: str, check: Callable) -> list:
    """``check(name, value)`` for each of *n* *items*: one value for all, or a list of n.

    A string is one value; a list of another length than *n* raises :class:`ValueError`.
    """
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, str) or not isinstance(value, Sequence):
        return [check(name, value)] * n  # checked even if n == 0
    if len(value) != n:
        raise ValueError(f"{name} lists {len(value)} values, but there are {n} {items}")
    return [check(f"{name}[{i}]", v) for i, v in enumerate(value)]


def check_choice(what: str, value: object, choices: Iterable, hint: str = "") -> None:
    """Raise :class:`ValueError` unless *value* is one of *choices* (names of a *what*)."""
    if value not in list(choices):
        raise ValueError(f"unknown {what} {value!r}; expected one of {list(choices)}{hint}")


def check_real(
    name: str,
    value: object,
    *,
    above: float | None = None,
    below: float | None = None,
    at_least: float | None = None,
) -> float:
    """Return *value* as a finite ``float`` in the stated range, else raise.

    A bool or a non-number raises :class:`TypeError`; NaN, infinity or a number outside
    the range raises :class:`ValueError`. Bounds: ``above`` (strict), ``at_least`` and
    ``below`` (strict).

    Examples
    --------
    >>> check_real("momentum", 0.9, at_least=0.0, below=1.0)
    0.9
    >>> check_real("learning rate lr", 0.0, above=0.0)
    Traceback (most recent call last):
    ...
    ValueError: learning rate lr must be a finite number > 0, got 0.0
    """
    bounds = []
    if above is not None:
        bounds.append(f"> {above:g}")
    if at_least is not None:
        bounds.append(f">= {at_least:g}")
    if below is not None:
        bounds.append(f"< {below:g}")
    expected = f"{name} must be a finite number" + (" " + " and ".join(bounds) if bounds else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{expected}, got {_describe(value)}")
    x = float(value)
    if (
        not np.isfinite(x)
        or (above is not None and not x > above)
        or (at_least is not None and not x >= at_least)
        or (below is not None and not x < below)
    ):
        raise ValueError(f"{expected}, got {value!r}")
    return x


def check_numbers(name: str, values: object, *, positive: bool = False, integer: bool = False):
    """Return *values*, a non-empty sequence of finite numbers, as a tuple, else raise.

    A string or a non-sequence, or an item that is not a real number (an integer, if
    ``integer``), raises :class:`TypeError`; an empty sequence, or an item that is not
    finite (or not > 0, if ``positive``), raises :class:`ValueError`.

    Examples
    --------
    >>> check_numbers("seeds", range(3), integer=True)
    (0, 1, 2)
    >>> check_numbers("learning_rates", [0.1, -1.0], positive=True)
    Traceback (most recent call last):
    ...
    ValueError: learning_rates must be a non-empty sequence of finite numbers > 0, got [0.1, -1.0]
    """
    kind = "integers" if integer else "finite numbers" + (" > 0" if positive else "")
    expected = f"{name} must be a non-empty sequence of {kind}, got {values!r}"
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, range, np.ndarray)):
        raise TypeError(expected)
    number = (numbers.Integral,) if integer else (numbers.Real,)
    if any(isinstance(v, (bool, np.bool_)) or not isinstance(v, number) for v in values):
        raise TypeError(expected)
    items = tuple(int(v) if integer else float(v) for v in values)
    if not items or not all(np.isfinite(items)) or (positive and min(items) <= 0):
        raise ValueError(expected)
    return items


# --- Arrays: inputs one example per row, labels, parameters ---


def check_array(
    name: str, X: object, *, n_features: int | None = None, dtype: DTypeLike = np.float64
) -> np.ndarray:
    """Return *X* as a finite 2-D array (n_examples, n_features) of *dtype*, with n >= 1.

    Values that are not real numbers raise :class:`TypeError`; another shape, no rows,
    another number of features than *n_features* (if given), NaN or infinity raise
    :class:`ValueError`. No copy is made if *X* already has the dtype.
    """
    X = np.asarray(X)
    if not np.issubdtype(X.dtype, np.number) or X.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers, got an array of dtype {X.dtype}")
    if X.ndim != 2:
        hint = " (use X.reshape(-1, 1) for a single feature)" if X.ndim == 1 else ""
        raise ValueError(
            f"{name} must be a 2-D array of shape (n_examples, {n_features or 'n_features'}), "
            f"got shape {X.shape}{hint}"
        )
    if n_features is not None and X.shape[1] != n_features:
        raise ValueError(
            f"{name} has {X.shape[1]} features per example, but {n_features} are expected"
        )
    if X.shape[0] == 0:
        raise ValueError(f"{name} has no examples (shape {X.shape})")
    X = X.astype(dtype, copy=False)
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or infinity; expected finite values")
    return X


def check_same_length(name_a: str, a: ArrayLike, name_b: str, b: ArrayLike) -> None:
    """Raise :class:`ValueError` unless arrays *a* and *b* have as many examples (rows)."""
    sizes = [f"{len(x)}" if np.ndim(x) else "a scalar" for x in (a, b)]
    if "a scalar" in sizes or sizes[0] != sizes[1]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of examples: "
            f"{name_a} has {sizes[0]}, {name_b} has {sizes[1]}"
        )


def check_numeric_labels(y: ArrayLike, who: str) -> np.ndarray:
    """Return labels *y* as an array of finite real numbers (bools as 0 and 1), else raise."""
    y = np.asarray(y)
    if y.dtype == np.bool_:
        return y.astype(np.int64)
    if not np.issubdtype(y.dtype, np.number) or np.issubdtype(y.dtype, np.complexfloating):
        raise TypeError(f"{who} expects numeric labels, got an array of dtype {y.dtype}")
    if not np.all(np.isfinite(y)):
        raise ValueError(f"{who} expects finite labels, but y contains NaN or infinity")
    return y


def check_class_labels(y: np.ndarray, k: int, who: str) -> None:
    """Raise :class:`ValueError` unless the numeric labels *y* are integers 0..k-1."""
    bad = y[y != np.round(y)]
    if bad.size:
        raise ValueError(
            f"{who} expects integer class labels 0..{k - 1}, "
            f"got non-integer label(s) such as {bad.flat[0].item()!r}"
        )
    if y.size and (y.min() < 0 or y.max() > k - 1):
        raise ValueError(
            f"class labels must lie in 0..{k - 1} for {who}, got labels from {y.min()} to {y.max()}"
        )


def check_targets_shape(y: np.ndarray, k: int, who: str, what: str) -> np.ndarray:
    """Return *y* as an (n, k) array; accept shape (n,) when k == 1, else raise."""
    if y.ndim == 1 and k == 1:
        return y[:, None]
    if y.ndim == 2 and y.shape[1] == k:
        return y
    expected = "(n,) or (n, 1)" if k == 1 else f"(n, {k})"
    raise ValueError(
        f"{who} with {k} output(s) expects {what} of shape {expected}, got shape {y.shape}"
    )


def check_params_and_grads(params: Sequence, grads: Sequence) -> list:
    """Flatten ``[(W, b), ...]`` and ``[(dW, db), ...]`` into ``[(W, dW), (b, db), ...]``.

    Each parameter must be a writeable array (it is updated in place) and its gradient
    of the same shape; otherwise, or if the counts differ, :class:`ValueError`.
    """
    flat_params, flat_grads = (
        [x for item in items for x in (item if isinstance(item, (tuple, list)) else [item])]
        for items in (params, grads)
    )
    if len(flat_params) != len(flat_grads):
        raise ValueError(
            f"got {len(flat_params)} parameter arrays but {len(flat_grads)} gradient arrays"
        )
    for i, (p, g) in enumerate(zip(flat_params, flat_grads, strict=True)):
        if not isinstance(p, np.ndarray) or not p.flags.writeable:
            raise ValueError(f"parameter {i} must be a writeable NumPy array, updated in place")
        if np.shape(g) != p.shape:
            raise ValueError(
                f"parameter {i} has shape {p.shape} but its gradient has shape {np.shape(g)}"
            )
    return list(zip(flat_params, flat_grads, strict=True))
