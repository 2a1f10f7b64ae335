"""Every figure of the book, drawn in one house style.

Chapters call :func:`use_house_style` once in their first cell and then one
function of this module per figure. Recipes live here, not in notebook cells,
so that the book looks like one book and a figure can be tested like any other
function.

The palette is the Okabe-Ito palette, chosen because it stays distinguishable
for the common forms of colour blindness. Figures are drawn on an opaque white
background with dark text, so they stay legible on both the light and the dark
page theme of the website.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    "plot_functions",
    "plot_gallery",
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


def plot_gallery(
    names: Sequence[str] | None = None,
    *,
    ncols: int = 4,
    x: np.ndarray | Sequence[float] | None = None,
) -> Figure:
    """Draw every activation (or the ones named) with its derivative, one panel each.

    Parameters
    ----------
    names : sequence of str, optional
        Registry names; all of :func:`activations.names` by default.
    ncols : int, default 4
        Panels per row.
    x : array_like, optional
        The 1-D grid shared by all panels; by default 801 points on :math:`[-4, 4]`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, one panel per function and any spare panels hidden.

    Examples
    --------
    >>> fig = plot_gallery(["relu", "tanh"], ncols=2)
    >>> len(fig.axes)
    2
    """
    from activations.functions import names as registry_names

    chosen = list(registry_names() if names is None else names)
    if not chosen:
        raise ValueError("names must list at least one activation; got an empty sequence")
    if not isinstance(ncols, int) or ncols < 1:
        raise ValueError(f"ncols must be a positive integer; got {ncols!r}")
    grid = _grid(x, -4.0, 4.0)
    ncols = min(ncols, len(chosen))
    nrows = -(-len(chosen) // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(2.6 * ncols, 2.3 * nrows), squeeze=False)
    for i, (ax, name) in enumerate(zip(axes.flat, chosen, strict=False)):
        entry = get(name)
        color = color_for(entry.name, i)
        ax.plot(grid, _break_jumps(grid, entry(grid)), color=color, label="f")
        ax.plot(grid, _break_jumps(grid, entry.grad(grid)), color=color, linestyle="--", label="f'")
        ax.axhline(0.0, color="#888888", linewidth=0.8, zorder=0)
        ax.set_title(entry.name, fontsize=10)
        ax.set_ylim(-1.6, 3.1)
    for ax in list(axes.flat)[len(chosen) :]:
        fig.delaxes(ax)
    axes.flat[0].legend(loc="upper left")
    return fig
