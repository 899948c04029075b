"""Each handheld driver against its simulator, on a pty and on socket://.

First the generic :class:`DriverContract` (open/identify/probe, idempotent close and reopen,
unreachable device, host reconnection after the cable is pulled and plugged back), built
through the registry; then the handheld faults the generic contract does not know:
garbage, partial frames, bad checksums, unplug / replug mid-read, wrong baud rate."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from devices.base import Device, DeviceUnavailable, HealthState
from devices.handheld.barcode import BarcodeDriver
from devices.handheld.density import DensityDriver
from devices.handheld.driver_base import HandheldDriver
from devices.handheld.riid import RiidDriver
from devices.handheld.sim.base import SerialSimulator
from devices.handheld.sim.lines import BarcodeSimulator, DensitySimulator, SubstanceSimulator
from devices.handheld.sim.riid import RiidSimulator
from devices.registry import create_device
from standards.iso6346 import check_digit
from standards.mrn import with_check_character
from tests.contract.base import DriverContract

CONTAINER = "MSCU663987" + str(check_digit("MSCU663987"))
MRN = with_check_character("25NL000000000001A")


@dataclass
class Kind:
    """How to build one device kind and take one reading from it."""

    name: str
    make_sim: Callable[[str], SerialSimulator]
    driver: type[HandheldDriver[Any]]
    read: Callable[[Any, SerialSimulator, float], Any]


def _riid_read(driver: RiidDriver, sim: SerialSimulator, timeout: float) -> Any:
    return driver.measure(30, timeout_s=timeout)


def _substance_read(driver: Any, sim: SerialSimulator, timeout: float) -> Any:
    return driver.scan(timeout_s=timeout)


def _density_read(driver: DensityDriver, sim: SerialSimulator, timeout: float) -> Any:
    return driver.next_reading(timeout)


def _barcode_read(driver: BarcodeDriver, sim: SerialSimulator, timeout: float) -> Any:
    assert isinstance(sim, BarcodeSimulator)
    sim.present(CONTAINER)
    return driver.next_barcode(timeout)


KINDS = [
    Kind("riid", lambda t: RiidSimulator(t, source="Cs-137", activity_mbq=10, dose_period_s=0.05), RiidDriver,
         _riid_read),
    Kind("substance", lambda t: SubstanceSimulator(t, sample="Heroin", purity=0.8),
         __import__("devices.handheld.substance", fromlist=["x"]).SubstanceDriver, _substance_read),
    Kind("density", lambda t: DensitySimulator(t, density_g_cm3=2.7, period_s=0.05), DensityDriver, _density_read),
    Kind("barcode", lambda t: BarcodeSimulator(t), BarcodeDriver, _barcode_read),
]

TIMEOUT = 5.0  # generous upper bound for one answer; tests finish as soon as it arrives


class _HandheldContract(DriverContract):
    """The generic driver contract for one handheld kind, on a pty and on socket://."""

    make_sim: Callable[[str], SerialSimulator]
    _sim: SerialSimulator | None = None

    @pytest.fixture(params=["pty", "socket"])
    def sim_settings(self, request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
        sim = type(self).make_sim(request.param).start()
        self._sim = sim
        try:
            yield {"url": sim.url, "baudrate": sim.device_baud}
        finally:
            self._sim = None
            sim.close()

    @pytest.fixture
    def unreachable_settings(self, tmp_path: Any) -> dict[str, Any]:
        return {"url": str(tmp_path / "no-such-tty"), "baudrate": 9600}

    def drop_link(self, device: Device) -> None:
        # Pull the cable and plug it back: the old connection is dead either way (pty: EIO;
        # TCP: closed by the device server), so the host sees the loss, then reconnects to
        # the same pty path / port.
        assert self._sim is not None
        self._sim.unplug()
        self._sim.replug()


class TestRiidContract(_HandheldContract):
    driver, kind = "riid-serial", "riid"
    make_sim = staticmethod(lambda t: RiidSimulator(t, dose_period_s=0.05))


class TestSubstanceContract(_HandheldContract):
    driver, kind = "substance-serial", "substance"
    make_sim = staticmethod(lambda t: SubstanceSimulator(t, sample="Heroin", purity=0.8))


class TestDensityContract(_HandheldContract):
    driver, kind = "density-serial", "density"
    make_sim = staticmethod(lambda t: DensitySimulator(t, density_g_cm3=2.7, period_s=0.05))


class TestBarcodeContract(_HandheldContract):
    driver, kind = "barcode-serial", "barcode"
    make_sim = staticmethod(lambda t: BarcodeSimulator(t))


@pytest.fixture(params=[(k, t) for k in KINDS for t in ("pty", "socket")],
                ids=lambda p: f"{p[0].name}-{p[1]}")
def rig(request: pytest.FixtureRequest) -> Iterator[tuple[Kind, SerialSimulator, HandheldDriver[Any]]]:
    kind, transport = request.param
    sim = kind.make_sim(transport).start()
    driver = kind.driver.from_settings(kind.name, {"url": sim.url, "baudrate": 9600})  # type: ignore[attr-defined]
    try:
        yield kind, sim, driver
    finally:
        driver.close()
        sim.close()


def _read_ok(kind: Kind, sim: SerialSimulator, driver: HandheldDriver[Any]) -> Any:
    reading = kind.read(driver, sim, TIMEOUT)
    assert reading is not None, "no reading"
    assert reading.kind == kind.name
    assert reading.values()
    assert reading.raw
    return reading


def test_open_identify_probe_read_close(rig: tuple[Kind, SerialSimulator, HandheldDriver[Any]]) -> None:
    kind, sim, driver = rig
    driver.open(TIMEOUT)
    assert driver.info.vendor == "Open Lane Sim" and driver.info.serial
    assert driver.probe().state is HealthState.OK
    _read_ok(kind, sim, driver)
    driver.close()
    driver.close()  # idempotent
    assert driver.probe().state is HealthState.OFFLINE


@pytest.mark.parametrize("fault", ["garbage", "partial", "bad_checksum"])
def test_wire_faults_are_counted_and_survived(rig: tuple[Kind, SerialSimulator, HandheldDriver[Any]],
                                              fault: str) -> None:
    kind, sim, driver = rig
    driver.open(TIMEOUT)
    errors_before = driver.wire_error_count
    sim.inject(fault)
    if kind.name == "barcode" and fault != "garbage":
        assert kind.read(driver, sim, 0.5) is None  # the damaged barcode is dropped, not misread
    if kind.name in ("riid", "substance"):
        # Request/answer devices: the faulty answer is lost; the driver reports a wire error,
        # times out that request, and the next request works.
        with pytest.raises(DeviceUnavailable) if fault != "garbage" else _nothing():
            kind.read(driver, sim, 0.5)
    # Streams may still deliver readings sent before the fault: read until it shows.
    for _ in range(20):
        _read_ok(kind, sim, driver)
        if driver.wire_error_count > errors_before:
            break
    assert driver.wire_error_count > errors_before, f"{fault} not noticed"
    _read_ok(kind, sim, driver)  # and the device still works after it


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> bool:
        return False


def test_unplug_gives_device_unavailable_and_replug_reconnects(
        rig: tuple[Kind, SerialSimulator, HandheldDriver[Any]]) -> None:
    kind, sim, driver = rig
    driver.open(TIMEOUT)
    sim.unplug()
    with pytest.raises(DeviceUnavailable) as info:
        for _ in range(50):  # the loss shows on the next read or write
            kind.read(driver, sim, 0.2)
    assert "check" in str(info.value)
    assert not driver.is_open
    with pytest.raises(DeviceUnavailable, match="check cable and power"):
        driver.open(0.5)
    sim.replug()
    driver.open(TIMEOUT)
    _read_ok(kind, sim, driver)


def test_wrong_baud_rate_is_reported(rig: tuple[Kind, SerialSimulator, HandheldDriver[Any]]) -> None:
    kind, sim, _ = rig
    wrong = kind.driver.from_settings(kind.name, {"url": sim.url, "baudrate": 19200})  # type: ignore[attr-defined]
    if sim.transport == "socket":
        sim.line_baud = 19200  # the device server runs the serial side at 19200, the device at 9600
    try:
        with pytest.raises(DeviceUnavailable, match="baud"):
            wrong.open(1.0)
    finally:
        wrong.close()


def test_registry_starts_simulator_and_driver() -> None:
    for driver_name, kind in (("riid-serial", "riid"), ("substance-serial", "substance"),
                              ("density-serial", "density"), ("barcode-serial", "barcode")):
        device = create_device({"name": f"sim-{kind}", "kind": kind, "driver": driver_name, "simulated": True,
                                "simulator": {"transport": "socket"}})
        try:
            device.open(TIMEOUT)
            assert device.info.vendor == "Open Lane Sim"
        finally:
            device.dispose()


def test_simulator_keys_go_in_their_own_table() -> None:
    """The driver gets only [devices.settings] (strict), the simulator only
    [devices.simulator] (strict): each refuses the other's keys, naming device and key."""
    with pytest.raises(ValueError, match=r"device 'riid': settings\.source: unknown key for "
                                         r"driver riid-serial"):
        create_device({"name": "riid", "kind": "riid", "driver": "riid-serial", "simulated": True,
                       "settings": {"source": "Cs-137"}})
    with pytest.raises(ValueError, match=r"device 'riid': simulator\.url: unknown key for the "
                                         r"riid-serial simulator"):
        create_device({"name": "riid", "kind": "riid", "driver": "riid-serial", "simulated": True,
                       "simulator": {"url": "/dev/ttyUSB0"}})
    with pytest.raises(ValueError, match=r"simulator\.unit: .*'g/cm3' or 'kg/m3'"):
        create_device({"name": "den", "kind": "density", "driver": "density-serial",
                       "simulated": True, "simulator": {"unit": "lb/ft3"}})
    # what the simulator simulates reaches it; where to connect reaches the driver
    device = create_device({"name": "den", "kind": "density", "driver": "density-serial",
                            "simulated": True, "settings": {"read_timeout_s": 0.2},
                            "simulator": {"transport": "socket", "density_g_cm3": 2.7,
                                          "period_s": 0.05}})
    try:
        device.open(TIMEOUT)
        assert isinstance(device, DensityDriver)
        reading = device.next_reading(TIMEOUT)
        assert reading is not None and 2.4 < reading.values()["density"]["value"] < 3.0
    finally:
        device.dispose()


def test_barcode_classification() -> None:
    from devices.handheld.barcode import classify

    assert classify(CONTAINER) == ("container", None)
    assert classify(MRN) == ("mrn", None)
    kind, problem = classify(MRN[:-1] + ("0" if MRN[-1] != "0" else "1"))
    assert kind == "mrn" and problem and "check character" in problem
    assert classify("WEGU6047895")[0] == "container" and classify("WEGU6047895")[1]
    assert classify("hello") == ("other", None)


def test_barcode_trigger_is_answered_by_the_simulator_through_the_registry() -> None:
    """``$TRG`` (docs/protocols/barcode.md): the registry's simulator answers with the code
    under the reader (``[devices.simulator] code``), or ``$NOREAD`` when there is none."""
    from devices.handheld.barcode import NoRead

    device = create_device({"name": "gun", "kind": "barcode", "driver": "barcode-serial",
                            "simulated": True, "simulator": {"code": MRN}})
    try:
        device.open(TIMEOUT)
        assert isinstance(device, BarcodeDriver)
        reading = device.trigger(TIMEOUT)
        assert reading is not None
        assert (reading.data, reading.content_type, reading.valid) == (MRN, "mrn", True)
        assert reading.symbology == "CODE128" and reading.raw and reading.raw.startswith(b"$BAR,")
    finally:
        device.dispose()
    with BarcodeSimulator("socket") as sim:  # nothing under the reader
        driver = BarcodeDriver.from_settings("gun", {"url": sim.url})
        try:
            driver.open(TIMEOUT)
            with pytest.raises(NoRead, match="decoded no code"):
                driver.trigger(TIMEOUT)
            assert sim.triggers == 1
            sim.code = CONTAINER  # a code is put under it: the next trigger reads it
            reading = driver.trigger(TIMEOUT)
            assert reading is not None and reading.data == CONTAINER and reading.content_type == "container"
        finally:
            driver.close()
