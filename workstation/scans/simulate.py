"""A complete simulated acquisition: calibrate the detector, scan a scene, correct the data.

The scene and the detector physics are the x-ray simulator's, reached through the device
registry (:func:`devices.registry.simulation`), never imported by name.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from devices.registry import simulation
from workstation.imaging.calibration import Calibration
from workstation.imaging.correction import correct_scan
from workstation.imaging.scan import DualEnergyScan

CALIBRATION_LINES = 64
SIMULATED_SCANNER = "xray-tcp"  # the registry driver whose simulator renders the scenes


def simulate_scan(kind: str, seed: int, *, size: tuple[int, int] | None = None,
                  detector_seed: int = 1) -> tuple[DualEnergyScan, Any]:
    """Scene ``kind`` rendered, corrected with fresh dark/flat maps; ground truth in ``meta``.

    Returns the scan and the simulator's scene (its ``objects`` are the ground truth).
    """
    sim = simulation(SIMULATED_SCANNER)
    scene = sim.make_scene(kind, seed, size=size)
    detector = sim.DetectorModel.default(scene.pixels, detector_seed, energy_pair=scene.energy_pair)
    calibration = Calibration.from_frames(*sim.render_dark(detector, CALIBRATION_LINES, seed=seed + 1),
                                          *sim.render_flat(detector, CALIBRATION_LINES, seed=seed + 2))
    raw_low, raw_high = sim.render_lines(scene, detector, seed=seed)
    meta = {"simulated": True, "seed": seed, "scene_kind": kind,
            "ground_truth": [asdict(o) for o in scene.objects]}
    scan = correct_scan(raw_low, raw_high, calibration, energy_pair=scene.energy_pair,
                        pixel_mm=scene.pixel_cm * 10, meta=meta)
    return scan, scene
