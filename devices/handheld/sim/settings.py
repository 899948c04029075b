"""Settings of the handheld simulators (``[devices.simulator]``), strict: see
:mod:`devices.settings`. The driver never sees these keys; the simulator hands the driver
where to connect (``url``), the device's baud rate and, for line devices, its line end."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from devices.settings import StrictSettings


class SerialSimulatorSettings(StrictSettings):
    transport: Literal["pty", "socket"] = Field("pty", description="far end of the wire: a "
                                                "pseudo-terminal or loopback TCP")
    baudrate: int = Field(9600, gt=0, description="the simulated device's line speed, baud")
    seed: int = Field(0, description="seed of the device's noise and faults")


class RiidSimulatorSettings(SerialSimulatorSettings):
    source: str = Field("", description="nuclide near the detector (Cs-137, Co-60, ...); "
                        "empty: background only")
    activity_mbq: float = Field(0.0, ge=0, description="source activity, MBq")
    distance_m: float = Field(1.0, gt=0, description="source to detector, metres")
    background_usv_h: float = Field(0.08, ge=0, description="natural background, µSv/h")
    alarm_usv_h: float = Field(0.5, ge=0, description="the device's own dose-rate alarm "
                               "level, µSv/h")
    dose_period_s: float = Field(0.25, gt=0, description="seconds between dose-rate samples")
    time_scale: float = Field(0.0, ge=0, description="real seconds per measured second (0: "
                              "a measurement answers at once, 0.1: ten times faster)")


class LineSimulatorSettings(SerialSimulatorSettings):
    termination: str = Field("\r\n", min_length=1, description="line end the device sends; "
                             "escapes such as \\r\\n are understood")


class SubstanceSimulatorSettings(LineSimulatorSettings):
    sample: str = Field("Sucrose", description="what is under the probe (a library name)")
    purity: float = Field(1.0, ge=0, le=1, description="fraction of the sample that is it")
    min_confidence: float = Field(0.6, ge=0, le=1, description="below this the device "
                                  "reports no match")
    scan_s: float = Field(0.0, ge=0, description="seconds one scan takes")


class DensitySimulatorSettings(LineSimulatorSettings):
    density_g_cm3: float = Field(0.9, ge=0, description="true density of the sample, g/cm³")
    unit: Literal["g/cm3", "kg/m3"] = Field("g/cm3", description="unit the device reports in")
    period_s: float = Field(0.1, gt=0, description="seconds between readings")


class BarcodeSimulatorSettings(LineSimulatorSettings):
    # A valid ISO 6346 container number, so a lane without a configuration file gets a
    # code on "Take reading" (empty: the reader answers NOREAD).
    code: str = Field("MSCU6639870", description="code under the reader when it is "
                      "triggered; empty: nothing, it answers NOREAD")
    symbology: str = Field("CODE128", min_length=1, description="symbology it reports")
