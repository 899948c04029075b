"""Base of the line-protocol drivers (substance, density, barcode): ``$BODY*HH`` lines,
identify with ``$ID`` → ``$IDN,vendor,model,serial,firmware``. Termination from settings
(``termination = "\\r\\n"`` by default); keys: :class:`devices.handheld.settings.LineDeviceSettings`,
strict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self

from devices.base import DeviceInfo, DeviceUnavailable
from devices.handheld.driver_base import DRIVER_VERSION, HandheldDriver
from devices.handheld.framing import LineDecoder, encode_line
from devices.handheld.link import LinkSettings
from devices.handheld.settings import LineDeviceSettings
from devices.settings import parse_settings


class LineDriver(HandheldDriver[list[str]]):
    def __init__(self, name: str, link: LinkSettings, termination: bytes = b"\r\n") -> None:
        self.termination = termination
        super().__init__(name, link)

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any]) -> Self:
        """The driver of ``[devices.settings]`` (strict: unknown keys are errors naming the
        device and the key; the simulator's keys belong in ``[devices.simulator]``)."""
        s = parse_settings(LineDeviceSettings, name, settings, owner=f"the {cls.kind} driver")
        termination = s.termination.encode("ascii").decode("unicode_escape").encode("latin-1")
        return cls(name, LinkSettings.of(name, s), termination)

    def _new_decoder(self) -> LineDecoder:
        return LineDecoder(self.termination)

    def send_line(self, *fields: str) -> None:
        self._send(encode_line(list(fields), self.termination))

    def _identify(self, timeout_s: float) -> DeviceInfo:
        self.send_line("ID")
        answer = self.next_message(timeout_s, lambda f: f[0] == "IDN")
        if answer is None:
            raise DeviceUnavailable(f"{self.name}: no answer to $ID within {timeout_s:g} s")
        if len(answer) != 5:
            raise DeviceUnavailable(f"{self.name}: identity line has {len(answer)} fields, expected 5",
                                    check="check that this is a supported device")
        return DeviceInfo(vendor=answer[1], model=answer[2], serial=answer[3], firmware=answer[4],
                          driver_version=DRIVER_VERSION)
