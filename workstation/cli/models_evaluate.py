"""``workstation models evaluate MODEL FOLDER``: a model measured on labelled images.

FOLDER holds one sub-folder per class, named after the class (``handgun/``, ``shuriken/``,
``razor-blade/``, ``other/`` ...). ``--map FOLDER=LABEL[,LABEL...]`` says which model labels
count for a folder (default: the folder's own name when the model has that label);
``FOLDER=`` and every folder that matches no label are negatives (no threat). Each image is
read and analysed exactly as the lane does (see
:mod:`workstation.inference.folder_evaluation`); the figures are per image.

``--json`` prints one object: ``{"model", "version", "thresholds", "per_class": {FOLDER:
{"images", "labels", "detected", "detection_rate", "false_alarm_rate"}}, ...,
"negatives_with_any_finding", "curve": {FOLDER: [{"threshold", "detection_rate",
"false_alarm_rate"}]}, "operating_points": [...], "config": TOML, "unreadable": [...]}``.
``--operating-point handgun:fa<=0.05`` (or ``dr>=0.9``) solves the threshold that meets it
and prints the lane-configuration lines that set it. ``--png FILE`` writes the chart.

Exit status: 0; 2 when an image could not be read (named, the others are still measured)
or the folder, map or operating point is wrong; 1 when the model is refused or missing.
No database and no sign-in: the images are files the user names, not the record.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workstation.cli.context import CliContext, CommandError


def register_evaluate(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``evaluate`` to the ``models`` command's sub-parsers."""
    p = subparsers.add_parser(
        "evaluate", help="measure a model on a folder of labelled images (one sub-folder per class)",
        description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("model", metavar="MODEL", help="model name, as in `workstation models list`")
    p.add_argument("folder", type=Path, metavar="FOLDER", help="folder with one sub-folder per class")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--png", type=Path, metavar="FILE", help="write the detection vs false-alarm chart")
    p.add_argument("--map", nargs="+", action="extend", default=[], metavar="FOLDER=LABELS",
                   help="model labels that count for a folder, e.g. razor-blade=knife,blade; "
                        "FOLDER= makes it a negative")
    p.add_argument("--operating-point", nargs="+", action="extend", default=[], metavar="POINT",
                   help="e.g. handgun:fa<=0.05 (false alarms on negatives at most 5%%) or "
                        "razor-blade:dr>=0.7: prints the threshold that meets it")
    p.add_argument("--models-dir", action="append", type=Path, default=[], metavar="DIR",
                   help="an extra folder of models (repeatable)")
    p.set_defaults(func=run_evaluate)
    return p


def run_evaluate(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.cli.models_cmd import registry_for
    from workstation.inference import folder_evaluation as fe

    try:
        points = [fe.OperatingPoint.parse(text) for text in args.operating_point]
        images = fe.list_images(args.folder)
        mapping = fe.parse_mapping(args.map)
    except fe.EvaluationError as exc:
        raise CommandError(str(exc)) from None
    registry = registry_for(ctx, args.models_dir)
    report = registry.load()
    model = report.loaded.get(args.model)
    if model is None:
        refused = [r.reason for r in report.refused if r.name == args.model]
        if refused:
            raise CommandError(f"model {args.model} refused: {'; '.join(refused)}", 1)
        raise CommandError(f"no model {args.model!r}; loaded: {', '.join(sorted(report.loaded)) or 'none'}"
                           " (see `workstation models verify`)", 1)
    try:
        # The manifest says which labels find an everyday class (razor-blade: blade, knife);
        # --map overrides it folder by folder.
        covered = {f: labels for f, labels in model.manifest.covers.items() if f in images}
        cmap = fe.class_map(images, model.manifest.labels, {**covered, **mapping})
        for point in points:  # checked before the long run, not after it
            fe.check_point(cmap, point)
    except fe.EvaluationError as exc:
        raise CommandError(str(exc)) from None
    for folder, labels in cmap.ignored.items():
        print(f"note: {folder}: the model has no label {', '.join(labels)}; ignored",
              file=sys.stderr)
    max_pixels = int(ctx.config.imports.max_scan_megapixels * 1_000_000)
    scored, unreadable = fe.score_images(model, images, max_pixels=max_pixels,
                                         progress=None if args.json else _progress)
    if not args.json:
        print(file=sys.stderr)
    try:
        figures = fe.report(model, scored, cmap, points)
    except fe.EvaluationError as exc:
        raise CommandError(str(exc)) from None
    figures["folder"] = str(args.folder)
    figures["unreadable"] = [{"image": str(p), "error": e} for p, e in unreadable]
    if args.png is not None:
        from workstation.inference.evaluation_plot import write_png

        try:
            write_png(figures, args.png)
        except OSError as exc:
            raise CommandError(f"{args.png}: cannot write the chart: {exc}") from None
    if args.json:
        print(json.dumps(figures))
    else:
        _print_table(figures)
    return 2 if unreadable else 0


def _progress(done: int, total: int) -> None:
    if done == total or done % 25 == 0:
        print(f"\r{done}/{total} images", end="", file=sys.stderr, flush=True)


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{100 * value:5.1f}%"


def _print_table(figures: dict[str, Any]) -> None:
    print(f"{figures['model']} {figures['version']} on {figures['folder']}")
    print(f"{'class':<16} {'labels':<22} {'images':>6} {'detected':>8} {'rate':>7} {'false alarms':>13}")
    for folder, row in figures["per_class"].items():
        if row.get("negative"):
            flagged = ", ".join(f"{k} {v}" for k, v in row["flagged_by_label"].items()) or "none"
            print(f"{folder:<16} {'(negative)':<22} {row['images']:>6} {row['with_any_finding']:>8} "
                  f"{_pct(row['any_finding_rate']):>7}   flagged: {flagged}")
        else:
            print(f"{folder:<16} {','.join(row['labels']):<22} {row['images']:>6} "
                  f"{row['detected']:>8} {_pct(row['detection_rate']):>7} "
                  f"{_pct(row['false_alarm_rate']):>13}")
    print(f"negatives with any finding: {_pct(figures['negatives_with_any_finding']).strip()}")
    for row in figures["operating_points"]:
        verdict = "met" if row["met"] else "NOT met"
        print(f"operating point {row['operating_point']}: threshold {row['threshold']:.3f} "
              f"({verdict}; detection {_pct(row['detection_rate']).strip()}, "
              f"false alarms {_pct(row['false_alarm_rate']).strip()})")
    if figures["config"]:
        print("lane configuration:")
        print(figures["config"])
    for row in figures["unreadable"]:
        print(f"UNREADABLE {row['error']}")
