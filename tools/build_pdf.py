"""Build the whole book as one PDF: ``_build/pdf/book.pdf``.

``make pdf`` runs this. No TeX and no network: the route is the one the browser tests
already take.

1. Jupyter Book builds the book as one HTML page (``--builder singlehtml``, into
   ``_build/pdf/_build/singlehtml``), rendering the committed outputs that nbval checks
   (``execute_notebooks`` is off in ``_config.yml``). Warnings are errors, as in
   ``make build-strict``. ``_ext/book_pdf.py`` repairs Sphinx's one-page build (custom
   nodes, colliding anchors).
2. The page is served on 127.0.0.1 and opened in the Chromium of the browser tests
   (``tests/browser/browser_harness.py`` finds it); any request for another host is
   aborted. ``tools/build_pdf.js`` waits for MathJax (served by the site itself,
   ``_ext/static/mathjax``) to typeset every formula, then turns the page into a book:
   title page, table of contents, a page break before each chapter, folded code opened,
   each chapter's exercise solutions gathered at its end. ``tools/build_pdf.css`` is the
   print stylesheet (no navigation, code lines wrapped, figures within the page).
3. Chromium prints it to A4 with the page number in the footer. The page numbers of
   the table of contents are read from that print (each of its links points to a
   named destination on the page that holds its target); the contents pages alone are
   printed again with the numbers filled in (they take the room of the placeholders,
   so nothing moves) and put in place of the first ones. pypdf adds the outline
   (parts, chapters, solutions) and the title.

The script stops with an error when a formula is left untypeset, an image fails to
load, a solution stays hidden, a chapter is missing from the table of contents, a block
is wider than the page (it would be clipped, or Chromium would shrink every page to fit
it), or the page asks for anything from another host. ``_build/pdf/book.json`` records
the page count, size and build times (the website's link to the PDF shows the first
two; ``_ext/book_pdf.py``). ``tests/pdf`` checks the PDF itself.

Usage::

    python tools/build_pdf.py               # build the one-page HTML, print the PDF
    python tools/build_pdf.py --no-html     # print again from the last one-page build
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pypdf.generic import NameObject

# pypdf logs a warning about a detail of Chromium's cross-reference table on every read.
logging.getLogger("pypdf").setLevel(logging.ERROR)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
from browser_harness import HOST, INSTALL_HINT, find_chromium, launch_chromium, serve  # noqa: E402

PDF_DIR = ROOT / "_build" / "pdf"
SINGLEHTML = PDF_DIR / "_build" / "singlehtml"
PDF_FILE = PDF_DIR / "book.pdf"
FACTS_FILE = PDF_DIR / "book.json"
PAGE_NAME = "book.html"  # the one page, copied to the root of the build
# The only scripts of the page that run: MathJax (_ext/static/mathjax, served by the site
# itself) and the settings that the page's inline scripts read.
SCRIPTS_RUN = ("/_static/mathjax/", "/_static/documentation_options.js")
PREPARE_JS = Path(__file__).with_suffix(".js")
PRINT_CSS = Path(__file__).with_suffix(".css")

PDF_OPTIONS: dict[str, Any] = {
    "format": "A4",
    "margin": {"top": "16mm", "bottom": "18mm", "left": "18mm", "right": "18mm"},
    "print_background": True,
    "display_header_footer": True,
    "header_template": "<div></div>",
    "footer_template": (
        '<div style="width:100%;text-align:center;font-size:8pt;color:#555;'
        'font-family:sans-serif"><span class="pageNumber"></span></div>'
    ),
}
# A table or displayed formula wider than the text column is scaled down to fit, but
# never below this: smaller would not be legible, and the build fails instead.
LEAST_SCALE = 0.6
# Blocks (code, outputs, tables, boxes) shorter than this are kept on one page: a third
# of the printable height of an A4 page (297 mm less the margins), in CSS pixels.
KEEP_LIMIT_PX = round((297 - 16 - 18) / 25.4 * 96 / 3)
PRINT_WIDTH_PX = round((210 - 18 - 18) / 25.4 * 96)
# Written into the table of contents by the first print: wide enough for any page number,
# so that filling in the real numbers moves nothing.
PAGE_PLACEHOLDER = "000"


def build_singlehtml() -> Path:
    """The book as one HTML page; returns its path (``_build/pdf/_build/singlehtml``)."""
    beside_python = Path(sys.executable).with_name("jupyter-book")
    command = [
        str(beside_python) if beside_python.is_file() else "jupyter-book",
        "build",
        str(ROOT),
        "--builder",
        "singlehtml",
        "--path-output",
        str(PDF_DIR),
        "-W",
        "-n",
        "--keep-going",
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stdout.write(result.stdout[-20000:])
        sys.stderr.write(result.stderr[-20000:])
        raise SystemExit(f"build_pdf: the one-page build failed: {' '.join(command)}")
    return SINGLEHTML


def toc_parts(toc_path: Path = ROOT / "_toc.yml") -> list[dict[str, Any]]:
    """The parts of ``_toc.yml``: each caption with the docnames of its chapters."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    return [
        {
            "caption": part.get("caption", ""),
            "docnames": [str(Path(c["file"]).with_suffix("")) for c in part["chapters"]],
        }
        for part in toc.get("parts", [])
    ]


def book_author(config_path: Path = ROOT / "_config.yml") -> str:
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    return str(config.get("author", ""))


def destination_pages(reader: Any) -> dict[str, int]:
    """The page index (0-based) of every named destination, by element id.

    Chromium writes each ``<a href="#id">`` as a link to a named destination ``id``,
    placed on the page that holds the element.
    """
    return {
        str(name).lstrip("/"): reader.get_destination_page_number(destination)
        for name, destination in reader.named_destinations.items()
    }


def replace_pages(writer: Any, indices: list[int], reprint: Any) -> None:
    """Give ``writer``'s pages at ``indices`` the text and fonts of ``reprint``'s pages.

    Each page object stays where it is, with its links and every destination that
    points at it; only what is drawn on it changes.
    """
    for index, source in zip(indices, reprint.pages, strict=True):
        target = writer.pages[index]
        target[NameObject("/Resources")] = source["/Resources"].clone(writer)
        target[NameObject("/Contents")] = source.raw_get("/Contents").clone(writer)


def add_outline(
    writer: Any, contents: list[dict[str, Any]], pages: dict[str, int], contents_page: int
) -> int:
    """The PDF's outline (bookmarks): contents, introduction, then parts, their chapters
    and each chapter's solutions; returns the number of chapters in it."""
    writer.add_outline_item(title="Contents", page_number=contents_page)
    writer.add_outline_item(title="Introduction", page_number=pages["print-introduction"])
    added = 0
    for part in contents:
        chapters = [c for c in part["chapters"] if c["id"] in pages]
        if not chapters:
            continue
        parent = writer.add_outline_item(
            title=part["caption"], page_number=pages[chapters[0]["id"]]
        )
        for chapter in chapters:
            item = writer.add_outline_item(
                title=chapter["title"], page_number=pages[chapter["id"]], parent=parent
            )
            added += 1
            if chapter["solutionsId"] in pages:
                writer.add_outline_item(
                    title="Solutions to the exercises",
                    page_number=pages[chapter["solutionsId"]],
                    parent=item,
                )
    return added


def print_book(site: Path, pdf_file: Path) -> dict[str, Any]:
    """Open the one page in Chromium, make it a book, print it; return what was done."""
    from pypdf import PdfReader, PdfWriter

    executable = find_chromium()
    if executable is None:
        raise SystemExit(f"build_pdf: no Chromium: {INSTALL_HINT}")
    shutil.copyfile(site / "book" / "intro.html", site / PAGE_NAME)
    external: list[str] = []
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = round(now - clock, 1)
        clock = now

    def route(request_route: Any) -> None:
        request = request_route.request
        if urlsplit(request.url).hostname != HOST:
            external.append(request.url)
            request_route.abort()
        elif request.resource_type == "script" and not any(
            allowed in request.url for allowed in SCRIPTS_RUN
        ):
            # The theme's scripts build the website's menus, buttons and dropdowns,
            # none of which is printed; MathJax alone runs.
            request_route.abort()
        else:
            request_route.continue_()

    with serve(site) as base_url, launch_chromium(executable) as browser:
        # The width of the printable area, so that what is measured in the page
        # (tools/build_pdf.js, keepShortBlocks) is what is printed.
        context = browser.new_context(viewport={"width": PRINT_WIDTH_PX, "height": 1000})
        page = context.new_page()
        page.route("**/*", route)
        page_errors: list[str] = []
        page.on("pageerror", lambda error: page_errors.append(str(error)))
        page.goto(base_url + PAGE_NAME, wait_until="load")
        done = page.evaluate(
            PREPARE_JS.read_text(encoding="utf-8"),
            {"parts": toc_parts(), "author": book_author()},
        )
        page.add_style_tag(content=PRINT_CSS.read_text(encoding="utf-8"))
        page.emulate_media(media="print")
        done["scaledBlocks"] = page.evaluate("(least) => fitWideBlocks(least)", LEAST_SCALE)
        done["keptBlocks"] = page.evaluate("(limit) => keepShortBlocks(limit)", KEEP_LIMIT_PX)
        done["overflowing"] = page.evaluate("() => overflowingBlocks()")
        set_numbers = """(numbers) => {
          const spans = Array.from(document.querySelectorAll('.print-toc-page'));
          spans.forEach((span, i) => { span.textContent = String(numbers[i]); });
          return spans.length;
        }"""
        page.evaluate(set_numbers, [PAGE_PLACEHOLDER] * len(done["tocTargets"]))
        lap("load and prepare")

        # First print: where everything lands.
        first = PdfReader(io.BytesIO(page.pdf(**PDF_OPTIONS)))
        lap("print")
        pages = destination_pages(first)
        missing = [target for target in done["tocTargets"] if target not in pages]
        if missing or "print-introduction" not in pages:
            raise SystemExit(f"build_pdf: contents entries with no place in the PDF: {missing}")
        numbers = [pages[target] + 1 for target in done["tocTargets"]]
        # The contents run from the page after the title page to the introduction.
        contents_pages = list(range(1, pages["print-introduction"]))

        # Second print, of the contents pages alone, with their page numbers.
        page.evaluate(set_numbers, numbers)
        page_range = f"{contents_pages[0] + 1}-{contents_pages[-1] + 1}"
        reprint = PdfReader(io.BytesIO(page.pdf(page_ranges=page_range, **PDF_OPTIONS)))
        lap("print contents")
        context.close()

    writer = PdfWriter(clone_from=first)
    replace_pages(writer, contents_pages, reprint)
    done["outlineChapters"] = add_outline(writer, done["contents"], pages, contents_pages[0])
    writer.add_metadata({"/Title": done["title"], "/Author": book_author()})
    writer.page_mode = "/UseOutlines"
    with open(pdf_file, "wb") as handle:
        writer.write(handle)
    lap("outline and write")
    done["tocPages"] = numbers
    done["externalRequests"] = external
    done["pageErrors"] = page_errors
    done["seconds"] = seconds
    return done


def check(done: dict[str, Any]) -> list[str]:
    """What went wrong in the page before it was printed (empty when nothing did)."""
    problems = []
    if done["untypesetMath"] or done["mathErrors"]:
        problems.append(
            f"{done['untypesetMath']} formulas left untypeset, {done['mathErrors']} MathJax errors"
        )
    if done["brokenImages"]:
        problems.append(f"images that did not load: {done['brokenImages']}")
    if done["hiddenSolutions"]:
        problems.append(f"{done['hiddenSolutions']} solutions still hidden")
    if done["unlistedChapters"]:
        problems.append(f"chapters missing from the contents: {done['unlistedChapters']}")
    if done["overflowing"]:
        problems.append(f"blocks wider than the page (clipped in print): {done['overflowing']}")
    if done["externalRequests"]:
        problems.append(f"requests for other hosts (aborted): {done['externalRequests']}")
    if done["pageErrors"]:
        # From the page's own scripts (MathJax, inline settings); an error of
        # tools/build_pdf.js stops the build where it happens.
        problems.append(f"errors in the page's scripts: {done['pageErrors']}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-html",
        action="store_true",
        help="print from the existing one-page build instead of building it again",
    )
    args = parser.parse_args(argv)

    start = time.perf_counter()
    PDF_DIR.mkdir(parents=True, exist_ok=True)
    if args.no_html:
        if not (SINGLEHTML / "book" / "intro.html").is_file():
            raise SystemExit(f"build_pdf: no one-page build in {SINGLEHTML}: run without --no-html")
        site = SINGLEHTML
    else:
        site = build_singlehtml()
    html_seconds = time.perf_counter() - start

    partial = PDF_FILE.with_suffix(".partial.pdf")
    done = print_book(site, partial)
    problems = check(done)
    if problems:
        partial.unlink(missing_ok=True)
        for problem in problems:
            print(f"build_pdf: {problem}", file=sys.stderr)
        return 1
    os.replace(partial, PDF_FILE)
    seconds = time.perf_counter() - start

    from pypdf import PdfReader

    pages = len(PdfReader(PDF_FILE).pages)
    facts = {
        "pages": pages,
        "bytes": PDF_FILE.stat().st_size,
        "chapters": done["chapters"],
        "figures": done["images"],
        "formulas": done["mathNodes"],
        "solutions": done["solutions"],
        "folded_cells_opened": done["foldedCells"],
        "blocks_scaled_to_fit": done["scaledBlocks"],
        "seconds": {"html": round(html_seconds, 1), **done["seconds"], "total": round(seconds, 1)},
    }
    FACTS_FILE.write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")
    print(
        f"build_pdf: {PDF_FILE}: {pages} pages, "
        f"{facts['bytes'] / 1e6:.1f} MB, {facts['chapters']} chapters, "
        f"{facts['figures']} figures, {facts['formulas']} formulas, "
        f"{facts['solutions']} solutions; {html_seconds:.0f} s one-page build, "
        f"{seconds:.0f} s in all"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
