"""Settings of the x-ray simulator (``[devices.simulator]``), strict: see :mod:`devices.settings`.

The simulator is one scanner; the scene it starts with decides its class and geometry
(:mod:`devices.xray.sim.catalogue`), which it reports in its IDENTITY reply like a real
scanner. The driver never sees these keys.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from devices.settings import StrictSettings
from devices.xray import protocol as p
from devices.xray.sim.catalogue import PATTERN, check_scene


class XraySimulatorSettings(StrictSettings):
    seed: int = Field(0, ge=0, le=0xFFFFFFFF, description="detector and noise seed (the "
                      "simulated scanner's serial is SIM-<seed>)")
    scene: str = Field("parcel", description="what is in the tunnel: parcel, test-piece, "
                       "cargo-uniform, cargo-mixed, cargo-hidden-compartment, "
                       "cargo-undeclared-block, cargo-empty, or pattern (no physics); a "
                       "cargo scene makes a cargo scanner, the others a parcel scanner")
    scene_seed: int | None = Field(None, ge=0, le=0xFFFFFFFF, description="seed of the "
                                   "scene's contents; default: seed")
    fault: str | None = Field(None, description="fault injected into every acquisition, "
                              "KIND[:AFTER_BLOCK[:PARAM]], e.g. stall:2:5000 (see "
                              "docs/protocols/xray.md)")
    pattern_pixels: int = Field(1024, ge=1, le=0xFFFF, description="pixels per line of the "
                                "test pattern (scene = pattern)")
    pattern_lines: int = Field(1536, ge=1, description="lines of one test-pattern scan")

    @field_validator("scene")
    @classmethod
    def _known_scene(cls, value: str) -> str:
        return check_scene(value)

    @field_validator("fault")
    @classmethod
    def _fault_format(cls, value: str | None) -> str | None:
        if value:
            parse_fault(value)
        return value


def parse_fault(text: str) -> p.SimFault:
    """``KIND[:AFTER_BLOCK[:PARAM]]``, e.g. ``stall:2:5000`` (see FaultKind); ValueError
    naming the kinds otherwise."""
    parts = text.split(":")
    try:
        if len(parts) > 3:
            raise ValueError(text)
        kind = p.FaultKind[parts[0].upper()]
        after = int(parts[1]) if len(parts) > 1 else 2
        param = int(parts[2]) if len(parts) > 2 else 0
    except (KeyError, ValueError):
        names = ", ".join(k.name.lower() for k in p.FaultKind if k)
        raise ValueError(f"fault {text!r}: expected KIND[:AFTER_BLOCK[:PARAM]] with KIND one "
                         f"of {names}") from None
    return p.SimFault(kind, after, param)


__all__ = ["PATTERN", "XraySimulatorSettings", "parse_fault"]
