"""How often officers agreed with a model: its findings per label, accepted and rejected.

A model finding is stored with the model's name and version and stays ``pending`` until
the officer accepts or rejects it (:mod:`workstation.services.findings`). Counted here, per
model, version and label, for the findings *shown* in a period (created in ``[since,
until)``, UTC): how many were accepted, rejected and are still undecided, and the
agreement rate ``accepted / (accepted + rejected)`` — the share of the officers' decisions
that confirmed the model. Its complement is the post's real false-alarm share on its own
scanners, the figure a threshold choice on labelled images only estimates (issue 15).
One ``GROUP BY`` in the database; no personal data (no officer is named).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from workstation.db.models import Control, Finding
from workstation.domain.vocab import FindingDecision, FindingSource


class AgreementError(Exception):
    """The period asked for is not one; the message says why."""


@dataclass(frozen=True)
class AgreementRow:
    """One model version and label: findings shown in the period and their decisions."""

    model: str
    version: str
    label: str
    shown: int
    accepted: int
    rejected: int
    undecided: int

    @property
    def agreement_rate(self) -> float | None:
        """accepted / (accepted + rejected), 0..1; None when none was decided yet."""
        decided = self.accepted + self.rejected
        return self.accepted / decided if decided else None

    def to_json(self) -> dict[str, Any]:
        return {"model": self.model, "version": self.version, "label": self.label,
                "shown": self.shown, "accepted": self.accepted, "rejected": self.rejected,
                "undecided": self.undecided, "agreement_rate": self.agreement_rate}


def agreement(session: Session, since: datetime, until: datetime | None = None,
              lane: str | None = None) -> list[AgreementRow]:
    """Model findings created in ``[since, until)`` (aware UTC times; no ``until``: up to
    now), optionally of one lane's controls, grouped by model, version and label, sorted
    by those."""
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise AgreementError(f"{name} {value.isoformat()} has no time zone")
    if until is not None and until <= since:
        raise AgreementError(f"the period ends ({until.isoformat()}) before it starts "
                             f"({since.isoformat()})")

    def count(decision: FindingDecision) -> Any:
        return func.sum(case((Finding.decision == decision.value, 1), else_=0))

    model = func.coalesce(Finding.model_name, "")
    version = func.coalesce(Finding.model_version, "")
    query = (select(model, version, Finding.label, func.count(Finding.id),
                    count(FindingDecision.ACCEPTED), count(FindingDecision.REJECTED),
                    count(FindingDecision.PENDING))
             .where(Finding.source == FindingSource.MODEL.value, Finding.created_at >= since)
             .group_by(model, version, Finding.label)
             .order_by(model, version, Finding.label))
    if until is not None:
        query = query.where(Finding.created_at < until)
    if lane is not None:
        query = query.join(Control, Control.id == Finding.control_id).where(Control.lane == lane)
    return [AgreementRow(str(m), str(v), str(label), int(n), int(a or 0), int(r or 0), int(p or 0))
            for m, v, label, n, a, r, p in session.execute(query)]
