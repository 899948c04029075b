"""The technician's handheld and camera checks (issue 13, item 5) on the Qt-free session,
run against the simulators through their real transports: the RIID check source over the
simulator's pty (N42.42 frames), the camera check on frames of the simulator's MJPEG stream
with the plate read the officer's lane stored for the vehicle."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import cv2
import pytest

from devices.camera.sim.scenes import make_vehicle
from devices.handheld.sim import riid_physics
from tests.integration.test_lane_session import WAIT_S, Lane, config  # noqa: F401 - fixture
from tests.lane_fixtures import CAMERA_SEED, first_vehicle_plate
from workstation.config import WorkstationConfig
from workstation.lane.events import PlateRead, ReferralMatched
from workstation.lane.technician import TechnicianSession
from workstation.lane.technician_events import CheckSourceDone
from workstation.lane.types import UserInfo
from workstation.services import camera_checks, check_source, users

TECH_PASSWORD = "technician-pass"  # test account only
# The RIID simulator of tests.lane_fixtures: Cs-137, 20 MBq at 1 m, background 0.08 µSv/h.
TRUE_DOSE_USV_H = riid_physics.dose_rate_usv_h("Cs-137", 20.0, 1.0) + 0.08


def _with_check_source(lane: Lane, table: dict[str, Any]) -> None:
    devices = lane.services.devices
    assert devices is not None
    devices.configs = [c.model_copy(update={"check_source": table}) if c.kind == "riid" else c
                       for c in devices.configs]


def _technician(lane: Lane) -> TechnicianSession:
    with lane.db.unit_of_work() as s:
        users.add_user(s, "tess", "technician", TECH_PASSWORD, actor="test")
    user: UserInfo = lane.services.writer.run_now(
        lambda: lane.services.gateway.authenticate("tess", TECH_PASSWORD))
    return TechnicianSession(lane.services, user, lane.front)


@pytest.fixture
def riid_lane(config: WorkstationConfig) -> Iterator[Lane]:  # noqa: F811
    lane = Lane(config, kinds=("riid",))
    yield lane
    lane.close()


def test_check_source_measures_the_simulated_cs137_source(riid_lane: Lane) -> None:
    lane = riid_lane
    assert lane.services.devices is not None
    _with_check_source(lane, {"nuclide": "Cs-137", "expected": round(TRUE_DOSE_USV_H, 2),
                              "tolerance_pct": 20, "real_time_s": 30})
    lane.services.devices.start()
    tech = _technician(lane)

    done = tech.check_source("riid").result(WAIT_S)
    assert isinstance(done, CheckSourceDone)
    assert done.passed, done.reason
    assert done.expected_nuclide == "Cs-137" and "Cs-137" in done.identified
    # the spectrum is drawn in keV: 1024 channels of 3 keV, the photopeak at 662 keV
    assert len(done.counts) == len(done.energy_kev) == 1024
    peak = done.energy_kev[max(range(200, 1024), key=lambda i: done.counts[i])]
    assert 640 <= peak <= 685, peak
    with lane.db.unit_of_work() as s:
        stored = check_source.history(s, "riid")
        assert len(stored) == 1 and stored[0].check.passed
        measured = stored[0].check.measured["dose_rate"]["value"]
        # 30 s of counts at 800 cps per µSv/h: Poisson spread well under 1 %
        assert measured == pytest.approx(TRUE_DOSE_USV_H, rel=0.05)
        assert stored[0].technician == "tess"


def test_check_source_fails_on_the_wrong_nuclide_and_a_weak_source(riid_lane: Lane) -> None:
    lane = riid_lane
    assert lane.services.devices is not None
    _with_check_source(lane, {"nuclide": "Co-60", "expected": round(TRUE_DOSE_USV_H, 2)})
    lane.services.devices.start()
    tech = _technician(lane)
    done = tech.check_source("riid").result(WAIT_S)
    assert not done.passed and "Co-60 not identified" in done.reason
    assert "Cs-137" in done.identified

    _with_check_source(lane, {"nuclide": "Cs-137", "expected": 3 * TRUE_DOSE_USV_H})
    done = tech.check_source("riid").result(WAIT_S)
    assert not done.passed and "outside" in done.reason, done.reason


SHARP_SEED = 9  # the camera simulator's first vehicle of this seed is rendered sharp


@pytest.fixture
def camera_lane(config: WorkstationConfig, request: pytest.FixtureRequest) -> Iterator[Lane]:  # noqa: F811
    """A lane with the camera only; ``request.param`` replaces the simulator's seed."""
    lane = Lane(config, kinds=("camera",))
    assert lane.services.devices is not None
    seed = getattr(request, "param", None)
    if seed is not None:
        lane.services.devices.configs = [
            c.model_copy(update={"simulator": {**c.simulator, "seed": seed}})
            for c in lane.services.devices.configs]
    yield lane
    lane.close()


@pytest.mark.parametrize("camera_lane", [SHARP_SEED], indirect=True)
def test_camera_check_passes_a_sharp_well_exposed_camera(camera_lane: Lane) -> None:
    lane = camera_lane
    assert lane.services.devices is not None
    assert make_vehicle(SHARP_SEED, 0).blur_px == 0
    lane.services.devices.start()
    lane.front.wait_for(PlateRead)  # frames are coming
    tech = _technician(lane)
    done = tech.camera_check("lane-camera").result(WAIT_S)
    assert done.passed, done.reasons
    # no vehicle on record yet: focus on the lower middle of the frame, no read rate
    assert done.values["reads"] == 0 and done.values["read_rate_pct"] is None
    # a sharp plate through the stream's JPEG: several hundred (grey levels squared)
    assert done.values["focus"] > 3 * camera_checks.FOCUS_MIN
    low, high = camera_checks.EXPOSURE_RANGE
    assert low <= done.values["exposure_mean"] <= high
    assert done.values["clipped_pct"] < camera_checks.CLIPPED_MAX_PCT


def test_camera_check_on_the_plate_the_lane_read(camera_lane: Lane) -> None:
    """The first vehicle of the lane's camera seed comes with a 3 px blur (motion): its plate
    is read all the same, and focus on the stored plate box still passes; the same frame
    defocused further fails."""
    lane = camera_lane
    assert lane.services.devices is not None
    assert make_vehicle(CAMERA_SEED, 0).blur_px == 3
    officer = lane.login("officer1")
    lane.services.devices.start()
    # the officer's lane reads the vehicle and stores the read with the control
    plate = first_vehicle_plate()
    read = lane.front.wait_for(PlateRead, lambda e: e.reading.text == plate)
    matched = lane.front.wait_for(ReferralMatched, lambda e: e.row is not None)
    assert officer.confirm_vehicle(plate, matched.row).result(WAIT_S) is not None
    officer.close()

    tech = _technician(lane)
    done = tech.camera_check("lane-camera").result(WAIT_S)
    values = done.values
    assert done.passed, done.reasons
    # one vehicle, its plate read without correction (the container code read on the same
    # frame is no second vehicle): 100 %
    assert values["reads"] == 1 and values["read_rate_pct"] == 100.0
    # measured on the stored plate box (the text's edges), above the limit despite the blur
    box = read.reading.box
    assert box is not None
    assert values["focus"] > camera_checks.FOCUS_MIN
    with lane.db.unit_of_work() as s:
        rows = check_source.history(s, "lane-camera", camera_checks.CHECK_KIND)
        assert len(rows) == 1 and rows[0].check.passed and rows[0].technician == "tess"
        assert rows[0].check.measured["focus"] == values["focus"]

    # the same frame from the stream, defocused (Gaussian, sigma 4 px): out of focus
    frame = lane.services.devices.hosts["lane-camera"].device.latest()
    assert frame is not None
    blurred = cv2.GaussianBlur(frame.image, (0, 0), 4.0)
    sharp = camera_checks.measure_frame(frame.image, box)["focus"]
    soft = camera_checks.measure_frame(blurred, box)
    assert soft["focus"] < camera_checks.FOCUS_MIN < sharp
    verdict = camera_checks.judge({**soft, "read_rate_pct": None, "reads": 0})
    assert not verdict.passed and verdict.reasons[0].startswith("out of focus")
