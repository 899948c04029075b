"""``workstation demo --vehicles N [--faults] [--seed S] [--keep DIR]``: the headless lane
demonstration, in a scratch database and image store of its own, never in the live record."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select

from workstation.cli.context import CliContext, CommandError
from workstation.config import WorkstationConfig
from workstation.db.engine import Database
from workstation.db.models import User

HOME_ENV = "WORKSTATION_HOME"
SUPERVISOR = "demo-supervisor"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--vehicles", type=int, default=3, metavar="N",
                        help="vehicles to process (default 3)")
    parser.add_argument("--faults", action="store_true",
                        help="inject every simulator fault kind and show recovery")
    parser.add_argument("--seed", type=int, default=1, help="simulator and referral seed")
    parser.add_argument("--scene", default="parcel",
                        help="scene in the tunnel (parcel, test-piece, cargo-mixed, ...); "
                             "cargo scenes take seconds per scan to render")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the demo's database and images in DIR (with a lane.toml "
                             "to look at them with the other commands); "
                             "default: a temporary folder, deleted afterwards")
    parser.set_defaults(func=run)


def scratch_config(base: WorkstationConfig, folder: Path) -> WorkstationConfig:
    """``base`` with its database and every data folder moved into ``folder``."""
    config = base.model_copy(deep=True)
    config.source = None
    # The same names as under a workstation home, so the folder is one (WORKSTATION_HOME).
    config.database.url = f"sqlite:///{folder / 'workstation.sqlite3'}"
    config.storage.image_store = folder / "images"
    config.archive.url = None  # a scratch record's scans never reach the post's archive
    config.storage.quarantine = folder / "quarantine"
    config.storage.log_dir = folder / "logs"
    config.storage.snapshots = folder / "snapshots"
    return config


def _lane_file(config: WorkstationConfig, folder: Path) -> Path:
    """A lane file pointing at the kept demo record, for the other commands."""
    file = folder / "lane.toml"
    quoted = {k: str(getattr(config.storage, k)).replace("\\", "\\\\").replace('"', '\\"')
              for k in ("image_store", "quarantine", "log_dir", "snapshots")}
    url = config.database.url.replace("\\", "\\\\").replace('"', '\\"')
    file.write_text(
        "# the record of `workstation demo --keep`: not the live lane\n"
        f'[lane]\npost = "{config.lane.post}"\nlane_id = "{config.lane.lane_id}"\n\n'
        f'[database]\nurl = "{url}"\n\n[storage]\n'
        + "".join(f'{k} = "{v}"\n' for k, v in quoted.items()), encoding="utf-8")
    return file


def _demo_users(db: Database, password: str) -> None:
    """The kept record's officer (the demo's own) and a supervisor, both with ``password``, so
    that the other commands can sign in to look at it."""
    from workstation.lane_demo import OFFICER
    from workstation.services import users

    with db.unit_of_work() as session:
        for name, role, full_name in ((OFFICER, "officer", "Demo officer"),
                                      (SUPERVISOR, "supervisor", "Demo supervisor")):
            if session.scalar(select(User.id).where(User.username == name)) is None:
                users.add_user(session, name, role, password, full_name=full_name,
                               actor="demo")
            else:  # a kept folder used again: the password printed is this run's
                users.set_password(session, name, password, actor="demo")


@contextmanager
def _home(folder: Path) -> Iterator[None]:
    # Whatever else the core keeps under the workstation's home (the audit trail's files
    # among them) goes to the scratch folder too while the demo runs.
    before = os.environ.get(HOME_ENV)
    os.environ[HOME_ENV] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(HOME_ENV, None)
        else:
            os.environ[HOME_ENV] = before


def run(ctx: CliContext, args: argparse.Namespace) -> int:
    from devices.registry import check_device
    from devices.settings import SettingsError
    from workstation.db.engine import DatabaseError
    from workstation.lane_demo import run_demo, scanner_config

    if args.vehicles < 1:
        raise CommandError(f"--vehicles must be at least 1 (got {args.vehicles})")
    try:  # the scene is a simulator setting: checked by the simulator's model, as a lane file
        check_device(scanner_config(args.seed, args.scene))
    except SettingsError as exc:
        raise CommandError(f"--scene {args.scene!r}: " + "; ".join(exc.problems)) from None
    if args.keep is not None:
        folder = args.keep.expanduser().resolve()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"--keep {args.keep}: cannot create the folder: "
                               f"{exc.strerror}") from None
    else:
        folder = Path(tempfile.mkdtemp(prefix="workstation-demo-"))
    config = scratch_config(ctx.config, folder)
    try:
        with _home(folder):
            try:
                db = Database.from_config(config)
                db.upgrade()
            except DatabaseError as exc:
                raise CommandError(f"demo database in {folder}: {exc}") from None
            password = secrets.token_urlsafe(12)
            try:
                if args.keep is not None:
                    _demo_users(db, password)
                summary = run_demo(config, db, vehicles=args.vehicles, faults=args.faults,
                                   seed=args.seed, scene=args.scene, echo=print)
            finally:
                db.dispose()
        print(summary.render())
        if args.keep is not None:
            from workstation.lane_demo import OFFICER

            print(f"demo record kept in {folder}: look at it with {HOME_ENV}={folder} "
                  f"workstation --config {_lane_file(config, folder)} COMMAND ... --user "
                  f"{OFFICER} (or {SUPERVISOR}); the password of both is {password}")
        else:
            print("demo record discarded (keep it with --keep DIR)")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    missed = [kind for kind, ok in summary.faults_noticed().items() if not ok]
    if missed:
        raise CommandError(f"injected fault(s) not noticed by the driver: {', '.join(missed)}", 1)
    return 0
