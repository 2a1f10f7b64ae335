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
from activations.functions import Activation, get, sigmoid
from activations.functions import names as activation_names

# --- Part I: chapters 2-4 ---
#
# Shared by chapters 2 and 3: TOY_PROBLEMS, toy_problem, fit_toy_problems (each chapter
# writes its own loop and checks it against these). Chapters 4 and 11:
# activation_statistics_by_layer.


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


# --- Part II: softmax (chapter 9) ---
#
# Softmax acts on a whole vector of logits, so it is not in the element-wise registry:
# these helpers use activations.softmax, log_softmax and softmax_jacobian directly.


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


#: scikit-learn's name for each of our activations that MLPClassifier also has.
SKLEARN_ACTIVATIONS: dict[str, str] = {
    "identity": "identity",
    "sigmoid": "logistic",
    "tanh": "tanh",
    "relu": "relu",
}


#: The yes/no tags of the multi-label digits problem, and the digits that have each.
DIGIT_TAGS: dict[str, frozenset[int]] = {
    "even": frozenset({0, 2, 4, 6, 8}),
    "five or more": frozenset({5, 6, 7, 8, 9}),
    "prime": frozenset({2, 3, 5, 7}),
    "square": frozenset({0, 1, 4, 9}),
}


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
