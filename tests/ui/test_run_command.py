"""``workstation`` with no command, and ``workstation run --config FILE``, open the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from workstation.cli import main as cli


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    import ui.app

    calls: list[str | None] = []

    def fake_main(argv: object = None, config_path: str | None = None) -> int:
        calls.append(config_path)
        return 0

    monkeypatch.setattr(ui.app, "main", fake_main)
    return calls


def test_no_command_opens_the_application(started: list[str | None]) -> None:
    assert cli.main([]) == 0
    assert started == [None]


def test_run_passes_the_configuration_file(started: list[str | None], tmp_path: Path) -> None:
    lane = tmp_path / "lane.toml"
    lane.write_text('[lane]\nlane_id = "L2"\n', encoding="utf-8")
    assert cli.main(["run", "--config", str(lane)]) == 0
    assert cli.main(["--config", str(lane)]) == 0
    assert started == [str(lane), str(lane)]


def test_no_display_is_explained_instead_of_a_qt_abort() -> None:
    from workstation.cli.run_cmd import display_problem

    assert display_problem({}, "linux") is not None
    assert "DISPLAY" in (display_problem({}, "linux") or "")
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None
