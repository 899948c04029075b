"""Decoders against real ONNX graphs whose outputs are known (classification, YOLO v5/v8, heatmap)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.unit.onnx_fixtures import constant_model, manifest_for
from workstation.inference.decoders import DecodeError, decode
from workstation.inference.registry import Verified, open_session
from workstation.inference.runner import analyse


def _load(tmp_path, name, data, **kw):
    manifest = manifest_for(name, data, **kw)
    return open_session(Verified(manifest, tmp_path / "m.json", tmp_path / "m.onnx", data), threads=1)


def test_classification_softmax_picks_the_label(tmp_path) -> None:
    logits = np.array([0.0, 3.0, 0.5], dtype=np.float32)
    model = _load(tmp_path, "cls", constant_model(logits), decoder="classification",
                  labels=["clear", "threat", "unknown"], task="classification",
                  output={"decoder": "classification", "activation": "softmax"},
                  thresholds={"score": 0.5})
    result = analyse(model, np.ones((40, 60), dtype=np.float32))
    expected = np.exp(logits) / np.exp(logits).sum()
    assert [d.label for d in result.detections] == ["threat"]
    assert result.detections[0].score == pytest.approx(expected[1], rel=1e-5)
    # The box is the whole source image, mapped back from the letterboxed input.
    assert result.detections[0].box == pytest.approx((0, 0, 60, 40), abs=0.5)


def test_yolo_v5_rows_score_is_objectness_times_class(tmp_path) -> None:
    rows = np.array([
        [16, 8, 8, 4, 0.9, 0.1, 0.8],   # knife 0.72 at (12, 6, 8, 4)
        [16, 8, 8, 4, 0.2, 0.9, 0.1],   # handgun 0.18: below threshold
        [4, 4, 2, 2, 0.9, 0.6, 0.0],    # handgun 0.54
    ], dtype=np.float32)
    model = _load(tmp_path, "v5", constant_model(rows), decoder="yolo-v5",
                  labels=["handgun", "knife"], thresholds={"score": 0.3})
    result = analyse(model, np.ones((32, 32), dtype=np.float32))
    got = {(d.label, round(d.score, 2)): d.box for d in result.detections}
    assert set(got) == {("knife", 0.72), ("handgun", 0.54)}
    assert got[("knife", 0.72)] == pytest.approx((12, 6, 8, 4))


def test_yolo_v8_columns_and_nms(tmp_path) -> None:
    boxes = np.array([
        [10, 10, 8, 8, 0.9, 0.0],
        [11, 10, 8, 8, 0.7, 0.0],   # same object, suppressed by NMS
        [25, 25, 6, 6, 0.0, 0.6],
    ], dtype=np.float32)
    model = _load(tmp_path, "v8", constant_model(boxes.T.copy()), decoder="yolo-v8",
                  labels=["cash", "battery"], thresholds={"score": 0.5, "iou": 0.5})
    # A 64 x 64 source is letterboxed into 32 x 32: boxes come back twice as large.
    result = analyse(model, np.ones((64, 64), dtype=np.float32))
    assert [(d.label, round(d.score, 2)) for d in result.detections] == [("cash", 0.9), ("battery", 0.6)]
    assert result.detections[0].box == pytest.approx((12, 12, 16, 16))
    assert result.detections[1].box == pytest.approx((44, 44, 12, 12))


def test_heatmap_regions_become_boxes(tmp_path) -> None:
    heat = np.zeros((2, 8, 8), dtype=np.float32)
    heat[0, 2:4, 1:3] = 0.8
    heat[1, 6, 6] = 0.4
    model = _load(tmp_path, "heat", constant_model(heat), decoder="heatmap",
                  labels=["hidden-compartment", "dense-block"], task="anomaly",
                  thresholds={"score": 0.5})
    result = analyse(model, np.ones((32, 32), dtype=np.float32))
    assert result.image_scores == pytest.approx({"hidden-compartment": 0.8, "dense-block": 0.4})
    assert len(result.detections) == 1
    det = result.detections[0]
    # Map cell (row 2..3, col 1..2) at 8 x 8 -> input pixels at stride 4.
    assert (det.label, det.box) == ("hidden-compartment", pytest.approx((4, 8, 8, 8)))


def test_wrong_shape_names_the_model_and_layout() -> None:
    manifest = manifest_for("bad", b"x", decoder="yolo-v8", labels=["a", "b"])
    with pytest.raises(DecodeError, match=r"bad: yolo-v8 output must be \(4 \+ C, boxes\).*C = 2"):
        decode(np.zeros((5, 10), dtype=np.float32), manifest, (32, 32))
