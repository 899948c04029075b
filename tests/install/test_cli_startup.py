"""Fast command line (issue 14, item 7): ``--help`` lists every command without importing
any command's module or heavy dependency; a verb imports only its own module. Counted in
modules loaded, not seconds (``workstation bench cli`` measures the time)."""

from __future__ import annotations

import json
import subprocess
import sys

from workstation.cli.main import COMMANDS

HEAVY = ("numpy", "sqlalchemy", "pydantic", "cv2", "onnxruntime", "alembic", "PySide6")

PROBE = """
import contextlib, io, json, sys
from workstation.cli.main import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _probe(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          timeout=600, check=True)
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_help_lists_every_command_and_loads_none_of_them() -> None:
    result = _probe("--help")
    assert result["code"] == 0
    text = str(result["out"])
    assert all(name in text for name, _module, _help in COMMANDS)
    modules = set(result["modules"])  # type: ignore[call-overload]
    assert not {mod for _n, mod, _h in COMMANDS} & modules
    assert not [m for m in modules if m.split(".")[0] in HEAVY]


def test_a_verb_imports_its_own_module_only() -> None:
    result = _probe("codes")
    assert result["code"] == 0
    loaded = {mod for _n, mod, _h in COMMANDS} & set(result["modules"])  # type: ignore[call-overload]
    assert loaded == {"workstation.cli.codes_cmd"}
    assert "cv2" not in result["modules"] and "PySide6" not in result["modules"]  # type: ignore[operator]
