"""Driver for radionuclide identifiers (RIIDs) speaking our binary framing over serial
(docs/protocols/riid.md): measure on command → N42.42 document; continuous dose rate.

Configuration (keys: :class:`devices.handheld.settings.RiidSettings`, strict)::

    [[devices]]
    name = "riid"
    kind = "riid"
    driver = "riid-serial"
    [devices.settings]
    url = "/dev/ttyUSB0"        # or socket://10.0.0.5:4001, rfc2217://...
    baudrate = 115200
    read_timeout_s = 0.1
    write_timeout_s = 2.0

With ``simulated = true`` the simulator (:mod:`devices.handheld.sim.riid`) gives ``url``
and ``baudrate``; what it simulates goes in its own table
(:class:`devices.handheld.sim.settings.RiidSimulatorSettings`)::

    [devices.simulator]
    transport = "pty"           # or "socket" (loopback TCP)
    source = "Cs-137"
    activity_mbq = 2.0
    distance_m = 1.0
    time_scale = 0.1            # a 30 s measurement answers in 3 s
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from devices.base import DeviceError, DeviceInfo, DeviceUnavailable, Health
from devices.handheld.driver_base import DRIVER_VERSION, HandheldDriver
from devices.handheld.framing import Frame, FrameDecoder, encode_frame
from devices.handheld.link import LinkSettings
from devices.handheld.readings import DoseRateSample, RiidReading
from devices.handheld.settings import RiidSettings
from devices.settings import parse_settings
from standards.spectra import SpectrumFormatError, read_n42


class RiidDriver(HandheldDriver[Frame]):
    kind = "riid"

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any]) -> RiidDriver:
        """The driver of ``[devices.settings]`` (strict: unknown keys are errors naming the
        device and the key; the simulator's keys belong in ``[devices.simulator]``)."""
        s = parse_settings(RiidSettings, name, settings, owner="driver riid-serial")
        return cls(name, LinkSettings.of(name, s))

    def _new_decoder(self) -> FrameDecoder:
        return FrameDecoder()

    def _request(self, kind: str, payload: bytes, answer: str, timeout_s: float) -> Frame:
        self._send(encode_frame(kind, payload))
        frame = self.next_message(timeout_s, lambda f: f.kind in (answer, "E"))
        if frame is None:
            raise DeviceUnavailable(f"{self.name}: no answer to request {kind!r} within {timeout_s:g} s")
        if frame.kind == "E":
            raise DeviceError(f"{self.name}: device refused request {kind!r}: "
                              f"{frame.payload.decode('utf-8', 'replace')}")
        return frame

    def _identify(self, timeout_s: float) -> DeviceInfo:
        frame = self._request("I", b"", "I", timeout_s)
        try:
            ident = json.loads(frame.payload)
            return DeviceInfo(vendor=str(ident["vendor"]), model=str(ident["model"]), serial=str(ident["serial"]),
                              firmware=str(ident["firmware"]), driver_version=DRIVER_VERSION)
        except (ValueError, KeyError, TypeError) as exc:
            raise DeviceUnavailable(f"{self.name}: identity answer unreadable ({exc})",
                                    check="check that this is a supported RIID") from None

    def probe(self) -> Health:
        if not self.is_open:
            return Health.offline(f"{self.name}: not connected")
        frame = self._request("P", b"", "S", 2.0)
        try:
            status = json.loads(frame.payload)
            battery = float(status.get("battery_pct", 100))
        except (ValueError, TypeError, AttributeError):
            return Health.degraded("status answer unreadable")
        if battery < 15:
            return Health.degraded(f"battery {battery:.0f} %")
        return Health.ok(f"battery {battery:.0f} %, detector {status.get('detector_temp_c', '?')} °C")

    def measure(self, real_time_s: float, timeout_s: float | None = None) -> RiidReading:
        """Acquire for ``real_time_s`` seconds (0 < t <= 3600); returns the N42 reading."""
        if not 0 < real_time_s <= 3600:
            raise ValueError(f"{self.name}: measuring time must be in (0, 3600] s, got {real_time_s}")
        wait = timeout_s if timeout_s is not None else real_time_s + 10.0
        frame = self._request("M", f"{real_time_s:g}".encode(), "N", wait)
        try:
            document = read_n42(frame.payload, f"{self.name} N42 document")
        except SpectrumFormatError as exc:
            raise DeviceError(f"{self.name}: device sent an unreadable N42 document: {exc}") from None
        return RiidReading(document=document, raw=frame.payload)

    def next_dose_rate(self, timeout_s: float) -> DoseRateSample | None:
        """The next sample of the continuous dose-rate stream, or None within ``timeout_s``."""
        while True:
            frame = self.next_message(timeout_s, lambda f: f.kind == "D")
            if frame is None:
                return None
            sample = self._dose_sample(frame)
            if sample is not None:
                return sample

    def drain_dose_rates(self, max_reads: int = 8) -> list[DoseRateSample]:
        """Every dose-rate sample received so far, oldest first, without waiting for more.

        Reads the line at most ``max_reads`` times and stops at the first read that brings
        nothing, so one call blocks for about one ``read_timeout_s`` at most: short enough
        for a host idle task (commands queued meanwhile wait no longer than that).
        """
        for _ in range(max_reads):
            if any(f.kind == "D" for f in self._backlog) or not self._pump():
                break
        samples: list[DoseRateSample] = []
        for frame in [f for f in self._backlog if f.kind == "D"]:
            self._backlog.remove(frame)
            sample = self._dose_sample(frame)
            if sample is not None:
                samples.append(sample)
        return samples

    def _dose_sample(self, frame: Frame) -> DoseRateSample | None:
        try:
            value = float(frame.payload.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            value = float("nan")
        if not math.isfinite(value) or value < 0:
            self.wire_error_count += 1
            self.wire_errors.append(f"dose-rate payload {frame.payload[:20]!r} is not a dose rate")
            return None
        return DoseRateSample(dose_rate_usv_h=value, raw=frame.payload, media_type="text/plain")
