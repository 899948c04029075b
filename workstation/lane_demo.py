"""Headless lane demonstration: referral → control → scan → stored scan → control result.

Starts the x-ray simulator as its own process through the device registry (exactly as a
lane file with ``simulated = true`` would), drives it with a :class:`DeviceHost`, and logs
everything through the same services the lane uses. Before the first vehicle the detector
is calibrated through the protocol (dark and flat lines, as the technician would), and every
scan is stored corrected with those maps (docs/decisions/0105-store-corrected-scans.md).
Each vehicle's scans are attached as evidence to its control, which gets a result and is
closed. With ``faults`` every fault kind of the simulator is injected once, in turn, into a
vehicle's first scan; each faulted scan is kept (marked incomplete with its reason) and the
vehicle is scanned again to show that the scanner recovered.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from devices.registry import create_device
from devices.xray.interface import ArmParameters, LineBuffer, ScanResult
from devices.xray.protocol import FaultKind
from workstation.config import WorkstationConfig
from workstation.db.engine import Database
from workstation.db.models import User
from workstation.hosts import Backoff, DeviceEvent, DeviceHost, Lost, Stalled
from workstation.hosts.xray import (
    CalibrateDetector,
    DetectorCalibration,
    InjectedFault,
    ScanObject,
)

OFFICER = "demo-officer"
# The slow-link scan runs the detector at 2,000 lines/s so that a 1.5 MB/s link is clearly
# too slow while the scan still finishes in a few seconds.
FAST_LINES = ArmParameters(max_lines=8192, integration_us=500, block_lines=64)
SCAN_TIMEOUT_S = 300.0  # upper bound for one simulated scan, rendering included
CALIBRATION_LINES = 128  # per map: the mean's noise is 1/11 of a single line's

# Fault injected per kind: stall longer than the driver's block timeout, a cut link,
# a corrupt block, a link at 1.5 MB/s (a 1,000-pixel scan at 2,000 lines/s needs 8 MB/s;
# see FAST_LINES), and random bytes between frames.
FAULTS: tuple[InjectedFault, ...] = (
    InjectedFault(FaultKind.STALL, 3, 4_000),
    InjectedFault(FaultKind.DROP, 5),
    InjectedFault(FaultKind.CORRUPT, 4),
    InjectedFault(FaultKind.SLOW, 0, 1_500_000),
    InjectedFault(FaultKind.GARBAGE, 6, 97),
)


@dataclass
class ScanLine:
    vehicle: int
    referral_id: str
    scan_id: str
    scene: str
    lines: int
    pixels: int
    complete: bool
    reason: str
    warnings: list[str]
    injected: str
    noticed: list[str]


@dataclass
class DemoSummary:
    vehicles: int
    scans: list[ScanLine] = field(default_factory=list)
    controls: list[tuple[str, str, str]] = field(default_factory=list)  # referral, control, code
    device_events: list[str] = field(default_factory=list)
    calibration: dict[str, Any] = field(default_factory=dict)  # DetectorCalibration.describe()

    @property
    def incomplete(self) -> list[ScanLine]:
        return [s for s in self.scans if not s.complete]

    def faults_noticed(self) -> dict[str, bool]:
        """Injected fault kind -> whether the driver reported it."""
        out: dict[str, bool] = {}
        for s in self.scans:
            if s.injected:
                out[s.injected] = s.injected in s.noticed
        return out

    def _controls_with_scans(self) -> list[tuple[str, str, str, int]]:
        """(referral, control, result code, scans attached) per control logged."""
        return [(ref, ctl, code, sum(1 for s in self.scans if s.referral_id == ref))
                for ref, ctl, code in self.controls]

    def render(self) -> str:
        lines = [f"lane demo: {self.vehicles} vehicle(s), {len(self.scans)} scan(s) stored, "
                 f"{len(self.incomplete)} incomplete, {len(self.controls)} control(s) logged"]
        if self.calibration:
            c = self.calibration
            lines.append(f"detector calibrated: {c['dark_lines']} dark + {c['flat_lines']} flat "
                         f"lines, {c['bad_pixels']} bad pixel(s) of {c['pixels']} repaired")
        lines.append("scans:")
        for s in self.scans:
            state = "complete" if s.complete else f"INCOMPLETE: {s.reason}"
            fault = f" [injected {s.injected}]" if s.injected else ""
            lines.append(f"  vehicle {s.vehicle} {s.referral_id} scan {s.scan_id[:8]} {s.scene} "
                         f"{s.lines}x{s.pixels}: {state}{fault}")
            lines += [f"      warning: {w}" for w in s.warnings]
        if self.incomplete:
            lines.append("incomplete scans:")
            lines += [f"  {s.scan_id[:8]}: {s.reason}" for s in self.incomplete]
        noticed = self.faults_noticed()
        if noticed:
            lines.append("injected faults:")
            lines += [f"  {kind}: {'noticed and reported' if ok else 'NOT NOTICED'}"
                      for kind, ok in noticed.items()]
        if self.device_events:
            lines.append("device events:")
            lines += [f"  {e}" for e in self.device_events]
        lines.append("controls logged:")
        lines += [f"  {ref} -> control {ctl[:8]} result {code}, {n} scan(s) attached as evidence"
                  for ref, ctl, code, n in self._controls_with_scans()]
        return "\n".join(lines)


def _officer(db: Database) -> uuid.UUID:
    from sqlalchemy import select

    from workstation.services import users

    with db.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == OFFICER))
        if user is None:
            user = users.add_user(session, OFFICER, "officer", uuid.uuid4().hex,
                                  full_name="Demo officer", actor="demo")
            session.flush()
        return user.id


def _import_referrals(db: Database, config: WorkstationConfig, count: int,
                      seed: int) -> list[str]:
    from workstation.formats.referrals import validate_referrals
    from workstation.referral_generator import generate_referrals
    from workstation.services.referrals import import_referrals

    doc = generate_referrals(count, seed=seed, lane=config.lane.lane_id,
                             prefix=f"DEMO{seed}-{uuid.uuid4().hex[:6].upper()}")
    refs = validate_referrals(doc["referrals"], "lane demo")
    with db.unit_of_work() as session:
        import_referrals(session, refs, file="lane demo", actor="demo")
    return [r.referral_id for r in refs]


def store_scan(db: Database, config: WorkstationConfig, result: ScanResult, *, kind: str,
               device: str, meta: dict[str, Any], calibration: DetectorCalibration) -> uuid.UUID:
    """Correct a scan with the detector's maps and keep it as DICOS (both energies, 16-bit
    transmission) through the scan store, incomplete ones too.

    ``meta["calibration"]`` records which maps corrected it (when taken, lines, bad pixels).
    Lines blanked after a CRC failure read as zero counts and stay black (no data).
    """
    from devices.xray.scenes import KINDS
    from workstation.imaging.correction import correct_scan
    from workstation.scans.service import save_scan, store_for

    if result.lines_received == 0:
        raise RuntimeError(f"scan {result.scan_id} delivered no lines: "
                           f"{result.incomplete_reason or 'empty'}")
    pixels = int(result.data.shape[2])
    if calibration.calibration.pixels != pixels:
        raise RuntimeError(f"scan {result.scan_id} has {pixels} pixels per line but the "
                           f"calibration has {calibration.calibration.pixels}: calibrate again")
    energy_pair, pixel_mm = "kev", 1.0
    if kind in KINDS:
        _size, pixel_cm, energy_pair = KINDS[kind]
        pixel_mm = pixel_cm * 10.0
    scan = correct_scan(result.low, result.high, calibration.calibration,
                        energy_pair=energy_pair, pixel_mm=pixel_mm,
                        meta={**meta, "calibration": calibration.describe()})
    row = save_scan(db, store_for(config), scan, kind=kind, device=device,
                    complete=result.complete, incomplete_reason=result.incomplete_reason)
    return row.id


def _record_control(db: Database, config: WorkstationConfig, officer_id: uuid.UUID,
                    referral_id: str, scan_ids: list[uuid.UUID]) -> tuple[str, str]:
    from workstation.domain.result_codes import ResultCodes
    from workstation.services import controls

    codes = ResultCodes.load(config.reference.result_codes)
    with db.unit_of_work() as session:
        officer = session.get(User, officer_id)
        assert officer is not None
        control = controls.open_control(session, officer, post=config.lane.post,
                                        lane=config.lane.lane_id, referral_id=referral_id)
        session.flush()
        for scan_id in scan_ids:
            controls.attach_evidence(session, control.id, officer, kind="scan", scan_id=scan_id,
                                     note="lane demo scan")
        result = controls.ResultIn(code="A2", control_types=["scan"],
                                   remarks="lane demo: scan image inspected, nothing found",
                                   minutes_spent=4.0)
        controls.record_result(session, control.id, officer, result, codes)
        controls.close_control(session, control.id, officer)
        return str(control.id), "A2"


def run_demo(config: WorkstationConfig, db: Database, *, vehicles: int, faults: bool,
             seed: int, scene: str = "parcel",
             echo: Callable[[str], None] | None = None) -> DemoSummary:
    """Run the demonstration; returns the summary (also printed line by line via ``echo``)."""
    if vehicles < 1:
        raise ValueError(f"vehicles must be at least 1, got {vehicles}")
    say = echo or (lambda _text: None)
    summary = DemoSummary(vehicles)
    officer_id = _officer(db)
    referral_ids = _import_referrals(db, config, vehicles, seed)
    say(f"imported {len(referral_ids)} referral(s)")
    device = create_device({"name": "scanner", "kind": "xray", "driver": "xray-tcp",
                            "simulated": True,
                            "settings": {"seed": seed, "block_timeout_s": 1.5,
                                         "integration_us": 2000, "block_lines": 64}})

    def on_event(event: DeviceEvent) -> None:
        if isinstance(event, Lost | Stalled):
            text = (f"connection lost: {event.reason} (retry in {event.retry_in_s:.2f} s)"
                    if isinstance(event, Lost) else f"stalled {event.seconds:.1f} s")
            summary.device_events.append(text)

    host = DeviceHost(device, open_timeout_s=30.0, watchdog_s=60.0,
                      backoff=Backoff(initial_s=0.1, max_s=2.0, seed=seed))
    host.subscribe(on_event)
    host.start()
    plan = list(FAULTS) if faults else []
    buffer = LineBuffer()
    params = ArmParameters(max_lines=8192, integration_us=2000, block_lines=64)
    try:
        if not host.wait_connected(60.0):
            raise RuntimeError("the x-ray simulator did not come up within 60 s")
        calibration: DetectorCalibration = host.submit(CalibrateDetector(
            buffer, CALIBRATION_LINES, scene=(scene, seed), params=params)).result(SCAN_TIMEOUT_S)
        summary.calibration = calibration.describe()
        say(f"detector calibrated: {summary.calibration['bad_pixels']} bad pixel(s) of "
            f"{calibration.calibration.pixels}")
        for number, referral_id in enumerate(referral_ids, start=1):
            # Every remaining fault goes to the last vehicle if there are fewer vehicles.
            mine = [plan.pop(0)] if plan else []
            if number == len(referral_ids):
                mine, plan = mine + plan, []
            scan_ids: list[uuid.UUID] = []
            attempts = [*mine, None]
            for fault in attempts:
                kind = scene
                armed = FAST_LINES if fault and fault.kind is FaultKind.SLOW else params
                future = host.submit(ScanObject(buffer, armed, scene=(kind, seed + number),
                                                fault=fault))
                result: ScanResult = future.result(SCAN_TIMEOUT_S)
                injected = fault.kind.name.lower() if fault else ""
                meta = {"referral_id": referral_id, "scan_number": result.scan_id,
                        "injected_fault": injected, "warnings": result.warnings,
                        "bad_blocks": result.bad_blocks,
                        "lines_expected": result.lines_expected}
                scan_id = store_scan(db, config, result, kind=kind,
                                     device=f"scanner ({device.info.serial})", meta=meta,
                                     calibration=calibration)
                scan_ids.append(scan_id)
                line = ScanLine(number, referral_id, str(scan_id), kind, result.lines_received,
                                int(result.data.shape[2]), result.complete,
                                result.incomplete_reason, list(result.warnings), injected,
                                [f.name.lower() for f in result.faults_seen])
                summary.scans.append(line)
                say(f"vehicle {number}: scan {str(scan_id)[:8]} "
                    + ("complete" if result.complete else f"incomplete: {result.incomplete_reason}")
                    + (f" ({'; '.join(result.warnings)})" if result.warnings else ""))
            control_id, code = _record_control(db, config, officer_id, referral_id, scan_ids)
            summary.controls.append((referral_id, control_id, code))
    finally:
        host.stop()
    return summary
