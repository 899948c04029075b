"""One registry of drivers and their simulators, chosen by configuration.

A lane file names a driver; ``simulated = true`` starts that driver's simulator and points
the *same* driver at it, so the real driver code always runs::

    [[devices]]
    name = "scanner"
    kind = "xray"
    driver = "xray-tcp"
    simulated = true
    [devices.settings]       # the driver's settings (strict model of the driver)
    integration_us = 1000
    [devices.simulator]      # the simulator's settings (strict model of the simulator)
    seed = 7
    scene = "parcel"

Two tables, each validated by its own strict pydantic model (:mod:`devices.settings`;
unknown keys are errors naming the device and the key): the simulator factory receives
only ``[devices.simulator]``; the driver only ``[devices.settings]`` plus the connection
settings the simulator handle returns (host and port, url, baud rate ...).

Adding a driver: add one :class:`DriverEntry` line to :data:`DRIVERS` (small edit). Targets
are ``"module:attribute"`` strings imported on first use, so importing the registry stays
cheap and a driver's dependencies load only when a lane uses it. Settings models live in
light modules (``devices/<kind>/settings.py``, ``devices/<kind>/sim/settings.py``), so a
lane file is checked (:func:`check_device`) without loading any driver.

A simulator factory is ``start(name: str, settings: Mapping[str, Any]) -> SimulatorHandle``;
it starts the far end (a process, a pty, a loopback server) and returns the settings that
point the driver at it (for example ``{"host": "127.0.0.1", "port": 40123}``).

Simulators live apart from drivers (``devices/<kind>/sim/``) and the workstation reaches
them only through this registry: :func:`start_simulator` / :func:`create_device` for a
device, :func:`simulation` for tools that render without a device (``scan simulate``,
benchmarks).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
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
    """One registered driver: ``factory`` builds it from ``[devices.settings]`` (validated
    by ``settings``), ``simulator`` starts its far end from ``[devices.simulator]``
    (validated by ``simulator_settings``), ``toolkit`` is the simulator's module of offline
    tools (:func:`simulation`)."""

    kind: str
    factory: str  # "module:callable(name: str, settings: Mapping) -> Device"
    settings: str  # "module:StrictSettings subclass" of [devices.settings]
    simulator: str | None = None  # "module:callable(name, settings) -> SimulatorHandle"
    simulator_settings: str | None = None  # "module:StrictSettings subclass" of [devices.simulator]
    toolkit: str | None = None  # "module" of the simulator's offline tools
    description: str = ""


# driver name -> entry. One entry per driver; keep alphabetical within a kind.
DRIVERS: dict[str, DriverEntry] = {
    "xray-tcp": DriverEntry(
        kind="xray",
        factory="devices.xray.driver:XrayScannerDriver.from_settings",
        settings="devices.xray.settings:XrayTcpSettings",
        simulator="devices.xray.sim.server:start_simulator_process",
        simulator_settings="devices.xray.sim.settings:XraySimulatorSettings",
        toolkit="devices.xray.sim.toolkit",
        description="line-scan x-ray scanner over our TCP protocol (docs/protocols/xray.md)",
    ),
    "xray-folder": DriverEntry(
        kind="xray",
        factory="devices.xray.folder_import:FolderImportDriver.from_settings",
        settings="devices.xray.settings:FolderImportSettings",
        description="scanner that drops DICOS/DICOM/TIFF/PNG exports into a folder",
    ),
    "riid-serial": DriverEntry(
        kind="riid",
        factory="devices.handheld.riid:RiidDriver.from_settings",
        settings="devices.handheld.settings:RiidSettings",
        simulator="devices.handheld.sim.riid:start_simulator",
        simulator_settings="devices.handheld.sim.settings:RiidSimulatorSettings",
        description="RIID, N42.42 over serial frames (docs/protocols/riid.md)",
    ),
    "substance-serial": DriverEntry(
        kind="substance",
        factory="devices.handheld.substance:SubstanceDriver.from_settings",
        settings="devices.handheld.settings:LineDeviceSettings",
        simulator="devices.handheld.sim.lines:start_substance_simulator",
        simulator_settings="devices.handheld.sim.settings:SubstanceSimulatorSettings",
        description="substance identifier (docs/protocols/substance.md)",
    ),
    "density-serial": DriverEntry(
        kind="density",
        factory="devices.handheld.density:DensityDriver.from_settings",
        settings="devices.handheld.settings:LineDeviceSettings",
        simulator="devices.handheld.sim.lines:start_density_simulator",
        simulator_settings="devices.handheld.sim.settings:DensitySimulatorSettings",
        description="density meter (docs/protocols/density.md)",
    ),
    "barcode-serial": DriverEntry(
        kind="barcode",
        factory="devices.handheld.barcode:BarcodeDriver.from_settings",
        settings="devices.handheld.settings:LineDeviceSettings",
        simulator="devices.handheld.sim.lines:start_barcode_simulator",
        simulator_settings="devices.handheld.sim.settings:BarcodeSimulatorSettings",
        description="barcode reader (docs/protocols/barcode.md)",
    ),
    "camera-opencv": DriverEntry(
        kind="camera",
        factory="devices.camera.driver:CameraDriver.from_settings",
        settings="devices.camera.settings:CameraSettings",
        simulator="devices.camera.sim.server:start_simulator",
        simulator_settings="devices.camera.sim.settings:CameraSimulatorSettings",
        toolkit="devices.camera.sim.scenes",
        description="camera over OpenCV VideoCapture: RTSP, HTTP MJPEG, files, folders, device indices",
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
    simulator: Mapping[str, Any] = field(default_factory=dict)

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
            simulator=dict(get("simulator", None) or {}),
        )


def _resolve(target: str) -> Any:
    module_name, _, attr_path = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in attr_path.split("."):
        obj = getattr(obj, part)
    return obj


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


def check_device(config: Any) -> DeviceSpec:
    """Validate one configured device without starting or opening anything: a known driver
    of the right kind, ``[devices.settings]`` by the driver's strict model and
    ``[devices.simulator]`` by the simulator's.

    Raises :class:`RegistryError` (driver, kind, a simulator table for a driver without
    simulator) or :class:`devices.settings.SettingsError` (a ``ValueError`` naming the
    device, the table and each offending key). Connection keys the simulator provides
    (``port``, ``url``) may be missing here; the driver says so when it is built.
    """
    from devices.settings import parse_settings

    spec = DeviceSpec.of(config)
    entry = entry_for(spec)
    parse_settings(_resolve(entry.settings), spec.name, spec.settings,
                   owner=f"driver {spec.driver}")
    if entry.simulator is None:
        if spec.simulated:
            raise RegistryError(f"device {spec.name!r}: driver {spec.driver!r} has no "
                                "simulator; set simulated = false")
        if spec.simulator:
            raise RegistryError(f"device {spec.name!r}: driver {spec.driver!r} has no "
                                "simulator; remove the [devices.simulator] table")
    elif entry.simulator_settings is not None:
        parse_settings(_resolve(entry.simulator_settings), spec.name, spec.simulator,
                       table="simulator", owner=f"the {spec.driver} simulator")
    return spec


def settings_models(driver: str) -> tuple[type[Any], type[Any] | None]:
    """The strict models of ``driver``'s ``[devices.settings]`` and ``[devices.simulator]``
    (None without a simulator), for forms that list and check the keys one by one."""
    entry = DRIVERS.get(driver)
    if entry is None:
        raise RegistryError(f"unknown driver {driver!r} (known drivers: {', '.join(sorted(DRIVERS))})")
    simulator = _resolve(entry.simulator_settings) if entry.simulator_settings else None
    return _resolve(entry.settings), simulator


def start_simulator(spec: DeviceSpec) -> SimulatorHandle:
    """Start the simulator registered for ``spec.driver`` with ``spec.simulator`` only
    (caller closes the handle)."""
    entry = entry_for(spec)
    if entry.simulator is None:
        raise RegistryError(
            f"device {spec.name!r}: driver {spec.driver!r} has no simulator; "
            "set simulated = false"
        )
    handle: SimulatorHandle = _resolve(entry.simulator)(spec.name, dict(spec.simulator))
    return handle


def create_with_simulator(config: Any) -> tuple[Device, SimulatorHandle | None]:
    """Build the driver for one configured device; with ``simulated`` start its simulator
    first and point the driver at it. Returns the device (closed: its host opens it) and
    the simulator handle (None when not simulated), which the device's
    :meth:`Device.dispose` closes; the caller may keep it to pull the simulator away."""
    spec = check_device(config)
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
    return device, handle


def create_device(config: Any) -> Device:
    """Build the driver for one configured device (:func:`create_with_simulator` without
    the handle): with ``simulated`` the simulator is started first and its connection
    settings override the configured ones; the device stops it on :meth:`Device.dispose`.
    The device is returned closed: its host opens it."""
    device, _handle = create_with_simulator(config)
    return device


def simulation(driver: str) -> ModuleType:
    """The offline tools of ``driver``'s simulator (scenes, rendering without a device),
    for workstation tools such as ``workstation scan simulate`` and the benchmarks: the
    workstation never imports a simulator module by name.

    ``simulation("xray-tcp")``: :mod:`devices.xray.sim.toolkit`;
    ``simulation("camera-opencv")``: :mod:`devices.camera.sim.scenes`.
    """
    entry = DRIVERS.get(driver)
    if entry is None:
        raise RegistryError(f"unknown driver {driver!r} (known drivers: {', '.join(sorted(DRIVERS))})")
    if entry.toolkit is None:
        raise RegistryError(f"driver {driver!r} has no simulation tools")
    return importlib.import_module(entry.toolkit)
