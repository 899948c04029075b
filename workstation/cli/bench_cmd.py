"""``workstation bench NAME [--json]``: see :mod:`workstation.bench` for the convention."""

from __future__ import annotations

import argparse
import importlib
import json

from workstation.bench import format_table
from workstation.cli.context import CliContext

# name -> (module with ``run(ctx, args) -> list[BenchResult]`` and ``add_arguments(parser)``, help)
BENCHES: dict[str, tuple[str, str]] = {
    "anpr": ("workstation.bench.anpr", "1080p plate + container read against the bare onnxruntime runs"),
    "db": ("workstation.bench.db", "referral import and control logging against bare Core inserts"),
    "ui": ("workstation.bench.ui", "lane app main-thread stalls while a cargo scan streams, "
           "against the idle app"),
    "imaging": ("workstation.bench.imaging", "x-ray pipeline (correction, material classes, colour) "
                "against float64 numpy"),
    "iq": ("workstation.bench.iq", "image-quality scoring of a cargo test piece against "
           "float64 numpy"),
    "analysis": ("workstation.bench.analysis", "scan analysis: onnxruntime against PyTorch eager"),
    "xray-ingest": ("workstation.bench.xray_ingest", "x-ray line ingestion through the driver "
                    "against a bare socket"),
    "cli": ("workstation.bench.cli", "command-line start-up (--help, light verbs) against a "
            "bare `python -c pass`"),
    "report": ("workstation.bench.report", "a busy post's year of performance figures against a "
               "bare SQL GROUP BY of the same controls"),
    "post": ("workstation.bench.post", "a border post under load (lane and analyst processes, "
             "PostgreSQL, Orthanc): lost, duplicated, audit, latencies"),
}


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="bench", metavar="NAME")
    for name, (module_name, help_text) in BENCHES.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print one JSON object")
        module = importlib.import_module(module_name)
        add_arguments = getattr(module, "add_arguments", None)
        if add_arguments is not None:
            add_arguments(p)
        p.set_defaults(func=_run, bench_module=module_name)


def _run(ctx: CliContext, args: argparse.Namespace) -> int:
    module = importlib.import_module(args.bench_module)
    if args.json and hasattr(module, "report"):  # a bench of figures: its own JSON object
        print(json.dumps({"bench": args.bench, **module.report(ctx, args)}))
        return 0
    results = module.run(ctx, args)
    if args.json:
        print(json.dumps({"bench": args.bench, "results": [r.as_json() for r in results]}))
    else:
        print(format_table(args.bench, results))
    return 0
