"""Every reader of outside input either reads it or raises its own documented error.

Property, for each reader: for any input, the reader returns a result or raises exactly the
error type it documents (``UnsupportedScanFile``, ``ImageReadError``,
``SpectrumFormatError``, ``ReferralFileError``, ``ConfigError``) — never another exception,
which would reach the user as a traceback or stop a batch. What is read must be usable too:
images within the pixel limit, spectrum summaries that serialise as strict JSON.

Bounded by a number of inputs per reader, never by time (``max_examples``, ``deadline=None``):
``WORKSTATION_FUZZ_EXAMPLES`` raises it for a longer campaign (figures in
docs/decisions/0803-no-input-breaks-a-reader.md). Inputs are derived, not random per run
(``derandomize``), so a failure here fails the same way on every machine.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import seeds

EXAMPLES = int(os.environ.get("WORKSTATION_FUZZ_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])
SMALL_LIMIT = 4_000_000  # pixels: the mutated headers must be refused by the limit, not memory

_DICOM = seeds.dicom_seeds()
_TIFF = seeds.tiff_seeds()
_PNG = seeds.png_seeds()
_SPECTRA = seeds.spectrum_seeds()


@contextmanager
def _file(data: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        yield path


def _only(expected: type[BaseException], read: Callable[[], Any]) -> Any:
    """``read()``'s result, or None when it raised ``expected``; any other exception fails
    the test with the input's problem named by hypothesis."""
    try:
        return read()
    except expected as exc:
        assert str(exc), f"{expected.__name__} without a message"
        return None


# --- scan files ---------------------------------------------------------------------------


def _scan_readers(data: bytes, suffix: str) -> None:
    from devices.xray.scan_files import UnsupportedScanFile, read_scan_file
    from workstation.inference.intake import ImageReadError, read_grey

    with _file(data, suffix) as path:
        image = _only(UnsupportedScanFile, lambda: read_scan_file(path, max_pixels=SMALL_LIMIT))
        if image is not None:
            assert image.high.size <= SMALL_LIMIT
        grey = _only(ImageReadError, lambda: read_grey(path, max_pixels=SMALL_LIMIT))
        if grey is not None:
            assert grey.ndim == 2 and grey.size <= 2 * SMALL_LIMIT


@FUZZ
@given(data=seeds.mutated(_DICOM))
def test_dicos_reader_damaged_files(data: bytes) -> None:
    _scan_readers(data, ".dcs")


@FUZZ
@given(data=seeds.hostile_dicom())
def test_dicos_reader_lying_headers(data: bytes) -> None:
    _scan_readers(data, ".dcs")


@FUZZ
@given(data=seeds.mutated(_TIFF))
def test_tiff_reader(data: bytes) -> None:
    _scan_readers(data, ".tif")


@FUZZ
@given(data=st.one_of(seeds.mutated(_PNG), seeds.png_bomb()))
def test_png_reader(data: bytes) -> None:
    _scan_readers(data, ".png")


# --- spectra ------------------------------------------------------------------------------


def _spectrum(data: bytes, suffix: str = "") -> None:
    from standards.spectra import SpectrumFormatError, read_bytes

    doc = _only(SpectrumFormatError, lambda: read_bytes(data, "fuzz input", suffix))
    if doc is not None:
        # `workstation n42 read --json` prints this: strict JSON, encodable as UTF-8.
        json.dumps(doc.summary(), allow_nan=False).encode("utf-8")


@FUZZ
@given(data=seeds.mutated(_SPECTRA[:2]))
def test_n42_reader_damaged_documents(data: bytes) -> None:
    _spectrum(data)


@FUZZ
@given(data=seeds.hostile_xml())
def test_n42_reader_hostile_documents(data: bytes) -> None:
    _spectrum(data)


@FUZZ
@given(data=seeds.mutated(_SPECTRA[2:]), suffix=st.sampled_from(("", ".txt", ".csv")))
def test_other_spectrum_readers(data: bytes, suffix: str) -> None:
    _spectrum(data, suffix)


# --- referrals ----------------------------------------------------------------------------


@FUZZ
@given(text=st.one_of(seeds.json_referral_mutation(), st.text(max_size=200)))
def test_referral_json_reader(text: str) -> None:
    from workstation.formats.referrals import ReferralFileError, parse_json

    referrals = _only(ReferralFileError, lambda: parse_json(text, "fuzz.json"))
    for referral in referrals or []:
        referral.content_sha256()  # what the import stores must serialise


@FUZZ
@given(text=seeds.csv_referral_mutation())
def test_referral_csv_reader(text: str) -> None:
    from workstation.formats.referrals import ReferralFileError, parse_csv

    referrals = _only(ReferralFileError, lambda: parse_csv(text, "fuzz.csv"))
    for referral in referrals or []:
        referral.content_sha256()


@FUZZ
@given(data=st.one_of(seeds.mutated([seeds.referral_json_seed().encode(),
                                     seeds.referral_csv_seed().encode()]),
                      st.binary(max_size=64)),
       suffix=st.sampled_from((".json", ".csv", "")))
def test_referral_file_reader(data: bytes, suffix: str) -> None:
    from workstation.formats.referrals import ReferralFileError, parse_file

    with _file(data, suffix) as path:
        _only(ReferralFileError, lambda: parse_file(path))


# --- lane configuration -------------------------------------------------------------------


@FUZZ
@given(data=st.one_of(seeds.mutated([seeds.config_seed().encode()]),
                     seeds.hostile_toml().map(str.encode)))
def test_lane_configuration_reader(data: bytes) -> None:
    from workstation.config import ConfigError, load

    with _file(data, ".toml") as path:
        _only(ConfigError, lambda: load(path))


@pytest.mark.parametrize("seed", range(len(_SPECTRA)))
def test_every_spectrum_seed_is_valid(seed: int) -> None:
    """The mutations start from files the readers accept, so they reach the deep code."""
    from standards.spectra import read_bytes

    doc = read_bytes(_SPECTRA[seed], "seed", ".csv")
    assert doc.spectra[0].total_counts == 306


def test_every_image_seed_is_valid() -> None:
    from devices.xray.scan_files import read_scan_file

    for data, suffix in ([(d, ".dcs") for d in _DICOM] + [(d, ".tif") for d in _TIFF]
                         + [(d, ".png") for d in _PNG]):
        with _file(data, suffix) as path:
            assert read_scan_file(path).high.ndim == 2


def test_every_text_seed_is_valid() -> None:
    from workstation.config import load
    from workstation.formats.referrals import parse_csv, parse_json

    assert parse_json(seeds.referral_json_seed(), "seed")[0].priority == 2
    assert parse_csv(seeds.referral_csv_seed(), "seed")[0].priority == 2
    with _file(seeds.config_seed().encode(), ".toml") as path:
        assert load(path).imports.max_scan_megapixels == 200
