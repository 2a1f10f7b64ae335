"""What makes `make book` execute a chapter again (tools/execute_notebooks.py)."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location(
    "execute_notebooks", ROOT / "tools" / "execute_notebooks.py"
)
execute_notebooks = importlib.util.module_from_spec(spec)
spec.loader.exec_module(execute_notebooks)
key = execute_notebooks.key

CHAPTER = ROOT / "book" / "05_sigmoid.ipynb"
LEDGER_NAME = "13_claims_ledger.ipynb"


def _edit(path: Path, kind: str, text: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == kind)
    cell["source"] = [text, *cell["source"]]
    path.write_text(json.dumps(nb), encoding="utf-8")


def test_a_markdown_edit_keeps_the_key_and_a_code_edit_changes_it(tmp_path):
    copy = tmp_path / CHAPTER.name
    shutil.copy(CHAPTER, copy)
    before = key(copy, [copy])
    _edit(copy, "markdown", "A new sentence.\n")
    assert key(copy, [copy]) == before
    _edit(copy, "code", "# a new comment\n")
    assert key(copy, [copy]) != before


def test_the_key_covers_the_package_and_the_pins():
    hashed = execute_notebooks.PACKAGE.rglob("*.py")
    assert {p.name for p in hashed} >= {"functions.py", "_kernels.py", "nn.py", "claims.py"}
    source = (ROOT / "tools" / "execute_notebooks.py").read_text()
    assert '"requirements.txt"' in source and "PACKAGE.rglob" in source


def test_the_ledger_is_executed_again_when_a_chapter_changes(tmp_path):
    ledger = tmp_path / LEDGER_NAME
    chapter = tmp_path / CHAPTER.name
    shutil.copy(ROOT / "book" / LEDGER_NAME, ledger)
    shutil.copy(CHAPTER, chapter)
    before = key(ledger, [chapter, ledger])
    _edit(chapter, "markdown", "Another sentence.\n")
    assert key(ledger, [chapter, ledger]) != before
    assert key(chapter, [chapter, ledger]) == key(chapter, [chapter])
