"""What the administrator's and the technician's windows read and do, Qt-free and blocking
(run on the persistence writer): the users and their roles, adding a user; the devices'
checks and calibrations on record. Each call checks the acting user's role in the service's
permission table, as the command line does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from workstation.lane.gateway import GatewayError, LaneGateway
from workstation.lane.types import UserInfo
from workstation.services import check_source, users


@dataclass(frozen=True)
class UserRow:
    username: str
    full_name: str
    role: str
    active: bool


@dataclass(frozen=True)
class CheckRow:
    """A device check or calibration on record; ``performed_at`` in UTC."""

    device: str
    kind: str
    passed: bool
    performed_at: datetime
    technician: str
    summary: str


class OfficeGateway:
    """Administration and device records for one lane, through its :class:`LaneGateway`."""

    def __init__(self, lane: LaneGateway) -> None:
        self.lane = lane

    def _authorized(self, user: UserInfo, permission: str) -> None:
        with self.lane.db.unit_of_work() as s:
            try:
                users.authorize(users.get_user(s, user.username), permission)
            except users.UserError as exc:
                raise GatewayError(str(exc)) from None

    def user_rows(self, actor: UserInfo) -> list[UserRow]:
        self._authorized(actor, "users.manage")
        with self.lane.db.unit_of_work() as s:
            return [UserRow(u.username, u.full_name, u.role, u.active)
                    for u in users.list_users(s)]

    def add_user(self, actor: UserInfo, username: str, role: str, password: str,
                 full_name: str = "") -> None:
        """Add a user (administrators only); the service checks name, role and password."""
        self._authorized(actor, "users.manage")
        with self.lane.db.unit_of_work() as s:
            try:
                users.add_user(s, username.strip(), role, password,
                               full_name=full_name.strip(), actor=actor.username)
            except users.UserError as exc:
                raise GatewayError(str(exc)) from None

    def device_checks(self, actor: UserInfo, limit: int = 200) -> list[CheckRow]:
        """Every device check and calibration on record, newest first."""
        self._authorized(actor, "devices.check")
        with self.lane.db.unit_of_work() as s:
            rows = []
            for record in check_source.history(s, check_kind=None, limit=limit):
                c = record.check
                when = c.performed_at if c.performed_at.tzinfo else c.performed_at.replace(
                    tzinfo=UTC)
                summary = str(c.expected.get("reason") or "")
                if not summary and c.measured.get("detector"):
                    summary = (f"{c.measured.get('bad_pixels', '?')} bad pixel(s) of "
                               f"{c.measured.get('pixels', '?')}, detector "
                               f"{c.measured['detector']}")
                rows.append(CheckRow(c.device_name, c.check_kind, c.passed, when,
                                     record.technician or "—", summary))
            return rows
