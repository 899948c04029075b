"""The control life cycle at a lane.

::

    referral queued ──open──▶ open ──result──▶ resulted ──close──▶ closed ──approve──▶ approved
                                ▲                  │ ▲                       │
                                └──── (re-record) ─┘ └──── result ◀─ returned ◀──return──┘

A random control has no referral. Every step is one transaction with its audit event;
a step that does not fit the control's state is refused with :class:`ControlError`, and so
is closing while any finding (model, rule or officer) is still pending: the rule is kept
here, so the window, the command line and any other caller get the same answer. States are
:class:`~workstation.domain.vocab.ControlStatus` and
:class:`~workstation.domain.vocab.ReferralStatus`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NoReturn, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from workstation.db.lookup import IdLookupError, find_by_id
from workstation.db.models import (
    Control,
    ControlHandover,
    ControlResult,
    Evidence,
    Finding,
    Referral,
    Seizure,
    User,
    utcnow,
)
from workstation.db.text import check_column_text, column_text_problem
from workstation.domain.result_codes import ResultCode, ResultCodeError, ResultCodes
from workstation.domain.text_rules import TextRuleError
from workstation.domain.vocab import (
    CONTROL_TYPES,
    ControlStatus,
    FindingDecision,
    FindingSource,
    ReferralStatus,
)
from workstation.services import audit, control_facts, review_policy, users

EDITABLE = (ControlStatus.OPEN, ControlStatus.RESULTED, ControlStatus.RETURNED)
EVIDENCE_KINDS = ("scan", "reading", "plate_read")


class ControlError(Exception):
    """A control step was refused; the message says why and what to do."""


@dataclass(frozen=True)
class SeizureIn:
    """One seized item. ``quantity`` > 0 in ``unit`` (kg, l, pcs, ...); value in euro."""

    description: str
    quantity: float
    unit: str
    hs_code: str | None = None
    value_eur: float | None = None

    def problem(self) -> str | None:
        if not self.description.strip():
            return "seizure description is empty"
        for name, attr, value in (("description", Seizure.description, self.description.strip()),
                                  ("unit", Seizure.unit, self.unit.strip())):
            wrong = column_text_problem(attr, value)
            if wrong:
                return f"seizure {name} {wrong}"
        if not self.quantity > 0:
            return f"seizure quantity must be above 0 (got {self.quantity})"
        if not self.unit.strip():
            return "seizure unit is empty"
        if self.hs_code is not None and not (self.hs_code.isdigit() and len(self.hs_code) in (4, 6, 8, 10)):
            return f"HS code {self.hs_code!r} must have 4, 6, 8 or 10 digits"
        if self.value_eur is not None and self.value_eur < 0:
            return f"seizure value must not be negative (got {self.value_eur})"
        return None


@dataclass
class ResultIn:
    """What the officer records. ``minutes_spent`` is the officer's time on the control."""

    code: str
    control_types: Sequence[str]
    remarks: str = ""
    findings: Sequence[str] = field(default_factory=tuple)
    seizures: Sequence[SeizureIn] = field(default_factory=tuple)
    minutes_spent: float | None = None


def _load(session: Session, control_id: str | uuid.UUID) -> Control:
    """Find a control by full id or by a unique prefix of at least 8 hex digits."""
    options = (selectinload(Control.result).selectinload(ControlResult.seizures),
               selectinload(Control.referral), selectinload(Control.findings),
               selectinload(Control.evidence))
    try:
        control = find_by_id(session, Control, control_id, what="control", options=options)
    except IdLookupError as exc:
        raise ControlError(str(exc)) from None
    if control is None:
        raise ControlError(f"no control {control_id!r} (see `workstation controls list`)")
    return control


def get_control(session: Session, control_id: str | uuid.UUID) -> Control:
    return _load(session, control_id)


def _require_state(control: Control, allowed: Sequence[str], step: str) -> None:
    if control.status not in allowed:
        hints: dict[str, str] = {
            ControlStatus.OPEN: "record a result first",
            ControlStatus.RESULTED: "close it or record the result again",
            ControlStatus.CLOSED: "a supervisor must approve or return it",
            ControlStatus.APPROVED: "it is approved and final",
            ControlStatus.RETURNED: "it was returned: record the corrected result, then close it",
        }
        hint = hints.get(control.status, "")
        raise ControlError(f"cannot {step} control {control.id}: it is {control.status}"
                           + (f" ({hint})" if hint else ""))


def _text(attr: InstrumentedAttribute[Any], value: str, what: str) -> str:
    """``value`` if ``attr``'s column can hold it (same rule on SQLite and PostgreSQL), else
    ControlError naming the field (:mod:`workstation.db.text`)."""
    try:
        return check_column_text(attr, value, what)
    except TextRuleError as exc:
        raise ControlError(str(exc)) from None


def _claim(session: Session, referral: Referral) -> bool:
    """Move ``referral`` from queued to in control unless another transaction got there
    first. On PostgreSQL the update waits for a concurrent opener's row lock and then
    re-checks the condition on the committed row, so a loser sees 0 rows; SQLite writers are
    serialised by ``BEGIN IMMEDIATE``. The session's copy of the row is updated as well."""
    result = session.execute(
        update(Referral).where(Referral.id == referral.id,
                               Referral.status == ReferralStatus.QUEUED)
        .values(status=ReferralStatus.IN_CONTROL)
        .execution_options(synchronize_session="fetch"))
    return cast("CursorResult[Any]", result).rowcount == 1


def _refuse_taken(session: Session, referral: Referral) -> NoReturn:
    session.refresh(referral, ["status"])
    running = session.scalar(select(Control.id).where(Control.referral_pk == referral.id)
                             .order_by(Control.queued_at.desc()))
    raise ControlError(f"referral {referral.referral_id} is {referral.status}"
                       + (f" (control {running})" if running else "")
                       + ": only a queued referral can be opened")


def _authorize(user: User, permission: str) -> None:
    try:
        users.authorize(user, permission)
    except users.UserError as exc:
        raise ControlError(str(exc)) from None


def holder_id(session: Session, control: Control) -> uuid.UUID | None:
    """Who holds ``control``: the officer of its latest hand-over, else the one who opened it."""
    handed = session.scalar(select(ControlHandover.to_user_id)
                            .where(ControlHandover.control_id == control.id)
                            .order_by(ControlHandover.handed_at.desc()).limit(1))
    return handed if handed is not None else control.officer_id


def require_holder(session: Session, control: Control, officer: User, step: str) -> None:
    """Refuse ``step`` unless ``officer`` holds the officer role and ``control``: an officer
    does not record on another officer's control unless it was handed over to them."""
    _authorize(officer, "controls.work")
    holder = holder_id(session, control)
    if holder is not None and holder != officer.id:
        owner = session.get(User, holder)
        raise ControlError(
            f"cannot {step} control {control.id}: it is held by "
            f"{owner.username if owner else holder}; they (or a supervisor) can hand it over "
            f"with `workstation controls handover {str(control.id)[:8]} --to "
            f"{officer.username}`")


def open_control(session: Session, officer: User, *, post: str, lane: str,
                 referral_id: str | None = None, subject: str = "") -> Control:
    """Open a control for a queued referral, or a random control when ``referral_id`` is None.

    The referral is taken with a conditional update (``status`` from queued to in control,
    only while it is still queued) checked by its row count: of two lanes (or two processes)
    opening the same referral at once, the database lets exactly one win, on SQLite and on
    PostgreSQL alike, and the other gets the same refusal as for a referral already taken.
    """
    _authorize(officer, "controls.work")
    referral: Referral | None = None
    subject = _text(Control.subject, subject, "subject")
    if referral_id is not None:
        referral = session.scalar(select(Referral).where(Referral.referral_id == referral_id))
        if referral is None:
            raise ControlError(f"no referral {referral_id!r} (see `workstation referrals list`)")
        if referral.status != ReferralStatus.QUEUED or not _claim(session, referral):
            _refuse_taken(session, referral)
        if not subject:
            idents = [t.value for t in referral.transport_ids]
            subject = idents[0] if idents else (referral.mrn or "")
    now = utcnow()
    control = Control(id=uuid.uuid4(), referral_pk=referral.id if referral else None, post=post,
                      lane=lane, status=ControlStatus.OPEN, random=referral is None,
                      subject=subject, officer_id=officer.id, queued_at=now, opened_at=now)
    session.add(control)
    audit.record(session, officer.username, "control.open", "control", control.id,
                 {"referral_id": referral_id, "lane": lane, "random": referral is None},
                 states=[control, *([audit.status_of(referral)] if referral else [])])
    return control


def check_result(result: ResultIn, codes: ResultCodes) -> tuple[ResultCode, list[str]]:
    """The result code and the de-duplicated control types, or ControlError naming every problem."""
    problems: list[str] = []
    code: ResultCode | None
    try:
        code = codes.get(result.code)
    except ResultCodeError as exc:
        problems.append(str(exc))
        code = None
    types = list(dict.fromkeys(result.control_types))
    if not types:
        problems.append("name at least one control type performed "
                        f"({', '.join(CONTROL_TYPES)})")
    bad = [t for t in types if t not in CONTROL_TYPES]
    if bad:
        problems.append(f"unknown control type(s) {', '.join(bad)}: use {', '.join(CONTROL_TYPES)}")
    if code is not None and code.requires_physical and "physical" not in types:
        problems.append(f"result code {code.code} ({code.label}) needs a physical control among "
                        "the control types")
    if result.minutes_spent is not None and not 0 <= result.minutes_spent <= 24 * 60:
        problems.append(f"time spent must be 0 to 1440 minutes (got {result.minutes_spent})")
    problems += [p for p in (s.problem() for s in result.seizures) if p]
    texts = [("remarks", ControlResult.remarks, result.remarks)]
    texts += [(f"finding {i}", Finding.description, t.strip())
              for i, t in enumerate(result.findings, start=1)]
    problems += [f"{what} {wrong}" for what, attr, value in texts
                 if (wrong := column_text_problem(attr, value))]
    if code is not None and result.seizures and not code.irregularity:
        problems.append(f"result code {code.code} means no irregularity, but seizures are recorded")
    if problems or code is None:
        raise ControlError("; ".join(problems))
    return code, types


def record_result(session: Session, control_id: str | uuid.UUID, officer: User, result: ResultIn,
                  codes: ResultCodes) -> ControlResult:
    """Record (or replace, while not closed) the result of a control."""
    control = _load(session, control_id)
    require_holder(session, control, officer, "record a result on")
    _require_state(control, EDITABLE, "record a result on")
    code, types = check_result(result, codes)
    row = control.result
    if row is None:
        row = ControlResult(id=uuid.uuid4(), control_id=control.id)
        session.add(row)
        control.result = row
    row.code = code.code
    row.irregularity = code.irregularity
    row.control_types = types
    row.remarks = result.remarks
    row.minutes_spent = result.minutes_spent
    row.recorded_at = utcnow()
    row.recorded_by = officer.id
    row.seizures = [
        Seizure(id=uuid.uuid4(), position=i, description=s.description.strip(), hs_code=s.hs_code,
                quantity=float(s.quantity), unit=s.unit.strip(), value_eur=s.value_eur)
        for i, s in enumerate(result.seizures)
    ]
    # The officer's findings are replaced with the result: audited as deleted and added.
    replaced: list[audit.State] = []
    for finding in [f for f in control.findings if f.source == FindingSource.OFFICER]:
        replaced.append(audit.deleted("finding", finding.id))
        session.delete(finding)
    written: list[Finding] = []
    for text_ in result.findings:
        if text_.strip():
            written.append(Finding(id=uuid.uuid4(), control_id=control.id,
                                   source=FindingSource.OFFICER, label="officer-finding",
                                   description=text_.strip(), decision=FindingDecision.ACCEPTED,
                                   decided_by=officer.id, decided_at=utcnow()))
    session.add_all(written)
    control.status = ControlStatus.RESULTED
    session.flush()
    audit.record(session, officer.username, "control.result", "control", control.id,
                 {"code": code.code, "result_id": str(row.id)},
                 states=[control, row, *replaced, *written])
    return row


def attach_evidence(session: Session, control_id: str | uuid.UUID, actor: User, *, kind: str,
                    scan_id: uuid.UUID | None = None, reading_id: uuid.UUID | None = None,
                    plate_read_id: uuid.UUID | None = None, note: str = "") -> Evidence:
    """Link a stored scan, device reading or plate read to an editable control."""
    control = _load(session, control_id)
    require_holder(session, control, actor, "attach evidence to")
    _require_state(control, EDITABLE, "attach evidence to")
    given = {"scan": scan_id, "reading": reading_id, "plate_read": plate_read_id}
    if kind not in EVIDENCE_KINDS:
        raise ControlError(f"evidence kind {kind!r} is not one of {', '.join(EVIDENCE_KINDS)}")
    if given[kind] is None or any(v is not None for k, v in given.items() if k != kind):
        raise ControlError(f"evidence of kind {kind} needs exactly its own id")
    _text(Evidence.note, note, "evidence note")
    evidence = Evidence(id=uuid.uuid4(), control_id=control.id, kind=kind, scan_id=scan_id,
                        reading_id=reading_id, plate_read_id=plate_read_id, note=note,
                        attached_by=actor.id)
    session.add(evidence)
    session.flush()
    audit.record(session, actor.username, "evidence.attach", "evidence", evidence.id,
                 {"control_id": str(control.id), "kind": kind, "ref": str(given[kind])},
                 state=evidence)
    return evidence


def undecided_findings(session: Session, control_id: uuid.UUID) -> list[Finding]:
    """The control's findings still ``pending``, oldest first.

    Read from the database, not from ``Control.findings``: decisions taken earlier in the
    same transaction (the window decides, records and closes in one) are flushed first and
    count, and findings added by another session since the control was loaded are seen.
    """
    return list(session.scalars(
        select(Finding).where(Finding.control_id == control_id,
                              Finding.decision == FindingDecision.PENDING)
        .order_by(Finding.created_at, Finding.id)))


def _undecided_message(control: Control, pending: Sequence[Finding]) -> str:
    names = ", ".join(f"{f.label} ({f.source}, {str(f.id)[:8]})" for f in pending)
    return (f"cannot close control {control.id}: {len(pending)} finding(s) not yet accepted "
            f"or rejected: {names}; accept or reject each one (`workstation controls decide "
            f"{str(control.id)[:8]} FINDING --accept|--reject`), then close it")


def close_control(session: Session, control_id: str | uuid.UUID, officer: User, *,
                  policy: review_policy.ReviewPolicy | None = None) -> Control:
    """Close a resulted control; refused while any of its findings is undecided.

    The post's review ``policy`` then decides, in this transaction, whether a supervisor
    reviews it or the policy approves it (:mod:`workstation.services.review_policy`);
    without one every control goes to review."""
    control = _load(session, control_id)
    require_holder(session, control, officer, "close")
    if control.status in (ControlStatus.OPEN, ControlStatus.RETURNED) and control.result is None:
        raise ControlError(f"cannot close control {control.id}: no result recorded "
                           "(`workstation controls result` first)")
    if control.status == ControlStatus.RETURNED:
        raise ControlError(f"cannot close control {control.id}: it was returned by the "
                           "supervisor; record the corrected result first")
    _require_state(control, (ControlStatus.RESULTED,), "close")
    pending = undecided_findings(session, control.id)
    if pending:
        raise ControlError(_undecided_message(control, pending))
    control.status = ControlStatus.CLOSED
    control.closed_at = utcnow()
    if control.referral is not None:
        control.referral.status = ReferralStatus.CONTROLLED
    audit.record(session, officer.username, "control.close", "control", control.id, {},
                 states=[control, *([audit.status_of(control.referral)] if control.referral
                                    else [])])
    # Returned before: the supervisor who sent it back wants to see the correction.
    review_policy.apply_at_close(session, control, policy or review_policy.ReviewPolicy(),
                                 returned_before=control.reviewed_at is not None)
    control_facts.refresh(session, [control.id])  # the figures' row, in this transaction
    return control


def four_eyes_reason(reviewer_id: uuid.UUID, *, opened_by: uuid.UUID | None,
                     held_by: Iterable[uuid.UUID | None],
                     recorded_by: uuid.UUID | None) -> str | None:
    """Why ``reviewer_id`` may not review a control, or None when they may: ``"opened"``,
    ``"held"`` or ``"recorded"`` (a stable key; the review queue words it).

    Four eyes, whatever the reviewer's role today (an officer promoted to supervisor
    included): nobody reviews a control they opened, held (it was handed over to them) or
    recorded the result of. The one rule for the service and the review queue alike.
    """
    if opened_by == reviewer_id:
        return "opened"
    if reviewer_id in set(held_by):
        return "held"
    if recorded_by == reviewer_id:
        return "recorded"
    return None


def review_control(session: Session, control_id: str | uuid.UUID, supervisor: User, *,
                   approve: bool, comment: str = "") -> Control:
    """Approve a closed control, or return it to the officer with a comment (four-eyes rule)."""
    _authorize(supervisor, "controls.review")
    control = _load(session, control_id)
    _require_state(control, (ControlStatus.CLOSED,), "review")
    held = session.scalars(select(ControlHandover.to_user_id)
                           .where(ControlHandover.control_id == control.id))
    reason = four_eyes_reason(supervisor.id, opened_by=control.officer_id, held_by=held,
                              recorded_by=control.result.recorded_by
                              if control.result is not None else None)
    if reason is not None:
        raise ControlError(f"cannot review control {control.id}: {supervisor.username} "
                           f"{reason} it (nobody reviews a control they opened, held or "
                           "recorded); another supervisor must review it")
    if not approve and not comment.strip():
        raise ControlError("say why the control is returned (--comment)")
    _text(Control.review_comment, comment.strip(), "comment")
    control.status = ControlStatus.APPROVED if approve else ControlStatus.RETURNED
    control.reviewed_at = utcnow()
    control.reviewer_id = supervisor.id
    control.review_comment = comment.strip()
    reopened = []
    if not approve:
        control.closed_at = None
        if control.referral is not None:
            control.referral.status = ReferralStatus.IN_CONTROL
            reopened.append(audit.status_of(control.referral))
    audit.record(session, supervisor.username, "control.approve" if approve else "control.return",
                 "control", control.id, {"comment": comment.strip()}, states=[control, *reopened])
    control_facts.refresh(session, [control.id])  # returned: no longer in the figures
    return control


def hand_over(session: Session, control_id: str | uuid.UUID, actor: User, to_username: str, *,
              reason: str = "") -> ControlHandover:
    """Hand an editable control to another officer, who may then record and close it.

    The officer holding the control or a supervisor hands it over; the hand-over is a row of
    its own and an audit event (``control.handover``) in the caller's transaction.
    """
    _authorize(actor, "controls.handover")
    control = _load(session, control_id)
    _require_state(control, EDITABLE, "hand over")
    holder = holder_id(session, control)
    if actor.role != "supervisor" and holder != actor.id:
        raise ControlError(f"cannot hand over control {control.id}: {actor.username} does not "
                           "hold it (the officer holding it or a supervisor hands it over)")
    try:
        recipient = users.get_user(session, to_username)
    except users.UserError as exc:
        raise ControlError(str(exc)) from None
    if recipient.role != "officer":
        raise ControlError(f"cannot hand control {control.id} to {recipient.username}: they "
                           f"are {recipient.role}, not an officer")
    if recipient.id == holder:
        raise ControlError(f"control {control.id} is already held by {recipient.username}")
    reason = _text(ControlHandover.reason, reason.strip(), "reason")
    row = ControlHandover(id=uuid.uuid4(), control_id=control.id, from_user_id=holder,
                          to_user_id=recipient.id, by_user_id=actor.id, handed_at=utcnow(),
                          reason=reason)
    session.add(row)
    session.flush()
    previous = session.get(User, holder) if holder is not None else None
    audit.record(session, actor.username, "control.handover", "control", control.id,
                 {"from": previous.username if previous else None, "to": recipient.username,
                  "handover_id": str(row.id), "reason": reason})
    return row


def list_controls(session: Session, *, lane: str | None = None, status: str | None = None,
                  since: datetime | None = None, limit: int | None = 200) -> list[Control]:
    query = select(Control).options(
        selectinload(Control.referral), selectinload(Control.officer),
        selectinload(Control.result)).order_by(Control.opened_at.desc())
    if lane:
        query = query.where(Control.lane == lane)
    if status:
        query = query.where(Control.status == status)
    if since:
        query = query.where(Control.opened_at >= since)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def control_summary(control: Control) -> dict[str, Any]:
    result = control.result
    return {
        "control_id": str(control.id),
        "status": control.status,
        "lane": control.lane,
        "referral_id": control.referral.referral_id if control.referral else None,
        "random": control.random,
        "subject": control.subject,
        "officer": control.officer.username if control.officer else None,
        "opened_at": control.opened_at.isoformat() if control.opened_at else None,
        "closed_at": control.closed_at.isoformat() if control.closed_at else None,
        "result_code": result.code if result else None,
    }
