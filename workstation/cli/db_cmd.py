"""``workstation db upgrade|status|check``."""

from __future__ import annotations

import argparse

from workstation.cli.context import CliContext


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    up = sub.add_parser("upgrade", help="create the schema or migrate it to the newest revision")
    up.add_argument("--revision", default="head", help="target revision (default: head)")
    up.set_defaults(func=_upgrade)
    sub.add_parser("status", help="print the database URL and its schema revision").set_defaults(
        func=_status
    )
    sub.add_parser("check", help="run the database's integrity check").set_defaults(func=_check)


def _upgrade(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database(upgrade=False)
    db.upgrade(args.revision)
    print(f"database {db.engine.url.render_as_string(hide_password=True)} at revision "
          f"{db.current_revision()}")
    return 0


def _status(ctx: CliContext, args: argparse.Namespace) -> int:
    db = ctx.database(upgrade=False)
    print(f"url: {db.engine.url.render_as_string(hide_password=True)}")
    print(f"backend: {db.backend}")
    print(f"revision: {db.current_revision() or '(empty: run `workstation db upgrade`)'}")
    return 0


def _check(ctx: CliContext, args: argparse.Namespace) -> int:
    result = ctx.database(upgrade=False).integrity_check()
    print(result)
    return 0 if result == "ok" else 1
