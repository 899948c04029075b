"""CRC-32 (IEEE 802.3, the value ``zlib.crc32`` gives) for the x-ray data path.

The receiver checks every pixel byte of a scan, so the checksum is the largest part of its
own work (docs/decisions/0104-xray-ingest-receive-path.md). ISA-L's ``crc32`` (package
``isal``, a project dependency) computes the same value with carry-less multiplication,
about 3-4x faster than the zlib 1.2.x bundled with Python; ``zlib.crc32`` is the fallback
where the isal wheel is missing (an unusual platform). Both accept any buffer (memoryview,
numpy array) without copying and release the GIL on large buffers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Crc32 = Callable[[Any, int], int]

try:
    from isal.isal_zlib import crc32 as _isal_crc32
except ImportError:  # no wheel for this platform: same values, slower
    import zlib

    crc32: Crc32 = zlib.crc32
    CRC32_IMPLEMENTATION = "zlib"
else:
    crc32 = _isal_crc32
    CRC32_IMPLEMENTATION = "isal"
