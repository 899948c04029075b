"""Helpers shared by the command modules: acting user, dates, passwords."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from workstation.cli.context import fail
from workstation.db.models import User
from workstation.services.users import UserError, require_role

USER_ENV = "WORKSTATION_USER"


def add_user_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", default=os.environ.get(USER_ENV),
                        help=f"who does this (default: ${USER_ENV})")


def acting_user(session: Session, args: argparse.Namespace, *roles: str) -> User:
    if not args.user:
        fail(f"say who does this with --user NAME (or set {USER_ENV})")
    try:
        return require_role(session, args.user, *roles)
    except UserError as exc:
        fail(str(exc))


def parse_since(text: str) -> datetime:
    """``2026-11-26`` (midnight UTC) or an ISO 8601 time with zone (``...T08:00:00Z``)."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        value = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--since {text!r}: give a date (2026-11-26) or an ISO time (2026-11-26T08:00:00Z)")
    if value.tzinfo is None:
        fail(f"--since {text!r}: give the time zone (Z for UTC)")
    return value.astimezone(UTC)


def read_password(args: argparse.Namespace, prompt: str = "Password: ") -> str:
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            fail("--password-stdin: no password on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        fail("no terminal to ask for the password: use --password-stdin")
    first = getpass.getpass(prompt)
    if getpass.getpass("Repeat password: ") != first:
        fail("the two passwords differ")
    return first
