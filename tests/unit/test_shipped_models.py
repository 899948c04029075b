"""Shipped models: they verify, and the parcel detector's recall on fresh parcels matches its card."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from workstation.inference.registry import ModelRegistry, default_models_dir
from workstation.inference.runner import analyse

FRESH_SEED0 = 2_000_000   # neither training (0..) nor the card's held-out set (1,000,000..)
FRESH_COUNT = 100


@pytest.fixture(scope="module")
def parcel_model():
    report = ModelRegistry(threads=1).load()
    if "parcel-threats" not in report.loaded:
        pytest.skip("parcel-threats is not shipped yet (run models/training/parcel_detector.py)")
    return report.loaded["parcel-threats"]


def test_shipped_models_all_verify() -> None:
    report = ModelRegistry(threads=1).load(warm_up=False)
    assert report.refused == [], [r.reason for r in report.refused]


@pytest.mark.slow
def test_recall_on_fresh_simulated_parcels_matches_the_card(parcel_model) -> None:
    sys.path.insert(0, str(default_models_dir() / "training"))
    try:
        import common
        from parcel_detector import LABELS, SCENE_SIZE
    finally:
        sys.path.pop(0)
    from workstation.inference.boxes import iou_matrix

    card = parcel_model.manifest.metric("recall")
    assert card is not None, "the model card states no recall"
    threshold = parcel_model.manifest.thresholds.score
    found = total = 0
    for seed in range(FRESH_SEED0, FRESH_SEED0 + FRESH_COUNT):
        grey, objects = common.render_grey("parcel", seed, SCENE_SIZE)
        detections = analyse(parcel_model, grey).detections
        for label in LABELS:
            truth = np.array([o.box for o in objects if o.label == label], float).reshape(-1, 4)
            kept = np.array([d.box for d in detections if d.label == label and d.score >= threshold],
                            float).reshape(-1, 4)
            total += len(truth)
            if len(truth) and len(kept):
                found += int((iou_matrix(truth, kept).max(axis=1) >= 0.5).sum())
    recall = found / total
    assert abs(recall - card.value) <= 0.05, (
        f"recall {recall:.3f} on {FRESH_COUNT} fresh parcels ({total} objects) vs card {card.value:.3f}")
