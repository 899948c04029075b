"""Closed vocabularies of the referral and control records."""

from __future__ import annotations

SOURCES = ("national-rms", "ics2", "manual")
CHANNELS = ("red", "yellow", "green", "blue")
CONTROL_TYPES = ("documentary", "physical", "scan", "radiation", "sample")
RISK_AREAS = (
    "financial",
    "safety-security",
    "ipr",
    "health",
    "environment",
    "prohibitions-restrictions",
)
ROLES = ("officer", "supervisor", "technician", "admin")
TRANSPORT_KINDS = ("plate", "container", "parcel")
