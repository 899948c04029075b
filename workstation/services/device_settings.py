"""Changes to the lane's device configuration, recorded in the audit trail (decision 1114).

The lane file itself is the configuration (``workstation.lane.device_config`` writes it);
this service holds the rule that only a technician changes it and records every change:
which lane file and device, each value old -> new, and the identity the connection test
read, under the technician's name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from workstation.db.models import User
from workstation.services import audit, users

ACTION = "device.config_change"


def record_change(session: Session, technician: User, *, lane: str, device: str, file: str,
                  changes: Sequence[tuple[str, Any, Any]], added: bool,
                  identity: Mapping[str, str] | None) -> None:
    """Authorise and audit one saved change of device ``device`` in lane file ``file``;
    ``changes`` are (key, old, new) with None for "not set". Technicians only."""
    users.authorize(technician, "devices.configure")
    if not changes:
        raise ValueError(f"device {device!r}: nothing changed, nothing to save")
    audit.record(session, technician.username, ACTION, "device", f"{lane}/{device}",
                 {"lane": lane, "device": device, "file": file, "added": added,
                  "changes": [{"key": key, "old": old, "new": new}
                              for key, old, new in changes],
                  "tested_identity": dict(identity) if identity else None})
