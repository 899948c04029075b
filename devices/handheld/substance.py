"""Driver for substance identifiers (Raman / ion-mobility handhelds) over serial
(docs/protocols/substance.md): ``$SCAN`` → ``$SUB,substance,library,confidence,spectrum-ref``.

Configuration (keys: :class:`devices.handheld.settings.LineDeviceSettings`, strict)::

    [[devices]]
    name = "raman"
    kind = "substance"
    driver = "substance-serial"
    [devices.settings]
    url = "/dev/ttyUSB1"
    baudrate = 9600

With ``simulated = true`` the simulator (:mod:`devices.handheld.sim.lines`) gives ``url``,
``baudrate`` and ``termination``; what it simulates goes in its own table
(:class:`devices.handheld.sim.settings.SubstanceSimulatorSettings`)::

    [devices.simulator]
    sample = "Cocaine HCl"
    purity = 0.8
"""

from __future__ import annotations

from devices.base import DeviceError, DeviceUnavailable
from devices.handheld.framing import encode_line
from devices.handheld.line_driver import LineDriver
from devices.handheld.readings import SubstanceReading


class SubstanceDriver(LineDriver):
    kind = "substance"

    def scan(self, timeout_s: float = 30.0) -> SubstanceReading:
        """Trigger a scan and wait up to ``timeout_s`` seconds for the identification."""
        self.send_line("SCAN")
        line = self.next_message(timeout_s, lambda f: f[0] in ("SUB", "ERR"))
        if line is None:
            raise DeviceUnavailable(f"{self.name}: no scan result within {timeout_s:g} s")
        if line[0] == "ERR":
            raise DeviceError(f"{self.name}: scan failed: {','.join(line[1:])}")
        if len(line) != 5:
            raise DeviceError(f"{self.name}: scan result has {len(line)} fields, expected 5")
        try:
            confidence = float(line[3])
        except ValueError:
            raise DeviceError(f"{self.name}: confidence {line[3]!r} is not a number") from None
        if not 0 <= confidence <= 1:
            raise DeviceError(f"{self.name}: confidence {confidence} outside 0..1")
        return SubstanceReading(substance=line[1], library=line[2], confidence=confidence, spectrum_ref=line[4],
                                raw=encode_line(line, self.termination))
