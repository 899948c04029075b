"""The performance figures in the supervisor's window (issue 12, item 3): the figures of the
period come from the writer and are drawn (charts, tables per grouping), the exports write
their files, and the view is photographed in both themes."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.conftest import OFFICER_PASSWORD, referral_data
from ui.context import AppContext
from ui.theme import apply_theme
from ui.windows.figures_view import FiguresView
from workstation.domain.result_codes import ResultCodes
from workstation.lane.types import UserInfo
from workstation.services import controls, users

WAIT_MS = 60_000
Shot = Callable[[QWidget, str], Path]
CODES = ResultCodes.load()
# (result code, irregular per the shipped reference data) of the controls made below
RESULTS = ["A1", "B1", "A2", "A5", "A2"]


def _controls(ctx: AppContext) -> UserInfo:
    """Five closed controls by officer1 on the test referrals (random controls when there
    are fewer); returns the supervisor."""
    referred: list[str | None] = [r["referral_id"] for r in referral_data()]
    ids = (referred + [None] * len(RESULTS))[:len(RESULTS)]
    with ctx.db.unit_of_work() as s:
        supervisor = users.add_user(s, "sven", "supervisor", "correct-horse-2",
                                    full_name="Sven Supervisor", actor="test")
        info = UserInfo(supervisor.id, supervisor.username, supervisor.full_name, "supervisor")
    for referral_id, code in zip(ids, RESULTS, strict=True):
        with ctx.db.unit_of_work() as s:
            officer = users.get_user(s, "officer1")
            control = controls.open_control(s, officer, post="NL-ROT-01", lane="L1",
                                            referral_id=referral_id)
            seizures = ([controls.SeizureIn("cigarettes", 200, "pcs", "240220", 60.0)]
                        if CODES.get(code).irregularity else [])
            controls.record_result(s, control.id, officer, controls.ResultIn(
                code=code, control_types=["scan", "physical"], seizures=seizures), CODES)
            controls.close_control(s, control.id, officer)
    assert OFFICER_PASSWORD  # officer1 made by the fixture
    return info


def _shown(qtbot: QtBot, lane_ctx: AppContext) -> FiguresView:
    lane_ctx.user = _controls(lane_ctx)
    view = FiguresView(lane_ctx)
    qtbot.addWidget(view)
    view.resize(1600, 900)
    view.show()
    with qtbot.waitSignal(view.figures_shown, timeout=WAIT_MS) as shown:
        view.refresh()
    assert shown.args == [len(RESULTS)]
    return view


def test_figures_are_computed_off_the_gui_thread_and_drawn(qtbot: QtBot, lane_ctx: AppContext,
                                                           qapp: QApplication,
                                                           screenshot: Shot) -> None:
    view = _shown(qtbot, lane_ctx)
    figures = view.figures
    assert figures is not None
    irregular = sum(CODES.get(c).irregularity for c in RESULTS)
    assert figures.totals.with_irregularity == irregular
    assert view.key_values["controls"].text() == str(len(RESULTS))
    assert view.key_values["hit_rate"].text() == f"{100 * irregular / len(RESULTS):.1f} %"
    # One table row per risk profile of the referrals controlled, a model behind it.
    profiles = {p["code"] for r in referral_data()[:len(RESULTS)] for p in r["risk_profiles"]}
    model = view.models["risk_profile"]
    assert {model.groups[i].key for i in range(model.rowCount())} >= profiles
    assert view.models["officer"].rowCount() == 1  # a supervisor sees figures per officer
    assert len(view.hit_plot.getPlotItem().items) == 1  # the bars
    assert len(view.day_plot.getPlotItem().items) == 2  # controls, irregular
    lane_ctx.user = None
    for theme in ("dark", "light"):
        apply_theme(qapp, theme)
        view.show_figures(figures)  # re-drawn in the theme's colours
        screenshot(view, f"30-figures-{theme}")
    apply_theme(qapp, "dark")


def test_exports_write_csv_pdf_and_the_results(qtbot: QtBot, lane_ctx: AppContext,
                                               tmp_path: Path) -> None:
    view = _shown(qtbot, lane_ctx)
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_csv(tmp_path / "figures.csv")
    rows = list(csv.DictReader((tmp_path / "figures.csv").open(encoding="utf-8")))
    assert {(r["section"], r["measure"], r["value"]) for r in rows} >= {
        ("total", "controls_closed", str(len(RESULTS)))}
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_pdf(tmp_path / "figures.pdf")
    assert (tmp_path / "figures.pdf").read_bytes().startswith(b"%PDF-")
    with qtbot.waitSignal(view.exported, timeout=WAIT_MS):
        view.export_results(tmp_path / "results.json")
    exported = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    records = exported["results"] if isinstance(exported, dict) else exported
    assert sorted(r["result_code"] for r in records) == sorted(RESULTS)
    lane_ctx.user = None


def test_an_officer_is_refused_in_words(qtbot: QtBot, lane_ctx: AppContext) -> None:
    with lane_ctx.db.unit_of_work() as s:
        officer = users.get_user(s, "officer1")
        lane_ctx.user = UserInfo(officer.id, officer.username, officer.full_name, "officer")
    view = FiguresView(lane_ctx)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=WAIT_MS) as refused:
        view.refresh()
    assert "needs the role supervisor or admin" in refused.args[0]
    assert "needs the role" in view.message.text()
    lane_ctx.user = None
