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
