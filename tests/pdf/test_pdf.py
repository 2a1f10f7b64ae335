"""The book as one PDF (``_build/pdf/book.pdf``, built by ``make pdf``).

What a reader of the PDF must get: every chapter, in order, each reachable from the
contents and the outline; every formula typeset (no TeX source left in the text, beyond
what the book's code prints); every figure; every exercise's solution; links that land;
A4 pages, numbered, about as many as the chapters take on the website.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from pdf_book import ROOT, image_xobjects, outline

PAGES_EXPECTED = range(150, 301)
A4_POINTS = (595.28, 841.89)
# TeX markup: a control word (\frac, \mathbb), an escaped delimiter (\( \) \[ \]) or a
# dollar sign ($x$, $$). MathJax leaves none of it in the text it typesets.
TEX_MARKUP = re.compile(r"\\(?:[A-Za-z]+|[()\[\]])|\$")
FENCED_CODE = re.compile(r"^```[^\n{]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _toc_documents() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    paths = []
    for name in names:
        for suffix in (".ipynb", ".md"):
            if (ROOT / name).with_suffix(suffix).is_file():
                paths.append((ROOT / name).with_suffix(suffix))
                break
    return paths


DOCUMENTS = _toc_documents()
NOTEBOOKS = [path for path in DOCUMENTS if path.suffix == ".ipynb"]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _title(path: Path) -> str:
    source = (
        path.read_text(encoding="utf-8")
        if path.suffix == ".md"
        else "\n".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown")
    )
    return next(line[2:].strip() for line in source.splitlines() if line.startswith("# "))


def _flat(text: str) -> str:
    """Whitespace collapsed, and typographic quotes made plain."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip()


def _shown(cell: dict) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return not {"remove-cell", "remove-output"} & set(tags)


def _figures_in_committed_outputs() -> int:
    return sum(
        1
        for path in NOTEBOOKS
        for cell in _cells(path)
        if cell["cell_type"] == "code" and _shown(cell)
        for output in cell.get("outputs", [])
        if {"image/png", "image/jpeg"} & set(output.get("data", {}))
    )


def _printed_code_and_outputs() -> str:
    """Everything the book shows as code or as a code cell's text output."""
    parts = []
    for path in DOCUMENTS:
        if path.suffix == ".md":
            parts += FENCED_CODE.findall(path.read_text(encoding="utf-8"))
            continue
        for cell in _cells(path):
            if cell["cell_type"] == "markdown":
                parts += FENCED_CODE.findall("".join(cell["source"]))
                continue
            parts.append("".join(cell["source"]))
            for output in cell.get("outputs", []):
                parts.append("".join(output.get("text", "")))
                parts.append("".join(output.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


def _solutions_in_sources() -> int:
    pattern = re.compile(r"^```\{solution(?:-start)?\}", re.MULTILINE)
    return sum(
        len(pattern.findall("".join(cell["source"])))
        for path in NOTEBOOKS
        for cell in _cells(path)
        if cell["cell_type"] == "markdown"
    )


def test_page_count_is_in_the_expected_range(reader):
    assert len(reader.pages) in PAGES_EXPECTED


def test_every_page_is_a4(reader):
    """210 x 297 mm; Chromium rounds the size to its own pixels, within a point."""
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4_POINTS, abs=1.5)


def test_every_page_after_the_title_shows_its_number_in_the_footer(texts):
    unnumbered = [
        number
        for number, text in enumerate(texts, start=1)
        if number > 1 and not re.search(rf"(?:^|\n){number}\s*$", text)
    ]
    assert unnumbered == []


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.stem)
def test_every_chapter_title_is_in_the_text(texts, path):
    assert _flat(_title(path)) in _flat("\n".join(texts))


@pytest.mark.parametrize("path", DOCUMENTS[1:], ids=lambda p: p.stem)
def test_the_outline_leads_to_the_page_where_each_chapter_starts(reader, texts, path):
    title = _title(path)
    pages = [page for _, entry, page in outline(reader) if entry == title]
    assert len(pages) == 1, f"{title!r} is not in the outline once"
    assert _flat(title) in _flat(texts[pages[0]])


def test_the_contents_give_each_chapter_its_page_number(reader, texts):
    """The contents run from the page after the title page to the introduction's page."""
    intro = next(page for _, entry, page in outline(reader) if entry == "Introduction")
    assert intro >= 2, "no contents page before the introduction"
    contents = _flat("\n".join(texts[1:intro]))
    assert contents.startswith("Contents")
    for path in DOCUMENTS[1:]:
        title = _title(path)
        page = next(page for _, entry, page in outline(reader) if entry == title)
        assert re.search(re.escape(_flat(title)) + rf" {page + 1}\b", contents), title


def test_no_tex_source_is_left_in_the_text(texts):
    """Every TeX mark in the PDF's text is one the book prints as code or code output.

    The book's code does print some (a formula string of the registry, a matplotlib
    label), so their number is the allowance; a single formula MathJax failed to
    typeset would add its own marks (``\\(``, ``\\frac``, ...) beyond it.
    """
    found = Counter(TEX_MARKUP.findall("\n".join(texts)))
    allowed = Counter(TEX_MARKUP.findall(_printed_code_and_outputs()))
    assert found - allowed == Counter()
    for delimiter in ("\\(", "\\)", "\\[", "\\]"):
        assert found[delimiter] <= allowed[delimiter], delimiter


def test_formulas_are_in_the_text_as_typeset_symbols(texts):
    """Guards the test above: typeset math is extracted as symbols, not dropped."""
    text = "\n".join(texts)
    for symbol in ("σ", "∑", "∂", "≈", "→"):
        assert symbol in text


def test_every_figure_is_embedded(reader):
    figures = _figures_in_committed_outputs()
    assert figures >= 30  # guards against an empty count
    assert len(image_xobjects(reader)) >= figures


def test_interactive_figures_print_as_their_static_image(texts):
    """The website draws some figures interactively (_ext/static/interactive.js); paper
    shows the static figure instead (counted above), never the interactive one's data or
    its line of text for readers without JavaScript."""
    text = _flat("\n".join(texts))
    assert "interactive version of this figure is on the book" not in text
    assert "application/json" not in text
    assert "On the book's website the figure is interactive" in text  # in their captions


def test_every_exercise_solution_is_printed(texts):
    solutions = _solutions_in_sources()
    assert solutions >= 30
    printed = re.findall(r"Solution to\s*Exercise\s+\d+", "\n".join(texts))
    assert len(printed) == solutions
    assert _flat("\n".join(texts)).count("Solutions to the exercises") >= 12


def test_every_internal_link_lands_on_a_destination(reader):
    targets = _link_destinations(reader)
    assert len(targets) > 300
    assert sorted(set(targets) - set(reader.named_destinations)) == []


def _link_destinations(reader) -> list[str]:
    """The named destination of every internal link, page by page."""
    names = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            destination = annotation.get("/Dest")
            if destination is None and "/A" in annotation:
                destination = annotation["/A"].get("/D")
            if isinstance(destination, str):
                names.append(str(destination))
    return names


def test_citations_lead_to_the_references(reader):
    """Each chapter numbers its citations id1, id2, ... on its own web page; on the one
    page the PDF is printed from they must still lead to the references, not to the
    first chapter that used the same id (_ext/book_pdf.py renames them)."""
    entries = outline(reader)
    references = next(page for _, title, page in entries if title == "References")
    destinations = reader.named_destinations
    citations = [name for name in _link_destinations(reader) if "references--" in name]
    assert len(citations) > 50
    pages = {reader.get_destination_page_number(destinations[name]) for name in citations}
    assert min(pages) >= references


def test_the_outline_lists_every_chapter_under_its_part(reader):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    entries = outline(reader)
    parts = [title for depth, title, _ in entries if depth == 0]
    assert [part["caption"] for part in toc["parts"]] == [
        p for p in parts if p not in ("Contents", "Introduction")
    ]
    chapters = [title for depth, title, _ in entries if depth == 1]
    assert chapters == [_title(path) for path in DOCUMENTS[1:]]
    pages = [page for _, _, page in entries]
    assert pages == sorted(pages), "the outline is not in page order"
