"""Child process for the crash test: opens a control, takes a RIID reading whose alarm
rules leave findings to decide, types a result, waits for the draft to reach the disk,
prints READY and keeps running until the parent kills it (SIGKILL)."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.lane_fixtures import simulated_lane_devices  # noqa: E402
from ui.app import LaneApplication, make_qapplication  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.windows.officer import OfficerWindow  # noqa: E402
from workstation.config import WorkstationConfig  # noqa: E402
from workstation.lane import drafts  # noqa: E402


def main(db_url: str, password: str) -> None:
    app: QApplication = make_qapplication()
    config = WorkstationConfig()
    config.database.url = db_url
    riid = [d for d in simulated_lane_devices() if d.kind == "riid"]  # a pty, no process
    ctx = AppContext.create(config, devices=riid)
    lane = LaneApplication(app, ctx)
    user = ctx.writer.run_now(lambda: ctx.gateway.authenticate("officer1", password))
    window = lane.open_window_for(user)
    assert isinstance(window, OfficerWindow)

    def typed() -> None:
        window.form.type_boxes["documentary"].setChecked(True)
        window.form.code.setCurrentIndex(window.form.code.findData("A5"))
        window.form.remarks.setPlainText("Invoice shows 40 cartons, 42 counted.")
        window.form.minutes.setValue(17)
        window.draft_written.connect(ready)

    def ready() -> None:
        # Only once the typed values (not the empty draft of the opening) are on disk.
        draft = drafts.load_draft("officer1")
        pending = [k for k, d in (draft.finding_decisions if draft else {}).items()
                   if d == "pending"]
        if draft is not None and draft.code == "A5" and draft.minutes_spent == 17 and pending:
            print("READY", window.control_id, flush=True)

    def measured() -> None:
        window.findings_added.connect(lambda _n: typed())
        window.take_reading("riid")

    window.control_opened.connect(lambda _cid: QTimer.singleShot(0, measured))
    window.open_control(None, "CRASH-TEST")
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
