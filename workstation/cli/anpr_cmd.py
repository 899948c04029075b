"""``workstation anpr read``, ``workstation container read`` and ``workstation eval``.

One module registers three commands (``anpr``, ``container``, ``eval`` in COMMANDS); which
one is being registered is told by the parser's program name. Reads print one JSON object
per image, in input order::

    workstation anpr read car.jpg --json
    {"image": "car.jpg", "plates": [{"text": "PP587AO", "confidence": 0.97, "box": [x, y, w, h]}], "ms": 41.2}
    workstation container read gate.jpg --json
    {"image": "gate.jpg", "codes": [{"code": "CSQU3054383", "valid": true, "confidence": 0.9,
     "box": [x, y, w, h], "alternatives": []}], "ms": 120.0}
    workstation eval plates ../shared/data/plates-eu
    workstation eval containers ../shared/data/containers
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

from workstation.cli.context import CliContext, CommandError, print_err

if TYPE_CHECKING:
    from workstation.recognition.ocr import OcrEngine


def register(parser: argparse.ArgumentParser) -> None:
    command = parser.prog.split()[-1]
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    if command == "eval":
        for kind in ("plates", "containers"):
            p = sub.add_parser(kind, help=f"accuracy and mean time of the {kind} reader on a labelled folder")
            p.add_argument("folder", type=Path, metavar="DIR")
            p.add_argument("--json", action="store_true", help="print one JSON object")
            p.add_argument("--quiet", action="store_true", help="no per-image lines on stderr")
            p.set_defaults(func=_eval, eval_kind=kind)
        return
    what = "number plates" if command == "anpr" else "ISO 6346 container codes"
    p = sub.add_parser("read", help=f"read {what} in image files")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="one JSON object per image (one per line)")
    p.set_defaults(func=_read, read_kind=command)


def _engine(ctx: CliContext) -> OcrEngine:
    # Imported lazily: onnxruntime start-up is slow for the other commands.
    from workstation.cli.models_cmd import trust_of
    from workstation.recognition.modelstore import ModelError
    from workstation.recognition.ocr import OcrEngine

    try:
        # The OCR manifest must be signed by a key the configuration trusts ([models]).
        engine = OcrEngine(trust=trust_of(ctx))
    except ModelError as exc:
        raise CommandError(str(exc)) from None
    engine.warm_up()
    return engine


def _read(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.recognition.containers import read_containers
    from workstation.recognition.images import ImageError, load_bgr
    from workstation.recognition.plates import read_plates

    # Every file is checked before the models load, so a typo fails fast and names the file.
    images = []
    for path in args.images:
        try:
            images.append((path, load_bgr(path)))
        except ImageError as exc:
            raise CommandError(str(exc)) from None
    engine = _engine(ctx)
    for path, image in images:
        start = time.perf_counter()
        if args.read_kind == "anpr":
            plates = read_plates(engine, image)
            found = [p.as_json() for p in plates]
            shown = [p.text for p in plates]
            key = "plates"
        else:
            codes = read_containers(engine, image)
            found = [c.as_json() for c in codes]
            shown = [f"{c.code}{'' if c.valid else ' (INVALID)'}" for c in codes]
            key = "codes"
        ms = round(1000 * (time.perf_counter() - start), 1)
        if args.json:
            print(json.dumps({"image": str(path), key: found, "ms": ms}), flush=True)
        else:
            texts = ", ".join(shown)
            print(f"{path}: {texts or 'nothing read'} ({ms} ms)", flush=True)
    return 0


def _eval(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.recognition.evaluation import TruthError, evaluate_containers, evaluate_plates
    from workstation.recognition.images import ImageError

    if not args.folder.is_dir():
        raise CommandError(f"{args.folder}: not a folder")
    engine = _engine(ctx)
    progress = None if args.quiet else print_err
    try:
        if args.eval_kind == "plates":
            report = evaluate_plates(args.folder, engine, progress)
        else:
            report = evaluate_containers(args.folder, engine, progress)
    except (TruthError, ImageError) as exc:
        raise CommandError(str(exc)) from None
    if args.json:
        print(json.dumps(report.as_json()))
    else:
        unit = "images" if report.kind == "plates" else "container numbers"
        print(f"{report.kind}: {report.correct}/{report.total} {unit} read correctly "
              f"({100 * report.accuracy:.1f}%), mean time {report.mean_ms:.0f} ms per image")
    return 0
