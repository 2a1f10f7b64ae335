"""Property-based tests (hypothesis) of every activation function and of softmax.

Each test states a property that must hold for *every* input of some kind, and
hypothesis searches for a counterexample among finite floats of every dtype (float16,
float32, float64), including subnormals, huge values and signed zeros:

- the output lies in the entry's declared ``output_range``;
- it is non-decreasing where the entry says ``monotonic``;
- the odd/even symmetries and reflection identities of each function hold;
- ``grad`` agrees with a central finite difference away from kinks;
- dtype and shape are kept, the input is never modified, and the memory layout of the
  input does not change the values;
- no finite input raises a floating-point warning or gives NaN;
- softmax rows sum to 1; log-softmax is exactly shift-invariant, softmax to rounding error.

The profile in conftest.py makes the runs derandomized (the same examples every time).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import activations

NAMES = activations.names()
ENTRIES = [activations.get(name) for name in NAMES]
DTYPES = [np.float16, np.float32, np.float64]

# Examples per test: a few hundred under the default "ci" profile, scaled up under
# HYPOTHESIS_PROFILE=explore (see conftest.py).
_SCALE = max(1, settings().max_examples // 100)


def examples(n: int) -> settings:
    return settings(max_examples=n * _SCALE)


# --------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------

dtypes = st.sampled_from(DTYPES)


def finite_arrays(
    dtype=dtypes, min_dims: int = 0, max_dims: int = 2, max_side: int = 8, **elements
):
    """Arrays of finite floats of any magnitude (subnormals and ±0 included)."""
    return hnp.arrays(
        dtype=dtype,
        shape=hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=0, max_side=max_side),
        elements={"allow_nan": False, "allow_infinity": False, **elements},
    )


# Parameters drawn like the inputs, for the two families that take one.
slopes = st.floats(0.0, 1.0, exclude_max=True)
alphas = st.floats(1e-3, 1e3)


@st.composite
def entry_lists(draw):
    """Every registry entry, plus leaky_relu, elu and celu with a random parameter."""
    return [
        *ENTRIES,
        activations.get("leaky_relu", slope=draw(slopes)),
        activations.get("elu", alpha=draw(alphas)),
        activations.get("celu", alpha=draw(alphas)),
    ]


def _quietly(func: Callable, x: np.ndarray) -> np.ndarray:
    """Call func(x) with every floating-point warning turned into an error."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        return np.asarray(func(x))


def _ulps(values: np.ndarray, dtype) -> np.ndarray:
    """ulp of *dtype* at each value, in float64: the spacing of the floats of that
    magnitude (the subnormal spacing below the normal range; the spacing at the largest
    float for infinities and values beyond the range of *dtype*)."""
    info = np.finfo(dtype)
    magnitude = np.abs(np.asarray(values, dtype=np.float64))
    magnitude = np.where(magnitude <= float(info.max), magnitude, float(info.max))
    _, exponent = np.frexp(magnitude)  # magnitude = m 2**exponent, 1/2 <= m < 1
    return np.ldexp(1.0, np.maximum(exponent, info.minexp + 1) - (info.nmant + 1))


# --------------------------------------------------------------------------------------
# Range and monotonicity (each example: one input array, every function)
# --------------------------------------------------------------------------------------


@examples(300)
@given(entries=entry_lists(), x=finite_arrays())
def test_output_lies_in_the_declared_range_for_any_finite_input(entries, x):
    for entry in entries:
        y = np.asarray(entry(x), dtype=np.float64)
        lo, hi = entry.output_range
        # The bounds hold for the exact function; a result may round onto a bound or,
        # for a minimum the function attains (GELU's, ...), a few ulp past it.
        if math.isfinite(lo):
            assert (y >= lo - 4 * _ulps(lo, x.dtype)).all(), (entry, x, y)
        if math.isfinite(hi):
            assert (y <= hi).all(), (entry, x, y)
        assert not np.isnan(y).any(), (entry, x, y)


@examples(300)
@given(entries=entry_lists(), x=finite_arrays(min_dims=1, max_dims=1, max_side=30))
def test_monotonic_functions_never_decrease(entries, x):
    x = np.sort(x)
    for entry in entries:
        if not entry.monotonic:
            continue
        y = np.asarray(entry(x), dtype=np.float64)
        # Non-decreasing up to the rounding of the last bit: a libm expm1 may wobble by
        # one ulp (see test_functions.py), which says nothing about the function.
        with np.errstate(over="ignore"):  # -max - ulp is -inf: nothing is below it
            floor = y[:-1] - _ulps(y[:-1], x.dtype)
        assert (y[1:] >= floor).all(), (entry, x, y)


def test_the_monotonic_flag_is_false_exactly_for_the_functions_with_a_dip():
    dipping = {"gelu", "gelu_tanh", "silu", "mish", "hard_swish"}
    assert {e.name for e in ENTRIES if not e.monotonic} == dipping
    x = np.linspace(-3.0, 0.0, 301)
    for name in dipping:  # each decreases somewhere left of 0
        assert (np.diff(activations.get(name)(x)) < 0).any(), name


# --------------------------------------------------------------------------------------
# Symmetries: f(x) + s f(-x) = a x + b, and its derivative f'(x) - s f'(-x) = a
# --------------------------------------------------------------------------------------

# name -> (s, a, b): odd functions have s = 1, a = b = 0; the sigmoid has
# sigma(x) + sigma(-x) = 1; relu, softplus and the x*CDF(x) forms have f(x) - f(-x) = x.
REFLECTIONS = {
    "identity": (1, 0, 0),  # odd
    "tanh": (1, 0, 0),  # odd
    "sigmoid": (1, 0, 1),  # sigmoid(x) + sigmoid(-x) = 1
    "relu": (-1, 1, 0),  # relu(x) - relu(-x) = x
    "softplus": (-1, 1, 0),  # log(1 + e^x) - log(1 + e^-x) = x
    "silu": (-1, 1, 0),  # x sigma(x) + x sigma(-x) = x
    "gelu": (-1, 1, 0),  # x Phi(x) + x Phi(-x) = x
    "gelu_tanh": (-1, 1, 0),  # x sigma(v) + x sigma(-v) = x, v odd
    "softsign": (1, 0, 0),  # odd
    "log_sigmoid": (-1, 1, 0),  # log sigma(x) - log sigma(-x) = x
}


@examples(300)
@given(x=finite_arrays(max_dims=1, max_side=12), slope=slopes)
def test_reflection_identities_hold(x, slope):
    xs = x.astype(np.float64)
    cases = [(activations.get(name), *rule) for name, rule in REFLECTIONS.items()]
    # leaky_relu(x) - leaky_relu(-x) = (1 + slope) x
    cases.append((activations.get("leaky_relu", slope=slope), -1, 1 + slope, 0))
    for f, s, a, b in cases:
        fx, fmx = (np.asarray(f(v), dtype=np.float64) for v in (x, -x))
        with np.errstate(over="ignore", invalid="ignore"):  # sums beyond the float range
            lhs, rhs = fx + s * fmx, a * xs + b
            error = np.abs(lhs - rhs)
        # Each value is within 2 ulp of exact (0.5 in float16/32, rounded once from
        # float64); the sum in float64 adds one more rounding.
        tol = 4 * (_ulps(fx, x.dtype) + _ulps(fmx, x.dtype)) + 2 * _ulps(rhs, np.float64)
        checked = np.isfinite(lhs) & np.isfinite(rhs)  # float16 results may round to inf
        bad = checked & ~(error <= tol)
        assert not bad.any(), (f, x[bad], fx[bad], fmx[bad])


def test_step_reflection_is_one_except_at_zero():
    x = np.array([-3.0, -1e-300, 0.0, -0.0, 5e-324, 2.0])
    total = activations.step(x) + activations.step(-x)
    np.testing.assert_array_equal(total, [1, 1, 0, 0, 1, 1])


@examples(300)
@given(x=finite_arrays(dtype=np.float64, max_dims=1, min_value=-700.0, max_value=700.0))
def test_derivatives_of_the_reflection_identities_hold(x):
    # d/dx [f(x) + s f(-x)] = f'(x) - s f'(-x) = a, away from the kink of relu at 0
    for name, (s, a, _) in REFLECTIONS.items():
        points = x[x != 0] if name == "relu" else x
        g = activations.get(name).grad
        gx, gmx = g(points), g(-points)
        tol = 4 * (np.spacing(np.abs(gx)) + np.spacing(np.abs(gmx))) + 2 * np.spacing(1.0)
        assert (np.abs(gx - s * gmx - a) <= tol).all(), (name, points, gx, gmx)


# --------------------------------------------------------------------------------------
# Derivatives against finite differences
# --------------------------------------------------------------------------------------

KINKED = {e.name for e in ENTRIES if e.smoothness < 2}  # f'' jumps (or f' does) at 0
KINKS = (0.0, -1.0, 1.0, -3.0, 3.0, 6.0)  # and those of hard_tanh, hard_sigmoid/swish, relu6
H = 1e-5


@examples(300)
@given(entries=entry_lists(), x=st.floats(-30.0, 30.0))
def test_grad_agrees_with_central_finite_differences_away_from_kinks(entries, x):
    h = H * max(1.0, abs(x))
    for entry in entries:
        if entry.name in KINKED and min(abs(x - c) for c in KINKS) <= 2 * h:
            continue  # the difference would straddle a kink
        numeric = (float(entry(x + h)) - float(entry(x - h))) / (2 * h)
        exact = float(entry.grad(x))
        # Truncation error h**2 |f'''| / 6 and rounding error eps |f| / h, both < 1e-8.
        scale = max(1.0, abs(float(entry(x))))
        assert abs(numeric - exact) <= 1e-7 * scale, (entry, x, numeric, exact)


# --------------------------------------------------------------------------------------
# Dtype, shape, input and memory layout
# --------------------------------------------------------------------------------------


@examples(300)
@given(entries=entry_lists(), x=finite_arrays(max_dims=3, max_side=5))
def test_dtype_and_shape_are_kept_and_the_input_is_not_modified(entries, x):
    before = x.copy()
    for entry in entries:
        for func in (entry, entry.grad):
            y = func(x)
            assert y.dtype == x.dtype and np.shape(y) == x.shape, (func, x.dtype, x.shape)
            if x.ndim == 0:
                assert isinstance(y, np.generic)  # a NumPy scalar, as ufuncs give
            else:
                assert not np.shares_memory(y, x)
            # bit for bit, so that a sign flip of 0.0 would be caught as well
            assert x.tobytes() == before.tobytes() and x.dtype == before.dtype, func


@examples(100)
@given(entries=entry_lists(), x=finite_arrays(min_dims=2, max_dims=2, max_side=12))
def test_memory_layout_does_not_change_the_values(entries, x):
    swapped = x.astype(x.dtype.newbyteorder())
    for entry in entries:
        for func in (entry, entry.grad):
            y = func(x)
            np.testing.assert_array_equal(func(x.T), y.T)  # Fortran order
            np.testing.assert_array_equal(func(x[::-1, ::2]), y[::-1, ::2])  # strides
            np.testing.assert_array_equal(func(swapped), y)  # byte order


# --------------------------------------------------------------------------------------
# No floating-point warnings, no NaN, for any finite input of any dtype
# --------------------------------------------------------------------------------------


@examples(300)
@given(entries=entry_lists(), x=finite_arrays(max_dims=1, max_side=16))
def test_no_finite_input_raises_a_floating_point_warning_or_gives_nan(entries, x):
    for entry in entries:
        for func in (entry, entry.grad):
            y = _quietly(func, x)
            assert not np.isnan(y).any(), (func, x, y)


# --------------------------------------------------------------------------------------
# Softmax and log-softmax
# --------------------------------------------------------------------------------------

logit_rows = hnp.arrays(
    dtype=dtypes,
    shape=hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=10),
    elements={"allow_nan": False, "allow_infinity": False},
)


@examples(300)
@given(x=logit_rows)
def test_softmax_rows_are_probabilities_that_sum_to_one_for_any_finite_logits(x):
    p = _quietly(activations.softmax, x)
    lp = _quietly(activations.log_softmax, x)
    assert p.dtype == lp.dtype == x.dtype and p.shape == lp.shape == x.shape
    assert ((p >= 0) & (p <= 1)).all() and (lp <= 0).all()
    assert not np.isnan(p).any() and not np.isnan(lp).any()
    eps = np.finfo(x.dtype).eps
    k = x.shape[-1]
    # each entry within a few ulp (rounded once for float16), so the sum within ~k ulp
    np.testing.assert_allclose(p.astype(np.float64).sum(axis=-1), 1.0, rtol=0, atol=2 * k * eps)
    # the largest logit gets the largest probability
    top = np.argmax(x, axis=-1)[..., None]
    assert (np.take_along_axis(p, top, axis=-1) == p.max(axis=-1, keepdims=True)).all()


# Logits on a grid of 2**-8 within +-1000 and integer shifts within +-1000: x + c is
# then exact in float32 and float64. log_softmax always subtracts the maximum, so its
# results must be identical, not just close; softmax skips the shift for rows whose
# maximum lies in [0, 700 - ln n], so shifting may change it by rounding error only.
grid_logits = hnp.arrays(
    dtype=st.sampled_from([np.float32, np.float64]),
    shape=hnp.array_shapes(min_dims=1, max_dims=2, min_side=1, max_side=10),
    elements=st.integers(-256_000, 256_000).map(lambda n: n / 256),
)


@examples(200)
@given(x=grid_logits, shift=st.integers(-1000, 1000))
def test_softmax_and_log_softmax_are_shift_invariant(x, shift):
    shifted = x + x.dtype.type(shift)
    assert ((shifted - x) == shift).all()  # the shift itself is exact
    info = np.finfo(x.dtype)  # each result within 4 ulp, so the two within 8
    np.testing.assert_allclose(
        activations.softmax(shifted),
        activations.softmax(x),
        rtol=8 * info.eps,
        atol=8 * info.smallest_subnormal,
    )
    np.testing.assert_array_equal(activations.log_softmax(shifted), activations.log_softmax(x))


@examples(200)
@given(x=grid_logits)
def test_log_softmax_is_the_log_of_softmax_and_exp_of_it_sums_to_one(x):
    p = activations.softmax(x).astype(np.float64)
    lp = activations.log_softmax(x).astype(np.float64)
    eps = float(np.finfo(x.dtype).eps)
    visible = p > 1e-30  # below that p is subnormal in float32 or has underflowed
    # exp turns an error of a few ulp(lp) in lp into a relative error of ~|lp| eps
    tol = (8 + 2 * np.abs(lp[visible])) * eps * p[visible]
    assert (np.abs(np.exp(lp[visible]) - p[visible]) <= tol).all(), (x, p, lp)
    total = np.exp(lp).sum(axis=-1)
    np.testing.assert_allclose(total, 1.0, rtol=0, atol=4 * x.shape[-1] * eps)
