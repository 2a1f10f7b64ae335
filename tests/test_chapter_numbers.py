"""Chapter numbers have one source: the hand-typed titles, in the order of ``_toc.yml``.

Each chapter's title carries its number ("# 6. ReLU"), an appendix its letter
("# A. How accurate are the functions?"). Jupyter Book's own numbering stays off, or the
website and the PDF would read "6. 6. ReLU". These tests check that the typed numbers
follow the table of contents, and that every "chapter N" the prose (and the outputs a
reader sees) mentions is a chapter that exists, and the right one when it is a link.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
NUMBERED_TITLE = re.compile(r"^(\d+)\. \S")
LETTERED_TITLE = re.compile(r"^([A-Z])\. \S")
# "chapter 7", "Chapters 5 and 6", "chapters 4, 9, 10", "chapters 5-8", "chapters 5–8".
CHAPTER_MENTION = re.compile(
    r"\b[Cc]hapters?\s+(\d+(?:(?:\s*,\s*|\s*,?\s+(?:and|or|to)\s+|\s*[-–]\s*)\d+)*)"
)
APPENDIX_MENTION = re.compile(r"\b[Aa]ppendix\s+([A-Z])\b")
# {ref}`chapter 7 <claims-ch7>` and [chapter 7](#claims-ch7): the text names a chapter,
# the label says where the link goes.
CHAPTER_LINK = re.compile(
    r"\{ref\}`[Cc]hapter\s+(\d+)\s*<([^>`]+)>`|\[[Cc]hapter\s+(\d+)\]\(#?([^)\s]+)\)"
)
LABEL_DEFINITION = re.compile(r"^\(([\w.-]+)\)=\s*$|^:label:\s*([\w.-]+)\s*$", re.MULTILINE)


def _docnames(node: object) -> list[str]:
    """Every ``file`` of ``_toc.yml`` in reading order, without the root."""
    if isinstance(node, list):
        return [name for item in node for name in _docnames(item)]
    if not isinstance(node, dict):
        return []
    names = [str(Path(node["file"]).with_suffix(""))] if "file" in node else []
    for key in ("parts", "chapters", "sections"):
        names += _docnames(node.get(key))
    return names


def _source_file(docname: str) -> Path:
    for suffix in (".ipynb", ".md"):
        if (ROOT / docname).with_suffix(suffix).is_file():
            return (ROOT / docname).with_suffix(suffix)
    raise FileNotFoundError(docname)


def _texts(path: Path) -> tuple[list[str], list[str]]:
    """The prose of a document (markdown cells or the file) and its visible text outputs."""
    if path.suffix == ".md":
        return [path.read_text(encoding="utf-8")], []
    notebook = json.loads(path.read_text(encoding="utf-8"))
    prose, outputs = [], []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            prose.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            if "text" in output:
                outputs.append("".join(output["text"]))
            data = output.get("data", {})
            for mime in ("text/markdown", "text/plain"):
                if mime in data:
                    outputs.append("".join(data[mime]))
                    break
    return prose, outputs


def _all_text(docname: str) -> str:
    prose, outputs = _texts(_source_file(docname))
    return "\n".join(prose + outputs)


def _title(path: Path) -> str:
    prose, _ = _texts(path)
    for text in prose:
        for line in text.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    raise AssertionError(f"{path.name} has no '# ' title")


DOCNAMES = _docnames(TOC.get("parts", [])) + _docnames(TOC.get("chapters", []))
TITLES = {docname: _title(_source_file(docname)) for docname in DOCNAMES}


def _numbering() -> tuple[dict[int, str], dict[str, str]]:
    """Chapter numbers and appendix letters, each with the document that carries it."""
    numbers, letters = {}, {}
    for docname, title in TITLES.items():
        if match := NUMBERED_TITLE.match(title):
            numbers[int(match.group(1))] = docname
        elif match := LETTERED_TITLE.match(title):
            letters[match.group(1)] = docname
    return numbers, letters


NUMBERS, LETTERS = _numbering()


def _mentioned_numbers(text: str) -> list[int]:
    numbers = []
    for match in CHAPTER_MENTION.finditer(text):
        found = [int(n) for n in re.findall(r"\d+", match.group(1))]
        if re.search(r"[-–]|\bto\b", match.group(1)) and len(found) == 2:
            found = list(range(found[0], found[1] + 1))
        numbers += found
    return numbers


def _labels(path: Path) -> set[str]:
    prose, _ = _texts(path)
    if path.suffix == ".ipynb":
        notebook = json.loads(path.read_text(encoding="utf-8"))
        prose = ["".join(cell["source"]) for cell in notebook["cells"]]
    return {a or b for text in prose for a, b in LABEL_DEFINITION.findall(text)}


LABEL_HOME = {label: docname for docname in DOCNAMES for label in _labels(_source_file(docname))}


def test_jupyter_book_numbering_is_off():
    """The typed numbers are the only ones: ``numbered`` would print "6. 6. ReLU"."""
    assert "numbered" not in (ROOT / "_toc.yml").read_text(encoding="utf-8")


def test_chapter_numbers_follow_the_table_of_contents():
    """Numbered chapters come first, as 1, 2, 3, ...; then lettered appendices A, B, ...;
    then unnumbered back matter (glossary, references)."""
    kinds = [
        "numbered" if NUMBERED_TITLE.match(t) else "lettered" if LETTERED_TITLE.match(t) else "none"
        for t in TITLES.values()
    ]
    order = {"numbered": 0, "lettered": 1, "none": 2}
    assert [order[k] for k in kinds] == sorted(order[k] for k in kinds), list(TITLES.values())
    typed = [
        int(NUMBERED_TITLE.match(t).group(1)) for t in TITLES.values() if NUMBERED_TITLE.match(t)
    ]
    assert typed == list(range(1, len(typed) + 1))
    letters = [LETTERED_TITLE.match(t).group(1) for t in TITLES.values() if LETTERED_TITLE.match(t)]
    assert letters == list(string.ascii_uppercase[: len(letters)])


def test_the_book_has_thirteen_numbered_chapters_and_two_lettered_appendices():
    """Pins today's shape, so that the order test cannot pass on an empty table of contents."""
    assert sorted(NUMBERS) == list(range(1, 14))
    assert list(LETTERS) == ["A", "B"]
    assert LETTERS["A"] == "book/14_numerical_accuracy"
    assert LETTERS["B"] == "book/15_framework_bridge"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_every_chapter_mentioned_exists(docname):
    text = _all_text(docname)
    mentioned = _mentioned_numbers(text)
    assert [n for n in mentioned if n not in NUMBERS] == [], f"{docname} names a missing chapter"
    appendices = APPENDIX_MENTION.findall(text)
    assert [a for a in appendices if a not in LETTERS] == [], f"{docname} names a missing appendix"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_a_link_named_chapter_n_goes_to_chapter_n(docname):
    wrong = []
    for match in CHAPTER_LINK.finditer(_all_text(docname)):
        number = int(match.group(1) or match.group(3))
        label = match.group(2) or match.group(4)
        home = LABEL_HOME.get(label.strip())
        if home is not None and NUMBERS.get(number) != home:
            wrong.append(f"'chapter {number}' links to {label}, which is in {home}")
    assert wrong == []


def test_chapter_mentions_are_found():
    """Guards the two tests above against passing vacuously."""
    texts = [_all_text(docname) for docname in DOCNAMES]
    assert sum(len(_mentioned_numbers(t)) for t in texts) > 20
    assert sum(len(CHAPTER_LINK.findall(t)) for t in texts) > 10


def test_mentions_are_parsed_as_a_reader_reads_them():
    assert _mentioned_numbers("see chapter 7, and chapters 4, 9 and 10") == [7, 4, 9, 10]
    assert _mentioned_numbers("Chapters 5–8 and chapter 12") == [5, 6, 7, 8, 12]
    assert _mentioned_numbers("in chapter 10's benchmark") == [10]
