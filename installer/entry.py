"""Entry point of the frozen application (PyInstaller, ``installer/workstation.spec``).

The bundle has one executable, so it also stands in for ``python`` where the application
starts a helper process with ``sys.executable``: ``-m MODULE ARGS`` runs a bundled module
as ``__main__`` (the x-ray simulator runs as its own process:
``python -m devices.xray.sim.server``) and ``-c CODE`` runs a snippet (the UI benchmark's
load process). Everything else is the ``workstation`` command.
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys


def _main() -> int:
    multiprocessing.freeze_support()  # a multiprocessing child re-enters here
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "-m":
        # Argument list as ``python -m`` leaves it: the module's name, then its arguments.
        sys.argv = [args[1], *args[2:]]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
        return 0
    if len(args) >= 2 and args[0] == "-c":
        sys.argv = ["-c", *args[2:]]
        exec(compile(args[1], "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102
        return 0
    from workstation.cli.main import main

    return main()


if __name__ == "__main__":
    raise SystemExit(_main())
