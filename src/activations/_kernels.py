"""The accurate float64 kernels behind the registry of :mod:`activations.functions` (private).

:mod:`activations.functions` shows each activation's formula and derivative in a few
lines; this module holds how they are evaluated to within a few ulp in every dtype and
without floating-point warnings (the conventions are listed in that module's docstring):
the dispatcher that validates, blocks and rounds (:func:`_apply`), double-double
arithmetic (Veltkamp's split, Dekker's product, Knuth's sum), the kernels themselves
(``_<name>_k`` and ``_<name>_grad_k``), GELU's normal CDF (with the polynomial of
``_normal_tail``), the series at the roots of four derivatives (``_roots``), and the row
machinery of softmax and log-softmax (:func:`_rowwise`). Appendix A of the book measures
the result.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import erfc

from . import _normal_tail
from ._dd import split as _split
from ._dd import two_prod as _two_prod
from ._dd import two_sum as _two_sum
from ._roots import near_root as _near_root
from ._validate import _as_float_array, _describe

#: SELU constants of Klambauer et al. (2017), to the precision given in the paper.
SELU_ALPHA = 1.6732632423543772848170429916717


SELU_LAMBDA = 1.0507009873554804934193349852946


#: lambda * alpha, rounded once from the exact product (1.7580993408473768599...).
SELU_LAMBDA_ALPHA = 1.7580993408473768599402175208123


#: The cubic coefficient of the tanh approximation of GELU (Hendrycks & Gimpel 2016).
GELU_TANH_COEFF = 0.044715


_INV_SQRT2 = 0.7071067811865476  # 1/sqrt(2)


_INV_SQRT_2PI = 0.3989422804014327  # 1/sqrt(2*pi)


# gelu_tanh(x) = x * sigmoid(v), v = x * (C1 + C3 * x**2) with C1 = 2*sqrt(2/pi) and
# C3 = 2*sqrt(2/pi)*0.044715. Each constant is stored as an unevaluated sum hi + lo of
# two doubles (values from mpmath at 60 digits), so that v can be formed to about 100
# bits: the far negative tail of x * sigmoid(v) amplifies any error in v by |v|.
_GT_C1_HI = 1.5957691216057308


_GT_C1_LO = -9.96930880911092e-17


_GT_C3_HI = 0.07135481627260025


_GT_C3_LO = -6.175149918155315e-19


# Beyond these |x| every function here has reached its limit to the last bit in every
# dtype (for example silu(-1e4) = -1e4 * e**-1e4 is 0 even in float64), so arguments
# are clipped there: that keeps x**2, x**3 and products like x * sigmoid(x) finite, and
# gives the right limits at +-inf instead of inf * 0 = NaN.
_CLIP = 1.0e4


_GT_CLIP = 1.0e3  # gelu_tanh cubes its argument: 1e9 is far from overflow


# GELU's normal CDF (see _phi_tail): t = |x| is clipped at _normal_tail.TMAX = 40, beyond
# which GELU is 0 or x to the last bit; below x = -26 the factor exp(-x**2/2) is scaled by
# 2**512 (as in _exp_deep), so that the double-double products below stay in the normal
# range, and the result is scaled back (and rounded once, if subnormal) at the end.
_GELU_DEEP = -26.0


# 1/sqrt(2 pi) = _INV_SQRT_2PI + _INV_SQRT_2PI_LO, and _INV_SQRT_2PI split into 26 + 27 bits
_INV_SQRT_2PI_LO = -2.49232720227773e-17  # from mpmath at 40 digits


# Clears the low 27 bits of a float64's significand (see _split_into).
_HIGH_BITS = np.int64(-(1 << 27))


_INV_SQRT_2PI_HI26 = float(
    (np.array([0.3989422804014327]).view(np.int64) & _HIGH_BITS).view(np.float64)[0]
)


_INV_SQRT_2PI_LO26 = 0.3989422804014327 - _INV_SQRT_2PI_HI26


# Below x = -700, e**x is within reach of the subnormal range. There, products like
# x * e**x are formed as (x * (e**x * 2**512)) * 2**-512 (see _exp_deep), with
# ln 2 = _LN2_HI + _LN2_LO, _LN2_HI a multiple of 2**-43 so that 512 * _LN2_HI is exact.
_DEEP = -700.0


_DEEP_SHIFT = 512


_SILU_SPLIT = -20.0  # silu's kernel changes formula below this


_LN2_HI = 0.6931471805598903


_LN2_LO = 5.497923018708371e-14


_DEEP_CORRECTION = 2.8149365856183054e-11  # expm1(512 * _LN2_LO)


_SATURATION_KINDS = ("no", "negative", "positive", "both")


_CHUNK = 32768  # elements per block in _apply (256 KiB of float64)


def _finish(out: np.ndarray, dtype: np.dtype, shape: tuple[int, ...]) -> Any:
    """Round *out* back to the input dtype and return an array of *shape* (or a scalar)."""
    if out.dtype != dtype:
        # A float16/float32 input computed in float64 (or float16 softmax in float32): a
        # value beyond the dtype's range becomes +-inf, the correctly rounded result.
        with np.errstate(over="ignore", under="ignore"):
            out = out.astype(dtype)
    if shape == ():
        return out.reshape(())[()]
    return out


def _apply(
    kernel: Callable[..., np.ndarray], x: ArrayLike, func_name: str, params: Mapping[str, float]
) -> Any:
    """Validate *x*, run the elementwise *kernel* on it and restore dtype and shape.

    The kernel sees an array of at least one dimension (so that NumPy ufuncs return
    arrays, not scalars): float64 for every kernel but the few _NATIVE ones (the exact
    ones, and tanh), so that float16 and float32 results are rounded once, from a
    float64 value (and reach their subnormal range without an intermediate loss). It
    must return a new array and never write into its input.

    Large inputs go through the kernel in blocks of _CHUNK elements: the formulas here
    make several temporaries, and blocks that fit in the CPU cache run 2-3 times faster
    than whole-array temporaries (a Python loop over blocks, not over elements).
    """
    arr = _as_float_array(x, func_name)
    if arr.dtype.itemsize < 8:  # float16 or float32 (of either byte order)
        kernel = _LOW_PRECISION.get(kernel, kernel)
    native = kernel in _NATIVE
    if kernel in _WORKSPACE:  # one scratch block for all the chunks (see _WORKSPACE)
        rows = np.empty((_WORKSPACE[kernel], max(1, min(arr.size, _CHUNK))))
        params = {**params, "work": rows}
    if native or arr.size <= _CHUNK:
        block = arr.reshape(1) if arr.ndim == 0 else arr
        if not native:
            block = block.astype(np.float64, copy=False)
        with np.errstate(under="ignore"):  # underflow to subnormal/0 is the right answer
            out = kernel(block, **params)
        return _finish(out, arr.dtype, arr.shape)
    flat = arr.reshape(-1)
    out = np.empty(flat.shape, dtype=arr.dtype)
    for start in range(0, flat.size, _CHUNK):
        block = flat[start : start + _CHUNK].astype(np.float64, copy=False)
        with np.errstate(under="ignore"):
            result = kernel(block, **params)
        with np.errstate(over="ignore", under="ignore"):  # rounding to float16/32, as _finish
            out[start : start + _CHUNK] = result
    return out.reshape(arr.shape)


def _keep_nan(out: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Put x's NaNs into *out* (for piecewise formulas built from comparisons)."""
    np.copyto(out, x, where=np.isnan(x))
    return out


def _exp_deep(y: np.ndarray) -> np.ndarray:
    """exp(y) * 2**512 for y <= -700, where exp(y) itself would be subnormal or 0.

    y + 512 * LN2_HI is exact (both are multiples of 2**-43 and the sum is < 1024 in
    magnitude), so the only roundings are exp's and one product. Callers multiply by
    their other factors first and apply ``np.ldexp(..., -512)`` last: a subnormal result
    is then rounded once, instead of an early subnormal exp(y) losing its low bits.
    """
    m = np.exp(y + _DEEP_SHIFT * _LN2_HI)
    return m + m * _DEEP_CORRECTION


def _exp_neg_half_square(x: np.ndarray, shift: np.ndarray | int = 0) -> np.ndarray:
    """exp(-x**2 / 2) * 2**shift for float64 |x| <= 1e4, without x**2's rounding error.

    x = xh + xl with 26-bit halves makes xh**2 exact, so x**2 / 2 = hi + lo exactly
    (up to a negligible rounding of the small lo); exp(-hi) (1 + expm1(-lo)) then has
    about one ulp of error, where exp(-fl(x**2) / 2) would be off by up to x**2 / 2
    ulp. *shift* (0 or 512 per element, see _exp_deep) keeps values near underflow
    normal.
    """
    xh, xl = _split(x)
    hi = 0.5 * (xh * xh)
    lo = xh * xl + 0.5 * (xl * xl)
    m = np.exp(shift * _LN2_HI - hi)
    return m + m * np.expm1(shift * _LN2_LO - lo)


def _gelu_tanh_argument(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """v = x * (C1 + C3 * x**2) as an unevaluated sum vh + vl, |vl| <= ulp(vh) / 2.

    Double-double arithmetic (Dekker products, Knuth sums) on float64 |x| <= 1e3.
    """
    x2, x2_err = _two_prod(x, x)
    r, r_err = _two_prod(x2, _GT_C3_HI)
    r_err = r_err + (_GT_C3_HI * x2_err + _GT_C3_LO * x2)
    s = _GT_C1_HI + r  # Knuth's two-sum of C1_HI and r
    bv = s - _GT_C1_HI
    s_err = ((_GT_C1_HI - (s - bv)) + (r - bv)) + (r_err + _GT_C1_LO)
    vh, vl = _two_prod(x, s)
    vl = vl + x * s_err
    v = vh + vl  # renormalise (fast two-sum, |vh| >= |vl|)
    return v, vl - (v - vh)


def _mish_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(e, den, nonneg) for tanh(softplus(x)) without overflow or cancellation.

    With u = e**x, tanh(log(1 + u)) = (u**2 + 2u) / (u**2 + 2u + 2). Using e = exp(-|x|):
    for x >= 0 it is 1 - 2e**2 / den with den = 1 + 2e + 2e**2, and for x < 0 it is
    e - e**2 (1 + e) / den with den = e**2 + 2e + 2. Both corrections are small next to
    the leading term, so nothing cancels.
    """
    e = np.exp(-np.abs(x))
    nonneg = x >= 0
    ee = e * e
    den = np.where(nonneg, (1.0 + 2.0 * e) + 2.0 * ee, (2.0 + 2.0 * e) + ee)
    return e, den, nonneg


def _identity_k(x: np.ndarray) -> np.ndarray:
    return x.copy()


def _identity_grad_k(x: np.ndarray) -> np.ndarray:
    return _keep_nan(np.ones_like(x), x)


def _step_k(x: np.ndarray) -> np.ndarray:
    return _keep_nan((x > 0).astype(x.dtype), x)


def _step_grad_k(x: np.ndarray) -> np.ndarray:
    return _keep_nan(np.zeros_like(x), x)


def _exp_neg_abs(x: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """exp(-scale * |x|) in (0, 1], in a new array (computed in place: these kernels are
    memory-bound, and each temporary of a large array costs as much as an exp)."""
    e = np.abs(x)
    np.multiply(e, -scale, out=e)
    return np.exp(e, out=e)


def _sigmoid_k(x: np.ndarray, work: np.ndarray | None = None) -> np.ndarray:
    # With e = exp(-|x|) and d = 1 + e: 1 / d for x >= 0, and e / d for x < 0, written
    # e - e (e / d), which rounds its leading term once less (max error 1.6 ulp, not 2.4).
    # The temporaries live in *work* when _apply provides it (see _WORKSPACE).
    if work is None:
        work = np.empty((3, x.size))
    e, d, neg = work[:, : x.size].reshape((3, *x.shape))
    np.abs(x, out=e)
    np.negative(e, out=e)
    np.exp(e, out=e)
    np.add(e, 1.0, out=d)
    np.divide(e, d, out=neg)
    neg *= e
    np.subtract(e, neg, out=neg)
    return np.where(x >= 0, np.divide(1.0, d, out=d), neg)


def _sigmoid_grad_k(x: np.ndarray) -> np.ndarray:
    # sigmoid(x) sigmoid(-x) = e / (1 + e)**2 with e = exp(-|x|): full relative
    # precision in both tails (1 - sigmoid(x) would cancel for large x).
    e = _exp_neg_abs(x)
    d = e + 1.0
    return np.divide(e, np.multiply(d, d, out=d), out=e)


def _tanh_k(x: np.ndarray) -> np.ndarray:
    return np.tanh(x)


def _tanh_grad_k(x: np.ndarray) -> np.ndarray:
    # sech(x)**2 = 4 e / (1 + e)**2 with e = exp(-2|x|); 1 - tanh(x)**2 would lose all
    # relative precision for |x| > 19. The clip keeps 2|x| finite.
    e = _exp_neg_abs(np.clip(x, -_CLIP, _CLIP), 2.0)
    d = e + 1.0
    np.multiply(e, 4.0, out=e)
    return np.divide(e, np.multiply(d, d, out=d), out=e)


def _relu_k(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def _relu_grad_k(x: np.ndarray) -> np.ndarray:
    return _keep_nan((x > 0).astype(x.dtype), x)


def _leaky_relu_k(x: np.ndarray, slope: float) -> np.ndarray:
    if slope == 0.0:
        return np.maximum(x, 0.0)  # 0 * -inf would be NaN
    return np.where(x > 0, x, slope * x)


def _leaky_relu_grad_k(x: np.ndarray, slope: float) -> np.ndarray:
    return _keep_nan(np.where(x > 0, 1.0, slope).astype(x.dtype, copy=False), x)


def _elu_k(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))


def _elu_grad_k(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))


def _selu_k(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):  # lambda * x > max only where the true SELU is too
        pos = SELU_LAMBDA * np.maximum(x, 0.0)
    return np.where(x > 0, pos, SELU_LAMBDA_ALPHA * np.expm1(np.minimum(x, 0.0)))


def _selu_grad_k(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, SELU_LAMBDA, SELU_LAMBDA_ALPHA * np.exp(np.minimum(x, 0.0)))


def _split_into(a: np.ndarray, hi: np.ndarray, lo: np.ndarray) -> None:
    """a = hi + lo exactly, hi with the leading 26 significant bits of a, lo the rest.

    Clearing the low 27 bits of the significand (a truncating split, two array passes
    instead of Veltkamp's four) leaves a 27-bit lo; in Dekker's product only lo * lo
    then rounds, an error of ~2**-106 of the product."""
    np.bitwise_and(a.view(np.int64), _HIGH_BITS, out=hi.view(np.int64))
    np.subtract(a, hi, out=lo)


def _product_error(
    ah: np.ndarray, al: np.ndarray, bh: np.ndarray, bl: np.ndarray, p: np.ndarray, out, tmp
) -> None:
    """out = a * b - p, where p = fl(a * b), a = ah + al, b = bh + bl (Dekker)."""
    np.multiply(ah, bh, out=out)
    out -= p
    np.multiply(ah, bl, out=tmp)
    out += tmp
    np.multiply(al, bh, out=tmp)
    out += tmp
    np.multiply(al, bl, out=tmp)
    out += tmp


def _phi_tail(xc: np.ndarray, work: np.ndarray) -> tuple[Any, ...]:
    """The pieces of Phi(-t), t = |xc| <= 40, for GELU and its derivative.

    Phi(-t) = exp(-t**2/2) R(t), and R(t) = (1 + g(s)) / (2 + 2t) with g the polynomial
    of _normal_tail (generated by tools/gen_normal_tail.py from mpmath) in
    s = SCALE t / (t + 6) - 1. Returned, as views into *work* (16 rows):

    - T, TH, TL: t and its split t = TH + TL;
    - Q, QH, QL, QLO: R = Q + QLO to ~2**-106 relative (the numerator 1 + g and the
      denominator 2 + 2t are formed exactly, the quotient's residual by Dekker's
      product), with Q = QH + QL split;
    - M, C: exp(-t**2/2) = M (1 + C), M = exp(-hi) with t**2/2 = hi + lo split exactly
      (hi = TH**2 / 2) and C = expm1(-lo) to O(lo**4), so that exp's ~0.66 ulp is the
      only rounding of this factor (exp(-fl(t**2)/2) would be off by up to t**2/2 ulp);
      below x = -26, M is scaled by 2**512 (SHIFT, None when no element needs it).

    The last item is a tuple of the 7 rows left free for the caller's scratch.
    """
    rows = work[:, : xc.size].reshape((work.shape[0], *xc.shape))
    T, S, P, NH, NL, DH, DL, Q, QH, QL, M, C, A, B, TH, TL = rows
    np.abs(xc, out=T)
    # s = SCALE t / (t + K) - 1, then g(s) by Horner's rule
    np.add(T, _normal_tail.K, out=S)
    np.divide(T, S, out=S)
    S *= _normal_tail.SCALE
    S -= 1.0
    coeffs = _normal_tail.COEFFS
    np.multiply(S, coeffs[0], out=P)
    P += coeffs[1]
    for coeff in coeffs[2:]:
        P *= S
        P += coeff
    # 1 + g = NH + NL exactly (|g| < 1/4), 2 + 2t = DH + DL exactly (Knuth's two-sum)
    np.add(P, 1.0, out=NH)
    np.subtract(NH, 1.0, out=NL)
    np.subtract(P, NL, out=NL)
    np.multiply(T, 2.0, out=S)
    np.add(S, 2.0, out=DH)
    np.subtract(DH, S, out=A)
    np.subtract(DH, A, out=B)
    np.subtract(S, B, out=B)
    np.subtract(2.0, A, out=DL)
    DL += B
    # R = (NH + NL) / (DH + DL) = Q + QLO: Q = fl(NH / DH), and the residual
    # NH - Q DH is exact (Dekker), so QLO = (NH - Q DH + NL - Q DL) / DH.
    np.divide(NH, DH, out=Q)
    _split_into(Q, QH, QL)
    _split_into(DH, A, B)
    np.multiply(Q, DH, out=S)
    _product_error(QH, QL, A, B, S, P, M)
    np.subtract(NH, S, out=S)
    S -= P
    S += NL
    np.multiply(Q, DL, out=A)
    S -= A
    QLO = np.divide(S, DH, out=NL)
    # exp(-t**2/2) = M (1 + C)
    _split_into(T, TH, TL)
    np.multiply(TH, TH, out=M)
    M *= -0.5  # -hi, exact
    np.multiply(TL, TL, out=C)
    C *= 0.5
    np.multiply(TH, TL, out=A)
    C += A  # lo (one rounding, of a number ~2**-25 t**2)
    deep = xc < _GELU_DEEP
    shift = None
    if deep.any():
        shift = np.where(deep, _DEEP_SHIFT, 0)
        M += shift * _LN2_HI
        C -= shift * _LN2_LO
    np.exp(M, out=M)
    np.multiply(C, -1.0 / 6.0, out=A)  # expm1(-lo) = -lo (1 - lo/2 (1 - lo/3)) + O(lo**4)
    A += 0.5
    A *= C
    A -= 1.0
    C *= A
    return T, TH, TL, Q, QH, QL, QLO, M, C, shift, (S, P, NH, DH, DL, A, B)


def _gelu_k(x: np.ndarray, work: np.ndarray) -> np.ndarray:
    # gelu(x) = max(x, 0) - t Phi(-t), t = |x|: for x < 0 that is x Phi(x), and for
    # x >= 0 it is x (1 - Phi(-x)), where t Phi(-t) <= x/2 so nothing cancels. The
    # product D = t M (1 + C) R is formed in double-double (two Dekker products) and the
    # result is rounded once: 1.64 ulp at most measured, exp's 0.66 ulp included.
    xc = np.clip(x, -_normal_tail.TMAX, _normal_tail.TMAX)
    T, TH, TL, Q, QH, QL, QLO, M, C, shift, free = _phi_tail(xc, work)
    S, P, DD, DL, E, A, B = free
    _split_into(M, A, B)
    np.multiply(T, M, out=S)  # t M = S + P exactly
    _product_error(TH, TL, A, B, S, P, E)
    _split_into(S, A, B)
    np.multiply(S, Q, out=DD)  # (S + P)(Q + QLO)(1 + C) = DD + DL
    _product_error(A, B, QH, QL, DD, DL, E)
    np.multiply(P, Q, out=A)
    DL += A
    np.multiply(S, QLO, out=A)
    DL += A
    np.multiply(DD, C, out=A)
    DL += A
    # max(x, 0) - DD - DL, with the first difference's error kept (Fast2Sum)
    np.maximum(xc, 0.0, out=A)
    np.subtract(A, DD, out=S)
    A -= S
    A -= DD
    A -= DL
    out = np.add(S, A, out=xc)
    if shift is not None:
        out = np.ldexp(out, -shift)
    np.copyto(out, x, where=x > _normal_tail.TMAX)  # gelu(x) = x there, inf included
    np.copyto(out, -0.0, where=x < -_normal_tail.TMAX)  # |gelu(x)| < 2**-1074 there
    return out


def _gelu_grad_k(x: np.ndarray, work: np.ndarray) -> np.ndarray:
    # Phi(x) + x phi(x) = U for x < 0 and 1 - U for x >= 0, U = exp(-t**2/2) V with
    # V = R(t) - t / sqrt(2 pi) formed as a double-double. V cancels near the root of
    # GELU' (x = -0.7518): there the Taylor series of _near_root takes over.
    xc = np.clip(x, -_normal_tail.TMAX, _normal_tail.TMAX)
    T, TH, TL, Q, _qh, _ql, QLO, M, C, shift, free = _phi_tail(xc, work)
    S, P, VH, VL, _spare, A, B = free
    # t / sqrt(2 pi) = S + P (t is exact: its low part is 0), then Q - S = VH + VL exactly
    consts = (_INV_SQRT_2PI, _INV_SQRT_2PI_HI26, _INV_SQRT_2PI_LO26, _INV_SQRT_2PI_LO)
    _dd_times_const(T, 0.0, (TH, TL), *consts, S, P, A)
    np.negative(S, out=S)
    _two_sum_into(Q, S, VH, VL, A)
    VL += QLO
    VL -= P
    np.multiply(VH, C, out=A)  # U = M (1 + C)(VH + VL) = S + A
    A += VL
    A *= M
    np.multiply(M, VH, out=S)
    np.subtract(1.0, S, out=B)
    B -= A
    A += S
    out = np.where(xc < 0, A, B)
    if shift is not None:
        out = np.ldexp(out, -shift)
    np.copyto(out, 1.0, where=x > _normal_tail.TMAX)
    np.copyto(out, -0.0, where=x < -_normal_tail.TMAX)
    return _near_root("gelu", x, out)  # the Taylor series near the root of GELU'


def _gelu_low_k(x: np.ndarray) -> np.ndarray:
    # For float16/float32 results: x erfc(-x/sqrt 2) / 2 in float64 is within ~2e-14
    # (relative) of GELU down to float32's underflow (x = -14), far below a float32 ulp.
    xc = np.clip(x, -_CLIP, _CLIP)
    return np.maximum(x, -_CLIP) * (0.5 * erfc(xc * -_INV_SQRT2))  # gelu(inf) = inf


def _gelu_grad_low_k(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_CLIP, _CLIP)
    return 0.5 * erfc(xc * -_INV_SQRT2) + xc * (_INV_SQRT_2PI * np.exp(-0.5 * (xc * xc)))


def _gelu_tanh_k(x: np.ndarray) -> np.ndarray:
    # 0.5 x (1 + tanh(u)) = x sigmoid(2u) = x sigmoid(v): no cancellation of 1 + tanh(u).
    # With e = exp(-|vh|), d = 1 + e and v = vh + vl: for vh >= 0, x sigmoid(v) =
    # (x / d)(1 + e vl / d), and for vh < 0, x e / d (1 + vl / d) = x e (1 + (vl - e) / d)
    # to O(e vl): a leading term rounded once or twice and a small relative correction,
    # so that exp's rounding, one product and the final sum are all (1.7 ulp at most).
    xc = np.clip(x, -_GT_CLIP, _GT_CLIP)  # beyond, gelu_tanh is 0 or x to the last bit
    vh, vl = _gelu_tanh_argument(xc)
    e = _exp_neg_abs(vh)
    d = e + 1.0
    pos = vh >= 0
    lead = np.where(pos, xc / d, xc * e)
    np.divide(np.where(pos, e * vl, vl - e), d, out=d)  # the relative correction
    out = lead + lead * d
    np.copyto(out, x, where=x > _GT_CLIP)  # keeps gelu_tanh(inf) = inf
    deep = vh < _DEEP
    if deep.any():  # x sigmoid(v) = x e**v (1 + O(e**v)) below v = -700
        m = _exp_deep(vh[deep])
        out[deep] = np.ldexp(xc[deep] * (m + m * vl[deep]), -_DEEP_SHIFT)
    return out


def _silu_k(x: np.ndarray) -> np.ndarray:
    # x / (1 + e**-x) for x >= -20: one rounding in exp, one in 1 + e and one in the
    # division (max 1.95 ulp measured; for x >= 0 it is x sigmoid(x) as it stands). The
    # argument of exp is held at -20 so that it cannot overflow; below -20 (few inputs
    # in practice) x e - x e * e / (1 + e) with e = e**x is more accurate (1.75 ulp),
    # and below -700, where e**x is subnormal, x e**x is formed with e**x scaled so
    # that it is rounded once.
    t = np.maximum(x, _SILU_SPLIT)  # NaN stays NaN
    np.negative(t, out=t)
    np.exp(t, out=t)
    t += 1.0
    out = np.divide(x, t, out=t)  # silu(inf) = inf / 1
    far = x < _SILU_SPLIT
    if far.any():
        xf = np.maximum(x[far], -_CLIP)  # -inf: -1e4 * 0 = -0, not -inf * 0
        e = np.exp(xf)
        xe = xf * e
        value = xe - xe * (e / (1.0 + e))
        deep = xf < _DEEP
        if deep.any():
            xd = xf[deep]
            value[deep] = np.ldexp(xd * _exp_deep(xd), -_DEEP_SHIFT)
        out[far] = value
    return out


# 3 C3 = _GT_3C3_HI + _GT_3C3_LO: 3 * _GT_C3_HI rounds, its error is kept (exact fractions)
_GT_3C3_HI = 3.0 * _GT_C3_HI


_GT_3C3_LO = float(3 * Fraction(_GT_C3_HI) - Fraction(_GT_3C3_HI)) + 3.0 * _GT_C3_LO


def _hi26(c: float) -> float:
    """The leading 26 significant bits of the double c (as _split_into does for arrays)."""
    return float((np.array([c]).view(np.int64) & _HIGH_BITS).view(np.float64)[0])


# Constants split once for Dekker's products: c = hi + lo, hi with 26 bits.
# Constants split once for Dekker's products: c = hi + lo, hi with 26 bits.
_GT_3C3_H = _hi26(_GT_3C3_HI)


_GT_3C3_L = _GT_3C3_HI - _GT_3C3_H


_GT_C3_H = _hi26(_GT_C3_HI)


_GT_C3_L = _GT_C3_HI - _GT_C3_H


def _rows(work: np.ndarray | None, n: int, x: np.ndarray) -> list[np.ndarray]:
    """n scratch arrays of x's shape: views into *work* (rows of a block), or new."""
    if work is None:
        work = np.empty((n, x.size))
    return list(work[:n, : x.size].reshape((n, *x.shape)))


def _two_sum_into(a, b, s: np.ndarray, err: np.ndarray, tmp: np.ndarray) -> None:
    """Knuth's two-sum: a + b = s + err exactly (s, err, tmp distinct from a and b)."""
    np.add(a, b, out=s)
    np.subtract(s, a, out=tmp)  # the part of b that went into s
    np.subtract(s, tmp, out=err)  # the part of a that went into s
    np.subtract(a, err, out=err)
    np.subtract(b, tmp, out=tmp)
    err += tmp


def _logistic_slope(
    e: np.ndarray, th: np.ndarray, tl: np.ndarray, neg: np.ndarray, rows: list[np.ndarray]
) -> np.ndarray:
    """sigmoid(z) (1 + c sigmoid(-z)) for e = exp(-|z|), t = 1 + c = th + tl, neg = z < 0.

    This is silu' (z = c = x) and gelu_tanh' (z = v, c = x v'). With sigmoid(z) and
    sigmoid(-z) written in e, it is

        z < 0:  e (t + e) / (1 + e)**2        z >= 0:  (1 + t e) / (1 + e)**2

    The sum s = t + e (resp. 1 + t e) is formed with its error (Knuth), 1 + e too, and
    both errors are folded into the quotient to first order. For z < 0, s is small only
    near the root of f', where the caller's root series takes over. Uses 6 rows.
    """
    S, SL, D, DL, K, T = rows[:6]
    # The two operands of s (with t's low part added to the smaller one, e or t e)
    np.add(e, tl, out=SL)
    np.multiply(th, e, out=K)
    np.multiply(tl, e, out=T)
    K += T
    K = np.where(neg, SL, K)
    H = np.where(neg, th, 1.0)
    _two_sum_into(H, K, S, SL, T)
    # (1 + e)**2 = 1 + w, w = e (2 + e): w's two roundings reach it only multiplied by
    # w / (1 + w) (~2e for small e), and 1 + w = D + DL exactly (Knuth)
    np.add(e, 2.0, out=K)
    K *= e
    _two_sum_into(1.0, K, D, DL, T)
    # q = (e s or s) / (1 + e)**2, then q (1 + SL / S - DL / D)
    np.divide(SL, S, out=SL)
    np.divide(DL, D, out=DL)
    SL -= DL
    np.multiply(S, np.where(neg, e, 1.0), out=S)
    out = np.divide(S, D)  # the new array returned
    SL *= out
    out += SL
    return out


def _dd_times_const(a, al, ah_split, c_hi, c_h, c_l, c_lo, out_h, out_l, tmp) -> None:
    """(a + al) (c_hi + c_lo) = out_h + out_l to ~2**-104 relative (Dekker's product of
    a and c_hi, plus the cross terms), with ah_split = (ah, alo) the split of a and
    (c_h, c_l) that of c_hi."""
    ah, alo = ah_split
    np.multiply(a, c_hi, out=out_h)
    _product_error(ah, alo, c_h, c_l, out_h, out_l, tmp)
    np.multiply(al, c_hi, out=tmp)
    out_l += tmp
    np.multiply(a, c_lo, out=tmp)
    out_l += tmp


def _gelu_tanh_argument_slope(x: np.ndarray, rows: list[np.ndarray]) -> tuple[np.ndarray, ...]:
    """v = x (C1 + C3 x**2) = VH + VL and t = 1 + x v' = 1 + x (C1 + 3 C3 x**2) = TH + TL.

    Both in double-double (Dekker's products, Knuth's sums) sharing x**2, for float64
    |x| <= 1e3, like _gelu_tanh_argument. Returns the first 4 of *rows* (VH, VL, TH,
    TL); uses 15.
    """
    VH, VL, TH, TL, XH, XL, X2, X2L, AH, AL, P, PL, S, SL, TMP = rows[:15]
    _split_into(x, XH, XL)
    np.multiply(x, x, out=X2)  # x**2 = X2 + X2L exactly
    _product_error(XH, XL, XH, XL, X2, X2L, TMP)
    _split_into(X2, AH, AL)
    for out_h, out_l, c, c_h, c_l, c_lo in (
        (VH, VL, _GT_C3_HI, _GT_C3_H, _GT_C3_L, _GT_C3_LO),
        (TH, TL, _GT_3C3_HI, _GT_3C3_H, _GT_3C3_L, _GT_3C3_LO),
    ):
        _dd_times_const(X2, X2L, (AH, AL), c, c_h, c_l, c_lo, P, PL, TMP)  # c x**2
        _two_sum_into(_GT_C1_HI, P, S, SL, TMP)  # C1 + c x**2 = S + SL
        SL += PL
        SL += _GT_C1_LO
        np.multiply(x, S, out=P)  # x (S + SL) = P + PL
        _split_into(S, out_h, out_l)
        _product_error(XH, XL, out_h, out_l, P, PL, TMP)
        np.multiply(x, SL, out=TMP)
        PL += TMP
        np.add(P, PL, out=out_h)  # renormalise (fast two-sum, |P| >= |PL|)
        np.subtract(out_h, P, out=TMP)
        np.subtract(PL, TMP, out=out_l)
    # t = 1 + x v': 1 + TH = S + SL (Knuth), TL added to the low part
    _two_sum_into(1.0, TH, S, SL, TMP)
    np.add(SL, TL, out=TL)
    np.copyto(TH, S)
    return VH, VL, TH, TL


def _silu_grad_k(x: np.ndarray, work: np.ndarray | None = None) -> np.ndarray:
    # silu'(x) = sigmoid(x) (1 + x sigmoid(-x)); see _logistic_slope, with z = c = x
    # and t = 1 + x (exact for x <= -1/2, where it matters; its rounding for x > -1/2
    # is damped by |t e| / |s| < 1).
    rows = _rows(work, 10, x)
    XC, E, A, ZERO = rows[:4]
    np.clip(x, -_CLIP, _CLIP, out=XC)
    np.abs(XC, out=E)
    np.negative(E, out=E)
    np.exp(E, out=E)
    np.add(XC, 1.0, out=A)
    ZERO.fill(0.0)
    out = _logistic_slope(E, A, ZERO, XC < 0, rows[4:])
    deep = x < _DEEP
    if deep.any():  # = e**x (1 + x) (1 + O(e**x))
        xd = XC[deep]
        out[deep] = np.ldexp(_exp_deep(xd) * (1.0 + xd), -_DEEP_SHIFT)
    return _near_root("silu", x, out)  # the Taylor series near the root


def _mish_grad_k(x: np.ndarray, work: np.ndarray | None = None) -> np.ndarray:
    # With e = exp(-|x|):
    # x < 0:  mish'(x) = e n / d**2, n = 4 (1 + x) + e ((6 + 4x) + e (4 + e)) and
    #         d = 2 + e (2 + e). 4 (1 + x) is exact for x <= -1/2 and the sum n is
    #         formed with its error (Knuth), d too (fast two-sum: 2 >= e (2 + e) / 2),
    #         and both are folded into the quotient to first order, as in silu'.
    # x >= 0: mish'(x) = t + 4 x (1 + e) e**2 / den**2 with t = tanh(softplus(x)) =
    #         1 - 2 e**2 / den, den = 1 + 2e + 2e**2: two positive terms, no cancellation.
    rows = _rows(work, 14, x)
    XC, E, EE, A, N, NL, P, PL, DD, DL, T, Q, R, NE = rows
    np.clip(x, -_CLIP, _CLIP, out=XC)
    np.abs(XC, out=E)
    np.negative(E, out=E)
    np.exp(E, out=E)
    np.multiply(E, E, out=EE)
    # x < 0: n = 4a + p, p = e g, g = b + e (4 + e), a = 1 + x, b = 6 + 4x. Near the
    # root's window 4a and p have opposite signs; for -1/2 < x < 0 all terms are
    # positive but of similar size, so every rounding of them shows. Hence: a and b with
    # their errors (Knuth), g too, p = e g exactly (Dekker), and n = 4a + p (Knuth);
    # only e (4 + e), ~1/4 of n at most, keeps its roundings.
    # a = A + R, b = DD + DL: fast two-sums, exact for x >= -1 and x >= -1.5; below, a is
    # exact (R = 0) and DL is a harmless O(ulp(b)) where b's weight in n is < e/2.
    np.add(XC, 1.0, out=A)
    np.subtract(A, 1.0, out=R)
    np.subtract(XC, R, out=R)
    A *= 4.0
    R *= 4.0
    np.multiply(XC, 4.0, out=Q)
    np.add(Q, 6.0, out=DD)
    np.subtract(DD, 6.0, out=DL)
    np.subtract(Q, DL, out=DL)
    np.add(E, 4.0, out=T)
    T *= E
    _two_sum_into(DD, T, P, PL, Q)  # g = P + PL
    PL += DL
    _split_into(E, DD, DL)  # e = DD + DL, kept for e n below
    np.multiply(P, E, out=T)  # e g = T + NE
    _split_into(P, Q, N)
    _product_error(Q, N, DD, DL, T, NE, NL)
    PL *= E
    NE += PL
    NE += R
    _two_sum_into(A, T, N, NL, Q)  # n = N + NL
    NL += NE
    # d = 2 + w, w = e (2 + e): D + DL exactly (fast two-sum, 2 >= w / 2)
    np.add(E, 2.0, out=P)
    P *= E
    np.add(P, 2.0, out=DD)
    np.subtract(DD, 2.0, out=DL)
    np.subtract(P, DL, out=DL)
    # d**2 = P + PL to first order: P = fl(DD**2) (one rounding), PL = 2 DD DL
    np.multiply(DD, DD, out=P)
    np.multiply(DD, DL, out=PL)
    PL *= 2.0
    # e n = N + NE: Dekker's product (with n = N + NL)
    np.multiply(N, E, out=T)
    _split_into(N, Q, R)
    _split_into(E, DD, DL)
    _product_error(Q, R, DD, DL, T, NE, A)  # (A is free again)
    # e (N + NL) / (P + PL) = q + (T NL / N + NE - q PL) / P, q = T / P
    np.divide(NL, N, out=NL)
    NL *= T
    NL += NE
    np.divide(T, P, out=N)
    PL *= N
    NL -= PL
    NL /= P
    N += NL  # the x < 0 result
    # x >= 0: den = 1 + 2 e (1 + e), t = 1 - 2 e**2 / den, + 4 x (1 + e) e**2 / den**2
    np.add(E, 1.0, out=Q)  # 1 + e
    np.multiply(Q, E, out=P)
    P *= 2.0
    P += 1.0  # den
    np.multiply(EE, 2.0, out=T)
    np.divide(T, P, out=T)
    np.subtract(1.0, T, out=T)  # t
    np.multiply(XC, 4.0, out=R)
    R *= Q
    R *= EE
    P *= P
    R /= P
    T += R  # the x >= 0 result
    out = np.where(XC < 0, N, T)
    deep = x < _DEEP
    if deep.any():  # = e**x (1 + x) (1 + O(e**x)), as for silu
        xd = XC[deep]
        out[deep] = np.ldexp(_exp_deep(xd) * (1.0 + xd), -_DEEP_SHIFT)
    return _near_root("mish", x, out)  # the Taylor series near the root


def _gelu_tanh_grad_k(x: np.ndarray, work: np.ndarray | None = None) -> np.ndarray:
    # gelu_tanh(x) = x sigmoid(v), so gelu_tanh'(x) = sigmoid(v) (1 + x v' sigmoid(-v)):
    # _logistic_slope with z = v and c = x v', both double-doubles here. With
    # m = exp(-|vh|), e = exp(-|v|) = m (1 -+ vl) to first order (|vl| <= ulp(vh)/2).
    rows = _rows(work, 16, x)
    XC = rows[15]
    np.clip(x, -_GT_CLIP, _GT_CLIP, out=XC)
    VH, VL, TH, TL = _gelu_tanh_argument_slope(XC, rows)
    E, SG = rows[4:6]
    neg = VH < 0
    np.abs(VH, out=E)
    np.negative(E, out=E)
    np.exp(E, out=E)
    np.copysign(1.0, VH, out=SG)  # |v| = |vh| + sign(vh) vl
    SG *= VL
    SG *= E
    np.subtract(E, SG, out=E)
    out = _logistic_slope(E, TH, TL, neg, rows[6:12])
    deep = VH < _DEEP
    if deep.any():  # = e**v (1 + x v') (1 + O(e**v))
        m = _exp_deep(VH[deep])
        t = TH[deep] + TL[deep]
        out[deep] = np.ldexp((m + m * VL[deep]) * t, -_DEEP_SHIFT)
    return _near_root("gelu_tanh", x, out)  # the Taylor series near the root


def _softplus_k(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _mish_k(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -_CLIP, _CLIP)  # as in silu: no inf * 0, and mish(inf) = inf
    e, den, nonneg = _mish_parts(xc)
    xe = xc * e
    out = np.where(nonneg, x - xc * (2.0 * (e * e) / den), xe - xe * (e * (1.0 + e) / den))
    deep = x < _DEEP
    if deep.any():  # mish(x) = x e**x (1 + O(e**x)) there, as for silu
        xd = xc[deep]
        out[deep] = np.ldexp(xd * _exp_deep(xd), -_DEEP_SHIFT)
    return out


# relu6, hard_tanh, hard_sigmoid, hard_swish: np.clip propagates NaN; grad takes the
# branch of x <= kink at each kink (the left derivative), as everywhere in the package.
def _relu6_k(x: np.ndarray) -> np.ndarray:
    return np.clip(x, 0.0, 6.0)


def _relu6_grad_k(x: np.ndarray) -> np.ndarray:
    return _keep_nan(((x > 0) & (x <= 6)).astype(x.dtype), x)


def _hard_tanh_k(x: np.ndarray) -> np.ndarray:
    return np.clip(x, -1.0, 1.0)


def _hard_tanh_grad_k(x: np.ndarray) -> np.ndarray:
    return _keep_nan(((x > -1) & (x <= 1)).astype(x.dtype), x)


def _hard_sigmoid_k(x: np.ndarray) -> np.ndarray:
    return (np.clip(x, -3.0, 3.0) + 3.0) / 6.0  # x + 3 is exact for x in [-3, -1.5]


def _hard_sigmoid_grad_k(x: np.ndarray) -> np.ndarray:
    return _keep_nan(np.where((x > -3) & (x <= 3), 1.0 / 6.0, 0.0), x)


def _hard_swish_k(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -3.0, 3.0)  # x (x + 3) / 6 on [-3, 3]: x + 3 exact below -1.5
    return np.where(x > 3, x, (xc * (xc + 3.0)) / 6.0)


def _hard_swish_grad_k(x: np.ndarray) -> np.ndarray:
    g = (2.0 * np.clip(x, -3.0, 3.0) + 3.0) / 6.0  # 2x + 3 exact for x in [-3, -0.75]
    g[x <= -3] = 0.0
    g[x > 3] = 1.0
    return g


def _softsign_k(x: np.ndarray) -> np.ndarray:
    xc = np.clip(x, -1e300, 1e300)  # inf / inf would be NaN; 1e300 / (1 + 1e300) = 1
    return xc / (1.0 + np.abs(xc))


def _softsign_grad_k(x: np.ndarray) -> np.ndarray:
    # 1 / (d + dl)**2 = (1/d) / d (1 - 2 dl / d), where d + dl = 1 + |x| exactly
    d, dl = _two_sum(1.0, np.abs(np.clip(x, -1e300, 1e300)))
    g = (1.0 / d) / d
    return g - (2.0 * g) * (dl / d)


_MAX = float(np.finfo(np.float64).max)


def _times_alpha(a: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """a * alpha = p + err exactly (Dekker; alpha split by its bits, so never overflows)."""
    p, (h, lo), ah = a * alpha, _split(a), _hi26(alpha)
    return p, ((h * ah - p) + h * (alpha - ah) + lo * ah) + lo * (alpha - ah)


def _celu_arg(x: np.ndarray, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """x / alpha = z + zl for x <= 0, |zl| <= ulp(z) / 2, x clipped so that z >= -800
    (e**z is 0 below, and x / alpha can overflow), and z = -800 for x = -inf."""
    xc = np.maximum(np.minimum(x, 0.0), -800.0 * alpha if alpha < 1e305 else -_MAX)
    z = xc / alpha
    p, err = _times_alpha(z, alpha)
    return np.where(x == -np.inf, -800.0, z), ((xc - p) - err) / alpha


def _celu_k(x: np.ndarray, alpha: float) -> np.ndarray:
    # alpha expm1(x / alpha) = alpha (expm1(z) + e**z zl), the product with its error
    if alpha == 1.0:
        return _elu_k(x, 1.0)  # ELU's kernel: no rounding to carry, 3x faster
    z, zl = _celu_arg(x, alpha)
    p, err = _times_alpha(np.expm1(z), alpha)
    neg = p + (err + alpha * (np.exp(z) * zl))
    return np.where(z > -(2.0**-56), x, neg)  # x (1 + x / 2 alpha) rounds to x there


def _celu_grad_k(x: np.ndarray, alpha: float) -> np.ndarray:
    if alpha == 1.0:
        return _elu_grad_k(x, 1.0)
    z, zl = _celu_arg(x, alpha)
    e = np.exp(z)
    return np.where(x > 0, 1.0, e + e * zl)


def _log_sigmoid_k(x: np.ndarray) -> np.ndarray:
    return -_softplus_k(-x)  # min(x, 0) - log1p(exp(-|x|)): nothing cancels


def _log_sigmoid_grad_k(x: np.ndarray) -> np.ndarray:
    return _sigmoid_k(-x)


# Kernels that run in the input's dtype: the exact ones, and tanh, whose NumPy loop is
# within 1.31 ulp in float32 (issue 7's target is 2) and several times faster than
# float64 and a rounding; all others run in float64 and their result is rounded once to
# the input's dtype. (Native kernels are not run in blocks: tanh is one ufunc call,
# which gains nothing from them.)
_NATIVE = frozenset(
    {
        _tanh_k,
        _identity_k,
        _identity_grad_k,
        _step_k,
        _step_grad_k,
        _relu_k,
        _relu_grad_k,
        _leaky_relu_grad_k,
        _relu6_k,
        _relu6_grad_k,
        _hard_tanh_k,
        _hard_tanh_grad_k,
    }
)


# Kernels with a cheaper formula for float16/float32 inputs, where a float64 result
# within ~1e-12 (relative) already rounds to within 1 ulp of the exact value; the
# double-double float64 kernels would only cost time there.
_LOW_PRECISION: Mapping[Callable[..., np.ndarray], Callable[..., np.ndarray]] = {
    _gelu_k: _gelu_low_k,
    _gelu_grad_k: _gelu_grad_low_k,
}


# Kernels that take a ``work`` argument: a float64 scratch array of this many rows of
# one block's length, allocated once per call by _apply. Writing every intermediate
# into it (ufuncs with out=) instead of making ~100 fresh temporaries per block is
# ~2x faster: glibc hands back and re-faults each temporary of that size.
_WORKSPACE: Mapping[Callable[..., np.ndarray], int] = {
    _gelu_k: 16,
    _gelu_grad_k: 16,
    _sigmoid_k: 3,
    _silu_grad_k: 10,
    _mish_grad_k: 14,
    _gelu_tanh_grad_k: 16,
}


def _check_axis(axis: Any, ndim: int, func_name: str) -> int | None:
    if axis is None:
        return None
    if isinstance(axis, (bool, np.bool_)) or not isinstance(axis, (int, np.integer)):
        raise TypeError(f"{func_name}: axis must be an int or None, got {_describe(axis)}")
    if not -ndim <= axis < ndim:
        valid = f"an integer in [{-ndim}, {ndim - 1}]" if ndim else "None (the input is 0-d)"
        raise ValueError(
            f"{func_name}: axis {axis} is out of range for an input with {ndim} "
            f"dimension(s); expected {valid}"
        )
    return int(axis)


def _shifted_logits(x: np.ndarray, axis: int | None) -> tuple[np.ndarray, np.ndarray]:
    """Return (z, corr) with z + corr = x - max(x) along *axis*, to about 100 bits.

    Rules for the rows softmax leaves undefined: a row whose maximum is +inf shares
    all of the mass equally among its +inf entries (z = 0 there, -inf elsewhere), a
    row of only -inf is treated as equal logits (z = 0 everywhere: uniform), and a row
    containing NaN is NaN. The subtraction is done on halves (which cannot overflow)
    with Knuth's two-sum for its rounding error; z = -inf where the difference exceeds
    the float range, as it must.
    """
    m = np.max(x, axis=axis, keepdims=True)
    finite_max = np.isfinite(m)
    big = np.finfo(x.dtype).max
    m0 = np.where(finite_max, m, 0.0)
    xc = np.where(finite_max, np.maximum(x, -big), 0.0)
    a = 0.5 * xc
    b = -0.5 * m0
    s = a + b
    bv = s - a
    err = (a - (s - bv)) + (b - bv)
    with np.errstate(over="ignore"):  # |x - max| > float max: -inf is the right answer
        z = 2.0 * s
    z = np.where((x == -np.inf) | ~finite_max, -np.inf, z)
    z = np.where(x == m, 0.0, z)  # ties with the maximum (also +-inf rows)
    z = np.where(np.isnan(m), np.nan, z)
    return z.astype(x.dtype, copy=False), (2.0 * err).astype(x.dtype, copy=False)


def _row_max(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The argmax of each row, and its maximum as a column (argmax and a gather are
    several times faster than max along short rows)."""
    k = np.argmax(x, axis=1)
    return k, np.take_along_axis(x, k[:, None], axis=1)


# Rows longer than this take Fast2Sum in _shift and pairwise sums in _row_sums; shorter
# ones, Knuth's two-sum (cheaper there than fixing the entries Fast2Sum gets wrong) and
# einsum (faster along short rows, and as accurate as sum up to 128 terms).
_LONG_ROW = 128


def _along_rows(ufunc: np.ufunc, a: np.ndarray, col: np.ndarray, out: np.ndarray) -> None:
    """ufunc(a, col, out=out), col a column of one value per row of a.

    NumPy copies rows of 256 to 8191 entries through its ufunc buffer (8192 entries),
    which makes this 2-3 times slower than along longer rows; a buffer shorter than
    the rows (for this call only: errstate restores it) avoids the copies.
    """
    with np.errstate():
        if 256 <= a.shape[1] < 8192:
            np.setbufsize(128)
        ufunc(a, col, out=out)


def _shift(x: np.ndarray, m: np.ndarray, lim: float, z: np.ndarray, corr, t) -> None:
    """z + corr = x - m exactly, written into z and corr (m: a column of row maxima).

    Along long rows, Fast2Sum of -m and x (3 passes; Knuth's two-sum takes 6): exact
    where the exponent of x is at most m's, so wherever x > lim, -lim being the least
    of the powers of two above each |m|; the few x <= lim are redone with Knuth's.
    Infinities, NaN or an overflow of x - m leave a non-finite corr. *t* is scratch.
    """
    _along_rows(np.subtract, x, m, z)
    if x.shape[1] > _LONG_ROW:
        _along_rows(np.add, z, m, corr)
        np.subtract(x, corr, out=corr)
        far = x <= lim
        if far.any():
            i, j = np.divmod(np.flatnonzero(far), x.shape[1])
            corr[i, j] = _two_sum(x[i, j], -m[i, 0])[1]
        return
    np.subtract(z, x, out=corr)  # Knuth's two-sum of x and -m
    np.subtract(z, corr, out=t)
    np.subtract(x, t, out=t)
    np.subtract(-m, corr, out=corr)
    corr += t


def _exp_blocks(x: np.ndarray, m: np.ndarray, work: np.ndarray, out: np.ndarray, keep_z):
    """(columns, corr, e) for each block of at most work.shape[1] entries of x.

    A block of rows that fits is one block; a longer row is cut into blocks of columns.
    z + corr = x - m (see _shift) and e = e**z, one of them (z if *keep_z*, else e) in
    the block of *out* and the other in *work*. Then e**(x - m) = e (1 + corr) to
    within 2**-86, as |corr| <= 2**-43 wherever e > 0. The two scratch rows of *work*
    are reused from block to block (fresh arrays would cost a page fault per page).
    """
    lim = -np.ldexp(1.0, np.min(np.frexp(m)[1]))
    width = max(1, work.shape[1] // x.shape[0])
    for start in range(0, x.shape[1], width):
        cols = slice(start, start + width)
        block = out[:, cols]
        corr, tmp = (w[: block.size].reshape(block.shape) for w in work)
        z, e = (block, tmp) if keep_z else (tmp, block)
        _shift(x[:, cols], m, lim, z, corr, e)
        np.exp(z, out=e)
        yield cols, corr, e


def _row_sums(e: np.ndarray, corr: np.ndarray | None = None) -> np.ndarray:
    """The row sums of e (1 + corr), or of e, as a column."""
    long = e.shape[1] > _LONG_ROW
    total = np.sum(e, axis=1) if long else np.einsum("ij->i", e)  # sum: pairwise
    if corr is not None:  # dot products, for a term of 2**-43 relative at most
        rows = np.matmul(e[:, None, :], corr[:, :, None])[:, 0, 0] if long else None
        total += np.einsum("ij,ij->i", e, corr) if rows is None else rows
    return total[:, None]


def _sums(e: np.ndarray, sigma: Any, q: np.ndarray) -> tuple[Any, Any]:
    """The row sums of e >= 0 as (an exact part, a small rest); q is scratch.

    Rump, Ogita and Oishi's extraction: for 0 <= e <= sigma / (4 (n + 2)), sigma a power of
    two and n the row's length, q = (sigma + e) - sigma is e rounded to a multiple of
    ulp(sigma), and so is every partial sum of the q, all below 2 sigma: their sums, and
    running totals of them over blocks of a row, are exact in any order of addition. The
    rests e - q (exact too) are at most ulp(sigma) / 2. A sum of two is rounded once.
    """
    if e.shape[1] <= 2:
        return _row_sums(e), 0.0
    _along_rows(np.add, e, sigma, q)
    _along_rows(np.subtract, q, sigma, q)
    exact = _row_sums(q)
    np.subtract(e, q, out=q)
    return exact, _row_sums(q)


def _softmax_rows(x: np.ndarray, out: np.ndarray, work: np.ndarray) -> None:
    """Softmax along axis 1 of a 2-D float64 array, written into *out*.

    The exponentials go into *out*, their row sums are accumulated block by block (an
    exact part and a small rest, see _sums, rounded once at the end), and the division
    comes last.
    """
    m, n = _row_max(x)[1], x.shape[1]
    sigma = np.ldexp(1.0, np.frexp(4.0 * (n + 2))[1])  # e**(x - m) <= 1
    slow = ((m < 0) | ~(m <= 700 - np.log(n)))[:, 0]
    if not slow.all():
        # No shift needed: no e**x nor the sum overflows, and the sum is >= 1, so an e**x
        # underflows only where its probability does: as accurate as the shifted form
        np.exp(x, out=out)
        q = (work[0] if out.size <= work.shape[1] else np.empty(out.size))[: out.size]
        top = sigma * np.ldexp(1.0, np.frexp(np.exp(m))[1])  # e**x <= e**m
        _along_rows(np.divide, out, np.add(*_sums(out, top, q.reshape(out.shape))), out)
        if slow.any():  # the other rows, by the shifted form (each row by its own rule)
            part = np.empty((np.count_nonzero(slow), n))
            _softmax_rows(x[slow], part, work)
            out[slow] = part
        return
    exact = rest = 0.0
    for _, corr, e in _exp_blocks(x, m, work, out, keep_z=False):
        corr *= e
        e += corr
        part, small = _sums(e, sigma, corr)
        exact, rest = exact + part, rest + small
    total = exact + rest
    if not np.isfinite(total).all():  # an infinity or NaN in x, or x - m overflowed
        z, corr = _shifted_logits(x, 1)
        np.exp(z, out=out)
        out += corr * out
        total = np.add(*_sums(out, sigma, corr))
    _along_rows(np.divide, out, total, out)  # the sum is >= 1 (the maximum's e**0)


def _log_softmax_rows(x: np.ndarray, out: np.ndarray, work: np.ndarray) -> None:
    """log_softmax along axis 1 of a 2-D float64 array, written into *out*.

    out = fl(x - m) - log1p(rest), rest the sum of the terms e**(x_j - m) but the
    maximum's (ties with it add 1 each): as x - m <= 0 and log1p(rest) >= 0,
    |out| >= |x - m|, so rounding x - m costs at most half an ulp of the result. Only
    the sum needs the error term.
    """
    k, m = _row_max(x)
    rest = 0.0
    for cols, corr, e in _exp_blocks(x, m, work, out, keep_z=True):
        # leave out the maximum's term, e**0 = 1 (a row cut into blocks is alone)
        if e.shape[1] == x.shape[1]:
            np.put_along_axis(e, k[:, None], 0.0, axis=1)
        elif 0 <= k[0] - cols.start < e.shape[1]:
            e[0, k[0] - cols.start] = 0.0
        rest = rest + _row_sums(e, corr)
    if not np.isfinite(rest).all():  # as in _softmax_rows
        z, corr = _shifted_logits(x, 1)
        e = np.exp(z)
        np.put_along_axis(e, np.argmax(z, axis=1)[:, None], 0.0, axis=1)
        np.subtract(z, np.log1p(_row_sums(e, corr)), out=out)
        return
    _along_rows(np.subtract, out, np.log1p(rest), out)  # out held x - m


_ROW_CHUNK = 16 * _CHUNK  # rows go through in blocks of about this many entries (4 MiB)

_SCRATCH = threading.local()


def _scratch_rows(n: int) -> np.ndarray:
    """Two float64 scratch rows of length n, kept from call to call (a pair per thread):
    glibc gives the memory of large freed arrays back to the system, and fresh scratch
    would cost a page fault per 4 KiB page on every call."""
    rows = getattr(_SCRATCH, "rows", None)
    if rows is None or rows.shape[1] < n:
        rows = _SCRATCH.rows = np.empty((2, n))
    return rows[:, :n]


def _rowwise(rows_func: Callable[..., None], x: ArrayLike, axis: Any, func_name: str) -> Any:
    """Apply *rows_func* (which works along axis 1 of a 2-D array) along *axis* of *x*.

    rows_func(rows, out, work) writes its result into *out*: float64 in every dtype, so
    that float16 and float32 results are rounded once (by _finish), as in _apply. The
    input is validated, and rows go through in blocks of about _ROW_CHUNK entries.
    """
    arr = _as_float_array(x, func_name)
    ax = _check_axis(axis, arr.ndim, func_name)
    if arr.size == 0:
        return arr.copy()
    moved = arr.reshape(1, -1) if ax is None else np.moveaxis(arr, ax, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    out = np.empty(rows.shape)
    step = max(1, _ROW_CHUNK // rows.shape[1])
    work = _scratch_rows(min(rows.size, _ROW_CHUNK))
    for start in range(0, rows.shape[0], step):
        block = rows[start : start + step].astype(np.float64, copy=False)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            rows_func(block, out[start : start + step], work)
    out = out.reshape(arr.shape) if ax is None else np.moveaxis(out.reshape(moved.shape), -1, ax)
    return _finish(out, arr.dtype, arr.shape)
