"""App shell: first administrator, login, role windows, theme, language, layout."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OFFICER_PASSWORD
from ui.app import LaneApplication
from ui.context import AppContext
from ui.login import FirstAdminDialog, LoginDialog
from ui.theme import Theme, apply_theme
from ui.windows.officer import OfficerWindow
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


def test_technician_sees_the_devices_and_the_checks_on_record(
        qtbot: QtBot, lane_app: LaneApplication, lane_ctx: AppContext) -> None:
    from ui.windows.technician import TechnicianWindow
    from workstation.lane.events import DeviceHealth
    from workstation.services import detector_checks, users

    with lane_ctx.db.unit_of_work() as s:
        tech = users.add_user(s, "tess", "technician", "technician-pass", actor="test")
        detector_checks.record_calibration(s, "scanner", {"detector": "Sim/X/1", "pixels": 1000,
                                                         "bad_pixels": 3}, tech)
        info = UserInfo(tech.id, tech.username, tech.full_name, tech.role)
    lane_ctx.bridge.publish(DeviceHealth("riid", "riid", "lost", "check cable and power"))
    window = lane_app.open_window_for(info)
    assert isinstance(window, TechnicianWindow)
    qtbot.waitUntil(lambda: window.check_table.rowCount() == 1, timeout=20000)
    check = [window.check_table.item(0, c).text() for c in range(6)]
    assert check[1:5] == ["scanner", "detector-calibration", "passed", "tess"]
    assert "3 bad pixel(s) of 1000" in check[5]
    # no device configured on this lane: the one the bridge reported shows in the status bar
    assert "DISCONNECTED" in window.devices.badges["riid"].text.text()


def test_administrator_lists_and_adds_users(qtbot: QtBot, lane_app: LaneApplication,
                                            lane_ctx: AppContext) -> None:
    from ui.windows.office import AdminWindow
    from workstation.services import users

    with lane_ctx.db.unit_of_work() as s:
        admin = users.add_user(s, "ada", "admin", "admin-password", actor="test")
        info = UserInfo(admin.id, admin.username, admin.full_name, admin.role)
    window = lane_app.open_window_for(info)
    assert isinstance(window, AdminWindow)
    qtbot.waitUntil(lambda: window.table.rowCount() == 2, timeout=20000)  # ada, officer1
    window.username.setText("otto")
    window.role.setCurrentIndex(window.role.findData("officer"))
    window.password.setText("short")
    window.repeat.setText("short")
    window.add_button.click()
    qtbot.waitUntil(lambda: "password" in window.message.text(), timeout=20000)  # refused
    window.password.setText("otto-password")
    window.repeat.setText("otto-password")
    window.add_button.click()
    qtbot.waitUntil(lambda: window.table.rowCount() == 3, timeout=20000)
    with lane_ctx.db.unit_of_work() as s:
        assert users.get_user(s, "otto").role == "officer"


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
