"""The figure recipes draw what they say, in the house style, and reject bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pytest

import activations
from activations import plots


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_use_house_style_sets_white_background_and_colour_blind_safe_cycle():
    with mpl.rc_context():
        plots.use_house_style()
        assert mpl.rcParams["figure.facecolor"] == "white"
        assert mpl.rcParams["savefig.facecolor"] == "white"
        cycle = [c["color"] for c in mpl.rcParams["axes.prop_cycle"]]
        assert cycle[:3] == [plots.PALETTE["blue"], plots.PALETTE["orange"], plots.PALETTE["green"]]


def test_palette_is_okabe_ito():
    assert set(plots.PALETTE.values()) == {
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    }  # fmt: skip


def test_classic_activations_keep_one_colour_each():
    classic = ["sigmoid", "tanh", "relu", "leaky_relu", "softmax"]
    colours = [plots.color_for(name) for name in classic]
    assert len(set(colours)) == len(classic)
    assert plots.color_for("sigmoid", index=5) == plots.color_for("sigmoid", index=0)


def test_plot_activation_draws_function_and_derivative_on_the_grid():
    grid = np.linspace(-3.0, 3.0, 61)
    ax = plots.plot_activation("sigmoid", x=grid)
    lines = {line.get_label(): line for line in ax.get_lines()}
    np.testing.assert_allclose(lines["sigmoid"].get_ydata(), activations.sigmoid(grid))
    np.testing.assert_allclose(lines["sigmoid'"].get_ydata(), activations.get("sigmoid").grad(grid))
    assert lines["sigmoid'"].get_linestyle() == "--"


def test_plot_activation_passes_parameters_to_the_registry():
    grid = np.linspace(-2.0, 2.0, 5)
    ax = plots.plot_activation("leaky_relu", x=grid, slope=0.2)
    y = ax.get_lines()[0].get_ydata()
    np.testing.assert_allclose(y, np.where(grid > 0, grid, 0.2 * grid))
    assert "0.2" in ax.get_title()


def test_plot_functions_marks_the_chosen_input_on_every_curve():
    ax = plots.plot_functions(["tanh", "relu"], x=np.linspace(-1, 1, 11), mark_x=0.5)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert [float(d.get_ydata()[0]) for d in dots] == pytest.approx([np.tanh(0.5), 0.5])


def test_plot_functions_can_draw_derivatives():
    grid = np.linspace(-1.0, 1.0, 11)
    ax = plots.plot_functions(["tanh"], x=grid, derivative=True)
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), 1.0 / np.cosh(grid) ** 2)


def test_plot_functions_rejects_a_single_name():
    with pytest.raises(TypeError, match="sequence of names"):
        plots.plot_functions("relu")


def test_plot_activation_rejects_a_two_dimensional_grid():
    with pytest.raises(ValueError, match="1-D grid"):
        plots.plot_activation("relu", x=np.zeros((3, 3)))


def test_plot_activation_rejects_unknown_names():
    with pytest.raises(ValueError, match="sigmoid"):
        plots.plot_activation("sigmoidal")


def _payload(markup: str) -> object:
    import json
    import re

    found = re.search(r'<script type="application/json">(.*?)</script>', markup, flags=re.S)
    assert found is not None, markup
    return json.loads(found.group(1))


def test_interactive_html_rounds_to_significant_digits_and_writes_gaps_as_null():
    markup = plots.interactive_html(
        "demo",
        {"y": np.array([1 / 3, np.nan, 2.0, -np.inf, 1.23456e-12]), "n": np.int64(32)},
        replaces="fig-x",
        title="A demo",
    )
    assert _payload(markup) == {"y": [0.3333, None, 2, None, 1.235e-12], "n": 32}


def test_interactive_html_is_the_same_for_the_same_numbers():
    data = {"x": np.linspace(-1.0, 1.0, 5), "label": "relu", "nested": {"k": [0.1 + 0.2]}}
    first = plots.interactive_html("demo", data, replaces="fig-x", title="t")
    again = plots.interactive_html("demo", dict(data), replaces="fig-x", title="t")
    assert first == again
    assert _payload(first)["nested"] == {"k": [0.3]}


def test_interactive_html_names_its_drawing_and_the_static_figure_it_replaces():
    markup = plots.interactive_html("gradient-flow", {}, replaces="fig-ch5-x", title='a "b" & c')
    assert markup.startswith('<div class="af-interactive" data-kind="gradient-flow"')
    assert 'data-figure="fig-ch5-x"' in markup
    assert 'data-title="a &quot;b&quot; &amp; c"' in markup
    assert "book's website" in markup  # what Jupyter and a browser without JavaScript show


def test_interactive_html_cannot_end_its_script_early():
    markup = plots.interactive_html("demo", {"s": "</script><b>"}, replaces="f", title="t")
    assert markup.count("</script>") == 1
    assert _payload(markup) == {"s": "</script><b>"}


def test_interactive_html_rejects_a_bad_kind_and_data_it_cannot_write():
    with pytest.raises(ValueError, match="kind"):
        plots.interactive_html("Not a kind", {}, replaces="f", title="t")
    with pytest.raises(TypeError, match="set"):
        plots.interactive_html("demo", {"s": {1, 2}}, replaces="f", title="t")
