"""The x-ray line-scan wire protocol (docs/protocols/xray.md): pure encode/decode, no I/O.

Every message is one frame::

    offset size  field
    0      4     magic  b"XRAY"
    4      1     version (1)
    5      1     message type (MsgType)
    6      2     flags (0; reserved)
    8      4     sequence number, per sender and connection, starting at 1, +1 per frame
    12     4     payload length in bytes (0 .. MAX_PAYLOAD)
    16     n     payload
    16+n   4     CRC-32 (IEEE 802.3, zlib.crc32) of bytes 0 .. 16+n-1

All integers little-endian. Pixel data in BLOCK frames is uint16 little-endian, one plane
per energy (all low-energy lines of the block, then all high-energy lines) so that a
receiver can read each plane straight into a (energies, lines, pixels) array.
"""

from __future__ import annotations

import enum
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

MAGIC = b"XRAY"
VERSION = 1
HEADER = struct.Struct("<4sBBHII")
HEADER_SIZE = HEADER.size  # 16
CRC = struct.Struct("<I")
CRC_SIZE = CRC.size  # 4
MAX_PAYLOAD = 64 * 1024 * 1024  # 64 MiB: larger than any block a scanner sends
PIXEL_DTYPE = "<u2"


class ProtocolError(Exception):
    """The byte stream does not follow the protocol; the message says what and where."""


class MsgType(enum.IntEnum):
    # client -> scanner
    IDENTIFY = 0x01
    STATUS = 0x02
    ARM = 0x03
    SCAN = 0x04
    ABORT = 0x05
    DARK = 0x06
    FLAT = 0x07
    SIM_SCENE = 0x40  # simulator extension: what is in the tunnel
    SIM_FAULT = 0x41  # simulator extension: fault to inject in the next acquisition
    # scanner -> client
    ACK = 0x80
    IDENTITY = 0x81
    STATUS_REPLY = 0x82
    NAK = 0x8F
    SCAN_BEGIN = 0x90
    BLOCK = 0x91
    SCAN_END = 0x92


class ScannerState(enum.IntEnum):
    IDLE = 0
    ARMED = 1
    SCANNING = 2
    FAULT = 3


class AcquisitionMode(enum.IntEnum):
    OBJECT = 0  # X-rays on, conveyor moving
    DARK = 1  # X-rays off: offset map
    FLAT = 2  # X-rays on, empty tunnel: gain map


class EndStatus(enum.IntEnum):
    COMPLETE = 0
    ABORTED = 1
    FAILED = 2


class FaultKind(enum.IntEnum):
    """Faults the simulator injects (docs/protocols/xray.md, "Simulator extensions")."""

    NONE = 0
    STALL = 1  # stop sending for param ms after `after_block` blocks
    DROP = 2  # close the connection after `after_block` blocks
    CORRUPT = 3  # flip one pixel byte of block `after_block` (CRC then fails)
    SLOW = 4  # throttle the link to `param` bytes per second
    GARBAGE = 5  # write `param` random bytes before block `after_block`


class NakCode(enum.IntEnum):
    BAD_REQUEST = 1
    NOT_ARMED = 2
    BUSY = 3
    UNSUPPORTED = 4


@dataclass(frozen=True)
class Frame:
    """One decoded frame (payload not interpreted)."""

    type: int
    seq: int
    payload: bytes


# -- strings -----------------------------------------------------------------------------
def _pack_str(text: str) -> bytes:
    data = text.encode("utf-8")
    if len(data) > 0xFFFF:
        raise ValueError(f"string too long for the protocol ({len(data)} bytes > 65535)")
    return struct.pack("<H", len(data)) + data


def _unpack_str(buf: bytes, offset: int, field: str) -> tuple[str, int]:
    if offset + 2 > len(buf):
        raise ProtocolError(f"{field}: string length missing at payload byte {offset}")
    (n,) = struct.unpack_from("<H", buf, offset)
    end = offset + 2 + n
    if end > len(buf):
        raise ProtocolError(f"{field}: string of {n} bytes runs past the payload end")
    try:
        return buf[offset + 2:end].decode("utf-8"), end
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"{field}: not UTF-8 ({exc.reason})") from None


# -- messages ----------------------------------------------------------------------------
class Message:
    """Base of the typed messages; each has ``TYPE`` and ``pack()``/``unpack()``."""

    TYPE: ClassVar[MsgType]

    def pack(self) -> bytes:
        return b""

    @classmethod
    def unpack(cls, payload: bytes) -> Message:
        if payload:
            raise ProtocolError(f"{cls.TYPE.name}: expected an empty payload, got {len(payload)} bytes")
        return cls()


def _fixed(cls: type[Message], fmt: struct.Struct, payload: bytes) -> tuple[int, ...]:
    if len(payload) != fmt.size:
        raise ProtocolError(
            f"{cls.TYPE.name}: payload must be {fmt.size} bytes, got {len(payload)}"
        )
    return fmt.unpack(payload)


@dataclass(frozen=True)
class Identify(Message):
    TYPE: ClassVar[MsgType] = MsgType.IDENTIFY


@dataclass(frozen=True)
class StatusRequest(Message):
    TYPE: ClassVar[MsgType] = MsgType.STATUS


_ARM = struct.Struct("<IIHHHH")


@dataclass(frozen=True)
class Arm(Message):
    """Acquisition parameters: ``lines`` per scan (1..2**32-1), ``integration_us`` per line,
    ``block_lines`` per BLOCK frame (1..65535), tube voltages of the two energies in kV."""

    TYPE: ClassVar[MsgType] = MsgType.ARM
    lines: int
    integration_us: int = 2000
    block_lines: int = 64
    kv_low: int = 140
    kv_high: int = 450

    def pack(self) -> bytes:
        return _ARM.pack(self.lines, self.integration_us, self.block_lines, self.kv_low,
                         self.kv_high, 0)

    @classmethod
    def unpack(cls, payload: bytes) -> Arm:
        lines, integ, block, kv_low, kv_high, _ = _fixed(cls, _ARM, payload)
        return cls(lines, integ, block, kv_low, kv_high)


_ID = struct.Struct("<I")
_ID_LINES = struct.Struct("<II")


@dataclass(frozen=True)
class Scan(Message):
    TYPE: ClassVar[MsgType] = MsgType.SCAN
    scan_id: int

    def pack(self) -> bytes:
        return _ID.pack(self.scan_id)

    @classmethod
    def unpack(cls, payload: bytes) -> Scan:
        return cls(*_fixed(cls, _ID, payload))


@dataclass(frozen=True)
class Abort(Message):
    TYPE: ClassVar[MsgType] = MsgType.ABORT
    scan_id: int

    def pack(self) -> bytes:
        return _ID.pack(self.scan_id)

    @classmethod
    def unpack(cls, payload: bytes) -> Abort:
        return cls(*_fixed(cls, _ID, payload))


@dataclass(frozen=True)
class Dark(Message):
    TYPE: ClassVar[MsgType] = MsgType.DARK
    scan_id: int
    lines: int

    def pack(self) -> bytes:
        return _ID_LINES.pack(self.scan_id, self.lines)

    @classmethod
    def unpack(cls, payload: bytes) -> Dark:
        return cls(*_fixed(cls, _ID_LINES, payload))


@dataclass(frozen=True)
class Flat(Message):
    TYPE: ClassVar[MsgType] = MsgType.FLAT
    scan_id: int
    lines: int

    def pack(self) -> bytes:
        return _ID_LINES.pack(self.scan_id, self.lines)

    @classmethod
    def unpack(cls, payload: bytes) -> Flat:
        return cls(*_fixed(cls, _ID_LINES, payload))


@dataclass(frozen=True)
class SimScene(Message):
    """Simulator only: the next object acquisitions render scene ``kind`` with ``seed``."""

    TYPE: ClassVar[MsgType] = MsgType.SIM_SCENE
    kind: str
    seed: int

    def pack(self) -> bytes:
        return _ID.pack(self.seed) + _pack_str(self.kind)

    @classmethod
    def unpack(cls, payload: bytes) -> SimScene:
        if len(payload) < 4:
            raise ProtocolError("SIM_SCENE: payload shorter than 4 bytes")
        (seed,) = _ID.unpack_from(payload)
        kind, end = _unpack_str(payload, 4, "SIM_SCENE.kind")
        if end != len(payload):
            raise ProtocolError(f"SIM_SCENE: {len(payload) - end} trailing bytes")
        return cls(kind, seed)


_FAULT = struct.Struct("<BBHI")


@dataclass(frozen=True)
class SimFault(Message):
    """Simulator only: inject ``kind`` into the next acquisition (see FaultKind)."""

    TYPE: ClassVar[MsgType] = MsgType.SIM_FAULT
    kind: FaultKind
    after_block: int = 2
    param: int = 0

    def pack(self) -> bytes:
        return _FAULT.pack(int(self.kind), 0, self.after_block, self.param)

    @classmethod
    def unpack(cls, payload: bytes) -> SimFault:
        kind, _, after, param = _fixed(cls, _FAULT, payload)
        try:
            fault = FaultKind(kind)
        except ValueError:
            raise ProtocolError(f"SIM_FAULT: unknown fault kind {kind}") from None
        return cls(fault, after, param)


@dataclass(frozen=True)
class Ack(Message):
    TYPE: ClassVar[MsgType] = MsgType.ACK
    request_seq: int

    def pack(self) -> bytes:
        return _ID.pack(self.request_seq)

    @classmethod
    def unpack(cls, payload: bytes) -> Ack:
        return cls(*_fixed(cls, _ID, payload))


_IDENTITY = struct.Struct("<HBBI")
_PITCH = struct.Struct("<I")


@dataclass(frozen=True)
class Identity(Message):
    """Detector geometry (``pixels`` per line, ``energies`` 1 or 2, ``bits`` per sample)
    and identity strings, then optionally the scanner's geometry: ``pixel_um`` pixel pitch
    at the object in micrometres, ``energy_pair`` (``kev``/``mev``) and ``scanner_class``
    (``parcel``/``cargo``). A scanner that does not send them ends the payload after
    ``firmware`` (0 / empty here: not reported)."""

    TYPE: ClassVar[MsgType] = MsgType.IDENTITY
    pixels: int
    energies: int
    bits: int
    max_lines: int
    vendor: str
    model: str
    serial: str
    firmware: str
    pixel_um: int = 0
    energy_pair: str = ""
    scanner_class: str = ""

    @property
    def reports_geometry(self) -> bool:
        return bool(self.pixel_um or self.energy_pair or self.scanner_class)

    def reported_geometry(self) -> dict[str, float | str | None]:
        """``pixel_mm``, ``energy_pair``, ``scanner_class`` as reported (None: not sent)."""
        return {"pixel_mm": self.pixel_um / 1000 if self.pixel_um else None,
                "energy_pair": self.energy_pair or None,
                "scanner_class": self.scanner_class or None}

    def pack(self) -> bytes:
        data = _IDENTITY.pack(self.pixels, self.energies, self.bits, self.max_lines) + b"".join(
            _pack_str(s) for s in (self.vendor, self.model, self.serial, self.firmware)
        )
        if self.reports_geometry:
            data += (_PITCH.pack(self.pixel_um) + _pack_str(self.energy_pair)
                     + _pack_str(self.scanner_class))
        return data

    @classmethod
    def unpack(cls, payload: bytes) -> Identity:
        if len(payload) < _IDENTITY.size:
            raise ProtocolError(f"IDENTITY: payload shorter than {_IDENTITY.size} bytes")
        pixels, energies, bits, max_lines = _IDENTITY.unpack_from(payload)
        offset = _IDENTITY.size
        texts: list[str] = []
        for name in ("vendor", "model", "serial", "firmware"):
            text, offset = _unpack_str(payload, offset, f"IDENTITY.{name}")
            texts.append(text)
        vendor, model, serial, firmware = texts
        if offset == len(payload):
            return cls(pixels, energies, bits, max_lines, vendor, model, serial, firmware)
        if len(payload) - offset < _PITCH.size:
            raise ProtocolError(f"IDENTITY: {len(payload) - offset} trailing bytes, "
                                "too short for the geometry")
        (pixel_um,) = _PITCH.unpack_from(payload, offset)
        energy_pair, offset = _unpack_str(payload, offset + _PITCH.size, "IDENTITY.energy_pair")
        scanner_class, offset = _unpack_str(payload, offset, "IDENTITY.scanner_class")
        if offset != len(payload):
            raise ProtocolError(f"IDENTITY: {len(payload) - offset} trailing bytes")
        return cls(pixels, energies, bits, max_lines, vendor, model, serial, firmware,
                   pixel_um=pixel_um, energy_pair=energy_pair, scanner_class=scanner_class)


_STATUS = struct.Struct("<BBhBBI")


@dataclass(frozen=True)
class StatusReply(Message):
    """``temperature_c`` of the detector in 0.01 °C steps; ``uptime_s`` since power-on."""

    TYPE: ClassVar[MsgType] = MsgType.STATUS_REPLY
    state: ScannerState
    temperature_c: float
    tube_ok: bool
    uptime_s: int
    message: str = ""

    def pack(self) -> bytes:
        centi = round(self.temperature_c * 100)
        return _STATUS.pack(int(self.state), 0, centi, int(self.tube_ok), 0,
                            self.uptime_s) + _pack_str(self.message)

    @classmethod
    def unpack(cls, payload: bytes) -> StatusReply:
        if len(payload) < _STATUS.size:
            raise ProtocolError(f"STATUS_REPLY: payload shorter than {_STATUS.size} bytes")
        state, _, centi, tube, _, uptime = _STATUS.unpack_from(payload)
        message, end = _unpack_str(payload, _STATUS.size, "STATUS_REPLY.message")
        if end != len(payload):
            raise ProtocolError(f"STATUS_REPLY: {len(payload) - end} trailing bytes")
        try:
            scanner_state = ScannerState(state)
        except ValueError:
            raise ProtocolError(f"STATUS_REPLY: unknown state {state}") from None
        return cls(scanner_state, centi / 100, bool(tube), uptime, message)


_NAK = struct.Struct("<IH")


@dataclass(frozen=True)
class Nak(Message):
    TYPE: ClassVar[MsgType] = MsgType.NAK
    request_seq: int
    code: int
    message: str

    def pack(self) -> bytes:
        return _NAK.pack(self.request_seq, self.code) + _pack_str(self.message)

    @classmethod
    def unpack(cls, payload: bytes) -> Nak:
        if len(payload) < _NAK.size:
            raise ProtocolError(f"NAK: payload shorter than {_NAK.size} bytes")
        seq, code = _NAK.unpack_from(payload)
        message, end = _unpack_str(payload, _NAK.size, "NAK.message")
        if end != len(payload):
            raise ProtocolError(f"NAK: {len(payload) - end} trailing bytes")
        return cls(seq, code, message)


_BEGIN = struct.Struct("<IBBHIHH")


@dataclass(frozen=True)
class ScanBegin(Message):
    TYPE: ClassVar[MsgType] = MsgType.SCAN_BEGIN
    scan_id: int
    mode: AcquisitionMode
    energies: int
    pixels: int
    lines: int
    block_lines: int

    def pack(self) -> bytes:
        return _BEGIN.pack(self.scan_id, int(self.mode), self.energies, self.pixels,
                           self.lines, self.block_lines, 0)

    @classmethod
    def unpack(cls, payload: bytes) -> ScanBegin:
        scan_id, mode, energies, pixels, lines, block, _ = _fixed(cls, _BEGIN, payload)
        try:
            acq = AcquisitionMode(mode)
        except ValueError:
            raise ProtocolError(f"SCAN_BEGIN: unknown mode {mode}") from None
        return cls(scan_id, acq, energies, pixels, lines, block)


BLOCK_HEADER = struct.Struct("<IIIHHB3x")  # 20 bytes


@dataclass(frozen=True)
class BlockHeader:
    """First 20 payload bytes of a BLOCK frame; pixel planes follow."""

    scan_id: int
    block_index: int
    first_line: int
    n_lines: int
    pixels: int
    energies: int

    @property
    def data_bytes(self) -> int:
        return self.energies * self.n_lines * self.pixels * 2

    def pack(self) -> bytes:
        return BLOCK_HEADER.pack(self.scan_id, self.block_index, self.first_line, self.n_lines,
                                 self.pixels, self.energies)

    @classmethod
    def unpack(cls, data: bytes | memoryview) -> BlockHeader:
        if len(data) < BLOCK_HEADER.size:
            raise ProtocolError(f"BLOCK: payload shorter than its {BLOCK_HEADER.size}-byte header")
        return cls(*BLOCK_HEADER.unpack_from(data))


@dataclass(frozen=True)
class Block(Message):
    """A block of lines: ``data`` is the concatenated planes (energy-major), uint16 LE."""

    TYPE: ClassVar[MsgType] = MsgType.BLOCK
    header: BlockHeader
    data: bytes

    def pack(self) -> bytes:
        return self.header.pack() + self.data

    @classmethod
    def unpack(cls, payload: bytes) -> Block:
        header = BlockHeader.unpack(payload)
        data = payload[BLOCK_HEADER.size:]
        if len(data) != header.data_bytes:
            raise ProtocolError(
                f"BLOCK {header.block_index}: {len(data)} pixel bytes, header promises "
                f"{header.data_bytes} ({header.energies} x {header.n_lines} x {header.pixels} x 2)"
            )
        return cls(header, data)


_END = struct.Struct("<IB3xI")


@dataclass(frozen=True)
class ScanEnd(Message):
    TYPE: ClassVar[MsgType] = MsgType.SCAN_END
    scan_id: int
    status: EndStatus
    lines_sent: int
    message: str = ""

    def pack(self) -> bytes:
        return _END.pack(self.scan_id, int(self.status), self.lines_sent) + _pack_str(self.message)

    @classmethod
    def unpack(cls, payload: bytes) -> ScanEnd:
        if len(payload) < _END.size:
            raise ProtocolError(f"SCAN_END: payload shorter than {_END.size} bytes")
        scan_id, status, lines = _END.unpack_from(payload)
        message, end = _unpack_str(payload, _END.size, "SCAN_END.message")
        if end != len(payload):
            raise ProtocolError(f"SCAN_END: {len(payload) - end} trailing bytes")
        try:
            end_status = EndStatus(status)
        except ValueError:
            raise ProtocolError(f"SCAN_END: unknown status {status}") from None
        return cls(scan_id, end_status, lines, message)


MESSAGES: dict[int, type[Message]] = {
    cls.TYPE: cls
    for cls in (Identify, StatusRequest, Arm, Scan, Abort, Dark, Flat, SimScene, SimFault, Ack,
                Identity, StatusReply, Nak, ScanBegin, Block, ScanEnd)
}


# -- framing -----------------------------------------------------------------------------
def encode_header(msg_type: int, seq: int, length: int) -> bytes:
    if length > MAX_PAYLOAD:
        raise ValueError(f"payload of {length} bytes exceeds the {MAX_PAYLOAD}-byte limit")
    return HEADER.pack(MAGIC, VERSION, msg_type, 0, seq & 0xFFFFFFFF, length)


def encode_frame(msg_type: int, seq: int, payload: bytes = b"") -> bytes:
    """Header + payload + CRC-32 as one bytes object."""
    head = encode_header(msg_type, seq, len(payload))
    crc = zlib.crc32(payload, zlib.crc32(head))
    return head + payload + CRC.pack(crc)


def encode(message: Message, seq: int) -> bytes:
    return encode_frame(message.TYPE, seq, message.pack())


def block_frame_size(n_lines: int, pixels: int, energies: int = 2) -> int:
    """Bytes on the wire of one BLOCK frame: header, block header, planes, CRC."""
    return HEADER_SIZE + BLOCK_HEADER.size + energies * n_lines * pixels * 2 + CRC_SIZE


# -- CRC-32 of a concatenation from the CRCs of its parts ---------------------------------
# zlib's crc32_combine (crc32.c, zlib 1.2.12+) in Python, which the zlib module does not
# expose. CRC-32 is linear over GF(2): crc(A || B) = crc(A) * x^(8 len B) mod P  xor crc(B).
# The simulator uses it to reuse the CRC of cached pixel planes under a header that changes
# per frame (sequence number, scan id), so its sender does not re-read the pixels.
_POLY = 0xEDB88320  # reflected IEEE 802.3 polynomial


def _mult_mod_p(a: int, b: int) -> int:
    """a * b modulo the CRC polynomial (reflected bit order, as zlib)."""
    m, product = 1 << 31, 0
    while m:
        if a & m:
            product ^= b
            if not a & (m - 1):
                break
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1
    return product


def _x2n_table() -> list[int]:
    table, power = [], 1 << 30  # x^1
    for _ in range(32):
        table.append(power)  # x^(2^k) mod P
        power = _mult_mod_p(power, power)
    return table


_X2N = _x2n_table()


@lru_cache(maxsize=64)
def _shift_operator(length: int) -> int:
    """x^(8 * length) mod P: multiplying a CRC by it appends ``length`` zero bytes."""
    power, n, k = 1 << 31, length, 3  # x^0; 8 * length = length << 3
    while n:
        if n & 1:
            power = _mult_mod_p(_X2N[k & 31], power)
        n >>= 1
        k += 1
    return power


def crc32_combine(crc_a: int, crc_b: int, len_b: int) -> int:
    """``zlib.crc32(A + B)`` from ``crc32(A)``, ``crc32(B)`` and ``len(B)`` (bytes)."""
    if len_b < 0:
        raise ValueError(f"length must be >= 0, got {len_b}")
    return _mult_mod_p(_shift_operator(len_b), crc_a) ^ (crc_b & 0xFFFFFFFF)


@dataclass(frozen=True)
class Header:
    type: int
    seq: int
    length: int


def parse_header(data: bytes | bytearray | memoryview, offset: int = 0) -> Header:
    """Validate and split a 16-byte frame header; ``offset`` is for error messages only."""
    magic, version, msg_type, _flags, seq, length = HEADER.unpack(bytes(data[:HEADER_SIZE]))
    if magic != MAGIC:
        raise ProtocolError(
            f"bad magic {magic!r} at stream byte {offset} (expected {MAGIC!r}): stream garbled"
        )
    if version != VERSION:
        raise ProtocolError(f"unsupported protocol version {version} at stream byte {offset}")
    if length > MAX_PAYLOAD:
        raise ProtocolError(
            f"frame at stream byte {offset} announces {length} payload bytes "
            f"(limit {MAX_PAYLOAD})"
        )
    return Header(msg_type, seq, length)


def decode(frame: Frame) -> Message:
    """Interpret a frame's payload as its typed message."""
    cls = MESSAGES.get(frame.type)
    if cls is None:
        raise ProtocolError(f"unknown message type 0x{frame.type:02x} (frame seq {frame.seq})")
    return cls.unpack(frame.payload)


class FrameDecoder:
    """Incremental decoder: ``feed(bytes)`` then iterate :meth:`frames`.

    Raises :class:`ProtocolError` on a bad magic, version, length or CRC; the stream is
    then unusable (the caller drops the connection: there is no resynchronisation).
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self._consumed = 0  # stream offset of _buf[0], for error messages

    def feed(self, data: bytes) -> None:
        self._buf += data

    @property
    def pending(self) -> int:
        """Bytes received but not yet part of a complete frame."""
        return len(self._buf)

    def frames(self) -> Iterator[Frame]:
        while len(self._buf) >= HEADER_SIZE:
            header = parse_header(self._buf, self._consumed)
            total = HEADER_SIZE + header.length + CRC_SIZE
            if len(self._buf) < total:
                return
            body_end = HEADER_SIZE + header.length
            (crc,) = CRC.unpack_from(self._buf, body_end)
            actual = zlib.crc32(memoryview(self._buf)[:body_end])
            if crc != actual:
                raise ProtocolError(
                    f"CRC mismatch in frame seq {header.seq} type 0x{header.type:02x} at stream "
                    f"byte {self._consumed}: got 0x{crc:08x}, computed 0x{actual:08x}"
                )
            payload = bytes(self._buf[HEADER_SIZE:body_end])
            del self._buf[:total]
            self._consumed += total
            yield Frame(header.type, header.seq, payload)
