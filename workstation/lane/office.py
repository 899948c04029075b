"""What the administrator's and the technician's windows read and do, Qt-free and blocking
(run on the persistence writer): the users and their roles, adding a user; the devices'
checks and calibrations on record. Each call checks the acting user's role in the service's
permission table, as the command line does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from workstation.db import models as m
from workstation.lane.gateway import GatewayError, LaneGateway
from workstation.lane.types import UserInfo
from workstation.services import audit, check_source, users


@dataclass(frozen=True)
class UserRow:
    username: str
    full_name: str
    role: str
    active: bool


@dataclass(frozen=True)
class CodeRow:
    """A result code in force: whether it means an irregularity, whether it needs a
    physical control."""

    code: str
    label: str
    irregularity: bool
    requires_physical: bool


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

    def _manage(self, actor: UserInfo, step: Callable[[Session, m.User], object]) -> None:
        """Run one administration ``step`` as ``actor`` (the service checks the role and the
        rules) in its own transaction; a refusal is a :class:`GatewayError` with its reason."""
        with self.lane.db.unit_of_work() as s:
            try:
                step(s, users.get_user(s, actor.username))
            except users.UserError as exc:
                raise GatewayError(str(exc)) from None

    def set_active(self, actor: UserInfo, username: str, active: bool) -> None:
        """Deactivate or reactivate ``username`` (:func:`users.set_active`)."""
        self._manage(actor, lambda s, admin: users.set_active(s, admin, username, active))

    def set_role(self, actor: UserInfo, username: str, role: str) -> None:
        self._manage(actor, lambda s, admin: users.set_role(s, admin, username, role))

    def reset_password(self, actor: UserInfo, username: str, password: str) -> None:
        self._manage(actor, lambda s, admin: users.reset_password(s, admin, username, password))

    def result_codes(self) -> list[CodeRow]:
        """The result codes in force (shipped and the post's own), as the lane reads them."""
        return [CodeRow(c.code, c.label, c.irregularity, c.requires_physical)
                for c in self.lane.codes]

    def verify_audit(self, actor: UserInfo) -> audit.VerifyReport:
        """``workstation audit verify`` for an administrator (the same service)."""
        self._authorized(actor, "audit.read")
        with self.lane.db.unit_of_work() as s:
            return audit.verify(s)

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
