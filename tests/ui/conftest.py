"""Fixtures for the UI tests: an offscreen lane application against a fresh SQLite file,
with referrals imported and an officer account, and checks that no window is left."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from ui.app import LaneApplication  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.lane_types import UserInfo  # noqa: E402
from workstation.config import DeviceConfig, WorkstationConfig  # noqa: E402
from workstation.formats.referrals import validate_referrals  # noqa: E402
from workstation.services import referrals, users  # noqa: E402

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
OFFICER_PASSWORD = "lane-one-officer"  # test account only


CAMERA_SEED = 7  # vehicle 0 of this seed is the first one the camera simulator shows


def first_vehicle_plate() -> str:
    """The plate of the first vehicle the lane camera simulator shows (ground truth)."""
    from devices.camera.scenes import make_vehicle

    return make_vehicle(CAMERA_SEED, 0).plate


def referral_data(n: int = 4) -> list[dict[str, object]]:
    """``n`` queued referrals for lane L1; the first names the camera's first vehicle."""
    now = datetime.now(UTC)
    plates = [first_vehicle_plate(), "B-XY-1234", "GD 77 KLM", "WX12ABC", "M-QQ-77", "HH-EU-42"]
    channels = ["red", "yellow", "red", "blue", "green", "red"]
    out = []
    for i in range(n):
        out.append({
            "referral_id": f"NL-RMS-2026-{123 + i:06d}", "source": "national-rms",
            "issued_at": (now - timedelta(hours=2)).isoformat(), "declaration_type": "IM",
            "transport": {"plates": [plates[i % len(plates)]], "containers": [],
                          "parcel_ids": []},
            "channel": channels[i % len(channels)],
            "risk_profiles": [{"code": f"CRC-FIN-0{i + 1}", "description": "undervaluation textiles",
                               "risk_area": "financial"}],
            "control_instructions": [{"type": "scan", "text": "scan whole trailer"}],
            "priority": 1 + i % 3, "deadline": (now + timedelta(hours=1 + i)).isoformat(),
            "lane": "L1",
            "goods": [{"description": "cotton shirts", "hs_code": "620520", "origin": "CN",
                       "declared_value_eur": 12500.0, "gross_mass_kg": 830.0}],
        })
    return out


def simulated_lane_devices() -> list[DeviceConfig]:
    """The real drivers against their simulators, sized for tests: a fast scanner (5,000
    lines/s), a camera that keeps its first vehicle, a RIID near a Cs-137 source that
    answers a measurement at once (``time_scale`` 0, still 30 s of counts)."""
    return [DeviceConfig.model_validate(d) for d in (
        {"name": "scanner", "kind": "xray", "driver": "xray-tcp", "simulated": True,
         "settings": {"seed": 7, "integration_us": 200, "block_lines": 64,
                      "reply_timeout_s": 60.0}},
        {"name": "lane-camera", "kind": "camera", "driver": "camera-opencv", "simulated": True,
         "settings": {"seed": CAMERA_SEED, "fps": 10, "frames_per_vehicle": 100000}},
        {"name": "riid", "kind": "riid", "driver": "riid-serial", "simulated": True,
         "settings": {"source": "Cs-137", "activity_mbq": 20.0, "distance_m": 1.0,
                      "time_scale": 0.0, "seed": 7}},
    )]


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
    ctx = AppContext.create(config, devices=lane_devices, scan_scene="parcel")
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
    lane_ctx.user = None


@pytest.fixture
def officer(lane_ctx: AppContext) -> UserInfo:
    return lane_ctx.writer.run_now(lambda: lane_ctx.gateway.authenticate("officer1",
                                                                         OFFICER_PASSWORD))


@pytest.fixture(autouse=True)
def _no_leaked_windows(qapp: QApplication) -> Iterator[None]:
    yield
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, 0)  # runs deleteLater
    left = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    for w in left:
        w.close()
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
