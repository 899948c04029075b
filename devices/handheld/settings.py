"""Settings (``[devices.settings]``) of the handheld drivers, strict: see :mod:`devices.settings`."""

from __future__ import annotations

from pydantic import AliasChoices, Field

from devices.settings import StrictSettings


class SerialLinkSettings(StrictSettings):
    """The serial link every handheld driver opens (pyserial ``serial_for_url``)."""

    url: str | None = Field(
        None, min_length=1, validation_alias=AliasChoices("url", "port"),
        description="serial port (/dev/ttyUSB0, COM3) or socket://HOST:PORT of a serial "
        "device server ('port' is accepted as another name); required unless simulated")
    baudrate: int = Field(9600, gt=0, description="line speed, baud (8N1)")
    read_timeout_s: float = Field(0.1, gt=0, le=10, description="one read waits at most this "
                                  "long, seconds")
    write_timeout_s: float = Field(2.0, gt=0, description="one write waits at most this long, "
                                   "seconds")


class RiidSettings(SerialLinkSettings):
    """Driver ``riid-serial``: N42.42 in binary frames (docs/protocols/riid.md)."""


class LineDeviceSettings(SerialLinkSettings):
    """Drivers ``substance-serial``, ``density-serial``, ``barcode-serial``: checksummed
    text lines (docs/protocols/substance.md, density.md, barcode.md)."""

    termination: str = Field("\r\n", min_length=1, description="end of a line as sent by the "
                             "device; escapes such as \\r\\n are understood")
