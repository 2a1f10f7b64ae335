"""GELU's normal CDF: the fitted polynomial of _normal_tail and the kernels built on it."""

from __future__ import annotations

from pathlib import Path

import mpmath as mp
import numpy as np
import pytest
import scipy.special as sc

import activations
from activations import _normal_tail as nt

ROOT = Path(__file__).resolve().parents[1]


def _g_exact(t: mp.mpf) -> mp.mpf:
    """2 (1 + B t) exp(t**2/2) Phi(-t) - 1, the function the polynomial fits."""
    return (1 + nt.B * t) * mp.erfc(t / mp.sqrt(2)) * mp.exp(t * t / 2) - 1


def _ulp(actual: float, exact: mp.mpf) -> float:
    return float(abs(mp.mpf(actual) - exact)) / np.spacing(abs(float(exact)))


def test_polynomial_fits_g_to_far_below_a_float64_ulp():
    # Evaluated in float64 by Horner's rule exactly as the kernel does, against mpmath.
    t = np.concatenate([np.linspace(0.0, nt.TMAX, 301), [1e-300, 0.7518, 26.0, 38.6]])
    s = nt.SCALE * (t / (t + nt.K)) - 1.0
    p = np.full_like(s, nt.COEFFS[0])
    for c in nt.COEFFS[1:]:
        p = p * s + c
    with mp.workdps(40):
        exact = [_g_exact(mp.mpf(float(ti))) for ti in t]
        worst = max(abs(mp.mpf(float(pi)) - ei) for pi, ei in zip(p, exact, strict=True))
    # 1 + g is what enters the result: an error of 2**-54 is a quarter of its ulp
    assert worst < 2.0**-54, float(worst)
    assert nt.RANGE[0] > -0.25 and nt.RANGE[1] < 0.25


def test_gelu_is_within_2_ulp_on_a_dense_grid_including_the_deep_tail():
    rng = np.random.default_rng(3)
    x = np.concatenate(
        [
            np.linspace(-39.0, 9.0, 1201),
            rng.uniform(-38.6, -26.0, 300),  # scaled by 2**512 inside the kernel
            rng.uniform(-3.0, 3.0, 300),
            [-1e-300, 5e-324, 1e-10, 0.5, -0.7517915246935645, 8.3, 37.99],
        ]
    )
    y = activations.gelu(x)
    with mp.workdps(40):
        errors = [
            _ulp(float(yi), mp.mpf(float(xi)) * mp.ncdf(mp.mpf(float(xi))))
            for xi, yi in zip(x, y, strict=True)
        ]
    assert max(errors) <= 2.0, (max(errors), x[int(np.argmax(errors))])


def test_gelu_limits_and_special_values():
    x = np.array([-np.inf, -1e300, -40.5, 40.5, 1e300, np.inf, np.nan, 0.0])
    y = activations.gelu(x)
    assert np.all(y[:3] == 0.0) and np.all(np.signbit(y[:3]))  # -0.0: the limit from below
    np.testing.assert_array_equal(y[3:6], x[3:6])
    assert np.isnan(y[6]) and y[7] == 0.0
    g = activations.get("gelu").grad(x)
    assert np.all(g[:3] == 0.0) and np.all(g[3:6] == 1.0) and np.isnan(g[6]) and g[7] == 0.5


@pytest.mark.parametrize("dtype", [np.float16, np.float32])
def test_float16_and_float32_use_the_cheaper_formula_without_losing_accuracy(dtype):
    # For these dtypes _apply switches to x erfc(-x/sqrt 2)/2 in float64; the result must
    # be what rounding the accurate float64 value gives, or one ulp from it.
    x = np.linspace(-15.0, 6.0, 2001).astype(dtype)
    low = activations.gelu(x)
    high = activations.gelu(x.astype(np.float64)).astype(dtype)
    steps = np.abs(low.astype(np.float64) - high.astype(np.float64))
    spacing = np.spacing(np.abs(high)).astype(np.float64)
    assert np.all((steps == 0) | (steps <= spacing)), x[np.argmax(steps / spacing)]
    assert np.all(np.isfinite(low))


def test_gelu_agrees_with_scipy_where_ndtr_is_accurate():
    x = np.linspace(-1.0, 8.0, 1001)  # ndtr loses ~x**2 ulp further left
    np.testing.assert_allclose(activations.gelu(x), x * sc.ndtr(x), rtol=1e-15, atol=1e-300)
