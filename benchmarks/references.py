"""What the book's functions are measured against.

``EXACT``: each registry function and its derivative in arbitrary precision (mpmath),
written from the textbook formulas, for the accuracy benchmark (``exact.py``, beside
this file, which the tests use too);
``exact_softmax`` and ``exact_log_softmax`` do the same for a row of logits. ``FAST``:
the fastest implementation this environment offers (a scipy.special or NumPy ufunc
where one exists, else the plain NumPy expression a reader would write), for the speed
benchmark; the accuracy benchmark measures these too, for comparison.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath as mp
import numpy as np
import scipy.special as sc
from exact import EXACT, LEAKY_SLOPE, SELU_ALPHA, SELU_LAMBDA

__all__ = ["EXACT", "FAST", "FAST_SOFTMAX", "exact_log_softmax", "exact_softmax"]

# --------------------------------------------------------------------------------------
# Exact softmax and log-softmax of a row (mpmath; call inside a workprec context)
# --------------------------------------------------------------------------------------


def _rest(row: list[mp.mpf]) -> tuple[mp.mpf, mp.mpf]:
    """(max, sum of exp(x_i - max) over all entries but one maximal one)."""
    m = max(row)
    top = row.index(m)
    return m, mp.fsum(mp.exp(v - m) for i, v in enumerate(row) if i != top)


def exact_softmax(row: list[mp.mpf]) -> list[mp.mpf]:
    m, rest = _rest(row)
    return [mp.exp(v - m) / (1 + rest) for v in row]


def exact_log_softmax(row: list[mp.mpf]) -> list[mp.mpf]:
    # log1p: log(1 + 1e-90) is 1e-90, which log() at 200 bits would round to 0
    m, rest = _rest(row)
    log_total = mp.log1p(rest)
    return [(v - m) - log_total for v in row]


# --------------------------------------------------------------------------------------
# Fast implementations to compare speed with
# --------------------------------------------------------------------------------------

_SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_LAMBDA, _ALPHA = float(SELU_LAMBDA), float(SELU_ALPHA)


def _gelu_tanh_fast(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x**3)))


def _gelu_tanh_grad_fast(x: np.ndarray) -> np.ndarray:
    t = np.tanh(_SQRT_2_OVER_PI * (x + 0.044715 * x**3))
    return 0.5 * (1.0 + t) + 0.5 * x * (1.0 - t * t) * _SQRT_2_OVER_PI * (1.0 + 0.134145 * x * x)


def _sigmoid_grad_fast(x: np.ndarray) -> np.ndarray:
    s = sc.expit(x)
    return s * (1.0 - s)


def _silu_grad_fast(x: np.ndarray) -> np.ndarray:
    s = sc.expit(x)
    return s * (1.0 + x * (1.0 - s))


def _mish_grad_fast(x: np.ndarray) -> np.ndarray:
    t = np.tanh(np.logaddexp(0.0, x))
    return t + x * sc.expit(x) * (1.0 - t * t)


def _hard_swish_grad_fast(x: np.ndarray) -> np.ndarray:
    return np.where(x <= -3, 0.0, np.where(x > 3, 1.0, x / 3 + 0.5))


#: name -> (value reference, derivative reference). Each is (description, is_library,
#: function): is_library is True where the reference is one library call (a ufunc, or a
#: ufunc times x), the case the 1.5x speed target applies to; False for a plain NumPy
#: expression (shown for information: faster, but not accurate in the tails).
Reference = tuple[str, bool, Callable[[np.ndarray], np.ndarray]]
FAST: dict[str, tuple[Reference, Reference]] = {
    # np.ones_like / np.zeros_like do not propagate NaN as the derivatives do: shown,
    # but not a reference for the same function.
    "identity": (("np.copy", True, np.copy), ("np.ones_like (no NaN)", False, np.ones_like)),
    "step": (
        ("np.heaviside(x, 0)", True, lambda x: np.heaviside(x, 0.0)),
        ("np.zeros_like (no NaN)", False, np.zeros_like),
    ),
    "sigmoid": (
        ("scipy expit", True, sc.expit),
        ("s*(1-s), s=expit", False, _sigmoid_grad_fast),
    ),
    "tanh": (("np.tanh", True, np.tanh), ("1 - tanh(x)**2", False, lambda x: 1 - np.tanh(x) ** 2)),
    "relu": (
        ("np.maximum(x, 0)", True, lambda x: np.maximum(x, 0.0)),
        ("np.heaviside(x, 0)", True, lambda x: np.heaviside(x, 0.0)),
    ),
    "leaky_relu": (
        ("np.where(x>0, x, a*x)", False, lambda x: np.where(x > 0, x, LEAKY_SLOPE * x)),
        ("np.where(x>0, 1, a)", False, lambda x: np.where(x > 0, 1.0, LEAKY_SLOPE)),
    ),
    "elu": (
        ("np.where + expm1", False, lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))),
        ("np.where + exp", False, lambda x: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0)))),
    ),
    "selu": (
        (
            "np.where + expm1",
            False,
            lambda x: _LAMBDA * np.where(x > 0, x, _ALPHA * np.expm1(np.minimum(x, 0.0))),
        ),
        (
            "np.where + exp",
            False,
            lambda x: _LAMBDA * np.where(x > 0, 1.0, _ALPHA * np.exp(np.minimum(x, 0.0))),
        ),
    ),
    "gelu": (
        ("x * scipy ndtr(x)", True, lambda x: x * sc.ndtr(x)),
        (
            "ndtr(x) + x*pdf(x)",
            False,
            lambda x: sc.ndtr(x) + x * (_INV_SQRT_2PI * np.exp(-0.5 * x * x)),
        ),
    ),
    "gelu_tanh": (
        ("0.5x(1+tanh(u))", False, _gelu_tanh_fast),
        ("textbook formula", False, _gelu_tanh_grad_fast),
    ),
    "silu": (
        ("x * scipy expit(x)", True, lambda x: x * sc.expit(x)),
        ("s*(1+x(1-s))", False, _silu_grad_fast),
    ),
    "softplus": (
        ("np.logaddexp(0, x)", True, lambda x: np.logaddexp(0.0, x)),
        ("scipy expit", True, sc.expit),
    ),
    "mish": (
        ("x*tanh(logaddexp(0,x))", False, lambda x: x * np.tanh(np.logaddexp(0.0, x))),
        ("textbook formula", False, _mish_grad_fast),
    ),
    "relu6": (
        ("np.clip(x, 0, 6)", True, lambda x: np.clip(x, 0.0, 6.0)),
        ("(x>0)&(x<=6)", False, lambda x: ((x > 0) & (x <= 6)).astype(x.dtype)),
    ),
    "hard_tanh": (
        ("np.clip(x, -1, 1)", True, lambda x: np.clip(x, -1.0, 1.0)),
        ("(x>-1)&(x<=1)", False, lambda x: ((x > -1) & (x <= 1)).astype(x.dtype)),
    ),
    "hard_sigmoid": (
        ("np.clip(x/6+0.5, 0, 1)", False, lambda x: np.clip(x / 6 + 0.5, 0.0, 1.0)),
        ("np.where(-3<x<=3, 1/6, 0)", False, lambda x: np.where((x > -3) & (x <= 3), 1 / 6, 0.0)),
    ),
    "hard_swish": (
        ("x*clip(x+3,0,6)/6", False, lambda x: x * np.clip(x + 3.0, 0.0, 6.0) / 6.0),
        ("np.where + x/3+0.5", False, _hard_swish_grad_fast),
    ),
    "softsign": (
        ("x / (1 + |x|)", False, lambda x: x / (1.0 + np.abs(x))),
        ("1 / (1 + |x|)**2", False, lambda x: 1.0 / (1.0 + np.abs(x)) ** 2),
    ),
    "celu": (
        ("np.where + expm1", False, lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))),
        ("np.where + exp", False, lambda x: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0)))),
    ),
    "log_sigmoid": (
        ("scipy log_expit", True, sc.log_expit),
        ("scipy expit(-x)", True, lambda x: sc.expit(-x)),
    ),
}

FAST_SOFTMAX: dict[str, Reference] = {
    "softmax": ("scipy softmax", True, lambda x: sc.softmax(x, axis=-1)),
    "log_softmax": ("scipy log_softmax", True, lambda x: sc.log_softmax(x, axis=-1)),
}
