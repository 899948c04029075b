"""``workstation privacy purge``: apply the retention periods to personal data now."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from workstation.cli.common import add_user_argument, sign_in
from workstation.cli.context import CliContext
from workstation.services import privacy


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    purge = sub.add_parser("purge", help="delete plate reads, camera frames and scans past "
                                         "the retention now configured (never those held as "
                                         "evidence by a control still open or under review)")
    add_user_argument(purge)
    purge.set_defaults(func=_purge)


def _purge(ctx: CliContext, args: argparse.Namespace) -> int:
    actor = sign_in(ctx, args, "privacy.purge")
    cfg = ctx.config
    with ctx.database().unit_of_work() as session:
        report = privacy.purge(session, cfg.retention, cfg.storage.snapshots, datetime.now(UTC),
                               actor=actor, image_store=cfg.storage.image_store)
    print(f"purged {report.plate_reads} plate reads, {report.frames} camera frames, "
          f"{report.scans} scans and {report.scan_files} scan files "
          f"(plate reads kept {cfg.retention.plate_reads_days} days, unlinked frames "
          f"{cfg.retention.unlinked_frames_hours} hours, scans {cfg.retention.scans_days} "
          "days; scans of controls not yet approved are kept)")
    return 0
