"""``workstation run [--config FILE]`` (and ``workstation`` alone): open the lane application.

The UI is found through the ``lane`` front-end entry point (:mod:`workstation.frontends`):
the core never imports Qt, so the CLI, the tests and a headless lane service run without it.
"""

from __future__ import annotations

import argparse
import os
import sys

from workstation import firststart
from workstation.cli.context import CliContext, CommandError
from workstation.frontends import FrontendMissing, load_frontend


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", dest="run_config", metavar="FILE",
                        help="lane configuration TOML file (same as the global --config)")
    parser.set_defaults(func=run)


def display_problem(environ: dict[str, str] | os._Environ[str] = os.environ,
                    platform: str = sys.platform) -> str | None:
    """Why no window can open here (Linux without X11/Wayland), or None when one can:
    :func:`workstation.firststart.display_problem`."""
    return firststart.display_problem(environ, platform)


def run(ctx: CliContext, args: argparse.Namespace) -> int:
    config_path = getattr(args, "run_config", None) or ctx.config_path
    # Before Qt is loaded: a missing system library of its xcb plugin would abort the
    # process inside Qt with nothing an officer can act on (workstation.firststart).
    missing = firststart.libraries_problem(os.environ)
    if missing is not None:
        print(missing.message(), file=sys.stderr)
        return 2
    problem = display_problem()
    if problem:
        raise CommandError(problem)
    try:
        main = load_frontend("lane")
    except FrontendMissing as exc:
        raise CommandError(str(exc)) from None
    return int(main(config_path=config_path))
