"""Our two serial framings (docs/protocols/riid.md, substance.md, density.md, barcode.md).

**Binary frames** (RIID; documents of up to a few hundred kB)::

    STX(0x02) | type (1 ASCII byte) | length (uint32 big-endian) | payload | CRC-32 (uint32 BE) | ETX(0x03)

The CRC-32 (zlib/IEEE) covers type, length and payload. :class:`FrameDecoder` is
incremental and never raises on bad input: garbage, truncated frames and bad checksums come
out as :class:`FrameError` items and decoding resynchronises on the next STX.

**Checksummed lines** (substance identifier, density meter, barcode reader), NMEA style::

    $BODY*HH<termination>

``HH`` is the XOR of the bytes of ``BODY`` in two upper-case hex digits; ``BODY`` is
comma-separated printable ASCII (fields must not contain ``,`` ``*`` or ``$``); the
termination is configurable (default CR LF). :class:`LineDecoder` yields bodies or errors.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

STX = 0x02
ETX = 0x03
MAX_PAYLOAD = 4 * 1024 * 1024  # 4 MiB: an N42 document with a few 16k-channel spectra is < 1 MiB
_HEAD = struct.Struct(">cI")
MAX_LINE = 512


class FramingError(ValueError):
    """One frame or line is malformed (raised by the one-shot decoders)."""


@dataclass(frozen=True)
class Frame:
    """A decoded binary frame: ``kind`` is one ASCII letter, ``payload`` the bytes."""

    kind: str
    payload: bytes


@dataclass(frozen=True)
class FrameError:
    """Something on the wire that was not a valid frame; ``skipped`` bytes were dropped."""

    problem: str
    skipped: int


def encode_frame(kind: str, payload: bytes) -> bytes:
    if len(kind) != 1 or not kind.isascii():
        raise ValueError(f"frame type must be one ASCII letter, got {kind!r}")
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD}")
    head = _HEAD.pack(kind.encode("ascii"), len(payload))
    crc = zlib.crc32(head + payload) & 0xFFFFFFFF
    return bytes([STX]) + head + payload + struct.pack(">I", crc) + bytes([ETX])


class FrameDecoder:
    """Incremental binary-frame decoder: ``feed(bytes)`` returns frames and errors in order."""

    def __init__(self, max_payload: int = MAX_PAYLOAD) -> None:
        self._buf = bytearray()
        self.max_payload = max_payload

    @property
    def pending(self) -> int:
        """Bytes held back waiting for the rest of a frame."""
        return len(self._buf)

    def feed(self, data: bytes) -> list[Frame | FrameError]:
        self._buf += data
        out: list[Frame | FrameError] = []
        while self._buf:
            start = self._buf.find(STX)
            if start < 0:
                out.append(FrameError("bytes outside a frame (garbage)", len(self._buf)))
                self._buf.clear()
                break
            if start > 0:
                out.append(FrameError("bytes outside a frame (garbage)", start))
                del self._buf[:start]
            if len(self._buf) < 1 + _HEAD.size:
                break
            kind_byte, length = _HEAD.unpack_from(self._buf, 1)
            if not (0x41 <= kind_byte[0] <= 0x5A) or length > self.max_payload:
                out.append(FrameError(f"bad frame header (type {kind_byte!r}, length {length})", 1))
                del self._buf[:1]
                continue
            total = 1 + _HEAD.size + length + 5
            if len(self._buf) < total:
                break
            body = bytes(self._buf[1:1 + _HEAD.size + length])
            (crc,) = struct.unpack_from(">I", self._buf, 1 + _HEAD.size + length)
            if self._buf[total - 1] != ETX:
                out.append(FrameError("frame not closed by ETX (truncated frame?)", 1))
                del self._buf[:1]
                continue
            if zlib.crc32(body) & 0xFFFFFFFF != crc:
                out.append(FrameError("bad checksum", 1))
                del self._buf[:1]
                continue
            out.append(Frame(kind_byte.decode("ascii"), body[_HEAD.size:]))
            del self._buf[:total]
        return out

    def resync(self) -> list[FrameError]:
        """Give up on a frame that never completed (call after an inter-frame timeout)."""
        if not self._buf:
            return []
        held = len(self._buf)
        del self._buf[:1]
        rest = self.feed(b"")
        errors = [e for e in rest if isinstance(e, FrameError)]
        return [FrameError("truncated frame (timed out waiting for the rest)", held - len(self._buf)), *errors]


def decode_frame(data: bytes) -> Frame:
    """Exactly one frame, nothing else, or :class:`FramingError`."""
    decoder = FrameDecoder()
    items = decoder.feed(data)
    if decoder.pending:
        raise FramingError(f"incomplete frame: {decoder.pending} bytes waiting for the rest")
    if len(items) != 1 or not isinstance(items[0], Frame):
        problems = "; ".join(i.problem for i in items if isinstance(i, FrameError)) or "no frame"
        raise FramingError(problems)
    return items[0]


# --- checksummed lines --------------------------------------------------------------------


def line_checksum(body: bytes) -> int:
    value = 0
    for byte in body:
        value ^= byte
    return value


def encode_line(fields: list[str], termination: bytes = b"\r\n") -> bytes:
    for f in fields:
        if any(c in f for c in ",*$\r\n") or not f.isascii():
            raise ValueError(f"line field {f!r} contains a reserved or non-ASCII character")
    body = ",".join(fields).encode("ascii")
    return b"$" + body + b"*%02X" % line_checksum(body) + termination


def decode_line(line: bytes) -> list[str]:
    """Fields of one ``$BODY*HH`` line (termination already removed) or :class:`FramingError`."""
    line = line.strip(b"\r\n ")
    if not line.startswith(b"$"):
        raise FramingError(f"line does not start with '$': {line[:20]!r}")
    body, star, check = line[1:].rpartition(b"*")
    if not star or len(check) != 2:
        raise FramingError(f"line has no '*HH' checksum: {line[:20]!r}")
    try:
        expected = int(check, 16)
    except ValueError:
        raise FramingError(f"checksum {check!r} is not two hex digits") from None
    if line_checksum(body) != expected:
        raise FramingError(f"bad checksum: line says {expected:02X}, content gives {line_checksum(body):02X}")
    if any(b < 0x20 or b > 0x7E for b in body):
        raise FramingError("line holds non-printable bytes")
    return body.decode("ascii").split(",")


class LineDecoder:
    """Incremental line decoder: ``feed(bytes)`` returns field lists and :class:`FrameError` items."""

    def __init__(self, termination: bytes = b"\r\n", max_line: int = MAX_LINE) -> None:
        if not termination:
            raise ValueError("line termination must not be empty")
        self.termination = termination
        self.max_line = max_line
        self._buf = bytearray()

    @property
    def pending(self) -> int:
        return len(self._buf)

    def feed(self, data: bytes) -> list[list[str] | FrameError]:
        self._buf += data
        out: list[list[str] | FrameError] = []
        while True:
            if self._buf and self._buf[0] != 0x24:  # hunt for '$': anything before it is noise
                start = self._buf.find(b"$")
                skipped = len(self._buf) if start < 0 else start
                del self._buf[:skipped]
                if skipped:
                    out.append(FrameError("bytes outside a line (garbage)", skipped))
                continue
            end = self._buf.find(self.termination)
            if end < 0:
                if len(self._buf) > self.max_line:
                    out.append(FrameError(f"line longer than {self.max_line} bytes (garbage?)", len(self._buf)))
                    self._buf.clear()
                break
            raw = bytes(self._buf[:end])
            del self._buf[:end + len(self.termination)]
            if not raw.strip():
                continue
            # A partial line followed by a good one: keep only from the last '$'.
            dollar = raw.rfind(b"$")
            if dollar > 0:
                out.append(FrameError("bytes before the line start (truncated line or garbage)", dollar))
                raw = raw[dollar:]
            try:
                out.append(decode_line(raw))
            except FramingError as exc:
                out.append(FrameError(str(exc), len(raw)))
        return out

    def resync(self) -> list[FrameError]:
        if not self._buf:
            return []
        held = len(self._buf)
        self._buf.clear()
        return [FrameError("truncated line (timed out waiting for the end)", held)]
