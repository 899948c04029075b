"""``workstation audit verify`` and ``workstation audit list``."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlalchemy import select

from workstation.cli.common import add_user_argument, sign_in
from workstation.cli.context import CliContext
from workstation.db.models import AuditEvent
from workstation.services import audit


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    verify = sub.add_parser("verify", help="check the keyed hash chain, its head anchor and "
                            "every audited row (scan files included)")
    verify.add_argument("--no-files", action="store_true",
                        help="do not re-hash the scan files (rows and chain only)")
    verify.set_defaults(func=_verify)
    ls = sub.add_parser("list", help="show the latest audit events")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--entity-id", help="only events about this entity id")
    ls.add_argument("--json", action="store_true")
    add_user_argument(ls)
    ls.set_defaults(func=_list)


def _verify(ctx: CliContext, args: argparse.Namespace) -> int:
    with ctx.database().unit_of_work() as session:
        report = audit.verify(session, files=not args.no_files)
    for note in report.notes:
        print(f"note: {note}")
    if report.ok:
        print(f"OK: {report.events} audit events verified, every audited row matches")
        return 0
    print(f"FAILED after checking {report.events} audit events "
          f"({len(report.problems)} problems):")
    for problem in report.problems:
        print(f"  {problem}")
    return 1


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    sign_in(ctx, args, "audit.read")  # who did what, with referral ids and plates
    with ctx.database().unit_of_work() as session:
        query = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(args.limit)
        if args.entity_id:
            query = query.where(AuditEvent.entity_id == args.entity_id)
        events = list(session.scalars(query))[::-1]
        rows: list[dict[str, Any]] = [
            {"seq": e.seq, "at": e.occurred_at.isoformat(), "actor": e.actor,
             "action": e.action, "entity": e.entity, "entity_id": e.entity_id,
             "details": e.details, "key_id": e.key_id} for e in events]
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        for r in rows:
            print(f"{r['seq']:>7} {r['at'][:19]} {r['actor']:<12} {r['action']:<20} "
                  f"{r['entity']} {r['entity_id']}")
    return 0
