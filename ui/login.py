"""First-administrator and login dialogs.

Password hashing (Argon2id, tens of milliseconds by design) runs on the persistence
worker; the dialog disables itself while it waits and shows the answer when it comes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Worker
from workstation.lane.gateway import LaneGateway
from workstation.lane.types import UserInfo


class _AsyncDialog(QDialog):
    def __init__(self, worker: Worker, gateway: LaneGateway, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.gateway = gateway
        self.user: UserInfo | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setProperty("status", "alarm")
        self.message.setAccessibleName(self.tr("Message"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)

    def attempt(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _busy(self, busy: bool) -> None:
        self.setEnabled(not busy)
        if busy:
            self.message.setText(self.tr("Checking…"))

    def _succeeded(self, user: UserInfo) -> None:
        self.user = user
        self._busy(False)
        self.accept()

    def _failed(self, message: str) -> None:
        self._busy(False)
        self.message.setText(message)
        self.adjustSize()  # a lockout message is long: the dialog grows instead of clipping


class FirstAdminDialog(_AsyncDialog):
    """Shown when the database has no user: creates the first administrator."""

    def __init__(self, worker: Worker, gateway: LaneGateway, parent: QWidget | None = None) -> None:
        super().__init__(worker, gateway, parent)
        self.setWindowTitle(self.tr("Create the first administrator"))
        intro = QLabel(self.tr(
            "No user exists yet. Create the administrator account; it can then add "
            "officers, supervisors and technicians."))
        intro.setWordWrap(True)
        self.username = QLineEdit("admin")
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Password (at least 8 characters)"), self.password)
        form.addRow(self.tr("Repeat password"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def attempt(self) -> None:
        if self.password.text() != self.repeat.text():
            self.message.setText(self.tr("The two passwords differ."))
            return
        username, full_name, password = (self.username.text(), self.full_name.text(),
                                         self.password.text())
        self._busy(True)
        self.worker.submit("create-admin",
                           lambda: self.gateway.create_first_admin(username, full_name, password),
                           on_done=self._succeeded, on_failed=self._failed, owner=self)


class LoginDialog(_AsyncDialog):
    """User name and password; the role of the account picks the main window."""

    def __init__(self, worker: Worker, gateway: LaneGateway, lane: str,
                 parent: QWidget | None = None, username: str = "") -> None:
        super().__init__(worker, gateway, parent)
        self.setWindowTitle(self.tr("Log in — lane %1").replace("%1", lane))
        self.username = QLineEdit(username)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        # The last user of this workstation is usually the next one: straight to the password
        # (set when shown; a dialog gives focus to its first field on show otherwise).
        self._first_focus = self.password if username else self.username
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Inspection Workstation"))
        title.setObjectName("heading")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self._first_focus.setFocus)

    def attempt(self) -> None:
        username, password = self.username.text(), self.password.text()
        self._busy(True)
        self.worker.submit("login", lambda: self.gateway.authenticate(username, password),
                           on_done=self._succeeded, on_failed=self._failed, owner=self)
