"""``workstation report kpis|pdf``: the post's performance figures for a period.

``report kpis --since DATE --until DATE [--lane L] [--json|--csv]`` prints the figures;
``report pdf --since DATE --until DATE [--lane L] --out FILE`` writes the PDF report. Both
sign in a supervisor or an administrator (``reports.read``); the figures per officer are
included only for the roles of ``reports.per_officer``. A date alone means the whole day
(UTC): ``--since 2026-01-01 --until 2026-12-31`` is the year 2026.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.atomic_file import write_atomically
from workstation.cli.common import acting_user, add_user_argument, sign_in
from workstation.cli.context import CliContext, fail

if TYPE_CHECKING:
    from workstation.reports.kpis import Figures


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    kpis = sub.add_parser("kpis", help="performance figures of a period (JSON or CSV)",
                          description="Performance figures of a period: controls, hit rate, "
                                      "durations, seizures, reviews (supervisor or admin).")
    _period_arguments(kpis)
    form = kpis.add_mutually_exclusive_group()
    form.add_argument("--json", dest="form", action="store_const", const="json",
                      help="one JSON object (the default)")
    form.add_argument("--csv", dest="form", action="store_const", const="csv",
                      help="CSV: section,key,measure,value")
    kpis.set_defaults(func=_kpis, form="json")
    pdf = sub.add_parser("pdf", help="the PDF report of a period (charts and tables)",
                         description="The PDF report of a period: a title page (post, period, "
                                     "author), charts and tables (supervisor or admin).")
    _period_arguments(pdf)
    pdf.add_argument("--out", required=True, type=Path, metavar="FILE",
                     help="where to write the PDF (replaced atomically)")
    pdf.set_defaults(func=_pdf)


def _period_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", required=True, metavar="DATE",
                        help="first day (2026-01-01) or time with zone (…T08:00:00Z), UTC")
    parser.add_argument("--until", required=True, metavar="DATE",
                        help="last day, included (2026-12-31), or an end time with zone "
                             "(excluded)")
    parser.add_argument("--lane", metavar="L", help="only this lane")
    add_user_argument(parser)


def parse_bound(text: str, option: str, *, end: bool) -> datetime:
    """``--since``/``--until`` as a UTC time. A date is the start of that day, or with
    ``end`` the start of the next one (the day is included)."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1) if end else start
        value = datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option} {text!r}: give a date (2026-11-26) or an ISO time with zone "
             "(2026-11-26T08:00:00Z)")
    if value.tzinfo is None:
        fail(f"{option} {text!r}: give the time zone (Z for UTC)")
    return value.astimezone(UTC)


def _figures(ctx: CliContext, args: argparse.Namespace) -> tuple[Figures, str]:
    from workstation.reports.kpis import Period, ReportError, compute

    since = parse_bound(args.since, "--since", end=False)
    until = parse_bound(args.until, "--until", end=True)
    try:
        period = Period(since, until, args.lane or None)
    except ReportError as exc:
        fail(f"--since/--until: {exc}")
    sign_in(ctx, args, "reports.read")
    with ctx.database().unit_of_work() as session:
        viewer = acting_user(session, args)
        try:
            figures = compute(session, period, viewer)
        except ReportError as exc:
            fail(str(exc))
        author = viewer.full_name or viewer.username
    if figures.controls_closed == 0 and figures.referrals_received == 0:
        print(f"note: no controls closed and no referrals issued from {since.isoformat()} "
              f"to {until.isoformat()}" + (f" on lane {args.lane}" if args.lane else ""),
              file=sys.stderr)
    return figures, author


def _kpis(ctx: CliContext, args: argparse.Namespace) -> int:
    figures, _author = _figures(ctx, args)
    if args.form == "csv":
        from workstation.reports.csv_export import to_csv

        sys.stdout.write(to_csv(figures))
    else:
        print(json.dumps(figures.to_json(), indent=2, ensure_ascii=False))
    return 0


def _pdf(ctx: CliContext, args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.is_dir():
        fail(f"--out {out}: is a folder; give a file name (report.pdf)")
    figures, author = _figures(ctx, args)
    from workstation.reports.pdf import render_report

    data = render_report(figures, post=ctx.config.lane.post, author=author)
    try:
        write_atomically(out, data)
    except OSError as exc:
        fail(f"--out {out}: cannot write the report: {exc.strerror or exc}")
    print(f"report of {figures.controls_closed} controls written to {out}", file=sys.stderr)
    return 0
