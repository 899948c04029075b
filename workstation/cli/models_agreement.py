"""``workstation models agreement --since DATE [--until DATE] [--lane L] [--json]``.

Per model, version and label, the model findings shown to officers in the period (created
in it) and how the officers decided them: accepted, rejected, still undecided, and the
agreement rate ``accepted / (accepted + rejected)`` (``null`` when none was decided) — the
post's own evidence of a model's false-alarm share on its scanners
(:mod:`workstation.services.model_agreement`). Signs in a supervisor or an administrator
(``reports.read``). A date alone means the whole day (UTC); without ``--until`` the period
runs up to now.

``--json`` prints ``{"since", "until", "lane", "rows": [{"model", "version", "label",
"shown", "accepted", "rejected", "undecided", "agreement_rate"}]}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from workstation.cli.common import add_user_argument, sign_in
from workstation.cli.context import CliContext, fail


def register_agreement(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``agreement`` to the ``models`` command's sub-parsers."""
    p = subparsers.add_parser(
        "agreement", help="how often officers accepted each model's findings, per label",
        description="Per model and label: findings shown in the period, accepted, rejected, "
                    "undecided and the agreement rate (supervisor or admin).")
    p.add_argument("--since", required=True, metavar="DATE",
                   help="first day (2026-01-01) or time with zone (…T08:00:00Z), UTC")
    p.add_argument("--until", metavar="DATE",
                   help="last day, included (2026-12-31), or an end time with zone (excluded); "
                        "default: now")
    p.add_argument("--lane", metavar="L", help="only findings of this lane's controls")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_user_argument(p)
    p.set_defaults(func=run_agreement)
    return p


def run_agreement(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.cli.report_cmd import parse_bound
    from workstation.services.model_agreement import AgreementError, agreement

    since = parse_bound(args.since, "--since", end=False)
    until = None if args.until is None else parse_bound(args.until, "--until", end=True)
    if until is not None and until <= since:
        fail(f"--since/--until: the period ends ({until.isoformat()}) before it starts "
             f"({since.isoformat()})")
    sign_in(ctx, args, "reports.read")
    with ctx.database().unit_of_work() as session:
        try:
            rows = agreement(session, since, until, args.lane or None)
        except AgreementError as exc:
            fail(f"--since/--until: {exc}")
    if not rows:
        print(f"note: no model findings from {since.isoformat()}"
              + (f" to {until.isoformat()}" if until else "")
              + (f" on lane {args.lane}" if args.lane else ""), file=sys.stderr)
    if args.json:
        print(json.dumps({"since": since.isoformat(),
                          "until": None if until is None else until.isoformat(),
                          "lane": args.lane, "rows": [r.to_json() for r in rows]}, indent=2))
        return 0
    print(f"{'model':<18} {'version':<9} {'label':<14} {'shown':>6} {'accepted':>8} "
          f"{'rejected':>8} {'undecided':>9} {'agreement':>9}")
    for r in rows:
        rate = "-" if r.agreement_rate is None else f"{100 * r.agreement_rate:.1f}%"
        print(f"{r.model:<18} {r.version:<9} {r.label:<14} {r.shown:>6} {r.accepted:>8} "
              f"{r.rejected:>8} {r.undecided:>9} {rate:>9}")
    return 0
