"""Files written whole or not at all: a crash or a full disk never leaves half an export."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes | memoryview) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder (fsync, then
    rename over the target); the folder is created when missing. OSError says what failed;
    the temporary file is removed then."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
