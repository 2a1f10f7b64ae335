"""Fixtures for the PDF tests: the book's PDF, opened once, and the text of its pages.

Without a built PDF the tests skip with a message saying how to build it; when the
``CI`` environment variable is set they fail instead, so continuous integration can
never pass by skipping them (as the browser tests do).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import pytest
from pdf_book import PDF_FILE, page_texts


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail when running in continuous integration."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the PDF tests fail instead of skipping)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pdf_file() -> Path:
    if not PDF_FILE.is_file():
        unavailable(f"no PDF at {PDF_FILE}: run `make pdf` (python tools/build_pdf.py) first")
    return PDF_FILE


@pytest.fixture(scope="session")
def reader(pdf_file: Path) -> Any:
    try:
        from pypdf import PdfReader
    except ImportError:
        unavailable("pypdf is not installed: `pip install -r requirements-dev.txt`")
    return PdfReader(pdf_file)


@pytest.fixture(scope="session")
def texts(pdf_file: Path, reader: Any) -> list[str]:
    """The extracted text of every page, in order."""
    return page_texts(pdf_file, len(reader.pages))
