"""Default folders for data, images and logs.

``WORKSTATION_HOME`` moves every default folder under one directory so that tests and
scripts never touch an officer's real data; otherwise platformdirs picks the user's data
directory for this operating system.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "inspection-workstation"


def home() -> Path:
    """Root folder for the database, the image store and the logs."""
    override = os.environ.get("WORKSTATION_HOME")
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{home() / 'workstation.sqlite3'}"


def default_image_store() -> Path:
    return home() / "images"


def default_log_dir() -> Path:
    return home() / "logs"


def default_quarantine_dir() -> Path:
    return home() / "quarantine"


def default_snapshot_dir() -> Path:
    return home() / "snapshots"


def audit_dir() -> Path:
    """The audit trail's files outside the database: the HMAC key (``hmac.key``), keys of
    other lanes kept for verification (``keys/*.key``) and the chain-head anchors
    (``heads/``). Back it up with the database: without the key the chain cannot be checked."""
    return home() / "audit"
