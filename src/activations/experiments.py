"""Measurements the chapters print: each function runs one experiment and returns numbers.

The chapters hold the story and short calls; the loops that train networks, sweep
inputs or count things live here, one section per part of the book, so that every
number a chapter prints is computed by a tested function.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from activations import data, nn
from activations.functions import Activation, get, log_softmax, sigmoid, softmax, softplus
from activations.functions import names as activation_names

# --- Part I: chapters 2-4 ---
#
# Chapter 2, non-linearity: collapse_linear_stack, TOY_PROBLEMS, toy_problem,
# fit_toy_problems, hinge_units, count_linear_pieces.
# Chapter 3, gradient-based optimization: finite_difference_gradient,
# count_zero_preactivations (and relative_error, shared with chapter 9 below).
# Chapter 4, controlling neuron output: output_ranges, activation_statistics_by_layer,
# naive_sigmoid, naive_softplus, naive_vs_stable (with naive_softmax and
# naive_log_softmax of the chapter 9 section), smallest_float_where, overflow_thresholds.


def _require_mlp(model: object, what: str) -> nn.MLP:
    if not isinstance(model, nn.MLP):
        raise TypeError(f"{what} expects an activations.nn.MLP, got {type(model).__name__}")
    return model


def collapse_linear_stack(
    layers: nn.MLP | Sequence[tuple[ArrayLike, ArrayLike]],
) -> tuple[np.ndarray, np.ndarray]:
    r"""Multiply a stack of linear layers out into a single linear layer.

    Layers :math:`z^{[l]} = z^{[l-1]} W^{[l]} + b^{[l]}`, :math:`l = 1, \dots, L`, with no
    activation between them, compute the same function as one layer
    :math:`z^{[L]} = x W + b` with

    .. math::

        W = W^{[1]} W^{[2]} \cdots W^{[L]}, \qquad
        b = \bigl(\cdots(b^{[1]} W^{[2]} + b^{[2]}) W^{[3]} \cdots\bigr) W^{[L]} + b^{[L]}.

    Parameters
    ----------
    layers : MLP or sequence of (W, b)
        An :class:`~activations.nn.MLP` whose hidden activations are all ``"identity"``
        (its logits are then the stack's output), or the ``(W, b)`` pairs of any stack,
        such as ``model.parameters``: collapsing the weights of a network *with*
        activations is allowed and gives the linear map the network would be without them.

    Returns
    -------
    W : ndarray of shape (n_inputs, n_outputs)
    b : ndarray of shape (n_outputs,)

    Examples
    --------
    >>> import numpy as np
    >>> W, b = collapse_linear_stack([(np.eye(2), np.ones(2)), (2 * np.eye(2), np.zeros(2))])
    >>> W.tolist(), b.tolist()
    ([[2.0, 0.0], [0.0, 2.0]], [2.0, 2.0])
    """
    if isinstance(layers, nn.MLP):
        nonlinear = sorted({g.name for g in layers.hidden_activations} - {"identity"})
        if nonlinear:
            raise ValueError(
                "only a stack of linear layers collapses into one; this MLP has "
                f"{', '.join(nonlinear)} hidden layers (pass model.parameters to collapse its "
                "weights anyway)"
            )
        pairs = layers.parameters
    elif isinstance(layers, Sequence) and not isinstance(layers, (str, bytes)):
        pairs = list(layers)
    else:
        raise TypeError(
            f"layers must be an MLP or a sequence of (W, b) pairs, got {type(layers).__name__}"
        )
    if not pairs:
        raise ValueError("layers must hold at least one (W, b) pair, got an empty sequence")
    W_total: np.ndarray | None = None
    b_total: np.ndarray | None = None
    for i, pair in enumerate(pairs):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"layer {i} must be a (W, b) pair, got {type(pair).__name__}")
        W = np.asarray(pair[0], dtype=np.float64)
        b = np.asarray(pair[1], dtype=np.float64)
        if W.ndim != 2 or b.shape != (W.shape[1],):
            raise ValueError(
                f"layer {i}: expected W of shape (fan_in, fan_out) and b of shape (fan_out,), "
                f"got {W.shape} and {b.shape}"
            )
        if W_total is None or b_total is None:
            W_total, b_total = W.copy(), b.copy()
            continue
        if W.shape[0] != W_total.shape[1]:
            raise ValueError(
                f"layer {i} expects {W.shape[0]} inputs but the layer below has "
                f"{W_total.shape[1]} outputs"
            )
        W_total = W_total @ W
        b_total = b_total @ W + b
    assert W_total is not None and b_total is not None
    return W_total, b_total


#: The toy problems in the plane of chapters 2 and 3: a generator of
#: :mod:`activations.data` and the noise it is called with.
TOY_PROBLEMS: dict[str, tuple[Callable[..., tuple[np.ndarray, np.ndarray]], float]] = {
    "xor": (data.xor, 0.25),
    "moons": (data.moons, 0.15),
    "circles": (data.circles, 0.08),
}


def toy_problem(name: str, n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` points of the toy problem ``name`` (a key of :data:`TOY_PROBLEMS`).

    Returns
    -------
    X : ndarray of shape (n, 2)
    y : ndarray of shape (n,), labels 0 or 1
    """
    if name not in TOY_PROBLEMS:
        raise ValueError(f"unknown toy problem {name!r}; expected one of {list(TOY_PROBLEMS)}")
    generator, noise = TOY_PROBLEMS[name]
    return generator(n=n, noise=noise, seed=seed)


@dataclass(frozen=True, eq=False)
class ToyFit:
    """One network trained on one toy problem (see :func:`fit_toy_problems`).

    Attributes
    ----------
    problem, model_name : str
        Keys of the problem and of the model specification.
    model : MLP
        The trained network.
    history : History
        What :func:`activations.nn.train` recorded.
    X_train, y_train, X_test, y_test : ndarray
        The training points and fresh test points from the same distribution.
    train_accuracy, test_accuracy : float
        Final accuracies.
    first_layer_change : float
        Largest absolute change of a first-layer weight during training.
    """

    problem: str
    model_name: str
    model: nn.MLP
    history: nn.History
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    train_accuracy: float
    test_accuracy: float
    first_layer_change: float


def fit_toy_problems(
    models: Mapping[str, Mapping[str, Any]],
    problems: Sequence[str] = ("xor", "moons", "circles"),
    *,
    n_train: int = 200,
    n_test: int = 1000,
    epochs: int = 400,
    batch_size: int = 200,
    lr: float = 0.05,
    seed: int = 0,
) -> dict[tuple[str, str], ToyFit]:
    """Train every model on every toy problem, with Adam, and measure its accuracy.

    Parameters
    ----------
    models : mapping of str to mapping
        Name of each model and the keyword arguments of :class:`~activations.nn.MLP`
        that build it, e.g. ``{"tanh": {"layer_sizes": [2, 16, 1],
        "hidden_activation": "tanh", "init": "xavier_normal"}}``. ``output`` defaults to
        ``"sigmoid"`` and ``seed`` to ``seed``.
    problems : sequence of str
        Keys of :data:`TOY_PROBLEMS`.
    n_train, n_test : int
        Training points (drawn with ``seed``) and test points (drawn with ``seed + 1``).
    epochs, batch_size, lr : int, int, float
        Training settings; the default batch size of 200 is full-batch training.
    seed : int
        Seed of the data, of the weights and of the shuffling.

    Returns
    -------
    dict of (problem, model name) to ToyFit
    """
    if not isinstance(models, Mapping) or not models:
        raise ValueError(
            "models must be a non-empty mapping of model names to MLP keyword arguments, "
            f"got {models!r}"
        )
    if isinstance(problems, str):
        raise TypeError(f"problems must be a sequence of names, got the single string {problems!r}")
    for problem in problems:
        if problem not in TOY_PROBLEMS:
            raise ValueError(
                f"unknown toy problem {problem!r}; expected names from {list(TOY_PROBLEMS)}"
            )
    fits: dict[tuple[str, str], ToyFit] = {}
    for problem in problems:
        X, y = toy_problem(problem, n=n_train, seed=seed)
        X_test, y_test = toy_problem(problem, n=n_test, seed=seed + 1)
        for name, kwargs in models.items():
            if not isinstance(kwargs, Mapping):
                raise TypeError(
                    f"models[{name!r}] must be a mapping of MLP keyword arguments, "
                    f"got {type(kwargs).__name__}"
                )
            model = nn.MLP(**{"output": "sigmoid", "seed": seed, **kwargs})
            W_before = model.layers[0].W.copy()
            history = nn.train(
                model,
                X,
                y,
                optimizer=nn.Adam(lr=lr),
                epochs=epochs,
                batch_size=batch_size,
                seed=seed,
            )
            fits[problem, name] = ToyFit(
                problem=problem,
                model_name=name,
                model=model,
                history=history,
                X_train=X,
                y_train=y,
                X_test=X_test,
                y_test=y_test,
                train_accuracy=model.accuracy(X, y),
                test_accuracy=model.accuracy(X_test, y_test),
                first_layer_change=float(np.max(np.abs(model.layers[0].W - W_before))),
            )
    return fits


def _require_one_hidden_relu_layer(model: object, what: str) -> tuple[nn.MLP, float]:
    """A 1-H-1 network with a ReLU or leaky ReLU hidden layer; return it and the slope."""
    model = _require_mlp(model, what)
    sizes = model.layer_sizes
    if len(sizes) != 3 or sizes[0] != 1 or sizes[2] != 1:
        raise ValueError(
            f"{what} expects a network with one input, one hidden layer and one output "
            f"(layer_sizes [1, H, 1]), got layer_sizes {sizes}"
        )
    g = model.hidden_activations[0]
    if g.name not in ("relu", "leaky_relu"):
        raise ValueError(
            f"{what} expects a relu or leaky_relu hidden layer (piecewise linear with one "
            f"kink at 0), got {g.name}"
        )
    return model, float(g.params.get("slope", 0.0))


def hinge_units(model: nn.MLP, x: ArrayLike) -> np.ndarray:
    r"""The contribution of each hidden unit of a 1-H-1 ReLU network to its output.

    The network computes :math:`f(x) = c + \sum_{i=1}^{H} v_i\, g(w_i x + b_i)`; column
    :math:`i` of the result is :math:`v_i\, g(w_i x + b_i)`, a *hinge*: zero (or a small
    slope for leaky ReLU) on one side of :math:`x = -b_i / w_i` and a straight line on the
    other. Adding the columns and the output bias :math:`c` gives the network's logit.

    Parameters
    ----------
    model : MLP
        A network with ``layer_sizes`` ``[1, H, 1]`` and a relu or leaky_relu hidden layer.
    x : array_like of shape (n,)
        Input values.

    Returns
    -------
    ndarray of shape (n, H)
    """
    model, _ = _require_one_hidden_relu_layer(model, "hinge_units")
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1:
        raise ValueError(f"x must be a 1-D array of input values, got shape {x.shape}")
    hidden, out = model.layers
    z = x[:, None] * hidden.W[0] + hidden.b  # (n, H) pre-activations
    return model.hidden_activations[0](z) * out.W[:, 0]  # (n, H)


@dataclass(frozen=True, eq=False)
class LinearPieces:
    """The kinks of a one-hidden-layer ReLU network on an interval.

    Attributes
    ----------
    breakpoints : ndarray
        Sorted inputs inside the interval where the slope of the network changes.
    slope_changes : ndarray
        The change of slope at each breakpoint (right slope minus left slope).
    n_pieces : int
        Number of linear pieces on the interval, ``len(breakpoints) + 1``.
    max_pieces : int
        The bound ``H + 1`` for ``H`` hidden units.
    """

    breakpoints: np.ndarray
    slope_changes: np.ndarray
    n_pieces: int
    max_pieces: int


def count_linear_pieces(model: nn.MLP, low: float, high: float) -> LinearPieces:
    r"""Count the linear pieces of a 1-H-1 ReLU network on the interval ``(low, high)``.

    Hidden unit :math:`i` contributes :math:`v_i\, g(w_i x + b_i)`; where :math:`w_i \ne 0`
    its slope jumps at :math:`x = -b_i / w_i`, by :math:`v_i |w_i| (1 - s)` for a kink from
    slope :math:`s` to slope 1 (:math:`s = 0` for ReLU). Units that share a breakpoint add
    their jumps; a breakpoint counts only if the total jump is not zero (relative to the
    size of the jumps, up to 1e-12), so the count is the number of places where the slope
    really changes. :math:`H` units give at most :math:`H + 1` pieces.

    Parameters
    ----------
    model : MLP
        A network with ``layer_sizes`` ``[1, H, 1]`` and a relu or leaky_relu hidden layer.
        What is counted is the logit, the output before the head.
    low, high : float
        The open interval to count on, ``low < high``.

    Returns
    -------
    LinearPieces
    """
    model, slope = _require_one_hidden_relu_layer(model, "count_linear_pieces")
    if not (
        isinstance(low, (int, float, np.integer, np.floating))
        and isinstance(high, (int, float, np.integer, np.floating))
        and math.isfinite(low)
        and math.isfinite(high)
        and low < high
    ):
        raise ValueError(f"expected finite numbers low < high, got low={low!r}, high={high!r}")
    hidden, out = model.layers
    w = hidden.W[0].astype(np.float64)
    b = hidden.b.astype(np.float64)
    v = out.W[:, 0].astype(np.float64)
    jump = v * np.abs(w) * (1.0 - slope)
    active = w != 0
    points = -b[active] / w[active]
    jumps = jump[active]
    inside = (points > low) & (points < high)
    points, jumps = points[inside], jumps[inside]
    unique, which = np.unique(points, return_inverse=True)
    total = np.zeros(len(unique))
    np.add.at(total, which, jumps)
    scale = float(np.sum(np.abs(jump)))
    real = np.abs(total) > 1e-12 * scale
    return LinearPieces(
        breakpoints=unique[real],
        slope_changes=total[real],
        n_pieces=int(np.count_nonzero(real)) + 1,
        max_pieces=len(w) + 1,
    )


def finite_difference_gradient(
    loss: Callable[[], float], params: Sequence[np.ndarray], eps: float = 1e-6
) -> list[np.ndarray]:
    r"""Estimate the gradient of ``loss()`` with central differences.

    Each entry :math:`\theta_i` of each array in ``params`` is nudged in place to
    :math:`\theta_i \pm \epsilon`, and

    .. math::

        \frac{\partial \mathcal L}{\partial \theta_i} \approx
        \frac{\mathcal L(\theta + \epsilon e_i) - \mathcal L(\theta - \epsilon e_i)}{2\epsilon},

    which is off by :math:`O(\epsilon^2)` for a smooth loss. Every entry is restored
    afterwards.

    Parameters
    ----------
    loss : callable
        Takes no arguments and returns the loss computed from the current ``params``.
    params : sequence of ndarray
        The float64 arrays the loss reads; they are changed and restored in place.
    eps : float
        The step :math:`\epsilon > 0`.

    Returns
    -------
    list of ndarray
        One array per parameter array, of the same shape.
    """
    if not callable(loss):
        raise TypeError(f"loss must be a function of no arguments, got {type(loss).__name__}")
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not (0 < eps < math.inf):
        raise ValueError(f"eps must be a finite number > 0, got {eps!r}")
    gradients = []
    for k, p in enumerate(params):
        if not isinstance(p, np.ndarray) or p.dtype != np.float64 or not p.flags.writeable:
            raise TypeError(
                f"params[{k}] must be a writeable float64 NumPy array (it is nudged in place), "
                f"got {type(p).__name__}"
                + (f" of dtype {p.dtype}" if isinstance(p, np.ndarray) else "")
            )
        grad = np.empty_like(p)
        for i in np.ndindex(p.shape):
            original = p[i]
            p[i] = original + eps
            loss_plus = float(loss())
            p[i] = original - eps
            loss_minus = float(loss())
            p[i] = original
            grad[i] = (loss_plus - loss_minus) / (2.0 * eps)
        gradients.append(grad)
    return gradients


@dataclass(frozen=True)
class ZeroPreactivations:
    """How often hidden pre-activations sat exactly on ReLU's kink during training.

    Attributes
    ----------
    n_values : int
        Hidden pre-activations computed by all the forward passes of training.
    n_exact_zero : int
        How many of them were exactly 0.0.
    n_near_zero : int
        How many were within ``near`` of 0 (where a finite-difference check with step
        ``near`` would straddle the kink).
    near : float
        The threshold of ``n_near_zero``.
    train_accuracy : float
        Accuracy of the trained model on ``X``.
    """

    n_values: int
    n_exact_zero: int
    n_near_zero: int
    near: float
    train_accuracy: float


def count_zero_preactivations(
    model: nn.MLP,
    X: ArrayLike,
    y: ArrayLike,
    *,
    epochs: int = 5,
    batch_size: int = 64,
    lr: float = 0.01,
    near: float = 1e-6,
    seed: int = 0,
) -> ZeroPreactivations:
    """Train ``model`` in place with Adam and count hidden pre-activations equal to 0.

    The loop is :func:`activations.nn.train` written out, so that every mini-batch's
    forward pass can be inspected: the pre-activations of every hidden layer are counted
    before each update.

    Parameters
    ----------
    model : MLP
        A classifier; it is trained in place.
    X, y : array_like
        Training data.
    epochs, batch_size : int
        Passes over the data and examples per mini-batch.
    lr : float
        Adam's learning rate.
    near : float
        Also count pre-activations with ``|z| < near``.
    seed : int
        Seed of the shuffling.

    Returns
    -------
    ZeroPreactivations
    """
    model = _require_mlp(model, "count_zero_preactivations")
    if isinstance(near, bool) or not isinstance(near, (int, float)) or not 0 < near < math.inf:
        raise ValueError(f"near must be a finite number > 0, got {near!r}")
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim != 2 or len(X) != len(y):
        raise ValueError(
            f"X must be 2-D with one row per label, got X of shape {X.shape} and y of shape "
            f"{y.shape}"
        )
    optimizer = nn.Adam(lr=lr)
    rng = np.random.default_rng(seed)
    n_values = n_exact = n_near = 0
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for start in range(0, len(X), batch_size):
            batch = order[start : start + batch_size]
            cache = model.forward(X[batch], return_cache=True)
            for z in cache.pre_activations[:-1]:  # hidden layers only
                n_values += z.size
                n_exact += int(np.count_nonzero(z == 0.0))
                n_near += int(np.count_nonzero(np.abs(z) < near))
            optimizer.step(model.parameters, model.backward(cache, y[batch]))
    return ZeroPreactivations(
        n_values=n_values,
        n_exact_zero=n_exact,
        n_near_zero=n_near,
        near=float(near),
        train_accuracy=model.accuracy(X, y),
    )


@dataclass(frozen=True)
class OutputRange:
    """An activation's output range, from the registry and measured on a grid.

    Attributes
    ----------
    name, range_text : str
        Registry name and the range as the registry writes it.
    lower, upper : float
        The registry's infimum and supremum (may be infinite).
    measured_min, measured_max : float
        Smallest and largest value of the function on the grid.
    """

    name: str
    range_text: str
    lower: float
    upper: float
    measured_min: float
    measured_max: float

    @property
    def within(self) -> bool:
        """Whether the measured values lie inside the registry's (closed) bounds."""
        return self.lower <= self.measured_min and self.measured_max <= self.upper


def output_ranges(
    names: Sequence[str] | None = None, x: ArrayLike | None = None
) -> list[OutputRange]:
    """Compare each activation's registered output range with its values on a grid.

    Parameters
    ----------
    names : sequence of str, optional
        Registry names; all of :func:`activations.names` by default.
    x : array_like, optional
        The 1-D grid of inputs; by default 200 001 points on [-50, 50].

    Returns
    -------
    list of OutputRange
    """
    chosen = list(activation_names() if names is None else names)
    if isinstance(names, str):
        raise TypeError(f"names must be a sequence of names, got the single string {names!r}")
    grid = np.linspace(-50.0, 50.0, 200_001) if x is None else np.asarray(x, dtype=np.float64)
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"x must be a non-empty 1-D grid, got shape {grid.shape}")
    rows = []
    for name in chosen:
        entry = get(name)
        values = entry(grid)
        rows.append(
            OutputRange(
                name=entry.name,
                range_text=entry.range_text,
                lower=float(entry.output_range[0]),
                upper=float(entry.output_range[1]),
                measured_min=float(np.min(values)),
                measured_max=float(np.max(values)),
            )
        )
    return rows


@dataclass(frozen=True, eq=False)
class LayerStatistics:
    """Activations of a deep network at initialization, layer by layer.

    Attributes
    ----------
    activation, init : str
        The hidden activation and the weight initializer.
    mean, std : ndarray of shape (n_layers,)
        Mean and standard deviation of each hidden layer's activations over all units
        and examples.
    zero_fraction : ndarray of shape (n_layers,)
        Fraction of activations that are exactly 0.
    example_spread : ndarray of shape (n_layers,)
        How much a unit's activation depends on the input: for each unit, the standard
        deviation of its activation across the examples, averaged over the units. It is
        0 when every example produces the same activations.
    samples : list of ndarray
        For each hidden layer, the activations of the first examples, flattened (for
        histograms).
    """

    activation: str
    init: str
    mean: np.ndarray
    std: np.ndarray
    zero_fraction: np.ndarray
    example_spread: np.ndarray
    samples: list[np.ndarray]


def activation_statistics_by_layer(
    activation: str,
    init: str,
    *,
    n_layers: int = 10,
    width: int = 256,
    n_samples: int = 1000,
    sample_size: int = 100,
    seed: int = 0,
) -> LayerStatistics:
    r"""Push standard normal inputs through a deep untrained network and describe each layer.

    The network has ``n_layers`` hidden layers of ``width`` units, biases 0 and weights
    from ``init`` (:func:`activations.nn.initialize`); the inputs are ``n_samples``
    vectors of ``width`` independent :math:`\mathcal N(0, 1)` numbers.

    Parameters
    ----------
    activation : str
        Registry name of the hidden activation.
    init : str
        Name of the weight initializer, e.g. ``"xavier_normal"`` or ``"he_normal"``.
    n_layers, width, n_samples : int
        Depth, width and number of input vectors.
    sample_size : int
        How many examples' activations to keep per layer in
        :attr:`LayerStatistics.samples`.
    seed : int
        Seed of the inputs and of the weights.

    Returns
    -------
    LayerStatistics
    """
    for name, value in (
        ("n_layers", n_layers),
        ("width", width),
        ("n_samples", n_samples),
        ("sample_size", sample_size),
    ):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(f"{name} must be an integer >= 1, got {value!r}")
    model = nn.MLP(
        [width] * (n_layers + 1) + [1],
        hidden_activation=activation,
        output="identity",
        init=init,
        seed=seed,
    )
    X = np.random.default_rng(seed).standard_normal((n_samples, width))
    hidden = model.forward(X, return_cache=True).activations[:-1]
    return LayerStatistics(
        activation=model.hidden_activations[0].name,
        init=init,
        mean=np.array([a.mean() for a in hidden]),
        std=np.array([a.std() for a in hidden]),
        zero_fraction=np.array([np.mean(a == 0.0) for a in hidden]),
        example_spread=np.array([a.std(axis=0).mean() for a in hidden]),
        samples=[a[:sample_size].ravel() for a in hidden],
    )


def naive_sigmoid(x: ArrayLike) -> np.ndarray:
    r"""The textbook formula :math:`1 / (1 + e^{-x})`, evaluated as written.

    For very negative :math:`x`, :math:`e^{-x}` overflows to infinity first. Floating
    point warnings are silenced: the overflow shows in the result, not as a warning.
    The dtype of ``x`` (float16, float32, float64) is kept.
    """
    x = np.asarray(x)
    with np.errstate(all="ignore"):
        return 1 / (1 + np.exp(-x))


def naive_softplus(x: ArrayLike) -> np.ndarray:
    r"""The textbook formula :math:`\log(1 + e^{x})`, evaluated as written (no warnings)."""
    x = np.asarray(x)
    with np.errstate(all="ignore"):
        return np.log(1 + np.exp(x))


_IEEE_FLOAT_DTYPES = ("float16", "float32", "float64")


def _checked_float_dtypes(dtypes: Sequence[DTypeLike]) -> list[np.dtype]:
    if isinstance(dtypes, str):
        raise TypeError(f"dtypes must be a sequence of dtypes, got the single string {dtypes!r}")
    checked = []
    for d in dtypes:
        dt = np.dtype(d)
        if dt.name not in _IEEE_FLOAT_DTYPES:
            raise ValueError(f"dtypes must be float16, float32 or float64, got {dt.name}")
        checked.append(dt)
    if not checked:
        raise ValueError("dtypes must name at least one dtype, got an empty sequence")
    return checked


@dataclass(frozen=True)
class StabilityCase:
    """A naive formula and the package's stable one on one extreme input.

    Attributes
    ----------
    function : str
        ``"sigmoid"``, ``"softplus"``, ``"softmax"`` or ``"log_softmax"``.
    expression : str
        What is evaluated, e.g. ``"sigmoid(-100)"`` or ``"softmax([100, 0])[0]"``.
    naive, stable : dict of str to float
        The value in each dtype (by dtype name), as a Python float (inf and nan included).
    """

    function: str
    expression: str
    naive: dict[str, float]
    stable: dict[str, float]


def naive_vs_stable(
    magnitudes: Sequence[float] = (12.0, 100.0, 1000.0),
    dtypes: Sequence[DTypeLike] = _IEEE_FLOAT_DTYPES,
) -> list[StabilityCase]:
    """Evaluate naive and stable sigmoid, softplus, softmax and log-softmax at extreme inputs.

    For each magnitude :math:`m`: ``sigmoid(-m)``, ``softplus(m)``, the first entry of
    ``softmax([m, 0])`` and the second entry of ``log_softmax([m, 0])``, each computed
    with the naive formula (:func:`naive_sigmoid` and friends) and with the package's
    stable one, in every dtype. Overflows show up as ``inf`` or ``nan`` in the values;
    no warning is raised.

    Returns
    -------
    list of StabilityCase
        Grouped by function, then by magnitude.
    """
    checked = _checked_float_dtypes(dtypes)
    if isinstance(magnitudes, (int, float)) or not magnitudes:
        raise TypeError(f"magnitudes must be a non-empty sequence of numbers, got {magnitudes!r}")
    cases = [
        ("sigmoid", "sigmoid({x:g})", -1.0, naive_sigmoid, sigmoid, None),
        ("softplus", "softplus({x:g})", 1.0, naive_softplus, softplus, None),
        ("softmax", "softmax([{x:g}, 0])[0]", 1.0, naive_softmax, softmax, 0),
        ("log_softmax", "log_softmax([{x:g}, 0])[1]", 1.0, naive_log_softmax, log_softmax, 1),
    ]
    rows = []
    for function, template, sign, naive_fn, stable_fn, entry in cases:
        for m in magnitudes:
            x = sign * float(m)
            naive_values, stable_values = {}, {}
            for dt in checked:
                arg = np.array([x, 0.0] if entry is not None else x, dtype=dt)
                naive_out = np.asarray(naive_fn(arg))
                stable_out = np.asarray(stable_fn(arg))
                if entry is not None:
                    naive_out, stable_out = naive_out[entry], stable_out[entry]
                naive_values[dt.name] = float(naive_out)
                stable_values[dt.name] = float(stable_out)
            rows.append(StabilityCase(function, template.format(x=x), naive_values, stable_values))
    return rows


_UINT_OF_SIZE = {2: np.uint16, 4: np.uint32, 8: np.uint64}


def _float_from_bits(bits: int, dtype: np.dtype) -> np.floating:
    return np.array(bits, dtype=_UINT_OF_SIZE[dtype.itemsize]).view(dtype)[()]


def _bits_of_float(value: float, dtype: np.dtype) -> int:
    return int(np.array(value, dtype=dtype).view(_UINT_OF_SIZE[dtype.itemsize])[()])


def smallest_float_where(
    predicate: Callable[[np.floating], bool], low: float, high: float, dtype: DTypeLike
) -> np.floating:
    """The smallest float of ``dtype`` in ``(low, high]`` where ``predicate`` is true.

    ``predicate`` must be false at ``low``, true at ``high`` and switch only once in
    between (monotone). Non-negative floats of one dtype sort like their bit patterns
    read as unsigned integers, so a bisection on those integers visits every float of
    the dtype and ends on the exact switching point after at most 64 steps.

    Parameters
    ----------
    predicate : callable
        Takes a NumPy scalar of ``dtype`` and returns a bool.
    low, high : float
        Finite, ``0 <= low < high``, both representable in ``dtype``.
    dtype : float16, float32 or float64

    Returns
    -------
    NumPy scalar of ``dtype``
    """
    (dt,) = _checked_float_dtypes([dtype])
    lo_bits, hi_bits = _bits_of_float(low, dt), _bits_of_float(high, dt)
    if not (0.0 <= float(_float_from_bits(lo_bits, dt)) < float(_float_from_bits(hi_bits, dt))):
        raise ValueError(f"expected finite 0 <= low < high, got low={low!r}, high={high!r}")
    if predicate(_float_from_bits(lo_bits, dt)) or not predicate(_float_from_bits(hi_bits, dt)):
        raise ValueError(
            f"predicate must be false at low={low!r} and true at high={high!r} (in {dt.name})"
        )
    while hi_bits - lo_bits > 1:
        mid = (lo_bits + hi_bits) // 2
        if predicate(_float_from_bits(mid, dt)):
            hi_bits = mid
        else:
            lo_bits = mid
    return _float_from_bits(hi_bits, dt)


@dataclass(frozen=True)
class Thresholds:
    """Where floating-point limits bite, for one dtype (see :func:`overflow_thresholds`).

    Attributes
    ----------
    dtype : str
    max : float
        The largest finite number, ``np.finfo(dtype).max``.
    eps : float
        Machine epsilon, the gap between 1 and the next float.
    log_max : float
        :math:`\\ln(\\text{max})`, where :math:`e^x` overflows in theory.
    exp_limit : float
        The largest float ``x`` of the dtype with ``np.exp(x)`` finite (found by search).
    sigmoid_one : float
        The smallest float ``x`` of the dtype with ``activations.sigmoid(x) == 1`` (found
        by search).
    """

    dtype: str
    max: float
    eps: float
    log_max: float
    exp_limit: float
    sigmoid_one: float


def overflow_thresholds(dtypes: Sequence[DTypeLike] = _IEEE_FLOAT_DTYPES) -> list[Thresholds]:
    """For each dtype, where ``exp`` overflows and where sigmoid rounds to exactly 1.

    Both thresholds are found by :func:`smallest_float_where` on the dtype's own floats,
    running ``np.exp`` and :func:`activations.sigmoid` on them; they are to be compared
    with the theory: :math:`\\ln(\\text{max})` for ``exp``, and
    :math:`\\ln(1/\\varepsilon)` plus :math:`\\ln 2` to :math:`\\ln 4` for sigmoid (its
    distance to 1, about :math:`e^{-x}`, falls below half a gap between floats near 1).

    Returns
    -------
    list of Thresholds
    """
    rows = []
    for dt in _checked_float_dtypes(dtypes):
        info = np.finfo(dt)

        def exp_overflows(x: np.floating) -> bool:
            with np.errstate(over="ignore"):
                return bool(np.isinf(np.exp(x)))

        def sigmoid_is_one(x: np.floating) -> bool:
            return bool(sigmoid(x) == 1)

        first_inf = smallest_float_where(exp_overflows, 1.0, float(info.max), dt)
        exp_limit = np.nextafter(first_inf, dt.type(0))
        rows.append(
            Thresholds(
                dtype=dt.name,
                max=float(info.max),
                eps=float(info.eps),
                log_max=float(np.log(np.float64(info.max))),
                exp_limit=float(exp_limit),
                sigmoid_one=float(smallest_float_where(sigmoid_is_one, 0.0, 100.0, dt)),
            )
        )
    return rows


# --- Part II: sigmoid and tanh (chapters 5, 7) ---
#
# Gradient flow through deep stacks and through time, the training-speed comparison of
# sigmoid and tanh hidden units, and the calibration of a logistic output.


def _int_at_least(name: str, value: object, minimum: int = 1) -> int:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return int(value)


def _finite_float(name: str, value: object) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return float(value)


def _n_outputs(y: np.ndarray, output: str) -> int:
    """Number of output units a head needs for labels ``y``."""
    if output == "softmax":
        return int(np.max(y)) + 1
    return 1 if y.ndim == 1 else int(y.shape[1])


def _centred_sigmoid_k(x: np.ndarray) -> np.ndarray:
    return 0.5 * np.tanh(0.5 * x)  # sigma(x) - 1/2, without the cancellation


def _centred_sigmoid_grad_k(x: np.ndarray) -> np.ndarray:
    return sigmoid(x) * sigmoid(-x)  # sigma'(x) = sigma(x) sigma(-x)


def centred_sigmoid() -> Activation:
    r"""The sigmoid shifted down by one half: :math:`\sigma(x) - \tfrac12 = \tfrac12\tanh(x/2)`.

    It has the sigmoid's slope everywhere (:math:`\max |f'| = 1/4`) but zero-centred
    outputs in :math:`(-\tfrac12, \tfrac12)`. Chapter 7 trains it next to sigmoid and
    tanh to tell apart the two differences between them: centring and slope. It is not
    in the registry; pass the returned entry wherever an activation is accepted.

    Returns
    -------
    Activation

    Examples
    --------
    >>> f = centred_sigmoid()
    >>> float(f(0.0)), float(f.grad(0.0)), f.takes_both_signs, f.normal_mean
    (0.0, 0.25, True, 0.0)
    """
    return Activation(
        name="centred_sigmoid",
        formula=r"\sigma(x) - \tfrac{1}{2} = \tfrac{1}{2}\tanh(x/2)",
        derivative_formula=r"\sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        params={},
        output_range=(-0.5, 0.5),
        range_text="(-0.5, 0.5)",
        monotonic=True,
        smoothness=math.inf,
        saturates="both",
        max_abs_grad=0.25,
        _forward=_centred_sigmoid_k,
        _backward=_centred_sigmoid_grad_k,
    )


class LayerGradients(NamedTuple):
    """What :func:`gradient_norms_by_layer` measured, one entry per layer (input first)."""

    weights: np.ndarray
    r"""Frobenius norm of :math:`\partial\mathcal L/\partial W^{[l]}`, ``depth + 1`` values."""
    pre_activations: np.ndarray
    r"""Frobenius norm of :math:`\delta^{[l]} = \partial\mathcal L/\partial z^{[l]}`."""
    weight_change: np.ndarray
    r""":math:`\lVert W^{[l]} - W^{[l]}_0\rVert / \lVert W^{[l]}_0\rVert` after training."""
    loss: float
    """The loss on ``(X, y)`` at the moment of measurement."""
    model: nn.MLP
    """The (trained) network, e.g. to score it."""


def gradient_norms_by_layer(
    activation: str | Activation,
    depth: int,
    width: int,
    init: str | Callable,
    X: ArrayLike,
    y: ArrayLike,
    seed: int = 0,
    *,
    output: str = "sigmoid",
    epochs: int = 0,
    optimizer: nn.Optimizer | None = None,
    batch_size: int = 32,
) -> LayerGradients:
    r"""Per-layer gradient norms of a deep, narrow network, at initialization or after training.

    The network has ``depth`` hidden layers of ``width`` units with the same hidden
    activation, and an output head. The gradient of the loss on the whole of
    ``(X, y)`` is backpropagated with

    .. math::

        \delta^{[l-1]} = \bigl(\delta^{[l]} W^{[l]\top}\bigr) \odot f'(z^{[l-1]}),
        \qquad \frac{\partial \mathcal L}{\partial W^{[l]}} = a^{[l-1]\top} \delta^{[l]},

    so every hidden layer the gradient passes multiplies it by a factor
    :math:`f'(z) \le \max|f'|`, next to a weight matrix. For the sigmoid that factor is
    at most 1/4: through ``depth`` layers, :math:`4^{-\text{depth}}` from the activation
    alone.

    Parameters
    ----------
    activation : str or Activation
        Hidden activation, a registry name or an entry.
    depth : int
        Number of hidden layers (>= 1).
    width : int
        Units per hidden layer (>= 1).
    init : str or callable
        Weight initializer, as for :class:`activations.nn.MLP`.
    X, y : array_like
        Inputs (n, d) and labels for the ``output`` head.
    seed : int
        Seed of the weights and of the shuffling during training.
    output : {"sigmoid", "softmax", "identity"}
        Output head.
    epochs : int
        Epochs of training before measuring (0: measure at initialization).
    optimizer : activations.nn.Optimizer, optional
        Used when ``epochs > 0``; plain ``nn.SGD(lr=0.1)`` by default, whose steps are
        proportional to the gradients (an adaptive optimizer such as Adam rescales
        them and hides their size).
    batch_size : int
        Mini-batch size for training.

    Returns
    -------
    LayerGradients
        Norms of the weight gradients and of the backpropagated errors
        :math:`\delta^{[l]}`, ``depth + 1`` values each (the last one is the output
        layer), with the relative change of each weight matrix during training.

    Examples
    --------
    >>> from activations import data
    >>> X, y = data.moons(n=64, seed=0)
    >>> g = gradient_norms_by_layer("sigmoid", 6, 8, "xavier_normal", X, y, seed=0)
    >>> g.weights.shape, bool(g.weights[0] < g.weights[-1])
    ((7,), True)
    """
    entry = get(activation)
    depth = _int_at_least("depth", depth)
    width = _int_at_least("width", width)
    epochs = _int_at_least("epochs", epochs, minimum=0)
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_examples, n_features), got shape {X.shape}")
    labels = np.asarray(y)
    sizes = [X.shape[1], *([width] * depth), _n_outputs(labels, output)]
    model = nn.MLP(sizes, hidden_activation=entry, output=output, init=init, seed=seed)
    start = [layer.W.copy() for layer in model.layers]
    if epochs > 0:
        opt = nn.SGD(lr=0.1) if optimizer is None else optimizer
        nn.train(model, X, labels, optimizer=opt, epochs=epochs, batch_size=batch_size, seed=seed)
    cache = model.forward(X, return_cache=True)
    weight_norms = nn.gradient_norms(model.backward(cache, labels))
    # The backpropagated errors delta, from the output layer down (as in nn.MLP.backward).
    targets = model.head.targets(labels, model.n_outputs, model.dtype)
    delta = (cache.outputs - targets) / len(X)
    delta_norms = [float(np.linalg.norm(delta))]
    for i in range(len(model.layers) - 1, 0, -1):
        slope = model.hidden_activations[i - 1].grad(cache.pre_activations[i - 1])
        delta = (delta @ model.layers[i].W.T) * slope
        delta_norms.append(float(np.linalg.norm(delta)))
    change = [
        float(np.linalg.norm(layer.W - W0) / np.linalg.norm(W0))
        for layer, W0 in zip(model.layers, start, strict=True)
    ]
    return LayerGradients(
        weights=np.array(weight_norms),
        pre_activations=np.array(delta_norms[::-1]),
        weight_change=np.array(change),
        loss=model.loss(X, labels),
        model=model,
    )


def training_loss_curves(
    hidden_activations: Sequence[str | Activation],
    layer_sizes: Sequence[int],
    X: ArrayLike,
    y: ArrayLike,
    *,
    output: str = "sigmoid",
    init: str | Callable = "xavier_normal",
    optimizer: Callable[[], nn.Optimizer],
    epochs: int = 20,
    batch_size: int = 32,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
) -> dict[str, np.ndarray]:
    """Train the same network with each hidden activation, over several seeds.

    For each activation and each seed, a fresh :class:`~activations.nn.MLP` with
    ``layer_sizes`` is initialized with ``init`` (the seed fixes the weights and the
    order of the mini-batches, identical across activations) and trained with a new
    optimizer from ``optimizer()``.

    Parameters
    ----------
    hidden_activations : sequence of str or Activation
        The activations to compare (their names must differ).
    layer_sizes : sequence of int
        Sizes from the inputs to the outputs, e.g. ``[30, 16, 16, 1]``.
    X, y : array_like
        Training data.
    output : str
        Output head.
    init : str or callable
        Weight initializer shared by every run.
    optimizer : callable
        Makes a fresh optimizer, e.g. ``lambda: nn.SGD(lr=0.1)``.
    epochs, batch_size : int
        Training length and mini-batch size.
    seeds : sequence of int
        One run per seed.

    Returns
    -------
    dict of str to ndarray of shape (len(seeds), epochs)
        Training loss after each epoch, keyed by activation name, in the order given.

    Examples
    --------
    >>> from activations import data, nn
    >>> X, y = data.moons(n=64, seed=0)
    >>> curves = training_loss_curves(["tanh"], [2, 4, 1], X, y,
    ...                               optimizer=lambda: nn.SGD(0.1), epochs=3, seeds=[0, 1])
    >>> curves["tanh"].shape
    (2, 3)
    """
    if isinstance(hidden_activations, (str, Activation)):
        raise TypeError(
            "hidden_activations must be a sequence such as ['sigmoid', 'tanh'], "
            f"got a single {type(hidden_activations).__name__}"
        )
    entries = [get(a) for a in hidden_activations]
    names = [e.name for e in entries]
    if not entries or len(set(names)) != len(names):
        raise ValueError(f"hidden_activations must be non-empty with distinct names, got {names}")
    if not callable(optimizer):
        raise TypeError(
            f"optimizer must be a function returning a new optimizer, got {optimizer!r}"
        )
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds must list at least one seed, got none")
    epochs = _int_at_least("epochs", epochs)
    curves = {}
    for entry in entries:
        runs = []
        for seed in seeds:
            model = nn.MLP(
                layer_sizes, hidden_activation=entry, output=output, init=init, seed=seed
            )
            history = nn.train(
                model, X, y, optimizer=optimizer(), epochs=epochs, batch_size=batch_size, seed=seed
            )
            losses = history.train_loss + [math.nan] * (epochs - history.epochs)
            runs.append(losses)
        curves[entry.name] = np.array(runs)
    return curves


def epochs_to_reach(curves: ArrayLike, target: float) -> np.ndarray:
    """The first epoch (counted from 1) at which each run's loss is at or below ``target``.

    Parameters
    ----------
    curves : array_like of shape (runs, epochs) or (epochs,)
        Losses after each epoch, as from :func:`training_loss_curves`.
    target : float
        The loss to reach.

    Returns
    -------
    ndarray of shape (runs,), float
        The epoch number, or NaN for a run that never reaches the target.

    Examples
    --------
    >>> epochs_to_reach([[0.9, 0.4, 0.2], [0.8, 0.7, 0.6]], 0.5)
    array([ 2., nan])
    """
    c = np.asarray(curves, dtype=np.float64)
    if c.ndim == 1:
        c = c[None, :]
    if c.ndim != 2 or c.shape[1] == 0:
        raise ValueError(f"curves must have shape (runs, epochs), got shape {c.shape}")
    if isinstance(target, bool) or not isinstance(target, (int, float, np.floating, np.integer)):
        raise TypeError(f"target must be a real number, got {target!r}")
    reached = c <= target
    first = np.argmax(reached, axis=1).astype(np.float64) + 1.0
    first[~reached.any(axis=1)] = np.nan
    return first


class ProbabilityBin(NamedTuple):
    """One row of :func:`probability_calibration`."""

    low: float
    """Lower edge of the bin of predicted probabilities (inclusive)."""
    high: float
    """Upper edge (exclusive, except 1 for the last bin)."""
    count: int
    """Examples whose predicted probability falls in the bin."""
    mean_predicted: float
    """Their mean predicted probability of class 1 (nan for an empty bin)."""
    observed_frequency: float
    """The fraction of them that really are class 1 (nan for an empty bin)."""


def probability_calibration(
    probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 5
) -> list[ProbabilityBin]:
    """Compare predicted probabilities of class 1 with observed frequencies, bin by bin.

    The probabilities are cut into ``n_bins`` equal bins of ``[0, 1]``. If the model's
    probabilities can be read as probabilities, in each bin the fraction of class-1
    examples is close to the mean predicted probability (Niculescu-Mizil and Caruana
    2005). This is the binary version; :func:`calibration_table` is the top-label one
    for softmax outputs.

    Parameters
    ----------
    probabilities : array_like of shape (n,)
        Predicted probability of class 1, in [0, 1].
    labels : array_like of shape (n,)
        True labels, 0 or 1.
    n_bins : int
        Number of equal-width bins.

    Returns
    -------
    list of ProbabilityBin

    Examples
    --------
    >>> rows = probability_calibration([0.1, 0.2, 0.9, 0.95], [0, 1, 1, 1], n_bins=2)
    >>> [(r.count, r.observed_frequency) for r in rows]
    [(2, 0.5), (2, 1.0)]
    """
    p = np.asarray(probabilities, dtype=np.float64)
    t = np.asarray(labels)
    if p.ndim != 1 or p.size == 0:
        raise ValueError(f"probabilities must be a non-empty 1-D array, got shape {p.shape}")
    if t.shape != p.shape:
        raise ValueError(
            f"labels must have the shape of probabilities {p.shape}, got shape {t.shape}"
        )
    if not np.all((p >= 0) & (p <= 1)):
        raise ValueError("probabilities must lie in [0, 1] (and not be NaN)")
    if not np.all((t == 0) | (t == 1)):
        raise ValueError("labels must be 0 or 1")
    n_bins = _int_at_least("n_bins", n_bins)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    which = np.minimum((p * n_bins).astype(np.int64), n_bins - 1)
    rows = []
    for i in range(n_bins):
        in_bin = which == i
        count = int(in_bin.sum())
        mean_p = float(np.mean(p[in_bin])) if count else math.nan
        freq = float(np.mean(t[in_bin])) if count else math.nan
        rows.append(ProbabilityBin(float(edges[i]), float(edges[i + 1]), count, mean_p, freq))
    return rows


class RecurrentTrace(NamedTuple):
    """What :func:`recurrent_gradient_through_time` measured, one value per time step."""

    state_norms: np.ndarray
    r"""Root mean square of the state, :math:`\lVert h_t\rVert / \sqrt{\text{width}}`."""
    jacobian_norms: np.ndarray
    r"""Spectral norm of :math:`\partial h_t / \partial h_0`."""


def recurrent_gradient_through_time(
    activation: str | Activation,
    *,
    width: int = 32,
    steps: int = 50,
    recurrent_gain: float = 1.0,
    input_scale: float = 1.0,
    seed: int = 0,
) -> RecurrentTrace:
    r"""Run a simple recurrent cell and measure how :math:`h_t` depends on :math:`h_0`.

    The cell is :math:`h_t = f(W h_{t-1} + x_t)` with :math:`h_0 = 0`, random inputs
    :math:`x_t \sim \mathcal N(0, \text{input\_scale}^2)` and
    :math:`W = \text{recurrent\_gain} \cdot Q` for a random orthogonal :math:`Q`, so
    that :math:`W` itself stretches every vector by exactly ``recurrent_gain``. By the
    chain rule

    .. math::

        \frac{\partial h_t}{\partial h_0} = \prod_{s=t}^{1} \operatorname{diag}(f'(z_s))\, W,

    and with ``recurrent_gain = 1`` any shrinking of this product comes from the
    derivatives :math:`f'(z_s)` alone: this is the vanishing gradient *through time*
    that backpropagation through time meets (Hochreiter 1991; Bengio et al. 1994).

    Parameters
    ----------
    activation : str or Activation
        The cell's activation.
    width : int
        Size of the state.
    steps : int
        Number of time steps.
    recurrent_gain : float
        Scale of the orthogonal recurrent matrix (> 0).
    input_scale : float
        Standard deviation of the inputs (>= 0).
    seed : int
        Seed of the matrix and the inputs.

    Returns
    -------
    RecurrentTrace
        State size and :math:`\lVert\partial h_t/\partial h_0\rVert_2` for
        :math:`t = 1, \dots, \text{steps}`.

    Examples
    --------
    >>> trace = recurrent_gradient_through_time("identity", width=4, steps=3)
    >>> np.round(trace.jacobian_norms, 12).tolist()
    [1.0, 1.0, 1.0]
    """
    entry = get(activation)
    width = _int_at_least("width", width)
    steps = _int_at_least("steps", steps)
    recurrent_gain = _finite_float("recurrent_gain", recurrent_gain)
    input_scale = _finite_float("input_scale", input_scale)
    if recurrent_gain <= 0.0:
        raise ValueError(f"recurrent_gain must be > 0, got {recurrent_gain}")
    if input_scale < 0.0:
        raise ValueError(f"input_scale must be >= 0, got {input_scale}")
    rng = np.random.default_rng(seed)
    q, r = np.linalg.qr(rng.normal(size=(width, width)))
    W = recurrent_gain * q * np.sign(np.diag(r))  # Haar-random orthogonal, times the gain
    h = np.zeros(width)
    product = np.eye(width)
    state_norms, jacobian_norms = [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            z = W @ h + input_scale * rng.normal(size=width)
            h = entry(z)
            product = (entry.grad(z)[:, None] * W) @ product  # diag(f'(z)) W (dh_{t-1}/dh_0)
            state_norms.append(float(np.linalg.norm(h)) / math.sqrt(width))
            finite = np.all(np.isfinite(product))
            jacobian_norms.append(float(np.linalg.norm(product, 2)) if finite else math.inf)
    return RecurrentTrace(np.array(state_norms), np.array(jacobian_norms))


# --- Part II: ReLU and leaky ReLU (chapters 6, 8) ---
#
# Dead units, sparsity and speed of convergence of rectifier networks. A hidden unit is
# *dead* on a data set when its pre-activation is <= 0 for every example in it: a ReLU
# unit then outputs 0 on all of them and its incoming weights and bias get exactly zero
# gradient, so gradient descent on that data can never revive it. A leaky ReLU unit in
# the same state still passes slope * z and still learns.


def _require_hidden_layers(model: object, where: str) -> nn.MLP:
    if not isinstance(model, nn.MLP):
        raise TypeError(f"{where}: model must be an activations.nn.MLP, got {type(model).__name__}")
    if len(model.layers) < 2:
        raise ValueError(
            f"{where}: the model has no hidden layer (layer_sizes {model.layer_sizes}); "
            "dead units and sparsity are properties of hidden units"
        )
    return model


def _seed_tuple(seeds: Sequence[int]) -> tuple[int, ...]:
    values = tuple(seeds) if isinstance(seeds, Sequence) else ()
    if not values or not all(
        isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in values
    ):
        raise ValueError(f"seeds must be a non-empty sequence of integers, got {seeds!r}")
    return tuple(int(s) for s in values)


def _positive_array(values: Sequence[float], name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64) if _is_number_sequence(values) else None
    if arr is None or arr.ndim != 1 or arr.size == 0 or not np.all(np.isfinite(arr) & (arr > 0)):
        raise ValueError(
            f"{name} must be a non-empty sequence of finite numbers > 0, got {values!r}"
        )
    return arr


def _is_number_sequence(values: object) -> bool:
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        return False
    return all(
        isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
        for v in values
    )


def dead_unit_mask(model: nn.MLP, X: ArrayLike) -> list[np.ndarray]:
    r"""Which hidden units are dead on ``X``: pre-activation :math:`\le 0` on every example.

    Unit :math:`j` of a hidden layer is dead on the data :math:`x_1, \dots, x_n` when

    .. math:: z_j(x_i) = w_j^\top a(x_i) + b_j \le 0 \quad \text{for all } i .

    For ReLU that is exactly a unit whose output is 0 on every example (and whose
    derivative, with the convention :math:`\mathrm{ReLU}'(0) = 0`, is 0 on every
    example too). For leaky ReLU the same units still output :math:`\alpha z \ne 0`:
    the mask then marks the units that *would* be dead with plain ReLU.

    Parameters
    ----------
    model : activations.nn.MLP
        A network with at least one hidden layer.
    X : array_like of shape (n, layer_sizes[0])
        The examples, typically the training set.

    Returns
    -------
    list of ndarray of bool
        One boolean array of shape ``(layer_sizes[l],)`` per hidden layer.

    Examples
    --------
    >>> from activations import nn
    >>> model = nn.MLP([2, 3, 2], bias_init=[-10.0, 0.0], seed=0)
    >>> [mask.tolist() for mask in dead_unit_mask(model, np.ones((4, 2)))]
    [[True, True, True]]
    """
    model = _require_hidden_layers(model, "dead_unit_mask")
    cache = model.forward(X, return_cache=True)
    return [np.all(z <= 0, axis=0) for z in cache.pre_activations[:-1]]


def dead_unit_count(model: nn.MLP, X: ArrayLike) -> int:
    """Number of dead hidden units on ``X``, summed over the hidden layers.

    See :func:`dead_unit_mask` for the definition.

    Examples
    --------
    >>> from activations import nn
    >>> dead_unit_count(nn.MLP([2, 3, 2], bias_init=[-10.0, 0.0]), np.ones((4, 2)))
    3
    """
    return int(sum(mask.sum() for mask in dead_unit_mask(model, X)))


def dead_unit_fraction(model: nn.MLP, X: ArrayLike) -> float:
    """Fraction of all hidden units that are dead on ``X`` (between 0 and 1).

    See :func:`dead_unit_mask` for the definition.

    Examples
    --------
    >>> from activations import nn
    >>> dead_unit_fraction(nn.MLP([2, 4, 2], bias_init=[-10.0, 0.0]), np.ones((4, 2)))
    1.0
    """
    masks = dead_unit_mask(model, X)
    return float(sum(m.sum() for m in masks) / sum(m.size for m in masks))


def activation_sparsity(model: nn.MLP, X: ArrayLike) -> float:
    """Fraction of hidden activations that are exactly zero on ``X``.

    Counts every (example, hidden unit) pair of every hidden layer. ReLU networks are
    *sparse*: a large share of their units output exactly 0 on any given example
    (Glorot, Bordes & Bengio 2011). Leaky ReLU outputs 0 only where the
    pre-activation is exactly 0, so its sparsity is essentially 0.

    Examples
    --------
    >>> from activations import nn
    >>> model = nn.MLP([1, 2, 2], seed=0)
    >>> model.set_parameters([([[1.0, -1.0]], [0.0, 0.0]), (np.eye(2), [0.0, 0.0])])
    >>> activation_sparsity(model, [[1.0], [2.0]])  # unit 2 is off on both examples
    0.5
    """
    model = _require_hidden_layers(model, "activation_sparsity")
    hidden = model.forward(X, return_cache=True).activations[:-1]
    zeros = sum(int(np.sum(a == 0)) for a in hidden)
    return zeros / sum(a.size for a in hidden)


def incoming_gradient_norms(
    model: nn.MLP, X: ArrayLike, y: ArrayLike, layer: int = 0
) -> np.ndarray:
    r"""Per unit of a hidden layer, the norm of the gradient of the loss on its incoming weights.

    For unit :math:`j` of hidden layer ``layer`` this is
    :math:`\lVert \partial \mathcal L / \partial W_{:, j} \rVert`, the length of the
    update gradient descent would give the weights that feed it, on the batch
    ``(X, y)``. A dead ReLU unit gets exactly 0; with leaky ReLU of slope
    :math:`\alpha` the same unit gets a gradient scaled by :math:`\alpha`.

    Parameters
    ----------
    model : activations.nn.MLP
    X, y : array_like
        A batch of examples and their labels.
    layer : int, default 0
        Index of the hidden layer, 0 for the first.

    Returns
    -------
    ndarray of shape (layer_sizes[layer + 1],)

    Examples
    --------
    >>> from activations import nn
    >>> model = nn.MLP([2, 3, 2], bias_init=[-10.0, 0.0], seed=0)
    >>> incoming_gradient_norms(model, np.ones((4, 2)), [0, 1, 0, 1]).tolist()
    [0.0, 0.0, 0.0]
    """
    model = _require_hidden_layers(model, "incoming_gradient_norms")
    n_hidden = len(model.layers) - 1
    if isinstance(layer, bool) or not isinstance(layer, (int, np.integer)):
        raise TypeError(f"layer must be an integer, got {type(layer).__name__}")
    if not 0 <= layer < n_hidden:
        raise ValueError(
            f"layer must be a hidden layer index from 0 to {n_hidden - 1}, got {layer}"
        )
    _, grads = model.loss_and_gradients(X, y)
    return np.linalg.norm(grads[layer][0], axis=0)


class DeadUnitSweep(NamedTuple):
    """Result of :func:`dead_unit_sweep`."""

    learning_rates: np.ndarray
    """The learning rates, shape (m,)."""
    bias_inits: np.ndarray
    """The starting biases of the hidden units, shape (b,)."""
    seeds: tuple[int, ...]
    """One network per seed."""
    n_units: int
    """Number of hidden units in each network."""
    dead_at_init: np.ndarray
    """Dead hidden units before training, shape (b, n_seeds) (the learning rate plays no
    part yet)."""
    dead_after: np.ndarray
    """Dead hidden units after training, shape (b, m, n_seeds)."""
    accuracy: np.ndarray
    """Accuracy on the evaluation data after training, shape (b, m, n_seeds)."""
    diverged: np.ndarray
    """Whether the training loss stopped being finite, shape (b, m, n_seeds)."""


def dead_unit_sweep(
    X: ArrayLike,
    y: ArrayLike,
    *,
    learning_rates: Sequence[float],
    bias_inits: Sequence[float],
    hidden_activation: str | Activation = "relu",
    init: str = "he_normal",
    hidden_sizes: Sequence[int] = (32,),
    epochs: int = 5,
    batch_size: int = 32,
    seeds: Sequence[int] = (0, 1, 2),
    X_eval: ArrayLike | None = None,
    y_eval: ArrayLike | None = None,
) -> DeadUnitSweep:
    """Count dead hidden units before and after SGD training, over learning rates and biases.

    For every starting bias of the hidden units (the output layer starts at 0), every
    learning rate and every seed, a network ``[d, *hidden_sizes, k]`` is drawn with
    ``init``, its dead units on ``X`` are counted (:func:`dead_unit_count`), it is
    trained with plain mini-batch SGD on ``(X, y)`` and counted again. Plain SGD is
    used because it takes steps proportional to the gradient, so the learning rate is
    the size of the kick a unit's weights can receive in one step.

    Parameters
    ----------
    X, y : array_like
        Training inputs (n, d) and integer class labels (n,). Dead units are counted
        on ``X``.
    learning_rates : sequence of float
        Learning rates of SGD, each > 0.
    bias_inits : sequence of float
        Starting values of the hidden biases.
    hidden_activation : str or Activation
        E.g. ``"relu"`` or ``activations.get("leaky_relu", slope=0.1)``.
    init : str
        Weight initializer (see :func:`activations.nn.initialize`).
    hidden_sizes : sequence of int
        Widths of the hidden layers.
    epochs, batch_size : int
        Training budget of every run.
    seeds : sequence of int
        One network per seed; the seed draws the weights and shuffles the batches.
    X_eval, y_eval : array_like, optional
        Data for the accuracy (a test split); ``(X, y)`` if omitted.

    Returns
    -------
    DeadUnitSweep

    Examples
    --------
    >>> from activations import data
    >>> X, y = data.xor(n=64, seed=0)
    >>> sweep = dead_unit_sweep(X, y, learning_rates=[0.1], bias_inits=[0.0, -50.0],
    ...                         hidden_sizes=[8], epochs=2, seeds=[0])
    >>> sweep.dead_at_init[:, 0].tolist(), sweep.dead_after[1, 0, 0].item()
    ([0, 8], 8)
    """
    rates = _positive_array(learning_rates, "learning_rates")
    if not _is_number_sequence(bias_inits) or len(bias_inits) == 0:
        raise ValueError(f"bias_inits must be a non-empty sequence of numbers, got {bias_inits!r}")
    biases = np.asarray(bias_inits, dtype=np.float64)
    seeds = _seed_tuple(seeds)
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_examples, n_features), got shape {X.shape}")
    if (X_eval is None) != (y_eval is None):
        raise ValueError("pass both X_eval and y_eval, or neither")
    if X_eval is None:
        X_eval, y_eval = X, y
    n_classes = int(np.max(y)) + 1
    hidden = [int(h) for h in hidden_sizes]
    sizes = [X.shape[1], *hidden, n_classes]

    shape = (biases.size, rates.size, len(seeds))
    dead_at_init = np.zeros((biases.size, len(seeds)), dtype=np.int64)
    dead_after = np.zeros(shape, dtype=np.int64)
    accuracy = np.zeros(shape)
    diverged = np.zeros(shape, dtype=bool)
    for i, bias in enumerate(biases):
        bias_per_layer = [float(bias)] * len(hidden) + [0.0]
        for k, seed in enumerate(seeds):
            for j, lr in enumerate(rates):
                model = nn.MLP(
                    sizes, hidden_activation, init=init, bias_init=bias_per_layer, seed=seed
                )
                if j == 0:
                    dead_at_init[i, k] = dead_unit_count(model, X)
                history = nn.train(
                    model,
                    X,
                    y,
                    optimizer=nn.SGD(lr=float(lr)),
                    epochs=epochs,
                    batch_size=batch_size,
                    seed=seed,
                )
                diverged[i, j, k] = history.diverged
                with np.errstate(over="ignore", invalid="ignore"):
                    dead_after[i, j, k] = dead_unit_count(model, X)
                    accuracy[i, j, k] = model.accuracy(X_eval, y_eval)
    return DeadUnitSweep(
        rates, biases, seeds, sum(hidden), dead_at_init, dead_after, accuracy, diverged
    )


class SlopeSweep(NamedTuple):
    """Result of :func:`leaky_slope_sweep`."""

    slopes: np.ndarray
    """Negative-side slopes of leaky ReLU, shape (s,); 0 is plain ReLU."""
    seeds: tuple[int, ...]
    """One network per seed."""
    n_units: int
    """Number of hidden units in each network."""
    dead_at_init: np.ndarray
    """Hidden units with pre-activation <= 0 on every training example, before training,
    shape (s, n_seeds)."""
    dead_after: np.ndarray
    """The same count after training, shape (s, n_seeds)."""
    accuracy: np.ndarray
    """Accuracy on the evaluation data after training, shape (s, n_seeds)."""
    diverged: np.ndarray
    """Whether the training loss stopped being finite, shape (s, n_seeds)."""


def leaky_slope_sweep(
    X: ArrayLike,
    y: ArrayLike,
    *,
    slopes: Sequence[float],
    learning_rate: float,
    bias_init: float,
    init: str = "he_normal",
    hidden_sizes: Sequence[int] = (32,),
    epochs: int = 10,
    batch_size: int = 32,
    seeds: Sequence[int] = (0, 1, 2),
    X_eval: ArrayLike | None = None,
    y_eval: ArrayLike | None = None,
) -> SlopeSweep:
    """:func:`dead_unit_sweep` for one setting, over the slope of leaky ReLU.

    The same networks (same seeds, so the same starting weights) are trained with
    leaky ReLU of each slope; slope 0 is plain ReLU. A unit counts as dead when its
    pre-activation is <= 0 on every training example (:func:`dead_unit_mask`): with
    slope 0 it is truly dead, with a positive slope it can still learn its way back.

    Examples
    --------
    >>> from activations import data
    >>> X, y = data.xor(n=64, seed=0)
    >>> sweep = leaky_slope_sweep(X, y, slopes=[0.0, 0.3], learning_rate=0.5,
    ...                           bias_init=-50.0, hidden_sizes=[8], epochs=3, seeds=[0])
    >>> sweep.dead_at_init[:, 0].tolist()
    [8, 8]
    """
    values = np.asarray(slopes, dtype=np.float64) if _is_number_sequence(slopes) else None
    if values is None or values.ndim != 1 or values.size == 0:
        raise ValueError(
            f"slopes must be a non-empty sequence of numbers in [0, 1), got {slopes!r}"
        )
    entries = [get("leaky_relu", slope=float(s)) for s in values]  # checks 0 <= s < 1
    runs = [
        dead_unit_sweep(
            X,
            y,
            learning_rates=[learning_rate],
            bias_inits=[bias_init],
            hidden_activation=entry,
            init=init,
            hidden_sizes=hidden_sizes,
            epochs=epochs,
            batch_size=batch_size,
            seeds=seeds,
            X_eval=X_eval,
            y_eval=y_eval,
        )
        for entry in entries
    ]
    return SlopeSweep(
        slopes=values,
        seeds=runs[0].seeds,
        n_units=runs[0].n_units,
        dead_at_init=np.stack([r.dead_at_init[0] for r in runs]),
        dead_after=np.stack([r.dead_after[0, 0] for r in runs]),
        accuracy=np.stack([r.accuracy[0, 0] for r in runs]),
        diverged=np.stack([r.diverged[0, 0] for r in runs]),
    )


# --- Part II: softmax (chapter 9) ---
#
# Softmax acts on a whole vector of logits, so it is not in the element-wise registry:
# these helpers use activations.softmax, log_softmax and softmax_jacobian directly.


def _logit_array(z: ArrayLike, name: str, min_ndim: int = 1) -> np.ndarray:
    """``z`` as a float array of at least ``min_ndim`` dimensions, or a clear ValueError."""
    arr = np.asarray(z)
    if arr.dtype == np.bool_ or not (
        np.issubdtype(arr.dtype, np.integer) or np.issubdtype(arr.dtype, np.floating)
    ):
        raise ValueError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    if arr.ndim < min_ndim or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty array with at least {min_ndim} dimension(s), "
            f"got shape {arr.shape}"
        )
    return arr if np.issubdtype(arr.dtype, np.floating) else arr.astype(np.float64)


def _class_labels(y: ArrayLike, n: int, k: int, name: str = "y") -> np.ndarray:
    labels = np.asarray(y)
    if labels.shape != (n,) or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"{name} must be {n} integer class labels (shape ({n},)), "
            f"got shape {labels.shape} and dtype {labels.dtype}"
        )
    if labels.min() < 0 or labels.max() >= k:
        raise ValueError(
            f"{name} must hold class labels 0..{k - 1}, got labels from "
            f"{labels.min()} to {labels.max()}"
        )
    return labels


def _probability_rows(probabilities: ArrayLike, name: str = "probabilities") -> np.ndarray:
    P = _logit_array(probabilities, name, min_ndim=2)
    if P.ndim != 2 or np.any(P < 0) or not np.allclose(P.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError(
            f"{name} must be an (n, k) array of rows of non-negative numbers summing to 1, "
            f"got shape {P.shape}"
        )
    return P


def naive_softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Softmax straight from the formula, without subtracting the maximum.

    .. math:: \operatorname{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}

    This is the textbook formula evaluated as written, kept here only to show how it
    fails: :math:`e^{z}` overflows to ``inf`` for :math:`z > 709` in float64 (:math:`z >
    88` in float32) and underflows to 0 for very negative :math:`z`, giving ``nan``
    (``inf/inf`` or ``0/0``). Floating-point warnings are silenced, so the failures show
    up in the result only. Use :func:`activations.softmax` for real work.

    Parameters
    ----------
    z : array_like
        Real logits; the dtype (float32 or float64) is kept.
    axis : int, default -1
        Axis along which the probabilities sum to 1.

    Returns
    -------
    ndarray
        Same shape and dtype as ``z``, possibly with ``nan`` entries.

    Examples
    --------
    >>> naive_softmax([1.0, 2.0, 3.0]).round(4)
    array([0.09  , 0.2447, 0.6652])
    >>> naive_softmax([1000.0, 0.0])
    array([nan,  0.])
    """
    arr = _logit_array(z, "z")
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(arr)
        return e / np.sum(e, axis=axis, keepdims=True)


def naive_log_softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Logarithm of :func:`naive_softmax`, the way it goes wrong.

    Taking ``log`` of a probability that underflowed to 0 gives :math:`-\infty`, so a
    cross-entropy computed this way can be infinite for perfectly finite logits;
    :func:`activations.log_softmax` returns the exact finite value. Warnings are
    silenced.

    Examples
    --------
    >>> naive_log_softmax([0.0, -1000.0])
    array([  0., -inf])
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(naive_softmax(z, axis=axis))


def format_vector(values: ArrayLike, decimals: int = 4) -> str:
    """Format a 1-D array for printing: fixed decimals, ``nan``/``inf`` spelled out.

    Numbers that round to zero print without a minus sign, so ``-1e-300`` and ``0``
    look the same; the text does not depend on last-digit noise below the printed
    precision.

    Parameters
    ----------
    values : array_like of shape (n,)
        Real numbers.
    decimals : int, default 4
        Digits after the decimal point (>= 0).

    Returns
    -------
    str
        For example ``"[1.0000, 0.0000]"``.

    Examples
    --------
    >>> format_vector([1.0, -1e-300, np.nan, -np.inf], decimals=2)
    '[1.00, 0.00, nan, -inf]'
    """
    if isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0:
        raise ValueError(f"decimals must be an integer >= 0, got {decimals!r}")
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"values must be a 1-D array, got shape {arr.shape}")
    parts = []
    for v in arr.astype(np.float64):
        if np.isnan(v):
            parts.append("nan")
        elif np.isinf(v):
            parts.append("inf" if v > 0 else "-inf")
        else:
            text = f"{v:.{decimals}f}"
            parts.append(text[1:] if float(text) == 0.0 and text.startswith("-") else text)
    return "[" + ", ".join(parts) + "]"


class SoftmaxInvariance(NamedTuple):
    """Result of :func:`softmax_invariance`."""

    max_sum_error: float
    """Largest :math:`|\\sum_i p_i - 1|` over the rows."""
    max_shift_change: float
    """Largest change of any probability when a constant is added to every logit."""


def softmax_invariance(logits: ArrayLike, shifts: ArrayLike) -> SoftmaxInvariance:
    r"""Check that softmax rows sum to 1 and ignore a common shift of the logits.

    For every row :math:`z` of ``logits`` and every constant :math:`c` in ``shifts``,
    measures :math:`|\sum_i \operatorname{softmax}(z)_i - 1|` and
    :math:`\max_i |\operatorname{softmax}(z + c)_i - \operatorname{softmax}(z)_i|`.
    In exact arithmetic both are 0; in floating point they are rounding errors.

    Parameters
    ----------
    logits : array_like of shape (n, k) or (k,)
        Rows of logits.
    shifts : array_like of shape (m,)
        Constants added to every logit of a row.

    Returns
    -------
    SoftmaxInvariance
        ``(max_sum_error, max_shift_change)``, both floats.

    Examples
    --------
    >>> r = softmax_invariance([[1.0, 2.0, 3.0]], [-5.0, 100.0])
    >>> r.max_sum_error < 1e-15 and r.max_shift_change < 1e-15
    True
    """
    Z = np.atleast_2d(_logit_array(logits, "logits"))
    c = _logit_array(shifts, "shifts").ravel()
    P = softmax(Z, axis=-1)
    sum_error = float(np.max(np.abs(P.sum(axis=-1) - 1.0)))
    shifted = softmax(Z[None, :, :] + c[:, None, None], axis=-1)  # (m, n, k)
    return SoftmaxInvariance(sum_error, float(np.max(np.abs(shifted - P[None]))))


def softmax_entropy(z: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""Shannon entropy, in nats, of :math:`\operatorname{softmax}(z)`.

    .. math:: H(p) = -\sum_i p_i \log p_i, \qquad p = \operatorname{softmax}(z),

    computed with :func:`activations.log_softmax` so that tiny probabilities do not
    produce :math:`0 \cdot (-\infty)`. :math:`H` ranges from 0 (all mass on one class)
    to :math:`\log k` (uniform over :math:`k` classes).

    Parameters
    ----------
    z : array_like
        Real logits.
    axis : int, default -1
        Axis holding the classes.

    Returns
    -------
    ndarray or float
        The entropy of each distribution (the class axis removed).

    Examples
    --------
    >>> float(softmax_entropy([0.0, 0.0, 0.0, 0.0])) == float(np.log(4.0))
    True
    """
    arr = _logit_array(z, "z")
    log_p = log_softmax(arr, axis=axis)
    p = np.exp(log_p)
    return -np.sum(p * log_p, axis=axis)


class TemperatureSweep(NamedTuple):
    """Result of :func:`temperature_sweep`."""

    temperatures: np.ndarray
    """The temperatures, shape (m,)."""
    probabilities: np.ndarray
    """:math:`\\operatorname{softmax}(z / T)` for each temperature, shape (m, k)."""
    entropy: np.ndarray
    """Entropy in nats of each row of ``probabilities``, shape (m,)."""


def temperature_sweep(z: ArrayLike, temperatures: ArrayLike) -> TemperatureSweep:
    r"""Softmax of one logit vector at several temperatures.

    .. math:: p(T) = \operatorname{softmax}(z / T), \qquad T > 0.

    Small :math:`T` sharpens the distribution towards the arg max (entropy towards 0),
    large :math:`T` flattens it towards uniform (entropy towards :math:`\log k`).

    Parameters
    ----------
    z : array_like of shape (k,)
        Logits.
    temperatures : array_like of shape (m,)
        Positive, finite temperatures.

    Returns
    -------
    TemperatureSweep
        ``(temperatures, probabilities, entropy)``.

    Examples
    --------
    >>> sweep = temperature_sweep([2.0, 1.0, 0.0], [1.0, 1e6])
    >>> bool(abs(sweep.entropy[1] - np.log(3.0)) < 1e-6)
    True
    """
    logits = _logit_array(z, "z")
    if logits.ndim != 1:
        raise ValueError(f"z must be a 1-D vector of logits, got shape {logits.shape}")
    T = _logit_array(temperatures, "temperatures").astype(np.float64).ravel()
    if not np.all(np.isfinite(T) & (T > 0)):
        raise ValueError(f"temperatures must be finite and > 0, got {T.tolist()}")
    scaled = logits[None, :] / T[:, None]
    return TemperatureSweep(T, softmax(scaled, axis=-1), softmax_entropy(scaled, axis=-1))


def two_class_sigmoid_gap(a: ArrayLike, b: ArrayLike) -> float:
    r"""Largest difference between a two-class softmax and the sigmoid of the logit gap.

    .. math:: \max \bigl|\operatorname{softmax}([a, b])_1 - \sigma(a - b)\bigr|

    over all pairs formed by broadcasting ``a`` against ``b`` (pass a column and a
    row to get a whole grid). In exact arithmetic the two are equal.

    Examples
    --------
    >>> a = np.linspace(-5, 5, 11)
    >>> two_class_sigmoid_gap(a[:, None], a[None, :]) < 1e-15
    True
    """
    A, B = np.broadcast_arrays(_logit_array(a, "a", 0), _logit_array(b, "b", 0))
    pairs = np.stack([A, B], axis=-1)
    return float(np.max(np.abs(softmax(pairs, axis=-1)[..., 0] - sigmoid(A - B))))


def numerical_jacobian(
    f: Callable[..., ArrayLike], z: ArrayLike, eps: float = 1e-6, args: tuple = ()
) -> np.ndarray:
    r"""Jacobian of ``f`` at ``z`` by central finite differences.

    .. math:: J_{ij} \approx \frac{f_i(z + \epsilon e_j) - f_i(z - \epsilon e_j)}{2\epsilon}

    Parameters
    ----------
    f : callable
        ``f(z, *args)`` maps a float64 vector of length :math:`n` to an array of
        :math:`m` numbers (a scalar counts as :math:`m = 1`).
    z : array_like of shape (n,)
        Where to differentiate.
    eps : float, default 1e-6
        Step; the truncation error is :math:`O(\epsilon^2)`, the rounding error
        :math:`O(10^{-16}/\epsilon)`.
    args : tuple, optional
        Extra arguments passed to ``f`` after ``z``, as in SciPy.

    Returns
    -------
    ndarray of shape (m, n)

    Examples
    --------
    >>> numerical_jacobian(lambda v: v**2, [1.0, 3.0]).round(6)
    array([[2., 0.],
           [0., 6.]])
    >>> numerical_jacobian(cross_entropy, [0.0, 0.0], args=(1,)).round(6)
    array([[ 0.5, -0.5]])
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    if not isinstance(args, tuple):
        raise TypeError(f"args must be a tuple of extra arguments, got {type(args).__name__}")
    point = _logit_array(z, "z").astype(np.float64)
    if point.ndim != 1:
        raise ValueError(f"z must be a 1-D vector, got shape {point.shape}")
    if isinstance(eps, bool) or not isinstance(eps, (int, float)) or not eps > 0:
        raise ValueError(f"eps must be a number > 0, got {eps!r}")
    columns = []
    for j in range(point.size):
        step = np.zeros_like(point)
        step[j] = eps
        plus = np.atleast_1d(np.asarray(f(point + step, *args), dtype=np.float64)).ravel()
        minus = np.atleast_1d(np.asarray(f(point - step, *args), dtype=np.float64)).ravel()
        columns.append((plus - minus) / (2.0 * eps))
    return np.stack(columns, axis=1)


def relative_error(a: ArrayLike, b: ArrayLike) -> float:
    r"""Relative difference :math:`\lVert a - b\rVert / (\lVert a\rVert + \lVert b\rVert)`.

    Symmetric, between 0 and 1, and 0 when both arrays are zero.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> relative_error([1.0, 0.0], [-1.0, 0.0])
    1.0
    """
    x = np.asarray(a, dtype=np.float64)
    y = np.asarray(b, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"a and b must have the same shape, got {x.shape} and {y.shape}")
    denominator = float(np.linalg.norm(x) + np.linalg.norm(y))
    return 0.0 if denominator == 0.0 else float(np.linalg.norm(x - y)) / denominator


def cross_entropy(z: ArrayLike, label: int) -> float:
    r"""Cross-entropy of one logit vector against a class label.

    .. math:: L(z) = -\log \operatorname{softmax}(z)_y = \log\sum_j e^{z_j} - z_y,

    computed with :func:`activations.log_softmax`, so it is exact for huge logits.

    Examples
    --------
    >>> round(cross_entropy([0.0, 0.0], 1), 6) == round(float(np.log(2.0)), 6)
    True
    """
    logits = _logit_array(z, "z")
    if logits.ndim != 1:
        raise ValueError(f"z must be a 1-D vector of logits, got shape {logits.shape}")
    _class_labels(np.array([label]), 1, logits.size, "label")
    return float(-log_softmax(logits)[label])


def cross_entropy_gradient(z: ArrayLike, label: int) -> np.ndarray:
    r"""Gradient of :func:`cross_entropy` with respect to the logits: :math:`p - y`.

    .. math:: \frac{\partial L}{\partial z_j} = \operatorname{softmax}(z)_j - [j = y]

    Examples
    --------
    >>> cross_entropy_gradient([0.0, 0.0], 1)
    array([ 0.5, -0.5])
    """
    logits = _logit_array(z, "z")
    if logits.ndim != 1:
        raise ValueError(f"z must be a 1-D vector of logits, got shape {logits.shape}")
    _class_labels(np.array([label]), 1, logits.size, "label")
    grad = softmax(logits)
    grad[label] -= 1.0
    return grad


class ConfidenceReport(NamedTuple):
    """Result of :func:`confidence_report`."""

    n: int
    """Number of examples."""
    accuracy: float
    """Fraction of arg-max predictions that are right."""
    mean_confidence: float
    """Mean of the largest probability of each prediction."""
    n_wrong: int
    """Number of wrong predictions."""
    mean_confidence_wrong: float
    """Mean confidence of the wrong predictions (nan if there are none)."""
    n_wrong_confident: int
    """Wrong predictions made with confidence at least ``threshold``."""
    threshold: float
    """The confidence threshold used for ``n_wrong_confident``."""


def confidence_report(
    probabilities: ArrayLike, labels: ArrayLike, threshold: float = 0.9
) -> ConfidenceReport:
    """Summarise how sure a classifier is, overall and when it is wrong.

    The *confidence* of a prediction is its largest probability, the one of the
    predicted (arg-max) class. A calibrated classifier's mean confidence matches its
    accuracy.

    Parameters
    ----------
    probabilities : array_like of shape (n, k)
        Predicted distributions, one row per example.
    labels : array_like of shape (n,)
        True class labels, integers 0..k-1.
    threshold : float, default 0.9
        Confidence from which a wrong prediction counts as a confident mistake.

    Returns
    -------
    ConfidenceReport

    Examples
    --------
    >>> P = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
    >>> r = confidence_report(P, [0, 1, 1])
    >>> r.accuracy, r.n_wrong, round(r.mean_confidence_wrong, 2)
    (0.6666666666666666, 1, 0.6)
    """
    P = _probability_rows(probabilities)
    y = _class_labels(labels, P.shape[0], P.shape[1], "labels")
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must lie in (0, 1], got {threshold!r}")
    predicted = np.argmax(P, axis=1)
    confidence = P[np.arange(len(P)), predicted]
    wrong = predicted != y
    mean_wrong = float(np.mean(confidence[wrong])) if wrong.any() else float("nan")
    return ConfidenceReport(
        n=len(P),
        accuracy=float(np.mean(~wrong)),
        mean_confidence=float(np.mean(confidence)),
        n_wrong=int(wrong.sum()),
        mean_confidence_wrong=mean_wrong,
        n_wrong_confident=int(np.sum(wrong & (confidence >= threshold))),
        threshold=float(threshold),
    )


class CalibrationBin(NamedTuple):
    """One row of :func:`calibration_table`."""

    low: float
    """Lower edge of the confidence bin (exclusive, except for the first bin)."""
    high: float
    """Upper edge (inclusive)."""
    count: int
    """Predictions whose confidence falls in the bin."""
    mean_confidence: float
    """Their mean confidence (nan for an empty bin)."""
    accuracy: float
    """The fraction of them that are right (nan for an empty bin)."""


def calibration_table(
    probabilities: ArrayLike,
    labels: ArrayLike,
    edges: Sequence[float] = (0.0, 0.5, 0.8, 0.9, 0.99, 1.0),
) -> list[CalibrationBin]:
    r"""Group predictions by confidence and compare confidence with accuracy per group.

    A prediction with confidence :math:`c` goes to the bin :math:`(\text{low},
    \text{high}]` that contains it (the first bin also takes its lower edge). For a
    calibrated classifier each bin's accuracy matches its mean confidence
    (Guo et al. 2017 call the plot of one against the other a reliability diagram).

    Parameters
    ----------
    probabilities : array_like of shape (n, k)
        Predicted distributions.
    labels : array_like of shape (n,)
        True class labels.
    edges : sequence of float
        Increasing bin edges from 0 to 1.

    Returns
    -------
    list of CalibrationBin

    Examples
    --------
    >>> P = np.array([[0.95, 0.05], [0.6, 0.4], [0.3, 0.7]])
    >>> [b.count for b in calibration_table(P, [0, 1, 1], edges=(0, 0.8, 1))]
    [2, 1]
    """
    P = _probability_rows(probabilities)
    y = _class_labels(labels, P.shape[0], P.shape[1], "labels")
    e = np.asarray(edges, dtype=np.float64)
    if e.ndim != 1 or e.size < 2 or e[0] != 0.0 or e[-1] != 1.0 or np.any(np.diff(e) <= 0):
        raise ValueError(f"edges must increase from 0 to 1, got {list(edges)}")
    predicted = np.argmax(P, axis=1)
    confidence = P[np.arange(len(P)), predicted]
    correct = predicted == y
    which = np.clip(np.searchsorted(e, confidence, side="left") - 1, 0, e.size - 2)
    rows = []
    for i in range(e.size - 1):
        in_bin = which == i
        count = int(in_bin.sum())
        mean_conf = float(np.mean(confidence[in_bin])) if count else float("nan")
        acc = float(np.mean(correct[in_bin])) if count else float("nan")
        rows.append(CalibrationBin(float(e[i]), float(e[i + 1]), count, mean_conf, acc))
    return rows


def expected_calibration_error(
    probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 10
) -> float:
    r"""Expected calibration error over ``n_bins`` equal-width confidence bins.

    .. math:: \text{ECE} = \sum_b \frac{n_b}{n}\,\bigl|\text{acc}_b - \text{conf}_b\bigr|

    0 for a perfectly calibrated classifier (Guo et al. 2017).

    Examples
    --------
    >>> P = np.array([[0.9, 0.1], [0.9, 0.1]])
    >>> round(expected_calibration_error(P, [0, 1], n_bins=10), 6)
    0.4
    """
    if isinstance(n_bins, bool) or not isinstance(n_bins, int) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    rows = calibration_table(probabilities, labels, edges=np.linspace(0.0, 1.0, n_bins + 1))
    n = sum(r.count for r in rows)
    return float(sum(r.count / n * abs(r.accuracy - r.mean_confidence) for r in rows if r.count))


def fit_temperature(
    logits: ArrayLike, labels: ArrayLike, bounds: tuple[float, float] = (0.05, 20.0)
) -> float:
    r"""Temperature scaling: the :math:`T` that minimises the cross-entropy of ``z / T``.

    .. math:: T^\star = \arg\min_{T > 0} -\frac1n \sum_i \log\operatorname{softmax}(z_i / T)_{y_i}

    Dividing all logits by one number never changes the arg max, so accuracy is
    unchanged; only the confidence moves. Fit :math:`T` on held-out data, not on the
    training set (Guo et al. 2017). The one-dimensional minimisation runs on
    :math:`\log T` with :func:`scipy.optimize.minimize_scalar`.

    Parameters
    ----------
    logits : array_like of shape (n, k)
        Logits of a trained classifier on held-out data.
    labels : array_like of shape (n,)
        True class labels.
    bounds : (float, float)
        Search interval for :math:`T`, with 0 < low < high.

    Returns
    -------
    float
        The fitted temperature.

    Examples
    --------
    >>> Z = np.array([[4.0, 0.0], [4.0, 0.0], [0.0, 4.0], [4.0, 0.0]])
    >>> T = fit_temperature(Z, [0, 1, 1, 0])  # one wrong in four: soften
    >>> bool(T > 1)
    True
    """
    from scipy.optimize import minimize_scalar

    Z = _logit_array(logits, "logits", min_ndim=2).astype(np.float64)
    if Z.ndim != 2:
        raise ValueError(f"logits must be an (n, k) array, got shape {Z.shape}")
    y = _class_labels(labels, Z.shape[0], Z.shape[1], "labels")
    low, high = (float(v) for v in bounds)
    if not 0.0 < low < high < np.inf:
        raise ValueError(f"bounds must satisfy 0 < low < high < inf, got {bounds!r}")
    rows = np.arange(len(Z))

    def nll(log_t: float) -> float:
        return float(-np.mean(log_softmax(Z / np.exp(log_t), axis=1)[rows, y]))

    result = minimize_scalar(
        nll, bounds=(np.log(low), np.log(high)), method="bounded", options={"xatol": 1e-8}
    )
    return float(np.exp(result.x))


def choose_examples(
    predicted: ArrayLike, labels: ArrayLike, k: int = 6, search: int = 50
) -> np.ndarray:
    """Pick ``k`` example indices to show, with the first mistake among the first ``search``.

    Takes the first ``k`` indices, except that if one of the first ``search`` examples
    is misclassified and none of the first ``k`` is, the first such mistake replaces
    the last of them. The result is sorted.

    Parameters
    ----------
    predicted, labels : array_like of shape (n,)
        Predicted and true class labels.
    k : int
        How many examples to return (at most n).
    search : int
        How far to look for a misclassified example.

    Returns
    -------
    ndarray of int, shape (k,)

    Examples
    --------
    >>> choose_examples([0, 1, 2, 3, 9], [0, 1, 2, 3, 4], k=3, search=5)
    array([0, 1, 4])
    """
    pred = np.asarray(predicted)
    true = np.asarray(labels)
    if pred.ndim != 1 or pred.shape != true.shape:
        raise ValueError(
            f"predicted and labels must be 1-D of the same length, got shapes "
            f"{pred.shape} and {true.shape}"
        )
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= pred.size:
        raise ValueError(f"k must be an integer from 1 to {pred.size}, got {k!r}")
    chosen = list(range(k))
    mistakes = np.flatnonzero(pred[:search] != true[:search])
    if mistakes.size and not np.any(pred[:k] != true[:k]):
        chosen[-1] = int(mistakes[0])
    return np.array(sorted(chosen), dtype=np.int64)


def attention_entropy(
    d: int, n_keys: int = 16, *, scaled: bool = True, trials: int = 200, seed: int = 0
) -> float:
    r"""Mean entropy of attention weights for random queries and keys of dimension ``d``.

    Draws a query :math:`q` and :math:`n` keys :math:`k_j` with independent standard
    normal entries and computes the attention weights
    :math:`\operatorname{softmax}(q^\top k_j / s)`, with :math:`s = \sqrt d` (scaled
    dot-product attention, Vaswani et al. 2017) or :math:`s = 1`. Each score
    :math:`q^\top k_j` has variance :math:`d`, so without the scaling the softmax
    becomes sharper as :math:`d` grows; dividing by :math:`\sqrt d` acts as a
    temperature that keeps the score variance at 1.

    Parameters
    ----------
    d : int
        Dimension of queries and keys.
    n_keys : int
        Number of keys (the weights are a distribution over them, >= 2).
    scaled : bool
        Divide the scores by :math:`\sqrt d`.
    trials : int
        Number of random queries (with their own keys) to average over.
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    float
        Mean entropy in nats; :math:`\log(n_\text{keys})` is the uniform maximum.

    Examples
    --------
    >>> attention_entropy(64, scaled=False) < attention_entropy(64, scaled=True)
    True
    """
    for name, value, low in (("d", d, 1), ("n_keys", n_keys, 2), ("trials", trials, 1)):
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ValueError(f"{name} must be an integer >= {low}, got {value!r}")
    rng = np.random.default_rng(seed)
    q = rng.standard_normal((trials, 1, d))
    keys = rng.standard_normal((trials, n_keys, d))
    scores = np.sum(q * keys, axis=-1)  # (trials, n_keys), variance d each
    if scaled:
        scores = scores / np.sqrt(d)
    return float(np.mean(softmax_entropy(scores, axis=-1)))


# --- Part III: choosing and newer activations (chapters 10, 11) ---
#
# Chapter 10, choosing an activation: BENCHMARK_ACTIVATIONS, INIT_RULE, matched_init,
# BenchmarkTask, BENCHMARK_TASKS, benchmark_task, train_on_task, run_benchmark
# (Benchmark), benchmark_table, select_on_validation, validation_ranks,
# sklearn_peer_check, train_with_logit_gradient, regression_head_check, DIGIT_TAGS,
# digit_tags, true_tag_probability, multilabel_head_check, init_check.
# Chapter 11, the newer activations: approximation_error, swish, normal_moments,
# registry_summary_markdown, sources_of_variation.
#
# Every training run of this section is single-threaded (one BLAS thread): the matrices
# of these small networks are faster on one core than split across several, and the
# results then do not depend on how many cores the machine has.

#: The hidden activations compared in chapter 10, in the book's teaching order.
BENCHMARK_ACTIVATIONS: tuple[str, ...] = (
    "identity",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "silu",
)

#: The initialization rule of chapter 10, for every registry activation: Xavier (Glorot)
#: for the functions that are linear with slope 1 or less around 0 (identity, sigmoid,
#: tanh; step for completeness), LeCun for SELU (its self-normalization assumes it) and
#: He for the rectifier family (ReLU, leaky ReLU, ELU, GELU, SiLU, softplus, Mish),
#: which pass about half of a zero-mean signal.
INIT_RULE: dict[str, str] = {
    "identity": "xavier_normal",
    "step": "xavier_normal",
    "sigmoid": "xavier_normal",
    "tanh": "xavier_normal",
    "relu": "he_normal",
    "leaky_relu": "he_normal",
    "elu": "he_normal",
    "selu": "lecun_normal",
    "gelu": "he_normal",
    "gelu_tanh": "he_normal",
    "silu": "he_normal",
    "softplus": "he_normal",
    "mish": "he_normal",
}


def _single_blas_thread() -> Any:
    """A context manager that limits BLAS to one thread (see the section comment)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


# The same validators as the Part II section's, under the names this section uses.
_check_count = _int_at_least
_check_real = _finite_float


def _check_seeds(seeds: Sequence[int]) -> tuple[int, ...]:
    if isinstance(seeds, (str, bytes)) or not isinstance(seeds, (Sequence, range, np.ndarray)):
        raise TypeError(f"seeds must be a sequence of integers, got {seeds!r}")
    values = tuple(seeds)
    if not values:
        raise ValueError("seeds must list at least one seed, got an empty sequence")
    return tuple(_check_count("each seed", s, minimum=0) for s in values)


def _check_names(values: Sequence[str], name: str) -> tuple[str, ...]:
    """Registry names, each validated by :func:`activations.get`."""
    if isinstance(values, str) or not isinstance(values, Sequence) or not values:
        raise TypeError(f"{name} must be a non-empty sequence of activation names, got {values!r}")
    return tuple(get(v).name for v in values)


def _check_hidden_sizes(hidden_sizes: Sequence[int]) -> tuple[int, ...]:
    if isinstance(hidden_sizes, (str, bytes)) or not isinstance(hidden_sizes, Sequence):
        raise TypeError(f"hidden_sizes must be a sequence of integers, got {hidden_sizes!r}")
    return tuple(_check_count("each hidden size", h) for h in hidden_sizes)


def matched_init(activation: str | Activation) -> str:
    """The initializer chapter 10's rule gives an activation (see :data:`INIT_RULE`).

    Parameters
    ----------
    activation : str or Activation
        A registry name or entry.

    Returns
    -------
    str
        ``"xavier_normal"``, ``"he_normal"`` or ``"lecun_normal"``.

    Examples
    --------
    >>> matched_init("tanh"), matched_init("relu"), matched_init("selu")
    ('xavier_normal', 'he_normal', 'lecun_normal')
    """
    return INIT_RULE[get(activation).name]


@dataclass(frozen=True, eq=False)
class BenchmarkTask:
    """One task of the chapter 10 benchmark: data, output head and training budget.

    Attributes
    ----------
    name : str
        Short name, e.g. ``"digits"``.
    kind : str
        ``"binary"``, ``"multi-class"`` or ``"regression"``.
    output : str
        The matching output head of :class:`~activations.nn.MLP`: ``"sigmoid"``,
        ``"softmax"`` or ``"identity"``.
    split : Split
        Training, validation and test data, inputs standardized with training statistics.
    epochs, batch_size : int
        Training budget, the same for every activation.
    lr : float
        Learning rate of Adam.
    """

    name: str
    kind: str
    output: str
    split: data.Split
    epochs: int
    lr: float
    batch_size: int = 32

    def __post_init__(self) -> None:
        heads = {"binary": "sigmoid", "multi-class": "softmax", "regression": "identity"}
        if heads.get(self.kind) != self.output:
            raise ValueError(
                f"kind and output must be one of {heads}, got kind={self.kind!r} and "
                f"output={self.output!r}"
            )

    @property
    def n_outputs(self) -> int:
        """Output units: the number of classes for softmax, 1 otherwise."""
        if self.output == "softmax":
            return int(np.max(self.split.y_train)) + 1
        return 1

    @property
    def metric(self) -> str:
        """``"accuracy"`` for classification, ``"R2"`` (coefficient of determination) otherwise."""
        return "R2" if self.kind == "regression" else "accuracy"

    def score(self, model: nn.MLP, X: ArrayLike, y: ArrayLike) -> float:
        r"""Accuracy, or :math:`R^2 = 1 - \sum (y - \hat y)^2 / \sum (y - \bar y)^2`."""
        if self.kind != "regression":
            return model.accuracy(X, y)
        y = np.asarray(y, dtype=np.float64)
        residual = float(np.sum((model.predict(X) - y) ** 2))
        return 1.0 - residual / float(np.sum((y - y.mean()) ** 2))


#: The three tasks of the benchmark, by :func:`benchmark_task` name.
BENCHMARK_TASKS: tuple[str, ...] = ("moons", "digits", "sine")


def benchmark_task(name: str) -> BenchmarkTask:
    r"""Build one of the benchmark's tasks, always with the same data and split.

    - ``"moons"``: binary classification, :func:`~activations.data.moons` with 600
      points and noise 0.25; sigmoid output; 25 epochs at learning rate 0.02.
    - ``"digits"``: multi-class classification, :func:`~activations.data.digits`
      (1797 images, 10 classes); softmax output; 10 epochs at learning rate 0.003.
    - ``"sine"``: regression, :func:`~activations.data.noisy_sine` with 300 points on
      :math:`[-\pi, \pi)` and noise 0.1; identity output; 60 epochs at learning rate 0.02.

    Each is split 60/20/20 into training, validation and test data (seed 0, stratified
    for the classes). All use Adam with mini-batches of 32; the inputs are standardized with the
    training split's statistics (:func:`~activations.data.standardize`).

    Parameters
    ----------
    name : str
        One of :data:`BENCHMARK_TASKS`.

    Returns
    -------
    BenchmarkTask
    """
    if name == "moons":
        X, y = data.moons(n=600, noise=0.25, seed=0)
        kind, output, epochs, lr = "binary", "sigmoid", 25, 2e-2
    elif name == "digits":
        X, y = data.digits()
        kind, output, epochs, lr = "multi-class", "softmax", 10, 3e-3
    elif name == "sine":
        X, y = data.noisy_sine(n=300, noise=0.1, seed=0)
        kind, output, epochs, lr = "regression", "identity", 60, 2e-2
    else:
        raise ValueError(f"unknown benchmark task {name!r}; expected one of {BENCHMARK_TASKS}")
    split = data.standardize(data.train_val_test_split(X, y, val=0.2, test=0.2, seed=0))
    return BenchmarkTask(name, kind, output, split, epochs, lr)


def _as_task(task: str | BenchmarkTask) -> BenchmarkTask:
    if isinstance(task, BenchmarkTask):
        return task
    if isinstance(task, str):
        return benchmark_task(task)
    raise TypeError(f"a task must be a task name or a BenchmarkTask, got {task!r}")


def train_on_task(
    task: str | BenchmarkTask,
    activation: str | Activation,
    *,
    seed: int = 0,
    hidden_sizes: Sequence[int] = (32,),
    init: str = "matched",
    lr: float | None = None,
    epochs: int | None = None,
    optimizer: nn.Optimizer | None = None,
    n_train: int | None = None,
) -> nn.MLP:
    """Train one network on a benchmark task with the task's budget; return it.

    Parameters
    ----------
    task : str or BenchmarkTask
        A name of :data:`BENCHMARK_TASKS` or a task.
    activation : str or Activation
        Hidden activation.
    seed : int
        Seed of the weights and of the mini-batch order.
    hidden_sizes : sequence of int
        Widths of the hidden layers.
    init : str
        ``"matched"`` for :func:`matched_init`, or an initializer name for all.
    lr, epochs : optional
        Override the task's learning rate or number of epochs.
    optimizer : Optimizer, optional
        Use this optimizer instead of ``Adam(lr)``.
    n_train : int, optional
        Train on the first ``n_train`` training examples only.

    Returns
    -------
    MLP
        The trained network.
    """
    task = _as_task(task)
    hidden = _check_hidden_sizes(hidden_sizes)
    split = task.split
    X, y = split.X_train, split.y_train
    if n_train is not None:
        n_train = _check_count("n_train", n_train)
        X, y = X[:n_train], y[:n_train]
    chosen_init = matched_init(activation) if init == "matched" else init
    model = nn.MLP(
        [X.shape[1], *hidden, task.n_outputs],
        activation,
        task.output,
        init=chosen_init,
        seed=seed,
    )
    if optimizer is None:
        optimizer = nn.Adam(lr=task.lr if lr is None else lr)
    with _single_blas_thread():
        nn.train(
            model,
            X,
            y,
            optimizer=optimizer,
            epochs=task.epochs if epochs is None else epochs,
            batch_size=task.batch_size,
            seed=seed,
        )
    return model


class Benchmark(NamedTuple):
    """Result of :func:`run_benchmark`: a score per task, activation and seed."""

    tasks: tuple[str, ...]
    """Task names."""
    metrics: tuple[str, ...]
    """The score of each task: ``"accuracy"`` or ``"R2"`` (higher is better for both)."""
    activations: tuple[str, ...]
    """Hidden activations."""
    inits: tuple[str, ...]
    """The initializer each activation was trained with."""
    seeds: tuple[int, ...]
    """One network per seed."""
    hidden_sizes: tuple[int, ...]
    """Widths of the hidden layers."""
    val: np.ndarray
    """Validation scores, shape (tasks, activations, seeds)."""
    test: np.ndarray
    """Test scores, same shape."""


def run_benchmark(
    tasks: Sequence[str | BenchmarkTask] = BENCHMARK_TASKS,
    activations: Sequence[str] = BENCHMARK_ACTIVATIONS,
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    *,
    hidden_sizes: Sequence[int] = (32,),
    init: str = "matched",
) -> Benchmark:
    """Train one network per task, activation and seed; score it on validation and test.

    Within a task everything but the hidden activation (and the initializer, with
    ``init="matched"``) is the same: the data and its split, the network's shape, the
    optimizer (Adam), the learning rate, the batch size and the number of epochs
    (see :func:`benchmark_task`). The seed draws the weights and the order of the
    mini-batches. There is no early stopping: every network gets the full budget.

    Parameters
    ----------
    tasks : sequence of str or BenchmarkTask
        Task names (:data:`BENCHMARK_TASKS`) or tasks.
    activations : sequence of str
        Hidden activations (registry names).
    seeds : sequence of int
        Seeds, one network each.
    hidden_sizes : sequence of int
        Widths of the hidden layers.
    init : str
        ``"matched"`` for the rule :data:`INIT_RULE`, or one initializer for all.

    Returns
    -------
    Benchmark
    """
    if isinstance(tasks, (str, BenchmarkTask)) or not isinstance(tasks, Sequence) or not tasks:
        raise TypeError(f"tasks must be a non-empty sequence of tasks, got {tasks!r}")
    built = [_as_task(t) for t in tasks]
    names = _check_names(activations, "activations")
    seeds = _check_seeds(seeds)
    hidden = _check_hidden_sizes(hidden_sizes)
    if init != "matched" and init not in nn.INITIALIZERS:
        raise ValueError(f"init must be 'matched' or one of {list(nn.INITIALIZERS)}, got {init!r}")
    shape = (len(built), len(names), len(seeds))
    val, test = np.zeros(shape), np.zeros(shape)
    for i, task in enumerate(built):
        split = task.split
        for j, name in enumerate(names):
            for k, seed in enumerate(seeds):
                model = train_on_task(task, name, seed=seed, hidden_sizes=hidden, init=init)
                val[i, j, k] = task.score(model, split.X_val, split.y_val)
                test[i, j, k] = task.score(model, split.X_test, split.y_test)
    inits = tuple(matched_init(n) if init == "matched" else init for n in names)
    return Benchmark(
        tuple(t.name for t in built),
        tuple(t.metric for t in built),
        names,
        inits,
        seeds,
        hidden,
        val,
        test,
    )


class BenchmarkRow(NamedTuple):
    """One line of :func:`benchmark_table`: mean and spread over the seeds."""

    task: str
    activation: str
    init: str
    val_mean: float
    val_std: float
    """Sample standard deviation over the seeds (0 for a single seed)."""
    test_mean: float
    test_std: float


def _std(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """Sample standard deviation (ddof=1), or 0 when there is a single value."""
    if values.shape[axis] < 2:
        return np.zeros(np.delete(values.shape, axis))
    return values.std(axis=axis, ddof=1)


def _require_benchmark(bench: object) -> Benchmark:
    if not isinstance(bench, Benchmark):
        raise TypeError(f"expected the Benchmark from run_benchmark, got {type(bench).__name__}")
    return bench


def benchmark_table(bench: Benchmark) -> list[BenchmarkRow]:
    """Mean and standard deviation over the seeds, per task and activation.

    Returns
    -------
    list of BenchmarkRow
        Task by task, activations in the order of the benchmark.
    """
    bench = _require_benchmark(bench)
    val_mean, test_mean = bench.val.mean(axis=-1), bench.test.mean(axis=-1)
    val_std, test_std = _std(bench.val), _std(bench.test)
    return [
        BenchmarkRow(
            task,
            name,
            bench.inits[j],
            float(val_mean[i, j]),
            float(val_std[i, j]),
            float(test_mean[i, j]),
            float(test_std[i, j]),
        )
        for i, task in enumerate(bench.tasks)
        for j, name in enumerate(bench.activations)
    ]


class Selection(NamedTuple):
    """The activation :func:`select_on_validation` picks for one task."""

    task: str
    metric: str
    chosen: str
    """Highest mean validation score (ties go to the activation listed first)."""
    val_mean: float
    """The chosen activation's mean validation score."""
    test_mean: float
    """Its mean test score: the number to report."""
    test_std: float
    close: tuple[str, ...]
    """Every activation whose mean validation score is within one standard deviation
    (over seeds, of the chosen activation) of the best: not told apart by this benchmark."""
    best_on_test: str
    """The activation with the highest mean *test* score, which selection must not use."""
    worst: str
    """The activation with the lowest mean validation score."""


def select_on_validation(bench: Benchmark) -> list[Selection]:
    """Pick, for each task, the activation with the best mean validation score.

    The test scores play no part in the choice; they are reported for the chosen
    activation, which is what a fair comparison publishes.

    Returns
    -------
    list of Selection
        One per task.
    """
    bench = _require_benchmark(bench)
    selections = []
    val_mean, test_mean = bench.val.mean(axis=-1), bench.test.mean(axis=-1)
    val_std, test_std = _std(bench.val), _std(bench.test)
    for i, task in enumerate(bench.tasks):
        best = int(np.argmax(val_mean[i]))  # first of any tie
        threshold = val_mean[i, best] - val_std[i, best]
        close = tuple(
            name for j, name in enumerate(bench.activations) if val_mean[i, j] >= threshold
        )
        selections.append(
            Selection(
                task,
                bench.metrics[i],
                bench.activations[best],
                float(val_mean[i, best]),
                float(test_mean[i, best]),
                float(test_std[i, best]),
                close,
                bench.activations[int(np.argmax(test_mean[i]))],
                bench.activations[int(np.argmin(val_mean[i]))],
            )
        )
    return selections


def validation_ranks(bench: Benchmark) -> np.ndarray:
    """Rank the activations within each task by mean validation score (1 = best).

    Tied activations share the average of their ranks (two tied for first both get
    1.5), so a ranking never depends on the order the activations are listed in.

    Returns
    -------
    ndarray of shape (tasks, activations)
        Average the rows for one ranking across tasks.

    Examples
    --------
    >>> import numpy as np
    >>> b = Benchmark(("t",), ("accuracy",), ("a", "b", "c"), ("x",) * 3, (0,), (8,),
    ...               np.array([[[0.9], [0.9], [0.5]]]), np.zeros((1, 3, 1)))
    >>> validation_ranks(b).tolist()
    [[1.5, 1.5, 3.0]]
    """
    from scipy.stats import rankdata

    bench = _require_benchmark(bench)
    return rankdata(-bench.val.mean(axis=-1), method="average", axis=1)


#: scikit-learn's name for each of our activations that MLPClassifier also has.
SKLEARN_ACTIVATIONS: dict[str, str] = {
    "identity": "identity",
    "sigmoid": "logistic",
    "tanh": "tanh",
    "relu": "relu",
}


class PeerCheck(NamedTuple):
    """Result of :func:`sklearn_peer_check`."""

    activations: tuple[str, ...]
    """Our names of the activations."""
    sklearn_names: tuple[str, ...]
    """scikit-learn's names of the same functions."""
    seeds: tuple[int, ...]
    """``random_state`` of each fit."""
    val: np.ndarray
    """Validation accuracy, shape (activations, seeds)."""
    test: np.ndarray
    """Test accuracy, same shape."""


def sklearn_peer_check(
    task: str | BenchmarkTask = "digits",
    activations: Sequence[str] = ("identity", "sigmoid", "tanh", "relu"),
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    *,
    hidden_sizes: Sequence[int] = (32,),
) -> PeerCheck:
    """Train scikit-learn's ``MLPClassifier`` with the task's data, shape and budget.

    The same split, hidden layers, optimizer (Adam), learning rate, batch size and
    number of epochs (``max_iter``) as :func:`run_benchmark`; no weight penalty
    (``alpha=0``) and no early stopping. scikit-learn's own initialization is kept
    (Glorot uniform, also for the biases, with a smaller range for the logistic
    function). Reaching ``max_iter`` makes scikit-learn warn that the optimizer has
    not converged: that is the point of a fixed budget, so the warning is silenced.

    Parameters
    ----------
    task : str or BenchmarkTask
        A classification task.
    activations : sequence of str
        Our names, keys of :data:`SKLEARN_ACTIVATIONS`.
    seeds : sequence of int
        ``random_state`` values, one fit each.
    hidden_sizes : sequence of int
        Widths of the hidden layers.

    Returns
    -------
    PeerCheck
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    task = _as_task(task)
    if task.kind == "regression":
        raise ValueError(f"the peer check compares classifiers; task {task.name!r} is a regression")
    if isinstance(activations, str) or not isinstance(activations, Sequence) or not activations:
        raise TypeError(f"activations must be a non-empty sequence of names, got {activations!r}")
    unknown = [a for a in activations if a not in SKLEARN_ACTIVATIONS]
    if unknown:
        raise ValueError(
            f"MLPClassifier has no counterpart of {unknown}; choose from "
            f"{list(SKLEARN_ACTIVATIONS)}"
        )
    seeds = _check_seeds(seeds)
    hidden = _check_hidden_sizes(hidden_sizes)
    split = task.split
    val = np.zeros((len(activations), len(seeds)))
    test = np.zeros_like(val)
    with _single_blas_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for j, name in enumerate(activations):
            for k, seed in enumerate(seeds):
                model = MLPClassifier(
                    hidden_layer_sizes=hidden,
                    activation=SKLEARN_ACTIVATIONS[name],
                    solver="adam",
                    alpha=0.0,
                    batch_size=min(task.batch_size, len(split.X_train)),
                    learning_rate_init=task.lr,
                    max_iter=task.epochs,
                    shuffle=True,
                    random_state=seed,
                    tol=0.0,
                    n_iter_no_change=task.epochs,
                )
                model.fit(split.X_train, split.y_train)
                val[j, k] = model.score(split.X_val, split.y_val)
                test[j, k] = model.score(split.X_test, split.y_test)
    return PeerCheck(
        tuple(activations),
        tuple(SKLEARN_ACTIVATIONS[a] for a in activations),
        seeds,
        val,
        test,
    )


def train_with_logit_gradient(
    model: nn.MLP,
    X: ArrayLike,
    T: ArrayLike,
    logit_gradient: Callable[[np.ndarray, np.ndarray], np.ndarray],
    *,
    optimizer: nn.Optimizer,
    epochs: int,
    batch_size: int = 32,
    seed: int = 0,
) -> nn.MLP:
    r"""Train ``model`` on any loss, given the loss's gradient with respect to the logits.

    The same loop as :func:`activations.nn.train` (a fresh shuffle per epoch from
    ``default_rng(seed)``, one optimizer step per mini-batch), but the output head is
    whatever ``logit_gradient`` says: it receives the logits :math:`z` of a mini-batch
    and its rows of ``T`` and returns :math:`\partial \mathcal L / \partial z`, the
    mean over the batch included. It lets chapter 10 train deliberately mismatched
    heads that :class:`~activations.nn.MLP` refuses, such as a sigmoid output with a
    squared error, or a softmax over labels that are not exclusive. ``model`` should
    have ``output="identity"``, so that its logits are its raw last layer.

    Returns
    -------
    MLP
        ``model``, trained in place.
    """
    if not isinstance(model, nn.MLP):
        raise TypeError(f"model must be an activations.nn.MLP, got {type(model).__name__}")
    if not callable(logit_gradient):
        raise TypeError(f"logit_gradient must be callable, got {logit_gradient!r}")
    X = np.asarray(X, dtype=np.float64)
    T = np.asarray(T, dtype=np.float64)
    T = T[:, None] if T.ndim == 1 else T
    if len(X) != len(T):
        raise ValueError(f"X and T must have as many rows, got {len(X)} and {len(T)}")
    epochs = _check_count("epochs", epochs)
    batch_size = _check_count("batch_size", batch_size)
    optimizer.reset()
    rng = np.random.default_rng(seed)
    with _single_blas_thread():
        for _ in range(epochs):
            order = rng.permutation(len(X))
            for start in range(0, len(X), batch_size):
                batch = order[start : start + batch_size]
                cache = model.forward(X[batch], return_cache=True)
                dz = logit_gradient(cache.logits, T[batch])
                optimizer.step(model.parameters, model.backward_from_logits(cache, dz))
    return model


def _sigmoid_mse_gradient(z: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Gradient of (1/2n) sum (sigmoid(z) - t)^2 with respect to z."""
    s = sigmoid(z)
    return (s - T) * s * (1.0 - s) / len(z)


class RegressionHeadCheck(NamedTuple):
    """Result of :func:`regression_head_check` (all on the test split)."""

    x: np.ndarray
    """Test inputs (standardized), sorted, shape (n,)."""
    y: np.ndarray
    """Their targets, shape (n,)."""
    identity_prediction: np.ndarray
    """Predictions of the network with an identity output and squared error."""
    sigmoid_prediction: np.ndarray
    """Predictions of the same network with a sigmoid output and squared error."""
    rescaled_prediction: np.ndarray
    """Sigmoid output trained on targets rescaled to [0, 1] with the training
    minimum and maximum, mapped back to the original scale."""
    identity_mse: float
    sigmoid_mse: float
    rescaled_mse: float
    floor_mse: float
    r"""The lowest squared error any output confined to :math:`[0, 1]` can reach on these
    targets: :math:`\frac1n\sum (y - \operatorname{clip}(y, 0, 1))^2`."""


def regression_head_check(
    task: str | BenchmarkTask = "sine",
    activation: str = "tanh",
    *,
    hidden_sizes: Sequence[int] = (32,),
    seed: int = 0,
) -> RegressionHeadCheck:
    r"""Fit a regression task with the right (identity) and a wrong (sigmoid) output.

    Three networks with the same hidden layers, budget and seed: an identity output
    (``MLP(output="identity")``, squared error); a sigmoid output trained with squared
    error on the raw targets, so its predictions live in :math:`(0, 1)`; and the usual
    repair, a sigmoid output trained on targets squeezed into :math:`[0, 1]` with the
    training minimum and maximum, whose predictions are stretched back afterwards.

    Returns
    -------
    RegressionHeadCheck
    """
    task = _as_task(task)
    if task.kind != "regression":
        raise ValueError(f"task {task.name!r} is not a regression task (kind {task.kind!r})")
    split = task.split
    identity = train_on_task(task, activation, seed=seed, hidden_sizes=hidden_sizes)
    sizes = identity.layer_sizes

    def sigmoid_net(targets: np.ndarray) -> nn.MLP:
        model = nn.MLP(sizes, activation, "identity", init=matched_init(activation), seed=seed)
        return train_with_logit_gradient(
            model,
            split.X_train,
            targets,
            _sigmoid_mse_gradient,
            optimizer=nn.Adam(lr=task.lr),
            epochs=task.epochs,
            batch_size=task.batch_size,
            seed=seed,
        )

    low, high = float(np.min(split.y_train)), float(np.max(split.y_train))
    raw = sigmoid_net(split.y_train)
    rescaled = sigmoid_net((split.y_train - low) / (high - low))
    order = np.argsort(split.X_test[:, 0], kind="stable")
    X, y = split.X_test[order], np.asarray(split.y_test, dtype=np.float64)[order]
    pred_identity = identity.predict(X)
    pred_sigmoid = sigmoid(raw.logits(X)[:, 0])
    pred_rescaled = low + (high - low) * sigmoid(rescaled.logits(X)[:, 0])

    def mse(p: np.ndarray) -> float:
        return float(np.mean((p - y) ** 2))

    return RegressionHeadCheck(
        X[:, 0],
        y,
        pred_identity,
        pred_sigmoid,
        pred_rescaled,
        mse(pred_identity),
        mse(pred_sigmoid),
        mse(pred_rescaled),
        mse(np.clip(y, 0.0, 1.0)),
    )


#: The yes/no tags of the multi-label digits problem, and the digits that have each.
DIGIT_TAGS: dict[str, frozenset[int]] = {
    "even": frozenset({0, 2, 4, 6, 8}),
    "five or more": frozenset({5, 6, 7, 8, 9}),
    "prime": frozenset({2, 3, 5, 7}),
    "square": frozenset({0, 1, 4, 9}),
}


def digit_tags(y: ArrayLike) -> np.ndarray:
    """Turn digit labels 0-9 into the multi-label targets of :data:`DIGIT_TAGS`.

    Every digit has one or two tags: 1 is only a square and 3 only a prime; the other
    eight digits have two (8 is even and five or more, 9 five or more and a square...).

    Parameters
    ----------
    y : array_like of int, shape (n,)
        Digits from 0 to 9.

    Returns
    -------
    ndarray of int64, shape (n, 4)
        Column ``j`` is 1 where the digit has tag ``j`` (in the order of DIGIT_TAGS).

    Examples
    --------
    >>> digit_tags([8, 1]).tolist()
    [[1, 1, 0, 0], [0, 0, 0, 1]]
    """
    y = np.asarray(y)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"y must be a 1-D array of integer digits, got {y.dtype} of shape {y.shape}"
        )
    if y.size and (y.min() < 0 or y.max() > 9):
        raise ValueError(f"digits must lie in 0..9, got values from {y.min()} to {y.max()}")
    return np.column_stack([np.isin(y, sorted(d)) for d in DIGIT_TAGS.values()]).astype(np.int64)


class MultiLabelCheck(NamedTuple):
    """Result of :func:`multilabel_head_check` (on the test split)."""

    tags: tuple[str, ...]
    targets: np.ndarray
    """0/1 tags of the test images, shape (n, 4)."""
    sigmoid_proba: np.ndarray
    """Per-tag probabilities of the network with one sigmoid per tag, shape (n, 4)."""
    softmax_proba: np.ndarray
    """The softmax network's outputs, shape (n, 4); each row sums to 1."""
    exact_match: dict[str, float]
    """Fraction of test images whose whole tag set is right, predicting a tag when its
    output exceeds 1/2: ``{"sigmoid": ..., "softmax": ...}``."""
    softmax_threshold: float
    """The threshold for the softmax outputs that maximises exact match on validation."""
    softmax_tuned_match: float
    """Test exact match of the softmax network with that threshold."""


def true_tag_probability(proba: ArrayLike, targets: ArrayLike) -> dict[int, float]:
    """Mean output on the tags an image really has, grouped by how many tags it has.

    Returns
    -------
    dict of int to float
        ``{m: mean output over the true tags of the images with m tags}``.

    Examples
    --------
    >>> true_tag_probability([[0.5, 0.5, 0.0], [1.0, 0.0, 0.0]], [[1, 1, 0], [1, 0, 0]])
    {1: 1.0, 2: 0.5}
    """
    P = np.asarray(proba, dtype=np.float64)
    Y = np.asarray(targets)
    if P.ndim != 2 or P.shape != Y.shape:
        raise ValueError(
            f"proba and targets must be 2-D of the same shape, got {P.shape} and {Y.shape}"
        )
    counts = Y.sum(axis=1)
    return {
        int(m): float(P[counts == m][Y[counts == m] == 1].mean())
        for m in np.unique(counts)
        if m > 0
    }


def _exact_match(proba: np.ndarray, targets: np.ndarray, threshold: float) -> float:
    return float(np.mean(np.all((proba > threshold) == (targets == 1), axis=1)))


def multilabel_head_check(
    activation: str = "relu",
    *,
    hidden_sizes: Sequence[int] = (32,),
    seed: int = 0,
) -> MultiLabelCheck:
    r"""Learn the four digit tags with one sigmoid per tag, and with a softmax over them.

    Both networks see the digits task's split, budget and seed (see
    :func:`benchmark_task`), with :func:`digit_tags` as targets. The sigmoid network
    minimises the binary cross-entropy of each tag. The softmax network minimises the
    cross-entropy against the tags normalised to sum to one (an image with two tags
    has target 1/2 on each), the usual way to force a softmax onto multi-label data.

    Returns
    -------
    MultiLabelCheck
    """
    task = benchmark_task("digits")
    split = task.split
    T_train, T_val, T_test = (digit_tags(y) for y in (split.y_train, split.y_val, split.y_test))
    hidden = _check_hidden_sizes(hidden_sizes)
    sizes = [split.X_train.shape[1], *hidden, len(DIGIT_TAGS)]
    init = matched_init(activation)

    def fit(gradient: Callable[[np.ndarray, np.ndarray], np.ndarray], T: np.ndarray) -> nn.MLP:
        model = nn.MLP(sizes, activation, "identity", init=init, seed=seed)
        return train_with_logit_gradient(
            model,
            split.X_train,
            T,
            gradient,
            optimizer=nn.Adam(lr=task.lr),
            epochs=task.epochs,
            batch_size=task.batch_size,
            seed=seed,
        )

    with_sigmoid = fit(lambda z, T: (sigmoid(z) - T) / len(z), T_train)
    shares = T_train / T_train.sum(axis=1, keepdims=True)
    with_softmax = fit(lambda z, T: (softmax(z, axis=-1) - T) / len(z), shares)

    p_sigmoid = sigmoid(with_sigmoid.logits(split.X_test))
    p_softmax = softmax(with_softmax.logits(split.X_test), axis=-1)
    p_val = softmax(with_softmax.logits(split.X_val), axis=-1)
    thresholds = np.round(np.arange(0.05, 0.951, 0.05), 2)
    val_match = [_exact_match(p_val, T_val, t) for t in thresholds]
    best = float(thresholds[int(np.argmax(val_match))])
    return MultiLabelCheck(
        tuple(DIGIT_TAGS),
        T_test,
        p_sigmoid,
        p_softmax,
        {
            "sigmoid": _exact_match(p_sigmoid, T_test, 0.5),
            "softmax": _exact_match(p_softmax, T_test, 0.5),
        },
        best,
        _exact_match(p_softmax, T_test, best),
    )


class InitCheck(NamedTuple):
    """Result of :func:`init_check`."""

    activations: tuple[str, ...]
    inits: tuple[str, ...]
    seeds: tuple[int, ...]
    depth: int
    """Number of hidden layers."""
    width: int
    """Units per hidden layer."""
    val: np.ndarray
    """Validation score, shape (activations, inits, seeds)."""
    test: np.ndarray
    """Test score, same shape."""


def init_check(
    task: str | BenchmarkTask = "digits",
    activations: Sequence[str] = ("sigmoid", "tanh", "relu", "selu"),
    inits: Sequence[str] = ("xavier_normal", "he_normal", "lecun_normal", "small_normal"),
    *,
    depth: int = 6,
    width: int = 32,
    seeds: Sequence[int] = (0,),
) -> InitCheck:
    """Train a deeper network with every pairing of activation and initializer.

    ``depth`` hidden layers of ``width`` units, the task's budget (see
    :func:`benchmark_task`). With one hidden layer the initializer hardly matters;
    depth is where a bad pairing shows.

    Returns
    -------
    InitCheck
    """
    task = _as_task(task)
    names = _check_names(activations, "activations")
    if isinstance(inits, str) or not isinstance(inits, Sequence) or not inits:
        raise TypeError(f"inits must be a non-empty sequence of initializer names, got {inits!r}")
    for init in inits:
        if init not in nn.INITIALIZERS:
            raise ValueError(
                f"unknown initializer {init!r}; expected one of {list(nn.INITIALIZERS)}"
            )
    depth = _check_count("depth", depth)
    width = _check_count("width", width)
    seeds = _check_seeds(seeds)
    split = task.split
    shape = (len(names), len(inits), len(seeds))
    val, test = np.zeros(shape), np.zeros(shape)
    for i, name in enumerate(names):
        for j, init in enumerate(inits):
            for k, seed in enumerate(seeds):
                model = train_on_task(
                    task, name, seed=seed, hidden_sizes=[width] * depth, init=init
                )
                val[i, j, k] = task.score(model, split.X_val, split.y_val)
                test[i, j, k] = task.score(model, split.X_test, split.y_test)
    return InitCheck(names, tuple(inits), seeds, depth, width, val, test)


class ApproximationError(NamedTuple):
    """Result of :func:`approximation_error`."""

    max_abs: float
    """Largest :math:`|f(x) - g(x)|` on the grid."""
    at: float
    """Where it occurs (the first such grid point)."""
    max_rel: float
    """Largest :math:`|f(x) - g(x)| / |f(x)|` where :math:`|f(x)| \\ge` 1e-3."""


def approximation_error(
    exact: Callable[[np.ndarray], np.ndarray],
    approx: Callable[[np.ndarray], np.ndarray],
    x: ArrayLike,
) -> ApproximationError:
    """How far ``approx`` is from ``exact`` on the grid ``x``.

    Examples
    --------
    >>> import numpy as np
    >>> err = approximation_error(np.sin, lambda t: t, np.linspace(0.0, 1.0, 101))
    >>> round(err.max_abs, 4), err.at
    (0.1585, 1.0)
    """
    if not callable(exact) or not callable(approx):
        raise TypeError("exact and approx must be callables that take and return arrays")
    grid = np.asarray(x, dtype=np.float64)
    if grid.ndim != 1 or grid.size == 0:
        raise ValueError(f"x must be a non-empty 1-D grid, got shape {grid.shape}")
    f = np.asarray(exact(grid), dtype=np.float64)
    g = np.asarray(approx(grid), dtype=np.float64)
    diff = np.abs(f - g)
    i = int(np.argmax(diff))
    big = np.abs(f) >= 1e-3
    rel = float(np.max(diff[big] / np.abs(f[big]))) if np.any(big) else math.nan
    return ApproximationError(float(diff[i]), float(grid[i]), rel)


def swish(x: ArrayLike, beta: float = 1.0) -> np.ndarray:
    r"""Swish with a slope parameter: :math:`x\,\sigma(\beta x)` (Ramachandran et al. 2017).

    :math:`\beta = 1` is SiLU; as :math:`\beta \to \infty` it tends to ReLU, and as
    :math:`\beta \to 0` to the linear function :math:`x/2`.

    Examples
    --------
    >>> float(swish(2.0, beta=1.0)) == 2.0 * float(sigmoid(2.0))
    True
    """
    beta = _check_real("beta", beta)
    if beta < 0:
        raise ValueError(f"beta must be >= 0, got {beta}")
    x = np.asarray(x, dtype=np.float64)
    return x * sigmoid(beta * x)


def normal_moments(
    activation: str | Activation | Callable[[np.ndarray], np.ndarray],
    mean: float = 0.0,
    std: float = 1.0,
) -> tuple[float, float]:
    r"""Mean and variance of :math:`f(z)` for :math:`z \sim \mathcal N(\mu, \sigma^2)`.

    Computed by numerical integration (:func:`scipy.integrate.quad`), not by sampling,
    so the numbers are the same on every machine to many digits. For SELU and a
    standard normal input both are exactly the fixed point: mean 0, variance 1.

    Returns
    -------
    (float, float)
        :math:`\mathbb E[f(z)]` and :math:`\operatorname{Var}[f(z)]`.

    Examples
    --------
    >>> m, v = normal_moments("relu")
    >>> round(m, 6), round(v, 6)  # 1/sqrt(2 pi) and 1/2 - 1/(2 pi)
    (0.398942, 0.340845)
    """
    from scipy.integrate import quad

    if isinstance(activation, (str, Activation)):
        f = get(activation)
    elif callable(activation):
        f = activation
    else:
        raise TypeError(
            f"activation must be a name, an Activation or a callable, got {activation!r}"
        )
    mu = _check_real("mean", mean)
    sigma = _check_real("std", std)
    if sigma <= 0:
        raise ValueError(f"std must be > 0, got {sigma}")

    def density(z: float) -> float:
        return math.exp(-0.5 * ((z - mu) / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))

    def moment(power: int) -> float:
        total = 0.0
        # Split at 0 (where the kinks are) and integrate 12 standard deviations out.
        lo, hi = mu - 12.0 * sigma, mu + 12.0 * sigma
        for a, b in ((lo, min(0.0, hi)), (max(0.0, lo), hi)):
            if a < b:
                total += quad(lambda z: float(f(z)) ** power * density(z), a, b, limit=200)[0]
        return total

    first = moment(1)
    return first, moment(2) - first**2


def registry_summary_markdown() -> str:
    r"""A Markdown table of every registry activation, built from the registry itself.

    Columns: name, formula (the entry's LaTeX, as ``$...$``), range, monotonic, whether
    the function takes both signs, its mean output :math:`\mathbb E[f(z)]` for
    :math:`z \sim \mathcal N(0, 1)` (three decimals; 0 for a zero-centred function),
    smoothness and :math:`\max |f'|`. There is no cost column: the time per call
    depends on the implementation more than on the formula (``make bench`` measures
    this package's).

    Returns
    -------
    str

    Examples
    --------
    >>> table = registry_summary_markdown().splitlines()
    >>> next(row for row in table if row.startswith("| `tanh`")).split(" | ")[4:6]
    ['yes', '0.000']
    """
    header = [
        "name",
        "formula",
        "range",
        "monotonic",
        "both signs",
        r"$\mathbb{E}[f(z)]$, $z \sim \mathcal{N}(0, 1)$",
        "smoothness",
        r"$\max \lvert f' \rvert$",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name in activation_names():
        e = get(name)
        formula = " ".join(e.formula.split()).replace("|", r"\vert ")
        cells = [
            f"`{name}`",
            f"${formula}$",
            e.range_text,
            "yes" if e.monotonic else "no",
            "yes" if e.takes_both_signs else "no",
            f"{round(e.normal_mean, 3) + 0.0:.3f}",
            e.smoothness_text,
            f"{e.max_abs_grad:.3f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


class VariationStudy(NamedTuple):
    """Result of :func:`sources_of_variation`."""

    factors: tuple[str, ...]
    """What was varied, one at a time, around the baseline."""
    settings: dict[str, tuple[str, ...]]
    """The values each factor took, as labels."""
    test: dict[str, np.ndarray]
    """Test score of each setting of each factor."""
    baseline: str
    """The baseline configuration, in words."""

    def spread(self, factor: str) -> float:
        """Highest minus lowest test score over the settings of ``factor``."""
        values = self.test[factor]
        return float(values.max() - values.min())


def sources_of_variation(
    task: str | BenchmarkTask = "digits",
    *,
    activations: Sequence[str] = BENCHMARK_ACTIVATIONS,
    learning_rates: Sequence[float] = (1e-4, 1e-3, 3e-3, 1e-2, 1e-1),
    train_sizes: Sequence[int] = (100, 300, 1079),
    widths: Sequence[int] = (4, 16, 32, 64),
    epochs: Sequence[int] = (2, 5, 10, 20),
    seeds: Sequence[int] = (0, 1, 2, 3, 4),
    tuning_rates: Sequence[float] = (3e-3, 1e-2),
) -> VariationStudy:
    """Vary one thing at a time around a baseline and record the test score.

    Baseline: the task's network with one hidden layer of 32 ReLU units, He
    initialization, Adam at the task's learning rate and budget, all training
    examples, seed 0. Factors: the seed alone (the noise floor), the hidden activation
    (each with :func:`matched_init`), the hidden activation again with its own learning
    rate (the one of ``tuning_rates`` with the best *validation* score), the learning
    rate, the number of training
    examples (data; the number of epochs grows as the set shrinks, so that every run
    takes about the same number of optimizer steps), the width of the hidden layer
    (architecture), and the number of epochs (the optimization budget). A setting equal
    to the baseline reuses the baseline's run.

    Returns
    -------
    VariationStudy
    """
    task = _as_task(task)
    names = _check_names(activations, "activations")
    seeds = _check_seeds(seeds)
    n_all = len(task.split.X_train)
    sizes = [min(_check_count("each train size", n), n_all) for n in train_sizes]
    width_values = [_check_count("each width", w) for w in widths]
    rates = [_check_real("each learning rate", lr) for lr in learning_rates]
    budgets = [_check_count("each number of epochs", e) for e in epochs]
    tuning = [_check_real("each tuning rate", lr) for lr in tuning_rates]
    split = task.split
    cache: dict[tuple, tuple[float, float]] = {}

    def scores(
        activation: str = "relu",
        seed: int = 0,
        lr: float | None = None,
        n_train: int = n_all,
        width: int = 32,
        n_epochs: int = task.epochs,
    ) -> tuple[float, float]:
        """(validation, test) score of one run, trained once and remembered."""
        lr = task.lr if lr is None else lr
        n_epochs = round(n_epochs * n_all / n_train)  # same number of steps for less data
        key = (activation, seed, lr, n_train, width, n_epochs)
        if key not in cache:
            model = train_on_task(
                task,
                activation,
                seed=seed,
                hidden_sizes=(width,),
                lr=lr,
                epochs=n_epochs,
                n_train=n_train,
            )
            cache[key] = (
                task.score(model, split.X_val, split.y_val),
                task.score(model, split.X_test, split.y_test),
            )
        return cache[key]

    def test_score(**changes: Any) -> float:
        return scores(**changes)[1]

    def tuned(activation: str) -> tuple[str, float]:
        """The activation at its best learning rate on validation: label, test score."""
        val = [scores(activation, lr=lr)[0] for lr in tuning]
        best = tuning[int(np.argmax(val))]
        return f"{activation} (lr {best:g})", scores(activation, lr=best)[1]

    runs: dict[str, list[tuple[str, float]]] = {
        "seed": [(f"seed {s}", test_score(seed=s)) for s in seeds],
        "activation": [(name, test_score(activation=name)) for name in names],
        "activation, own lr": [tuned(name) for name in names],
        "learning rate": [(f"lr {lr:g}", test_score(lr=lr)) for lr in rates],
        "training examples": [(f"{n} examples", test_score(n_train=n)) for n in sizes],
        "hidden width": [(f"{w} units", test_score(width=w)) for w in width_values],
        "epochs": [(f"{e} epochs", test_score(n_epochs=e)) for e in budgets],
    }
    baseline = (
        f"{task.name}: one hidden layer of 32 relu units, he_normal, Adam lr {task.lr:g}, "
        f"{task.epochs} epochs, {n_all} training examples, seed 0"
    )
    return VariationStudy(
        tuple(runs),
        {k: tuple(label for label, _ in v) for k, v in runs.items()},
        {k: np.array([score for _, score in v]) for k, v in runs.items()},
        baseline,
    )


# --- Appendix: numerical accuracy ---


def accuracy_points(n_grid: int = 401, n_sweep: int = 25) -> np.ndarray:
    """Inputs that probe an activation's accuracy, sorted and without repeats.

    An evenly spaced grid of [-50, 50] (``n_grid`` points), a finer one of [-2, 0],
    where the derivatives of GELU, SiLU, Mish and gelu_tanh cross zero, and log-spaced
    sweeps (``n_sweep`` points each) of both tails from 50 out to 1e300 and of both
    sides of 0 from 1e-300 up to 1.

    Examples
    --------
    >>> x = accuracy_points(11, 3)
    >>> float(x.min()), float(x.max()), bool(np.all(np.diff(x) > 0))
    (-1e+300, 1e+300, True)
    """
    n_grid = _int_at_least("n_grid", n_grid, 2)
    n_sweep = _int_at_least("n_sweep", n_sweep, 2)
    tails = np.geomspace(50.0, 1e300, n_sweep)
    small = np.geomspace(1e-300, 1.0, n_sweep)
    parts = [np.linspace(-50.0, 50.0, n_grid), np.linspace(-2.0, 0.0, n_grid)]
    return np.unique(np.concatenate([*parts, tails, -tails, small, -small]))


def ulp_errors(
    func: Callable[[np.ndarray], np.ndarray],
    exact: Callable[[Any], Any],
    x: ArrayLike,
    dtype: DTypeLike = np.float64,
    digits: int = 40,
) -> np.ndarray:
    """The error of ``func`` at each point of ``x``, in ulp of ``dtype``.

    ``x`` is first rounded to ``dtype``; ``func`` is called on that array, and ``exact``
    (an mpmath function, such as ``activations.exact.EXACT[name][0]``) on each of its
    values at ``digits`` significant digits. See :func:`activations.exact.ulp_error`.

    Examples
    --------
    >>> import mpmath as mp
    >>> ulp_errors(np.sqrt, mp.sqrt, [4.0, 2.0]).round(2).tolist()  # sqrt(2) is rounded
    [0.0, 0.44]
    """
    import mpmath as mp

    from activations.exact import ulp_error

    if not callable(func) or not callable(exact):
        raise TypeError("func and exact must be callables")
    kind = np.dtype(dtype)
    if kind not in (np.float16, np.float32, np.float64):
        raise ValueError(f"dtype must be float16, float32 or float64, got {dtype!r}")
    with np.errstate(over="ignore"):
        xs = np.asarray(x, dtype=np.float64).astype(kind)
    if xs.ndim != 1 or not np.all(np.isfinite(xs)):
        raise ValueError(f"x must be 1-D and finite in {kind.name}, got {np.asarray(x)!r}")
    digits = _int_at_least("digits", digits, 17)
    with np.errstate(all="ignore"):
        values = np.asarray(func(xs))
    with mp.workdps(digits):
        return np.array(
            [
                ulp_error(float(v), exact(mp.mpf(float(xi))), kind)
                for xi, v in zip(xs, values, strict=True)
            ]
        )


@dataclass(frozen=True)
class AccuracyRow:
    """Largest errors in ulp of one function and its derivative (float64, float32)."""

    name: str
    value64: float
    grad64: float
    value32: float
    grad32: float


def accuracy_table(
    names: Sequence[str] | None = None, x: ArrayLike | None = None, digits: int = 40
) -> list[AccuracyRow]:
    """Measure every registry function (or ``names``) and its derivative against mpmath.

    The inputs are ``x`` (default :func:`accuracy_points`), in float64 and rounded to
    float32; the references are :data:`activations.exact.EXACT`.

    Examples
    --------
    >>> row = accuracy_table(["relu"], [-1.0, 2.0])[0]
    >>> (row.name, row.value64, row.grad64)
    ('relu', 0.0, 0.0)
    """
    from activations.exact import EXACT

    chosen = activation_names() if names is None else _check_names(names, "names")
    xs = accuracy_points() if x is None else np.asarray(x, dtype=np.float64)
    rows = []
    for name in chosen:
        entry = get(name)
        f, df = EXACT[name]
        errors = []
        for dtype in (np.float64, np.float32):
            top = float(np.finfo(dtype).max)  # float32's range ends at 3.4e38
            inputs = np.unique(np.clip(xs, -top, top).astype(dtype))
            for func, ref in ((entry, f), (entry.grad, df)):
                errors.append(float(np.max(ulp_errors(func, ref, inputs, dtype, digits))))
        rows.append(AccuracyRow(name, *errors))
    return rows
