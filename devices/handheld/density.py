"""Driver for density meters streaming ``$DEN,value,unit`` lines (docs/protocols/density.md).

Configuration (keys: :class:`devices.handheld.settings.LineDeviceSettings`, strict)::

    [[devices]]
    name = "buster"
    kind = "density"
    driver = "density-serial"
    [devices.settings]
    url = "socket://10.0.0.7:4002"
    baudrate = 4800

With ``simulated = true`` the simulator (:mod:`devices.handheld.sim.lines`) gives ``url``,
``baudrate`` and ``termination``; what it simulates goes in its own table
(:class:`devices.handheld.sim.settings.DensitySimulatorSettings`)::

    [devices.simulator]
    density_g_cm3 = 1.2
    unit = "kg/m3"
"""

from __future__ import annotations

from devices.handheld.framing import encode_line
from devices.handheld.line_driver import LineDriver
from devices.handheld.readings import DensityReading

UNITS = ("g/cm3", "kg/m3")


class DensityDriver(LineDriver):
    kind = "density"

    def next_reading(self, timeout_s: float) -> DensityReading | None:
        """The next valid reading of the stream, or None within ``timeout_s`` seconds."""
        while True:
            line = self.next_message(timeout_s, lambda f: f[0] == "DEN")
            if line is None:
                return None
            problem = None
            value = 0.0
            if len(line) != 3 or line[2] not in UNITS:
                problem = f"density line {line!r} is not DEN,value,unit with unit in {UNITS}"
            else:
                try:
                    value = float(line[1])
                except ValueError:
                    problem = f"density value {line[1]!r} is not a number"
            if problem:
                self.wire_error_count += 1
                self.wire_errors.append(problem)
                continue
            return DensityReading(value=value, unit=line[2], raw=encode_line(line, self.termination))
