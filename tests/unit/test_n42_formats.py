"""Spectrum readers and the N42 writer: real third-party files, round trips, hostile XML."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from standards.spectra import (
    Alarm,
    Detector,
    Instrument,
    Measurement,
    Nuclide,
    Spectrum,
    SpectrumDocument,
    SpectrumFormatError,
    read_bytes,
    read_file,
    read_n42,
    write_n42,
)
from standards.spectra.values import (
    compress_counted_zeroes,
    expand_counted_zeroes,
    parse_duration_s,
)

ALCATRAZ = ["Alcatraz14.CHN", "Alcatraz14.chn", "Alcatraz14.Spc", "Alcatraz14.csv", "Alcatraz14.n42",
            "Alcatraz14.pcf", "Alcatraz14.spe", "Alcatraz14.txt"]
EXPECTED_FORMAT = {".chn": "chn", ".spc": "spc", ".csv": "csv", ".n42": "n42-2012", ".pcf": "pcf",
                   ".spe": "spe", ".txt": "txt"}


@pytest.mark.realdata
@pytest.mark.parametrize("name", ALCATRAZ)
def test_alcatraz14_same_spectrum_from_every_format(shared_data: Path, name: str) -> None:
    doc = read_file(shared_data / "spectra" / "multi-format" / name)
    assert doc.format == EXPECTED_FORMAT[Path(name).suffix.lower()]
    (spectrum,) = doc.spectra
    assert spectrum.channels == 8192
    assert spectrum.total_counts == 132978
    # Every format carries (or lets us fit) the same gain, 0.374436 keV per channel.
    assert spectrum.energy_calibration[1] == pytest.approx(0.374436, rel=1e-4)


@pytest.mark.realdata
def test_every_shared_spectrum_file_reads(shared_data: Path) -> None:
    # schema/ holds the N42 XML schema itself, not a spectrum.
    files = sorted(p for p in (shared_data / "spectra").rglob("*")
                   if p.is_file() and "schema" not in p.relative_to(shared_data).parts)
    assert len(files) >= 15
    for file in files:
        doc = read_file(file)
        assert doc.measurements, file


@pytest.mark.realdata
def test_annex_c_riid_nuclides_dose_and_gross_counts(shared_data: Path) -> None:
    doc = read_file(shared_data / "spectra" / "n42-2012-annex" / "Annex_C_n42.xml")
    assert [(n.name, n.confidence) for n in doc.nuclides] == [("Cs-137", 0.99), ("K-40", 0.99)]
    assert [m.dose_rate_usv_h for m in doc.measurements] == [0.3, 0.5]
    assert doc.measurements[0].gross_counts[0].counts == [549.0]
    assert doc.measurements[0].real_time_s == 60.0


@pytest.mark.realdata
def test_alarmed_portal_alarms_and_text_confidence(shared_data: Path) -> None:
    doc = read_file(shared_data / "spectra" / "n42-2012-annex" / "Annex_D_alarmed_n42.xml")
    assert [a.category for a in doc.alarms] == ["Gamma", "Neutron"]
    assert doc.nuclides[0].confidence == "Low"


@pytest.mark.realdata
def test_undeclared_prefix_is_tolerated_and_reported(shared_data: Path) -> None:
    path = shared_data / "spectra" / "vendor" / "Mn56_DetX_Shielded.n42"
    import xml.etree.ElementTree as ET  # noqa: S405 - shows the strict parser fails

    with pytest.raises(ET.ParseError, match="unbound prefix"):
        ET.fromstring(path.read_bytes())  # noqa: S314
    doc = read_file(path)
    assert doc.instrument.model == "Detective X"
    assert doc.spectra[0].channels == 16384
    assert any("DHS" in w for w in doc.warnings)


def _sample_document() -> SpectrumDocument:
    counts = [0.0, 0.0, 5.0, 17.0, 0.0, 3.0] + [0.0] * 10 + [1.0]
    return SpectrumDocument(
        format="n42-2012",
        instrument=Instrument(manufacturer="Example", model="RIID-1", serial="SN42",
                              instrument_class="Radionuclide Identifier", versions={"Firmware": "2.1"}),
        detectors=[Detector(id="G1", category="Gamma", kind="NaI")],
        measurements=[Measurement(
            measurement_class="Foreground", start_time=datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
            real_time_s=60.0, live_time_s=59.5, dose_rate_usv_h=0.42,
            spectra=[Spectrum(counts=counts, energy_calibration=[-1.5, 3.0, 0.0001], live_time_s=59.5,
                              detector_id="G1")],
        )],
        nuclides=[Nuclide(name="Cs-137", confidence=0.87, category="Industrial")],
        alarms=[Alarm(category="Gamma", description="ID alarm", light_color="Red")],
    )


@pytest.mark.parametrize("form", ["2012", "2006"])
@pytest.mark.parametrize("compress", [True, False])
def test_writer_round_trip(form: str, compress: bool) -> None:
    original = _sample_document()
    xml = write_n42(original, form=form, compress=compress)
    assert (b"CountedZeroes" in xml) is compress
    back = read_n42(xml)
    assert back.format == f"n42-{form}"
    assert back.instrument.manufacturer == "Example" and back.instrument.serial == "SN42"
    m, m0 = back.measurements[0], original.measurements[0]
    assert (m.real_time_s, m.live_time_s, m.dose_rate_usv_h, m.start_time) == (
        m0.real_time_s, m0.live_time_s, m0.dose_rate_usv_h, m0.start_time)
    assert m.spectra[0].counts == m0.spectra[0].counts
    assert m.spectra[0].energy_calibration == m0.spectra[0].energy_calibration
    assert [(n.name, n.confidence) for n in back.nuclides] == [("Cs-137", 0.87)]
    assert back.alarms[0].category == "Gamma"


def test_hand_written_2006_document() -> None:
    xml = b"""<?xml version="1.0"?>
<N42InstrumentData xmlns="http://physics.nist.gov/N42/2006/N42" xmlns:v="urn:vendor">
  <Measurement UUID="m1">
    <InstrumentInformation><InstrumentType>RIID</InstrumentType><Manufacturer>Acme</Manufacturer>
      <InstrumentModel>R2</InstrumentModel><InstrumentID>77</InstrumentID></InstrumentInformation>
    <Spectrum Type="PHA" Detector="NaI">
      <StartTime>2006-05-01T10:00:00Z</StartTime><RealTime>PT1M</RealTime><LiveTime>PT58.5S</LiveTime>
      <Calibration Type="Energy" EnergyUnits="keV"><Equation Model="Polynomial">
        <Coefficients>0 3 0</Coefficients></Equation></Calibration>
      <ChannelData Compression="CountedZeroes">0 3 4 5 0 2 1</ChannelData>
      <v:Extra><Spectrum>ignored</Spectrum></v:Extra>
    </Spectrum>
    <CountDoseData><DoseRate Units="mR/h">0.02</DoseRate></CountDoseData>
    <AnalysisResults><NuclideAnalysis><Nuclide><NuclideName>Co-60</NuclideName>
      <NuclideIDConfidence>80</NuclideIDConfidence></Nuclide></NuclideAnalysis></AnalysisResults>
  </Measurement>
</N42InstrumentData>"""
    doc = read_n42(xml)
    assert doc.format == "n42-2006"
    assert doc.instrument.model == "R2" and doc.instrument.serial == "77"
    (m,) = doc.measurements
    assert m.real_time_s == 60.0 and m.live_time_s == 58.5
    assert m.spectra[0].counts == [0, 0, 0, 4, 5, 0, 0, 1]
    assert m.dose_rate_usv_h == pytest.approx(0.2)  # 0.02 mR/h = 0.2 µSv/h
    assert [(n.name, n.confidence) for n in doc.nuclides] == [("Co-60", 0.8)]


def test_billion_laughs_is_refused() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42"><Remark>&lol3;</Remark></RadInstrumentData>"""
    with pytest.raises(SpectrumFormatError, match="DTD or entity"):
        read_n42(bomb, "bomb.n42")


def test_external_entity_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42">'
           '<RadInstrumentInformation><RadInstrumentModelName>&x;</RadInstrumentModelName>'
           '</RadInstrumentInformation></RadInstrumentData>').encode()
    with pytest.raises(SpectrumFormatError, match="xxe.n42: refused"):
        read_n42(xxe, "xxe.n42")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<foo/>", "root element <foo> is not an N42.42 document"),
        (b"<RadInstrumentData><RadMeasurement><RealTimeDuration>sixty</RealTimeDuration>"
         b"</RadMeasurement></RadInstrumentData>", "RadMeasurement 1/RealTimeDuration: 'sixty'"),
        (b"<RadInstrumentData><RadMeasurement><Spectrum><ChannelData compressionCode='CountedZeroes'>"
         b"1 0</ChannelData></Spectrum></RadMeasurement></RadInstrumentData>", "ends with a 0"),
        (b"<RadInstrumentData><RadMeasurement><Spectrum><ChannelData>1 x</ChannelData></Spectrum>"
         b"</RadMeasurement></RadInstrumentData>", "value 2 ('x') is not a number"),
        (b"<RadInstrumentData", "not well-formed XML"),
    ],
)
def test_bad_n42_names_the_problem(data: bytes, problem: str) -> None:
    with pytest.raises(SpectrumFormatError) as info:
        read_n42(data, "bad.n42")
    assert str(info.value).startswith("bad.n42: ")
    assert problem in str(info.value)


def test_counted_zeroes_round_trip_and_duration() -> None:
    counts = [0.0, 0.0, 0.0, 7.0, 0.0, 1.0, 0.0]
    packed = compress_counted_zeroes(counts)
    assert packed == [0, 3, 7.0, 0, 1, 1.0, 0, 1]
    assert expand_counted_zeroes(packed, "x") == counts
    assert parse_duration_s("PT1H2M3.5S", "x") == 3723.5
    assert parse_duration_s("P1DT0S", "x") == 86400.0


def test_truncated_binary_and_column_files_fail_clearly() -> None:
    chn = b"\xff\xff" + b"\x00" * 28 + (4096).to_bytes(2, "little") + b"\x01" * 100
    with pytest.raises(SpectrumFormatError, match="cut.chn"):
        read_bytes(chn, "cut.chn")
    with pytest.raises(SpectrumFormatError, match="line 3 has 1 columns"):
        read_bytes(b"Energy, Data\n1.0, 2\n3\n", "ragged.csv", ".csv")
