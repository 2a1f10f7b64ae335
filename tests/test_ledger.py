"""Tests of the claims ledger (chapter 12): completeness, links, rules and formatting."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from activations import ledger
from activations.ledger import DOES_NOT_HOLD, HOLDS, NUANCE

BOOK = Path(__file__).resolve().parents[1] / "book"

#: The claim ids of the article's section map, chapter by chapter.
ARTICLE_IDS = {
    1: ["A1", "A2"],
    2: ["N1", "N2"],
    3: ["G1", "G2"],
    4: ["O1", "O2"],
    5: ["S1", "S2", "S3"],
    6: ["R1", "R2", "R3", "R4"],
    7: ["T1", "T2", "T3"],
    8: ["L1", "L2"],
    9: ["X1", "X2"],
    10: ["C1", "C2"],
    11: ["Z1", "Z2", "Z3"],
}
ALL_IDS = [cid for chapter in sorted(ARTICLE_IDS) for cid in ARTICLE_IDS[chapter]]
CLAIM_ID = re.compile(r"^\|\s*\**([A-Z][0-9])\**\s*\|", re.MULTILINE)


def _markdown(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _chapter_notebook(chapter: int) -> Path:
    matches = sorted(BOOK.glob(f"{chapter:02d}_*.ipynb"))
    assert len(matches) == 1, f"expected one notebook for chapter {chapter}, found {matches}"
    return matches[0]


def _claims_table_ids(chapter: int) -> list[str]:
    """Claim ids in the first column of the chapter's "Claims in this chapter" table."""
    text = _markdown(_chapter_notebook(chapter))
    section = text.split("## Claims in this chapter", 1)
    assert len(section) == 2, f"chapter {chapter} has no 'Claims in this chapter' section"
    table = section[1].split("\n## ", 1)[0]
    return CLAIM_ID.findall(table)


# --- Completeness ---


def test_every_article_claim_appears_exactly_once_in_chapter_order():
    assert [c.id for c in ledger.CLAIMS] == ALL_IDS


def test_every_claim_is_assigned_to_the_chapter_of_its_article_section():
    for chapter, ids in ARTICLE_IDS.items():
        for cid in ids:
            assert ledger.claim(cid).chapter == chapter


def test_every_claim_has_exactly_one_check_and_every_check_a_claim():
    assert set(ledger.CHECKS) == {c.id for c in ledger.CLAIMS}
    for cid, check in ledger.CHECKS.items():
        assert check.claim_id == cid
        assert check.experiment.strip() and check.rule.strip()


@pytest.mark.parametrize("chapter", sorted(ARTICLE_IDS))
def test_ledger_claims_match_the_claims_table_of_their_chapter(chapter):
    in_table = [cid for cid in _claims_table_ids(chapter) if cid in ALL_IDS]
    in_ledger = [c.id for c in ledger.CLAIMS if c.chapter == chapter]
    assert in_table == in_ledger


def test_claim_texts_are_short_single_lines_without_table_breaking_pipes():
    for c in ledger.CLAIMS:
        assert "\n" not in c.text and "|" not in c.text
        assert 10 < len(c.text) < 140, c.id


def test_unknown_claim_id_is_refused_with_the_known_ids():
    with pytest.raises(ValueError, match=r"unknown claim id 'Q9'.*A1"):
        ledger.claim("Q9")
    with pytest.raises(ValueError, match=r"unknown claim ids \['Q9'\]"):
        ledger.run_ledger(["A1", "Q9"])
    with pytest.raises(TypeError, match="single string 'A1'"):
        ledger.run_ledger("A1")


# --- Links ---


def _labels_in(path: Path) -> set[str]:
    return set(re.findall(r"^\(([\w-]+)\)=\s*$", _markdown(path), re.MULTILINE))


def test_every_link_target_is_a_label_in_the_notebook_of_its_chapter():
    for c in ledger.CLAIMS:
        assert c.label in _labels_in(_chapter_notebook(c.chapter)), (c.id, c.label)


def test_every_link_target_label_precedes_the_claims_table():
    for chapter in ARTICLE_IDS:
        text = _markdown(_chapter_notebook(chapter))
        assert f"(claims-ch{chapter})=\n## Claims in this chapter" in text


# --- Rules: synthetic figures on both sides of each threshold ---

#: Figures for which every rule returns "holds" (or the claim's strongest verdict).
GOOD = {
    "A1": {"max_relative_gap": 0.0, "n_activations": 4},
    "A2": {"identity_gap": 1e-16, "smallest_nonlinear_gap": 0.5},
    "N1": {"gap": 1e-15, "n_parameters": 100, "n_collapsed": 10},
    "N2": {"best_linear": 0.5, "worst_nonlinear": 0.99},
    "G1": {"max_relative_error": 1e-10, "n_arrays": 4},
    "G2": {
        "step_first_layer_change": 0.0,
        "step_best_test": 0.55,
        "sigmoid_worst_test": 0.99,
        "relu_kink_hits": 3,
        "relu_train_accuracy": 0.95,
    },
    "O1": {"n_functions": 13, "n_within": 13, "n_bounded": 3},
    "O2": {
        "n_values": 36,
        "stable_nonfinite": 0,
        "naive_nonfinite": 0,
        "sigmoid_spread_ratio": 0.5,
    },
    "S1": {"fraction_inside": 1.0, "n": 10, "rounds_from": 36.7},
    "S2": {"test_accuracy": 0.99, "calibration_gap": 0.02, "share_in_full_bins": 0.9},
    "S3": {"sigmoid_ratio": 1e-9, "sigmoid_per_layer": 0.25, "tanh_ratio": 0.7, "relu_ratio": 3},
    "R1": {"violations": 0, "n": 10},
    "R2": {
        "relu_final_loss": 0.01,
        "tanh_final_loss": 0.02,
        "sigmoid_final_loss": 0.3,
        "relu_epochs": 4.0,
        "tanh_epochs": 5.0,
        "sigmoid_epochs": 16.0,
    },
    "R3": {
        "relu_he_ratio": 1.0,
        "relu_xavier_ratio": 0.5,
        "sigmoid_xavier_ratio": 1e-6,
        "relu_epochs": 4.0,
        "tanh_epochs": 5.0,
        "sigmoid_epochs": 16.0,
    },
    "R4": {
        "largest_dead_gradient": 0.0,
        "dead_small_init": 30,
        "n_units": 32,
        "dead_before_healthy": 1.3,
        "dead_after_lr1": 1.3,
        "dead_after_lr3": 1.0,
    },
    "T1": {"fraction_inside": 1.0, "n": 10, "rounds_from": 19.0},
    "T2": {"max_slope_ratio": 4.0, "share_sigmoid_steeper": 0.0, "crossing": 1.66},
    "T3": {"feedforward_ratio": 1e-5, "recurrent_norm": 1e-10},
    "L1": {"slope": 0.01, "violations": 0, "n": 10, "negative_side_slope_spread": 0.0},
    "L2": {
        "n_dead_for_relu": 32,
        "gradient_0": 0.0,
        "gradient_0.01": 1e-3,
        "gradient_0.1": 0.01,
        "gradient_0.3": 0.05,
        "revived_0": 0.0,
        "revived_0.01": 2.0,
        "revived_0.1": 8.0,
        "revived_0.3": 20.0,
    },
    "X1": {"test_accuracy": 0.96, "gradient_error": 1e-11},
    "X2": {"sum_error": 1e-16, "order_kept": 1.0, "noise_confident_share": 0.02},
    "C1": {
        "identity_output_mse": 0.02,
        "sigmoid_output_mse": 0.27,
        "largest_nonlinear_gain": 0.4,
        "smallest_nonlinear_gain": 0.01,
        "sigmoid_deficit_depth1": 0.02,
        "sigmoid_deficit_depth6": 0.6,
    },
    "C2": {
        "largest_regret": 0.01,
        "largest_spread": 0.4,
        "n_tasks": 3,
        "tasks_best_test_not_chosen": 0,
        "most_indistinguishable": 0,
    },
    "Z1": {
        "best_linear": 0.5,
        "worst_nonlinear": 0.99,
        "step_first_layer_change": 0.0,
        "sigmoid_worst_test": 0.99,
        "selu_mean_30": -0.02,
        "selu_variance_30": 0.94,
    },
    "Z2": {
        "relu_mean": 0.399,
        "elu_mean": 0.161,
        "selu_mean": 0.0,
        "selu_variance": 1.0,
        "gelu_tanh_error": 4.7e-4,
        "largest_gain": 0.02,
        "largest_gain_beyond_noise": 0.01,
    },
    "Z3": {
        "activation": 0.025,
        "seed": 0.017,
        "learning rate": 0.57,
        "training examples": 0.078,
        "hidden width": 0.39,
        "epochs": 0.086,
    },
}

#: (claim, figures changed from GOOD, expected verdict): each threshold from both sides.
CASES = [
    ("A1", {"max_relative_gap": 1e-14}, HOLDS),
    ("A1", {"max_relative_gap": 2e-14}, DOES_NOT_HOLD),
    ("A2", {"identity_gap": 2e-12}, DOES_NOT_HOLD),
    ("A2", {"smallest_nonlinear_gap": 0.1}, HOLDS),
    ("A2", {"smallest_nonlinear_gap": 0.09}, DOES_NOT_HOLD),
    ("N1", {"gap": 0.9e-12}, HOLDS),
    ("N1", {"gap": 1e-11}, DOES_NOT_HOLD),
    ("N2", {"best_linear": 0.6}, HOLDS),
    ("N2", {"best_linear": 0.61}, NUANCE),
    ("N2", {"worst_nonlinear": 0.9}, HOLDS),
    ("N2", {"worst_nonlinear": 0.89}, DOES_NOT_HOLD),
    ("G1", {"max_relative_error": 2e-8}, DOES_NOT_HOLD),
    ("G2", {"relu_kink_hits": 0}, NUANCE),
    ("G2", {"relu_kink_hits": 0, "relu_train_accuracy": 0.5}, HOLDS),
    ("G2", {"step_first_layer_change": 1e-9}, DOES_NOT_HOLD),
    ("G2", {"step_best_test": 0.71}, DOES_NOT_HOLD),
    ("G2", {"sigmoid_worst_test": 0.89}, DOES_NOT_HOLD),
    ("O1", {"n_within": 12}, DOES_NOT_HOLD),
    ("O2", {"naive_nonfinite": 1}, NUANCE),
    ("O2", {"sigmoid_spread_ratio": 0.009}, NUANCE),
    ("O2", {"sigmoid_spread_ratio": 0.011}, HOLDS),
    ("O2", {"stable_nonfinite": 1, "naive_nonfinite": 5}, DOES_NOT_HOLD),
    ("S1", {"fraction_inside": 0.99999}, DOES_NOT_HOLD),
    ("S2", {"test_accuracy": 0.89}, DOES_NOT_HOLD),
    ("S2", {"calibration_gap": 0.1}, HOLDS),
    ("S2", {"calibration_gap": 0.11}, DOES_NOT_HOLD),
    ("S3", {"sigmoid_ratio": 0.9e-3}, HOLDS),
    ("S3", {"sigmoid_ratio": 1e-3}, DOES_NOT_HOLD),
    ("R1", {"violations": 1}, DOES_NOT_HOLD),
    ("R2", {"tanh_epochs": 3.0}, NUANCE),
    ("R2", {"tanh_epochs": 4.0}, HOLDS),
    ("R2", {"tanh_final_loss": 0.009}, DOES_NOT_HOLD),
    ("R3", {"relu_xavier_ratio": 0.09}, NUANCE),
    ("R3", {"tanh_epochs": 4.0}, NUANCE),
    ("R3", {"relu_he_ratio": 0.09}, DOES_NOT_HOLD),
    ("R3", {"sigmoid_xavier_ratio": 1e-3}, DOES_NOT_HOLD),
    ("R3", {"relu_epochs": 16.0}, DOES_NOT_HOLD),
    ("R4", {"dead_after_lr1": 1.7}, NUANCE),
    ("R4", {"dead_after_lr3": 32.0}, NUANCE),
    ("R4", {"dead_small_init": 16}, HOLDS),
    ("R4", {"dead_small_init": 15}, DOES_NOT_HOLD),
    ("R4", {"largest_dead_gradient": 1e-12}, DOES_NOT_HOLD),
    ("T1", {"fraction_inside": 0.5}, DOES_NOT_HOLD),
    ("T2", {"share_sigmoid_steeper": 0.1}, NUANCE),
    ("T2", {"max_slope_ratio": 1.0}, DOES_NOT_HOLD),
    ("T3", {"feedforward_ratio": 1e-3}, NUANCE),
    ("T3", {"feedforward_ratio": 0.5, "recurrent_norm": 0.5}, DOES_NOT_HOLD),
    ("L1", {"slope": 0.1}, HOLDS),
    ("L1", {"slope": 0.11}, DOES_NOT_HOLD),
    ("L1", {"slope": 0.0}, DOES_NOT_HOLD),
    ("L1", {"violations": 1}, DOES_NOT_HOLD),
    ("L1", {"negative_side_slope_spread": 1e-3}, DOES_NOT_HOLD),
    ("L2", {"revived_0.01": 0.0}, NUANCE),
    ("L2", {"revived_0.01": 0.0, "revived_0.1": 0.0, "revived_0.3": 0.0}, DOES_NOT_HOLD),
    ("L2", {"gradient_0.01": 0.0}, DOES_NOT_HOLD),
    ("X1", {"test_accuracy": 0.89}, DOES_NOT_HOLD),
    ("X1", {"gradient_error": 1e-7}, DOES_NOT_HOLD),
    ("X2", {"noise_confident_share": 0.1}, NUANCE),
    ("X2", {"noise_confident_share": 0.09}, HOLDS),
    ("X2", {"sum_error": 1e-12}, DOES_NOT_HOLD),
    ("X2", {"order_kept": 0.99}, DOES_NOT_HOLD),
    ("C1", {"sigmoid_output_mse": 0.07}, HOLDS),
    ("C1", {"sigmoid_output_mse": 0.06}, NUANCE),
    ("C1", {"smallest_nonlinear_gain": 0.05}, NUANCE),
    ("C1", {"largest_nonlinear_gain": 0.04, "smallest_nonlinear_gain": 0.0}, NUANCE),
    ("C1", {"sigmoid_deficit_depth6": 0.06}, NUANCE),
    ("C1", {"sigmoid_deficit_depth6": 0.08}, HOLDS),
    (
        "C1",
        {"sigmoid_output_mse": 0.03, "smallest_nonlinear_gain": 0.1, "sigmoid_deficit_depth6": 0.0},
        DOES_NOT_HOLD,
    ),
    ("C2", {"largest_regret": 0.02}, HOLDS),
    ("C2", {"largest_regret": 0.03}, DOES_NOT_HOLD),
    ("C2", {"largest_spread": 0.04}, DOES_NOT_HOLD),
    ("C2", {"tasks_best_test_not_chosen": 1}, NUANCE),
    ("C2", {"most_indistinguishable": 2}, NUANCE),
    ("Z1", {"selu_mean_30": 0.11}, NUANCE),
    ("Z1", {"selu_variance_30": 0.49}, NUANCE),
    ("Z1", {"selu_variance_30": 2.01}, NUANCE),
    ("Z1", {"selu_variance_30": 1.99, "selu_mean_30": -0.1}, HOLDS),
    ("Z1", {"best_linear": 0.61}, NUANCE),
    ("Z1", {"step_first_layer_change": 0.1}, NUANCE),
    (
        "Z1",
        {"worst_nonlinear": 0.5, "sigmoid_worst_test": 0.5, "selu_variance_30": 5.0},
        DOES_NOT_HOLD,
    ),
    ("Z2", {"largest_gain_beyond_noise": -0.004}, NUANCE),
    ("Z2", {"elu_mean": 0.4}, DOES_NOT_HOLD),
    ("Z2", {"selu_mean": 2e-3}, DOES_NOT_HOLD),
    ("Z2", {"selu_variance": 1.002}, DOES_NOT_HOLD),
    ("Z2", {"gelu_tanh_error": 0.9e-3}, HOLDS),
    ("Z2", {"gelu_tanh_error": 1.1e-3}, DOES_NOT_HOLD),
    ("Z3", {"training examples": 0.025}, NUANCE),
    ("Z3", {"training examples": 0.026}, HOLDS),
    (
        "Z3",
        {"learning rate": 0.01, "training examples": 0.01, "hidden width": 0.01, "epochs": 0.01},
        DOES_NOT_HOLD,
    ),
]


def test_synthetic_figures_cover_every_checked_claim():
    assert set(GOOD) == set(ledger.CHECKS)


@pytest.mark.parametrize("cid", sorted(GOOD))
def test_rule_gives_holds_for_figures_well_inside_its_threshold(cid):
    assert ledger.CHECKS[cid].judge(GOOD[cid]) == HOLDS


@pytest.mark.parametrize(("cid", "change", "expected"), CASES)
def test_rule_verdict_on_each_side_of_its_threshold(cid, change, expected):
    assert ledger.CHECKS[cid].judge({**GOOD[cid], **change}) == expected


def test_every_rule_can_fail():
    failing = {cid for cid, _, verdict in CASES if verdict == DOES_NOT_HOLD}
    assert failing == set(ledger.CHECKS)


@pytest.mark.parametrize("cid", sorted(GOOD))
def test_describe_writes_the_figures_without_raw_float_reprs(cid):
    text = ledger.CHECKS[cid].describe(GOOD[cid])
    assert text and "\n" not in text
    assert not re.search(r"\d\.\d{5,}", text), text


# --- Formatting helpers ---


def test_scientific_notation_drops_exponent_padding():
    assert ledger._sci(3.2e-10) == "3e-10"
    assert ledger._sci(1e-3) == "1e-3"
    assert ledger._sci(2.55e4, 1) == "2.5e4" or ledger._sci(2.55e4, 1) == "2.6e4"


def test_below_states_the_bound_or_the_value():
    assert ledger._below(3e-16, 1e-12) == "< 1e-12"
    assert ledger._below(3e-11, 1e-12) == "3.0e-11"


def test_order_rounds_to_about_two_significant_digits():
    assert ledger._order(0.6640516) == "0.66"
    assert ledger._order(2.918) == "2.9"
    assert ledger._order(3.16e-10) == "3e-10"
    assert ledger._order(0.0) == "0"


# --- Running the ledger (the fast claims only) ---

FAST = ["A1", "A2", "N1", "G1", "O1", "S1", "R1", "T1", "T2", "L1"]


@pytest.fixture(scope="module")
def fast_ledger():
    return ledger.run_ledger(FAST)


def test_fast_claims_measure_the_verdicts_their_chapters_report(fast_ledger):
    verdicts = {row.claim.id: row.verdict for row in fast_ledger.rows}
    assert verdicts == {cid: (NUANCE if cid == "T2" else HOLDS) for cid in FAST}


def test_rows_come_in_the_order_of_the_book_whatever_the_order_asked(fast_ledger):
    again = ledger.run_ledger(["T2", "A1"])
    assert [row.claim.id for row in again.rows] == ["A1", "T2"]
    assert [row.claim.id for row in fast_ledger.rows] == FAST


def test_counts_add_up_to_the_rows(fast_ledger):
    counts = fast_ledger.counts()
    assert list(counts) == list(ledger.VERDICTS)
    assert sum(counts.values()) == len(FAST)
    assert counts[NUANCE] == 1


def test_markdown_is_a_list_table_with_one_row_per_claim_and_a_ref_link(fast_ledger):
    text = fast_ledger._repr_markdown_()
    assert text.startswith("```{list-table}\n:header-rows: 1\n") and text.endswith("\n```")
    rows = text.split("\n* - ")[1:]
    assert rows[0].startswith("Claim\n")
    assert len(rows) == 1 + len(FAST)
    for row, block in zip(fast_ledger.rows, rows[1:], strict=True):
        lines = block.removesuffix("\n```").split("\n")
        assert lines[0] == f"**{row.claim.id}** {row.claim.text}"
        assert lines[1].startswith(
            f"  - {{ref}}`Chapter {row.claim.chapter} <{row.claim.label}>`: "
        )
        assert lines[2:] == [
            f"  - {row.figure}",
            f"  - **{row.verdict}**",
            "",
            f"    {row.check.rule}",
        ]


def test_plain_text_shows_id_verdict_and_figure_of_every_row(fast_ledger):
    text = repr(fast_ledger)
    for row in fast_ledger.rows:
        assert f"{row.claim.id:<3} chapter {row.claim.chapter:<2} {row.verdict}" in text
        assert row.figure in text
    assert "0x" not in text


def test_measured_figure_text_is_stable_under_tiny_perturbations(fast_ledger):
    for row in fast_ledger.rows:
        for factor in (1 - 1e-9, 1 + 1e-9):
            nudged = {
                k: (v * factor if isinstance(v, float) and v not in (0.0, 1.0) else v)
                for k, v in row.figures.items()
            }
            assert row.check.describe(nudged) == row.figure, row.claim.id
            assert row.check.judge(nudged) == row.verdict, row.claim.id
