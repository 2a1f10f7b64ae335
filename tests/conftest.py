"""Shared pytest configuration.

Hypothesis runs derandomized (the examples are a fixed function of each test), with no
example database, no deadline and no "too slow" health check, so that CI never flakes
on a new random draw or on a slow or busy machine. For a local search for
counterexamples, ``HYPOTHESIS_PROFILE=explore pytest tests/test_properties.py`` draws
fresh random examples, twenty times as many.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore", derandomize=False, database=None, deadline=None, max_examples=2000
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
