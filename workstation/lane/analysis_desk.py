"""The remote image analyst's session: the post's analysis queue, one claimed scan, regions.

An :class:`AnalystSession` is made when an analyst logs in, like the officer's
:class:`~workstation.lane.session.LaneSession` and the supervisor's
:class:`~workstation.lane.review.ReviewSession` (same :class:`~workstation.lane.base.SessionBase`):
an immutable :class:`AnalystState` changed only on the persistence writer, commands that
return futures, typed events to the front end. The rules are the service's
(:mod:`workstation.services.remote_analysis`): claims with ``FOR UPDATE SKIP LOCKED`` under a
lease, one claim per analyst, a decision only on one's own claim, categories and regions
checked against the image.

While the analyst holds a claim the session renews its lease every third of
``[analysis] claim_lease_s`` (a one-shot timer re-armed after each renewal); when the
program ends without releasing it, the lease runs out and the scan is back in the queue.
The queue is read again whenever the post says the queue changed (the process's
:class:`~workstation.lane.post_listener.PostListener`; other notifications are ignored and
bursts coalesce into one read), and once more when the earliest lease of another analyst's
claim runs out, so a scan left by a stopped program shows up.

A decision is one transaction: the request decided, the regions stored as pending
``analyst`` findings of the lane's control, the operator TDR written to this workstation's
image store and put in its archive outbox (when it has an ``[archive]``), the audit event,
and the notification that reaches the lane.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workstation.db import models as m
from workstation.domain.vocab import AnalysisStatus
from workstation.lane.base import SessionBase
from workstation.lane.events import AnalystRegion, LaneEvent, LaneEvents, ScanOpened
from workstation.lane.gateway import GatewayError, LaneGateway, _finding, _row, _utc
from workstation.lane.session import LaneServices, stored_scan_header
from workstation.lane.types import ModelFinding, ReferralRow, ScanRecord, UserInfo
from workstation.scans.analyst_tdr import analyst_tdr
from workstation.scans.service import store_for
from workstation.services import remote_analysis, users

log = logging.getLogger(__name__)


# --- values and events ----------------------------------------------------------------------


@dataclass(frozen=True)
class DeskRow:
    """One scan in the analysis queue. ``age_s``: seconds since the lane queued it (when the
    queue was read); ``claimed_by``: the analyst holding it ("" when waiting)."""

    request_id: str
    lane: str
    scan_key: str
    reason: str  # all | red | alarm: why the lane sent it
    channel: str
    referral_id: str | None
    queued_at: datetime
    age_s: float
    claimed_by: str = ""
    control_id: str = ""
    lease_until: datetime | None = None  # UTC, of a claimed scan


@dataclass(frozen=True)
class GoodsLine:
    """A declared goods item of the referral: description, HS code, origin country, value
    (EUR) and gross mass (kg); None where the declaration gives none."""

    description: str
    hs_code: str | None
    origin: str | None
    value_eur: float | None
    mass_kg: float | None


@dataclass(frozen=True)
class ClaimedScan:
    """The scan an analyst holds, with what they judge it by. ``lease_until`` UTC."""

    request_id: str
    scan: ScanRecord
    lane: str
    subject: str
    reason: str
    referral: ReferralRow | None
    goods: tuple[GoodsLine, ...]
    findings: tuple[ModelFinding, ...]  # the models' (and rules') findings of the control
    lease_until: datetime | None


@dataclass(frozen=True)
class AnalysisQueueChanged(LaneEvent):
    rows: tuple[DeskRow, ...]


@dataclass(frozen=True)
class ScanClaimed(LaneEvent):
    item: ClaimedScan


@dataclass(frozen=True)
class ClaimEnded(LaneEvent):
    """The claim on ``request_id`` ended: ``how`` is ``released``, ``decided``, ``withdrawn``
    (the lane closed the control first) or ``lost`` (another analyst took it after the
    lease ran out)."""

    request_id: str
    how: str
    outcome: str = ""


@dataclass(frozen=True)
class RegionsChanged(LaneEvent):
    regions: tuple[AnalystRegion, ...]


@dataclass(frozen=True)
class AnalystState:
    """A consistent snapshot of the analyst's desk (immutable; a new one per change)."""

    user: UserInfo
    rows: tuple[DeskRow, ...] = ()
    item: ClaimedScan | None = None
    regions: tuple[AnalystRegion, ...] = ()  # marked on the claimed scan, not yet sent


# --- the blocking side (writer thread) --------------------------------------------------------


class DeskGateway:
    """Blocking operations of the analyst's desk; run on the persistence writer only."""

    def __init__(self, lane: LaneGateway) -> None:
        self.lane = lane
        self.db = lane.db
        self.config = lane.config

    def _analyst(self, s: Any, user: UserInfo) -> m.User:
        try:
            return users.authorize(users.get_user(s, user.username), "analysis.work")
        except users.UserError as exc:
            raise GatewayError(str(exc)) from None

    def queue(self, now: datetime | None = None) -> list[DeskRow]:
        now = now or datetime.now(UTC)
        with self.db.unit_of_work() as s:
            requests = remote_analysis.queue(s, now)
            holders = {r.claimed_by for r in requests if r.claimed_by is not None}
            names = dict(s.execute(select(m.User.id, m.User.username).where(
                m.User.id.in_(holders))).all()) if holders else {}
            # One query for the controls and one for their referrals, not one per row.
            controls = {c.id: c for c in s.scalars(select(m.Control).where(
                m.Control.id.in_({r.control_id for r in requests}))
                .options(selectinload(m.Control.referral)))} if requests else {}
            rows = []
            for r in requests:
                control = controls.get(r.control_id)
                referral = control.referral if control is not None else None
                waiting = remote_analysis.is_waiting(r, now)
                queued = _utc(r.queued_at) or now
                rows.append(DeskRow(
                    str(r.id), r.lane, r.scan_id.hex, r.reason,
                    referral.channel if referral is not None else "",
                    referral.referral_id if referral is not None else None, queued,
                    max(0.0, (now - queued).total_seconds()),
                    "" if waiting else names.get(r.claimed_by, "") if r.claimed_by else "",
                    str(r.control_id), _utc(r.lease_until)))
            return rows

    def next_lease_end(self, user: UserInfo) -> datetime | None:
        """When the earliest claim of another analyst runs out (None: none held)."""
        with self.db.unit_of_work() as s:
            ends = [_utc(r.lease_until) for r in remote_analysis.queue(s)
                    if r.status == AnalysisStatus.CLAIMED and r.lease_until is not None
                    and r.claimed_by != user.id]
        return min((e for e in ends if e is not None), default=None)

    def claim(self, user: UserInfo, request_id: str | None) -> ClaimedScan | None:
        lease = self.config.analysis.claim_lease_s
        with self.db.unit_of_work() as s:
            analyst = self._analyst(s, user)
            try:
                request = remote_analysis.claim(s, analyst, lease_s=lease, request_id=request_id)
            except remote_analysis.AnalysisError as exc:
                raise GatewayError(str(exc)) from None
            if request is None:
                return None
            control = s.get(m.Control, request.control_id)
            assert control is not None
            referral = control.referral
            goods: tuple[GoodsLine, ...] = ()
            if referral is not None:
                _ = (referral.risk_profiles, referral.instructions, referral.transport_ids)
                goods = tuple(GoodsLine(g.description, g.hs_code, g.origin,
                                        g.declared_value_eur, g.gross_mass_kg)
                              for g in referral.goods)
            scan = s.get(m.Scan, request.scan_id)
            assert scan is not None
            findings = tuple(_finding(f) for f in control.findings
                             if f.source != "analyst" and (f.scan_id in (None, scan.id)))
            return ClaimedScan(
                str(request.id), ScanRecord(scan.id.hex, scan.id, scan.complete,
                                            scan.incomplete_reason),
                request.lane, control.subject, request.reason,
                _row(referral) if referral is not None else None, goods, findings,
                _utc(request.lease_until))

    def renew(self, user: UserInfo, request_id: str) -> datetime:
        with self.db.unit_of_work() as s:
            try:
                return remote_analysis.renew(s, self._analyst(s, user), request_id,
                                             lease_s=self.config.analysis.claim_lease_s)
            except remote_analysis.AnalysisError as exc:
                raise GatewayError(str(exc)) from None

    def release(self, user: UserInfo, request_id: str) -> None:
        with self.db.unit_of_work() as s:
            try:
                remote_analysis.release(s, self._analyst(s, user), request_id)
            except remote_analysis.AnalysisError as exc:
                raise GatewayError(str(exc)) from None

    def decide(self, user: UserInfo, request_id: str, outcome: str,
               regions: tuple[AnalystRegion, ...], note: str) -> str:
        """Record the decision (see the module docstring); returns the request's status
        afterwards: ``decided``, or ``withdrawn`` when the lane closed the control first.

        The operator TDR is made and written to the image store (fsync'ed) *before* the
        decision's transaction, so no row lock and not the audit chain's lock is held
        during that file work (decision 1311); the transaction only adds its outbox row.
        A decision then refused or withdrawn leaves an unreferenced file in the store.
        """
        from workstation.post.outbox import enqueue_stored, origin_for, write_dataset

        started = time.perf_counter()
        try:
            request_pk = remote_analysis.request_uuid(request_id)
        except remote_analysis.AnalysisError as exc:
            raise GatewayError(str(exc)) from None
        with self.db.unit_of_work() as s:  # read only: which control and scan (no audit)
            found = s.get(m.AnalysisRequest, request_pk)
            if found is None:
                raise GatewayError(f"no scan {request_id} in the analysis queue")
            control_id, scan_id = found.control_id, found.scan_id
        ds = analyst_tdr(control_id=str(control_id), scan_id=str(scan_id),
                         analyst=user.username, outcome=outcome,
                         regions=[(r.category, r.box) for r in regions])
        store = store_for(self.config)
        origin = origin_for(self.config)
        stored = write_dataset(store, ds)  # with no archive it stays in this store only
        written = time.perf_counter()
        with self.db.unit_of_work() as s:
            analyst = self._analyst(s, user)
            try:
                request, _found = remote_analysis.decide(
                    s, analyst, request_id, outcome=outcome, note=note,
                    regions=[remote_analysis.Region(r.category, r.box, r.note)
                             for r in regions])
            except remote_analysis.AnalysisError as exc:
                raise GatewayError(str(exc)) from None
            if request.status != AnalysisStatus.DECIDED:
                return str(request.status)
            if origin is not None:
                enqueue_stored(s, stored, origin, scan_id=request.scan_id,
                               control_id=request.control_id)
            request.tdr_uid = stored.sop_instance_uid
            status = str(request.status)
        log.debug("decision on %s: TDR made and written %.1f ms, transaction %.1f ms",
                  request_id, (written - started) * 1e3, (time.perf_counter() - written) * 1e3)
        return status


# --- the session ------------------------------------------------------------------------------


class AnalystSession(SessionBase[AnalystState]):
    """One analyst's desk (see the module docstring). Thread-safe: commands enqueue."""

    def __init__(self, services: LaneServices, user: UserInfo, front: LaneEvents) -> None:
        super().__init__(services.writer, front, AnalystState(user=user))
        self.services = services
        self.gateway = DeskGateway(services.gateway)
        self.user = user
        self._closed = False
        self._timers: dict[str, threading.Timer] = {}
        self._timer_lock = threading.Lock()
        self._refresh_pending = False
        self._unsubscribe: Callable[[], None] | None = None
        listener = services.extra.get("post_listener")
        if listener is not None:
            self._unsubscribe = listener.subscribe(self._on_post_event)

    def close(self, timeout_s: float = 10.0) -> None:
        """Logout: the claim held is released (the scan goes back to the queue for the
        next analyst at once, not only when its lease runs out)."""
        if self._closed:
            return
        self._closed = True
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._cancel_timers()
        item = self.state().item
        if item is not None:
            try:
                self._writer.run_now(lambda: self.gateway.release(self.user, item.request_id),
                                     timeout_s)
            except Exception as exc:  # noqa: BLE001 - its lease runs out instead
                log.warning("claim %s not released at logout (%s): its lease runs out",
                            item.request_id, exc)

    # --- timers (lease renewal, a lease of another analyst running out) ----------------------

    def _arm(self, name: str, delay_s: float, fn: Callable[[], Any]) -> None:
        with self._timer_lock:
            old = self._timers.pop(name, None)
            if old is not None:
                old.cancel()
            if self._closed:
                return
            timer = threading.Timer(max(0.0, delay_s), fn)
            timer.daemon = True
            timer.name = f"analyst-{name}"
            self._timers[name] = timer
            timer.start()

    def _cancel_timers(self) -> None:
        with self._timer_lock:
            for timer in self._timers.values():
                timer.cancel()
            self._timers.clear()

    def _keep_lease(self) -> None:
        item = self.state().item
        if item is None or self._closed:
            return
        request_id = item.request_id

        def work() -> None:
            current = self.state().item
            if current is None or current.request_id != request_id:
                return
            try:
                self.gateway.renew(self.user, request_id)
            except GatewayError:
                self._set(item=None, regions=())
                self._emit(ClaimEnded(request_id, "lost"))
                raise
            self._keep_lease()

        self._arm("lease", self.services.gateway.config.analysis.claim_lease_s / 3,
                  lambda: self._on_writer("renew-claim", work))

    # --- queue ----------------------------------------------------------------------------

    def refresh(self) -> Future[tuple[DeskRow, ...]]:
        def work() -> tuple[DeskRow, ...]:
            self._refresh_pending = False
            rows = tuple(self.gateway.queue())
            self._set(rows=rows)
            self._emit(AnalysisQueueChanged(rows))
            end = min((r.lease_until for r in rows if r.claimed_by
                       and r.claimed_by != self.user.username and r.lease_until is not None),
                      default=None)
            if end is not None:  # read again when a stopped analyst's claim runs out
                delay = (end - datetime.now(UTC)).total_seconds() + 0.05
                self._arm("expiry", delay, self._refresh_soon)
            return rows

        return self._on_writer("analysis-queue", work)

    def _refresh_soon(self) -> None:
        if self._refresh_pending or self._closed:
            return
        self._refresh_pending = True
        self.refresh()

    def _on_post_event(self, topic: str, payload: dict[str, Any]) -> None:
        """Read the queue again only when the notification concerns it: the analysis queue
        changed (``decision`` comes with it, from the same transaction), the connection
        was re-made, or a control whose scan is shown here left the open state. The
        post's other control traffic (every lane's steps) is not this desk's business.
        Bursts coalesce: one read pending at most, and it sees every change before it."""
        if topic in ("analysis", "resync") or (
                topic == "controls" and payload.get("status") != "open"
                and str(payload.get("control_id", "")) in
                {r.control_id for r in self.state().rows}):
            self._refresh_soon()

    # --- claim ------------------------------------------------------------------------------

    def claim_next(self, request_id: str | None = None) -> Future[ClaimedScan | None]:
        """Claim the oldest waiting scan (or ``request_id``); None when none waits. The
        scan is opened for the viewer (:class:`ScanOpened`) once claimed."""

        def work() -> ClaimedScan | None:
            started = time.perf_counter()
            item = self.gateway.claim(self.user, request_id)
            if item is None:
                return None
            claimed = time.perf_counter()
            previous = self.state().item
            if previous is not None and previous.request_id != item.request_id:
                self._emit(ClaimEnded(previous.request_id, "released"))
            self._set(item=item, regions=() if previous is None or
                      previous.request_id != item.request_id else self.state().regions)
            self._emit(ScanClaimed(item))
            self._emit(RegionsChanged(self.state().regions))
            self._keep_lease()
            self._open(item.scan)
            log.debug("claim of %s %.1f ms, scan opened %.1f ms", item.request_id,
                      (claimed - started) * 1e3, (time.perf_counter() - claimed) * 1e3)
            self._refresh_soon()
            return item

        return self._on_writer("claim-scan", work)

    def _open(self, record: ScanRecord) -> None:
        assert record.scan_id is not None
        scan = self.services.gateway.open_stored_scan(self.user, record.scan_id)
        self._emit(ScanOpened(record, stored_scan_header(record, scan)))

    def release(self) -> Future[None]:
        def work() -> None:
            item = self.state().item
            if item is None:
                return
            self.gateway.release(self.user, item.request_id)
            self._end(item.request_id, "released")

        return self._on_writer("release-scan", work)

    def _end(self, request_id: str, how: str, outcome: str = "") -> None:
        self._set(item=None, regions=())
        with self._timer_lock:
            timer = self._timers.pop("lease", None)
        if timer is not None:
            timer.cancel()
        self._emit(ClaimEnded(request_id, how, outcome))
        self._emit(RegionsChanged(()))
        self._refresh_soon()

    # --- regions and the decision -----------------------------------------------------------

    def mark_region(self, category: str, box: tuple[int, int, int, int],
                    note: str = "") -> Future[tuple[AnalystRegion, ...]]:
        """Add a suspect region (x, y, w, h scan pixels) to the claimed scan (not yet sent:
        :meth:`send_suspect` sends them with the decision)."""

        def work() -> tuple[AnalystRegion, ...]:
            if self.state().item is None:
                raise LookupError("claim a scan first")
            x, y, w, h = (int(round(v)) for v in box)
            regions = (*self.state().regions, AnalystRegion(category, (x, y, w, h), note))
            self._set(regions=regions)
            self._emit(RegionsChanged(regions))
            return regions

        return self._on_writer("mark-region", work)

    def remove_region(self, index: int) -> Future[tuple[AnalystRegion, ...]]:
        def work() -> tuple[AnalystRegion, ...]:
            regions = list(self.state().regions)
            if not 0 <= index < len(regions):
                raise LookupError(f"no region {index + 1}")
            del regions[index]
            self._set(regions=tuple(regions))
            self._emit(RegionsChanged(tuple(regions)))
            return tuple(regions)

        return self._on_writer("remove-region", work)

    def clear_scan(self, note: str = "") -> Future[str]:
        """Decide: nothing suspect on this scan."""
        return self._decide("clear", note)

    def send_suspect(self, note: str = "") -> Future[str]:
        """Decide: suspect, with the regions marked."""
        return self._decide("suspect", note)

    def _decide(self, outcome: str, note: str) -> Future[str]:
        def work() -> str:
            item = self.state().item
            if item is None:
                raise LookupError("claim a scan first")
            regions = self.state().regions if outcome == "suspect" else ()
            status = self.gateway.decide(self.user, item.request_id, outcome, regions, note)
            self._end(item.request_id, "decided" if status == "decided" else "withdrawn",
                      outcome)
            return status

        return self._on_writer("decide-scan", work)
