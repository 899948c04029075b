"""The officer's lane session: the workflow state of one lane, its commands and its events.

A :class:`LaneSession` is made when an officer logs in and lives until logout. It owns
the state of the lane (the referral queue, the latest plate read and its match, the open
control with its scans, findings and their decisions, readings, plate read and the result
draft) and changes it only on the persistence writer's thread, the one thread that talks to
the database while the lane runs. Commands may be called from any thread: each only queues
work and returns a :class:`~concurrent.futures.Future`. What happened is published as typed
events (:mod:`workstation.lane.events`) to the front end — the Qt bridge for the officer's
window, a recorder in headless tests, the demo's printer. A window therefore holds no
workflow state: it can be closed and opened again and shows :meth:`LaneSession.state`.

Device events reach the session through :class:`EventRouter` (the lane's devices start
before anybody logs in); the session takes the ones that change the record (a plate read,
a finished scan, a taken reading, a detector calibration) and passes every event on.
Model analysis runs on its own queue; its outcome is handed back to the writer with a
done-callback, so no worker ever waits on another's future.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

import numpy as np

from workstation.lane import drafts
from workstation.lane.analysis import AnalysisOutcome, ScanAnalyser
from workstation.lane.base import SessionBase
from workstation.lane.devices import LaneDevices
from workstation.lane.events import (
    AnalysisDone,
    AnalystDecision,
    ControlHandedOver,
    ControlOpened,
    ControlRecovered,
    CoreError,
    DraftWritten,
    EvidenceAttached,
    FindingsChanged,
    HandheldReadingArrived,
    LaneEvent,
    LaneEvents,
    Notice,
    OperationFailed,
    PlateRead,
    QueueChanged,
    ReferralMatched,
    ResultRefused,
    ResultSaved,
    ScanAcquired,
    ScannerTestStatus,
    ScanOpened,
    ScanStarted,
    ScanStored,
)
from workstation.lane.gateway import LaneGateway
from workstation.lane.jobs import JobQueue, JobQueueStopped
from workstation.lane.scanner import AcquiredScan, DetectorCalibrated
from workstation.lane.types import (
    ControlDossier,
    HandheldReading,
    HeldControl,
    ModelFinding,
    PlateReading,
    ReadingSummary,
    ReferralRow,
    ResultDraft,
    ScanHeader,
    ScanRecord,
    UserInfo,
)

log = logging.getLogger(__name__)
T = TypeVar("T")
DECISIONS = ("pending", "accepted", "rejected")
_CONTAINER = re.compile(r"[A-Z]{4}\d{7}")


@dataclass(frozen=True)
class OpenControl:
    """The control open at the lane, with everything recorded against it so far.

    ``findings`` carry the officer's current decisions (saved with the result);
    ``opened_at`` is UTC, from the record, so the elapsed time survives a restart.
    """

    control_id: str
    subject: str
    referral: ReferralRow | None
    opened_at: datetime
    draft: ResultDraft
    findings: tuple[ModelFinding, ...] = ()
    scans: tuple[ScanRecord, ...] = ()
    readings: tuple[ReadingSummary, ...] = ()
    plate: PlateReading | None = None
    recovered: bool = False
    analyst: tuple[AnalystDecision, ...] = ()  # remote analysts' decisions on its scans

    @property
    def referral_id(self) -> str | None:
        return self.referral.referral_id if self.referral else (self.draft.referral_id or None)

    def undecided(self) -> list[ModelFinding]:
        return [f for f in self.findings if f.decision == "pending"]


@dataclass(frozen=True)
class LaneState:
    """A consistent snapshot of the lane (immutable; a new one after every change)."""

    user: UserInfo
    queue: tuple[ReferralRow, ...] = ()
    held: tuple[HeldControl, ...] = ()  # returned to this officer, or handed over to them
    last_reading: PlateReading | None = None  # latest plate / container read, no control open
    typed: str | None = None  # what the officer typed instead: never overwritten by the camera
    match: ReferralRow | None = None  # the referral it (or the typed text) matched
    control: OpenControl | None = None
    latest_scan: ScanRecord | None = None
    latest_analysis: AnalysisOutcome | None = None
    saving: bool = False


@dataclass
class _Pending:
    """A scan stored before a control was opened: it joins the next control opened."""

    record: ScanRecord
    outcome: AnalysisOutcome | None = None


class EventRouter:
    """The lane devices' sink: events go to the session logged in, or straight to the front
    end when nobody is (health and frames are shown on the login screen's status bar)."""

    def __init__(self, front: LaneEvents) -> None:
        self.front = front
        self.session: LaneSession | None = None

    def publish(self, event: LaneEvent) -> None:
        session = self.session
        if session is not None:
            session.publish(event)
        else:
            self.front.publish(event)


@dataclass
class LaneServices:
    """What a session works with, made once per application run (see ``ui/context.py`` and
    ``workstation.lane_demo``): the gateway, the three queues, the analyser and the devices."""

    gateway: LaneGateway
    writer: JobQueue
    drafts: JobQueue
    analysis: JobQueue
    analyser: ScanAnalyser
    devices: LaneDevices | None = None
    router: EventRouter | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class LaneSession(SessionBase[LaneState]):
    """One officer's lane (see the module docstring). Thread-safe: commands enqueue only."""

    def __init__(self, services: LaneServices, user: UserInfo, front: LaneEvents) -> None:
        super().__init__(services.writer, front, LaneState(user=user))
        self.services = services
        self.gateway = services.gateway
        self.user = user
        self._pending_scan: _Pending | None = None
        self._closed = False
        if services.router is not None:
            services.router.session = self
        from workstation.lane.remote_link import RemoteLink

        self.remote = RemoteLink(self)  # the post: remote analysis, other lanes' changes

    # --- state ----------------------------------------------------------------------------

    def _set_control(self, control: OpenControl | None) -> None:
        self._set(control=control)

    # --- plumbing -------------------------------------------------------------------------

    def publish(self, event: LaneEvent) -> None:
        """Device events (host threads): the ones that change the record are taken up on
        the writer; every event is passed on to the front end."""
        if self._closed:
            self._emit(event)
            return
        if isinstance(event, PlateRead):
            self._on_writer("plate-read", lambda: self._plate_read(event.reading))
            return  # passed on by _plate_read when no control is open
        self._emit(event)
        if isinstance(event, ScanStarted):
            self._on_writer("scan-started", lambda: self._set(latest_scan=None))
        elif isinstance(event, ScanAcquired):
            acquired: AcquiredScan = event.acquired
            self._on_writer("store-scan", lambda: self._store_scan(acquired))
        elif isinstance(event, HandheldReadingArrived) and event.reading.taken:
            reading = event.reading
            self._on_writer("record-reading", lambda: self._record_reading(reading))
        elif isinstance(event, DetectorCalibrated):
            calibrated = event
            self._on_writer("record-calibration", lambda: self._record_calibration(calibrated))

    def close(self) -> None:
        """Logout: write the draft now, stop taking device events (the record stays)."""
        if self._closed:
            return
        control = self.state().control
        if control is not None:
            username, draft = self.user.username, control.draft
            try:
                self.services.drafts.run_now(lambda: drafts.save_draft(username, draft))
            except (JobQueueStopped, TimeoutError, drafts.DraftError) as exc:
                log.error("draft of %s not written at logout: %s", control.control_id, exc)
        self._closed = True
        self.remote.close()
        router = self.services.router
        if router is not None and router.session is self:
            router.session = None

    # --- queue and vehicle ----------------------------------------------------------------

    def refresh_queue(self) -> Future[tuple[ReferralRow, ...]]:
        def work() -> tuple[ReferralRow, ...]:
            rows = tuple(self.gateway.referral_queue())
            control = self.state().control
            held = tuple(h for h in self.gateway.held_controls(self.user)
                         if control is None or h.control_id != control.control_id)
            self._set(queue=rows, held=held)
            self._emit(QueueChanged(rows, held))
            return rows

        return self._on_writer("queue", work)

    def _plate_read(self, reading: PlateReading) -> None:
        if self.state().control is not None:
            return  # the vehicle in the lane is under control: later reads are other traffic
        self._set(last_reading=reading)
        self._emit(PlateRead(reading))
        if self.state().typed is None:  # the officer's own text is matched, not the camera's
            self._match(reading.text, reading.kind, reading.containers)

    def _match(self, text: str, kind: str, containers: tuple[str, ...] = ()) -> ReferralRow | None:
        row = self.gateway.match_referral(text, kind, containers)
        self._set(match=row)
        self._emit(ReferralMatched(text, row))
        return row

    def correct_text(self, text: str) -> Future[ReferralRow | None]:
        """The officer typed a plate or container code (ISO 6346 shape: container): it is
        kept — later camera reads do not replace it — and matched. An empty text hands the
        reading back to the camera."""
        value = "".join(ch for ch in text.upper() if ch.isalnum())
        kind = "container" if _CONTAINER.fullmatch(value) else "plate"

        def work() -> ReferralRow | None:
            self._set(typed=text if value else None)
            if not value:
                reading = self.state().last_reading
                return self._match(reading.text, reading.kind, reading.containers) \
                    if reading is not None else None
            return self._match(text, kind)

        return self._on_writer("match", work)

    def confirm_vehicle(self, text: str, match: ReferralRow | None) -> Future[str | None]:
        """The officer confirms the arriving vehicle (``text`` as read or corrected)."""
        return self.open_control(match.referral_id if match else None, text, plate_text=text)

    def open_for_referral(self, row: ReferralRow) -> Future[str | None]:
        subject = row.identities[0] if row.identities else (row.mrn or row.referral_id)
        return self.open_control(row.referral_id, subject)

    def open_control(self, referral_id: str | None, subject: str,
                     plate_text: str | None = None) -> Future[str | None]:
        """Open a control (random when ``referral_id`` is None); None when one is open."""

        def work() -> str | None:
            state = self.state()
            if state.control is not None:
                self._emit(Notice("control-already-open", state.control.subject))
                return None
            control_id = self.gateway.open_control(self.user, referral_id, subject)
            plate = self._identify(control_id, state.last_reading, plate_text)
            referral = next((r for r in state.queue if r.referral_id == referral_id), None)
            if referral is None and state.match and state.match.referral_id == referral_id:
                referral = state.match
            control = OpenControl(
                control_id, subject, referral, datetime.now(UTC),
                ResultDraft(control_id=control_id, subject=subject, referral_id=referral_id or ""),
                plate=plate)
            self._set(control=control, last_reading=None, match=None, typed=None)
            if self.services.devices is not None:
                self.services.devices.set_plate_reading(False)
            self._emit(ControlOpened(control_id, referral_id, subject, referral))
            if plate is not None:
                self._emit(EvidenceAttached("plate_read", plate.camera))
            self._write_draft()
            self.refresh_queue()
            self._attach_pending(control_id)
            return control_id

        return self._on_writer("open-control", work)

    def _identify(self, control_id: str, reading: PlateReading | None,
                  confirmed: str | None) -> PlateReading | None:
        """Record what identified the vehicle (``confirmed``: the text the officer confirmed):
        the camera's read, or a correction with the frame of this moment."""
        if confirmed is None:
            return None
        same = reading is not None and _alnum(reading.text) == _alnum(confirmed)
        if same:
            self.gateway.attach_plate_read(self.user, control_id, reading, None)
            return reading
        devices = self.services.devices
        camera, frame = devices.camera_snapshot() if devices is not None else ("", None)
        self.gateway.attach_plate_read(self.user, control_id, reading, confirmed,
                                       frame_jpeg=frame, camera=camera)
        kind = "container" if _CONTAINER.fullmatch(_alnum(confirmed)) else "plate"
        return PlateReading(kind, confirmed, reading.confidence if reading else 0.0,
                            camera or (reading.camera if reading else ""))

    # --- scan -----------------------------------------------------------------------------

    def start_scan(self, **options: Any) -> Future[Any] | None:
        """Ask the scanner for a scan (``options``: ``fault``, ``params`` for the demo and
        tests); the scan arrives as events. None when no scanner is configured."""
        devices = self.services.devices
        scanner = devices.scanner if devices is not None else None
        if scanner is None:
            self._emit(Notice("no-scanner"))
            return None
        try:
            future = scanner.scan(**options)
        except RuntimeError as exc:  # host stopped
            self._emit(OperationFailed("start-scan", str(exc)))
            return None
        future.add_done_callback(lambda f: self._device_done("scan", f))
        self._emit(Notice("scan-requested", scanner.name))
        return future

    def open_scan(self, record: ScanRecord) -> Future[None]:
        """Show a stored scan again (after a restart or when a window opens): read back
        from the image store, hash checked, published as :class:`ScanOpened`."""

        def work() -> None:
            if record.scan_id is None:
                raise LookupError(f"scan {record.scan_key[:8]} was not stored")
            scan = self.gateway.open_stored_scan(self.user, record.scan_id)
            self._emit(ScanOpened(record, stored_scan_header(record, scan)))

        return self._on_writer("open-scan", work)

    def _device_done(self, what: str, future: Future[Any]) -> None:
        """On the host thread: a failed device command becomes an error event."""
        if not future.cancelled() and future.exception() is not None:
            self._emit(CoreError(f"{what}: {future.exception()}"))

    def _store_scan(self, acquired: AcquiredScan) -> ScanRecord:
        control = self.state().control
        control_id = control.control_id if control else None
        record = self.gateway.store_scan(self.user, control_id, acquired)
        self._set(latest_scan=record)
        if control is not None:
            control = self._current(control_id)
            if control is not None:
                self._set_control(replace(control, scans=(*control.scans, record)))
        else:
            self._pending_scan = _Pending(record)
        self._emit(ScanStored(record, attached=control_id is not None))
        if control_id is not None:
            self._emit(EvidenceAttached("scan", acquired.device))
            self.remote.scan_attached(control_id, record)
        if record.complete:  # an incomplete scan is kept but not analysed: it is cut short
            self._analyse(acquired, record)
        return record

    def _current(self, control_id: str | None) -> OpenControl | None:
        control = self.state().control
        return control if control is not None and control.control_id == control_id else None

    def _analyse(self, acquired: AcquiredScan, record: ScanRecord) -> None:
        from workstation.scans.service import row_kind

        analyser = self.services.analyser
        kind = row_kind(acquired.kind)
        queued = self.services.analysis.submit(
            "analyse", lambda: analyser.request(acquired.scan, kind))

        def hand_back(f: Future[AnalysisOutcome]) -> None:  # never waits: hands back
            try:
                self._on_writer("analysis", lambda: self._analysed(f, record))
            except RuntimeError:
                log.info("analysis of %s finished after the lane closed", record.scan_key)

        def requested(f: Future[Future[AnalysisOutcome]]) -> None:
            if f.exception() is not None:
                hand_back(f)  # type: ignore[arg-type]  # carries the start-up failure
            else:
                f.result().add_done_callback(hand_back)

        queued.add_done_callback(requested)

    def _analysed(self, future: Future[AnalysisOutcome], record: ScanRecord) -> None:
        exc = future.exception()
        if exc is not None:
            raise exc
        outcome = future.result()
        self._set(latest_analysis=outcome)
        self._emit(AnalysisDone(outcome, record))
        if outcome.message or not outcome.analyses:
            return
        pending = self._pending_scan
        if pending is not None and pending.record.scan_key == record.scan_key:
            pending.outcome = outcome
            return
        control = self.state().control
        if control is not None and any(s.scan_key == record.scan_key for s in control.scans):
            self._store_findings(control.control_id, record, outcome)

    def _store_findings(self, control_id: str, record: ScanRecord,
                        outcome: AnalysisOutcome) -> None:
        found = self.gateway.add_model_findings(self.user, control_id, record.scan_id,
                                                outcome.analyses)
        self._add_findings(control_id, found)
        if found:
            self.remote.scan_attached(control_id, record, model_alarm=True)

    def _attach_pending(self, control_id: str) -> None:
        """A scan taken before the control was opened joins it, with its analysis."""
        pending, self._pending_scan = self._pending_scan, None
        if pending is None or pending.record.scan_id is None:
            return
        record = pending.record
        note = "" if record.complete else f"incomplete: {record.incomplete_reason}"
        self.gateway.attach_scan(self.user, control_id, pending.record.scan_id, note)
        control = self._current(control_id)
        if control is not None:
            self._set_control(replace(control, scans=(*control.scans, record)))
        self._emit(EvidenceAttached("scan"))
        self.remote.scan_attached(control_id, record)
        if pending.outcome is not None and pending.outcome.analyses:
            self._store_findings(control_id, record, pending.outcome)

    # --- findings -------------------------------------------------------------------------

    def _add_findings(self, control_id: str, found: list[ModelFinding]) -> None:
        control = self._current(control_id)
        if control is None:
            return
        known = {f.key: f for f in control.findings}
        added = sum(1 for f in found if f.key not in known)
        for f in found:  # a repeated rule finding comes back updated, with the same key
            old = known.get(f.key)
            known[f.key] = f if old is None else dataclasses.replace(f, decision=old.decision)
        decisions = {**control.draft.finding_decisions,
                     **{k: f.decision for k, f in known.items()}}
        draft = replace(control.draft, finding_decisions=decisions)
        control = replace(control, findings=tuple(known.values()), draft=draft)
        self._set_control(control)
        self._emit(FindingsChanged(control.findings, added))
        self._write_draft()

    def decide_finding(self, key: str, decision: str) -> Future[None]:
        """Accept or reject a finding (or set it back to pending); saved with the result."""
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {decision!r}")

        def work() -> None:
            control = self.state().control
            if control is None or all(f.key != key for f in control.findings):
                raise LookupError(f"finding {key[:8]} is not a finding of the open control")
            findings = tuple(dataclasses.replace(f, decision=decision) if f.key == key else f
                             for f in control.findings)
            draft = replace(control.draft, finding_decisions={
                **control.draft.finding_decisions, key: decision})
            control = replace(control, findings=findings, draft=draft)
            self._set_control(control)
            self._emit(FindingsChanged(findings))
            self._write_draft()

        return self._on_writer("decide-finding", work)

    def note_decision(self, control_id: str, decision: AnalystDecision) -> None:
        """Keep a remote analyst's decision with the open control (writer thread)."""
        control = self._current(control_id)
        if control is not None:
            self._set_control(replace(control, analyst=(*control.analyst, decision)))

    # --- handheld -------------------------------------------------------------------------

    def handhelds(self) -> list[tuple[str, str]]:
        devices = self.services.devices
        return devices.handhelds() if devices is not None else []

    def take_reading(self, device: str) -> Future[Any] | None:
        """Ask ``device`` for a reading; it arrives as a taken reading and is attached."""
        devices = self.services.devices
        if self.state().control is None or devices is None:
            self._emit(Notice("open-control-first"))
            return None
        try:
            future = devices.take_reading(device)
        except (KeyError, RuntimeError) as exc:
            self._emit(OperationFailed("take-reading", str(exc)))
            return None
        self._emit(Notice("measuring", device))
        return future

    def measure_riid(self) -> Future[Any] | None:
        names = [n for n, kind in self.handhelds() if kind == "riid"]
        if not names:
            self._emit(Notice("no-riid"))
            return None
        return self.take_reading(names[0])

    def acknowledge_alarm(self, device: str, alarms: tuple[str, ...]) -> Future[None]:
        """The officer acknowledged ``device``'s alarm box: recorded (who, when, which
        alarms, during which control)."""
        control = self.state().control
        control_id = control.control_id if control is not None else None
        return self._on_writer("acknowledge-alarm", lambda: self.gateway.acknowledge_alarm(
            self.user, device, tuple(alarms), control_id))

    def _record_reading(self, reading: HandheldReading) -> None:
        control = self.state().control
        if control is None:
            return
        found = self.gateway.record_reading(self.user, control.control_id, reading)
        summary = ReadingSummary(reading.device_name, reading.device_kind, datetime.now(UTC),
                                 {k: {"value": v, "unit": u} for k, (v, u) in reading.values.items()},
                                 reading.alarms)
        control = self._current(control.control_id)
        if control is not None:
            self._set_control(replace(control, readings=(*control.readings, summary)))
        self._emit(EvidenceAttached("reading", reading.device_name))
        self._add_findings(control.control_id if control else "", found)

    def _record_calibration(self, event: DetectorCalibrated) -> None:
        self.gateway.record_calibration(self.user, event.device, event.measured())
        self._emit(Notice("detector-calibrated", event.device))

    # --- result and draft -----------------------------------------------------------------

    def update_draft(self, draft: ResultDraft) -> Future[None]:
        """What the officer typed into the result form; the session keeps the finding
        decisions (they are decided on the findings, not in the form)."""

        def work() -> None:
            control = self.state().control
            if control is None or draft.control_id != control.control_id:
                return
            merged = replace(draft, finding_decisions=dict(control.draft.finding_decisions),
                             subject=control.subject, referral_id=control.draft.referral_id)
            self._set_control(replace(control, draft=merged))
            self._write_draft()

        return self._on_writer("update-draft", work)

    def _write_draft(self) -> None:
        control = self.state().control
        if control is None:
            return
        username, draft = self.user.username, ResultDraft.from_json(control.draft.to_json())
        future = self.services.drafts.submit(
            "save-draft", lambda: drafts.save_draft(username, draft))

        def done(f: Future[Any]) -> None:
            if f.exception() is not None:
                self._emit(OperationFailed("save-draft", str(f.exception())))
            else:
                self._emit(DraftWritten(draft.control_id))

        future.add_done_callback(done)

    def problems(self, draft: ResultDraft | None = None) -> list[str]:
        """What stops ``draft`` (None: the session's) from being saved now, each naming its
        field; pure and thread-safe, so a form can say it at once. :meth:`save_result`
        checks again, and the service refuses undecided findings whoever asks."""
        control = self.state().control
        if control is None:
            return ["no control is open"]
        latest = control.draft if draft is None else replace(
            draft, finding_decisions=dict(control.draft.finding_decisions))
        found = self.gateway.validate(latest)
        undecided = control.undecided()
        if undecided and not any(p.startswith("findings:") for p in found):
            found.append(f"findings: {len(undecided)} finding(s) not yet accepted or rejected")
        return found

    def save_result(self, draft: ResultDraft | None = None) -> Future[bool]:
        """Record the result and close the control (one transaction). ``draft``: the form's
        latest content (None: the session's). False, with :class:`ResultRefused`, when the
        result is not complete; the service refuses undecided findings whoever asks."""

        def work() -> bool:
            control = self.state().control
            if control is None:
                self._emit(ResultRefused(("no control is open",)))
                return False
            latest = control.draft if draft is None else replace(
                draft, finding_decisions=dict(control.draft.finding_decisions))
            control = replace(control, draft=latest)
            self._set_control(control)
            problems = self.problems(latest)
            if problems:
                self._emit(ResultRefused(tuple(problems)))
                self._write_draft()
                return False
            self._set(saving=True)
            try:
                self.gateway.record_result(self.user, latest)
            finally:
                self._set(saving=False)
            username = self.user.username
            self.services.drafts.submit("discard-draft", lambda: drafts.discard_draft(username))
            self._set(control=None)
            if self.services.devices is not None:
                self.services.devices.set_plate_reading(True)
            self._emit(ResultSaved(control.control_id))
            self.refresh_queue()
            return True

        return self._on_writer("record-result", work)

    def check_scanner_test(self) -> Future[ScannerTestStatus | None]:
        """Whether the lane's scanner passed its daily image-quality test
        (:func:`workstation.services.iq_tests.daily_status`): published as
        :class:`ScannerTestStatus` for the officer's warning; None without a scanner."""
        from workstation.services import iq_tests

        def work() -> ScannerTestStatus | None:
            devices = self.services.devices
            link = devices.scanner if devices is not None else None
            if link is None:
                return None
            with self.gateway.db.unit_of_work() as s:
                status = iq_tests.daily_status(s, self.gateway.config.lane.lane_id, link.name)
            event = ScannerTestStatus(
                link.name, status.state, status.failed_metrics,
                status.latest.performed_at if status.latest is not None else None)
            self._emit(event)
            return event

        return self._on_writer("scanner-test", work)

    def recover(self) -> Future[str | None]:
        """Take up this officer's unfinished control after a restart, a crash or a language
        switch: from the draft on disk, or from the record when the draft is gone. Returns
        the control's id, or None when there is nothing to take up."""

        def work() -> str | None:
            current = self.state().control
            if current is not None:
                return current.control_id
            draft = drafts.load_draft(self.user.username)
            control_id = draft.control_id if draft and draft.control_id else None
            control_id = control_id or self.gateway.open_control_of(self.user)
            if control_id is None:
                return None
            return self._take_up(control_id, draft, discard_stale=True)

        return self._on_writer("recover-draft", work)

    def take_up(self, control_id: str) -> Future[str | None]:
        """Work on a control this officer holds: one a supervisor returned (to correct), or
        one handed over to them. None when another control is open (finish it first)."""

        def work() -> str | None:
            current = self.state().control
            if current is not None:
                self._emit(Notice("control-already-open", current.subject))
                return None
            draft = drafts.load_draft(self.user.username)
            return self._take_up(control_id, draft, discard_stale=False)

        return self._on_writer("take-up", work)

    def _take_up(self, control_id: str, draft: ResultDraft | None,
                 discard_stale: bool) -> str | None:
        held = {h.control_id for h in self.gateway.held_controls(self.user)}
        dossier = self.gateway.control_dossier(control_id) if control_id in held else None
        if dossier is None or dossier.status not in ("open", "returned"):
            if discard_stale:
                username = self.user.username
                self.services.drafts.submit("discard-draft",
                                            lambda: drafts.discard_draft(username))
                return None
            raise LookupError(f"control {control_id[:8]} is not an open or returned control "
                              "held by you")
        control = _recovered(dossier, draft)
        self._set(control=control)
        if self.services.devices is not None:
            self.services.devices.set_plate_reading(False)
        self._emit(ControlRecovered(control.control_id, control.subject, control.draft))
        self._emit(FindingsChanged(control.findings))
        self.remote.take_decisions(control.control_id)  # decided while the lane was away
        self._write_draft()
        self.refresh_queue()
        return control.control_id

    def hand_over(self, to_username: str, reason: str = "") -> Future[bool]:
        """Hand the open control, with its draft, to another officer at shift change
        (recorded); this lane is then free. False when no control is open."""

        def work() -> bool:
            control = self.state().control
            if control is None:
                self._emit(Notice("open-control-first"))
                return False
            self.gateway.hand_over(self.user, control.control_id, to_username, reason)
            draft = ResultDraft.from_json(control.draft.to_json())
            username = self.user.username

            def move_draft() -> None:  # the next officer finds what was typed so far
                drafts.save_draft(to_username, draft)
                drafts.discard_draft(username)

            self.services.drafts.submit("hand-over-draft", move_draft)
            self._set(control=None)
            if self.services.devices is not None:
                self.services.devices.set_plate_reading(True)
            self._emit(ControlHandedOver(control.control_id, to_username))
            self.refresh_queue()
            return True

        return self._on_writer("hand-over", work)


def stored_scan_header(record: ScanRecord, scan: Any) -> ScanHeader:
    """A stored scan (``workstation.imaging.scan.DualEnergyScan``) as a viewer shows it:
    ``lines`` the whole image, rows x columns x 2 (uint16, low / high; a single-energy scan
    repeats its one energy, so it is shown grey)."""
    low = scan.low if scan.low is not None else scan.high
    lines = np.ascontiguousarray(np.stack([low, scan.high], axis=-1))
    kind = str(scan.meta.get("scanner_class") or scan.meta.get("scene_kind") or "")
    return ScanHeader(record.scan_key, kind, int(lines.shape[0]), int(lines.shape[1]), 2,
                      float(scan.pixel_mm), str(scan.meta.get("device", "")), lines=lines)


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _recovered(dossier: ControlDossier, draft: ResultDraft | None) -> OpenControl:
    """The open control rebuilt from the record, with the officer's draft (decisions
    included) laid over it where the draft belongs to it."""
    if draft is None or draft.control_id != dossier.control_id:
        draft = ResultDraft(control_id=dossier.control_id, subject=dossier.subject,
                            referral_id=dossier.referral.referral_id if dossier.referral else "")
    decisions = dict(draft.finding_decisions)
    findings = []
    for f in dossier.findings:
        decision = decisions.get(f.key, f.decision)
        if f.decision != "pending":
            decision = f.decision  # decided in the record: that is what counts
        findings.append(dataclasses.replace(f, decision=decision))
    draft = replace(draft, finding_decisions={f.key: f.decision for f in findings})
    return OpenControl(dossier.control_id, dossier.subject, dossier.referral,
                       dossier.opened_at or datetime.now(UTC), draft, tuple(findings),
                       dossier.scans, dossier.readings, dossier.plate, recovered=True)
