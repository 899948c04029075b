"""App shell: first administrator, login, role windows, theme, language, layout."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OFFICER_PASSWORD
from ui.app import LaneApplication
from ui.context import AppContext
from ui.login import FirstAdminDialog, LoginDialog
from ui.theme import Theme, apply_theme
from ui.windows.officer import OfficerWindow
from ui.windows.placeholder import PlaceholderWindow
from workstation.lane.types import UserInfo


def test_login_opens_the_officer_window_with_the_queue(qtbot: QtBot, lane_app: LaneApplication,
                                                      lane_ctx: AppContext, screenshot) -> None:
    dialog = LoginDialog(lane_ctx.writer, lane_ctx.gateway, "L1")
    qtbot.addWidget(dialog)
    dialog.username.setText("officer1")
    dialog.password.setText("wrong password")
    dialog.attempt()
    qtbot.waitUntil(lambda: dialog.isEnabled() and "wrong" in dialog.message.text(), timeout=10000)
    dialog.password.setText(OFFICER_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.attempt()
    assert dialog.user is not None and dialog.user.role == "officer"
    window = lane_app.open_window_for(dialog.user)
    assert isinstance(window, OfficerWindow)
    qtbot.waitUntil(lambda: window.queue.model.rowCount() == 4, timeout=10000)
    # Most urgent first: priority 1 at the top.
    assert window.queue.proxy.index(0, 0).data() == "1"
    window.queue.search.setText("GD77")
    assert window.queue.proxy.rowCount() == 1


def test_first_start_creates_the_administrator(qtbot: QtBot, lane_ctx: AppContext) -> None:
    with lane_ctx.db.unit_of_work() as s:
        from workstation.db import models as m

        s.query(m.User).delete()  # simulate the very first start
    dialog = FirstAdminDialog(lane_ctx.writer, lane_ctx.gateway)
    qtbot.addWidget(dialog)
    dialog.password.setText("short")
    dialog.repeat.setText("short")
    dialog.attempt()
    qtbot.waitUntil(lambda: dialog.isEnabled() and "short" in dialog.message.text(), timeout=10000)
    dialog.password.setText("a-long-admin-password")
    dialog.repeat.setText("a-long-admin-password")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        dialog.attempt()
    assert dialog.user is not None and dialog.user.role == "admin"
    assert lane_ctx.writer.run_now(lane_ctx.gateway.user_count) == 1


def test_supervisor_gets_the_review_window(qtbot: QtBot, lane_app: LaneApplication,
                                          lane_ctx: AppContext) -> None:
    from ui.windows.supervisor import SupervisorWindow

    window = lane_app.open_window_for(UserInfo(uuid.uuid4(), "sup", "", "supervisor"))
    assert isinstance(window, SupervisorWindow) and lane_ctx.review is not None
    assert lane_ctx.session is None  # no lane session: a supervisor works no controls


def test_technician_sees_a_labelled_placeholder(qtbot: QtBot, lane_app: LaneApplication,
                                                lane_ctx: AppContext) -> None:
    window = lane_app.open_window_for(UserInfo(uuid.uuid4(), "tech", "", "technician"))
    assert isinstance(window, PlaceholderWindow)
    texts = [label.text() for label in window.centralWidget().findChildren(QLabel)]
    assert any("later version" in t for t in texts)


def test_themes_differ(qapp: QApplication) -> None:
    apply_theme(qapp, Theme.LIGHT)
    light = qapp.palette().window().color().lightness()
    apply_theme(qapp, Theme.DARK)
    dark = qapp.palette().window().color().lightness()
    assert dark < 80 < light
    # With a style sheet set, Qt wraps Fusion in its style-sheet style: ask a plain widget's.
    assert qapp.property("workstation_style") == "Fusion"


def test_german_is_shipped_and_switches_the_window(qtbot: QtBot, lane_app: LaneApplication,
                                                   lane_ctx: AppContext, officer: UserInfo,
                                                   screenshot) -> None:
    window = lane_app.open_window_for(officer)
    assert "lane" in window.windowTitle()
    lane_app.switch_language("de")
    try:
        german = lane_app.window
        assert german is not None and german is not window
        assert "Spur" in german.windowTitle()
        qtbot.waitUntil(lambda: german.queue.model.rowCount() == 4, timeout=10000)
        screenshot(german, "11-lane-german-dark")
    finally:
        lane_app.switch_language("en")
    assert "lane" in lane_app.window.windowTitle()


def test_window_layout_is_saved_per_user(qtbot: QtBot, lane_app: LaneApplication,
                                         officer: UserInfo) -> None:
    from ui import settings

    window = lane_app.open_window_for(officer)
    window.docks["camera"].hide()
    window.close()
    lane_app.window = None
    geometry, state = settings.load_layout(officer.username, officer.role)
    assert geometry is not None and state is not None
    again = lane_app.open_window_for(officer)
    assert again.docks["camera"].isHidden()
    assert settings.load_layout("someone-else", "officer") == (None, None)
