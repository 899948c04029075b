"""``workstation codes``: the control result codes in force at this post."""

from __future__ import annotations

import argparse
import json

from workstation.cli.context import CliContext, fail
from workstation.domain.result_codes import ResultCodeError, ResultCodes


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=_codes)


def _codes(ctx: CliContext, args: argparse.Namespace) -> int:
    try:
        codes = list(ResultCodes.load(ctx.config.reference.result_codes))
    except ResultCodeError as exc:
        fail(str(exc))
    if args.json:
        print(json.dumps([c.__dict__ for c in codes], indent=2))
        return 0
    for c in codes:
        flag = "irregularity" if c.irregularity else "no irregularity"
        print(f"{c.code:<5} {c.label}  [{flag}]" + ("" if c.origin == "default" else f"  ({c.origin})"))
    return 0
