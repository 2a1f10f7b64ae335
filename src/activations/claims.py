"""The article's claims, the rule that turns a chapter's figures into a verdict, and the tables.

Each chapter measures the claims of its section on the page and ends with

>>> from activations import claims
>>> claims.table({"R1": {"violations": 0, "n": 100_000}})  # doctest: +SKIP

which applies each claim's rule (:attr:`Check.judge`) to the figures the chapter computed,
and displays the "Claims in this chapter" table: the claim, what was measured (rounded by
:attr:`Check.describe`), the verdict and the rule in words. Nothing here measures
anything. The claims ledger (the book's closing page) does not measure either: it reads
the chapters' tables back from their executed notebooks with :func:`collect`, so a
figure exists once, in its chapter.

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

__all__ = [
    "CHECKS",
    "CLAIMS",
    "DOES_NOT_HOLD",
    "HOLDS",
    "NUANCE",
    "VERDICTS",
    "Check",
    "Claim",
    "ClaimsTable",
    "Row",
    "claim",
    "collect",
    "table",
]

HOLDS = "holds"
NUANCE = "holds with nuance"
DOES_NOT_HOLD = "does not hold as stated"
VERDICTS: tuple[str, str, str] = (HOLDS, NUANCE, DOES_NOT_HOLD)
"""The three verdicts, from best to worst."""


# --- The claims (ids from the article's section map, our own paraphrase) ---


@dataclass(frozen=True)
class Claim:
    """One claim of the article.

    Attributes
    ----------
    id : str
        The claim id used throughout the book (``"S3"``).
    chapter : int
        The chapter that tests it.
    text : str
        What the article says, in the book's own words.
    label : str
        The MyST label of the section with the evidence (``"claims-ch5"``).
    """

    id: str
    chapter: int
    text: str
    label: str


def _claims(chapter: int, label: str, *pairs: tuple[str, str]) -> list[Claim]:
    return [Claim(claim_id, chapter, text, label) for claim_id, text in pairs]


CLAIMS: tuple[Claim, ...] = tuple(
    _claims(
        1,
        "claims-ch1",
        (
            "A1",
            "An activation takes a neuron's weighted sum of inputs plus bias and returns the "
            "neuron's output.",
        ),
        (
            "A2",
            "Activations make a network non-linear, so that it can model complex relationships.",
        ),
    )
    + _claims(
        2,
        "claims-ch2",
        (
            "N1",
            "Linear layers stacked on each other collapse to one linear map, whatever the depth.",
        ),
        (
            "N2",
            "With a non-linear activation the same network fits patterns a linear model "
            "cannot, such as XOR.",
        ),
    )
    + _claims(
        3,
        "claims-ch3",
        (
            "G1",
            "Networks are trained with gradients of the loss with respect to weights and "
            "biases (backpropagation).",
        ),
        (
            "G2",
            "So the activation must be differentiable; a step function gives zero gradient and "
            "nothing learns.",
        ),
    )
    + _claims(
        4,
        "claims-ch4",
        ("O1", "Activations bound or shape the range and distribution of a neuron's output."),
        ("O2", "This helps keep the network numerically stable."),
    )
    + _claims(
        5,
        "claims-ch5",
        ("S1", "The sigmoid maps any input into (0, 1)."),
        ("S2", "It suits binary classification, its output read as a probability."),
        ("S3", "It suffers from vanishing gradients in deep networks."),
    )
    + _claims(
        6,
        "claims-ch6",
        ("R1", "ReLU is max(0, x): negatives become 0, positives pass unchanged."),
        ("R2", "ReLU is simple and effective for deep networks."),
        ("R3", "ReLU eases vanishing gradients and speeds up convergence."),
        ("R4", "ReLU units can die and stop learning; the cause is poor initialization."),
    )
    + _claims(
        7,
        "claims-ch7",
        ("T1", "Tanh maps any input into (-1, 1)."),
        ("T2", "Tanh has stronger gradients than the sigmoid."),
        ("T3", "Tanh still suffers from vanishing gradients."),
        ("T4", "Tanh suits binary classification (an aside of the article's tanh section)."),
    )
    + _claims(
        8,
        "claims-ch8",
        ("L1", "Leaky ReLU has a small slope for negative inputs."),
        (
            "L2",
            "That slope keeps units from dying: they still learn while their pre-activation is "
            "negative.",
        ),
    )
    + _claims(
        9,
        "claims-ch9",
        ("X1", "Softmax is used in the output layer for multi-class classification."),
        (
            "X2",
            "Softmax turns the outputs into a probability distribution over the classes, easy "
            "to read and compare.",
        ),
    )
    + _claims(
        10,
        "claims-ch10",
        (
            "C1",
            "The choice depends on the task (classification, regression), the architecture and "
            "known problems such as vanishing gradients.",
        ),
        ("C2", "Try several activation functions and compare them on validation or test sets."),
    )
    + _claims(
        11,
        "claims-ch11",
        (
            "Z1",
            "Activations add non-linearity, make gradient-based training possible and control "
            "the outputs.",
        ),
        (
            "Z2",
            "New activation functions keep appearing (GELU, SiLU/Swish, ELU, SELU, Mish); "
            "keep up with them.",
        ),
        (
            "Z3",
            "Success also depends on the data, the architecture, the hyperparameters and the "
            "optimization.",
        ),
    )
)
"""Every claim of the article, in the order of the book."""


def claim(claim_id: str) -> Claim:
    """The :class:`Claim` with id ``claim_id`` (e.g. ``"S3"``)."""
    for c in CLAIMS:
        if c.id == claim_id:
            return c
    raise ValueError(f"unknown claim id {claim_id!r}; expected one of {[c.id for c in CLAIMS]}")


# --- Formatting helpers: rounded so that last-digit noise cannot change the text ---


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


# --- How a claim is checked ---


@dataclass(frozen=True)
class Check:
    """How one claim is judged: its rule in words and in code, and its figures as text.

    Attributes
    ----------
    claim_id : str
        The claim's id.
    rule : str
        The rule of :attr:`judge`, in words.
    judge : callable
        ``judge(figures) -> verdict``, one of :data:`VERDICTS`.
    describe : callable
        ``describe(figures) -> str``, the figures as rounded text.
    """

    claim_id: str
    rule: str
    judge: Callable[[Mapping[str, float]], str]
    describe: Callable[[Mapping[str, float]], str]


CHECKS: dict[str, Check] = {}
"""How each claim is measured and judged, by claim id (filled in below, claim by claim)."""


# --- The rules, one group per claim ---

# A1 (chapter 1): one neuron by hand against the package.
A1_TOLERANCE = 1e-14
CHECKS["A1"] = Check(
    "A1",
    f"Holds if the two agree to a relative {_sci(A1_TOLERANCE)} for every activation.",
    lambda f: HOLDS if f["max_relative_gap"] <= A1_TOLERANCE else DOES_NOT_HOLD,
    lambda f: (
        f"hand and package agree for {f['n_activations']:.0f} activations: "
        f"largest relative gap {_below(f['max_relative_gap'], A1_TOLERANCE)}"
    ),
)


# A2 (chapter 1): the sum rule of affine maps, g(u + v) - g(0) = [g(u) - g(0)] + [g(v) - g(0)],
# for one neuron with and without an activation.
A2_LINEAR_TOLERANCE = 1e-12
A2_NONLINEAR_GAP = 0.1


def judge_a2(f: Mapping[str, float]) -> str:
    linear = f["identity_gap"] < A2_LINEAR_TOLERANCE
    nonlinear = f["smallest_nonlinear_gap"] >= A2_NONLINEAR_GAP
    return HOLDS if linear and nonlinear else DOES_NOT_HOLD


CHECKS["A2"] = Check(
    "A2",
    f"Holds if the rule holds without an activation (gap below {_sci(A2_LINEAR_TOLERANCE)}) "
    f"and fails by at least {A2_NONLINEAR_GAP} with each activation.",
    judge_a2,
    lambda f: (
        f"largest violation of the affine sum rule: without activation "
        f"{_below(f['identity_gap'], A2_LINEAR_TOLERANCE)}; "
        f"tanh, ReLU, sigmoid at least {f['smallest_nonlinear_gap']:.2f}"
    ),
)


# N1 (chapter 2): a deep identity network against its collapsed single layer.
N1_TOLERANCE = 1e-12


def judge_n1(f: Mapping[str, float]) -> str:
    same = f["gap"] < N1_TOLERANCE and f["xor_disagreements"] == 0
    return HOLDS if same else DOES_NOT_HOLD


CHECKS["N1"] = Check(
    "N1",
    f"Holds if the outputs agree to {_sci(N1_TOLERANCE)} and the trained network and its "
    f"collapsed layer predict the same class on every test point.",
    judge_n1,
    lambda f: (
        f"{f['n_parameters']:.0f} parameters equal a single layer of {f['n_collapsed']:.0f}: "
        f"largest output gap {_below(f['gap'], N1_TOLERANCE)}; the trained deep linear "
        f"network and its collapsed layer disagree on {f['xor_disagreements']:.0f} of "
        f"{f['n_xor_test']:.0f} XOR test points"
    ),
)


# N2 (chapter 2): XOR and circles, linear model against one hidden layer.
N2_CHANCE = 0.6
N2_FITS = 0.9
N2_PROBLEMS = ("xor", "circles")


def judge_n2(f: Mapping[str, float]) -> str:
    if f["worst_nonlinear"] < N2_FITS:
        return DOES_NOT_HOLD
    return HOLDS if f["best_linear"] <= N2_CHANCE else NUANCE


CHECKS["N2"] = Check(
    "N2",
    f"Holds if both networks reach test accuracy {N2_FITS} on both problems while both "
    f"linear models stay at most {N2_CHANCE}; with nuance if the networks do but a linear "
    f"model exceeds {N2_CHANCE}; does not hold if a network stays below {N2_FITS}.",
    judge_n2,
    lambda f: (
        f"test accuracy on XOR and circles: linear models at most {f['best_linear']:.3f}, "
        f"tanh and ReLU networks at least {f['worst_nonlinear']:.3f}"
    ),
)


# G1 (chapter 3): gradients by the chain rule against finite differences.
G1_TOLERANCE = 1e-8


CHECKS["G1"] = Check(
    "G1",
    f"Holds if the gradients match finite differences to a relative {_sci(G1_TOLERANCE)} in "
    f"every parameter array.",
    lambda f: HOLDS if f["max_relative_error"] < G1_TOLERANCE else DOES_NOT_HOLD,
    lambda f: (
        f"chain rule vs finite differences, {f['n_arrays']:.0f} parameter arrays (one neuron "
        f"by hand, a 2-3-1 network by `nn.MLP`): largest relative error "
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
    if not direction:
        return DOES_NOT_HOLD
    output_learns = f["step_output_change"] >= G2_MOVES
    relu_trains = f["relu_kink_hits"] == 0 and f["relu_train_accuracy"] >= G2_LEARNS
    return NUANCE if output_learns or relu_trains else HOLDS


CHECKS["G2"] = Check(
    "G2",
    f"Holds if the step network's hidden layer never moves, its test accuracy stays at most "
    f"{G2_FAILS} and the sigmoid network's reaches {G2_LEARNS}; with nuance if, in addition, "
    f"the step network's output layer still learns (moves by {G2_MOVES} or more on every "
    f"problem) or ReLU (no derivative at 0) trains to {G2_LEARNS} without a pre-activation on "
    f"the kink; does not hold otherwise.",
    judge_g2,
    lambda f: (
        f"step network: hidden layer moved {f['step_hidden_change']:.3f}, output layer at "
        f"least {f['step_output_change']:.1f}; test accuracy on XOR and circles: step at most "
        f"{f['step_best_test']:.3f}, sigmoid at least {f['sigmoid_worst_test']:.3f}. ReLU (no "
        f"derivative at 0): {f['relu_kink_hits']:.0f} pre-activations exactly on the kink in "
        f"training, training accuracy {f['relu_train_accuracy']:.3f}"
    ),
)


# O1 (chapter 4): the registry's output ranges on a wide grid; the spread, layer by layer.
O1_SHAPES = 0.1


def judge_o1(f: Mapping[str, float]) -> str:
    if f["n_within"] < f["n_functions"]:
        return DOES_NOT_HOLD
    shapes = f["xavier_factor_max"] - f["xavier_factor_min"] >= O1_SHAPES
    return HOLDS if shapes else NUANCE


CHECKS["O1"] = Check(
    "O1",
    f"Holds if every function stays inside the range the registry states for it and, with "
    f"the same initialization, the per-layer factor of the activations' root-mean-square "
    f"differs between activations by at least {O1_SHAPES}; with nuance if only the ranges "
    f"hold; does not hold if a function leaves its range.",
    judge_o1,
    lambda f: (
        f"{f['n_within']:.0f} of {f['n_functions']:.0f} activations stay inside their stated "
        f"range, {f['n_bounded']:.0f} of them bounded on both sides; with the same Xavier "
        f"weights the root-mean-square of the activations changes per layer by a factor "
        f"{f['xavier_factor_min']:.3f} to {f['xavier_factor_max']:.3f}, depending on the "
        f"activation"
    ),
)


# O2 (chapter 4): stable formulas, naive formulas, and a bounded network that forgets.
O2_FORGETS = 0.01


def judge_o2(f: Mapping[str, float]) -> str:
    if f["stable_nonfinite"] > 0:
        return DOES_NOT_HOLD
    exception = f["naive_nonfinite"] > 0 or f["sigmoid_spread_ratio"] < O2_FORGETS
    return NUANCE if exception else HOLDS


CHECKS["O2"] = Check(
    "O2",
    f"Holds if the stable formulas never give inf or nan; with nuance if, in addition, "
    f"the naive formulas do, or the bounded sigmoid network keeps less than "
    f"{O2_FORGETS:.0%} of its input dependence at layer 10.",
    judge_o2,
    lambda f: (
        f"non-finite results among {f['n_values']:.0f}: stable formulas "
        f"{f['stable_nonfinite']:.0f}, naive formulas {f['naive_nonfinite']:.0f}; bounded "
        f"sigmoid network, input dependence at layer 10 / layer 1: "
        f"{_below(f['sigmoid_spread_ratio'], 0.001)}"
    ),
)


# S1 and T1 (chapters 5, 7): outputs strictly inside the open interval.
CHECKS["S1"] = Check(
    "S1",
    "Holds if every output on those random inputs is strictly between 0 and 1. Where the "
    "computed value rounds onto 0 or 1 (large |x|): reported beside, not counted.",
    lambda f: HOLDS if f["fraction_inside"] == 1.0 else DOES_NOT_HOLD,
    lambda f: (
        f"{100 * f['fraction_inside']:.1f}% of {f['n']:,.0f} outputs on random inputs with "
        f"|x| <= 36 strictly inside (0, 1); in float64 the package returns exactly 1 for integers "
        f"x >= {f['rounds_to_one_from']:.0f} and exactly 0 for x <= {f['rounds_to_zero_from']:.0f}"
    ),
)


# S2 (chapter 5): logistic regression on the breast cancer data, accuracy and calibration.
S2_ACCURACY = 0.9
S2_CALIBRATION_GAP = 0.1
S2_MIN_BIN = 20


def judge_s2(f: Mapping[str, float]) -> str:
    good = f["test_accuracy"] >= S2_ACCURACY and f["calibration_gap"] <= S2_CALIBRATION_GAP
    return HOLDS if good else DOES_NOT_HOLD


CHECKS["S2"] = Check(
    "S2",
    f"Holds if test accuracy is at least {S2_ACCURACY} and, in every bin with at least "
    f"{S2_MIN_BIN} cases, the mean predicted probability is within "
    f"{S2_CALIBRATION_GAP} of the observed frequency.",
    judge_s2,
    lambda f: (
        f"test accuracy {f['test_accuracy']:.3f}; predicted vs observed frequency differ by at "
        f"most {f['calibration_gap']:.2f} in the bins holding "
        f"{100 * f['share_in_full_bins']:.0f}% of held-out cases"
    ),
)


# S3 (chapter 5): gradient through 15 sigmoid layers, at initialization and after training.
S3_VANISHED = 1e-3


def judge_s3(f: Mapping[str, float]) -> str:
    vanished = max(f["sigmoid_ratio"], f["sigmoid_ratio_trained"]) < S3_VANISHED
    untrained = f["sigmoid_first_layer_moved"] < S3_VANISHED
    return HOLDS if vanished and untrained else DOES_NOT_HOLD


CHECKS["S3"] = Check(
    "S3",
    f"Holds if the sigmoid network's first-layer gradient is below {_sci(S3_VANISHED)} "
    f"times the output layer's, at initialization and after training, and training moves "
    f"its first layer's weights by less than {_sci(S3_VANISHED)} of their size.",
    judge_s3,
    lambda f: (
        f"gradient of layer 1 / output layer: sigmoid {_order(f['sigmoid_ratio'])} at "
        f"initialization ({f['sigmoid_per_layer']:.2f} per layer), "
        f"{_order(f['sigmoid_ratio_trained'])} after 10 epochs of SGD; tanh "
        f"{_order(f['tanh_ratio'])}, ReLU {_order(f['relu_ratio'])} at initialization. "
        f"Training moved the sigmoid network's layer-1 weights by "
        f"{_order(f['sigmoid_first_layer_moved'])} of their size, the output layer's by "
        f"{f['sigmoid_output_layer_moved']:.2f}; it gives every tumour the base rate: test "
        f"accuracy {f['sigmoid_test_accuracy']:.3f}, share of benign tumours "
        f"{f['benign_share']:.3f} (tanh {f['tanh_test_accuracy']:.3f}, "
        f"ReLU {f['relu_test_accuracy']:.3f})"
    ),
)


# R1 (chapter 6): the definition on random inputs.
CHECKS["R1"] = Check(
    "R1",
    "Holds if every negative input gives 0 and every positive input is returned unchanged.",
    lambda f: HOLDS if f["violations"] == 0 else DOES_NOT_HOLD,
    lambda f: f"{f['violations']:.0f} of {f['n']:,.0f} inputs not mapped as max(0, x)",
)


# R2, R3 (chapter 6): the digit race and gradients through ten layers.
RACE_EPOCHS = 15
RACE_TARGET = 0.1
R3_KEPT = 0.1
R3_VANISHED = 1e-3


def _epochs(value: float) -> str:
    """Mean epochs to the target; above the budget (inf) when some run never reached it."""
    return f"not within {RACE_EPOCHS}" if value > RACE_EPOCHS else f"{value:.1f}"


def judge_r2(f: Mapping[str, float]) -> str:
    others = ["sigmoid", "tanh"]
    if any(f[f"{o}_final_loss"] < f["relu_final_loss"] for o in others):
        return DOES_NOT_HOLD
    fastest = all(f["relu_epochs"] <= f[f"{o}_epochs"] for o in others)
    return HOLDS if fastest else NUANCE


CHECKS["R2"] = Check(
    "R2",
    f"Holds if ReLU ends with the lowest training loss and reaches loss {RACE_TARGET} "
    f"no later than sigmoid and tanh; with nuance if it ends lowest but another "
    f"reaches {RACE_TARGET} sooner; does not hold if another ends lower. (Simplicity, "
    f"one comparison per value, is not timed.)",
    judge_r2,
    lambda f: (
        f"final training loss (mean of 3 seeds): ReLU {f['relu_final_loss']:.3f}, tanh "
        f"{f['tanh_final_loss']:.3f}, sigmoid {f['sigmoid_final_loss']:.3f}; mean epochs to "
        f"loss {RACE_TARGET}: ReLU {_epochs(f['relu_epochs'])}, tanh "
        f"{_epochs(f['tanh_epochs'])}, sigmoid {_epochs(f['sigmoid_epochs'])}"
    ),
)


def judge_r3(f: Mapping[str, float]) -> str:
    direction = (
        f["relu_he_ratio"] >= R3_KEPT
        and f["sigmoid_xavier_ratio"] < R3_VANISHED
        and f["relu_epochs"] < f["sigmoid_epochs"]
    )
    if not direction:
        return DOES_NOT_HOLD
    exception = f["relu_xavier_ratio"] < R3_KEPT or f["tanh_epochs"] <= f["relu_epochs"]
    return NUANCE if exception else HOLDS


CHECKS["R3"] = Check(
    "R3",
    f"Holds if ReLU with He keeps at least {R3_KEPT} of the error signal, sigmoid keeps "
    f"less than {_sci(R3_VANISHED)}, and ReLU reaches the loss sooner than sigmoid; with "
    f"nuance if, in addition, ReLU with Xavier keeps less than {R3_KEPT} or tanh reaches "
    f"the loss no later than ReLU.",
    judge_r3,
    lambda f: (
        f"error signal at layer 1 / output after 10 layers: ReLU + He "
        f"{_order(f['relu_he_ratio'])}, ReLU + Xavier {_order(f['relu_xavier_ratio'])}, sigmoid "
        f"{_order(f['sigmoid_xavier_ratio'])}. Epochs to loss {RACE_TARGET}: ReLU "
        f"{_epochs(f['relu_epochs'])}, tanh {_epochs(f['tanh_epochs'])}, sigmoid "
        f"{_epochs(f['sigmoid_epochs'])}"
    ),
)


# R4 (chapter 6): dead units, their gradient, and what kills them.
R4_MOST = 0.5


def judge_r4(f: Mapping[str, float]) -> str:
    dies = f["largest_dead_gradient"] == 0.0
    poor_init_kills = f["dead_small_init"] >= R4_MOST * f["n_units"]
    if not (dies and poor_init_kills):
        return DOES_NOT_HOLD
    other_cause = max(f["dead_after_lr1"], f["dead_after_lr3"]) > f["dead_after_lr01"]
    return NUANCE if other_cause else HOLDS


def describe_r4(f: Mapping[str, float]) -> str:
    n = f"{f['n_units']:.0f}"
    return (
        f"gradient on dead units {f['largest_dead_gradient']:.1f} (with momentum 0.9 and "
        f"learning rate 0.1, a weight whose gradient drops from 1 to 0 still moves "
        f"{f['momentum_coast']:.1f} afterwards, steered by no example); small weights with "
        f"bias -0.1: {f['dead_small_init']:.1f} of {n} dead at start. He, bias 0: "
        f"{f['dead_before_healthy']:.1f} dead at start; after 5 epochs at learning rate 0.1 "
        f"{f['dead_after_lr01']:.1f}, at 1 {f['dead_after_lr1']:.1f}, at 3 "
        f"{f['dead_after_lr3']:.1f} (means of 3 seeds)"
    )


CHECKS["R4"] = Check(
    "R4",
    f"Holds if dead units get exactly zero gradient (momentum still moves their weights for "
    f"a while, steered by no example) and the poor initialization kills at least "
    f"{R4_MOST:.0%} of the layer; with nuance if, in addition, training from a "
    f"healthy start (He, bias 0) with learning rate 1 or 3 leaves more units dead than "
    f"training at 0.1 does: another cause.",
    judge_r4,
    describe_r4,
)


# T1 (chapter 7): the rule of S1.
CHECKS["T1"] = Check(
    "T1",
    "Holds if every output on those random inputs is strictly between -1 and 1. Where the "
    "computed value rounds onto -1 or 1 (large |x|): reported beside, not counted.",
    CHECKS["S1"].judge,
    lambda f: (
        f"{100 * f['fraction_inside']:.1f}% of {f['n']:,.0f} outputs on random inputs with "
        f"|x| <= 18 strictly inside (-1, 1); in float64 the package returns exactly 1 for integers "
        f"x >= {f['rounds_to_one_from']:.0f}"
    ),
)


# T2 (chapter 7): slopes of tanh and sigmoid.


def judge_t2(f: Mapping[str, float]) -> str:
    if f["max_slope_ratio"] <= 1.0:
        return DOES_NOT_HOLD
    return NUANCE if f["smallest_slope_ratio"] < 1.0 else HOLDS


CHECKS["T2"] = Check(
    "T2",
    "Holds if tanh's slope is at least the sigmoid's at every x of the table; with nuance "
    "if its largest slope is larger but the sigmoid's is larger at some x; does not hold "
    "if tanh's largest slope is not larger.",
    judge_t2,
    lambda f: (
        f"largest slope {f['max_slope_ratio']:.1f} times the sigmoid's; the slopes cross at "
        f"|x| = {f['crossing']:.3f}, beyond which the sigmoid's is the larger one (smallest "
        f"ratio tanh' / sigmoid' in the table: {_order(f['smallest_slope_ratio'])})"
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
    "T3",
    f"A gradient has vanished if it falls below {_sci(T3_VANISHED)}: layer 1 against the "
    f"output layer (at initialization and after training), or |dh_50/dh_0| (1 without an "
    f"activation). Holds if tanh's vanishes in both settings and ReLU's does not through "
    f"time; with nuance if tanh's vanishes in one setting only, or ReLU's vanishes too; "
    f"does not hold if tanh's vanishes in neither.",
    judge_t3,
    lambda f: (
        f"15-layer network, gradient of layer 1 / output layer: "
        f"{_order(f['feedforward_ratio'])} at initialization, "
        f"{_order(f['feedforward_ratio_trained'])} after 10 epochs. Recurrent cell, "
        f"|dh_50/dh_0|: tanh {_order(f['recurrent_norm'])} "
        f"({f['recurrent_per_step']:.2f} per step), ReLU {_order(f['relu_recurrent_norm'])} "
        f"({f['relu_recurrent_per_step']:.2f} per step)"
    ),
)


# T4 (chapter 7): the aside "tanh suits binary classification", as output and hidden units.
T4_SAME = 1e-12


def judge_t4(f: Mapping[str, float]) -> str:
    sigmoid_in_disguise = f["output_gap"] < T4_SAME
    hidden_faster = all(
        f[f"tanh_epochs_{opt}"] < f[f"sigmoid_epochs_{opt}"] for opt in ("sgd", "adam")
    )
    return HOLDS if hidden_faster and not sigmoid_in_disguise else DOES_NOT_HOLD


def _within(epochs: float, budget: float) -> str:
    return f"{epochs:.1f}" if epochs <= budget else f"not within {budget:.0f}"


def describe_t4(f: Mapping[str, float]) -> str:
    budget = f["epochs"]
    return (
        f"as the output, largest |(1 + tanh z)/2 - sigmoid(2z)| on the grid "
        f"{_below(f['output_gap'], T4_SAME)}: a sigmoid output with its logit doubled. As "
        f"hidden units, epochs to training loss {f['target_loss']:g}, tanh against sigmoid "
        f"(mean of 5 seeds): SGD {_within(f['tanh_epochs_sgd'], budget)} against "
        f"{_within(f['sigmoid_epochs_sgd'], budget)}, Adam "
        f"{_within(f['tanh_epochs_adam'], budget)} against "
        f"{_within(f['sigmoid_epochs_adam'], budget)}"
    )


CHECKS["T4"] = Check(
    "T4",
    f"Holds if tanh suits both layers of a binary classifier: as the output it is not a "
    f"sigmoid in disguise ((1 + tanh z)/2 differs from sigmoid(2z) by {_sci(T4_SAME)} or "
    f"more somewhere), and as hidden units it reaches the target loss sooner than the "
    f"sigmoid with both optimizers. Does not hold as stated otherwise (the figures say which "
    f"part fails).",
    judge_t4,
    describe_t4,
)


# L1 (chapter 8).
L1_SMALL = 0.1


def judge_l1(f: Mapping[str, float]) -> str:
    small = 0 < f["slope"] <= L1_SMALL
    exact = f["violations"] == 0 and f["negative_side_slope_error"] == 0
    return HOLDS if small and exact else DOES_NOT_HOLD


CHECKS["L1"] = Check(
    "L1",
    f"Holds if the slope is positive and at most {L1_SMALL}, the function is "
    f"max(slope x, x) on every input, and the derivative is the slope on the negative side.",
    judge_l1,
    lambda f: (
        f"default slope {f['slope']:g}; {f['violations']:.0f} of {f['n']:,.0f} inputs differ from "
        f"max({f['slope']:g}x, x); largest |derivative - slope| at the negative inputs: "
        f"{f['negative_side_slope_error']:g}"
    ),
)


# L2 (chapter 8): gradient and revival of units that ReLU leaves dead.
L2_SLOPES = (0.01, 0.1, 0.3)


def judge_l2(f: Mapping[str, float]) -> str:
    if not all(f[f"gradient_{s:g}"] > 0 for s in L2_SLOPES):
        return DOES_NOT_HOLD
    if not any(f[f"revived_{s:g}"] > 0 for s in L2_SLOPES):
        return DOES_NOT_HOLD
    return HOLDS if all(f[f"revived_{s:g}"] > 0 for s in L2_SLOPES) else NUANCE


def _share(revived: float, dead: float) -> str:
    """How much of a layer born dead came back: none, part of it, or most of it."""
    return "none" if revived <= 0 else "most" if revived > dead / 2 else "part"


def describe_l2(f: Mapping[str, float]) -> str:
    dead = f["dead_at_start"]
    slopes = ", ".join(
        f"{f[f'revived_{s:g}']:.1f} with slope {s:g} ({_share(f[f'revived_{s:g}'], dead)})"
        for s in reversed(L2_SLOPES)
    )
    return (
        f"units dead under ReLU with bias -2: {f['n_dead_for_relu']:.0f} of "
        f"{f['n_units']:.0f}; their mean gradient is {f['gradient_0']:.0f} with ReLU, "
        f"{_order(f[f'gradient_{L2_SLOPES[0]:g}'])} with slope {L2_SLOPES[0]:g}. Units revived "
        f"in 6 epochs, of {dead:.1f} dead at the start (mean of 3 seeds): {slopes}, "
        f"{f['revived_0']:.1f} with ReLU. With large steps (learning rate 1), units dead after "
        f"training: ReLU {f['large_steps_dead_relu']:.1f}, slope 0.3 "
        f"{f['large_steps_dead_0.3']:.1f}, at test accuracy "
        f"{f['large_steps_accuracy_relu']:.3f} and {f['large_steps_accuracy_0.3']:.3f}"
    )


CHECKS["L2"] = Check(
    "L2",
    "Holds if every positive slope gives those units a non-zero gradient and revives "
    "some of them within the budget; with nuance if the gradient flows but some slope "
    "revives none; does not hold if no gradient flows or no slope revives any unit.",
    judge_l2,
    describe_l2,
)


# X1, X2 (chapter 9): the digit classifier with a softmax output.
X1_ACCURACY = 0.9
X1_TOLERANCE = 1e-8
X1_MARGIN = 0.02
X2_SUM_TOLERANCE = 1e-12
X2_CONFIDENT = 0.9
X2_NOISE_SHARE = 0.1
X2_CALIBRATION_ERROR = 0.05


def judge_x1(f: Mapping[str, float]) -> str:
    good = f["test_accuracy"] >= X1_ACCURACY and f["gradient_error"] < X1_TOLERANCE
    if not good:
        return DOES_NOT_HOLD
    return NUANCE if f["sigmoids_accuracy"] - f["test_accuracy"] > X1_MARGIN else HOLDS


CHECKS["X1"] = Check(
    "X1",
    f"Holds if the softmax classifier reaches a test accuracy of at least {X1_ACCURACY}, its "
    f"gradient is p - y to a relative {_sci(X1_TOLERANCE)}, and ten sigmoids are not more "
    f"accurate by more than {X1_MARGIN}; with nuance if they are; does not hold if the "
    f"accuracy or the gradient fails.",
    judge_x1,
    lambda f: (
        f"softmax classifier of the ten digits: test accuracy {f['test_accuracy']:.3f}; loss "
        f"gradient p - y, relative error {_below(f['gradient_error'], X1_TOLERANCE)}. Ten "
        f"sigmoid outputs instead: test accuracy {f['sigmoids_accuracy']:.3f}, their scores "
        f"sum to {f['sigmoids_smallest_sum']:.2f} to {f['sigmoids_largest_sum']:.2f}"
    ),
)


def judge_x2(f: Mapping[str, float]) -> str:
    if f["sum_error"] >= X2_SUM_TOLERANCE or f["order_kept"] < 1.0:
        return DOES_NOT_HOLD
    misleading = (
        f["noise_confident_share"] >= X2_NOISE_SHARE
        or f["expected_calibration_error"] >= X2_CALIBRATION_ERROR
    )
    return NUANCE if misleading else HOLDS


CHECKS["X2"] = Check(
    "X2",
    f"Holds if every row sums to 1 (to {_sci(X2_SUM_TOLERANCE)}) and puts its largest "
    f"probability on the largest logit; with nuance if, in addition, the confidences "
    f"mislead: the expected calibration error on the test set is {X2_CALIBRATION_ERROR} or "
    f"more, or at least {X2_NOISE_SHARE:.0%} of noise images get a class probability of "
    f"{X2_CONFIDENT} or more; does not hold if a row fails.",
    judge_x2,
    lambda f: (
        f"test rows sum to 1 (error {_below(f['sum_error'], X2_SUM_TOLERANCE)}) and give the "
        f"largest probability to the largest logit in {100 * f['order_kept']:.0f}% of rows; "
        f"expected calibration error on the test set {f['expected_calibration_error']:.3f} "
        f"(mistakes: mean confidence {f['mean_confidence_wrong']:.2f}), but "
        f"{100 * f['noise_confident_share']:.0f}% of pure-noise images get a probability "
        f"of at least {X2_CONFIDENT}"
    ),
)


# C1 (chapter 10): what the choice depends on.
C1_MATTERS = 0.05
C1_NOISE = 2.0


def c1_factors(f: Mapping[str, float]) -> dict[str, bool]:
    """Which of the three factors of C1 changed the best choice by at least ``C1_MATTERS``."""
    return {
        "task, output layer": f["sigmoid_output_mse"] - f["identity_output_mse"] >= C1_MATTERS,
        "task, hidden layer": f["largest_nonlinear_gain"] >= C1_MATTERS
        and f["smallest_nonlinear_gain"] < C1_MATTERS,
        "architecture (depth)": f["sigmoid_deficit_depth6"] - f["sigmoid_deficit_depth1"]
        >= C1_MATTERS,
    }


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
    n = sum(c1_factors(f).values())
    if n == 0:
        return DOES_NOT_HOLD
    return HOLDS if n == 3 and f["smallest_range_in_sds"] > C1_NOISE else NUANCE


CHECKS["C1"] = Check(
    "C1",
    f"Three factors, each counted if it changes the best choice's test score (for the "
    f"output layer: its test MSE) by at least {C1_MATTERS}: the task's output layer (sigmoid "
    f"vs identity output), the task's need "
    f"for a hidden non-linearity (large gain on one task, small on another), the depth (the "
    f"sigmoid's deficit grows from 1 to 6 layers). Holds if all three count and on every "
    f"task the non-linear functions other than sigmoid span more than {C1_NOISE:g} seed "
    f"standard deviations (the task also picks among them); with nuance if one or two "
    f"count, or if on some task they span at most {C1_NOISE:g} (there the task decides "
    f"whether a non-linearity helps, not which one); does not hold if none counts.",
    judge_c1,
    lambda f: (
        f"sine regression, test MSE: identity output {f['identity_output_mse']:.3f}, sigmoid "
        f"output {f['sigmoid_output_mse']:.3f}. Gain of the best hidden non-linearity over a "
        f"linear model: {f['smallest_nonlinear_gain']:.3f} to {f['largest_nonlinear_gain']:.3f} "
        f"across tasks. ReLU minus sigmoid on the digits: {f['sigmoid_deficit_depth1']:.3f} "
        f"with 1 hidden layer, {f['sigmoid_deficit_depth6']:.3f} with 6. The seven non-linear "
        f"functions other than sigmoid span {f['smallest_range_in_sds']:.1f} seed-sds on the "
        f"task where they are closest"
    ),
)


# C2 (chapter 10): compare several on validation data.
C2_REGRET = 0.02
C2_SPREAD = 0.05


def judge_c2(f: Mapping[str, float]) -> str:
    if f["largest_regret"] > C2_REGRET or f["largest_spread"] < C2_SPREAD:
        return DOES_NOT_HOLD
    exception = f["tasks_best_test_not_chosen"] > 0 or f["most_indistinguishable"] > 0
    return NUANCE if exception else HOLDS


CHECKS["C2"] = Check(
    "C2",
    f"Holds if, in every task, the activation chosen on validation scores within "
    f"{C2_REGRET} of the best test score, and in some task at least {C2_SPREAD} above the "
    f"worst candidate (comparing pays); with nuance if, in addition, another activation is "
    f"within one seed standard deviation of the choice (seeds are needed to tell them apart) "
    f"or the best on test is not the choice (picking on test would be optimistic).",
    judge_c2,
    lambda f: (
        f"the validation choice is at most {f['largest_regret']:.3f} below the best test score "
        f"and up to {f['largest_spread']:.3f} above the worst candidate; best on test is not "
        f"the validation choice in {f['tasks_best_test_not_chosen']:.0f} of "
        f"{f['n_tasks']:.0f} tasks; up to {f['most_indistinguishable']:.0f} other activations "
        f"within one seed-sd of the choice on validation"
    ),
)


# Z1 (chapter 11): two of the three roles measured here (non-linearity: chapter 2).
Z1_MEAN = 0.1
Z1_VARIANCE_FACTOR = 2.0


def _z1_controlled(mean: float, variance: float) -> bool:
    return abs(mean) <= Z1_MEAN and 1 / Z1_VARIANCE_FACTOR <= variance <= Z1_VARIANCE_FACTOR


def z1_parts(f: Mapping[str, float]) -> dict[str, bool]:
    """Which of the roles of Z1 measured in chapter 11 the figures show."""
    return {
        "gradient-based training": f["smooth_highest"] - f["kinked_lowest"] <= f["seed_spread"],
        "output control": _z1_controlled(f["selu_lecun_mean_30"], f["selu_lecun_variance_30"]),
    }


def judge_z1(f: Mapping[str, float]) -> str:
    """Judge Z1.

    Examples
    --------
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
    if not all(z1_parts(f).values()):
        return DOES_NOT_HOLD
    he_kept = _z1_controlled(f["selu_he_mean_30"], f["selu_he_variance_30"])
    return HOLDS if he_kept else NUANCE


CHECKS["Z1"] = Check(
    "Z1",
    f"Training: the functions with a kink at 0 score within the seed spread of the best "
    f"differentiable one (differentiable almost everywhere is enough). Output control: SELU "
    f"with LeCun's weights keeps the mean within {Z1_MEAN} of 0 and the variance within a "
    f"factor {Z1_VARIANCE_FACTOR:g} of 1 at layer 30. Holds if both are shown and He's "
    f"weights keep them too; with nuance if He's weights lose them (the activation controls "
    f"the signal only together with the scale of the weights); does not hold if either part "
    f"is not shown.",
    judge_z1,
    lambda f: (
        f"digits, test accuracy: functions with a kink at 0 (ReLU, leaky ReLU, SELU) at least "
        f"{f['kinked_lowest']:.3f}, differentiable ones at most {f['smooth_highest']:.3f}, "
        f"seed spread {f['seed_spread']:.3f}. SELU at layer 30 with LeCun's weights: mean "
        f"{f['selu_lecun_mean_30']:+.2f}, variance {f['selu_lecun_variance_30']:.2f}; with "
        f"He's: mean {f['selu_he_mean_30']:+.2f}, variance {f['selu_he_variance_30']:.3g}"
    ),
)


# Z2 (chapter 11): the newer functions do what they were designed for; are they better?
Z2_TOLERANCE = 1e-3
Z2_NEWER = ("elu", "selu", "gelu", "silu")
Z2_CLASSIC = ("sigmoid", "tanh", "relu", "leaky_relu")


def judge_z2(f: Mapping[str, float]) -> str:
    """Judge Z2.

    Examples
    --------
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
    if not designed:
        return DOES_NOT_HOLD
    gain = max(f["gain_fixed_lr"], f["gain_own_lr"])
    return HOLDS if gain > f["seed_spread"] else NUANCE


CHECKS["Z2"] = Check(
    "Z2",
    f"Holds if each newer function does what it was designed for (ELU's mean below ReLU's; "
    f"SELU's mean 0 and variance 1, and GELU's tanh form, to {_sci(Z2_TOLERANCE)}) and the "
    f"best newer function (ELU, SELU, GELU, SiLU) beats the best classic one (sigmoid, tanh, "
    f"ReLU, leaky ReLU) by more than the seed spread, at the baseline's learning rate or at "
    f"their own; with nuance if the designs check out but neither gain exceeds the seed "
    f"spread; does not hold if a design check fails.",
    judge_z2,
    lambda f: (
        f"for z ~ N(0, 1): E[relu] {f['relu_mean']:.3f}, E[elu] {f['elu_mean']:.3f}, SELU "
        f"mean {abs(f['selu_mean']):.3f} and variance {f['selu_variance']:.3f}; GELU's tanh "
        f"form within {_sci(f['gelu_tanh_error'], 1)}. Digits, best newer minus best classic "
        f"function: {f['gain_fixed_lr']:+.3f} at the baseline's learning rate, "
        f"{f['gain_own_lr']:+.3f} at their own; seed spread {f['seed_spread']:.3f}"
    ),
)


# Z3 (chapter 11): the activation against everything else one can change.
Z3_OTHER_FACTORS = ("learning rate", "training examples", "hidden width", "epochs")


def judge_z3(f: Mapping[str, float]) -> str:
    larger = sum(f[factor] > f["activation"] for factor in Z3_OTHER_FACTORS)
    return HOLDS if larger == len(Z3_OTHER_FACTORS) else NUANCE if larger else DOES_NOT_HOLD


def describe_z3(f: Mapping[str, float]) -> str:
    others = ", ".join(f"{factor} {f[factor]:.3f}" for factor in Z3_OTHER_FACTORS)
    return (
        f"spread of test accuracy on the digits: activation {f['activation']:.3f}, seed "
        f"{f['seed']:.3f}; {others}"
    )


CHECKS["Z3"] = Check(
    "Z3",
    "Holds if each of the learning rate, the number of training examples, the hidden width "
    "and the number of epochs moves the test accuracy more than the choice of activation "
    "(with or without its own learning rate) does; with nuance if some of them do; does not "
    "hold if none does.",
    judge_z3,
    describe_z3,
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


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


class ClaimsTable:
    """Judged claims; displays as a Markdown table (the same text in Jupyter and on the site).

    The text form is the Markdown itself, so nbval pins every figure and verdict, and
    :func:`collect` can read the table back from an executed notebook.
    """

    HEADER = "| Claim | What the article says | What was measured | Verdict (and the rule) |"

    def __init__(self, rows: Iterable[Row], links: bool = False) -> None:
        self.rows = list(rows)
        self.links = links

    def counts(self) -> dict[str, int]:
        """How many claims got each verdict, in the order of :data:`VERDICTS`."""
        return {v: sum(row.verdict == v for row in self.rows) for v in VERDICTS}

    def markdown(self) -> str:
        lines = [self.HEADER, "|---|---|---|---|"]
        for row in self.rows:
            name = f"**{row.claim_id}**"
            if self.links:
                name += f" ({{ref}}`chapter {row.chapter} <claims-ch{row.chapter}>`)"
            lines.append(
                f"| {name} | {_cell(row.text)} | {_cell(row.figure)} | "
                f"**{row.verdict}**: {_cell(row.rule)} |"
            )
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        return self.markdown()

    def __repr__(self) -> str:
        return self.markdown()


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
        c = claim(claim_id)
        check = CHECKS[claim_id]
        try:
            verdict, figure = check.judge(figs), check.describe(figs)
        except KeyError as err:
            raise ValueError(f"claim {claim_id}: the figure {err} is missing") from None
        rows.append(Row(claim_id, c.chapter, c.text, figure, verdict, check.rule))
    return ClaimsTable(rows)


_ROW = re.compile(r"^\| \*\*([A-Z][0-9]+)\*\*")


def _split_row(line: str) -> list[str]:
    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
    return [cell.strip().replace("\\|", "|") for cell in cells]


def read_table(notebook: str | Path) -> list[Row]:
    """The claims table that an executed chapter displayed (its committed output).

    Parameters
    ----------
    notebook : str or Path
        An executed chapter notebook.

    Returns
    -------
    list of Row
        In the chapter's order; empty if the chapter displayed no claims table.
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    rows = []
    for cell in cells:
        for output in cell.get("outputs", []):
            text = "".join(output.get("data", {}).get("text/markdown", []))
            if not text.startswith(ClaimsTable.HEADER):
                continue
            for line in text.splitlines():
                match = _ROW.match(line)
                if match:
                    claim_id = match.group(1)
                    _, said, figure, verdict = _split_row(line)
                    verdict_text, rule = verdict.split(": ", 1)
                    if verdict_text.strip("*") not in VERDICTS:
                        raise ValueError(
                            f"{notebook}: claim {claim_id} has the verdict {verdict_text!r}, "
                            f"not one of {VERDICTS}"
                        )
                    rows.append(
                        Row(
                            claim_id,
                            claim(claim_id).chapter,
                            said,
                            figure,
                            verdict_text.strip("*"),
                            rule,
                        )
                    )
    return rows


def collect(notebooks: Iterable[str | Path]) -> ClaimsTable:
    """Every chapter's claims table, read back from the executed notebooks, in one table.

    Parameters
    ----------
    notebooks : iterable of str or Path
        The chapters, in reading order.

    Returns
    -------
    ClaimsTable
        With links to each chapter's claims section.
    """
    rows = [row for path in notebooks for row in read_table(path)]
    return ClaimsTable(rows, links=True)
