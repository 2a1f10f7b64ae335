"""Hygiene of the committed chapters: clean, executed once, machine independent.

nbval (run by ``make nbval``) checks that the committed outputs are what the code
produces; these tests check that the committed files are fit to be compared at all.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = sorted(BOOK.glob("*.ipynb"))
NOTEBOOK_IDS = [p.name for p in NOTEBOOKS]

# Home and temporary folders, and where clones and environments live (/work/..., /opt/,
# /usr/, site-packages): a path in an output differs from one machine to the next.
MACHINE_PATH = re.compile(
    r"(/root/|/home/|/tmp/|/Users/|/private/var/|/work/|/opt/|/usr/|site-packages|[A-Z]:\\\\)"
)
MEMORY_ADDRESS = re.compile(r"at 0x[0-9a-fA-F]{6,}")
STRIP_KEYS = "metadata.language_info.version metadata.kernelspec.display_name"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _code_cells(nb: dict) -> list[dict]:
    return [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def _output_text(output: dict) -> str:
    data = output.get("data", {})
    # streams, and every text form of a result (plain, HTML, Markdown, LaTeX)
    parts = [output.get("text", ""), *(v for k, v in data.items() if k.startswith("text/"))]
    return "".join("".join(p) if isinstance(p, list) else p for p in parts)


def _toc_files() -> list[str]:
    files = re.findall(r"(?:root|file):\s*(\S+)", (ROOT / "_toc.yml").read_text())
    return files


def test_book_has_notebooks():
    assert NOTEBOOKS, "no chapters found in book/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_is_executed_once_top_to_bottom(path):
    counts = [c["execution_count"] for c in _code_cells(_load(path))]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts are {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_outputs_have_no_errors_warnings_paths_or_addresses(path):
    for i, cell in enumerate(_code_cells(_load(path))):
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", f"code cell {i} has an error output"
            assert output.get("name") != "stderr", f"code cell {i} writes to stderr"
            text = _output_text(output)
            assert not MACHINE_PATH.search(text), f"code cell {i} shows a machine path"
            assert not MEMORY_ADDRESS.search(text), f"code cell {i} shows a memory address"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_has_no_volatile_metadata(path):
    nb = _load(path)
    for i, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {})
        assert "execution" not in meta, f"cell {i} keeps execution timestamps"
        assert "collapsed" not in meta and "scrolled" not in meta, f"cell {i} keeps UI state"
    assert "version" not in nb["metadata"].get("language_info", {}), "python version kept"
    assert "widgets" not in nb["metadata"]


@pytest.mark.skipif(
    shutil.which("nbstripout") is None
    and not (Path(sys.executable).parent / "nbstripout").exists(),
    reason="nbstripout not installed",
)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_passes_nbstripout_verify(path):
    exe = Path(sys.executable).parent / "nbstripout"
    cmd = [str(exe) if exe.exists() else "nbstripout", "--verify", "--keep-output", "--keep-count"]
    result = subprocess.run([*cmd, "--extra-keys", STRIP_KEYS, str(path)], capture_output=True)
    assert result.returncode == 0, "run `make notebooks` to strip volatile metadata"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_uses_the_python3_kernel(path):
    assert _load(path)["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_title_is_first_markdown_heading(path):
    first = _load(path)["cells"][0]
    assert first["cell_type"] == "markdown"
    assert "".join(first["source"]).startswith("# ")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_every_figure_has_alt_text_and_caption(path):
    for i, cell in enumerate(_code_cells(_load(path))):
        has_image = any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))
        if not has_image:
            continue
        mystnb = cell["metadata"].get("mystnb", {})
        alt = mystnb.get("image", {}).get("alt", "")
        caption = mystnb.get("figure", {}).get("caption", "")
        assert alt.strip(), f"figure in code cell {i} has no alt text"
        assert caption.strip(), f"figure in code cell {i} has no caption"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NOTEBOOK_IDS)
def test_notebook_uses_seeded_generators_not_global_random_state(path):
    source = "\n".join("".join(c["source"]) for c in _code_cells(_load(path)))
    assert not re.search(r"np\.random\.(seed|rand|randn|randint|normal|uniform)\(", source)


def test_every_chapter_is_in_the_table_of_contents():
    listed = set(_toc_files())
    for path in NOTEBOOKS:
        assert f"book/{path.stem}" in listed, f"{path.name} is not listed in _toc.yml"


def test_every_table_of_contents_entry_exists():
    for entry in _toc_files():
        candidates = [ROOT / f"{entry}{ext}" for ext in ("", ".md", ".ipynb")]
        assert any(c.is_file() for c in candidates), f"_toc.yml lists missing file {entry}"
