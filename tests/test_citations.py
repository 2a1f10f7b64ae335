"""Every citation in the book resolves, and every entry of the bibliography is cited.

The strict site build fails on a citation key missing from ``book/references.bib``, but
it says nothing about the reverse: an entry that no page cites anymore is silently left
out of the references page (``{bibliography}`` lists cited entries only), and so is a
typo that happens to hit another key. These tests read the citations the way MyST does
(``{cite}``, ``{cite:p}``, ``{cite:t}`` and the other ``cite:`` roles, with one or more
comma-separated keys) from the Markdown cells and the Markdown outputs of every notebook
in ``book/`` and from every ``book/*.md`` page, and the entries of ``references.bib``
with a regular expression, so that no BibTeX parser is needed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[1] / "book"
BIB = BOOK / "references.bib"

# Entries allowed to stay uncited, with the reason. Prefer removing an unused entry.
UNCITED_ALLOWED: dict[str, str] = {}

# {cite}`a`, {cite:p}`a, b`, {cite:t}`a` (MyST roles) and :cite:p:`a` (reST syntax)
_CITE = re.compile(r"(?:\{cite(?::\w+)?\}|:cite(?::\w+)?:)`([^`]+)`")
_ENTRY = re.compile(r"^@(\w+)\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
_FIELD = re.compile(r"(?:^|,)\s*([A-Za-z]\w*)\s*=", re.MULTILINE)  # after a newline or comma
_NOT_ENTRIES = {"comment", "string", "preamble"}
REQUIRED_FIELDS = {"author", "title", "year"}


def cited_keys(text: str) -> list[str]:
    """Every key cited in *text*, in order, with repeats."""
    return [key.strip() for match in _CITE.finditer(text) for key in match.group(1).split(",")]


def bib_entries(text: str) -> list[tuple[str, str, set[str]]]:
    """(entry type, key, field names) of each entry of a .bib file, in order."""
    starts = list(_ENTRY.finditer(text))
    entries = []
    for match, after in zip(starts, [*starts[1:], None], strict=True):
        kind = match.group(1).lower()
        if kind in _NOT_ENTRIES:
            continue
        body = text[match.end() : after.start() if after else len(text)]
        fields = {name.lower() for name in _FIELD.findall(body)}
        entries.append((kind, match.group(2), fields))
    return entries


def _page_texts(path: Path) -> list[str]:
    """The Markdown a page renders: its text, or a notebook's Markdown cells and outputs."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")]
    texts = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] == "markdown":
            texts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            markdown = output.get("data", {}).get("text/markdown", "")
            texts.append("".join(markdown) if isinstance(markdown, list) else markdown)
    return texts


def citations_by_page() -> dict[str, list[str]]:
    pages = sorted(BOOK.glob("*.ipynb")) + sorted(BOOK.glob("*.md"))
    return {p.name: [key for text in _page_texts(p) for key in cited_keys(text)] for p in pages}


BIB_ENTRIES = bib_entries(BIB.read_text(encoding="utf-8"))
BIB_KEYS = [key for _, key, _ in BIB_ENTRIES]
CITATIONS = citations_by_page()


def test_the_parsers_read_every_citation_form_and_entry():
    text = (
        "as shown {cite}`a2001` and by {cite:t}`b2002`; see {cite:p}`c2003, d2004`"
        " and {cite:ps}`e2005`; an rST page writes :cite:p:`f2006`. Not `code`."
    )
    assert cited_keys(text) == ["a2001", "b2002", "c2003", "d2004", "e2005", "f2006"]
    bib = (
        '@string{nips = "NeurIPS"}\n'
        "@article{x1999,\n  author = {A, B},\n  title = {T},\n  year = {1999}\n}\n"
        "@Misc{ y2000 ,\n  title={U}, year = 2000}\n"
    )
    assert bib_entries(bib) == [
        ("article", "x1999", {"author", "title", "year"}),
        ("misc", "y2000", {"title", "year"}),
    ]


def test_the_book_cites_and_the_bibliography_holds_entries():
    # guards the other tests against a pattern that silently matches nothing
    assert len(BIB_KEYS) >= 10
    assert sum(len(keys) for keys in CITATIONS.values()) >= 10


def test_every_bibliography_key_is_unique():
    duplicates = sorted(key for key, n in Counter(BIB_KEYS).items() if n > 1)
    assert not duplicates, f"references.bib defines these keys more than once: {duplicates}"


@pytest.mark.parametrize("kind, key, fields", BIB_ENTRIES, ids=BIB_KEYS)
def test_every_bibliography_entry_has_author_title_and_year(kind, key, fields):
    missing = REQUIRED_FIELDS - fields
    assert not missing, f"@{kind}{{{key}}} lacks {sorted(missing)}"


@pytest.mark.parametrize("page", sorted(CITATIONS))
def test_every_cited_key_is_in_the_bibliography(page):
    unknown = sorted(set(CITATIONS[page]) - set(BIB_KEYS))
    assert not unknown, f"{page} cites keys that references.bib does not define: {unknown}"


def test_every_bibliography_entry_is_cited_somewhere():
    cited = {key for keys in CITATIONS.values() for key in keys}
    uncited = sorted(set(BIB_KEYS) - cited - set(UNCITED_ALLOWED))
    assert not uncited, (
        f"references.bib entries that no page cites (cite them, remove them, or list them "
        f"with a reason in UNCITED_ALLOWED): {uncited}"
    )


def test_every_allowlisted_entry_exists_and_is_still_uncited():
    cited = {key for keys in CITATIONS.values() for key in keys}
    stale = sorted(key for key in UNCITED_ALLOWED if key not in BIB_KEYS or key in cited)
    assert not stale, f"UNCITED_ALLOWED lists entries that are cited or gone: {stale}"
