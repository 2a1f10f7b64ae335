"""No chapter's prose runs past 3,500 words (the redesign's limit: cut or split, don't grow)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
CHAPTERS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))
MAX_WORDS = 3500


def prose_words(path: Path) -> int:
    """Words in the markdown cells, exercises and solutions included, code cells not."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return sum(len("".join(c["source"]).split()) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_chapter_prose_is_at_most_3500_words(path):
    words = prose_words(path)
    assert words <= MAX_WORDS, f"{path.name}: {words} words of prose, the limit is {MAX_WORDS}"


def test_the_count_sees_every_markdown_word(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["# One two\n", "three"]},
            {"cell_type": "code", "source": ["not counted = 1"]},
        ]
    }
    path = tmp_path / "01_x.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert prose_words(path) == 4
