"""Fixtures for the UI tests: an offscreen lane application against a fresh SQLite file,
with referrals imported and an officer account, and checks that no window is left."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from tests.lane_fixtures import (  # noqa: E402,F401 - re-exported for the UI tests
    CAMERA_SEED,
    OFFICER_PASSWORD,
    first_vehicle_plate,
    referral_data,
    simulated_lane_devices,
)
from ui.app import LaneApplication  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.main_thread_gc import MainThreadCollector  # noqa: E402
from workstation.config import DeviceConfig, WorkstationConfig  # noqa: E402
from workstation.formats.referrals import validate_referrals  # noqa: E402
from workstation.lane.types import UserInfo  # noqa: E402
from workstation.services import referrals, users  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def lane_devices() -> list[DeviceConfig]:
    """Devices of ``lane_ctx``: none by default (screens only); flow tests override this."""
    return []


@pytest.fixture
def lane_ctx(qapp: QApplication, tmp_path: Path,
             lane_devices: list[DeviceConfig]) -> Iterator[AppContext]:
    """A running context (writer, renderer, drafts, analysis, ``lane_devices``) on a fresh
    database with referrals and an officer."""
    config = WorkstationConfig()
    config.database.url = f"sqlite:///{tmp_path / 'lane.sqlite3'}"
    config.storage.image_store = tmp_path / "images"
    ctx = AppContext.create(config, devices=lane_devices)
    with ctx.db.unit_of_work() as s:
        users.add_user(s, "officer1", "officer", OFFICER_PASSWORD, full_name="Anna Officer",
                       actor="test")
        referrals.import_referrals(s, validate_referrals(referral_data(), "test.json"),
                                   file="test.json", actor="test")
    yield ctx
    ctx.close()


@pytest.fixture
def lane_app(qapp: QApplication, lane_ctx: AppContext) -> Iterator[LaneApplication]:
    app = LaneApplication(qapp, lane_ctx)
    yield app
    if app.window is not None:
        app.window.close()
        app.window = None
    lane_ctx.end_session()


@pytest.fixture
def officer(lane_ctx: AppContext) -> UserInfo:
    return lane_ctx.writer.run_now(lambda: lane_ctx.gateway.authenticate("officer1",
                                                                         OFFICER_PASSWORD))


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    """No window left open; and, as in the application, reference cycles (windows, bridges,
    dialogs) collected on the main thread only, never on a device host or job thread."""
    collector = MainThreadCollector(qapp)
    collector.start()
    try:
        yield
    finally:
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # runs deleteLater
        left = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in left:
            w.close()
        collector.stop()
        collector.deleteLater()
    assert not left, f"test left windows open: {[type(w).__name__ for w in left]}"


@pytest.fixture
def screenshot() -> Callable[[QWidget, str], Path]:
    def take(widget: QWidget, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        QApplication.processEvents()
        assert widget.grab().save(str(path)), f"could not write {path}"
        return path

    return take
