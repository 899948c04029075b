"""`bench analysis` without PyTorch: the baseline is "skipped", never nan or inf."""

from __future__ import annotations

import json
import sys

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
