"""The UI's one door into the core: users, referral queue, controls, evidence, results.

Every method is *blocking* and touches the database, so it only ever runs on the
persistence writer (:class:`workstation.lane.jobs.JobQueue`), never on a UI thread. The rules
live in ``workstation.services`` (users, controls, audit); this module only turns their ORM
objects into the detached values of :mod:`workstation.lane.types` and groups the calls that must
share one transaction (result + finding decisions + close).
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.config import WorkstationConfig
from workstation.db import models as m
from workstation.db.engine import Database
from workstation.domain.result_codes import ResultCodeError, ResultCodes
from workstation.imaging.scan import DualEnergyScan
from workstation.lane.scanner import AcquiredScan
from workstation.lane.types import (
    ControlDossier,
    HandheldReading,
    HeldControl,
    ModelFinding,
    PlateReading,
    ReadingSummary,
    ReferralRow,
    ResultCode,
    ResultDraft,
    ScanRecord,
    UserInfo,
)
from workstation.post.archive import ArchiveError, OrthancArchive
from workstation.post.outbox import enqueue_control_tdrs, origin_for
from workstation.scans.service import ScanNotFound, open_scan, save_scan, store_for
from workstation.scans.store import ImageStore, ScanIntegrityError
from workstation.services import (
    audit,
    controls,
    detector_checks,
    findings,
    matching,
    plate_reads,
    privacy,
    readings,
    referrals,
    users,
)
from workstation.services.alarm_rules import AlarmThresholds
from workstation.services.review_policy import ReviewPolicy


class GatewayError(Exception):
    """A refused operation; the message is shown to the officer as is."""


def _user_info(user: m.User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, user.role)


def _row(r: m.Referral) -> ReferralRow:
    return ReferralRow(
        pk=r.id, referral_id=r.referral_id, priority=r.priority, deadline=r.deadline,
        channel=r.channel, mrn=r.mrn,
        risk_profiles=tuple(f"{p.code} ({p.risk_area}): {p.description}" for p in r.risk_profiles),
        instructions=tuple(f"{i.control_type}: {i.text}" for i in r.instructions),
        identities=tuple(t.value for t in r.transport_ids),
        goods=tuple(g.description for g in r.goods), status=r.status)


_CONTAINER_SHAPE = re.compile(r"[A-Z]{4}\d{7}")


def _alnum(text: str) -> str:
    """Upper-case letters and digits only: how plates and container codes are compared."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def _finding(f: m.Finding) -> ModelFinding:
    """A stored finding (model or rule) as the lane shows it."""
    region = tuple(round(float(v)) for v in (f.region or (0, 0, 0, 0)))
    score = float(f.score) if f.score is not None else (1.0 if f.source == "rule" else 0.0)
    return ModelFinding(str(f.id), f.label, score, region,  # type: ignore[arg-type]
                        f.model_name or ("rule" if f.source == "rule" else ""),
                        f.model_version or "", f.model_sha256 or "", decision=f.decision,
                        source=f.source, description=f.description or "")


def _utc(when: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=UTC)


class LaneGateway:
    """Blocking core operations for one lane (``config.lane``); run on the writer thread."""

    def __init__(self, config: WorkstationConfig, db: Database) -> None:
        self.config = config
        self.db = db
        # The post's image archive ([archive]): scans and TDRs go to its outbox; scans that
        # are not on this workstation are fetched from it. None: a lane on its own.
        self.archive_origin = origin_for(config)
        try:
            self.archive = OrthancArchive.from_section(config.archive)
        except ArchiveError as exc:
            raise GatewayError(str(exc)) from None
        try:
            self.codes = ResultCodes.load(config.reference.result_codes)
        except ResultCodeError as exc:
            raise GatewayError(str(exc)) from None

    def _user(self, s: Session, user: UserInfo) -> m.User:
        try:
            return users.get_user(s, user.username)
        except users.UserError as exc:
            raise GatewayError(str(exc)) from None

    # --- users ----------------------------------------------------------------------

    def user_count(self) -> int:
        with self.db.unit_of_work() as s:
            return users.count_users(s)

    def create_first_admin(self, username: str, full_name: str, password: str) -> UserInfo:
        """Create the first administrator; refused once any user exists."""
        with self.db.unit_of_work() as s:
            if users.count_users(s):
                raise GatewayError("users already exist: ask an administrator for an account")
            try:
                user = users.add_user(s, username.strip(), "admin", password,
                                      full_name=full_name.strip(), actor="first-start")
            except users.UserError as exc:
                raise GatewayError(str(exc)) from None
            s.flush()
            return _user_info(user)

    def authenticate(self, username: str, password: str) -> UserInfo:
        """The user when the password verifies; the attempt is recorded (a failure audited,
        and counted for throttling and lockout) before a refusal is raised."""
        with self.db.unit_of_work() as s:
            outcome = users.login(s, username.strip(), password, host=users.this_host(),
                                  lane=self.config.lane.lane_id, policy=self.config.security)
            info = _user_info(outcome.user) if outcome.user is not None else None
        if info is None:  # raised after the commit, so the failed attempt is kept
            raise GatewayError(outcome.message)
        return info

    # --- reference data and queue -------------------------------------------------------

    def result_codes(self) -> list[ResultCode]:
        return [ResultCode(c.code, c.label, c.irregularity) for c in self.codes]

    def referral_queue(self) -> list[ReferralRow]:
        """Queued referrals for this lane (or for no lane), most urgent first."""
        with self.db.unit_of_work() as s:
            rows = referrals.list_referrals(s, lane=self.config.lane.lane_id, status="queued")
            for r in rows:
                _ = r.goods  # loaded inside the session, the row leaves detached
            return [_row(r) for r in rows]

    def match_referral(self, text: str, kind: str = "plate",
                       containers: tuple[str, ...] = ()) -> ReferralRow | None:
        """The queued referral best matching a read plate / container code (and the
        container codes read with it), tolerant of OCR confusions
        (:func:`workstation.services.matching.match_vehicle`); None when nothing matches."""
        plates = [text] if kind == "plate" and text.strip() else []
        codes = list(containers) + ([text] if kind == "container" and text.strip() else [])
        if not plates and not codes:
            return None
        with self.db.unit_of_work() as s:
            found = matching.match_vehicle(s, plates, codes, lane=self.config.lane.lane_id)
            if not found:
                return None
            referral = s.get(m.Referral, found[0].referral_pk)
            if referral is None:
                return None
            _ = referral.goods, referral.risk_profiles, referral.instructions, referral.transport_ids
            return _row(referral)

    # --- controls -----------------------------------------------------------------------

    def open_control(self, user: UserInfo, referral_id: str | None, subject: str) -> str:
        """Open a control (random when ``referral_id`` is None); returns its id."""
        with self.db.unit_of_work() as s:
            try:
                control = controls.open_control(
                    s, self._user(s, user), post=self.config.lane.post,
                    lane=self.config.lane.lane_id, referral_id=referral_id, subject=subject)
            except controls.ControlError as exc:
                raise GatewayError(str(exc) + self._who_has(referral_id)) from None
            return str(control.id)

    def _who_has(self, referral_id: str | None) -> str:
        """Who took ``referral_id`` (another lane won the race for it), for the refusal."""
        if referral_id is None:
            return ""
        with self.db.unit_of_work() as s:
            found = s.execute(
                select(m.User.username, m.Control.lane, m.Control.opened_at)
                .join(m.Referral, m.Referral.id == m.Control.referral_pk)
                .join(m.User, m.User.id == m.Control.officer_id, isouter=True)
                .where(m.Referral.referral_id == referral_id)
                .order_by(m.Control.queued_at.desc()).limit(1)).first()
        if found is None:
            return ""
        who, lane, opened = found
        when = _utc(opened)
        return (f"; {who or 'another officer'} at lane {lane} has it"
                + (f" (opened {when:%H:%M:%S} UTC)" if when is not None else ""))

    def purge_expired(self) -> str:
        """Apply the retention periods now (plate reads, unlinked frames, scans); says what
        went."""
        with self.db.unit_of_work() as s:
            report = privacy.purge(s, self.config.retention, self.config.storage.snapshots,
                                   datetime.now(UTC), image_store=self.config.storage.image_store)
        return (f"{report.plate_reads} plate reads, {report.frames} camera frames and "
                f"{report.scans + report.scan_files} scans purged")

    # --- viewing stored personal data (each view logged: who, when) ------------------------

    def open_stored_scan(self, user: UserInfo, scan_id: uuid.UUID | str) -> DualEnergyScan:
        """A stored scan, its file's hash verified, for a window to show. The view is
        logged (audit ``view.scan``: who, when) before the image is handed over."""
        try:
            row, scan = open_scan(self.db, store_for(self.config), scan_id,
                                  archive=self.archive)
        except (ScanNotFound, ScanIntegrityError) as exc:
            raise GatewayError(str(exc)) from None
        with self.db.unit_of_work() as s:
            privacy.log_view(s, user.username, "scan", row.id, how="window")
        return scan

    def plate_frame(self, user: UserInfo, plate_read_id: uuid.UUID | str) -> bytes | None:
        """The camera frame (JPEG bytes) a stored plate read was made on, hash-verified, or
        None when it has none (never taken, or purged). The view is logged (audit
        ``view.camera_frame``, or ``view.plate_read`` without a frame) before anything is
        handed over."""
        with self.db.unit_of_work() as s:
            try:
                read = s.get(m.PlateRead, uuid.UUID(str(plate_read_id)))
            except ValueError:
                read = None
            if read is None:
                raise GatewayError(f"no plate read {plate_read_id}")
            path, digest = read.snapshot_path, read.snapshot_sha256
            privacy.log_view(s, user.username, "camera_frame" if path else "plate_read",
                             read.id, how="window")
        if path is None or digest is None:
            return None
        try:
            return ImageStore(self.config.storage.snapshots).read_verified(Path(path), digest)
        except ScanIntegrityError as exc:
            raise GatewayError(str(exc)) from None

    def control_status(self, control_id: str) -> str | None:
        with self.db.unit_of_work() as s:
            control = s.get(m.Control, uuid.UUID(control_id))
            return control.status if control else None

    def control_dossier(self, control_id: str) -> ControlDossier | None:
        """Everything the record holds of a control (findings with their decisions, scans,
        readings, the plate read), or None when there is no such control."""
        with self.db.unit_of_work() as s:
            control = s.get(m.Control, uuid.UUID(str(control_id)))
            if control is None:
                return None
            referral = control.referral
            if referral is not None:
                _ = (referral.goods, referral.risk_profiles, referral.instructions,
                     referral.transport_ids)
            scans: list[ScanRecord] = []
            readings_: list[ReadingSummary] = []
            plate: PlateReading | None = None
            for e in control.evidence:
                if e.kind == "scan" and e.scan is not None:
                    scans.append(ScanRecord(e.scan.id.hex, e.scan.id, e.scan.complete,
                                            e.scan.incomplete_reason))
                elif e.kind == "reading" and e.reading is not None:
                    r = e.reading
                    readings_.append(ReadingSummary(
                        r.device_name, r.device_kind, _utc(r.taken_at) or datetime.now(UTC),
                        dict(r.values or {}), tuple(r.alarms or ())))
                elif e.kind == "plate_read" and e.plate_read is not None:
                    p = e.plate_read
                    plate = PlateReading(p.kind, p.corrected_text or p.text, p.confidence,
                                         p.camera, p.valid)
            return ControlDossier(
                str(control.id), control.status, control.subject,
                _row(referral) if referral is not None else None, _utc(control.opened_at),
                tuple(_finding(f) for f in control.findings), tuple(scans), tuple(readings_),
                plate)

    def held_controls(self, user: UserInfo) -> list[HeldControl]:
        """Controls ``user`` holds on this lane (opened by them or handed over to them) that
        are open or returned by a supervisor, newest first."""
        with self.db.unit_of_work() as s:
            rows = s.scalars(
                select(m.Control).where(m.Control.lane == self.config.lane.lane_id,
                                        m.Control.status.in_(("open", "returned")))
                .order_by(m.Control.opened_at.desc())).all()
            held = []
            for c in rows:
                if controls.holder_id(s, c) != user.id:
                    continue
                held.append(HeldControl(
                    str(c.id), c.subject, c.status,
                    c.referral.referral_id if c.referral is not None else None,
                    c.review_comment or "", _utc(c.reviewed_at)))
            return held

    def open_control_of(self, user: UserInfo) -> str | None:
        """The open control this officer holds on this lane, if any: a lane that lost its
        draft still takes the control up again (returned ones are listed, not taken up)."""
        return next((h.control_id for h in self.held_controls(user) if h.status == "open"),
                    None)

    def officers(self) -> list[str]:
        """User names of the active officers (to hand a control over to)."""
        with self.db.unit_of_work() as s:
            return sorted(u.username for u in users.list_users(s)
                          if u.active and u.role == "officer")

    def hand_over(self, user: UserInfo, control_id: str, to_username: str,
                  reason: str = "") -> None:
        """Hand ``control_id`` over to ``to_username`` (recorded and audited)."""
        with self.db.unit_of_work() as s:
            try:
                controls.hand_over(s, control_id, self._user(s, user), to_username,
                                   reason=reason)
            except controls.ControlError as exc:
                raise GatewayError(str(exc)) from None

    def record_calibration(self, user: UserInfo | None, device: str,
                           measured: dict[str, Any]) -> str:
        """Record detector calibration maps put in force as a device check (who, when,
        the values); returns the check's id."""
        with self.db.unit_of_work() as s:
            technician = self._user(s, user) if user is not None else None
            check = detector_checks.record_calibration(s, device, measured, technician)
            return str(check.id)

    def attach_plate_read(self, user: UserInfo, control_id: str, reading: PlateReading | None,
                          corrected: str | None, *, frame_jpeg: bytes | None = None,
                          camera: str = "") -> str:
        """Record what identified the vehicle: the camera's read as it was, or — when the
        officer typed another text (``corrected``) — a correction with the camera's read
        kept beside it (confidence is the camera's, never 100 %) and ``frame_jpeg``, the
        frame of the moment the officer confirmed. Container codes read on the same frame
        are recorded too. Returns the id of the identifying read."""
        kind = reading.kind if reading is not None else "plate"
        if corrected is not None and _CONTAINER_SHAPE.fullmatch(_alnum(corrected)):
            kind = "container"
        with self.db.unit_of_work() as s:
            def store(read: plate_reads.PlateReadIn) -> m.PlateRead:
                return plate_reads.record_plate_read(
                    s, read, snapshot_dir=self.config.storage.snapshots,
                    retention=self.config.retention, actor=user.username)

            snapshot = frame_jpeg if corrected is not None and frame_jpeg else (
                reading.snapshot if reading is not None else frame_jpeg)
            row = store(plate_reads.PlateReadIn(
                kind=kind, text=reading.text if reading is not None else "",
                confidence=reading.confidence if reading is not None else 0.0,
                camera=(reading.camera if reading is not None else camera),
                valid=reading.valid if reading is not None else None,
                box=reading.box if reading is not None else None,
                corrected_text=corrected, snapshot_jpeg=snapshot))
            self._attach(s, user, control_id, kind="plate_read", plate_read_id=row.id,
                         note="corrected by hand" if corrected is not None else "")
            identified = {_alnum(corrected or (reading.text if reading else ""))}
            others = [c for c in reading.containers if _alnum(c) not in identified] \
                if reading is not None else []
            for code in others:
                assert reading is not None
                extra = store(plate_reads.PlateReadIn(
                    kind="container", text=code, confidence=reading.confidence,
                    camera=reading.camera, valid=True, snapshot_jpeg=reading.snapshot))
                self._attach(s, user, control_id, kind="plate_read", plate_read_id=extra.id,
                             note="container code read on the same frame")
            return str(row.id)

    def record_reading(self, user: UserInfo, control_id: str,
                       reading: HandheldReading) -> list[ModelFinding]:
        """Store a taken reading as evidence (``readings.record_reading``, which also stores
        the alarm rules' suggestions as pending ``rule`` findings); returns those findings."""
        if reading.event is None:
            raise GatewayError(f"{reading.device_name}: only a reading taken from the device "
                               "can be attached (press \"Take reading\")")
        thresholds = self._alarm_thresholds(reading.device_name)
        with self.db.unit_of_work() as s:
            officer = self._user(s, user)
            try:
                recorded = readings.record_reading(s, reading.event, control_id, officer, thresholds)
            except controls.ControlError as exc:
                raise GatewayError(str(exc)) from None
            return [_finding(f) for f in recorded.findings]

    def acknowledge_alarm(self, user: UserInfo, device: str, alarms: tuple[str, ...],
                          control_id: str | None = None) -> None:
        """Record that ``user`` acknowledged ``device``'s alarm box (``alarms``: its texts),
        during control ``control_id`` when one is open: one audit entry, ``alarm.acknowledge``."""
        with self.db.unit_of_work() as s:
            self._user(s, user)
            audit.record(s, user.username, "alarm.acknowledge", "device", device,
                         {"alarms": list(alarms), "control_id": control_id,
                          "lane": self.config.lane.lane_id})

    def _alarm_thresholds(self, device_name: str) -> AlarmThresholds:
        """The thresholds the lane's devices raise alarms by (``[alarms]`` under the
        device's ``[devices.alarm_rules]``), so the findings match the alarm box."""
        base = AlarmThresholds.from_settings(self.config.alarms.model_dump(), "[alarms]")
        for device in self.config.devices:
            if device.name == device_name:
                return AlarmThresholds.for_device(device_name, device.model_dump(), base)
        return base

    def store_scan(self, user: UserInfo, control_id: str | None, acquired: AcquiredScan) -> ScanRecord:
        """Keep a corrected scan (DICOS file + row, ``scans.save_scan``) and, when a control
        is open, attach it as evidence: one transaction."""
        with self.db.unit_of_work() as s:
            row = save_scan(self.db, store_for(self.config), acquired.scan, kind=acquired.kind,
                            device=acquired.device, complete=acquired.complete,
                            incomplete_reason=acquired.reason, session=s,
                            scan_id=acquired.scan_id, archive_origin=self.archive_origin)
            if control_id is not None:
                self._attach(s, user, control_id, kind="scan", scan_id=row.id,
                             note="" if acquired.complete else f"incomplete: {acquired.reason}")
            return ScanRecord(acquired.scan_key, row.id, acquired.complete, acquired.reason)

    def attach_scan(self, user: UserInfo, control_id: str, scan_id: uuid.UUID,
                    note: str = "") -> None:
        """Attach a scan stored before the control was opened."""
        with self.db.unit_of_work() as s:
            self._attach(s, user, control_id, kind="scan", scan_id=scan_id, note=note)

    def add_model_findings(self, user: UserInfo, control_id: str, scan_id: uuid.UUID | None,
                           analyses: list[Any]) -> list[ModelFinding]:
        """Store every detection as a pending model finding (``findings.add_model_findings``)."""
        with self.db.unit_of_work() as s:
            try:
                rows = findings.add_model_findings(s, uuid.UUID(str(control_id)), analyses,
                                                   scan_id=scan_id, actor=user.username)
            except findings.FindingError as exc:
                raise GatewayError(str(exc)) from None
            return [_finding(f) for f in rows]

    def _attach(self, s: Session, user: UserInfo, control_id: str, **kwargs: Any) -> None:
        try:
            controls.attach_evidence(s, control_id, self._user(s, user), **kwargs)
        except controls.ControlError as exc:
            raise GatewayError(str(exc)) from None

    def validate(self, draft: ResultDraft) -> list[str]:
        """Problems the form can show before saving, each naming its field.

        The service validates again when saving; this list only adds what the form can
        know beforehand (empty fields, number typos, undecided findings).
        """
        problems: list[str] = []
        if not draft.control_id:
            problems.append("no control is open")
        if not draft.code:
            problems.append("result code: choose one")
        if not draft.control_types:
            problems.append("control types: tick at least one control performed")
        if draft.minutes_spent is None:
            problems.append("time spent: give the minutes spent on this control")
        for i, z in enumerate(draft.seizures, start=1):
            problem = self._seizure(z).problem()
            if problem:
                problems.append(f"seizure {i}: {problem}")
            elif z.value_eur is not None and math.isnan(z.value_eur):
                problems.append(f"seizure {i}: value is not a number")
        undecided = [k for k, d in draft.finding_decisions.items() if d == "pending"]
        if undecided:
            problems.append(f"findings: {len(undecided)} finding(s) (model or rule) not yet accepted or "
                            "rejected")
        return problems

    @staticmethod
    def _seizure(z: Any) -> controls.SeizureIn:
        hs = z.hs_code.replace(" ", "") or None
        return controls.SeizureIn(description=z.description, quantity=z.quantity, unit=z.unit,
                                  hs_code=hs, value_eur=z.value_eur)

    def record_result(self, user: UserInfo, draft: ResultDraft) -> None:
        """Finding decisions, result, seizures and closing: one transaction, all or nothing."""
        problems = self.validate(draft)
        if problems:
            raise GatewayError("; ".join(problems))
        result = controls.ResultIn(
            code=draft.code, control_types=list(draft.control_types), remarks=draft.remarks,
            findings=[draft.remarks] if draft.remarks.strip() else [],
            seizures=[self._seizure(z) for z in draft.seizures],
            minutes_spent=draft.minutes_spent)
        with self.db.unit_of_work() as s:
            officer = self._user(s, user)
            for key, decision in sorted(draft.finding_decisions.items()):
                finding = s.get(m.Finding, uuid.UUID(key))
                if finding is None or str(finding.control_id) != str(uuid.UUID(draft.control_id)):
                    raise GatewayError(f"finding {key} does not belong to this control")
                if finding.decision == decision:
                    # Decided before (a returned control taken up again carries its
                    # decisions in the draft): nothing to record, and a decision is final.
                    continue
                try:
                    findings.decide(s, finding.id, decision, officer)
                except findings.FindingError as exc:
                    raise GatewayError(str(exc)) from None
            try:
                controls.record_result(s, draft.control_id, officer, result, self.codes)
                controls.close_control(s, draft.control_id, officer,
                                       policy=ReviewPolicy.from_settings(self.config.review))
            except controls.ControlError as exc:
                raise GatewayError(str(exc)) from None
            if self.archive_origin is not None:  # the machine and operator TDRs, archived
                enqueue_control_tdrs(s, store_for(self.config), uuid.UUID(draft.control_id),
                                     self.archive_origin)
