"""Plain, Qt-free values the lane view shows and edits.

They are detached copies of database rows and device events, so widgets never hold ORM
objects (which would lazily hit the database from the main thread).
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

SEIZURE_UNITS: tuple[str, ...] = ("kg", "g", "l", "pieces", "cartons", "packs", "EUR")


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    username: str
    full_name: str
    role: str  # officer | supervisor | technician | admin


@dataclass(frozen=True)
class ReferralRow:
    """One referral in the lane queue. ``priority`` 1 is the most urgent."""

    pk: uuid.UUID
    referral_id: str
    priority: int
    deadline: datetime | None
    channel: str
    mrn: str | None
    risk_profiles: tuple[str, ...]
    instructions: tuple[str, ...]
    identities: tuple[str, ...]  # normalised plates and container numbers
    goods: tuple[str, ...]
    status: str


@dataclass(frozen=True)
class ResultCode:
    code: str
    label: str
    irregularity: bool


@dataclass(frozen=True)
class PlateReading:
    """A plate or container code read by a lane camera; ``confidence`` in 0..1."""

    kind: str  # plate | container
    text: str
    confidence: float
    camera: str = ""
    valid: bool | None = None
    box: tuple[int, int, int, int] | None = None
    containers: tuple[str, ...] = ()  # valid ISO 6346 codes read on the same frame
    # The frame it was read on, JPEG-encoded on the reader's thread (kept as evidence).
    snapshot: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ScanHeader:
    """A scan about to stream: size in pixels, energies (1 or 2), pixel pitch in mm.

    ``lines`` is the producer's line buffer (rows x columns x energies, uint16) when it
    shares it: rows below the count already announced are final and never written again,
    so the viewer reads them in place instead of copying every block on the main thread.
    """

    scan_key: str
    kind: str
    rows: int
    columns: int
    energies: int = 2
    pixel_mm: float = 5.0
    device: str = ""
    lines: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class ScanRecord:
    """A stored scan: database id (None when not stored) and whether it is complete."""

    scan_key: str
    scan_id: uuid.UUID | None
    complete: bool
    incomplete_reason: str = ""


@dataclass
class ModelFinding:
    """A model's proposal on a scan: box ``region`` = (x, y, w, h) in scan pixels, ``score`` 0..1."""

    key: str
    label: str
    score: float
    region: tuple[int, int, int, int]
    model_name: str = ""
    model_version: str = ""
    model_sha256: str = ""
    decision: str = "pending"  # pending | accepted | rejected
    source: str = "model"  # model (on the scan image) | rule (from a handheld reading)
    description: str = ""

    @property
    def on_image(self) -> bool:
        """True when the finding has a box on the scan (rule findings have none)."""
        return self.region[2] > 0 and self.region[3] > 0


@dataclass(frozen=True)
class HandheldReading:
    """A live or taken value from a handheld device.

    ``values`` maps a quantity (``dose_rate``, ``nuclide`` ...) to ``(value, unit)``;
    ``alarms`` names every alarm the instrument raised and every alarm of the lane's
    alarm rules (empty when none);
    ``raw_document`` keeps the instrument's own bytes (N42.42 XML for a RIID);
    ``problem`` says why the device gave no reading when asked (no answer in time, no
    code read, device lost; ``values`` empty then), None for a reading.
    """

    device_name: str
    device_kind: str
    values: dict[str, tuple[Any, str]]
    alarms: tuple[str, ...] = ()
    raw_document: bytes | None = None
    raw_media_type: str | None = None
    taken: bool = False  # True for an officer-triggered reading (to attach as evidence)
    event: Any = None  # the host's HandheldReadingEvent of a taken reading (stored as is)
    problem: str | None = None


@dataclass
class Seizure:
    description: str
    hs_code: str
    quantity: float
    unit: str
    value_eur: float | None


@dataclass
class ResultDraft:
    """What the officer has typed into the result form so far (saved to disk continuously)."""

    control_id: str
    subject: str = ""
    referral_id: str = ""
    control_types: list[str] = field(default_factory=list)
    code: str = ""
    remarks: str = ""
    seizures: list[Seizure] = field(default_factory=list)
    minutes_spent: float | None = None
    finding_decisions: dict[str, str] = field(default_factory=dict)  # finding key -> decision

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ResultDraft:
        seizures = [Seizure(**s) for s in data.get("seizures", [])]
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "seizures"}
        return cls(seizures=seizures, **known)


@dataclass(frozen=True)
class ReadingSummary:
    """A reading attached to a control: device, when (UTC) and its values in words."""

    device_name: str
    device_kind: str
    taken_at: datetime
    values: dict[str, Any]
    alarms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ControlDossier:
    """What the record holds of one control, for a lane that takes it up again."""

    control_id: str
    status: str
    subject: str
    referral: ReferralRow | None
    opened_at: datetime | None
    findings: tuple[ModelFinding, ...]
    scans: tuple[ScanRecord, ...]
    readings: tuple[ReadingSummary, ...]
    plate: PlateReading | None = None


@dataclass(frozen=True)
class HeldControl:
    """A control this officer holds on this lane that is not the one open in front of them:
    one returned by a supervisor (with the comment), or one handed over to them."""

    control_id: str
    subject: str
    status: str  # open | returned
    referral_id: str | None
    review_comment: str = ""
    returned_at: datetime | None = None
