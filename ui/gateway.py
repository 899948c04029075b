"""The UI's one door into the core: users, referral queue, controls, evidence, results.

Every method is *blocking* and touches the database, so it only ever runs on the
persistence worker thread (:class:`ui.bridge.Worker`), never in a slot directly. The rules
live in ``workstation.services`` (users, controls, audit); this module only turns their ORM
objects into the detached values of :mod:`ui.lane_types` and groups the calls that must
share one transaction (result + finding decisions + close).
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from sqlalchemy.orm import Session

from ui.lane_types import (
    HandheldReading,
    ModelFinding,
    PlateReading,
    ReferralRow,
    ResultCode,
    ResultDraft,
    ScanRecord,
    UserInfo,
)
from workstation.config import WorkstationConfig
from workstation.db import models as m
from workstation.db.engine import Database
from workstation.domain.result_codes import ResultCodeError, ResultCodes
from workstation.services import audit, controls, referrals, users


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


class LaneGateway:
    """Blocking core operations for one lane (``config.lane``); run on the writer thread."""

    def __init__(self, config: WorkstationConfig, db: Database) -> None:
        self.config = config
        self.db = db
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
        with self.db.unit_of_work() as s:
            try:
                user = users.authenticate(s, username.strip(), password)
            except users.UserError as exc:
                raise GatewayError(str(exc)) from None
            return _user_info(user)

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

    def match_referral(self, text: str) -> ReferralRow | None:
        """The queued referral naming this plate / container code (normalised), if any."""
        value = "".join(ch for ch in text.upper() if ch.isalnum())
        if not value:
            return None
        for row in self.referral_queue():
            if value in row.identities:
                return row
        return None

    # --- controls -----------------------------------------------------------------------

    def open_control(self, user: UserInfo, referral_id: str | None, subject: str) -> str:
        """Open a control (random when ``referral_id`` is None); returns its id."""
        with self.db.unit_of_work() as s:
            try:
                control = controls.open_control(
                    s, self._user(s, user), post=self.config.lane.post,
                    lane=self.config.lane.lane_id, referral_id=referral_id, subject=subject)
            except controls.ControlError as exc:
                raise GatewayError(str(exc)) from None
            return str(control.id)

    def control_status(self, control_id: str) -> str | None:
        with self.db.unit_of_work() as s:
            control = s.get(m.Control, uuid.UUID(control_id))
            return control.status if control else None

    def attach_plate_read(self, user: UserInfo, control_id: str, reading: PlateReading,
                          corrected: str | None) -> str:
        with self.db.unit_of_work() as s:
            row = m.PlateRead(id=uuid.uuid4(), kind=reading.kind, text=reading.text,
                              confidence=reading.confidence, valid=reading.valid,
                              camera=reading.camera,
                              box=list(reading.box) if reading.box else None,
                              corrected_text=corrected)
            s.add(row)
            s.flush()
            self._attach(s, user, control_id, kind="plate_read", plate_read_id=row.id,
                         note="corrected by hand" if corrected else "")
            return str(row.id)

    def attach_reading(self, user: UserInfo, control_id: str, reading: HandheldReading) -> str:
        with self.db.unit_of_work() as s:
            row = m.DeviceReading(
                id=uuid.uuid4(), device_kind=reading.device_kind, device_name=reading.device_name,
                values={k: {"value": v, "unit": u} for k, (v, u) in reading.values.items()},
                raw_document=reading.raw_document, raw_media_type=reading.raw_media_type,
                alarms=list(reading.alarms))
            s.add(row)
            s.flush()
            self._attach(s, user, control_id, kind="reading", reading_id=row.id,
                         note="alarm: " + ", ".join(reading.alarms) if reading.alarms else "")
            return str(row.id)

    def attach_scan(self, user: UserInfo, control_id: str, scan: ScanRecord,
                    findings: list[ModelFinding]) -> None:
        """Link a stored scan and the model's findings (decision pending) to the control."""
        with self.db.unit_of_work() as s:
            if scan.scan_id is not None:
                self._attach(s, user, control_id, kind="scan", scan_id=scan.scan_id,
                             note="" if scan.complete else f"incomplete: {scan.incomplete_reason}")
            officer = self._user(s, user)
            for f in findings:
                s.add(m.Finding(id=uuid.UUID(f.key), control_id=uuid.UUID(control_id),
                                scan_id=scan.scan_id, source="model", label=f.label,
                                score=f.score, region=list(f.region), model_name=f.model_name,
                                model_version=f.model_version, model_sha256=f.model_sha256))
                audit.record(s, officer.username, "finding.propose", "finding", f.key,
                             {"control_id": control_id, "label": f.label,
                              "score": f.score, "model": f.model_name})

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
            problems.append(f"findings: {len(undecided)} model finding(s) not yet accepted or "
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
            now = m.utcnow()
            for key, decision in sorted(draft.finding_decisions.items()):
                finding = s.get(m.Finding, uuid.UUID(key))
                if finding is None or str(finding.control_id) != str(uuid.UUID(draft.control_id)):
                    raise GatewayError(f"finding {key} does not belong to this control")
                finding.decision = decision
                finding.decided_by = officer.id
                finding.decided_at = now
                action = {"accepted": "finding.accept", "rejected": "finding.reject"}.get(decision)
                if action is None:
                    raise GatewayError(f"finding {key}: decision {decision!r} is not accept/reject")
                audit.record(s, officer.username, action, "finding", key,
                             {"control_id": draft.control_id, "label": finding.label})
            try:
                controls.record_result(s, draft.control_id, officer, result, self.codes)
                controls.close_control(s, draft.control_id, officer)
            except controls.ControlError as exc:
                raise GatewayError(str(exc)) from None
