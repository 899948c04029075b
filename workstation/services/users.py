"""Users and roles; passwords hashed with Argon2id (argon2-cffi's defaults, RFC 9106)."""

from __future__ import annotations

import re
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.db.models import User, utcnow
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
    if not USERNAME_RE.match(username):
        raise UserError(f"username {username!r}: use 2-64 lower-case letters, digits, '.', '_' "
                        "or '-', starting with a letter")
    if role not in ROLES:
        raise UserError(f"role {role!r} is not one of {', '.join(ROLES)}")
    _check_password(password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise UserError(f"user {username!r} already exists")
    user = User(id=uuid.uuid4(), username=username, role=role, full_name=full_name,
                password_hash=_hasher.hash(password))
    session.add(user)
    audit.record(session, actor, "user.add", "user", user.id, {"username": username, "role": role})
    return user


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise UserError(f"no user {username!r} (see `workstation users list`)")
    if not user.active:
        raise UserError(f"user {username!r} is deactivated")
    return user


def require_role(session: Session, username: str, *roles: str) -> User:
    """The active user ``username``, who must hold one of ``roles`` (admin holds every role)."""
    user = get_user(session, username)
    if user.role not in roles and user.role != "admin":
        raise UserError(f"user {username!r} is {user.role}; this needs the role "
                        f"{' or '.join(roles)}")
    return user


def authenticate(session: Session, username: str, password: str) -> User:
    """The user when the password verifies; raises UserError with one neutral message otherwise."""
    user = session.scalar(select(User).where(User.username == username, User.active.is_(True)))
    try:
        if user is None:
            raise VerificationError("no such user")
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        raise UserError("user name or password is wrong") from None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def set_password(session: Session, username: str, password: str, *, actor: str) -> User:
    user = get_user(session, username)
    _check_password(password)
    user.password_hash = _hasher.hash(password)
    user.password_changed_at = utcnow()
    audit.record(session, actor, "user.passwd", "user", user.id, {"username": username})
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def count_users(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(User)) or 0)
