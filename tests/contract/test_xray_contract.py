"""The x-ray driver against its simulator over loopback TCP: contract, every fault, recovery."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from devices.base import DeviceError
from devices.registry import create_device
from devices.xray import protocol as p
from devices.xray.driver import XrayScannerDriver
from devices.xray.interface import ArmParameters, LineBuffer, ScannerGeometry
from devices.xray.sim.server import PatternSource, SimulatorServer
from tests.contract.base import WAIT_S, DriverContract, EventLog
from workstation.hosts import Backoff, DeviceHost, Lost, ScanComplete, ScanProgress
from workstation.hosts.xray import AcquireCalibration, InjectedFault, ScanObject

PIXELS, LINES, BLOCK = 64, 128, 16  # small: the whole file runs in about a second
PARAMS = ArmParameters(max_lines=LINES, integration_us=1000, block_lines=BLOCK)


@pytest.fixture
def server() -> Iterator[SimulatorServer]:
    with SimulatorServer(seed=5, pattern_pixels=PIXELS, pattern_lines=LINES) as srv:
        yield srv


def _settings(srv: SimulatorServer) -> dict[str, Any]:
    host, port = srv.address
    return {"host": host, "port": port, "block_timeout_s": 0.3, "block_lines": BLOCK,
            "max_lines": LINES, "integration_us": 1000}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TestXrayDriverContract(DriverContract):
    driver = "xray-tcp"
    kind = "xray"

    @pytest.fixture
    def sim_settings(self, server: SimulatorServer) -> dict[str, Any]:
        return _settings(server)

    @pytest.fixture
    def unreachable_settings(self) -> dict[str, Any]:
        return {"host": "127.0.0.1", "port": _free_port()}


def _expected() -> tuple[np.ndarray, np.ndarray]:
    return PatternSource(PIXELS, LINES).render(0, LINES)


def test_clean_scan_is_bit_exact(server: SimulatorServer) -> None:
    driver = XrayScannerDriver.from_settings("scanner", _settings(server))
    driver.open(5.0)
    try:
        seen: list[tuple[int, int]] = []
        result = driver.scan(LineBuffer(), lambda done, total: seen.append((done, total)))
        low, high = _expected()
        assert result.complete and result.lines_received == LINES
        np.testing.assert_array_equal(result.low, low)
        np.testing.assert_array_equal(result.high, high)
        assert seen == [(min(LINES, i + BLOCK), LINES) for i in range(0, LINES, BLOCK)]
        dark = driver.acquire_dark(32, LineBuffer())
        assert dark.complete and dark.data.shape == (2, 32, PIXELS)
    finally:
        driver.dispose()


@pytest.mark.parametrize(
    ("fault", "reason", "lines_kept", "link_survives"),
    [
        (InjectedFault(p.FaultKind.STALL, 2, 10_000), "stalled", 2 * BLOCK, False),
        (InjectedFault(p.FaultKind.DROP, 3), "connection dropped", 3 * BLOCK, False),
        (InjectedFault(p.FaultKind.CORRUPT, 1), "block(s) 1 failed the CRC-32", LINES, True),
        (InjectedFault(p.FaultKind.GARBAGE, 2, 37), "stream garbled", 2 * BLOCK, False),
    ],
    ids=["stall", "drop", "corrupt", "garbage"],
)
def test_each_fault_is_noticed_kept_incomplete_and_the_next_scan_works(
        server: SimulatorServer, fault: InjectedFault, reason: str, lines_kept: int,
        link_survives: bool) -> None:
    device = create_device({"name": "scanner", "kind": "xray", "driver": "xray-tcp",
                            "settings": _settings(server)})
    log = EventLog()
    host = DeviceHost(device, watchdog_s=5.0, backoff=Backoff(initial_s=0.01, seed=1))
    host.subscribe(log)
    host.start()
    buffer = LineBuffer()
    try:
        broken = host.submit(ScanObject(buffer, PARAMS, fault=fault)).result(WAIT_S)
        assert not broken.complete
        assert reason in broken.incomplete_reason
        assert fault.kind in broken.faults_seen
        assert broken.lines_received == lines_kept
        low, _ = _expected()
        good = slice(0, lines_kept)
        if fault.kind is p.FaultKind.CORRUPT:
            assert not broken.low[BLOCK:2 * BLOCK].any()  # damaged block blanked
            good = slice(2 * BLOCK, LINES)
        np.testing.assert_array_equal(broken.low[good], low[good])
        if not link_survives:
            log.wait_for(Lost)
        again = host.submit(ScanObject(buffer, PARAMS)).result(WAIT_S)
        assert again.complete and again.lines_received == LINES
        np.testing.assert_array_equal(again.low, low)
        # the first result was detached from the reused buffer
        assert broken.lines_received == lines_kept
        completes = log.wait_for(ScanComplete, 2)
        assert [c.complete for c in completes] == [False, True]
        assert log.wait_for(ScanProgress)[0].lines_total == LINES
    finally:
        host.stop()


def test_slow_link_is_reported_and_the_scan_kept(server: SimulatorServer) -> None:
    driver = XrayScannerDriver.from_settings("scanner", _settings(server))
    driver.open(5.0)
    try:
        # 64 lines x 256 bytes at 40 kB/s: ~0.4 s, well below 1,000 lines/s armed.
        driver.arm(ArmParameters(max_lines=64, integration_us=1000, block_lines=BLOCK))
        driver.inject_fault(p.FaultKind.SLOW, 0, 40_000)
        result = driver.scan(LineBuffer())
        assert result.complete and result.lines_received == 64
        assert p.FaultKind.SLOW in result.faults_seen
        assert "slow link" in result.warnings[0]
        assert driver.scan(LineBuffer()).warnings == []
    finally:
        driver.dispose()


def test_watchdog_breaks_a_stall_longer_than_its_limit(server: SimulatorServer) -> None:
    settings = {**_settings(server), "block_timeout_s": 30.0}  # driver would wait long
    device = create_device({"name": "scanner", "kind": "xray", "driver": "xray-tcp",
                            "settings": settings})
    log = EventLog()
    host = DeviceHost(device, watchdog_s=0.2, backoff=Backoff(initial_s=0.01, seed=1))
    host.subscribe(log)
    host.start()
    try:
        fault = InjectedFault(p.FaultKind.STALL, 1, 20_000)
        result = host.submit(ScanObject(LineBuffer(), PARAMS, fault=fault)).result(WAIT_S)
        assert "interrupted by the watchdog" in result.incomplete_reason
        again = host.submit(ScanObject(LineBuffer(), PARAMS)).result(WAIT_S)
        assert again.complete
    finally:
        host.stop()


def test_abort_ends_the_scan_with_the_reason(server: SimulatorServer) -> None:
    driver = XrayScannerDriver.from_settings("scanner", _settings(server))
    driver.open(5.0)
    try:
        driver.arm(PARAMS)
        # A paced link (about 0.2 s per block) so that the scanner is still sending when
        # the ABORT sent after the first block reaches it.
        driver.inject_fault(p.FaultKind.SLOW, 0, 20_000)
        result = driver.scan(LineBuffer(), lambda done, total: driver.abort())
        assert not result.complete and "aborted" in result.incomplete_reason
        assert 0 < result.lines_received < LINES
        assert driver.scan(LineBuffer()).complete
    finally:
        driver.dispose()


def test_refusals_are_device_errors_and_leave_the_link_up(server: SimulatorServer) -> None:
    driver = XrayScannerDriver.from_settings("scanner", _settings(server))
    driver.open(5.0)
    try:
        with pytest.raises(DeviceError, match="unknown scene|scene"):
            driver.load_scene("no-such-scene", 1)
        assert driver.is_open
        with pytest.raises(DeviceError, match="lines and block_lines"):
            driver.arm(ArmParameters(max_lines=0))
        assert driver.probe().text.startswith("OK")
    finally:
        driver.dispose()


def test_unknown_setting_is_named() -> None:
    with pytest.raises(ValueError, match=r"device 'scanner': settings\.colour: unknown key "
                                         r"for driver xray-tcp \(known: .*block_lines"):
        XrayScannerDriver.from_settings("scanner", {"port": 1, "colour": "red"})
    # simulator keys belong in [devices.simulator], never in the driver's table
    with pytest.raises(ValueError, match=r"settings\.seed: unknown key"):
        XrayScannerDriver.from_settings("scanner", {"port": 1, "seed": 7})
    with pytest.raises(ValueError, match=r"settings\.port: .*less than or equal to 65535"):
        XrayScannerDriver.from_settings("scanner", {"port": 70000})


def test_geometry_comes_from_the_identity_or_the_settings(server: SimulatorServer) -> None:
    """The pattern simulator is a parcel scanner and says so in IDENTITY; the settings
    override each value; a scanner that reports nothing needs all three configured."""
    driver = XrayScannerDriver.from_settings("scanner", _settings(server))
    with pytest.raises(DeviceError, match="open the device first"):
        _ = driver.geometry
    driver.open(5.0)
    try:
        assert driver.geometry == ScannerGeometry(0.7, "kev", "parcel")
        assert driver.identity.pixel_um == 700
    finally:
        driver.dispose()
    configured = XrayScannerDriver.from_settings("scanner", {**_settings(server), "pixel_mm": 0.5})
    configured.open(5.0)
    try:
        assert configured.geometry == ScannerGeometry(0.5, "kev", "parcel")
    finally:
        configured.dispose()
    complete = {"pixel_mm": 2.8, "energy_pair": "mev", "scanner_class": "cargo"}
    offline = XrayScannerDriver.from_settings("scanner", {"port": _free_port(), **complete})
    assert offline.geometry == ScannerGeometry(2.8, "mev", "cargo")  # no identity needed
    with pytest.raises(ValueError, match=r"settings\.energy_pair: .*'kev' or 'mev'"):
        XrayScannerDriver.from_settings("scanner", {"port": 1, "energy_pair": "high"})


def test_geometry_not_reported_must_be_configured() -> None:
    """A scanner speaking the first protocol version (IDENTITY without geometry)."""
    bare = p.Identity(1000, 2, 16, 8192, "ACME", "LS-1", "42", "1.0")
    assert p.Identity.unpack(bare.pack()) == bare and not bare.reports_geometry
    driver = XrayScannerDriver("scanner", "127.0.0.1", 1, geometry={"pixel_mm": 0.8})
    driver._identity = bare  # as if opened
    with pytest.raises(DeviceError, match=r"energy_pair, scanner_class neither reported"):
        _ = driver.geometry
    driver.configured_geometry.update(energy_pair="kev", scanner_class="parcel")
    assert driver.geometry == ScannerGeometry(0.8, "kev", "parcel")


def test_simulator_refuses_a_scene_of_the_other_scanner_class(server: SimulatorServer) -> None:
    driver = XrayScannerDriver.from_settings("scanner", _settings(server))
    driver.open(5.0)
    try:
        with pytest.raises(DeviceError, match="needs a cargo scanner; this simulated scanner "
                                              "is a parcel scanner"):
            driver.load_scene("cargo-mixed", 1)
        assert driver.is_open
    finally:
        driver.dispose()


def test_calibration_command_through_the_host(server: SimulatorServer) -> None:
    host = DeviceHost(create_device({"name": "scanner", "kind": "xray", "driver": "xray-tcp",
                                     "settings": _settings(server)}))
    host.start()
    try:
        flat = host.submit(AcquireCalibration(LineBuffer(), flat=True, lines=24)).result(WAIT_S)
        assert flat.complete and flat.data.shape == (2, 24, PIXELS)
    finally:
        host.stop()


@pytest.mark.slow
def test_simulated_device_starts_the_simulator_process_and_renders_physics() -> None:
    device = create_device({"name": "scanner", "kind": "xray", "driver": "xray-tcp",
                            "simulated": True, "settings": {"block_lines": 128},
                            "simulator": {"seed": 3, "scene": "parcel", "scene_seed": 11}})
    try:
        device.open(10.0)
        assert isinstance(device, XrayScannerDriver)
        assert device.info.serial == "SIM-000003"
        # the scene is a simulator setting: no SIM_SCENE needed; its scanner's geometry
        # comes with the identity
        assert device.geometry == ScannerGeometry(0.7, "kev", "parcel")
        result = device.scan(LineBuffer())
        assert result.complete and result.lines_received > 500
        low, high = result.low, result.high
        # Beer–Lambert: the object attenuates, so some lines are darker than the open beam,
        # and the high-energy channel passes more than the low one through the same object.
        assert low.min() < np.percentile(low, 99) / 2
        assert high.mean() > 0
    finally:
        device.dispose()
