"""The post's image archive: a client for Orthanc's REST API (stdlib ``urllib`` only).

API (stable; ``workstation.post.outbox`` and the analyst's tools build on it):

* :meth:`OrthancArchive.from_section` — the client for a lane's ``[archive]`` section, or
  None when the lane has no archive (``url`` empty).
* :meth:`OrthancArchive.store` ``(data | path) -> StoredInstance`` — ``POST /instances``.
  Storing an object the archive already has (same SOP Instance UID in the same study and
  series) is answered ``AlreadyStored`` with the same instance id: a retried push never
  makes a second copy.
* :meth:`OrthancArchive.find` ``(sop_instance_uid) -> str | None`` — the instance id
  (``POST /tools/lookup``).
* :meth:`OrthancArchive.fetch` ``(instance_id, sha256) -> bytes`` — the stored file
  (``GET /instances/{id}/file``), refused with :class:`ArchiveIntegrityError` unless it
  hashes to ``sha256`` (the record's hash, written when the lane stored the scan).
* :meth:`OrthancArchive.fetch_cached` ``(instance_id, sha256, store) -> Path`` — the same
  file kept in a workstation's content-addressed image store; later opens read the cache.
* :meth:`OrthancArchive.instance_ids` — every instance id (tests, benchmarks: duplicates).

Errors: :class:`ArchiveUnavailable` (cannot connect, timeout, HTTP 5xx: try again later),
:class:`ArchiveRefused` (HTTP 4xx: the request or the object is wrong; trying again will
not help), :class:`ArchiveIntegrityError` (the archive's copy does not match the record).
Every message names the archive's URL and what was asked.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from workstation.config import ArchiveSection
from workstation.scans.store import ImageStore, sha256_bytes

_CHUNK = 1 << 20  # bytes per read when hashing a file


class ArchiveError(Exception):
    """The archive could not do what was asked; the message names the archive and the ask."""


class ArchiveUnavailable(ArchiveError):
    """The archive cannot be reached or failed on its side (connection, timeout, 5xx)."""


class ArchiveRefused(ArchiveError):
    """The archive answered and refused (4xx): the same request will be refused again."""


class ArchiveIntegrityError(ArchiveError):
    """The archive's copy of an object does not hash to the record's SHA-256."""


@dataclass(frozen=True)
class StoredInstance:
    """The archive's answer to a store: its instance id and ``Success`` or ``AlreadyStored``."""

    instance_id: str
    status: str


class OrthancArchive:
    """One Orthanc server. Thread-safe: each call opens its own HTTP connection.

    ``timeout_s``: seconds one request may take (connect, and each read) before the archive
    counts as unavailable; ``ca_file``: PEM certificate authorities for an https URL.
    """

    def __init__(self, url: str, *, username: str = "", password: str = "",
                 ca_file: Path | None = None, timeout_s: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.timeout_s = timeout_s
        self._headers: dict[str, str] = {}
        if username:
            token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"
        context = None
        if self.url.startswith("https://"):
            context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
        self._opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=context))

    @classmethod
    def from_section(cls, section: ArchiveSection) -> OrthancArchive | None:
        """The client for ``[archive]``; None when the lane has no archive.

        Raises :class:`ArchiveError` naming the file when ``password_file`` cannot be read.
        """
        if section.url is None:
            return None
        password = section.password
        if section.password_file is not None:
            try:
                lines = section.password_file.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise ArchiveError(f"[archive] password_file {section.password_file}: cannot "
                                   f"read it: {exc.strerror}") from None
            password = lines[0] if lines else ""
        return cls(section.url, username=section.username, password=password,
                   ca_file=section.ca_file, timeout_s=section.timeout_s)

    # --- requests -------------------------------------------------------------------------

    def _request(self, method: str, path: str, *, body: bytes | BinaryIO | None = None,
                 length: int | None = None, content_type: str = "",
                 what: str) -> bytes:
        headers = dict(self._headers)
        if content_type:
            headers["Content-Type"] = content_type
        if length is not None:
            headers["Content-Length"] = str(length)
        request = urllib.request.Request(f"{self.url}{path}", data=body, method=method,
                                         headers=headers)
        try:
            with self._opener.open(request, timeout=self.timeout_s) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            detail = _orthanc_detail(exc)
            if exc.code >= 500:
                raise ArchiveUnavailable(f"archive {self.url}: {what}: HTTP {exc.code} "
                                         f"{detail}") from None
            raise ArchiveRefused(f"archive {self.url}: {what}: HTTP {exc.code} {detail}") from None
        except (http.client.HTTPException, OSError) as exc:  # URLError, timeouts, resets
            reason = getattr(exc, "reason", exc)
            raise ArchiveUnavailable(f"archive {self.url}: {what}: cannot reach it "
                                     f"({reason})") from None

    def _json(self, method: str, path: str, *, what: str, body: bytes | None = None) -> Any:
        data = self._request(method, path, body=body, what=what,
                             length=len(body) if body is not None else None,
                             content_type="text/plain" if body is not None else "")
        try:
            return json.loads(data)
        except ValueError:
            raise ArchiveUnavailable(f"archive {self.url}: {what}: the answer is not JSON "
                                     f"({data[:80]!r})") from None

    # --- the API --------------------------------------------------------------------------

    def system(self) -> dict[str, Any]:
        """The archive's ``/system`` (name, version): reachable and credentials accepted."""
        answer = self._json("GET", "/system", what="ask for its version")
        return dict(answer) if isinstance(answer, dict) else {}

    def store(self, source: bytes | memoryview | Path) -> StoredInstance:
        """Store one DICOM/DICOS object (bytes, or a file streamed from disk)."""
        what = f"store {source.name if isinstance(source, Path) else 'an object'}"
        if isinstance(source, Path):
            try:
                handle = source.open("rb")
            except OSError as exc:
                raise ArchiveError(f"{source}: cannot read the object to archive: "
                                   f"{exc.strerror}") from None
            with handle:
                size = source.stat().st_size
                data = self._request("POST", "/instances", body=handle, length=size,
                                     content_type="application/dicom", what=what)
        else:
            payload = bytes(source)
            data = self._request("POST", "/instances", body=payload, length=len(payload),
                                 content_type="application/dicom", what=what)
        try:
            answer = json.loads(data)
            return StoredInstance(str(answer["ID"]), str(answer.get("Status", "")))
        except (ValueError, KeyError, TypeError):
            raise ArchiveUnavailable(f"archive {self.url}: {what}: unexpected answer "
                                     f"{data[:120]!r}") from None

    def find(self, sop_instance_uid: str) -> str | None:
        """The archive's instance id of the object with this SOP Instance UID, or None."""
        answer = self._json("POST", "/tools/lookup", body=sop_instance_uid.encode("ascii"),
                            what=f"look up SOP Instance UID {sop_instance_uid}")
        for item in answer if isinstance(answer, list) else []:
            if isinstance(item, dict) and item.get("Type") == "Instance":
                return str(item["ID"])
        return None

    def fetch(self, instance_id: str, sha256: str) -> bytes:
        """The stored file of ``instance_id``, checked to hash to ``sha256`` (hex)."""
        _check_id(instance_id)
        data = self._request("GET", f"/instances/{instance_id}/file",
                             what=f"fetch instance {instance_id}")
        actual = sha256_bytes(data)
        if actual != sha256:
            raise ArchiveIntegrityError(
                f"archive {self.url}: instance {instance_id} hashes to sha256 {actual}, the "
                f"record says {sha256}: the archive's copy is not the scan recorded; not opened")
        return data

    def fetch_cached(self, instance_id: str, sha256: str, store: ImageStore,
                     suffix: str = ".dcm") -> Path:
        """The file of ``instance_id`` in ``store`` (this workstation's cache), fetched and
        hash-checked only when the cache does not already hold bytes hashing to ``sha256``."""
        cached = store.path_for(sha256, suffix)
        if cached.exists() and _file_sha256(cached) == sha256:
            return cached
        digest, path = store.put(self.fetch(instance_id, sha256), suffix)
        return path

    def instance_ids(self) -> list[str]:
        """Every instance id the archive holds (for checks and benchmarks; not for lanes)."""
        answer = self._json("GET", "/instances", what="list its instances")
        return [str(i) for i in answer] if isinstance(answer, list) else []

    def count(self, sop_instance_uid: str) -> int:
        """How many instances carry this SOP Instance UID (a duplicate check: 0 or 1)."""
        answer = self._json("POST", "/tools/lookup", body=sop_instance_uid.encode("ascii"),
                            what=f"look up SOP Instance UID {sop_instance_uid}")
        return sum(1 for i in answer if isinstance(i, dict) and i.get("Type") == "Instance") \
            if isinstance(answer, list) else 0


def _check_id(instance_id: str) -> None:
    if not instance_id or not all(c in "0123456789abcdef-" for c in instance_id):
        raise ArchiveRefused(f"{instance_id!r} is not an archive instance id (hex groups)")


def _orthanc_detail(exc: urllib.error.HTTPError) -> str:
    """Orthanc's own explanation of an error (``Message``, ``Details``), if it gave one."""
    try:
        body = json.loads(exc.read() or b"{}")
    except (ValueError, OSError):
        return str(exc.reason)
    if not isinstance(body, dict):
        return str(exc.reason)
    parts = [str(body.get(k)) for k in ("Message", "Details") if body.get(k)]
    return ": ".join(parts) or str(exc.reason)


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
