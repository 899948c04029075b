"""Helpers shared by the command modules: acting user, dates, passwords."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from workstation.cli.context import CliContext, fail
from workstation.db.models import User
from workstation.services.users import UserError, authorize, get_user, login, this_host

USER_ENV = "WORKSTATION_USER"


def add_user_argument(parser: argparse.ArgumentParser) -> None:
    """``--user NAME`` and ``--password-stdin``: who does this, and how they prove it."""
    parser.add_argument("--user", metavar="NAME", default=os.environ.get(USER_ENV),
                        help=f"who does this (default: ${USER_ENV}); asks for the password")
    parser.add_argument("--password-stdin", action="store_true",
                        help="for scripts: read the password from the first line of standard "
                             "input (and a new password, where one is set, from the next)")


def read_secret(args: argparse.Namespace, what: str, *, confirm: bool = False) -> str:
    """The next password (``what``: whose, for the prompt and messages): the next line of
    standard input with ``--password-stdin``, else asked at the terminal (twice with
    ``confirm``); refused when there is neither."""
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline()
        if not line:
            fail(f"--password-stdin: standard input has no line for {what}")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        fail(f"{what} is needed and there is no terminal to ask for it: scripts give it on "
             "standard input with --password-stdin (the acting user's password on the first "
             "line)")
    prompt = what[0].upper() + what[1:] + ": "
    try:
        first = getpass.getpass(prompt)
        again = getpass.getpass("Repeat: ") if confirm else first
    except EOFError:  # Ctrl-D at the prompt
        fail(f"no {what} given")
    if again != first:
        fail("the two passwords differ")
    return first


def sign_in(ctx: CliContext, args: argparse.Namespace, permission: str) -> str:
    """Authenticate ``--user`` with their password and check that their role grants
    ``permission`` (a key of ``workstation.services.users.PERMISSIONS``); returns the user
    name. The attempt is committed before a refusal is reported, so failures are counted for
    lockout and audited. Commands then load the user with :func:`acting_user`."""
    if not args.user:
        fail(f"say who does this with --user NAME (or set {USER_ENV}); the password is asked "
             "for, or read from standard input with --password-stdin")
    password = read_secret(args, f"the password of {args.user}")
    with ctx.database().unit_of_work() as session:
        outcome = login(session, args.user, password, host=this_host(),
                        lane=ctx.config.lane.lane_id, policy=ctx.config.security)
    if outcome.user is None:
        fail(f"--user {args.user}: {outcome.message}")
    with ctx.database().unit_of_work() as session:
        try:
            authorize(get_user(session, args.user), permission)
        except UserError as exc:
            fail(str(exc))
    args.signed_in = args.user
    return str(args.user)


def acting_user(session: Session, args: argparse.Namespace) -> User:
    """The user :func:`sign_in` authenticated, loaded in ``session``."""
    name = getattr(args, "signed_in", None)
    if name is None:  # a command that forgot to sign in must not act unauthenticated
        raise RuntimeError("acting_user() before sign_in()")
    try:
        return get_user(session, name)
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
