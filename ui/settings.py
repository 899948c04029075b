"""Per-user UI settings (theme, language, shortcuts, window layout) in one INI file.

The file lives under ``WORKSTATION_HOME`` (``ui-settings.ini``) rather than Qt's default
location, so tests and scripts that move the home never touch the officer's settings.
Window layouts are keyed by user, role and screen count, since a lane with a second
screen arranges its docks differently.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QGuiApplication

from workstation import paths


def open_settings() -> QSettings:
    file = paths.home() / "ui-settings.ini"
    file.parent.mkdir(parents=True, exist_ok=True)
    return QSettings(str(file), QSettings.Format.IniFormat)


def layout_key(username: str, role: str) -> str:
    screens = max(1, len(QGuiApplication.screens()))
    return f"layout/{username}/{role}/screens{screens}"


def save_layout(username: str, role: str, geometry: QByteArray, state: QByteArray) -> None:
    s = open_settings()
    key = layout_key(username, role)
    s.setValue(f"{key}/geometry", geometry)
    s.setValue(f"{key}/state", state)
    s.sync()


def load_layout(username: str, role: str) -> tuple[QByteArray | None, QByteArray | None]:
    s = open_settings()
    key = layout_key(username, role)
    geometry = s.value(f"{key}/geometry")
    state = s.value(f"{key}/state")
    return (geometry if isinstance(geometry, QByteArray) else None,
            state if isinstance(state, QByteArray) else None)


def user_value(username: str, name: str, default: str) -> str:
    value = open_settings().value(f"user/{username}/{name}", default)
    return str(value)


def set_user_value(username: str, name: str, value: str) -> None:
    s = open_settings()
    s.setValue(f"user/{username}/{name}", value)
    s.sync()


def global_value(name: str, default: str) -> str:
    return str(open_settings().value(f"global/{name}", default))


def set_global_value(name: str, value: str) -> None:
    s = open_settings()
    s.setValue(f"global/{name}", value)
    s.sync()
