"""Smoke test of the installed GUI (installer/smoke.sh): run by the frozen executable as
``inspection-workstation -c "$(cat smoke_login.py)" SHOT.png``. Starts the lane application
exactly as ``inspection-workstation run`` does, waits until the login dialog is on screen,
saves a screenshot of it to SHOT.png, cancels it (the application then exits), and exits 0
only when the dialog was shown and saved.
"""

import sys

from PySide6.QtCore import QTimer

import ui.login
from workstation.cli.main import main

shot = sys.argv[1]
seen = []
original_exec = ui.login.LoginDialog.exec


def exec_and_capture(dialog):
    def capture():
        if not dialog.isVisible():
            QTimer.singleShot(200, capture)
            return
        seen.append(dialog.grab().save(shot))
        dialog.reject()

    QTimer.singleShot(500, capture)
    return original_exec(dialog)


ui.login.LoginDialog.exec = exec_and_capture
code = main(["run"])
if not seen or not seen[0]:
    print(f"smoke: the login dialog was not shown (exit {code})", file=sys.stderr)
    raise SystemExit(1)
print(f"smoke: login dialog shown, screenshot {shot}")
raise SystemExit(0)
