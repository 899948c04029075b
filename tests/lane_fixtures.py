"""Qt-free fixtures of the lane shared by the headless and the window tests: referrals for
lane L1 whose first names the camera simulator's first vehicle, and the simulated devices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from workstation.config import DeviceConfig

OFFICER_PASSWORD = "lane-one-officer"  # test account only
CAMERA_SEED = 7  # vehicle 0 of this seed is the first one the camera simulator shows


def first_vehicle_plate() -> str:
    """The plate of the first vehicle the lane camera simulator shows (ground truth)."""
    from devices.camera.sim.scenes import make_vehicle

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
         "settings": {"integration_us": 200, "block_lines": 64, "reply_timeout_s": 60.0},
         "simulator": {"seed": 7, "scene": "parcel"}},
        {"name": "lane-camera", "kind": "camera", "driver": "camera-opencv", "simulated": True,
         "simulator": {"seed": CAMERA_SEED, "fps": 10, "frames_per_vehicle": 100000}},
        {"name": "riid", "kind": "riid", "driver": "riid-serial", "simulated": True,
         "simulator": {"source": "Cs-137", "activity_mbq": 20.0, "distance_m": 1.0,
                       "time_scale": 0.0, "seed": 7}},
    )]


