"""Time per call of every registry function, its derivative, softmax and log-softmax.

Each is called on 10**6 values (uniform in [-10, 10]; softmax on 10**5 rows of 10
logits), in float64 and in float32, next to the fastest reference this environment
offers (``references.FAST``: scipy.special and NumPy ufuncs where they exist), in the
same run and alternating between the two, so that the ratio is not skewed by the
machine's load drifting. The time of each is the best of ``--repeats`` calls.

Target (issue 7): at most 1.5 times the reference where the reference is one library
call (``is_library``); the plain NumPy expressions used elsewhere are shown for
information only (they are faster because they skip what makes the tails accurate).

Run: ``python benchmarks/speed.py`` (``make bench``). Writes the "speed" section of
benchmarks/results.json.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="calls per function")
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args()
    start = time.perf_counter()
    results = measure(args.repeats)
    elapsed = time.perf_counter() - start
    misses = [
        f"{name} {kind} {dtype}"
        for name, kinds in results.items()
        for kind, dtypes in kinds.items()
        for dtype, row in dtypes.items()
        if row.get("meets_target") is False
    ]
    print(f"\n{len(misses)} miss the {TARGET_RATIO}x target: {', '.join(misses)}")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
