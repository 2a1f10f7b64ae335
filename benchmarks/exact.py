"""Exact values of the book's functions, in arbitrary precision, and errors in ulp.

Kept beside the benchmarks (not in the package): the accuracy benchmark and the tests use
it; appendix A writes its own references on the page.

``EXACT[name] = (f, f')`` for every registry name: mpmath functions of an ``mpf``,
written from the textbook formulas (no float64 anywhere), with the registry's default
parameters; call them inside ``mpmath.workdps(...)`` (40 digits are plenty for float64;
the accuracy benchmark uses 200 bits). ``ulp_error`` measures a float result against
such an exact value in units in the last place of the float format.

Examples
--------
>>> import mpmath as mp
>>> with mp.workdps(40):
...     round(ulp_error(0.1 + 0.2, mp.mpf(3) / 10), 2)
0.8
"""

from __future__ import annotations

import math
from collections.abc import Callable

import mpmath as mp
import numpy as np

__all__ = ["EXACT", "ulp_error"]

# The registry's default leaky_relu slope, as the double the function receives (elu's
# alpha is 1), and the SELU constants of Klambauer et al. (2017) to the paper's digits.
LEAKY_SLOPE = 0.01
SELU_ALPHA = "1.6732632423543772848170429916717"
SELU_LAMBDA = "1.0507009873554804934193349852946"


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
    c = mp.mpf("0.044715")
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


def _clip(x: mp.mpf, lo: int, hi: int) -> mp.mpf:
    return mp.mpf(min(max(x, lo), hi))


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
        lambda x: x if x > 0 else mp.expm1(x),
        lambda x: mp.mpf(1) if x > 0 else mp.exp(x),
    ),
    "selu": (_selu, _selu_grad),
    "gelu": (lambda x: x * _phi_cdf(x), lambda x: _phi_cdf(x) + x * _phi_pdf(x)),
    "gelu_tanh": (_gelu_tanh, _gelu_tanh_grad),
    "silu": (lambda x: x * _sig(x), lambda x: _sig(x) * (1 + x * _sig(-x))),
    "softplus": (_softplus, _sig),
    "mish": (_mish, _mish_grad),
    # PyTorch's seven; derivatives are the left ones at the kinks, as the package's
    "relu6": (lambda x: _clip(x, 0, 6), lambda x: mp.mpf(0 < x <= 6)),
    "hard_tanh": (lambda x: _clip(x, -1, 1), lambda x: mp.mpf(-1 < x <= 1)),
    "hard_sigmoid": (lambda x: _clip(x / 6 + 0.5, 0, 1), lambda x: mp.mpf(-3 < x <= 3) / 6),
    "hard_swish": (
        lambda x: x * _clip(x + 3, 0, 6) / 6,
        lambda x: mp.mpf(0) if x <= -3 else ((2 * x + 3) / 6 if x <= 3 else mp.mpf(1)),
    ),
    "softsign": (lambda x: x / (1 + abs(x)), lambda x: 1 / (1 + abs(x)) ** 2),
    "celu": (lambda x: x if x > 0 else mp.expm1(x), lambda x: mp.mpf(1) if x > 0 else mp.exp(x)),
    "log_sigmoid": (lambda x: -_softplus(-x), lambda x: _sig(-x)),
}


#: significand bits p (with the implicit one), smallest and largest normal exponents
_FORMATS = {"float64": (53, -1022, 1023), "float32": (24, -126, 127), "float16": (11, -14, 15)}


def ulp_error(computed: float, exact: mp.mpf, dtype: str | type = "float64") -> float:
    """|computed - exact| in units of the last place of *exact* in the format *dtype*.

    The ulp of a number in [2**e, 2**(e + 1)) is 2**(e - p + 1) with p significand bits,
    and the subnormal spacing below the normal range, so a correctly rounded result is
    within 0.5. NaN is infinitely wrong; an infinite result counts as exact where the
    exact value is beyond the largest finite number (by more than half an ulp).
    """
    name = np.dtype(dtype).name
    if name not in _FORMATS:
        raise ValueError(f"dtype must be float16, float32 or float64, got {dtype!r}")
    p, emin, emax = _FORMATS[name]
    computed = float(computed)
    if math.isnan(computed):
        return math.inf
    overflow = mp.ldexp(1, emax + 1) - mp.ldexp(1, emax - p)  # max + ulp(max) / 2
    if abs(exact) >= overflow:
        return 0.0 if computed == math.copysign(math.inf, exact) else math.inf
    if math.isinf(computed):
        return math.inf
    k = emin if exact == 0 else max(int(mp.frexp(exact)[1]) - 1, emin)
    return float(abs(mp.mpf(computed) - exact) / mp.ldexp(1, k - p + 1))
