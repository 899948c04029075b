"""``workstation controls open|result|decide|close|handover|review|list|show``: the control
flow, headless. Every verb signs the user in (``--user`` and the password); the roles are
checked by the services."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from sqlalchemy.orm import Session

from workstation.cli.common import acting_user, add_user_argument, parse_since, sign_in
from workstation.cli.context import CliContext, fail
from workstation.db.lookup import IdLookupError, find_by_id
from workstation.db.models import Finding, User
from workstation.domain.result_codes import ResultCodeError, ResultCodes
from workstation.domain.vocab import CONTROL_TYPES, ControlStatus, FindingDecision
from workstation.services import controls
from workstation.services.results import result_record
from workstation.services.review_policy import ReviewPolicy


def _seizure(text: str) -> controls.SeizureIn:
    """``DESCRIPTION|QUANTITY|UNIT[|HS_CODE[|VALUE_EUR]]``."""
    parts = [p.strip() for p in text.split("|")]
    if len(parts) < 3:
        raise argparse.ArgumentTypeError(
            f"{text!r}: write DESCRIPTION|QUANTITY|UNIT[|HS_CODE[|VALUE_EUR]]")
    try:
        quantity = float(parts[1])
        value = float(parts[4]) if len(parts) > 4 and parts[4] else None
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: quantity and value must be numbers") from None
    hs = parts[3] if len(parts) > 3 and parts[3] else None
    return controls.SeizureIn(parts[0], quantity, parts[2], hs, value)


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")

    op = sub.add_parser("open", help="open a control for a queued referral, or a random control")
    group = op.add_mutually_exclusive_group(required=True)
    group.add_argument("--referral", metavar="REFERRAL_ID")
    group.add_argument("--random", action="store_true", help="a control without referral")
    op.add_argument("--lane", help="lane (default: the configured lane)")
    op.add_argument("--subject", default="", help="plate, container or parcel id controlled")
    add_user_argument(op)
    op.add_argument("--json", action="store_true")
    op.set_defaults(func=_open)

    res = sub.add_parser("result", help="record the result of an open control")
    res.add_argument("control_id")
    res.add_argument("--code", required=True, help="result code (see `workstation codes`)")
    res.add_argument("--types", required=True,
                     help=f"control types performed, comma-separated ({', '.join(CONTROL_TYPES)})")
    res.add_argument("--finding", action="append", default=[], metavar="TEXT",
                     help="a finding (repeatable)")
    res.add_argument("--seizure", action="append", default=[], type=_seizure,
                     metavar="DESC|QTY|UNIT[|HS[|EUR]]", help="a seized item (repeatable)")
    res.add_argument("--remarks", default="")
    res.add_argument("--minutes", type=float, help="time spent on the control, in minutes")
    add_user_argument(res)
    res.set_defaults(func=_result)

    dc = sub.add_parser("decide", help="accept or reject a pending finding (model or rule) "
                        "of a control")
    dc.add_argument("control_id")
    dc.add_argument("finding_id", help="the finding's id or its first 8 hex digits (a "
                    "refused `workstation controls close` names the undecided ones)")
    verdict = dc.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--accept", action="store_true", help="the finding is confirmed")
    verdict.add_argument("--reject", action="store_true", help="the finding is a false alarm")
    add_user_argument(dc)
    dc.set_defaults(func=_decide)

    cl = sub.add_parser("close", help="close a control that has a result and no undecided "
                        "finding")
    cl.add_argument("control_id")
    add_user_argument(cl)
    cl.set_defaults(func=_close)

    ho = sub.add_parser("handover", help="hand an open control to another officer, who may "
                        "then record and close it (its officer or a supervisor)")
    ho.add_argument("control_id")
    ho.add_argument("--to", required=True, metavar="USER", help="the officer taking it over")
    ho.add_argument("--reason", default="", help="why (end of shift, ...)")
    add_user_argument(ho)
    ho.set_defaults(func=_handover)

    rv = sub.add_parser("review", help="supervisor: approve a closed control or return it")
    rv.add_argument("control_id")
    decision = rv.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true")
    decision.add_argument("--return", dest="send_back", action="store_true",
                          help="send back to the officer (needs --comment)")
    rv.add_argument("--comment", default="")
    add_user_argument(rv)
    rv.set_defaults(func=_review)

    ls = sub.add_parser("list", help="list controls, newest first")
    ls.add_argument("--lane")
    ls.add_argument("--status", choices=tuple(ControlStatus))
    ls.add_argument("--since", type=parse_since, help="opened on or after DATE")
    ls.add_argument("--limit", type=int, default=100)
    ls.add_argument("--json", action="store_true")
    add_user_argument(ls)
    ls.set_defaults(func=_list)

    sh = sub.add_parser("show", help="show one control with its result and evidence")
    sh.add_argument("control_id")
    add_user_argument(sh)
    sh.set_defaults(func=_show)


def _codes(ctx: CliContext) -> ResultCodes:
    try:
        return ResultCodes.load(ctx.config.reference.result_codes)
    except ResultCodeError as exc:
        fail(str(exc))


def _as_user(ctx: CliContext, args: argparse.Namespace, permission: str,
             step: Callable[[Session, User], str]) -> int:
    """Run one control step as ``--user`` (signed in, with a role granting ``permission``) in
    one transaction; print what ``step`` says only once it is committed; a refused step exits
    2 with its reason."""
    sign_in(ctx, args, permission)
    with ctx.database().unit_of_work() as session:
        user = acting_user(session, args)
        try:
            message = step(session, user)
        except controls.ControlError as exc:
            fail(str(exc))
    print(message)
    return 0


def _open(ctx: CliContext, args: argparse.Namespace) -> int:
    def step(session: Session, officer: User) -> str:
        summary = controls.control_summary(controls.open_control(
            session, officer, post=ctx.config.lane.post,
            lane=args.lane or ctx.config.lane.lane_id,
            referral_id=None if args.random else args.referral, subject=args.subject))
        if args.json:
            return json.dumps(summary)
        kind = "random control" if summary["random"] else f"control for {summary['referral_id']}"
        return f"opened {kind}: {summary['control_id']}"

    return _as_user(ctx, args, "controls.work", step)


def _result(ctx: CliContext, args: argparse.Namespace) -> int:
    codes = _codes(ctx)
    result = controls.ResultIn(
        code=args.code, control_types=[t.strip() for t in args.types.split(",") if t.strip()],
        remarks=args.remarks, findings=args.finding, seizures=args.seizure,
        minutes_spent=args.minutes)

    def step(session: Session, officer: User) -> str:
        row = controls.record_result(session, args.control_id, officer, result, codes)
        return f"result {row.code} recorded on control {row.control_id}"

    return _as_user(ctx, args, "controls.work", step)


def _decide(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.services import findings  # brings the inference package: only here

    decision = FindingDecision.ACCEPTED if args.accept else FindingDecision.REJECTED

    def step(session: Session, officer: User) -> str:
        control = controls.get_control(session, args.control_id)
        try:
            finding = find_by_id(session, Finding, args.finding_id, what="finding")
            if finding is None:
                raise controls.ControlError(
                    f"no finding {args.finding_id!r} (`workstation controls close "
                    f"{str(control.id)[:8]}` names the undecided ones)")
            findings.decide(session, finding.id, decision, officer, control_id=control.id)
        except (IdLookupError, findings.FindingError) as exc:
            raise controls.ControlError(str(exc)) from None
        return f"finding {finding.id} ({finding.label}) {decision} on control {control.id}"

    return _as_user(ctx, args, "controls.work", step)


def _close(ctx: CliContext, args: argparse.Namespace) -> int:
    def step(session: Session, officer: User) -> str:
        policy = ReviewPolicy.from_settings(ctx.config.review)
        control = controls.close_control(session, args.control_id, officer, policy=policy)
        if control.status == ControlStatus.APPROVED:
            return (f"control {control.id} closed and approved by the post's review policy "
                    "(not drawn for review)")
        return f"control {control.id} closed"

    return _as_user(ctx, args, "controls.work", step)


def _handover(ctx: CliContext, args: argparse.Namespace) -> int:
    def step(session: Session, user: User) -> str:
        row = controls.hand_over(session, args.control_id, user, args.to, reason=args.reason)
        return f"control {row.control_id} handed over to {args.to}"

    return _as_user(ctx, args, "controls.handover", step)


def _review(ctx: CliContext, args: argparse.Namespace) -> int:
    def step(session: Session, supervisor: User) -> str:
        control = controls.review_control(session, args.control_id, supervisor,
                                          approve=args.approve, comment=args.comment)
        return f"control {control.id} {control.status}"

    return _as_user(ctx, args, "controls.review", step)


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    sign_in(ctx, args, "controls.read")  # subjects are plates: personal data
    with ctx.database().unit_of_work() as session:
        rows = [controls.control_summary(c) for c in controls.list_controls(
            session, lane=args.lane, status=args.status, since=args.since, limit=args.limit)]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    if not rows:
        print("no controls")
        return 0
    print(f"{'control':<36} {'status':<9} {'lane':<5} {'referral':<22} {'code':<5} officer")
    for r in rows:
        print(f"{r['control_id']:<36} {r['status']:<9} {r['lane']:<5} "
              f"{r['referral_id'] or '(random)':<22} {r['result_code'] or '-':<5} {r['officer'] or ''}")
    return 0


def _show(ctx: CliContext, args: argparse.Namespace) -> int:
    sign_in(ctx, args, "controls.read")
    with ctx.database().unit_of_work() as session:
        try:
            control = controls.get_control(session, args.control_id)
        except controls.ControlError as exc:
            fail(str(exc))
        print(json.dumps(result_record(control), indent=2))
    return 0
