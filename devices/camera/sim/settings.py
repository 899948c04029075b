"""Settings of the lane camera simulator (``[devices.simulator]``), strict: see
:mod:`devices.settings`. The driver never sees these keys."""

from __future__ import annotations

from pydantic import Field

from devices.settings import StrictSettings


class CameraSimulatorSettings(StrictSettings):
    seed: int = Field(1, description="which vehicles come, in which order")
    fps: float = Field(10.0, gt=0, description="frames per second")
    frames_per_vehicle: int = Field(20, ge=1, description="frames each vehicle stays in view")
    width: int = Field(960, ge=64, description="frame width, pixels")
    height: int = Field(540, ge=64, description="frame height, pixels")
