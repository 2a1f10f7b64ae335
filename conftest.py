"""pytest setup shared by the tests and the docstring examples of src/activations."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest


@pytest.fixture(autouse=True)
def _close_figures():
    """Examples that draw leave no figure open for the next one."""
    yield
    plt.close("all")
