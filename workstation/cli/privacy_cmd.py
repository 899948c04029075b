"""``workstation privacy purge``: apply the retention periods to personal data now."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from workstation.cli.context import CliContext
from workstation.services import privacy


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    purge = sub.add_parser("purge", help="delete plate reads and camera frames past retention "
                                         "(never those held as evidence by a control)")
    purge.set_defaults(func=_purge)


def _purge(ctx: CliContext, args: argparse.Namespace) -> int:
    cfg = ctx.config
    with ctx.database().unit_of_work() as session:
        report = privacy.purge(session, cfg.retention, cfg.storage.snapshots, datetime.now(UTC),
                               actor="cli")
    print(f"purged {report.plate_reads} plate reads and {report.frames} camera frames "
          f"(plate reads kept {cfg.retention.plate_reads_days} days, unlinked frames "
          f"{cfg.retention.unlinked_frames_hours} hours)")
    return 0
