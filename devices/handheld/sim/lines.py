"""Simulators for the line-protocol devices: substance identifier, density meter, barcode
reader (protocols in docs/protocols/). Each answers ``$ID`` with ``$IDN,...``.

* Substance identifier: :attr:`SubstanceSimulator.sample` is what lies under the probe
  (a library name and a purity 0..1). The match quality falls with dilution and has
  measurement noise; below ``min_confidence`` the answer is ``NO MATCH``.
* Density meter: a backscatter gauge over a panel of :attr:`DensitySimulator.density_g_cm3`;
  readings every ``period_s`` with Gaussian noise (σ = 2 % + 0.01 g/cm3), in ``unit``.
* Barcode reader: :attr:`BarcodeSimulator.code` lies under the reader, answered to a
  trigger (``$TRG``) with ``$BAR``, or ``$NOREAD`` when empty; :meth:`BarcodeSimulator.present`
  is a barcode scanned by hand (sent unasked).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from devices.handheld.framing import LineDecoder, encode_line
from devices.handheld.sim.base import SerialSimulator
from devices.handheld.sim.settings import (
    BarcodeSimulatorSettings,
    DensitySimulatorSettings,
    LineSimulatorSettings,
    SubstanceSimulatorSettings,
)
from devices.settings import parse_settings

SUBSTANCE_LIBRARY: dict[str, str] = {
    "Cocaine HCl": "NARCOTICS-2024",
    "Heroin": "NARCOTICS-2024",
    "Methamphetamine HCl": "NARCOTICS-2024",
    "MDMA": "NARCOTICS-2024",
    "Fentanyl citrate": "NARCOTICS-2024",
    "Ammonium nitrate": "EXPLOSIVES-2023",
    "TATP": "EXPLOSIVES-2023",
    "Sucrose": "COMMON-2024",
    "Sodium bicarbonate": "COMMON-2024",
    "Paracetamol": "PHARMA-2024",
}


class LineSimulator(SerialSimulator):
    identity: tuple[str, str, str, str] = ("Open Lane Sim", "LINE-SIM", "LS-0001", "1.0.0")

    def __init__(self, transport: str = "pty", *, termination: bytes = b"\r\n", device_baud: int = 9600,
                 seed: int = 0) -> None:
        super().__init__(transport, device_baud=device_baud, seed=seed)
        self.termination = termination
        self._decoder = LineDecoder(termination)

    @property
    def settings(self) -> Mapping[str, Any]:
        """Driver settings pointing at this simulator: where, how fast, which line end."""
        return {**super().settings, "termination": self.termination.decode("latin-1")}

    def send(self, *fields: str) -> None:
        # Checksum digits sit just before the termination.
        self.output(encode_line(list(fields), self.termination), check_index=-len(self.termination) - 1)

    def on_bytes(self, data: bytes) -> None:
        for item in self._decoder.feed(data):
            if isinstance(item, list):
                if item[0] == "ID":
                    self.send("IDN", *self.identity)
                else:
                    self.command(item)

    def command(self, fields: list[str]) -> None:
        self.send("ERR", f"unknown command {fields[0]}")

    def on_framing_error(self) -> None:
        self.send("ERR", "framing error")


class SubstanceSimulator(LineSimulator):
    identity = ("Open Lane Sim", "RAMAN-SIM 1", "SS-0100", "2.3.1")

    def __init__(self, transport: str = "pty", *, sample: str = "Sucrose", purity: float = 1.0,
                 min_confidence: float = 0.6, scan_s: float = 0.0, **kwargs: Any) -> None:
        super().__init__(transport, **kwargs)
        self.sample, self.purity, self.min_confidence, self.scan_s = sample, purity, min_confidence, scan_s
        self._due: float | None = None
        self.scans = 0

    def command(self, fields: list[str]) -> None:
        if fields[0] != "SCAN":
            super().command(fields)
            return
        self._due = time.monotonic() + self.scan_s

    def on_tick(self, now: float) -> None:
        if self._due is None or now < self._due:
            return
        self._due = None
        self.scans += 1
        library = SUBSTANCE_LIBRARY.get(self.sample)
        ref = f"SPX-{self.scans:06d}"
        # Hit quality falls with dilution; measurement noise ~1 %.
        quality = max(0.0, min(1.0, self.purity * 0.98 + self.rng.gauss(0, 0.01)))
        if library is None or quality < self.min_confidence:
            self.send("SUB", "NO MATCH", library or "ALL", f"{quality:.2f}", ref)
        else:
            self.send("SUB", self.sample, library, f"{quality:.2f}", ref)


class DensitySimulator(LineSimulator):
    identity = ("Open Lane Sim", "DENSITY-SIM", "DS-0007", "0.9.4")

    def __init__(self, transport: str = "pty", *, density_g_cm3: float = 0.9, unit: str = "g/cm3",
                 period_s: float = 0.1, **kwargs: Any) -> None:
        super().__init__(transport, **kwargs)
        if unit not in ("g/cm3", "kg/m3"):
            raise ValueError(f"density unit {unit!r}: use g/cm3 or kg/m3")
        self.density_g_cm3, self.unit, self.period_s = density_g_cm3, unit, period_s
        self._next = 0.0

    def on_tick(self, now: float) -> None:
        if now < self._next or not self.connected:
            return
        self._next = now + self.period_s
        value = self.density_g_cm3 + self.rng.gauss(0, 0.02 * self.density_g_cm3 + 0.01)
        value = max(0.0, value)
        text = f"{value * 1000:.0f}" if self.unit == "kg/m3" else f"{value:.3f}"
        self.send("DEN", text, self.unit)


class BarcodeSimulator(LineSimulator):
    identity = ("Open Lane Sim", "BARCODE-SIM", "BS-0003", "5.1.0")

    def __init__(self, transport: str = "pty", *, code: str = "", symbology: str = "CODE128",
                 **kwargs: Any) -> None:
        super().__init__(transport, **kwargs)
        self.code, self.symbology = code, symbology
        self.triggers = 0

    def command(self, fields: list[str]) -> None:
        if fields[0] != "TRG":
            super().command(fields)
            return
        self.triggers += 1
        if self.code:
            self.send("BAR", self.symbology, self.code)
        else:
            self.send("NOREAD")

    def present(self, data: str, symbology: str = "CODE128") -> None:
        """A barcode is held under the reader: it sends one line."""
        self.send("BAR", symbology, data)


def _start(cls: type[LineSimulator], name: str, model: type[LineSimulatorSettings],
           settings: Mapping[str, Any]) -> LineSimulator:
    """Registry simulator factory: ``settings`` is the device's ``[devices.simulator]``
    table only, validated by ``model`` (unknown keys are errors)."""
    s = parse_settings(model, name, settings, table="simulator",
                       owner=f"the {cls.__name__} simulator")
    termination = s.termination.encode("ascii").decode("unicode_escape").encode("latin-1")
    options = s.model_dump(exclude={"transport", "baudrate", "termination"})
    sim = cls(s.transport, termination=termination, device_baud=s.baudrate, **options)
    sim.start()
    return sim


def start_substance_simulator(name: str, settings: Mapping[str, Any]) -> LineSimulator:
    return _start(SubstanceSimulator, name, SubstanceSimulatorSettings, settings)


def start_density_simulator(name: str, settings: Mapping[str, Any]) -> LineSimulator:
    return _start(DensitySimulator, name, DensitySimulatorSettings, settings)


def start_barcode_simulator(name: str, settings: Mapping[str, Any]) -> LineSimulator:
    return _start(BarcodeSimulator, name, BarcodeSimulatorSettings, settings)
