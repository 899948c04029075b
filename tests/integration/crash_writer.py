"""Child process for the SIGKILL test: logs controls forever, printing each id once committed."""

from __future__ import annotations

import sys

from workstation.db.engine import Database
from workstation.domain.result_codes import ResultCodes
from workstation.services import controls, users


def main(url: str) -> None:
    db = Database.from_url(url)
    db.upgrade()
    with db.unit_of_work() as session:
        officer = users.add_user(session, "olga", "officer", "correct-horse-1")
    codes = ResultCodes.load()
    print("ready", flush=True)
    while True:
        with db.unit_of_work() as session:
            control = controls.open_control(session, officer, post="P", lane="L1",
                                            subject="AB123CD")
            controls.record_result(session, control.id, officer, controls.ResultIn(
                code="A1", control_types=["scan", "physical"], remarks="x" * 200), codes)
            controls.close_control(session, control.id, officer)
        # Only now, after COMMIT returned, is the control acknowledged.
        print(control.id, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
