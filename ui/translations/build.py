"""Rebuild the translations: ``python -m ui.translations.build``.

1. ``pyside6-lupdate`` collects every ``tr()`` text of ``ui/`` into ``ui_de.ts`` (existing
   translations are kept);
2. unfinished German entries are filled from the table ``de.toml`` (reviewable in one place);
3. ``pyside6-lrelease`` compiles ``ui_de.qm``, which the application loads.
Both tools ship inside the PySide6-Essentials wheel, where they are looked up. Prints the
texts still untranslated.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

HERE = Path(__file__).parent
UI = HERE.parent


def _tool(name: str) -> str:
    """Qt's ``lupdate`` / ``lrelease`` as shipped in the PySide6 wheel (or on PATH)."""
    bundled = Path(PySide6.__file__).parent / name
    found = str(bundled) if bundled.exists() else shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials into this environment")
    return found


def table(language: str = "de") -> dict[str, str]:
    """The translation table of ``language`` (English source text -> translation)."""
    with (HERE / f"{language}.toml").open("rb") as f:
        return dict(tomllib.load(f)[language])


def fill(ts: Path, table: dict[str, str]) -> list[str]:
    """Fill unfinished messages of ``ts`` from ``table``; returns sources still missing."""
    tree = ET.parse(ts)
    missing: list[str] = []
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None:
            continue
        if translation.get("type") == "obsolete" or translation.get("type") == "vanished":
            continue
        if translation.text and translation.get("type") != "unfinished":
            continue
        if source in table:
            translation.text = table[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def main() -> int:
    sources = sorted(str(p) for p in UI.rglob("*.py") if "translations" not in p.parts)
    ts = HERE / "ui_de.ts"
    subprocess.run([_tool("lupdate"), "-no-obsolete", *sources, "-ts", str(ts)], check=True)
    missing = fill(ts, table("de"))
    subprocess.run([_tool("lrelease"), str(ts), "-qm", str(HERE / "ui_de.qm")],
                   check=True)
    for source in missing:
        print(f"untranslated: {source!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
