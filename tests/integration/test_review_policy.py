"""The post's review policy (issue 12): every irregular control and every control with a
rejected alarm goes to review, plus a seeded random share of the others; the rest are
approved by the policy, recorded as such (who = "policy", audited) and shown in the
dossier. The dossier draws each RIID reading's spectrum with its nuclides and shows
substance and density values; a supervisor's second-opinion note is recorded, audited and
exported with the results."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.test_lane_session import WAIT_S, Lane
from tests.integration.test_review_session import _close_control, _reviewer
from tests.integration.test_review_session import config as config  # noqa: F401 - fixture
from tests.review_evidence import PEAK_KEV, record_handheld_evidence
from workstation.config import ConfigError, WorkstationConfig, load, to_toml
from workstation.db import models as m
from workstation.formats.results import CSV_COLUMNS, to_csv
from workstation.lane.gateway import GatewayError
from workstation.lane.types import ResultDraft
from workstation.services import audit, findings, results, users
from workstation.services.review_policy import ReviewPolicy, decide


def _lane(config: WorkstationConfig, share: float) -> Lane:
    config.review.random_share = share
    config.review.seed = "post-secret"
    return Lane(config, devices=False)


@pytest.fixture
def no_random_lane(config: WorkstationConfig) -> Iterator[Lane]:  # noqa: F811
    lane = _lane(config, 0.0)
    yield lane
    lane.close()


def _selections(lane: Lane, control_id: str) -> list[m.ReviewSelection]:
    with lane.db.unit_of_work() as s:
        rows = list(s.scalars(select(m.ReviewSelection)
                              .where(m.ReviewSelection.control_id == uuid.UUID(control_id))
                              .order_by(m.ReviewSelection.decided_at)))
        s.expunge_all()
        return rows


def _audit(lane: Lane, control_id: str) -> list[tuple[str, str]]:
    with lane.db.unit_of_work() as s:
        return [(e.actor, e.action) for e in s.scalars(
            select(m.AuditEvent).where(m.AuditEvent.entity_id == control_id)
            .order_by(m.AuditEvent.seq))]


# --- the decision itself ----------------------------------------------------------------------


def test_must_review_cases_win_over_the_draw() -> None:
    policy = ReviewPolicy(random_share=0.0, seed="s")
    cid = uuid.uuid4()
    common = {"control_id": cid, "post": "NL-ROT-01"}
    assert decide(policy, irregular=True, rejected_alarm=False, returned_before=False,
                  **common).reason == "irregular"
    assert decide(policy, irregular=False, rejected_alarm=True, returned_before=False,
                  **common).reason == "rejected-alarm"
    assert decide(policy, irregular=False, rejected_alarm=False, returned_before=True,
                  **common).reason == "returned-before"
    plain = decide(policy, irregular=False, rejected_alarm=False, returned_before=False,
                   **common)
    assert not plain.review and plain.reason == "not-drawn" and plain.draw is not None
    everything = decide(ReviewPolicy(1.0), irregular=False, rejected_alarm=False,
                        returned_before=False, **common)
    assert everything.review and everything.reason == "all"


def test_the_draw_is_reproducible_and_takes_the_configured_share() -> None:
    policy = ReviewPolicy(random_share=0.25, seed="post-secret")
    ids = [uuid.UUID(int=i * 7919 + 1) for i in range(4000)]
    draws = [policy.draw(i, "NL-ROT-01") for i in ids]
    assert draws == [ReviewPolicy(0.25, "post-secret").draw(i, "NL-ROT-01") for i in ids]
    assert draws != [ReviewPolicy(0.25, "other").draw(i, "NL-ROT-01") for i in ids]
    assert all(0.0 <= d < 1.0 for d in draws)
    chosen = sum(decide(policy, control_id=i, post="NL-ROT-01", irregular=False,
                        rejected_alarm=False, returned_before=False).review for i in ids)
    # Binomial(4000, 0.25): mean 1000, sd 27; five sd either way.
    assert 865 <= chosen <= 1135
    with pytest.raises(ValueError, match="random_share"):
        ReviewPolicy(1.5)


def test_the_review_section_is_validated_and_its_seed_not_shown(tmp_path: Path) -> None:
    bad = tmp_path / "lane.toml"
    bad.write_text("[review]\nrandom_share = 1.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"review\.random_share"):
        load(bad)
    bad.write_text("[review]\nrandom_shar = 0.1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"review\.random_shar: unknown key"):
        load(bad)
    good = tmp_path / "good.toml"
    good.write_text('[review]\nrandom_share = 0.1\nseed = "hush"\n', encoding="utf-8")
    config = load(good)
    assert config.review.random_share == 0.1
    shown = to_toml(config)
    assert "random_share = 0.1" in shown and "hush" not in shown


# --- enforced at close, through the officer's session ------------------------------------------


def test_policy_approves_the_rest_and_sends_the_must_review_ones(no_random_lane: Lane) -> None:
    lane = no_random_lane
    officer = lane.login("officer1")
    regular = _close_control(lane, officer, None, "A1")
    irregular = _close_control(lane, officer, "NL-RMS-2026-000123", "B1")
    rejected = _close_control(lane, officer, "NL-RMS-2026-000124", "A1", finding=True)

    with lane.db.unit_of_work() as s:
        status = {cid: s.get(m.Control, uuid.UUID(cid)).status  # type: ignore[union-attr]
                  for cid in (regular, irregular, rejected)}
        approved = s.get(m.Control, uuid.UUID(regular))
        assert approved is not None and approved.reviewer_id is None
    assert status == {regular: "approved", irregular: "closed", rejected: "closed"}
    assert [(r.outcome, r.reason) for r in _selections(lane, regular)] == [
        ("approved", "not-drawn")]
    assert [(r.outcome, r.reason) for r in _selections(lane, irregular)] == [
        ("review", "irregular")]
    assert [(r.outcome, r.reason) for r in _selections(lane, rejected)] == [
        ("review", "rejected-alarm")]
    assert ("policy", "control.approve") in _audit(lane, regular)
    assert ("policy", "control.select_review") in _audit(lane, irregular)

    review = _reviewer(lane, "super1")
    rows = review.refresh().result(WAIT_S)
    assert {r.control_id for r in rows} == {irregular, rejected}
    dossier = review.open_dossier(regular).result(WAIT_S)
    assert dossier.reviewed_by == "policy" and dossier.status == "approved"
    assert dossier.selection is not None and dossier.selection.reason == "not-drawn"
    assert dossier.selection.draw is not None and dossier.selection.random_share == 0.0

    with lane.db.unit_of_work() as s:
        exported = {r["control_id"]: r for r in results.exported_results(s)}
        report = audit.verify(s)
    assert exported[regular]["reviewed_by"] == "policy"
    assert exported[regular]["review_selection"]["reason"] == "not-drawn"
    assert exported[irregular]["reviewed_by"] is None
    assert report.ok, report.problems


def test_a_returned_control_comes_back_to_review(no_random_lane: Lane) -> None:
    lane = no_random_lane
    officer = lane.login("officer1")
    control_id = _close_control(lane, officer, "NL-RMS-2026-000123", "A5")  # irregular
    review = _reviewer(lane, "super1")
    review.return_control(control_id, "seal numbers missing").result(WAIT_S)
    corrected = ResultDraft(control_id=control_id, control_types=["physical"], code="A1",
                            remarks="seals 4411, 4412", minutes_spent=15)
    officer.take_up(control_id).result(WAIT_S)
    assert officer.save_result(corrected).result(WAIT_S) is True
    # Regular now and no draw for the share 0, yet it was returned: a supervisor sees it again.
    assert [(r.outcome, r.reason) for r in _selections(lane, control_id)] == [
        ("review", "irregular"), ("review", "returned-before")]
    rows = review.refresh().result(WAIT_S)
    assert [r.control_id for r in rows] == [control_id] and rows[0].returned_before


def test_dossier_draws_the_spectrum_and_keeps_second_opinions(no_random_lane: Lane) -> None:
    lane = no_random_lane
    officer = lane.login("officer1")
    control_id = officer.open_control("NL-RMS-2026-000123", "NL-AB-123").result(WAIT_S)
    assert control_id is not None
    with lane.db.unit_of_work() as s:
        officer_row = users.get_user(s, "officer1")
        recorded = record_handheld_evidence(s, control_id, officer_row)
        pending = [f for r in recorded for f in r.findings]
        assert "nuclide:Cs-137" in {f.label for f in pending}
        for finding in pending:  # as the officer's window decides them
            findings.decide(s, finding.id, "accepted", officer_row)
    draft = ResultDraft(control_id=control_id, control_types=["radiation", "physical"],
                        code="B1", remarks="source found", minutes_spent=20)
    assert officer.save_result(draft).result(WAIT_S) is True

    review = _reviewer(lane, "super1")
    dossier = review.open_dossier(control_id).result(WAIT_S)
    riid = next(r for r in dossier.readings if r.device_kind == "riid")
    assert riid.spectrum is not None and not riid.spectrum_problem
    assert len(riid.spectrum.counts) == 1024 and riid.spectrum.energies_kev is not None
    peak = max(range(1024), key=lambda i: riid.spectrum.counts[i])  # type: ignore[union-attr]
    assert abs(riid.spectrum.energies_kev[peak] - PEAK_KEV) < 6.0
    assert [n.name for n in riid.nuclides] == ["Cs-137"]
    substance = next(r for r in dossier.readings if r.device_kind == "substance")
    assert substance.values["substance"]["value"] == "Cocaine HCl"
    density = next(r for r in dossier.readings if r.device_kind == "density")
    assert density.values["density"] == {"value": 1.38, "unit": "g/cm3"}

    with pytest.raises(GatewayError, match="empty"):
        review.add_second_opinion(control_id, "   ").result(WAIT_S)
    review.add_second_opinion(control_id, "Dose rate fits the declared gauge; "
                                          "check the licence.").result(WAIT_S)
    noted = review.state().dossier
    assert noted is not None and [(n.author, n.text) for n in noted.second_opinions] == [
        ("super1", "Dose rate fits the declared gauge; check the licence.")]
    assert ("super1", "control.second_opinion") in _audit(lane, control_id)
    review.approve(control_id).result(WAIT_S)
    with lane.db.unit_of_work() as s:
        [record] = [r for r in results.exported_results(s) if r["control_id"] == control_id]
        report = audit.verify(s)
    assert record["second_opinions"][0]["by"] == "super1"
    assert record["review_selection"] == {"outcome": "review", "reason": "irregular",
                                          "random_share": 0.0}
    csv_text = to_csv([record])
    assert "second_opinions" in CSV_COLUMNS and "check the licence." in csv_text
    assert report.ok, report.problems


def test_an_altered_selection_is_found_by_audit_verify(no_random_lane: Lane) -> None:
    lane = no_random_lane
    officer = lane.login("officer1")
    control_id = _close_control(lane, officer, None, "A1")
    with lane.db.unit_of_work() as s:
        row = s.scalar(select(m.ReviewSelection)
                       .where(m.ReviewSelection.control_id == uuid.UUID(control_id)))
        assert row is not None
        row.reason = "random"  # as if someone edited the table by hand
    with lane.db.unit_of_work() as s:
        report = audit.verify(s)
    assert any("review_selection" in str(p) for p in report.problems)
