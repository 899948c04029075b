"""One registry of drivers and their simulators, chosen by configuration.

A lane file names a driver; ``simulated = true`` starts that driver's simulator and points
the *same* driver at it, so the real driver code always runs::

    [[devices]]
    name = "scanner"
    kind = "xray"
    driver = "xray-tcp"
    simulated = true
    [devices.settings]
    seed = 7

Adding a driver: add one :class:`DriverEntry` line to :data:`DRIVERS` (small edit). Targets
are ``"module:attribute"`` strings imported on first use, so importing the registry stays
cheap and a driver's dependencies load only when a lane uses it.

A simulator factory is ``start(name: str, settings: Mapping[str, Any]) -> SimulatorHandle``;
it starts the far end (a process, a pty, a loopback server) and returns the settings that
point the driver at it (for example ``{"host": "127.0.0.1", "port": 40123}``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from devices.base import Device


class RegistryError(Exception):
    """Unknown driver, wrong kind, or a driver without a simulator was asked to simulate."""


class SimulatorHandle(Protocol):
    """A running simulator: where the driver must connect, and how to stop it."""

    @property
    def settings(self) -> Mapping[str, Any]:
        """Settings that override the configured ones (host, port, device path ...)."""
        ...

    def close(self) -> None:
        """Stop the simulator and release everything it holds. Idempotent."""
        ...


@dataclass(frozen=True)
class DriverEntry:
    """One registered driver: ``factory`` builds it, ``simulator`` starts its far end."""

    kind: str
    factory: str  # "module:callable(name: str, settings: Mapping) -> Device"
    simulator: str | None = None  # "module:callable(name, settings) -> SimulatorHandle"
    description: str = ""


# driver name -> entry. One line per driver; keep alphabetical within a kind.
DRIVERS: dict[str, DriverEntry] = {
    "xray-tcp": DriverEntry(
        kind="xray",
        factory="devices.xray.driver:XrayScannerDriver.from_settings",
        simulator="devices.xray.simulator_server:start_simulator_process",
        description="line-scan x-ray scanner over our TCP protocol (docs/protocols/xray.md)",
    ),
    "riid-serial": DriverEntry(kind="riid", factory="devices.handheld.riid:RiidDriver.from_settings", simulator="devices.handheld.riid_sim:start_simulator", description="RIID, N42.42 over serial frames (docs/protocols/riid.md)"),
    "substance-serial": DriverEntry(kind="substance", factory="devices.handheld.substance:SubstanceDriver.from_settings", simulator="devices.handheld.line_sims:start_substance_simulator", description="substance identifier (docs/protocols/substance.md)"),
    "density-serial": DriverEntry(kind="density", factory="devices.handheld.density:DensityDriver.from_settings", simulator="devices.handheld.line_sims:start_density_simulator", description="density meter (docs/protocols/density.md)"),
    "barcode-serial": DriverEntry(kind="barcode", factory="devices.handheld.barcode:BarcodeDriver.from_settings", simulator="devices.handheld.line_sims:start_barcode_simulator", description="barcode reader (docs/protocols/barcode.md)"),
    "camera-opencv": DriverEntry(kind="camera", factory="devices.camera.driver:CameraDriver.from_settings", simulator="devices.camera.simulator:start_simulator", description="camera over OpenCV VideoCapture: RTSP, HTTP MJPEG, files, folders, device indices"),
    "xray-folder": DriverEntry(
        kind="xray",
        factory="devices.xray.folder_import:FolderImportDriver.from_settings",
        description="scanner that drops DICOS/DICOM/TIFF/PNG exports into a folder",
    ),
}


@dataclass(frozen=True)
class DeviceSpec:
    """The part of a ``[[devices]]`` entry the registry needs (mirrors DeviceConfig)."""

    name: str
    kind: str
    driver: str
    simulated: bool = False
    settings: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, config: Any) -> DeviceSpec:
        """From a DeviceSpec, a mapping, or any object with the same attributes
        (``workstation.config.DeviceConfig``), without importing the workstation package."""
        if isinstance(config, DeviceSpec):
            return config
        if isinstance(config, Mapping):
            get: Callable[[str, Any], Any] = lambda key, default: config.get(key, default)  # noqa: E731
        else:
            get = lambda key, default: getattr(config, key, default)  # noqa: E731
        missing = [k for k in ("name", "kind", "driver") if get(k, None) in (None, "")]
        if missing:
            raise RegistryError(f"device configuration lacks {', '.join(missing)}")
        return cls(
            name=str(get("name", "")),
            kind=str(get("kind", "")),
            driver=str(get("driver", "")),
            simulated=bool(get("simulated", False)),
            settings=dict(get("settings", None) or {}),
        )


def _resolve(target: str) -> Callable[..., Any]:
    module_name, _, attr_path = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in attr_path.split("."):
        obj = getattr(obj, part)
    return obj  # type: ignore[no-any-return]


def entry_for(spec: DeviceSpec) -> DriverEntry:
    entry = DRIVERS.get(spec.driver)
    if entry is None:
        known = ", ".join(sorted(DRIVERS))
        raise RegistryError(
            f"device {spec.name!r}: unknown driver {spec.driver!r} (known drivers: {known})"
        )
    if entry.kind != spec.kind:
        raise RegistryError(
            f"device {spec.name!r}: driver {spec.driver!r} is for kind {entry.kind!r}, "
            f"but the device is configured as kind {spec.kind!r}"
        )
    return entry


def start_simulator(spec: DeviceSpec) -> SimulatorHandle:
    """Start the simulator registered for ``spec.driver`` (caller closes the handle)."""
    entry = entry_for(spec)
    if entry.simulator is None:
        raise RegistryError(
            f"device {spec.name!r}: driver {spec.driver!r} has no simulator; "
            "set simulated = false"
        )
    handle: SimulatorHandle = _resolve(entry.simulator)(spec.name, spec.settings)
    return handle


def create_device(config: Any) -> Device:
    """Build the driver for one configured device.

    With ``simulated`` the simulator is started first and its settings override the
    configured ones; the device stops it on :meth:`Device.dispose`. The device is returned
    closed: its host opens it.
    """
    spec = DeviceSpec.of(config)
    entry = entry_for(spec)
    settings = dict(spec.settings)
    handle: SimulatorHandle | None = None
    if spec.simulated:
        handle = start_simulator(spec)
        settings.update(handle.settings)
    try:
        device: Device = _resolve(entry.factory)(spec.name, settings)
    except BaseException:
        if handle is not None:
            handle.close()
        raise
    if handle is not None:
        device.add_finalizer(handle.close)
    return device
