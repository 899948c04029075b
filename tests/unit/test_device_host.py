"""Device host: connect, commands, reconnection with backoff, watchdog, ordered shutdown."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import pytest

from devices.base import Device, DeviceError, DeviceInfo, DeviceUnavailable, Health
from devices.registry import (
    DRIVERS,
    DeviceSpec,
    RegistryError,
    check_device,
    create_device,
    simulation,
)
from workstation.hosts import (
    Backoff,
    CommandContext,
    CommandFailed,
    Connected,
    DeviceEvent,
    DeviceHost,
    HostStopped,
    HostStoppedError,
    Lost,
    Stalled,
)

WAIT = 10.0  # generous upper bound for events; tests normally finish in milliseconds


class FakeDevice(Device):
    """Fails the first ``failures`` opens; ``block`` makes BlockCommand hang until interrupt."""

    kind = "fake"

    def __init__(self, failures: int = 0) -> None:
        super().__init__("fake")
        self.failures = failures
        self.opens = 0
        self.closes = 0
        self.unblock = threading.Event()
        self.blocking = threading.Event()
        self.disposed = False
        self.add_finalizer(self._finalize)

    def _finalize(self) -> None:
        self.disposed = True

    def _open(self, timeout_s: float) -> None:
        self.opens += 1
        if self.opens <= self.failures:
            raise DeviceUnavailable(f"fake: no answer (attempt {self.opens})")

    def _close(self) -> None:
        self.closes += 1

    def probe(self) -> Health:
        return Health.ok("fine") if self.is_open else Health.offline("closed")

    def interrupt(self) -> None:
        self.unblock.set()

    @property
    def info(self) -> DeviceInfo:
        return DeviceInfo("Acme", "F1", "0001", "1.0", "test")


@dataclass
class Add:
    a: int
    b: int

    def execute(self, device: Any, ctx: CommandContext) -> int:
        return self.a + self.b


class Refuse:
    def execute(self, device: Any, ctx: CommandContext) -> None:
        raise DeviceError("refused: not armed")


class Unplug:
    def execute(self, device: Any, ctx: CommandContext) -> None:
        raise DeviceUnavailable("fake: cable pulled")


class BlockUntilInterrupted:
    def execute(self, device: FakeDevice, ctx: CommandContext) -> str:
        device.blocking.set()
        if not device.unblock.wait(WAIT):
            raise AssertionError("watchdog never interrupted")
        return "interrupted"


class Recorder:
    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self.cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self.cond:
            self.events.append(event)
            self.cond.notify_all()

    def wait_for(self, kind: type, count: int = 1) -> list[Any]:
        with self.cond:
            ok = self.cond.wait_for(
                lambda: sum(isinstance(e, kind) for e in self.events) >= count, WAIT
            )
            assert ok, f"no {count} x {kind.__name__} in {self.events}"
            return [e for e in self.events if isinstance(e, kind)]


def make_host(device: FakeDevice, **kw: Any) -> tuple[DeviceHost, Recorder]:
    rec = Recorder()
    host = DeviceHost(device, backoff=Backoff(initial_s=0.001, max_s=0.004, seed=1), **kw)
    host.subscribe(rec)
    host.start()
    return host, rec


def test_commands_run_and_results_reach_the_caller() -> None:
    device = FakeDevice()
    host, rec = make_host(device)
    try:
        assert host.submit(Add(2, 3)).result(WAIT) == 5
        with pytest.raises(DeviceError, match="not armed"):
            host.submit(Refuse()).result(WAIT)
        failed = rec.wait_for(CommandFailed)
        assert failed[0].command == "Refuse"
        assert rec.wait_for(Connected)[0].info.vendor == "Acme"
    finally:
        host.stop()
    assert device.disposed and not device.is_open
    assert isinstance(rec.events[-1], HostStopped)


def test_reconnects_with_backoff_after_failures_and_after_loss() -> None:
    device = FakeDevice(failures=3)
    host, rec = make_host(device)
    try:
        assert host.wait_connected(WAIT)
        lost = rec.wait_for(Lost, 3)
        assert "attempt 1" in lost[0].reason
        # delays grow (exponential, jitter 20 %, capped)
        assert lost[0].retry_in_s < lost[2].retry_in_s <= 0.004
        with pytest.raises(DeviceUnavailable):
            host.submit(Unplug()).result(WAIT)
        rec.wait_for(Connected, 2)
        assert host.submit(Add(1, 1)).result(WAIT) == 2
    finally:
        host.stop()


def test_watchdog_interrupts_a_stalled_command() -> None:
    device = FakeDevice()
    host, rec = make_host(device, watchdog_s=0.05)
    try:
        assert host.submit(BlockUntilInterrupted()).result(WAIT) == "interrupted"
        stalled = rec.wait_for(Stalled)
        assert stalled[0].command == "BlockUntilInterrupted"
    finally:
        host.stop()


def test_stop_fails_queued_commands_and_refuses_new_ones() -> None:
    device = FakeDevice()
    host, _ = make_host(device, watchdog_s=60)
    blocked = host.submit(BlockUntilInterrupted())
    queued = host.submit(Add(1, 2))
    assert device.blocking.wait(WAIT)
    host.stop()
    assert blocked.result(WAIT) == "interrupted"
    with pytest.raises(HostStoppedError):
        queued.result(WAIT)
    with pytest.raises(HostStoppedError):
        host.submit(Add(1, 2))


def test_backoff_is_capped_and_reproducible() -> None:
    a = Backoff(initial_s=1, factor=2, max_s=8, jitter=0.1, seed=5)
    b = Backoff(initial_s=1, factor=2, max_s=8, jitter=0.1, seed=5)
    delays = [a.next_delay() for _ in range(8)]
    assert delays == [b.next_delay() for _ in range(8)]
    assert all(d <= 8 for d in delays) and delays[-1] >= 8 * 0.9
    a.reset()
    assert a.next_delay() <= 1.1


def test_registry_names_what_is_wrong() -> None:
    with pytest.raises(RegistryError, match="unknown driver 'nope'.*xray-tcp"):
        create_device({"name": "s", "kind": "xray", "driver": "nope"})
    with pytest.raises(RegistryError, match="kind 'xray'.*kind 'camera'"):
        create_device(DeviceSpec(name="s", kind="camera", driver="xray-tcp"))
    with pytest.raises(RegistryError, match="lacks driver"):
        DeviceSpec.of({"name": "s", "kind": "xray"})
    with pytest.raises(RegistryError, match="'xray-folder' has no simulator; remove the "
                                            r"\[devices.simulator\] table"):
        check_device({"name": "s", "kind": "xray", "driver": "xray-folder",
                      "settings": {"folder": "/srv"}, "simulator": {"seed": 1}})


def test_every_registered_driver_and_simulator_has_a_strict_settings_model() -> None:
    """Each entry names importable targets; its models refuse unknown keys; a simulator
    toolkit is reached through the registry by driver name."""
    import importlib

    from devices.settings import SettingsError, StrictSettings

    for name, entry in DRIVERS.items():
        for target in filter(None, (entry.factory, entry.settings, entry.simulator,
                                    entry.simulator_settings)):
            module, _, attr = target.partition(":")
            obj = importlib.import_module(module)
            for part in attr.split("."):
                obj = getattr(obj, part)
        assert (entry.simulator is None) == (entry.simulator_settings is None), name
        spec = {"name": "d", "kind": entry.kind, "driver": name, "settings": {"bogus": 1}}
        with pytest.raises(SettingsError, match=r"device 'd': settings\.bogus: unknown key"):
            check_device(spec)
        if entry.simulator is not None:
            spec = {"name": "d", "kind": entry.kind, "driver": name, "simulator": {"bogus": 1}}
            with pytest.raises(SettingsError, match=r"simulator\.bogus: unknown key"):
                check_device(spec)
        model = importlib.import_module(entry.settings.partition(":")[0])
        assert issubclass(getattr(model, entry.settings.partition(":")[2]), StrictSettings)
    assert callable(simulation("xray-tcp").make_scene)
    assert callable(simulation("camera-opencv").make_vehicle)
    with pytest.raises(RegistryError, match="no simulation tools"):
        simulation("riid-serial")


class BuggyOpenDevice(FakeDevice):
    """A driver whose open raises something other than DeviceError the first time."""

    def _open(self, timeout_s: float) -> None:
        self.opens += 1
        if self.opens == 1:
            raise OSError(5, "Input/output error")


def test_an_unexpected_error_while_opening_does_not_kill_the_host() -> None:
    device = BuggyOpenDevice()
    host, rec = make_host(device)
    try:
        lost = rec.wait_for(Lost)
        assert "OSError while opening" in lost[0].reason
        assert host.wait_connected(WAIT)
        assert host.submit(Add(20, 22)).result(WAIT) == 42
    finally:
        host.stop()
