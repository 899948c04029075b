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
``baudrate``, ``seed``, ``termination``, ``code``).

A reading is taken with :meth:`BarcodeDriver.trigger` (``$TRG``: the reader fires as if
its trigger were pulled and answers the code under it, or ``$NOREAD``); codes scanned by
hand arrive unasked and are read with :meth:`BarcodeDriver.next_barcode`.
"""

from __future__ import annotations

import re

from devices.base import DeviceError
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


class NoRead(DeviceError):
    """The reader fired but decoded no code (nothing under it, or unreadable)."""


class BarcodeDriver(LineDriver):
    kind = "barcode"

    def trigger(self, timeout_s: float) -> BarcodeReading | None:
        """Fire the reader (``$TRG``) and return the code it reads; None when nothing came
        within ``timeout_s`` seconds. Raises :class:`NoRead` when the reader answers
        ``$NOREAD``. A code scanned by hand before and not yet collected is the answer
        (the oldest such code comes first)."""
        self.send_line("TRG")
        return self._next_code(timeout_s, answers=("BAR", "NOREAD"))

    def next_barcode(self, timeout_s: float) -> BarcodeReading | None:
        """The next barcode scanned by hand, or None within ``timeout_s`` seconds."""
        return self._next_code(timeout_s, answers=("BAR",))

    def _next_code(self, timeout_s: float, answers: tuple[str, ...]) -> BarcodeReading | None:
        while True:
            line = self.next_message(timeout_s, lambda f: f[0] in answers)
            if line is None:
                return None
            if line[0] == "NOREAD":
                raise NoRead(f"{self.name}: the reader decoded no code (nothing under it, "
                             "or the code is damaged)")
            if len(line) != 3 or not line[2]:
                self.wire_error_count += 1
                self.wire_errors.append(f"barcode line {line!r} is not BAR,symbology,data")
                continue
            content_type, problem = classify(line[2])
            return BarcodeReading(symbology=line[1], data=line[2], content_type=content_type, problem=problem,
                                  raw=encode_line(line, self.termination))
