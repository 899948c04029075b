"""The lane's side of the post: scans sent to remote analysis, analysts' decisions taken up,
and the referral queue kept live while other lanes work.

A :class:`RemoteLink` belongs to one :class:`~workstation.lane.session.LaneSession`. It sends
each scan of the open control that the lane's ``[analysis] remote`` setting selects to the
post's analysis queue (on the writer, after the scan is attached), and it subscribes to the
process's :class:`~workstation.lane.post_listener.PostListener`: an analyst's decision on a
scan of this lane's open control is read on the writer at once and published as
:class:`~workstation.lane.events.AnalystDecisionArrived`, its regions joining the control's
findings (pending, for the officer to decide); changes to the referral queue by other lanes
refresh this lane's queue, and a referral this lane shows that another lane took is
announced with who has it (:class:`~workstation.lane.events.ReferralTaken`).

Listener callbacks run on the listener's thread and only queue work on the writer; queue
refreshes are coalesced (one pending at a time), so a busy post does not flood the lane.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from workstation.db import models as m
from workstation.lane.events import (
    AnalystDecision,
    AnalystDecisionArrived,
    AnalystRegion,
    Notice,
    ReferralTaken,
)
from workstation.lane.gateway import _finding, _utc
from workstation.lane.types import ModelFinding, ScanRecord
from workstation.services import remote_analysis

if TYPE_CHECKING:
    from workstation.lane.session import LaneSession

log = logging.getLogger(__name__)


def decision_of(request: m.AnalysisRequest, analyst: str) -> AnalystDecision:
    return AnalystDecision(
        str(request.id), request.scan_id.hex, analyst, request.outcome or "", request.note,
        tuple(AnalystRegion(str(r.get("category", "")),
                            tuple(int(v) for v in r.get("box", (0, 0, 0, 0))),  # type: ignore[arg-type]
                            str(r.get("note", ""))) for r in request.regions or ()),
        _utc(request.decided_at))


class RemoteLink:
    """One lane session's link to the post (see the module docstring)."""

    def __init__(self, session: LaneSession) -> None:
        self.session = session
        self.gateway = session.gateway
        self.config = session.gateway.config
        self._lock = threading.Lock()
        self._refresh_pending = False
        self._seen: set[str] = set()  # decisions already taken up (request ids)
        self._unsubscribe: Callable[[], None] | None = None
        listener = session.services.extra.get("post_listener")
        if listener is not None:
            self._unsubscribe = listener.subscribe(self._on_post_event)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    # --- sending scans (writer thread) -------------------------------------------------------

    def scan_attached(self, control_id: str, record: ScanRecord, *, model_alarm: bool = False) -> None:
        """A scan was attached to the open control (or its model findings stored: then
        ``model_alarm``): queue it for remote analysis when the lane's setting says so."""
        setting = self.config.analysis.remote
        if setting == "off" or record.scan_id is None or not record.complete or (
                model_alarm and setting != "alarm"):  # sent when attached already
            return
        control = self.session.state().control
        channel = control.referral.channel if control and control.referral else None
        reason = remote_analysis.wants_analysis(setting, channel=channel, model_alarm=model_alarm)
        if reason is None:
            return
        with self.gateway.db.unit_of_work() as s:
            remote_analysis.enqueue(s, scan_id=record.scan_id, control_id=control_id,
                                    post=self.config.lane.post, lane=self.config.lane.lane_id,
                                    reason=reason, actor=self.session.user.username)
        self.session.front.publish(Notice("sent-to-analysis", reason))

    # --- decisions (writer thread) -----------------------------------------------------------

    def take_decisions(self, control_id: str) -> list[AnalystDecision]:
        """Read the analysts' decisions on the open control not yet shown, publish each, and
        add their regions to the control's findings."""
        if self.session.state().control is None or \
                self.session.state().control.control_id != control_id:  # type: ignore[union-attr]
            return []
        fresh: list[tuple[AnalystDecision, list[ModelFinding]]] = []
        with self.gateway.db.unit_of_work() as s:
            for request in remote_analysis.decisions_for(s, control_id):
                if str(request.id) in self._seen:
                    continue
                analyst = s.get(m.User, request.decided_by) if request.decided_by else None
                findings = s.scalars(select(m.Finding).where(
                    m.Finding.control_id == uuid.UUID(control_id),
                    m.Finding.scan_id == request.scan_id,
                    m.Finding.source == "analyst")).all()
                fresh.append((decision_of(request, analyst.username if analyst else ""),
                              [_finding(f) for f in findings]))
        out = []
        for decision, found in fresh:
            self._seen.add(decision.request_id)
            self.session._add_findings(control_id, found)
            self.session.note_decision(control_id, decision)
            self.session.front.publish(AnalystDecisionArrived(control_id, decision))
            out.append(decision)
        return out

    # --- the post's notifications (listener thread: queue work, never block) ----------------

    def _on_post_event(self, topic: str, payload: dict[str, Any]) -> None:
        lane = self.config.lane.lane_id
        if topic in ("decision", "resync"):
            control = self.session.state().control
            if control is not None and (topic == "resync" or (
                    payload.get("lane") == lane and payload.get("control_id") == control.control_id)):
                control_id = control.control_id
                self.session._on_writer("analyst-decision",
                                        lambda: self.take_decisions(control_id))
        if topic in ("referrals", "resync") or (topic == "controls" and payload.get("lane") == lane):
            self._refresh()
        if topic == "referrals" and payload.get("control_id") and payload.get("lane") != lane:
            self._maybe_taken(payload)

    def _refresh(self) -> None:
        with self._lock:
            if self._refresh_pending:
                return
            self._refresh_pending = True

        def work() -> None:
            with self._lock:
                self._refresh_pending = False
            self.session.refresh_queue()

        self.session._on_writer("post-refresh", work)

    def _maybe_taken(self, payload: dict[str, Any]) -> None:
        state = self.session.state()
        shown = {str(r.pk) for r in state.queue} | ({str(state.match.pk)} if state.match else set())
        referral_pk = str(payload.get("referral_pk", ""))
        if referral_pk not in shown:
            return

        def work() -> None:
            with self.gateway.db.unit_of_work() as s:
                referral = s.get(m.Referral, uuid.UUID(referral_pk))
                officer_id = payload.get("officer_id")
                officer = s.get(m.User, uuid.UUID(officer_id)) if officer_id else None
                rid = referral.referral_id if referral is not None else referral_pk
            current = self.session.state().match
            if current is not None and str(current.pk) == referral_pk:
                self.session._set(match=None)
            self.session.front.publish(ReferralTaken(
                rid, str(payload.get("lane", "")), officer.username if officer else ""))

        self.session._on_writer("referral-taken", work)
