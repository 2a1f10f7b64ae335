"""Print the README's benchmark tables (Markdown) from benchmarks/results.json.

Run ``python benchmarks/table.py`` after ``make bench`` / ``make bench-book`` and paste
the output over the tables in the README's "Benchmarks" section.
"""

from __future__ import annotations

import json
import sys

from common import RESULTS

STEPS = ("clean_make_book", "no_change_rebuild", "one_chapter_changed", "src_changed", "make_test")


def _ulp(cell: dict) -> str:
    ours = cell["ours"]
    text = f"{ours['max_ulp']:g}" if isinstance(ours["max_ulp"], float) else str(ours["max_ulp"])
    if "max_ulp_outside_root_window" in ours and not cell["meets_target"]:
        text += f" ({ours['max_ulp_outside_root_window']:g} off-root)"
    return text if cell["meets_target"] else f"**{text}**"


def _ratio(cell: dict) -> str:
    text = f"{cell['ratio']:.2f}"
    if cell["target_applies"] and not cell["meets_target"]:
        return f"**{text}**"
    return text if cell["target_applies"] else f"({text})"


def accuracy_and_speed(results: dict) -> list[str]:
    accuracy = results["accuracy"]["functions"]
    speed = results.get("speed", {}).get("functions", {})
    lines = [
        "| function | max ulp f, float64 / float32 | max ulp f′, float64 / float32 "
        "| time f ÷ reference, float64 / float32 | time f′ ÷ reference | reference for f |",
        "|---|---|---|---|---|---|",
    ]
    for name, kinds in accuracy.items():
        f, g = kinds["f"], kinds.get("grad")
        ulp_f = f"{_ulp(f['float64'])} / {_ulp(f['float32'])}"
        ulp_g = f"{_ulp(g['float64'])} / {_ulp(g['float32'])}" if g else "–"
        sf, sg = speed.get(name, {}).get("f"), speed.get(name, {}).get("grad")
        time_f = f"{_ratio(sf['float64'])} / {_ratio(sf['float32'])}" if sf else "–"
        time_g = f"{_ratio(sg['float64'])} / {_ratio(sg['float32'])}" if sg else "–"
        # a "|" inside a cell ends it unless escaped
        reference = f"`{sf['float64']['reference']}`".replace("|", "\\|") if sf else "–"
        lines.append(f"| {name} | {ulp_f} | {ulp_g} | {time_f} | {time_g} | {reference} |")
    return lines


def machine_line(results: dict) -> str:
    m = results["accuracy"]["machine"]
    return (
        f"Measured on {m['nproc']} cores ({m['cpu_model']}), Python {m['python']}, "
        f"NumPy {m['numpy']}, SciPy {m['scipy']}, scikit-learn {m['scikit_learn']} "
        f"({results['accuracy']['date']}, revision {results['accuracy']['revision']})."
    )


def network_line(results: dict) -> str:
    net = results.get("network")
    if not net:
        return ""
    ours, sk = net["ours"], net["sklearn"]
    return (
        f"Training the digits network ({net['setup']}): {ours['examples_per_second']:,} "
        f"examples/s here against {sk['examples_per_second']:,} for scikit-learn's "
        f"`MLPClassifier`, a ratio of {net['throughput_ratio_ours_over_sklearn']:.2f}."
    )


def book_line(results: dict) -> str:
    book = results.get("book")
    if not book:
        return ""
    failing = [k for k in STEPS if k in book and book[k]["exit_status"] != 0]
    note = f" ({', '.join(failing)} had failing checks when measured)" if failing else ""
    seconds = {k: f"{book[k]['seconds']:.0f} s" if k in book else "not measured" for k in STEPS}
    return (
        f"Book ({book['chapters']} chapters, {book['date']}): clean `make book` "
        f"{seconds['clean_make_book']}, no-change rebuild {seconds['no_change_rebuild']}, "
        f"after a change in one chapter {seconds['one_chapter_changed']}, after a change in "
        f"`src/` {seconds['src_changed']}, `make test` {seconds['make_test']}{note}."
    )


def softmax_line(results: dict) -> str:
    grid = results.get("softmax_shapes")
    if not grid:
        return ""
    w = grid["worst"]
    shapes = sorted({tuple(c["shape"]) for c in grid["cases"]})
    return (
        f"Softmax and log-softmax on {len(grid['cases']) // 2} shapes and scales of 10^6 "
        f"logits ({shapes[0][0]} x {shapes[0][1]:.0e} to {shapes[-1][0]:.0e} x "
        f"{shapes[-1][1]}, logit scales 1 and 50): worst ratio to scipy {w['ratio']:.2f} "
        f"({w['function']}, {w['shape'][0]} x {w['shape'][1]}, scale {w['scale']:.0f})."
    )


def main() -> int:
    results = json.loads(RESULTS.read_text())
    print(machine_line(results))
    print()
    print("\n".join(accuracy_and_speed(results)))
    print()
    print("**Bold**: misses its target.")
    print()
    for line in (softmax_line(results), network_line(results), book_line(results)):
        if line:
            print(line)
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
