"""The supervisor's review: the values the review queue and the control dossier show, and
the typed events a :class:`workstation.lane.review.ReviewSession` publishes.

Like the lane's (:mod:`workstation.lane.events`), these are plain, immutable, detached
copies of the record, published to the same :class:`~workstation.lane.events.LaneEvents`
sink, and carry no text in one language: ``ReviewRow.four_eyes`` is a stable key
(``opened``, ``held``, ``recorded``) that the front end words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from workstation.lane.events import LaneEvent
from workstation.lane.types import (
    ModelFinding,
    ReadingSummary,
    ReferralRow,
    ScanRecord,
)


@dataclass(frozen=True)
class ReviewFilter:
    """What the review queue lists: closed controls awaiting review, narrowed by lane,
    officer (user name), period (``since`` .. ``until`` on the closing time, UTC), result
    code, irregular ones only, and ones returned once already (closed again after a return).
    Empty / None / False means no restriction."""

    lane: str = ""
    officer: str = ""
    since: datetime | None = None
    until: datetime | None = None
    result_code: str = ""
    irregular_only: bool = False
    returned_only: bool = False


@dataclass(frozen=True)
class ReviewRow:
    """One closed control awaiting review. ``age_s``: seconds since it was closed (at the
    time the queue was read). ``four_eyes``: why this reviewer may not review it
    (``opened``, ``held``, ``recorded``), None when they may."""

    control_id: str
    lane: str
    officer: str
    referral_id: str | None  # None: a random control
    channel: str  # the referral's channel; "" for a random control
    subject: str
    result_code: str
    irregularity: bool
    closed_at: datetime | None
    age_s: float
    returned_before: bool = False  # closed again after a supervisor returned it
    last_comment: str = ""  # the comment it was returned with
    four_eyes: str | None = None


@dataclass(frozen=True)
class TimelineEntry:
    """One audit event of a control (its own, its findings', evidence's, readings' and
    plate reads'): when (UTC), who, what (the audit action, e.g. ``control.close``)."""

    seq: int
    when: datetime
    actor: str
    action: str
    entity: str
    details: dict[str, Any]


@dataclass(frozen=True)
class SpectrumTrace:
    """One gamma spectrum to draw: ``counts`` per channel; ``energies_kev`` the energy of
    each channel (keV) from the file's calibration, None when it gives none (then the x axis
    is the channel number); ``live_time_s`` seconds, None when unknown."""

    counts: tuple[float, ...]
    energies_kev: tuple[float, ...] | None = None
    live_time_s: float | None = None
    detector: str = ""


@dataclass(frozen=True)
class NuclideId:
    """A nuclide the instrument identified: ``confidence`` 0..1, or the file's own word."""

    name: str
    confidence: float | str | None = None
    category: str = ""


@dataclass(frozen=True)
class ReadingEvidence(ReadingSummary):
    """A reading in the dossier: its values (substance, density, dose rate, ...) and, for a
    RIID whose N42 document was kept, the spectrum and the nuclides it identified.
    ``spectrum_problem``: why a kept document could not be drawn ("" when it could, or when
    there was none)."""

    reading_id: str = ""
    spectrum: SpectrumTrace | None = None
    nuclides: tuple[NuclideId, ...] = ()
    spectrum_problem: str = ""


@dataclass(frozen=True)
class ReviewSelectionSummary:
    """What the review policy decided at the control's latest closing: ``outcome``
    ``review`` or ``approved``; ``reason`` a key of
    :data:`workstation.services.review_policy.REASONS`; ``random_share`` and ``draw`` 0..1."""

    outcome: str
    reason: str
    random_share: float
    draw: float | None
    decided_at: datetime | None


@dataclass(frozen=True)
class SecondOpinionNote:
    """A supervisor's second-opinion note: who, when (UTC), what."""

    author: str
    written_at: datetime | None
    text: str


@dataclass(frozen=True)
class PlateReadSummary:
    """A plate or container read attached to a control: what the camera read, what the
    officer corrected it to (None when not corrected), and whether a frame is stored."""

    plate_read_id: str
    kind: str
    text: str
    corrected_text: str | None
    confidence: float
    camera: str
    valid: bool | None
    has_frame: bool
    note: str = ""
    box: tuple[int, ...] | None = None  # [x, y, w, h] of the read in frame pixels


@dataclass(frozen=True)
class SeizureSummary:
    description: str
    quantity: float
    unit: str
    hs_code: str | None
    value_eur: float | None


@dataclass(frozen=True)
class ReviewDossier:
    """Everything behind one control for its review. Times are UTC; ``minutes_spent`` in
    minutes; ``decided_by`` maps a finding key to the user name who accepted / rejected it."""

    control_id: str
    status: str
    lane: str
    officer: str
    subject: str
    referral: ReferralRow | None
    opened_at: datetime | None
    closed_at: datetime | None
    result_code: str
    result_label: str
    irregularity: bool
    control_types: tuple[str, ...]
    remarks: str
    minutes_spent: float | None
    seizures: tuple[SeizureSummary, ...]
    findings: tuple[ModelFinding, ...]
    decided_by: dict[str, str]
    scans: tuple[ScanRecord, ...]
    readings: tuple[ReadingEvidence, ...]
    plates: tuple[PlateReadSummary, ...]
    timeline: tuple[TimelineEntry, ...]
    review_comment: str = ""
    four_eyes: str | None = None
    selection: ReviewSelectionSummary | None = None
    second_opinions: tuple[SecondOpinionNote, ...] = ()
    reviewed_by: str = ""  # the approving supervisor, "policy", or "" while not approved


@dataclass(frozen=True)
class ReviewQueueChanged(LaneEvent):
    """The review queue as read now, oldest first, under ``filter``."""

    rows: tuple[ReviewRow, ...]
    filter: ReviewFilter


@dataclass(frozen=True)
class DossierOpened(LaneEvent):
    dossier: ReviewDossier


@dataclass(frozen=True)
class ControlReviewed(LaneEvent):
    """A control was approved (``approved``) or returned to its officer with ``comment``."""

    control_id: str
    approved: bool
    comment: str = ""


@dataclass(frozen=True)
class PlateFrameOpened(LaneEvent):
    """The camera frame (JPEG bytes, hash-checked, the view logged) a plate read of the open
    dossier was made on; ``jpeg`` None when it has none (never taken, or purged)."""

    plate_read_id: str
    jpeg: bytes | None


@dataclass(frozen=True)
class SecondOpinionAdded(LaneEvent):
    control_id: str
    text: str
