"""Detector calibration through the protocol: dark and flat lines from the simulator become
offset, gain and bad-pixel maps that match the simulated detector."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from devices.base import DeviceError
from devices.registry import create_device
from devices.xray import protocol as p
from devices.xray.interface import ArmParameters, LineBuffer
from devices.xray.sim.physics import DetectorModel
from devices.xray.sim.server import SimulatorServer
from tests.contract.base import WAIT_S
from workstation.hosts import Backoff, DeviceHost
from workstation.hosts.xray import CalibrateDetector, ScanObject
from workstation.imaging.correction import correct_scan

SEED = 11
SCENE = ("test-piece", 3)  # 800-pixel detector, kV energy pair
PARAMS = ArmParameters(max_lines=256, integration_us=100, block_lines=32)
WAIT_SCENE_S = 60.0  # building the scene and rendering it, on a loaded 2-core machine


@pytest.fixture
def host() -> Iterator[DeviceHost]:
    with SimulatorServer(seed=SEED) as server:
        address, port = server.address
        settings: dict[str, Any] = {"host": address, "port": port, "block_timeout_s": 2.0}
        device_host = DeviceHost(create_device({"name": "scanner", "kind": "xray",
                                                "driver": "xray-tcp", "settings": settings}),
                                 watchdog_s=30.0, backoff=Backoff(initial_s=0.01, seed=1))
        device_host.start()
        try:
            assert device_host.wait_connected(WAIT_S)
            yield device_host
        finally:
            device_host.stop()


def test_maps_match_the_simulated_detector(host: DeviceHost) -> None:
    taken = host.submit(CalibrateDetector(LineBuffer(), 64, scene=SCENE, params=PARAMS)
                        ).result(WAIT_SCENE_S)
    detector = DetectorModel.default(800, SEED, energy_pair="kev")
    cal = taken.calibration
    assert cal.pixels == 800 and taken.dark_lines == taken.flat_lines == 64
    # every dead and hot pixel is found, and hardly anything else
    assert cal.bad[detector.dead | detector.hot].all()
    assert cal.bad.sum() <= (detector.dead | detector.hot).sum() + 2
    good = ~cal.bad
    # offsets within a few tenths of an ADU (read noise 4 ADU averaged over 64 lines)
    assert np.abs(cal.dark_high[good] - detector.offset_high[good]).max() < 3.0
    # the gain map follows the detector's pixel gains (board steps and pixel spread)
    span = (cal.flat_high - cal.dark_high)[good]
    assert np.corrcoef(span, detector.gain_high[good])[0, 1] > 0.95
    assert taken.describe()["bad_pixels"] == int(cal.bad.sum())


def test_a_corrected_scan_is_flat_where_the_tunnel_is_empty(host: DeviceHost) -> None:
    taken = host.submit(CalibrateDetector(LineBuffer(), 64, scene=SCENE, params=PARAMS)
                        ).result(WAIT_SCENE_S)
    result = host.submit(ScanObject(LineBuffer(), PARAMS, scene=SCENE)).result(WAIT_SCENE_S)
    assert result.complete, result.incomplete_reason
    raw_spread = result.high[:16].mean(axis=0).std() / result.high[:16].mean()
    corrected = correct_scan(result.low, result.high, taken.calibration)
    edge = corrected.high[:16].astype(np.float64) / 65535  # belt only, before the test piece
    assert raw_spread > 0.03  # the raw lines carry the pixel gain spread ...
    assert edge.mean(axis=0).std() < 0.005  # ... the corrected ones do not


def test_an_interrupted_calibration_is_refused(host: DeviceHost) -> None:
    host.submit(ScanObject(LineBuffer(), PARAMS, scene=SCENE)).result(WAIT_SCENE_S)

    class DarkWithDrop(CalibrateDetector):
        def execute(self, device: Any, ctx: Any) -> Any:
            device.inject_fault(p.FaultKind.DROP, 1)
            return super().execute(device, ctx)

    future = host.submit(DarkWithDrop(LineBuffer(), 96, params=PARAMS))
    with pytest.raises(DeviceError, match="dark acquisition for calibration incomplete"):
        future.result(WAIT_SCENE_S)
    # the host reconnects and the next calibration works
    assert host.wait_connected(WAIT_S)
    again = host.submit(CalibrateDetector(LineBuffer(), 64, scene=SCENE, params=PARAMS))
    assert again.result(WAIT_SCENE_S).calibration.pixels == 800


def test_too_few_lines_are_refused(host: DeviceHost) -> None:
    with pytest.raises(ValueError, match="at least 2 lines"):
        host.submit(CalibrateDetector(LineBuffer(), 1)).result(WAIT_S)
