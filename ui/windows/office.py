"""The administrator's and the technician's windows, as far as their applications go today:
users and roles (administrator); every device's state now and the checks and calibrations on
record (technician). Both read through :class:`workstation.lane.office.OfficeGateway` on the
persistence writer; the windows keep nothing but what they show."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.device_status import DeviceStatusBar
from workstation.lane.events import DeviceHealth
from workstation.lane.office import CheckRow, OfficeGateway, UserRow

ROLES = ("officer", "supervisor", "technician", "admin")


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


class _OfficeWindow(QMainWindow):
    language_requested = Signal(str)
    logout_requested = Signal()

    def __init__(self, ctx: AppContext, title: str) -> None:
        super().__init__()
        assert ctx.user is not None
        self.ctx = ctx
        self.user = ctx.user
        self.office = OfficeGateway(ctx.gateway)
        self.setWindowTitle(self.tr("Inspection Workstation — %1").replace("%1", title))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.statusBar().addWidget(self.message, 1)
        self.devices = DeviceStatusBar()
        self.statusBar().addPermanentWidget(self.devices)
        for health in ctx.bridge.health.values():
            self.devices.update_health(health)
        ctx.bridge.device_health.connect(self.devices.update_health)
        menu = self.menuBar().addMenu(self.tr("&Session"))
        menu.addAction(self.tr("Log out"), self.logout_requested.emit)
        self.resize(1200, 760)

    def say(self, text: str, status: str = "") -> None:
        symbol = {"ok": "✔ ", "alarm": "✖ "}.get(status, "")
        self.message.setText(symbol + text)


class AdminWindow(_OfficeWindow):
    """Users and roles: the list, and a form to add a user."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Administrator"))
        heading = QLabel(self.tr("Users and roles"))
        heading.setObjectName("heading")
        self.table = _table([self.tr("User name"), self.tr("Full name"), self.tr("Role"),
                             self.tr("Active")])
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(role, role)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("Add user"))
        self.add_button.clicked.connect(self.add_user)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Repeat password"), self.repeat)
        form.addRow("", self.add_button)
        central = QWidget()
        layout = QHBoxLayout(central)
        left = QVBoxLayout()
        left.addWidget(heading)
        left.addWidget(self.table, 1)
        layout.addLayout(left, 2)
        layout.addLayout(form, 1)
        self.setCentralWidget(central)
        self.refresh()

    def refresh(self) -> None:
        user = self.user
        self.ctx.writer.submit("users", lambda: self.office.user_rows(user),
                               on_done=self._show, on_failed=lambda m: self.say(m, "alarm"),
                               owner=self)

    def _show(self, rows: list[UserRow]) -> None:
        yes, no = self.tr("yes"), self.tr("no")
        _fill(self.table, [[r.username, r.full_name, r.role, yes if r.active else no]
                           for r in rows])

    def add_user(self) -> None:
        if self.password.text() != self.repeat.text():
            self.say(self.tr("The two passwords differ."), "alarm")
            return
        user, name = self.user, self.username.text()
        role, password, full = str(self.role.currentData()), self.password.text(), \
            self.full_name.text()

        def added(_: object) -> None:
            self.say(self.tr("User %1 added").replace("%1", name.strip()), "ok")
            for field in (self.username, self.full_name, self.password, self.repeat):
                field.clear()
            self.refresh()

        self.ctx.writer.submit("add-user",
                               lambda: self.office.add_user(user, name, role, password, full),
                               on_done=added, on_failed=lambda m: self.say(m, "alarm"),
                               owner=self)


class TechnicianWindow(_OfficeWindow):
    """Every device's state now, and the checks and calibrations on record."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Technician"))
        now = QLabel(self.tr("Devices now"))
        now.setObjectName("heading")
        self.device_table = _table([self.tr("Device"), self.tr("Kind"), self.tr("State"),
                                    self.tr("Detail")])
        record = QLabel(self.tr("Checks and calibrations on record (newest first)"))
        record.setObjectName("heading")
        self.check_table = _table([self.tr("When"), self.tr("Device"), self.tr("Check"),
                                   self.tr("Result"), self.tr("Technician"),
                                   self.tr("Details")])
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(now)
        layout.addWidget(self.device_table, 1)
        layout.addWidget(record)
        layout.addWidget(self.check_table, 2)
        layout.addWidget(refresh)
        self.setCentralWidget(central)
        ctx.bridge.device_health.connect(lambda _h: self._show_devices())
        self._show_devices()
        self.refresh()

    def _show_devices(self) -> None:
        states = {"ok": self.tr("connected"), "connecting": self.tr("connecting"),
                  "degraded": self.tr("degraded"), "lost": self.tr("DISCONNECTED"),
                  "disabled": self.tr("disabled")}
        health: list[DeviceHealth] = sorted(self.ctx.bridge.health.values(),
                                            key=lambda h: h.name)
        _fill(self.device_table, [[h.name, h.kind, states.get(h.state, h.state), h.detail]
                                  for h in health])

    def refresh(self) -> None:
        user = self.user
        self.ctx.writer.submit("checks", lambda: self.office.device_checks(user),
                               on_done=self._show_checks,
                               on_failed=lambda m: self.say(m, "alarm"), owner=self)

    def _show_checks(self, rows: list[CheckRow]) -> None:
        passed, failed = self.tr("passed"), self.tr("FAILED")
        _fill(self.check_table, [[f"{r.performed_at.astimezone():%Y-%m-%d %H:%M}", r.device,
                                  r.kind, passed if r.passed else failed, r.technician,
                                  r.summary] for r in rows])
