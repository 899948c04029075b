"""Tiling: views cover the scan with overlap; objects cut by tile borders merge into one box."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.unit.onnx_fixtures import darkness_heatmap_model, manifest_for
from workstation.inference.boxes import Detection, nms, weighted_box_fusion
from workstation.inference.manifest import InputSpec, TilingSpec
from workstation.inference.preprocess import plan_views
from workstation.inference.registry import Verified, open_session
from workstation.inference.runner import analyse


def test_views_cover_every_pixel_with_overlap() -> None:
    spec = InputSpec(size=(64, 64))
    tiling = TilingSpec(scale=0.5, overlap=16)
    views = plan_views((300, 1000), spec, tiling)
    covered = np.zeros((300, 1000), dtype=int)
    for v in views:
        assert v.w <= 128 and v.h <= 128
        covered[v.y0 : v.y0 + v.h, v.x0 : v.x0 + v.w] += 1
    assert covered.min() >= 1
    # Neighbouring tiles overlap by at least the requested 16 model pixels = 32 scan pixels.
    xs = sorted({v.x0 for v in views})
    assert all(b - a <= 128 - 32 for a, b in zip(xs, xs[1:], strict=False))


def test_small_image_is_one_letterboxed_view() -> None:
    (view,) = plan_views((100, 50), InputSpec(size=(64, 64)), None)
    assert (view.fx, view.fy) == (0.64, 0.64)


def test_dense_block_across_tile_borders_is_one_finding(tmp_path: Path) -> None:
    data = darkness_heatmap_model(size=32)
    manifest = manifest_for("dark", data, decoder="heatmap", labels=["dense"], task="anomaly",
                            thresholds={"score": 0.5},
                            tiling={"scale": 0.5, "overlap": 8, "merge": "nms"})
    model = open_session(Verified(manifest, tmp_path / "m", tmp_path / "m.onnx", data), threads=1)
    image = np.ones((200, 400), dtype=np.float32)
    image[60:140, 100:300] = 0.1   # 200 x 80 block spanning several 64-pixel tiles
    result = analyse(model, image)
    assert result.views > 4
    (det,) = result.detections
    assert det.box == pytest.approx((100, 60, 200, 80), abs=2)
    assert det.score == pytest.approx(0.9, abs=1e-5)


def test_nms_and_wbf_merge_duplicates_per_label() -> None:
    dets = [Detection("knife", 0.9, (10, 10, 20, 20)), Detection("knife", 0.6, (12, 10, 20, 20)),
            Detection("cash", 0.5, (11, 10, 20, 20))]
    assert [(d.label, d.score) for d in nms(dets, 0.5)] == [("knife", 0.9), ("cash", 0.5)]
    fused = weighted_box_fusion(dets, 0.5)
    knife = next(d for d in fused if d.label == "knife")
    assert knife.box[0] == pytest.approx((10 * 0.9 + 12 * 0.6) / 1.5)
    assert len(fused) == 2
