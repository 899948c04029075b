"""Simulated views as real scanners' exports show them (devices/xray/sim/views.py)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.xray.sim import views

INPUT = (192, 288)


def test_a_tight_crop_fills_the_input_around_its_object_and_moves_the_boxes() -> None:
    grey = np.ones((300, 460), np.float32)
    grey[100:160, 200:240] = 0.1  # a 40 x 60 dark object at x 200, y 100
    grey[10:20, 10:20] = 0.2      # something far away: cut off
    boxes = [("keys", (10.0, 10.0, 10.0, 10.0)), ("handgun", (200.0, 100.0, 40.0, 60.0))]
    canvas, kept = views.tight_crop(grey, boxes, boxes[-1][1], np.random.default_rng(1), INPUT)
    assert canvas.shape == INPUT
    ((label, (x, y, w, h)),) = kept
    assert label == "handgun"
    # Taller than wide: it fills the input's height, less its 2-30 % margins.
    assert 192 / 1.6 <= h <= 192 / 1.04
    assert abs(w / h - 40 / 60) < 0.05
    dark = canvas < 0.5
    rows, cols = np.nonzero(dark)
    assert abs(rows.min() - y) <= 2 and abs(rows.max() + 1 - (y + h)) <= 2
    assert abs(cols.min() - x) <= 2 and abs(cols.max() + 1 - (x + w)) <= 2
    assert canvas[:, -1].min() == 1.0  # letterboxed at the top-left: air on the right


@pytest.mark.parametrize("seed", range(12))
def test_close_ups_have_their_boxes_inside_the_canvas(seed: int) -> None:
    canvas, boxes = views.render_item_view(seed, INPUT)
    assert canvas.shape == INPUT and canvas.dtype == np.float32
    assert 0.0 <= float(canvas.min()) and float(canvas.max()) <= 1.0 + 1e-6
    assert boxes, "a close-up always shows its main object"
    for _label, (x, y, w, h) in boxes:
        assert x >= -0.5 and y >= -0.5 and w > 1 and h > 1
        assert x + w <= INPUT[1] + 0.5 and y + h <= INPUT[0] + 0.5


def test_the_same_seed_gives_the_same_view() -> None:
    first, boxes_a = views.render_item_view(7, INPUT)
    second, boxes_b = views.render_item_view(7, INPUT)
    assert np.array_equal(first, second) and boxes_a == boxes_b
    assert views.render_clutter_view(7, INPUT)[1] == []


def test_a_crop_goes_to_the_folder_of_its_threat_else_other() -> None:
    labels = ("handgun", "knife", "blade")
    assert views.crop_class([("keys", None), ("blade", None)], labels) == "blade"
    assert views.crop_class([("blade", None), ("handgun", None)], labels) == "handgun"
    assert views.crop_class([("keys", None)], labels) == "other"


def test_a_view_is_written_as_a_16_bit_png_that_reads_back(tmp_path: Path) -> None:
    canvas, _ = views.render_item_view(3, INPUT)
    views.write_grey_png(tmp_path / "v.png", canvas)
    back = cv2.imread(str(tmp_path / "v.png"), cv2.IMREAD_UNCHANGED)
    assert back.dtype == np.uint16 and back.shape == INPUT
    assert np.abs(back / 65535.0 - canvas).max() < 1e-4
