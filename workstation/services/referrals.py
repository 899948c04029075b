"""Referral intake: a whole file in one transaction, idempotent on re-import.

Rows are written with bulk ``INSERT ... VALUES`` executemany through the ORM session
(not one ORM object per row) so that 10,000 referrals import in about the time of a bare
Core bulk insert; see ``workstation bench db``.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, selectinload

from workstation.db.models import (
    AuditEvent,
    Base,
    ControlInstruction,
    GoodsItem,
    Referral,
    ReferralRiskProfile,
    TransportIdentity,
    new_ids,
    table_of,
    utcnow,
)
from workstation.domain.vocab import ReferralStatus
from workstation.formats.referrals import ReferralFileError, ReferralIn, ReferralProblem
from workstation.services import audit, control_facts

_CHUNK = 500


@dataclass
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    referral_ids: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.rejected} rejected")


@dataclass
class _Rows:
    referrals: list[dict[str, Any]] = field(default_factory=list)
    profiles: list[dict[str, Any]] = field(default_factory=list)
    instructions: list[dict[str, Any]] = field(default_factory=list)
    transport: list[dict[str, Any]] = field(default_factory=list)
    goods: list[dict[str, Any]] = field(default_factory=list)


def child_count(ref: ReferralIn) -> int:
    """Rows a referral adds to the child tables (risk profiles, instructions, ids, goods)."""
    return (len(ref.risk_profiles) + len(ref.control_instructions) + len(ref.transport.plates)
            + len(ref.transport.containers) + len(ref.transport.parcel_ids) + len(ref.goods))


def referral_rows(ref: ReferralIn, pk: uuid.UUID, content_sha256: str, now: Any,
                  ids: Iterator[uuid.UUID] | None = None
                  ) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Every column of the referral row and of its child rows (complete, for audit hashes)."""
    row = {
        "id": pk, "referral_id": ref.referral_id, "source": ref.source,
        "issued_at": ref.issued_at, "mrn": ref.mrn, "declaration_type": ref.declaration_type,
        "channel": ref.channel, "priority": ref.priority, "deadline": ref.deadline,
        "lane": ref.lane, "status": ReferralStatus.QUEUED, "content_sha256": content_sha256,
        "imported_at": now,
    }
    transport_values = [("plate", v) for v in ref.transport.plates]
    transport_values += [("container", v) for v in ref.transport.containers]
    transport_values += [("parcel", v) for v in ref.transport.parcel_ids]
    if ids is None:
        ids = iter(new_ids(child_count(ref)))
    profiles = [
        {"id": next(ids), "referral_pk": pk, "position": i, "code": p.code,
         "description": p.description, "risk_area": p.risk_area}
        for i, p in enumerate(ref.risk_profiles)
    ]
    instructions = [
        {"id": next(ids), "referral_pk": pk, "position": i, "control_type": c.type,
         "text": c.text}
        for i, c in enumerate(ref.control_instructions)
    ]
    transport = [
        {"id": next(ids), "referral_pk": pk, "position": i, "kind": kind, "value": value}
        for i, (kind, value) in enumerate(transport_values)
    ]
    goods = [
        {"id": next(ids), "referral_pk": pk, "position": i, "description": g.description,
         "hs_code": g.hs_code, "origin": g.origin, "declared_value_eur": g.declared_value_eur,
         "gross_mass_kg": g.gross_mass_kg}
        for i, g in enumerate(ref.goods)
    ]
    return row, {"risk_profiles": profiles, "instructions": instructions,
                 "transport_ids": transport, "goods": goods}


def _existing(session: Session, ids: Sequence[str]) -> dict[str, tuple[uuid.UUID, str, str]]:
    found: dict[str, tuple[uuid.UUID, str, str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        for pk, rid, digest, status in session.execute(
            select(Referral.id, Referral.referral_id, Referral.content_sha256, Referral.status)
            .where(Referral.referral_id.in_(chunk))
        ):
            found[rid] = (pk, digest, status)
    return found


def _bulk(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table_of(model)), rows)


def _claim_queued(session: Session, pks: Sequence[uuid.UUID], file: str,
                  referrals: Sequence[ReferralIn]) -> None:
    """Lock the referrals to be amended while they are still queued, or refuse the file.

    The statuses read at the start may be stale: a lane may open one of these referrals
    between that read and this write. A no-op conditional update (``status`` stays queued,
    only where it is queued) takes each row's write lock on PostgreSQL, so an opener waits
    for this import to commit and then opens the amended version; a referral opened first
    no longer matches, the row count falls short, and nothing of the file is written, as
    for an amendment of a referral found under control at the start. SQLite serialises
    writers (``BEGIN IMMEDIATE``), so there the count always matches the read.
    """
    claimed: set[uuid.UUID] = set()
    for start in range(0, len(pks), _CHUNK):
        chunk = list(pks[start:start + _CHUNK])
        claimed.update(session.scalars(
            update(Referral).where(Referral.id.in_(chunk),
                                   Referral.status == ReferralStatus.QUEUED)
            .values(status=ReferralStatus.QUEUED).returning(Referral.id)
            .execution_options(synchronize_session=False)))
    lost = [pk for pk in pks if pk not in claimed]
    if not lost:
        return
    index = {r.referral_id: i for i, r in enumerate(referrals, start=1)}
    now_taken = session.execute(select(Referral.referral_id, Referral.status)
                                .where(Referral.id.in_(lost))).all()
    raise ReferralFileError([ReferralProblem(
        file, index.get(rid), rid, "(referral)",
        f"was opened by a lane during this import and is now {status}: an amendment "
        "is only accepted while the referral is queued") for rid, status in now_taken])


def import_referrals(session: Session, referrals: Sequence[ReferralIn], *, file: str,
                     actor: str = "system") -> ImportSummary:
    """Import validated referrals in ``session``'s transaction.

    New referrals are inserted; a re-sent identical referral changes nothing; an amended one
    replaces the stored version while it is still queued. An amendment of a referral that is
    already under control is a problem, and then nothing of the file is written.
    """
    summary = ImportSummary()
    existing = _existing(session, [r.referral_id for r in referrals])
    problems: list[ReferralProblem] = []
    rows = _Rows()
    events: list[tuple[str, str, str, str, dict[str, Any]]] = []
    amended: list[uuid.UUID] = []
    now = utcnow()
    fresh_ids = iter(new_ids(len(referrals)))
    child_ids = iter(new_ids(sum(child_count(r) for r in referrals)))
    for index, ref in enumerate(referrals, start=1):
        digest = ref.content_sha256()
        known = existing.get(ref.referral_id)
        if known is not None and known[1] == digest:
            summary.unchanged += 1
            continue
        if known is not None and known[2] != ReferralStatus.QUEUED:
            problems.append(ReferralProblem(
                file, index, ref.referral_id, "(referral)",
                f"was already imported with other content and is now {known[2]}: an amendment "
                "is only accepted while the referral is queued"))
            continue
        pk = known[0] if known else next(fresh_ids)
        row, children = referral_rows(ref, pk, digest, now, child_ids)
        rows.referrals.append(row)
        rows.profiles += children["risk_profiles"]
        rows.instructions += children["instructions"]
        rows.transport += children["transport_ids"]
        rows.goods += children["goods"]
        content = {k: v for k, v in row.items() if k != "status"}
        content.update(children)
        action = "referral.amend" if known else "referral.import"
        events.append((actor, action, "referral", str(pk), {
            "referral_id": ref.referral_id, "file": file,
            "states": [["referral", str(pk), audit.content_hash(content)],
                       ["referral_status", str(pk),
                        audit.referral_status_hash(pk, ReferralStatus.QUEUED)]]}))
        if known:
            amended.append(pk)
            summary.updated += 1
        else:
            summary.new += 1
        summary.referral_ids.append(ref.referral_id)
    if problems:
        raise ReferralFileError(problems)
    if amended:
        _claim_queued(session, amended, file, referrals)
        for model in (ReferralRiskProfile, ControlInstruction, TransportIdentity, GoodsItem):
            session.execute(delete(model).where(model.referral_pk.in_(amended)))
        amended_set = set(amended)
        updates = [r for r in rows.referrals if r["id"] in amended_set]
        session.execute(update(Referral), updates)
        rows.referrals = [r for r in rows.referrals if r["id"] not in amended_set]
    _bulk(session, Referral, rows.referrals)
    _bulk(session, ReferralRiskProfile, rows.profiles)
    _bulk(session, ControlInstruction, rows.instructions)
    _bulk(session, TransportIdentity, rows.transport)
    _bulk(session, GoodsItem, rows.goods)
    _bulk(session, AuditEvent, audit.writer_for(session).rows(events))
    # The figures' referrals received, in this transaction (new and amended ones).
    control_facts.refresh_referrals(session, [r["id"] for r in rows.referrals] + amended)
    return summary


def set_statuses(session: Session, pks: Sequence[uuid.UUID], status: str
                 ) -> dict[uuid.UUID, str]:
    """Set the status of many referrals; returns each one's audited status hash."""
    if pks:
        session.execute(update(Referral), [{"id": pk, "status": status} for pk in pks])
    return {pk: audit.referral_status_hash(pk, status) for pk in pks}


def find_referral(session: Session, referral_id: str) -> Referral:
    referral = session.scalar(
        select(Referral).where(Referral.referral_id == referral_id).options(
            selectinload(Referral.risk_profiles), selectinload(Referral.instructions),
            selectinload(Referral.transport_ids), selectinload(Referral.goods)))
    if referral is None:
        raise LookupError(f"no referral {referral_id!r} (see `workstation referrals list`)")
    return referral


def list_referrals(session: Session, *, lane: str | None = None,
                   status: str | None = ReferralStatus.QUEUED,
                   search: str | None = None, limit: int | None = None) -> list[Referral]:
    """Referrals ordered for the lane queue: priority (1 = most urgent), deadline, issue time.

    A referral without a lane is offered to every lane of the post.
    """
    query = select(Referral).options(
        selectinload(Referral.risk_profiles), selectinload(Referral.instructions),
        selectinload(Referral.transport_ids))
    if lane is not None:
        query = query.where((Referral.lane == lane) | (Referral.lane.is_(None)))
    if status is not None:
        query = query.where(Referral.status == status)
    if search:
        like = f"%{search.upper()}%"
        query = query.where(
            Referral.referral_id.ilike(like) | Referral.mrn.ilike(like)
            | Referral.id.in_(select(TransportIdentity.referral_pk)
                              .where(TransportIdentity.value.like(like))))
    query = query.order_by(Referral.priority, Referral.deadline.is_(None), Referral.deadline,
                           Referral.issued_at)
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def referral_summary(referral: Referral) -> dict[str, Any]:
    """A JSON-ready view of a stored referral (for listings and exports)."""
    return {
        "referral_id": referral.referral_id,
        "status": referral.status,
        "channel": referral.channel,
        "priority": referral.priority,
        "mrn": referral.mrn,
        "lane": referral.lane,
        "issued_at": referral.issued_at.isoformat(),
        "deadline": referral.deadline.isoformat() if referral.deadline else None,
        "risk_profiles": [p.code for p in referral.risk_profiles],
        "control_instructions": [{"type": c.control_type, "text": c.text}
                                 for c in referral.instructions],
        "transport": [{"kind": t.kind, "value": t.value} for t in referral.transport_ids],
    }
