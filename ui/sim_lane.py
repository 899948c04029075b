"""A stand-in lane for the UI: camera, scanner, model and RIID events from one thread.

It exists so the application, its tests and ``workstation bench ui`` can drive a whole
vehicle through the officer's screens while the device simulators of the other packages
are wired in (see ``ui.lane_devices``, which the app prefers when devices are configured).
It calls exactly the bridge callables that the real hosts' events are translated to, from
its own thread, so the threading seen by the UI is the real one.

The cargo scene is a container on a truck: walls, a mixed organic load and a dense steel
block hidden behind it, rendered as dual-energy transmission (Beer–Lambert with a simple
low/high attenuation ratio per material) so the material views have something to show.
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ui.bridge import CoreBridge, DeviceHealth
from ui.lane_types import HandheldReading, ModelFinding, PlateReading, ScanHeader, ScanRecord

FULL = 65535
# Attenuation per unit thickness at (low, high) energy: organic ratio ~1.15, steel ~1.8.
_MATERIALS = {"organic": (0.018, 0.0155), "aluminium": (0.05, 0.035), "steel": (0.25, 0.14)}


@dataclass(frozen=True)
class CargoScene:
    """Where the objects are, in scan pixels (x = line, y = detector pixel)."""

    rows: int
    columns: int
    hidden_block: tuple[int, int, int, int]
    organic_load: tuple[int, int, int, int]


def cargo_scene(rows: int, columns: int) -> CargoScene:
    return CargoScene(
        rows, columns,
        hidden_block=(int(rows * 0.62), int(columns * 0.55), int(rows * 0.08), int(columns * 0.2)),
        organic_load=(int(rows * 0.25), int(columns * 0.3), int(rows * 0.55), int(columns * 0.5)),
    )


def render_lines(scene: CargoScene, first: int, count: int, seed: int = 7) -> np.ndarray:
    """Dual-energy counts (count x columns x 2, uint16) for lines ``first``..."""
    x = np.arange(first, first + count)[:, None]
    y = np.arange(scene.columns)[None, :]
    thickness: dict[str, np.ndarray] = {k: np.zeros((count, scene.columns), np.float32)
                                        for k in _MATERIALS}
    # Container walls (steel sheet) over the cargo part of the truck.
    inside = (x > scene.rows * 0.2) & (x < scene.rows * 0.95)
    walls = inside & ((y < scene.columns * 0.22) | (y > scene.columns * 0.88))
    thickness["steel"] += np.where(inside, 0.6, 0.0) + np.where(walls, 2.0, 0.0)
    # Chassis and wheels under the container.
    chassis = (y > scene.columns * 0.88) & (y < scene.columns * 0.93)
    thickness["steel"] += np.where(chassis, 6.0, 0.0)
    lx, ly, lw, lh = scene.organic_load
    load = (x >= lx) & (x < lx + lw) & (y >= ly) & (y < ly + lh)
    pallets = ((x - lx) % 120 < 100) & load
    thickness["organic"] += np.where(pallets, 40.0, 0.0)
    bx, by, bw, bh = scene.hidden_block
    block = (x >= bx) & (x < bx + bw) & (y >= by) & (y < by + bh)
    thickness["steel"] += np.where(block, 12.0, 0.0)
    out = np.empty((count, scene.columns, 2), np.uint16)
    rng = np.random.default_rng(seed + first)
    for e in (0, 1):
        mu = sum(_MATERIALS[k][e] * t for k, t in thickness.items())
        expected = FULL * np.exp(-mu)
        noisy = expected + rng.normal(0, 1, expected.shape) * np.sqrt(expected + 50) * 4
        out[..., e] = np.clip(noisy, 0, FULL).astype(np.uint16)
    return out


class SimulatedLane:
    """Vehicle arrivals, scans, model findings and RIID readings, on one worker thread."""

    def __init__(self, bridge: CoreBridge, *, line_rate_hz: float = 4000.0,
                 block_lines: int = 64) -> None:
        self.bridge = bridge
        self.line_rate_hz = line_rate_hz
        self.block_lines = block_lines
        self.connected: dict[str, bool] = {"scanner": True, "lane-camera": True, "riid": True}
        self.kinds = {"scanner": "xray", "lane-camera": "camera", "riid": "riid"}
        self.riid_alarm = False
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sim-lane")

    def start(self) -> None:
        self._thread.start()
        for name, kind in self.kinds.items():
            self.bridge.on_device_health(DeviceHealth(name, kind, "ok", "simulator"))

    def stop(self) -> None:
        self._stop.set()
        self._jobs.put(None)
        if self._thread.is_alive():
            self._thread.join(10)

    def _loop(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None or self._stop.is_set():
                return
            job()

    # --- commands (enqueue only) ----------------------------------------------------------

    def vehicle_arrives(self, text: str, kind: str = "plate", confidence: float = 0.93) -> None:
        self._jobs.put(lambda: self._arrive(text, kind, confidence))

    def scan(self, rows: int = 2400, columns: int = 1024) -> None:
        self._jobs.put(lambda: self._scan(rows, columns))

    def riid_measure(self, dose_rate_usv_h: float = 0.12, nuclide: str = "") -> None:
        self._jobs.put(lambda: self._riid(dose_rate_usv_h, nuclide, taken=False))

    def pull(self, name: str) -> None:
        """Pull the cable: the device is lost until :meth:`plug`."""
        self.connected[name] = False
        self.bridge.on_device_health(DeviceHealth(name, self.kinds[name], "lost",
                                                  "connection refused; check cable and power"))

    def plug(self, name: str) -> None:
        self.connected[name] = True
        self.bridge.on_device_health(DeviceHealth(name, self.kinds[name], "ok", "reconnected"))

    # --- work on the lane thread -----------------------------------------------------------

    def _arrive(self, text: str, kind: str, confidence: float) -> None:
        if not self.connected["lane-camera"]:
            return
        frame = np.full((180, 320), 60, np.uint8)
        frame[120:150, 110:210] = 230  # the plate
        frame[128:142, 118:202:6] = 20  # its characters
        self.bridge.on_camera_frame(frame)
        self.bridge.on_plate_read(PlateReading(kind, text, confidence, "lane-camera", True,
                                               (110, 120, 100, 30)))

    def _scan(self, rows: int, columns: int) -> None:
        key = uuid.uuid4().hex
        self.bridge.on_scan_started(ScanHeader(key, "cargo", rows, columns, 2, 5.0, "scanner"))
        scene = cargo_scene(rows, columns)
        for first in range(0, rows, self.block_lines):
            if not self.connected["scanner"]:
                self.bridge.on_scan_complete(ScanRecord(key, None, False,
                                                        f"connection lost at line {first}"))
                self.bridge.on_scan_failed(f"scanner lost at line {first} of {rows}")
                return
            count = min(self.block_lines, rows - first)
            self.bridge.on_scan_lines(first, render_lines(scene, first, count))
            # Line rate pacing: the simulated conveyor moves at line_rate_hz.
            if self._stop.wait(count / self.line_rate_hz):
                return
        self.bridge.on_scan_complete(ScanRecord(key, None, True))
        self.bridge.on_findings(self._analyse(scene))

    def _analyse(self, scene: CargoScene) -> list[ModelFinding]:
        """Stand-in for the inference service: one true and one false proposal."""
        bx, by, bw, bh = scene.hidden_block
        lx, ly, lw, lh = scene.organic_load
        return [
            ModelFinding(str(uuid.uuid4()), "dense-object", 0.91, (bx, by, bw, bh),
                         "cargo-anomaly", "sim", ""),
            ModelFinding(str(uuid.uuid4()), "concealment", 0.42,
                         (lx + lw // 4, ly, lw // 6, lh // 2), "cargo-anomaly", "sim", ""),
        ]

    def _riid(self, dose: float, nuclide: str, taken: bool) -> None:
        if not self.connected["riid"]:
            return
        alarms = ("gamma",) if self.riid_alarm or dose > 1.0 else ()
        values: dict[str, tuple[object, str]] = {"dose_rate": (dose, "µSv/h")}
        if nuclide:
            values["nuclide"] = (nuclide, "")
        xml = (f'<RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42">'
               f"<DoseRate>{dose}</DoseRate></RadInstrumentData>").encode()
        self.bridge.on_handheld_reading(HandheldReading("riid", "riid", values, alarms, xml,
                                                        "application/xml", taken))
