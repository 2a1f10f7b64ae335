"""The modules written by the generators in tools/ are what those generators write now."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "generator",
    [
        "gen_normal_tail.py",  # src/activations/_normal_tail.py: GELU's polynomial
        "gen_root_series.py",  # src/activations/_root_series.py: Taylor series at roots
    ],
)
def test_generated_module_matches_its_generator(generator):
    # --check recomputes everything with mpmath in memory and fails if the file differs,
    # so a hand edit of the numbers, or a change of the generator not followed by a run
    # of it, is caught.
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / generator), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
