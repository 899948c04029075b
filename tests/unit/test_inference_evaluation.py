"""The arithmetic behind the model cards' figures: AP50, recall at threshold, ROC AUC."""

from __future__ import annotations

import math

import pytest

from workstation.inference.evaluation import DetectionTally, average_precision, roc_auc


def test_average_precision_of_a_ranking_worked_by_hand() -> None:
    # Ranked hits T, F, T with 2 truths: precision 1 up to recall 0.5, then 2/3 up to recall 1.
    assert average_precision([0.9, 0.8, 0.7], [True, False, True], 2) == pytest.approx(
        0.5 * 1.0 + 0.5 * (2 / 3))
    assert average_precision([0.9], [False], 3) == 0.0
    assert average_precision([], [], 2) == 0.0
    assert math.isnan(average_precision([0.5], [False], 0))


def test_detection_tally_matches_by_label_and_iou() -> None:
    tally = DetectionTally(["knife", "cash"], threshold=0.5)
    truth = [("knife", (10.0, 10.0, 20.0, 20.0)), ("cash", (50.0, 50.0, 10.0, 10.0))]
    tally.add([("knife", 0.9, (11.0, 11.0, 20.0, 20.0)),   # IoU ~0.82: found
               ("knife", 0.8, (10.0, 10.0, 20.0, 20.0)),   # duplicate: a false positive
               ("cash", 0.4, (50.0, 50.0, 10.0, 10.0)),    # right place, below threshold
               ("knife", 0.7, (50.0, 50.0, 10.0, 10.0))],  # wrong label at the cash
              truth)
    figures = tally.figures()
    assert tally.truths == 2 and figures["recall"] == 0.5
    assert figures["recall_knife"] == 1.0 and figures["recall_cash"] == 0.0
    assert figures["precision"] == pytest.approx(1 / 3)  # 3 kept, 1 hit
    assert figures["ap50_knife"] == 1.0 and figures["ap50_cash"] == 1.0  # AP uses every score
    assert figures["map50"] == 1.0


def test_roc_auc_counts_pairs_and_ties() -> None:
    assert roc_auc([0.9, 0.8, 0.1, 0.2], [True, True, False, False]) == 1.0
    assert roc_auc([0.1, 0.9], [True, False]) == 0.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5
    assert roc_auc([0.9, 0.3, 0.5], [True, True, False]) == 0.5
    assert math.isnan(roc_auc([0.4, 0.6], [True, True]))


def test_per_label_thresholds_decide_what_is_kept() -> None:
    tally = DetectionTally(["knife", "cash"], threshold=0.5, label_thresholds={"cash": 0.3})
    tally.add([("cash", 0.4, (0.0, 0.0, 10.0, 10.0)), ("knife", 0.4, (20.0, 20.0, 10.0, 10.0))],
              [("cash", (0.0, 0.0, 10.0, 10.0)), ("knife", (20.0, 20.0, 10.0, 10.0))])
    figures = tally.figures()
    assert (figures["recall_cash"], figures["recall_knife"]) == (1.0, 0.0)
    assert (figures["precision_cash"], figures["precision"]) == (1.0, 1.0)
