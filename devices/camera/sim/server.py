"""Lane camera simulator: an HTTP MJPEG server on loopback, the far end of the camera driver.

Endpoints (see docs/protocols/camera-simulator.md):

* ``GET /stream.mjpg`` — ``multipart/x-mixed-replace; boundary=frame``; every part is one
  JPEG with headers ``Content-Type``, ``Content-Length``, ``X-Frame-Seq`` and ``X-Vehicle``.
* ``GET /truth.json?seq=N`` — ground truth of frame ``N`` (vehicle, plate, container);
  without ``seq`` the latest frame's.
* ``GET /fault?kind=stall|disconnect|corrupt&seconds=S`` — inject a fault (also
  :meth:`LaneCameraSimulator.inject`): *stall* keeps connections open but sends nothing for
  ``S`` seconds; *disconnect* drops every stream connection now (clients must reconnect);
  *corrupt* sends the next ``S`` x fps frames as damaged JPEG (truncated, garbage inside).

The lane: vehicle ``i`` of seed ``seed`` stays ``frames_per_vehicle`` frames, then the next
one arrives. Frames are produced at ``fps`` by one producer thread and shared by every
client, so all clients see the same sequence numbers.

Configuration (``[[devices]]``, ``simulated = true``; the simulator's keys in their own
table, :class:`devices.camera.sim.settings.CameraSimulatorSettings`, the driver gets the
``url``)::

    [[devices]]
    name = "lane-camera"
    kind = "camera"
    driver = "camera-opencv"
    simulated = true
    [devices.simulator]
    seed = 7
    fps = 10
    frames_per_vehicle = 20
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import cv2

from devices.camera.sim.scenes import Vehicle, make_vehicle, render
from devices.camera.sim.settings import CameraSimulatorSettings
from devices.settings import parse_settings

BOUNDARY = "frame"
FAULT_KINDS = ("stall", "disconnect", "corrupt")


@dataclass(frozen=True)
class SimFrame:
    seq: int
    vehicle: Vehicle
    jpeg: bytes


class LaneCameraSimulator:
    """Serves the rendered lane on ``http://127.0.0.1:<port>/stream.mjpg`` until :meth:`close`."""

    def __init__(self, *, seed: int = 1, fps: float = 10.0, frames_per_vehicle: int = 20,
                 width: int = 960, height: int = 540, host: str = "127.0.0.1", port: int = 0) -> None:
        if fps <= 0 or frames_per_vehicle <= 0:
            raise ValueError("camera simulator: fps and frames_per_vehicle must be > 0")
        self.seed = seed
        self.fps = fps
        self.frames_per_vehicle = frames_per_vehicle
        self.size = (width, height)
        self._cond = threading.Condition()
        self._latest: SimFrame | None = None
        self._history: dict[int, Vehicle] = {}
        self._stall_until = 0.0
        self._corrupt_frames = 0
        self._generation = 0  # bumped by a disconnect fault: streams of older generations end
        self._closing = threading.Event()
        self._vehicle_cache: dict[int, bytes] = {}
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True  # per-connection threads end with their socket
        self._serve_thread = threading.Thread(target=self._server.serve_forever,
                                              kwargs={"poll_interval": 0.05}, name="camera-sim-http")
        self._producer = threading.Thread(target=self._produce, name="camera-sim-frames")
        self._serve_thread.start()
        self._producer.start()

    # -- public ----------------------------------------------------------------------
    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        if not isinstance(host, str):  # getsockname() of a bound AF_INET socket: always text
            raise TypeError(f"camera simulator: unexpected server address {host!r}")
        return f"http://{host}:{port}/stream.mjpg"

    @property
    def settings(self) -> Mapping[str, Any]:
        """Driver settings pointing at this simulator (SimulatorHandle protocol)."""
        return {"url": self.url}

    def truth(self, seq: int | None = None) -> dict[str, Any] | None:
        vehicle: Vehicle | None
        with self._cond:
            if seq is None:
                if self._latest is None:
                    return None
                seq, vehicle = self._latest.seq, self._latest.vehicle
            else:
                vehicle = self._history.get(seq)
                if vehicle is None:
                    return None
        return {"seq": seq, **vehicle.as_json()}

    def vehicle_for(self, seq: int) -> Vehicle:
        return make_vehicle(self.seed, seq // self.frames_per_vehicle)

    def wait_for_frame(self, after_seq: int, timeout_s: float) -> SimFrame | None:
        """The first frame with ``seq > after_seq``, or None after ``timeout_s``."""
        with self._cond:
            self._cond.wait_for(lambda: self._latest is not None and self._latest.seq > after_seq,
                                timeout=timeout_s)
            return self._latest if self._latest and self._latest.seq > after_seq else None

    def inject(self, kind: str, seconds: float = 2.0) -> None:
        """Start a fault (see module docstring); ``seconds`` >= 0."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"camera simulator: unknown fault {kind!r} (known: {', '.join(FAULT_KINDS)})")
        with self._cond:
            if kind == "stall":
                self._stall_until = time.monotonic() + seconds
            elif kind == "disconnect":
                self._generation += 1
            else:
                self._corrupt_frames = max(1, int(seconds * self.fps))
            self._cond.notify_all()

    def close(self) -> None:
        """Stop serving and join both threads. Idempotent."""
        if self._closing.is_set():
            return
        self._closing.set()
        with self._cond:
            self._cond.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._serve_thread.join()
        self._producer.join()

    def __enter__(self) -> LaneCameraSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- producer ----------------------------------------------------------------------
    def _encode(self, vehicle: Vehicle) -> bytes:
        # Each vehicle is rendered once and its JPEG reused while it stands in the lane.
        jpeg = self._vehicle_cache.get(vehicle.index)
        if jpeg is None:
            image = render(vehicle, *self.size)
            jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
            self._vehicle_cache = {vehicle.index: jpeg}
        return jpeg

    def _produce(self) -> None:
        seq = 0
        period = 1.0 / self.fps
        next_at = time.monotonic()
        while not self._closing.is_set():
            vehicle = self.vehicle_for(seq)
            jpeg = self._encode(vehicle)
            with self._cond:
                if self._corrupt_frames > 0:
                    self._corrupt_frames -= 1
                    # A damaged JPEG: header kept, middle overwritten, end marker missing.
                    jpeg = jpeg[:200] + bytes(range(256)) * 4 + jpeg[1500:len(jpeg) // 2]
                self._latest = SimFrame(seq, vehicle, jpeg)
                self._history[seq] = vehicle
                self._history.pop(seq - 1000, None)
                self._cond.notify_all()
            seq += 1
            next_at += period
            self._closing.wait(max(0.0, next_at - time.monotonic()))

    # -- HTTP --------------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        sim = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
                return None  # quiet: tests and the lane log read events, not access lines

            def do_GET(self) -> None:
                url = urlparse(self.path)
                query = parse_qs(url.query)
                if url.path == "/stream.mjpg":
                    sim._stream(self)
                elif url.path == "/truth.json":
                    seq = int(query["seq"][0]) if "seq" in query else None
                    self._json(200, sim.truth(seq) or {"error": f"no frame {seq}"})
                elif url.path == "/fault":
                    kind = query.get("kind", [""])[0]
                    try:
                        sim.inject(kind, float(query.get("seconds", ["2"])[0]))
                    except ValueError as exc:
                        self._json(400, {"error": str(exc)})
                        return
                    self._json(200, {"fault": kind})
                else:
                    self._json(404, {"error": f"no such path {url.path}"})

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler

    def _stream(self, handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", f"multipart/x-mixed-replace; boundary={BOUNDARY}")
        handler.send_header("Cache-Control", "no-cache")
        handler.end_headers()
        generation = self._generation
        last = -1

        def ready() -> bool:
            return (self._closing.is_set() or self._generation != generation
                    or (self._latest is not None and self._latest.seq > last
                        and time.monotonic() >= self._stall_until))

        while not self._closing.is_set():
            with self._cond:
                self._cond.wait_for(ready, timeout=0.2)
                if self._closing.is_set() or self._generation != generation:
                    break
                frame = self._latest
                if frame is None or frame.seq <= last or time.monotonic() < self._stall_until:
                    continue
            last = frame.seq
            part = (f"--{BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: {len(frame.jpeg)}\r\n"
                    f"X-Frame-Seq: {frame.seq}\r\nX-Vehicle: {frame.vehicle.index}\r\n\r\n").encode()
            try:
                handler.wfile.write(part + frame.jpeg + b"\r\n")
                handler.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return  # the client went away
        handler.close_connection = True


def start_simulator(name: str, settings: Mapping[str, Any]) -> LaneCameraSimulator:
    """Registry simulator factory for device ``name``: ``settings`` is its
    ``[devices.simulator]`` table only (:class:`~devices.camera.sim.settings.CameraSimulatorSettings`;
    unknown keys are errors)."""
    s = parse_settings(CameraSimulatorSettings, name, settings, table="simulator",
                       owner="the camera-opencv simulator")
    return LaneCameraSimulator(**s.model_dump())
