"""Model findings of a control: store what a model said, record what the officer decided.

Each model detection becomes one :class:`~workstation.db.models.Finding` row with the
model's name, version and SHA-256 (so the record says exactly which file produced it),
the label, score (0..1) and region ``[x, y, w, h]`` in scan pixels. The officer's accept /
reject is stored on the same row, with who and when. Every change writes an audit event in
the same transaction (:func:`workstation.services.audit.record`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.db.models import Control, Finding, User, utcnow
from workstation.domain.vocab import FindingDecision, FindingSource
from workstation.inference.runner import Analysis
from workstation.services import audit
from workstation.services.controls import ControlError, require_holder

DECISIONS = (FindingDecision.ACCEPTED, FindingDecision.REJECTED)


class FindingError(Exception):
    """A finding cannot be stored or decided; the message says which and why."""


def add_model_findings(session: Session, control_id: uuid.UUID, analyses: Iterable[Analysis], *,
                       scan_id: uuid.UUID | None = None, actor: str = "system") -> list[Finding]:
    """Store every detection of ``analyses`` as a pending model finding of the control."""
    control = session.get(Control, control_id)
    if control is None:
        raise FindingError(f"no control {control_id}: findings need an open control")
    rows: list[Finding] = []
    for analysis in analyses:
        for det in analysis.detections:
            finding = Finding(
                id=uuid.uuid4(), control_id=control.id, scan_id=scan_id,
                source=FindingSource.MODEL,
                label=det.label, score=round(float(det.score), 6),
                region=[round(float(v), 2) for v in det.box],
                model_name=analysis.model, model_version=analysis.model_version,
                model_sha256=analysis.model_sha256, decision=FindingDecision.PENDING,
                created_at=utcnow(),
            )
            session.add(finding)
            rows.append(finding)
    session.flush()
    for finding in rows:
        audit.record(session, actor, "finding.add", "finding", finding.id, {
            "control_id": str(control.id), "label": finding.label, "score": finding.score,
            "region": finding.region, "model": finding.model_name,
            "model_version": finding.model_version, "model_sha256": finding.model_sha256,
        }, state=finding)
    return rows


def decide(session: Session, finding_id: uuid.UUID | str, decision: str, officer: User, *,
           control_id: uuid.UUID | str | None = None) -> Finding:
    """Record the officer's ``accepted`` or ``rejected`` for a pending finding.

    The one place a finding's decision is set (UI, CLI and bulk logging all call it), in the
    caller's transaction together with its audit event. With ``control_id`` the finding must
    belong to that control (the UI passes the open control, so a stale id cannot decide a
    finding of another vehicle).
    """
    if decision not in DECISIONS:
        raise FindingError(f"decision {decision!r} is not one of {', '.join(DECISIONS)}")
    finding_uuid = _as_uuid(finding_id, "finding")
    finding = session.get(Finding, finding_uuid)
    if finding is None:
        raise FindingError(f"no finding {finding_id}")
    if control_id is not None and finding.control_id != _as_uuid(control_id, "control"):
        raise FindingError(f"finding {finding_id} ({finding.label}) does not belong to control "
                           f"{control_id}")
    control = session.get(Control, finding.control_id)
    if control is not None:  # only the officer holding the control decides its findings
        try:
            require_holder(session, control, officer, "decide findings of")
        except ControlError as exc:
            raise FindingError(str(exc)) from None
    if finding.decision != FindingDecision.PENDING:
        raise FindingError(f"finding {finding_id} ({finding.label}) was already {finding.decision} "
                           f"at {finding.decided_at}; a decision is not changed afterwards")
    finding.decision = decision
    finding.decided_by = officer.id
    finding.decided_at = utcnow()
    audit.record(session, officer.username, f"finding.{decision[:-2]}", "finding", finding.id,
                 {"control_id": str(finding.control_id), "label": finding.label,
                  "decision": decision}, state=finding)
    return finding


def _as_uuid(value: uuid.UUID | str, what: str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise FindingError(f"{what} id {value!r} is not a UUID") from None


def findings_of(session: Session, control_id: uuid.UUID) -> list[Finding]:
    return list(session.scalars(select(Finding).where(Finding.control_id == control_id)
                                .order_by(Finding.created_at, Finding.id)))


def export_tdrs(session: Session, control_id: uuid.UUID, folder: Path) -> list[Path]:
    """Write DICOS TDRs for a control's model findings: per (scan, model) one machine TDR
    and, once the officer decided any of them, one operator TDR. Returns the files written."""
    from workstation.scans import tdr

    folder.mkdir(parents=True, exist_ok=True)
    return [tdr.write(ds, folder / name) for name, _scan_id, ds in control_tdrs(session, control_id)]


def control_tdrs(session: Session, control_id: uuid.UUID) -> list[tuple[str, uuid.UUID | None, Any]]:
    """The DICOS TDRs of a control's model findings as ``(file name, scan id, dataset)``:
    per (scan, model) one machine TDR and, once any is decided, one operator TDR."""
    from workstation.scans import tdr

    findings = [f for f in findings_of(session, control_id) if f.source == FindingSource.MODEL]
    groups: dict[tuple[str, str, str, str], list[Finding]] = {}
    for f in findings:
        key = (str(f.scan_id or ""), f.model_name or "", f.model_version or "", f.model_sha256 or "")
        groups.setdefault(key, []).append(f)
    written: list[tuple[str, uuid.UUID | None, Any]] = []
    for (scan_id, model, version, _sha), group in groups.items():
        threats = [tdr.Threat(i + 1, f.label, float(f.score or 0.0),
                              tuple(float(v) for v in (f.region or (0, 0, 0, 0))))  # type: ignore[arg-type]
                   for i, f in enumerate(group)]
        machine = tdr.machine_tdr(threats, algorithm=model, version=version,
                                  inspection_id=str(control_id), scan_id=scan_id or None)
        stem = f"{control_id}-{model}-{scan_id[:8] or 'noscan'}"
        scan_uuid = uuid.UUID(scan_id) if scan_id else None
        written.append((f"{stem}-machine.dcs", scan_uuid, machine))
        decided = {t.pto_id: f.decision for t, f in zip(threats, group, strict=True)
                   if f.decision in DECISIONS}
        if decided:
            officer = _officer_name(session, group)
            operator = tdr.operator_tdr(machine, decided, operator=officer)
            written.append((f"{stem}-operator.dcs", scan_uuid, operator))
    return written


def _officer_name(session: Session, group: Sequence[Finding]) -> str:
    ids = {f.decided_by for f in group if f.decided_by is not None}
    names = sorted(u.username for u in session.scalars(select(User).where(User.id.in_(ids))))
    return ", ".join(names) or "unknown"
