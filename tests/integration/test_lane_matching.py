"""A simulated lane: vehicles from the camera simulator's scenes are read and matched to
their queued referrals (acceptance: at least 95% matched to the right referral)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

import pytest

from devices.camera.sim.scenes import make_vehicle, render
from workstation.db.engine import Database
from workstation.db.models import Referral, TransportIdentity
from workstation.recognition.containers import read_containers
from workstation.recognition.ocr import OcrEngine
from workstation.recognition.plates import read_plates
from workstation.services.matching import match_vehicle, rank, score

VEHICLES = 20


def _referral(ref_id: str, identities: list[tuple[str, str]]) -> Referral:
    referral = Referral(referral_id=ref_id, source="test", issued_at=datetime.now(UTC),
                        declaration_type="H1", channel="red", priority=1, lane="L1",
                        status="queued", content_sha256=hashlib.sha256(ref_id.encode()).hexdigest())
    referral.transport_ids = [TransportIdentity(position=i, kind=k, value=v)
                              for i, (k, v) in enumerate(identities)]
    return referral


def test_confusion_tolerant_scores() -> None:
    assert score("PP587AO", "PP587AO") == 1.0
    assert 0.8 < score("PP587A0", "PP587AO") < 1.0
    assert score("BA123CD", "XY987ZZ") == 0.0
    ranked = rank("ba-123 cd", "plate", [("r1", "plate", "BA123CD"), ("r2", "plate", "8A123CD"),
                                         ("r3", "container", "BA123CD")])
    assert [key for key, _, _ in ranked] == ["r1", "r2"]


@pytest.mark.slow
def test_simulated_lane_matches_vehicles_to_referrals(sqlite_db: Database) -> None:
    vehicles = [make_vehicle(seed=11, index=i) for i in range(VEHICLES)]
    expected: dict[int, str] = {}
    with sqlite_db.unit_of_work() as session:
        for v in vehicles:
            ids = [("plate", v.plate)] + ([("container", v.container)] if v.container else [])
            ref_id = f"REF-{v.index:03d}-{uuid.uuid4().hex[:6]}"
            expected[v.index] = ref_id
            session.add(_referral(ref_id, ids))
        for i in range(5):  # referrals for vehicles that never come
            decoy = make_vehicle(seed=99, index=i)
            session.add(_referral(f"DECOY-{i}", [("plate", decoy.plate)]))
    engine = OcrEngine()
    matched = 0
    misses = []
    for v in vehicles:
        image = render(v, 640, 360)
        lines = engine.read_lines(image)
        from workstation.recognition.containers import codes_from_lines
        from workstation.recognition.plates import plate_candidates

        plates = [p.text for p in plate_candidates(lines)[:3]]
        codes = [c.code for c in codes_from_lines(engine, image, lines) if c.valid]
        with sqlite_db.unit_of_work() as session:
            matches = match_vehicle(session, plates, codes, lane="L1")
        if matches and matches[0].referral_id == expected[v.index]:
            matched += 1
        else:
            misses.append((v.plate, v.container, plates, codes))
    assert matched / VEHICLES >= 0.95, misses
    assert read_plates and read_containers  # the public entry points exist for the lane
