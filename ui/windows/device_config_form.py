"""The technician's configuration tab: the lane file's devices in a form (decision 1114).

Binds to the :class:`~workstation.lane.technician.TechnicianSession`: the forms come from
:class:`DeviceConfigLoaded`, each check names its problems field by field
(:class:`DeviceConfigChecked`, shown in the row of the key and listed above the buttons),
"Test connection" runs off the GUI thread (:class:`ConnectionTested`), "Save" is offered
only after a passing test of the values on screen (the session refuses otherwise too).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.lane.device_config import KINDS, DeviceForm, drivers, known_keys
from workstation.lane.technician import TechnicianSession
from workstation.lane.technician_events import (
    ConnectionTested,
    DeviceConfigChecked,
    DeviceConfigLoaded,
    DeviceConfigSaved,
)

COLUMNS = 5  # table, key, value, default, problem
FIXED = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class DeviceConfigTab(QWidget):
    """The form; ``say`` puts a sentence in the window's message line."""

    def __init__(self, session: TechnicianSession, say: Callable[[str, str], None]) -> None:
        super().__init__()
        self.session = session
        self.say = say
        self.forms: tuple[DeviceForm, ...] = ()
        self.current: DeviceForm | None = None
        self.tested_ok = ""  # name of the device whose values on screen passed the test
        layout = QVBoxLayout(self)
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        layout.addWidget(self.file_label)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.device_list = QListWidget()
        self.device_list.currentRowChanged.connect(self._pick)
        left.addWidget(self.device_list, 1)
        self.new_button = QPushButton(self.tr("New device"))
        self.new_button.clicked.connect(self.new_device)
        left.addWidget(self.new_button)
        body.addLayout(left, 1)
        right = QVBoxLayout()
        top = QFormLayout()
        self.name_edit = QLineEdit()
        self.kind_choice = QComboBox()
        self.kind_choice.addItems(list(KINDS))
        self.driver_choice = QComboBox()
        for name, kind, description in drivers():
            self.driver_choice.addItem(f"{name} ({kind})", name)
            self.driver_choice.setItemData(self.driver_choice.count() - 1, description,
                                           Qt.ItemDataRole.ToolTipRole)
        self.driver_choice.currentIndexChanged.connect(lambda _i: self._driver_changed())
        self.simulated_box = QCheckBox(self.tr("simulated (start the driver's simulator)"))
        self.enabled_box = QCheckBox(self.tr("enabled"))
        top.addRow(self.tr("Name"), self.name_edit)
        top.addRow(self.tr("Kind"), self.kind_choice)
        top.addRow(self.tr("Driver"), self.driver_choice)
        top.addRow("", self.simulated_box)
        top.addRow("", self.enabled_box)
        right.addLayout(top)
        for widget in (self.name_edit,):
            widget.textChanged.connect(self._edited)
        for box in (self.simulated_box, self.enabled_box):
            box.toggled.connect(self._edited)
        self.kind_choice.currentIndexChanged.connect(self._edited)
        self.keys = QTableWidget(0, COLUMNS)
        self.keys.setHorizontalHeaderLabels([self.tr("Table"), self.tr("Key"),
                                             self.tr("Value"), self.tr("Default"),
                                             self.tr("Problem")])
        self.keys.verticalHeader().hide()
        self.keys.horizontalHeader().setStretchLastSection(True)
        self.keys.itemChanged.connect(lambda _item: self._edited())
        right.addWidget(self.keys, 1)
        hint = QLabel(self.tr("Values are TOML: numbers, true / false, text in quotes or a "
                              "single word, lists in brackets. An empty value is not set: "
                              "the default applies."))
        hint.setWordWrap(True)
        right.addWidget(hint)
        self.errors_label = QLabel()
        self.errors_label.setWordWrap(True)
        self.errors_label.setObjectName("heading")
        right.addWidget(self.errors_label)
        self.test_label = QLabel()
        self.test_label.setWordWrap(True)
        right.addWidget(self.test_label)
        buttons = QHBoxLayout()
        self.add_key_button = QPushButton(self.tr("Add key"))
        self.add_key_button.clicked.connect(self.add_key)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.clicked.connect(self.check)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save)
        for button in (self.add_key_button, self.check_button, self.test_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        body.addLayout(right, 3)
        layout.addLayout(body, 1)
        self._loading = False

    # --- showing ----------------------------------------------------------------------------

    def show_loaded(self, event: DeviceConfigLoaded) -> None:
        if event.path is None:
            self.file_label.setText(self.tr("This lane runs without a lane file (defaults and "
                                            "simulators): there is no configuration to edit. "
                                            "Start the lane with --config FILE."))
            self.setEnabled(False)
            return
        self.file_label.setText(self.tr("Devices of the lane file %1. A saved change takes "
                                        "effect when the lane is started again.")
                                .replace("%1", event.path))
        chosen = self.current.name if self.current is not None else None
        self.forms = tuple(event.forms)
        self.device_list.blockSignals(True)
        self.device_list.clear()
        self.device_list.addItems([f.name for f in self.forms])
        self.device_list.blockSignals(False)
        names = [f.name for f in self.forms]
        self.device_list.setCurrentRow(names.index(chosen) if chosen in names else
                                       (0 if names else -1))

    def _pick(self, row: int) -> None:
        if 0 <= row < len(self.forms):
            self._show_form(self.forms[row])

    def new_device(self) -> None:
        self.device_list.clearSelection()
        self._show_form(DeviceForm("", KINDS[0], "xray-tcp", True, True, {}, None))
        self.name_edit.setFocus()

    def _show_form(self, form: DeviceForm) -> None:
        self._loading = True
        self.current = form
        self.name_edit.setText(form.name)
        self.kind_choice.setCurrentText(form.kind)
        index = self.driver_choice.findData(form.driver)
        self.driver_choice.setCurrentIndex(max(index, 0))
        self.simulated_box.setChecked(form.simulated)
        self.enabled_box.setChecked(form.enabled)
        self._fill_keys({t: dict(v) for t, v in form.tables.items()})
        self._loading = False
        self._edited()
        self.errors_label.clear()

    def _fill_keys(self, values: dict[str, dict[str, str]]) -> None:
        """One row per key the driver's tables know, then every other key of the form
        (an unknown one stays visible, so the check can name it)."""
        self.keys.blockSignals(True)
        self.keys.setRowCount(0)
        driver = str(self.driver_choice.currentData() or "")
        shown: set[tuple[str, str]] = set()
        for known in known_keys(driver):
            if known.table in ("alarm_rules", "check_source") and \
                    known.key not in values.get(known.table, {}):
                continue  # optional tables: listed when set (or added by hand)
            self._add_row(known.table, known.key, values.get(known.table, {}).get(known.key, ""),
                          known.default, known.description, fixed=True)
            shown.add((known.table, known.key))
        for table, keys in values.items():
            for key, text in keys.items():
                if (table, key) not in shown:
                    self._add_row(table, key, text, "", "", fixed=True)
        self.keys.resizeColumnsToContents()
        self.keys.blockSignals(False)

    def _add_row(self, table: str, key: str, value: str, default: str, meaning: str, *,
                 fixed: bool) -> None:
        row = self.keys.rowCount()
        self.keys.insertRow(row)
        for column, text in enumerate((table, key, value, default, "")):
            item = QTableWidgetItem(text)
            if column in (3, 4) or (fixed and column in (0, 1)):
                item.setFlags(FIXED)
            if meaning:
                item.setToolTip(meaning)
            self.keys.setItem(row, column, item)

    def add_key(self) -> None:
        self.keys.blockSignals(True)
        self._add_row("settings", "", "", "", "", fixed=False)
        self.keys.blockSignals(False)
        self.keys.setCurrentCell(self.keys.rowCount() - 1, 1)
        self._edited()

    def _driver_changed(self) -> None:
        if not self._loading:
            self._fill_keys(self.form().tables)  # type: ignore[arg-type]
            self._edited()

    def _edited(self, *_args: Any) -> None:
        """The values on screen changed: an earlier test no longer counts."""
        if not self._loading:
            self.tested_ok = ""
            self.save_button.setEnabled(False)

    # --- the form's values ------------------------------------------------------------------

    def form(self) -> DeviceForm:
        tables: dict[str, dict[str, str]] = {}
        for row in range(self.keys.rowCount()):
            cells = [self.keys.item(row, c) for c in range(3)]
            table, key, value = (c.text().strip() if c is not None else "" for c in cells)
            if key or value:
                tables.setdefault(table, {})[key] = value
        index = self.current.index if self.current is not None else None
        return DeviceForm(self.name_edit.text(), self.kind_choice.currentText(),
                          str(self.driver_choice.currentData() or ""),
                          self.simulated_box.isChecked(), self.enabled_box.isChecked(),
                          tables, index)

    def check(self) -> bool:
        try:
            return bool(self.session.check_device(self.form()).ok)
        except ValueError as exc:
            self.say(str(exc), "alarm")
            return False

    def test_connection(self) -> None:
        self.test_label.setText(self.tr("Opening %1 …").replace("%1", self.name_edit.text()))
        self.test_button.setEnabled(False)
        future = self.session.test_connection(self.form())
        if future.done() and future.exception() is not None:
            self.test_button.setEnabled(True)
            self.test_label.setText(self.tr("✖ Not tested: the form has errors."))

    def save(self) -> None:
        self.session.save_device(self.form())

    # --- events -----------------------------------------------------------------------------

    def show_checked(self, event: DeviceConfigChecked) -> None:
        by_field = {e.field: e.message for e in event.errors}
        for row in range(self.keys.rowCount()):
            table, key = (self.keys.item(row, c) for c in (0, 1))
            name = f"{table.text() if table else ''}.{key.text() if key else ''}"
            problem = by_field.pop(name, "")
            cell = self.keys.item(row, 4)
            if cell is not None:
                self.keys.blockSignals(True)
                cell.setText(("✖ " + problem) if problem else "")
                self.keys.blockSignals(False)
        device_word = self.tr("device")
        if event.errors:
            self.errors_label.setText(self.tr("✖ %1 problem(s): %2")
                                      .replace("%1", str(len(event.errors)))
                                      .replace("%2", "; ".join(
                                          f"{e.field or device_word}: {e.message}"
                                          for e in event.errors)))
        else:
            self.errors_label.setText(self.tr("✔ The values are valid."))
        self.keys.resizeColumnToContents(4)

    def show_tested(self, event: ConnectionTested) -> None:
        report = event.report
        self.test_button.setEnabled(True)
        if report.ok:
            self.test_label.setText(self.tr("✔ Connected to %1: %2")
                                    .replace("%1", report.device).replace("%2", report.message))
            self.tested_ok = report.device
            self.save_button.setEnabled(report.device == self.name_edit.text().strip())
        else:
            self.test_label.setText(self.tr("✖ %1 could not be opened: %2")
                                    .replace("%1", report.device).replace("%2", report.message))
            self.save_button.setEnabled(False)

    def show_saved(self, event: DeviceConfigSaved) -> None:
        text = self.tr("Saved %1 to %2: %3").replace("%1", event.device).replace(
            "%2", event.path).replace("%3", "; ".join(
                f"{key} {_shown(old)} → {_shown(new)}" for key, old, new in event.changes))
        if not event.comments_kept:
            text += " " + self.tr("(the device's block was written anew: its comments are "
                                  "gone)")
        self.say(text, "ok")
        self.test_label.setText(text)
        self.save_button.setEnabled(False)

    def failed(self, operation: str, message: str) -> None:
        self.test_button.setEnabled(True)
        if operation in ("device-save", "device-test", "device-config"):
            self.test_label.setText("✖ " + message)


def _shown(value: Any) -> str:
    return "—" if value is None else repr(value)
