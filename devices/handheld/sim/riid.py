"""RIID simulator: measures on command and answers with an N42.42-2012 document, and
streams dose-rate samples (protocol: docs/protocols/riid.md).

Physics in :mod:`devices.handheld.sim.riid_physics`. Set the scene with :attr:`source`,
:attr:`activity_mbq`, :attr:`distance_m`. ``time_scale`` stretches the measuring time
(1.0 = real time; tests use 0 so a 60 s measurement answers at once but still reports
60 s real time and Poisson counts for 60 s).
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np

from devices.handheld.framing import Frame, FrameDecoder, encode_frame
from devices.handheld.sim import riid_physics as phys
from devices.handheld.sim.base import SerialSimulator
from devices.handheld.sim.settings import RiidSimulatorSettings
from devices.settings import parse_settings
from standards.spectra import (
    Alarm,
    Detector,
    Instrument,
    Measurement,
    Nuclide,
    Spectrum,
    SpectrumDocument,
    write_n42,
)

IDENTITY = {"vendor": "Open Lane Sim", "model": "RIID-SIM 2", "serial": "RS-0042", "firmware": "1.4.2"}


class RiidSimulator(SerialSimulator):
    def __init__(self, transport: str = "pty", *, source: str = "", activity_mbq: float = 0.0,
                 distance_m: float = 1.0, background_usv_h: float = 0.08, alarm_usv_h: float = 0.5,
                 dose_period_s: float = 0.25, time_scale: float = 0.0, device_baud: int = 9600,
                 seed: int = 0) -> None:
        super().__init__(transport, device_baud=device_baud, seed=seed)
        if source and source not in phys.NUCLIDES:
            raise ValueError(f"source {source!r} unknown: use one of {', '.join(phys.NUCLIDES)}")
        self.source = source
        self.activity_mbq = activity_mbq
        self.distance_m = distance_m
        self.background_usv_h = background_usv_h
        self.alarm_usv_h = alarm_usv_h
        self.dose_period_s = dose_period_s
        self.time_scale = time_scale
        self.detector = phys.DetectorModel()
        self.np_rng = np.random.default_rng(seed)
        self.battery_pct = 87
        self._decoder = FrameDecoder()
        self._next_dose = 0.0
        self._pending_measurement: tuple[float, float] | None = None  # (answer at, real time s)
        self.measurements_done = 0

    # -- physics --------------------------------------------------------------------
    def true_dose_rate_usv_h(self) -> float:
        return self.background_usv_h + phys.dose_rate_usv_h(self.source, self.activity_mbq, self.distance_m)

    def measure(self, real_time_s: float) -> bytes:
        """One acquisition of ``real_time_s`` seconds as an N42.42-2012 document."""
        source_usv_h = phys.dose_rate_usv_h(self.source, self.activity_mbq, self.distance_m)
        rate = phys.expected_rate(self.detector, self.source, source_usv_h, self.background_usv_h)
        counts, live = phys.acquire(self.detector, rate, real_time_s, self.np_rng)
        # Dose estimate from the counts (the instrument does not know the truth).
        dose = round(sum(counts) / live / self.detector.cps_per_usv_h, 4) if live > 0 else 0.0
        identified = phys.identify(self.detector, counts)
        alarms = [Alarm("Gamma", f"dose rate {dose:g} uSv/h over {self.alarm_usv_h:g}", "Red")] \
            if dose > self.alarm_usv_h else []
        doc = SpectrumDocument(
            format="n42-2012",
            instrument=Instrument(manufacturer=IDENTITY["vendor"], model=IDENTITY["model"],
                                  serial=IDENTITY["serial"], instrument_class="Radionuclide Identifier",
                                  versions={"Firmware": IDENTITY["firmware"]}),
            detectors=[Detector(id="Gamma-1", category="Gamma", kind="NaI")],
            measurements=[Measurement(
                measurement_class="Foreground", start_time=datetime.now(UTC), real_time_s=real_time_s,
                live_time_s=round(live, 6), dose_rate_usv_h=dose,
                spectra=[Spectrum(counts=counts, energy_calibration=self.detector.calibration,
                                  live_time_s=round(live, 6), detector_id="Gamma-1")],
            )],
            nuclides=[Nuclide(name=n, confidence=c) for n, c in identified],
            alarms=alarms,
        )
        self.measurements_done += 1
        return write_n42(doc)

    # -- wire -----------------------------------------------------------------------
    def _send_frame(self, kind: str, payload: bytes) -> None:
        self.output(encode_frame(kind, payload), check_index=-2)

    def on_bytes(self, data: bytes) -> None:
        for item in self._decoder.feed(data):
            if isinstance(item, Frame):
                self._request(item)

    def on_framing_error(self) -> None:
        self._send_frame("E", b"framing error")

    def _request(self, frame: Frame) -> None:
        if frame.kind == "I":
            self._send_frame("I", json.dumps(IDENTITY).encode())
        elif frame.kind == "P":
            status = {"battery_pct": self.battery_pct, "detector_temp_c": 24.5, "state": "ready"}
            self._send_frame("S", json.dumps(status).encode())
        elif frame.kind == "M":
            try:
                seconds = float(frame.payload.decode("ascii"))
            except (UnicodeDecodeError, ValueError):
                self._send_frame("E", b"measure: payload must be the real time in seconds")
                return
            if not 0 < seconds <= 3600:
                self._send_frame("E", b"measure: real time must be in (0, 3600] s")
                return
            self._pending_measurement = (time.monotonic() + seconds * self.time_scale, seconds)
        else:
            self._send_frame("E", f"unknown request type {frame.kind!r}".encode())

    def on_tick(self, now: float) -> None:
        if self._pending_measurement and now >= self._pending_measurement[0]:
            seconds = self._pending_measurement[1]
            self._pending_measurement = None
            self._send_frame("N", self.measure(seconds))
        if self.dose_period_s > 0 and now >= self._next_dose and self.connected:
            self._next_dose = now + self.dose_period_s
            # Counts in one period are Poisson; the sample is their rate over the sensitivity.
            expected = self.true_dose_rate_usv_h() * self.detector.cps_per_usv_h * self.dose_period_s
            sample = self.np_rng.poisson(expected) / self.dose_period_s / self.detector.cps_per_usv_h
            self._send_frame("D", f"{sample:.4f}".encode())


def start_simulator(name: str, settings: Mapping[str, Any]) -> RiidSimulator:
    """Registry simulator factory: a RIID simulator on a pty (``transport = "socket"`` for
    TCP). ``settings`` is the device's ``[devices.simulator]`` table only
    (:class:`~devices.handheld.sim.settings.RiidSimulatorSettings`; unknown keys are errors)."""
    s = parse_settings(RiidSimulatorSettings, name, settings, table="simulator",
                       owner="the riid-serial simulator")
    sim = RiidSimulator(s.transport, device_baud=s.baudrate,
                        **s.model_dump(exclude={"transport", "baudrate"}))
    return sim.start()  # type: ignore[return-value]
