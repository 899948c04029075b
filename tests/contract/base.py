"""Contract every device driver must pass against its simulator (DESIGN.md, Devices).

Reuse: subclass :class:`DriverContract` in ``tests/contract/test_<kind>_contract.py`` and
provide two fixtures::

    class TestMyDriverContract(DriverContract):
        driver = "my-driver"          # registry name
        kind = "camera"

        @pytest.fixture
        def sim_settings(self) -> Iterator[dict]:
            # start the simulator at the far end of the real transport, yield the settings
            # that point the driver at it, stop it afterwards (no thread left running)
            ...

        @pytest.fixture
        def unreachable_settings(self) -> dict:
            # settings for a device that is not there (closed port, missing pty)
            ...

        def drop_link(self, device: Device) -> None:   # optional: break the transport
            ...

Every test builds the driver through the registry (``create_device``), exactly as a lane
configuration does, so the real driver code runs.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest

from devices.base import Device, DeviceUnavailable, HealthState
from devices.registry import create_device
from workstation.hosts import Backoff, Connected, DeviceEvent, DeviceHost, Lost

WAIT_S = 10.0  # upper bound for waits on events; tests normally finish in milliseconds


class EventLog:
    """Subscriber that records events and lets a test wait for one kind."""

    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(self, kind: type, count: int = 1, timeout_s: float = WAIT_S) -> list[Any]:
        with self._cond:
            ok = self._cond.wait_for(
                lambda: sum(isinstance(e, kind) for e in self.events) >= count, timeout_s)
            assert ok, f"expected {count} x {kind.__name__}, got {self.events}"
            return [e for e in self.events if isinstance(e, kind)]


class DriverContract:
    driver: str = ""
    kind: str = ""

    def make(self, settings: dict[str, Any]) -> Device:
        return create_device({"name": f"{self.kind}-under-test", "kind": self.kind,
                              "driver": self.driver, "settings": settings})

    def drop_link(self, device: Device) -> None:
        """Break the transport as a pulled cable would. Default: the driver's interrupt."""
        device.interrupt()

    def test_open_identifies_and_probes_ok(self, sim_settings: dict[str, Any]) -> None:
        device = self.make(sim_settings)
        try:
            device.open(5.0)
            info = device.info
            assert info.vendor and info.model and info.serial and info.firmware
            assert info.driver_version
            health = device.probe()
            assert health.state is HealthState.OK, health.text
            assert health.text.startswith("OK")
        finally:
            device.dispose()

    def test_close_is_idempotent_and_reopen_works(self, sim_settings: dict[str, Any]) -> None:
        device = self.make(sim_settings)
        try:
            device.open(5.0)
            device.close()
            device.close()
            assert not device.is_open
            assert device.probe().state is HealthState.OFFLINE
            device.open(5.0)
            assert device.probe().state is HealthState.OK
        finally:
            device.dispose()
            device.dispose()

    def test_unreachable_device_says_what_to_check(self,
                                                   unreachable_settings: dict[str, Any]) -> None:
        device = self.make(unreachable_settings)
        try:
            with pytest.raises(DeviceUnavailable, match="check"):
                device.open(1.0)
            assert not device.is_open
        finally:
            device.dispose()

    def test_host_reconnects_after_the_link_drops(self, sim_settings: dict[str, Any]) -> None:
        device = self.make(sim_settings)
        log = EventLog()
        host = DeviceHost(device, probe_interval_s=0.05, watchdog_s=5.0,
                          backoff=Backoff(initial_s=0.01, max_s=0.05, seed=0))
        host.subscribe(log)
        host.start()
        try:
            assert host.wait_connected(WAIT_S)
            self.drop_link(device)
            log.wait_for(Lost)
            log.wait_for(Connected, 2)
        finally:
            host.stop()
