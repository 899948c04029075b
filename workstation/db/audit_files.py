"""What the audit trail keeps outside the database: its HMAC key and its chain-head anchor.

* **Key** (``<audit dir>/hmac.key``): 32 random bytes as hex, created on first start or
  ``workstation db upgrade`` when absent, with owner-only permissions (0600, folder 0700).
  Every event is chained with HMAC-SHA256 under it, so an event written with the
  application's own code but without the key does not verify. A key is named by its *key
  id* (16 hex digits of a hash of the key: names it, reveals nothing), stored on each
  event. Keys of other lanes that write to the same post database are copied into
  ``<audit dir>/keys/*.key`` so this lane can check their events as well.
* **Head anchor** (``<audit dir>/heads/<database id>.log``): one line ``seq hash time`` per
  commit that added audit events, appended after the commit. A database whose chain ends
  before the newest anchored head lost its newest events (deleted together with their
  rows, say), which nothing inside the database can show.

The post archive is the second anchor the design names (a copy out of this machine's
reach); it is not built yet: :data:`EXTRA_ANCHORS` is where it will be attached.

The audit directory is :func:`workstation.paths.audit_dir` (``$WORKSTATION_HOME/audit`` in
tests) unless a :class:`~workstation.db.engine.Database` is given another.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from workstation.db.engine import DatabaseError

log = logging.getLogger(__name__)

KEY_FILE = "hmac.key"
OTHER_KEYS = "keys"
HEADS = "heads"
KEY_BYTES = 32
TAIL_BYTES = 64 * 1024  # how much of an anchor file verification reads (about 700 heads)


class AuditKeyError(DatabaseError):
    """The audit key is missing, unreadable, malformed or readable by others; says which file."""


@dataclass(frozen=True)
class AuditKey:
    key_id: str
    secret: bytes = field(repr=False)


def key_id_of(secret: bytes) -> str:
    """16 hex digits naming a key (a one-way hash of it: the id reveals nothing of the key)."""
    return hashlib.sha256(b"workstation audit key id\0" + secret).hexdigest()[:16]


def _owner_only(path: Path) -> None:
    # POSIX modes only: on Windows the user profile's ACLs keep the folder private.
    if os.name == "nt":
        return
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise AuditKeyError(f"audit key {path} can be read by other accounts (mode "
                            f"{stat.S_IMODE(mode):04o}): run `chmod 600 {path}`")


def _read_key(path: Path) -> AuditKey:
    try:
        _owner_only(path)
        raw = path.read_text(encoding="ascii").strip()
        secret = bytes.fromhex(raw)
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditKeyError(f"audit key {path} cannot be read: {exc}") from None
    except ValueError:
        raise AuditKeyError(f"audit key {path} is not a hex key (one line of "
                            f"{2 * KEY_BYTES} hex digits)") from None
    if len(secret) < 16:
        raise AuditKeyError(f"audit key {path} is too short ({len(secret)} bytes, need 32)")
    return AuditKey(key_id_of(secret), secret)


def _create_key(path: Path) -> AuditKey:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    secret = secrets.token_bytes(KEY_BYTES)
    try:
        # O_EXCL: two processes starting at once keep one key (the loser reads the winner's).
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secret.hex() + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    log.info("created audit key %s (key id %s)", path, key_id_of(secret))
    return AuditKey(key_id_of(secret), secret)


class Keyring:
    """The lane's signing key and the other keys it verifies with, from one audit folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._signing: AuditKey | None = None
        self._others: dict[str, AuditKey] | None = None

    @property
    def key_path(self) -> Path:
        return self.folder / KEY_FILE

    def signing_key(self) -> AuditKey:
        """This lane's key, created (0600) when absent."""
        with self._lock:
            if self._signing is None:
                path = self.key_path
                self._signing = _read_key(path) if path.exists() else _create_key(path)
            return self._signing

    def ensure(self) -> AuditKey:
        return self.signing_key()

    def get(self, key_id: str) -> AuditKey | None:
        """The key named ``key_id``: this lane's or one under ``keys/``; None when not held."""
        if self.key_path.exists():
            own = self.signing_key()
            if own.key_id == key_id:
                return own
        with self._lock:
            if self._others is None or key_id not in self._others:
                self._others = {}
                for file in sorted((self.folder / OTHER_KEYS).glob("*.key")):
                    key = _read_key(file)
                    self._others[key.key_id] = key
            return self._others.get(key_id)


_KEYRINGS: dict[Path, Keyring] = {}
_KEYRINGS_LOCK = threading.Lock()


def keyring(folder: Path) -> Keyring:
    """One keyring per audit folder in this process (keys are read once)."""
    folder = Path(folder).expanduser().resolve()
    with _KEYRINGS_LOCK:
        ring = _KEYRINGS.get(folder)
        if ring is None:
            ring = _KEYRINGS[folder] = Keyring(folder)
        return ring


# --- chain-head anchor ---------------------------------------------------------------------


@dataclass(frozen=True)
class AnchoredHead:
    seq: int
    hash: str
    at: str  # ISO 8601 UTC, as written
    line: int  # line number in the file, for messages


class HeadAnchor:
    """An append-only file of chain heads for one database (``seq hash time`` per line)."""

    def __init__(self, path: Path, identity: str) -> None:
        self.path = Path(path)
        self.identity = identity

    def append(self, seq: int, hash_: str, at: datetime) -> None:
        """Add one head. O_APPEND with one short write, so lines of concurrent writers never
        interleave. Not fsync'ed: a head lost to a power cut leaves the anchor *behind* the
        database, which verification accepts; it can never make it ahead."""
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.fstat(fd).st_size == 0:
                os.write(fd, f"# audit chain heads of {self.identity}\n".encode())
            os.write(fd, f"{seq} {hash_} {at.isoformat()}\n".encode())
        finally:
            os.close(fd)

    def tail(self, limit_bytes: int = TAIL_BYTES) -> tuple[list[AnchoredHead], list[str]]:
        """The heads in the file's last ``limit_bytes`` bytes, and lines that did not parse."""
        if not self.path.exists():
            return [], []
        size = self.path.stat().st_size
        with self.path.open("rb") as handle:
            start = max(0, size - limit_bytes)
            handle.seek(start)
            data = handle.read()
        lines = data.decode("utf-8", "replace").split("\n")
        first_line = 1
        if start > 0:
            lines = lines[1:]  # the first piece is the end of a line cut in half
            first_line = -1  # line numbers unknown in a cut file
        heads: list[AnchoredHead] = []
        bad: list[str] = []
        for offset, line in enumerate(lines):
            if not line.strip() or line.startswith("#"):
                continue
            number = first_line + offset if first_line > 0 else -1
            parts = line.split()
            try:
                if len(parts) != 3 or len(parts[1]) != 64:
                    raise ValueError
                heads.append(AnchoredHead(int(parts[0]), parts[1], parts[2], number))
            except ValueError:
                bad.append(line[:120])
        return heads, bad


def database_identity(session: Session) -> str | None:
    """A name for the database behind ``session`` (file, or server + database + schema);
    None for an in-memory SQLite database, which has nothing to anchor."""
    bind = session.get_bind()
    if bind.dialect.name == "sqlite":
        rows = session.execute(text("PRAGMA database_list")).all()
        main = next((row[2] for row in rows if row[1] == "main"), "")
        return f"sqlite:{Path(main).resolve()}" if main else None
    row = session.execute(text(
        "select current_database(), current_schema(), inet_server_addr()::text, "
        "inet_server_port()")).one()
    host = row[2] or bind.engine.url.host or "local"
    return f"{bind.dialect.name}://{host}:{row[3]}/{row[0]}#{row[1]}"


def anchor_for(folder: Path, identity: str) -> HeadAnchor:
    name = hashlib.sha256(identity.encode()).hexdigest()[:20]
    return HeadAnchor(Path(folder) / HEADS / f"{name}.log", identity)


# Further anchors called after every commit that added events: (identity, seq, hash, time).
# The post archive anchor (a copy out of this machine's reach) is to be attached here; none
# is configured yet.
EXTRA_ANCHORS: list[Callable[[str, int, str, datetime], Any]] = []
