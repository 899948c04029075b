"""``workstation run [--config FILE]`` (and ``workstation`` alone): open the lane application.

The UI package is imported only here, inside the function, through importlib: the core
never imports Qt, so the CLI, the tests and a headless lane service run without it.
"""

from __future__ import annotations

import argparse
import importlib

from workstation.cli.context import CliContext, CommandError


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", dest="run_config", metavar="FILE",
                        help="lane configuration TOML file (same as the global --config)")
    parser.set_defaults(func=run)


def run(ctx: CliContext, args: argparse.Namespace) -> int:
    config_path = getattr(args, "run_config", None) or ctx.config_path
    try:
        app_module = importlib.import_module("ui.app")
    except ImportError as exc:
        raise CommandError(f"the user interface cannot start: {exc} "
                           "(install the project with its PySide6 dependency)") from None
    return int(app_module.main(config_path=config_path))
