"""Users and roles; passwords hashed with Argon2id (argon2-cffi's defaults, RFC 9106)."""

from __future__ import annotations

import re
import secrets
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.db.models import LoginAttempt, User, utcnow
from workstation.db.text import column_text_problem
from workstation.domain.vocab import ROLES
from workstation.services import audit

_hasher = PasswordHasher()  # Argon2id
USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
MIN_PASSWORD = 8


class UserError(Exception):
    """A user cannot be created, found or authenticated; the message says why."""


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password too short: at least {MIN_PASSWORD} characters")


def add_user(session: Session, username: str, role: str, password: str, *, full_name: str = "",
             actor: str = "system") -> User:
    # fullmatch: "$" alone would let a trailing line feed through (65 characters on a
    # String(64) column: stored by SQLite, refused by PostgreSQL).
    if not USERNAME_RE.fullmatch(username):
        raise UserError(f"username {username!r}: use 2-64 lower-case letters, digits, '.', '_' "
                        "or '-', starting with a letter")
    wrong = column_text_problem(User.full_name, full_name)
    if wrong:
        raise UserError(f"full name {wrong}")
    if role not in ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}")
    _check_password(password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise UserError(f"user {username!r} already exists")
    user = User(id=uuid.uuid4(), username=username, role=role, full_name=full_name,
                password_hash=_hasher.hash(password))
    session.add(user)
    audit.record(session, actor, "user.add", "user", user.id, {"username": username, "role": role},
                 state=user)
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"no user {username!r} (see `workstation users list`)")
    if not user.active:
        raise UserError(f"user {username!r} is deactivated")
    return user


# Who may do what. The admin role administers (users, retention, exports, referral intake);
# it does not open, record or review controls: that takes the officer or supervisor role,
# so no one both grants rights and uses them on the record (decision 0800).
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "users.manage": ("admin",),
    "privacy.purge": ("admin",),
    "data.backup": ("admin",),
    "results.export": ("supervisor", "admin"),
    "referrals.import": ("supervisor", "admin"),
    "referrals.read": ("officer", "supervisor", "admin"),
    "controls.work": ("officer",),
    "controls.handover": ("officer", "supervisor"),
    "controls.review": ("supervisor",),
    "controls.read": ("officer", "supervisor"),
    "scans.import": ("officer", "technician"),
    "scans.read": ("officer", "supervisor", "technician"),
    "devices.check": ("technician",),
    # Edit the lane's devices in the lane file (technician window, decision 1114).
    "devices.configure": ("technician",),
    "audit.read": ("supervisor", "admin"),
    # Remote image analysis (issue 16): claim a queued scan of any lane, see it with its
    # referral, declared goods and model findings, clear it or mark suspect regions.
    "analysis.work": ("analyst",),
    # Performance figures of the post (workstation.reports); per officer only for those who
    # answer for the quality of controls, never for the officers themselves.
    "reports.read": ("supervisor", "admin"),
    "reports.per_officer": ("supervisor", "admin"),
}


def authorize(user: User, permission: str) -> User:
    """``user`` when their role grants ``permission`` (a key of :data:`PERMISSIONS`)."""
    roles = PERMISSIONS[permission]
    if user.role not in roles:
        raise UserError(f"user {user.username!r} is {user.role}; this needs the role "
                        f"{' or '.join(roles)}")
    return user


def require_role(session: Session, username: str, *roles: str) -> User:
    """The active user ``username``, who must hold one of ``roles`` (no role implies another)."""
    user = get_user(session, username)
    if user.role not in roles:
        raise UserError(f"user {username!r} is {user.role}; this needs the role "
                        f"{' or '.join(roles)}")
    return user


class SecurityPolicy(Protocol):
    """The ``[security]`` settings :func:`login` needs (``workstation.config.SecuritySection``)."""

    delay_after_failures: int
    delay_s: float
    lockout_after_failures: int
    host_lockout_after_failures: int
    lockout_minutes: float
    failure_window_minutes: float


@dataclass(frozen=True)
class LoginOutcome:
    """``user`` when the login succeeded, else None and ``message`` says why (neutral for a
    wrong password and an unknown user; with the time when a lockout or wait ends)."""

    user: User | None
    message: str = ""


def this_host() -> str:
    """The machine's name: failed logins are counted per machine as well as per user name
    (not per lane id, which a command line can change with ``--config``)."""
    return socket.gethostname() or "unknown-host"


@cache
def _dummy_hash() -> str:
    """A hash with the current parameters to verify against when the user is unknown, so that
    an unknown user costs one verification just as a wrong password does."""
    return _hasher.hash(secrets.token_hex(16))


def _locked_until(failures: Sequence[datetime], after: int, lock: timedelta, *,
                  delay: timedelta | None = None, delay_after: int = 0) -> datetime | None:
    """When the lock on a name or host that failed at ``failures`` (oldest first) ends: a
    lockout of ``lock`` from the last failure once there are ``after`` of them, before that a
    wait of ``delay`` doubling per failure from ``delay_after`` on; None when there is none."""
    if not failures:
        return None
    last = failures[-1]
    if len(failures) >= after:
        return last + lock
    if delay is not None and len(failures) >= delay_after:
        return last + min(delay * (2 ** (len(failures) - delay_after)), lock)
    return None


def _aware(when: datetime) -> datetime:
    # SQLite hands datetimes back naive; they were stored as UTC.
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def login(session: Session, username: str, password: str, *, host: str, lane: str = "",
          policy: SecurityPolicy, now: datetime | None = None) -> LoginOutcome:
    """Check a login and record the attempt (and, when it failed, an audit event) in
    ``session``'s transaction: the caller commits before it reports the outcome, so a failed
    attempt is kept. Refused unverified while the user name or the ``host`` (the machine's
    name) is locked out; otherwise exactly one Argon2 verification, whether or not the user
    exists. ``now`` is the time of the attempt (UTC; default the clock)."""
    now = now or utcnow()
    # What was typed is stored and audited as is, but fitted to the columns: printable only
    # (a NUL would be refused by PostgreSQL), at most as long as a user name can be.
    name = "".join(c if c.isprintable() else "?" for c in username)[:64]
    host = "".join(c if c.isprintable() else "?" for c in host)[:255]
    window = now - timedelta(minutes=policy.failure_window_minutes)
    lock = timedelta(minutes=policy.lockout_minutes)
    last_ok = session.scalar(select(func.max(LoginAttempt.attempted_at)).where(
        LoginAttempt.username == name, LoginAttempt.outcome == "ok"))
    since = max(window, _aware(last_ok)) if last_ok is not None else window
    user_failures = [_aware(t) for t in session.scalars(
        select(LoginAttempt.attempted_at).where(
            LoginAttempt.username == name, LoginAttempt.outcome == "failed",
            LoginAttempt.attempted_at > since).order_by(LoginAttempt.attempted_at))]
    host_failures = [_aware(t) for t in session.scalars(
        select(LoginAttempt.attempted_at).where(
            LoginAttempt.host == host, LoginAttempt.outcome == "failed",
            LoginAttempt.attempted_at > window).order_by(LoginAttempt.attempted_at))]
    user_lock = _locked_until(user_failures, policy.lockout_after_failures, lock,
                              delay=timedelta(seconds=policy.delay_s),
                              delay_after=policy.delay_after_failures)
    host_lock = _locked_until(host_failures, policy.host_lockout_after_failures, lock)
    details: dict[str, str | int] = {"username": name, "host": host, "lane": lane}
    for until, whom in ((host_lock, f"from this machine ({host})"),
                        (user_lock, f"for user {name!r}")):
        if until is not None and until > now:
            session.add(LoginAttempt(id=uuid.uuid4(), username=name, host=host, lane=lane,
                                     outcome="locked", attempted_at=now))
            audit.record(session, name, "login.locked", "login", name,
                         {**details, "until": until.isoformat()})
            return LoginOutcome(None, f"too many failed logins {whom}: try again after "
                                      f"{until.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")
    dummy = _dummy_hash()  # made before the look-up, whoever logs in: both paths cost the same
    user = session.scalar(select(User).where(User.username == name, User.active.is_(True)))
    try:
        _hasher.verify(user.password_hash if user is not None else dummy, password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        session.add(LoginAttempt(id=uuid.uuid4(), username=name, host=host, lane=lane,
                                 outcome="failed", attempted_at=now))
        audit.record(session, name, "login.failed", "login", name,
                     {**details, "known_user": user is not None,
                      "failures": len(user_failures) + 1})
        message = "user name or password is wrong"
        if len(user_failures) + 1 == policy.lockout_after_failures:
            # Said now, not at the next try: the officer must know the name is locked.
            until = now + lock
            message += (f"; after {policy.lockout_after_failures} failed logins the user name "
                        f"is locked until {until.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC")
        return LoginOutcome(None, message)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    session.add(LoginAttempt(id=uuid.uuid4(), username=name, host=host, lane=lane,
                             outcome="ok", attempted_at=now))
    # state: a password re-hashed just above is a change of the audited user row.
    audit.record(session, name, "login.ok", "user", user.id, details, state=user)
    return LoginOutcome(user)


def set_password(session: Session, username: str, password: str, *, actor: str) -> User:
    user = get_user(session, username)
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    user.password_changed_at = utcnow()
    audit.record(session, actor, "user.passwd", "user", user.id, {"username": username},
                 state=user)
    return user


def _managed(session: Session, actor: User, username: str, step: str) -> User:
    """The user ``username`` (active or not) that ``actor``, an administrator, may ``step``."""
    authorize(actor, "users.manage")
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"no user {username!r} (see `workstation users list`)")
    if user.id == actor.id:
        # Nobody locks themselves out or changes their own rights: another administrator does.
        raise UserError(f"cannot {step} {username!r}: that is you; another administrator must")
    return user


def _keep_an_admin(session: Session, user: User, step: str) -> None:
    """Refuse ``step`` when it would leave no active administrator to manage the users."""
    if user.role != "admin" or not user.active:
        return
    others = session.scalar(select(func.count()).select_from(User).where(
        User.role == "admin", User.active.is_(True), User.id != user.id)) or 0
    if not others:
        raise UserError(f"cannot {step} {user.username!r}: they are the last active "
                        "administrator; make another administrator first")


def set_active(session: Session, actor: User, username: str, active: bool) -> User:
    """Deactivate (``active`` False) or reactivate a user. A deactivated user cannot log in
    and stays in the record (controls, audit trail keep naming them); an administrator does
    this, never to themselves, and the last active administrator is kept."""
    step = "reactivate" if active else "deactivate"
    user = _managed(session, actor, username, step)
    if user.active == active:
        raise UserError(f"user {username!r} is already {'active' if active else 'deactivated'}")
    if not active:
        _keep_an_admin(session, user, step)
    user.active = active
    audit.record(session, actor.username, "user.reactivate" if active else "user.deactivate",
                 "user", user.id, {"username": username}, state=user)
    return user


def set_role(session: Session, actor: User, username: str, role: str) -> User:
    """Give a user another role (one role per user, decision 0800); an administrator does
    this, never to themselves, and the last active administrator is kept."""
    if role not in ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}")
    user = _managed(session, actor, username, "change the role of")
    if user.role == role:
        raise UserError(f"user {username!r} already has the role {role}")
    _keep_an_admin(session, user, "change the role of")
    before = user.role
    user.role = role
    audit.record(session, actor.username, "user.role", "user", user.id,
                 {"username": username, "from": before, "to": role}, state=user)
    return user


def reset_password(session: Session, actor: User, username: str, password: str) -> User:
    """An administrator sets another user's password (active users only)."""
    authorize(actor, "users.manage")
    return set_password(session, username, password, actor=actor.username)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)
