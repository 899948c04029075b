"""The supervisor's review session: the review queue, the control dossier, approve / return.

A :class:`ReviewSession` is made when a supervisor logs in and lives until logout, like the
officer's :class:`~workstation.lane.session.LaneSession`: it holds the review queue and the
open dossier as an immutable :class:`ReviewState` snapshot, changed only on the persistence
writer's thread; commands may be called from any thread and return futures; what happened
is published as typed events (:mod:`workstation.lane.review_events`) to the front end. The
rules stay in the services: four eyes (:func:`workstation.services.controls.four_eyes_reason`,
the same function the review itself applies) and the mandatory comment of a return
(:func:`workstation.services.controls.review_control`).

:class:`ReviewGateway` is the blocking side (database), run on the writer only.
"""

from __future__ import annotations

import logging
import uuid
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workstation.db import models as m
from workstation.domain.vocab import ControlStatus
from workstation.lane.base import SessionBase
from workstation.lane.events import LaneEvents, ScanOpened
from workstation.lane.gateway import GatewayError, LaneGateway, _finding, _row, _utc
from workstation.lane.review_events import (
    ControlReviewed,
    DossierOpened,
    PlateFrameOpened,
    PlateReadSummary,
    ReadingEvidence,
    ReviewDossier,
    ReviewFilter,
    ReviewQueueChanged,
    ReviewRow,
    ReviewSelectionSummary,
    SecondOpinionAdded,
    SecondOpinionNote,
    SeizureSummary,
    TimelineEntry,
)
from workstation.lane.review_evidence import reading_evidence
from workstation.lane.session import LaneServices, stored_scan_header
from workstation.lane.types import ReadingSummary, ScanRecord, UserInfo
from workstation.services import controls, review_policy, second_opinions, users

log = logging.getLogger(__name__)
T = TypeVar("T")


def _aware(when: datetime | None) -> datetime | None:
    return _utc(when)


def _selection(session: Session, control_id: uuid.UUID) -> ReviewSelectionSummary | None:
    row = review_policy.latest_selection(session, control_id)
    if row is None:
        return None
    return ReviewSelectionSummary(row.outcome, row.reason, float(row.random_share), row.draw,
                                  _aware(row.decided_at))


def _reviewed_by(control: m.Control, names: dict[uuid.UUID, str]) -> str:
    if control.status != ControlStatus.APPROVED:
        return ""
    if control.reviewer_id is None:
        return review_policy.POLICY_ACTOR
    return names.get(control.reviewer_id, "")


class ReviewGateway:
    """Blocking review operations on the record; run on the persistence writer only."""

    def __init__(self, lane: LaneGateway) -> None:
        self.lane = lane
        self.db = lane.db

    def queue(self, reviewer: UserInfo, flt: ReviewFilter,
              now: datetime | None = None) -> list[ReviewRow]:
        """Closed controls awaiting review under ``flt``, oldest closed first, each with the
        four-eyes reason that keeps ``reviewer`` from reviewing it (None when they may)."""
        now = now or datetime.now(UTC)
        with self.db.unit_of_work() as s:
            query = (select(m.Control)
                     .options(selectinload(m.Control.referral), selectinload(m.Control.officer),
                              selectinload(m.Control.result))
                     .where(m.Control.status == ControlStatus.CLOSED)
                     .order_by(m.Control.closed_at.asc(), m.Control.id.asc()))
            if flt.lane:
                query = query.where(m.Control.lane == flt.lane)
            if flt.since is not None:
                query = query.where(m.Control.closed_at >= flt.since)
            if flt.until is not None:
                query = query.where(m.Control.closed_at < flt.until)
            if flt.returned_only:
                query = query.where(m.Control.reviewed_at.is_not(None))
            if flt.result_code or flt.irregular_only:
                query = query.join(m.ControlResult, m.ControlResult.control_id == m.Control.id)
                if flt.result_code:
                    query = query.where(m.ControlResult.code == flt.result_code)
                if flt.irregular_only:
                    query = query.where(m.ControlResult.irregularity.is_(True))
            if flt.officer:
                query = query.join(m.User, m.User.id == m.Control.officer_id).where(
                    m.User.username == flt.officer)
            rows = list(s.scalars(query))
            held: dict[uuid.UUID, list[uuid.UUID]] = {}
            if rows:
                for control_id, to_user in s.execute(
                        select(m.ControlHandover.control_id, m.ControlHandover.to_user_id)
                        .where(m.ControlHandover.control_id.in_([c.id for c in rows]))):
                    held.setdefault(control_id, []).append(to_user)
            out = []
            for c in rows:
                result = c.result
                closed = _aware(c.closed_at)
                reason = controls.four_eyes_reason(
                    reviewer.id, opened_by=c.officer_id, held_by=held.get(c.id, ()),
                    recorded_by=result.recorded_by if result is not None else None)
                out.append(ReviewRow(
                    control_id=str(c.id), lane=c.lane,
                    officer=c.officer.username if c.officer is not None else "",
                    referral_id=c.referral.referral_id if c.referral is not None else None,
                    channel=c.referral.channel if c.referral is not None else "",
                    subject=c.subject, result_code=result.code if result is not None else "",
                    irregularity=bool(result.irregularity) if result is not None else False,
                    closed_at=closed,
                    age_s=max(0.0, (now - closed).total_seconds()) if closed else 0.0,
                    returned_before=c.reviewed_at is not None,
                    last_comment=c.review_comment or "", four_eyes=reason))
            return out

    def dossier(self, reviewer: UserInfo, control_id: str) -> ReviewDossier:
        """Everything the record holds of one control, for its review."""
        with self.db.unit_of_work() as s:
            try:
                control = controls.get_control(s, control_id)
            except controls.ControlError as exc:
                raise GatewayError(str(exc)) from None
            names = {u.id: u.username for u in users.list_users(s)}
            referral = control.referral
            if referral is not None:
                _ = (referral.goods, referral.risk_profiles, referral.instructions,
                     referral.transport_ids)
            ids: set[str] = {str(control.id)}
            scans: list[ScanRecord] = []
            readings_: list[ReadingEvidence] = []
            plates: list[PlateReadSummary] = []
            for e in control.evidence:
                ids.add(str(e.id))
                if e.kind == "scan" and e.scan is not None:
                    scans.append(ScanRecord(e.scan.id.hex, e.scan.id, e.scan.complete,
                                            e.scan.incomplete_reason))
                elif e.kind == "reading" and e.reading is not None:
                    r = e.reading
                    ids.add(str(r.id))
                    readings_.append(reading_evidence(r, ReadingSummary(
                        r.device_name, r.device_kind, _aware(r.taken_at) or datetime.now(UTC),
                        dict(r.values or {}), tuple(r.alarms or ()))))
                elif e.kind == "plate_read" and e.plate_read is not None:
                    p = e.plate_read
                    ids.add(str(p.id))
                    plates.append(PlateReadSummary(
                        str(p.id), p.kind, p.text, p.corrected_text, float(p.confidence),
                        p.camera, p.valid, p.snapshot_path is not None, e.note or "",
                        tuple(int(v) for v in p.box) if p.box else None))
            for f in control.findings:
                ids.add(str(f.id))
            timeline = tuple(
                TimelineEntry(a.seq, _aware(a.occurred_at) or datetime.now(UTC), a.actor,
                              a.action, a.entity, dict(a.details or {}))
                for a in s.scalars(select(m.AuditEvent).where(m.AuditEvent.entity_id.in_(ids))
                                   .order_by(m.AuditEvent.seq)))
            result = control.result
            label = ""
            if result is not None:
                label = next((c.label for c in self.lane.codes if c.code == result.code), "")
            held = s.scalars(select(m.ControlHandover.to_user_id)
                             .where(m.ControlHandover.control_id == control.id))
            reason = controls.four_eyes_reason(
                reviewer.id, opened_by=control.officer_id, held_by=held,
                recorded_by=result.recorded_by if result is not None else None)
            return ReviewDossier(
                control_id=str(control.id), status=control.status, lane=control.lane,
                officer=names.get(control.officer_id, "") if control.officer_id else "",
                subject=control.subject, referral=_row(referral) if referral else None,
                opened_at=_aware(control.opened_at), closed_at=_aware(control.closed_at),
                result_code=result.code if result is not None else "", result_label=label,
                irregularity=bool(result.irregularity) if result is not None else False,
                control_types=tuple(result.control_types or ()) if result is not None else (),
                remarks=result.remarks if result is not None else "",
                minutes_spent=result.minutes_spent if result is not None else None,
                seizures=tuple(SeizureSummary(z.description, z.quantity, z.unit, z.hs_code,
                                              z.value_eur)
                               for z in (result.seizures if result is not None else ())),
                findings=tuple(_finding(f) for f in control.findings),
                decided_by={str(f.id): names.get(f.decided_by, "")
                            for f in control.findings if f.decided_by is not None},
                scans=tuple(scans), readings=tuple(readings_), plates=tuple(plates),
                timeline=timeline, review_comment=control.review_comment or "",
                four_eyes=reason, selection=_selection(s, control.id),
                second_opinions=tuple(
                    SecondOpinionNote(names.get(n.author_id, ""), _aware(n.written_at), n.text)
                    for n in second_opinions.notes_of(s, control.id)),
                reviewed_by=_reviewed_by(control, names))

    def add_second_opinion(self, supervisor: UserInfo, control_id: str, text: str) -> None:
        """Record a second-opinion note (:func:`second_opinions.add_note`)."""
        with self.db.unit_of_work() as s:
            try:
                second_opinions.add_note(s, control_id, users.get_user(s, supervisor.username),
                                         text)
            except (users.UserError, second_opinions.SecondOpinionError) as exc:
                raise GatewayError(str(exc)) from None

    def review(self, reviewer: UserInfo, control_id: str, *, approve: bool,
               comment: str = "") -> None:
        """Approve, or return with ``comment`` (mandatory): ``controls.review_control``."""
        with self.db.unit_of_work() as s:
            try:
                supervisor = users.get_user(s, reviewer.username)
                controls.review_control(s, control_id, supervisor, approve=approve,
                                        comment=comment)
            except (users.UserError, controls.ControlError) as exc:
                raise GatewayError(str(exc)) from None


@dataclass(frozen=True)
class ReviewState:
    """A consistent snapshot of the review (immutable; a new one after every change)."""

    user: UserInfo
    filter: ReviewFilter = ReviewFilter()
    rows: tuple[ReviewRow, ...] = ()
    dossier: ReviewDossier | None = None


class ReviewSession(SessionBase[ReviewState]):
    """One supervisor's review (see the module docstring). Thread-safe: commands enqueue."""

    def __init__(self, services: LaneServices, user: UserInfo, front: LaneEvents) -> None:
        super().__init__(services.writer, front, ReviewState(user=user))
        self.services = services
        self.gateway = ReviewGateway(services.gateway)
        self.user = user
        self._closed = False

    def close(self) -> None:
        """Logout. Nothing of a review waits to be written (each approval or return is one
        transaction when it is sent), so there is nothing to flush."""
        self._closed = True

    # --- queue ------------------------------------------------------------------------------

    def refresh(self, flt: ReviewFilter | None = None) -> Future[tuple[ReviewRow, ...]]:
        """Read the queue again (under ``flt``, or the filter in force)."""

        def work() -> tuple[ReviewRow, ...]:
            chosen = flt if flt is not None else self.state().filter
            rows = tuple(self.gateway.queue(self.user, chosen))
            self._set(filter=chosen, rows=rows)
            self._emit(ReviewQueueChanged(rows, chosen))
            return rows

        return self._on_writer("review-queue", work)

    # --- dossier ----------------------------------------------------------------------------

    def open_dossier(self, control_id: str) -> Future[ReviewDossier]:
        def work() -> ReviewDossier:
            dossier = self.gateway.dossier(self.user, control_id)
            self._set(dossier=dossier)
            self._emit(DossierOpened(dossier))
            return dossier

        return self._on_writer("open-dossier", work)

    def open_scan(self, record: ScanRecord) -> Future[None]:
        """Show a stored scan of the dossier (read back, hash checked, the view logged):
        published as :class:`~workstation.lane.events.ScanOpened`."""

        def work() -> None:
            if record.scan_id is None:
                raise LookupError(f"scan {record.scan_key[:8]} was not stored")
            scan = self.services.gateway.open_stored_scan(self.user, record.scan_id)
            self._emit(ScanOpened(record, stored_scan_header(record, scan)))

        return self._on_writer("open-scan", work)

    def open_plate_frame(self, plate_read_id: str) -> Future[None]:
        """Show the camera frame a plate read of the dossier was made on (read back, hash
        checked, the view logged): published as :class:`PlateFrameOpened`."""

        def work() -> None:
            jpeg = self.services.gateway.plate_frame(self.user, plate_read_id)
            self._emit(PlateFrameOpened(plate_read_id, jpeg))

        return self._on_writer("open-plate-frame", work)

    def add_second_opinion(self, control_id: str, text: str) -> Future[None]:
        """Record a second-opinion note (refused, by the service, when empty); the dossier
        is read again to show it."""

        def work() -> None:
            self.gateway.add_second_opinion(self.user, control_id, text)
            self._emit(SecondOpinionAdded(control_id, text.strip()))
            dossier = self.gateway.dossier(self.user, control_id)
            self._set(dossier=dossier)
            self._emit(DossierOpened(dossier))

        return self._on_writer("second-opinion", work)

    # --- sign-off ---------------------------------------------------------------------------

    def approve(self, control_id: str) -> Future[None]:
        return self._review(control_id, approve=True, comment="")

    def return_control(self, control_id: str, comment: str) -> Future[None]:
        """Return to the officer; refused (by the service) without a comment."""
        return self._review(control_id, approve=False, comment=comment)

    def _review(self, control_id: str, *, approve: bool, comment: str) -> Future[None]:
        def work() -> None:
            self.gateway.review(self.user, control_id, approve=approve, comment=comment)
            dossier = self.state().dossier
            if dossier is not None and dossier.control_id == control_id:
                self._set(dossier=None)
            self._emit(ControlReviewed(control_id, approve, comment.strip()))
            chosen = self.state().filter
            rows = tuple(self.gateway.queue(self.user, chosen))
            self._set(rows=rows)
            self._emit(ReviewQueueChanged(rows, chosen))

        return self._on_writer("approve-control" if approve else "return-control", work)
