"""Camera driver on OpenCV ``VideoCapture``: RTSP, HTTP MJPEG, video files, image folders,
device indices.

Configuration (keys: :class:`devices.camera.settings.CameraSettings`, strict)::

    [[devices]]
    name = "lane-camera"
    kind = "camera"
    driver = "camera-opencv"
    [devices.settings]
    url = "rtsp://192.0.2.10:554/stream1"   # or http://.../video.mjpg, a file, a folder, "0"
    open_timeout_ms = 5000     # given to VideoCapture at creation (later has no effect on open)
    read_timeout_ms = 3000     # one read blocks at most this long
    max_frame_age_s = 5.0      # watchdog: older latest frame = stalled stream, reconnect
    snapshot_dir = "/var/lib/workstation/snapshots"

With ``simulated = true`` the lane camera simulator (:mod:`devices.camera.sim`) gives the
``url``; its own keys go in ``[devices.simulator]``
(:class:`devices.camera.sim.settings.CameraSimulatorSettings`)::

    [devices.simulator]
    seed = 7
    fps = 10
    frames_per_vehicle = 80

Run it in a device host (``workstation.hosts``) with :func:`capture_idle` as its idle
task: the host thread reads continuously and the driver keeps **only the latest frame**
(:meth:`CameraDriver.latest`), which recognition and the UI pull. A failed read (stream
stalled past the read timeout, connection dropped, undecodable data) raises
:class:`DeviceUnavailable`, and the host reconnects with backoff. :meth:`probe` is the
frame-age watchdog: a frame older than ``max_frame_age_s`` is reported as lost too.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from devices.base import Device, DeviceInfo, DeviceUnavailable, Health
from devices.camera.settings import CameraSettings
from devices.settings import parse_settings

DRIVER_VERSION = "1.0"
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp")


@dataclass(frozen=True)
class CapturedFrame:
    image: np.ndarray  # BGR, uint8 (H, W, 3)
    sequence: int  # counts frames read since the driver was created
    captured_at: float  # time.monotonic() seconds


@dataclass(frozen=True)
class Snapshot:
    path: Path
    sha256: str
    sequence: int


class _FolderSource:
    """Image folder played as a stream (sorted names, looping): for replaying evidence."""

    def __init__(self, folder: Path) -> None:
        self.files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not self.files:
            raise DeviceUnavailable(f"camera folder {folder} has no images", "check the folder")
        self.index = 0

    def read(self) -> tuple[bool, np.ndarray | None]:
        path = self.files[self.index % len(self.files)]
        self.index += 1
        image = cv2.imread(str(path), cv2.IMREAD_COLOR)
        return image is not None, image

    def release(self) -> None:
        self.files = []


class CameraDriver(Device):
    """One camera. Used from its host thread; :meth:`latest` and :meth:`snapshot` from any."""

    kind = "camera"

    def __init__(self, name: str, url: str | int, *, open_timeout_ms: int = 5000,
                 read_timeout_ms: int = 3000, max_frame_age_s: float = 5.0,
                 snapshot_dir: str | os.PathLike[str] | None = None) -> None:
        super().__init__(name)
        if open_timeout_ms <= 0 or read_timeout_ms <= 0 or max_frame_age_s <= 0:
            raise ValueError(f"{name}: camera timeouts must be > 0")
        self.url = url
        self.open_timeout_ms = open_timeout_ms
        self.read_timeout_ms = read_timeout_ms
        self.max_frame_age_s = max_frame_age_s
        self.snapshot_dir = Path(snapshot_dir) if snapshot_dir else None
        self._capture: Any = None
        self._lock = threading.Lock()
        self._latest: CapturedFrame | None = None
        self._sequence = 0
        self._opened_at = 0.0
        self._info: DeviceInfo | None = None
        self._interrupted = threading.Event()

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any]) -> CameraDriver:
        """The driver of ``[devices.settings]`` (strict: unknown keys are errors naming the
        device and the key; the simulator's keys belong in ``[devices.simulator]``)."""
        s = parse_settings(CameraSettings, name, settings, owner="driver camera-opencv")
        if s.url is None or s.url == "":
            raise ValueError(f"device {name!r}: camera setting 'url' is missing")
        url = s.url
        if isinstance(url, str) and url.isdigit():
            url = int(url)  # a device index such as "0"
        return cls(name, url, open_timeout_ms=s.open_timeout_ms,
                   read_timeout_ms=s.read_timeout_ms, max_frame_age_s=s.max_frame_age_s,
                   snapshot_dir=s.snapshot_dir)

    # -- Device ----------------------------------------------------------------------
    def _open(self, timeout_s: float) -> None:
        open_ms = int(min(self.open_timeout_ms, timeout_s * 1000))
        if isinstance(self.url, str) and Path(self.url).is_dir():
            self._capture = _FolderSource(Path(self.url))
        else:
            # Timeouts must be in the constructor's params: set afterwards they do not
            # bound the open itself.
            params = [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, open_ms,
                      cv2.CAP_PROP_READ_TIMEOUT_MSEC, self.read_timeout_ms]
            backend = cv2.CAP_ANY if isinstance(self.url, int) else cv2.CAP_FFMPEG
            capture = cv2.VideoCapture(self.url, backend, params)
            if not capture.isOpened():
                capture.release()
                raise DeviceUnavailable(f"camera {self.name}: cannot open {self.url}",
                                        "check the camera address, network and power")
            self._capture = capture
        self._opened_at = time.monotonic()
        self._interrupted.clear()
        backend_name = ("folder" if isinstance(self._capture, _FolderSource)
                        else self._capture.getBackendName())
        # A stream does not tell its camera's make; the URL identifies the device.
        self._info = DeviceInfo(vendor="unknown (video stream)", model=f"OpenCV {backend_name} capture",
                                serial=str(self.url), firmware="unknown", driver_version=DRIVER_VERSION)

    def _close(self) -> None:
        capture, self._capture = self._capture, None
        if capture is not None:
            capture.release()

    def interrupt(self) -> None:
        """From the host's watchdog: the stream counts as lost at the next read or probe.

        A blocked ``VideoCapture.read`` cannot be broken from outside; it returns within
        ``read_timeout_ms`` anyway, and then the flag makes the host reconnect.
        """
        self._interrupted.set()

    def _check_interrupted(self) -> None:
        if self._interrupted.is_set():
            self.mark_lost()
            raise DeviceUnavailable(f"camera {self.name}: stream interrupted", "reconnecting")

    def probe(self) -> Health:
        """Frame-age watchdog: raises DeviceUnavailable when no frame came for ``max_frame_age_s``."""
        if not self.is_open:
            return Health.offline("not connected")
        self._check_interrupted()
        age = self.frame_age_s()
        if age > self.max_frame_age_s:
            raise DeviceUnavailable(f"camera {self.name}: no frame for {age:.1f} s",
                                    "check the camera stream")
        return Health.ok(f"latest frame {age:.2f} s old")

    @property
    def info(self) -> DeviceInfo:
        if self._info is None:
            from devices.base import DeviceError

            raise DeviceError(f"camera {self.name}: not opened yet")
        return self._info

    # -- frames ------------------------------------------------------------------------
    def frame_age_s(self) -> float:
        """Seconds since the latest frame (since open when none came yet)."""
        with self._lock:
            at = self._latest.captured_at if self._latest else self._opened_at
        return time.monotonic() - at

    def grab(self) -> CapturedFrame:
        """Read one frame (blocks up to ``read_timeout_ms``) and keep it as the latest."""
        if self._capture is None:
            raise DeviceUnavailable(f"camera {self.name}: not connected", "check the camera")
        self._check_interrupted()
        ok, image = self._capture.read()
        if not ok or image is None or image.size == 0:
            # Stalled past the read timeout, connection dropped, or data undecodable:
            # the stream is in an unknown state, so reconnect rather than read on.
            self.mark_lost()
            raise DeviceUnavailable(f"camera {self.name}: no frame from {self.url}",
                                    "check the camera stream")
        with self._lock:
            self._sequence += 1
            frame = CapturedFrame(image, self._sequence, time.monotonic())
            self._latest = frame  # the only frame kept: older ones are dropped
        return frame

    def latest(self) -> CapturedFrame | None:
        """The most recent frame, or None before the first (thread-safe)."""
        with self._lock:
            return self._latest

    def snapshot(self, stem: str, folder: Path | None = None) -> Snapshot:
        """Store the latest frame as ``<folder>/<stem>.jpg`` atomically (per vehicle event)."""
        frame = self.latest()
        if frame is None:
            raise DeviceUnavailable(f"camera {self.name}: no frame to snapshot yet", "wait for the stream")
        target_dir = folder or self.snapshot_dir
        if target_dir is None:
            raise ValueError(f"camera {self.name}: no snapshot folder configured (settings.snapshot_dir)")
        return write_snapshot(frame, target_dir / f"{stem}.jpg")


def write_snapshot(frame: CapturedFrame, path: Path) -> Snapshot:
    """JPEG-encode ``frame`` to ``path`` via temp file + fsync + rename; returns its sha256."""
    ok, data = cv2.imencode(".jpg", frame.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    if not ok:
        raise ValueError(f"{path}: frame could not be JPEG-encoded")
    payload = data.tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return Snapshot(path, hashlib.sha256(payload).hexdigest(), frame.sequence)


def capture_idle(device: CameraDriver, ctx: Any) -> None:
    """Host idle task: one read per call; the host keeps calling while no command waits.

    Publishes a frame event so subscribers know a new frame is there. The event type is the
    host's: ``ctx.frame_event(device=, image=, sequence=)`` makes it (the workstation's
    device host gives its ``Frame``; the driver knows no host). A context without
    ``frame_event`` gets no event.
    """
    frame = device.grab()
    ctx.beat()
    factory = getattr(ctx, "frame_event", None)
    if factory is not None:
        ctx.emit(factory(device=device.name, image=frame.image, sequence=frame.sequence))
