"""The technician's scanner verbs of ``workstation devices`` (issue 13).

* ``calibrate SCANNER --user NAME [--json]``: guided calibration through the driver (dark,
  flat, bad-pixel map), judged, stored with the comparison with the previous accepted run.
  Exits 0 when accepted, 1 when refused (the reasons printed), 3 when unreachable.
* ``iq-test SCANNER --user NAME [--json]``: the daily image-quality test: a calibration
  through the driver (the maps of this run; refused maps stop the test), the test piece
  scanned (a simulator is told to present it), scored on the corrected image and stored.
  ``--json`` prints ``{"id", "device", "passed", "metrics": [{name, value, unit, limit,
  passed, higher_is_better}]}``. Exits 0 on pass, 1 on fail.
* ``iq-trend SCANNER [--json]``: every stored test of the scanner, oldest first.
* ``equivalence [--json]``: the newest test of every scanner in the database, flagged where
  it falls behind the others of its class (decision 1113). Exits 1 when one is flagged.
* ``certificate ID --out FILE.pdf --user NAME``: the printable certificate of a stored test.
* ``health [DEVICE] [--days N] [--json]``: health history per day from the record.
* ``service DEVICE --out REASON | --back --user NAME``: out of / back in service.
"""

from __future__ import annotations

import argparse
import json
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

from devices.base import DeviceError
from workstation.cli.common import acting_user, add_user_argument, sign_in
from workstation.cli.context import CliContext, CommandError, fail
from workstation.config import DeviceConfig
from workstation.lane.events import LaneEvent

UNREACHABLE_EXIT = 3
WAIT_S = 300.0


class _Quiet:
    """Lane events of a command-line run: nobody watches them."""

    def publish(self, event: LaneEvent) -> None:
        return None


def register(sub: Any) -> None:
    """Add the verbs to ``workstation devices``' subparsers ``sub``."""
    cal = sub.add_parser("calibrate", help="guided x-ray detector calibration (dark, flat, "
                         "bad pixels), judged and stored")
    cal.add_argument("device", metavar="SCANNER")
    cal.add_argument("--json", action="store_true", help="print JSON")
    add_user_argument(cal)
    cal.set_defaults(func=_calibrate)

    iq = sub.add_parser("iq-test", help="daily image-quality test of a scanner (scored, stored)")
    iq.add_argument("device", metavar="SCANNER")
    iq.add_argument("--json", action="store_true", help="print JSON")
    add_user_argument(iq)
    iq.set_defaults(func=_iq_test)

    tr = sub.add_parser("iq-trend", help="stored image-quality tests of a scanner, oldest first")
    tr.add_argument("device", metavar="SCANNER")
    tr.add_argument("--json", action="store_true", help="print JSON")
    tr.set_defaults(func=_iq_trend)

    eq = sub.add_parser("equivalence", help="latest image quality of every scanner, compared")
    eq.add_argument("--json", action="store_true", help="print JSON")
    eq.set_defaults(func=_equivalence)

    ce = sub.add_parser("certificate", help="certificate PDF of a stored image-quality test")
    ce.add_argument("test_id", metavar="ID")
    ce.add_argument("--out", required=True, metavar="FILE", help="PDF file to write")
    add_user_argument(ce)
    ce.set_defaults(func=_certificate)

    he = sub.add_parser("health", help="devices' health history per day, from the record")
    he.add_argument("device", nargs="?", metavar="DEVICE")
    he.add_argument("--days", type=int, default=7, metavar="N", help="days back (default 7)")
    he.add_argument("--json", action="store_true", help="print JSON")
    he.set_defaults(func=_health)

    se = sub.add_parser("service", help="take a device out of service, or put it back")
    se.add_argument("device", metavar="DEVICE")
    how = se.add_mutually_exclusive_group(required=True)
    how.add_argument("--out", metavar="REASON", help="take it out of service, saying why")
    how.add_argument("--back", action="store_true", help="put it back in service")
    add_user_argument(se)
    se.set_defaults(func=_service)


def _config(ctx: CliContext, name: str, kind: str | None = None) -> DeviceConfig:
    from workstation.lane_defaults import effective_devices

    configured = effective_devices(ctx.config)
    for device in configured:
        if device.name == name:
            if kind is not None and device.kind != kind:
                fail(f"device {name!r} is a {device.kind}; this needs a {kind}")
            return device
    known = ", ".join(d.name for d in configured) or "none"
    fail(f"no device {name!r} in {ctx.config.source or 'the built-in defaults'} "
         f"(configured: {known})")


class _Scanner:
    """The scanner's driver on a host of its own for one command-line run."""

    def __init__(self, config: DeviceConfig) -> None:
        from devices.registry import RegistryError, create_device
        from workstation.hosts.host import DeviceHost
        from workstation.lane.scanner import ScannerLink

        try:
            device = create_device(config)
        except (RegistryError, ValueError) as exc:
            fail(f"device {config.name!r}: {exc}")
        self.config = config
        self.host = DeviceHost(device, open_timeout_s=10.0)
        self.link = ScannerLink(self.host, _Quiet(), simulated=config.simulated)

    def __enter__(self) -> _Scanner:
        self.host.start()
        if not self.host.wait_connected(15.0):
            self.host.stop()
            self.host.device.dispose()
            health = self.host.health
            raise CommandError(f"device {self.config.name!r} unreachable"
                               f"{': ' + health.text if health else ''}", UNREACHABLE_EXIT)
        return self

    def __exit__(self, *exc: object) -> None:
        self.host.stop()
        self.host.device.dispose()

    def run(self, command: Any) -> Any:
        future: Future[Any] = self.host.submit(command)
        try:
            return future.result(WAIT_S)
        except DeviceError as exc:
            raise CommandError(f"device {self.config.name!r}: {exc}", UNREACHABLE_EXIT) from None
        except ValueError as exc:  # the gateway's refusals, a test piece not found
            fail(f"device {self.config.name!r}: {exc}")


def _calibration(ctx: CliContext, args: argparse.Namespace, scanner: _Scanner
                 ) -> dict[str, Any]:
    """One guided calibration: stored; its maps put in force on ``scanner`` when accepted."""
    from dataclasses import replace

    from workstation.hosts.xray import DetectorCalibration
    from workstation.imaging.calibration import Calibration
    from workstation.lane.technician import GuidedCalibration
    from workstation.services import calibration_runs

    frames = scanner.run(GuidedCalibration(lambda _step, _state: None))
    assessment = calibration_runs.assess(frames.dark_low, frames.dark_high, frames.flat_low,
                                         frames.flat_high)
    with ctx.database().unit_of_work() as s:
        check = calibration_runs.record_run(s, scanner.config.name, frames.detector, assessment,
                                            acting_user(s, args), lane=ctx.config.lane.lane_id)
        record = {"id": str(check.id), "device": scanner.config.name,
                  "detector": frames.detector, "accepted": assessment.accepted,
                  "reasons": list(check.expected["reasons"]),
                  "reason": check.expected["reason"], "values": assessment.values,
                  "limits": assessment.limits,
                  "changes": (check.measured.get("previous") or {}).get("changes", {})}
    if assessment.accepted:
        maps = Calibration.from_frames(frames.dark_low, frames.dark_high, frames.flat_low,
                                       frames.flat_high)
        if assessment.bad.shape == maps.bad.shape:
            maps = replace(maps, bad=maps.bad | assessment.bad)
        scanner.link.calibrated(frames.detector, DetectorCalibration(
            maps, datetime.now(UTC), frames.dark_low.shape[0], frames.flat_low.shape[0]))
    return record


def _calibrate(ctx: CliContext, args: argparse.Namespace) -> int:
    config = _config(ctx, args.device, "xray")
    ctx.database()
    sign_in(ctx, args, "devices.check")
    with _Scanner(config) as scanner:
        record = _calibration(ctx, args, scanner)
    if args.json:
        print(json.dumps(record, indent=2))
    elif record["accepted"]:
        print(f"ACCEPTED calibration of {config.name} ({record['detector']}): "
              f"{record['values'].get('bad_pixels', 0):.0f} bad pixel(s), "
              f"{record['values'].get('dead_lines', 0):.0f} dead line(s); recorded as "
              f"{record['id']}")
    else:
        print(f"REFUSED calibration of {config.name}: {record['reason']}; the previous "
              f"calibration stays in force; recorded as {record['id']}")
    return 0 if record["accepted"] else 1


def _iq_test(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.lane.technician import TEST_PIECE_SCENES, TestPieceScan, default_scorer
    from workstation.services import iq_tests

    config = _config(ctx, args.device, "xray")
    ctx.database()
    sign_in(ctx, args, "devices.check")
    with _Scanner(config) as scanner:
        calibration = _calibration(ctx, args, scanner)
        if not calibration["accepted"]:
            fail(f"calibration of {config.name} refused ({calibration['reason']}): no "
                 "image-quality test on maps unfit to correct with")
        scene = restore = None
        if config.simulated:
            configured = str(config.simulator.get("scene", "parcel"))
            seed = int(config.simulator.get("scene_seed") or config.simulator.get("seed") or 0)
            klass = "cargo" if configured.startswith("cargo") else "parcel"
            scene, restore = (TEST_PIECE_SCENES[klass], seed), (configured, seed)
        scored = scanner.run(TestPieceScan(scanner.link, default_scorer, scene, restore))
    with ctx.database().unit_of_work() as s:
        check = iq_tests.record_test(s, lane=ctx.config.lane.lane_id, device=config.name,
                                     detector=scored.detector,
                                     scanner_class=scored.scanner_class,
                                     metrics=scored.metrics, technician=acting_user(s, args))
        result = iq_tests.get(s, str(check.id))
    out = _result_json(result)
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"{'PASSED' if result.passed else 'FAILED'} image-quality test of {config.name} "
              f"({result.scanner_class}); recorded as {result.id}")
        for m in result.metrics:
            print(f"  {m['name']:<26} {_fmt(m['value']):>10} {m['unit']:<6} limit "
                  f"{'>=' if m['higher_is_better'] else '<='} {_fmt(m['limit'])}  "
                  f"{'pass' if m['passed'] else 'FAIL'}")
    return 0 if result.passed else 1


def _fmt(value: Any) -> str:
    return "—" if value is None else f"{float(value):.4g}"


def _result_json(result: Any) -> dict[str, Any]:
    return {"id": result.id, "lane": result.lane, "device": result.device,
            "detector": result.detector, "scanner_class": result.scanner_class,
            "performed_at": result.performed_at.isoformat(), "technician": result.technician,
            "passed": result.passed, "metrics": list(result.metrics)}


def _iq_trend(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.services import iq_tests

    with ctx.database().unit_of_work() as s:
        rows = iq_tests.history(s, lane=ctx.config.lane.lane_id, device=args.device)
        status = iq_tests.daily_status(s, ctx.config.lane.lane_id, args.device)
    if args.json:
        print(json.dumps({"device": args.device, "daily_status": status.state,
                          "tests": [_result_json(r) for r in rows]}, indent=2))
        return 0
    if not rows:
        print(f"no image-quality test of {args.device} on record")
    for r in rows:
        failed = [m["name"] for m in r.metrics if not m["passed"]]
        print(f"{r.performed_at:%Y-%m-%d %H:%M}  {'PASS' if r.passed else 'FAIL'}  "
              + "  ".join(f"{m['name']}={_fmt(m['value'])}" for m in r.metrics)
              + (f"  failed: {', '.join(failed)}" if failed else ""))
    print(f"daily test: {status.state}")
    return 0


def _equivalence(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.services import iq_tests

    with ctx.database().unit_of_work() as s:
        rows = iq_tests.equivalence(s)
    if args.json:
        print(json.dumps([{**_result_json(r.latest), "behind": r.behind, "stale": r.stale,
                           "flagged": r.flagged} for r in rows], indent=2))
    elif not rows:
        print("no image-quality test on record")
    else:
        for r in rows:
            t = r.latest
            flags = ", ".join(f"{n} ({why})" for n, why in r.behind.items())
            if r.stale:
                flags = "no test in 24 h" + (f"; {flags}" if flags else "")
            print(f"{t.lane:<8} {t.device:<16} {t.scanner_class:<7} "
                  f"{t.performed_at:%Y-%m-%d %H:%M}  {'PASS' if t.passed else 'FAIL'}  "
                  f"{'BEHIND: ' + flags if flags else 'equivalent'}")
    return 1 if any(r.flagged for r in rows) else 0


def _certificate(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.reports.iq_certificate import write_certificate
    from workstation.services import iq_tests

    ctx.database()
    sign_in(ctx, args, "devices.check")
    with ctx.database().unit_of_work() as s:
        try:
            result = iq_tests.get(s, args.test_id)
        except LookupError as exc:
            fail(str(exc))
    try:
        path = write_certificate(result, args.out, post=ctx.config.lane.post)
    except OSError as exc:
        fail(f"certificate not written to {args.out}: {exc.strerror or exc}")
    print(f"certificate of {result.device} ({'passed' if result.passed else 'FAILED'}) "
          f"written to {path}")
    return 0


def _health(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.lane_defaults import effective_devices
    from workstation.services import device_health

    if args.days <= 0:
        fail(f"--days must be > 0, got {args.days}")
    lane = ctx.config.lane.lane_id
    names = [args.device] if args.device else [d.name for d in effective_devices(ctx.config)]
    out: list[dict[str, Any]] = []
    with ctx.database().unit_of_work() as s:
        off = device_health.out_of_service(s, lane)
        for name in names:
            problem = device_health.last_problem(s, lane, name)
            out.append({"device": name,
                        "out_of_service": off[name].detail if name in off else None,
                        "last_problem": None if problem is None else {
                            "at": problem.occurred_at.isoformat(), "event": problem.event,
                            "detail": problem.detail},
                        "days": [{"day": d.day.isoformat(), "connects": d.connects,
                                  "losses": d.losses, "errors": d.errors,
                                  "available_s": round(d.available_s),
                                  "observed_s": round(d.observed_s)}
                                 for d in device_health.daily_history(s, lane, name, args.days)]})
    if args.json:
        print(json.dumps(out, indent=2))
        return 0
    for row in out:
        state = f"OUT OF SERVICE ({row['out_of_service']})" if row["out_of_service"] else ""
        print(f"{row['device']} {state}".rstrip())
        if row["last_problem"]:
            p = row["last_problem"]
            print(f"  last problem {p['at']}: {p['event']} {p['detail']}")
        for d in row["days"]:
            pct = (f"{100 * d['available_s'] / d['observed_s']:.0f} %" if d["observed_s"]
                   else "—")
            print(f"  {d['day']}  connects {d['connects']}  losses {d['losses']}  "
                  f"errors {d['errors']}  available {pct}")
    return 0


def _service(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.services import device_health

    config = _config(ctx, args.device)
    ctx.database()
    sign_in(ctx, args, "devices.check")
    with ctx.database().unit_of_work() as s:
        try:
            device_health.set_in_service(s, ctx.config.lane.lane_id, config.name, config.kind,
                                         in_service=bool(args.back),
                                         technician=acting_user(s, args),
                                         reason=args.out or "")
        except ValueError as exc:
            fail(str(exc))
    print(f"{config.name} {'back in service' if args.back else 'out of service'} (recorded)")
    return 0
