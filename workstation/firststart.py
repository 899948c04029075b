"""First-start check, before Qt is loaded: can Qt's xcb platform plugin load here?

Qt aborts the process with "could not load the Qt platform plugin xcb" when a system library
its plugin links against is missing (``libxcb-cursor0`` on a bare Debian 12), which tells a
post nothing. This module reads the plugin's ``ldd`` report, names the missing libraries and
the Debian packages that bring them, and says in one paragraph what to run. ``bin/run``
calls it as ``python -m workstation.firststart --install -- ARGS`` (it installs the packages
itself when it runs as root on Debian); the ``run`` command of the source tree and of the
frozen application calls :func:`problem` and exits 2 with the message.

Qt-free and quick: nothing here imports PySide6 (the plugin is found by path).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

# Shared library (soname) -> the Debian 12 package that ships it: the libraries Qt's xcb
# platform plugin loads (installer/README.md, the .deb's Depends) and their own needs.
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-xinput.so.0": "libxcb-xinput0",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libSM.so.6": "libsm6",
    "libICE.so.6": "libice6",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)

# Set to 0 to keep bin/run from installing system packages even as root (tests, images).
INSTALL_ENV = "WORKSTATION_SYSTEM_INSTALL"
# A file with a saved ``ldd`` report to check instead of running ldd (tests, support).
REPORT_ENV = "WORKSTATION_XCB_LDD_REPORT"


@dataclass(frozen=True)
class Missing:
    """Libraries the xcb plugin cannot find, and the Debian packages that bring them."""

    libraries: tuple[str, ...]
    packages: tuple[str, ...]
    unknown: tuple[str, ...]  # libraries no package of the table is known for

    def install_command(self, *, as_root: bool = False) -> str:
        prefix = "" if as_root else "sudo "
        return f"{prefix}apt-get install -y {' '.join(self.packages)}"

    def message(self, plugin: str = "Qt's xcb platform plugin", *, as_root: bool = False) -> str:
        """One paragraph: what is missing, the exact command that installs it, what else."""
        text = (f"Inspection Workstation cannot open its window: {plugin} needs the system "
                f"libraries {', '.join(self.libraries)}, which are not installed on this "
                "machine.")
        if self.packages:
            text += (f" Install them with `{self.install_command(as_root=as_root)}` "
                     "(Debian/Ubuntu; the .deb package brings them by itself), then start "
                     "again.")
        if self.unknown:
            text += (f" No package is known here for {', '.join(self.unknown)}: ask your "
                     "system administrator (`apt-file search NAME` finds it).")
        text += (" Commands without a window (`workstation demo`, `workstation --help`) work "
                 "meanwhile.")
        return text


def missing_libraries(report: str) -> Missing | None:
    """The libraries an ``ldd`` report marks "not found", or None when nothing is missing."""
    libraries = tuple(dict.fromkeys(_NOT_FOUND.findall(report)))
    if not libraries:
        return None
    packages = tuple(dict.fromkeys(DEBIAN_PACKAGES[lib] for lib in libraries
                                   if lib in DEBIAN_PACKAGES))
    unknown = tuple(lib for lib in libraries if lib not in DEBIAN_PACKAGES)
    return Missing(libraries, packages, unknown)


def xcb_plugin(search: Sequence[str] | None = None) -> Path | None:
    """Qt's xcb platform plugin (``libqxcb.so``) of the PySide6 this process would load: in
    the frozen bundle, else on ``sys.path``; None when there is none (not Linux, no Qt)."""
    frozen: str | None = getattr(sys, "_MEIPASS", None)  # PyInstaller's bundle folder
    roots = list(search) if search is not None else [*([frozen] if frozen else []), *sys.path]
    for root in roots:
        for sub in ("PySide6/Qt/plugins/platforms", "PySide6/plugins/platforms"):
            candidate = Path(root or ".") / sub / "libqxcb.so"
            if candidate.is_file():
                return candidate
    return None


def ldd_report(plugin: Path) -> str | None:
    """``ldd``'s report of ``plugin``, or None where ldd is not available."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        done = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=30,
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout


def needs_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when Qt would pick its xcb plugin: Linux without another QT_QPA_PLATFORM and
    without a Wayland session."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0] == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def display_problem(environ: Mapping[str, str], platform: str = sys.platform) -> str | None:
    """Why no window can open here (Linux without X11/Wayland), or None when one can."""
    if not platform.startswith("linux") or environ.get("QT_QPA_PLATFORM"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set): "
            "start it from a desktop session, under `xvfb-run`, or with "
            "QT_QPA_PLATFORM=offscreen; `workstation demo` runs the lane without a window")


def libraries_problem(environ: Mapping[str, str] = os.environ,
                      report: str | None = None) -> Missing | None:
    """Missing libraries of the xcb plugin; ``report`` (an ldd report) is read from
    ``$WORKSTATION_XCB_LDD_REPORT`` or made by running ldd when not given."""
    if not needs_xcb(environ):
        return None
    if report is None and environ.get(REPORT_ENV):
        report = Path(environ[REPORT_ENV]).read_text(encoding="utf-8", errors="replace")
    if report is None:
        plugin = xcb_plugin()
        report = ldd_report(plugin) if plugin is not None else None
    return missing_libraries(report) if report is not None else None


def problem(environ: Mapping[str, str] = os.environ, report: str | None = None) -> str | None:
    """The first-start problem as one paragraph (missing libraries first, then the
    display), or None when the window can open."""
    missing = libraries_problem(environ, report)
    if missing is not None:
        return missing.message()
    return display_problem(environ)


def _is_debian_root() -> bool:
    return (hasattr(os, "geteuid") and os.geteuid() == 0
            and Path("/etc/debian_version").is_file() and shutil.which("apt-get") is not None)


def opens_window(argv: Sequence[str], commands: Sequence[str]) -> bool:
    """Whether ``workstation ARGV`` opens the window: no command, or ``run``."""
    rest = list(argv)
    while rest:
        head = rest.pop(0)
        if head == "--config":
            rest = rest[1:]
        elif head.startswith("--config="):
            continue
        elif head in ("-h", "--help", "--version"):
            return False
        else:
            return head == "run" or head not in commands
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m workstation.firststart [--install] [-- WORKSTATION-ARGS]``: exit 0 when
    the window can open (or the arguments open none), 2 after saying what is missing."""
    parser = argparse.ArgumentParser(prog="python -m workstation.firststart")
    parser.add_argument("--install", action="store_true",
                        help="as root on Debian: install missing system packages with apt-get")
    parser.add_argument("args", nargs=argparse.REMAINDER,
                        help="the workstation command's arguments (after --)")
    ns = parser.parse_args(argv)
    args = ns.args[1:] if ns.args[:1] == ["--"] else ns.args
    from workstation.cli.main import COMMANDS

    if not opens_window(args, [name for name, _m, _h in COMMANDS]):
        return 0
    missing = libraries_problem(os.environ)
    if missing is not None and ns.install and missing.packages and not missing.unknown \
            and os.environ.get(INSTALL_ENV, "1") != "0" and _is_debian_root():
        print(f"Installing the system libraries Qt's window needs: {' '.join(missing.packages)}",
              file=sys.stderr)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        done = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends",
                               *missing.packages], env=env, check=False)
        if done.returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, check=False)
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends",
                            *missing.packages], env=env, check=False)
        missing = libraries_problem(os.environ)
    if missing is not None:
        print(missing.message(as_root=_is_debian_root()), file=sys.stderr)
        return 2
    shown = display_problem(os.environ)
    if shown is not None:
        print(f"workstation run: {shown}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
