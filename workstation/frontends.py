"""Front ends found through entry points, so the core never names the UI package.

The Qt application registers its entry points in ``pyproject.toml`` under
:data:`GROUP` (``lane``: the lane application's ``main``; ``bench-ui``: the measuring half
of ``workstation bench ui``). A headless installation without them gets a clear message.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

GROUP = "inspection_workstation.frontends"


class FrontendMissing(RuntimeError):
    """No front end of that name is installed, or it cannot be imported."""


def load_frontend(name: str) -> Callable[..., Any]:
    """The callable registered as front end ``name``; :class:`FrontendMissing` otherwise."""
    found = entry_points(group=GROUP, name=name)
    if not found:
        raise FrontendMissing(
            f"no front end {name!r} is installed (entry point group {GROUP}); reinstall the "
            "project with its user interface: pip install -e .")
    (entry,) = tuple(found)[:1]
    try:
        loaded: Callable[..., Any] = entry.load()
    except ImportError as exc:
        raise FrontendMissing(f"the user interface cannot start: {exc} (install the project "
                              "with its PySide6 dependency)") from None
    return loaded
