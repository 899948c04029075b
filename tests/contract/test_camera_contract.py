"""Camera driver (OpenCV VideoCapture) against the lane camera simulator (HTTP MJPEG).

The generic driver contract, then each simulator fault (stall, disconnect, corrupt JPEG)
with the driver running in its host: the fault is detected, the host reconnects with
backoff, and fresh frames flow again.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from devices.camera.driver import CameraDriver, capture_idle
from devices.camera.sim.server import LaneCameraSimulator
from devices.registry import create_device
from tests.contract.base import WAIT_S, DriverContract, EventLog
from workstation.hosts import Backoff, Connected, DeviceHost, Lost
from workstation.hosts.events import CommandFailed, Frame


@pytest.fixture
def simulator() -> Iterator[LaneCameraSimulator]:
    with LaneCameraSimulator(seed=3, fps=20, frames_per_vehicle=10, width=320, height=180) as sim:
        yield sim


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TestCameraContract(DriverContract):
    driver = "camera-opencv"
    kind = "camera"

    @pytest.fixture
    def sim_settings(self, simulator: LaneCameraSimulator) -> dict[str, Any]:
        return {"url": simulator.url, "open_timeout_ms": 3000, "read_timeout_ms": 1000}

    @pytest.fixture
    def unreachable_settings(self) -> dict[str, Any]:
        return {"url": f"http://127.0.0.1:{_closed_port()}/stream.mjpg", "open_timeout_ms": 1000}


def _run_host(device: CameraDriver) -> tuple[DeviceHost, EventLog]:
    log = EventLog()
    host = DeviceHost(device, open_timeout_s=3.0, probe_interval_s=0.2, watchdog_s=5.0,
                      backoff=Backoff(initial_s=0.05, max_s=0.2, seed=1),
                      idle_task=capture_idle, idle_interval_s=0.001)
    host.subscribe(log)
    host.start()
    return host, log


@pytest.mark.parametrize("fault", ["stall", "disconnect", "corrupt"])
def test_driver_recovers_from_fault(simulator: LaneCameraSimulator, fault: str) -> None:
    device = create_device({"name": "lane-camera", "kind": "camera", "driver": "camera-opencv",
                            "settings": {"url": simulator.url, "open_timeout_ms": 3000,
                                         "read_timeout_ms": 700, "max_frame_age_s": 2.0}})
    assert isinstance(device, CameraDriver)
    host, log = _run_host(device)
    try:
        log.wait_for(Connected)
        frames_before = len(log.wait_for(Frame, 3))
        simulator.inject(fault, 1.5)
        log.wait_for(Lost)
        failed = log.wait_for(CommandFailed)
        assert "no frame" in failed[0].reason and "check the camera stream" in failed[0].reason
        log.wait_for(Connected, 2)
        after = log.wait_for(Frame, frames_before + 3)
        # Frames after the reconnection are whole images of the lane, not garbage.
        image = after[-1].image
        assert image.shape == (180, 320, 3)
        assert float(image.std()) > 5.0
    finally:
        host.stop()
        device.dispose()


def test_only_latest_frame_kept_and_snapshot_is_atomic(simulator: LaneCameraSimulator,
                                                       tmp_path: Path) -> None:
    device = CameraDriver("cam", simulator.url, read_timeout_ms=2000, snapshot_dir=tmp_path)
    device.open(3.0)
    try:
        first = device.grab()
        second = device.grab()
        assert device.latest() is second and second.sequence == first.sequence + 1
        snap = device.snapshot("vehicle-0001")
        assert snap.path == tmp_path / "vehicle-0001.jpg" and not list(tmp_path.glob("*.tmp"))
        decoded = cv2.imread(str(snap.path))
        assert decoded.shape == second.image.shape
        assert float(np.abs(decoded.astype(int) - second.image.astype(int)).mean()) < 4.0
    finally:
        device.dispose()


def test_ground_truth_follows_frames(simulator: LaneCameraSimulator) -> None:
    frame = simulator.wait_for_frame(-1, WAIT_S)
    assert frame is not None
    truth = simulator.truth(frame.seq)
    assert truth is not None and truth["plate"] == frame.vehicle.plate
    assert truth["index"] == frame.seq // simulator.frames_per_vehicle


def test_image_folder_source(tmp_path: Path) -> None:
    for i in range(3):
        cv2.imwrite(str(tmp_path / f"{i:02d}.png"), np.full((8, 8, 3), 40 * i, np.uint8))
    device = CameraDriver("folder-cam", str(tmp_path))
    device.open(1.0)
    try:
        values = [int(device.grab().image[0, 0, 0]) for _ in range(4)]
        assert values == [0, 40, 80, 0]  # sorted by name, looping
    finally:
        device.dispose()


def test_bad_settings_name_the_key() -> None:
    with pytest.raises(ValueError, match=r"device 'cam': settings\.colour: unknown key for "
                                         r"driver camera-opencv \(known: .*url"):
        CameraDriver.from_settings("cam", {"url": "x", "colour": 1})
    with pytest.raises(ValueError, match=r"settings\.fps: unknown key"):  # a simulator key
        CameraDriver.from_settings("cam", {"url": "x", "fps": 10})
    with pytest.raises(ValueError, match="'url' is missing"):
        CameraDriver.from_settings("cam", {})
