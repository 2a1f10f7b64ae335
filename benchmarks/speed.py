"""Time per call of every registry function, its derivative, softmax and log-softmax.

Each is called on 10**6 values (uniform in [-10, 10]; softmax on 10**5 rows of 10
logits), in float64 and in float32, next to the fastest reference this environment
offers (``references.FAST``: scipy.special and NumPy ufuncs where they exist), in the
same run and alternating between the two, so that the ratio is not skewed by the
machine's load drifting. The time of each is the best of ``--repeats`` calls.

Target (issue 7): at most 1.5 times the reference where the reference is one library
call (``is_library``); the plain NumPy expressions used elsewhere are shown for
information only (they are faster because they skip what makes the tails accurate).

Softmax and log-softmax are also timed on a grid of shapes with 10**6 logits each, from
one row of 10**6 to 10**6 rows of 2, at logit scales 1 and 50 (standard normal logits
times the scale), float64, along the last axis; the worst ratio over the grid is
reported (issue 14: at most 1.5).

Run: ``python benchmarks/speed.py`` (``make bench``). Writes the "speed" and
"softmax_shapes" sections of benchmarks/results.json (``--softmax-grid``: times only
the grid, and writes nothing).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
from common import save_section
from references import FAST, FAST_SOFTMAX

import activations as act

TARGET_RATIO = 1.5
N = 10**6


def best_times(
    funcs: list[Callable[[np.ndarray], np.ndarray]], x: np.ndarray, repeats: int
) -> list[float]:
    """Best wall time in seconds of each of *funcs* on *x*, calls interleaved."""
    best = [float("inf")] * len(funcs)
    for f in funcs:  # warm up (first-call allocations, lazy imports)
        f(x)
    for _ in range(repeats):
        for i, f in enumerate(funcs):
            start = time.perf_counter()
            f(x)
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def measure(repeats: int) -> dict:
    rng = np.random.default_rng(0)
    cases = []
    for name in act.names():
        entry = act.get(name)
        cases.append((name, "f", entry, FAST[name][0]))
        cases.append((name, "grad", entry.grad, FAST[name][1]))
    cases.append(("softmax", "f", act.softmax, FAST_SOFTMAX["softmax"]))
    cases.append(("log_softmax", "f", act.log_softmax, FAST_SOFTMAX["log_softmax"]))

    results: dict = {}
    for dtype in ("float64", "float32"):
        x = rng.uniform(-10.0, 10.0, N).astype(dtype)
        rows = x.reshape(-1, 10)
        for name, kind, ours, (ref_name, is_library, ref) in cases:
            data = rows if name in FAST_SOFTMAX else x
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                t_ours, t_ref = best_times([ours, ref], data, repeats)
            ratio = t_ours / t_ref
            row = {
                "ours_ms": round(t_ours * 1e3, 3),
                "reference": ref_name,
                "reference_ms": round(t_ref * 1e3, 3),
                "ratio": round(ratio, 2),
                "target_applies": is_library,
            }
            if is_library:
                row["meets_target"] = ratio <= TARGET_RATIO
            results.setdefault(name, {}).setdefault(kind, {})[dtype] = row
            mark = "" if not is_library else ("  ok" if ratio <= TARGET_RATIO else "  MISS")
            print(
                f"{name:<12} {kind:<5} {dtype:<8} {t_ours * 1e3:8.2f} ms  {ref_name:<24}"
                f" {t_ref * 1e3:8.2f} ms  x{ratio:5.2f}{mark}",
                flush=True,
            )
    return results


SOFTMAX_SHAPES = [(1, 10**6), (10, 10**5), (1000, 1000), (10**5, 10), (10**6, 2)]
SOFTMAX_SCALES = [1.0, 50.0]


def measure_softmax_shapes(repeats: int) -> dict:
    """Ratio to scipy of softmax and log_softmax on every shape and scale of the grid."""
    rng = np.random.default_rng(1)
    cases = []
    for shape in SOFTMAX_SHAPES:
        for scale in SOFTMAX_SCALES:
            x = rng.standard_normal(shape) * scale
            for name in ("softmax", "log_softmax"):
                ours = getattr(act, name)
                ref_name, _, ref = FAST_SOFTMAX[name]
                t_ours, t_ref = best_times([ours, ref], x, repeats)
                ratio = t_ours / t_ref
                cases.append(
                    {
                        "function": name,
                        "shape": list(shape),
                        "scale": scale,
                        "ours_ms": round(t_ours * 1e3, 3),
                        "reference_ms": round(t_ref * 1e3, 3),
                        "ratio": round(ratio, 2),
                    }
                )
                print(
                    f"{name:<12} {shape!s:<13} scale {scale:>4.0f} {t_ours * 1e3:8.2f} ms"
                    f"  {ref_name} {t_ref * 1e3:8.2f} ms  x{ratio:5.2f}",
                    flush=True,
                )
    worst = max(cases, key=lambda c: c["ratio"])
    return {"cases": cases, "worst": worst, "target_ratio": TARGET_RATIO}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="calls per function")
    parser.add_argument("--no-save", action="store_true", help="print only")
    parser.add_argument(
        "--softmax-grid", action="store_true", help="time only the softmax grid (print only)"
    )
    args = parser.parse_args()
    if args.softmax_grid:
        w = measure_softmax_shapes(max(3, args.repeats // 3))["worst"]
        print(f"worst ratio x{w['ratio']:.2f} ({w['function']}, {w['shape']}, {w['scale']:.0f})")
        return 0
    start = time.perf_counter()
    results = measure(args.repeats)
    shapes = measure_softmax_shapes(max(3, args.repeats // 3))
    elapsed = time.perf_counter() - start
    misses = [
        f"{name} {kind} {dtype}"
        for name, kinds in results.items()
        for kind, dtypes in kinds.items()
        for dtype, row in dtypes.items()
        if row.get("meets_target") is False
    ]
    print(f"\n{len(misses)} miss the {TARGET_RATIO}x target: {', '.join(misses)}")
    w = shapes["worst"]
    print(
        f"softmax grid: worst ratio x{w['ratio']:.2f} ({w['function']}, shape {w['shape']}, "
        f"scale {w['scale']:.0f})"
    )
    print(f"speed benchmark took {elapsed:.0f} s")
    if not args.no_save:
        save_section(
            "speed",
            {
                "method": (
                    f"best of {args.repeats} calls on {N} values uniform in [-10, 10] "
                    "(softmax: 10**5 rows of 10), alternating with the reference"
                ),
                "target_ratio": TARGET_RATIO,
                "seconds": round(elapsed, 1),
                "functions": results,
            },
        )
        save_section("softmax_shapes", shapes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
