"""A complete simulated acquisition: calibrate the detector, scan a scene, correct the data."""

from __future__ import annotations

from dataclasses import asdict

from devices.xray.physics import DetectorModel, render_dark, render_flat, render_lines
from devices.xray.scenes import Scene, make_scene
from workstation.imaging.calibration import Calibration
from workstation.imaging.correction import correct_scan
from workstation.imaging.scan import DualEnergyScan

CALIBRATION_LINES = 64


def simulate_scan(kind: str, seed: int, *, size: tuple[int, int] | None = None,
                  detector_seed: int = 1) -> tuple[DualEnergyScan, Scene]:
    """Scene ``kind`` rendered, corrected with fresh dark/flat maps; ground truth in ``meta``."""
    scene = make_scene(kind, seed, size=size)
    detector = DetectorModel.default(scene.pixels, detector_seed, energy_pair=scene.energy_pair)
    calibration = Calibration.from_frames(*render_dark(detector, CALIBRATION_LINES, seed=seed + 1),
                                          *render_flat(detector, CALIBRATION_LINES, seed=seed + 2))
    raw_low, raw_high = render_lines(scene, detector, seed=seed)
    meta = {"simulated": True, "seed": seed, "scene_kind": kind,
            "ground_truth": [asdict(o) for o in scene.objects]}
    scan = correct_scan(raw_low, raw_high, calibration, energy_pair=scene.energy_pair,
                        pixel_mm=scene.pixel_cm * 10, meta=meta)
    return scan, scene
