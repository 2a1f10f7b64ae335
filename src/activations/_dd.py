"""Double-double building blocks (private): exact sums and products of float64 values.

A double-double is an unevaluated sum hi + lo of two float64 values, good to about 106
bits. The kernels of :mod:`activations._kernels` and the root series of
:mod:`activations._roots` use these three error-free transformations.
"""

from __future__ import annotations

import numpy as np

SPLITTER = 134217729.0  # 2**27 + 1, Veltkamp's constant for splitting a double


def split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Veltkamp's split: a = hi + lo exactly, each with at most 26 significant bits."""
    t = SPLITTER * a
    hi = t - (t - a)
    return hi, a - hi


def two_sum(a: np.ndarray | float, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Knuth's sum: a + b = s + err exactly, for any float64 a and b."""
    s = a + b
    bv = s - a
    return s, (a - (s - bv)) + (b - bv)


def two_prod(
    a: np.ndarray,
    b: np.ndarray | float,
    a_parts: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Dekker's product: a * b = p + err exactly (no overflow or underflow).

    *a_parts* is ``split(a)``, when the caller has it already.
    """
    p = a * b
    ah, al = split(a) if a_parts is None else a_parts
    bh, bl = split(np.asarray(b, dtype=np.float64))
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl
