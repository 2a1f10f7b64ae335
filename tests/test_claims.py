"""The claims tables: judged from figures, read back from executed notebooks, and the ledger
page in agreement with every chapter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activations import claims

BOOK = Path(__file__).resolve().parents[1] / "book"
LEDGER = BOOK / "13_claims_ledger.ipynb"
CHAPTERS = sorted(p for p in BOOK.glob("[01][0-9]_*.ipynb") if p != LEDGER)


def _notebook_with(markdown: str, path: Path) -> Path:
    cell = {"cell_type": "code", "source": [], "metadata": {}, "outputs": [
        {"output_type": "display_data", "data": {"text/markdown": [markdown]}, "metadata": {}}
    ]}  # fmt: skip
    path.write_text(json.dumps({"cells": [cell]}))
    return path


def test_table_judges_each_claim_by_its_rule():
    good = claims.table({"A1": {"max_relative_gap": 0.0, "n_activations": 4}})
    bad = claims.table({"A1": {"max_relative_gap": 1e-3, "n_activations": 4}})
    assert good.rows[0].verdict == claims.HOLDS
    assert bad.rows[0].verdict == claims.DOES_NOT_HOLD
    assert good.rows[0].rule == claims.CHECKS["A1"].rule
    assert good.counts() == {claims.HOLDS: 1, claims.NUANCE: 0, claims.DOES_NOT_HOLD: 0}
    # a claim whose figures are a template (R1) fills it in with the format specs
    r1 = claims.table({"R1": {"violations": 3, "n": 100_000}}).rows[0]
    assert (r1.verdict, r1.figure) == (
        claims.DOES_NOT_HOLD,
        "3 of 100,000 inputs not mapped as max(0, x)",
    )


def test_table_rejects_unknown_claims_and_missing_figures():
    with pytest.raises(ValueError, match="unknown claim id 'Q9'"):
        claims.table({"Q9": {}})
    with pytest.raises(ValueError, match="A1: the figure 'max_relative_gap' is missing"):
        claims.table({"A1": {"n_activations": 4}})
    with pytest.raises(ValueError, match="R1: the figure 'n' is missing"):
        claims.table({"R1": {"violations": 0}})


def test_a_displayed_table_reads_back_row_for_row(tmp_path):
    table = claims.table({"A1": {"max_relative_gap": 0.0, "n_activations": 4}})
    # a figure with a pipe in it survives the round trip
    row = table.rows[0]
    table.rows[0] = claims.Row(row.claim_id, row.chapter, row.text, "a | b", row.verdict, row.rule)
    back = claims.read_table(_notebook_with(table.markdown(), tmp_path / "t.ipynb"))
    assert back == table.rows
    linked = claims.ClaimsTable(table.rows, links=True).markdown()
    assert claims.read_table(_notebook_with(linked, tmp_path / "l.ipynb")) == table.rows


def test_every_claim_has_exactly_one_row_in_its_own_chapter():
    seen: dict[str, str] = {}
    for path in CHAPTERS:
        for row in claims.read_table(path):
            assert row.claim_id not in seen, (
                f"{row.claim_id} in {seen.get(row.claim_id)} and {path.name}"
            )
            assert path.name.startswith(f"{row.chapter:02d}_"), (row.claim_id, path.name)
            seen[row.claim_id] = path.name
    assert sorted(seen) == sorted(c.id for c in claims.CLAIMS + claims.BOOK_CLAIMS)


def test_the_ledger_page_shows_exactly_the_chapters_rows():
    """Verdicts, figures, rules and wording: the ledger is the chapters' tables, unchanged."""
    chapters = [row for path in CHAPTERS for row in claims.read_table(path)]
    assert claims.read_table(LEDGER) == chapters


B1_FIGURES = {"relu_closed_after": 31.3, "relu_accuracy": 0.14, "smooth_closed_after": 0,
              "smooth_accuracy": 0.88, "n_units": 32}  # fmt: skip
B2_FIGURES = {"best_gap": 0.002, "worst_gap": -0.011, "most_above": 0.3, "most_below": -1.6}
B3_FIGURES = {"plain": 1e-9, "layer": 5e-7, "batch": 1.5, "plain_accuracy": 0.63,
              "batch_accuracy": 0.97}  # fmt: skip


def test_the_books_own_claims_are_of_chapter_12_and_apart_from_the_articles():
    assert [c.id for c in claims.BOOK_CLAIMS] == ["B1", "B2", "B3"]
    assert {c.chapter for c in claims.BOOK_CLAIMS} == {12}
    assert not {c.id for c in claims.BOOK_CLAIMS} & {c.id for c in claims.CLAIMS}
    assert claims.claim("B2").text == claims.BOOK_CLAIMS[1].text
    mixed = claims.table({"A1": {"max_relative_gap": 0.0, "n_activations": 4}, "B3": B3_FIGURES})
    assert [r.claim_id for r in mixed.part(book=True).rows] == ["B3"]
    assert [r.claim_id for r in mixed.part(book=False).rows] == ["A1"]
    assert mixed.part(book=True).markdown().startswith(claims.ClaimsTable.BOOK_HEADER)
    assert mixed.markdown().startswith(claims.ClaimsTable.HEADER)  # mixed: the article's header


def test_a_book_claims_table_reads_back(tmp_path):
    table = claims.table({"B1": B1_FIGURES, "B2": B2_FIGURES})
    assert "What the book claims" in table.markdown().splitlines()[0]
    assert claims.read_table(_notebook_with(table.markdown(), tmp_path / "b.ipynb")) == table.rows


@pytest.mark.parametrize(
    ("claim_id", "change", "verdict"),
    [
        ("B1", {}, claims.HOLDS),
        ("B1", {"relu_closed_after": 10}, claims.DOES_NOT_HOLD),  # the ReLU gates reopened
        ("B1", {"smooth_closed_after": 1}, claims.DOES_NOT_HOLD),  # a smooth gate closed
        ("B1", {"smooth_accuracy": 0.5}, claims.DOES_NOT_HOLD),
        ("B2", {}, claims.HOLDS),
        ("B2", {"most_below": -2.5}, claims.NUANCE),  # lower by more than two spreads
        ("B2", {"most_above": 2.5}, claims.DOES_NOT_HOLD),  # better by more than two spreads
        ("B3", {}, claims.NUANCE),  # only batch norm lifts the ratio
        ("B3", {"layer": 0.5}, claims.HOLDS),
        ("B3", {"batch": 1e-3}, claims.DOES_NOT_HOLD),
    ],
)
def test_the_book_claims_rules(claim_id, change, verdict):
    figures = {"B1": B1_FIGURES, "B2": B2_FIGURES, "B3": B3_FIGURES}[claim_id] | change
    assert claims.table({claim_id: figures}).rows[0].verdict == verdict
