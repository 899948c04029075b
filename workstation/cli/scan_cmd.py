"""``workstation scan ...``: import, show, export and simulate x-ray scans.

    workstation scan import FILE                      # prints the new scan id
    workstation scan show ID --view material --png OUT.png [--gamma G --window W --level L]
    workstation scan export ID --dicos DIR
    workstation scan simulate --kind parcel --seed 7 [--out FILE.dcm]   # default: into the store
    workstation scan simulate --kind test-piece --degrade blur=2,noise=3 --out FILE.dcm

More sub-commands plug in without touching this file's body: add a module name to
``SUBCOMMAND_MODULES``; that module's ``register(sub)`` receives the sub-parsers object and
adds its parser with ``set_defaults(func=...)`` (``scan analyse`` will come this way).
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.cli.common import add_user_argument, sign_in
from workstation.cli.context import CliContext, CommandError

if TYPE_CHECKING:
    from workstation.db.models import Scan
    from workstation.imaging.scan import DualEnergyScan
    from workstation.scans.store import ImageStore

# Modules adding further ``scan`` sub-commands, e.g. "workstation.cli.scan_analyse_cmd".
SUBCOMMAND_MODULES: tuple[str, ...] = ("workstation.cli.scan_analyse",)


def register(parser: argparse.ArgumentParser) -> None:
    from workstation.imaging.views import VIEWS

    sub = parser.add_subparsers(dest="scan_command", metavar="SUBCOMMAND")

    p = sub.add_parser("import", help="import a DICOS/DICOM, 16-bit TIFF or PNG scan file",
                       description="Import a scan file into the image store; prints the new scan id.")
    p.add_argument("file", type=Path)
    p.add_argument("--device", default="import", help="device name recorded with the scan")
    add_user_argument(p)
    p.set_defaults(func=_import)

    p = sub.add_parser("show", help="render a stored scan to a PNG file")
    p.add_argument("scan_id", metavar="ID")
    p.add_argument("--view", default="grey", choices=list(VIEWS),
                   help="; ".join(f"{k}: {v}" for k, v in VIEWS.items()))
    p.add_argument("--png", type=Path, required=True, metavar="OUT", help="PNG file to write")
    p.add_argument("--gamma", type=float, default=1.0, help="display gamma (0.05-20, default 1)")
    p.add_argument("--window", type=float, help="window width in attenuation units (-ln T)")
    p.add_argument("--level", type=float, help="window centre in attenuation units (-ln T)")
    add_user_argument(p)
    p.set_defaults(func=_show)

    p = sub.add_parser("export", help="copy a stored scan out as a DICOS file")
    p.add_argument("scan_id", metavar="ID")
    p.add_argument("--dicos", type=Path, required=True, metavar="DIR", help="folder to write into")
    add_user_argument(p)
    p.set_defaults(func=_export)

    p = sub.add_parser("simulate", help="render a simulated scan (parcel, cargo, test piece)")
    p.add_argument("--kind", default="parcel", help="scene kind (parcel, cargo-uniform, "
                   "cargo-mixed, cargo-hidden-compartment, cargo-undeclared-block, cargo-empty, "
                   "test-piece, cargo-test-piece)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--size", metavar="LINESxPIXELS", help="smaller scene, e.g. 600x400")
    p.add_argument("--out", type=Path, metavar="FILE.dcm",
                   help="write a DICOS file instead of storing the scan")
    p.add_argument("--degrade", metavar="blur=PX,noise=FACTOR[,gain=G][,dead-lines=N]",
                   help="render through a detector in this condition (test pieces: show a "
                        "degraded scanner fail), e.g. blur=2,noise=3")
    add_user_argument(p)
    p.set_defaults(func=_simulate)

    for module_name in SUBCOMMAND_MODULES:
        importlib.import_module(module_name).register(sub)


def _store(ctx: CliContext) -> ImageStore:
    # Imported lazily, for a fast CLI start.
    from workstation.scans.service import store_for

    return store_for(ctx.config)


def _import(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.scans import UnsupportedScanFile, import_scan_file

    sign_in(ctx, args, "scans.import")
    try:
        row = import_scan_file(ctx.database(), _store(ctx), args.file, device=args.device,
                               retention_days=ctx.config.retention.scans_days,
                               max_pixels=int(ctx.config.imports.max_scan_megapixels * 1e6))
    except UnsupportedScanFile as exc:
        raise CommandError(str(exc)) from None
    print(row.id)
    return 0


def _open(ctx: CliContext, scan_id: str) -> tuple[Scan, DualEnergyScan]:
    from workstation.scans import ScanIntegrityError, ScanNotFound, open_scan

    try:
        return open_scan(ctx.database(), _store(ctx), scan_id)
    except ScanNotFound as exc:
        raise CommandError(str(exc), exit_code=3) from None
    except ScanIntegrityError as exc:
        raise CommandError(str(exc), exit_code=4) from None


def _log_view(ctx: CliContext, viewer: str, row: Scan, how: str) -> None:
    """Audit ``view.scan`` (who, when, show or export) before the image leaves the store:
    viewing personal data is logged (Law Enforcement Directive, Art. 25)."""
    from workstation.services import privacy

    with ctx.database().unit_of_work() as session:
        privacy.log_view(session, viewer, "scan", row.id, how=how)


def _show(ctx: CliContext, args: argparse.Namespace) -> int:
    import cv2

    viewer = sign_in(ctx, args, "scans.read")  # a scan shows people's goods and vehicles

    from workstation.imaging.views import render_view

    row, scan = _open(ctx, args.scan_id)
    _log_view(ctx, viewer, row, "show")
    if scan.meta.get("raw_counts"):
        # Demo scans stored before calibration was applied on acquisition (decision 0105).
        print(f"note: scan {args.scan_id} holds uncorrected detector counts; grey levels and "
              "material colours are approximate", file=sys.stderr)
    try:
        rgb = render_view(scan, args.view, gamma=args.gamma, window=args.window, level=args.level)
    except ValueError as exc:
        raise CommandError(f"scan {args.scan_id}: {exc}") from None
    args.png.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(args.png), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
        raise CommandError(f"{args.png}: could not write the PNG file")
    print(f"{args.png} ({rgb.shape[1]} x {rgb.shape[0]}, view {args.view})")
    return 0


def _export(ctx: CliContext, args: argparse.Namespace) -> int:
    viewer = sign_in(ctx, args, "scans.read")
    row, _scan = _open(ctx, args.scan_id)  # verifies the hash before anything is copied
    _log_view(ctx, viewer, row, "export")
    args.dicos.mkdir(parents=True, exist_ok=True)
    target = args.dicos / f"{row.id}.dcm"
    shutil.copyfile(row.path, target)
    print(target)
    return 0


def _simulate(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.scans.dicos import write_dicos
    from workstation.scans.simulate import simulate_scan

    size = None
    if args.size:
        try:
            lines, pixels = (int(v) for v in args.size.lower().split("x"))
        except ValueError:
            raise CommandError(f"--size {args.size!r}: expected LINESxPIXELS, e.g. 600x400") from None
        size = (lines, pixels)
    degrade = None
    if args.degrade:
        from workstation.scans.degrade import Degradation

        try:
            degrade = Degradation.parse(args.degrade)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    try:
        scan, scene = simulate_scan(args.kind, args.seed, size=size, degrade=degrade)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_bytes(write_dicos(scan, kind=args.kind, device="simulator"))
        print(args.out)
        return 0
    from workstation.scans.service import save_scan

    sign_in(ctx, args, "scans.import")  # into the record's store: only then is it signed
    row = save_scan(ctx.database(), _store(ctx), scan, kind=args.kind, device="simulator",
                    retention_days=ctx.config.retention.scans_days)
    print(row.id)
    return 0
