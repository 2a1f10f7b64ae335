"""Generate src/activations/_root_series.py: Taylor series of four derivatives at their root.

The derivatives of GELU, its tanh form, SiLU and Mish have a simple root r near x = -1
(the minimum of the function). The float64 kernels compute them as sums of terms of
size ~1 that cancel there, so near r their *relative* error is unbounded. Close to r
the package evaluates instead

    f'(x) = c1 t + c2 t**2 + ... + cn t**n,    t = x - r,

whose leading term is proportional to t itself: with t formed to double-double
accuracy, nothing cancels. This script computes, with mpmath at DPS digits:

- r as a triple-double r_hi + r_lo + r_tail (r_hi = float(r), r_lo = float(r - r_hi),
  r_tail = float(r - r_hi - r_lo)); x - r then has a relative error of ~2**-106 even
  for the float64 x nearest r, where x - r_hi - r_lo alone can lose a full ulp;
- the Taylor coefficients c_k = f^(k+1)(r) / k! (mpmath.taylor of f', exact to far
  beyond float64), the first m of them also as double-doubles (hi + lo): the
  evaluation (src/activations/_roots.py) does its m outer Horner steps in
  double-double (m = 2);
- for the window half-width W chosen below, the fewest terms n whose truncation error
  is below 2**-56 times |f'(x)| (at most 0.125 ulp) at every one of 401 points of [r - W, r + W];
- the window edges lo = fl(r_hi - W), hi = fl(r_hi + W): the series is used for
  lo <= x <= hi.

and writes them as float literals (``repr``, which round-trips exactly).

Run: ``python tools/gen_root_series.py`` (rewrites the module), or
``python tools/gen_root_series.py --check`` (exit status 1 if the module on disk differs
from what this script generates; the test suite runs this).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import mpmath as mp

DPS = 100  # decimal digits for every mpmath computation here (~330 bits)
MAX_TERMS = 40  # search limit for n; the windows below need at most 31
TRUNCATION = mp.mpf(2) ** -56  # relative truncation error allowed inside the window
CHECK_POINTS = 401  # points of the window where the truncation is checked

OUTPUT = Path(__file__).resolve().parents[1] / "src" / "activations" / "_root_series.py"

# --------------------------------------------------------------------------------------
# The four derivatives, from the textbook formulas (mpmath, no float64 anywhere)
# --------------------------------------------------------------------------------------


def _sig(x: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-x))


def _gelu_grad(x: mp.mpf) -> mp.mpf:
    return mp.ncdf(x) + x * mp.npdf(x)  # Phi(x) + x phi(x)


def _gelu_tanh_grad(x: mp.mpf) -> mp.mpf:
    # gelu_tanh(x) = x sigmoid(v), v = 2 sqrt(2/pi) (x + 0.044715 x**3), so
    # f'(x) = sigmoid(v) (1 + x sigmoid(-v) v'). 0.044715 is the exact decimal.
    k = 2 * mp.sqrt(2 / mp.pi)
    c = mp.mpf("0.044715")
    v = k * (x + c * x**3)
    dv = k * (1 + 3 * c * x**2)
    return _sig(v) * (1 + x * _sig(-v) * dv)


def _silu_grad(x: mp.mpf) -> mp.mpf:
    return _sig(x) * (1 + x * _sig(-x))


def _mish_grad(x: mp.mpf) -> mp.mpf:
    sp = mp.log1p(mp.exp(x))  # softplus
    return mp.tanh(sp) + x * _sig(x) * mp.sech(sp) ** 2


# name: (f', starting guess for the root, window half-width W, m = number of leading
# coefficients stored, and Horner steps done, in double-double).
#
# How W was chosen (measured against mpmath at 200 bits, on dense samples of [r - 1, r + 1]
# and r's float64 neighbours): the float64 kernels' relative error grows like 1/|f'(x)|
# towards the root, and W is the distance from r beyond which the kernel is back within
# ~3.5 ulp, with margin:
# - gelu: the double-double kernel (_kernels._phi_tail) is within 1.7 ulp for |t| > 0.3
#   (16000 points of [-3, 1]); W = 0.5.
# - gelu_tanh: the textbook-form kernel was > 4 ulp for t in [-0.6, +0.25]; W = 0.6.
# - silu: > 4 ulp for t in [-0.4, +0.3]; W = 0.5.
# - mish: > 4 ulp for t in [-0.4, +0.42] and 4.5 ulp at t = +0.55 (x = -0.646); W = 0.7.
# (Left of these windows the kernels now use rational forms in e**x whose numerator does
# not cancel, within 2.8 ulp; the windows were kept, the series being within 0.6 ulp.)
# With m = 2, |t**2 (c3 + c4 t + ...)| <= 0.2 |f'| in these windows.
FUNCTIONS: dict[str, tuple[Callable[[mp.mpf], mp.mpf], str, str, int]] = {
    "gelu": (_gelu_grad, "-0.75", "0.5", 2),
    "gelu_tanh": (_gelu_tanh_grad, "-0.75", "0.6", 2),
    "silu": (_silu_grad, "-1.28", "0.5", 2),
    "mish": (_mish_grad, "-1.19", "0.7", 2),
}

# --------------------------------------------------------------------------------------
# Computation
# --------------------------------------------------------------------------------------


def _split3(value: mp.mpf) -> tuple[float, float, float]:
    """value = hi + lo + tail to ~3 x 53 bits, each the nearest float of what is left."""
    hi = float(value)
    lo = float(value - hi)
    tail = float(value - hi - lo)
    return hi, lo, tail


def series(name: str) -> dict[str, object]:
    """Root, window and coefficients of f' = FUNCTIONS[name][0], as floats."""
    f, guess, width, dd_terms = FUNCTIONS[name]
    with mp.workdps(DPS):
        r = mp.findroot(f, mp.mpf(guess))
        w = mp.mpf(width)
        exact = mp.taylor(f, r, MAX_TERMS)  # exact[k] = f^(k)(r) / k!, exact[0] ~ 0
        ts = [w * (2 * mp.mpf(i) / (CHECK_POINTS - 1) - 1) for i in range(CHECK_POINTS)]
        values = [f(r + t) for t in ts]

        def fits(n: int) -> bool:
            """True if c1 t + ... + cn t**n is within TRUNCATION of f' at every t."""
            for t, value in zip(ts, values, strict=True):
                approx = mp.fsum(exact[k] * t**k for k in range(1, n + 1))
                if t != 0 and abs(approx - value) > TRUNCATION * abs(value):
                    return False
            return True

        n = next((n for n in range(2, MAX_TERMS) if fits(n)), None)
        if n is None:
            raise RuntimeError(f"{name}: no series of < {MAX_TERMS} terms fits W = {width}")
        r_hi, r_lo, r_tail = _split3(r)
        coeffs = [float(exact[k]) for k in range(1, n + 1)]
        coeffs_lo = [float(exact[k] - coeffs[k - 1]) for k in range(1, dd_terms + 1)]
        lo, hi = float(r_hi - w), float(r_hi + w)  # mpmath rounds these once, to nearest
    # The series is evaluated with x - r_hi; that difference is exact (Sterbenz) for
    # x in [2 r_hi, r_hi / 2], which holds wherever t is small compared with r.
    return {
        "root": (r_hi, r_lo, r_tail),
        "window": (lo, hi),
        "half_width": width,
        "coeffs": tuple(coeffs),
        "coeffs_lo": tuple(coeffs_lo),
    }


def render() -> str:
    """The text of _root_series.py (deterministic: fixed inputs, repr of floats)."""
    lines = [
        '"""Taylor series of the derivatives of GELU, gelu_tanh, SiLU and Mish at their root.',
        "",
        "generated by tools/gen_root_series.py; do not edit.",
        "",
        "ROOT_SERIES[name] holds, for f' = the derivative of that function near its root r:",
        "  root       (r_hi, r_lo, r_tail), r = r_hi + r_lo + r_tail to ~150 bits",
        "  window     (lo, hi): the series is used for lo <= x <= hi",
        "  half_width the W of the generator (decimal), lo = fl(r_hi - W), hi = fl(r_hi + W)",
        "  coeffs     (c1, c2, ..., cn): f'(x) = sum c_k (x - r)**k, c_k = f^(k+1)(r) / k!",
        "  coeffs_lo  low parts of c1, ..., cm: c_k = coeffs[k-1] + coeffs_lo[k-1] to ~106 bits",
        '"""',
        "",
        "ROOT_SERIES = {",
    ]
    for name in FUNCTIONS:
        s = series(name)
        lines += [
            f'    "{name}": {{',
            f'        "root": ({", ".join(repr(v) for v in s["root"])}),',
            f'        "window": ({", ".join(repr(v) for v in s["window"])}),',
            f'        "half_width": {s["half_width"]},',
            '        "coeffs_lo": (',
            *(f"            {c!r}," for c in s["coeffs_lo"]),
            "        ),",
            '        "coeffs": (',
            *(f"            {c!r}," for c in s["coeffs"]),
            "        ),",
            "    },",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the generated module")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        on_disk = args.output.read_text() if args.output.exists() else ""
        if on_disk != text:
            print(f"{args.output} is out of date: run tools/gen_root_series.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
