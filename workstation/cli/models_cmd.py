"""``workstation models list|verify``: the shipped and the post's models, and their integrity.

``verify`` exits 1 when any model is refused (changed file, bad manifest, invalid ONNX,
input not as described) and names it with the reason; the other models are still listed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from workstation.cli.context import CliContext
from workstation.inference.registry import ModelRegistry, default_models_dir
from workstation.inference.settings import models_settings


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION")
    for name, func, help_text in (
        ("list", _list, "list models with version, task, labels and measured figures"),
        ("verify", _verify, "check every model's hash, ONNX validity and that it loads"),
    ):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.add_argument("--models-dir", action="append", type=Path, default=[], metavar="DIR",
                       help="an extra folder of models (repeatable), besides the configured ones")
        p.set_defaults(func=func)


def registry_for(ctx: CliContext, extra: list[Path]) -> ModelRegistry:
    """Shipped models, the configured post folders and ``extra`` folders."""
    settings = models_settings(ctx.config)
    return ModelRegistry([default_models_dir(), *settings.extra_dirs, *extra],
                         threads=settings.threads or None)


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    good, refused = registry_for(ctx, args.models_dir).verify()
    rows: list[dict[str, Any]] = [{  # JSON objects, printed below or as --json
        "name": v.manifest.name, "version": v.manifest.version, "task": v.manifest.task,
        "decoder": v.manifest.output.decoder, "labels": list(v.manifest.labels),
        "scan_kinds": list(v.manifest.scan_kinds), "file": str(v.model_path),
        "sha256": v.manifest.sha256,
        "metrics": {m.name: m.value for m in v.manifest.metrics},
    } for v in good]
    if args.json:
        print(json.dumps({"models": rows, "refused": [_refusal(r) for r in refused]}))
        return 0
    if not rows and not refused:
        print(f"no models found under {', '.join(str(r) for r in registry_for(ctx, args.models_dir).roots)}")
    for row in rows:
        figures = ", ".join(f"{k} {v:.3f}" for k, v in row["metrics"].items()) or "no figures"
        print(f"{row['name']} {row['version']}  {row['task']} ({row['decoder']})  "
              f"{', '.join(row['labels'])}  [{figures}]")
    for refusal in refused:
        print(f"REFUSED {refusal.name}: {refusal.reason}")
    return 0


def _verify(ctx: CliContext, args: argparse.Namespace) -> int:
    report = registry_for(ctx, args.models_dir).load()
    if args.json:
        print(json.dumps({
            "ok": not report.refused,
            "loaded": [{"name": m.name, "version": m.manifest.version, "sha256": m.manifest.sha256}
                       for m in report.loaded.values()],
            "refused": [_refusal(r) for r in report.refused],
        }))
    else:
        for model in report.loaded.values():
            print(f"ok       {model.name} {model.manifest.version}  sha256 {model.manifest.sha256}")
        for refusal in report.refused:
            print(f"REFUSED  {refusal.reason}")
    return 1 if report.refused else 0


def _refusal(refusal: object) -> dict[str, str]:
    return {"name": getattr(refusal, "name", ""), "manifest": str(getattr(refusal, "manifest_path", "")),
            "reason": getattr(refusal, "reason", "")}
