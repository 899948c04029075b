"""The fast receive path of the x-ray link: checksums, cached simulator blocks, the bench."""

from __future__ import annotations

import zlib

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.xray import protocol as p
from devices.xray.checksum import crc32
from devices.xray.driver import XrayScannerDriver
from devices.xray.interface import ArmParameters, LineBuffer
from devices.xray.sim.server import PatternSource, SimulatorServer


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_crc32_combine_equals_the_crc_of_the_concatenation(a: bytes, b: bytes) -> None:
    assert p.crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_crc32_combine_on_block_sized_parts() -> None:
    rng = np.random.default_rng(3)
    framing = rng.integers(0, 256, 36, np.uint8).tobytes()
    planes = rng.integers(0, 256, p.block_frame_size(64, 2048) - 40, np.uint8).tobytes()
    combined = p.crc32_combine(zlib.crc32(framing), zlib.crc32(planes), len(planes))
    assert combined == zlib.crc32(framing + planes)


def test_fast_crc32_gives_zlibs_values_on_views_and_in_chunks() -> None:
    data = np.random.default_rng(4).integers(0, 65536, (2, 64, 1000), np.uint16)
    view = memoryview(data).cast("B")
    chained = 0
    for plane in data:
        chained = crc32(memoryview(plane).cast("B"), chained)
    assert crc32(view, 0) == zlib.crc32(view) == chained


def test_cached_pattern_blocks_reach_the_driver_bit_exact_scan_after_scan() -> None:
    pixels, lines, block = 48, 100, 16  # last block shorter than the others
    with SimulatorServer(seed=2, pattern_pixels=pixels, pattern_lines=lines) as server:
        host, port = server.address
        driver = XrayScannerDriver("scanner", host, port, block_timeout_s=2.0,
                                   params=ArmParameters(max_lines=lines, block_lines=block))
        driver.open(5.0)
        try:
            expected_low, expected_high = PatternSource(pixels, lines).render(0, lines)
            buffer = LineBuffer()
            for _ in range(3):  # the second and third scans come from the block cache
                result = driver.scan(buffer)
                assert result.complete, result.incomplete_reason
                np.testing.assert_array_equal(result.low, expected_low)
                np.testing.assert_array_equal(result.high, expected_high)
                frames = sum(p.block_frame_size(min(block, lines - s), pixels)
                             for s in range(0, lines, block))
                assert result.bytes_received == frames
        finally:
            driver.dispose()


def test_ingest_bench_reads_the_same_stream_on_both_sides() -> None:
    from workstation.bench.xray_ingest import ingest_results

    (result,) = ingest_results(1, pixels=64, lines=256)
    blocks = result.extra["block_bytes"]
    assert blocks == sum(p.block_frame_size(64, 64) for _ in range(4))
    # the bare reader's stream is the driver's blocks plus ACK, SCAN_BEGIN and SCAN_END
    framing = (len(p.encode(p.Ack(0), 1))
               + len(p.encode(p.ScanBegin(0, p.AcquisitionMode.OBJECT, 2, 64, 256, 64), 1))
               + len(p.encode(p.ScanEnd(0, p.EndStatus.COMPLETE, 256), 1)))
    assert result.extra["stream_bytes"] == blocks + framing
    assert result.ours_s > 0 and result.baseline_s > 0
