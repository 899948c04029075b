"""The figures and their exports for a signed-in user, as whole jobs: what the supervisor's
window runs on the lane's persistence writer (never on the GUI thread). Each call opens its
own short transaction; files are written atomically (a temporary file in the same folder,
then renamed), so a reader never sees half a report.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from workstation.atomic_file import write_atomically
from workstation.db.engine import Database
from workstation.db.models import User
from workstation.formats import results as results_format
from workstation.reports.csv_export import to_csv
from workstation.reports.kpis import Figures, Period, ReportError, compute
from workstation.services import users
from workstation.services.results import exported_results


def _viewer(session: object, username: str) -> User:
    from sqlalchemy.orm import Session

    assert isinstance(session, Session)
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise ReportError(f"user {username!r} is not an active user")
    return user


def figures_for(db: Database, period: Period, username: str) -> Figures:
    """The figures of ``period`` as ``username`` may see them."""
    with db.unit_of_work() as session:
        return compute(session, period, _viewer(session, username))


def export_csv(figures: Figures, path: Path) -> Path:
    return write_atomically(path, to_csv(figures).encode("utf-8"))


def export_pdf(figures: Figures, path: Path, *, post: str, author: str) -> Path:
    from workstation.reports.pdf import render_report

    return write_atomically(path, render_report(figures, post=post, author=author))


def export_results(db: Database, username: str, path: Path, *, since: datetime | None = None,
                   form: str = "json") -> int:
    """The closed controls as result records for risk analysis (``workstation results
    export``), for a user with ``results.export``; returns how many were written."""
    with db.unit_of_work() as session:
        try:
            users.authorize(_viewer(session, username), "results.export")
        except users.UserError as exc:
            raise ReportError(str(exc)) from None
        records = list(exported_results(session, since=since))
    text = results_format.to_csv(records) if form == "csv" else results_format.to_json(records)
    write_atomically(path, text.encode("utf-8"))
    return len(records)
