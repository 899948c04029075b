"""The x-ray simulator's offline tools: render a scene without a scanner or a socket.

For tools of the workstation that need simulated images but no device (``workstation scan
simulate``, benchmarks), reached through the registry, never imported by name::

    from devices.registry import simulation

    sim = simulation("xray-tcp")
    scene = sim.make_scene("parcel", 7)
    detector = sim.DetectorModel.default(scene.pixels, 1, energy_pair=scene.energy_pair)
    low, high = sim.render_lines(scene, detector, seed=7)
"""

from __future__ import annotations

from devices.xray.sim.catalogue import (
    KINDS,
    PATTERN,
    SCANNERS,
    scanner_class,
    scanner_geometry,
    scene_names,
)
from devices.xray.sim.physics import (
    DetectorModel,
    attenuation,
    render_dark,
    render_flat,
    render_lines,
)
from devices.xray.sim.scenes import Scene, SceneObject, make_scene

__all__ = [
    "KINDS", "PATTERN", "SCANNERS", "DetectorModel", "Scene", "SceneObject", "attenuation",
    "make_scene", "render_dark", "render_flat", "render_lines", "scanner_class",
    "scanner_geometry", "scene_names",
]
