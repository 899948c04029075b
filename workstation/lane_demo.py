"""Headless lane demonstration: referral → control → scan → stored scan → control result.

It runs the officer's lane exactly as the application does, without a window: the lane
devices start the x-ray simulator as its own process through the device registry (as a lane
file with ``simulated = true`` would), a :class:`~workstation.lane.session.LaneSession`
opens each vehicle's control, asks for scans, stores them corrected with the detector's
maps (taken through the protocol before the first scan and recorded as a device check),
analyses them with the shipped models, and saves the result — so the demo's scans carry
the same metadata as the application's. With ``faults`` every fault kind of the simulator
is injected once, in turn, into a vehicle's first scan; each faulted scan is kept (marked
incomplete with its reason) and the vehicle is scanned again to show that the scanner
recovered.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from devices.xray.interface import ArmParameters, ScanResult
from devices.xray.protocol import FaultKind
from workstation.config import DeviceConfig, WorkstationConfig
from workstation.db.engine import Database
from workstation.db.models import User
from workstation.hosts.xray import InjectedFault
from workstation.lane.analysis import ScanAnalyser
from workstation.lane.devices import LaneDevices
from workstation.lane.events import (
    AnalysisDone,
    AnalystDecisionArrived,
    DeviceHealth,
    LaneEvent,
    Notice,
    OperationFailed,
    ResultRefused,
    ResultSaved,
    ScanFailed,
    ScanStored,
)
from workstation.lane.gateway import LaneGateway
from workstation.lane.jobs import JobQueue
from workstation.lane.scanner import DetectorCalibrated
from workstation.lane.session import EventRouter, LaneServices, LaneSession
from workstation.lane.types import ResultDraft, ScanRecord, UserInfo

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
    # Seconds from each scan stored to the remote analyst's decision shown at the lane
    # (only with a post listener and ``[analysis] remote`` on: see :func:`run_demo`).
    analyst_waits_s: list[float] = field(default_factory=list)

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


class _Recorder:
    """The demo's front end: keeps device events for the summary, queues the rest."""

    def __init__(self, summary: DemoSummary) -> None:
        self.summary = summary
        self.events: queue.Queue[LaneEvent] = queue.Queue()
        self.closing = False  # the demo is stopping its devices: that is no device event
        # Remote analysis: scans sent and decisions arrived, counted apart from the event
        # queue (a decision may arrive while the demo waits for another event).
        self._analysis = threading.Condition()
        self.sent_to_analysis = 0
        self.decisions = 0
        self._stored_at: dict[str, float] = {}  # scan id (hex) -> monotonic time stored

    def publish(self, event: LaneEvent) -> None:
        if isinstance(event, DeviceHealth):
            if event.state in ("lost", "degraded") and not self.closing:
                self.summary.device_events.append(f"{event.state}: {event.detail}")
            return
        if isinstance(event, DetectorCalibrated):
            self.summary.calibration = event.calibration.describe()
        if isinstance(event, ScanStored) and event.record.scan_id is not None:
            self._stored_at[event.record.scan_id.hex] = time.monotonic()
        if isinstance(event, Notice) and event.what == "sent-to-analysis":
            with self._analysis:
                self.sent_to_analysis += 1
        if isinstance(event, AnalystDecisionArrived):
            stored = self._stored_at.get(event.decision.scan_key)
            with self._analysis:
                self.decisions += 1
                if stored is not None:
                    self.summary.analyst_waits_s.append(time.monotonic() - stored)
                self._analysis.notify_all()
        if isinstance(event, ScanStored | AnalysisDone | ScanFailed | OperationFailed
                      | ResultSaved | ResultRefused):
            self.events.put(event)

    def wait_for(self, kind: type[LaneEvent], timeout_s: float = SCAN_TIMEOUT_S) -> Any:
        """The next event of ``kind``; a failure event on the way is raised as an error."""
        while True:
            event = self.events.get(timeout=timeout_s)
            if isinstance(event, kind):
                return event
            if isinstance(event, OperationFailed | ScanFailed | ResultRefused):
                raise RuntimeError(f"lane demo: {event}")


    def wait_for_analysts(self, timeout_s: float = SCAN_TIMEOUT_S) -> None:
        """Until every scan sent to remote analysis has its analyst's decision shown."""
        with self._analysis:
            if not self._analysis.wait_for(lambda: self.decisions >= self.sent_to_analysis,
                                           timeout_s):
                raise RuntimeError(f"lane demo: {self.sent_to_analysis - self.decisions} "
                                   f"scan(s) without an analyst's decision after {timeout_s:g} s")


def _officer(db: Database) -> UserInfo:
    from sqlalchemy import select

    from workstation.services import users

    with db.unit_of_work() as session:
        user = session.scalar(select(User).where(User.username == OFFICER))
        if user is None:
            user = users.add_user(session, OFFICER, "officer", uuid.uuid4().hex,
                                  full_name="Demo officer", actor="demo")
            session.flush()
        return UserInfo(user.id, user.username, user.full_name, user.role)


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


def scanner_config(seed: int, scene: str) -> DeviceConfig:
    """The demo's scanner: the real driver against its simulator, ``scene`` in the tunnel."""
    return DeviceConfig.model_validate({
        "name": "scanner", "kind": "xray", "driver": "xray-tcp", "simulated": True,
        "settings": {"block_timeout_s": 1.5, "integration_us": 2000, "block_lines": 64},
        "simulator": {"seed": seed, "scene": scene}})


def _scan(session: LaneSession, recorder: _Recorder, fault: InjectedFault | None,
          params: ArmParameters) -> tuple[ScanResult, ScanRecord]:
    future = session.start_scan(fault=fault, params=params)
    if future is None:
        raise RuntimeError("the lane has no scanner")
    result: ScanResult = future.result(SCAN_TIMEOUT_S)
    stored: ScanStored = recorder.wait_for(ScanStored)
    if stored.record.complete:
        recorder.wait_for(AnalysisDone)
    return result, stored.record


def _decide_and_save(session: LaneSession, recorder: _Recorder, control_id: str) -> str:
    """The demo officer looked at each finding and found nothing: every finding is rejected
    (recorded as such), the result is A2 (considered satisfactory)."""
    session.services.writer.submit("barrier", lambda: None).result(SCAN_TIMEOUT_S)
    control = session.state().control
    findings = control.findings if control is not None else ()
    for f in findings:
        session.decide_finding(f.key, "rejected").result(SCAN_TIMEOUT_S)
    remarks = "lane demo: scan image inspected, nothing found"
    if findings:
        remarks += f"; {len(findings)} model finding(s) looked at and rejected"
    draft = ResultDraft(control_id=control_id, control_types=["scan"], code="A2",
                        remarks=remarks, minutes_spent=4.0)
    if not session.save_result(draft).result(SCAN_TIMEOUT_S):
        raise RuntimeError(f"lane demo: result refused: {recorder.wait_for(ResultRefused)}")
    return "A2"


def run_demo(config: WorkstationConfig, db: Database, *, vehicles: int, faults: bool,
             seed: int, scene: str = "parcel",
             echo: Callable[[str], None] | None = None,
             listener: Any | None = None) -> DemoSummary:
    """Run the demonstration; returns the summary (also printed line by line via ``echo``).

    ``listener``: the process's :class:`~workstation.lane.post_listener.PostListener` when
    the lane belongs to a post; scans its ``[analysis] remote`` setting selects then go to
    the post's analysts, and each vehicle waits for their decisions (regions become
    findings, rejected with the others) before its result is saved.
    """
    if vehicles < 1:
        raise ValueError(f"vehicles must be at least 1, got {vehicles}")
    say = echo or (lambda _text: None)
    summary = DemoSummary(vehicles)
    officer = _officer(db)
    referral_ids = _import_referrals(db, config, vehicles, seed)
    say(f"imported {len(referral_ids)} referral(s)")
    recorder = _Recorder(summary)
    router = EventRouter(recorder)
    services = LaneServices(gateway=LaneGateway(config, db), writer=JobQueue("demo-writer"),
                            drafts=JobQueue("demo-drafts"), analysis=JobQueue("demo-analysis"),
                            analyser=ScanAnalyser(config), router=router)
    if listener is not None:
        services.extra["post_listener"] = listener
    devices = LaneDevices([scanner_config(seed, scene)], router, read_plates=False)
    services.devices = devices
    session = LaneSession(services, officer, recorder)
    plan = list(FAULTS) if faults else []
    params = ArmParameters(max_lines=8192, integration_us=2000, block_lines=64)
    try:
        devices.start()
        if devices.scanner is None or not devices.scanner.host.wait_connected(60.0):
            raise RuntimeError("the x-ray simulator did not come up within 60 s: "
                               + "; ".join(devices.problems))
        for number, referral_id in enumerate(referral_ids, start=1):
            # Every remaining fault goes to the last vehicle if there are fewer vehicles.
            mine = [plan.pop(0)] if plan else []
            if number == len(referral_ids):
                mine, plan = mine + plan, []
            control_id = session.open_control(referral_id, referral_id).result(SCAN_TIMEOUT_S)
            if control_id is None:
                raise RuntimeError(f"lane demo: control for {referral_id} not opened")
            for fault in [*mine, None]:
                armed = FAST_LINES if fault and fault.kind is FaultKind.SLOW else params
                result, record = _scan(session, recorder, fault, armed)
                injected = fault.kind.name.lower() if fault else ""
                line = ScanLine(number, referral_id, str(record.scan_id), scene,
                                result.lines_received, int(result.data.shape[2]),
                                result.complete, result.incomplete_reason,
                                list(result.warnings), injected,
                                [f.name.lower() for f in result.faults_seen])
                summary.scans.append(line)
                if len(summary.scans) == 1 and summary.calibration:
                    c = summary.calibration
                    say(f"detector calibrated: {c['bad_pixels']} bad pixel(s) of {c['pixels']}")
                say(f"vehicle {number}: scan {str(record.scan_id)[:8]} "
                    + ("complete" if result.complete else f"incomplete: {result.incomplete_reason}")
                    + (f" ({'; '.join(result.warnings)})" if result.warnings else ""))
            if listener is not None:
                recorder.wait_for_analysts()
            code = _decide_and_save(session, recorder, control_id)
            summary.controls.append((referral_id, control_id, code))
    finally:
        recorder.closing = True
        session.close()
        devices.stop()
        services.analysis.run_now(services.analyser.close, timeout_s=60.0)
        for jobs in (services.analysis, services.drafts, services.writer):
            jobs.stop()
    return summary
