"""The lane's record as SQLAlchemy 2 typed ORM tables.

Keys are UUIDs made by the client, so lanes can work offline and merge later without
clashes. Times are timezone-aware UTC. JSON columns hold small structured values whose
shape is documented where they are written. Every change of a referral, control or
result writes an :class:`AuditEvent` in the same transaction (see
``workstation.services.audit``).
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from workstation.domain.vocab import (
    ROLES,
    AnalysisStatus,
    AnalystOutcome,
    ControlStatus,
    FindingDecision,
    FindingSource,
    ReferralStatus,
    one_of,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> uuid.UUID:
    return uuid.uuid4()


def new_ids(count: int) -> list[uuid.UUID]:
    """``count`` random (version 4) UUIDs from one read of the OS random source.

    Bulk paths make tens of thousands of keys; one ``os.urandom`` call instead of one per key
    keeps key generation out of the profile.
    """
    raw = os.urandom(16 * count)
    return [uuid.UUID(bytes=raw[i:i + 16], version=4) for i in range(0, 16 * count, 16)]


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend.

    PostgreSQL keeps the zone; SQLite stores text without it, so values read back are
    marked UTC here, and naive values are refused on the way in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give a timezone-aware UTC time")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {
        datetime: UtcDateTime(),
        uuid.UUID: Uuid(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
    }


def table_of(model: type[Base]) -> Table:
    """The table ``model`` is mapped to, for Core bulk statements (``insert(table_of(M))``
    takes column names and skips the ORM's per-row work)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a single table")
    return table


def _pk() -> Mapped[uuid.UUID]:
    return mapped_column(Uuid(), primary_key=True, default=new_id)


# --- organisation -----------------------------------------------------------------------


class Post(Base):
    """A border post (customs office), e.g. ``NL-ROT-01``."""

    __tablename__ = "posts"
    id: Mapped[uuid.UUID] = _pk()
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")


class Lane(Base):
    """An inspection lane at a post."""

    __tablename__ = "lanes"
    __table_args__ = (UniqueConstraint("post_id", "code"),)
    id: Mapped[uuid.UUID] = _pk()
    post_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("posts.id"))
    code: Mapped[str] = mapped_column(String(32))
    post: Mapped[Post] = relationship()


class User(Base):
    """A person who logs in. ``role`` is one of :data:`~workstation.domain.vocab.ROLES`
    (officer, supervisor, technician, admin, analyst), checked by the database."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(one_of("role", ROLES), name="role"),)
    id: Mapped[uuid.UUID] = _pk()
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class LoginAttempt(Base):
    """One login attempt, kept in the database so that every lane sharing it counts the same
    failures (``workstation.services.users.login``). ``username`` is what was typed (the
    account need not exist); ``host`` the machine's name; ``outcome`` ok, failed or locked
    (refused unverified while a lockout runs, not counted as a failure)."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_username_at", "username", "attempted_at"),
                      Index("ix_login_attempts_host_at", "host", "attempted_at"))
    id: Mapped[uuid.UUID] = _pk()
    username: Mapped[str] = mapped_column(String(64))
    host: Mapped[str] = mapped_column(String(255))
    lane: Mapped[str] = mapped_column(String(32), default="")
    outcome: Mapped[str] = mapped_column(String(8))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- referrals ----------------------------------------------------------------------------


class Referral(Base):
    """A risk referral sent by a risk-management system (format ``referral/1``)."""

    __tablename__ = "referrals"
    __table_args__ = (CheckConstraint(one_of("status", ReferralStatus), name="status"),)
    id: Mapped[uuid.UUID] = _pk()
    referral_id: Mapped[str] = mapped_column(String(64), unique=True)
    source: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[datetime]
    mrn: Mapped[str | None] = mapped_column(String(18), index=True)
    declaration_type: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(8))
    priority: Mapped[int] = mapped_column(Integer)
    deadline: Mapped[datetime | None]
    lane: Mapped[str | None] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), default=ReferralStatus.QUEUED.value)
    content_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)

    risk_profiles: Mapped[list[ReferralRiskProfile]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralRiskProfile.position"
    )
    instructions: Mapped[list[ControlInstruction]] = relationship(
        cascade="all, delete-orphan", order_by="ControlInstruction.position"
    )
    transport_ids: Mapped[list[TransportIdentity]] = relationship(
        cascade="all, delete-orphan", order_by="TransportIdentity.position"
    )
    goods: Mapped[list[GoodsItem]] = relationship(
        cascade="all, delete-orphan", order_by="GoodsItem.position"
    )


class ReferralRiskProfile(Base):
    __tablename__ = "referral_risk_profiles"
    id: Mapped[uuid.UUID] = _pk()
    referral_pk: Mapped[uuid.UUID] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(64), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    risk_area: Mapped[str] = mapped_column(String(32))


class ControlInstruction(Base):
    __tablename__ = "control_instructions"
    id: Mapped[uuid.UUID] = _pk()
    referral_pk: Mapped[uuid.UUID] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    control_type: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")


class TransportIdentity(Base):
    """A plate, ISO 6346 container number or parcel id named by a referral (normalised)."""

    __tablename__ = "transport_identities"
    __table_args__ = (Index("ix_transport_identities_kind_value", "kind", "value"),)
    id: Mapped[uuid.UUID] = _pk()
    referral_pk: Mapped[uuid.UUID] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # plate | container | parcel
    value: Mapped[str] = mapped_column(String(64))


class GoodsItem(Base):
    __tablename__ = "goods_items"
    id: Mapped[uuid.UUID] = _pk()
    referral_pk: Mapped[uuid.UUID] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    hs_code: Mapped[str | None] = mapped_column(String(10))
    origin: Mapped[str | None] = mapped_column(String(2))
    declared_value_eur: Mapped[float | None] = mapped_column(Float)
    gross_mass_kg: Mapped[float | None] = mapped_column(Float)


# --- controls -----------------------------------------------------------------------------


class Control(Base):
    """One control of one vehicle, parcel or container at a lane.

    ``status`` (:class:`~workstation.domain.vocab.ControlStatus`) runs open → resulted →
    closed → approved, with ``returned`` (sent back by a supervisor) going back to
    resulted; a CHECK constraint keeps any other word out. ``referral_pk`` is empty for a
    random control.
    """

    __tablename__ = "controls"
    __table_args__ = (CheckConstraint(one_of("status", ControlStatus), name="status"),)
    id: Mapped[uuid.UUID] = _pk()
    referral_pk: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("referrals.id"), index=True)
    post: Mapped[str] = mapped_column(String(32))
    lane: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    random: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str] = mapped_column(String(64), default="")
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None] = mapped_column(index=True)
    reviewed_at: Mapped[datetime | None]
    reviewer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    review_comment: Mapped[str] = mapped_column(Text, default="")

    referral: Mapped[Referral | None] = relationship()
    officer: Mapped[User | None] = relationship(foreign_keys=[officer_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    result: Mapped[ControlResult | None] = relationship(back_populates="control", uselist=False)
    evidence: Mapped[list[Evidence]] = relationship(order_by="Evidence.attached_at")
    findings: Mapped[list[Finding]] = relationship(order_by="Finding.created_at")
    review_selections: Mapped[list[ReviewSelection]] = relationship(
        order_by="ReviewSelection.decided_at", viewonly=True)
    second_opinions: Mapped[list[SecondOpinion]] = relationship(
        order_by="SecondOpinion.written_at", viewonly=True)


class ControlHandover(Base):
    """A control handed from the officer holding it to another officer, who may then record
    and close it (``workstation.services.controls.hand_over``). The holder of a control is
    the ``to_user`` of its latest hand-over, else the officer who opened it."""

    __tablename__ = "control_handovers"
    id: Mapped[uuid.UUID] = _pk()
    control_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("controls.id"), index=True)
    from_user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    to_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    by_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    handed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")


REVIEW_OUTCOMES = ("review", "approved")


class ReviewSelection(Base):
    """What the post's review policy decided when a control was closed
    (``workstation.services.review_policy``): ``outcome`` ``review`` (to a supervisor) or
    ``approved`` (by the policy); ``reason`` a stable key (irregular, rejected-alarm,
    returned-before, random, not-drawn, all). ``random_share`` (0..1) is the policy in force;
    ``draw`` (0..1) the control's reproducible draw, None when no draw was needed. One row
    per closing (a returned control closed again is decided again)."""

    __tablename__ = "review_selections"
    __table_args__ = (CheckConstraint(one_of("outcome", REVIEW_OUTCOMES), name="outcome"),)
    id: Mapped[uuid.UUID] = _pk()
    control_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("controls.id"), index=True)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(32))
    random_share: Mapped[float] = mapped_column(Float)
    draw: Mapped[float | None] = mapped_column(Float)


class SecondOpinion(Base):
    """A supervisor's second-opinion note on a control: recorded, audited and exported with
    the results (``workstation.services.second_opinions``)."""

    __tablename__ = "second_opinions"
    id: Mapped[uuid.UUID] = _pk()
    control_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("controls.id"), index=True)
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    written_at: Mapped[datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text)

    author: Mapped[User] = relationship()


class ControlResult(Base):
    """The officer's result: a reference-data code, control types performed, free text."""

    __tablename__ = "control_results"
    id: Mapped[uuid.UUID] = _pk()
    control_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("controls.id"), unique=True)
    code: Mapped[str] = mapped_column(String(8))
    irregularity: Mapped[bool] = mapped_column(Boolean)
    control_types: Mapped[list[Any]] = mapped_column(JSON)
    remarks: Mapped[str] = mapped_column(Text, default="")
    minutes_spent: Mapped[float | None] = mapped_column(Float)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    control: Mapped[Control] = relationship(back_populates="result")
    seizures: Mapped[list[Seizure]] = relationship(
        cascade="all, delete-orphan", order_by="Seizure.position"
    )


class Seizure(Base):
    __tablename__ = "seizures"
    id: Mapped[uuid.UUID] = _pk()
    result_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("control_results.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    hs_code: Mapped[str | None] = mapped_column(String(10))
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(16))
    value_eur: Mapped[float | None] = mapped_column(Float)


class Finding(Base):
    """Something found during a control: written by the officer or proposed by a model.

    ``source`` is ``officer``, ``model`` or ``rule`` (an alarm rule on a handheld reading,
    see ``workstation.services.alarm_rules``). For model findings the model's name, version
    and sha256, the label, score (0..1) and region (``[x, y, w, h]`` in scan pixels) are
    kept, and ``decision`` records the officer's accept / reject (``pending`` until then;
    a control with a pending finding is not closed). ``updated_at`` is set when a later
    reading repeated a rule finding and updated it in place. Source and decision are
    checked by the database (:class:`~workstation.domain.vocab.FindingSource`,
    :class:`~workstation.domain.vocab.FindingDecision`).
    """

    __tablename__ = "findings"
    __table_args__ = (CheckConstraint(one_of("source", FindingSource), name="source"),
                      CheckConstraint(one_of("decision", FindingDecision), name="decision"))
    id: Mapped[uuid.UUID] = _pk()
    control_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("controls.id"), index=True)
    scan_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("scans.id"))
    source: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(64))
    description: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float)
    region: Mapped[list[Any] | None] = mapped_column(JSON)
    model_name: Mapped[str | None] = mapped_column(String(64))
    model_version: Mapped[str | None] = mapped_column(String(32))
    model_sha256: Mapped[str | None] = mapped_column(String(64))
    decision: Mapped[str] = mapped_column(String(16), default=FindingDecision.PENDING.value)
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime | None]


# --- evidence -----------------------------------------------------------------------------


class Scan(Base):
    """An x-ray scan image kept as a content-addressed file (``sha256``) in the image store.

    ``complete`` is false when the transfer broke off; ``incomplete_reason`` says why.
    ``meta`` holds acquisition parameters (energies in keV, line rate, pixel pitch, ...).
    """

    __tablename__ = "scans"
    id: Mapped[uuid.UUID] = _pk()
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # parcel | cargo | test-piece | imported
    rows: Mapped[int] = mapped_column(Integer)
    columns: Mapped[int] = mapped_column(Integer)
    energies: Mapped[int] = mapped_column(Integer)
    complete: Mapped[bool] = mapped_column(Boolean, default=True)
    incomplete_reason: Mapped[str] = mapped_column(Text, default="")
    device: Mapped[str] = mapped_column(String(128), default="")
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    acquired_at: Mapped[datetime] = mapped_column(default=utcnow)
    purge_after: Mapped[datetime | None]


class DeviceReading(Base):
    """A reading from a handheld or fixed instrument (RIID, substance id, density, barcode).

    ``values`` maps a quantity name to ``{"value": number|str, "unit": str}``;
    ``raw_document`` keeps the instrument's own bytes (for a RIID: its N42.42 XML).
    """

    __tablename__ = "device_readings"
    id: Mapped[uuid.UUID] = _pk()
    device_kind: Mapped[str] = mapped_column(String(16))
    device_name: Mapped[str] = mapped_column(String(64))
    device_identity: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    raw_document: Mapped[bytes | None] = mapped_column(LargeBinary)
    raw_media_type: Mapped[str | None] = mapped_column(String(64))
    alarms: Mapped[list[Any]] = mapped_column(JSON, default=list)


class PlateRead(Base):
    """A plate or container-code reading from a lane camera (personal data: retention applies)."""

    __tablename__ = "plate_reads"
    id: Mapped[uuid.UUID] = _pk()
    kind: Mapped[str] = mapped_column(String(16))  # plate | container
    text: Mapped[str] = mapped_column(String(32))
    confidence: Mapped[float] = mapped_column(Float)
    valid: Mapped[bool | None] = mapped_column(Boolean)
    camera: Mapped[str] = mapped_column(String(64), default="")
    box: Mapped[list[Any] | None] = mapped_column(JSON)
    snapshot_path: Mapped[str | None] = mapped_column(Text)
    snapshot_sha256: Mapped[str | None] = mapped_column(String(64))
    corrected_text: Mapped[str | None] = mapped_column(String(32))
    read_at: Mapped[datetime] = mapped_column(default=utcnow)
    purge_after: Mapped[datetime | None] = mapped_column(index=True)


class Evidence(Base):
    """Links a control to one piece of evidence: a scan, a device reading or a plate read.

    Exactly one of ``scan_id``, ``reading_id``, ``plate_read_id`` is set, matching ``kind``.
    """

    __tablename__ = "evidence"
    id: Mapped[uuid.UUID] = _pk()
    control_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("controls.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # scan | reading | plate_read | document
    scan_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("scans.id"))
    reading_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("device_readings.id"))
    plate_read_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("plate_reads.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    attached_at: Mapped[datetime] = mapped_column(default=utcnow)
    attached_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    scan: Mapped[Scan | None] = relationship()
    reading: Mapped[DeviceReading | None] = relationship()
    plate_read: Mapped[PlateRead | None] = relationship()


class DeviceCheck(Base):
    """A technician's check or calibration record (check source, image-quality test, ...)."""

    __tablename__ = "device_checks"
    id: Mapped[uuid.UUID] = _pk()
    device_name: Mapped[str] = mapped_column(String(64))
    check_kind: Mapped[str] = mapped_column(String(32))
    passed: Mapped[bool] = mapped_column(Boolean)
    measured: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    expected: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    performed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    performed_at: Mapped[datetime] = mapped_column(default=utcnow)


DEVICE_EVENTS = ("connecting", "connected", "degraded", "lost", "error", "out_of_service",
                 "in_service")


class DeviceEvent(Base):
    """One step of a device's health history on one lane (``event`` one of
    :data:`DEVICE_EVENTS`): connects, losses and errors as the host saw them, and the
    technician's out-of-service / back-in-service (``actor`` set). The availability per day
    is derived from these rows (``workstation.services.device_health``)."""

    __tablename__ = "device_events"
    __table_args__ = (CheckConstraint(one_of("event", DEVICE_EVENTS), name="event"),
                      Index("ix_device_events_lane_device_at", "lane", "device_name",
                            "occurred_at"))
    id: Mapped[uuid.UUID] = _pk()
    lane: Mapped[str] = mapped_column(String(32))
    device_name: Mapped[str] = mapped_column(String(64))
    device_kind: Mapped[str] = mapped_column(String(32))
    event: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(String(500), default="")
    actor: Mapped[str | None] = mapped_column(String(64))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- audit --------------------------------------------------------------------------------


class AuditEvent(Base):
    """One append-only, hash-chained audit entry.

    ``hash = HMAC-SHA256(key, prev_hash || canonical JSON of the entry)``; ``seq`` orders
    the chain; ``key_id`` names the key (kept outside the database), empty for events
    written before the chain was keyed (plain sha256).
    """

    __tablename__ = "audit_events"
    id: Mapped[uuid.UUID] = _pk()
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str | None] = mapped_column(String(16))


# --- the post's image archive (issue 16) ----------------------------------------------------


class ArchiveOutbox(Base):
    """One DICOS object (a scan or a TDR) owed to the post's image archive
    (``workstation.post.outbox``), written in the same transaction as the scan or the TDR.

    ``origin`` is ``post/lane`` of the lane whose image store holds the file (``path``,
    ``sha256``), so only that lane pushes it. ``sop_instance_uid`` is unique: one object,
    one row, however often it is enqueued or pushed. Pending while ``pushed_at`` is null;
    ``next_attempt_at`` (UTC) is when the pusher tries again after ``attempts`` failed or
    made tries (backoff), ``last_error`` the archive's last refusal or outage. Once pushed,
    ``archive_instance_id`` is the archive's id of the object (Orthanc: a 44-character
    SHA-1 in five dashed groups), by which any workstation of the post fetches it.
    """

    __tablename__ = "archive_outbox"
    __table_args__ = (CheckConstraint("kind IN ('scan', 'tdr')", name="kind"),
                      Index("ix_archive_outbox_origin_pushed_at_next_attempt_at", "origin",
                            "pushed_at", "next_attempt_at"))
    id: Mapped[uuid.UUID] = _pk()
    kind: Mapped[str] = mapped_column(String(8))
    sop_instance_uid: Mapped[str] = mapped_column(String(64), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text)
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    origin: Mapped[str] = mapped_column(String(64))
    scan_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("scans.id"), index=True)
    control_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("controls.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    pushed_at: Mapped[datetime | None]
    archive_instance_id: Mapped[str | None] = mapped_column(String(64))


# --- remote image analysis (issue 16) -------------------------------------------------------


class AnalysisRequest(Base):
    """A scan of an open control in the post's remote-analysis queue
    (``workstation.services.remote_analysis``): one row per scan, oldest ``queued_at`` first.

    ``status`` (:class:`~workstation.domain.vocab.AnalysisStatus`) runs queued → claimed →
    decided. A claim belongs to ``claimed_by`` until ``lease_until`` (UTC); past it, or
    released, the scan is queued again for any analyst. ``reason`` says why the lane sent it
    (``all``, ``red``, ``alarm``: the lane's ``[analysis] remote`` setting). The decision:
    ``outcome`` (:class:`~workstation.domain.vocab.AnalystOutcome`), the analyst's ``note``,
    and ``regions``, a list of ``{"category", "note", "box": [x, y, w, h]}`` in scan pixels,
    each also stored as an ``analyst`` finding of the control; ``tdr_uid`` the SOP Instance
    UID of the operator TDR written for it.
    """

    __tablename__ = "analysis_requests"
    __table_args__ = (CheckConstraint(one_of("status", AnalysisStatus), name="status"),
                      CheckConstraint(one_of("outcome", AnalystOutcome), name="outcome"),
                      Index("ix_analysis_requests_status_queued_at", "status", "queued_at"))
    id: Mapped[uuid.UUID] = _pk()
    scan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("scans.id"), unique=True)
    control_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("controls.id"), index=True)
    post: Mapped[str] = mapped_column(String(32))
    lane: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=AnalysisStatus.QUEUED.value)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime | None]
    lease_until: Mapped[datetime | None]
    decided_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    regions: Mapped[list[Any]] = mapped_column(JSON, default=list)
    tdr_uid: Mapped[str | None] = mapped_column(String(64))


# --- reporting facts (issue 12, speed) --------------------------------------------------------


# The summed measures of a fact, carried by the covering grouping indexes below.
FACT_MEASURES = ("irregular", "random", "with_scan", "seizures", "seizure_value_eur")


class ControlFact(Base):
    """One finished control (closed or approved) as the performance figures read it: a narrow
    row derived from the control, its result, referral, evidence, seizures and audit trail by
    :func:`workstation.services.control_facts.refresh`, in the transaction that closes,
    reviews or returns the control (a returned control has no row until closed again).

    Derived, so not audited: :func:`~workstation.services.control_facts.rebuild` writes the
    whole table again from the record. Flags (``irregular``, ``random`` ...) are 0/1
    integers so that they sum on every backend. Minutes are floats (``control_minutes``:
    opened → first closed; ``waiting_minutes``: referral issued → opened, None for a random
    control); ``day`` is the UTC day of ``closed_at`` as ``YYYY-MM-DD``.
    """

    __tablename__ = "control_facts"
    # closed_at leads for a period, lane for one lane's; the value-first ones let SQLite read
    # a percentile's few rows in value order instead of sorting the period's facts.
    __table_args__ = (
        Index("ix_control_facts_lane_closed_at", "lane", "closed_at"),
        Index("ix_control_facts_control_minutes", "control_minutes", "closed_at", "lane"),
        Index("ix_control_facts_waiting_minutes", "waiting_minutes", "closed_at", "lane"),
        Index("ix_control_facts_awaiting", "awaiting", "closed_at", "lane"),
        # Covering, grouping key first: SQLite reads a grouping in key order from the index
        # alone instead of sorting the period's facts (a year: 0.26 s -> 0.07 s per officer).
        Index("ix_control_facts_officer", "officer_id", "closed_at", "lane", *FACT_MEASURES),
        Index("ix_control_facts_day", "day", "closed_at", "lane", "irregular"),
        Index("ix_control_facts_combined", "post", "lane", "channel", "code", "closed_at",
              *FACT_MEASURES),
    )
    control_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("controls.id", ondelete="CASCADE"), primary_key=True)
    post: Mapped[str] = mapped_column(String(32))
    lane: Mapped[str] = mapped_column(String(32))
    officer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid())
    referral_pk: Mapped[uuid.UUID | None] = mapped_column(Uuid())
    channel: Mapped[str | None] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(8))
    irregular: Mapped[int] = mapped_column(Integer)
    random: Mapped[int] = mapped_column(Integer)
    with_scan: Mapped[int] = mapped_column(Integer)
    seizures: Mapped[int] = mapped_column(Integer)
    seizure_value_eur: Mapped[float] = mapped_column(Float)
    approved_by_supervisor: Mapped[int] = mapped_column(Integer)
    approved_by_policy: Mapped[int] = mapped_column(Integer)
    awaiting: Mapped[int] = mapped_column(Integer)
    returned: Mapped[int] = mapped_column(Integer)
    deadline_set: Mapped[int] = mapped_column(Integer)
    deadline_met: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime | None]
    closed_at: Mapped[datetime] = mapped_column(index=True)
    first_closed_at: Mapped[datetime]
    day: Mapped[str] = mapped_column(String(10))
    control_minutes: Mapped[float | None] = mapped_column(Float)
    waiting_minutes: Mapped[float | None] = mapped_column(Float)


class ControlFactKey(Base):
    """A finished control under one key of a many-valued grouping: ``dimension``
    ``control_type`` (each type performed), ``risk_area`` and ``risk_profile`` (each distinct
    one of its referral) and ``hs_chapter`` (the first two digits of its seized goods' HS
    codes, "" without one; ``seizures`` and ``seizure_value_eur`` are then that chapter's
    items only). The control's other measures and ``closed_at``/``lane`` are copied so that
    a grouping reads this table alone. Written and deleted with its :class:`ControlFact`.
    """

    __tablename__ = "control_fact_keys"
    # The key leads the primary key and SQLite keeps the rows in its order (no rowid), so a
    # grouping reads them in group order without sorting; control_id's own index serves
    # the refresh of one control.
    __table_args__ = (PrimaryKeyConstraint("dimension", "key", "control_id"),
                      {"sqlite_with_rowid": False})
    dimension: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    control_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("control_facts.control_id", ondelete="CASCADE"), index=True)
    lane: Mapped[str] = mapped_column(String(32))
    closed_at: Mapped[datetime] = mapped_column(index=True)
    irregular: Mapped[int] = mapped_column(Integer)
    random: Mapped[int] = mapped_column(Integer)
    with_scan: Mapped[int] = mapped_column(Integer)
    seizures: Mapped[int] = mapped_column(Integer)
    seizure_value_eur: Mapped[float] = mapped_column(Float)


class ReferralFactKey(Base):
    """A referral under one key of a grouping of the referrals received (issued): its
    ``lane`` ("" when it names none), ``channel``, and each distinct ``risk_area`` and
    ``risk_profile``. Written by :func:`workstation.services.control_facts.refresh_referrals`
    in the transaction that imports or amends the referral; derived, not audited."""

    __tablename__ = "referral_fact_keys"
    __table_args__ = (PrimaryKeyConstraint("dimension", "key", "referral_pk"),
                      {"sqlite_with_rowid": False})
    dimension: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(64))
    referral_pk: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    lane: Mapped[str] = mapped_column(String(32))
    issued_at: Mapped[datetime] = mapped_column(index=True)
