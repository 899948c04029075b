"""``workstation referrals import FILE`` and ``workstation referrals list``."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workstation.cli.common import add_user_argument, sign_in
from workstation.cli.context import CliContext, fail, print_err
from workstation.domain.vocab import ReferralStatus
from workstation.formats.referrals import ReferralFileError, parse_file
from workstation.services import referrals


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    imp = sub.add_parser("import", help="import a referral/1 JSON or CSV file, whole or not at all")
    imp.add_argument("file", type=Path)
    add_user_argument(imp)
    imp.set_defaults(func=_import)
    lst = sub.add_parser("list", help="list the referral queue (most urgent first)")
    lst.add_argument("--lane", help="only this lane (and referrals for any lane)")
    lst.add_argument("--status", default=ReferralStatus.QUEUED.value,
                     choices=(*ReferralStatus, "all"),
                     help=f"{', '.join(ReferralStatus)}, or 'all' (default: queued)")
    lst.add_argument("--search", help="part of a referral id, MRN, plate or container number")
    lst.add_argument("--limit", type=int, default=100)
    lst.add_argument("--json", action="store_true")
    add_user_argument(lst)
    lst.set_defaults(func=_list)
    gen = sub.add_parser("generate", help="write N synthetic referrals (valid MRNs, containers)")
    gen.add_argument("count", type=int)
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument("--lane", default="L1", help="lane to queue them for ('' for any lane)")
    gen.add_argument("--out", type=Path, help="file to write (default: stdout)")
    gen.set_defaults(func=_generate)


def _import(ctx: CliContext, args: argparse.Namespace) -> int:
    actor = sign_in(ctx, args, "referrals.import")
    try:
        parsed = parse_file(args.file)
        with ctx.database().unit_of_work() as session:
            summary = referrals.import_referrals(session, parsed, file=str(args.file),
                                                 actor=actor)
    except ReferralFileError as exc:
        for problem in exc.problems:
            print_err(str(problem))
        bad = len({p.index for p in exc.problems if p.index is not None})
        fail(f"{args.file}: nothing imported: 0 new, 0 updated, 0 unchanged, {bad} rejected",
             exit_code=2)
    print(f"{args.file}: {summary}")
    return 0


def _generate(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.referral_generator import generate_referrals

    if args.count < 1:
        fail("count must be at least 1")
    # Issued over the last hours, so deadlines fall in the coming hours of today's shift.
    start = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=2)
    text = json.dumps(generate_referrals(args.count, seed=args.seed, lane=args.lane or None,
                                         start=start), indent=2) + "\n"
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"{args.count} referrals written to {args.out}")
    else:
        print(text, end="")
    return 0


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    sign_in(ctx, args, "referrals.read")  # plates and container numbers: personal data
    status = None if args.status == "all" else args.status
    with ctx.database().unit_of_work() as session:
        rows = [referrals.referral_summary(r) for r in referrals.list_referrals(
            session, lane=args.lane, status=status, search=args.search, limit=args.limit)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no referrals" + (f" with status {status}" if status else ""))
        return 0
    print(f"{'prio':<4} {'channel':<7} {'referral':<22} {'deadline':<17} {'lane':<5} "
          f"{'transport':<24} risk profiles")
    for r in rows:
        deadline = (r["deadline"] or "")[:16].replace("T", " ")
        transport = ",".join(t["value"] for t in r["transport"])[:24]
        print(f"{r['priority']:<4} {r['channel']:<7} {r['referral_id']:<22} {deadline:<17} "
              f"{r['lane'] or '*':<5} {transport:<24} {','.join(r['risk_profiles'])}")
    return 0
