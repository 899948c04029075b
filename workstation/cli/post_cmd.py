"""``workstation post start --lanes N [--analysts K] [--gui] [--db URL] [--keep DIR]``: a whole
border post on this machine (``workstation.post.local_post``): a local Orthanc as the image
archive, N headless PostgreSQL-backed lanes with simulators, K headless remote image analysts
deciding every lane's scans at once, and the officer's window for one lane with ``--gui``; everything stops on Ctrl-C or SIGTERM. It runs in a database schema and a
folder of its own, never in the live record."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import tempfile
from pathlib import Path
from types import FrameType

from workstation.cli.context import CliContext, CommandError

DB_ENV = "WORKSTATION_POST_DB"
DEFAULT_DB = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="post_command", metavar="COMMAND")
    start = sub.add_parser("start", help="start a local post: archive, lanes, officer window",
                           description=__doc__)
    start.add_argument("--lanes", type=int, default=2, metavar="N",
                       help="lanes to start (default 2)")
    start.add_argument("--analysts", type=int, default=0, metavar="K",
                       help="headless remote image analysts (default 0); with any, every "
                            "lane sends its scans to them and waits for their decisions")
    start.add_argument("--gui", action="store_true",
                       help="open the officer's window for lane 1 (the others stay headless)")
    start.add_argument("--db", metavar="URL",
                       help=f"PostgreSQL server for the post's record (default: ${DB_ENV}, the "
                            f"lane file's database when it is PostgreSQL, else {DEFAULT_DB}); "
                            "the post gets a schema of its own there")
    start.add_argument("--keep", type=Path, metavar="DIR",
                       help="keep the post's folder (archive, lane files, images, logs) and "
                            "its database schema; default: a temporary folder, removed")
    start.set_defaults(func=run_start)


def _db_url(ctx: CliContext, given: str | None) -> str:
    if given:
        return given
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    configured = ctx.config.database.url
    return configured if configured.startswith("postgresql") else DEFAULT_DB


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run_start(ctx: CliContext, args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from workstation.db.engine import DatabaseError
    from workstation.post.local_post import LocalPost, PostError
    from workstation.post.orthanc_server import OrthancStartError

    if args.lanes < 1:
        raise CommandError(f"--lanes must be at least 1 (got {args.lanes})")
    if args.analysts < 0:
        raise CommandError(f"--analysts must be 0 or more (got {args.analysts})")
    folder = (args.keep.expanduser().resolve() if args.keep is not None
              else Path(tempfile.mkdtemp(prefix="workstation-post-")))
    post = LocalPost(folder, _db_url(ctx, args.db), lanes=args.lanes, gui=args.gui,
                     keep=args.keep is not None, analysts=args.analysts)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # SIGTERM stops it as Ctrl-C does
    try:
        try:
            post.start()
        except (PostError, OrthancStartError, DatabaseError) as exc:
            raise CommandError(str(exc)) from None
        except SQLAlchemyError as exc:
            raise CommandError(f"post database {args.db or _db_url(ctx, None)}: "
                               f"{str(exc).splitlines()[0]}") from None
        print(f"post running with {args.lanes} lane(s) and {args.analysts} analyst(s) in "
              f"{folder}; Ctrl-C stops it")
        ended = post.wait()
        code = ended.process.returncode if ended.process is not None else 0
        print(f"{ended.name} ended (exit status {code}); stopping the post")
    except KeyboardInterrupt:
        print("stopping the post")
    finally:
        signal.signal(signal.SIGTERM, previous)
        post.stop()
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"post kept in {folder} (schema {post.schema})")
    return 0
