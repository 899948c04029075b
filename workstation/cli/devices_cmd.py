"""``workstation devices list | check-source | checks``: the technician's device commands.

* ``list [--no-probe] [--timeout S] [--json]``: every configured device with its health,
  found by opening it and calling its probe (``simulated = true`` starts its simulator).
  Exits 1 when an enabled device is offline, else 0.
* ``check-source DEVICE [--source NUCLIDE] [--expected X] [--quantity dose_rate|count_rate]
  [--tolerance PCT] [--real-time S] --user NAME [--json]``: measure the check source with
  the RIID, compare with the expected value ± tolerance, store the pass/fail record
  (``device_checks``, performed by the technician) and print it. Options override the
  device's ``[devices.check_source]`` table. Exits 0 on pass, 1 on fail, 2 on a
  usage or configuration error, 3 when the device cannot be reached.
* ``checks [--device NAME] [--kind KIND] [--limit N] [--json]``: the history of checks,
  newest first, and the trend per device (workstation.services.check_source).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from devices.base import Device, DeviceError, HealthState
from devices.registry import RegistryError, create_device
from workstation.cli.common import acting_user, add_user_argument, sign_in
from workstation.cli.context import CliContext, CommandError, fail
from workstation.config import DeviceConfig
from workstation.lane_defaults import effective_devices
from workstation.services import check_source

UNREACHABLE_EXIT = 3


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="devices_command", metavar="ACTION")

    lst = sub.add_parser("list", help="configured devices and their health (probe)")
    lst.add_argument("--no-probe", action="store_true", help="only show the configuration; do not connect")
    lst.add_argument("--timeout", type=float, default=5.0, metavar="S",
                     help="seconds to wait for each device to connect (default 5)")
    lst.add_argument("--json", action="store_true", help="print JSON")
    lst.set_defaults(func=_list)

    cs = sub.add_parser("check-source", help="check-source test of a RIID, stored as pass/fail record")
    cs.add_argument("device", metavar="DEVICE", help="configured device name")
    cs.add_argument("--source", metavar="NUCLIDE", dest="nuclide",
                    help="check-source nuclide that must be identified, e.g. Cs-137 ('' for none)")
    cs.add_argument("--expected", type=float, metavar="X",
                    help="expected value at the check geometry (µSv/h for dose_rate, cps for count_rate)")
    cs.add_argument("--quantity", choices=sorted(check_source.UNITS), help="what is compared (default dose_rate)")
    cs.add_argument("--tolerance", type=float, metavar="PCT", dest="tolerance_pct",
                    help="relative tolerance in per cent (default 20)")
    cs.add_argument("--real-time", type=float, metavar="S", dest="real_time_s",
                    help="measuring time in seconds (default 60)")
    cs.add_argument("--timeout", type=float, default=15.0, metavar="S",
                    help="seconds to wait for the device beyond the measuring time (default 15)")
    cs.add_argument("--json", action="store_true", help="print the stored record as JSON")
    add_user_argument(cs)
    cs.set_defaults(func=_check_source)

    ch = sub.add_parser("checks", help="history of device checks with the trend per device")
    ch.add_argument("--device", metavar="NAME", help="only this device")
    ch.add_argument("--kind", default=check_source.CHECK_KIND, metavar="KIND",
                    help=f"check kind (default {check_source.CHECK_KIND}; 'all' for every kind)")
    ch.add_argument("--limit", type=int, default=50, metavar="N", help="newest N checks (default 50)")
    ch.add_argument("--json", action="store_true", help="print JSON")
    ch.set_defaults(func=_checks)

    from workstation.cli import devices_iq

    devices_iq.register(sub)  # calibrate, iq-test, iq-trend, equivalence, certificate, ...


# --- helpers -----------------------------------------------------------------------------


def _device_config(ctx: CliContext, name: str) -> DeviceConfig:
    configured = effective_devices(ctx.config)
    for device in configured:
        if device.name == name:
            return device
    where = ctx.config.source or "the built-in defaults (no configuration file)"
    known = ", ".join(d.name for d in configured) or "none"
    fail(f"no device {name!r} in {where} (configured: {known})")


@contextmanager
def _connected(config: DeviceConfig, timeout_s: float) -> Iterator[Device]:
    """The device built through the registry (its simulator started when ``simulated``),
    open; disposed afterwards, simulator included."""
    try:
        device = create_device(config)
    except (RegistryError, ValueError) as exc:
        fail(f"device {config.name!r}: {exc}")
    try:
        try:
            device.open(timeout_s)
        except DeviceError as exc:
            raise CommandError(f"device {config.name!r} unreachable: {exc}", UNREACHABLE_EXIT) from None
        yield device
    finally:
        device.dispose()


# --- list --------------------------------------------------------------------------------


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    rows = [_describe(config, probe=not args.no_probe, timeout_s=args.timeout) for config in effective_devices(ctx.config)]
    if args.json:
        print(json.dumps(rows, indent=2))
    elif not rows:
        print(f"no devices configured in {ctx.config.source or 'the built-in defaults'}")
    else:
        for row in rows:
            sim = " (simulated)" if row["simulated"] else ""
            ident = row["identity"]
            who = f" — {ident['vendor']} {ident['model']} serial {ident['serial']} firmware {ident['firmware']}" \
                if ident else ""
            print(f"{row['name']}: {row['kind']} via {row['driver']}{sim}: {row['health']}{who}")
    offline = [r for r in rows if r["enabled"] and r["state"] == HealthState.OFFLINE.value]
    return 1 if offline else 0


def _describe(config: DeviceConfig, *, probe: bool, timeout_s: float) -> dict[str, Any]:
    row: dict[str, Any] = {"name": config.name, "kind": config.kind, "driver": config.driver,
                           "simulated": config.simulated, "enabled": config.enabled,
                           "state": None, "health": "not probed", "identity": None}
    if not config.enabled:
        row["health"] = "disabled"
        return row
    if not probe:
        return row
    try:
        with _connected(config, timeout_s) as device:
            health = device.probe()
            row["identity"] = device.info.as_dict()
    except CommandError as exc:
        row.update(state=HealthState.OFFLINE.value, health=f"OFFLINE: {exc}")
        return row
    except DeviceError as exc:  # the probe itself failed: reachable, but not well
        row.update(state=HealthState.DEGRADED.value, health=f"DEGRADED: probe failed: {exc}")
        return row
    row.update(state=health.state.value, health=health.text)
    return row


# --- check-source ------------------------------------------------------------------------


def _check_source(ctx: CliContext, args: argparse.Namespace) -> int:
    config = _device_config(ctx, args.device)
    if config.kind != "riid":
        fail(f"device {config.name!r} is a {config.kind}; the check-source test needs a RIID (kind riid)")
    table = config.check_source
    try:
        source = check_source.CheckSource.from_settings(
            table, where=f"device {config.name!r}: check_source (or the command options)",
            nuclide=args.nuclide, quantity=args.quantity, expected=args.expected,
            tolerance_pct=args.tolerance_pct, real_time_s=args.real_time_s)
    except ValueError as exc:
        fail(f"{exc}; give --expected (and --source, --tolerance) or define it in the configuration")
    database = ctx.database()
    # Who does it is checked before a measurement that may take minutes.
    sign_in(ctx, args, "devices.check")
    from devices.handheld.riid import RiidDriver

    with _connected(config, args.timeout) as device:
        if not isinstance(device, RiidDriver):
            fail(f"device {config.name!r}: driver {config.driver!r} is not a RIID driver")
        try:
            reading = device.measure(source.real_time_s, timeout_s=source.real_time_s + args.timeout)
        except DeviceError as exc:
            raise CommandError(f"device {config.name!r}: measurement failed: {exc}", UNREACHABLE_EXIT) from None
        identity = device.info.as_dict()
    outcome = check_source.evaluate(reading, source)
    with database.unit_of_work() as session:
        technician = acting_user(session, args)
        row = check_source.record_check(session, config.name, outcome, technician, identity)
        record = _check_json(check_source.CheckRecord(row, technician.username, check_source.deviation_pct(row)))
    if args.json:
        print(json.dumps(record, indent=2))
    else:
        verdict = "PASS" if outcome.passed else "FAIL"
        print(f"{verdict} {config.name} check source {source.nuclide or '(no nuclide)'}: {outcome.reason} "
              f"(expected {source.expected:g} {source.unit} ± {source.tolerance_pct:g} %, "
              f"measured {source.real_time_s:g} s); recorded as {record['id']} by {record['technician']}")
    return 0 if outcome.passed else 1


# --- checks ------------------------------------------------------------------------------


def _checks(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.limit <= 0:
        fail(f"--limit must be > 0, got {args.limit}")
    kind = None if args.kind == "all" else args.kind
    with ctx.database().unit_of_work() as session:
        records = check_source.history(session, args.device, kind, args.limit)
        rows = [_check_json(r) for r in records]
        trends = check_source.trends(records)
    if args.json:
        print(json.dumps({"checks": rows, "trends": [t.__dict__ for t in trends]}, indent=2))
        return 0
    if not rows:
        print("no checks recorded" + (f" for {args.device}" if args.device else ""))
        return 0
    for row in rows:
        deviation = f" {row['deviation_pct']:+.1f} %" if row["deviation_pct"] is not None else ""
        print(f"{row['performed_at']}  {row['device']}  {row['kind']}  {'PASS' if row['passed'] else 'FAIL'}"
              f"{deviation}  {row['reason']}  by {row['technician'] or 'system'}")
    print()
    for trend in trends:
        print(f"trend {trend.sentence()}")
    return 0


def _check_json(record: check_source.CheckRecord) -> dict[str, Any]:
    check = record.check
    return {"id": str(check.id), "device": check.device_name, "kind": check.check_kind, "passed": check.passed,
            "performed_at": check.performed_at.isoformat(), "technician": record.technician,
            "deviation_pct": None if record.deviation_pct is None else round(record.deviation_pct, 3),
            "reason": check.expected.get("reason", ""), "measured": check.measured, "expected": check.expected}
