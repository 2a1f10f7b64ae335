"""Helper package of the executable book *Activation Functions in Deep Learning*.

The activation functions, their exact derivatives and properties live in
:mod:`activations.functions` and are re-exported here. The other modules are imported
explicitly: ``from activations import nn, data, plots, experiments``.
"""

from activations.functions import (
    Activation,
    celu,
    elu,
    gelu,
    gelu_tanh,
    get,
    hard_sigmoid,
    hard_swish,
    hard_tanh,
    identity,
    leaky_relu,
    log_sigmoid,
    log_softmax,
    mish,
    names,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softmax_jacobian,
    softplus,
    softsign,
    step,
    tanh,
)

__version__ = "0.1.0"

__all__ = [
    "Activation",
    "__version__",
    "celu",
    "elu",
    "gelu",
    "gelu_tanh",
    "get",
    "hard_sigmoid",
    "hard_swish",
    "hard_tanh",
    "identity",
    "leaky_relu",
    "log_sigmoid",
    "log_softmax",
    "mish",
    "names",
    "relu",
    "relu6",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softmax_jacobian",
    "softplus",
    "softsign",
    "step",
    "tanh",
]
