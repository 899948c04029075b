"""Driver for barcode readers sending ``$BAR,symbology,data`` lines (docs/protocols/barcode.md).

Each barcode is classified: an 18-character MRN (check character per ISO 6346 algorithm),
an ISO 6346 container number (11 characters, category U/J/Z), or ``other``. A code that
looks like an MRN or container number but fails its check is reported with ``problem``,
never "corrected".

Configuration (keys: :class:`devices.handheld.settings.LineDeviceSettings`, strict)::

    [[devices]]
    name = "scanner-gun"
    kind = "barcode"
    driver = "barcode-serial"
    [devices.settings]
    url = "/dev/ttyACM0"
    baudrate = 9600

With ``simulated = true`` the simulator (:mod:`devices.handheld.sim.lines`) gives ``url``,
``baudrate`` and ``termination``; its own keys go in ``[devices.simulator]``
(:class:`devices.handheld.sim.settings.BarcodeSimulatorSettings`: ``transport``,
``baudrate``, ``seed``, ``termination``).
"""

from __future__ import annotations

import re

from devices.handheld.framing import encode_line
from devices.handheld.line_driver import LineDriver
from devices.handheld.readings import BarcodeReading
from standards.iso6346 import container_problem
from standards.mrn import mrn_problem

_MRN_SHAPE = re.compile(r"^\d{2}[A-Z]{2}[A-Z0-9]{14}$")
_CONTAINER_SHAPE = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")


def classify(data: str) -> tuple[str, str | None]:
    """(content type, problem or None) for a scanned text."""
    text = data.strip().upper().replace(" ", "")
    if _MRN_SHAPE.match(text):
        return "mrn", mrn_problem(text)
    if _CONTAINER_SHAPE.match(text):
        return "container", container_problem(text)
    return "other", None


class BarcodeDriver(LineDriver):
    kind = "barcode"

    def next_barcode(self, timeout_s: float) -> BarcodeReading | None:
        """The next scanned barcode, or None within ``timeout_s`` seconds."""
        while True:
            line = self.next_message(timeout_s, lambda f: f[0] == "BAR")
            if line is None:
                return None
            if len(line) != 3 or not line[2]:
                self.wire_error_count += 1
                self.wire_errors.append(f"barcode line {line!r} is not BAR,symbology,data")
                continue
            content_type, problem = classify(line[2])
            return BarcodeReading(symbology=line[1], data=line[2], content_type=content_type, problem=problem,
                                  raw=encode_line(line, self.termination))
