"""The import rules of DESIGN.md, enforced: the core and the drivers never import Qt,
drivers know nothing of workstation.services, and the core never imports the UI."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(package: str) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for file in (ROOT / package).rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(file, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((file, node.module))
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("workstation", ("PySide6", "shiboken6", "ui")),
        ("devices", ("PySide6", "shiboken6", "ui", "workstation.services")),
    ],
)
def test_package_does_not_import(package: str, forbidden: tuple[str, ...]) -> None:
    bad = [
        f"{file.relative_to(ROOT)} imports {name}"
        for file, name in _imports(package)
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]
    assert not bad, "layering broken:\n" + "\n".join(bad)


def _import_strings(package: str) -> list[tuple[Path, str]]:
    """Module names given as strings to importlib (``import_module``, ``find_spec``,
    ``__import__``) and ``"module:attr"`` targets, in ``package``."""
    found: list[tuple[Path, str]] = []
    for file in (ROOT / package).rglob("*.py"):
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("import_module", "find_spec", "__import__") and \
                    isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((file, first.value.partition(":")[0]))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and ":" in node.value and node.value.split(":")[0].startswith("ui."):
                found.append((file, node.value.partition(":")[0]))
    return found


@pytest.mark.parametrize(("package", "forbidden"),
                         [("workstation", ("ui", "PySide6")), ("devices", ("workstation", "ui")),
                          ("standards", ("workstation", "devices", "ui"))])
def test_no_import_by_string_crosses_a_layer(package: str, forbidden: tuple[str, ...]) -> None:
    bad = [f"{file.relative_to(ROOT)} imports {name!r} by string"
           for file, name in _import_strings(package)
           if any(name == f or name.startswith(f + ".") for f in forbidden)]
    assert not bad, "\n".join(bad)


def test_every_ui_module_uses_qt() -> None:
    # Logic that needs no Qt belongs in the core, where the headless lane, the CLI and the
    # other role applications can use it; empty package markers are the only exception.
    qt_free = []
    for file in (ROOT / "ui").rglob("*.py"):
        body = ast.parse(file.read_text(encoding="utf-8")).body
        if all(isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) for n in body):
            continue  # a package marker with at most a docstring
        names = [name for f, name in _imports("ui") if f == file]
        if not any(n.split(".")[0] in ("PySide6", "shiboken6") for n in names):
            qt_free.append(str(file.relative_to(ROOT)))
    assert not qt_free, f"Qt-free modules in ui/ (move them to workstation/): {qt_free}"


def test_devices_never_reach_up_into_the_core() -> None:
    """Standards' vocabularies (MRN, ISO 6346, spectrum formats) sit in ``standards``, below
    both; the camera's frame event is the host's (``ctx.frame_event``), not imported."""
    bad = [f"{file.relative_to(ROOT)} imports {name}" for file, name in _imports("devices")
           if name == "workstation" or name.startswith("workstation.")]
    assert not bad, "devices must not import workstation:\n" + "\n".join(bad)


def test_standards_import_nothing_of_the_project() -> None:
    bad = [f"{file.relative_to(ROOT)} imports {name}" for file, name in _imports("standards")
           if name.split(".")[0] in ("workstation", "devices", "ui", "PySide6")]
    assert not bad, "standards must stand alone:\n" + "\n".join(bad)


def test_simulators_are_reached_only_through_the_registry() -> None:
    """No module of the core or the UI imports a simulator (``devices.<kind>.sim``) by name,
    statically or by an importlib string: ``devices.registry`` resolves them."""
    import re

    sim = re.compile(r"devices\.[a-z_]+\.sim(\.|\b)")
    bad = [f"{file.relative_to(ROOT)} imports {name}"
           for package in ("workstation", "ui") for file, name in _imports(package)
           if sim.match(name)]
    for package in ("workstation", "ui"):
        for file in (ROOT / package).rglob("*.py"):
            tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
            strings = [n.value for n in ast.walk(tree)
                       if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            bad += [f"{file.relative_to(ROOT)} names {s!r}" for s in strings
                    if sim.fullmatch(s.split(":")[0])]
    assert not bad, "simulators imported past the registry:\n" + "\n".join(bad)
