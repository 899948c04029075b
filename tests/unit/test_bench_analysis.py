"""`bench analysis` without PyTorch: the baseline is "skipped", never nan or inf."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from workstation.cli.main import main


def _no_nan(token: str) -> float:
    raise AssertionError(f"{token} in JSON output")


def test_without_torch_the_baseline_is_skipped_in_json_and_table(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` raises ImportError
    assert main(["bench", "analysis", "--repeats", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out, parse_constant=_no_nan)
    assert len(data["results"]) == 3
    for row in data["results"]:
        assert row["skipped"] is True and row["baseline_s"] is None and row["ratio"] is None
        assert row["ours_s"] > 0
        assert "torch not installed" in row["baseline"]
    assert main(["bench", "analysis", "--repeats", "1"]) == 0
    table = capsys.readouterr().out
    assert "skipped" in table
    assert "nan" not in table.lower() and "inf" not in table.lower()


def test_a_previous_version_is_timed_in_the_same_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from workstation.inference.registry import default_models_dir

    monkeypatch.setitem(sys.modules, "torch", None)
    shutil.copytree(default_models_dir() / "parcel-threats", tmp_path / "previous")
    assert main(["bench", "analysis", "--repeats", "1", "--json",
                 "--previous-model", str(tmp_path / "previous")]) == 0
    rows = json.loads(capsys.readouterr().out, parse_constant=_no_nan)["results"]
    (versus,) = [r for r in rows if "vs" in r["name"]]
    assert versus["baseline_s"] > 0 and versus["ours_s"] > 0 and versus["ratio"] > 0
    assert versus["extra"]["previous_version"] == versus["extra"]["current_version"]


def test_a_previous_model_folder_without_the_model_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)
    assert main(["bench", "analysis", "--repeats", "1", "--previous-model", str(tmp_path)]) != 0
    err = capsys.readouterr().err
    assert f"--previous-model {tmp_path}" in err and "Traceback" not in err
