"""Closed controls as result records for risk analysis (see ``workstation.formats.results``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workstation.db.models import Control, ControlResult, Evidence, Referral, SecondOpinion
from workstation.domain.vocab import ControlStatus
from workstation.services.review_policy import POLICY_ACTOR

EXPORTED_STATES = (ControlStatus.CLOSED, ControlStatus.APPROVED)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def result_record(control: Control) -> dict[str, Any]:
    referral = control.referral
    result = control.result
    return {
        "control_id": str(control.id),
        "referral_id": referral.referral_id if referral else None,
        "mrn": referral.mrn if referral else None,
        "risk_profiles": [p.code for p in referral.risk_profiles] if referral else [],
        "channel": referral.channel if referral else None,
        "post": control.post,
        "lane": control.lane,
        "random": control.random,
        "subject": control.subject,
        "officer": control.officer.username if control.officer else None,
        "opened_at": _iso(control.opened_at),
        "closed_at": _iso(control.closed_at),
        "status": control.status,
        "reviewed_by": _reviewed_by(control),
        "reviewed_at": _iso(control.reviewed_at),
        "control_types": list(result.control_types) if result else [],
        "result_code": result.code if result else None,
        "irregularity": bool(result.irregularity) if result else None,
        "minutes_spent": result.minutes_spent if result else None,
        "findings": [
            {"label": f.label, "description": f.description, "source": f.source,
             "decision": f.decision, "score": f.score, "model": f.model_name,
             "model_version": f.model_version}
            for f in control.findings
        ],
        "seizures": [
            {"description": s.description, "hs_code": s.hs_code, "quantity": s.quantity,
             "unit": s.unit, "value_eur": s.value_eur}
            for s in (result.seizures if result else [])
        ],
        "evidence": [_evidence(e) for e in control.evidence],
        "review_selection": _selection(control),
        "second_opinions": [
            {"by": n.author.username, "at": _iso(n.written_at), "text": n.text}
            for n in control.second_opinions
        ],
    }


def _reviewed_by(control: Control) -> str | None:
    """The approving supervisor; ``policy`` when the review policy approved the control."""
    if control.reviewer is not None:
        return control.reviewer.username
    if control.status == ControlStatus.APPROVED and control.review_selections \
            and control.review_selections[-1].outcome == "approved":
        return POLICY_ACTOR
    return None


def _selection(control: Control) -> dict[str, Any] | None:
    """What the review policy decided at the latest closing (None: closed before the policy
    was recorded)."""
    if not control.review_selections:
        return None
    row = control.review_selections[-1]
    return {"outcome": row.outcome, "reason": row.reason, "random_share": row.random_share}


def _evidence(evidence: Evidence) -> dict[str, Any]:
    ref = evidence.scan_id or evidence.reading_id or evidence.plate_read_id
    item: dict[str, Any] = {"kind": evidence.kind, "ref": str(ref)}
    if evidence.reading is not None:
        reading = evidence.reading
        item.update(device_kind=reading.device_kind, device=reading.device_name,
                    taken_at=_iso(reading.taken_at), values=reading.values, alarms=reading.alarms,
                    raw_media_type=reading.raw_media_type,
                    raw_document_bytes=len(reading.raw_document or b""))
    elif evidence.scan is not None:
        item.update(sha256=evidence.scan.sha256, complete=evidence.scan.complete)
    elif evidence.plate_read is not None:
        item.update(text=evidence.plate_read.corrected_text or evidence.plate_read.text,
                    confidence=evidence.plate_read.confidence)
    return item


def exported_results(session: Session, *, since: datetime | None = None,
                     batch: int = 500) -> Iterator[dict[str, Any]]:
    """Closed and approved controls, oldest closure first, streamed in batches."""
    query = (
        select(Control)
        .where(Control.status.in_(EXPORTED_STATES))
        .options(
            selectinload(Control.referral).selectinload(Referral.risk_profiles),
            selectinload(Control.result).selectinload(ControlResult.seizures),
            selectinload(Control.findings), selectinload(Control.officer),
            selectinload(Control.reviewer), selectinload(Control.review_selections),
            selectinload(Control.second_opinions).selectinload(SecondOpinion.author),
            selectinload(Control.evidence).selectinload(Evidence.reading),
            selectinload(Control.evidence).selectinload(Evidence.scan),
            selectinload(Control.evidence).selectinload(Evidence.plate_read),
        )
        .order_by(Control.closed_at, Control.id)
        .execution_options(yield_per=batch)
    )
    if since is not None:
        query = query.where(Control.closed_at >= since)
    for control in session.scalars(query):
        yield result_record(control)
