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


@pytest.mark.realdata
def test_portal_pass_read_shows_slices_detectors_profile_and_png(
        shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Acceptance: 133 time slices of 8 detectors (1,064 spectra), SpecUtils' 600,266 counts."""
    portal = shared_data / "spectra" / "portal" / "passthrough.n42"
    png = tmp_path / "profile.png"
    assert main(["n42", "read", str(portal), "--png", str(png)]) == 0
    out = capsys.readouterr().out
    assert "time slices: 133 of 8 detectors (1,064 spectra), 0.25 s each" in out
    assert "totals: 600,266 gamma counts" in out
    assert "gross-count time profile" in out and "peak 20,301 in slice 91" in out
    assert "alarm: none in the file" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(png) as image:
        assert image.size == (1200, 600)
        # The eight detector lines are drawn: each legend colour appears in the plot area.
        colours = {colour for _, colour in image.crop((90, 84, 1050, 540)).getcolors(1_000_000) or []}
        assert {(0, 114, 178), (230, 159, 0), (0, 158, 115)} <= colours
    assert main(["n42", "read", str(portal), "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert (totals["time_slices"], totals["spectra"], totals["gamma_counts"]) == (133, 1064, 600266)


def test_document_without_data_exits_2_and_convert_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.n42"
    empty.write_text('<N42InstrumentData xmlns="http://physics.nist.gov/Divisions/Div846/Gp4/ANSIN4242/2005/'
                     'ANSIN4242"><Measurement><DetectorData><StartTime>2020-01-01T00:00:00Z</StartTime>'
                     '</DetectorData></Measurement></N42InstrumentData>')
    assert main(["n42", "read", str(empty)]) == 2
    err = capsys.readouterr().err
    assert str(empty) in err and "no spectrum, gross count or dose rate found" in err
    assert "DetectorData" in err  # names what was expected
    out = tmp_path / "out.n42"
    assert main(["n42", "convert", str(empty), str(out)]) == 2
    assert not out.exists()


@pytest.mark.realdata
def test_convert_portal_writes_every_spectrum(shared_data: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "portal-2012.n42"
    assert main(["n42", "convert", str(shared_data / "spectra" / "portal" / "passthrough.n42"), str(out)]) == 0
    assert "1064 spectra in 133 measurements, 600,266 gamma counts" in capsys.readouterr().out
    assert main(["n42", "read", str(out), "--json"]) == 0
    totals = json.loads(capsys.readouterr().out)["totals"]
    assert (totals["time_slices"], totals["spectra"], totals["gamma_counts"]) == (133, 1064, 600266)
