"""``workstation results export --format json|csv [--since DATE] [--out FILE]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workstation.atomic_file import write_atomically
from workstation.cli.common import add_user_argument, parse_since, sign_in
from workstation.cli.context import CliContext, fail
from workstation.formats import results as results_format
from workstation.services.results import exported_results


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    ex = sub.add_parser("export", help="export closed controls for risk analysis")
    ex.add_argument("--format", choices=("json", "csv"), default="json")
    ex.add_argument("--since", type=parse_since, help="closed on or after DATE (UTC)")
    ex.add_argument("--out", type=Path, help="write to FILE (atomically) instead of stdout")
    add_user_argument(ex)
    ex.set_defaults(func=_export)


def _export(ctx: CliContext, args: argparse.Namespace) -> int:
    sign_in(ctx, args, "results.export")
    with ctx.database().unit_of_work() as session:
        records = list(exported_results(session, since=args.since))
    text = (results_format.to_json(records) if args.format == "json"
            else results_format.to_csv(records))
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out: Path = args.out
    try:
        write_atomically(out, text.encode("utf-8"))
    except OSError as exc:
        fail(f"{out}: cannot write export: {exc.strerror}")
    print(f"{len(records)} control results written to {out}", file=sys.stderr)
    return 0
