"""X-ray wire protocol: exact bytes, round trips, and a frame parser that never misreads."""

from __future__ import annotations

import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.xray import protocol as p

u16 = st.integers(0, 0xFFFF)
u32 = st.integers(0, 0xFFFFFFFF)
text = st.text(max_size=40)

MESSAGES = st.one_of(
    st.builds(p.Identify),
    st.builds(p.StatusRequest),
    st.builds(p.Arm, u32, u32, u16, u16, u16),
    st.builds(p.Scan, u32),
    st.builds(p.Abort, u32),
    st.builds(p.Dark, u32, u32),
    st.builds(p.Flat, u32, u32),
    st.builds(p.SimScene, text, u32),
    st.builds(p.SimFault, st.sampled_from(p.FaultKind), u16, u32),
    st.builds(p.Ack, u32),
    st.builds(p.Identity, u16, st.integers(0, 255), st.integers(0, 255), u32, text, text, text,
              text),
    st.builds(p.Identity, u16, st.integers(0, 255), st.integers(0, 255), u32, text, text, text,
              text, pixel_um=u32, energy_pair=text, scanner_class=text),
    st.builds(p.StatusReply, st.sampled_from(p.ScannerState),
              st.integers(-32768, 32767).map(lambda c: c / 100), st.booleans(), u32, text),
    st.builds(p.Nak, u32, u16, text),
    st.builds(p.ScanBegin, u32, st.sampled_from(p.AcquisitionMode), st.integers(0, 255), u16,
              u32, u16),
    st.builds(p.ScanEnd, u32, st.sampled_from(p.EndStatus), u32, text),
    st.integers(1, 3).flatmap(lambda n: st.builds(
        p.Block, st.just(p.BlockHeader(9, 0, 0, n, 2, 2)), st.binary(min_size=8 * n,
                                                                     max_size=8 * n))),
)


def test_identify_frame_bytes_are_as_documented() -> None:
    frame = p.encode(p.Identify(), seq=1)
    head = b"XRAY" + bytes([1, 0x01]) + b"\x00\x00" + b"\x01\x00\x00\x00" + b"\x00\x00\x00\x00"
    assert frame == head + struct.pack("<I", zlib.crc32(head))
    arm = p.encode(p.Arm(lines=1000, integration_us=2000, block_lines=64, kv_low=140,
                         kv_high=450), seq=2)
    assert arm[16:32] == bytes.fromhex("e8030000 d0070000 4000 8c00 c201 0000")
    assert len(arm) == 16 + 16 + 4


def test_identity_carries_the_geometry_and_older_scanners_may_omit_it() -> None:
    with_geometry = p.Identity(1000, 2, 16, 8192, "V", "M", "S", "F", pixel_um=2800,
                               energy_pair="mev", scanner_class="cargo")
    payload = with_geometry.pack()
    without = p.Identity(1000, 2, 16, 8192, "V", "M", "S", "F").pack()
    # the geometry follows the firmware string: u32 pitch in um, str pair, str class
    assert payload[:len(without)] == without
    assert payload[len(without):] == (struct.pack("<I", 2800) + b"\x03\x00mev"
                                      + b"\x05\x00cargo")
    assert p.Identity.unpack(payload).reported_geometry() == {
        "pixel_mm": 2.8, "energy_pair": "mev", "scanner_class": "cargo"}
    assert p.Identity.unpack(without).reported_geometry() == {
        "pixel_mm": None, "energy_pair": None, "scanner_class": None}
    with pytest.raises(p.ProtocolError, match="too short for the geometry"):
        p.Identity.unpack(without + b"\x01")


@settings(max_examples=80, deadline=None)
@given(st.lists(MESSAGES, min_size=1, max_size=5), st.integers(1, 64))
def test_any_message_sequence_survives_any_chunking(messages: list[p.Message],
                                                    chunk: int) -> None:
    stream = b"".join(p.encode(m, seq) for seq, m in enumerate(messages, start=1))
    decoder = p.FrameDecoder()
    out: list[p.Message] = []
    for i in range(0, len(stream), chunk):
        decoder.feed(stream[i:i + chunk])
        out += [p.decode(f) for f in decoder.frames()]
    assert out == messages
    assert decoder.pending == 0


@settings(max_examples=120, deadline=None)
@given(MESSAGES, st.data())
def test_a_flipped_byte_is_always_detected(message: p.Message, data: st.DataObject) -> None:
    frame = bytearray(p.encode(message, seq=7))
    index = data.draw(st.integers(0, len(frame) - 1))
    frame[index] ^= data.draw(st.integers(1, 255))
    decoder = p.FrameDecoder()
    decoder.feed(bytes(frame))
    try:
        frames = list(decoder.frames())
    except p.ProtocolError:
        return  # magic, version, length or CRC rejected it: detected
    # A damaged length may make the frame look incomplete: then nothing is returned.
    assert frames == []


@settings(max_examples=120, deadline=None)
@given(st.binary(max_size=200))
def test_garbage_never_yields_a_frame_silently(garbage: bytes) -> None:
    decoder = p.FrameDecoder()
    decoder.feed(garbage)
    try:
        frames = list(decoder.frames())
    except p.ProtocolError as exc:
        assert "stream byte" in str(exc) or "CRC" in str(exc)
        return
    # Random bytes that pass magic, version, length and CRC-32 are vanishingly unlikely.
    assert frames == []


def test_errors_name_what_is_wrong() -> None:
    with pytest.raises(p.ProtocolError, match="ARM: payload must be 16 bytes, got 3"):
        p.decode(p.Frame(p.MsgType.ARM, 1, b"abc"))
    with pytest.raises(p.ProtocolError, match="unknown message type 0x33"):
        p.decode(p.Frame(0x33, 4, b""))
    with pytest.raises(p.ProtocolError, match="header promises 16"):
        p.Block.unpack(p.BlockHeader(1, 0, 0, 2, 2, 2).pack() + b"\x00" * 5)
    decoder = p.FrameDecoder()
    decoder.feed(p.encode(p.Ack(1), 1) + b"JUNKJUNKJUNKJUNK")
    with pytest.raises(p.ProtocolError, match=r"bad magic b'JUNK' at stream byte 24"):
        list(decoder.frames())
    with pytest.raises(p.ProtocolError, match="announces"):
        p.parse_header(struct.pack("<4sBBHII", b"XRAY", 1, 0x91, 0, 1, p.MAX_PAYLOAD + 1))
