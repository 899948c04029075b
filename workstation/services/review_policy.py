"""The post's review policy: which closed controls a supervisor reviews, which the policy
approves. Applied by :func:`workstation.services.controls.close_control`, in the closing
transaction, so every caller (lane window, command line, demo) gets the same answer.

Every control whose result is an irregularity, that has a rejected alarm (a model's or an
alarm rule's finding the officer rejected: exactly what a second pair of eyes should see) or
that a supervisor returned before goes to review. Of the others a share ``random_share`` is
drawn for review; the rest are approved by the policy (status ``approved``, the audit event
``control.approve`` by the actor ``policy``). The decision is taken once per closing and
recorded (:class:`~workstation.db.models.ReviewSelection`), with the draw, so it can be
re-checked from the seed later and shown in the dossier.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workstation.db.models import Control, Finding, ReviewSelection, utcnow
from workstation.domain.vocab import ControlStatus, FindingDecision, FindingSource
from workstation.services import audit

POLICY_ACTOR = "policy"  # who approves a control the policy does not send to review
# Why a control goes to review (first that applies) or is approved; stable keys the windows word.
REASONS = ("irregular", "rejected-alarm", "returned-before", "all", "random", "not-drawn")


class ReviewSettings(Protocol):
    """The ``[review]`` settings (``workstation.config.ReviewSection``)."""

    random_share: float
    seed: str


@dataclass(frozen=True)
class ReviewPolicy:
    """``random_share``: share (0..1) of the remaining controls drawn for review; ``seed``:
    the post's secret for the draw (empty: the post code is used)."""

    random_share: float = 1.0
    seed: str = ""

    def __post_init__(self) -> None:
        if not 0.0 <= self.random_share <= 1.0:
            raise ValueError(f"review random_share must be 0 to 1 (got {self.random_share})")

    @classmethod
    def from_settings(cls, settings: ReviewSettings) -> ReviewPolicy:
        return cls(float(settings.random_share), settings.seed)

    def draw(self, control_id: uuid.UUID, post: str) -> float:
        """The control's draw in [0, 1): the first 8 bytes of sha256(seed, control id) as a
        fraction. The same seed and id always give the same draw (reproducible, re-checkable)."""
        seed = self.seed or post
        digest = hashlib.sha256(f"{seed}\x00{control_id}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2 ** 64


@dataclass(frozen=True)
class Selection:
    """``review``: True when a supervisor reviews the control; ``reason`` one of
    :data:`REASONS`; ``draw`` the control's draw (None when no draw was needed)."""

    review: bool
    reason: str
    draw: float | None = None


def decide(policy: ReviewPolicy, *, control_id: uuid.UUID, post: str, irregular: bool,
           rejected_alarm: bool, returned_before: bool) -> Selection:
    """The policy's decision for one closing (pure: no database)."""
    if irregular:
        return Selection(True, "irregular")
    if rejected_alarm:
        return Selection(True, "rejected-alarm")
    if returned_before:
        return Selection(True, "returned-before")
    if policy.random_share >= 1.0:
        return Selection(True, "all")
    draw = policy.draw(control_id, post)
    if draw < policy.random_share:
        return Selection(True, "random", draw)
    return Selection(False, "not-drawn", draw)


def has_rejected_alarm(session: Session, control_id: uuid.UUID) -> bool:
    """Whether the officer rejected a model's or an alarm rule's finding on the control."""
    return bool(session.scalar(select(func.count()).select_from(Finding).where(
        Finding.control_id == control_id,
        Finding.source.in_((FindingSource.MODEL, FindingSource.RULE)),
        Finding.decision == FindingDecision.REJECTED)))


def apply_at_close(session: Session, control: Control, policy: ReviewPolicy, *,
                   returned_before: bool) -> ReviewSelection:
    """Decide and record the review of ``control`` (just closed, in this transaction): a
    :class:`ReviewSelection` row, and when the policy approves it, the control approved by
    ``policy`` with its audit event."""
    result = control.result
    selection = decide(policy, control_id=control.id, post=control.post,
                       irregular=bool(result is not None and result.irregularity),
                       rejected_alarm=has_rejected_alarm(session, control.id),
                       returned_before=returned_before)
    now = utcnow()
    row = ReviewSelection(id=uuid.uuid4(), control_id=control.id, decided_at=now,
                          outcome="review" if selection.review else "approved",
                          reason=selection.reason, random_share=float(policy.random_share),
                          draw=selection.draw)
    session.add(row)
    details = {"outcome": row.outcome, "reason": row.reason,
               "random_share": row.random_share, "draw": row.draw}
    if selection.review:
        audit.record(session, POLICY_ACTOR, "control.select_review", "control", control.id,
                     details, state=row)
        return row
    control.status = ControlStatus.APPROVED
    control.reviewed_at = now
    control.reviewer_id = None
    control.review_comment = ""
    audit.record(session, POLICY_ACTOR, "control.approve", "control", control.id,
                 {**details, "by_policy": True}, states=[control, row])
    return row


def latest_selection(session: Session, control_id: uuid.UUID) -> ReviewSelection | None:
    """The policy's decision at the control's latest closing (None: closed before the policy
    was recorded)."""
    return session.scalar(select(ReviewSelection)
                          .where(ReviewSelection.control_id == control_id)
                          .order_by(ReviewSelection.decided_at.desc()).limit(1))
