"""Accuracy of every registry function, its derivative, softmax and log-softmax, in ulp.

Each function is evaluated on float64 and on float32 inputs, and compared with the
exact value (mpmath at 200 bits, ``references.EXACT``) rounded to nothing: the error
of a result ``y`` at input ``x`` is ``|y - f(x)| / ulp(f(x))``, where ``ulp`` is the
spacing of the floating-point numbers of that dtype at ``f(x)`` (the subnormal spacing
below the normal range), so a correctly rounded result has an error of at most 0.5.
A true value beyond the dtype's range counts as correct when the result is ``±inf``.

Inputs: a dense grid of [-50, 50] (an evenly spaced grid plus as many uniformly random
points), and log-spaced sweeps of both tails from 50 out to the largest finite value
and of both sides of 0 from the smallest subnormal up to 1, and uniformly random points
of [-1e-6, 1e-6] and [-1e-3, 1e-3]. Softmax and log-softmax
are measured on rows ``[x, 0]`` for the same inputs, on random rows of 10 logits in
[-50, 50], on random rows of 10 logits of any magnitude up to the dtype's limit, and on
rows of 1000 normal logits (scale 10; half of them shifted by -800), where the sum of
many comparable terms is what can go wrong.

Targets (issue 7): at most 2 ulp for the functions, 4 ulp for derivatives and softmax.
The fast references of the speed benchmark (scipy/NumPy) are measured too.

Run: ``python benchmarks/accuracy.py`` (``make bench``); ``--quick`` for a smaller
grid. Writes the "accuracy" section of benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import sys
import time
import warnings
from typing import Any

import mpmath as mp
import numpy as np
from common import save_section
from exact import ulp_error
from references import EXACT, FAST, FAST_SOFTMAX, exact_log_softmax, exact_softmax

import activations as act

PRECISION = 200  # bits of the reference values
# The derivatives of the non-monotonic functions (GELU, its tanh form, SiLU, Mish) have
# a simple root near x = -1, where they are the small difference of terms of size ~1: a
# plain float64 formula has an unbounded *relative* error there (the references show
# it), so the package evaluates them from their Taylor series at the root. In that
# window (|x| < 3 and |f'(x)| < 1/8) the error is also given in units of ulp(1/8), i.e.
# as an absolute error, and the maximum outside the window separately; the target
# applies to the relative error everywhere.
ROOT_WINDOW = (3.0, 0.125)
NON_MONOTONIC = frozenset(name for name in act.names() if not act.get(name).monotonic)
TARGET = {"f": 2.0, "grad": 4.0, "softmax": 4.0, "log_softmax": 4.0}
DTYPES = ("float64", "float32")
# --------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------


def elementwise_inputs(dtype: str, n_dense: int, n_sweep: int, seed: int = 0) -> np.ndarray:
    """The grid of [-50, 50], the tails out to ±max and both sides of 0, in *dtype*."""
    rng = np.random.default_rng(seed)
    info = np.finfo(dtype)
    with np.errstate(over="ignore"):  # geomspace's last power may overflow; it sets the
        tails = np.geomspace(50.0, float(info.max), n_sweep)  # endpoint exactly anyway
    small = np.geomspace(float(info.smallest_subnormal), 1.0, n_sweep)
    parts = [
        np.linspace(-50.0, 50.0, n_dense),
        rng.uniform(-50.0, 50.0, n_dense),
        tails,
        -tails,
        small,
        -small,
        # dense around 0, where a log sweep is sparse (Mish once reached 2.17 ulp near
        # x = -2e-8, between two points of the sweep)
        rng.uniform(-1e-6, 1e-6, n_dense // 4),
        rng.uniform(-1e-3, 1e-3, n_dense // 4),
        [0.0, float(info.max), -float(info.max)],
    ]
    x = np.concatenate([np.asarray(p, dtype=np.float64) for p in parts]).astype(dtype)
    return np.unique(x)  # sorted; float32 rounding may merge neighbours


def softmax_rows(dtype: str, x: np.ndarray, n_rows: int, seed: int = 1) -> list[np.ndarray]:
    """Rows [x, 0], random rows of 10 logits in [-50, 50], of any magnitude, and of 1000."""
    rng = np.random.default_rng(seed)
    info = np.finfo(dtype)
    pairs = np.stack([x, np.zeros_like(x)], axis=1)
    dense = rng.uniform(-50.0, 50.0, (n_rows, 10)).astype(dtype)
    log_mag = rng.uniform(-3.0, math.log10(float(info.max)), (n_rows, 10))
    wide = (rng.choice([-1.0, 1.0], (n_rows, 10)) * 10.0**log_mag).astype(dtype)
    long = rng.normal(0.0, 10.0, (max(2, n_rows // 50), 1000))
    long[::2] -= 800.0  # with and without the shift by the maximum
    return [pairs, dense, wide, long.astype(dtype)]


# --------------------------------------------------------------------------------------
# Work items: a chunk of inputs and the results of each implementation on it
# --------------------------------------------------------------------------------------


def _elementwise_errors(item: tuple) -> tuple:
    key, dtype, xs, results = item
    name, kind = key
    f = EXACT[name][0 if kind == "f" else 1]
    errors: dict[str, list[float]] = {impl: [] for impl in results}
    window_errors: dict[str, list[float]] = {impl: [] for impl in results}
    in_window = []
    with_window = kind == "grad" and name in NON_MONOTONIC
    with mp.workprec(PRECISION):
        floor = mp.mpf(ROOT_WINDOW[1])
        unit = floor * mp.ldexp(1, -np.finfo(dtype).nmant)  # ulp(1/8) in this dtype
        for i, x in enumerate(xs):
            exact = f(mp.mpf(float(x)))
            near = with_window and abs(float(x)) < ROOT_WINDOW[0] and abs(exact) < floor
            in_window.append(near)
            for impl, ys in results.items():
                errors[impl].append(ulp_error(float(ys[i]), exact, dtype))
                if near:  # the absolute error in units of ulp(1/8)
                    window_errors[impl].append(float(abs(mp.mpf(float(ys[i])) - exact) / unit))
                else:
                    window_errors[impl].append(0.0)
    mask = np.array(in_window, dtype=bool)
    return (
        key,
        dtype,
        xs,
        {impl: (np.array(e), np.array(window_errors[impl]), mask) for impl, e in errors.items()},
    )


def _softmax_errors(item: tuple) -> tuple:
    key, dtype, rows, results = item
    exact_fn = exact_softmax if key[0] == "softmax" else exact_log_softmax
    errors: dict[str, list[float]] = {impl: [] for impl in results}
    with mp.workprec(PRECISION):
        for i, row in enumerate(rows):
            exact = exact_fn([mp.mpf(float(v)) for v in row])
            for impl, ys in results.items():
                row_errors = [
                    ulp_error(float(y), e, dtype) for y, e in zip(ys[i], exact, strict=True)
                ]
                errors[impl].append(max(row_errors))
    none = np.zeros(len(rows), dtype=bool)
    return (
        key,
        dtype,
        rows,
        {impl: (np.array(e), np.zeros(len(rows)), none) for impl, e in errors.items()},
    )


def _chunks(n: int, size: int) -> list[slice]:
    return [slice(i, min(i + size, n)) for i in range(0, n, size)]


def build_items(n_dense: int, n_sweep: int, n_rows: int) -> tuple[list, list]:
    elementwise, rowwise = [], []
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")  # the naive references overflow in the tails
        for dtype in DTYPES:
            x = elementwise_inputs(dtype, n_dense, n_sweep)
            for name in act.names():
                entry = act.get(name)
                for kind, ours, ref in (
                    ("f", entry, FAST[name][0]),
                    ("grad", entry.grad, FAST[name][1]),
                ):
                    results = {"ours": ours(x), "reference": ref[2](x).astype(dtype)}
                    for sl in _chunks(len(x), 400):
                        part = {k: v[sl] for k, v in results.items()}
                        elementwise.append(((name, kind), dtype, x[sl], part))
            for name, ours in (("softmax", act.softmax), ("log_softmax", act.log_softmax)):
                ref = FAST_SOFTMAX[name]
                for rows in softmax_rows(dtype, x, n_rows):
                    results = {"ours": ours(rows), "reference": ref[2](rows).astype(dtype)}
                    for sl in _chunks(len(rows), 200):
                        part = {k: v[sl] for k, v in results.items()}
                        rowwise.append(((name, "f"), dtype, rows[sl], part))
    return elementwise, rowwise


# --------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------


def _describe_input(xs: Any) -> str:
    """The input in full (repr precision), so that the case can be rerun."""
    if np.ndim(xs) == 0:
        return repr(float(xs))
    return "[" + ", ".join(repr(float(v)) for v in xs) + "]"


def _rounded(value: float) -> float | str:
    if not math.isfinite(value):
        return "inf"
    return round(value, 2) if value < 1e3 else float(f"{value:.3g}")


def summarize(outcomes: list) -> dict[str, Any]:
    table: dict[tuple, dict[str, Any]] = {}
    for key, dtype, xs, errors in outcomes:
        for impl, (err, window_err, window) in errors.items():
            slot = table.setdefault(
                (key, dtype, impl),
                {"max": -1.0, "at": "", "n": 0, "over": 0, "outside": 0.0, "window": None},
            )
            target = TARGET[key[1] if key[0] not in TARGET else key[0]]
            slot["n"] += len(err)
            slot["over"] += int(np.sum(err > target))
            i = int(np.argmax(err))
            if err[i] > slot["max"]:
                slot["max"], slot["at"] = float(err[i]), _describe_input(xs[i])
            if window.any():
                slot["window"] = max(slot["window"] or 0.0, float(np.max(window_err)))
            if not window.all():
                slot["outside"] = max(slot["outside"], float(np.max(err[~window])))
    summary: dict[str, Any] = {}
    order = [*act.names(), "softmax", "log_softmax"]
    ranked = sorted(
        table.items(),
        key=lambda kv: (order.index(kv[0][0][0]), kv[0][0][1], kv[0][1] != "float64", kv[0][2]),
    )
    for (key, dtype, impl), slot in ranked:
        name, kind = key
        target = TARGET[kind if name not in TARGET else name]
        entry = summary.setdefault(name, {}).setdefault(kind, {}).setdefault(dtype, {})
        entry[impl] = {
            "max_ulp": _rounded(slot["max"]),
            "at": slot["at"],
            "points": slot["n"],
            "points_over_target": slot["over"],
        }
        if slot["window"] is not None:
            entry[impl]["max_ulp_outside_root_window"] = _rounded(slot["outside"])
            entry[impl]["root_window_max_error_in_ulp_of_0.125"] = _rounded(slot["window"])
        entry["target_ulp"] = target
        if impl == "ours":
            entry["meets_target"] = slot["max"] <= target
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller grid (for a try)")
    parser.add_argument("--dense", type=int, default=20001, help="points of the [-50, 50] grid")
    parser.add_argument("--sweep", type=int, default=1000, help="points of each log sweep")
    parser.add_argument("--rows", type=int, default=1000, help="random softmax rows per kind")
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args()
    if args.quick:
        args.dense, args.sweep, args.rows = 2001, 200, 100
    start = time.perf_counter()
    elementwise, rowwise = build_items(args.dense, args.sweep, args.rows)
    with multiprocessing.Pool(os.cpu_count()) as pool:
        outcomes = list(pool.imap_unordered(_elementwise_errors, elementwise))
        outcomes += list(pool.imap_unordered(_softmax_errors, rowwise))
    summary = summarize(outcomes)
    elapsed = time.perf_counter() - start

    failures = []
    print(
        f"{'function':<12} {'kind':<5} {'dtype':<8} {'max ulp':>9}  {'at x':<28}"
        f"{'off-root':>9} {'root win':>9}  {'reference':<24} {'ref ulp':>9}"
    )
    for name, kinds in summary.items():
        for kind, dtypes in kinds.items():
            for dtype, entry in dtypes.items():
                ours, ref = entry["ours"], entry.get("reference", {})
                refs = FAST_SOFTMAX[name] if name in FAST_SOFTMAX else FAST[name][kind == "grad"]
                flag = "" if entry["meets_target"] else f"  > {entry['target_ulp']} ulp"
                print(
                    f"{name:<12} {kind:<5} {dtype:<8} {ours['max_ulp']:>9}  {ours['at'][:28]:<28}"
                    f"{ours.get('max_ulp_outside_root_window', ''):>9} "
                    f"{ours.get('root_window_max_error_in_ulp_of_0.125', ''):>9}  "
                    f"{refs[0][:24]:<24} {ref.get('max_ulp', ''):>9}{flag}"
                )
                if not entry["meets_target"]:
                    failures.append(f"{name} {kind} {dtype}")
    print(f"\n{len(failures)} of the measured cases miss the target: {', '.join(failures)}")
    print(f"accuracy benchmark took {elapsed:.0f} s")
    if not args.no_save:
        save_section(
            "accuracy",
            {
                "method": (
                    f"max |y - f(x)| / ulp(f(x)) against mpmath at {PRECISION} bits; "
                    f"inputs: {args.dense} evenly spaced + {args.dense} random points of "
                    f"[-50, 50], log sweeps of {args.sweep} points over ±[50, max] and "
                    f"±[smallest subnormal, 1]; softmax rows [x, 0], {args.rows} random "
                    f"rows of 10 logits in [-50, 50], {args.rows} of any magnitude and "
                    f"{max(2, args.rows // 50)} rows of 1000 normal logits (scale 10)"
                ),
                "targets_ulp": TARGET,
                "seconds": round(elapsed, 1),
                "functions": summary,
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
