"""The article's claims (and the book's own, B1-B3), the rules that give verdicts, the tables.

Each chapter measures the claims of its section on the page and ends with

>>> from activations import claims
>>> claims.table({"R1": {"violations": 0, "n": 100_000}})  # doctest: +SKIP

which applies each claim's rule (:attr:`Check.judge`) to the figures the chapter computed, and
displays the "Claims in this chapter" table: the claim, what was measured (rounded by
:attr:`Check.describe`), the verdict and the rule in words. Nothing here measures anything. The
claims ledger (the book's closing page) does not measure either: it reads the chapters' tables back
from their executed notebooks with :func:`collect`, so a figure exists once, in its chapter.

Rules are written once as code and once as prose (:attr:`Check.rule`), with their
thresholds as module constants shared by both. The pattern:

- **holds**: the figure is on the side of the threshold that the claim predicts;
- **holds with nuance**: it is, but an exception that the chapter names was measured too;
- **does not hold as stated**: the figure is on the other side of the threshold.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

HOLDS = "holds"
NUANCE = "holds with nuance"
DOES_NOT_HOLD = "does not hold as stated"
VERDICTS: tuple[str, str, str] = (HOLDS, NUANCE, DOES_NOT_HOLD)
"""The three verdicts, from best to worst."""


# --- The claims (ids from the article's section map, our own paraphrase) ---
@dataclass(frozen=True)
class Claim:
    """One claim of the article: its ``id`` (``"S3"``), the ``chapter`` that tests it (in
    its section labelled ``claims-ch<chapter>``) and its ``text``, what the article says in
    the book's own words."""

    id: str
    chapter: int
    text: str


_ARTICLE = {
    "A1": "An activation takes a neuron's weighted sum of inputs plus bias and returns the "
    "neuron's output.",
    "A2": "Activations make a network non-linear, so that it can model complex relationships.",
    "N1": "Linear layers stacked on each other collapse to one linear map, whatever the depth.",
    "N2": "With a non-linear activation the same network fits patterns a linear model cannot, such "
    "as XOR.",
    "G1": "Networks are trained with gradients of the loss with respect to weights and biases "
    "(backpropagation).",
    "G2": "So the activation must be differentiable; a step function gives zero gradient and "
    "nothing learns.",
    "O1": "Activations bound or shape the range and distribution of a neuron's output.",
    "O2": "This helps keep the network numerically stable.",
    "S1": "The sigmoid maps any input into (0, 1).",
    "S2": "It suits binary classification, its output read as a probability.",
    "S3": "It suffers from vanishing gradients in deep networks.",
    "R1": "ReLU is max(0, x): negatives become 0, positives pass unchanged.",
    "R2": "ReLU is simple and effective for deep networks.",
    "R3": "ReLU eases vanishing gradients and speeds up convergence.",
    "R4": "ReLU units can die and stop learning; the cause is poor initialization.",
    "T1": "Tanh maps any input into (-1, 1).",
    "T2": "Tanh has stronger gradients than the sigmoid.",
    "T3": "Tanh still suffers from vanishing gradients.",
    "T4": "Tanh suits binary classification (an aside of the article's tanh section).",
    "L1": "Leaky ReLU has a small slope for negative inputs.",
    "L2": "That slope keeps units from dying: they still learn while their pre-activation is "
    "negative.",
    "X1": "Softmax is used in the output layer for multi-class classification.",
    "X2": "Softmax turns the outputs into a probability distribution over the classes, easy to "
    "read and compare.",
    "C1": "The choice depends on the task (classification, regression), the architecture and known "
    "problems such as vanishing gradients.",
    "C2": "Try several activation functions and compare them on validation or test sets.",
    "Z1": "Activations add non-linearity, make gradient-based training possible and control the "
    "outputs.",
    "Z2": "New activation functions keep appearing (GELU, SiLU/Swish, ELU, SELU, Mish); keep up "
    "with them.",
    "Z3": "Success also depends on the data, the architecture, the hyperparameters and the "
    "optimization.",
}
_LETTERS = "ANGOSRTLXCZ"  # the letter of the claim ids of chapters 1, 2, ..., 11
CLAIMS: tuple[Claim, ...] = tuple(
    Claim(i, _LETTERS.index(i[0]) + 1, text) for i, text in _ARTICLE.items()
)
"""Every claim of the article, in the order of the book."""

_BOOK = {
    "B1": "A gate passes its unit's value and gradient in proportion to its own value: a ReLU "
    "gate can close for good, as a ReLU unit dies; a smooth gate cannot.",
    "B2": "At matched parameter counts, a SwiGLU feed-forward block does no better than ReLU or "
    "GELU on small tasks, beyond the spread over seeds.",
    "B3": "Normalizing the pre-activations keeps the gradient of a deep sigmoid network from "
    "vanishing.",
}
BOOK_CLAIMS: tuple[Claim, ...] = tuple(Claim(i, 12, text) for i, text in _BOOK.items())
"""The book's own claims (ids B1, B2, ...), of chapter 12, where the article makes none."""


def claim(claim_id: str) -> Claim:
    """The :class:`Claim` with id ``claim_id`` (e.g. ``"S3"``); ValueError if there is none."""
    for c in CLAIMS + BOOK_CLAIMS:
        if c.id == claim_id:
            return c
    known = [c.id for c in CLAIMS + BOOK_CLAIMS]
    raise ValueError(f"unknown claim id {claim_id!r}; expected one of {known}")


# --- How a claim is checked ---
@dataclass(frozen=True)
class Check:
    """How one claim is judged: its ``rule`` in words; in code, ``judge(figures)``, which
    returns one of :data:`VERDICTS`; and ``describe``, the figures as rounded text: a template
    that ``str.format_map(figures)`` fills in, or ``describe(figures) -> str`` where the
    rounding needs more than a format spec."""

    rule: str
    judge: Callable[[Mapping[str, float]], str]
    describe: str | Callable[[Mapping[str, float]], str]

    def measured(self, figures: Mapping[str, float]) -> str:
        """The table's "What was measured" cell: :attr:`describe` applied to ``figures``."""
        if isinstance(self.describe, str):
            return self.describe.format_map(figures)
        return self.describe(figures)


def _verdict(direction: bool, exception: bool = False) -> str:
    """The pattern of the module docstring, for a rule that fits in one expression.

    >>> _verdict(True), _verdict(True, exception=True), _verdict(False, exception=True)
    ('holds', 'holds with nuance', 'does not hold as stated')
    """
    if not direction:
        return DOES_NOT_HOLD
    return NUANCE if exception else HOLDS


# Rounding where a format spec is not enough, so that last-digit noise cannot change the text.
def _sci(value: float, digits: int = 0) -> str:
    """Scientific notation without exponent padding: ``_sci(3.2e-10) == "3e-10"``."""
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def _below(value: float, bound: float) -> str:
    """``"< 1e-12"`` when ``value < bound``, else the value itself (two digits)."""
    return f"< {_sci(bound)}" if value < bound else _sci(value, 1)


def _order(value: float) -> str:
    """A positive number to about two significant digits: ``"0.66"``, ``"2.9"``, ``"3e-10"``."""
    if value == 0:
        return "0"
    if 0.01 <= abs(value) < 100:
        return f"{value:.2g}" if abs(value) < 1 else f"{value:.1f}"
    return _sci(value)


def _within(epochs: float, budget: float) -> str:
    """Mean epochs to a target; above the budget (inf) when some run never reached it."""
    return f"{epochs:.1f}" if epochs <= budget else f"not within {budget:.0f}"


# --- The rules, one group per claim ---
CHECKS: dict[str, Check] = {}
"""How each claim is measured and judged, by claim id (filled in below, claim by claim)."""

# A1 (chapter 1): one neuron by hand against the package.
A1_TOLERANCE = 1e-14
CHECKS["A1"] = Check(
    rule=f"Holds if the two agree to a relative {_sci(A1_TOLERANCE)} for every activation.",
    judge=lambda f: _verdict(f["max_relative_gap"] <= A1_TOLERANCE),
    describe=lambda f: (
        f"hand and package agree for {f['n_activations']:.0f} activations: largest relative gap "
        f"{_below(f['max_relative_gap'], A1_TOLERANCE)}"
    ),
)

# A2 (chapter 1): the sum rule of affine maps, g(u + v) - g(0) = [g(u) - g(0)] + [g(v) - g(0)],
# for one neuron with and without an activation.
A2_LINEAR_TOLERANCE = 1e-12
A2_NONLINEAR_GAP = 0.1
CHECKS["A2"] = Check(
    rule=f"Holds if the rule holds without an activation (gap below {_sci(A2_LINEAR_TOLERANCE)}) "
    f"and fails by at least {A2_NONLINEAR_GAP} with each activation.",
    judge=lambda f: _verdict(
        f["identity_gap"] < A2_LINEAR_TOLERANCE and f["smallest_nonlinear_gap"] >= A2_NONLINEAR_GAP
    ),
    describe=lambda f: (
        f"largest violation of the affine sum rule: without activation "
        f"{_below(f['identity_gap'], A2_LINEAR_TOLERANCE)}; tanh, ReLU, sigmoid at least "
        f"{f['smallest_nonlinear_gap']:.2f}"
    ),
)

# N1 (chapter 2): a deep identity network against its collapsed single layer.
N1_TOLERANCE = 1e-12
CHECKS["N1"] = Check(
    rule=f"Holds if the outputs agree to {_sci(N1_TOLERANCE)} and the trained network and its "
    f"collapsed layer predict the same class on every test point.",
    judge=lambda f: _verdict(f["gap"] < N1_TOLERANCE and f["xor_disagreements"] == 0),
    describe=lambda f: (
        f"{f['n_parameters']:.0f} parameters equal a single layer of {f['n_collapsed']:.0f}: "
        f"largest output gap {_below(f['gap'], N1_TOLERANCE)}; the trained deep linear network and "
        f"its collapsed layer disagree on {f['xor_disagreements']:.0f} of {f['n_xor_test']:.0f} "
        f"XOR test points"
    ),
)

# N2 (chapter 2): XOR and circles, linear model against one hidden layer.
N2_CHANCE = 0.6
N2_FITS = 0.9
N2_PROBLEMS = ("xor", "circles")
CHECKS["N2"] = Check(
    rule=f"Holds if both networks reach test accuracy {N2_FITS} on both problems while both linear "
    f"models stay at most {N2_CHANCE}; with nuance if the networks do but a linear model exceeds "
    f"{N2_CHANCE}; does not hold if a network stays below {N2_FITS}.",
    judge=lambda f: _verdict(
        f["worst_nonlinear"] >= N2_FITS, exception=f["best_linear"] > N2_CHANCE
    ),
    describe="test accuracy on XOR and circles: linear models at most {best_linear:.3f}, tanh and "
    "ReLU networks at least {worst_nonlinear:.3f}",
)

# G1 (chapter 3): gradients by the chain rule against finite differences.
G1_TOLERANCE = 1e-8
CHECKS["G1"] = Check(
    rule=f"Holds if the gradients match finite differences to a relative {_sci(G1_TOLERANCE)} in "
    f"every parameter array.",
    judge=lambda f: _verdict(f["max_relative_error"] < G1_TOLERANCE),
    describe=lambda f: (
        f"chain rule vs finite differences, {f['n_arrays']:.0f} parameter arrays (one neuron by "
        f"hand, a 2-3-1 network by `nn.MLP`): largest relative error "
        f"{_below(f['max_relative_error'], G1_TOLERANCE)}; a training loop written with these "
        f"gradients ends with the weights of `nn.train` (SGD and Adam), largest difference "
        f"{f['training_gap']:.1e}"
    ),
)

# G2 (chapter 3): step against sigmoid hidden units; what still learns; ReLU's kink.
G2_LEARNS = 0.9
G2_FAILS = 0.7
G2_MOVES = 0.1
G2_PROBLEMS = ("xor", "circles")


def judge_g2(f: Mapping[str, float]) -> str:
    """Nuance when the step network's output layer still learns, or ReLU trains anyway.

    >>> f = {"step_hidden_change": 0.0, "step_output_change": 1.8, "step_best_test": 0.57,
    ...      "sigmoid_worst_test": 0.998, "relu_kink_hits": 0, "relu_train_accuracy": 0.94}
    >>> judge_g2(f), judge_g2({**f, "step_hidden_change": 0.1})
    ('holds with nuance', 'does not hold as stated')
    >>> judge_g2({**f, "step_output_change": 0.0, "relu_kink_hits": 5})
    'holds'
    """
    direction = (
        f["step_hidden_change"] == 0.0
        and f["step_best_test"] <= G2_FAILS
        and f["sigmoid_worst_test"] >= G2_LEARNS
    )
    output_learns = f["step_output_change"] >= G2_MOVES
    relu_trains = f["relu_kink_hits"] == 0 and f["relu_train_accuracy"] >= G2_LEARNS
    return _verdict(direction, exception=output_learns or relu_trains)


CHECKS["G2"] = Check(
    rule=f"Holds if the step network's hidden layer never moves, its test accuracy stays at most "
    f"{G2_FAILS} and the sigmoid network's reaches {G2_LEARNS}; with nuance if, in addition, the "
    f"step network's output layer still learns (moves by {G2_MOVES} or more on every problem) or "
    f"ReLU (no derivative at 0) trains to {G2_LEARNS} without a pre-activation on the kink; does "
    f"not hold otherwise.",
    judge=judge_g2,
    describe="step network: hidden layer moved {step_hidden_change:.3f}, output layer at least "
    "{step_output_change:.1f}; test accuracy on XOR and circles: step at most "
    "{step_best_test:.3f}, sigmoid at least {sigmoid_worst_test:.3f}. ReLU (no derivative at 0): "
    "{relu_kink_hits:.0f} pre-activations exactly on the kink in training, training accuracy "
    "{relu_train_accuracy:.3f}",
)

# O1 (chapter 4): the registry's output ranges on a wide grid; the spread, layer by layer.
O1_SHAPES = 0.1
CHECKS["O1"] = Check(
    rule=f"Holds if every function stays inside the range the registry states for it and, with the "
    f"same initialization, the per-layer factor of the activations' root-mean-square differs "
    f"between activations by at least {O1_SHAPES}; with nuance if only the ranges hold; does not "
    f"hold if a function leaves its range.",
    judge=lambda f: _verdict(
        f["n_within"] >= f["n_functions"],
        exception=f["xavier_factor_max"] - f["xavier_factor_min"] < O1_SHAPES,
    ),
    describe="{n_within:.0f} of {n_functions:.0f} activations stay inside their stated range, "
    "{n_bounded:.0f} of them bounded on both sides; with the same Xavier weights the "
    "root-mean-square of the activations changes per layer by a factor {xavier_factor_min:.3f} to "
    "{xavier_factor_max:.3f}, depending on the activation",
)

# O2 (chapter 4): stable formulas, naive formulas, and a bounded network that forgets.
O2_FORGETS = 0.01
CHECKS["O2"] = Check(
    rule=f"Holds if the stable formulas never give inf or nan; with nuance if, in addition, the "
    f"naive formulas do, or the bounded sigmoid network keeps less than {O2_FORGETS:.0%} of its "
    f"input dependence at layer 10.",
    judge=lambda f: _verdict(
        f["stable_nonfinite"] == 0,
        exception=f["naive_nonfinite"] > 0 or f["sigmoid_spread_ratio"] < O2_FORGETS,
    ),
    describe=lambda f: (
        f"non-finite results among {f['n_values']:.0f}: stable formulas "
        f"{f['stable_nonfinite']:.0f}, naive formulas {f['naive_nonfinite']:.0f}; bounded sigmoid "
        f"network, input dependence at layer 10 / layer 1: "
        f"{_below(f['sigmoid_spread_ratio'], 0.001)}"
    ),
)

# S1 (chapter 5), and T1 (chapter 7) by the same rule: outputs strictly inside the interval.
CHECKS["S1"] = Check(
    rule="Holds if every output on those random inputs is strictly between 0 and 1. Where the "
    "computed value rounds onto 0 or 1 (large |x|): reported beside, not counted.",
    judge=lambda f: _verdict(f["fraction_inside"] == 1.0),
    describe="{fraction_inside:.1%} of {n:,.0f} outputs on random inputs with |x| <= 36 strictly "
    "inside (0, 1); in float64 the package returns exactly 1 for integers x >= "
    "{rounds_to_one_from:.0f} and exactly 0 for x <= {rounds_to_zero_from:.0f}",
)

# S2 (chapter 5): logistic regression on the breast cancer data, accuracy and calibration.
S2_ACCURACY = 0.9
S2_CALIBRATION_GAP = 0.1
S2_MIN_BIN = 20
CHECKS["S2"] = Check(
    rule=f"Holds if test accuracy is at least {S2_ACCURACY} and, in every bin with at least "
    f"{S2_MIN_BIN} cases, the mean predicted probability is within {S2_CALIBRATION_GAP} of the "
    f"observed frequency.",
    judge=lambda f: _verdict(
        f["test_accuracy"] >= S2_ACCURACY and f["calibration_gap"] <= S2_CALIBRATION_GAP
    ),
    describe="test accuracy {test_accuracy:.3f}; predicted vs observed frequency differ by at most "
    "{calibration_gap:.2f} in the bins holding {share_in_full_bins:.0%} of held-out cases",
)

# S3 (chapter 5): gradient through 15 sigmoid layers, at initialization and after training.
S3_VANISHED = 1e-3
CHECKS["S3"] = Check(
    rule=f"Holds if the sigmoid network's first-layer gradient is below {_sci(S3_VANISHED)} times "
    f"the output layer's, at initialization and after training, and training moves its first "
    f"layer's weights by less than {_sci(S3_VANISHED)} of their size.",
    judge=lambda f: _verdict(
        max(f["sigmoid_ratio"], f["sigmoid_ratio_trained"]) < S3_VANISHED
        and f["sigmoid_first_layer_moved"] < S3_VANISHED
    ),
    describe=lambda f: (
        f"gradient of layer 1 / output layer: sigmoid {_order(f['sigmoid_ratio'])} at "
        f"initialization ({f['sigmoid_per_layer']:.2f} per layer), "
        f"{_order(f['sigmoid_ratio_trained'])} after 10 epochs of SGD; tanh "
        f"{_order(f['tanh_ratio'])}, ReLU {_order(f['relu_ratio'])} at initialization. Training "
        f"moved the sigmoid network's layer-1 weights by {_order(f['sigmoid_first_layer_moved'])} "
        f"of their size, the output layer's by {f['sigmoid_output_layer_moved']:.2f}; it gives "
        f"every tumour the base rate: test accuracy {f['sigmoid_test_accuracy']:.3f}, share of "
        f"benign tumours {f['benign_share']:.3f} (tanh {f['tanh_test_accuracy']:.3f}, ReLU "
        f"{f['relu_test_accuracy']:.3f})"
    ),
)

# R1 (chapter 6): the definition on random inputs.
CHECKS["R1"] = Check(
    rule="Holds if every negative input gives 0 and every positive input is returned unchanged.",
    judge=lambda f: _verdict(f["violations"] == 0),
    describe="{violations:.0f} of {n:,.0f} inputs not mapped as max(0, x)",
)

# R2, R3 (chapter 6): the digit race (mean epochs to the target loss, inf if some run never
# reached it) and gradients through ten layers.
RACE_EPOCHS = 15
RACE_TARGET = 0.1
R3_KEPT = 0.1
R3_VANISHED = 1e-3
CHECKS["R2"] = Check(
    rule=f"Holds if ReLU ends with the lowest training loss and reaches loss {RACE_TARGET} no "
    f"later than sigmoid and tanh; with nuance if it ends lowest but another reaches {RACE_TARGET} "
    f"sooner; does not hold if another ends lower. (Simplicity, one comparison per value, is not "
    f"timed.)",
    judge=lambda f: _verdict(
        all(f["relu_final_loss"] <= f[f"{other}_final_loss"] for other in ("sigmoid", "tanh")),
        exception=any(f[f"{other}_epochs"] < f["relu_epochs"] for other in ("sigmoid", "tanh")),
    ),
    describe=lambda f: (
        f"final training loss (mean of 3 seeds): ReLU {f['relu_final_loss']:.3f}, tanh "
        f"{f['tanh_final_loss']:.3f}, sigmoid {f['sigmoid_final_loss']:.3f}; mean epochs to loss "
        f"{RACE_TARGET}: ReLU {_within(f['relu_epochs'], RACE_EPOCHS)}, tanh "
        f"{_within(f['tanh_epochs'], RACE_EPOCHS)}, sigmoid "
        f"{_within(f['sigmoid_epochs'], RACE_EPOCHS)}"
    ),
)
CHECKS["R3"] = Check(
    rule=f"Holds if ReLU with He keeps at least {R3_KEPT} of the error signal, sigmoid keeps less "
    f"than {_sci(R3_VANISHED)}, and ReLU reaches the loss sooner than sigmoid; with nuance if, in "
    f"addition, ReLU with Xavier keeps less than {R3_KEPT} or tanh reaches the loss no later than "
    f"ReLU.",
    judge=lambda f: _verdict(
        f["relu_he_ratio"] >= R3_KEPT
        and f["sigmoid_xavier_ratio"] < R3_VANISHED
        and f["relu_epochs"] < f["sigmoid_epochs"],
        exception=f["relu_xavier_ratio"] < R3_KEPT or f["tanh_epochs"] <= f["relu_epochs"],
    ),
    describe=lambda f: (
        f"error signal at layer 1 / output after 10 layers: ReLU + He "
        f"{_order(f['relu_he_ratio'])}, ReLU + Xavier {_order(f['relu_xavier_ratio'])}, sigmoid "
        f"{_order(f['sigmoid_xavier_ratio'])}. Epochs to loss {RACE_TARGET}: ReLU "
        f"{_within(f['relu_epochs'], RACE_EPOCHS)}, tanh {_within(f['tanh_epochs'], RACE_EPOCHS)}, "
        f"sigmoid {_within(f['sigmoid_epochs'], RACE_EPOCHS)}"
    ),
)

# R4 (chapter 6): dead units, their gradient, and what kills them.
R4_MOST = 0.5
CHECKS["R4"] = Check(
    rule=f"Holds if dead units get exactly zero gradient (momentum still moves their weights for a "
    f"while, steered by no example) and the poor initialization kills at least {R4_MOST:.0%} of "
    f"the layer; with nuance if, in addition, training from a healthy start (He, bias 0) with "
    f"learning rate 1 or 3 leaves more units dead than training at 0.1 does: another cause.",
    judge=lambda f: _verdict(
        f["largest_dead_gradient"] == 0.0 and f["dead_small_init"] >= R4_MOST * f["n_units"],
        exception=max(f["dead_after_lr1"], f["dead_after_lr3"]) > f["dead_after_lr01"],
    ),
    describe="gradient on dead units {largest_dead_gradient:.1f} (with momentum 0.9 and learning "
    "rate 0.1, a weight whose gradient drops from 1 to 0 still moves {momentum_coast:.1f} "
    "afterwards, steered by no example); small weights with bias -0.1: {dead_small_init:.1f} of "
    "{n_units:.0f} dead at start. He, bias 0: {dead_before_healthy:.1f} dead at start; after 5 "
    "epochs at learning rate 0.1 {dead_after_lr01:.1f}, at 1 {dead_after_lr1:.1f}, at 3 "
    "{dead_after_lr3:.1f} (means of 3 seeds)",
)

# T1 (chapter 7): the rule of S1.
CHECKS["T1"] = Check(
    rule="Holds if every output on those random inputs is strictly between -1 and 1. Where the "
    "computed value rounds onto -1 or 1 (large |x|): reported beside, not counted.",
    judge=CHECKS["S1"].judge,
    describe="{fraction_inside:.1%} of {n:,.0f} outputs on random inputs with |x| <= 18 strictly "
    "inside (-1, 1); in float64 the package returns exactly 1 for integers x >= "
    "{rounds_to_one_from:.0f}",
)

# T2 (chapter 7): slopes of tanh and sigmoid.
CHECKS["T2"] = Check(
    rule="Holds if tanh's slope is at least the sigmoid's at every x of the table; with nuance if "
    "its largest slope is larger but the sigmoid's is larger at some x; does not hold if tanh's "
    "largest slope is not larger.",
    judge=lambda f: _verdict(f["max_slope_ratio"] > 1.0, exception=f["smallest_slope_ratio"] < 1.0),
    describe=lambda f: (
        f"largest slope {f['max_slope_ratio']:.1f} times the sigmoid's; the slopes cross at |x| = "
        f"{f['crossing']:.3f}, beyond which the sigmoid's is the larger one (smallest ratio tanh' "
        f"/ sigmoid' in the table: {_order(f['smallest_slope_ratio'])})"
    ),
)

# T3 (chapter 7): a deep tanh stack and a tanh recurrent cell, with ReLU's cell beside it.
T3_VANISHED = 1e-3


def judge_t3(f: Mapping[str, float]) -> str:
    deep = max(f["feedforward_ratio"], f["feedforward_ratio_trained"]) < T3_VANISHED
    through_time = f["recurrent_norm"] < T3_VANISHED
    relu_too = f["relu_recurrent_norm"] < T3_VANISHED
    if not (deep or through_time):
        return DOES_NOT_HOLD
    return HOLDS if deep and through_time and not relu_too else NUANCE


CHECKS["T3"] = Check(
    rule=f"A gradient has vanished if it falls below {_sci(T3_VANISHED)}: layer 1 against the "
    f"output layer (at initialization and after training), or |dh_50/dh_0| (1 without an "
    f"activation). Holds if tanh's vanishes in both settings and ReLU's does not through time; "
    f"with nuance if tanh's vanishes in one setting only, or ReLU's vanishes too; does not hold if "
    f"tanh's vanishes in neither.",
    judge=judge_t3,
    describe=lambda f: (
        f"15-layer network, gradient of layer 1 / output layer: {_order(f['feedforward_ratio'])} "
        f"at initialization, {_order(f['feedforward_ratio_trained'])} after 10 epochs. Recurrent "
        f"cell, |dh_50/dh_0|: tanh {_order(f['recurrent_norm'])} ({f['recurrent_per_step']:.2f} "
        f"per step), ReLU {_order(f['relu_recurrent_norm'])} ({f['relu_recurrent_per_step']:.2f} "
        f"per step)"
    ),
)

# T4 (chapter 7): the aside "tanh suits binary classification", as output and hidden units.
T4_SAME = 1e-12
CHECKS["T4"] = Check(
    rule=f"Holds if tanh suits both layers of a binary classifier: as the output it is not a "
    f"sigmoid in disguise ((1 + tanh z)/2 differs from sigmoid(2z) by {_sci(T4_SAME)} or more "
    f"somewhere), and as hidden units it reaches the target loss sooner than the sigmoid with both "
    f"optimizers. Does not hold as stated otherwise (the figures say which part fails).",
    judge=lambda f: _verdict(
        f["output_gap"] >= T4_SAME  # not a sigmoid in disguise
        and all(f[f"tanh_epochs_{opt}"] < f[f"sigmoid_epochs_{opt}"] for opt in ("sgd", "adam"))
    ),
    describe=lambda f: (
        f"as the output, largest |(1 + tanh z)/2 - sigmoid(2z)| on the grid "
        f"{_below(f['output_gap'], T4_SAME)}: a sigmoid output with its logit doubled. As hidden "
        f"units, epochs to training loss {f['target_loss']:g}, tanh against sigmoid (mean of 5 "
        f"seeds): SGD {_within(f['tanh_epochs_sgd'], f['epochs'])} against "
        f"{_within(f['sigmoid_epochs_sgd'], f['epochs'])}, Adam "
        f"{_within(f['tanh_epochs_adam'], f['epochs'])} against "
        f"{_within(f['sigmoid_epochs_adam'], f['epochs'])}"
    ),
)

# L1 (chapter 8): the definition and its derivative.
L1_SMALL = 0.1
CHECKS["L1"] = Check(
    rule=f"Holds if the slope is positive and at most {L1_SMALL}, the function is max(slope x, x) "
    f"on every input, and the derivative is the slope on the negative side.",
    judge=lambda f: _verdict(
        0 < f["slope"] <= L1_SMALL and f["violations"] == 0 and f["negative_side_slope_error"] == 0
    ),
    describe="default slope {slope:g}; {violations:.0f} of {n:,.0f} inputs differ from "
    "max({slope:g}x, x); largest |derivative - slope| at the negative inputs: "
    "{negative_side_slope_error:g}",
)

# L2 (chapter 8): gradient and revival of units that ReLU leaves dead.
L2_SLOPES = (0.01, 0.1, 0.3)


def describe_l2(f: Mapping[str, float]) -> str:
    """The figures of L2, with how much of a layer born dead each slope revived."""
    dead = f["dead_at_start"]
    revived = {s: f[f"revived_{s:g}"] for s in reversed(L2_SLOPES)}
    slopes = ", ".join(
        f"{n:.1f} with slope {s:g} ({'none' if n <= 0 else 'most' if n > dead / 2 else 'part'})"
        for s, n in revived.items()
    )
    return (
        f"units dead under ReLU with bias -2: {f['n_dead_for_relu']:.0f} of {f['n_units']:.0f}; "
        f"their mean gradient is {f['gradient_0']:.0f} with ReLU, "
        f"{_order(f[f'gradient_{L2_SLOPES[0]:g}'])} with slope {L2_SLOPES[0]:g}. Units revived in "
        f"6 epochs, of {dead:.1f} dead at the start (mean of 3 seeds): {slopes}, "
        f"{f['revived_0']:.1f} with ReLU. With large steps (learning rate 1), units dead after "
        f"training: ReLU {f['large_steps_dead_relu']:.1f}, slope 0.3 "
        f"{f['large_steps_dead_0.3']:.1f}, at test accuracy {f['large_steps_accuracy_relu']:.3f} "
        f"and {f['large_steps_accuracy_0.3']:.3f}"
    )


CHECKS["L2"] = Check(
    rule="Holds if every positive slope gives those units a non-zero gradient and revives some of "
    "them within the budget; with nuance if the gradient flows but some slope revives none; does "
    "not hold if no gradient flows or no slope revives any unit.",
    judge=lambda f: _verdict(
        all(f[f"gradient_{s:g}"] > 0 for s in L2_SLOPES)
        and any(f[f"revived_{s:g}"] > 0 for s in L2_SLOPES),
        exception=not all(f[f"revived_{s:g}"] > 0 for s in L2_SLOPES),
    ),
    describe=describe_l2,
)

# X1, X2 (chapter 9): the digit classifier with a softmax output.
X1_ACCURACY = 0.9
X1_TOLERANCE = 1e-8
X1_MARGIN = 0.02
X2_SUM_TOLERANCE = 1e-12
X2_CONFIDENT = 0.9
X2_NOISE_SHARE = 0.1
X2_CALIBRATION_ERROR = 0.05
CHECKS["X1"] = Check(
    rule=f"Holds if the softmax classifier reaches a test accuracy of at least {X1_ACCURACY}, its "
    f"gradient is p - y to a relative {_sci(X1_TOLERANCE)}, and ten sigmoids are not more accurate "
    f"by more than {X1_MARGIN}; with nuance if they are; does not hold if the accuracy or the "
    f"gradient fails.",
    judge=lambda f: _verdict(
        f["test_accuracy"] >= X1_ACCURACY and f["gradient_error"] < X1_TOLERANCE,
        exception=f["sigmoids_accuracy"] - f["test_accuracy"] > X1_MARGIN,
    ),
    describe=lambda f: (
        f"softmax classifier of the ten digits: test accuracy {f['test_accuracy']:.3f}; loss "
        f"gradient p - y, relative error {_below(f['gradient_error'], X1_TOLERANCE)}. Ten sigmoid "
        f"outputs instead: test accuracy {f['sigmoids_accuracy']:.3f}, their scores sum to "
        f"{f['sigmoids_smallest_sum']:.2f} to {f['sigmoids_largest_sum']:.2f}"
    ),
)
CHECKS["X2"] = Check(
    rule=f"Holds if every row sums to 1 (to {_sci(X2_SUM_TOLERANCE)}) and puts its largest "
    f"probability on the largest logit; with nuance if, in addition, the confidences mislead: the "
    f"expected calibration error on the test set is {X2_CALIBRATION_ERROR} or more, or at least "
    f"{X2_NOISE_SHARE:.0%} of noise images get a class probability of {X2_CONFIDENT} or more; does "
    f"not hold if a row fails.",
    judge=lambda f: _verdict(
        f["sum_error"] < X2_SUM_TOLERANCE and f["order_kept"] >= 1.0,
        exception=f["noise_confident_share"] >= X2_NOISE_SHARE
        or f["expected_calibration_error"] >= X2_CALIBRATION_ERROR,
    ),
    describe=lambda f: (
        f"test rows sum to 1 (error {_below(f['sum_error'], X2_SUM_TOLERANCE)}) and give the "
        f"largest probability to the largest logit in {f['order_kept']:.0%} of rows; expected "
        f"calibration error on the test set {f['expected_calibration_error']:.3f} (mistakes: mean "
        f"confidence {f['mean_confidence_wrong']:.2f}), but {f['noise_confident_share']:.0%} of "
        f"pure-noise images get a probability of at least {X2_CONFIDENT}"
    ),
)

# C1 (chapter 10): what the choice depends on.
C1_MATTERS = 0.05
C1_NOISE = 2.0


def judge_c1(f: Mapping[str, float]) -> str:
    """Nuance when a factor does not count, or when on some task the task leaves the fine choice
    among the non-linear functions open (they span at most ``C1_NOISE`` seed-sds).

    >>> f = {"identity_output_mse": 0.02, "sigmoid_output_mse": 0.27,
    ...      "largest_nonlinear_gain": 0.4, "smallest_nonlinear_gain": 0.01,
    ...      "sigmoid_deficit_depth1": 0.02, "sigmoid_deficit_depth6": 0.6,
    ...      "smallest_range_in_sds": 1.3}
    >>> judge_c1(f), judge_c1({**f, "smallest_range_in_sds": 5.0})
    ('holds with nuance', 'holds')
    """
    counted = [  # the factors that change the best choice by at least C1_MATTERS
        f["sigmoid_output_mse"] - f["identity_output_mse"] >= C1_MATTERS,  # task, output layer
        f["largest_nonlinear_gain"] >= C1_MATTERS  # task, hidden layer
        and f["smallest_nonlinear_gain"] < C1_MATTERS,
        f["sigmoid_deficit_depth6"] - f["sigmoid_deficit_depth1"] >= C1_MATTERS,  # depth
    ]
    fine_choice_open = f["smallest_range_in_sds"] <= C1_NOISE
    return _verdict(any(counted), exception=not all(counted) or fine_choice_open)


CHECKS["C1"] = Check(
    rule=f"Three factors, each counted if it changes the best choice's test score (for the output "
    f"layer: its test MSE) by at least {C1_MATTERS}: the task's output layer (sigmoid vs identity "
    f"output), the task's need for a hidden non-linearity (large gain on one task, small on "
    f"another), the depth (the sigmoid's deficit grows from 1 to 6 layers). Holds if all three "
    f"count and on every task the non-linear functions other than sigmoid span more than "
    f"{C1_NOISE:g} seed standard deviations (the task also picks among them); with nuance if one "
    f"or two count, or if on some task they span at most {C1_NOISE:g} (there the task decides "
    f"whether a non-linearity helps, not which one); does not hold if none counts.",
    judge=judge_c1,
    describe="sine regression, test MSE: identity output {identity_output_mse:.3f}, sigmoid output "
    "{sigmoid_output_mse:.3f}. Gain of the best hidden non-linearity over a linear model: "
    "{smallest_nonlinear_gain:.3f} to {largest_nonlinear_gain:.3f} across tasks. ReLU minus "
    "sigmoid on the digits: {sigmoid_deficit_depth1:.3f} with 1 hidden layer, "
    "{sigmoid_deficit_depth6:.3f} with 6. The seven non-linear functions other than sigmoid span "
    "{smallest_range_in_sds:.1f} seed-sds on the task where they are closest",
)

# C2 (chapter 10): compare several on validation data.
C2_REGRET = 0.02
C2_SPREAD = 0.05
CHECKS["C2"] = Check(
    rule=f"Holds if, in every task, the activation chosen on validation scores within {C2_REGRET} "
    f"of the best test score, and in some task at least {C2_SPREAD} above the worst candidate "
    f"(comparing pays); with nuance if, in addition, another activation is within one seed "
    f"standard deviation of the choice (seeds are needed to tell them apart) or the best on test "
    f"is not the choice (picking on test would be optimistic).",
    judge=lambda f: _verdict(
        f["largest_regret"] <= C2_REGRET and f["largest_spread"] >= C2_SPREAD,
        exception=f["tasks_best_test_not_chosen"] > 0 or f["most_indistinguishable"] > 0,
    ),
    describe="the validation choice is at most {largest_regret:.3f} below the best test score and "
    "up to {largest_spread:.3f} above the worst candidate; best on test is not the validation "
    "choice in {tasks_best_test_not_chosen:.0f} of {n_tasks:.0f} tasks; up to "
    "{most_indistinguishable:.0f} other activations within one seed-sd of the choice on validation",
)

# Z1 (chapter 11): two of the three roles measured here (non-linearity: chapter 2).
Z1_MEAN = 0.1
Z1_VARIANCE_FACTOR = 2.0


def judge_z1(f: Mapping[str, float]) -> str:
    """Nuance when He's weights lose the output control that LeCun's keep.

    >>> f = {"kinked_lowest": 0.94, "smooth_highest": 0.95, "seed_spread": 0.02,
    ...      "selu_lecun_mean_30": 0.0, "selu_lecun_variance_30": 1.0,
    ...      "selu_he_mean_30": 6.0, "selu_he_variance_30": 120.0}
    >>> judge_z1(f)
    'holds with nuance'
    >>> judge_z1(f | {"selu_he_mean_30": 0.0, "selu_he_variance_30": 1.5})
    'holds'
    >>> judge_z1(f | {"kinked_lowest": 0.5})
    'does not hold as stated'
    """

    def controlled(mean: float, variance: float) -> bool:
        return abs(mean) <= Z1_MEAN and 1 / Z1_VARIANCE_FACTOR <= variance <= Z1_VARIANCE_FACTOR

    training = f["smooth_highest"] - f["kinked_lowest"] <= f["seed_spread"]
    output_control = controlled(f["selu_lecun_mean_30"], f["selu_lecun_variance_30"])
    he_kept = controlled(f["selu_he_mean_30"], f["selu_he_variance_30"])
    return _verdict(training and output_control, exception=not he_kept)


CHECKS["Z1"] = Check(
    rule=f"Training: the functions with a kink at 0 score within the seed spread of the best "
    f"differentiable one (differentiable almost everywhere is enough). Output control: SELU with "
    f"LeCun's weights keeps the mean within {Z1_MEAN} of 0 and the variance within a factor "
    f"{Z1_VARIANCE_FACTOR:g} of 1 at layer 30. Holds if both are shown and He's weights keep them "
    f"too; with nuance if He's weights lose them (the activation controls the signal only together "
    f"with the scale of the weights); does not hold if either part is not shown.",
    judge=judge_z1,
    describe="digits, test accuracy: functions with a kink at 0 (ReLU, leaky ReLU, SELU) at least "
    "{kinked_lowest:.3f}, differentiable ones at most {smooth_highest:.3f}, seed spread "
    "{seed_spread:.3f}. SELU at layer 30 with LeCun's weights: mean {selu_lecun_mean_30:+.2f}, "
    "variance {selu_lecun_variance_30:.2f}; with He's: mean {selu_he_mean_30:+.2f}, variance "
    "{selu_he_variance_30:.3g}",
)

# Z2 (chapter 11): the newer functions do what they were designed for; are they better?
Z2_TOLERANCE = 1e-3
Z2_NEWER = ("elu", "selu", "gelu", "silu")
Z2_CLASSIC = ("sigmoid", "tanh", "relu", "leaky_relu")


def judge_z2(f: Mapping[str, float]) -> str:
    """Nuance when the newer functions work as designed but gain no more than the seed spread.

    >>> f = {"relu_mean": 0.399, "elu_mean": 0.161, "selu_mean": 0.0, "selu_variance": 1.0,
    ...      "gelu_tanh_error": 5e-4, "gain_fixed_lr": 0.006, "gain_own_lr": 0.003,
    ...      "seed_spread": 0.017}
    >>> judge_z2(f)
    'holds with nuance'
    >>> judge_z2(f | {"gain_own_lr": 0.05})
    'holds'
    """
    designed = (
        f["elu_mean"] < f["relu_mean"]
        and abs(f["selu_mean"]) < Z2_TOLERANCE
        and abs(f["selu_variance"] - 1) < Z2_TOLERANCE
        and f["gelu_tanh_error"] < Z2_TOLERANCE
    )
    gain = max(f["gain_fixed_lr"], f["gain_own_lr"])
    return _verdict(designed, exception=gain <= f["seed_spread"])


CHECKS["Z2"] = Check(
    rule=f"Holds if each newer function does what it was designed for (ELU's mean below ReLU's; "
    f"SELU's mean 0 and variance 1, and GELU's tanh form, to {_sci(Z2_TOLERANCE)}) and the best "
    f"newer function (ELU, SELU, GELU, SiLU) beats the best classic one (sigmoid, tanh, ReLU, "
    f"leaky ReLU) by more than the seed spread, at the baseline's learning rate or at their own; "
    f"with nuance if the designs check out but neither gain exceeds the seed spread; does not hold "
    f"if a design check fails.",
    judge=judge_z2,
    describe=lambda f: (
        f"for z ~ N(0, 1): E[relu] {f['relu_mean']:.3f}, E[elu] {f['elu_mean']:.3f}, SELU mean "
        f"{abs(f['selu_mean']):.3f} and variance {f['selu_variance']:.3f}; GELU's tanh form within "
        f"{_sci(f['gelu_tanh_error'], 1)}. Digits, best newer minus best classic function: "
        f"{f['gain_fixed_lr']:+.3f} at the baseline's learning rate, {f['gain_own_lr']:+.3f} at "
        f"their own; seed spread {f['seed_spread']:.3f}"
    ),
)

# Z3 (chapter 11): the activation against everything else one can change.
Z3_OTHER_FACTORS = ("learning rate", "training examples", "hidden width", "epochs")
CHECKS["Z3"] = Check(
    rule="Holds if each of the learning rate, the number of training examples, the hidden width "
    "and the number of epochs moves the test accuracy more than the choice of activation (with or "
    "without its own learning rate) does; with nuance if some of them do; does not hold if none "
    "does.",
    judge=lambda f: _verdict(
        any(f[factor] > f["activation"] for factor in Z3_OTHER_FACTORS),
        exception=not all(f[factor] > f["activation"] for factor in Z3_OTHER_FACTORS),
    ),
    describe=lambda f: (
        f"spread of test accuracy on the digits: activation {f['activation']:.3f}, seed "
        f"{f['seed']:.3f}; " + ", ".join(f"{x} {f[x]:.3f}" for x in Z3_OTHER_FACTORS)
    ),
)


# B1 (chapter 12): gated layers started with a bias of -2 (chapter 8's dead start).
B1_ACCURACY = 0.8
CHECKS["B1"] = Check(
    rule=f"Holds if at least half of the ReLU gates are closed after training (passing nothing on "
    f"every training image; mean over the seeds) while no sigmoid, GELU or SiLU gate is closed "
    f"in any run and each of those three gates reaches a mean test accuracy of at least "
    f"{B1_ACCURACY} over the seeds.",
    judge=lambda f: _verdict(
        f["relu_closed_after"] >= f["n_units"] / 2
        and f["smooth_closed_after"] == 0
        and f["smooth_accuracy"] >= B1_ACCURACY
    ),
    describe="from a bias of -2: ReGLU {relu_closed_after:.1f} of {n_units:.0f} gates closed after "
    "training, test accuracy {relu_accuracy:.3f}; GLU, GeGLU, SwiGLU {smooth_closed_after:.0f} "
    "closed, test accuracy at least {smooth_accuracy:.3f}",
)

# B2 (chapter 12): SwiGLU against the better of ReLU and GELU, per task, in seed spreads.
B2_SPREADS = 2.0
CHECKS["B2"] = Check(
    rule=f"Holds if on every task SwiGLU's mean test score is within {B2_SPREADS:.0f} seed "
    f"standard deviations (the largest of the three blocks' on that task) of the better of ReLU "
    f"and GELU; with nuance if it is lower by more on some task; does not hold if it is higher "
    f"by more on some task.",
    judge=lambda f: _verdict(
        f["most_above"] <= B2_SPREADS, exception=f["most_below"] < -B2_SPREADS
    ),
    describe="SwiGLU's mean test score minus the better of ReLU and GELU: {worst_gap:+.3f} to "
    "{best_gap:+.3f} over the three tasks, {most_below:+.1f} to {most_above:+.1f} seed standard "
    "deviations",
)

# B3 (chapter 12): chapter 5's 15-layer sigmoid network with layer and batch normalization.
B3_PASSES = 1e-2
CHECKS["B3"] = Check(
    rule=f"Holds if layer and batch normalization both lift the ratio of the first layer's weight "
    f"gradient to the output layer's above {_sci(B3_PASSES)}; with nuance if only one of them "
    f"does; does not hold if neither does.",
    judge=lambda f: _verdict(
        max(f["layer"], f["batch"]) > B3_PASSES, exception=min(f["layer"], f["batch"]) <= B3_PASSES
    ),
    describe=lambda f: (
        f"ratio layer 1 / output at initialization: plain {_sci(f['plain'])}, layer norm "
        f"{_sci(f['layer'])}, batch norm {_order(f['batch'])}; test accuracy after 10 epochs: "
        f"plain {f['plain_accuracy']:.3f}, batch norm {f['batch_accuracy']:.3f}"
    ),
)


# --- Tables ---
@dataclass(frozen=True)
class Row:
    """One judged claim as it appears in a table."""

    claim_id: str
    chapter: int
    text: str
    figure: str
    verdict: str
    rule: str


class ClaimsTable:
    """Judged claims; displays as a Markdown table (the same text in Jupyter and on the site).

    The text form is the Markdown itself, so nbval pins every figure and verdict, and
    :func:`read_table` can read the table back from an executed notebook. With ``links``,
    each claim links to its chapter's claims section (the ledger's form).
    """

    HEADER = "| Claim | What the article says | What was measured | Verdict (and the rule) |"
    BOOK_HEADER = HEADER.replace("the article says", "the book claims")  # rows of BOOK_CLAIMS

    def __init__(self, rows: Iterable[Row], links: bool = False) -> None:
        self.rows = list(rows)
        self.links = links

    def part(self, book: bool) -> ClaimsTable:
        """The rows of the article's claims, or (``book``) of the book's own."""
        return ClaimsTable([r for r in self.rows if (r.claim_id in _BOOK) == book], self.links)

    def counts(self) -> dict[str, int]:
        """How many claims got each verdict, in the order of :data:`VERDICTS`."""
        return {v: sum(row.verdict == v for row in self.rows) for v in VERDICTS}

    def markdown(self) -> str:
        """The table as Markdown, each cell on one line with its ``|`` escaped."""

        def cell(text: str) -> str:
            return " ".join(str(text).split()).replace("|", "\\|")

        book = bool(self.rows) and all(r.claim_id in _BOOK for r in self.rows)
        lines = [self.BOOK_HEADER if book else self.HEADER, "|---|---|---|---|"]
        for row in self.rows:
            name = f"**{row.claim_id}**"
            if self.links:
                name += f" ({{ref}}`chapter {row.chapter} <claims-ch{row.chapter}>`)"
            lines.append(
                f"| {name} | {cell(row.text)} | {cell(row.figure)} | **{row.verdict}**: "
                f"{cell(row.rule)} |"
            )
        return "\n".join(lines)

    _repr_markdown_ = __repr__ = markdown


def table(figures: Mapping[str, Mapping[str, float]]) -> ClaimsTable:
    """Judge each claim from the figures a chapter measured, and make its claims table.

    Parameters
    ----------
    figures : mapping
        Claim id -> the figures its rule reads (a dict of numbers), in table order.

    Returns
    -------
    ClaimsTable
        Display it (the last expression of a cell) to show the table.

    Raises
    ------
    ValueError
        An unknown claim id, or a figure that the claim's rule needs is missing.

    Examples
    --------
    >>> t = table({"A1": {"max_relative_gap": 0.0, "n_activations": 4}})
    >>> t.rows[0].verdict
    'holds'
    """
    rows = []
    for claim_id, figs in figures.items():
        c, check = claim(claim_id), CHECKS[claim_id]
        try:
            verdict, figure = check.judge(figs), check.measured(figs)
        except KeyError as err:
            raise ValueError(f"claim {claim_id}: the figure {err} is missing") from None
        rows.append(Row(claim_id, c.chapter, c.text, figure, verdict, check.rule))
    return ClaimsTable(rows)


def read_table(notebook: str | Path) -> list[Row]:
    """The rows of the claims table that an executed chapter displayed (its committed output),
    in the chapter's order; none if it displayed no claims table.

    Raises ValueError for a row whose verdict is not one of :data:`VERDICTS`.
    """
    rows = []
    for cell in json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/markdown", []))
            if not text.startswith((ClaimsTable.HEADER, ClaimsTable.BOOK_HEADER)):
                continue
            for match in re.finditer(r"^\| \*\*([A-Z][0-9]+)\*\*.*$", text, flags=re.M):
                claim_id, line = match.group(1), match.group(0)
                cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]  # at each unescaped "|"
                _, said, figure, verdict = (c.strip().replace("\\|", "|") for c in cells)
                verdict, rule = verdict.split(": ", 1)
                if verdict.strip("*") not in VERDICTS:
                    raise ValueError(
                        f"{notebook}: claim {claim_id} has the verdict {verdict!r}, not one of "
                        f"{VERDICTS}"
                    )
                chapter = claim(claim_id).chapter
                rows.append(Row(claim_id, chapter, said, figure, verdict.strip("*"), rule))
    return rows


def collect(notebooks: Iterable[str | Path]) -> ClaimsTable:
    """Every chapter's claims table read back (:func:`read_table`) into one table, with links to
    each chapter's claims section; ``notebooks`` are the executed chapters, in reading order."""
    return ClaimsTable([row for path in notebooks for row in read_table(path)], links=True)
