"""What the x-ray simulator can put in its tunnel, and which scanner each scene needs.

Light on purpose (no rendering, no OpenCV): the simulator's settings are validated against
it when a lane file is read, and the simulator answers IDENTIFY from it without building a
scene.

A scene is made for one class of scanner: parcels, baggage and the test piece for a parcel
scanner (0.7 mm pixels, ~160 kV: the "kev" energy pair), vehicles for a cargo scanner
(2.8 mm pixels, 4/6 MV linac: "mev"). The simulator is one scanner: its class, and so its
geometry, follows the scene it was started with, and it refuses a scene of the other class.
``pattern`` is the detector's built-in test pattern (no physics), on a parcel scanner.
"""

from __future__ import annotations

from devices.xray.interface import ScannerGeometry

PATTERN = "pattern"

# scanner class -> (pixel pitch in mm, energy pair)
SCANNERS: dict[str, tuple[float, str]] = {
    "parcel": (0.7, "kev"),
    "cargo": (2.8, "mev"),
}

# scene kind -> (default (lines, pixels), pixel size in cm at that size, energy pair)
KINDS: dict[str, tuple[tuple[int, int], float, str]] = {
    "parcel": ((1500, 1000), 0.07, "kev"),
    "test-piece": ((1000, 800), 0.07, "kev"),
    "cargo-uniform": ((6400, 2000), 0.28, "mev"),
    "cargo-mixed": ((6400, 2000), 0.28, "mev"),
    "cargo-hidden-compartment": ((6400, 2000), 0.28, "mev"),
    "cargo-undeclared-block": ((6400, 2000), 0.28, "mev"),
    "cargo-empty": ((6400, 2000), 0.28, "mev"),
    "cargo-test-piece": ((2400, 2000), 0.28, "mev"),
}


def scene_names() -> tuple[str, ...]:
    """Every scene the simulator accepts: the physics scenes, then ``pattern``."""
    return (*KINDS, PATTERN)


def check_scene(kind: str) -> str:
    """``kind`` if the simulator knows it; ValueError naming the known scenes otherwise."""
    if kind != PATTERN and kind not in KINDS:
        raise ValueError(f"unknown scene kind {kind!r}; known: {', '.join(scene_names())}")
    return kind


def scanner_class(kind: str) -> str:
    """The class of scanner scene ``kind`` is made for (``parcel`` or ``cargo``)."""
    check_scene(kind)
    return "cargo" if kind.startswith("cargo-") else "parcel"


def scanner_geometry(kind: str) -> ScannerGeometry:
    """Geometry of the simulated scanner that scans scene ``kind`` (at its default size)."""
    pixel_mm, energy_pair = SCANNERS[scanner_class(kind)]
    return ScannerGeometry(pixel_mm=pixel_mm, energy_pair=energy_pair,
                           scanner_class=scanner_class(kind))


def scene_pixels(kind: str) -> int:
    """Detector pixels per line of scene ``kind`` at its default size (not ``pattern``)."""
    return KINDS[check_scene(kind)][0][1]
