"""A whole border post on one machine (``workstation post start``), for demonstrations and tests.

:class:`LocalPost` starts, in a folder of its own:

* the post's image archive: a local Orthanc (``orthanc_server``) on a free port;
* the post database: a PostgreSQL schema of its own (``post_<hex>``) on the server given,
  migrated; dropped on stop unless ``keep`` (never the live record);
* one process per lane (:class:`ProcessSpec`): ``lanes`` headless lanes
  (``python -m workstation.post.lane_process``: the x-ray simulator, the lane session, the
  outbox pusher) and, with ``gui``, the officer's application for lane 1 instead of its
  headless process;
* with ``analysts`` K > 0, K headless remote image analysts
  (``python -m workstation.post.analyst_process``, users ``post-analyst-<n>``), and every
  lane sends all its scans to them (``[analysis] remote = "all"``) and waits for their
  decisions before saving a result.

Each lane has its own lane file (``lanes/L<n>/lane.toml``: ``[lane]``, ``[database]``,
``[storage]``, ``[archive]`` with a password file), so what runs is what a lane PC at a post
would run. :meth:`LocalPost.stop` ends the processes (SIGTERM, then SIGKILL), the archive and
the schema. Extending it (analysts' processes, for instance): add :class:`ProcessSpec` items
to :attr:`LocalPost.extra` before :meth:`LocalPost.start`; they get the same environment
(``WORKSTATION_HOME``: the post folder unless the spec's ``env`` says otherwise; each lane
has a home of its own, ``lanes/L<n>/home``, with its drafts and its audit key).
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from workstation.db.engine import Database, make_engine
from workstation.post.orthanc_server import LocalOrthanc, start_orthanc

HOME_ENV = "WORKSTATION_HOME"
OFFICER = "post-officer"
STOP_TIMEOUT_S = 30.0


class PostError(RuntimeError):
    """The post could not be started; the message says what and why."""


@dataclass
class ProcessSpec:
    """One process of the post: a name for messages (and its log, ``logs/<name>.log``), its
    command line (``sys.executable`` first) and environment variables of its own."""

    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)  # over the post's environment
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)


def analyst_name(number: int) -> str:
    """The user name of the post's headless analyst ``number`` (1-based)."""
    return f"post-analyst-{number}"


def _quoted(value: object) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def lane_file(folder: Path, *, post: str, lane_id: str, db_url: str, archive: LocalOrthanc,
              seed: int, remote_analysis: str = "off") -> Path:
    """Write ``folder/lane.toml`` for one lane of the local post; returns its path.
    ``remote_analysis``: the lane's ``[analysis] remote`` setting."""
    folder.mkdir(parents=True, exist_ok=True)
    password = folder / "archive-password"
    password.write_text(archive.password + "\n", encoding="utf-8")
    password.chmod(0o600)
    lines = [
        "# a lane of `workstation post start`: a demonstration post, not a live record",
        f"[lane]\npost = {_quoted(post)}\nlane_id = {_quoted(lane_id)}\n",
        f"[database]\nurl = {_quoted(db_url)}\n",
        "[storage]",
        *(f"{k} = {_quoted(folder / k)}" for k in ("image_store", "quarantine", "log_dir",
                                                     "snapshots")),
        "",
        f"[archive]\nurl = {_quoted(archive.url)}\nusername = {_quoted(archive.username)}",
        f"password_file = {_quoted(password)}\nretry_initial_s = 0.5\nretry_max_s = 10.0\n",
        f"[analysis]\nremote = {_quoted(remote_analysis)}\n",
        "[[devices]]\nname = \"scanner\"\nkind = \"xray\"\ndriver = \"xray-tcp\"",
        "simulated = true\n[devices.settings]\nblock_timeout_s = 1.5\nintegration_us = 2000",
        f"block_lines = 64\n[devices.simulator]\nseed = {seed}\nscene = \"parcel\"\n",
    ]
    file = folder / "lane.toml"
    file.write_text("\n".join(lines), encoding="utf-8")
    return file


@dataclass
class LocalPost:
    """See the module docstring. ``db_url``: a PostgreSQL server (SQLAlchemy URL)."""

    folder: Path
    db_url: str
    lanes: int = 1
    gui: bool = False
    keep: bool = False
    post: str = "POST-LOCAL"
    say: Callable[[str], None] = print
    extra: list[ProcessSpec] = field(default_factory=list)
    analysts: int = 0
    # More arguments of each headless lane's command line (``{lane_dir}``: its folder).
    lane_args: list[str] = field(default_factory=list)
    archive: LocalOrthanc | None = None
    schema: str = ""
    lane_db_url: str = ""
    processes: list[ProcessSpec] = field(default_factory=list)
    officer_password: str = ""

    def start(self) -> None:
        if self.lanes < 1:
            raise PostError(f"--lanes must be at least 1 (got {self.lanes})")
        if self.analysts < 0:
            raise PostError(f"--analysts must be 0 or more (got {self.analysts})")
        url = make_url(self.db_url)
        if not url.drivername.startswith("postgresql"):
            raise PostError(f"a post's lanes share a PostgreSQL database; {self.db_url!r} is "
                            f"{url.drivername}: give --db postgresql+psycopg://USER@HOST/DB")
        self.folder.mkdir(parents=True, exist_ok=True)
        os.environ[HOME_ENV] = str(self.folder)  # the post's own key signs its set-up
        self.archive = start_orthanc(self.folder / "archive")
        self.say(f"archive: Orthanc at {self.archive.url} (storage {self.folder / 'archive'})")
        self._make_schema()
        self.say(f"database: schema {self.schema} on "
                 f"{url.render_as_string(hide_password=True)}")
        for number in range(1, self.lanes + 1):
            lane_id = f"L{number}"
            file = lane_file(self.folder / "lanes" / lane_id, post=self.post, lane_id=lane_id,
                             db_url=self.lane_db_url, archive=self.archive, seed=number,
                             remote_analysis="all" if self.analysts else "off")
            # Each lane its own home: its drafts, and its own audit key (decision 0801).
            env = {HOME_ENV: str(file.parent / "home")}
            if self.gui and number == 1:
                argv = [sys.executable, "-m", "workstation", "run", "--config", str(file)]
                self.processes.append(ProcessSpec(f"lane {lane_id} (officer window)", argv, env))
            else:
                argv = [sys.executable, "-m", "workstation.post.lane_process", str(file),
                        *(a.format(lane_dir=file.parent) for a in self.lane_args)]
                self.processes.append(ProcessSpec(f"lane {lane_id} (headless)", argv, env))
        for number in range(1, self.analysts + 1):
            # An analyst's workstation: its own home (audit key) and image cache, the
            # post's archive for the operator TDRs it writes.
            desk = f"A{number}"
            file = lane_file(self.folder / "analysts" / desk, post=self.post, lane_id=desk,
                             db_url=self.lane_db_url, archive=self.archive, seed=number)
            argv = [sys.executable, "-m", "workstation.post.analyst_process", str(file),
                    analyst_name(number)]
            self.processes.append(ProcessSpec(f"analyst {desk} (headless)", argv,
                                              {HOME_ENV: str(file.parent / "home")}))
        self.processes.extend(self.extra)
        for spec in self.processes:
            log = (self.folder / "logs").joinpath(spec.name.split(" (")[0].replace(" ", "-")
                                                  + ".log")
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("ab") as sink:
                spec.process = subprocess.Popen(spec.argv, stdin=subprocess.DEVNULL,
                                                stdout=sink, stderr=subprocess.STDOUT,
                                                env={**os.environ, **spec.env},
                                                start_new_session=True)
            self.say(f"{spec.name}: pid {spec.process.pid}, log {log}")
        if self.gui:
            self.say(f"officer window: sign in as {OFFICER} with password "
                     f"{self.officer_password}")

    def _make_schema(self) -> None:
        self.schema = f"post_{secrets.token_hex(6)}"
        admin = make_engine(self.db_url)
        try:
            with admin.begin() as conn:
                conn.execute(text(f'create schema "{self.schema}"'))
        finally:
            admin.dispose()
        url = make_url(self.db_url).update_query_dict({"options": f"-csearch_path={self.schema}"})
        self.lane_db_url = url.render_as_string(hide_password=False)
        db = Database(make_engine(self.lane_db_url))
        try:
            db.upgrade()
            self.officer_password = secrets.token_urlsafe(12)
            from workstation.services import users

            with db.unit_of_work() as session:  # before the lanes start: no race to add it
                users.add_user(session, OFFICER, "officer", self.officer_password,
                               full_name="Post officer", actor="post")
                users.add_user(session, "demo-officer", "officer", secrets.token_urlsafe(16),
                               full_name="Demo officer", actor="post")
                for number in range(1, self.analysts + 1):
                    users.add_user(session, analyst_name(number), "analyst",
                                   secrets.token_urlsafe(16),
                                   full_name=f"Post analyst {number}", actor="post")
        finally:
            db.dispose()

    def running(self) -> list[ProcessSpec]:
        return [p for p in self.processes if p.process is not None and p.process.poll() is None]

    def wait(self) -> ProcessSpec:
        """Block until one of the post's processes ends (a signal handler may interrupt the
        wait by raising); returns the one that ended."""
        ended: list[ProcessSpec] = []
        done = threading.Event()

        def watch(spec: ProcessSpec) -> None:
            assert spec.process is not None
            spec.process.wait()
            ended.append(spec)
            done.set()

        for spec in self.processes:
            threading.Thread(target=watch, args=(spec,), name=f"watch-{spec.name}",
                             daemon=True).start()
        done.wait()
        return ended[0]

    def stop(self) -> None:
        """Stop every process (SIGTERM, SIGKILL after a while), the archive, the schema."""
        for spec in self.running():
            assert spec.process is not None
            spec.process.send_signal(signal.SIGTERM)
        for spec in self.processes:
            if spec.process is None:
                continue
            try:
                spec.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                spec.process.kill()
                spec.process.wait()
        if self.archive is not None:
            self.archive.stop()
        if self.schema and not self.keep:
            admin = make_engine(self.db_url)
            try:
                with admin.begin() as conn:
                    conn.execute(text(f'drop schema "{self.schema}" cascade'))
            finally:
                admin.dispose()
