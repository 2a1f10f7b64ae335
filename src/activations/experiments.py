"""The measurements that several chapters share.

Each chapter writes its experiment on the page. What a later chapter reuses lives here,
and the chapter that introduces it shows it (its source, or the same loop written out
and checked against it): the toy problems of chapters 2 and 3, the layer statistics of
chapters 4 and 11, the gradient norms and training races of chapters 5-7, the dead-unit
measurements of chapters 6 and 8, and chapter 10's benchmark tasks, reused by chapter 11.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from activations import data, nn
from activations._validate import check_choice as _check_choice
from activations._validate import check_int as _check_int
from activations._validate import check_numbers as _check_numbers
from activations._validate import check_real as _check_real
from activations.functions import Activation, get

# --- Part I: chapters 2-4 ---
#: The toy problems in the plane of chapters 2 and 3: a generator of
#: :mod:`activations.data` and the noise it is called with.
TOY_PROBLEMS: dict[str, tuple[Callable[..., tuple[np.ndarray, np.ndarray]], float]] = {
    "xor": (data.xor, 0.25),
    "moons": (data.moons, 0.15),
    "circles": (data.circles, 0.08),
}


def toy_problem(name: str, n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``n`` points of the toy problem ``name`` (a key of :data:`TOY_PROBLEMS`).

    Returns ``X`` of shape (n, 2) and ``y`` of shape (n,), with labels 0 or 1.

    Examples
    --------
    >>> X, y = toy_problem("xor", n=8)
    >>> X.shape, sorted(set(y.tolist()))
    ((8, 2), [0, 1])
    """
    _check_choice("toy problem", name, TOY_PROBLEMS)
    generator, noise = TOY_PROBLEMS[name]
    return generator(n=n, noise=noise, seed=seed)


@dataclass(frozen=True, eq=False)
class ToyFit:
    """One network trained on one toy problem by :func:`fit_toy_problems`.

    ``model`` is the trained network and ``history`` what :func:`activations.nn.train`
    recorded; ``X_test, y_test`` are fresh points from the training distribution;
    ``first_layer_change`` is the largest absolute change of a first-layer weight.
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

    ``models`` maps each model's name to the keyword arguments of :class:`~activations.nn.MLP` that
    build it, e.g. ``{"tanh": {"layer_sizes": [2, 16, 1], "hidden_activation": "tanh", "init":
    "xavier_normal"}}`` (``output`` defaults to ``"sigmoid"`` and ``seed`` to ``seed``);
    ``problems`` are keys of :data:`TOY_PROBLEMS`. Each problem gets ``n_train`` training points
    (drawn with ``seed``) and ``n_test`` test points (drawn with ``seed + 1``); the default batch
    size of 200 is full-batch training. ``seed`` also fixes the weights and the shuffling.

    Returns a dict of :class:`ToyFit`, keyed by ``(problem, model name)``.
    """
    if not isinstance(models, Mapping) or not models:
        raise ValueError(
            "models must be a non-empty mapping of model names to MLP keyword arguments, "
            f"got {models!r}"
        )
    if isinstance(problems, str):
        raise TypeError(f"problems must be a sequence of names, got the single string {problems!r}")
    for problem in problems:
        _check_choice("toy problem", problem, TOY_PROBLEMS)
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


@dataclass(frozen=True, eq=False)
class LayerStatistics:
    """Activations of a deep network at initialization, layer by layer.

    ``activation`` and ``init`` name the hidden activation and the weight initializer. ``mean``,
    ``std`` and ``zero_fraction`` (arrays of shape (n_layers,)) are the mean, standard deviation and
    fraction of exact zeros of each hidden layer's activations, over all units and examples.
    ``example_spread`` says how much a unit's activation depends on the input: for each unit, the
    standard deviation of its activation across the examples, averaged over the units (0 when every
    example produces the same activations). ``samples`` holds, per hidden layer, the flattened
    activations of the first examples (for histograms).
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

    The network has ``n_layers`` hidden layers of ``width`` units, biases 0 and weights from
    ``init`` (:func:`activations.nn.initialize`, e.g. ``"he_normal"``); the inputs are ``n_samples``
    vectors of ``width`` independent :math:`\mathcal N(0, 1)` numbers, drawn with ``seed + 1`` (the
    weights with ``seed``), so that they are independent of the first layer's weights.
    :attr:`LayerStatistics.samples` keeps the activations of the first ``sample_size`` examples.

    Examples
    --------
    >>> stats = activation_statistics_by_layer("relu", "he_normal", n_layers=3, width=16)
    >>> stats.mean.shape, bool(0.3 < stats.zero_fraction[0] < 0.7)
    ((3,), True)
    """
    n_layers, width = _check_int("n_layers", n_layers), _check_int("width", width)
    n_samples = _check_int("n_samples", n_samples)
    sample_size = _check_int("sample_size", sample_size)
    model = nn.MLP(
        [width] * (n_layers + 1) + [1],
        hidden_activation=activation,
        output="identity",
        init=init,
        seed=seed,
    )
    X = np.random.default_rng(seed + 1).standard_normal((n_samples, width))
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


# --- Part II: sigmoid and tanh (chapters 5, 7) ---
def _n_outputs(y: np.ndarray, output: str) -> int:
    """Number of output units a head needs for labels ``y``."""
    if output == "softmax":
        return int(np.max(y)) + 1
    return 1 if y.ndim == 1 else int(y.shape[1])


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

    The network has ``depth`` hidden layers of ``width`` units (both >= 1), the hidden activation
    ``activation`` (a registry name or entry), weights from ``init`` (as for
    :class:`activations.nn.MLP`) and the ``output`` head (``"sigmoid"``, ``"softmax"`` or
    ``"identity"``) for the labels ``y`` of the inputs ``X`` (n, d). The gradient of the loss on the
    whole of ``(X, y)`` is backpropagated as in :mod:`activations.nn` (its module docstring), so
    every hidden layer the gradient passes multiplies it by a factor :math:`f'(z) \le \max|f'|`,
    next to a weight matrix. For the sigmoid that factor is at most 1/4: through ``depth`` layers,
    :math:`4^{-\text{depth}}` from the activation alone.

    With ``epochs > 0`` the network is first trained (``batch_size``; ``seed`` fixes the
    weights and the shuffling) with ``optimizer``, plain ``nn.SGD(lr=0.1)`` by default,
    whose steps are proportional to the gradients (an adaptive optimizer such as Adam
    rescales them and hides their size).

    Returns a :class:`LayerGradients`: per layer (``depth + 1`` values, the output layer
    last) the norms of the weight gradients and of the backpropagated errors, and the
    relative change of each weight matrix during training.

    Examples
    --------
    >>> from activations import data
    >>> X, y = data.moons(n=64, seed=0)
    >>> g = gradient_norms_by_layer("sigmoid", 6, 8, "xavier_normal", X, y, seed=0)
    >>> g.weights.shape, bool(g.weights[0] < g.weights[-1])
    ((7,), True)
    """
    entry = get(activation)
    depth = _check_int("depth", depth)
    width = _check_int("width", width)
    epochs = _check_int("epochs", epochs, minimum=0)
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

    For each activation (names must differ) and each seed, a fresh
    :class:`~activations.nn.MLP` with ``layer_sizes`` (inputs to outputs) and the
    ``output`` head is initialized with ``init`` (the seed fixes the weights and the
    order of the mini-batches, identical across activations) and trained on ``(X, y)``
    with a new optimizer from ``optimizer()``, e.g. ``lambda: nn.SGD(lr=0.1)``.

    Returns the training loss after each epoch, an array of shape (len(seeds), epochs) per
    activation, keyed by its name in the order given.

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
    seeds = _check_numbers("seeds", seeds, integer=True)
    epochs = _check_int("epochs", epochs)
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
            runs.append(history.train_loss + [math.nan] * (epochs - history.epochs))
        curves[entry.name] = np.array(runs)
    return curves


def epochs_to_reach(curves: ArrayLike, target: float) -> np.ndarray:
    """The first epoch (counted from 1) at which each run's loss is at or below ``target``.

    ``curves`` holds the losses after each epoch, of shape (runs, epochs) as from
    :func:`training_loss_curves`, or (epochs,) for one run. Returns, per run, the epoch
    number as a float, or NaN for a run that never reaches the target.

    Examples
    --------
    >>> epochs_to_reach([[0.9, 0.4, 0.2], [0.8, 0.7, 0.6]], 0.5)
    array([ 2., nan])
    """
    c = np.asarray(curves, dtype=np.float64)
    c = c[None, :] if c.ndim == 1 else c
    if c.ndim != 2 or c.shape[1] == 0:
        raise ValueError(f"curves must have shape (runs, epochs), got shape {c.shape}")
    target = _check_real("target", target)
    reached = c <= target
    first = np.argmax(reached, axis=1).astype(np.float64) + 1.0
    first[~reached.any(axis=1)] = np.nan
    return first


# --- Part II: ReLU and leaky ReLU (chapters 6, 8) ---
def _require_hidden_layers(model: object, where: str) -> nn.MLP:
    if not isinstance(model, nn.MLP):
        raise TypeError(f"{where}: model must be an activations.nn.MLP, got {type(model).__name__}")
    if len(model.layers) < 2:
        raise ValueError(
            f"{where}: the model has no hidden layer (layer_sizes {model.layer_sizes}); "
            "dead units and sparsity are properties of hidden units"
        )
    return model


def dead_unit_mask(model: nn.MLP, X: ArrayLike) -> list[np.ndarray]:
    r"""Which hidden units are dead on ``X``: pre-activation :math:`\le 0` on every example.

    Unit :math:`j` of a hidden layer is dead on the data :math:`x_1, \dots, x_n` when

    .. math:: z_j(x_i) = w_j^\top a(x_i) + b_j \le 0 \quad \text{for all } i .

    A ReLU unit then outputs 0 on every example, and its derivative (with the convention
    :math:`\mathrm{ReLU}'(0) = 0`) is 0 too: its incoming weights and bias get exactly zero
    gradient, so gradient descent on that data can never revive it. A leaky ReLU unit in
    the same state still outputs :math:`\alpha z \ne 0` and still learns: the mask then
    marks the units that *would* be dead with plain ReLU.

    ``model`` is an :class:`~activations.nn.MLP` with at least one hidden layer and ``X``
    the examples, typically the training set. Returns one boolean array of shape
    ``(layer_sizes[l],)`` per hidden layer.

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


def incoming_gradient_norms(model: nn.MLP, X: ArrayLike, y: ArrayLike) -> np.ndarray:
    r"""Per unit of the first hidden layer, the norm of the loss gradient on its incoming weights.

    For unit :math:`j` this is :math:`\lVert \partial \mathcal L / \partial W_{:, j} \rVert`, the
    length of the update gradient descent would give the weights that feed it, on the batch ``(X,
    y)``: an array of shape ``(layer_sizes[1],)``. A dead ReLU unit gets exactly 0; with leaky ReLU
    of slope :math:`\alpha` the same unit gets a gradient scaled by :math:`\alpha`.

    Examples
    --------
    >>> from activations import nn
    >>> model = nn.MLP([2, 3, 2], bias_init=[-10.0, 0.0], seed=0)
    >>> incoming_gradient_norms(model, np.ones((4, 2)), [0, 1, 0, 1]).tolist()
    [0.0, 0.0, 0.0]
    """
    model = _require_hidden_layers(model, "incoming_gradient_norms")
    _, grads = model.loss_and_gradients(X, y)
    return np.linalg.norm(grads[0][0], axis=0)


# --- Part III: choosing and newer activations (chapters 10, 11) ---
#: The hidden activations compared in chapter 10, in the book's teaching order.
BENCHMARK_ACTIVATIONS: tuple[str, ...] = (
    "identity", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu"
)  # fmt: skip

#: The initialization rule of chapter 10, for every registry activation: Xavier (Glorot) for the
#: functions that are linear with slope 1 or less around 0 (identity, sigmoid, tanh, their hard
#: forms, softsign; step for completeness), LeCun for SELU (its self-normalization assumes it) and
#: He for the rectifier family (ReLU, ReLU6, leaky ReLU, ELU, CELU, GELU, SiLU, hard swish,
#: softplus, log-sigmoid, Mish), which pass about half of a zero-mean signal.
INIT_RULE: dict[str, str] = {
    **dict.fromkeys(["identity", "step", "sigmoid", "tanh", "hard_tanh"], "xavier_normal"),
    **dict.fromkeys(["hard_sigmoid", "softsign"], "xavier_normal"),
    "selu": "lecun_normal",
    **dict.fromkeys(
        ["relu", "leaky_relu", "elu", "gelu", "gelu_tanh", "silu", "softplus", "mish", "relu6"],
        "he_normal",
    ),
    **dict.fromkeys(["hard_swish", "celu", "log_sigmoid"], "he_normal"),
}


def matched_init(activation: str | Activation) -> str:
    """The initializer that chapter 10's rule (:data:`INIT_RULE`) gives an activation.

    Examples
    --------
    >>> matched_init("tanh"), matched_init("relu"), matched_init("selu")
    ('xavier_normal', 'he_normal', 'lecun_normal')
    """
    return INIT_RULE[get(activation).name]


@dataclass(frozen=True, eq=False)
class BenchmarkTask:
    """One task of the chapter 10 benchmark: data, output head and training budget.

    ``name`` is short, e.g. ``"digits"``; ``kind`` is ``"binary"``, ``"multi-class"`` or
    ``"regression"``, and ``output`` the matching head of :class:`~activations.nn.MLP`
    (``"sigmoid"``, ``"softmax"`` or ``"identity"``); ``split`` holds the training, validation
    and test data (inputs standardized with training statistics); ``epochs`` is the training
    budget, the same for every activation, and ``lr`` the learning rate of Adam.
    """

    name: str
    kind: str
    output: str
    split: data.Split
    epochs: int
    lr: float

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
        return _n_outputs(self.split.y_train, self.output)

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
    r"""Build the benchmark task ``name`` (one of :data:`BENCHMARK_TASKS`), always the same.

    - ``"moons"``: binary classification, :func:`~activations.data.moons` with 600
      points and noise 0.25; sigmoid output; 25 epochs at learning rate 0.02.
    - ``"digits"``: multi-class classification, :func:`~activations.data.digits`
      (1797 images, 10 classes); softmax output; 10 epochs at learning rate 0.003.
    - ``"sine"``: regression, :func:`~activations.data.noisy_sine` with 300 points on
      :math:`[-\pi, \pi)` and noise 0.1; identity output; 60 epochs at learning rate 0.02.

    Each is split 60/20/20 into training, validation and test data (seed 0, stratified
    for the classes). All use Adam with mini-batches of 32; the inputs are standardized
    with the training split's statistics (:func:`~activations.data.standardize`).

    Examples
    --------
    >>> task = benchmark_task("sine")
    >>> task.output, task.metric, len(task.split.X_train)
    ('identity', 'R2', 180)
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
