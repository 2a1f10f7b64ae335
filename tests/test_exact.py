"""The arbitrary-precision references (benchmarks/exact.py) and the ulp measure."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest

import activations

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from exact import EXACT, ulp_error


def test_every_registry_function_has_a_reference():
    assert sorted(EXACT) == sorted(activations.names())


@pytest.mark.parametrize("name", sorted(EXACT))
def test_reference_derivative_is_the_derivative_of_the_reference_value(name):
    f, df = EXACT[name]
    with mp.workdps(30):
        for x in ("-6.5", "-1.3", "-0.2", "0.4", "2.9"):  # away from the kinks at 0
            xm = mp.mpf(x)
            assert mp.almosteq(mp.diff(f, xm), df(xm), rel_eps=mp.mpf(10) ** -20, abs_eps=1e-25)


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_correctly_rounded_values_are_within_half_an_ulp(dtype):
    rng = np.random.default_rng(0)
    with mp.workdps(40):
        for v in rng.uniform(-1e3, 1e3, 50):
            e = mp.mpf(v) / 3
            assert ulp_error(np.array(float(e), dtype=dtype), e, dtype) <= 0.5
            # the neighbour one step away is between 0.5 and 1.5 ulp off
            step = np.nextafter(np.array(float(e), dtype=dtype), np.inf, dtype=dtype)
            assert 0.5 <= ulp_error(step, e, dtype) <= 1.5


def test_ulp_of_known_cases():
    with mp.workdps(40):
        assert ulp_error(1.0, mp.mpf(1)) == 0.0
        assert ulp_error(1.0 + 2.0**-52, mp.mpf(1)) == 1.0  # one step above 1
        assert ulp_error(5e-324, mp.mpf(0)) == 1.0  # the subnormal spacing
        assert ulp_error(math.inf, mp.mpf(10) ** 400) == 0.0  # overflows: inf is right
        assert ulp_error(math.inf, mp.mpf(1)) == math.inf
        assert ulp_error(math.nan, mp.mpf(1)) == math.inf
        with pytest.raises(ValueError, match="float16, float32 or float64"):
            ulp_error(1.0, mp.mpf(1), "int32")
