"""Storing a camera's plate or container-code reading with its snapshot (personal data).

The frame the reading came from is kept as a JPEG in ``storage.snapshots``, content-addressed
and written atomically like scans; the read gets ``purge_after`` from the retention settings
(:func:`workstation.services.privacy.purge_after_for`, for information), and
:func:`workstation.services.privacy.purge` removes both once the read is older than the
retention configured at purge time — unless a control holds the read as evidence.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from workstation.config import RetentionSection
from workstation.db.models import PlateRead
from workstation.db.text import check_column_text
from workstation.scans.store import ImageStore
from workstation.services import audit
from workstation.services.privacy import purge_after_for


@dataclass(frozen=True)
class PlateReadIn:
    """One reading. ``confidence`` 0..1; ``box`` ``[x, y, w, h]`` in frame pixels;
    ``snapshot_jpeg`` the frame it was read on (None when the camera gave none)."""

    kind: str  # plate | container
    text: str
    confidence: float
    camera: str = ""
    valid: bool | None = None
    box: Sequence[int] | None = None
    corrected_text: str | None = None
    snapshot_jpeg: bytes | None = None


def record_plate_read(session: Session, read: PlateReadIn, *, snapshot_dir: Path,
                      retention: RetentionSection, actor: str,
                      now: datetime | None = None) -> PlateRead:
    """Add the read (and write its snapshot) in ``session``'s transaction."""
    if read.kind not in ("plate", "container"):
        raise ValueError(f"plate read kind {read.kind!r} is not plate or container")
    for what, attr, value in (("plate read text", PlateRead.text, read.text),
                              ("corrected plate text", PlateRead.corrected_text,
                               read.corrected_text or ""),
                              ("camera name", PlateRead.camera, read.camera)):
        check_column_text(attr, value, what)  # TextRuleError is a ValueError
    when = now or datetime.now(UTC)
    digest = path = None
    if read.snapshot_jpeg:
        digest, stored = ImageStore(snapshot_dir).put(read.snapshot_jpeg, suffix=".jpg")
        path = str(stored)
    row = PlateRead(id=uuid.uuid4(), kind=read.kind, text=read.text,
                    confidence=float(read.confidence), valid=read.valid, camera=read.camera,
                    box=list(read.box) if read.box else None, snapshot_path=path,
                    snapshot_sha256=digest, corrected_text=read.corrected_text, read_at=when,
                    purge_after=purge_after_for(when, retention))
    session.add(row)
    session.flush()
    audit.record(session, actor, "plate_read.store", "plate_read", row.id,
                 {"kind": read.kind, "camera": read.camera, "snapshot": bool(path),
                  "corrected": read.corrected_text is not None})
    return row
