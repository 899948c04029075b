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


def test_a_round_field_is_dark_outside_and_keeps_its_centre() -> None:
    grey = np.full((200, 300), 0.9, np.float32)
    field = views.round_field(grey, np.random.default_rng(3))
    assert field.shape == grey.shape and field.dtype == np.float32
    assert 0.85 <= float(field[100, 150]) <= 0.9  # the centre keeps (almost) its value
    # Each corner lies outside a field at most 1.3 x the larger side across: near black.
    for corner in (field[0, 0], field[0, -1], field[-1, 0], field[-1, -1]):
        assert float(corner) <= 0.2
    # Vignetting only darkens towards the rim.
    assert float(field[100, 20]) <= float(field[100, 150])


@pytest.mark.parametrize("kind", ["paperclip", "pen", "circuit-board", "toiletry", "umbrella"])
def test_everyday_hard_negatives_draw_something_that_is_no_threat(kind: str) -> None:
    from devices.xray.sim.scene_builder import SceneBuilder
    from devices.xray.sim.scene_items import HARD_NEGATIVES, THREATS

    assert kind not in THREATS
    maker, size_cm, _weight = HARD_NEGATIVES[kind]
    builder = SceneBuilder(288, 192, 0.07, np.random.default_rng(5))
    builder.pixel_cm = size_cm / (0.7 * 192)
    maker(builder, (144.0, 96.0), 30.0)
    (obj,) = builder.objects
    assert not obj.threat and obj.label not in ("handgun", "knife", "blade")
    x, y, w, h = obj.box
    assert w > 5 and h > 5  # it spans a fair part of the view at its close-up pitch
    assert builder.layers, "the object put material in the scene"


def test_clutter_views_hold_no_threat_and_vary() -> None:
    images = [views.render_clutter_view(seed, INPUT) for seed in range(16)]
    assert all(boxes == [] for _image, boxes in images)
    # Some are seen through a round field: near-black corners inside the content.
    assert any(float(image[0, 0]) < 0.25 for image, _ in images)
