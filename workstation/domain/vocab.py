"""Closed vocabularies of the referral and control records: the one source for the core,
the UI, the file formats and the database's CHECK constraints.

Workflow states are :class:`enum.StrEnum` (members are their own text, so they compare,
format and store as the plain words); the vocabularies a file format names are ``Literal``
types with the tuple of their words beside them, so pydantic and the type checker use the
same list as the widgets.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal, get_args


class ControlStatus(StrEnum):
    """A control's state (see ``workstation.services.controls`` for the life cycle)."""

    OPEN = "open"
    RESULTED = "resulted"
    CLOSED = "closed"
    RETURNED = "returned"
    APPROVED = "approved"


class ReferralStatus(StrEnum):
    """``queued`` in the lane queue → ``in-control`` (a control took it) → ``controlled``."""

    QUEUED = "queued"
    IN_CONTROL = "in-control"
    CONTROLLED = "controlled"


class FindingSource(StrEnum):
    """Who proposed a finding: the officer, a model on a scan, or an alarm rule on a reading."""

    OFFICER = "officer"
    MODEL = "model"
    RULE = "rule"
    ANALYST = "analyst"  # a suspect region marked by a remote image analyst (issue 16)


class FindingDecision(StrEnum):
    """The officer's decision on a finding; ``pending`` until accepted or rejected."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


ReferralSource = Literal["national-rms", "ics2", "manual"]
Channel = Literal["red", "yellow", "green", "blue"]
ControlType = Literal["documentary", "physical", "scan", "radiation", "sample"]
RiskArea = Literal["financial", "safety-security", "ipr", "health", "environment",
                   "prohibitions-restrictions"]

SOURCES: tuple[ReferralSource, ...] = get_args(ReferralSource)
CHANNELS: tuple[Channel, ...] = get_args(Channel)  # risk lanes, most to least severe
CONTROL_TYPES: tuple[ControlType, ...] = get_args(ControlType)
RISK_AREAS: tuple[RiskArea, ...] = get_args(RiskArea)
ROLES = ("officer", "supervisor", "technician", "admin", "analyst")
TRANSPORT_KINDS = ("plate", "container", "parcel")


class AnalysisStatus(StrEnum):
    """A scan in the post's remote-analysis queue: ``queued`` → ``claimed`` (by one analyst,
    under a lease) → ``decided``; a claim released or past its lease is ``queued`` again;
    ``withdrawn`` when its control was closed before an analyst decided."""

    QUEUED = "queued"
    CLAIMED = "claimed"
    DECIDED = "decided"
    WITHDRAWN = "withdrawn"


class AnalystOutcome(StrEnum):
    """What a remote image analyst decided on a scan."""

    CLEAR = "clear"
    SUSPECT = "suspect"


# Which scans a lane sends to remote analysis ([analysis] remote): none, every scan, scans
# of red-channel referrals only, or scans a model raised an alarm on.
RemoteAnalysis = Literal["off", "all", "red", "alarm"]
REMOTE_ANALYSIS: tuple[RemoteAnalysis, ...] = get_args(RemoteAnalysis)
# Categories an analyst marks a suspect region with: the labels the models and the DICOS
# threat reports know (workstation.scans.tdr.CATEGORIES), and ``other``.
ANALYST_CATEGORIES = ("drug-package", "cigarettes", "cash", "handgun", "knife", "blade",
                      "battery", "hidden-compartment", "undeclared-dense-block", "goods-in-empty",
                      "other")


def one_of(column: str, words: Iterable[str]) -> str:
    """SQL of a CHECK constraint: ``column`` holds one of ``words`` (``status IN ('a', 'b')``)."""
    quoted = ", ".join("'" + str(w).replace("'", "''") + "'" for w in words)
    return f"{column} IN ({quoted})"
