"""Derivatives of GELU, gelu_tanh, SiLU and Mish near their root, without cancellation.

Each of these derivatives is a sum of terms of size ~1 (for SiLU, sigmoid(x) and
x sigmoid(x) sigmoid(-x)) that cancel at a simple root r near x = -1, the minimum of
the function. A float64 sum of such terms has an absolute error of a few ulp(1), so its
*relative* error grows like 1 / |f'(x)| near r, without bound. Near r we use instead
the Taylor series of f' at r,

    f'(x) = t (c1 + t (c2 + ... + t cn)),    t = x - r,

whose value is proportional to t: if t is known to full relative precision, so is
f'(x). The root r, the coefficients c_k and the window [lo, hi] where the series
replaces the kernel come from ``_root_series.py``, written by tools/gen_root_series.py
with mpmath.

Accuracy. Three things are done more carefully than plain float64 Horner:

- t = x - r is formed as a double-double th + tl from r = r_hi + r_lo + r_tail, so t
  is exact to ~2**-106 relative, even for the float64 x next to r, where t ~ 1e-17;
- the m outer Horner steps p = c_k + t p, k = m, ..., 1 (m = 2), and the
  product t p are formed with Dekker's exact product and Knuth's exact sum, with
  c1, ..., cm as double-doubles; the inner part q = c(m+1) + t (c(m+2) + ...) is plain
  Horner. The only errors left are the final rounding (0.5 ulp) and the error of q,
  damped by |t**m q| / |f'(x)| (< 0.2 in these windows);
- the coefficients are exact to the last bit (mpmath at 100 digits), and the series is
  truncated where the rest is below 2**-56 relative.

Measured (benchmarks/accuracy.py, and tests/test_roots.py at r's float64 neighbours):
within 0.7 ulp of the exact value in each window.
"""

from __future__ import annotations

import numpy as np

from ._dd import split as _split
from ._dd import two_prod
from ._dd import two_sum as _two_sum
from ._root_series import ROOT_SERIES

__all__ = ["near_root"]


def _series(x: np.ndarray, s: dict) -> np.ndarray:
    """The Taylor series of f' at its root r, for x in the window of *s*."""
    r_hi, r_lo, r_tail = s["root"]
    coeffs, coeffs_lo = s["coeffs"], s["coeffs_lo"]
    m = len(coeffs_lo)  # the outer m steps are done in double-double
    # t = x - r = th + tl. x - r_hi = d + d_err exactly (d_err = 0 by Sterbenz's lemma
    # for x in [2 r_hi, r_hi / 2], i.e. wherever t is small). The fast two-sum of d and
    # -r_lo is exact because |d| >= ulp(r_hi) > |r_lo| unless d = 0.
    d, d_err = _two_sum(x, -r_hi)
    th = d - r_lo
    tl = (((d - th) - r_lo) + d_err) - r_tail
    th_parts = _split(th)
    # Inner part, plain Horner: q = c(m+1) + t (c(m+2) + ... + t cn). Its rounding
    # errors reach the result multiplied by |t**m q| / |f'(x)|, at most 0.75 in the
    # windows chosen by the generator.
    q = np.full_like(th, coeffs[-1])
    for c in coeffs[-2 : m - 1 : -1]:
        q *= th
        q += c
    # Outer steps, for k = m, ..., 1: p = c_k + t p, with p = ph + pl a double-double.
    # Near the root these terms are large and of both signs (f' is their small sum), so
    # they are formed exactly: Dekker's product and Knuth's sum, c_k = hi + lo. The
    # small cross terms (th pl, tl ph) need only a plain product.
    ph, pl = q, np.zeros_like(q)
    for k in range(m - 1, -1, -1):
        a, a_err = two_prod(th, ph, th_parts)
        ph_new, s_err = _two_sum(coeffs[k], a)
        pl = s_err + (a_err + (coeffs_lo[k] + (th * pl + tl * ph)))
        ph = ph_new
    # f'(x) = t p: one exact product, then a single rounding of the sum.
    yh, y_err = two_prod(th, ph, th_parts)
    return yh + (y_err + (th * pl + tl * ph))


def near_root(name: str, x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Overwrite out[i] with the root series of *name*'s derivative where x[i] is near r.

    *x* is the float64 input of a derivative kernel and *out* its result (same shape);
    out[i] is replaced where lo <= x[i] <= hi (the window of ROOT_SERIES[name]; NaN is
    never in it). *x* is not modified. Returns *out*.
    """
    s = ROOT_SERIES[name]
    lo, hi = s["window"]
    mask = (x >= lo) & (x <= hi)
    if mask.any():
        out[mask] = _series(x[mask], s)
    return out
