"""``workstation users add|list|passwd``."""

from __future__ import annotations

import argparse
import json

from workstation.cli.common import read_password
from workstation.cli.context import CliContext, fail
from workstation.domain.vocab import ROLES
from workstation.services import users


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    add = sub.add_parser("add", help="create a user (asks for the password)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name", default="", help="full name")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from the first line of standard input")
    add.set_defaults(func=_add)
    lst = sub.add_parser("list", help="list users and their roles")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=_list)
    pw = sub.add_parser("passwd", help="set a user's password")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    pw.set_defaults(func=_passwd)


def _add(ctx: CliContext, args: argparse.Namespace) -> int:
    password = read_password(args)
    try:
        with ctx.database().unit_of_work() as session:
            user = users.add_user(session, args.username, args.role, password,
                                  full_name=args.name, actor="cli")
            print(f"user {user.username} ({user.role}) created")
    except users.UserError as exc:
        fail(str(exc))
    return 0


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.database().unit_of_work() as session:
        rows = [{"username": u.username, "role": u.role, "name": u.full_name, "active": u.active}
                for u in users.list_users(session)]
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print("no users yet: `workstation users add NAME --role admin`")
    else:
        for r in rows:
            state = "" if r["active"] else "  (deactivated)"
            print(f"{r['username']:<20} {r['role']:<11} {r['name']}{state}")
    return 0


def _passwd(ctx: CliContext, args: argparse.Namespace) -> int:
    password = read_password(args, "New password: ")
    try:
        with ctx.database().unit_of_work() as session:
            users.set_password(session, args.username, password, actor="cli")
    except users.UserError as exc:
        fail(str(exc))
    print(f"password of {args.username} changed")
    return 0
