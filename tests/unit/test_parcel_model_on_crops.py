"""The shipped parcel detector on *fresh* simulated crops, measured by `models evaluate`.

The card states image-level figures on held-out simulated close-ups and clutter views
(`crops_*` metrics, seeds 1,000,000..), measured the way `workstation models evaluate`
measures a post's labelled images. Here the same command runs on a labelled folder of
fresh seeds (2,000,000..) that neither training nor the card used, and its figures must
agree with the card's within the sampling error of a small folder (issue 15, acceptance 2).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devices.xray.sim import views
from workstation.cli.main import main
from workstation.inference.registry import ModelRegistry

FRESH_SEED0 = 2_000_000
CLOSE_UPS = 240      # ~45 handgun and ~40 blade close-ups, ~100 threat-free views with clutter
CLUTTER = 60
TOLERANCE = 0.15     # about two standard errors of a rate near 0.8 on ~40 images


def _fresh_folder(root: Path, labels: tuple[str, ...], size: tuple[int, int]) -> Path:
    for seed in range(FRESH_SEED0, FRESH_SEED0 + CLOSE_UPS):
        grey, boxes = views.render_item_view(seed, size)
        folder = root / views.crop_class(boxes, labels)
        folder.mkdir(parents=True, exist_ok=True)
        views.write_grey_png(folder / f"view-{seed}.png", grey)
    (root / "other").mkdir(parents=True, exist_ok=True)
    for seed in range(FRESH_SEED0, FRESH_SEED0 + CLUTTER):
        views.write_grey_png(root / "other" / f"clutter-{seed}.png",
                             views.render_clutter_view(seed, size)[0])
    return root


@pytest.mark.slow
def test_parcel_detector_on_fresh_simulated_crops_agrees_with_its_card(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = ModelRegistry(threads=1).load(warm_up=False).loaded["parcel-threats"]
    card = {m.name: m.value for m in model.manifest.metrics if m.name.startswith("crops_")}
    assert "crops_negatives_clean" in card, "the card states no figures on simulated crops"
    folder = _fresh_folder(tmp_path / "crops", model.manifest.labels,
                           tuple(model.manifest.input.size))
    assert main(["models", "evaluate", "parcel-threats", str(folder), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    checked = 0
    for cls in ("handgun", "blade"):
        row = figures["per_class"][cls]
        assert row["images"] >= 25, f"too few fresh {cls} close-ups to compare: {row['images']}"
        stated = card[f"crops_detection_rate_{cls}"]
        assert abs(row["detection_rate"] - stated) <= TOLERANCE, (cls, row, stated)
        assert row["false_alarm_rate"] <= card[f"crops_false_alarm_rate_{cls}"] + TOLERANCE / 2
        checked += 1
    clean = 1.0 - figures["per_class"]["other"]["any_finding_rate"]
    assert abs(clean - card["crops_negatives_clean"]) <= TOLERANCE, (clean, card)
    assert checked == 2
