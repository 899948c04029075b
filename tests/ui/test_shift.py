"""A shift, not a demo: the lane locks itself when left alone (the open control kept), and
controls returned by a supervisor are listed as "returned to you" with the comment."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OFFICER_PASSWORD
from ui.app import LaneApplication
from ui.context import AppContext
from ui.windows.officer import OfficerWindow
from workstation.lane.types import ResultDraft, UserInfo
from workstation.services import controls, users

WAIT_MS = 30000


def test_idle_lock_hides_the_lane_and_keeps_the_open_control(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, lane_ctx: AppContext,
        officer: UserInfo) -> None:
    lane_ctx.config.lane.idle_lock_minutes = 0.005  # 0.3 s without input
    window = lane_app.open_window_for(officer)
    assert isinstance(window, OfficerWindow)
    with qtbot.waitSignal(window.control_opened, timeout=WAIT_MS) as opened:
        window.open_control(None, "random")
    control_id = opened.args[0]
    seen: dict[str, object] = {}

    def unlock_when_asked() -> None:
        dialog = lane_app.lock_dialog
        if dialog is None:
            QTimer.singleShot(20, unlock_when_asked)
            return
        seen["hidden"] = not window.isVisible()
        seen["user"] = dialog.username.text()
        seen["read_only"] = dialog.username.isReadOnly()
        dialog.reject()  # Esc does not unlock
        seen["after_escape"] = dialog.isVisible()
        dialog.password.setText(OFFICER_PASSWORD)
        dialog.attempt()

    QTimer.singleShot(0, unlock_when_asked)
    qtbot.waitUntil(lambda: "hidden" in seen and window.isVisible(), timeout=WAIT_MS)
    assert lane_app.idle is not None
    lane_app.idle.stop()  # the rest of the test is not about locking again
    assert seen == {"hidden": True, "user": "officer1", "read_only": True, "after_escape": True}
    assert window.control_id == control_id  # nothing of the open control was lost


def test_controls_returned_by_a_supervisor_are_listed_with_the_comment(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, lane_ctx: AppContext,
        officer: UserInfo, screenshot) -> None:  # type: ignore[no-untyped-def]
    window = lane_app.open_window_for(officer)
    assert isinstance(window, OfficerWindow)
    session = window.session
    control_id = session.open_control(None, "B-XY-1234").result(30)
    assert control_id is not None
    assert session.save_result(ResultDraft(control_id=control_id, code="A2", minutes_spent=3,
                                           control_types=["documentary"])).result(30)
    with lane_ctx.db.unit_of_work() as s:
        users.add_user(s, "sven", "supervisor", OFFICER_PASSWORD, actor="test")
        controls.review_control(s, control_id, users.get_user(s, "sven"), approve=False,
                                comment="seizure value missing")
    window.refresh_queue()
    qtbot.waitUntil(lambda: window.queue.held_list.count() == 1, timeout=WAIT_MS)
    text = window.queue.held_list.item(0).text()
    assert "RETURNED" in text and "seizure value missing" in text
    assert window.queue.held_list.isVisibleTo(window)
    screenshot(window, "12-returned-to-you-dark")
    item = window.queue.held_list.item(0)
    window.queue.held_list.itemActivated.emit(item)
    qtbot.waitUntil(lambda: window.control_id == control_id, timeout=WAIT_MS)


def test_a_portal_monitor_file_opens_as_a_pass_from_the_lane_menu(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, officer: UserInfo,
        monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog, QFileDialog

    from standards.spectra import write_n42
    from tests.ui.test_portal_profile import _pass

    window = lane_app.open_window_for(officer)
    assert isinstance(window, OfficerWindow)
    portal = tmp_path / "pass.n42"
    portal.write_bytes(write_n42(_pass(alarm=True)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(portal), "")))
    window.registry.actions["portal"].trigger()
    qtbot.waitUntil(lambda: any(isinstance(w, QDialog) and w.isVisible()
                                and "pass.n42" in w.windowTitle()
                                for w in QApplication.topLevelWidgets()), timeout=WAIT_MS)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QDialog) and "pass.n42" in w.windowTitle())
    dialog.close()


def test_the_panels_keys_are_listed_and_can_be_changed(
        qtbot: QtBot, qapp: QApplication, lane_app: LaneApplication, officer: UserInfo) -> None:
    window = lane_app.open_window_for(officer)
    assert isinstance(window, OfficerWindow)
    registry = window.registry
    for key, default in (("save_result", "Ctrl+Return"), ("ack_alarm", "Ctrl+K"),
                         ("open_referral", "Ctrl+O"), ("random_control", "Ctrl+Shift+O"),
                         ("confirm_vehicle", "Ctrl+Shift+M")):
        assert registry.actions[key].shortcut().toString() == default
    assert window.form.save_button.shortcut().isEmpty()  # one binding, not two
    assert not registry.conflicts()
    registry.set_sequence("random_control", "Ctrl+Alt+R")
    with qtbot.waitSignal(window.control_opened, timeout=WAIT_MS):
        registry.actions["random_control"].trigger()
    registry.set_sequence("random_control", "Ctrl+Shift+O")
