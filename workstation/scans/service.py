"""Service functions: keep a scan (file + row), open it again verified, import a file.

``save_scan`` and ``open_scan`` take the database and the image store explicitly so the
persistence writer, the CLI and tests share them; pass ``session`` to make saving part of a
larger unit of work (a control result and its evidence commit in one transaction).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from workstation.config import WorkstationConfig
from workstation.db.engine import Database
from workstation.db.lookup import IdLookupError, find_by_id
from workstation.db.models import Scan
from workstation.imaging.scan import DualEnergyScan
from workstation.scans.dicos import encode_dicos, read_dicos
from workstation.scans.importers import DEFAULT_MAX_PIXELS, read_scan_file
from workstation.scans.store import ImageStore, ScanIntegrityError
from workstation.services import audit

if TYPE_CHECKING:
    from workstation.post.archive import OrthancArchive

ROW_KINDS = ("parcel", "cargo", "test-piece", "imported")


class ScanNotFound(LookupError):
    """No scan with that id in the database."""


def store_for(config: WorkstationConfig) -> ImageStore:
    return ImageStore(config.storage.image_store)


def row_kind(kind: str) -> str:
    """The ``scans.kind`` value for a scene or source kind (cargo-mixed -> cargo)."""
    base = "cargo" if kind.startswith("cargo") else kind
    if base not in ROW_KINDS:
        raise ValueError(f"scan kind {kind!r} not known; use one of {', '.join(ROW_KINDS)} "
                         "(or a cargo-* scene kind)")
    return base


def save_scan(db: Database, store: ImageStore, scan: DualEnergyScan, *, kind: str,
              device: str = "", complete: bool = True, incomplete_reason: str = "",
              acquired_at: datetime | None = None, retention_days: int | None = None,
              session: Session | None = None, scan_id: uuid.UUID | None = None,
              actor: str = "system", archive_origin: str | None = None) -> Scan:
    """Write ``scan`` as DICOS into the store and add its row; returns the (flushed) row.

    The row is audited (``scan.store``, with its state: the file's sha256 among it), so a
    file replaced later, even with the row's hash updated to match, fails ``audit verify``.

    ``scan_id``: the id the scan already carries (the lane gives each acquisition its id
    when it starts streaming, so events, row and DICOS file share it); a new one otherwise.

    ``archive_origin``: the lane (``post/lane``, ``workstation.post.outbox.origin_for``) when
    it has an image archive: the scan goes into the archive outbox in the same transaction.
    """
    if not complete and not incomplete_reason:
        raise ValueError("an incomplete scan needs the reason it is incomplete")
    when = (acquired_at or datetime.now(UTC)).astimezone(UTC)
    scan_id = scan_id or uuid.uuid4()
    meta = {**scan.meta, "scene_kind": kind, "pixel_mm": scan.pixel_mm,
            "energy_pair": scan.energy_pair}
    data = encode_dicos(scan, kind=kind, device=device, acquired_at=when, scan_id=str(scan_id))
    digest, path = store.put(data)
    row = Scan(id=scan_id, sha256=digest, path=str(path), kind=row_kind(kind), rows=scan.lines,
               columns=scan.pixels, energies=2 if scan.dual else 1, complete=complete,
               incomplete_reason=incomplete_reason, device=device[:128], meta=meta,
               acquired_at=when,
               purge_after=when + timedelta(days=retention_days) if retention_days is not None else None)
    details = {"sha256": digest, "kind": row.kind, "device": row.device}
    if session is not None:
        _keep(session, row, actor, details, archive_origin)
        return row
    with db.unit_of_work() as own:
        _keep(own, row, actor, details, archive_origin)
    return row


def _keep(session: Session, row: Scan, actor: str, details: dict[str, str],
          archive_origin: str | None) -> None:
    session.add(row)
    session.flush()
    audit.record(session, actor, "scan.store", "scan", row.id, details, state=row)
    if archive_origin is not None:
        from workstation.post.outbox import enqueue_scan

        enqueue_scan(session, row, archive_origin)


def open_scan(db: Database, store: ImageStore, scan_id: uuid.UUID | str, *,
              archive: OrthancArchive | None = None) -> tuple[Scan, DualEnergyScan]:
    """The row and the decoded scan; raises ScanIntegrityError if the file's hash changed.

    The file is read where the lane that stored it keeps it, else from this workstation's
    store (``store``: its cache), else, with ``archive``, fetched from the post's archive,
    hash-checked against the record and cached in ``store``. A scan not here and not (yet)
    in the archive raises :class:`ScanNotFound` saying so.
    """
    with db.unit_of_work() as session:
        try:
            row = find_by_id(session, Scan, scan_id, what="scan")
        except IdLookupError as exc:
            raise ScanNotFound(str(exc)) from None
        if row is None:
            raise ScanNotFound(f"no scan with id {scan_id}")
        session.expunge(row)
        archived = None
        if archive is not None and not Path(row.path).exists() \
                and not store.path_for(row.sha256).exists():
            from workstation.post.outbox import archived_scan

            archived = archived_scan(session, row.id)
    path = Path(row.path)
    if not path.exists():
        path = store.path_for(row.sha256)
    if not path.exists() and archive is not None:
        if archived is None:
            raise ScanNotFound(f"scan {row.id} is not on this workstation and not yet in the "
                               "post's archive (the lane that took it has not pushed it)")
        path = _fetch(archive, archived.instance_id, row.sha256, store)
    data = store.read_verified(path, row.sha256)
    return row, read_dicos(data, name=str(path))


def _fetch(archive: OrthancArchive, instance_id: str, sha256: str, store: ImageStore) -> Path:
    from workstation.post.archive import ArchiveError, ArchiveIntegrityError

    try:
        return archive.fetch_cached(instance_id, sha256, store)
    except ArchiveIntegrityError as exc:
        raise ScanIntegrityError(str(exc)) from None
    except ArchiveError as exc:
        raise ScanNotFound(f"scan not on this workstation, and {exc}") from None


def import_scan_file(db: Database, store: ImageStore, path: Path, *, device: str = "import",
                     retention_days: int | None = None,
                     max_pixels: int = DEFAULT_MAX_PIXELS) -> Scan:
    """Read an outside file (DICOS/DICOM, TIFF, PNG), keep it as DICOS, add its row.

    ``max_pixels``: most pixels per image (``[imports] max_scan_megapixels``), checked from
    the file's header before anything is decoded; over it, :class:`UnsupportedScanFile`.
    """
    scan = read_scan_file(path, max_pixels=max_pixels)
    kind = str(scan.meta.get("scene_kind", "imported"))
    try:
        row_kind(kind)
    except ValueError:
        kind = "imported"
    scan.meta.setdefault("source_file", Path(path).name)
    return save_scan(db, store, scan, kind=kind, device=device, retention_days=retention_days)
