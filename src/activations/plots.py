"""Every figure of the book, drawn in one house style.

Chapters call :func:`use_house_style` once in their first cell. The figure recipes
that several chapters use live here (an activation and its derivative, several
functions side by side, loss curves, gradient norms by layer); a figure that only one
chapter draws is drawn in that chapter, in a folded cell, with the same style.

The palette is the Okabe-Ito palette, chosen because it stays distinguishable
for the common forms of colour blindness. Figures are drawn on an opaque white
background with dark text, so they stay legible on both the light and the dark
page theme of the website.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from activations.functions import Activation, get

__all__ = [
    "PALETTE",
    "color_for",
    "plot_activation",
    "plot_digit_predictions",
    "plot_functions",
    "plot_gradient_norms_by_layer",
    "plot_loss_curves",
    "plot_reliability_diagram",
    "plot_temperature_sweep",
    "plot_two_logit_softmax",
    "use_house_style",
]

#: Okabe & Ito (2008) colour-blind-safe palette, in the order the book uses it.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}

_CYCLE = [PALETTE[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]

#: A fixed colour per classic activation, so sigmoid is the same colour in every chapter.
_FUNCTION_COLORS: dict[str, str] = {
    "identity": PALETTE["black"],
    "step": PALETTE["sky"],
    "sigmoid": PALETTE["blue"],
    "centred_sigmoid": PALETTE["sky"],  # sigma - 1/2 (chapter 7), a lighter sigmoid blue
    "tanh": PALETTE["orange"],
    "relu": PALETTE["green"],
    "leaky_relu": PALETTE["vermillion"],
    "softmax": PALETTE["purple"],
}

_HOUSE_STYLE: dict[str, object] = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#111111",
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.grid": True,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": mpl.cycler(color=_CYCLE),
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
    "legend.fontsize": 9,
    "lines.linewidth": 2.0,
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "font.size": 10,
    "text.color": "#111111",
    "figure.constrained_layout.use": True,
    # Reproducible output: no timestamps or version strings baked into files.
    "svg.hashsalt": "activations-book",
}


def use_house_style() -> None:
    """Apply the book's plotting style to every figure drawn afterwards.

    Call it once, in the first code cell of a chapter.

    Examples
    --------
    >>> from activations import plots
    >>> plots.use_house_style()
    """
    mpl.rcParams.update(_HOUSE_STYLE)


def color_for(name: str, index: int = 0) -> str:
    """Return the house colour of an activation, or of the ``index``-th series.

    Classic activations keep one colour across the whole book; any other name
    takes its colour from the palette cycle by ``index``.

    Parameters
    ----------
    name : str
        Registry name of an activation (or any label).
    index : int, optional
        Position in the palette cycle for names without a fixed colour.

    Returns
    -------
    str
        A hex colour string.

    Examples
    --------
    >>> color_for("sigmoid")
    '#0072B2'
    """
    if name in _FUNCTION_COLORS:
        return _FUNCTION_COLORS[name]
    return _CYCLE[index % len(_CYCLE)]


def _as_entry(activation: str | Activation, params: dict[str, float]) -> Activation:
    return get(activation, **params)


def _grid(x: np.ndarray | Sequence[float] | None, lo: float, hi: float) -> np.ndarray:
    if x is None:
        return np.linspace(lo, hi, 801)
    grid = np.asarray(x, dtype=np.float64)
    if grid.ndim != 1 or grid.size < 2:
        raise ValueError(f"x must be a 1-D grid of at least 2 points; got shape {grid.shape}")
    return grid


def _break_jumps(grid: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Return ``values`` as float64 with NaN where the curve jumps, so no vertical line is drawn.

    A jump is a change between neighbouring grid points far larger than the typical change,
    as in the step function or the derivative of ReLU at 0.
    """
    y = np.array(values, dtype=np.float64)
    change = np.abs(np.diff(y))
    if change.size == 0:
        return y
    typical = float(np.median(change))
    jumps = np.flatnonzero(change > max(0.1, 25.0 * typical))
    y[jumps + 1] = np.nan
    return y


def _label(entry: Activation) -> str:
    if entry.params:
        inner = ", ".join(f"{k}={v:g}" for k, v in entry.params.items())
        return f"{entry.name} ({inner})"
    return entry.name


def plot_activation(
    activation: str | Activation,
    *,
    x: np.ndarray | Sequence[float] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    **params: float,
) -> Axes:
    """Draw an activation function and its derivative on one axes.

    The function is a solid line, its derivative :math:`f'(x)` a dashed line
    of the same colour.

    Parameters
    ----------
    activation : str or Activation
        A registry name such as ``"sigmoid"``, or an entry from :func:`activations.get`.
    x : array_like, optional
        The 1-D grid to draw on; by default 801 points on :math:`[-5, 5]`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.
    title : str, optional
        Axes title; defaults to the activation's name.
    **params
        Parameters of the activation, e.g. ``slope=0.1`` for leaky ReLU.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> ax = plot_activation("tanh")
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['tanh', "tanh'"]
    """
    entry = _as_entry(activation, params)
    grid = _grid(x, -5.0, 5.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.0, 3.0))
    color = color_for(entry.name)
    ax.plot(grid, _break_jumps(grid, entry(grid)), color=color, label=entry.name)
    ax.plot(
        grid,
        _break_jumps(grid, entry.grad(grid)),
        color=color,
        linestyle="--",
        label=f"{entry.name}'",
    )
    ax.axhline(0.0, color="#888888", linewidth=0.8, zorder=0)
    ax.axvline(0.0, color="#888888", linewidth=0.8, zorder=0)
    ax.set_title(title if title is not None else _label(entry))
    ax.set_xlabel("x")
    ax.legend(loc="upper left")
    return ax


def plot_functions(
    activations: Sequence[str | Activation],
    *,
    x: np.ndarray | Sequence[float] | None = None,
    ax: Axes | None = None,
    mark_x: float | None = None,
    derivative: bool = False,
    title: str | None = None,
    ylabel: str = "f(x)",
) -> Axes:
    """Draw several activation functions (or their derivatives) on one axes.

    Parameters
    ----------
    activations : sequence of str or Activation
        Registry names or entries, drawn in the order given.
    x : array_like, optional
        The 1-D grid; by default 801 points on :math:`[-4, 4]`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.
    mark_x : float, optional
        An input to highlight: each curve gets a dot at ``(mark_x, f(mark_x))``.
    derivative : bool, default False
        Draw :math:`f'` instead of :math:`f`.
    title : str, optional
        Axes title.
    ylabel : str, default "f(x)"
        Label of the vertical axis.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> ax = plot_functions(["sigmoid", "relu"], mark_x=0.5)
    >>> len(ax.get_lines()) >= 2
    True
    """
    if isinstance(activations, (str, Activation)):
        raise TypeError(
            "activations must be a sequence of names or entries, e.g. ['sigmoid', 'relu']; "
            f"got a single {type(activations).__name__}"
        )
    grid = _grid(x, -4.0, 4.0)
    if ax is None:
        _, ax = plt.subplots()
    for i, activation in enumerate(activations):
        entry = get(activation)
        fn = entry.grad if derivative else entry
        color = color_for(entry.name, i)
        ax.plot(grid, _break_jumps(grid, fn(grid)), color=color, label=_label(entry))
        if mark_x is not None:
            ax.plot([mark_x], [float(fn(mark_x))], "o", color=color, markersize=6)
    if mark_x is not None:
        ax.axvline(mark_x, color="#888888", linewidth=0.8, linestyle=":")
    ax.axhline(0.0, color="#888888", linewidth=0.8, zorder=0)
    ax.set_xlabel("x")
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    ax.legend(loc="upper left")
    return ax


# --- Part II: sigmoid and tanh (chapters 5, 7) ---


def plot_gradient_norms_by_layer(
    norms: Mapping[str, np.ndarray | Sequence[float]],
    *,
    reference: Mapping[str, np.ndarray | Sequence[float]] | None = None,
    ax: Axes | None = None,
    xlabel: str = "layer (1 = next to the input)",
    ylabel: str = "gradient norm",
    title: str | None = None,
) -> Axes:
    """Draw gradient norms against layer (or time step) on a logarithmic axis.

    Parameters
    ----------
    norms : mapping of str to array_like
        ``{label: values}``, one positive value per layer, numbered from 1. Labels
        that are activation names get the activation's house colour.
    reference : mapping of str to array_like, optional
        Curves to draw as thin dashed grey lines, such as a theoretical bound.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.
    xlabel, ylabel : str
        Axis labels.
    title : str, optional
        Axes title.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_gradient_norms_by_layer({"sigmoid": [1e-4, 1e-2, 1.0]})
    >>> ax.get_yscale(), ax.get_lines()[0].get_label()
    ('log', 'sigmoid')
    """
    if not isinstance(norms, Mapping) or not norms:
        raise ValueError(f"norms must be a non-empty mapping {{label: values}}; got {norms!r}")

    def positive_curve(values: object, name: str) -> np.ndarray:
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"{name} must be a non-empty 1-D array; got shape {arr.shape}")
        if not np.all(arr > 0):
            raise ValueError(f"{name} must hold positive values for a log axis; got {arr}")
        return arr

    if ax is None:
        _, ax = plt.subplots()
    for i, (label, values) in enumerate(norms.items()):
        curve = positive_curve(values, f"norms[{label!r}]")
        layers = np.arange(1, curve.size + 1)
        color = color_for(str(label), i)
        ax.plot(layers, curve, color=color, marker="o", markersize=4, label=str(label))
    for label, values in (reference or {}).items():
        curve = positive_curve(values, f"reference[{label!r}]")
        ax.plot(
            np.arange(1, curve.size + 1),
            curve,
            color="#555555",
            linestyle="--",
            linewidth=1.0,
            label=str(label),
        )
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    ax.legend(loc="best")
    return ax


# --- Part II: ReLU and leaky ReLU (chapters 6, 8) ---


def _as_runs(values: object, name: str) -> np.ndarray:
    """``values`` as a 2-D float array (runs, points), or a clear ValueError."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(
            f"{name} must be a 1-D curve or a 2-D array (runs, points); got shape {arr.shape}"
        )
    return arr


def plot_loss_curves(
    curves: Mapping[str, np.ndarray | Sequence[float]],
    *,
    target: float | None = None,
    ax: Axes | None = None,
    logy: bool = True,
    ylabel: str = "training loss",
) -> Axes:
    """Draw loss curves, one colour per activation: the mean over runs and their range.

    Parameters
    ----------
    curves : mapping of str to array_like
        ``{label: losses}``, each of shape (runs, epochs) (or one curve of shape
        (epochs,)). The solid line is the mean over the runs, the shaded band spans the
        lowest to the highest run. Epochs are numbered from 1. NaN entries (diverged
        runs) are left out of the mean.
    target : float, optional
        A loss level to mark with a dotted horizontal line.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.
    logy : bool, default True
        Logarithmic loss axis.
    ylabel : str
        Label of the vertical axis.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_loss_curves({"relu": [[2.0, 1.0, 0.5], [2.2, 0.9, 0.4]]}, target=0.6)
    >>> ax.get_lines()[0].get_label()
    'relu'
    """
    if not isinstance(curves, Mapping) or not curves:
        raise ValueError(f"curves must be a non-empty mapping {{label: losses}}; got {curves!r}")
    if ax is None:
        _, ax = plt.subplots()
    for i, (label, values) in enumerate(curves.items()):
        runs = _as_runs(values, f"curves[{label!r}]")
        epochs = np.arange(1, runs.shape[1] + 1)
        color = color_for(str(label), i)
        valid = ~np.isnan(runs)
        count = valid.sum(axis=0)
        mean = np.where(valid, runs, 0.0).sum(axis=0) / np.maximum(count, 1)
        mean[count == 0] = np.nan
        ax.plot(epochs, mean, color=color, label=str(label), marker="o", markersize=3)
        if runs.shape[0] > 1:
            low = np.where(valid, runs, np.inf).min(axis=0)
            high = np.where(valid, runs, -np.inf).max(axis=0)
            low[count == 0] = high[count == 0] = np.nan
            ax.fill_between(epochs, low, high, color=color, alpha=0.2, linewidth=0)
    if target is not None:
        ax.axhline(
            target, color="#555555", linewidth=1.0, linestyle=":", label=f"target {target:g}"
        )
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    ax.legend(loc="upper right")
    return ax


# --- Part II: softmax (chapter 9) ---


def plot_two_logit_softmax(
    *,
    d: np.ndarray | Sequence[float] | None = None,
    temperatures: Sequence[float] = (0.5, 1.0, 2.0),
    ax: Axes | None = None,
) -> Axes:
    r"""Draw the first probability of a two-class softmax against the logit difference.

    For logits :math:`(z_1, z_2)` and temperature :math:`T` the first probability is
    :math:`\operatorname{softmax}(z/T)_1 = \sigma((z_1 - z_2)/T)`, a function of the
    difference :math:`d = z_1 - z_2` only. One solid curve is drawn per temperature,
    computed with :func:`activations.softmax`; the sigmoid :math:`\sigma(d)` is drawn on
    top as a dotted black line to show that it coincides with the :math:`T = 1` curve.

    Parameters
    ----------
    d : array_like, optional
        Grid of logit differences; by default 601 points on :math:`[-6, 6]`.
    temperatures : sequence of float, default (0.5, 1, 2)
        Positive temperatures, one curve each.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = plot_two_logit_softmax(temperatures=[1.0])
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['T = 1', 'sigmoid(d)']
    """
    from activations.functions import sigmoid, softmax

    grid = _grid(d, -6.0, 6.0)
    temps = [float(t) for t in temperatures]
    if not temps or not all(np.isfinite(t) and t > 0 for t in temps):
        raise ValueError(f"temperatures must be a non-empty list of numbers > 0; got {temps}")
    if ax is None:
        _, ax = plt.subplots()
    logits = np.stack([grid, np.zeros_like(grid)], axis=1)  # (z1, z2) = (d, 0)
    for i, t in enumerate(temps):
        ax.plot(
            grid,
            softmax(logits / t, axis=1)[:, 0],
            color=_CYCLE[i % len(_CYCLE)],
            label=f"T = {t:g}",
        )
    ax.plot(
        grid,
        sigmoid(grid),
        color=PALETTE["black"],
        linestyle=":",
        linewidth=2.5,
        label="sigmoid(d)",
    )
    ax.axhline(0.5, color="#888888", linewidth=0.8, zorder=0)
    ax.set_xlabel("logit difference d = z1 - z2")
    ax.set_ylabel("p1 = softmax(z / T)[0]")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="upper left")
    return ax


def plot_temperature_sweep(
    temperatures: np.ndarray | Sequence[float],
    probabilities: np.ndarray,
    *,
    class_labels: Sequence[str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    r"""Draw each class probability of :math:`\operatorname{softmax}(z/T)` against :math:`T`.

    The temperature axis is logarithmic; a dashed line marks the uniform probability
    :math:`1/k` that every curve approaches as :math:`T` grows.

    Parameters
    ----------
    temperatures : array_like of shape (m,)
        Positive temperatures (chapter 9 sweeps them on the page).
    probabilities : array_like of shape (m, k)
        The matching distributions, one row per temperature.
    class_labels : sequence of str, optional
        Legend labels, one per class; ``"class 0"``, ``"class 1"``, ... by default.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> T = np.array([0.1, 1.0, 10.0])
    >>> P = np.array([[1.0, 0.0], [0.7, 0.3], [0.5, 0.5]])
    >>> len(plot_temperature_sweep(T, P).get_lines())
    3
    """
    T = np.asarray(temperatures, dtype=np.float64)
    P = np.asarray(probabilities, dtype=np.float64)
    if T.ndim != 1 or P.ndim != 2 or P.shape[0] != T.size or T.size < 2:
        raise ValueError(
            "temperatures must have shape (m,) with m >= 2 and probabilities shape (m, k); "
            f"got {T.shape} and {P.shape}"
        )
    if np.any(T <= 0):
        raise ValueError("temperatures must be > 0 for a logarithmic axis")
    k = P.shape[1]
    labels = [f"class {i}" for i in range(k)] if class_labels is None else list(class_labels)
    if len(labels) != k:
        raise ValueError(f"class_labels must name {k} classes; got {len(labels)}")
    if ax is None:
        _, ax = plt.subplots()
    for i in range(k):
        ax.plot(T, P[:, i], color=_CYCLE[i % len(_CYCLE)], label=labels[i])
    ax.axhline(1.0 / k, color="#555555", linewidth=1.0, linestyle="--", label=f"uniform 1/{k}")
    ax.set_xscale("log")
    ax.set_xlabel("temperature T (log scale)")
    ax.set_ylabel("probability")
    ax.set_ylim(-0.03, 1.03)
    ax.legend(loc="upper right")
    return ax


def plot_digit_predictions(
    images: np.ndarray,
    labels: Sequence[int] | np.ndarray,
    probabilities: np.ndarray,
    *,
    ncols: int = 3,
) -> Figure:
    """Show digit images, each beside a bar chart of the predicted class probabilities.

    The bar of the predicted class is green when the prediction is right and vermillion
    when it is wrong; the true class's bar is outlined in black. Each title gives the
    true label and the prediction.

    Parameters
    ----------
    images : array_like of shape (n, 64) or (n, 8, 8)
        The images (any grey scale, drawn dark on light).
    labels : array_like of shape (n,)
        True classes.
    probabilities : array_like of shape (n, k)
        Predicted distributions, one row per image.
    ncols : int, default 3
        Image-and-bars pairs per row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = plot_digit_predictions(np.zeros((2, 64)), [0, 1], np.full((2, 10), 0.1))
    >>> len(fig.axes)
    4
    """
    imgs = np.asarray(images, dtype=np.float64)
    y = np.asarray(labels)
    P = np.asarray(probabilities, dtype=np.float64)
    n = len(imgs)
    if imgs.ndim == 2 and imgs.shape[1] == 64:
        imgs = imgs.reshape(n, 8, 8)
    if imgs.ndim != 3 or y.shape != (n,) or P.ndim != 2 or P.shape[0] != n or n == 0:
        raise ValueError(
            "expected images (n, 64) or (n, 8, 8), labels (n,) and probabilities (n, k) "
            f"with n >= 1; got {np.shape(images)}, {y.shape} and {P.shape}"
        )
    if not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer; got {ncols!r}")
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(
        nrows,
        2 * ncols,
        figsize=(3.3 * ncols, 1.9 * nrows),
        squeeze=False,
        gridspec_kw={"width_ratios": [1.0, 1.6] * ncols},
    )
    classes = np.arange(P.shape[1])
    for i in range(nrows * ncols):
        ax_img, ax_bar = axes[i // ncols, 2 * (i % ncols)], axes[i // ncols, 2 * (i % ncols) + 1]
        if i >= n:
            fig.delaxes(ax_img)
            fig.delaxes(ax_bar)
            continue
        predicted = int(np.argmax(P[i]))
        ax_img.imshow(imgs[i], cmap="gray_r", interpolation="nearest")
        ax_img.set_axis_off()
        ax_img.set_title(f"true {int(y[i])}", fontsize=9)
        colours = ["#bbbbbb"] * len(classes)
        colours[predicted] = PALETTE["green"] if predicted == int(y[i]) else PALETTE["vermillion"]
        bars = ax_bar.bar(classes, P[i], color=colours, width=0.8)
        bars[int(y[i])].set_edgecolor("black")
        bars[int(y[i])].set_linewidth(1.2)
        ax_bar.set_ylim(0.0, 1.05)
        ax_bar.set_xticks(classes)
        ax_bar.tick_params(labelsize=7)
        ax_bar.set_title(f"predicted {predicted} ({P[i, predicted]:.2f})", fontsize=9)
    return fig


def plot_reliability_diagram(
    bins: Sequence, *, ax: Axes | None = None, label: str = "model"
) -> Axes:
    """Draw accuracy against mean confidence per confidence bin (a reliability diagram).

    Each non-empty bin is a dot at (mean confidence, accuracy) whose area grows with
    the number of predictions in it; the diagonal is perfect calibration. Points below
    the diagonal are overconfident. Call it twice on one axes to compare two models.

    Parameters
    ----------
    bins : sequence of named tuples
        Calibration bins with fields ``lower``, ``upper``, ``count``, ``mean_confidence``
        and ``accuracy`` (chapter 9 computes them on the page).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure is created when omitted.
    label : str
        Legend label of the points.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from collections import namedtuple
    >>> Bin = namedtuple("Bin", "lower upper count mean_confidence accuracy")
    >>> ax = plot_reliability_diagram([Bin(0.5, 1.0, 10, 0.9, 0.7)])
    >>> len(ax.collections)
    1
    """
    rows = [b for b in bins if b.count > 0]
    if not rows:
        raise ValueError("bins must contain at least one non-empty bin; got none")
    if ax is None:
        _, ax = plt.subplots(figsize=(4.6, 4.0))
    if not any(line.get_label() == "perfect calibration" for line in ax.get_lines()):
        ax.plot(
            [0, 1],
            [0, 1],
            color="#555555",
            linestyle="--",
            linewidth=1.0,
            label="perfect calibration",
        )
    total = sum(b.count for b in rows)
    index = len(ax.collections)
    ax.scatter(
        [b.mean_confidence for b in rows],
        [b.accuracy for b in rows],
        s=[20 + 600 * b.count / total for b in rows],
        color=_CYCLE[index % len(_CYCLE)],
        alpha=0.8,
        label=label,
        zorder=3,
    )
    ax.set_xlim(0.0, 1.05)
    ax.set_ylim(0.0, 1.05)
    ax.set_xlabel("mean confidence in bin")
    ax.set_ylabel("accuracy in bin")
    legend = ax.legend(loc="upper left")
    for handle in legend.legend_handles:  # one modest marker, whatever the bin sizes
        if hasattr(handle, "set_sizes"):
            handle.set_sizes([40.0])
    return ax


# --- Part I: chapters 2-4 ---
# Decision boundaries and ReLU pieces (chapter 2), activation histograms layer by layer
# (chapter 4). Chapter 3's loss curves use plot_loss_curves of the chapters 6, 8 section.


# --- Part III: choosing and newer activations (chapters 10, 11) ---
