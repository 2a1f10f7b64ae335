"""Training throughput of the book's NumPy network against scikit-learn's MLPClassifier.

Both train the same network on the 8x8 digits (1797 images, pixels scaled to [0, 1]):
64 inputs, one hidden layer of 128 ReLU units, 10 softmax outputs, Adam with learning
rate 1e-3, mini-batches of 32, the same number of epochs, no weight penalty and no
early stopping. Throughput is training examples per second (examples x epochs / wall
time), the best of ``--repeats`` alternating runs of each. ``activations.nn.train``
also evaluates the loss and accuracy of the whole training set after every epoch;
MLPClassifier accumulates its loss over the mini-batches instead.

Run: ``python benchmarks/network.py`` (``make bench``). Writes the "network" section of
benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings

import numpy as np
from common import save_section
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from activations import data, nn

LAYERS = [64, 128, 10]


def run_ours(X: np.ndarray, y: np.ndarray, epochs: int, batch_size: int) -> tuple[float, float]:
    model = nn.MLP(LAYERS, "relu", "softmax", seed=0)
    start = time.perf_counter()
    nn.train(model, X, y, optimizer=nn.Adam(lr=1e-3), epochs=epochs, batch_size=batch_size)
    return time.perf_counter() - start, model.accuracy(X, y)


def run_sklearn(X: np.ndarray, y: np.ndarray, epochs: int, batch_size: int) -> tuple[float, float]:
    model = MLPClassifier(
        hidden_layer_sizes=(LAYERS[1],),
        activation="relu",
        solver="adam",
        alpha=0.0,
        batch_size=batch_size,
        learning_rate_init=1e-3,
        max_iter=epochs,
        shuffle=True,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        random_state=0,
    )
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # max_iter reached: intended
        model.fit(X, y)
    return time.perf_counter() - start, float(model.score(X, y))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-save", action="store_true", help="print only")
    args = parser.parse_args()
    X, y = data.digits()
    examples = len(X) * args.epochs
    best = {"ours": (np.inf, 0.0), "sklearn": (np.inf, 0.0)}
    for _ in range(args.repeats):
        for label, run in (("ours", run_ours), ("sklearn", run_sklearn)):
            seconds, accuracy = run(X, y, args.epochs, args.batch_size)
            if seconds < best[label][0]:
                best[label] = (seconds, accuracy)
    rows = {}
    for label, (seconds, accuracy) in best.items():
        rows[label] = {
            "seconds": round(seconds, 3),
            "examples_per_second": round(examples / seconds),
            "train_accuracy": round(accuracy, 4),
        }
        print(
            f"{label:<8} {seconds:7.2f} s  {examples / seconds:9.0f} examples/s  "
            f"train accuracy {accuracy:.4f}"
        )
    ratio = rows["ours"]["examples_per_second"] / rows["sklearn"]["examples_per_second"]
    print(f"throughput ratio (ours / scikit-learn): {ratio:.2f}")
    if not args.no_save:
        save_section(
            "network",
            {
                "setup": (
                    f"digits ({len(X)} examples), MLP {LAYERS} relu/softmax, Adam lr 1e-3, "
                    f"batch {args.batch_size}, {args.epochs} epochs, best of {args.repeats}"
                ),
                **rows,
                "throughput_ratio_ours_over_sklearn": round(ratio, 2),
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
