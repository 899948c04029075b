"""A local Orthanc for one machine: its own storage folder, JSON configuration and free port.

API (used by ``workstation post start`` and by the tests' ``orthanc`` fixture):

* :func:`orthanc_binary` — the ``Orthanc`` executable (``$ORTHANC_BINARY``, ``PATH``,
  ``/usr/sbin/Orthanc``) or None; :data:`INSTALL_HINT` says how to install it.
* :func:`start_orthanc` ``(folder, *, port=None, ...) -> LocalOrthanc`` — writes
  ``folder/orthanc.json``, starts the server with its storage and index in ``folder/storage``,
  and returns once Orthanc says it has started (its log line), or raises
  :class:`OrthancStartError` with the log's last lines.
* :class:`LocalOrthanc` — ``url``, ``archive()`` (an :class:`OrthancArchive` with the
  credentials), ``stop()`` (SIGTERM, then SIGKILL), ``kill()`` (SIGKILL, for fault tests),
  ``restart()`` (the same folder, port and credentials: the stored objects are still there),
  ``section()`` (the lane's ``[archive]`` for it).

The server is this process's child and answers on 127.0.0.1 only unless ``remote_access``;
its DICOM port is off (lanes speak REST). ``UnknownSopClassAccepted`` lets DICOS classes in.
Orthanc's log goes to ``folder/orthanc.log``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from workstation.config import ArchiveSection
from workstation.post.archive import OrthancArchive

BINARY_ENV = "ORTHANC_BINARY"
INSTALL_HINT = ("install the Orthanc DICOM server: `sudo apt-get install orthanc` (Debian, "
                "Ubuntu), or set $ORTHANC_BINARY to its executable")
_STARTED = "Orthanc has started"
START_TIMEOUT_S = 60.0  # Orthanc loads its DICOM dictionaries at start: ~0.1 s, slow disks more
_PORT_TRIES = 5  # a free port taken by someone else between choosing and binding: choose again


class OrthancStartError(RuntimeError):
    """Orthanc is not installed, or did not start; the message says why and what to do."""


def orthanc_binary() -> Path | None:
    """The Orthanc executable, or None when it is not installed."""
    chosen = os.environ.get(BINARY_ENV)
    if chosen:
        return Path(chosen) if Path(chosen).is_file() else None
    found = shutil.which("Orthanc")
    if found:
        return Path(found)
    default = Path("/usr/sbin/Orthanc")
    return default if default.is_file() else None


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS's choice on 127.0.0.1)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class LocalOrthanc:
    """A running local Orthanc (see the module docstring). ``folder`` holds everything."""

    folder: Path
    port: int
    username: str
    password: str
    remote_access: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _log_tail: deque[str] = field(default_factory=lambda: deque(maxlen=20), repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def archive(self, *, timeout_s: float = 10.0) -> OrthancArchive:
        return OrthancArchive(self.url, username=self.username, password=self.password,
                              timeout_s=timeout_s)

    def section(self, **overrides: float) -> ArchiveSection:
        """The ``[archive]`` section a lane uses for this server (``overrides``: timings)."""
        return ArchiveSection.model_validate({"url": self.url, "username": self.username,
                                              "password": self.password, **overrides})

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def _config(self) -> dict[str, object]:
        storage = self.folder / "storage"
        return {
            "Name": f"post-archive-{self.port}",
            "StorageDirectory": str(storage),
            "IndexDirectory": str(storage),
            "StorageCompression": False,  # the file served back is byte for byte the one stored
            "HttpPort": self.port,
            "RemoteAccessAllowed": self.remote_access,
            "AuthenticationEnabled": True,
            "RegisteredUsers": {self.username: self.password},
            "DicomServerEnabled": False,
            "UnknownSopClassAccepted": True,
            "OverwriteInstances": False,  # a retried push never replaces what is stored
            "Plugins": [],
            "OrthancExplorerEnabled": False,
            "WebDavEnabled": False,
            "HttpCompressionEnabled": False,
            "SaveJobs": False,
            "ConcurrentJobs": 1,
        }

    def _launch(self, binary: Path, timeout_s: float) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "orthanc.json"
        config.write_text(json.dumps(self._config(), indent=2), encoding="utf-8")
        config.chmod(0o600)  # it holds the archive's password
        started = threading.Event()
        process = subprocess.Popen([str(binary), str(config)], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   cwd=self.folder, start_new_session=True)
        self.process = process
        log = self.folder / "orthanc.log"

        def pump() -> None:
            # Orthanc logs to stderr; its "has started" line is the readiness signal, and the
            # rest goes to the log file (the pipe must be drained or Orthanc would block).
            assert process.stderr is not None
            with log.open("ab") as sink:
                for raw in process.stderr:
                    sink.write(raw)
                    sink.flush()
                    line = raw.decode("utf-8", "replace").rstrip()
                    self._log_tail.append(line)
                    if _STARTED in line:
                        started.set()
            started.set()  # the process ended: stop waiting

        threading.Thread(target=pump, name=f"orthanc-log-{self.port}", daemon=True).start()
        if not started.wait(timeout_s) or process.poll() is not None:
            self.stop()
            tail = "\n".join(self._log_tail) or "(no output)"
            raise OrthancStartError(f"Orthanc on port {self.port} did not start within "
                                    f"{timeout_s:g} s (log {log}):\n{tail}")

    def stop(self, timeout_s: float = 20.0) -> None:
        """Stop the server (SIGTERM, SIGKILL after ``timeout_s``); nothing when stopped."""
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.process = None

    def kill(self) -> None:
        """End the server at once (SIGKILL), mid-request if one is running: a crash."""
        process = self.process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        self.process = None

    def restart(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Start it again on the same folder and port (what it stored is still there)."""
        self.stop()
        binary = orthanc_binary()
        if binary is None:
            raise OrthancStartError(f"the Orthanc server is not installed: {INSTALL_HINT}")
        self._launch(binary, timeout_s)


def start_orthanc(folder: Path, *, port: int | None = None, username: str = "post",
                  password: str | None = None, remote_access: bool = False,
                  timeout_s: float = START_TIMEOUT_S) -> LocalOrthanc:
    """Start a local Orthanc in ``folder`` (created) on ``port`` (None: a free one)."""
    binary = orthanc_binary()
    if binary is None:
        raise OrthancStartError(f"the Orthanc server is not installed: {INSTALL_HINT}")
    secret = password if password is not None else secrets.token_urlsafe(16)
    tries = 1 if port is not None else _PORT_TRIES
    last: OrthancStartError | None = None
    for _ in range(tries):
        server = LocalOrthanc(Path(folder), port if port is not None else free_port(), username,
                              secret, remote_access)
        try:
            server._launch(binary, timeout_s)
            return server
        except OrthancStartError as exc:
            last = exc
    assert last is not None
    raise last
