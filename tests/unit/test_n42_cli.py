"""``workstation n42 read``: every shared spectrum file, the JSON summary, exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workstation.cli.main import main


@pytest.mark.realdata
def test_reads_every_shared_spectrum_file(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # schema/ holds the N42 XML schema itself, not a spectrum.
    files = sorted(p for p in (shared_data / "spectra").rglob("*")
                   if p.is_file() and "schema" not in p.relative_to(shared_data).parts)
    for file in files:
        assert main(["n42", "read", str(file), "--json"]) == 0, file
        summary = json.loads(capsys.readouterr().out)
        assert set(summary) >= {"format", "instrument", "measurements", "nuclides", "alarms"}
        if file.stem == "Alcatraz14":
            (spectrum,) = summary["measurements"][0]["spectra"]
            assert (spectrum["channels"], spectrum["total_counts"]) == (8192, 132978), file


@pytest.mark.realdata
def test_text_summary_is_readable(shared_data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["n42", "read", str(shared_data / "spectra" / "n42-2012-annex" / "Annex_C_n42.xml")]) == 0
    out = capsys.readouterr().out
    assert "nuclide: Cs-137 (confidence 99%)" in out
    assert "dose rate: 0.3 µSv/h" in out


def test_unreadable_file_exits_2_naming_file_and_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.n42"
    bad.write_bytes(b"<RadInstrumentData><RadMeasurement>")
    assert main(["n42", "read", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "not well-formed XML" in err
    assert main(["n42", "read", str(tmp_path / "missing.spe")]) == 2
    assert "missing.spe: no such file" in capsys.readouterr().err


@pytest.mark.parametrize("form", ["2012", "2006"])
def test_convert_then_read_back(tmp_path: Path, form: str, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "in.csv"
    source.write_text("Channel, Counts\n0, 0\n1, 5\n2, 9\n3, 0\n")
    out = tmp_path / "out.n42"
    assert main(["n42", "convert", str(source), str(out), "--form", form]) == 0
    capsys.readouterr()
    assert main(["n42", "read", str(out), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["format"] == f"n42-{form}"
    assert summary["measurements"][0]["spectra"][0]["total_counts"] == 14
