"""``workstation iq ...``: image-quality test pieces.

    workstation iq score FILE [--kind parcel|cargo] [--limit NAME=VALUE ...] [--json]

Scores a stored test-piece scan (DICOS/DICOM DX, 16-bit TIFF or PNG): finds the piece,
measures it and judges every metric against its limit (workstation.imaging.iq). Exit code 0
when every metric passed, 1 when one failed, 2 when the file cannot be scored (missing,
corrupt, not a projection image, no test piece in it). Reads no personal data and changes
nothing: no sign-in.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workstation.cli.context import CliContext, CommandError


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="iq_command", metavar="SUBCOMMAND")
    p = sub.add_parser("score", help="score a test-piece scan file against the standard's limits",
                       description="Find the test piece in a scan file and score it: wire and "
                                   "spatial resolution, penetration, noise, uniformity, "
                                   "material discrimination.")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--kind", choices=("parcel", "cargo"),
                   help="the test piece expected (default: whichever is found)")
    p.add_argument("--limit", action="append", default=[], metavar="NAME=VALUE",
                   help="override one metric's limit, e.g. noise=0.8 (repeatable)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=_score)


def _limits(items: list[str]) -> dict[str, float]:
    limits: dict[str, float] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        try:
            if not sep:
                raise ValueError
            limits[name.strip()] = float(raw)
        except ValueError:
            raise CommandError(f"--limit {item!r}: expected NAME=NUMBER, e.g. noise=0.8") from None
    return limits


def _score(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.imaging.iq import TestPieceNotFound, score_file
    from workstation.imaging.iq.files import UnsupportedScanFile

    try:
        report = score_file(args.file, kind=args.kind, limits=_limits(args.limit))
    except UnsupportedScanFile as exc:
        raise CommandError(str(exc)) from None
    except TestPieceNotFound as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    except ValueError as exc:  # an unknown metric in --limit, an unusable image
        raise CommandError(f"{args.file}: {exc}") from None
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        print(f"{args.file}: {report.kind} test piece, pixel {report.pixel_mm:.3f} mm: "
              f"{'PASSED' if report.passed else 'FAILED'}")
        for m in report.metrics:
            value = "not seen" if m.to_json()["value"] is None else f"{m.value:g} {m.unit}"
            bound = ">=" if m.higher_is_better else "<="
            print(f"  {'ok  ' if m.passed else 'FAIL'} {m.name:<24} {value:<16} "
                  f"(limit {bound} {m.limit:g} {m.unit}; {m.standard})")
        for note in report.notes:
            print(f"  note: {note}")
    return 0 if report.passed else 1
