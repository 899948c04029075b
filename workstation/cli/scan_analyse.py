"""``workstation scan analyse FILE... [--json]``: run the models over image files.

Accepts DICOS / DICOM, 16-bit TIFF / PNG and 8-bit grey or colour images (see
:mod:`workstation.inference.intake`). With ``--json`` prints one line per file::

    {"image": PATH, "findings": [{"label", "score", "box": [x, y, w, h], "model",
     "model_version"}], "ms": T}

A file that cannot be read gives ``{"image": PATH, "error": MESSAGE}`` and exit status 1;
the other files are still analysed. ``workstation/cli/scan_cmd.py`` adds the sub-command
through :func:`register` (its ``SUBCOMMAND_MODULES``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from workstation.cli.context import CliContext, CommandError
from workstation.inference.intake import ImageReadError, read_grey, scan_kind_hint
from workstation.inference.service import InferenceError, InferenceService


def register_analyse(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``analyse`` to the ``scan`` command's sub-parsers."""
    p = subparsers.add_parser("analyse", help="run the threat models over scan or image files",
                              description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print one JSON object per file")
    p.add_argument("--model", action="append", default=None, metavar="NAME",
                   help="run only this model (repeatable); default: the models for --kind")
    p.add_argument("--kind", default=None, choices=("parcel", "cargo", "imported"),
                   help="scan kind, selects the models (default: from a DICOS file's object "
                        "type, else imported = any single image)")
    p.add_argument("--declared", choices=("empty", "loaded"), default=None,
                   help="what the declaration says of the load space: with 'empty', goods "
                        "seen by a cargo model become goods-in-empty findings")
    p.add_argument("--models-dir", action="append", type=Path, default=[], metavar="DIR",
                   help="an extra folder of models (repeatable)")
    p.set_defaults(func=run_analyse)
    return p


# ``workstation/cli/scan_cmd.py`` calls ``register(sub)`` of each module it lists in
# SUBCOMMAND_MODULES: this module is listed there as "workstation.cli.scan_analyse".
register = register_analyse


def run_analyse(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.cli.models_cmd import registry_for

    service = InferenceService(registry_for(ctx, args.models_dir))
    try:
        report = service.start()
    except InferenceError as exc:
        raise CommandError(str(exc)) from None
    failed = False
    try:
        for refusal in report.refused:
            print(f"warning: {refusal.reason}", file=_stderr())
        if not report.loaded:
            raise CommandError("no usable model: see `workstation models verify`", 1)
        for path in args.files:
            record = _analyse_one(service, path, args)
            failed |= "error" in record
            _print(record, args.json)
    finally:
        service.stop()
    return 1 if failed else 0


def _analyse_one(service: InferenceService, path: Path, args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        image = read_grey(path)
        kind = args.kind or scan_kind_hint(path) or "imported"
        declared_empty = None if args.declared is None else args.declared == "empty"
        analyses = service.submit(image, models=args.model, scan_kind=kind,
                                  declared_empty=declared_empty).result(timeout=600)
    except (ImageReadError, InferenceError) as exc:
        return {"image": str(path), "error": str(exc)}
    findings = [
        {"label": d.label, "score": round(d.score, 4), "box": [round(v, 1) for v in d.box],
         "model": a.model, "model_version": a.model_version}
        for a in analyses for d in a.detections
    ]
    return {"image": str(path), "findings": findings,
            "ms": round((time.perf_counter() - started) * 1000, 1)}


def _print(record: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(record))
        return
    if "error" in record:
        print(f"{record['image']}: ERROR {record['error']}")
        return
    print(f"{record['image']}: {len(record['findings'])} finding(s) in {record['ms']:.0f} ms")
    for f in record["findings"]:
        x, y, w, h = f["box"]
        print(f"  {f['label']:<24} {f['score']:.2f}  at x={x:.0f} y={y:.0f} {w:.0f}x{h:.0f}  "
              f"({f['model']} {f['model_version']})")


def _stderr() -> Any:
    import sys

    return sys.stderr
