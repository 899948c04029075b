"""Supervisor and technician main windows: clearly labelled as coming in a later version."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from ui.context import AppContext
from ui.widgets.device_status import DeviceStatusBar


class PlaceholderWindow(QMainWindow):
    language_requested = Signal(str)
    logout_requested = Signal()

    def __init__(self, ctx: AppContext, role: str) -> None:
        super().__init__()
        self.ctx = ctx
        self.role = role
        names = {"supervisor": self.tr("Supervisor"), "technician": self.tr("Technician"),
                 "admin": self.tr("Administrator")}
        self.setWindowTitle(self.tr("Inspection Workstation — %1").replace(
            "%1", names.get(role, role)))
        text = QLabel(self.tr(
            "The %1 view is coming in a later version.\n\n"
            "Planned: review and sign-off of controls, performance figures and reports "
            "(supervisor); device health, calibration and daily image-quality tests "
            "(technician); users and roles (administrator).\n\nUntil then use the command "
            "line: workstation --help (for example, an administrator adds an officer with: "
            "workstation users add NAME --role officer --user ADMIN)")
            .replace("%1", names.get(role, role)))
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setObjectName("heading")
        logout = QPushButton(self.tr("Log out"))
        logout.clicked.connect(self.logout_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(logout)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(text, 1)
        layout.addLayout(row)
        self.setCentralWidget(central)
        self.devices = DeviceStatusBar()
        self.statusBar().addPermanentWidget(self.devices)
        for health in ctx.bridge.health.values():
            self.devices.update_health(health)
        ctx.bridge.device_health.connect(self.devices.update_health)
        self.resize(1100, 700)
