"""Issue 17 item 3 / acceptance 3: the keyed, anchored audit chain and what it catches.

Each attack is made the way an insider with database access would: plain SQL on the rows,
and events forged with this application's own hashing code, but without the audit key
(which lives outside the database).
"""

from __future__ import annotations

import hashlib
import os
import stat
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.db.helpers import import_generated, make_users
from workstation.cli.main import main
from workstation.db import audit_files
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, Finding, User
from workstation.domain.result_codes import ResultCodes
from workstation.scans import ImageStore, save_scan
from workstation.scans.simulate import simulate_scan
from workstation.services import audit, controls


def _verify(db: Database) -> audit.VerifyReport:
    with db.unit_of_work() as session:
        return audit.verify(session)


def _messages(report: audit.VerifyReport) -> str:
    return "\n".join(str(p) for p in report.problems)


def _build(db: Database) -> str:
    """Referrals, users, a control with an officer finding in its result; returns its id."""
    import_generated(db, 2)
    officer, _, _ = make_users(db)
    with db.unit_of_work() as session:
        cid = controls.open_control(session, officer, post="P", lane="L1").id
        controls.record_result(session, cid, officer,
                               controls.ResultIn(code="A2", control_types=["documentary"],
                                                 findings=["seal number differs"]),
                               ResultCodes.load())
    return str(cid)


def _head(db: Database) -> AuditEvent:
    with db.unit_of_work() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        assert event is not None
        session.expunge(event)
        return event


def test_a_clean_record_verifies_and_every_event_names_its_key(db: Database) -> None:
    _build(db)
    report = _verify(db)
    assert report.ok, _messages(report)
    key = audit_files.keyring(db.audit_dir).signing_key()
    with db.unit_of_work() as session:
        assert set(session.scalars(select(AuditEvent.key_id))) == {key.key_id}


def test_the_key_is_made_at_upgrade_outside_the_database_owner_only(
        db: Database, _isolated_home: Path) -> None:
    path = _isolated_home / "audit" / "hmac.key"
    assert db.audit_dir == _isolated_home / "audit" and path.is_file()
    if os.name != "nt":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        path.chmod(0o644)
        with pytest.raises(audit_files.AuditKeyError, match="chmod 600"):
            audit_files.Keyring(db.audit_dir).signing_key()


def test_role_escalated_with_sql_is_named(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("update users set role = 'admin' where username = 'olga'"))
    report = _verify(db)
    assert not report.ok
    assert "user 'olga'" in _messages(report)
    assert "role: audited 'officer', now 'admin'" in _messages(report)


def test_password_hash_and_activation_changed_with_sql_are_named(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("update users set password_hash = 'x' where username = 'sven'"))
        conn.execute(text("update users set active = false where username = 'otto'"))
    messages = _messages(_verify(db))
    assert "user 'sven'" in messages and "password_hash changed" in messages
    assert "user 'otto'" in messages and "active: audited True, now False" in messages


def test_finding_text_changed_is_named(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("update findings set description = 'nothing found'"))
    report = _verify(db)
    assert not report.ok
    [problem] = report.problems
    assert "finding" in str(problem) and "description changed" in str(problem)
    assert problem.seq is not None  # names the event whose state the row no longer matches


def test_finding_decision_changed_is_named(db: Database) -> None:
    _build(db)
    with db.engine.begin() as conn:
        conn.execute(text("update findings set decision = 'rejected'"))
    assert "decision: audited 'accepted', now 'rejected'" in _messages(_verify(db))


def test_evidence_link_moved_is_detected(db: Database, tmp_path: Path) -> None:
    cid = _build(db)
    store = ImageStore(tmp_path / "images")
    scan = simulate_scan("parcel", 3, size=(64, 64))[0]
    with db.unit_of_work() as session:
        officer = session.scalars(select(User).where(User.username == "olga")).one()
        row = save_scan(db, store, scan, kind="parcel", session=session)
        controls.attach_evidence(session, cid, officer, kind="scan", scan_id=row.id)
    assert _verify(db).ok
    with db.engine.begin() as conn:
        conn.execute(text("update evidence set note = 'moved'"))
    assert "evidence" in _messages(_verify(db))


def test_scan_file_replaced_with_its_hash_updated_is_named(db: Database, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    scan = simulate_scan("parcel", 3, size=(64, 64))[0]
    other = simulate_scan("parcel", 4, size=(64, 64))[0]
    row = save_scan(db, store, scan, kind="parcel")
    assert _verify(db).ok
    # Another image in the store, and the row pointed at it, hash and all.
    second = save_scan(db, store, other, kind="parcel")
    digest, path = second.sha256, second.path
    with db.engine.begin() as conn:
        conn.execute(text("update scans set sha256 = :d, path = :p where id = :i"),
                     {"d": digest, "p": str(path), "i": row.id.hex if db.backend == "sqlite"
                      else row.id})
    messages = _messages(_verify(db))
    assert f"scan {row.id}" in messages and f"sha256: audited '{row.sha256}', now '{digest}'" \
        in messages


def test_scan_file_altered_in_place_is_named(db: Database, tmp_path: Path) -> None:
    store = ImageStore(tmp_path / "images")
    row = save_scan(db, store, simulate_scan("parcel", 3, size=(64, 64))[0], kind="parcel")
    Path(row.path).write_bytes(b"not the scan")
    messages = _messages(_verify(db))
    assert f"file {row.path} has sha256 {hashlib.sha256(b'not the scan').hexdigest()}" in messages


def test_newest_events_deleted_with_their_rows_are_detected(db: Database) -> None:
    _build(db)
    with db.unit_of_work() as session:
        from workstation.services import users
        users.add_user(session, "mallory", "officer", "correct-horse-9")
    head = _head(db)
    # The insider removes the new user and the event that recorded it: inside the database
    # the chain is whole again, ending one event earlier.
    with db.engine.begin() as conn:
        conn.execute(text("delete from audit_events where seq = :s"), {"s": head.seq})
        conn.execute(text("delete from users where username = 'mallory'"))
    report = _verify(db)
    assert not report.ok
    assert f"the chain ends at event {head.seq - 1} but the anchor" in _messages(report)
    assert f"recorded event {head.seq}" in _messages(report)


def _forge(db: Database, key: bytes | None, key_id: str | None, states: list[list[str]]) -> None:
    """Append an event computed with the application's own ``event_hash``."""
    head = _head(db)
    when = datetime.now(UTC)
    details = {"states": states}
    digest = audit.event_hash(head.hash, head.seq + 1, when, "admin", "user.role", "user",
                              states[0][1], details, key)
    with db.unit_of_work() as session:
        session.add(AuditEvent(id=uuid.uuid4(), seq=head.seq + 1, occurred_at=when,
                               actor="admin", action="user.role", entity="user",
                               entity_id=states[0][1], details=details, prev_hash=head.hash,
                               hash=digest, key_id=key_id))


def _escalate_and_vouch(db: Database) -> list[list[str]]:
    with db.engine.begin() as conn:
        conn.execute(text("update users set role = 'admin' where username = 'olga'"))
    with db.unit_of_work() as session:
        olga = session.scalars(select(User).where(User.username == "olga")).one()
        return [list(audit.state_of(olga))]


def test_event_forged_with_the_applications_hashing_code_unkeyed_is_detected(
        db: Database) -> None:
    _build(db)
    _forge(db, None, None, _escalate_and_vouch(db))
    messages = _messages(_verify(db))
    assert "is not keyed (plain sha256) although keyed events precede it" in messages
    # The forged event vouches for nothing: the escalated role is still named.
    assert "role: audited 'officer', now 'admin'" in messages


def test_event_forged_with_a_guessed_key_is_detected(db: Database) -> None:
    _build(db)
    real = _head(db).key_id
    _forge(db, b"\0" * 32, real, _escalate_and_vouch(db))
    messages = _messages(_verify(db))
    assert f"its HMAC under key {real} does not verify" in messages
    assert "role: audited 'officer', now 'admin'" in messages


def test_events_of_a_key_not_held_are_reported(db: Database, _isolated_home: Path) -> None:
    _build(db)
    (_isolated_home / "audit" / "hmac.key").unlink()
    audit_files._KEYRINGS.clear()  # a fresh process: the key is read from disk again
    assert "which this lane does not hold" in _messages(_verify(db))


def test_unkeyed_events_before_the_key_are_accepted_and_said(db: Database) -> None:
    """Events written before revision 0004 (plain sha256) verify, with a note, as a prefix."""
    when = datetime.now(UTC)
    digest = audit.event_hash(audit.GENESIS, 1, when, "system", "old.step", "x", "1", {})
    with db.unit_of_work() as session:
        session.add(AuditEvent(id=uuid.uuid4(), seq=1, occurred_at=when, actor="system",
                               action="old.step", entity="x", entity_id="1", details={},
                               prev_hash=audit.GENESIS, hash=digest, key_id=None))
    make_users(db)
    report = _verify(db)
    assert report.ok, _messages(report)
    assert any("events 1 to 1 were written before the chain was keyed" in n for n in report.notes)


def test_officer_finding_replaced_by_a_new_result_is_audited_as_deleted(db: Database) -> None:
    cid = _build(db)
    with db.unit_of_work() as session:
        officer = session.scalars(select(User).where(User.username == "olga")).one()
        controls.record_result(session, cid, officer,
                               controls.ResultIn(code="A2", control_types=["documentary"],
                                                 findings=["seal intact after all"]),
                               ResultCodes.load())
    report = _verify(db)
    assert report.ok, _messages(report)
    with db.unit_of_work() as session:
        assert len(session.scalars(select(Finding)).all()) == 1
    with db.engine.begin() as conn:
        conn.execute(text("delete from findings"))
    assert "deleted outside the application" in _messages(_verify(db))


def test_cli_audit_verify_names_the_problem(sqlite_db: Database, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "lane.toml"
    config.write_text(f'[database]\nurl = "{sqlite_db.engine.url}"\n')
    monkeypatch.setenv("WORKSTATION_CONFIG", str(config))
    _build(sqlite_db)
    assert main(["audit", "verify"]) == 0
    with sqlite_db.engine.begin() as conn:
        conn.execute(text("update users set role = 'admin' where username = 'olga'"))
    capsys.readouterr()
    assert main(["audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "role: audited 'officer', now 'admin'" in out


def test_upgrade_covers_rows_written_before_they_were_audited(db: Database) -> None:
    """A database from before 0004: its users had no audited state; the upgrade that keys the
    chain writes one baseline event for them, so verification does not call them forged."""
    from alembic import command

    from workstation.db.engine import alembic_config

    make_users(db)
    with db.engine.begin() as conn:  # as 0003 wrote them: no event vouched for their state
        conn.execute(text("delete from audit_events"))
    for anchor in (db.audit_dir / "heads").glob("*.log"):
        anchor.unlink()  # nor was any head anchored then
    with db.engine.connect() as connection:
        command.downgrade(alembic_config(connection), "0003_logins_and_handover")
        connection.commit()
    db.upgrade()
    report = _verify(db)
    assert report.ok, _messages(report)
    with db.unit_of_work() as session:
        [baseline] = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "audit.baseline")).all()
        assert baseline.details["rows"] == 3


def test_scan_image_removed_by_retention_is_no_problem_but_a_missing_file_is(
        db: Database, tmp_path: Path) -> None:
    """Retention keeps an approved control's scan row and removes its image, audited; a file
    missing without such an event is named."""
    from datetime import timedelta

    from workstation.config import RetentionSection
    from workstation.services import privacy

    store = ImageStore(tmp_path / "images")
    officer, supervisor, _ = make_users(db)
    kept = save_scan(db, store, simulate_scan("parcel", 3, size=(64, 64))[0], kind="parcel")
    lost = save_scan(db, store, simulate_scan("parcel", 4, size=(64, 64))[0], kind="parcel")
    with db.unit_of_work() as s:
        control = controls.open_control(s, s.merge(officer), post="P", lane="L1")
        for scan_id in (kept.id, lost.id):
            controls.attach_evidence(s, control.id, s.merge(officer), kind="scan",
                                     scan_id=scan_id)
        controls.record_result(s, control.id, s.merge(officer),
                               controls.ResultIn("A2", ["scan"]), ResultCodes.load())
        controls.close_control(s, control.id, s.merge(officer))
        controls.review_control(s, control.id, s.merge(supervisor), approve=True)
    with db.unit_of_work() as s:
        privacy.purge(s, RetentionSection(scans_days=30), None,
                      datetime.now(UTC) + timedelta(days=40), image_store=store.root)
    assert not Path(kept.path).exists() and not Path(lost.path).exists()
    report = _verify(db)
    assert report.ok, _messages(report)
    # Now the same kind of file gone without any event: a scan stored after the purge.
    third = save_scan(db, store, simulate_scan("parcel", 5, size=(64, 64))[0], kind="parcel")
    Path(third.path).unlink()
    assert _messages(_verify(db)) == (f"record: scan {third.id}: file {third.path} is missing "
                                      "from the image store")
