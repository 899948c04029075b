"""``workstation scan analyse FILE... [--json]``: run the models over image files.

Accepts DICOS / DICOM, 16-bit TIFF / PNG and 8-bit grey or colour images (see
:mod:`workstation.inference.intake`). With ``--json`` prints one line per file::

    {"image": PATH, "findings": [{"label", "score", "box": [x, y, w, h], "model",
     "model_version"}], "ms": T}

A file that cannot be read (damaged, truncated, an image bomb over ``[imports]
max_scan_megapixels``) gives ``{"image": PATH, "error": MESSAGE}`` and exit status 2; a model
failure exit status 1; the other files are still analysed.

Models fail closed: when a model that would analyse a file was refused (changed file,
unsigned or re-hashed manifest, manifest signed by a key this lane does not trust, invalid
ONNX), the file is not analysed at all and its line is ``{"image": PATH, "error": MESSAGE,
"refused": [{"name", "manifest", "reason"}]}``, exit status 1, never "0 findings". A refused
model whose manifest cannot be trusted may have been meant for any scan kind, so it stops
every file; one whose signed manifest names its kinds stops only those (with ``--model``,
only the named models count). No model at all for a file's kind is an error too.

``workstation/cli/scan_cmd.py`` adds the sub-command through :func:`register` (its
``SUBCOMMAND_MODULES``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from workstation.cli.context import CliContext, CommandError
from workstation.inference.intake import ImageReadError, read_grey, scan_kind_hint
from workstation.inference.registry import RegistryReport
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
    failed = bad_input = False
    max_pixels = int(ctx.config.imports.max_scan_megapixels * 1_000_000)
    try:
        for refusal in report.refused:
            print(f"warning: model refused: {refusal.reason}", file=_stderr())
        if not report.loaded and not report.refused:
            raise CommandError("no usable model: see `workstation models verify`", 1)
        for path in args.files:
            record = _analyse_one(service, path, args, max_pixels, report=report)
            bad_input |= record.pop("bad_input", False)
            failed |= "error" in record
            _print(record, args.json)
    finally:
        service.stop()
    return 2 if bad_input else 1 if failed else 0


def _analyse_one(service: InferenceService, path: Path, args: argparse.Namespace,
                 max_pixels: int, *, report: RegistryReport | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        image = read_grey(path, max_pixels=max_pixels)
    except ImageReadError as exc:
        return {"image": str(path), "error": str(exc), "bad_input": True}
    try:
        kind = args.kind or scan_kind_hint(path) or "imported"
        refused = _refused_for(report, path, kind, args.model)
        if refused is not None:
            return refused
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


def _refused_for(report: RegistryReport | None, path: Path, kind: str,
                 models: list[str] | None) -> dict[str, Any] | None:
    """The error record when a refused model could hide findings in this ``kind`` scan (or
    is one of the named ``models``), or no model analyses ``kind``; None to go on."""
    from workstation.cli.models_cmd import refusal_json

    if report is None:
        return None
    if models is not None:
        blocking = [r for r in report.refused if r.name in models]
    else:
        blocking = [r for r in report.refused if r.affects(kind)]
    if blocking:
        return {"image": str(path),
                "error": "not analysed: model verification failed: "
                         + "; ".join(r.reason for r in blocking),
                "refused": [refusal_json(r) for r in blocking]}
    if models is None and not any(kind in m.manifest.scan_kinds for m in report.loaded.values()):
        return {"image": str(path),
                "error": f"not analysed: no model installed for {kind} scans"}
    return None


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
