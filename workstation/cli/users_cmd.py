"""``workstation users add|list|passwd|deactivate|reactivate|role``: administrators only,
except the very first administrator of an empty database."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from workstation.cli.common import acting_user, add_user_argument, read_secret, sign_in
from workstation.cli.context import CliContext, fail, print_err
from workstation.domain.vocab import ROLES
from workstation.services import users

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    add = sub.add_parser(
        "add", help="create a user (an administrator does this; asks for both passwords)",
        description="Create a user. An administrator signs in with --user (their password "
                    "first), then gives the new user's password. On an empty database the "
                    "first administrator is created without signing in (only the new "
                    "password is read).")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", default="", help="full name")
    add_user_argument(add)
    add.set_defaults(func=_add)
    lst = sub.add_parser("list", help="list users and their roles")
    lst.add_argument("--json", action="store_true")
    add_user_argument(lst)
    lst.set_defaults(func=_list)
    pw = sub.add_parser("passwd", help="set a user's password (an administrator does this)")
    pw.add_argument("username")
    add_user_argument(pw)
    pw.set_defaults(func=_passwd)
    for name, help_, active in (
            ("deactivate", "deactivate a user: they can no longer log in and stay in the "
                           "record (an administrator does this)", False),
            ("reactivate", "let a deactivated user log in again (an administrator does this)",
             True)):
        verb = sub.add_parser(name, help=help_)
        verb.add_argument("username")
        add_user_argument(verb)
        verb.set_defaults(func=_set_active, active=active)
    role = sub.add_parser("role", help="give a user another role (an administrator does this)")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    add_user_argument(role)
    role.set_defaults(func=_role)


def _add(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.database().unit_of_work() as session:
        first = users.count_users(session) == 0
    if first:
        # Nobody can sign in yet: only an administrator may be created this way.
        if args.role != "admin":
            fail("the database has no users yet: the first user must be an administrator "
                 "(--role admin), who then adds the others")
        if args.user:
            print_err(f"note: the database has no users yet; --user {args.user} is not asked "
                      "for, only the new administrator's password")
        actor = "first-start"
    else:
        actor = sign_in(ctx, args, "users.manage")
    password = read_secret(args, f"the new password of {args.username}", confirm=True)
    try:
        with ctx.database().unit_of_work() as session:
            if first and users.count_users(session):
                fail("another user was created meanwhile: sign in as an administrator (--user)")
            user = users.add_user(session, args.username, args.role, password,
                                  full_name=args.name, actor=actor)
            print(f"user {user.username} ({user.role}) created")
    except users.UserError as exc:
        fail(str(exc))
    return 0


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    sign_in(ctx, args, "users.manage")
    with ctx.database().unit_of_work() as session:
        rows = [{"username": u.username, "role": u.role, "name": u.full_name, "active": u.active}
                for u in users.list_users(session)]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            state = "" if r["active"] else "  (deactivated)"
            print(f"{r['username']:<20} {r['role']:<11} {r['name']}{state}")
    return 0


def _passwd(ctx: CliContext, args: argparse.Namespace) -> int:
    sign_in(ctx, args, "users.manage")
    password = read_secret(args, f"the new password of {args.username}", confirm=True)
    try:
        with ctx.database().unit_of_work() as session:
            admin = acting_user(session, args)
            users.set_password(session, args.username, password, actor=admin.username)
    except users.UserError as exc:
        fail(str(exc))
    print(f"password of {args.username} changed")
    return 0


def _as_admin(ctx: CliContext, args: argparse.Namespace,
              change: Callable[[Session, users.User], object], done: str) -> int:
    """Sign in with ``users.manage``, apply ``change`` as that admin in one unit of work,
    and say ``done``; a refusal by the service is said in its words."""
    sign_in(ctx, args, "users.manage")
    try:
        with ctx.database().unit_of_work() as session:
            change(session, acting_user(session, args))
    except users.UserError as exc:
        fail(str(exc))
    print(done)
    return 0


def _set_active(ctx: CliContext, args: argparse.Namespace) -> int:
    return _as_admin(
        ctx, args, lambda s, admin: users.set_active(s, admin, args.username, args.active),
        f"user {args.username} {'reactivated' if args.active else 'deactivated'}")


def _role(ctx: CliContext, args: argparse.Namespace) -> int:
    return _as_admin(ctx, args, lambda s, admin: users.set_role(s, admin, args.username, args.role),
                     f"user {args.username} is now {args.role}")
