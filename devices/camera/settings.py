"""Settings (``[devices.settings]``) of the camera driver, strict: see :mod:`devices.settings`."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from devices.settings import StrictSettings


class CameraSettings(StrictSettings):
    """Driver ``camera-opencv``: OpenCV ``VideoCapture``."""

    url: str | int | None = Field(
        None, description="rtsp://... or http://... stream, a video file, an image folder, or "
        "a device index (0, \"0\"); required unless simulated (the simulator gives it)")
    open_timeout_ms: int = Field(5000, gt=0, description="opening the stream, milliseconds")
    read_timeout_ms: int = Field(3000, gt=0, description="one frame read, milliseconds")
    max_frame_age_s: float = Field(5.0, gt=0, description="watchdog: a latest frame older than "
                                   "this many seconds means a stalled stream (reconnect)")
    snapshot_dir: Path | None = Field(None, description="folder of the frames kept per vehicle "
                                      "event")
