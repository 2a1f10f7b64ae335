"""Every figure of the book, drawn in one house style.

Chapters call :func:`use_house_style` once in their first cell. The figure recipes
that several chapters use live here (an activation and its derivative, several
functions side by side, loss curves, gradient norms by layer); a figure that only one
chapter draws is drawn in that chapter, in a folded cell, with the same style. Each
recipe draws on the matplotlib axes ``ax`` it is given (on a new figure when ``ax`` is
omitted) and returns them; an activation is drawn in its colour (:func:`color_for`).

:func:`interactive_html` packs the arrays behind a figure into the HTML that the book's
website draws as an interactive version of it (chapters 1, 5 and 8).

The palette is the Okabe-Ito palette, chosen because it stays distinguishable for the common forms
of colour blindness. Figures are drawn on an opaque white background with dark text, so they stay
legible on both the light and the dark page theme of the website.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from activations.functions import Activation, get

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
    **dict.fromkeys(["figure.dpi", "savefig.dpi"], 100),
    **dict.fromkeys(["figure.facecolor", "savefig.facecolor", "axes.facecolor"], "white"),
    **dict.fromkeys(["axes.edgecolor", "xtick.color", "ytick.color"], "#333333"),
    **dict.fromkeys(["axes.labelcolor", "text.color"], "#111111"),
    "axes.titlesize": 11,
    **dict.fromkeys(["axes.labelsize", "font.size"], 10),
    **dict.fromkeys(["xtick.labelsize", "ytick.labelsize", "legend.fontsize"], 9),
    "axes.grid": True,
    **dict.fromkeys(["axes.spines.top", "axes.spines.right", "legend.frameon"], False),
    "axes.prop_cycle": mpl.cycler(color=_CYCLE),
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "lines.linewidth": 2.0,
    "figure.constrained_layout.use": True,
    # Reproducible output: no timestamps or version strings baked into files.
    "svg.hashsalt": "activations-book",
}


def use_house_style() -> None:
    """Apply the book's plotting style to every figure drawn afterwards.

    Examples
    --------
    >>> from activations import plots
    >>> plots.use_house_style()
    """
    mpl.rcParams.update(_HOUSE_STYLE)


def color_for(name: str, index: int = 0) -> str:
    """Return the house colour of an activation, or of the ``index``-th series.

    Classic activations keep one colour across the whole book; any other name (a
    registry name or any label) takes its colour from the palette cycle by ``index``.

    Examples
    --------
    >>> color_for("sigmoid")
    '#0072B2'
    """
    return _FUNCTION_COLORS.get(name, _CYCLE[index % len(_CYCLE)])


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
    **params: float,
) -> Axes:
    """Draw an activation function and its derivative on one axes, titled with its name.

    The function is a solid line, its derivative :math:`f'(x)` a dashed line of the same colour.

    Parameters
    ----------
    activation : str or Activation
        A registry name such as ``"sigmoid"``, or an entry from :func:`activations.get`.
    x : array_like, optional
        The 1-D grid to draw on; by default 801 points on :math:`[-5, 5]`.
    **params
        Parameters of the activation, e.g. ``slope=0.1`` for leaky ReLU.

    Examples
    --------
    >>> ax = plot_activation("tanh")
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['tanh', "tanh'"]
    """
    entry = get(activation, **params)
    grid = _grid(x, -5.0, 5.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.0, 3.0))
    color = color_for(entry.name)
    ax.plot(grid, _break_jumps(grid, entry(grid)), color=color, label=entry.name)
    derivative = _break_jumps(grid, entry.grad(grid))
    ax.plot(grid, derivative, color=color, linestyle="--", label=f"{entry.name}'")
    ax.axhline(0.0, color="#888888", linewidth=0.8, zorder=0)
    ax.axvline(0.0, color="#888888", linewidth=0.8, zorder=0)
    ax.set_title(_label(entry))
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
    ylabel: str = "f(x)",
) -> Axes:
    """Draw several activation functions (or their derivatives) on one axes.

    Parameters
    ----------
    activations : sequence of str or Activation
        Registry names or entries, drawn in the order given.
    x : array_like, optional
        The 1-D grid; by default 801 points on :math:`[-4, 4]`.
    mark_x : float, optional
        An input to highlight: each curve gets a dot at ``(mark_x, f(mark_x))``.
    derivative : bool, default False
        Draw :math:`f'` instead of :math:`f`.
    ylabel : str, default "f(x)"
        Label of the vertical axis.

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
    ax.legend(loc="upper left")
    return ax


# --- Gradient norms layer by layer (chapters 5, 7) ---
def plot_gradient_norms_by_layer(
    norms: Mapping[str, np.ndarray | Sequence[float]],
    *,
    reference: Mapping[str, np.ndarray | Sequence[float]] | None = None,
    ax: Axes | None = None,
    xlabel: str = "layer (1 = next to the input)",
    ylabel: str = "gradient norm",
) -> Axes:
    """Draw gradient norms against layer (or time step) on a logarithmic axis.

    Parameters
    ----------
    norms : mapping of str to array_like
        ``{label: values}``, one positive value per layer, numbered from 1.
    reference : mapping of str to array_like, optional
        Curves to draw as thin dashed grey lines, such as a theoretical bound.
    xlabel, ylabel : str
        Axis labels.

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
        layers = np.arange(1, curve.size + 1)
        ax.plot(layers, curve, color="#555555", linestyle="--", linewidth=1.0, label=str(label))
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend(loc="best")
    return ax


# --- Loss curves (chapters 3, 6, 7) ---
def plot_loss_curves(
    curves: Mapping[str, np.ndarray | Sequence[float]],
    *,
    target: float | None = None,
    ax: Axes | None = None,
    logy: bool = True,
) -> Axes:
    """Draw loss curves, one colour per activation: the mean over runs and their range.

    Parameters
    ----------
    curves : mapping of str to array_like
        ``{label: losses}``, each of shape (runs, epochs) (or one curve of shape (epochs,)). The
        solid line is the mean over the runs, the shaded band spans the lowest to the highest run.
        Epochs are numbered from 1. NaN entries (diverged runs) are left out of the mean.
    target : float, optional
        A loss level to mark with a dotted horizontal line.
    logy : bool, default True
        Logarithmic loss axis.

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
        runs = np.asarray(values, dtype=np.float64)
        runs = runs[None, :] if runs.ndim == 1 else runs
        if runs.ndim != 2 or runs.shape[1] == 0:
            raise ValueError(
                f"curves[{label!r}] must be a 1-D curve or a 2-D array (runs, points); got shape "
                f"{runs.shape}"
            )
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
    ax.set_ylabel("training loss")
    ax.legend(loc="upper right")
    return ax


# --- Interactive figures on the website (chapters 1, 5, 8) ---
_KIND = re.compile(r"[a-z][a-z0-9-]*")


def _rounded(value: object) -> object:
    """``value`` as plain JSON data, each float rounded to 4 significant digits."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, Mapping):
        return {str(key): _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None  # a gap in a curve
        short = float(f"{value:.4g}")
        return int(short) if short.is_integer() and abs(short) < 1e15 else short
    raise TypeError(f"cannot write {type(value).__name__} into an interactive figure: {value!r}")


def interactive_html(kind: str, data: Mapping[str, object], *, replaces: str, title: str) -> str:
    """HTML for an interactive figure of the website: the numbers, and nothing to compute.

    The website draws every ``<div class="af-interactive">`` with its one script,
    ``_ext/static/interactive.js``, which reads the JSON inside the div, builds the
    controls and draws the figure ``kind`` as SVG; every number it shows is in ``data``,
    computed by the chapter. The drawing takes the place of the image of the static
    figure named ``replaces`` (its ``mystnb.figure.name``) and keeps its caption; Jupyter,
    the PDF and a browser without JavaScript show that static figure and a line of text.

    Parameters
    ----------
    kind : str
        The drawing, one the script knows (``activation-explorer``, ``gradient-flow``,
        ``dead-units``): lower-case letters, digits and hyphens.
    data : mapping
        Numbers (numpy arrays, lists, scalars), strings and nested mappings. Floats are
        rounded to 4 significant digits, integral ones written as integers, and NaN or
        infinity (a gap in a curve) as ``null``, so the HTML is deterministic and small.
    replaces, title : str
        The static figure's name, and what the figure shows in a few words (the SVG's
        accessible name).

    Returns one ``<div>`` holding that line of text and a ``<script type="application/json">``.

    Examples
    --------
    >>> print(interactive_html("demo", {"y": np.array([1 / 3, np.nan, 2.0])},
    ...                        replaces="fig-x", title="A demo"))
    <div class="af-interactive" data-kind="demo" data-figure="fig-x" data-title="A demo">
    <p class="af-fallback">An interactive version of this figure is on the book's website.</p>
    <script type="application/json">{"y":[0.3333,null,2]}</script>
    </div>
    """
    if not isinstance(kind, str) or not _KIND.fullmatch(kind):
        raise ValueError(f"kind must be lower-case letters, digits and hyphens; got {kind!r}")
    if not isinstance(data, Mapping):
        raise TypeError(f"data must be a mapping; got {type(data).__name__}")
    payload = json.dumps(_rounded(data), separators=(",", ":"), allow_nan=False)
    payload = payload.replace("</", "<\\/")  # no "</script>" inside the script
    attributes = " ".join(
        f'{name}="{html.escape(value)}"'
        for name, value in [("data-kind", kind), ("data-figure", replaces), ("data-title", title)]
    )
    return (
        f'<div class="af-interactive" {attributes}>\n'
        '<p class="af-fallback">'
        "An interactive version of this figure is on the book's website.</p>\n"
        f'<script type="application/json">{payload}</script>\n'
        "</div>"
    )
