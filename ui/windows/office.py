"""The administrator's window (users and roles) and the base the office windows share (title,
status line, device badges, the session menu with Log out). The technician's window is
:mod:`ui.windows.technician`. Both read through :class:`workstation.lane.office.OfficeGateway`
on the persistence writer; the windows keep nothing but what they show."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.context import AppContext
from ui.widgets.device_status import DeviceStatusBar
from ui.widgets.result_form import code_label
from workstation.lane.office import CodeRow, OfficeGateway, UserRow
from workstation.services.audit import VerifyReport

ROLES = ("officer", "supervisor", "technician", "admin")
LOGOUT_KEYS = "Ctrl+Shift+Q"  # every window's Log out (officer, supervisor, office windows)


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
    # resizeColumnsToContents also shrinks the stretched last column: the table then
    # filled a third of its panel. Switching the stretch off and on lays it out again.
    header = table.horizontalHeader()
    if header.stretchLastSection():
        header.setStretchLastSection(False)
        header.setStretchLastSection(True)


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
        self.logout_action = menu.addAction(self.tr("Log out"), self.logout_requested.emit)
        self.logout_action.setShortcut(LOGOUT_KEYS)
        self.resize(1200, 760)

    def say(self, text: str, status: str = "") -> None:
        symbol = {"ok": "✔ ", "alarm": "✖ "}.get(status, "")
        self.message.setText(symbol + text)


class AdminWindow(_OfficeWindow):
    """Administration: users (add, deactivate, reactivate, reset password, change role; the
    rules are the service's), the result codes in force, and the audit trail's verification
    in words. Each tab reads and writes through :class:`OfficeGateway` on the writer."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx, self.tr("Administrator"))
        # An administration desk drives no devices: no "No devices configured" to read.
        self.devices.placeholder.hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._users_tab(), self.tr("Users"))
        self.tabs.addTab(self._codes_tab(), self.tr("Result codes"))
        self.tabs.addTab(self._audit_tab(), self.tr("Audit trail"))
        self.setCentralWidget(self.tabs)
        self.rows: list[UserRow] = []
        self.refresh()
        self._show_codes(self.office.result_codes())

    # --- users --------------------------------------------------------------------------------

    def _users_tab(self) -> QWidget:
        heading = QLabel(self.tr("Users and roles"))
        heading.setObjectName("heading")
        self.table = _table([self.tr("User name"), self.tr("Full name"), self.tr("Role"),
                             self.tr("Active")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Users"))
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(self.role_text(role), role)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_button = QPushButton(self.tr("Add user"))
        self.add_button.clicked.connect(self.add_user)
        add_box = QGroupBox(self.tr("New user"))
        form = QFormLayout(add_box)
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Full name"), self.full_name)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Repeat password"), self.repeat)
        form.addRow("", self.add_button)

        # Changes to the user chosen in the table.
        self.chosen = QLabel(self.tr("Choose a user in the list."))
        self.chosen.setWordWrap(True)
        self.deactivate_button = QPushButton(self.tr("Deactivate"))
        self.deactivate_button.setToolTip(self.tr("The user can no longer log in and stays in "
                                                  "the record"))
        self.deactivate_button.clicked.connect(lambda: self.set_active(False))
        self.reactivate_button = QPushButton(self.tr("Reactivate"))
        self.reactivate_button.clicked.connect(lambda: self.set_active(True))
        self.new_role = QComboBox()
        self.new_role.setAccessibleName(self.tr("New role"))
        for role in ROLES:
            self.new_role.addItem(self.role_text(role), role)
        self.role_button = QPushButton(self.tr("Change role"))
        self.role_button.clicked.connect(self.change_role)
        self.new_password = QLineEdit()
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password.setAccessibleName(self.tr("New password"))
        self.new_repeat = QLineEdit()
        self.new_repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_repeat.setAccessibleName(self.tr("Repeat the new password"))
        self.reset_button = QPushButton(self.tr("Reset password"))
        self.reset_button.clicked.connect(self.reset_password)
        change_box = QGroupBox(self.tr("Chosen user"))
        change = QFormLayout(change_box)
        change.addRow(self.chosen)
        active_row = QHBoxLayout()
        active_row.addWidget(self.deactivate_button)
        active_row.addWidget(self.reactivate_button)
        change.addRow(self.tr("Access"), active_row)
        role_row = QHBoxLayout()
        role_row.addWidget(self.new_role, 1)
        role_row.addWidget(self.role_button)
        change.addRow(self.tr("Role"), role_row)
        change.addRow(self.tr("New password"), self.new_password)
        change.addRow(self.tr("Repeat password"), self.new_repeat)
        change.addRow("", self.reset_button)
        self.table.itemSelectionChanged.connect(self._user_chosen)
        self._user_chosen()

        page = QWidget()
        layout = QHBoxLayout(page)
        left = QVBoxLayout()
        left.addWidget(heading)
        left.addWidget(self.table, 1)
        right = QVBoxLayout()
        right.addWidget(add_box)
        right.addWidget(change_box)
        right.addStretch(1)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)
        return page

    def role_text(self, role: str) -> str:
        return {"officer": self.tr("officer"), "supervisor": self.tr("supervisor"),
                "technician": self.tr("technician"), "admin": self.tr("administrator")
                }.get(role, role)

    def refresh(self) -> None:
        user = self.user
        self.ctx.writer.submit("users", lambda: self.office.user_rows(user),
                               on_done=self._show, on_failed=lambda m: self.say(m, "alarm"),
                               owner=self)

    def _show(self, rows: list[UserRow]) -> None:
        chosen = self.selected_user()
        self.rows = rows
        yes, no = self.tr("yes"), self.tr("no — deactivated")
        self.table.blockSignals(True)
        _fill(self.table, [[r.username, r.full_name, self.role_text(r.role),
                            yes if r.active else no] for r in rows])
        for i, r in enumerate(rows):
            if chosen is not None and r.username == chosen.username:
                self.table.selectRow(i)
        self.table.blockSignals(False)
        self._user_chosen()

    def selected_user(self) -> UserRow | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[min(rows)] if rows and min(rows) < len(self.rows) else None

    def select_user(self, username: str) -> None:
        for i, r in enumerate(self.rows):
            if r.username == username:
                self.table.selectRow(i)

    def _user_chosen(self) -> None:
        row = self.selected_user()
        own = row is not None and row.username == self.user.username
        for button in (self.deactivate_button, self.reactivate_button, self.role_button,
                       self.reset_button):
            button.setEnabled(row is not None and not own)
        if row is None:
            self.chosen.setText(self.tr("Choose a user in the list."))
            return
        if own:
            self.chosen.setText(self.tr("This is you: another administrator changes your "
                                        "account."))
        else:
            state = self.tr("active") if row.active else self.tr("deactivated")
            self.chosen.setText(f"<b>{row.username}</b> — {self.role_text(row.role)}, {state}")
        self.deactivate_button.setEnabled(row.active and not own)
        self.reactivate_button.setEnabled(not row.active and not own)
        self.reset_button.setEnabled(row.active and not own)
        self.new_role.setCurrentIndex(self.new_role.findData(row.role))

    def _change(self, name: str, work: Callable[[], None], done_text: str) -> None:
        def done(_: object) -> None:
            self.say(done_text, "ok")
            self.refresh()

        self.ctx.writer.submit(name, work, on_done=done,
                               on_failed=lambda m: self.say(m, "alarm"), owner=self)

    def set_active(self, active: bool) -> None:
        row = self.selected_user()
        if row is None:
            return
        user, name = self.user, row.username
        text = (self.tr("User %1 reactivated") if active
                else self.tr("User %1 deactivated: they can no longer log in")).replace("%1", name)
        self._change("user-active", lambda: self.office.set_active(user, name, active), text)

    def change_role(self) -> None:
        row = self.selected_user()
        if row is None:
            return
        user, name, role = self.user, row.username, str(self.new_role.currentData())
        text = self.tr("User %1 is now %2").replace("%1", name).replace("%2",
                                                                         self.role_text(role))
        self._change("user-role", lambda: self.office.set_role(user, name, role), text)

    def reset_password(self) -> None:
        row = self.selected_user()
        if row is None:
            return
        if self.new_password.text() != self.new_repeat.text():
            self.say(self.tr("The two passwords differ."), "alarm")
            return
        user, name, password = self.user, row.username, self.new_password.text()
        self.new_password.clear()
        self.new_repeat.clear()
        self._change("user-password",
                     lambda: self.office.reset_password(user, name, password),
                     self.tr("Password of %1 reset").replace("%1", name))

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

    # --- result codes -------------------------------------------------------------------------

    def _codes_tab(self) -> QWidget:
        heading = QLabel(self.tr("Result codes in force"))
        heading.setObjectName("heading")
        note = QLabel(self.tr("Shipped codes and the post's own ([reference] result_codes in "
                              "the lane configuration). An irregularity is what the code says "
                              "it is: the figures and the review policy count by it."))
        note.setWordWrap(True)
        self.codes_table = _table([self.tr("Code"), self.tr("Meaning"),
                                   self.tr("Irregularity"), self.tr("Needs a physical control")])
        self.codes_table.setAccessibleName(self.tr("Result codes in force"))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.codes_table, 1)
        return page

    def _show_codes(self, rows: list[CodeRow]) -> None:
        yes, no = self.tr("yes"), self.tr("no")
        _fill(self.codes_table, [[r.code, code_label(r.label), yes if r.irregularity else no,
                                  yes if r.requires_physical else no] for r in rows])

    # --- audit --------------------------------------------------------------------------------

    def _audit_tab(self) -> QWidget:
        heading = QLabel(self.tr("Audit trail"))
        heading.setObjectName("heading")
        note = QLabel(self.tr("Verification re-computes the keyed hash chain, checks its head "
                              "anchor, re-derives every audited row and re-hashes the scan "
                              "files (the same check as `workstation audit verify`)."))
        note.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("Verify the audit trail"))
        self.verify_button.setObjectName("primary")
        self.verify_button.clicked.connect(self.verify_audit)
        self.verdict = QLabel()
        self.verdict.setObjectName("heading")
        self.verdict.setWordWrap(True)
        self.findings = QTextBrowser()
        self.findings.setAccessibleName(self.tr("Audit findings"))
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(heading)
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.findings, 1)
        return page

    def verify_audit(self) -> None:
        user = self.user
        self.verify_button.setEnabled(False)
        self.verdict.setText(self.tr("Verifying…"))

        def failed(message: str) -> None:
            self.verify_button.setEnabled(True)
            self.verdict.setText("")
            self.say(message, "alarm")

        self.ctx.writer.submit("audit-verify", lambda: self.office.verify_audit(user),
                               on_done=self._show_verdict, on_failed=failed, owner=self)

    def _show_verdict(self, report: VerifyReport) -> None:
        self.verify_button.setEnabled(True)
        if report.ok:
            self.verdict.setText(self.tr("✔ The audit trail is intact: %1 events verified, "
                                         "every audited row matches.")
                                 .replace("%1", str(report.events)))
            self.verdict.setProperty("status", "ok")
        else:
            self.verdict.setText(self.tr("✖ The audit trail does NOT verify: %1 problem(s) in "
                                         "%2 events. Each is named below; report it to the "
                                         "post's security officer.")
                                 .replace("%1", str(len(report.problems)))
                                 .replace("%2", str(report.events)))
            self.verdict.setProperty("status", "alarm")
        self.verdict.style().unpolish(self.verdict)
        self.verdict.style().polish(self.verdict)
        parts = []
        problems_title = self.tr("Problems")
        notes_title = self.tr("What could not be proved")
        if report.problems:
            parts.append(f"<h4>{html.escape(problems_title)}</h4><ol>"
                         + "".join(f"<li>{html.escape(str(p))}</li>" for p in report.problems)
                         + "</ol>")
        if report.notes:
            parts.append(f"<h4>{html.escape(notes_title)}</h4><ul>"
                         + "".join(f"<li>{html.escape(n)}</li>" for n in report.notes)
                         + "</ul>")
        self.findings.setHtml("".join(parts))
