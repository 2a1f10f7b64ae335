r"""Activation functions: values, exact derivatives and the properties the book tabulates.

Every function of the book lives in :data:`REGISTRY`, a plain dict of frozen
:class:`Activation` entries, in the teaching order given by :func:`names`::

    >>> import numpy as np
    >>> from activations import get, names
    >>> names()[:4]
    ['identity', 'step', 'sigmoid', 'tanh']
    >>> sig = get("sigmoid")
    >>> sig(np.array([-1.0, 0.0, 1.0]))
    array([0.26894142, 0.5       , 0.73105858])
    >>> sig.grad(np.array([-1.0, 0.0, 1.0]))
    array([0.19661193, 0.25      , 0.19661193])
    >>> sig.range_text, sig.max_abs_grad
    ('(0, 1)', 0.25)

The same functions exist as plain module-level functions (``sigmoid(x)``,
``leaky_relu(x, slope=0.01)``, ...), next to the vector functions :func:`softmax`,
:func:`log_softmax` and :func:`softmax_jacobian`.

Conventions shared by every function here
-----------------------------------------
Inputs
    Anything :func:`numpy.asarray` turns into an array of real numbers: Python
    scalars, lists, NumPy arrays of any shape. ``float16``, ``float32`` and
    ``float64`` are kept: the elementwise functions compute in ``float64`` and round
    the result once to the input's dtype (identity, step, relu and the derivatives of
    the piecewise-linear functions, which are exact, and tanh, NumPy's own loop, run
    in the input's dtype); softmax computes ``float16`` in ``float32``. Bools and integers become
    ``float64``. Strings, ``None``, object arrays, complex numbers and ``longdouble``
    raise :class:`TypeError`. Inputs are never modified, and the result never shares
    memory with the input.
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
    Where a function has a kink or a jump (at 0), ``grad`` returns the derivative of
    the branch for :math:`x \le 0`, the left derivative: ReLU'(0) = 0,
    leaky_relu'(0) = slope, ELU'(0) = alpha, SELU'(0) = lambda * alpha. The step
    function's derivative is 0 everywhere (its almost-everywhere derivative; the jump
    is a Dirac delta that no array can hold).
Floating point
    No function raises a floating-point warning for any input, finite or not, whatever
    :func:`numpy.errstate` the caller has set. Each formula is evaluated only where it
    cannot overflow (``exp`` only ever sees arguments <= 0, or <= 20 in SiLU). The
    one exception made on purpose: results that underflow to a subnormal number or to
    zero, which is the correctly rounded answer, are allowed to
    (``np.errstate(under="ignore")`` inside the dispatcher), and so are results whose
    true value exceeds the dtype's range (SELU of the largest float, or a value rounded
    back to ``float16``), which become ``±inf`` as IEEE arithmetic prescribes.
Accuracy
    Each formula is arranged to avoid overflow and cancellation, including in the
    tails and down to the subnormal range. Checked against ``mpmath`` by the test
    suite, in ``float64``: values within 2 ulp of the exact result, derivatives and
    softmax/log_softmax within 4 ulp. The derivatives of GELU, gelu_tanh, SiLU and Mish
    are sums that cancel at their root (the minimum of the function, near x = -1):
    there they are evaluated from their Taylor series at the root (``_roots``), so that
    their relative error stays small too. GELU's normal CDF uses a polynomial fitted
    with mpmath (``_normal_tail``) and double-double arithmetic, since scipy's ``erfc``
    and ``erfcx`` are each up to ~7-9 ulp off. ``float16`` and ``float32`` results are
    within 1 ulp (faithfully rounded), except ``float32`` tanh: NumPy's ``float32``
    loop, within 2 ulp (1.31 measured).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from . import _kernels as _k  # the accurate evaluation behind each formula
from ._kernels import GELU_TANH_COEFF, SELU_ALPHA, SELU_LAMBDA, SELU_LAMBDA_ALPHA
from ._validate import _as_float_array, _check_real_param, _describe

__all__ = [
    "GELU_TANH_COEFF",
    "REGISTRY",
    "SELU_ALPHA",
    "SELU_LAMBDA",
    "SELU_LAMBDA_ALPHA",
    "Activation",
    "elu",
    "gelu",
    "gelu_tanh",
    "get",
    "identity",
    "leaky_relu",
    "log_softmax",
    "mish",
    "names",
    "relu",
    "selu",
    "sigmoid",
    "silu",
    "softmax",
    "softmax_jacobian",
    "softplus",
    "step",
    "tanh",
]


def _check_slope(slope: Any) -> float:
    value = _check_real_param(slope, "slope", "leaky_relu")
    if not (math.isfinite(value) and 0.0 <= value < 1.0):
        raise ValueError(
            "leaky_relu: slope must be a finite number in [0, 1) (the slope of the "
            f"negative side; 1 would be the identity), got {slope!r}"
        )
    return value


def _check_alpha(alpha: Any) -> float:
    value = _check_real_param(alpha, "alpha", "elu")
    if not (math.isfinite(value) and value > 0.0):
        raise ValueError(f"elu: alpha must be a finite number > 0, got {alpha!r}")
    return value


def identity(x: ArrayLike) -> Any:
    r"""Identity ("linear") activation: a copy of *x*.

    Parameters
    ----------
    x : array_like
        Real input (scalar or array of any shape).

    Returns
    -------
    ndarray or NumPy scalar
        ``x`` as a new array of the same shape and float dtype.

    Notes
    -----
    .. math:: f(x) = x, \qquad f'(x) = 1

    Always a copy, so writing into the result never changes the input.

    Examples
    --------
    >>> identity([-1, 0, 2])
    array([-1.,  0.,  2.])
    """
    return _k._apply(_k._identity_k, x, "identity", {})


def step(x: ArrayLike) -> Any:
    r"""Heaviside step function, with ``step(0) = 0``.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        1.0 where ``x > 0``, 0.0 where ``x <= 0``, NaN where ``x`` is NaN.

    Notes
    -----
    .. math:: H(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}

    The value at 0 is a convention; 0 makes ``step(x) == (x > 0)``, the perceptron's
    rule. The derivative is 0 wherever it exists (everywhere except 0), and
    ``get("step").grad`` returns 0 everywhere, which is why a step network cannot be
    trained by gradient descent.

    Examples
    --------
    >>> step([-1.0, 0.0, 0.5])
    array([0., 0., 1.])
    """
    return _k._apply(_k._step_k, x, "step", {})


def sigmoid(x: ArrayLike) -> Any:
    r"""Logistic sigmoid, computed without overflow and without cancellation.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in [0, 1]: exactly 0 only where the true value rounds to 0; exactly 1 from
        x = 37 on, where 1 + e^-x rounds to 1 (the true value rounds to 1 from x = 38).

    Notes
    -----
    .. math:: \sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\,\sigma(-x)

    With :math:`e = e^{-|x|}`, :math:`\sigma(x) = 1/(1+e)` for :math:`x \ge 0` and
    :math:`e/(1+e)` for :math:`x < 0`: ``exp`` never overflows, and small values keep
    their relative precision (``sigmoid(-745.0)`` is the subnormal 5e-324, not 0).

    Examples
    --------
    >>> sigmoid([-1.0, 0.0, 1.0])
    array([0.26894142, 0.5       , 0.73105858])
    >>> float(sigmoid(0))
    0.5
    >>> bool(sigmoid(-745.0) > 0)
    True
    """
    return _k._apply(_k._sigmoid_k, x, "sigmoid", {})


def tanh(x: ArrayLike) -> Any:
    r"""Hyperbolic tangent (NumPy's ``np.tanh`` with this module's input rules).

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in [-1, 1].

    Notes
    -----
    .. math::
        \tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}} = 2\sigma(2x) - 1,
        \qquad \tanh'(x) = \operatorname{sech}^2(x) = 1 - \tanh^2(x)

    The derivative is computed as :math:`4e/(1+e)^2` with :math:`e = e^{-2|x|}`, which
    keeps its relative precision where :math:`1 - \tanh^2 x` would round to 0.

    Examples
    --------
    >>> tanh([-1.0, 0.0, 1.0])
    array([-0.76159416,  0.        ,  0.76159416])
    """
    return _k._apply(_k._tanh_k, x, "tanh", {})


def relu(x: ArrayLike) -> Any:
    r"""Rectified linear unit, :math:`\max(0, x)`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in [0, inf].

    Notes
    -----
    .. math::
        \mathrm{ReLU}(x) = \max(0, x), \qquad
        \mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}

    The derivative at the kink is taken as 0 (the left derivative).

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return _k._apply(_k._relu_k, x, "relu", {})


def leaky_relu(x: ArrayLike, slope: float = 0.01) -> Any:
    r"""Leaky ReLU: *x* for positive inputs, ``slope * x`` otherwise.

    Parameters
    ----------
    x : array_like
        Real input.
    slope : float, default 0.01
        Slope :math:`a` of the negative side, a finite number in [0, 1). ``slope = 0``
        is ReLU; a slope of 1 or more is not an activation anyone means (1 is the
        identity, more than 1 makes the negative side steeper than the positive one),
        so it is rejected with :class:`ValueError`.

    Returns
    -------
    ndarray or NumPy scalar
        Same shape and float dtype as ``x``.

    Notes
    -----
    .. math::
        f(x) = \begin{cases} x & x > 0 \\ a\,x & x \le 0 \end{cases}, \qquad
        f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}

    Examples
    --------
    >>> leaky_relu([-2.0, 0.0, 3.0])
    array([-0.02,  0.  ,  3.  ])
    >>> leaky_relu([-2.0, 3.0], slope=0.2)
    array([-0.4,  3. ])
    """
    return _k._apply(_k._leaky_relu_k, x, "leaky_relu", {"slope": _check_slope(slope)})


def elu(x: ArrayLike, alpha: float = 1.0) -> Any:
    r"""Exponential linear unit (Clevert et al., 2016).

    Parameters
    ----------
    x : array_like
        Real input.
    alpha : float, default 1.0
        Saturation value of the negative side (:math:`-\alpha` as :math:`x \to -\infty`),
        a finite number > 0.

    Returns
    -------
    ndarray or NumPy scalar
        Values in :math:`(-\alpha, \infty)`.

    Notes
    -----
    .. math::
        \mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0
        \end{cases}, \qquad
        \mathrm{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}

    The negative side uses ``expm1``, accurate for small :math:`|x|`. With
    :math:`\alpha = 1` the function is continuously differentiable; otherwise the
    derivative jumps at 0, where ``grad`` returns :math:`\alpha` (left derivative).

    Examples
    --------
    >>> elu([-1.0, 0.0, 2.0])
    array([-0.63212056,  0.        ,  2.        ])
    """
    return _k._apply(_k._elu_k, x, "elu", {"alpha": _check_alpha(alpha)})


def selu(x: ArrayLike) -> Any:
    r"""Scaled ELU (Klambauer et al., 2017), with the self-normalising constants.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in :math:`(-\lambda\alpha, \infty)`, :math:`\lambda\alpha \approx 1.7581`.

    Notes
    -----
    .. math::
        \mathrm{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) &
        x \le 0 \end{cases}, \qquad
        \mathrm{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0
        \end{cases}

    with :math:`\alpha = 1.6732632423543772848\ldots` and
    :math:`\lambda = 1.0507009873554804934\ldots`, the values for which a standard
    normal input gives an output of mean 0 and variance 1. The derivative jumps at 0
    (from :math:`\lambda\alpha` to :math:`\lambda`); ``grad(0)`` is :math:`\lambda\alpha`.

    Examples
    --------
    >>> selu([-1.0, 0.0, 1.0])
    array([-1.11133074,  0.        ,  1.05070099])
    """
    return _k._apply(_k._selu_k, x, "selu", {})


def gelu(x: ArrayLike) -> Any:
    r"""Gaussian error linear unit, exact form :math:`x\,\Phi(x)`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in :math:`[-0.16997\ldots, \infty)`.

    Notes
    -----
    .. math::
        \mathrm{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\,\operatorname{erfc}\!\left(
        -\frac{x}{\sqrt{2}}\right), \qquad
        \mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x)

    where :math:`\Phi` and :math:`\varphi` are the standard normal CDF and density.
    With :math:`t = |x|`, :math:`\mathrm{GELU}(x) = \max(x, 0) - t\,\Phi(-t)`, and
    :math:`\Phi(-t) = e^{-t^2/2} (1 + g(t)) / (2 + 2t)` where :math:`g` is a small,
    smooth function approximated by a polynomial fitted with mpmath
    (``tools/gen_normal_tail.py``); the products are formed in double-double
    arithmetic and :math:`t^2` is split exactly, so the negative tail keeps its
    relative precision down to the underflow threshold (:math:`x \approx -38.5`):
    within 1.7 ulp everywhere in ``float64``.

    Examples
    --------
    >>> gelu([-1.0, 0.0, 1.0])
    array([-0.15865525,  0.        ,  0.84134475])
    """
    return _k._apply(_k._gelu_k, x, "gelu", {})


def gelu_tanh(x: ArrayLike) -> Any:
    r"""The tanh approximation of GELU used by BERT and GPT-2.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in :math:`[-0.17004\ldots, \infty)`.

    Notes
    -----
    .. math::
        f(x) = \frac{x}{2}\left(1 + \tanh\!\left(\sqrt{2/\pi}\,(x + 0.044715\,x^{3})
        \right)\right) = x\,\sigma(v), \quad v = 2\sqrt{2/\pi}\,(x + 0.044715\,x^3)

    .. math:: f'(x) = \sigma(v)\,\bigl(1 + x\,\sigma(-v)\,v'\bigr), \quad
        v' = 2\sqrt{2/\pi}\,(1 + 0.134145\,x^2)

    The form :math:`x\,\sigma(v)` avoids the cancellation in :math:`1 + \tanh(u)` for
    negative :math:`u`. Since the far negative tail amplifies any rounding error in
    :math:`v` by :math:`|v|`, :math:`v` is formed in double-double arithmetic, and
    :math:`|x|` is clipped at 1000 (where the function has reached 0 or :math:`x` to
    the last bit) so that :math:`x^3` never overflows. It differs from
    :func:`gelu` by less than :math:`5 \times 10^{-4}`.

    Examples
    --------
    >>> gelu_tanh([-1.0, 0.0, 1.0])
    array([-0.15880801,  0.        ,  0.84119199])
    """
    return _k._apply(_k._gelu_tanh_k, x, "gelu_tanh", {})


def silu(x: ArrayLike) -> Any:
    r"""Sigmoid linear unit, also called swish: :math:`x\,\sigma(x)`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in :math:`[-0.27846\ldots, \infty)`; the minimum is at
        :math:`x \approx -1.27846`.

    Notes
    -----
    .. math::
        \mathrm{SiLU}(x) = \frac{x}{1 + e^{-x}} = x\,\sigma(x), \qquad
        \mathrm{SiLU}'(x) = \sigma(x)\,\bigl(1 + x\,\sigma(-x)\bigr)

    :math:`\sigma(-x)` replaces :math:`1 - \sigma(x)`, which would cancel for large
    :math:`x`. ``silu(-inf)`` is 0.

    Examples
    --------
    >>> silu([-1.0, 0.0, 1.0])
    array([-0.26894142,  0.        ,  0.73105858])
    """
    return _k._apply(_k._silu_k, x, "silu", {})


def softplus(x: ArrayLike) -> Any:
    r"""Softplus, :math:`\log(1 + e^x)`, a smooth ReLU.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in :math:`(0, \infty)` (0 only where the true value underflows).

    Notes
    -----
    .. math::
        \mathrm{softplus}(x) = \ln(1 + e^{x}) = \max(x, 0) + \ln(1 + e^{-|x|}),
        \qquad \mathrm{softplus}'(x) = \sigma(x)

    The right-hand form never overflows and ``log1p`` keeps small values exact:
    ``softplus(-800.0)`` is 0 only because :math:`e^{-800}` underflows.

    Examples
    --------
    >>> softplus([-1.0, 0.0, 1.0])
    array([0.31326169, 0.69314718, 1.31326169])
    """
    return _k._apply(_k._softplus_k, x, "softplus", {})


def mish(x: ArrayLike) -> Any:
    r"""Mish (Misra, 2019): :math:`x\,\tanh(\mathrm{softplus}(x))`.

    Parameters
    ----------
    x : array_like
        Real input.

    Returns
    -------
    ndarray or NumPy scalar
        Values in :math:`[-0.30884\ldots, \infty)`.

    Notes
    -----
    .. math::
        \mathrm{Mish}(x) = x \tanh(\ln(1 + e^{x})), \qquad
        \mathrm{Mish}'(x) = \tanh(\mathrm{sp}(x)) + x\,\sigma(x)\,
        \operatorname{sech}^2(\mathrm{sp}(x))

    With :math:`u = e^{x}`, :math:`\tanh(\ln(1+u)) = (u^2 + 2u)/(u^2 + 2u + 2)`, a
    rational function evaluated with :math:`e^{-|x|}` so that it neither overflows nor
    cancels.

    Examples
    --------
    >>> mish([-1.0, 0.0, 1.0])
    array([-0.30340146,  0.        ,  0.86509839])
    """
    return _k._apply(_k._mish_k, x, "mish", {})


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
    rounding error, so even :math:`e^{-700}` keeps its relative precision.

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
    work = arr.astype(np.float32) if arr.dtype == np.float16 else arr
    n = work.shape[0]
    if n == 0:
        return np.zeros((0, 0), dtype=arr.dtype)
    with np.errstate(under="ignore"):
        shifted, corr = _k._shifted_logits(work, 0)
        e = np.exp(shifted)
        e = e + e * corr
        total = np.sum(e)
        p = e / total
        zero = np.zeros(1, dtype=work.dtype)
        before = np.concatenate([zero, np.cumsum(e[:-1])])
        after = np.concatenate([np.cumsum(e[::-1])[::-1][1:], zero])
        jac = -np.outer(p, p)
        jac[np.diag_indices(n)] = p * ((before + after) / total)
    return _k._finish(jac, arr.dtype, jac.shape)


@dataclass(frozen=True, repr=False)
class Activation:
    r"""One activation function: callable, with its exact derivative and its properties.

    Entries come from :func:`get`; they are immutable (``get("elu", alpha=0.5)`` makes
    a new one) and can be pickled.

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
        there) or ``"both"`` (also as :math:`x \to +\infty`).
    max_abs_grad : float
        :math:`\sup_x |f'(x)|` (a supremum: for softplus it is approached, not
        attained).
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
    _forward: Callable[..., np.ndarray] = field(compare=True)
    _backward: Callable[..., np.ndarray] = field(compare=True)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        if self.saturates not in _k._SATURATION_KINDS:
            raise ValueError(
                f"saturates must be one of {_k._SATURATION_KINDS}, got {self.saturates!r}"
            )

    def __call__(self, x: ArrayLike) -> Any:
        """Evaluate :math:`f(x)` elementwise (same rules as the module functions)."""
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
        if self.smoothness == math.inf:
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
        layer when this is 0: odd functions such as tanh are, and SELU is by the choice of its
        constants.

        Examples
        --------
        >>> round(get("relu").normal_mean, 4), round(get("tanh").normal_mean, 4)
        (0.3989, 0.0)
        """
        return _normal_moments(self)[0]

    @property
    def normal_variance(self) -> float:
        r"""Output variance on standard normal input, :math:`\operatorname{Var}[f(Z)]`.

        Examples
        --------
        >>> round(get("relu").normal_variance, 4)  # 1/2 - 1/(2 pi)
        0.3408
        """
        return _normal_moments(self)[1]

    def __reduce__(self) -> tuple[Any, ...]:
        if self.name in REGISTRY and get(self.name, **self.params) == self:
            return (_rebuild, (self.name, tuple(self.params.items())))
        # Built outside the registry (e.g. chapter 7's centred sigmoid): pickle the
        # fields themselves; the kernels are module-level functions.
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        fields["params"] = dict(self.params)
        return (_from_fields, (fields,))


def _rebuild(name: str, params: tuple[tuple[str, float], ...]) -> Activation:
    return get(name, **dict(params))


def _from_fields(fields: dict[str, Any]) -> Activation:
    return Activation(**fields)


_MOMENTS: dict[Activation, tuple[float, float]] = {}


def _normal_moments(entry: Activation) -> tuple[float, float]:
    """Mean and variance of f(Z) for Z ~ N(0, 1), by quadrature on each side of 0."""
    if entry not in _MOMENTS:
        from scipy.integrate import quad

        def moment(power: int) -> float:
            def integrand(z: float) -> float:
                value = float(entry(np.float64(z)))
                return value**power * math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)

            left = quad(integrand, -math.inf, 0.0, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
            right = quad(integrand, 0.0, math.inf, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
            return left + right

        mean = moment(1)
        variance = moment(2) - mean * mean
        # Quadrature is good to ~1e-12: round there, so an exact 0 prints as 0, not -0.
        _MOMENTS[entry] = (round(mean, 12) + 0.0, round(variance, 12) + 0.0)
    return _MOMENTS[entry]


def _fmt(value: float) -> str:
    return f"{value:.5g}"


def _bounded_below(lo: float, attained: bool) -> str:
    return f"{'[' if attained else '('}{_fmt(lo)}, ∞)"


# Lower bounds and sup |f'| of the smooth non-monotonic functions: mpmath at 60 digits
# (minimise f; maximise f'), rounded to double. The tests recompute them.
_GELU_MIN = -0.16997120747990366


_GELU_MAX_GRAD = 1.1289041451851548  # at x = sqrt(2)


_GELU_TANH_MIN = -0.17004075057125405


_GELU_TANH_MAX_GRAD = 1.1289930686587718


_SILU_MIN = -0.2784645427610738  # at x = -1.2784645427610738 (f = x + 1 there)


_SILU_MAX_GRAD = 1.0998393201288669


_MISH_MIN = -0.30884341301725041


_MISH_MAX_GRAD = 1.0884981612517279


_SMOOTH = math.inf


def _make_leaky_relu(slope: float = 0.01) -> Activation:
    slope = _check_slope(slope)
    leaky = slope > 0
    return Activation(
        name="leaky_relu",
        formula=r"f(x) = \begin{cases} x & x > 0 \\ a\,x & x \le 0 \end{cases}",
        derivative_formula=r"f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        params={"slope": slope},
        output_range=(-math.inf, math.inf) if leaky else (0.0, math.inf),
        range_text="(-∞, ∞)" if leaky else "[0, ∞)",
        monotonic=True,
        smoothness=0.0,
        saturates="no" if leaky else "negative",
        max_abs_grad=1.0,
        _forward=_k._leaky_relu_k,
        _backward=_k._leaky_relu_grad_k,
    )


def _make_elu(alpha: float = 1.0) -> Activation:
    alpha = _check_alpha(alpha)
    return Activation(
        name="elu",
        formula=(
            r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0"
            r" \end{cases}"
        ),
        derivative_formula=(
            r"\mathrm{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}"
        ),
        params={"alpha": alpha},
        output_range=(-alpha, math.inf),
        range_text=_bounded_below(-alpha, attained=False),
        monotonic=True,
        smoothness=1.0 if alpha == 1.0 else 0.0,
        saturates="negative",
        max_abs_grad=max(1.0, alpha),
        _forward=_k._elu_k,
        _backward=_k._elu_grad_k,
    )


def _softplus_grad_k(x: np.ndarray) -> np.ndarray:
    return _k._sigmoid_k(x)


_ENTRIES = (
    Activation(
        name="identity",
        formula=r"f(x) = x",
        derivative_formula=r"f'(x) = 1",
        params={},
        output_range=(-math.inf, math.inf),
        range_text="(-∞, ∞)",
        monotonic=True,
        smoothness=_SMOOTH,
        saturates="no",
        max_abs_grad=1.0,
        _forward=_k._identity_k,
        _backward=_k._identity_grad_k,
    ),
    Activation(
        name="step",
        formula=r"H(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        derivative_formula=r"H'(x) = 0 \quad (x \neq 0)",
        params={},
        output_range=(0.0, 1.0),
        range_text="{0, 1}",
        monotonic=True,
        smoothness=-1.0,
        saturates="both",
        max_abs_grad=0.0,
        _forward=_k._step_k,
        _backward=_k._step_grad_k,
    ),
    Activation(
        name="sigmoid",
        formula=r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        derivative_formula=r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        params={},
        output_range=(0.0, 1.0),
        range_text="(0, 1)",
        monotonic=True,
        smoothness=_SMOOTH,
        saturates="both",
        max_abs_grad=0.25,
        _forward=_k._sigmoid_k,
        _backward=_k._sigmoid_grad_k,
    ),
    Activation(
        name="tanh",
        formula=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative_formula=r"\tanh'(x) = 1 - \tanh^{2}(x)",
        params={},
        output_range=(-1.0, 1.0),
        range_text="(-1, 1)",
        monotonic=True,
        smoothness=_SMOOTH,
        saturates="both",
        max_abs_grad=1.0,
        _forward=_k._tanh_k,
        _backward=_k._tanh_grad_k,
    ),
    Activation(
        name="relu",
        formula=r"\mathrm{ReLU}(x) = \max(0, x)",
        derivative_formula=(
            r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}"
        ),
        params={},
        output_range=(0.0, math.inf),
        range_text="[0, ∞)",
        monotonic=True,
        smoothness=0.0,
        saturates="negative",
        max_abs_grad=1.0,
        _forward=_k._relu_k,
        _backward=_k._relu_grad_k,
    ),
    _make_leaky_relu(),
    _make_elu(),
    Activation(
        name="selu",
        formula=(
            r"\mathrm{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) &"
            r" x \le 0 \end{cases}"
        ),
        derivative_formula=(
            r"\mathrm{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0"
            r" \end{cases}"
        ),
        params={},
        output_range=(-SELU_LAMBDA_ALPHA, math.inf),
        range_text=_bounded_below(-SELU_LAMBDA_ALPHA, attained=False),
        monotonic=True,
        smoothness=0.0,
        saturates="negative",
        max_abs_grad=SELU_LAMBDA_ALPHA,
        _forward=_k._selu_k,
        _backward=_k._selu_grad_k,
    ),
    Activation(
        name="gelu",
        formula=(
            r"\mathrm{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + "
            r"\operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)"
        ),
        derivative_formula=(
            r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x) = \Phi(x) + "
            r"\frac{x}{\sqrt{2\pi}}\,e^{-x^{2}/2}"
        ),
        params={},
        output_range=(_GELU_MIN, math.inf),
        range_text=_bounded_below(_GELU_MIN, attained=True),
        monotonic=False,
        smoothness=_SMOOTH,
        saturates="negative",
        max_abs_grad=_GELU_MAX_GRAD,
        _forward=_k._gelu_k,
        _backward=_k._gelu_grad_k,
    ),
    Activation(
        name="gelu_tanh",
        formula=(
            r"f(x) = \frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,"
            r"\left(x + 0.044715\,x^{3}\right)\right)\right)"
        ),
        derivative_formula=(
            r"f'(x) = \frac{1}{2}\left(1 + \tanh u\right) + \frac{x}{2}\,"
            r"\operatorname{sech}^{2}(u)\,\sqrt{2/\pi}\,\left(1 + 0.134145\,x^{2}\right),"
            r"\quad u = \sqrt{2/\pi}\,\left(x + 0.044715\,x^{3}\right)"
        ),
        params={},
        output_range=(_GELU_TANH_MIN, math.inf),
        range_text=_bounded_below(_GELU_TANH_MIN, attained=True),
        monotonic=False,
        smoothness=_SMOOTH,
        saturates="negative",
        max_abs_grad=_GELU_TANH_MAX_GRAD,
        _forward=_k._gelu_tanh_k,
        _backward=_k._gelu_tanh_grad_k,
    ),
    Activation(
        name="silu",
        formula=r"\mathrm{SiLU}(x) = x\,\sigma(x) = \frac{x}{1 + e^{-x}}",
        derivative_formula=(r"\mathrm{SiLU}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)"),
        params={},
        output_range=(_SILU_MIN, math.inf),
        range_text=_bounded_below(_SILU_MIN, attained=True),
        monotonic=False,
        smoothness=_SMOOTH,
        saturates="negative",
        max_abs_grad=_SILU_MAX_GRAD,
        _forward=_k._silu_k,
        _backward=_k._silu_grad_k,
    ),
    Activation(
        name="softplus",
        formula=r"\mathrm{softplus}(x) = \ln\left(1 + e^{x}\right)",
        derivative_formula=r"\mathrm{softplus}'(x) = \sigma(x) = \frac{1}{1 + e^{-x}}",
        params={},
        output_range=(0.0, math.inf),
        range_text="(0, ∞)",
        monotonic=True,
        smoothness=_SMOOTH,
        saturates="negative",
        max_abs_grad=1.0,
        _forward=_k._softplus_k,
        _backward=_softplus_grad_k,
    ),
    Activation(
        name="mish",
        formula=r"\mathrm{Mish}(x) = x \tanh\bigl(\ln(1 + e^{x})\bigr)",
        derivative_formula=(
            r"\mathrm{Mish}'(x) = \tanh\bigl(\mathrm{sp}(x)\bigr) + x\,\sigma(x)\,"
            r"\operatorname{sech}^{2}\bigl(\mathrm{sp}(x)\bigr),"
            r"\quad \mathrm{sp}(x) = \ln(1 + e^{x})"
        ),
        params={},
        output_range=(_MISH_MIN, math.inf),
        range_text=_bounded_below(_MISH_MIN, attained=True),
        monotonic=False,
        smoothness=_SMOOTH,
        saturates="negative",
        max_abs_grad=_MISH_MAX_GRAD,
        _forward=_k._mish_k,
        _backward=_k._mish_grad_k,
    ),
)


#: Every activation of the book by name, in teaching order (do not mutate: use get()).
REGISTRY: dict[str, Activation] = {entry.name: entry for entry in _ENTRIES}


_BUILDERS: dict[str, Callable[..., Activation]] = {
    "leaky_relu": _make_leaky_relu,
    "elu": _make_elu,
}


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
     'gelu', 'gelu_tanh', 'silu', 'softplus', 'mish']
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
        [0, 1)) and ``alpha`` for ``elu`` (default 1.0, > 0). The others have none.

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
        if not params:
            return name
        return get(name.name, **{**name.params, **params})
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
    return _BUILDERS[name](**params)
