"""Settings (``[devices.settings]``) of the x-ray drivers, strict: see :mod:`devices.settings`.

Light on purpose (pydantic only): a lane file is validated against these when it is read,
without loading a driver.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from devices.settings import StrictSettings

EnergyPair = Literal["kev", "mev"]
ScannerClass = Literal["parcel", "cargo"]


class GeometrySettings(StrictSettings):
    """The scanner's geometry; each key set here overrides what the scanner reports."""

    pixel_mm: float | None = Field(
        None, gt=0, description="pixel pitch at the object, millimetres (e.g. 0.7 parcel, "
        "2.8 cargo); default: as the scanner reports it")
    energy_pair: EnergyPair | None = Field(
        None, description="attenuation coefficients that apply: kev (parcel/baggage, "
        "~160 kV tube) or mev (cargo linac, 4/6 MV); default: as the scanner reports it")
    scanner_class: ScannerClass | None = Field(
        None, description="parcel or cargo; default: as the scanner reports it")


class XrayTcpSettings(GeometrySettings):
    """Driver ``xray-tcp``: a line scanner speaking docs/protocols/xray.md."""

    host: str = Field("127.0.0.1", min_length=1, description="scanner address (IP or host name)")
    port: int | None = Field(None, ge=1, le=65535, description="scanner TCP port; required "
                             "unless simulated (the simulator gives it)")
    block_timeout_s: float = Field(2.0, gt=0, description="seconds without data during a scan "
                                   "before the scan counts as stalled")
    reply_timeout_s: float = Field(5.0, gt=0, description="seconds to wait for the answer to "
                                   "a request (a simulator building a cargo scene needs ~30)")
    integration_us: int = Field(2000, ge=1, le=0xFFFFFFFF, description="integration time per "
                                "line, microseconds (line rate = 1e6 / integration_us lines/s)")
    block_lines: int = Field(64, ge=1, le=0xFFFF, description="lines per data block")
    max_lines: int = Field(8192, ge=1, le=1_000_000, description="the longest scan, lines")
    kv_low: int = Field(140, ge=1, le=0xFFFF, description="low-energy tube voltage, kV")
    kv_high: int = Field(450, ge=1, le=0xFFFF, description="high-energy tube voltage, kV")


class FolderImportSettings(GeometrySettings):
    """Driver ``xray-folder``: a scanner that drops its exports into a folder. Its geometry
    comes from these settings only (files that carry their own pixel spacing keep it)."""

    folder: Path = Field(description="folder the scanner exports into")
    quarantine: Path | None = Field(None, description="where unreadable files go; default: "
                                    "'quarantine' beside the folder")
    stable_polls: int = Field(2, ge=1, description="polls a file must keep its size and "
                              "modification time before it is read")
    max_scan_megapixels: float = Field(200.0, gt=0, le=4000, description="most pixels one "
                                       "exported image may have, megapixels; checked from the "
                                       "file's header before decoding (larger: quarantined)")
