"""Every decimal number in a chapter's prose is one the chapter prints, or is accounted for.

A sentence that states a measured figure must not drift from the measurement: here each
decimal number in a chapter's markdown (``0.276``, ``6.1 \\cdot 10^{-6}``, ``1.6e-9``) must
equal, at the precision it is written with, a number in that chapter's committed outputs,
which nbval keeps equal to what the code prints. Exempt are numbers in code (inline, fenced
or indented: settings such as ``lr=0.05``), numbers in a paragraph that cites its source
with ``{cite}`` (constants from the literature), and the few derived constants listed in
``DERIVED`` with the derivation that gives them.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))

# chapter stem -> {number as written: why it is not a measured figure}
DERIVED: dict[str, dict[str, str]] = {}

_NUMBER = re.compile(
    r"(?<![\w.])(-?\d+\.\d+)"  # a decimal: mantissa
    r"(?:\s*(?:\\cdot|\\times|×)\s*10\^\{?(-?\d+)\}?|e(-?\d+))?"  # optional power of ten
)
_OUTPUT_NUMBER = re.compile(r"-?\d+\.?\d*(?:e[-+]?\d+)?")
# The data of an interactive figure (activations.plots.interactive_html): thousands of
# numbers a reader never sees as text, which would let almost any prose number pass.
_FIGURE_DATA = re.compile(r'<script type="application/json">.*?</script>', re.S)


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def prose_numbers(cell_source: str) -> list[tuple[str, float, int]]:
    """(as written, value, significant decimals of the mantissa) for each decimal number."""
    found = []
    for paragraph in re.split(r"\n\s*\n", cell_source):
        if "{cite}" in paragraph or "{cite:" in paragraph:
            continue
        # code is not prose: fenced blocks (not MyST directives), indented blocks, inline
        text = re.sub(r"```(?!\{)[^\n]*\n.*?```", " ", paragraph, flags=re.S)
        text = re.sub(r"^(?: {4}|\t).*$", " ", text, flags=re.M)
        text = re.sub(r"`[^`]*`", " ", text)  # inline code: settings, not results
        text = re.sub(r"^\(\S+\)=$", " ", text, flags=re.M)  # labels
        for match in _NUMBER.finditer(text):
            mantissa, exp1, exp2 = match.groups()
            exponent = int(exp1 or exp2 or 0)
            found.append((match.group(0), float(mantissa) * 10.0**exponent, _decimals(mantissa)))
    return found


def output_numbers(cells: list[dict]) -> list[float]:
    values = []
    for cell in cells:
        for output in cell.get("outputs", []):
            texts = [output.get("text", "")]
            data = output.get("data", {})
            texts += [data.get(kind, "") for kind in ("text/plain", "text/markdown", "text/html")]
            for text in texts:
                text = "".join(text) if isinstance(text, list) else text
                text = _FIGURE_DATA.sub(" ", text)
                for token in _OUTPUT_NUMBER.findall(text):
                    try:
                        values.append(float(token))
                    except ValueError:
                        pass
    return values


def matches(value: float, decimals: int, written: str, printed: list[float]) -> bool:
    """True if a printed number rounds to *value* at the precision it is written with."""
    mantissa = float(_NUMBER.match(written).group(1)) if _NUMBER.match(written) else value
    scale = value / mantissa if mantissa else 1.0
    for p in printed:
        for candidate in (p, -p, 100 * p, p / 100):  # signs and percentages
            m = candidate / scale if scale else candidate
            if math.isclose(round(m, decimals), round(mantissa, decimals), abs_tol=1e-12):
                return True
            if math.isclose(m, mantissa, rel_tol=0.5 * 10.0**-decimals / max(abs(mantissa), 1)):
                return True
    return False


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_number_in_the_prose_is_printed_by_the_chapter(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    printed = output_numbers(cells)
    allowed = DERIVED.get(path.stem, {})
    missing = []
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for written, value, decimals in prose_numbers("".join(cell["source"])):
            if written in allowed:
                continue
            if not matches(value, decimals, written, printed):
                missing.append(written)
    assert not missing, (
        f"{path.name}: numbers in the prose that no output of the chapter prints "
        f"(print them, or list a derived constant in DERIVED): {missing}"
    )


def test_the_data_of_an_interactive_figure_is_not_printed_text():
    html = '<p>shown 0.25</p><script type="application/json">{"y":[0.1234,7.5]}</script>'
    cells = [{"outputs": [{"data": {"text/html": html, "text/plain": "<HTML object>"}}]}]
    assert output_numbers(cells) == [0.25]
