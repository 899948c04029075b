"""User administration (issue 12, item 5): an administrator deactivates, reactivates, resets
the password of and changes the role of users, on the command line as in the window (one
service); a deactivated user cannot log in and stays in the record; every change is
audited; nobody changes themselves, and the last active administrator is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.cli_helper import PASSWORDS, Cli
from tests.integration.test_who_may_act import POLICY, T0, _events
from workstation.cli.context import CliContext
from workstation.db.models import User
from workstation.services import users


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.delenv("WORKSTATION_USER", raising=False)
    c = Cli(capsys, monkeypatch)
    c.first_admin()
    for name, role in (("olga", "officer"), ("sven", "supervisor")):
        c.add_user(name, role)
    return c


def _user(name: str) -> tuple[str, bool]:
    ctx = CliContext()
    try:
        with ctx.database().unit_of_work() as s:
            row = s.scalar(select(User).where(User.username == name))
            assert row is not None
            return row.role, row.active
    finally:
        ctx.close()


def _login(name: str) -> str:
    ctx = CliContext()
    try:
        with ctx.database().unit_of_work() as s:
            outcome = users.login(s, name, PASSWORDS[name], host="test-host", policy=POLICY,
                                  now=T0)
            return "ok" if outcome.user is not None else outcome.message
    finally:
        ctx.close()


def test_deactivate_reactivate_and_role_on_the_command_line(cli: Cli) -> None:
    code, out, err = cli.as_user("ada", "users", "deactivate", "olga")
    assert code == 0, err
    assert "olga deactivated" in out
    assert _user("olga") == ("officer", False)
    assert _login("olga") == "user name or password is wrong"  # neutral, like a wrong password
    code, out, _ = cli.as_user("ada", "users", "list")
    assert "olga" in out and "(deactivated)" in out  # stays in the record
    code, _out, err = cli.as_user("olga", "controls", "list")
    assert code != 0

    code, _out, err = cli.as_user("ada", "users", "deactivate", "olga")
    assert code != 0 and "already deactivated" in err
    code, out, err = cli.as_user("ada", "users", "reactivate", "olga")
    assert code == 0, err
    assert _user("olga") == ("officer", True) and _login("olga") == "ok"

    code, out, err = cli.as_user("ada", "users", "role", "olga", "supervisor")
    assert code == 0, err
    assert "olga is now supervisor" in out and _user("olga") == ("supervisor", True)
    [changed] = _events("user.role")
    assert changed.actor == "ada"
    assert (changed.details["from"], changed.details["to"]) == ("officer", "supervisor")
    assert [e.actor for e in _events("user.deactivate")] == ["ada"]
    assert [e.actor for e in _events("user.reactivate")] == ["ada"]

    code, _out, err = cli.as_user("sven", "users", "deactivate", "olga")
    assert code != 0 and "needs the role admin" in err
    code, _out, err = cli("audit", "verify")
    assert code == 0, err


def test_nobody_changes_themselves_and_an_administrator_is_kept(cli: Cli) -> None:
    code, _out, err = cli.as_user("ada", "users", "deactivate", "ada")
    assert code != 0 and "that is you" in err
    code, _out, err = cli.as_user("ada", "users", "role", "ada", "officer")
    assert code != 0 and "that is you" in err
    cli.add_user("tom", "admin")
    code, _out, err = cli.as_user("tom", "users", "deactivate", "ada")  # another admin may
    assert code == 0, err
    code, _out, err = cli.as_user("ada", "users", "list")
    assert code != 0  # ada can no longer sign in


def test_reset_password_needs_an_administrator(cli: Cli) -> None:
    ctx = CliContext()
    try:
        with ctx.database().unit_of_work() as s:
            with pytest.raises(users.UserError, match="needs the role admin"):
                users.reset_password(s, users.get_user(s, "sven"), "olga", "new-password-1")
        with ctx.database().unit_of_work() as s:
            users.reset_password(s, users.get_user(s, "ada"), "olga", "new-password-1")
        with ctx.database().unit_of_work() as s:
            outcome = users.login(s, "olga", "new-password-1", host="h", policy=POLICY, now=T0)
            assert outcome.user is not None
    finally:
        ctx.close()
