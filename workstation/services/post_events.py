"""Changes other lanes and users must see at once, told through PostgreSQL LISTEN/NOTIFY.

A service (or the hooks below, for the referral queue and controls) names a *topic* and a
small JSON payload with :func:`notify` inside its transaction; the notification is sent
with ``pg_notify`` just before the commit, so PostgreSQL delivers it only if, and when, the
transaction commits, and never before the change is visible. Listeners
(``workstation.lane.post_listener``) hear it on the channel :func:`channel_of` names: one
per database schema, so scratch schemas of tests and benchmarks do not hear each other.

Topics: ``referrals`` (the referral queue changed: imported, amended, taken by a control;
payload ``referral_pk``, ``lane``, and ``officer_id``, ``control_id`` when a control
took it), ``controls`` (a
control changed state: the review queue), ``analysis`` (the remote-analysis queue
changed), ``decision`` (an analyst decided on a scan: ``control_id``, ``request_id``,
``lane``).

On SQLite (one lane, one machine) the same notifications are handed, after the commit, to
the listeners of this process (:data:`LOCAL`); other processes do not hear them.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, inspect, text
from sqlalchemy.orm import Session

from workstation.db.models import AnalysisRequest, Control, Referral

log = logging.getLogger(__name__)

CHANNEL_PREFIX = "iw_post_"
# PostgreSQL refuses a notification payload of 8000 bytes or more; ours are a few ids.
MAX_PAYLOAD = 7000
Listener = Callable[[str, dict[str, Any]], None]


def channel_sql() -> str:
    """SQL naming this connection's channel (prefix + schema, within the 63-byte limit)."""
    return f"left('{CHANNEL_PREFIX}' || current_schema(), 63)"


def channel_of(session_or_connection: Any) -> str:
    """The channel notifications of this database schema travel on."""
    return str(session_or_connection.execute(text(f"select {channel_sql()}")).scalar_one())


class LocalHub:
    """The listeners of this process, for databases without NOTIFY (SQLite)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def deliver(self, topic: str, payload: dict[str, Any]) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(topic, payload)
            except Exception:  # noqa: BLE001 - one listener's fault must not stop the others
                log.exception("post event listener failed on %s", topic)


LOCAL = LocalHub()


def notify(session: Session, topic: str, **payload: Any) -> None:
    """Tell every listener of the post about ``topic`` once this transaction commits."""
    pending: list[tuple[str, dict[str, Any]]] = session.info.setdefault("post_events", [])
    item = (topic, {k: (str(v) if v is not None and not isinstance(v, int | float | bool)
                        else v) for k, v in payload.items()})
    if item not in pending:
        pending.append(item)


@event.listens_for(Session, "after_flush")
def _watch_queues(session: Session, _context: Any) -> None:
    """Referral and control changes of any caller (lane, command line, import) notify."""
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Control):
            if obj in session.new and obj.referral_pk is not None:
                notify(session, "referrals", referral_pk=obj.referral_pk, lane=obj.lane,
                       officer_id=obj.officer_id, control_id=obj.id)
            if obj in session.new or inspect(obj).attrs.status.history.has_changes():
                notify(session, "controls", control_id=obj.id, lane=obj.lane,
                       status=obj.status)
        elif isinstance(obj, Referral):
            notify(session, "referrals", referral_pk=obj.id, lane=obj.lane or "")
        elif isinstance(obj, AnalysisRequest):
            notify(session, "analysis", request_id=obj.id, lane=obj.lane, status=obj.status)


# First of the before-commit hooks (insert=True): the notifications go out before the audit
# chain is locked for the transaction's events (decision 1311), and the flush here lets the
# last changes add theirs.
@event.listens_for(Session, "before_commit", insert=True)
def _send(session: Session) -> None:
    session.flush()
    pending = session.info.get("post_events")
    if not pending or session.get_bind().dialect.name != "postgresql":
        return
    session.info.pop("post_events")
    for topic, payload in pending:
        body = json.dumps({"topic": topic, **payload}, separators=(",", ":"))
        if len(body.encode()) > MAX_PAYLOAD:  # never expected: ids only; say it, send less
            log.error("post event %s too long (%d bytes); sent without payload", topic, len(body))
            body = json.dumps({"topic": topic})
        session.execute(text(f"select pg_notify({channel_sql()}, :body)"), {"body": body})


@event.listens_for(Session, "after_commit")
def _deliver_locally(session: Session) -> None:
    pending = session.info.pop("post_events", None)
    if pending:
        for topic, payload in pending:
            LOCAL.deliver(topic, payload)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop("post_events", None)


def parse(body: str) -> tuple[str, dict[str, Any]] | None:
    """A received notification's topic and payload; None for one that is not ours."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("topic"), str):
        return None
    topic = data.pop("topic")
    return topic, data
