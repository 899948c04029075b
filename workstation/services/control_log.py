"""Logging many finished controls in one transaction.

Used when a lane that worked offline hands its controls to the border-post database, and
by ``workstation bench db``. Each control is checked with the same rules as an
interactive result (:func:`workstation.services.controls.check_result`); rows go in with
bulk inserts, and every control, result and referral change still gets its hash-chained
audit event with the audited state, exactly as the interactive path writes them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from workstation.db.models import AuditEvent, Control, ControlResult, Referral, Seizure, table_of
from workstation.domain.result_codes import ResultCodes
from workstation.domain.vocab import ControlStatus, ReferralStatus
from workstation.services import audit, control_facts
from workstation.services.controls import ControlError, ResultIn, check_result
from workstation.services.referrals import set_statuses
from workstation.services.users import get_user


@dataclass(frozen=True)
class FinishedControl:
    """A control that was opened, resulted and closed at a lane (times UTC)."""

    post: str
    lane: str
    officer: str
    opened_at: datetime
    closed_at: datetime
    result: ResultIn
    referral_id: str | None = None
    subject: str = ""
    control_id: uuid.UUID | None = None  # the lane's own id, kept so a re-sync is recognised


def log_finished_controls(session: Session, controls: Sequence[FinishedControl],
                          codes: ResultCodes, *, actor: str) -> list[uuid.UUID]:
    """Insert finished controls with their results; all or nothing. Returns their ids."""
    officers = {name: get_user(session, name) for name in {c.officer for c in controls}}
    wanted = [c.referral_id for c in controls if c.referral_id]
    referrals: dict[str, Any] = {}
    for start in range(0, len(wanted), 500):
        for ref in session.execute(
            select(Referral.id, Referral.referral_id, Referral.status)
            .where(Referral.referral_id.in_(wanted[start:start + 500]))):
            referrals[ref.referral_id] = ref
    controlled: list[uuid.UUID] = []
    taken: set[uuid.UUID] = set()
    control_rows: list[dict[str, Any]] = []
    result_rows: list[dict[str, Any]] = []
    seizure_rows: list[dict[str, Any]] = []
    events: list[tuple[str, str, str, str, dict[str, Any]]] = []
    problems: list[str] = []
    for index, item in enumerate(controls, start=1):
        try:
            code, types = check_result(item.result, codes)
        except ControlError as exc:
            problems.append(f"control {index}: {exc}")
            continue
        referral = referrals.get(item.referral_id) if item.referral_id else None
        if item.referral_id and referral is None:
            problems.append(f"control {index}: no referral {item.referral_id!r}")
            continue
        if referral is not None and referral.status not in (ReferralStatus.QUEUED,
                                                            ReferralStatus.IN_CONTROL):
            problems.append(f"control {index}: referral {item.referral_id} is {referral.status}")
            continue
        officer = officers[item.officer]
        cid = item.control_id or uuid.uuid4()
        control = {
            "id": cid, "referral_pk": referral.id if referral else None, "post": item.post,
            "lane": item.lane, "status": ControlStatus.CLOSED, "random": referral is None,
            "subject": item.subject, "officer_id": officer.id, "queued_at": item.opened_at,
            "opened_at": item.opened_at, "closed_at": item.closed_at, "reviewed_at": None,
            "reviewer_id": None, "review_comment": "",
        }
        rid = uuid.uuid4()
        seizures = [
            {"id": uuid.uuid4(), "result_id": rid, "position": i,
             "description": s.description.strip(), "hs_code": s.hs_code,
             "quantity": float(s.quantity), "unit": s.unit.strip(),
             "value_eur": None if s.value_eur is None else float(s.value_eur)}
            for i, s in enumerate(item.result.seizures)
        ]
        result = {
            "id": rid, "control_id": cid, "code": code.code, "irregularity": code.irregularity,
            "control_types": types, "remarks": item.result.remarks,
            "minutes_spent": (None if item.result.minutes_spent is None
                              else float(item.result.minutes_spent)),
            "recorded_at": item.closed_at, "recorded_by": officer.id,
        }
        control_rows.append(control)
        result_rows.append(result)
        seizure_rows += seizures
        states = [["control", str(cid), audit.content_hash(control)],
                  ["control_result", str(rid),
                   audit.content_hash({**result, "seizures": seizures})]]
        if referral is not None:
            states.append(["referral_status", str(referral.id),
                           audit.referral_status_hash(referral.id, ReferralStatus.CONTROLLED)])
        events.append((actor, "control.log", "control", str(cid), {
            "officer": item.officer, "referral_id": item.referral_id, "code": code.code,
            "result_id": str(rid), "states": states}))
        if referral is not None:
            if referral.id in taken:
                problems.append(f"control {index}: referral {item.referral_id} is logged twice")
                continue
            taken.add(referral.id)
            controlled.append(referral.id)
    if problems:
        raise ControlError("; ".join(problems))
    session.flush()
    set_statuses(session, controlled, ReferralStatus.CONTROLLED)
    if control_rows:
        session.execute(insert(table_of(Control)), control_rows)
        session.execute(insert(table_of(ControlResult)), result_rows)
    if seizure_rows:
        session.execute(insert(table_of(Seizure)), seizure_rows)
    if events:
        session.execute(insert(table_of(AuditEvent)), audit.writer_for(session).rows(events))
    logged = [row["id"] for row in control_rows]
    control_facts.refresh(session, logged)  # the figures' rows, in this transaction
    return logged
