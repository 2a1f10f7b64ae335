"""What the registry of :mod:`activations.functions` needs besides the formulas (private).

The checks of the parameters (leaky_relu's slope, the alpha of elu and celu), the mean and
variance of an activation on standard normal input (by quadrature), and the softmax
Jacobian with a diagonal that keeps its relative precision.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from . import _kernels as _k
from ._validate import _check_real_param


def check_slope(slope: Any) -> float:
    """leaky_relu's slope as a float in [0, 1), or TypeError/ValueError saying why not."""
    value = _check_real_param(slope, "slope", "leaky_relu")
    if not (math.isfinite(value) and 0.0 <= value < 1.0):
        raise ValueError(
            "leaky_relu: slope must be a finite number in [0, 1) (the slope of the "
            f"negative side; 1 would be the identity), got {slope!r}"
        )
    return value


def check_alpha(alpha: Any, func: str = "elu") -> float:
    """elu's or celu's alpha as a float > 0, or TypeError/ValueError saying why not."""
    value = _check_real_param(alpha, "alpha", func)
    if not (math.isfinite(value) and value > 0.0):
        raise ValueError(f"{func}: alpha must be a finite number > 0, got {alpha!r}")
    return value


@functools.cache  # entries are hashable; each pair is computed once per process
def normal_moments(f: Callable[[Any], Any]) -> tuple[float, float]:
    """Mean and variance of f(Z) for Z ~ N(0, 1), by quadrature on each side of 0."""
    from scipy.integrate import quad

    def moment(power: int) -> float:
        def integrand(z: float) -> float:
            value = float(f(np.float64(z)))
            return value**power * math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)

        left = quad(integrand, -math.inf, 0.0, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
        right = quad(integrand, 0.0, math.inf, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
        return left + right

    mean = moment(1)
    variance = moment(2) - mean * mean
    # Quadrature is good to ~1e-12: round there, so an exact 0 prints as 0, not -0.
    return (round(mean, 12) + 0.0, round(variance, 12) + 0.0)


def softmax_jacobian_of(arr: np.ndarray) -> Any:
    """The body of functions.softmax_jacobian, for a validated 1-D float array.

    The logits are shifted by their maximum with the shift's rounding error kept, as in
    softmax, and float16 is computed in float32.
    """
    work = arr.astype(np.float32) if arr.dtype == np.float16 else arr
    n = work.shape[0]
    if n == 0:
        return np.zeros((0, 0), dtype=arr.dtype)
    with np.errstate(under="ignore"):
        shifted, corr = _k._shifted_logits(work, 0)
        e = np.exp(shifted)
        e = e + e * corr
        total = np.sum(e)
        p = e / total
        zero = np.zeros(1, dtype=work.dtype)
        before = np.concatenate([zero, np.cumsum(e[:-1])])
        after = np.concatenate([np.cumsum(e[::-1])[::-1][1:], zero])
        jac = -np.outer(p, p)
        jac[np.diag_indices(n)] = p * ((before + after) / total)
    return _k._finish(jac, arr.dtype, jac.shape)
