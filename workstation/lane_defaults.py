"""The lane's devices when no configuration file is given: every simulator, ready to use.

``workstation`` started without ``--config`` / ``$WORKSTATION_CONFIG`` must be usable at
once (issue 7): it runs the x-ray scanner, the lane camera and the handheld devices as
``simulated = true`` devices of the registry, so the real drivers talk to their simulators
over the real transports (TCP, HTTP MJPEG, ptys). A lane file that lists ``[[devices]]``
replaces this list completely; a lane file without devices gets none (a lane that really
has no devices, or is being set up).

Equivalent lane file (``workstation config show`` prints it); the driver's keys in
``[devices.settings]``, what the simulator simulates in ``[devices.simulator]``::

    [[devices]]
    name = "scanner"
    kind = "xray"
    driver = "xray-tcp"
    simulated = true
    [devices.settings]
    integration_us = 1000
    block_lines = 64
    reply_timeout_s = 30.0
    [devices.simulator]
    seed = 7
    scene = "cargo-undeclared-block"
    ...
"""

from __future__ import annotations

from typing import Any

from workstation.config import DeviceConfig, WorkstationConfig

# Scanner: 1,000 lines/s (1,000 us per line), 64-line blocks: a 6,400-line cargo scan
# streams in about 6.5 s, a 1,500-line parcel in 1.5 s (the simulator's rendering can be
# slower on a small PC; the driver then warns of a slow link, which is true). The simulated
# scanner is a cargo scanner (its scene decides its class and geometry).
# Camera: 10 frames/s, a new vehicle every 8 s (80 frames) so recognition has time.
# A simulated scene is built when it is placed (seconds for a cargo truck on a busy PC), so
# replies may take up to 30 s; a real scanner answers in milliseconds.
# RIID: a Cs-137 source of 2 MBq at 1 m in the vehicle (dose rate above the 0.5 uSv/h alarm
# level), measuring time compressed 10x so a 30 s measurement answers in 3 s.
DEFAULT_DEVICES: tuple[dict[str, Any], ...] = (
    {"name": "scanner", "kind": "xray", "driver": "xray-tcp", "simulated": True,
     "settings": {"integration_us": 1000, "block_lines": 64, "reply_timeout_s": 30.0},
     "simulator": {"seed": 7, "scene": "cargo-undeclared-block"}},
    {"name": "lane-camera", "kind": "camera", "driver": "camera-opencv", "simulated": True,
     "simulator": {"seed": 7, "fps": 10, "frames_per_vehicle": 80}},
    {"name": "riid", "kind": "riid", "driver": "riid-serial", "simulated": True,
     "simulator": {"source": "Cs-137", "activity_mbq": 2.0, "distance_m": 1.0,
                   "time_scale": 0.1, "seed": 7}},
    {"name": "substance", "kind": "substance", "driver": "substance-serial", "simulated": True,
     "settings": {}},
    {"name": "density", "kind": "density", "driver": "density-serial", "simulated": True,
     "settings": {}},
    {"name": "barcode", "kind": "barcode", "driver": "barcode-serial", "simulated": True,
     "settings": {}},
)


def default_devices() -> list[DeviceConfig]:
    """A fresh list of the simulated default devices (callers may change it freely)."""
    return [DeviceConfig.model_validate(d) for d in DEFAULT_DEVICES]


def effective_devices(config: WorkstationConfig) -> list[DeviceConfig]:
    """The devices a lane runs: the configured ones, or the defaults without any file."""
    if config.devices or config.source is not None:
        return list(config.devices)
    return default_devices()


def with_default_devices(config: WorkstationConfig) -> WorkstationConfig:
    """``config`` with :func:`effective_devices` filled in (for ``config show``)."""
    if config.devices or config.source is not None:
        return config
    return config.model_copy(update={"devices": default_devices()})
