"""The helper package stays small (the redesign's standing limits, counted like `wc -l`).

The modules a reader opens (every module whose name does not start with ``_``) total at
most 4,000 lines, none over 1,200; the whole package, private and generated modules
included, at most 6,000. Code that grows the package has to be paid for elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "activations"
MAX_PUBLIC_TOTAL = 4000
MAX_PUBLIC_MODULE = 1200
MAX_PACKAGE = 6000


def lines(path: Path) -> int:
    """Newline characters, as `wc -l` counts them (docstrings and blank lines included)."""
    return path.read_bytes().count(b"\n")


def modules() -> list[Path]:
    return sorted(PACKAGE.glob("*.py"))


def public_modules() -> list[Path]:
    return [path for path in modules() if not path.name.startswith("_")]


def test_the_package_has_the_modules_the_book_imports():
    """Guards the limits below against passing on an empty or moved package."""
    names = {path.stem for path in public_modules()}
    assert {"functions", "nn", "data", "experiments", "plots", "claims"} <= names


@pytest.mark.parametrize("path", public_modules(), ids=lambda path: path.name)
def test_no_public_module_is_over_1200_lines(path):
    assert lines(path) <= MAX_PUBLIC_MODULE, f"{path.name}: {lines(path)} lines"


def test_the_public_modules_total_at_most_4000_lines():
    sizes = {path.name: lines(path) for path in public_modules()}
    assert sum(sizes.values()) <= MAX_PUBLIC_TOTAL, sizes


def test_the_whole_package_is_at_most_6000_lines():
    sizes = {path.name: lines(path) for path in modules()}
    assert sum(sizes.values()) <= MAX_PACKAGE, sizes


def test_lines_counts_like_wc(tmp_path):
    sample = tmp_path / "m.py"
    sample.write_text('"""Doc."""\n\nx = 1\n', encoding="utf-8")
    assert lines(sample) == 3
