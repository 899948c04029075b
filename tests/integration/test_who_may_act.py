"""Who may act: every verb that changes the record or reads personal data signs the user in
(password, not just a name), roles are checked on every verb, failed logins are audited and
throttled per user name and per machine, an unknown user costs one password verification like
a wrong password, controls change hands only by a recorded hand-over, and the demo never
writes into the live record (issue 17, item 1)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select

from tests.cli_helper import PASSWORDS, Cli
from workstation.config import SecuritySection
from workstation.db.engine import Database
from workstation.db.models import AuditEvent, ControlHandover, LoginAttempt
from workstation.referral_generator import generate_referrals
from workstation.services import users

T0 = datetime(2026, 11, 28, 8, 0, tzinfo=UTC)
POLICY = SecuritySection(delay_after_failures=3, delay_s=2.0, lockout_after_failures=5,
                         host_lockout_after_failures=8, lockout_minutes=15,
                         failure_window_minutes=60)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A record with an administrator (ada), officers olga and otto, supervisor sven and
    technician tom, each added by ada through the command line."""
    monkeypatch.delenv("WORKSTATION_USER", raising=False)
    c = Cli(capsys, monkeypatch)
    c.first_admin()
    for name, role in (("olga", "officer"), ("otto", "officer"), ("sven", "supervisor"),
                       ("tom", "technician")):
        c.add_user(name, role)
    return c


def _events(action: str) -> list[AuditEvent]:
    from workstation.cli.context import CliContext

    ctx = CliContext()
    try:
        with ctx.database().unit_of_work() as session:
            rows = list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)
                                        .order_by(AuditEvent.seq)))
            session.expunge_all()
            return rows
    finally:
        ctx.close()


# --- the command line signs users in ---------------------------------------------------------


@pytest.mark.parametrize("verb", [
    ("controls", "open", "--random"),
    ("controls", "list"),
    ("referrals", "list"),
    ("results", "export"),
    ("privacy", "purge"),
    ("users", "list"),
    ("audit", "list"),
])
def test_a_name_alone_is_no_longer_enough(cli: Cli, verb: tuple[str, ...]) -> None:
    code, out, err = cli(*verb, "--user", "ada")
    assert code == 2 and out == ""
    assert "the password of ada is needed" in err and "--password-stdin" in err
    code, _, err = cli(*verb)
    assert code == 2 and "say who does this with --user" in err


def test_wrong_password_is_refused_and_audited(cli: Cli) -> None:
    code, out, err = cli("referrals", "list", "--user", "olga", "--password-stdin",
                         stdin="not-her-password\n")
    assert code == 2 and out == "" and "user name or password is wrong" in err
    [event] = _events("login.failed")
    assert event.actor == "olga" and event.details["known_user"] is True
    assert event.details["host"] == users.this_host()
    code, out, err = cli("referrals", "list", "--user", "nobody", "--password-stdin",
                         stdin="whatever-1\n")
    assert code == 2 and "user name or password is wrong" in err  # the same words
    assert [e.details["known_user"] for e in _events("login.failed")] == [True, False]


def test_the_first_administrator_only_on_an_empty_database(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    c = Cli(capsys, monkeypatch)
    code, _, err = c("users", "add", "olga", "--role", "officer", "--password-stdin",
                     stdin="correct-horse-1\n")
    assert code == 2 and "the first user must be an administrator" in err
    c.first_admin()
    # Now nobody is added without an administrator's password.
    code, _, err = c("users", "add", "mallory", "--role", "admin", "--password-stdin",
                     stdin="mallory-pass-1\n")
    assert code == 2 and "say who does this with --user" in err
    c.add_user("olga", "officer")
    code, _, err = c.as_user("olga", "users", "add", "mallory", "--role", "admin",
                             then="mallory-pass-1\n")
    assert code == 2 and "needs the role admin" in err
    code, out, _ = c.as_user("ada", "users", "list", "--json")
    assert [u["username"] for u in json.loads(out)] == ["ada", "olga"]


def test_passwd_reads_the_new_password_from_the_next_line(cli: Cli) -> None:
    code, out, err = cli.as_user("ada", "users", "passwd", "olga", then="brand-new-pass-9\n")
    assert code == 0 and "password of olga changed" in out, err
    code, _, err = cli.as_user("olga", "referrals", "list")
    assert code == 2 and "user name or password is wrong" in err
    code, _, _ = cli("referrals", "list", "--user", "olga", "--password-stdin",
                     stdin="brand-new-pass-9\n")
    assert code == 0
    code, _, err = cli.as_user("ada", "users", "passwd", "olga")  # no second line
    assert code == 2 and "no line for the new password of olga" in err
    [event] = _events("user.passwd")
    assert event.actor == "ada"


@pytest.mark.parametrize(("allowed", "refused", "verb"), [
    ("ada", "sven", ("privacy", "purge")),
    ("ada", "olga", ("users", "list")),
    ("sven", "olga", ("results", "export")),
    ("ada", "tom", ("results", "export")),
    ("olga", "ada", ("controls", "open", "--random")),
    ("olga", "tom", ("controls", "list")),
    ("sven", "tom", ("audit", "list")),
])
def test_roles_are_checked_on_every_verb(cli: Cli, allowed: str, refused: str,
                                         verb: tuple[str, ...]) -> None:
    code, out, err = cli.as_user(refused, *verb)
    assert code == 2 and out == "" and "this needs the role" in err, err
    assert cli.as_user(allowed, *verb)[0] == 0


def test_referral_import_needs_a_supervisor_or_an_administrator(cli: Cli, tmp_path: Path) -> None:
    refs = tmp_path / "refs.json"
    refs.write_text(json.dumps(generate_referrals(2, seed=5)))
    code, _, err = cli.as_user("olga", "referrals", "import", str(refs))
    assert code == 2 and "needs the role supervisor or admin" in err
    code, out, _ = cli.as_user("sven", "referrals", "import", str(refs))
    assert code == 0 and "2 new" in out
    assert [e.actor for e in _events("referral.import")] == ["sven", "sven"]


# --- controls change hands only by a recorded hand-over -----------------------------------------


def test_an_officer_closes_another_officers_control_only_after_a_handover(cli: Cli) -> None:
    code, out, _ = cli.as_user("olga", "controls", "open", "--random", "--json")
    cid = json.loads(out)["control_id"]
    result = ("--code", "A2", "--types", "documentary")
    code, _, err = cli.as_user("otto", "controls", "result", cid, *result)
    assert code == 2 and "it is held by olga" in err and "controls handover" in err
    assert cli.as_user("olga", "controls", "result", cid, *result)[0] == 0
    code, _, err = cli.as_user("otto", "controls", "close", cid)
    assert code == 2 and "it is held by olga" in err
    # otto cannot take it himself; olga hands it over (end of shift)
    code, _, err = cli.as_user("otto", "controls", "handover", cid, "--to", "otto")
    assert code == 2 and "otto does not hold it" in err
    code, _, err = cli.as_user("olga", "controls", "handover", cid, "--to", "tom")
    assert code == 2 and "not an officer" in err
    code, out, _ = cli.as_user("olga", "controls", "handover", cid[:8], "--to", "otto",
                               "--reason", "end of shift")
    assert code == 0 and "handed over to otto" in out
    code, _, err = cli.as_user("olga", "controls", "close", cid)
    assert code == 2 and "it is held by otto" in err
    code, out, _ = cli.as_user("otto", "controls", "close", cid)
    assert code == 0 and "closed" in out
    [event] = _events("control.handover")
    assert (event.actor, event.entity_id) == ("olga", cid)
    assert (event.details["from"], event.details["to"]) == ("olga", "otto")
    assert event.details["reason"] == "end of shift"
    # four eyes: neither officer reviews; a supervisor does, and the trail still verifies
    assert cli.as_user("sven", "controls", "review", cid, "--approve")[0] == 0
    assert cli("audit", "verify")[0] == 0


def test_a_supervisor_hands_over_a_control_but_does_not_record_on_it(cli: Cli) -> None:
    code, out, _ = cli.as_user("olga", "controls", "open", "--random", "--json")
    cid = json.loads(out)["control_id"]
    code, _, err = cli.as_user("sven", "controls", "result", cid, "--code", "A2", "--types",
                               "documentary")
    assert code == 2 and "needs the role officer" in err
    assert cli.as_user("sven", "controls", "handover", cid, "--to", "otto")[0] == 0
    assert cli.as_user("otto", "controls", "result", cid, "--code", "A2", "--types",
                       "documentary")[0] == 0
    [event] = _events("control.handover")
    assert (event.actor, event.details["from"], event.details["to"]) == ("sven", "olga", "otto")


def test_whoever_held_a_control_does_not_review_it(sqlite_db: Database) -> None:
    from workstation.domain.result_codes import ResultCodes
    from workstation.services import controls

    with sqlite_db.unit_of_work() as s:
        olga = users.add_user(s, "olga", "officer", PASSWORDS["olga"])
        otto = users.add_user(s, "otto", "officer", PASSWORDS["otto"])
        users.add_user(s, "sven", "supervisor", PASSWORDS["sven"])
        cid = controls.open_control(s, olga, post="P", lane="L1").id
        controls.hand_over(s, cid, olga, "otto")
        controls.record_result(s, cid, otto, controls.ResultIn("A2", ["documentary"]),
                               ResultCodes.load(None))
        controls.close_control(s, cid, otto)
        assert s.scalar(select(func.count()).select_from(ControlHandover)) == 1
    with sqlite_db.unit_of_work() as s:  # olga is promoted; she held it before the hand-over
        users.get_user(s, "olga").role = "supervisor"
    with pytest.raises(controls.ControlError, match="opened, held or recorded"):
        with sqlite_db.unit_of_work() as s:
            controls.review_control(s, cid, users.get_user(s, "olga"), approve=True)


# --- throttling, lockout, and the cost of a wrong name ----------------------------------------


def _login(db: Database, name: str, password: str, when: datetime,
           host: str = "lane-1") -> users.LoginOutcome:
    with db.unit_of_work() as s:
        outcome = users.login(s, name, password, host=host, lane="L1", policy=POLICY, now=when)
        if outcome.user is not None:
            s.expunge(outcome.user)
    return outcome


def test_failures_throttle_then_lock_a_user_name_until_a_stated_time(db: Database) -> None:
    with db.unit_of_work() as s:
        users.add_user(s, "olga", "officer", PASSWORDS["olga"])
    when = T0
    for _ in range(3):
        assert _login(db, "olga", "guess", when).message == "user name or password is wrong"
        when += timedelta(seconds=1)
    # three failures: the next try waits 2 s after the last one, even with the right password
    refused = _login(db, "olga", PASSWORDS["olga"], T0 + timedelta(seconds=3))
    assert refused.user is None
    assert "try again after 2026-11-28 08:00:04 UTC" in refused.message
    assert _login(db, "olga", "guess", T0 + timedelta(seconds=5)).user is None  # 4th
    assert _login(db, "olga", "guess", T0 + timedelta(seconds=10)).user is None  # 5th
    locked = _login(db, "olga", PASSWORDS["olga"], T0 + timedelta(minutes=10))
    assert locked.user is None and "for user 'olga'" in locked.message
    assert "try again after 2026-11-28 08:15:10 UTC" in locked.message
    # the lockout ends; a success clears the count
    assert _login(db, "olga", PASSWORDS["olga"], T0 + timedelta(minutes=16)).user
    assert _login(db, "olga", "guess", T0 + timedelta(minutes=17)).user is None
    assert _login(db, "olga", PASSWORDS["olga"], T0 + timedelta(minutes=18)).user
    with db.unit_of_work() as s:
        outcomes = list(s.scalars(select(LoginAttempt.outcome).order_by(LoginAttempt.attempted_at)))
        audited = list(s.scalars(select(AuditEvent.action).where(
            AuditEvent.action.like("login.%")).order_by(AuditEvent.seq)))
    assert outcomes == ["failed"] * 3 + ["locked", "failed", "failed", "locked", "ok",
                                          "failed", "ok"]
    assert audited == ["login.failed"] * 3 + ["login.locked", "login.failed", "login.failed",
                                              "login.locked", "login.ok", "login.failed",
                                              "login.ok"]


def test_failures_of_many_names_lock_the_machine_for_everyone_on_it(db: Database) -> None:
    with db.unit_of_work() as s:
        users.add_user(s, "olga", "officer", PASSWORDS["olga"])
    # 8 names, one try each: no name reaches its own limit, the machine reaches its limit
    for i in range(8):
        assert _login(db, f"user{i}", "guess", T0 + timedelta(seconds=i)).user is None
    locked = _login(db, "olga", PASSWORDS["olga"], T0 + timedelta(minutes=1))
    assert locked.user is None and "from this machine (lane-1)" in locked.message
    assert "08:15:07 UTC" in locked.message
    # another machine sharing the database is not locked; this one is again after 15 minutes
    assert _login(db, "olga", PASSWORDS["olga"], T0 + timedelta(minutes=1),
                  host="lane-2").user is not None
    assert _login(db, "olga", PASSWORDS["olga"], T0 + timedelta(minutes=16)).user


def test_an_unknown_user_costs_one_verification_like_a_wrong_password(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = PasswordHasher.verify

    def counting(self: PasswordHasher, hash: str, password: Any) -> bool:  # noqa: A002
        calls.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    with db.unit_of_work() as s:
        users.add_user(s, "olga", "officer", PASSWORDS["olga"])
    assert _login(db, "olga", "wrong-one", T0).user is None
    wrong = len(calls)
    assert _login(db, "ghost", "wrong-one", T0, host="lane-2").user is None
    unknown = len(calls) - wrong
    assert wrong == unknown == 1
    # a deactivated user is as unknown, and costs the same
    with db.unit_of_work() as s:
        users.get_user(s, "olga").active = False
    assert _login(db, "olga", PASSWORDS["olga"], T0, host="lane-3").user is None
    assert len(calls) == 3
    # a refused try while locked out costs none
    for i in range(5):
        _login(db, "ghost", "x", T0 + timedelta(seconds=10 * i), host=f"h{i}")
    before = len(calls)
    assert "ghost" in _login(db, "ghost", "x", T0 + timedelta(seconds=45),
                             host="h9").message
    assert len(calls) == before


def test_a_typed_name_with_control_characters_is_refused_not_crashed(db: Database) -> None:
    outcome = _login(db, "olga\x00" + "x" * 100, "whatever", T0)
    assert outcome.user is None and outcome.message == "user name or password is wrong"
    with db.unit_of_work() as s:
        assert s.scalar(select(LoginAttempt.username)) == "olga?" + "x" * 59


def test_lockout_is_configured_in_a_strict_security_section(tmp_path: Path) -> None:
    from workstation import config

    lane = tmp_path / "lane.toml"
    lane.write_text("[security]\nlockout_after_failures = 3\nlockout_minutes = 30\n")
    loaded = config.load(lane)
    assert (loaded.security.lockout_after_failures, loaded.security.lockout_minutes) == (3, 30)
    lane.write_text("[security]\nlockout_after = 3\n")
    with pytest.raises(config.ConfigError, match="security.lockout_after: unknown key"):
        config.load(lane)


def test_the_command_line_locks_out_after_repeated_failures(cli: Cli, tmp_path: Path) -> None:
    lane = tmp_path / "lane.toml"
    lane.write_text("[security]\ndelay_after_failures = 5\nlockout_after_failures = 2\n")
    cli.config = str(lane)
    for _ in range(2):
        code, _, err = cli("referrals", "list", "--user", "olga", "--password-stdin",
                           stdin="guess-guess\n")
        assert code == 2 and "wrong" in err
    code, _, err = cli.as_user("olga", "referrals", "list")
    assert code == 2 and "too many failed logins for user 'olga': try again after" in err


def test_the_lane_window_login_is_counted_and_audited(sqlite_db: Database) -> None:
    from workstation.config import WorkstationConfig
    from workstation.lane.gateway import GatewayError, LaneGateway

    gateway = LaneGateway(WorkstationConfig(), sqlite_db)
    gateway.create_first_admin("ada", "Ada", PASSWORDS["ada"])
    with pytest.raises(GatewayError, match="user name or password is wrong"):
        gateway.authenticate("ada", "not-it")
    assert gateway.authenticate("ada", PASSWORDS["ada"]).username == "ada"
    with sqlite_db.unit_of_work() as s:
        assert list(s.scalars(select(LoginAttempt.outcome).order_by(
            LoginAttempt.attempted_at))) == ["failed", "ok"]
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == "login.failed")) == 1


# --- the demo never writes into the live record -----------------------------------------------


@pytest.mark.slow
def test_the_demo_runs_in_a_scratch_record_and_leaves_the_live_one_alone(
        cli: Cli, _isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def live() -> dict[str, bytes]:  # the database with its journal files, if any
        return {f.name: f.read_bytes() for f in _isolated_home.glob("workstation.sqlite3*")}

    before = live()
    assert "workstation.sqlite3" in before
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    code, out, err = cli("demo", "--vehicles", "1", "--seed", "2")
    assert code == 0, err
    assert "1 control(s) logged" in out and "demo record discarded" in out
    assert live() == before  # not one byte of the live database changed
    assert not (_isolated_home / "images").exists()
    assert list(scratch.iterdir()) == []  # the scratch record is gone too
    code, out, _ = cli.as_user("olga", "controls", "list", "--json")
    assert code == 0 and json.loads(out) == []
