"""Backup and restore of a lane's own data: the embedded database, the image store, the
snapshot store and the audit keys with their chain-head anchors (decision 0901).

A backup is a folder::

    manifest.json        what was copied: version, schema revision, every file's sha256
    database.sqlite3     SQLite's online backup of the embedded database (consistent while
                         the application writes to it)
    audit/               hmac.key, keys/*.key, heads/*.log
    images/  snapshots/  the stores, file by file

Order matters while the lane runs. The audit folder is copied first: a head anchor is
appended after its commit, so an anchor copied before the database is never ahead of the
database's chain (an anchor ahead would read as deleted events). The stores are copied
last: an image is stored before the row that names it is committed, so every image the
copied database names is already there.

A shared PostgreSQL database is the post's to back up with its own tools (``pg_dump``); a
backup of a lane that uses one holds the keys, anchors and stores only, and says so.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workstation import __version__

MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
FORMAT = "inspection-workstation-backup/1"
PARTS = ("audit", "images", "snapshots")


class BackupError(Exception):
    """A backup or restore cannot be made; the message names the file or folder."""


@dataclass(frozen=True)
class LaneData:
    """Where a lane keeps what a backup holds. ``database``: the SQLite file, or None when
    the lane uses a server database (named by ``database_url``)."""

    database: Path | None
    database_url: str
    audit: Path
    images: Path
    snapshots: Path

    def folder(self, part: str) -> Path:
        return {"audit": self.audit, "images": self.images, "snapshots": self.snapshots}[part]


@dataclass
class BackupReport:
    """What a backup or restore did: ``files`` copied, ``bytes`` in total, ``notes`` for the
    user (what is not in it and why)."""

    folder: Path
    files: int = 0
    bytes: int = 0
    revision: str | None = None
    notes: list[str] = field(default_factory=list)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sqlite_online_backup(source: Path, target: Path, pages_per_step: int = 1024) -> None:
    """Copy the SQLite database ``source`` to ``target`` with SQLite's online backup API:
    a consistent copy while other connections write (``pages_per_step`` pages at a time,
    so a writer is not locked out for the whole copy)."""
    if not source.is_file():
        raise BackupError(f"database {source} does not exist")
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=pages_per_step)
            # One file, no -wal beside it: the copy is self-contained.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise BackupError(f"database {source}: online backup failed: {exc}") from None
    finally:
        src.close()


def sqlite_revision(path: Path) -> str | None:
    """The Alembic revision stamped in the SQLite file, None when it has none."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute("select version_num from alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return str(row[0]) if row else None


def _files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(p for p in folder.rglob("*") if p.is_file())


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target)


def backup(data: LaneData, out: Path) -> BackupReport:
    """Write a backup of ``data`` into the new or empty folder ``out``."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BackupError(f"--out {out}: give a new or empty folder (a backup never "
                          "overwrites another)")
    out.mkdir(parents=True, exist_ok=True)
    report = BackupReport(out)
    entries: dict[str, dict[str, Any]] = {}

    def add(relative: str, path: Path) -> None:
        size = path.stat().st_size
        entries[relative] = {"sha256": sha256_of(path), "bytes": size}
        report.files += 1
        report.bytes += size

    # 1. the audit keys and head anchors (before the database: see the module docstring)
    for path in _files(data.audit):
        relative = Path("audit") / path.relative_to(data.audit)
        _copy(path, out / relative)
        add(relative.as_posix(), out / relative)
    # 2. the database
    if data.database is not None:
        sqlite_online_backup(data.database, out / DATABASE)
        add(DATABASE, out / DATABASE)
        report.revision = sqlite_revision(out / DATABASE)
    else:
        report.notes.append(f"the database {data.database_url} is a server database: back it "
                            "up with the server's own tools (pg_dump, see installer/README.md)")
    # 3. the stores
    for part in ("images", "snapshots"):
        folder = data.folder(part)
        for path in _files(folder):
            relative = Path(part) / path.relative_to(folder)
            _copy(path, out / relative)
            add(relative.as_posix(), out / relative)
    manifest = {
        "format": FORMAT,
        "version": __version__,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": DATABASE if data.database is not None else None,
        "database_url": data.database_url if data.database is None else None,
        "revision": report.revision,
        "sources": {"database": str(data.database) if data.database else None,
                    **{part: str(data.folder(part)) for part in PARTS}},
        "files": entries,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                                encoding="utf-8")
    return report


def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder}: not a backup ({MANIFEST} is missing)") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path}: cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or \
            not isinstance(manifest.get("files"), dict):
        raise BackupError(f"{path}: not a backup manifest of this application ({FORMAT})")
    return manifest


def check_backup(folder: Path) -> list[str]:
    """Every file of the backup against its manifest's sha256 and size: the problems found
    (missing, altered, or not named in the manifest), empty when it is whole."""
    manifest = read_manifest(folder)
    problems: list[str] = []
    listed: dict[str, Any] = manifest["files"]
    for relative, entry in sorted(listed.items()):
        path = Path(folder) / relative
        if not path.is_file():
            problems.append(f"{relative}: missing")
        elif path.stat().st_size != entry.get("bytes") or sha256_of(path) != entry.get("sha256"):
            problems.append(f"{relative}: differs from the manifest (sha256 or size)")
    for path in _files(Path(folder)):
        relative = path.relative_to(folder).as_posix()
        if relative != MANIFEST and relative not in listed:
            problems.append(f"{relative}: not named in the manifest")
    return problems


def _restore_file(source: Path, target: Path, expected: str) -> None:
    """Copy through a temporary name, check the copy's hash, then move it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    temp = Path(temp_name)
    try:
        shutil.copy2(source, temp)
        if sha256_of(temp) != expected:
            raise BackupError(f"{target}: the restored copy differs from the backup's hash")
        os.replace(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def restore(folder: Path, data: LaneData, *,
            stamp: Callable[[], str] = lambda: datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            ) -> BackupReport:
    """Put the backup in ``folder`` in place of ``data``'s files.

    The backup is checked against its manifest first (nothing is touched when it is not
    whole); what the lane had is moved aside into ``replaced-<time>/`` beside the database
    (or the audit folder), never deleted; every restored file is checked against its hash.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    problems = check_backup(folder)
    if problems:
        raise BackupError(f"backup {folder} is not whole, nothing restored: "
                          + "; ".join(problems[:10]))
    has_db = manifest.get("database") is not None
    if has_db and data.database is None:
        raise BackupError(f"backup {folder} holds an embedded database but this lane uses "
                          f"{data.database_url}: restore it on a lane configured for SQLite")
    report = BackupReport(folder, revision=manifest.get("revision"))
    base = (data.database.parent if data.database is not None else data.audit.parent)
    aside = base / f"replaced-{stamp()}"
    moved: list[str] = []
    targets: list[tuple[str, Path]] = [(part, data.folder(part)) for part in PARTS]
    for part, target in targets:
        if target.exists():
            (aside / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(target), str(aside / part))
            moved.append(str(target))
    if data.database is not None:
        for suffix in ("", "-wal", "-shm"):
            current = Path(f"{data.database}{suffix}")
            if current.exists():
                aside.mkdir(parents=True, exist_ok=True)
                shutil.move(str(current), str(aside / current.name))
                moved.append(str(current))
    if moved:
        report.notes.append(f"what this lane had is kept in {aside}")
    for relative, entry in sorted(manifest["files"].items()):
        if relative == DATABASE:
            assert data.database is not None
            target = data.database
        else:
            part, _, rest = relative.partition("/")
            if part not in PARTS or not rest:
                raise BackupError(f"{folder}/{MANIFEST}: unexpected entry {relative!r}")
            target = data.folder(part) / rest
        _restore_file(folder / relative, target, str(entry["sha256"]))
        report.files += 1
        report.bytes += int(entry["bytes"])
    _owner_only_keys(data.audit)
    if not has_db:
        report.notes.append(f"the backup holds no database (it was {manifest.get('database_url')}"
                            "): restore the server's database with its own tools")
    return report


def _owner_only_keys(audit: Path) -> None:
    """Keys are readable by their owner only (the audit key check refuses others)."""
    if os.name != "posix" or not audit.is_dir():
        return
    audit.chmod(0o700)
    for path in audit.rglob("*"):
        path.chmod(0o700 if path.is_dir() else 0o600)
