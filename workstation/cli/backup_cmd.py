"""``workstation backup --out DIR`` and ``workstation restore DIR``: the lane's own data
(embedded database, image store, snapshot store, audit keys and anchors), see
:mod:`workstation.backup`. Both are an administrator's: they sign in as one."""

from __future__ import annotations

import argparse
from pathlib import Path

from workstation.backup import BackupError, LaneData, backup, restore
from workstation.cli.common import add_user_argument, sign_in
from workstation.cli.context import CliContext, fail, print_err


def register(parser: argparse.ArgumentParser) -> None:
    command = parser.prog.split()[-1]
    if command == "backup":
        parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                            help="new or empty folder to write the backup into")
        parser.set_defaults(func=_backup)
    else:
        parser.add_argument("folder", type=Path, metavar="DIR", help="a folder written by "
                            "`workstation backup`")
        parser.set_defaults(func=_restore)
    add_user_argument(parser)


def lane_data(ctx: CliContext) -> LaneData:
    """Where this lane's configuration keeps its data."""
    from sqlalchemy.engine import make_url

    from workstation import paths

    url = ctx.config.database.url
    parsed = make_url(url)
    database = None
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            fail(f"database {url}: an in-memory database cannot be backed up or restored")
        database = Path(parsed.database).expanduser().resolve()
    storage = ctx.config.storage
    return LaneData(database=database, database_url=parsed.render_as_string(hide_password=True),
                    audit=paths.audit_dir(), images=Path(storage.image_store),
                    snapshots=Path(storage.snapshots))


def _backup(ctx: CliContext, args: argparse.Namespace) -> int:
    sign_in(ctx, args, "data.backup")
    data = lane_data(ctx)
    try:
        report = backup(data, args.out)
    except (BackupError, OSError) as exc:
        fail(f"{exc}")
    for note in report.notes:
        print_err(f"note: {note}")
    print(f"backup in {report.folder}: {report.files} files, {report.bytes} bytes, schema "
          f"revision {report.revision or '(no database)'}")
    return 0


def _has_users(ctx: CliContext, data: LaneData) -> bool:
    if data.database is not None and not data.database.exists():
        return False
    from sqlalchemy import func, select

    from workstation.db.models import User

    with ctx.database().unit_of_work() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def _restore(ctx: CliContext, args: argparse.Namespace) -> int:
    data = lane_data(ctx)
    if _has_users(ctx, data):
        # Replacing a lane's record is an administrator's act on that lane.
        sign_in(ctx, args, "data.backup")
    else:
        print_err("note: this lane has no users yet (a new installation): restoring without "
                  "sign-in")
    ctx.close()  # this process lets go of the database before it is replaced
    if data.database is not None:
        from workstation.db.engine import _holders

        holders = _holders(data.database)
        if holders:
            fail(f"database {data.database} is open in {', '.join(holders[:5])}: close the "
                 "lane application (and other workstation commands) before restoring")
    try:
        report = restore(args.folder, data)
    except (BackupError, OSError) as exc:
        fail(f"{exc}")
    for note in report.notes:
        print_err(f"note: {note}")
    print(f"restored {report.files} files ({report.bytes} bytes) from {report.folder}, each "
          "checked against its sha256")
    # The restored record must verify: the keyed chain, its anchor, every row, every scan.
    from workstation.services import audit

    with ctx.database().unit_of_work() as session:
        verified = audit.verify(session, files=True)
    for note in verified.notes:
        print_err(f"note: {note}")
    if not verified.ok:
        print(f"audit verify FAILED after the restore ({len(verified.problems)} problems):")
        for problem in verified.problems[:20]:
            print(f"  {problem}")
        return 1
    print(f"audit verify OK: {verified.events} audit events, every audited row matches")
    return 0
