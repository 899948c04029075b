"""Acceptance 2 of issue 16: a lane scans, an analyst in a second window (another user, an
analysis workstation of the post) claims the scan and marks a suspect region, the officer
sees the decision on the open control within the timeout, and the analyst's operator TDR is
in the post's archive (a real Orthanc). Screenshots of the analyst's window, both themes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from tests.conftest import pg_problem, pg_url
from tests.post.conftest import orthanc, small_scan  # noqa: F401 - the archive fixture
from tests.ui.conftest import OFFICER_PASSWORD, referral_data
from ui.context import AppContext
from ui.i18n import install_language
from ui.theme import apply_theme
from ui.windows import window_for_role
from ui.windows.analyst import AnalystWindow
from ui.windows.officer import OfficerWindow
from workstation.config import WorkstationConfig
from workstation.db import models as m
from workstation.db.engine import Database, make_engine
from workstation.formats.referrals import validate_referrals
from workstation.lane.events import ScanAcquired
from workstation.lane.scanner import AcquiredScan
from workstation.lane.session import LaneSession
from workstation.post.orthanc_server import LocalOrthanc
from workstation.services import referrals, users

pytestmark = pytest.mark.postgres
WAIT_MS = 60_000
Shot = Callable[[QWidget, str], Path]


@pytest.fixture
def post_schema() -> Iterator[str]:
    problem = pg_problem()
    if problem:
        pytest.skip(f"PostgreSQL not reachable at {pg_url()} ({problem})")
    schema = f"scratch_{uuid.uuid4().hex[:12]}"
    admin = make_engine(pg_url())
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    url = make_url(pg_url()).update_query_dict({"options": f"-csearch_path={schema}"}
                                               ).render_as_string(hide_password=False)
    db = Database.from_url(url)  # the administrator's upgrade of the post database
    db.upgrade()
    db.dispose()
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'drop schema "{schema}" cascade'))
    admin.dispose()


def _config(url: str, folder: Path, lane_id: str, archive: LocalOrthanc) -> WorkstationConfig:
    config = WorkstationConfig()
    config.database.url = url
    config.lane.post = "TEST-POST"
    config.lane.lane_id = lane_id
    config.storage.image_store = folder / "images"
    config.storage.snapshots = folder / "snapshots"
    config.archive = archive.section()
    config.analysis.remote = "all"
    return config


def _german_screenshot(qtbot: QtBot, qapp: QApplication, desk: AppContext,
                       screenshot: Shot) -> None:
    """The same claim in a German window (a language switch opens the window anew on the
    same session, which renews the claim and reopens the scan), to be looked at."""
    install_language(qapp, "de")
    try:
        german = AnalystWindow(desk)
        german.resize(1920, 1080)
        german.show()
        qtbot.waitUntil(lambda: german.viewer.header is not None and bool(german.regions),
                        timeout=WAIT_MS)
        assert "Drogenpaket" in german.region_list.item(0).text()
        screenshot(german, "analyst-window-de")
        german.close()
    finally:
        install_language(qapp, "en")


def test_analyst_marks_a_region_and_the_officer_sees_it(
        qtbot: QtBot, qapp: QApplication, tmp_path: Path, post_schema: str,
        orthanc: LocalOrthanc, screenshot: Shot) -> None:  # noqa: F811 - pytest fixture
    lane = AppContext.create(_config(post_schema, tmp_path / "lane", "L1", orthanc), devices=[])
    desk = AppContext.create(_config(post_schema, tmp_path / "desk", "ANALYSIS-1", orthanc),
                             devices=[])
    try:
        with lane.db.unit_of_work() as s:
            users.add_user(s, "officer1", "officer", OFFICER_PASSWORD, full_name="Anna Officer",
                           actor="test")
            users.add_user(s, "analyst1", "analyst", OFFICER_PASSWORD,
                           full_name="Ada Analyst", actor="test")
            referrals.import_referrals(s, validate_referrals(referral_data(), "test.json"),
                                       file="test.json", actor="test")
        officer = lane.writer.run_now(lambda: lane.gateway.authenticate("officer1",
                                                                        OFFICER_PASSWORD))
        session = lane.start_session(officer)
        assert isinstance(session, LaneSession)
        officer_window = window_for_role(lane)
        assert isinstance(officer_window, OfficerWindow)
        officer_window.show()
        control_id = session.open_control("NL-RMS-2026-000123", "NL-AB-123").result(60)
        scan_id = uuid.uuid4()
        session.publish(ScanAcquired(AcquiredScan(scan_id, "parcel", small_scan(5), "scanner",
                                                  True)))

        analyst = desk.writer.run_now(lambda: desk.gateway.authenticate("analyst1",
                                                                       OFFICER_PASSWORD))
        desk.start_session(analyst)
        window = window_for_role(desk)
        assert isinstance(window, AnalystWindow)
        window.resize(1920, 1080)
        window.show()
        qtbot.waitUntil(lambda: any(r.scan_key == scan_id.hex for r in window.rows),
                        timeout=WAIT_MS)
        with qtbot.waitSignal(window.claimed, timeout=WAIT_MS):
            window.claim_button.click()
        qtbot.waitUntil(lambda: window.viewer.header is not None, timeout=WAIT_MS)
        assert window.item is not None and window.item.lane == "L1"
        assert "cotton shirts" in window.details.toPlainText()
        # The queue shows the claim as this analyst's, not as still waiting.
        qtbot.waitUntil(lambda: "0 waiting, 1 being analysed" in window.count.text(),
                        timeout=WAIT_MS)
        window.category.setCurrentIndex(window.category.findData("drug-package"))
        window.region_note.setText("dense block behind the seats")
        window.mark_rect(QRectF(8, 10, 24, 30))
        qtbot.waitUntil(lambda: window.region_list.count() == 1, timeout=WAIT_MS)
        window.note.setText("please open the rear panel")
        for theme in ("dark", "light"):
            apply_theme(qapp, theme)
            screenshot(window, f"analyst-window-{theme}")
        apply_theme(qapp, "dark")
        _german_screenshot(qtbot, qapp, desk, screenshot)

        with qtbot.waitSignal(officer_window.analyst_decision_shown, timeout=WAIT_MS) as shown:
            window.suspect_button.click()
        assert shown.args == ["suspect"]
        assert "analyst1" in officer_window.message.text()
        control = session.state().control
        assert control is not None and control.control_id == control_id
        [region] = [f for f in control.findings if f.source == "analyst"]
        assert (region.label, region.region, region.decision) == (
            "drug-package", (8, 10, 24, 30), "pending")
        listed = [officer_window.viewer.finding_list.item(i).text()
                  for i in range(officer_window.viewer.finding_list.count())]
        assert any("Drug package" in t for t in listed)  # the category in words
        screenshot(officer_window, "officer-sees-analyst-decision")

        with desk.db.unit_of_work() as s:
            tdr_uid = s.scalar(select(m.AnalysisRequest.tdr_uid))
        assert tdr_uid
        archive = orthanc.archive()
        qtbot.waitUntil(lambda: archive.find(tdr_uid) is not None, timeout=WAIT_MS)
        officer_window.close()
        window.close()
    finally:
        desk.close()
        lane.close()
