"""A complete simulated acquisition: calibrate the detector, scan a scene, correct the data.

The scene and the detector physics are the x-ray simulator's, reached through the device
registry (:func:`devices.registry.simulation`), never imported by name.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict
from typing import Any

import numpy as np

from devices.registry import simulation
from workstation.imaging.calibration import Calibration
from workstation.imaging.correction import correct_scan
from workstation.imaging.scan import DualEnergyScan
from workstation.scans.degrade import Degradation

CALIBRATION_LINES = 64
SIMULATED_SCANNER = "xray-tcp"  # the registry driver whose simulator renders the scenes


def degraded_detector(pixels: int, energy_pair: str, degrade: Degradation | None,
                      detector_seed: int = 1) -> Any:
    """The simulator's detector model in the stated condition (gain left to the scan).

    Dead lines are chosen among the healthy pixels, away from the ends and from each other.
    """
    sim = simulation(SIMULATED_SCANNER)
    detector = sim.DetectorModel.default(pixels, detector_seed, energy_pair=energy_pair)
    if degrade is None or degrade.healthy:
        return detector
    dead = detector.dead.copy()
    if degrade.dead_lines:
        rng = np.random.default_rng([detector_seed, 4099])
        free = np.flatnonzero(~(detector.dead | detector.hot))
        free = free[(free > 4) & (free < pixels - 5)]
        chosen: list[int] = []
        for i in rng.permutation(free):
            if all(abs(int(i) - c) > 3 for c in chosen):
                chosen.append(int(i))
            if len(chosen) == degrade.dead_lines:
                break
        dead[chosen] = True
    return dataclasses.replace(detector, dead=dead, blur_px=degrade.blur_px,
                               noise_factor=degrade.noise_factor)


def calibration_frames(detector: Any, seed: int, lines: int = CALIBRATION_LINES
                       ) -> tuple[np.ndarray, np.ndarray]:
    """Raw (dark, flat) lines of ``detector``, each (2 energies low/high, lines, pixels)."""
    sim = simulation(SIMULATED_SCANNER)
    dark = np.stack(sim.render_dark(detector, lines, seed=seed + 1))
    flat = np.stack(sim.render_flat(detector, lines, seed=seed + 2))
    return dark, flat


def simulate_scan(kind: str, seed: int, *, size: tuple[int, int] | None = None,
                  detector_seed: int = 1,
                  degrade: Degradation | None = None) -> tuple[DualEnergyScan, Any]:
    """Scene ``kind`` rendered, corrected with fresh dark/flat maps; ground truth in ``meta``.

    ``degrade``: the detector's condition (healthy when None); a gain change applies to the
    scan only, after the calibration. Returns the scan and the simulator's scene (its
    ``objects`` are the ground truth).
    """
    sim = simulation(SIMULATED_SCANNER)
    scene = sim.make_scene(kind, seed, size=size)
    detector = degraded_detector(scene.pixels, scene.energy_pair, degrade, detector_seed)
    calibration = Calibration.from_frames(*sim.render_dark(detector, CALIBRATION_LINES, seed=seed + 1),
                                          *sim.render_flat(detector, CALIBRATION_LINES, seed=seed + 2))
    scanning = detector
    if degrade is not None and degrade.gain != 1.0:
        scanning = dataclasses.replace(detector, gain_low=detector.gain_low * np.float32(degrade.gain),
                                       gain_high=detector.gain_high * np.float32(degrade.gain))
    raw_low, raw_high = sim.render_lines(scene, scanning, seed=seed)
    meta: dict[str, Any] = {"simulated": True, "seed": seed, "scene_kind": kind,
                            "ground_truth": [asdict(o) for o in scene.objects]}
    if degrade is not None and not degrade.healthy:
        meta["degradation"] = asdict(degrade)
    scan = correct_scan(raw_low, raw_high, calibration, energy_pair=scene.energy_pair,
                        pixel_mm=scene.pixel_cm * 10, meta=meta)
    return scan, scene
