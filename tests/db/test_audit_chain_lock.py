"""The audit chain's lock is taken at the end of a transaction, not at its first event
(decision 1311): a transaction that recorded an event and is still working does not stop
another lane from committing audited work, and the chain still follows the commit order."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select, text

from tests.db.helpers import make_users
from workstation.db.engine import Database
from workstation.db.models import AuditEvent
from workstation.services import audit

LOCK_GUARD = "5s"  # a blocked statement fails after this instead of hanging the test


def _events(db: Database) -> list[AuditEvent]:
    with db.unit_of_work() as s:
        rows = list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
        s.expunge_all()
        return rows


@pytest.fixture
def audited_pg(pg_db: Database) -> Iterator[Database]:
    make_users(pg_db)
    yield pg_db


@pytest.mark.postgres
def test_an_open_audited_transaction_does_not_block_another(audited_pg: Database) -> None:
    db = audited_pg

    def other_lane() -> int:
        with db.unit_of_work() as s:
            # Under the old rule (lock at the first event) this waited for the open
            # transaction below until the guard ran out.
            s.execute(text(f"set local lock_timeout = '{LOCK_GUARD}'"))
            audit.record(s, "lane2", "test.second", "test", "b")
        return 0

    with db.unit_of_work() as first, ThreadPoolExecutor(1) as pool:
        audit.record(first, "lane1", "test.first", "test", "a")
        assert pool.submit(other_lane).result() == 0  # committed while `first` is open
    events = _events(db)
    # Chained in commit order: the second lane's event precedes the first's.
    assert [e.action for e in events[-2:]] == ["test.second", "test.first"]
    assert events[-1].prev_hash == events[-2].hash
    assert events[-1].occurred_at >= events[-2].occurred_at
    with db.unit_of_work() as s:
        report = audit.verify(s)
    assert report.ok, report.problems


def test_events_before_a_bulk_insert_keep_their_order(db: Database) -> None:
    """Events recorded one by one, then bulk rows, then one more: one consecutive chain."""
    make_users(db)
    with db.unit_of_work() as s:
        audit.record(s, "lane1", "test.single", "test", "1")
        writer = audit.writer_for(s)
        rows = writer.rows([("lane1", "test.bulk", "test", str(n), {"n": n})
                            for n in range(3)])
        s.execute(AuditEvent.__table__.insert(), rows)
        audit.record(s, "lane1", "test.after", "test", "2")
    events = [e for e in _events(db) if e.action.startswith("test.")]
    assert [e.action for e in events] == ["test.single"] + ["test.bulk"] * 3 + ["test.after"]
    assert [e.seq for e in events] == list(range(events[0].seq, events[0].seq + 5))
    with db.unit_of_work() as s:
        assert audit.verify(s).ok


def test_a_rolled_back_transaction_leaves_no_event(db: Database) -> None:
    make_users(db)
    before = len(_events(db))

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), db.unit_of_work() as s:
        audit.record(s, "lane1", "test.abandoned", "test", "x")
        raise Abandon
    with db.unit_of_work() as s:
        audit.record(s, "lane1", "test.kept", "test", "y")
    events = _events(db)
    assert len(events) == before + 1 and events[-1].action == "test.kept"
    with db.unit_of_work() as s:
        assert audit.verify(s).ok


def test_a_recorded_event_is_chained_only_at_the_commit(db: Database) -> None:
    """Until the commit the event has no seq and no hash: nothing of the chain is read or
    locked; the commit gives both."""
    make_users(db)
    with db.unit_of_work() as s:
        event = audit.record(s, "lane1", "test.pending", "test", "p")
        assert event.seq is None and event.hash is None
        event_id = event.id
    last = _events(db)[-1]
    assert last.id == event_id and last.seq is not None and last.hash
