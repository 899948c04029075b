"""Typed events of the lane layer and the one protocol a front end implements to see them.

Device hosts, the analysis queue and the lane session publish these plain, immutable
values from their own threads; a front end (the Qt bridge in ``ui/bridge.py``, a test
recorder, the headless demo) implements :class:`LaneEvents` — a single ``publish`` that
must return at once and never block (the Qt bridge only queues a signal).

Session events carry what happened, never text in one language: the front end words them
(``OperationFailed.operation`` is a stable key such as ``"open-control"``; its ``message``
is the service's own explanation, shown as is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from workstation.lane.types import (
    HandheldReading,
    HeldControl,
    ModelFinding,
    PlateReading,
    ReferralRow,
    ResultDraft,
    ScanHeader,
    ScanRecord,
)


class LaneEvent:
    """Base class of every lane event (for ``isinstance`` and typing)."""

    __slots__ = ()


class LaneEvents(Protocol):
    """What a front end implements: called from any thread; must not block."""

    def publish(self, event: LaneEvent) -> None: ...


# --- from the devices (host threads) --------------------------------------------------------


@dataclass(frozen=True)
class DeviceHealth(LaneEvent):
    """One device's state. ``state``: ``ok``, ``connecting``, ``degraded``, ``lost``,
    ``disabled``; ``detail`` is human text from the driver ("check cable and power")."""

    name: str
    kind: str
    state: str
    detail: str = ""


@dataclass(frozen=True)
class CameraFrame(LaneEvent):
    """The latest frame of a lane camera, already shrunk for display: RGB (or grey) uint8,
    H x W [x 3]. Only the latest matters; front ends drop older ones."""

    device: str
    image: Any = field(repr=False)


@dataclass(frozen=True)
class PlateRead(LaneEvent):
    """A plate or container code read on a camera frame (before any control took it)."""

    reading: PlateReading


@dataclass(frozen=True)
class ScanStarted(LaneEvent):
    header: ScanHeader


@dataclass(frozen=True)
class ScanLines(LaneEvent):
    """Corrected lines ``first_line`` .. ``first_line + len(block)`` of the scan streaming:
    a view of the shared buffer announced with :class:`ScanStarted` (uint16, lines x
    columns x 2, low / high energy transmission)."""

    first_line: int
    block: Any = field(repr=False)


@dataclass(frozen=True)
class ScanAcquired(LaneEvent):
    """The scanner finished (complete or not); the corrected scan, not yet stored
    (``workstation.lane.scanner.AcquiredScan``)."""

    acquired: Any = field(repr=False)


@dataclass(frozen=True)
class ScanFailed(LaneEvent):
    reason: str


@dataclass(frozen=True)
class HandheldReadingArrived(LaneEvent):
    """A live value or a taken reading of a handheld device."""

    reading: HandheldReading


@dataclass(frozen=True)
class CoreError(LaneEvent):
    """A device command or a background job failed; ``message`` names what and why."""

    message: str


# --- from the lane session (its own thread) -------------------------------------------------


@dataclass(frozen=True)
class QueueChanged(LaneEvent):
    """The lane's referral queue, most urgent first, and the controls this officer holds
    besides the open one (returned by a supervisor, or handed over to them)."""

    rows: tuple[ReferralRow, ...]
    held: tuple[HeldControl, ...] = ()


@dataclass(frozen=True)
class ReferralMatched(LaneEvent):
    """The queued referral matching ``text`` (a read or typed plate / container code), or
    None when nothing matches."""

    text: str
    row: ReferralRow | None


@dataclass(frozen=True)
class ControlOpened(LaneEvent):
    control_id: str
    referral_id: str | None
    subject: str
    referral: ReferralRow | None = None


@dataclass(frozen=True)
class ControlRecovered(LaneEvent):
    """An open (or returned) control of this officer came back after a restart with its
    draft, findings, scans and readings (see :class:`workstation.lane.session.LaneState`)."""

    control_id: str
    subject: str
    draft: ResultDraft


@dataclass(frozen=True)
class ScanStored(LaneEvent):
    record: ScanRecord
    attached: bool  # attached as evidence to the open control


@dataclass(frozen=True)
class ScanOpened(LaneEvent):
    """A stored scan read back from the image store (hash verified) to be shown again:
    ``header.lines`` holds the whole image (rows x columns x 2, uint16, low / high)."""

    record: ScanRecord
    header: ScanHeader


@dataclass(frozen=True)
class AnalysisDone(LaneEvent):
    """The models' outcome for a stored scan (``workstation.lane.analysis.AnalysisOutcome``)."""

    outcome: Any = field(repr=False)
    record: ScanRecord | None = None


@dataclass(frozen=True)
class FindingsChanged(LaneEvent):
    """Every finding (model and rule) of the open control, with its current decision."""

    findings: tuple[ModelFinding, ...]
    added: int = 0  # how many are new in this change


@dataclass(frozen=True)
class EvidenceAttached(LaneEvent):
    kind: str  # scan | reading | plate_read
    device: str = ""


@dataclass(frozen=True)
class DraftWritten(LaneEvent):
    control_id: str


@dataclass(frozen=True)
class ResultRefused(LaneEvent):
    """The result cannot be saved yet: each problem names its field."""

    problems: tuple[str, ...]


@dataclass(frozen=True)
class ResultSaved(LaneEvent):
    control_id: str


@dataclass(frozen=True)
class ControlHandedOver(LaneEvent):
    """The open control went to another officer (recorded); this lane is free again."""

    control_id: str
    to_username: str


@dataclass(frozen=True)
class OperationFailed(LaneEvent):
    """A session command failed; nothing recorded before it was lost.

    ``operation`` is a stable key (``open-control``, ``store-scan``, ``record-result`` ...).
    """

    operation: str
    message: str


@dataclass(frozen=True)
class Notice(LaneEvent):
    """Something the officer should know that is not a failure; ``what`` is a stable key
    (``control-already-open``, ``no-scanner``, ``no-riid``, ``scan-requested``,
    ``measuring`` ...), ``detail`` a name or number to put into the front end's words."""

    what: str
    detail: str = ""


# --- the post: remote image analysis and other lanes (issue 16) ----------------------------


@dataclass(frozen=True)
class AnalystRegion:
    """A suspect region an analyst marked: ``box`` (x, y, w, h) in scan pixels, a category
    (``workstation.domain.vocab.ANALYST_CATEGORIES``) and the analyst's note."""

    category: str
    box: tuple[int, int, int, int]
    note: str = ""


@dataclass(frozen=True)
class AnalystDecision:
    """A remote image analyst's decision on one scan of the open control: ``outcome``
    ``clear`` or ``suspect``, with the regions (also pending findings of the control, for the
    officer to accept or reject). ``decided_at`` UTC."""

    request_id: str
    scan_key: str
    analyst: str
    outcome: str
    note: str
    regions: tuple[AnalystRegion, ...]
    decided_at: Any = None


@dataclass(frozen=True)
class AnalystDecisionArrived(LaneEvent):
    """An analyst decided on a scan of the control open at this lane (within seconds of the
    decision, through the post's notifications)."""

    control_id: str
    decision: AnalystDecision


@dataclass(frozen=True)
class ReferralTaken(LaneEvent):
    """A referral this lane shows was taken by a control at another lane (or another
    officer): ``officer`` user name and ``lane`` say who has it."""

    referral_id: str
    lane: str
    officer: str


# --- the lane's scanner: its daily image-quality test (issue 13) ---------------------------


@dataclass(frozen=True)
class ScannerTestStatus(LaneEvent):
    """The daily image-quality test of the lane's scanner ``device``: ``state`` ``passed``,
    ``failed`` (``failed_metrics`` names the metrics) or ``missing`` (none in the last
    24 hours); ``tested_at`` (UTC) of the newest test, None when there is none."""

    device: str
    state: str
    failed_metrics: tuple[str, ...] = ()
    tested_at: Any = None
