"""The control result form: control types, result code, findings text, seizures, time spent.

The form only collects and shows; validation rules and the one-transaction save are the
gateway's (run on the persistence worker). ``changed`` fires on every edit so the window
can save the draft to disk.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workstation.domain.vocab import CONTROL_TYPES
from workstation.lane.types import SEIZURE_UNITS, ResultCode, ResultDraft, Seizure


def code_label(label: str) -> str:
    """A result code's label in the officer's language: the shipped codes' labels
    (workstation/reference/result_codes.toml) are translated; a post's own codes are shown
    as its reference file words them."""
    shipped = {
        "Satisfactory (physical control)":
            QCoreApplication.translate("ResultCode", "Satisfactory (physical control)"),
        "Considered satisfactory":
            QCoreApplication.translate("ResultCode", "Considered satisfactory"),
        "Simplified procedure": QCoreApplication.translate("ResultCode", "Simplified procedure"),
        "Minor discrepancies, no impact on duties or prohibitions":
            QCoreApplication.translate(
                "ResultCode", "Minor discrepancies, no impact on duties or prohibitions"),
        "Major discrepancies / not satisfactory":
            QCoreApplication.translate("ResultCode", "Major discrepancies / not satisfactory"),
    }
    return shipped.get(label, label)


class ResultForm(QWidget):
    changed = Signal()
    save_requested = Signal()

    SEIZURE_COLUMNS = 5  # goods, HS code, quantity, unit, value EUR

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft = ResultDraft(control_id="")
        self._loading = False
        self.header = QLabel(self.tr("No control open"))
        self.header.setObjectName("heading")
        self.header.setWordWrap(True)

        types_box = QGroupBox(self.tr("Control types performed"))
        types_layout = QHBoxLayout(types_box)
        self.type_boxes: dict[str, QCheckBox] = {}
        labels = {"documentary": self.tr("Documentary"), "physical": self.tr("Physical"),
                  "scan": self.tr("Scan (NII)"), "radiation": self.tr("Radiation"),
                  "sample": self.tr("Sample")}
        for t in CONTROL_TYPES:
            box = QCheckBox(labels[t])
            box.toggled.connect(self._edited)
            self.type_boxes[t] = box
            types_layout.addWidget(box)

        self.code = QComboBox()
        self.code.setAccessibleName(self.tr("Result code"))
        self.code.currentIndexChanged.connect(self._edited)
        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0, 1440)
        self.minutes.setDecimals(0)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Time spent in minutes"))
        self.minutes.valueChanged.connect(self._edited)
        self.remarks = QPlainTextEdit()
        self.remarks.setPlaceholderText(self.tr("What was found, where, how it was checked…"))
        self.remarks.setAccessibleName(self.tr("Findings text"))
        self.remarks.setMaximumHeight(90)
        self.remarks.textChanged.connect(self._edited)

        self.seizures = QTableWidget(0, self.SEIZURE_COLUMNS)
        self.seizures.setHorizontalHeaderLabels([
            self.tr("Goods"), self.tr("HS code"), self.tr("Quantity"), self.tr("Unit"),
            self.tr("Value (EUR)")])
        header = self.seizures.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.seizures.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.seizures.setAccessibleName(self.tr("Seizures"))
        self.seizures.setMaximumHeight(120)
        self.seizures.itemChanged.connect(self._edited)
        add = QToolButton()
        add.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogNewFolder))
        add.setAccessibleName(self.tr("Add seizure"))
        add.setToolTip(self.tr("Add seizure"))
        add.clicked.connect(lambda: self.add_seizure(Seizure("", "", 1, "kg", None)))
        remove = QToolButton()
        remove.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        remove.setAccessibleName(self.tr("Remove selected seizure"))
        remove.setToolTip(self.tr("Remove selected seizure"))
        remove.clicked.connect(self._remove_seizure)
        seizure_buttons = QVBoxLayout()
        seizure_buttons.addWidget(add)
        seizure_buttons.addWidget(remove)
        seizure_buttons.addStretch(1)
        seizure_row = QHBoxLayout()
        seizure_row.addWidget(self.seizures, 1)
        seizure_row.addLayout(seizure_buttons)

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setProperty("status", "alarm")
        self.save_button = QPushButton(self.tr("Save result and close control"))
        self.save_button.setToolTip(self.tr("Validate and save in one transaction (Ctrl+Return)"))
        self.save_button.setShortcut("Ctrl+Return")
        self.save_button.clicked.connect(self.save_requested)

        form = QFormLayout()
        form.addRow(self.tr("Result code"), self.code)
        form.addRow(self.tr("Time spent"), self.minutes)
        form.addRow(self.tr("Findings"), self.remarks)
        form.addRow(self.tr("Seizures"), seizure_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(types_box)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.problems)
        layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        self.setEnabled(False)

    def set_codes(self, codes: list[ResultCode]) -> None:
        self._loading = True
        self.code.clear()
        self.code.addItem(self.tr("— choose a result code —"), "")
        for c in codes:
            marker = self.tr(" (irregularity)") if c.irregularity else ""
            self.code.addItem(f"{c.code} — {code_label(c.label)}{marker}", c.code)
        self._loading = False

    def load(self, draft: ResultDraft) -> None:
        """Show ``draft`` (a new control or a draft recovered after a crash)."""
        self._loading = True
        self.draft = draft
        header = self.tr("Control of %1").replace("%1", draft.subject or "—")
        if not draft.control_id:  # the lane is free again (saved or handed over)
            header = self.tr("No control open")
        elif draft.referral_id:
            header += " — " + self.tr("referral %1").replace("%1", draft.referral_id)
        elif draft.subject:
            header += " — " + self.tr("random control")
        else:
            header = self.tr("Random control")
        self.header.setText(header)
        for t, box in self.type_boxes.items():
            box.setChecked(t in draft.control_types)
        index = self.code.findData(draft.code)
        self.code.setCurrentIndex(max(0, index))
        self.minutes.setValue(draft.minutes_spent or 0)
        self.remarks.setPlainText(draft.remarks)
        self.seizures.setRowCount(0)
        for z in draft.seizures:
            self.add_seizure(z)
        self.problems.clear()
        self._loading = False
        self.setEnabled(bool(draft.control_id))

    def add_seizure(self, z: Seizure) -> None:
        was_loading = self._loading
        self._loading = True
        row = self.seizures.rowCount()
        self.seizures.insertRow(row)
        unit = QComboBox()
        unit.setEditable(True)
        unit.addItems(SEIZURE_UNITS)
        unit.setCurrentText(z.unit)
        unit.setAccessibleName(self.tr("Unit"))
        unit.currentTextChanged.connect(self._edited)
        values = [z.description, z.hs_code, f"{z.quantity:g}", "",
                  "" if z.value_eur is None else f"{z.value_eur:g}"]
        for col, text in enumerate(values):
            if col == 3:
                self.seizures.setCellWidget(row, col, unit)
            else:
                self.seizures.setItem(row, col, QTableWidgetItem(text))
        self._loading = was_loading
        self._edited()

    def _remove_seizure(self) -> None:
        rows = sorted({i.row() for i in self.seizures.selectedIndexes()}, reverse=True)
        for r in rows:
            self.seizures.removeRow(r)
        self._edited()

    def current_draft(self) -> ResultDraft:
        """The draft as shown now (form fields merged into the loaded draft)."""
        d = self.draft
        d.control_types = [t for t, box in self.type_boxes.items() if box.isChecked()]
        d.code = self.code.currentData() or ""
        d.remarks = self.remarks.toPlainText()
        d.minutes_spent = self.minutes.value() or None
        d.seizures = [self._seizure(r) for r in range(self.seizures.rowCount())]
        return d

    def _seizure(self, row: int) -> Seizure:
        def text(col: int) -> str:
            item = self.seizures.item(row, col)
            return item.text().strip() if item else ""

        def number(col: int) -> float | None:
            raw = text(col).replace(",", ".")
            try:
                return float(raw) if raw else None
            except ValueError:
                return float("nan")  # shown as a validation problem, not silently dropped

        unit = self.seizures.cellWidget(row, 3)
        return Seizure(description=text(0), hs_code=text(1), quantity=number(2) or 0.0,
                       unit=unit.currentText() if isinstance(unit, QComboBox) else "",
                       value_eur=number(4))

    def show_problems(self, problems: list[str]) -> None:
        self.problems.setText("\n".join(f"✖ {p}" for p in problems))

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self.problems.clear()  # shown problems refer to the values before this edit
            self.changed.emit()
