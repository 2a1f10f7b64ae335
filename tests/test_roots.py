"""Tests of the root series: the derivatives of GELU, gelu_tanh, SiLU and Mish near their
root keep full relative precision (src/activations/_roots.py, _root_series.py)."""

from __future__ import annotations

from pathlib import Path

import mpmath as mp
import numpy as np
import pytest

from activations import get
from activations._root_series import ROOT_SERIES
from activations._roots import near_root

ROOT = Path(__file__).resolve().parents[1]
NAMES = sorted(ROOT_SERIES)


def _sig(x):
    return 1 / (1 + mp.exp(-x))


def _gelu_tanh_grad(x):
    k, c = 2 * mp.sqrt(2 / mp.pi), mp.mpf("0.044715")
    v = k * (x + c * x**3)
    return _sig(v) * (1 + x * _sig(-v) * k * (1 + 3 * c * x**2))


EXACT_GRAD = {
    "gelu": lambda x: mp.ncdf(x) + x * mp.npdf(x),
    "gelu_tanh": _gelu_tanh_grad,
    "silu": lambda x: _sig(x) * (1 + x * _sig(-x)),
    "mish": lambda x: (
        mp.tanh(mp.log1p(mp.exp(x))) + x * _sig(x) * mp.sech(mp.log1p(mp.exp(x))) ** 2
    ),
}


def _points_near_root(name: str) -> np.ndarray:
    """r_hi and its float64 neighbours, points across the window and its two edges."""
    r_hi = ROOT_SERIES[name]["root"][0]
    lo, hi = ROOT_SERIES[name]["window"]
    k = np.array([0, 1, 2, 3, 5, 10, 30, 100, 1000, 10**5, 10**8], dtype=np.float64)
    neighbours = r_hi + np.concatenate([k, -k[1:]]) * np.spacing(r_hi)
    return np.concatenate([neighbours, np.linspace(lo, hi, 160)])  # linspace ends: lo, hi


@pytest.mark.parametrize("name", NAMES)
def test_derivative_near_its_root_has_full_relative_precision(name):
    # The kernels' sums of O(1) terms lose all relative precision here (10**16 ulp at
    # x = r_hi); with the root series the measured maximum is 1.06 ulp.
    x = _points_near_root(name)
    grad = get(name).grad(x)
    with mp.workprec(200):
        for xi, gi in zip(x, grad, strict=True):
            exact = EXACT_GRAD[name](mp.mpf(float(xi)))
            ulp = np.spacing(abs(float(exact)))
            err = float(abs(mp.mpf(float(gi)) - exact)) / ulp
            assert err <= 1.5, f"{name}'({xi!r}) = {gi!r}: {err:.3g} ulp"


@pytest.mark.parametrize("name", NAMES)
def test_derivative_changes_sign_exactly_at_the_root(name):
    # f'(x) has the sign of c1 (x - r), c1 > 0, for every float64 x next to r.
    r_hi, r_lo, _ = ROOT_SERIES[name]["root"]
    below = r_hi if r_lo > 0 else np.nextafter(r_hi, -np.inf)
    x = np.array([np.nextafter(below, -np.inf), below, np.nextafter(below, np.inf)])
    x = np.append(x, np.nextafter(x[-1], np.inf))
    assert list(np.sign(get(name).grad(x))) == [-1.0, -1.0, 1.0, 1.0]


@pytest.mark.parametrize("name", NAMES)
def test_near_root_only_touches_the_window_and_keeps_nan(name):
    lo, hi = ROOT_SERIES[name]["window"]
    x = np.array([np.nan, -np.inf, np.inf, np.nextafter(lo, -np.inf), lo, hi, 0.5 * (lo + hi)])
    x_before = x.copy()
    out = np.full_like(x, 7.0)
    with np.errstate(all="raise"):
        result = near_root(name, x, out)
    assert result is out
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(out[:4], 7.0)  # NaN, infinities and outside: untouched
    assert np.all(np.isfinite(out[4:])) and np.all(out[4:] != 7.0)
    assert np.isnan(get(name).grad(np.nan))
    # No jump at the edges: the kernel just outside and the series just inside agree.
    g = get(name).grad(np.array([np.nextafter(lo, -np.inf), lo, hi, np.nextafter(hi, np.inf)]))
    assert abs(g[0] - g[1]) <= 8 * np.spacing(abs(g[1]))
    assert abs(g[3] - g[2]) <= 8 * np.spacing(abs(g[2]))
