"""Read the book's PDF (``_build/pdf/book.pdf``, built by ``tools/build_pdf.py``).

Shared by the PDF tests. Text extraction (pypdf, pure Python) is the slow part, about
a tenth of a second a page, so the pages are shared out between processes.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# BOOK_PDF points the tests at a PDF built elsewhere.
PDF_FILE = Path(os.environ.get("BOOK_PDF", ROOT / "_build" / "pdf" / "book.pdf"))

# pypdf logs a warning about a detail of Chromium's cross-reference table on every read.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _texts_of_pages(path: str, first: int, stop: int) -> list[str]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(path)
    return [reader.pages[i].extract_text() for i in range(first, stop)]


def page_texts(path: Path, pages: int, workers: int | None = None) -> list[str]:
    """The text of every page, in order, extracted in ``workers`` processes."""
    workers = max(1, min(workers or os.cpu_count() or 1, pages))
    bounds = [round(pages * k / workers) for k in range(workers + 1)]
    if workers == 1:
        return _texts_of_pages(str(path), 0, pages)
    # spawn, not fork: the test process may run threads (fork would warn, and warnings
    # are errors in this test suite).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        chunks = pool.map(_texts_of_pages, [str(path)] * workers, bounds[:-1], bounds[1:])
        return [text for chunk in chunks for text in chunk]


def image_xobjects(reader: Any) -> set[int]:
    """The object numbers of every image drawn on any page (also inside forms)."""
    found: set[int] = set()

    def walk(resources: Any, seen: set[int]) -> None:
        xobjects = resources.get("/XObject") if resources else None
        if not xobjects:
            return
        for reference in xobjects.get_object().values():
            number = reference.idnum
            if number in seen:
                continue
            seen.add(number)
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Image":
                found.add(number)
            elif xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"), seen)

    seen: set[int] = set()
    for page in reader.pages:
        walk(page.get("/Resources"), seen)
    return found


def outline(reader: Any) -> list[tuple[int, str, int]]:
    """The PDF's outline (bookmarks) as (depth, title, 0-based page), in order."""
    entries: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                entries.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return entries
