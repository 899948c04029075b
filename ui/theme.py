"""Dark (default) and light palettes for the Fusion style.

X-ray rooms are dimmed, so the dark palette keeps large areas near 12-18 % luminance and
avoids pure white text (eye strain over a shift). Status is never carried by colour alone:
the colours below only reinforce the text and icon that every status widget shows.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


class Theme(StrEnum):
    DARK = "dark"
    LIGHT = "light"


# Status colours used by badges and banners next to their text and icon.
STATUS_COLOURS: dict[Theme, dict[str, str]] = {
    Theme.DARK: {"ok": "#3fb950", "warn": "#d29922", "alarm": "#f85149", "info": "#58a6ff",
                 "alarm_bg": "#5c1a1a", "warn_bg": "#4d3a0f", "ok_bg": "#143d22"},
    Theme.LIGHT: {"ok": "#1a7f37", "warn": "#9a6700", "alarm": "#cf222e", "info": "#0969da",
                  "alarm_bg": "#ffebe9", "warn_bg": "#fff8c5", "ok_bg": "#dafbe1"},
}


def _dark() -> QPalette:
    p = QPalette()
    window = QColor(0x26, 0x29, 0x2E)
    base = QColor(0x1B, 0x1E, 0x22)
    text = QColor(0xE0, 0xE3, 0xE7)
    disabled = QColor(0x7D, 0x84, 0x8C)
    highlight = QColor(0x2F, 0x6F, 0xB3)
    p.setColor(QPalette.ColorRole.Window, window)
    p.setColor(QPalette.ColorRole.WindowText, text)
    p.setColor(QPalette.ColorRole.Base, base)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(0x22, 0x25, 0x2A))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor(0x33, 0x37, 0x3D))
    p.setColor(QPalette.ColorRole.ToolTipText, text)
    p.setColor(QPalette.ColorRole.PlaceholderText, disabled)
    p.setColor(QPalette.ColorRole.Text, text)
    p.setColor(QPalette.ColorRole.Button, QColor(0x32, 0x36, 0x3C))
    p.setColor(QPalette.ColorRole.ButtonText, text)
    p.setColor(QPalette.ColorRole.BrightText, QColor(0xFF, 0x6B, 0x6B))
    p.setColor(QPalette.ColorRole.Link, QColor(0x58, 0xA6, 0xFF))
    p.setColor(QPalette.ColorRole.Highlight, highlight)
    p.setColor(QPalette.ColorRole.HighlightedText, QColor(0xFF, 0xFF, 0xFF))
    p.setColor(QPalette.ColorRole.Mid, QColor(0x40, 0x44, 0x4A))
    p.setColor(QPalette.ColorRole.Dark, QColor(0x15, 0x17, 0x1A))
    p.setColor(QPalette.ColorRole.Light, QColor(0x4A, 0x4F, 0x56))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def _light() -> QPalette:
    p = QPalette()
    p.setColor(QPalette.ColorRole.Window, QColor(0xF3, 0xF4, 0xF6))
    p.setColor(QPalette.ColorRole.WindowText, QColor(0x1F, 0x23, 0x28))
    p.setColor(QPalette.ColorRole.Base, QColor(0xFF, 0xFF, 0xFF))
    p.setColor(QPalette.ColorRole.AlternateBase, QColor(0xF0, 0xF2, 0xF5))
    p.setColor(QPalette.ColorRole.Text, QColor(0x1F, 0x23, 0x28))
    p.setColor(QPalette.ColorRole.Button, QColor(0xE6, 0xE8, 0xEB))
    p.setColor(QPalette.ColorRole.ButtonText, QColor(0x1F, 0x23, 0x28))
    p.setColor(QPalette.ColorRole.ToolTipBase, QColor(0xFF, 0xFF, 0xE1))
    p.setColor(QPalette.ColorRole.ToolTipText, QColor(0x1F, 0x23, 0x28))
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor(0x6E, 0x77, 0x81))
    p.setColor(QPalette.ColorRole.Highlight, QColor(0x09, 0x69, 0xDA))
    p.setColor(QPalette.ColorRole.HighlightedText, QColor(0xFF, 0xFF, 0xFF))
    p.setColor(QPalette.ColorRole.Link, QColor(0x09, 0x69, 0xDA))
    # Disabled controls must look disabled: Fusion's default left a disabled button's text
    # as dark as an enabled one's on this palette.
    disabled = QColor(0x9A, 0xA1, 0xA9)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(0xEE, 0xEF, 0xF1))
    return p


def apply_theme(app: QApplication, theme: Theme | str) -> Theme:
    """Set Fusion and the palette of ``theme`` on ``app``; returns the theme applied."""
    chosen = Theme(theme)
    app.setStyle("Fusion")
    app.setProperty("workstation_style", "Fusion")
    app.setPalette(_dark() if chosen is Theme.DARK else _light())
    app.setProperty("workstation_theme", chosen.value)
    colours = STATUS_COLOURS[chosen]
    # Only a few style sheet rules: banners and badges; the rest is the palette.
    app.setStyleSheet(
        f"""
        QLabel[status="ok"] {{ color: {colours['ok']}; }}
        QLabel[status="warn"] {{ color: {colours['warn']}; }}
        QLabel[status="alarm"] {{ color: {colours['alarm']}; font-weight: bold; }}
        QFrame#banner[status="alarm"] {{ background: {colours['alarm_bg']};
            border: 2px solid {colours['alarm']}; border-radius: 4px; }}
        QFrame#banner[status="warn"] {{ background: {colours['warn_bg']};
            border: 2px solid {colours['warn']}; border-radius: 4px; }}
        QFrame#banner[status="ok"] {{ background: {colours['ok_bg']};
            border: 2px solid {colours['ok']}; border-radius: 4px; }}
        QFrame#alarmBox {{ background: {colours['alarm_bg']};
            border: 3px solid {colours['alarm']}; border-radius: 6px; }}
        QLabel#heading {{ font-size: 13pt; font-weight: bold; }}
        QListWidget#findings {{ font-size: 12pt; }}
        QListWidget#findings::item {{ padding: 4px 2px; }}
        QPushButton#primary {{ font-size: 13pt; font-weight: bold; padding: 6px 28px; }}
        QLabel#brief {{ border: 1px solid {colours['info']}; border-radius: 4px;
            padding: 6px; }}
        """
    )
    return chosen


def current_theme(app: QApplication) -> Theme:
    value = app.property("workstation_theme")
    return Theme(value) if value else Theme.DARK


def status_colour(app: QApplication, status: str) -> str:
    return STATUS_COLOURS[current_theme(app)].get(status, STATUS_COLOURS[current_theme(app)]["info"])
