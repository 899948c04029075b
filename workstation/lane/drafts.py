"""Result drafts on disk, so a crash of the application loses nothing the officer typed.

One JSON file per user under ``<WORKSTATION_HOME>/drafts/``, replaced atomically (write a
temporary file, fsync, rename, fsync the folder): after a kill at any instant the file is
either the previous draft or the new one, never half of each.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from workstation import paths
from workstation.lane.types import ResultDraft


class DraftError(Exception):
    """A draft file exists but cannot be read; the message names the file."""


def drafts_dir() -> Path:
    return paths.home() / "drafts"


def draft_path(username: str) -> Path:
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", username) or "_"
    return drafts_dir() / f"{safe}.json"


def save_draft(username: str, draft: ResultDraft) -> Path:
    """Write ``draft`` for ``username`` atomically; returns the file written."""
    target = draft_path(username)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".json.tmp")
    data = json.dumps({"format": "result-draft/1", "draft": draft.to_json()}, indent=1)
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    if hasattr(os, "O_DIRECTORY"):
        fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return target


def load_draft(username: str) -> ResultDraft | None:
    """The draft left by ``username``'s last session, or None when there is none."""
    file = draft_path(username)
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise DraftError(f"{file}: draft cannot be read ({exc}); it was kept for inspection") from None
    if raw.get("format") != "result-draft/1" or not isinstance(raw.get("draft"), dict):
        raise DraftError(f"{file}: not a result draft (format {raw.get('format')!r})")
    try:
        return ResultDraft.from_json(raw["draft"])
    except TypeError as exc:
        raise DraftError(f"{file}: draft has unexpected fields: {exc}") from None


def discard_draft(username: str) -> None:
    """Remove the draft once its result is committed (missing file is fine)."""
    draft_path(username).unlink(missing_ok=True)
