"""Plate and container-code reading of the lane camera, on its own thread.

The camera host keeps only the latest frame (:meth:`CameraDriver.latest`). This reader
pulls it every ``interval_s`` when it is new, runs :mod:`workstation.recognition`
(PP-OCRv4 with onnxruntime, about 1-3 s per frame on a lane PC's CPU) and reports a
:class:`~workstation.lane.types.PlateReading` when the vehicle changes: a plate text different
from the last one reported. Container codes read on the same frame travel with it, so
matching can use both. Nothing here touches Qt: ``on_read`` is the bridge's thread-safe
callable.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from workstation.lane.types import PlateReading

log = logging.getLogger(__name__)
MIN_PLATE_CONFIDENCE = 0.5  # below this a "plate" is usually other text (size codes, signs)


class PlateReader:
    """One non-daemon thread; :meth:`stop` ends it (idempotent)."""

    def __init__(self, camera: str, latest: Callable[[], Any], on_read: Callable[[PlateReading], None],
                 *, interval_s: float = 0.5, on_error: Callable[[str], None] | None = None,
                 trust: Any = None) -> None:
        """``trust``: the keys the OCR manifest may be signed by
        (``workstation.inference.signing.TrustStore``; None: the development key)."""
        self.camera = camera
        self.trust = trust
        self.latest = latest
        self.on_read = on_read
        self.on_error = on_error
        self.interval_s = interval_s
        self.frames_read = 0
        self._stop = threading.Event()
        self._active = threading.Event()
        self._active.set()
        self._last_seq = -1
        self._last_text = ""
        self._thread = threading.Thread(target=self._run, name=f"plates-{camera}")

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 30.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)

    def set_active(self, active: bool) -> None:
        """Pause reading while the vehicle in the lane is under control (saves the CPU for
        the scan and the models); resuming forgets the last plate."""
        if active:
            self.forget()
            self._active.set()
        else:
            self._active.clear()

    def forget(self) -> None:
        """Report the next vehicle even if it shows the same plate (a second pass)."""
        self._last_text = ""

    def _run(self) -> None:
        try:
            from workstation.recognition.ocr import OcrEngine

            engine = OcrEngine(trust=self.trust)
            engine.warm_up()
        except Exception as exc:  # noqa: BLE001 - reported to the officer, reading stays off
            log.error("plate reading unavailable: %s", exc)
            if self.on_error is not None:
                self.on_error(f"plate reading unavailable: {exc}")
            return
        while not self._stop.wait(self.interval_s):
            if not self._active.is_set():
                continue
            frame = self.latest()
            if frame is None or frame.sequence == self._last_seq:
                continue
            self._last_seq = frame.sequence
            try:
                reading = self.read(engine, frame.image)
            except (ValueError, RuntimeError) as exc:
                log.warning("%s: frame %s not read: %s", self.camera, frame.sequence, exc)
                continue
            self.frames_read += 1
            if reading is not None and reading.text != self._last_text:
                self._last_text = reading.text
                self.on_read(reading)

    def read(self, engine: Any, image: Any) -> PlateReading | None:
        """Best plate (and the container codes) in one BGR frame, or None."""
        from workstation.recognition.containers import codes_from_lines
        from workstation.recognition.plates import plate_candidates

        lines = engine.read_lines(image)
        plates = [p for p in plate_candidates(lines) if p.confidence >= MIN_PLATE_CONFIDENCE]
        containers = [c for c in codes_from_lines(engine, image, lines) if c.valid]
        codes = tuple(c.code for c in containers)
        if plates:
            best = plates[0]
            return PlateReading("plate", best.text, float(best.confidence), self.camera, None,
                                best.box, containers=codes, snapshot=jpeg_of(image))
        if containers:
            first = containers[0]
            return PlateReading("container", first.code, float(first.confidence), self.camera,
                                first.valid, first.box, containers=codes, snapshot=jpeg_of(image))
        return None


def jpeg_of(image: Any) -> bytes | None:
    """The frame as JPEG (quality 85) for the plate read's snapshot; None if it cannot be
    encoded (the reading itself is still reported)."""
    import cv2

    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    return encoded.tobytes() if ok else None
