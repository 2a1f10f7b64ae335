"""The claims tables: judged from figures, read back from executed notebooks, and the ledger
page in agreement with every chapter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from activations import claims

BOOK = Path(__file__).resolve().parents[1] / "book"
LEDGER = BOOK / "12_claims_ledger.ipynb"
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
    assert sorted(seen) == sorted(c.id for c in claims.CLAIMS)


def test_the_ledger_page_shows_exactly_the_chapters_rows():
    """Verdicts, figures, rules and wording: the ledger is the chapters' tables, unchanged."""
    chapters = [row for path in CHAPTERS for row in claims.read_table(path)]
    assert claims.read_table(LEDGER) == chapters
