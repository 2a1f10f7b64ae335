"""Input checks shared by the package: one set of validators, one exception policy.

Wrong types raise :class:`TypeError`, wrong values :class:`ValueError`; each message says
what was expected and what was given (:func:`_describe`), and no check modifies its input.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike


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


def check_int(name: str, value: object, minimum: int = 1) -> int:
    """Return *value* as an ``int`` if it is an integer ``>= minimum``, else raise.

    A bool, a float (even 3.0) or any other non-integer raises :class:`TypeError`; an
    integer below *minimum* raises :class:`ValueError`. Both messages name the argument.

    Examples
    --------
    >>> check_int("epochs", 5)
    5
    >>> check_int("epochs", 2.5)
    Traceback (most recent call last):
    ...
    TypeError: epochs must be an integer >= 1, got 2.5
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return int(value)


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
