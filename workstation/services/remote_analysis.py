"""Remote image analysis: the post's queue of scans awaiting an analyst, claims and decisions.

A lane whose ``[analysis] remote`` setting selects a scan of its open control puts it in the
queue (:func:`enqueue`); any analyst of the post claims the oldest one (:func:`claim`), which
takes the row with ``SELECT ... FOR UPDATE SKIP LOCKED`` on PostgreSQL, so analysts claiming
at the same moment each get a different scan and never wait on one another (SQLite's single
writer lock gives the same exclusivity on one machine). A claim is a lease: it ends at
``lease_until`` unless renewed (:func:`renew`), so the scan of an analyst whose program
ended returns to the queue by itself; :func:`release` gives it back at once.

The analyst's decision (:func:`decide`) clears the scan or marks suspect regions, each with
a category (:data:`~workstation.domain.vocab.ANALYST_CATEGORIES`) and a note: the regions
become pending ``analyst`` findings of the control, which the officer accepts or rejects
like a model's (the officer decides; a control is not closed while one is pending). Every
step is audited and notifies the post (``analysis`` / ``decision``,
:mod:`workstation.services.post_events`) in its own transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from workstation.db.models import AnalysisRequest, Control, Finding, Referral, Scan, User, utcnow
from workstation.domain.vocab import (
    ANALYST_CATEGORIES,
    AnalysisStatus,
    AnalystOutcome,
    ControlStatus,
    FindingDecision,
    FindingSource,
)
from workstation.services import audit, post_events, users

MAX_NOTE = 2000  # characters of an analyst's note (the whole decision's and each region's)
MAX_REGIONS = 50


class AnalysisError(Exception):
    """A queue step was refused; the message says why (and who holds a claimed scan)."""


@dataclass(frozen=True)
class Region:
    """A suspect region: ``box`` (x, y, w, h) in scan pixels (x along the lines, y along the
    detector), a category, a note."""

    category: str
    box: tuple[int, int, int, int]
    note: str = ""


def wants_analysis(setting: str, *, channel: str | None, model_alarm: bool) -> str | None:
    """Why a lane with ``[analysis] remote = setting`` sends a scan (the setting's word), or
    None when it does not: ``all`` every scan, ``red`` scans of a red-channel referral,
    ``alarm`` scans a model raised a finding on."""
    if setting == "all":
        return "all"
    if setting == "red" and channel == "red":
        return "red"
    if setting == "alarm" and model_alarm:
        return "alarm"
    return None


def _uuid(value: uuid.UUID | str, what: str) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise AnalysisError(f"{what} {value!r} is not an id") from None


def request_uuid(request_id: uuid.UUID | str) -> uuid.UUID:
    """The id of an analysis request (AnalysisError naming it when it is not an id)."""
    return _uuid(request_id, "request")


def enqueue(session: Session, *, scan_id: uuid.UUID, control_id: uuid.UUID | str, post: str,
            lane: str, reason: str, actor: str, now: datetime | None = None) -> AnalysisRequest:
    """Queue a stored scan of an open control for remote analysis (once per scan: a second
    call returns the request already there)."""
    existing = session.scalar(select(AnalysisRequest).where(AnalysisRequest.scan_id == scan_id))
    if existing is not None:
        return existing
    control = session.get(Control, _uuid(control_id, "control"))
    if control is None or control.status != ControlStatus.OPEN:
        raise AnalysisError(f"control {control_id} is not open: only scans of an open control "
                            "go to remote analysis")
    request = AnalysisRequest(id=uuid.uuid4(), scan_id=scan_id, control_id=control.id,
                              post=post, lane=lane, reason=reason,
                              status=AnalysisStatus.QUEUED, queued_at=now or utcnow(),
                              note="", regions=[])
    session.add(request)
    session.flush()
    audit.record(session, actor, "analysis.queue", "analysis", request.id,
                 {"scan_id": str(scan_id), "control_id": str(control.id), "lane": lane,
                  "reason": reason})
    return request


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Queued, or claimed under a lease that ran out; of a control still open."""
    return and_(or_(AnalysisRequest.status == AnalysisStatus.QUEUED,
                    and_(AnalysisRequest.status == AnalysisStatus.CLAIMED,
                         AnalysisRequest.lease_until < now)),
                Control.status == ControlStatus.OPEN)


def queue(session: Session, now: datetime | None = None) -> list[AnalysisRequest]:
    """The queue as analysts see it: waiting and claimed scans of open controls, oldest
    first (a claim past its lease counts as waiting: see :func:`is_waiting`)."""
    return list(session.scalars(
        select(AnalysisRequest).join(Control, Control.id == AnalysisRequest.control_id)
        .where(AnalysisRequest.status.in_((AnalysisStatus.QUEUED, AnalysisStatus.CLAIMED)),
               Control.status == ControlStatus.OPEN)
        .order_by(AnalysisRequest.queued_at, AnalysisRequest.id)))


def is_waiting(request: AnalysisRequest, now: datetime) -> bool:
    lease = audit_aware(request.lease_until)
    return request.status == AnalysisStatus.QUEUED or (
        request.status == AnalysisStatus.CLAIMED and lease is not None and lease < now)


def audit_aware(when: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; they were stored as UTC."""
    from datetime import UTC

    if when is None or when.tzinfo is not None:
        return when
    return when.replace(tzinfo=UTC)


def claim(session: Session, analyst: User, *, lease_s: float,
          request_id: uuid.UUID | str | None = None,
          now: datetime | None = None) -> AnalysisRequest | None:
    """Claim the oldest waiting scan (or ``request_id``) for ``analyst`` until ``now`` +
    ``lease_s``; None when nothing waits. An analyst holds one claim at a time: a claim
    they still hold is returned again (renewed) instead of taking a second."""
    users.authorize(analyst, "analysis.work")
    now = now or utcnow()
    held = session.scalar(select(AnalysisRequest).where(
        AnalysisRequest.status == AnalysisStatus.CLAIMED,
        AnalysisRequest.claimed_by == analyst.id, AnalysisRequest.lease_until >= now)
        .with_for_update())
    if held is not None and (request_id is None or held.id == _uuid(request_id, "request")):
        held.lease_until = now + timedelta(seconds=lease_s)
        return held
    query = (select(AnalysisRequest).join(Control, Control.id == AnalysisRequest.control_id)
             .where(_claimable(now)).order_by(AnalysisRequest.queued_at, AnalysisRequest.id)
             .limit(1).with_for_update(skip_locked=True, of=AnalysisRequest))
    if request_id is not None:
        query = query.where(AnalysisRequest.id == _uuid(request_id, "request"))
    request = session.scalar(query)
    if request is None:
        if request_id is not None:
            raise AnalysisError(_why_not_claimable(session, _uuid(request_id, "request"), now))
        return None
    if held is not None:  # the analyst moves on to another scan: the first one goes back
        _requeue(held)
    request.status = AnalysisStatus.CLAIMED
    request.claimed_by = analyst.id
    request.claimed_at = now
    request.lease_until = now + timedelta(seconds=lease_s)
    session.flush()
    audit.record(session, analyst.username, "analysis.claim", "analysis", request.id,
                 {"scan_id": str(request.scan_id), "lane": request.lane,
                  "lease_until": request.lease_until.isoformat()})
    return request


def _why_not_claimable(session: Session, request_id: uuid.UUID, now: datetime) -> str:
    request = session.get(AnalysisRequest, request_id)
    if request is None:
        return f"no scan {request_id} in the analysis queue"
    if request.status == AnalysisStatus.CLAIMED:
        holder = session.get(User, request.claimed_by) if request.claimed_by else None
        return (f"scan {str(request.scan_id)[:8]} of lane {request.lane} is being analysed by "
                f"{holder.username if holder else 'another analyst'}")
    if request.status == AnalysisStatus.DECIDED:
        return f"scan {str(request.scan_id)[:8]} of lane {request.lane} was decided already"
    return f"scan {str(request.scan_id)[:8]} of lane {request.lane} is no longer waiting " \
           "(its control was closed)"


def _held(session: Session, analyst: User, request_id: uuid.UUID | str,
          now: datetime) -> AnalysisRequest:
    request = session.get(AnalysisRequest, _uuid(request_id, "request"), with_for_update=True)
    if request is None:
        raise AnalysisError(f"no scan {request_id} in the analysis queue")
    if request.status == AnalysisStatus.CLAIMED and request.claimed_by == analyst.id:
        return request
    if request.status == AnalysisStatus.QUEUED and request.claimed_by == analyst.id:
        return request  # the lease ran out and nobody else took it: still theirs to decide
    raise AnalysisError(_why_not_claimable(session, request.id, now) if request.status !=
                        AnalysisStatus.QUEUED else f"scan {str(request.scan_id)[:8]} is not "
                        "claimed by you: claim it first")


def renew(session: Session, analyst: User, request_id: uuid.UUID | str, *, lease_s: float,
          now: datetime | None = None) -> datetime:
    """Extend the analyst's claim to ``now`` + ``lease_s``; returns the new end (UTC)."""
    now = now or utcnow()
    request = _held(session, analyst, request_id, now)
    if request.status == AnalysisStatus.QUEUED:
        request.status = AnalysisStatus.CLAIMED
    request.lease_until = now + timedelta(seconds=lease_s)
    return request.lease_until


def _requeue(request: AnalysisRequest) -> None:
    request.status = AnalysisStatus.QUEUED
    request.lease_until = None


def release(session: Session, analyst: User, request_id: uuid.UUID | str,
            now: datetime | None = None) -> None:
    """Give a claimed scan back to the queue (the analyst leaves it undecided)."""
    now = now or utcnow()
    request = _held(session, analyst, request_id, now)
    _requeue(request)
    request.claimed_by = None
    audit.record(session, analyst.username, "analysis.release", "analysis", request.id,
                 {"scan_id": str(request.scan_id), "lane": request.lane})


def decide(session: Session, analyst: User, request_id: uuid.UUID | str, *, outcome: str,
           regions: Sequence[Region] = (), note: str = "",
           now: datetime | None = None) -> tuple[AnalysisRequest, list[Finding]]:
    """Record the analyst's decision on a claimed scan: ``clear`` (no regions) or
    ``suspect`` (one region or more, each becoming a pending ``analyst`` finding of the
    control). Refused when the scan is not theirs, its control was closed, or a region is
    off the image or has an unknown category."""
    users.authorize(analyst, "analysis.work")
    now = now or utcnow()
    if outcome not in tuple(AnalystOutcome):
        raise AnalysisError(f"outcome {outcome!r} is not one of "
                            f"{', '.join(AnalystOutcome)}")
    if outcome == AnalystOutcome.SUSPECT and not regions:
        raise AnalysisError("suspect: mark at least one region (or clear the scan)")
    if outcome == AnalystOutcome.CLEAR and regions:
        raise AnalysisError("clear: a cleared scan has no suspect regions (remove them, or "
                            "mark the scan suspect)")
    if len(regions) > MAX_REGIONS:
        raise AnalysisError(f"{len(regions)} regions: at most {MAX_REGIONS}")
    if len(note) > MAX_NOTE:
        raise AnalysisError(f"note: {len(note)} characters, at most {MAX_NOTE}")
    request = _held(session, analyst, request_id, now)
    control = session.get(Control, request.control_id)
    if control is None or control.status != ControlStatus.OPEN:
        request.status = AnalysisStatus.WITHDRAWN
        request.lease_until = None
        audit.record(session, analyst.username, "analysis.withdraw", "analysis", request.id,
                     {"scan_id": str(request.scan_id), "lane": request.lane})
        return request, []  # withdrawn: the caller says the decision came too late
    scan = session.get(Scan, request.scan_id)
    found: list[Finding] = []
    for i, region in enumerate(regions, start=1):
        x, y, w, h = (int(v) for v in region.box)
        if region.category not in ANALYST_CATEGORIES:
            raise AnalysisError(f"region {i}: category {region.category!r} is not one of "
                                f"{', '.join(ANALYST_CATEGORIES)}")
        if len(region.note) > MAX_NOTE:
            raise AnalysisError(f"region {i}: note has {len(region.note)} characters, at most "
                                f"{MAX_NOTE}")
        if w <= 0 or h <= 0 or x < 0 or y < 0 or (
                scan is not None and (x + w > scan.rows or y + h > scan.columns)):
            # x runs along the scan's lines, y along its detector pixels (as the viewer
            # and the models' boxes have it).
            size = f" (the scan is {scan.rows} lines x {scan.columns} pixels)" if scan else ""
            raise AnalysisError(f"region {i}: box {x}, {y}, {w} x {h} is not on the "
                                f"image{size}")
        finding = Finding(id=uuid.uuid4(), control_id=control.id, scan_id=request.scan_id,
                          source=FindingSource.ANALYST, label=region.category,
                          description=region.note.strip(), score=None,
                          region=[x, y, w, h], model_name=None, model_version=None,
                          model_sha256=None, decision=FindingDecision.PENDING,
                          created_at=now)
        session.add(finding)
        found.append(finding)
    request.status = AnalysisStatus.DECIDED
    request.decided_by = analyst.id
    request.decided_at = now
    request.lease_until = None
    request.outcome = outcome
    request.note = note.strip()
    request.regions = [{"category": r.category, "note": r.note.strip(),
                        "box": [int(v) for v in r.box]} for r in regions]
    session.flush()
    audit.record(session, analyst.username, "analysis.decide", "analysis", request.id,
                 {"scan_id": str(request.scan_id), "control_id": str(control.id),
                  "lane": request.lane, "outcome": outcome, "note": request.note,
                  "regions": request.regions}, states=found)
    post_events.notify(session, "decision", control_id=control.id, request_id=request.id,
                       lane=request.lane)
    return request, found


def referral_of(session: Session, request: AnalysisRequest) -> Referral | None:
    control = session.get(Control, request.control_id)
    return control.referral if control is not None else None


def decisions_for(session: Session, control_id: uuid.UUID | str) -> list[AnalysisRequest]:
    """The analysts' decisions on a control's scans, oldest first."""
    return list(session.scalars(
        select(AnalysisRequest).where(AnalysisRequest.control_id == _uuid(control_id, "control"),
                                      AnalysisRequest.status == AnalysisStatus.DECIDED)
        .order_by(AnalysisRequest.decided_at)))
