"""Property tests: random and mutated bytes into every frame parser and the N42 reader never
raise anything but the project's clear error types."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.handheld.framing import (
    Frame,
    FrameDecoder,
    FrameError,
    FramingError,
    LineDecoder,
    decode_frame,
    decode_line,
    encode_frame,
    encode_line,
)
from standards.spectra import SpectrumFormatError, read_bytes, read_n42

GOOD_N42 = (b'<?xml version="1.0"?><RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42">'
            b'<EnergyCalibration id="E"><CoefficientValues>0 3</CoefficientValues></EnergyCalibration>'
            b'<RadMeasurement id="M"><MeasurementClassCode>Foreground</MeasurementClassCode>'
            b'<RealTimeDuration>PT10S</RealTimeDuration><Spectrum id="S" energyCalibrationReference="E">'
            b'<LiveTimeDuration>PT9S</LiveTimeDuration><ChannelData compressionCode="CountedZeroes">'
            b'0 4 7 9 0 2 1</ChannelData></Spectrum><DoseRate><DoseRateValue>0.2</DoseRateValue></DoseRate>'
            b'</RadMeasurement></RadInstrumentData>')


def _mutate(data: bytes, edits: list[tuple[int, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, pos, value in edits:
        if not out:
            out.append(value)
            continue
        i = pos % len(out)
        if kind == 0:
            out[i] = value
        elif kind == 1:
            del out[i]
        else:
            out.insert(i, value)
    return bytes(out)


EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 10_000), st.integers(0, 255)), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400), st.lists(st.integers(1, 50), max_size=5))
def test_frame_decoder_random_bytes_any_chunking(data: bytes, cuts: list[int]) -> None:
    decoder = FrameDecoder(max_payload=1024)
    pos = 0
    items: list[Frame | FrameError] = []
    for cut in cuts:
        items += decoder.feed(data[pos:pos + cut])
        pos += cut
    items += decoder.feed(data[pos:]) + decoder.resync()
    assert all(isinstance(i, Frame | FrameError) for i in items)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from("INMDPSE"), st.binary(max_size=200), EDITS)
def test_mutated_frames_decode_or_fail_clearly(kind: str, payload: bytes, edits: list[tuple[int, int, int]]) -> None:
    frame = encode_frame(kind, payload)
    assert decode_frame(frame) == Frame(kind, payload)
    mutated = _mutate(frame, edits)
    try:
        result = decode_frame(mutated)
    except FramingError as exc:
        assert str(exc)
    else:
        # CRC-32 lets a damaged frame through only if the damage left it intact.
        assert isinstance(result, Frame)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126,
                                                 blacklist_characters=",*$"), max_size=12), min_size=1, max_size=5),
       EDITS)
def test_mutated_lines_decode_or_fail_clearly(fields: list[str], edits: list[tuple[int, int, int]]) -> None:
    line = encode_line(fields)
    assert decode_line(line) == fields
    try:
        decode_line(_mutate(line, edits))
    except FramingError as exc:
        assert str(exc)
    items = LineDecoder().feed(_mutate(line, edits) + line)
    assert all(isinstance(i, list | FrameError) for i in items)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_random_bytes_into_spectrum_readers(data: bytes) -> None:
    for suffix in ("", ".txt"):
        try:
            read_bytes(data, "random.bin", suffix)
        except SpectrumFormatError as exc:
            assert str(exc).startswith("random.bin")


@settings(max_examples=300, deadline=None)
@given(EDITS)
def test_mutated_n42_reads_or_fails_clearly(edits: list[tuple[int, int, int]]) -> None:
    assert read_n42(GOOD_N42).spectra[0].counts == [0, 0, 0, 0, 7, 9, 0, 0, 1]
    try:
        read_n42(_mutate(GOOD_N42, edits), "mutated.n42")
    except SpectrumFormatError as exc:
        assert str(exc).startswith("mutated.n42")
