"""``workstation config show``."""

from __future__ import annotations

import argparse
import json

from workstation import config as config_module
from workstation.cli.context import CliContext


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    show = sub.add_parser("show", help="print the effective configuration (TOML, or JSON with --json)")
    show.add_argument("--json", action="store_true", help="print JSON instead of TOML")
    show.set_defaults(func=_show)


def _show(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.lane_defaults import with_default_devices

    # Without a file the lane runs every simulator: show those devices, as they will run.
    cfg = with_default_devices(ctx.config)
    if args.json:
        print(json.dumps(cfg.model_dump(mode="json"), indent=2))
    else:
        print(config_module.to_toml(cfg), end="")
    return 0
