"""Keyboard shortcuts: one registry of tool actions, shown in tooltips, listed in the help
overlay, and changeable per user (kept in the UI settings file)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QKeySequenceEdit,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui import settings


@dataclass
class ToolSpec:
    key: str  # stable id, e.g. "zoom_in"
    text: str  # translated label
    default: str  # default key sequence, portable text ("Ctrl+O", "F", "+")


class ShortcutRegistry:
    """Holds every tool ``QAction``; applies the user's overrides; keeps tooltips in step."""

    def __init__(self, username: str) -> None:
        self.username = username
        self.actions: dict[str, QAction] = {}
        self.specs: dict[str, ToolSpec] = {}

    def add(self, parent: QWidget, spec: ToolSpec, slot: Callable[..., object], *,
            checkable: bool = False, tip: str = "") -> QAction:
        action = QAction(spec.text, parent)
        action.setCheckable(checkable)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setData(tip or spec.text)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        parent.addAction(action)
        self.actions[spec.key] = action
        self.specs[spec.key] = spec
        self._apply(spec.key, settings.user_value(self.username, f"shortcut/{spec.key}",
                                                  spec.default))
        return action

    def adopt(self, parent: QWidget, spec: ToolSpec, button: QAbstractButton) -> QAction:
        """A panel button's own shortcut becomes a registry action of ``parent``'s window:
        listed in F1, changeable in the shortcut editor, checked for conflicts. The action
        clicks the button (a disabled button ignores it, as it ignores the mouse)."""
        button.setShortcut(QKeySequence())
        action = self.add(parent, spec, lambda *_: button.click())
        button.setToolTip(action.toolTip())
        return action

    def sequence(self, key: str) -> str:
        return self.actions[key].shortcut().toString(QKeySequence.SequenceFormat.NativeText)

    def set_sequence(self, key: str, sequence: str) -> None:
        """Change one shortcut now and for this user's next sessions."""
        settings.set_user_value(self.username, f"shortcut/{key}", sequence)
        self._apply(key, sequence)

    def _apply(self, key: str, sequence: str) -> None:
        action = self.actions[key]
        action.setShortcut(QKeySequence(sequence))
        shown = self.sequence(key)
        base = str(action.data())
        action.setToolTip(f"{base} ({shown})" if shown else base)

    def conflicts(self) -> dict[str, list[str]]:
        """Key sequences bound to more than one tool (shown in the shortcut editor)."""
        seen: dict[str, list[str]] = {}
        for key in self.actions:
            seq = self.sequence(key)
            if seq:
                seen.setdefault(seq, []).append(key)
        return {seq: keys for seq, keys in seen.items() if len(keys) > 1}


class HelpOverlay(QFrame):
    """A translucent panel over the scan listing every shortcut; F1 or Esc closes it."""

    def __init__(self, registry: ShortcutRegistry, parent: QWidget) -> None:
        super().__init__(parent)
        self.registry = registry
        self.setObjectName("helpOverlay")
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.Box)
        self.grid = QGridLayout()
        # Keys sit right beside their descriptions: only the description columns stretch.
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.grid.setHorizontalSpacing(16)
        title = QLabel(self.tr("Keyboard shortcuts (F1 closes)"))
        title.setObjectName("heading")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.hide()

    def refresh(self, columns: int = 2) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        keys = sorted(self.registry.actions, key=lambda k: self.registry.specs[k].text.lower())
        half = len(keys) if columns == 1 else (len(keys) + 1) // 2
        for i, key in enumerate(keys):
            column = 0 if i < half else 2
            row = i % half
            seq = QLabel(f"<b>{self.registry.sequence(key) or '—'}</b>")
            self.grid.addWidget(seq, row, column)
            self.grid.addWidget(QLabel(self.registry.specs[key].text), row, column + 1)

    def toggle(self) -> None:
        if self.isVisible():
            self.hide()
            return
        parent = self.parentWidget()
        self.refresh(2 if parent is None or parent.width() >= 900 else 1)
        if parent is not None:
            margin = 20 if parent.width() < 900 else 40
            self.setGeometry(parent.rect().adjusted(margin, margin, -margin, -margin))
        self.raise_()
        self.show()


class ShortcutEditor(QDialog):
    """Edit every tool's key sequence; conflicts are named before saving."""

    def __init__(self, registry: ShortcutRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.edits: dict[str, QKeySequenceEdit] = {}
        grid = QGridLayout()
        for row, key in enumerate(sorted(registry.actions)):
            grid.addWidget(QLabel(registry.specs[key].text), row, 0)
            edit = QKeySequenceEdit(registry.actions[key].shortcut())
            edit.setAccessibleName(registry.specs[key].text)
            grid.addWidget(edit, row, 1)
            self.edits[key] = edit
        inner = QWidget()
        inner.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        self.problem = QLabel()
        self.problem.setProperty("status", "alarm")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(
            self._defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(480, 560)

    def _defaults(self) -> None:
        for key, edit in self.edits.items():
            edit.setKeySequence(QKeySequence(self.registry.specs[key].default))

    def _save(self) -> None:
        chosen = {k: e.keySequence().toString() for k, e in self.edits.items()}
        used: dict[str, str] = {}
        for key, seq in chosen.items():
            if seq and seq in used:
                self.problem.setText(self.tr("%1 is used twice: %2 and %3").replace("%1", seq)
                                     .replace("%2", self.registry.specs[used[seq]].text)
                                     .replace("%3", self.registry.specs[key].text))
                return
            used[seq] = key
        for key, seq in chosen.items():
            self.registry.set_sequence(key, seq)
        self.accept()
