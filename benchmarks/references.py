"""What the book's functions are measured against.

``EXACT``: each registry function and its derivative in arbitrary precision (mpmath),
written from the textbook formulas, for the accuracy benchmark. ``FAST``: the fastest
implementation this environment offers (a scipy.special or NumPy ufunc where one
exists, else the plain NumPy expression a reader would write), for the speed
benchmark; the accuracy benchmark measures these too, for comparison.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath as mp
import numpy as np
import scipy.special as sc

# Parameters at their registry defaults, as the doubles the functions receive.
LEAKY_SLOPE = 0.01
ELU_ALPHA = 1.0
# SELU constants as defined by Klambauer et al. (2017), to the digits of the paper.
SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_LAMBDA = "1.0507009873554804934193349852946"
GELU_TANH_COEFF = "0.044715"

# --------------------------------------------------------------------------------------
# Exact values (mpmath; call inside a workprec context of ~200 bits)
# --------------------------------------------------------------------------------------


def _sig(x: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-x)) if x >= 0 else mp.exp(x) / (1 + mp.exp(x))


def _softplus(x: mp.mpf) -> mp.mpf:
    return max(x, 0) + mp.log1p(mp.exp(-abs(x)))


def _sech2(x: mp.mpf) -> mp.mpf:
    e = mp.exp(-2 * abs(x))
    return 4 * e / (1 + e) ** 2


def _erfc(z: mp.mpf) -> mp.mpf:
    """erfc(z); mpmath's own fails for |z| > ~1e150, where the asymptotic series is
    exact to far beyond 200 bits."""
    if abs(z) < 1e6:
        return mp.erfc(z)
    if z < 0:
        return 2 - _erfc(-z)
    t = 1 / (2 * z * z)
    return mp.exp(-z * z) / (z * mp.sqrt(mp.pi)) * (1 - t + 3 * t * t - 15 * t**3)


def _phi_cdf(x: mp.mpf) -> mp.mpf:
    return _erfc(-x / mp.sqrt(2)) / 2


def _phi_pdf(x: mp.mpf) -> mp.mpf:
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def _gelu_tanh_v(x: mp.mpf) -> tuple[mp.mpf, mp.mpf]:
    """v = 2 sqrt(2/pi) (x + c x**3) and dv/dx, so that gelu_tanh(x) = x sigmoid(v)."""
    c = mp.mpf(GELU_TANH_COEFF)
    k = 2 * mp.sqrt(2 / mp.pi)
    return k * (x + c * x**3), k * (1 + 3 * c * x * x)


def _gelu_tanh(x: mp.mpf) -> mp.mpf:
    v, _ = _gelu_tanh_v(x)
    return x * _sig(v)


def _gelu_tanh_grad(x: mp.mpf) -> mp.mpf:
    v, dv = _gelu_tanh_v(x)
    return _sig(v) * (1 + x * _sig(-v) * dv)


def _selu(x: mp.mpf) -> mp.mpf:
    lam, alpha = mp.mpf(SELU_LAMBDA), mp.mpf(SELU_ALPHA)
    return lam * x if x > 0 else lam * alpha * mp.expm1(x)


def _selu_grad(x: mp.mpf) -> mp.mpf:
    lam, alpha = mp.mpf(SELU_LAMBDA), mp.mpf(SELU_ALPHA)
    return lam if x > 0 else lam * alpha * mp.exp(x)


def _mish(x: mp.mpf) -> mp.mpf:
    return x * mp.tanh(_softplus(x))


def _mish_grad(x: mp.mpf) -> mp.mpf:
    sp = _softplus(x)
    return mp.tanh(sp) + x * _sig(x) * _sech2(sp)


EXACT: dict[str, tuple[Callable[[mp.mpf], mp.mpf], Callable[[mp.mpf], mp.mpf]]] = {
    "identity": (lambda x: x, lambda x: mp.mpf(1)),
    "step": (lambda x: mp.mpf(1 if x > 0 else 0), lambda x: mp.mpf(0)),
    "sigmoid": (_sig, lambda x: _sig(x) * _sig(-x)),
    "tanh": (mp.tanh, _sech2),
    "relu": (lambda x: max(x, mp.mpf(0)), lambda x: mp.mpf(1 if x > 0 else 0)),
    "leaky_relu": (
        lambda x: x if x > 0 else mp.mpf(LEAKY_SLOPE) * x,
        lambda x: mp.mpf(1 if x > 0 else LEAKY_SLOPE),
    ),
    "elu": (
        lambda x: x if x > 0 else ELU_ALPHA * mp.expm1(x),
        lambda x: mp.mpf(1) if x > 0 else ELU_ALPHA * mp.exp(x),
    ),
    "selu": (_selu, _selu_grad),
    "gelu": (lambda x: x * _phi_cdf(x), lambda x: _phi_cdf(x) + x * _phi_pdf(x)),
    "gelu_tanh": (_gelu_tanh, _gelu_tanh_grad),
    "silu": (lambda x: x * _sig(x), lambda x: _sig(x) * (1 + x * _sig(-x))),
    "softplus": (_softplus, _sig),
    "mish": (_mish, _mish_grad),
}


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
}

FAST_SOFTMAX: dict[str, Reference] = {
    "softmax": ("scipy softmax", True, lambda x: sc.softmax(x, axis=-1)),
    "log_softmax": ("scipy log_softmax", True, lambda x: sc.log_softmax(x, axis=-1)),
}
