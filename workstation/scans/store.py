"""Content-addressed image store: ``<root>/<sha[:2]>/<sha>.dcm``, written atomically.

Atomic write: a temporary file in the target folder, flushed and fsync'ed, renamed over the
final name, then the folder itself fsync'ed, so after a power cut either the whole file is
there or none of it. Reading recomputes the SHA-256 and refuses a file whose bytes changed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from workstation.atomic_file import write_atomically


class ScanIntegrityError(Exception):
    """A stored scan file no longer has the content hash recorded for it."""


def sha256_bytes(data: bytes | memoryview) -> str:
    return hashlib.sha256(data).hexdigest()


class ImageStore:
    """Files under ``root`` named by the SHA-256 of their bytes."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str, suffix: str = ".dcm") -> Path:
        return self.root / sha256[:2] / f"{sha256}{suffix}"

    def put(self, data: bytes | memoryview, suffix: str = ".dcm") -> tuple[str, Path]:
        """Store ``data``; returns (sha256, path). Storing the same bytes twice is a no-op."""
        digest = sha256_bytes(data)
        final = self.path_for(digest, suffix)
        if final.exists() and sha256_bytes(final.read_bytes()) == digest:
            return digest, final
        write_atomically(final, data)
        _fsync_dir(final.parent)
        return digest, final

    def read_verified(self, path: Path, expected_sha256: str) -> bytes:
        """The file's bytes, after checking they still hash to ``expected_sha256``."""
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise ScanIntegrityError(f"{path}: scan file is missing from the image store "
                                     f"(expected sha256 {expected_sha256})") from None
        actual = sha256_bytes(data)
        if actual != expected_sha256:
            raise ScanIntegrityError(
                f"{path}: content hash mismatch: recorded sha256 {expected_sha256}, file now "
                f"hashes to {actual}; the file was altered or damaged and is not opened")
        return data


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory for fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
