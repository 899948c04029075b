"""Valid inputs for every reader, made here (no third-party file needed), and mutations.

The fuzz tests start from a valid file and damage it the ways real files get damaged
(truncated, bytes flipped, runs overwritten, bytes inserted) and the ways a hostile file is
built (header fields set to absurd values). Starting from valid files matters: random bytes
alone are refused by the first magic-number check and never reach the deeper code.
"""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import cv2
import numpy as np
import pydicom
import tifffile
from hypothesis import strategies as st
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, generate_uid

SHARED_DICOS = Path(__file__).resolve().parents[3] / "shared" / "data" / "dicos"


def _bag(dtype: type = np.uint16, shape: tuple[int, int] = (24, 32)) -> np.ndarray:
    top = np.iinfo(dtype).max
    image = np.full(shape, top, dtype=dtype)
    image[6:12, 8:20] = top // 10
    return image


def our_dicos() -> bytes:
    """A dual-energy DICOS file as the workstation writes it."""
    from workstation.imaging.scan import DualEnergyScan
    from workstation.scans.dicos import write_dicos

    high = _bag().T.copy()
    scan = DualEnergyScan(high=high, low=(high // 2).astype(np.uint16), pixel_mm=0.8)
    return write_dicos(scan, kind="parcel", device="fuzz")


def plain_dicom(syntax: str = ExplicitVRLittleEndian, bits: int = 16) -> bytes:
    """A single-frame DICOS DX image as another vendor would write it."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.501.2.1"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = syntax
    ds = FileDataset("seed.dcs", {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "DX"
    pixels = _bag(np.uint8 if bits == 8 else np.uint16)
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = bits, bits, bits - 1, 0
    ds.PixelSpacing = ["0.5", "0.5"]
    ds.PixelData = pixels.tobytes()
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return buffer.getvalue()


def dicom_seeds() -> list[bytes]:
    seeds = [our_dicos(), plain_dicom(), plain_dicom(ImplicitVRLittleEndian, 8)]
    # JPEG Lossless files by another toolkit, when the shared test files are present: the
    # decoder (pylibjpeg) then gets damaged compressed frames too.
    for name in ("V02_Data_DX_dx.dcs", "V02A_Data_DX_DX_01_ExplicitLittlEndian.dcs"):
        if (SHARED_DICOS / name).is_file():
            seeds.append((SHARED_DICOS / name).read_bytes())
    return seeds


def tiff_seeds() -> list[bytes]:
    out = []
    for image in (_bag(), _bag(np.uint8)):
        buffer = io.BytesIO()
        tifffile.imwrite(buffer, image)
        out.append(buffer.getvalue())
    buffer = io.BytesIO()
    tifffile.imwrite(buffer, _bag(), compression="zlib")
    out.append(buffer.getvalue())
    return out


def png_seeds() -> list[bytes]:
    return [cv2.imencode(".png", _bag())[1].tobytes(), cv2.imencode(".png", _bag(np.uint8))[1].tobytes()]


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """One seed with 1-4 damages: truncation, flipped bytes, an overwritten run (often with
    0x00 / 0xFF, which make absurd lengths and sizes), inserted bytes."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(("truncate", "flip", "overwrite", "insert", "extreme")))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "truncate":
            del data[at:]
        elif kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "overwrite":
            run = draw(st.binary(min_size=1, max_size=16))
            data[at:at + len(run)] = run
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            data[at:at + 4] = draw(st.sampled_from((b"\xff\xff\xff\xff", b"\x00\x00\x00\x00",
                                                    b"\xff\xff\x00\x00", b"\x00\x00\xff\x7f")))
        if not data:
            break
    return bytes(data)


@st.composite
def hostile_dicom(draw: st.DrawFn) -> bytes:
    """A well-formed DICOM file whose header lies: absurd sizes, frame counts, bit depths,
    pixel data shorter or longer than promised, another transfer syntax, a CT class."""
    ds = pydicom.dcmread(io.BytesIO(draw(st.sampled_from([plain_dicom(), our_dicos()]))))
    field = draw(st.sampled_from(("Rows", "Columns", "BitsAllocated", "BitsStored",
                                  "SamplesPerPixel", "NumberOfFrames", "PixelData",
                                  "TransferSyntaxUID", "SOPClassUID", "PixelRepresentation",
                                  "PixelSpacing")))
    if field == "PixelData":
        cut = draw(st.integers(0, len(ds.PixelData)))
        ds.PixelData = ds.PixelData[:cut] + draw(st.binary(max_size=8))
    elif field == "TransferSyntaxUID":
        # A compressed syntax with frames that are the raw pixels, cut, or noise behind a
        # JPEG start marker: what the decoders (pylibjpeg, pydicom's RLE) get from a liar.
        from pydicom.encaps import encapsulate

        syntax = draw(st.sampled_from(("1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.50",
                                       "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.90",
                                       "1.2.840.10008.1.2.4.80")))
        frame = draw(st.sampled_from((bytes(ds.PixelData[:64]), b"\xff\xd8\xff\xc3\x00\x0b\x10\xff\xff\xff\xff",
                                      b"\xff\xd8" + draw(st.binary(max_size=64)))))
        ds.file_meta.TransferSyntaxUID = syntax
        ds.PixelData = encapsulate([frame + b"\x00" * (len(frame) % 2)])
        ds["PixelData"].VR = "OB"
        ds["PixelData"].is_undefined_length = True
    elif field == "SOPClassUID":
        ds.SOPClassUID = draw(st.sampled_from(("1.2.840.10008.5.1.4.1.1.2",
                                               "1.2.840.10008.5.1.4.1.1.501.4", "9.9")))
    elif field == "NumberOfFrames":
        ds.NumberOfFrames = str(draw(st.integers(-5, 100_000)))
    elif field == "PixelSpacing":
        ds.PixelSpacing = draw(st.sampled_from((["0", "0"], ["-1", "1"], ["1e99", "1"], ["3"])))
    else:
        setattr(ds, field, draw(st.sampled_from((0, 1, 3, 7, 12, 33, 64, 255, 65535))))
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=False)
    return buffer.getvalue()


@st.composite
def png_bomb(draw: st.DrawFn) -> bytes:
    """A PNG whose IHDR claims a size of its choosing (up to 65535 x 65535 = 4.3 Gpixel)."""
    import zlib

    width, height = draw(st.integers(1, 65535)), draw(st.integers(1, 65535))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


# --- spectra ------------------------------------------------------------------------------


def spectrum_seeds() -> list[bytes]:
    """One valid file of every spectrum format the project reads."""
    from standards.spectra import Measurement, Spectrum, SpectrumDocument, write_n42

    counts = [0, 3, 10, 250, 40, 2, 0, 1]
    doc = SpectrumDocument(format="n42-2012", measurements=[Measurement(
        measurement_class="Foreground", real_time_s=60.0, live_time_s=59.5, dose_rate_usv_h=0.2,
        spectra=[Spectrum(counts=[float(c) for c in counts], energy_calibration=[0.0, 3.0],
                          live_time_s=59.5, real_time_s=60.0)])])
    n42_2012, n42_2006 = write_n42(doc, form="2012"), write_n42(doc, form="2006")
    # ORTEC CHN: 32-byte header, uint32 counts, -101 trailer with two energy coefficients.
    chn = (struct.pack("<hhh2sII8s4shh", -1, 1, 1, b"00", 3000, 2975, b"26NOV261", b"0815", 0,
                       len(counts))
           + struct.pack(f"<{len(counts)}I", *counts) + struct.pack("<h", -101)
           + struct.pack("<2f", 0.0, 3.0) + b"\x00" * (512 - 10))
    spe = ("$SPEC_ID:\nfuzz\n$MEAS_TIM:\n59.5 60\n$DATA:\n0 7\n"
           + "\n".join(map(str, counts)) + "\n$ENER_FIT:\n0 3\n").encode()
    csv = ("Channel,Counts\n" + "\n".join(f"{i},{c}" for i, c in enumerate(counts)) + "\n").encode()
    # ORTEC SPC, integer data: record 1 header words, data from record 3.
    words = [0] * 64
    words[0], words[1], words[30], words[31], words[32] = 1, 1, 3, 1, len(counts)
    header = bytearray(struct.pack("<64h", *words))
    struct.pack_into("<ff", header, 90, 60.0, 59.5)
    spc = bytes(header) + b"\x00" * 128 + struct.pack(f"<{len(counts)}i", *counts).ljust(128, b"\x00")
    # Sandia PCF: NRPS = 2 (header record + one record of float32 counts).
    pcf = bytearray(256 * 3)
    struct.pack_into("<h", pcf, 0, 2)
    struct.pack_into("<60s60s60s23sc12fi", pcf, 256, b"title", b"source", b"desc", b"date", b"F",
                     59.5, 60.0, 0, 0, 1.0, 0.0, 24.0, 0, 0, 0, 0, 0, len(counts))
    struct.pack_into(f"<{len(counts)}f", pcf, 512, *map(float, counts))
    return [n42_2012, n42_2006, chn, spe, csv, spc, bytes(pcf)]


@st.composite
def hostile_xml(draw: st.DrawFn) -> bytes:
    """N42-shaped XML with absurd nesting, an encoding declaration of any name, entities,
    huge numbers and odd characters in the channel data."""
    encoding = draw(st.sampled_from(("utf-8", "UTF-16", "latin-1", "x-klingon", "utf-7",
                                     "cp500", "utf-32", "", "shift_jis", "ascii")))
    depth = draw(st.integers(0, 3000))
    value = draw(st.sampled_from(("1 2 3", "1e999 1", "nan", "-1 0", "0 99999999999", "", "\x01",
                                  "1," * 50, "&amp;")))
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>' if encoding else ""
    doctype = draw(st.sampled_from(("", '<!DOCTYPE x [<!ENTITY a "aaaa">]>')))
    body = ('<RadInstrumentData xmlns="http://physics.nist.gov/N42/2011/N42">'
            + "<RadMeasurement id='m'>" + "<x>" * depth + "</x>" * depth
            + f"<Spectrum id='s'><ChannelData>{value}</ChannelData></Spectrum>"
            + "</RadMeasurement></RadInstrumentData>")
    return (declaration + doctype + body).encode("utf-8")


# --- referrals ----------------------------------------------------------------------------


def referral_json_seed() -> str:
    return json.dumps({"format": "referral/1", "referrals": [{
        "referral_id": "NL-RMS-2026-000123", "source": "national-rms",
        "issued_at": "2026-11-26T08:15:00Z", "mrn": "23GB000246IF9W5YJ0",
        "declaration_type": "IM",
        "transport": {"plates": ["PP587AO"], "containers": ["CSQU3054383"], "parcel_ids": []},
        "channel": "red",
        "risk_profiles": [{"code": "CRC-FIN-07", "description": "undervaluation",
                           "risk_area": "financial"}],
        "control_instructions": [{"type": "scan", "text": "scan whole trailer"}],
        "priority": 2, "deadline": "2026-11-26T12:00:00Z", "lane": "L1",
        "goods": [{"description": "cotton shirts", "hs_code": "620520", "origin": "CN",
                   "declared_value_eur": 12500.0, "gross_mass_kg": 830.0}]}]})


def referral_csv_seed() -> str:
    return ("referral_id,source,issued_at,mrn,declaration_type,plates,containers,parcel_ids,"
            "channel,risk_profiles,control_instructions,priority,deadline,lane,goods\n"
            "NL-1,national-rms,2026-11-26T08:15:00Z,23GB000246IF9W5YJ0,IM,PP587AO,CSQU3054383,,"
            "red,CRC-FIN-07|financial|undervaluation,scan|whole trailer,2,"
            "2026-11-26T12:00:00Z,L1,cotton shirts|620520|CN|12500|830\n")


# Values that break naive code: control characters, surrogates, numbers JSON should not
# carry, very long and very nested values.
NASTY = st.one_of(
    st.sampled_from(["", "\x00", "\x07bell", "a\ud800b", "\u202etxet", "9" * 400, "1e400",
                     "NaN", "-Infinity", "1700000000", "9999-12-31T23:59:59-01:00",
                     "0001-01-01T00:00:00+01:00", "2026-02-30T00:00:00Z", "x" * 70_000]),
    st.text(max_size=40),
    st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(), st.none(), st.just([[[[[]]]]]), st.just({"a": {"b": {"c": {}}}}),
)


@st.composite
def json_referral_mutation(draw: st.DrawFn) -> str:
    """The valid JSON referral with one field (at any depth) replaced by a nasty value, or
    the text itself damaged."""
    document = json.loads(referral_json_seed())
    referral = document["referrals"][0]
    path = draw(st.sampled_from((
        ("referral_id",), ("source",), ("issued_at",), ("deadline",), ("mrn",), ("priority",),
        ("lane",), ("channel",), ("transport", "plates", 0), ("transport", "parcel_ids"),
        ("risk_profiles", 0, "code"), ("risk_profiles", 0, "description"),
        ("control_instructions", 0, "text"), ("goods", 0, "declared_value_eur"),
        ("goods", 0, "hs_code"), ("goods",), ("risk_profiles",), ("unknown",))))
    target = referral
    for key in path[:-1]:
        target = target[key]
    value = draw(NASTY)
    if path[-1] == ("transport", "parcel_ids")[-1] and path[0] == "transport":
        value = [value]
    target[path[-1]] = value
    text = json.dumps(document, allow_nan=True)
    if draw(st.booleans()):
        return text
    data = draw(mutated([text.encode()]))
    return data.decode("utf-8", "replace")


@st.composite
def csv_referral_mutation(draw: st.DrawFn) -> str:
    """The valid CSV with cells replaced, rows cut or lengthened, headers doubled, quotes
    and NULs inserted."""
    lines = referral_csv_seed().splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(("cell", "cut", "extend", "dup-header", "quote", "raw")))
        row = row or [""]
        if kind == "cell":
            cell = draw(NASTY)
            row[draw(st.integers(0, len(row) - 1))] = cell if isinstance(cell, str) else str(cell)
        elif kind == "cut":
            row = row[:draw(st.integers(0, len(row)))]
        elif kind == "extend":
            row = row + [draw(st.text(max_size=10))] * draw(st.integers(1, 3))
        elif kind == "dup-header":
            header[draw(st.integers(0, len(header) - 1))] = draw(st.sampled_from(header))
        elif kind == "quote":
            row[draw(st.integers(0, len(row) - 1))] = '"' + draw(st.text(max_size=10))
        else:
            row = [draw(st.text(max_size=20))]
    text = ",".join(header) + "\n" + ",".join(row) + "\n"
    return text.replace("\ud800", "\ufffd") if draw(st.booleans()) else text


# --- lane configuration -------------------------------------------------------------------


def config_seed() -> str:
    return ('[lane]\npost = "NL-ROT-01"\nlane_id = "L1"\n\n[retention]\nplate_reads_days = 30\n\n'
            '[imports]\nmax_scan_megapixels = 200\n\n'
            '[[devices]]\nname = "scanner"\nkind = "xray"\ndriver = "xray-tcp"\n'
            'simulated = true\n[devices.settings]\nintegration_us = 1000\n'
            '[devices.simulator]\nseed = 7\n')


@st.composite
def hostile_toml(draw: st.DrawFn) -> str:
    """The valid configuration with one key set to a value of the wrong kind, an absurd
    number, a deeply nested array, or a key nobody knows."""
    section, key = draw(st.sampled_from((
        ("lane", "post"), ("database", "busy_timeout_ms"), ("storage", "image_store"),
        ("retention", "scans_days"), ("imports", "max_scan_megapixels"), ("models", "extra_dirs"),
        ("alarms", "dose_rate_usv_h"), ("alarms", "controlled_substances"), ("nosuch", "key"))))
    depth = draw(st.integers(1, 2000))
    value = draw(st.sampled_from((
        "nan", "inf", "-inf", "1e999", "-1", "0", "99999999999999999999999", '"\\u0000"',
        '"\\u0007"', "true", "[" * depth + "]" * depth, "{a = {b = {c = 1}}}",
        "1979-05-27T07:32:00Z", '"' + "x" * 5000 + '"', '"../../../etc"')))
    return f"[{section}]\n{key} = {value}\n"
