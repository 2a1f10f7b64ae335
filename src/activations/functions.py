r"""Activation functions: values, exact derivatives and the properties the book tabulates.

Every function of the book is an entry of :data:`REGISTRY`, a plain dict of frozen
:class:`Activation` entries in the teaching order of :func:`names`. An entry is the
function itself (call it for :math:`f(x)`, ``.grad`` for :math:`f'(x)`) and holds its
formula, derivative and properties: a few lines each in the table ``_ENTRIES`` below::

    >>> import numpy as np
    >>> from activations import get, names, sigmoid
    >>> sig = get("sigmoid")
    >>> sig is sigmoid, sig.range_text, sig.max_abs_grad
    (True, '(0, 1)', 0.25)
    >>> sig.grad(np.array([-1.0, 0.0, 1.0]))
    array([0.19661193, 0.25      , 0.19661193])

The module-level ``sigmoid``, ``tanh``, ... are the registry entries themselves, except
:func:`leaky_relu`, :func:`elu` and :func:`celu`, functions that take their parameter;
:func:`softmax`, :func:`log_softmax` and :func:`softmax_jacobian` work on vectors.

Conventions shared by every function here
-----------------------------------------
Inputs
    Anything :func:`numpy.asarray` turns into an array of real numbers: Python
    scalars, lists, NumPy arrays of any shape. ``float16``, ``float32`` and
    ``float64`` are kept: the elementwise functions compute in ``float64`` and round
    the result once to the input's dtype (identity, step, relu and the derivatives of
    the piecewise-linear functions, which are exact, and tanh, NumPy's own loop, run
    in the input's dtype); softmax computes ``float16`` in ``float32``. Bools and
    integers become ``float64``. Strings, ``None``, object arrays, complex numbers and
    ``longdouble`` raise :class:`TypeError`, naming the function. Inputs are never
    modified, and the result never shares memory with the input.
Outputs
    An array of the input's shape. A 0-d input (a Python or NumPy scalar, or a 0-d
    array) gives a NumPy scalar of the result dtype, as NumPy's own ufuncs do:
    ``sigmoid(0.0)`` is ``np.float64(0.5)``.
Special values
    NaN propagates (in values and in derivatives). Infinite inputs give the limits:
    ``sigmoid(-inf) = 0``, ``silu(-inf) = 0``, ``softplus(inf) = inf``, ``tanh(inf) = 1``,
    and every derivative at ``±inf`` is its limit (0, 1, the slope or SELU's lambda),
    never NaN.
Kinks
    Where a function has a kink or a jump (at 0; relu6 at 6 too, the hard ones at ±1 or
    ±3), ``grad`` returns the derivative of the branch on the left, for :math:`x \le` the
    kink: ReLU'(0) = 0, leaky_relu'(0) = slope, ELU'(0) = alpha, SELU'(0) = lambda *
    alpha, relu6'(6) = 1, hard_swish'(-3) = 0 and hard_swish'(3) = 3/2. The step
    function's derivative is 0 everywhere (its almost-everywhere derivative; the jump
    is a Dirac delta that no array can hold).
Floating point
    No function raises a floating-point warning for any input, finite or not, whatever
    :func:`numpy.errstate` the caller has set. Each formula is evaluated only where it
    cannot overflow (``exp`` only ever sees arguments <= 0, or <= 20 in SiLU). The
    one exception made on purpose: results that underflow to a subnormal number or to
    zero, which is the correctly rounded answer, are allowed to, and so are results
    whose true value exceeds the dtype's range (SELU of the largest float, or a value
    rounded back to ``float16``), which become ``±inf`` as IEEE arithmetic prescribes.
Accuracy
    Each formula is arranged to avoid overflow and cancellation, in the tails and down
    to the subnormal range (each entry's ``notes`` say how; the kernels are in the
    private ``_kernels``). Checked against ``mpmath`` in ``float64``: values within
    2 ulp of the exact result, derivatives and softmax/log_softmax within 4 ulp. The
    derivatives of GELU, gelu_tanh, SiLU and Mish are sums that cancel at their root
    (the minimum of the function, near x = -1), where they are evaluated from their
    Taylor series (``_roots``). ``float16`` and ``float32`` results are within 1 ulp
    (faithfully rounded), except ``float32`` tanh (NumPy's loop): 2 ulp, 1.31 measured.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from math import inf
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from . import _kernels as _k  # the accurate evaluation behind each formula
from ._registry import check_alpha, check_slope, normal_moments, softmax_jacobian_of
from ._validate import _as_float_array, _describe

__all__ = [
    "REGISTRY", "Activation", "celu", "elu", "gelu", "gelu_tanh", "get", "hard_sigmoid",
    "hard_swish", "hard_tanh", "identity", "leaky_relu", "log_sigmoid", "log_softmax", "mish",
    "names", "relu", "relu6", "selu", "sigmoid", "silu", "softmax", "softmax_jacobian",
    "softplus", "softsign", "step", "tanh",
]  # fmt: skip


@dataclass(frozen=True, repr=False)
class Activation:
    r"""One activation function: callable, with its exact derivative and its properties.

    Entries come from :func:`get`; they are immutable (``get("elu", alpha=0.5)`` makes
    a new one) and can be pickled. ``help(entry)`` shows formula, derivative and notes.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"leaky_relu"``.
    formula, derivative_formula : str
        LaTeX for :math:`f(x)` and :math:`f'(x)`.
    params : Mapping[str, float]
        Read-only parameters, e.g. ``{"slope": 0.01}`` (empty for most functions).
    output_range : tuple of float
        Infimum and supremum of :math:`f` over the reals (may be ``±math.inf``).
    range_text : str
        The range for people: ``"(0, 1)"``, ``"[0, ∞)"``, ``"{0, 1}"``, with ``[``
        where the bound is attained.
    monotonic : bool
        Non-decreasing on the whole real line.
    smoothness : float
        Order of continuity: -1 discontinuous, 0 continuous (:math:`C^0`), 1
        continuously differentiable (:math:`C^1`), ``math.inf`` infinitely smooth.
    saturates : str
        ``"no"``, ``"negative"`` (:math:`f' \to 0` as :math:`x \to -\infty`, or is 0
        there), ``"positive"`` (only as :math:`x \to +\infty`) or ``"both"``.
    max_abs_grad : float
        :math:`\sup_x |f'(x)|` (for softplus approached, not attained).
    notes : str
        How it is evaluated accurately, and more worth knowing (optional, not compared).
    """

    name: str
    formula: str
    derivative_formula: str
    params: Mapping[str, float] = field(hash=False)
    output_range: tuple[float, float]
    range_text: str
    monotonic: bool
    smoothness: float
    saturates: str
    max_abs_grad: float
    _forward: Callable[..., np.ndarray]
    _backward: Callable[..., np.ndarray]
    notes: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        if self.saturates not in _k._SATURATION_KINDS:
            raise ValueError(
                f"saturates must be one of {_k._SATURATION_KINDS}, got {self.saturates!r}"
            )
        doc = f"{self.formula}\n{self.derivative_formula}\n\n{self.notes}"  # for help(entry)
        object.__setattr__(self, "__doc__", doc.strip())

    def __call__(self, x: ArrayLike) -> Any:
        """Evaluate :math:`f(x)` elementwise (see the module's conventions)."""
        return _k._apply(self._forward, x, self.name, self.params)

    def grad(self, x: ArrayLike) -> Any:
        """Exact derivative :math:`f'(x)` elementwise (left derivative at kinks)."""
        return _k._apply(self._backward, x, f"{self.name}.grad", self.params)

    @property
    def smoothness_text(self) -> str:
        """The continuity order for a table: ``"smooth"``, ``"C0"``, ``"C1"`` or ``"jump"``.

        Examples
        --------
        >>> [get(n).smoothness_text for n in ("step", "relu", "elu", "tanh")]
        ['jump', 'C0', 'C1', 'smooth']
        """
        if self.smoothness == inf:
            return "smooth"
        if self.smoothness < 0:
            return "jump"
        return f"C{int(self.smoothness)}"

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Activation({self.name!r}{args})"

    @property
    def takes_both_signs(self) -> bool:
        """Whether :math:`f` takes both negative and positive values (from its range).

        Examples
        --------
        >>> [get(n).takes_both_signs for n in ("sigmoid", "tanh", "relu", "gelu")]
        [False, True, False, True]
        """
        lo, hi = self.output_range
        return lo < 0 < hi

    @property
    def normal_mean(self) -> float:
        r"""Mean output on standard normal input, :math:`\mathbb{E}[f(Z)]`, :math:`Z \sim N(0, 1)`.

        Computed by adaptive quadrature (:func:`scipy.integrate.quad`, split at 0) to
        about 1e-12. A function is *zero-centred* in the sense that matters for the next
        layer when this is 0: odd functions such as tanh are, and SELU is by the choice
        of its constants.

        Examples
        --------
        >>> round(get("relu").normal_mean, 4), round(get("tanh").normal_mean, 4)
        (0.3989, 0.0)
        """
        return normal_moments(self)[0]

    @property
    def normal_variance(self) -> float:
        r"""Output variance on standard normal input, :math:`\operatorname{Var}[f(Z)]`.

        Examples
        --------
        >>> round(get("relu").normal_variance, 4)  # 1/2 - 1/(2 pi)
        0.3408
        """
        return normal_moments(self)[1]

    def __reduce__(self) -> tuple[Any, ...]:
        if REGISTRY.get(self.name) is self:
            return (get, (self.name,))  # unpickles to the registry's own entry
        # Others (parameter sets, or chapter 7's centred sigmoid) pickle their fields.
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["params"] = dict(self.params)  # a MappingProxyType does not pickle
        return (Activation, tuple(values.values()))


# The registry, one entry per function in teaching order. The lower bounds and sup |f'|
# of the non-monotonic functions are mpmath's at 60 digits, rounded to double (the tests
# recompute them). Laid out by hand, several fields a line: the formatter leaves it alone.
# fmt: off


def _leaky_relu_entry(slope: float = 0.01) -> Activation:
    slope = check_slope(slope)
    return Activation(
        name="leaky_relu",
        formula=r"f(x) = \begin{cases} x & x > 0 \\ a\,x & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        params={"slope": slope}, monotonic=True, smoothness=0.0, max_abs_grad=1.0,
        output_range=(-inf, inf) if slope > 0 else (0.0, inf),
        range_text="(-∞, ∞)" if slope > 0 else "[0, ∞)",
        saturates="no" if slope > 0 else "negative",
        _forward=_k._leaky_relu_k, _backward=_k._leaky_relu_grad_k,
        notes="The slope a of the negative side is in [0, 1): 0 is ReLU, 1 the identity.",
    )


def _elu_entry(alpha: float = 1.0) -> Activation:
    alpha = check_alpha(alpha)
    return Activation(
        name="elu",
        formula=r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0"
        r" \end{cases}",
        derivative_formula=r"\mathrm{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & "
        r"x \le 0 \end{cases}",
        params={"alpha": alpha}, output_range=(-alpha, inf), range_text=f"({-alpha:.5g}, ∞)",
        monotonic=True, smoothness=1.0 if alpha == 1.0 else 0.0, saturates="negative",
        max_abs_grad=max(1.0, alpha), _forward=_k._elu_k, _backward=_k._elu_grad_k,
        notes="Clevert et al. (2016). expm1 keeps small |x| exact. C1 for alpha = 1; "
        "otherwise f' jumps at 0, where grad returns alpha.",
    )


def _celu_entry(alpha: float = 1.0) -> Activation:
    alpha = check_alpha(alpha, "celu")
    return Activation(
        name="celu",
        formula=r"\mathrm{CELU}(x) = \max(0, x) + \min\bigl(0, \alpha\,(e^{x/\alpha} - 1)"
        r"\bigr)",
        derivative_formula=r"\mathrm{CELU}'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & "
        r"x \le 0 \end{cases}",
        params={"alpha": alpha}, output_range=(-alpha, inf), range_text=f"({-alpha:.5g}, ∞)",
        monotonic=True, smoothness=1.0, saturates="negative", max_abs_grad=1.0,
        _forward=_k._celu_k, _backward=_k._celu_grad_k,
        notes="PyTorch's nn.CELU (Barron 2017): ELU rescaled to be C1 for every alpha; "
        "alpha = 1 is ELU. alpha expm1(x/alpha), with x/alpha's rounding error carried.",
    )


_ENTRIES = (
    Activation(
        name="identity", formula=r"f(x) = x", derivative_formula=r"f'(x) = 1",
        params={}, output_range=(-inf, inf), range_text="(-∞, ∞)", monotonic=True,
        smoothness=inf, saturates="no", max_abs_grad=1.0,
        _forward=_k._identity_k, _backward=_k._identity_grad_k,
        notes="The 'linear' activation; a copy of x.",
    ),
    Activation(
        name="step",
        formula=r"H(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        derivative_formula=r"H'(x) = 0 \quad (x \neq 0)",
        params={}, output_range=(0.0, 1.0), range_text="{0, 1}", monotonic=True,
        smoothness=-1.0, saturates="both", max_abs_grad=0.0,
        _forward=_k._step_k, _backward=_k._step_grad_k,
        notes="Heaviside's step; step(0) = 0 makes step(x) == (x > 0), the perceptron's "
        "rule. grad is 0 everywhere: a step network cannot learn by gradient descent.",
    ),
    Activation(
        name="sigmoid",
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        params={}, output_range=(0.0, 1.0), range_text="(0, 1)", monotonic=True,
        smoothness=inf, saturates="both", max_abs_grad=0.25,
        _forward=_k._sigmoid_k, _backward=_k._sigmoid_grad_k,
        notes="1/(1 + e) for x >= 0, e/(1 + e) below, e = exp(-|x|): no overflow, and "
        "sigmoid(-745.0) is 5e-324, not 0; 1 from x = 37 on. f' = e/(1 + e)^2.",
    ),
    Activation(
        name="tanh",
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"\tanh'(x) = 1 - \tanh^{2}(x)",
        params={}, output_range=(-1.0, 1.0), range_text="(-1, 1)", monotonic=True,
        smoothness=inf, saturates="both", max_abs_grad=1.0,
        _forward=_k._tanh_k, _backward=_k._tanh_grad_k,
        notes="NumPy's np.tanh; tanh(x) = 2 sigma(2x) - 1. f' = 4e/(1 + e)^2, "
        "e = exp(-2|x|), precise where 1 - tanh^2 would round to 0.",
    ),
    Activation(
        name="relu",
        formula=r"\mathrm{ReLU}(x) = \max(0, x)",
        derivative_formula=r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 "
        r"\end{cases}",
        params={}, output_range=(0.0, inf), range_text="[0, ∞)", monotonic=True,
        smoothness=0.0, saturates="negative", max_abs_grad=1.0,
        _forward=_k._relu_k, _backward=_k._relu_grad_k,
    ),
    _leaky_relu_entry(),
    _elu_entry(),
    Activation(
        name="selu",
        formula=r"\mathrm{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) &"
        r" x \le 0 \end{cases}",
        derivative_formula=r"\mathrm{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ "
        r"\alpha\,e^{x} & x \le 0 \end{cases}",
        params={}, output_range=(-_k.SELU_LAMBDA_ALPHA, inf), range_text="(-1.7581, ∞)",
        monotonic=True, smoothness=0.0, saturates="negative", max_abs_grad=_k.SELU_LAMBDA_ALPHA,
        _forward=_k._selu_k, _backward=_k._selu_grad_k,
        notes="Klambauer et al. (2017): alpha = 1.67326324..., lambda = 1.05070098..., "
        "which map N(0, 1) to mean 0, variance 1. grad(0) = lambda alpha.",
    ),
    Activation(
        name="gelu",
        formula=r"\mathrm{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + "
        r"\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
        derivative_formula=r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x) = \Phi(x) + "
        r"\frac{x}{\sqrt{2\pi}}\,e^{-x^{2}/2}",
        params={}, output_range=(-0.16997120747990366, inf), range_text="[-0.16997, ∞)",
        monotonic=False, smoothness=inf, saturates="negative", max_abs_grad=1.1289041451851548,
        _forward=_k._gelu_k, _backward=_k._gelu_grad_k,
        notes="max(x, 0) - t Phi(-t), t = |x|, Phi(-t) = exp(-t^2/2) (1 + g(t))/(2 + 2t), "
        "g a polynomial fitted with mpmath (_normal_tail), in double-double arithmetic: "
        "1.7 ulp down to underflow (x ~ -38.5); scipy's erfc is up to ~7-9 ulp off. "
        "sup |f'| is at x = sqrt(2).",
    ),
    Activation(
        name="gelu_tanh",
        formula=r"f(x) = \frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,"
        r"\left(x + 0.044715\,x^{3}\right)\right)\right)",
        derivative_formula=r"f'(x) = \frac{1}{2}\left(1 + \tanh u\right) + \frac{x}{2}\,"
        r"\operatorname{sech}^{2}(u)\,\sqrt{2/\pi}\,\left(1 + 0.134145\,x^{2}\right),"
        r"\quad u = \sqrt{2/\pi}\,\left(x + 0.044715\,x^{3}\right)",
        params={}, output_range=(-0.17004075057125405, inf), range_text="[-0.17004, ∞)",
        monotonic=False, smoothness=inf, saturates="negative", max_abs_grad=1.1289930686587718,
        _forward=_k._gelu_tanh_k, _backward=_k._gelu_tanh_grad_k,
        notes="GELU's tanh approximation (BERT, GPT-2), within 5e-4 of gelu. x sigma(v), "
        "v = 2u in double-double, avoids the cancellation in 1 + tanh(u) for u < 0; |x| "
        "is clipped at 1000 (f is 0 or x there). f' = sigma(v) (1 + x sigma(-v) v').",
    ),
    Activation(
        name="silu",
        formula=r"\mathrm{SiLU}(x) = x\,\sigma(x) = \frac{x}{1 + e^{-x}}",
        derivative_formula=r"\mathrm{SiLU}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        params={}, output_range=(-0.2784645427610738, inf), range_text="[-0.27846, ∞)",
        monotonic=False, smoothness=inf, saturates="negative", max_abs_grad=1.0998393201288669,
        _forward=_k._silu_k, _backward=_k._silu_grad_k,
        notes="Also called swish. Its minimum is at x = -1.27846..., where f(x) = x + 1. "
        "f' = sigma(x) (1 + x sigma(-x)): 1 - sigma(x) would cancel for large x.",
    ),
    Activation(
        name="softplus",
        formula=r"\mathrm{softplus}(x) = \ln\left(1 + e^{x}\right)",
        derivative_formula=r"\mathrm{softplus}'(x) = \sigma(x) = \frac{1}{1 + e^{-x}}",
        params={}, output_range=(0.0, inf), range_text="(0, ∞)", monotonic=True,
        smoothness=inf, saturates="negative", max_abs_grad=1.0,
        _forward=_k._softplus_k, _backward=_k._sigmoid_k,
        notes="A smooth ReLU: max(x, 0) + log1p(exp(-|x|)) never overflows, and is 0 only "
        "where exp(x) underflows (softplus(-800.0)).",
    ),
    Activation(
        name="mish",
        formula=r"\mathrm{Mish}(x) = x \tanh\bigl(\ln(1 + e^{x})\bigr)",
        derivative_formula=r"\mathrm{Mish}'(x) = \tanh\bigl(\mathrm{sp}(x)\bigr) + x\,"
        r"\sigma(x)\,\operatorname{sech}^{2}\bigl(\mathrm{sp}(x)\bigr),"
        r"\quad \mathrm{sp}(x) = \ln(1 + e^{x})",
        params={}, output_range=(-0.30884341301725041, inf), range_text="[-0.30884, ∞)",
        monotonic=False, smoothness=inf, saturates="negative", max_abs_grad=1.0884981612517279,
        _forward=_k._mish_k, _backward=_k._mish_grad_k,
        notes="Misra (2019). tanh(ln(1 + u)) = (u^2 + 2u)/(u^2 + 2u + 2), u = e^x, "
        "evaluated with exp(-|x|): no overflow, no cancellation.",
    ),
    # PyTorch's piecewise-linear ones: grad is the left derivative at each kink.
    Activation(
        name="relu6", formula=r"\mathrm{ReLU6}(x) = \min(\max(0, x), 6)",
        derivative_formula=r"\mathrm{ReLU6}'(x) = \begin{cases} 1 & 0 < x \le 6 \\ 0 & "
        r"\text{otherwise} \end{cases}",
        params={}, output_range=(0.0, 6.0), range_text="[0, 6]", monotonic=True,
        smoothness=0.0, saturates="both", max_abs_grad=1.0,
        _forward=_k._relu6_k, _backward=_k._relu6_grad_k,
        notes="PyTorch's nn.ReLU6 (MobileNets); exact in every dtype. Kinks at 0 and 6, "
        "where grad is the left derivative: 0 at x = 0, 1 at x = 6.",
    ),
    Activation(
        name="hard_tanh", formula=r"f(x) = \min(\max(-1, x), 1)",
        derivative_formula=r"f'(x) = \begin{cases} 1 & -1 < x \le 1 \\ 0 & \text{otherwise}"
        r" \end{cases}",
        params={}, output_range=(-1.0, 1.0), range_text="[-1, 1]", monotonic=True,
        smoothness=0.0, saturates="both", max_abs_grad=1.0,
        _forward=_k._hard_tanh_k, _backward=_k._hard_tanh_grad_k,
        notes="PyTorch's nn.Hardtanh (min_val = -1, max_val = 1); exact in every dtype. "
        "grad is the left derivative at the kinks: 0 at x = -1, 1 at x = 1.",
    ),
    Activation(
        name="hard_sigmoid", formula=r"f(x) = \frac{\mathrm{ReLU6}(x + 3)}{6}",
        derivative_formula=r"f'(x) = \begin{cases} 1/6 & -3 < x \le 3 \\ 0 & "
        r"\text{otherwise} \end{cases}",
        params={}, output_range=(0.0, 1.0), range_text="[0, 1]", monotonic=True,
        smoothness=0.0, saturates="both", max_abs_grad=1 / 6,
        _forward=_k._hard_sigmoid_k, _backward=_k._hard_sigmoid_grad_k,
        notes="PyTorch's nn.Hardsigmoid: (x + 3)/6 on [-3, 3] (x + 3 is exact near -3, "
        "so no cancellation), 0 and 1 outside. grad is the left derivative at the kinks: "
        "0 at x = -3, 1/6 at x = 3.",
    ),
    Activation(
        name="hard_swish", formula=r"f(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}",
        derivative_formula=r"f'(x) = \begin{cases} 0 & x \le -3 \\ (2x + 3)/6 & -3 < x "
        r"\le 3 \\ 1 & x > 3 \end{cases}",
        params={}, output_range=(-0.375, inf), range_text="[-0.375, ∞)", monotonic=False,
        smoothness=0.0, saturates="negative", max_abs_grad=1.5,
        _forward=_k._hard_swish_k, _backward=_k._hard_swish_grad_k,
        notes="PyTorch's nn.Hardswish (MobileNetV3), a cheap SiLU: (x (x + 3))/6 on [-3, "
        "3], minimum -3/8 at x = -3/2. f' jumps at -3 and 3, where grad is the left "
        "derivative: 0 at x = -3, 3/2 at x = 3 (the sup of |f'|).",
    ),
    Activation(
        name="softsign", formula=r"f(x) = \frac{x}{1 + |x|}",
        derivative_formula=r"f'(x) = \frac{1}{(1 + |x|)^{2}}",
        params={}, output_range=(-1.0, 1.0), range_text="(-1, 1)", monotonic=True,
        smoothness=1.0, saturates="both", max_abs_grad=1.0,
        _forward=_k._softsign_k, _backward=_k._softsign_grad_k,
        notes="PyTorch's nn.Softsign: a tanh whose tails approach ±1 like 1/|x|, not "
        "exponentially. |x| is clipped at 1e300 (f(inf) = 1). f'' jumps at 0: C1.",
    ),
    _celu_entry(),
    Activation(
        name="log_sigmoid", formula=r"f(x) = \ln \sigma(x) = -\ln\left(1 + e^{-x}\right)",
        derivative_formula=r"f'(x) = \sigma(-x) = 1 - \sigma(x)",
        params={}, output_range=(-inf, 0.0), range_text="(-∞, 0)", monotonic=True,
        smoothness=inf, saturates="positive", max_abs_grad=1.0,
        _forward=_k._log_sigmoid_k, _backward=_k._log_sigmoid_grad_k,
        notes="PyTorch's nn.LogSigmoid: -softplus(-x) = min(x, 0) - log1p(exp(-|x|)), "
        "-e^-x for large x and x for very negative x, never log(0).",
    ),
)
# fmt: on

#: Every activation of the book by name, in teaching order (do not mutate: use get()).
REGISTRY: dict[str, Activation] = {entry.name: entry for entry in _ENTRIES}


def names() -> list[str]:
    """Registry names in the book's teaching order.

    Returns
    -------
    list of str
        A new list each call.

    Examples
    --------
    >>> names()  # doctest: +NORMALIZE_WHITESPACE
    ['identity', 'step', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'elu', 'selu',
     'gelu', 'gelu_tanh', 'silu', 'softplus', 'mish', 'relu6', 'hard_tanh',
     'hard_sigmoid', 'hard_swish', 'softsign', 'celu', 'log_sigmoid']
    """
    return list(REGISTRY)


def get(name: str | Activation, **params: float) -> Activation:
    """Look up an activation by name, optionally with its parameters set.

    Parameters
    ----------
    name : str or Activation
        A registry name (see :func:`names`), or an entry, which is returned unchanged
        (or, if *params* are given, rebuilt with those parameters changed).
    **params
        Parameters of the function: ``slope`` for ``leaky_relu`` (default 0.01, in
        [0, 1)) and ``alpha`` for ``elu`` and ``celu`` (default 1.0, > 0). The others have none.

    Returns
    -------
    Activation

    Raises
    ------
    ValueError
        Unknown name (the message lists the valid ones), a parameter the function does
        not have (the message lists those it has), or a parameter value out of range.
    TypeError
        *name* is neither a str nor an Activation, or a parameter is not a real number.

    Examples
    --------
    >>> get("leaky_relu").params["slope"]
    0.01
    >>> get("leaky_relu", slope=0.2)
    Activation('leaky_relu', slope=0.2)
    >>> get("elu", alpha=0.5).output_range
    (-0.5, inf)
    """
    if isinstance(name, Activation):
        return get(name.name, **{**name.params, **params}) if params else name
    if not isinstance(name, str):
        raise TypeError(
            f"get() expected an activation name (str) or an Activation, got {_describe(name)}"
        )
    entry = REGISTRY.get(name)
    if entry is None:
        close = difflib.get_close_matches(name, REGISTRY, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ValueError(
            f"unknown activation {name!r}{hint}; valid names are: {', '.join(REGISTRY)}"
        )
    if not params:
        return entry
    unknown = sorted(set(params) - set(entry.params))
    if unknown:
        accepted = ", ".join(entry.params) if entry.params else "none"
        raise ValueError(
            f"{name!r} got unknown parameter(s) {', '.join(unknown)}; accepted parameters: "
            f"{accepted}"
        )
    return {"leaky_relu": _leaky_relu_entry, "elu": _elu_entry, "celu": _celu_entry}[name](**params)


identity = REGISTRY["identity"]
step = REGISTRY["step"]
sigmoid = REGISTRY["sigmoid"]
tanh = REGISTRY["tanh"]
relu = REGISTRY["relu"]
selu = REGISTRY["selu"]
gelu = REGISTRY["gelu"]
gelu_tanh = REGISTRY["gelu_tanh"]
silu = REGISTRY["silu"]
softplus = REGISTRY["softplus"]
mish = REGISTRY["mish"]
relu6, hard_tanh = REGISTRY["relu6"], REGISTRY["hard_tanh"]
hard_sigmoid, hard_swish = REGISTRY["hard_sigmoid"], REGISTRY["hard_swish"]
softsign, log_sigmoid = REGISTRY["softsign"], REGISTRY["log_sigmoid"]


def leaky_relu(x: ArrayLike, slope: float = 0.01) -> Any:
    r"""Leaky ReLU, *x* for x > 0 and ``slope * x`` otherwise: ``get("leaky_relu", slope=slope)``.

    Parameters
    ----------
    x : array_like
        Real input (see the module's conventions).
    slope : float, default 0.01
        Slope :math:`a` of the negative side, a finite number in [0, 1) (0 is ReLU); 1
        would be the identity and more than 1 a negative side steeper than the positive
        one, so they raise :class:`ValueError`.

    Returns
    -------
    ndarray or NumPy scalar
        Same shape and float dtype as ``x``.

    Examples
    --------
    >>> leaky_relu([-2.0, 3.0], slope=0.2)
    array([-0.4,  3. ])
    """
    return _k._apply(_k._leaky_relu_k, x, "leaky_relu", {"slope": check_slope(slope)})


def elu(x: ArrayLike, alpha: float = 1.0) -> Any:
    r"""Exponential linear unit with parameter *alpha*: ``get("elu", alpha=alpha)``.

    Parameters
    ----------
    x : array_like
        Real input (see the module's conventions).
    alpha : float, default 1.0
        :math:`-\alpha` is the limit as :math:`x \to -\infty`; a finite number > 0,
        else :class:`ValueError`.

    Returns
    -------
    ndarray or NumPy scalar
        Values in :math:`(-\alpha, \infty)`, same shape and float dtype as ``x``.

    Examples
    --------
    >>> elu([-1.0, 0.0, 2.0])
    array([-0.63212056,  0.        ,  2.        ])
    """
    return _k._apply(_k._elu_k, x, "elu", {"alpha": check_alpha(alpha)})


def celu(x: ArrayLike, alpha: float = 1.0) -> Any:
    r"""Continuously differentiable ELU with parameter *alpha*: ``get("celu", alpha=alpha)``.

    Parameters and returns as for :func:`elu`; the slope at 0 is 1 for every *alpha*.

    >>> celu([-2.0, 0.0, 2.0], alpha=2.0)
    array([-1.26424112,  0.        ,  2.        ])
    """
    return _k._apply(_k._celu_k, x, "celu", {"alpha": check_alpha(alpha, "celu")})


def softmax(x: ArrayLike, axis: int | None = -1) -> Any:
    r"""Softmax along *axis*: exponentials normalised to sum to 1.

    Parameters
    ----------
    x : array_like
        Real logits.
    axis : int or None, default -1
        Axis along which the probabilities sum to 1; None means over all entries.

    Returns
    -------
    ndarray or NumPy scalar
        Probabilities, same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \mathrm{softmax}(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}
        = \frac{e^{x_i - m}}{\sum_j e^{x_j - m}}, \quad m = \max_j x_j

    Subtracting the maximum makes every exponent <= 0, so nothing overflows and the
    largest term is exactly 1. The differences :math:`x_i - m` are carried with their
    rounding error, so even :math:`e^{-700}` keeps its relative precision. A row with
    :math:`0 \le m \le 700 - \ln n` (n entries) skips the shift: computed in float64,
    no :math:`e^{x_i}` nor their sum can overflow, and the sum is >= 1, so an
    :math:`e^{x_i}` underflows only where its probability does; the first form is then
    as accurate. Shifting the logits can therefore change a row by rounding error (a
    few ulp), not always by nothing. The row sum is an exact part and a small rest (Rump,
    Ogita and Oishi's extraction), rounded once: long rows lose no accuracy to it.

    Undefined rows follow limits: a row of only :math:`-\infty` is uniform (all logits
    equal), a row with :math:`+\infty` entries splits the mass equally among them, and
    a row with a NaN is all NaN (other rows are unaffected).

    Examples
    --------
    >>> softmax([1.0, 2.0, 3.0])
    array([0.09003057, 0.24472847, 0.66524096])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])
    >>> softmax([[0.0, 0.0], [0.0, np.log(3.0)]])
    array([[0.5 , 0.5 ],
           [0.25, 0.75]])
    """
    return _k._rowwise(_k._softmax_rows, x, axis, "softmax")


def log_softmax(x: ArrayLike, axis: int | None = -1) -> Any:
    r"""Logarithm of :func:`softmax`, computed directly (exact for huge logits).

    Parameters
    ----------
    x : array_like
        Real logits.
    axis : int or None, default -1
        Axis along which to normalise; None means over all entries.

    Returns
    -------
    ndarray or NumPy scalar
        Log-probabilities (<= 0), same shape and float dtype as ``x``.

    Notes
    -----
    .. math:: \log\mathrm{softmax}(x)_i = (x_i - m) - \log\Bigl(1 + \sum_{j \ne k}
        e^{x_j - m}\Bigr), \quad m = \max_j x_j = x_k

    The sum in the logarithm is formed without the leading 1 and passed to ``log1p``,
    so tiny probabilities of the other classes are not lost: ``log_softmax([0, -40])``
    gives :math:`-e^{-40}`, not 0. ``log_softmax([1000, 0])`` is ``[0, -1000]``
    exactly. Rows of only :math:`-\infty` or with :math:`+\infty` or NaN entries follow
    the rules of :func:`softmax`.

    Examples
    --------
    >>> log_softmax([1000.0, 0.0])
    array([    0., -1000.])
    >>> log_softmax([0.0, 0.0])
    array([-0.69314718, -0.69314718])
    """
    return _k._rowwise(_k._log_softmax_rows, x, axis, "log_softmax")


def softmax_jacobian(z: ArrayLike) -> np.ndarray:
    r"""Jacobian of :func:`softmax` at a 1-D vector of logits.

    Parameters
    ----------
    z : array_like, 1-D
        Logits of length :math:`n`.

    Returns
    -------
    ndarray, shape (n, n)
        :math:`J_{ij} = \partial\,\mathrm{softmax}(z)_i / \partial z_j`, same float
        dtype as ``z``. It is symmetric and each row sums to 0.

    Notes
    -----
    .. math:: J = \operatorname{diag}(p) - p\,p^{\mathsf T}, \quad p = \mathrm{softmax}(z)

    The diagonal :math:`p_i(1 - p_i)` is computed as :math:`p_i \sum_{j \ne i} p_j`
    (from prefix and suffix sums), which keeps its relative precision when
    :math:`p_i` is close to 1.

    Examples
    --------
    >>> softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    arr = _as_float_array(z, "softmax_jacobian")
    if arr.ndim != 1:
        raise ValueError(
            f"softmax_jacobian expects a 1-D vector of logits, got an array of shape {arr.shape}"
        )
    return softmax_jacobian_of(arr)
