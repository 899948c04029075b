"""Driving the real ``workstation`` command in tests as a script would: every acting user
signs in with ``--user NAME --password-stdin`` and the password on standard input."""

from __future__ import annotations

import io

import pytest

from workstation.cli.main import main

# One password per test user; each test's database is its own.
PASSWORDS = {
    "ada": "admin-pass-1",
    "olga": "correct-horse-1",
    "sven": "correct-horse-2",
    "otto": "correct-horse-3",
    "tom": "correct-horse-4",
    "sara": "correct-horse-5",
}


class Cli:
    """``cli(*args, stdin=...)`` runs one command and returns (exit code, stdout, stderr);
    ``cli.as_user(name, *args)`` runs it signed in as ``name``."""

    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                 config: str | None = None) -> None:
        self.capsys = capsys
        self.monkeypatch = monkeypatch
        self.config = config

    def __call__(self, *args: str, stdin: str = "") -> tuple[int, str, str]:
        self.monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        prefix = ["--config", self.config] if self.config else []
        code = main([*prefix, *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def as_user(self, name: str, *args: str, then: str = "") -> tuple[int, str, str]:
        """``args`` as ``name``, their password on the first line of standard input and
        ``then`` (a new user's password, say) after it."""
        return self(*args, "--user", name, "--password-stdin",
                    stdin=f"{PASSWORDS[name]}\n{then}")

    def first_admin(self, name: str = "ada") -> None:
        code, _out, err = self("users", "add", name, "--role", "admin", "--password-stdin",
                               stdin=f"{PASSWORDS[name]}\n")
        assert code == 0, err

    def add_user(self, name: str, role: str, *, admin: str = "ada") -> None:
        """``name`` with ``role``, created by the administrator ``admin`` (made first when
        the database has no users)."""
        code, _out, err = self.as_user(admin, "users", "add", name, "--role", role,
                                       then=f"{PASSWORDS[name]}\n")
        if code != 0 and "no users yet" in err:
            self.first_admin(admin)
            code, _out, err = self.as_user(admin, "users", "add", name, "--role", role,
                                           then=f"{PASSWORDS[name]}\n")
        assert code == 0, err
