"""Local Sphinx extension: what the book's PDF needs from Sphinx.

``tools/build_pdf.py`` builds the whole book as one HTML page
(``jupyter-book build . --builder singlehtml``) and prints it with Chromium into
``_build/pdf/book.pdf``. This extension does three things.

1. Custom nodes get a visitor in the one-page build. Sphinx looks up the visitors of
   custom nodes under the builder's name and falls back to those registered for
   ``html`` only when none at all are registered for ``singlehtml``. sphinx-exercise
   registers its own, so myst-nb's folded code cells (``HideCodeCellNode``, registered
   for ``html`` only) had none and the build stopped with ``NotImplementedError``. The
   ``html`` visitors are copied to ``singlehtml`` wherever it has none.
2. Anchors are unique in the one-page build. Every chapter is inlined into one page, but
   each keeps the ids it had on its own page: the twelve "Exercises" sections are all
   ``#exercises``, and sphinxcontrib-bibtex's ``#id9`` is a citation in five chapters
   and an entry in the references, so a link to any of them jumped to the first. An id
   used by more than one document is renamed ``<document>--<id>`` in each, and every
   reference to it follows (``refid``, ``backrefs``, ``refuri`` fragments, and the
   figure and exercise numbers, which Sphinx keys by id). Links are written as
   ``#anchor``, so the page works wherever it is copied.
3. The website links to the PDF when there is one. The ``book-pdf-link`` directive
   (used in ``book/intro.md``) renders a paragraph linking to ``book.pdf`` at the root
   of the site, and the HTML build copies ``_build/pdf/book.pdf`` there, only when that
   file exists when the page is read; otherwise it renders nothing, so the site never
   links to a missing file. The page depends on the PDF, so it is read again when the
   PDF appears, changes or disappears. Nothing is rendered in the one-page build itself.

Items 1 and 2 act only in the ``singlehtml`` build; the website is built by ``html``.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.console import darkgreen
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import inline_all_toctrees
from sphinx.util.osutil import relative_uri

DOCUMENT_PREFIX = "#document-"
# Written by tools/build_pdf.py: the PDF, and its page count beside it.
PDF_DIR = Path(__file__).resolve().parents[1] / "_build" / "pdf"
PDF_FILE = PDF_DIR / "book.pdf"
PDF_FACTS = PDF_DIR / "book.json"
SITE_PDF_NAME = "book.pdf"


def _inherit_html_visitors(app: Sphinx) -> None:
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node_name, visitors in handlers.get("html", {}).items():
        single.setdefault(node_name, visitors)


def _elements_with_document(tree: nodes.Element, root: str) -> Iterator[tuple[str, nodes.Element]]:
    """Every element of the assembled tree, with the document it came from."""
    stack: list[tuple[str, nodes.Element]] = [(root, tree)]
    while stack:
        docname, element = stack.pop()
        if isinstance(element, addnodes.start_of_file):
            docname = element["docname"]
        yield docname, element
        stack.extend(
            (docname, child)
            for child in reversed(element.children)
            if isinstance(child, nodes.Element)
        )


def _anchor(docname: str, node_id: str) -> str:
    return f"{docname.replace('/', '-')}--{node_id}"


def scope_colliding_ids(tree: nodes.Element, root: str) -> dict[tuple[str, str], str]:
    """Rename the ids that more than one document uses; return ``{(doc, old): new}``.

    References are rewritten in place: a ``refid`` or ``backrefs`` entry is taken to
    point into its own document (or, failing that, into the root document, which is
    where Sphinx's resolver sends ``refid`` links when it resolves the whole tree at
    once); a ``refuri`` of the form ``#document-<doc>#<id>`` names its document, and
    becomes ``#<id>`` (renamed if needed).
    """
    elements = list(_elements_with_document(tree, root))
    documents_of: dict[str, set[str]] = defaultdict(set)
    for docname, element in elements:
        for node_id in element.get("ids", []):
            documents_of[node_id].add(docname)
    renamed = {
        (docname, node_id): _anchor(docname, node_id)
        for node_id, docnames in documents_of.items()
        if len(docnames) > 1
        for docname in docnames
    }

    def target(docname: str, node_id: str) -> str:
        if docname in documents_of.get(node_id, ()):
            return renamed.get((docname, node_id), node_id)
        return renamed.get((root, node_id), node_id)

    for docname, element in elements:
        if "ids" in element:
            element["ids"] = [renamed.get((docname, i), i) for i in element["ids"]]
        if element.get("refid"):
            element["refid"] = target(docname, element["refid"])
        if element.get("backrefs"):
            element["backrefs"] = [target(docname, i) for i in element["backrefs"]]
        refuri = element.get("refuri", "")
        if isinstance(element, nodes.reference) and refuri.startswith(DOCUMENT_PREFIX):
            target_doc, _, fragment = refuri[len(DOCUMENT_PREFIX) :].partition("#")
            if fragment:
                element["refuri"] = "#" + target(target_doc, fragment)
    return renamed


def _repair_builder(app: Sphinx) -> None:
    builder = app.builder
    if builder.name != "singlehtml":
        return
    _inherit_html_visitors(app)
    renamed: dict[tuple[str, str], str] = {}
    assemble_toc_fignumbers = builder.assemble_toc_fignumbers

    def assemble_doctree() -> nodes.document:
        # SingleFileHTMLBuilder.assemble_doctree, with the ids scoped before the links
        # are written out.
        root = builder.config.root_doc
        tree = inline_all_toctrees(
            builder, set(), root, builder.env.get_doctree(root), darkgreen, [root]
        )
        tree["docname"] = root
        builder.env.resolve_references(tree, root, builder)
        renamed.update(scope_colliding_ids(tree, root))
        builder.fix_refuris(tree)
        return tree

    def assemble_toc_fignumbers_scoped() -> dict[str, Any]:
        numbers = assemble_toc_fignumbers()
        for by_type in numbers.values():
            for key, by_id in by_type.items():
                docname = key.rsplit("/", 1)[0]
                by_type[key] = {renamed.get((docname, i), i): n for i, n in by_id.items()}
        return numbers

    builder.assemble_doctree = assemble_doctree  # type: ignore[method-assign]
    builder.assemble_toc_fignumbers = assemble_toc_fignumbers_scoped  # type: ignore[method-assign]


class BookPdfLink(SphinxDirective):
    """A paragraph linking to the book's PDF, or nothing when the PDF is not built."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(PDF_FILE))
        builder = self.env.app.builder
        if builder.name != "html" or not PDF_FILE.is_file():
            return []
        facts = f"A4, {PDF_FILE.stat().st_size / 1e6:.1f} MB"
        if PDF_FACTS.is_file():
            pages = json.loads(PDF_FACTS.read_text(encoding="utf-8")).get("pages")
            facts = f"{pages} pages, " + facts if pages else facts
        uri = relative_uri(builder.get_target_uri(self.env.docname), SITE_PDF_NAME)
        paragraph = nodes.paragraph()
        paragraph += nodes.Text("To read offline or on paper: ")
        paragraph += nodes.reference("", "the whole book as one PDF", refuri=uri)
        paragraph += nodes.Text(f" ({facts}), with the solutions at the end of each chapter.")
        return [paragraph]


def _copy_pdf_into_site(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name == "html" and PDF_FILE.is_file():
        shutil.copyfile(PDF_FILE, Path(app.outdir) / SITE_PDF_NAME)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _repair_builder)
    app.add_directive("book-pdf-link", BookPdfLink)
    app.connect("build-finished", _copy_pdf_into_site)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
