r"""A multilayer perceptron written out in NumPy, small enough to read in one sitting.

The network is a stack of dense (fully connected) layers. Layer :math:`l` maps the
activations :math:`a^{[l-1]}` of the layer below to

.. math::

    z^{[l]} = a^{[l-1]} W^{[l]} + b^{[l]}, \qquad a^{[l]} = g^{[l]}(z^{[l]}),

with :math:`a^{[0]} = X` the inputs, one example per row, and :math:`g^{[l]}` a hidden
activation from the book's registry (:func:`activations.get`). The last layer has no
hidden activation: its pre-activations are the *logits* :math:`z^{[L]}`, which an
*output head* turns into predictions and a loss. Each head is paired with the loss that
makes the gradient with respect to the logits come out as simply

.. math::

    \frac{\partial \mathcal{L}}{\partial z^{[L]}} = \frac{1}{n}\,(\hat y - y),

for ``"identity"`` with mean squared error, ``"sigmoid"`` with binary cross-entropy and
``"softmax"`` with cross-entropy. Backpropagation then runs the chain rule down the
stack, one layer at a time:

.. math::

    \frac{\partial \mathcal{L}}{\partial W^{[l]}} = a^{[l-1]\top} \delta^{[l]}, \quad
    \frac{\partial \mathcal{L}}{\partial b^{[l]}} = \textstyle\sum_i \delta^{[l]}_i, \quad
    \delta^{[l-1]} = \bigl(\delta^{[l]} W^{[l]\top}\bigr) \odot g^{[l-1]\prime}(z^{[l-1]}),

where :math:`\delta^{[l]} = \partial \mathcal{L} / \partial z^{[l]}`. Everything is
vectorised over the examples of a mini-batch, so training is fast enough for the
book's experiments while every step stays visible.

Examples
--------
>>> from activations import data, nn
>>> X, y = data.xor(n=200, noise=0.1, seed=0)
>>> model = nn.MLP([2, 8, 2], hidden_activation="tanh", output="softmax",
...                init="xavier_normal", seed=0)
>>> history = nn.train(model, X, y, optimizer=nn.Adam(lr=0.05), epochs=50, batch_size=32)
>>> model.accuracy(X, y)
1.0

The style follows Karpathy's micrograd and Nielsen's ``network.py``: one class per
idea (:class:`Dense`, the heads, the blocks, :class:`MLP`, the optimizers :class:`SGD`,
:class:`Momentum` and :class:`Adam`), the forward and the backward pass side by side.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from activations import _validate as validate
from activations.functions import Activation, get, log_softmax, sigmoid, softmax
from activations.functions import names as activation_names

#: Gradients as :meth:`MLP.backward` returns them: one ``(dW, db)`` pair per layer, followed
#: by the gradients of a :class:`Block`'s ``params`` (``(dW, db, dslope)`` for a PReLU).
Gradients = list[tuple[np.ndarray, ...]]


# --- Weight initialisation ---
#: The weight initializers by name: the distribution of each weight and its scale, from
#: the layer's ``(fan_in, fan_out)``: the half-width :math:`a` of :math:`U(-a, a)` (whose
#: variance is :math:`a^2/3`) or the standard deviation of a plain, not truncated, normal.
#: The first two are the classic "small random numbers"; the others keep the variance of
#: the signal about the same from layer to layer: Xavier (Glorot & Bengio, 2010) averages
#: the forward and backward conditions, He (He et al., 2015) corrects for ReLU zeroing
#: half of its inputs, and LeCun's is the condition SELU's self-normalisation assumes.
INITIALIZERS: dict[str, tuple[str, Callable[[int, int], float]]] = {
    "small_uniform": ("uniform", lambda fan_in, fan_out: 0.05),
    "small_normal": ("normal", lambda fan_in, fan_out: 0.01),
    "xavier_uniform": ("uniform", lambda fan_in, fan_out: math.sqrt(6.0 / (fan_in + fan_out))),
    "xavier_normal": ("normal", lambda fan_in, fan_out: math.sqrt(2.0 / (fan_in + fan_out))),
    "he_uniform": ("uniform", lambda fan_in, fan_out: math.sqrt(6.0 / fan_in)),
    "he_normal": ("normal", lambda fan_in, fan_out: math.sqrt(2.0 / fan_in)),
    "lecun_uniform": ("uniform", lambda fan_in, fan_out: math.sqrt(3.0 / fan_in)),
    "lecun_normal": ("normal", lambda fan_in, fan_out: math.sqrt(1.0 / fan_in)),
}

Initializer = str | Callable[[int, int, np.random.Generator], np.ndarray]


def initialize(
    init: Initializer, fan_in: int, fan_out: int, rng: np.random.Generator
) -> np.ndarray:
    r"""Draw a ``(fan_in, fan_out)`` weight matrix, float64.

    Parameters
    ----------
    init : str or callable
        A name from :data:`INITIALIZERS` (``"he_normal"`` draws from
        :math:`\mathcal N(0, 2 / n_\text{in})`), or a function ``init(fan_in, fan_out, rng)``
        returning an array of shape ``(fan_in, fan_out)``.
    fan_in, fan_out : int
        Number of inputs and outputs of the layer.
    rng : numpy.random.Generator
        Source of randomness.
    """
    if callable(init):
        W = np.asarray(init(fan_in, fan_out, rng), dtype=np.float64)
        if W.shape != (fan_in, fan_out):
            raise ValueError(
                f"a custom initializer must return an array of shape (fan_in, fan_out) = "
                f"{(fan_in, fan_out)}, got shape {W.shape}"
            )
        return W
    validate.check_choice(
        "initializer", init, INITIALIZERS, " or a callable init(fan_in, fan_out, rng)"
    )
    distribution, scale = INITIALIZERS[init]
    a = scale(fan_in, fan_out)
    if distribution == "uniform":
        return rng.uniform(-a, a, size=(fan_in, fan_out))
    return rng.normal(0.0, a, size=(fan_in, fan_out))


# --- Output heads: an output nonlinearity with its matching loss ---
class Head:
    r"""An output nonlinearity together with its loss; the base class of the three heads.

    A head works on the logits ``z`` of shape (n, k) and the targets ``T`` of the same shape:
    ``output(z)`` is the network's output :math:`\hat y`, ``loss(z, T)`` the mean loss over the n
    examples, computed from the logits (never from the output), ``targets(y, k, dtype)`` checks the
    labels ``y`` a user passes and encodes them as ``T``, and ``correct(z, T)`` (classification
    heads only) says which predictions are right. ``name`` is the name used in ``MLP(output=...)``;
    ``is_classifier`` says whether the head predicts classes (and so has an accuracy).
    """

    name = ""
    is_classifier = False


class IdentityHead(Head):
    r"""Regression: :math:`\hat y = z`, mean squared error.

    .. math:: \mathcal L = \frac{1}{2n} \sum_{i=1}^n \lVert z_i - y_i \rVert^2,
              \qquad \frac{\partial \mathcal L}{\partial z} = \frac{z - y}{n}.

    The factor :math:`\tfrac12` gives the gradient the same form as for the other heads.
    Targets are real numbers, of shape (n,) for one output or (n, k).
    """

    name = "identity"

    def output(self, z: np.ndarray) -> np.ndarray:
        return z

    def loss(self, z: np.ndarray, T: np.ndarray) -> float:
        return float(0.5 * np.sum((z - T) ** 2) / len(z))

    def targets(self, y: ArrayLike, k: int, dtype: np.dtype) -> np.ndarray:
        y = validate.check_numeric_labels(y, "the identity head")
        return validate.check_targets_shape(y, k, "the identity head", "real targets").astype(dtype)


class SigmoidHead(Head):
    r"""Binary (or multi-label) classification: :math:`\hat y = \sigma(z)`, cross-entropy.

    .. math:: \mathcal L = \frac1n \sum_{i,j} \bigl[\log(1 + e^{z_{ij}}) - y_{ij} z_{ij}\bigr],
              \qquad \frac{\partial \mathcal L}{\partial z} = \frac{\sigma(z) - y}{n},

    which equals :math:`-\frac1n\sum [y \log \hat y + (1-y)\log(1-\hat y)]` but is
    computed from the logits with :func:`numpy.logaddexp`, so it never takes the
    logarithm of a probability rounded to 0 or 1. Labels are 0 or 1, of shape (n,) or
    (n, 1) for one output, (n, k) for k independent yes/no outputs.
    """

    name = "sigmoid"
    is_classifier = True

    def output(self, z: np.ndarray) -> np.ndarray:
        return sigmoid(z)

    def loss(self, z: np.ndarray, T: np.ndarray) -> float:
        return float(np.sum(np.logaddexp(0.0, z) - T * z) / len(z))

    def targets(self, y: ArrayLike, k: int, dtype: np.dtype) -> np.ndarray:
        y = validate.check_numeric_labels(y, "the sigmoid head")
        validate.check_class_labels(y, 2, "the sigmoid head")
        return validate.check_targets_shape(y, k, "the sigmoid head", "0/1 labels").astype(dtype)

    def correct(self, z: np.ndarray, T: np.ndarray) -> np.ndarray:
        return (z > 0) == (T == 1)  # sigma(z) > 1/2 exactly when z > 0


class SoftmaxHead(Head):
    r"""Multi-class classification: :math:`\hat y = \operatorname{softmax}(z)`, cross-entropy.

    .. math:: \mathcal L = -\frac1n \sum_{i=1}^n \log \operatorname{softmax}(z_i)_{y_i},
              \qquad \frac{\partial \mathcal L}{\partial z} = \frac{\operatorname{softmax}(z)
              - \operatorname{onehot}(y)}{n}.

    The loss uses :func:`activations.log_softmax`, which is exact for logits of any size. Labels are
    integer class indices :math:`0, \dots, k-1`, of shape (n,); they are one-hot encoded internally.
    """

    name = "softmax"
    is_classifier = True

    def output(self, z: np.ndarray) -> np.ndarray:
        return softmax(z, axis=-1)

    def loss(self, z: np.ndarray, T: np.ndarray) -> float:
        log_p = log_softmax(z, axis=-1)  # (n, k)
        return float(-np.sum(log_p[T == 1]) / len(z))  # log-probability of each true class

    def targets(self, y: ArrayLike, k: int, dtype: np.dtype) -> np.ndarray:
        y = validate.check_numeric_labels(y, "the softmax head")
        if y.ndim != 1:
            raise ValueError(
                f"the softmax head expects integer class labels of shape (n,), got shape {y.shape}"
            )
        validate.check_class_labels(y, k, "the softmax head")
        T = np.zeros((len(y), k), dtype=dtype)  # one-hot: T[i, y_i] = 1
        T[np.arange(len(y)), y.astype(np.int64)] = 1.0
        return T

    def correct(self, z: np.ndarray, T: np.ndarray) -> np.ndarray:
        return np.argmax(z, axis=1) == np.argmax(T, axis=1)


#: The output heads by name.
HEADS: dict[str, Head] = {h.name: h for h in (IdentityHead(), SigmoidHead(), SoftmaxHead())}


# --- The network ---
class Dense:
    r"""A fully connected layer: :math:`z = a W + b`.

    ``W``, of shape (fan_in, fan_out), holds in column :math:`j` the input weights of unit
    :math:`j`; ``b``, of shape (fan_out,), the biases.
    """

    def __init__(self, W: np.ndarray, b: np.ndarray) -> None:
        self.W, self.b = W, b

    def forward(self, a: np.ndarray) -> np.ndarray:
        """Pre-activations ``z = a @ W + b``: (n, fan_in) -> (n, fan_out)."""
        return a @ self.W + self.b

    def backward(
        self, a: np.ndarray, dz: np.ndarray, input_grad: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        r"""Gradients from ``dz`` = :math:`\partial\mathcal L/\partial z`, shape (n, fan_out).

        ``a`` is the input the forward pass saw, shape (n, fan_in). Returns
        ``dW`` = :math:`a^\top dz`, ``db`` = :math:`\sum_i dz_i` and the gradient with
        respect to the input, ``da`` = :math:`dz\, W^\top`, or None for ``da`` if not
        ``input_grad`` (the first layer's input is the data).
        """
        dW = a.T @ dz  # (fan_in, n) @ (n, fan_out)
        db = dz.sum(axis=0)  # (fan_out,)
        da = dz @ self.W.T if input_grad else None  # (n, fan_out) @ (fan_out, fan_in)
        return dW, db, da

    def __repr__(self) -> str:
        return f"Dense({self.W.shape[0]} -> {self.W.shape[1]})"


class ForwardCache(NamedTuple):
    r"""Everything a forward pass computed, as :meth:`MLP.backward` needs it: the ``inputs``
    :math:`a^{[0]} = X` (n, layer_sizes[0]) in the model's dtype; the ``pre_activations``
    :math:`z^{[1]}, \dots, z^{[L]}`, one (n, layer_sizes[l]) array per layer; and the
    ``activations`` :math:`a^{[1]}, \dots, a^{[L]}`, the hidden ones and, last, the head's output;
    ``training``: whether it ran in training mode (batch statistics in a batch :class:`Norm`).
    """

    inputs: np.ndarray
    pre_activations: list[np.ndarray]
    activations: list[np.ndarray]
    training: bool = False

    @property
    def logits(self) -> np.ndarray:
        """The pre-activations of the last layer, :math:`z^{[L]}`."""
        return self.pre_activations[-1]

    @property
    def outputs(self) -> np.ndarray:
        """The output of the head, :math:`\\hat y`."""
        return self.activations[-1]


class Block:
    """A hidden layer's map from its pre-activations z to its output that is more than a
    registry function: it has trained ``params``, mixes the units or changes the width.
    :class:`MLP` takes one wherever it takes a hidden activation and builds a fresh copy per
    hidden layer (:meth:`build`); its ``params`` join that layer's, after W and b.
    """

    name = "block"
    params: tuple[np.ndarray, ...] = ()  # trained with the weights
    buffers: tuple[np.ndarray, ...] = ()  # kept but not trained (batch norm's running averages)

    def build(self, width: int, dtype: DTypeLike) -> Block:
        """A copy for a layer of ``width`` pre-activations, its parameters in ``dtype``."""
        return self

    def out_width(self, width: int) -> int:
        """How many values it passes on from ``width`` pre-activations."""
        return width

    def forward(self, z: np.ndarray, training: bool = False) -> np.ndarray:
        """The output, (n, out_width), from the pre-activations ``z``, (n, width)."""
        raise NotImplementedError

    def backward(self, z: np.ndarray, da: np.ndarray, training: bool = False) -> tuple:
        """``(dL/dz, gradients of params)`` from ``da`` = dL/d(output), at the same ``z``."""
        raise NotImplementedError


class PReLU(Block):
    r"""Leaky ReLU with a learned negative slope (He et al., 2015), one per unit or per layer.

    .. math:: f(z) = \max(z, 0) + a \min(z, 0), \qquad
        \frac{\partial f}{\partial z} = \begin{cases} 1 & z > 0 \\ a & z \le 0 \end{cases},
        \qquad \frac{\partial f}{\partial a} = \min(z, 0).

    ``PReLU(slope=0.25, per_unit=True)``: each hidden layer's copy has slopes ``.slope``
    (shape (width,), or (1,) if not ``per_unit``) starting at ``slope``; ``params`` is
    ``(slope,)``, so the layer's parameters are ``(W, b, slope)``.
    """

    name = "prelu"

    def __init__(self, slope: float = 0.25, per_unit: bool = True) -> None:
        self.init_slope = validate.check_real("PReLU slope", slope)
        self.per_unit = per_unit
        self.slope = np.full(1, self.init_slope)

    @property
    def params(self) -> tuple[np.ndarray, ...]:
        return (self.slope,)

    def build(self, width: int, dtype: DTypeLike) -> PReLU:
        layer = PReLU(self.init_slope, self.per_unit)
        layer.slope = np.full(width if self.per_unit else 1, self.init_slope, dtype=dtype)
        return layer

    def forward(self, z: np.ndarray, training: bool = False) -> np.ndarray:
        return np.where(z > 0, z, self.slope * z)

    def backward(self, z: np.ndarray, da: np.ndarray, training: bool = False) -> tuple:
        dslope = (da * np.minimum(z, 0)).sum(axis=0)  # (width,): summed over the batch
        dslope = dslope if self.per_unit else dslope.sum(keepdims=True)
        return da * np.where(z > 0, z.dtype.type(1), self.slope), (dslope,)  # f'(0) = a

    def __repr__(self) -> str:
        return f"PReLU(slope={self.init_slope}, per_unit={self.per_unit})"


class GLU(Block):
    r"""A gated linear unit: the 2h pre-activations split into halves u and v, and

    .. math:: a = u \odot g(v), \qquad \frac{\partial L}{\partial u} = \delta \odot g(v),
        \qquad \frac{\partial L}{\partial v} = \delta \odot u \odot g'(v),

    h values passed on (:math:`\delta = \partial L / \partial a`). The gate ``g`` is a
    registry activation: the sigmoid in Dauphin et al.'s GLU (2017); ReLU, GELU or SiLU in
    Shazeer's ReGLU, GeGLU and SwiGLU (2020). The layer's width must be even.
    """

    def __init__(self, gate: str | Activation = "sigmoid") -> None:
        self.gate = _lookup_activation("GLU gate", gate)
        if isinstance(self.gate, Block):
            raise TypeError(f"GLU gate: expected a registry activation, got {self.gate!r}")
        names = {"sigmoid": "glu", "relu": "reglu", "gelu": "geglu", "silu": "swiglu"}
        self.name = names.get(self.gate.name, f"{self.gate.name}_glu")

    def build(self, width: int, dtype: DTypeLike) -> GLU:
        if width % 2:
            raise ValueError(f"a GLU layer needs an even width (two halves), got {width}")
        return self

    def out_width(self, width: int) -> int:
        return width // 2

    def forward(self, z: np.ndarray, training: bool = False) -> np.ndarray:
        u, v = np.split(z, 2, axis=1)
        return u * self.gate(v)

    def backward(self, z: np.ndarray, da: np.ndarray, training: bool = False) -> tuple:
        u, v = np.split(z, 2, axis=1)
        return np.concatenate([da * self.gate(v), da * u * self.gate.grad(v)], axis=1), ()

    def __repr__(self) -> str:
        return f"GLU(gate={self.gate.name!r})"


class Norm(Block):
    r"""Normalize the pre-activations, scale and shift them, then apply an activation:

    .. math:: a = g(\gamma \odot \hat z + \beta), \qquad
        \hat z = (z - \mu) / \sqrt{\sigma^2 + \epsilon}.

    ``kind="layer"`` (Ba et al., 2016): :math:`\mu, \sigma^2` of each example over the
    layer's units, in training and inference alike. ``kind="batch"`` (Ioffe & Szegedy,
    2015): of each unit over the mini-batch in training, which also updates running averages
    (``r += momentum * (batch value - r)``, the variance unbiased) that inference uses
    instead. ``params`` is ``(gamma, beta)``, starting at 1 and 0; ``buffers`` the running
    mean and variance, starting at 0 and 1. A mini-batch of one in training mode gives
    :math:`\hat z = 0` and a variance of 0 to the running average (PyTorch raises there).
    """

    def __init__(
        self, kind: str = "layer", then: str | Activation = "relu", eps: float = 1e-5,
        momentum: float = 0.1,
    ) -> None:  # fmt: skip
        validate.check_choice("normalization", kind, ("layer", "batch"))
        self.kind, self.then = kind, _lookup_activation("Norm then", then)
        if isinstance(self.then, Block):
            raise TypeError(f"Norm then: expected a registry activation, got {self.then!r}")
        self.eps = validate.check_real("eps", eps, above=0.0)
        self.momentum = validate.check_real("momentum", momentum, above=0.0, below=1.0)
        self.name = f"{kind}norm+{self.then.name}"

    def build(self, width: int, dtype: DTypeLike) -> Norm:
        block = Norm(self.kind, self.then, self.eps, self.momentum)
        block.params = (np.ones(width, dtype=dtype), np.zeros(width, dtype=dtype))
        block.buffers = (np.zeros(width, dtype=dtype), np.ones(width, dtype=dtype))
        return block

    def _normalized(self, z: np.ndarray, training: bool) -> tuple[np.ndarray, np.ndarray]:
        if self.kind == "layer":
            mean, var = z.mean(axis=1, keepdims=True), z.var(axis=1, keepdims=True)
        else:
            mean, var = (z.mean(axis=0), z.var(axis=0)) if training else self.buffers
        return (z - mean) / np.sqrt(var + self.eps), var

    def forward(self, z: np.ndarray, training: bool = False) -> np.ndarray:
        if self.kind == "batch" and training:
            n, (mean, var) = len(z), self.buffers
            mean += self.momentum * (z.mean(axis=0) - mean)
            var += self.momentum * (z.var(axis=0) * n / max(n - 1, 1) - var)
        zhat, _ = self._normalized(z, training)
        gamma, beta = self.params
        return self.then(gamma * zhat + beta)

    def backward(self, z: np.ndarray, da: np.ndarray, training: bool = False) -> tuple:
        zhat, var = self._normalized(z, training)
        gamma, beta = self.params
        dy = da * self.then.grad(gamma * zhat + beta)
        grads, dzhat = ((dy * zhat).sum(axis=0), dy.sum(axis=0)), dy * gamma
        if self.kind == "layer" or training:  # mu and sigma depend on every z they average
            axis = 1 if self.kind == "layer" else 0
            mean_dzhat = dzhat.mean(axis=axis, keepdims=True)
            dzhat = dzhat - mean_dzhat - zhat * (dzhat * zhat).mean(axis=axis, keepdims=True)
        return dzhat / np.sqrt(var + self.eps), grads  # (batch norm at inference: constants)

    def __repr__(self) -> str:
        return f"Norm({self.kind!r}, then={self.then.name!r})"


def _lookup_activation(where: str, value: str | Activation | Block) -> Activation | Block:
    if isinstance(value, Block):
        return value
    try:
        return get(value)
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"{where}: {err} (expected an Activation from activations.get or one of "
            f"{activation_names()})"
        ) from None


class MLP:
    r"""A multilayer perceptron: dense layers, hidden activations and an output head.

    Parameters
    ----------
    layer_sizes : sequence of int
        Width of every layer (at least two, each >= 1), from the inputs to the outputs:
        ``[64, 128, 10]`` has 64 inputs, one hidden layer of 128 units and 10 outputs;
        ``[d, k]`` alone is a linear model.
    hidden_activation : str, Activation or Block, or a sequence of them
        A registry name (``"relu"``) or entry (``get("leaky_relu", slope=0.2)``), or a
        :class:`Block` (:class:`PReLU`, :class:`GLU`, :class:`Norm`), for all hidden layers,
        or a list with one per hidden layer. ``layer_sizes`` counts pre-activations: a GLU
        passes on half of them.
    output : {"softmax", "sigmoid", "identity"}
        The output head and its loss (:data:`HEADS`): softmax with cross-entropy
        (integer labels 0..k-1, k >= 2 outputs), sigmoid with binary cross-entropy (0/1
        labels), or identity with mean squared error (real targets).
    init : str or callable
        Weight initializer, as for :func:`initialize`.
    bias_init : float or sequence of float
        Starting value of every bias, or one value per layer. A negative value pushes
        ReLU units towards being dead from the start.
    seed : int or None
        Seed of the generator that draws the weights.
    dtype : float32 or float64
        Floating point type of the parameters and of all computations.

    Attributes
    ----------
    layers : list of Dense
        The layers; ``layers[l].W`` and ``layers[l].b`` are the parameters.
    hidden_activations : tuple of Activation or Block
        One per hidden layer (a Block built for its layer).
    head : Head
        The output head.

    Examples
    --------
    >>> model = MLP([64, 128, 10], hidden_activation="relu", output="softmax",
    ...             init="he_normal", seed=0)
    >>> [layer.W.shape for layer in model.layers]
    [(64, 128), (128, 10)]
    >>> model.n_parameters
    9610
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        hidden_activation: str | Activation | Sequence[str | Activation] = "relu",
        output: str = "softmax",
        init: Initializer = "he_normal",
        bias_init: float | Sequence[float] = 0.0,
        seed: int | None = 0,
        dtype: DTypeLike = np.float64,
    ) -> None:
        self.layer_sizes = validate.check_int_list(
            "layer_sizes", layer_sizes, min_length=2, hint=" (inputs and outputs)"
        )
        n_layers = len(self.layer_sizes) - 1  # layers with weights
        n_hidden = n_layers - 1

        activations = validate.check_per_item(
            "hidden_activation", hidden_activation, n_hidden, "hidden layer(s)", _lookup_activation
        )
        self.hidden_activations = tuple(
            g.build(width, dtype) if isinstance(g, Block) else g
            for g, width in zip(activations, self.layer_sizes[1:-1], strict=True)
        )

        validate.check_choice("output head", output, HEADS)
        if output == "softmax" and self.layer_sizes[-1] < 2:
            raise ValueError(
                "a softmax head needs at least 2 outputs (one per class), got "
                f"{self.layer_sizes[-1]}; for two classes with one output use "
                "output='sigmoid'"
            )
        self.output, self.head = output, HEADS[output]

        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.dtype(np.float32), np.dtype(np.float64)):
            raise ValueError(f"dtype must be float32 or float64, got {self.dtype}")
        biases = validate.check_per_item(
            "bias_init", bias_init, n_layers, "layer(s) with biases", validate.check_real
        )
        self.init, self.bias_init, self.seed = init, bias_init, seed  # for copy()
        rng = np.random.default_rng(seed)
        self.layers = [
            Dense(
                initialize(init, fan_in, fan_out, rng).astype(self.dtype),
                np.full(fan_out, bias, dtype=self.dtype),
            )
            for fan_in, fan_out, bias in zip(
                self.widths_passed_on, self.layer_sizes[1:], biases, strict=True
            )
        ]

    # --- parameters ---------------------------------------------------------------------
    @property
    def widths_passed_on(self) -> list[int]:
        """The inputs of each layer: the width below, halved by a :class:`GLU`."""
        widths = self.layer_sizes[1:-1]
        hidden = [g.out_width(w) if isinstance(g, Block) else w
                  for g, w in zip(self.hidden_activations, widths, strict=True)]  # fmt: skip
        return [self.layer_sizes[0], *hidden]

    @property
    def n_outputs(self) -> int:
        """Number of outputs, ``layer_sizes[-1]``."""
        return self.layer_sizes[-1]

    @property
    def n_parameters(self) -> int:
        """Total number of weights and biases (and the parameters of blocks)."""
        return sum(p.size for layer in self.parameters for p in layer)

    @property
    def parameters(self) -> list[tuple[np.ndarray, ...]]:
        """The live ``(W, b)`` arrays of every layer, followed by the ``params`` of a
        :class:`Block` (``(W, b, slope)`` for a PReLU); optimizers update them in place."""
        acts = [*self.hidden_activations, None]  # the last layer has none
        return [
            (layer.W, layer.b, *(g.params if isinstance(g, Block) else ()))
            for layer, g in zip(self.layers, acts, strict=True)
        ]

    def set_parameters(self, params: Sequence[tuple[ArrayLike, ...]]) -> None:
        """Copy ``params``, one ``(W, b)`` pair (or triple) per layer, into the model's arrays."""
        if len(params) != len(self.layers):
            raise ValueError(
                f"expected {len(self.layers)} (W, b) pairs, one per layer, got {len(params)}"
            )
        for i, (own, new) in enumerate(zip(self.parameters, params, strict=True)):
            new = [np.asarray(p) for p in new]
            if [p.shape for p in new] != [p.shape for p in own]:
                raise ValueError(
                    f"layer {i}: expected arrays of shapes {[p.shape for p in own]}, got "
                    f"{[p.shape for p in new]}"
                )
            for p, value in zip(own, new, strict=True):
                p[...] = value

    def copy(self, dtype: DTypeLike | None = None) -> MLP:
        """An independent copy of the model, optionally converted to another dtype."""
        clone = MLP(
            self.layer_sizes,
            list(self.hidden_activations),
            self.output,
            init=self.init,
            bias_init=self.bias_init,
            seed=self.seed,
            dtype=self.dtype if dtype is None else dtype,
        )
        clone.set_parameters(self.parameters)
        for mine, theirs in zip(clone.hidden_activations, self.hidden_activations, strict=True):
            for buffer, value in (
                zip(mine.buffers, theirs.buffers, strict=True) if isinstance(mine, Block) else ()
            ):
                buffer[...] = value  # batch norm's running averages
        return clone

    # --- checking what the user passes ----------------------------------------------------
    def _check_X(self, X: ArrayLike) -> np.ndarray:
        """Return ``X`` as a finite 2-D array of the model's dtype, or raise a clear error."""
        return validate.check_array("X", X, n_features=self.layer_sizes[0], dtype=self.dtype)

    def _check_data(self, X: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
        """``X`` checked, and its labels ``y`` checked and encoded as (n, k) targets."""
        X = self._check_X(X)
        validate.check_same_length("X", X, "y", y)
        try:
            return X, self.head.targets(y, self.n_outputs, self.dtype)
        except ValueError as err:
            raise ValueError(f"y: {err}") from None

    def _check_classifier(self, what: str) -> None:
        if not self.head.is_classifier:
            raise ValueError(
                f"{what} needs a classification head ('softmax' or 'sigmoid'), "
                f"but this model's output is {self.output!r}"
            )

    # --- forward and backward -------------------------------------------------------------
    def _forward(self, X: np.ndarray, training: bool = False) -> ForwardCache:
        pre_activations, activations = [], []
        a = X  # (n, layer_sizes[0])
        for layer, g in zip(self.layers[:-1], self.hidden_activations, strict=True):
            z = layer.forward(a)  # (n, fan_out)
            a = g.forward(z, training) if isinstance(g, Block) else g(z)
            pre_activations.append(z)
            activations.append(a)
        z = self.layers[-1].forward(a)  # logits, (n, k)
        pre_activations.append(z)
        activations.append(self.head.output(z))
        return ForwardCache(X, pre_activations, activations, training)

    def _backward(self, cache: ForwardCache, T: np.ndarray) -> Gradients:
        # Matched head and loss: dL/dz = (y_hat - y) / n.
        return self.backward_from_logits(cache, (cache.outputs - T) / len(T))

    def backward_from_logits(self, cache: ForwardCache, dz: np.ndarray) -> Gradients:
        r"""Backpropagate a given gradient ``dz`` (n, k) of the loss with respect to the logits.

        :meth:`backward` starts from the matched head's :math:`(\hat y - y)/n`; this
        method starts from any :math:`\partial \mathcal L / \partial z` (mean over the
        batch included), which lets a chapter train a deliberately mismatched head.
        ``cache`` is the result of ``forward(X, return_cache=True)``; returns as :meth:`backward`.
        """
        grads: Gradients = []
        block_grads: tuple = ()  # of the params of a Block above layer i (none above the last)
        for i in reversed(range(len(self.layers))):
            a_prev = cache.inputs if i == 0 else cache.activations[i - 1]
            dW, db, da = self.layers[i].backward(a_prev, dz, input_grad=i > 0)
            grads.append((dW, db, *block_grads))
            if i > 0:  # through the hidden activation below (elementwise, unless a Block)
                g, z = self.hidden_activations[i - 1], cache.pre_activations[i - 1]
                if isinstance(g, Block):
                    dz, block_grads = g.backward(z, da, cache.training)
                else:
                    dz, block_grads = da * g.grad(z), ()
        return grads[::-1]

    def forward(
        self, X: ArrayLike, return_cache: bool = False, training: bool = False
    ) -> np.ndarray | ForwardCache:
        """Run the network on inputs ``X`` of shape (n, layer_sizes[0]), one example per row.

        Returns the output of the head, shape (n, layer_sizes[-1]) (probabilities for
        ``"softmax"`` and ``"sigmoid"``), or if ``return_cache`` a :class:`ForwardCache`
        with every layer's pre-activations and activations. ``training`` matters to a batch
        :class:`Norm` only: batch statistics (which update its running averages) instead of
        the running averages.
        """
        cache = self._forward(self._check_X(X), training)
        return cache if return_cache else cache.outputs

    def backward(self, cache: ForwardCache, y: ArrayLike) -> Gradients:
        r"""Backpropagate the loss of the forward pass ``cache`` against labels ``y``.

        Returns one pair :math:`(\partial\mathcal L/\partial W^{[l]}, \partial\mathcal
        L/\partial b^{[l]})` per layer, first layer first, of the shapes of :attr:`parameters`.
        """
        return self._backward(cache, self._check_data(cache.inputs, y)[1])

    def loss_and_gradients(self, X: ArrayLike, y: ArrayLike) -> tuple[float, Gradients]:
        """The mean loss on ``(X, y)`` and its gradient with respect to every parameter."""
        X, T = self._check_data(X, y)
        cache = self._forward(X, training=True)
        return self.head.loss(cache.logits, T), self._backward(cache, T)

    # --- predictions and scores -----------------------------------------------------------
    def logits(self, X: ArrayLike) -> np.ndarray:
        """The pre-activations of the last layer, shape (n, layer_sizes[-1])."""
        return self._forward(self._check_X(X)).logits

    def predict_proba(self, X: ArrayLike) -> np.ndarray:
        """Class probabilities: (n, k) for softmax; (n,) for a one-output sigmoid, else (n, k)."""
        self._check_classifier("predict_proba")
        p = self.forward(X)
        return p[:, 0] if self.output == "sigmoid" and self.n_outputs == 1 else p

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predicted labels (classification) or values (regression).

        Softmax: the most probable class, int array (n,). Sigmoid: 1 where the
        probability exceeds 1/2, int array of shape (n,) for one output, (n, k)
        otherwise. Identity: the outputs, (n,) for one output, (n, k) otherwise.
        """
        z = self.logits(X)
        if self.output == "softmax":
            return np.argmax(z, axis=1)
        pred = (z > 0).astype(np.int64) if self.output == "sigmoid" else z
        return pred[:, 0] if self.n_outputs == 1 else pred

    def loss(self, X: ArrayLike, y: ArrayLike) -> float:
        """The mean loss of the head on ``(X, y)``."""
        X, T = self._check_data(X, y)
        return self.head.loss(self._forward(X).logits, T)

    def accuracy(self, X: ArrayLike, y: ArrayLike) -> float:
        """Fraction of correct predictions (of correct outputs, for a multi-label sigmoid)."""
        self._check_classifier("accuracy")
        X, T = self._check_data(X, y)
        return float(np.mean(self.head.correct(self._forward(X).logits, T)))

    def __repr__(self) -> str:
        acts = [g.name for g in self.hidden_activations]
        acts = acts[:1] if len(set(acts)) == 1 else acts
        init = self.init if isinstance(self.init, str) else getattr(self.init, "__name__", "?")
        return (
            f"MLP(layer_sizes={self.layer_sizes}, hidden_activation={acts}, "
            f"output={self.output!r}, init={init!r}, dtype={self.dtype})"
        )


def gradient_norms(grads: Gradients) -> list[float]:
    r"""Per layer, the Frobenius norm of the weight gradient :math:`\partial\mathcal L/\partial W`.

    The biases are left out: the weight gradients are what the vanishing and exploding
    gradient plots compare from layer to layer. Index 0 is the first (input) layer.
    """
    return [float(np.linalg.norm(dW)) for dW, *_ in grads]


# --- Optimizers ---
class Optimizer:
    r"""Base class: ``step(params, grads)`` updates the parameter arrays in place.

    ``params`` is :attr:`MLP.parameters` and ``grads`` what :meth:`MLP.backward` returns (or two
    flat lists of arrays of the same shapes). Every optimizer takes the learning rate ``lr``
    :math:`= \eta > 0`. An optimizer with state (momentum, Adam) keeps one state array per parameter
    array; :meth:`reset` (which :func:`train` calls) forgets it.
    """

    def __init__(self, lr: float) -> None:
        self.lr = validate.check_real("learning rate lr", lr, above=0.0)

    def reset(self) -> None:
        """Forget any state (a no-op for plain SGD)."""

    def step(self, params: Sequence, grads: Sequence) -> None:
        """Update ``params`` in place from ``grads`` (same structure and shapes)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        settings = [f"{name}={value}" for name, value in vars(self).items() if type(value) is float]
        return f"{type(self).__name__}({', '.join(settings)})"  # lr, momentum, beta1, ...

    def _state_for(self, state: list[np.ndarray], pairs: list) -> list[np.ndarray]:
        """Zeros like each parameter on the first step; afterwards check the shapes match."""
        if not state:
            return [np.zeros_like(p) for p, _ in pairs]
        if [s.shape for s in state] != [p.shape for p, _ in pairs]:
            raise ValueError(
                f"{type(self).__name__} has state for parameters of other shapes; use a new "
                "optimizer (or call reset()) for a different model"
            )
        return state


class SGD(Optimizer):
    r"""Plain (mini-batch) gradient descent: :math:`\theta \leftarrow \theta - \eta\, g`."""

    def step(self, params: Sequence, grads: Sequence) -> None:
        for p, g in validate.check_params_and_grads(params, grads):
            p -= self.lr * g


class Momentum(Optimizer):
    r"""Gradient descent with (heavy-ball) momentum.

    .. math:: v \leftarrow \mu v - \eta\, g, \qquad \theta \leftarrow \theta + v.

    The velocity :math:`v` is a decaying sum of past steps, so updates keep going in
    directions where the gradients agree and cancel where they oscillate. ``momentum``
    is the decay :math:`\mu \in [0, 1)` of the velocity; 0 is plain SGD.
    """

    def __init__(self, lr: float, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = validate.check_real("momentum", momentum, at_least=0.0, below=1.0)
        self.velocity: list[np.ndarray] = []

    def reset(self) -> None:
        self.velocity = []

    def step(self, params: Sequence, grads: Sequence) -> None:
        pairs = validate.check_params_and_grads(params, grads)
        self.velocity = self._state_for(self.velocity, pairs)
        for (p, g), v in zip(pairs, self.velocity, strict=True):
            v *= self.momentum
            v -= self.lr * g
            p += v


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015): momentum with a per-parameter step size.

    .. math::

        m &\leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad
        v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2, \\
        \theta &\leftarrow \theta - \eta\, \frac{\hat m}{\sqrt{\hat v} + \epsilon},
        \qquad \hat m = \frac{m}{1 - \beta_1^t},\ \hat v = \frac{v}{1 - \beta_2^t},

    where :math:`t` counts the steps taken; the hats undo the bias of starting
    :math:`m` and :math:`v` at zero. ``beta1`` and ``beta2`` are the decay rates of
    the two moment estimates, in [0, 1); ``eps`` > 0 keeps the division finite.
    """

    def __init__(
        self, lr: float = 1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8
    ) -> None:
        super().__init__(lr)
        self.beta1 = validate.check_real("beta1", beta1, at_least=0.0, below=1.0)
        self.beta2 = validate.check_real("beta2", beta2, at_least=0.0, below=1.0)
        self.eps = validate.check_real("eps", eps, above=0.0)
        self.reset()

    def reset(self) -> None:
        self.t = 0
        self.m: list[np.ndarray] = []
        self.v: list[np.ndarray] = []

    def step(self, params: Sequence, grads: Sequence) -> None:
        pairs = validate.check_params_and_grads(params, grads)
        self.m = self._state_for(self.m, pairs)
        self.v = self._state_for(self.v, pairs)
        self.t += 1
        correction1 = 1.0 - self.beta1**self.t
        correction2 = 1.0 - self.beta2**self.t
        for (p, g), m, v in zip(pairs, self.m, self.v, strict=True):
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            p -= self.lr * (m / correction1) / (np.sqrt(v / correction2) + self.eps)


# --- Training ---
@dataclass
class History:
    """What :func:`train` recorded: after each epoch, the mean loss on the whole training set
    (``train_loss``) and the accuracy (``train_accuracy``, classification heads only; empty for
    regression); ``diverged`` says whether training stopped because the loss became NaN or
    infinite.
    """

    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    diverged: bool = False

    @property
    def epochs(self) -> int:
        """Number of epochs actually run."""
        return len(self.train_loss)


def train(
    model: MLP,
    X: ArrayLike,
    y: ArrayLike,
    *,
    optimizer: Optimizer | None = None,
    epochs: int = 20,
    batch_size: int = 32,
    seed: int | None = 0,
) -> History:
    """Train ``model`` in place with mini-batch gradient descent.

    Each epoch visits the training examples once, in an order shuffled by
    ``np.random.default_rng(seed)``, in mini-batches of ``batch_size`` (the last one may
    be smaller); after each mini-batch the optimizer takes one step. After each epoch
    the loss (and accuracy) on the whole training set is recorded. With the same model,
    data, optimizer settings and seed, a run is repeatable bit for bit.

    Parameters
    ----------
    model : MLP
        The network to train.
    X, y : array_like
        Training inputs (n, layer_sizes[0]) and labels (see :class:`MLP`), never modified.
    optimizer : Optimizer, optional
        :class:`SGD`, :class:`Momentum` or :class:`Adam` (``Adam()`` if not given); it is
        reset before training starts.
    epochs : int
        Number of passes over the training data (>= 1).
    batch_size : int
        Examples per mini-batch (>= 1); a value above ``n`` means full-batch training.
    seed : int or None
        Seed of the shuffling.

    Returns
    -------
    History
        If the training loss stops being finite (too large a learning rate), training
        ends and :attr:`History.diverged` is set instead of raising warnings.
    """
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an MLP, got {type(model).__name__}")
    epochs = validate.check_int("epochs", epochs)
    batch_size = validate.check_int("batch_size", batch_size)
    X, T = model._check_data(X, y)
    optimizer = Adam() if optimizer is None else optimizer
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be SGD, Momentum or Adam, got {type(optimizer).__name__}")
    optimizer.reset()
    rng = np.random.default_rng(seed)
    history = History()
    params = model.parameters  # live arrays, updated in place by the optimizer
    n = len(X)
    # A diverging run overflows; that is reported in History.diverged, not as warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            order = rng.permutation(n)
            for start in range(0, n, batch_size):
                batch = order[start : start + batch_size]
                grads = model._backward(model._forward(X[batch], training=True), T[batch])
                optimizer.step(params, grads)
            z = model._forward(X).logits  # the whole training set
            history.train_loss.append(model.head.loss(z, T))
            if model.head.is_classifier:
                history.train_accuracy.append(float(np.mean(model.head.correct(z, T))))
            if not math.isfinite(history.train_loss[-1]):
                history.diverged = True
                break
    return history
