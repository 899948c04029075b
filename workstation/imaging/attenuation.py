"""Attenuation A = -ln(T) from 16-bit transmission, exact and as lookup tables.

Lookup tables work because the corrected image has only 65,536 possible values: one gather
replaces a logarithm per pixel. For the two-dimensional material table the attenuation is
quantised on a logarithmic scale (``Q`` levels up to ``A_MAX``): relative precision about
0.5 % at A = 1 and 2 % at A = 0.1, finer than the quantum noise of a real scan.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from workstation.imaging.scan import FULL_SCALE

A_MAX = 12.0  # attenuation at the top of the quantised scale (T = 6e-6)
A0 = 0.5  # knee of the logarithmic quantisation
Q = 1024  # quantisation levels per energy
_K = np.log1p(A_MAX / A0) / (Q - 1)
# Transmission below half a count is not measurable: it reads as the floor, A ~ 11.8.
T_FLOOR = 0.5


def attenuation(t16: np.ndarray) -> np.ndarray:
    """Exact A = -ln(T) (float32) for uint16 transmission (65535 = 1.0)."""
    t = np.maximum(t16.astype(np.float32), T_FLOOR) / np.float32(FULL_SCALE)
    return -np.log(t)


def quantise(a: np.ndarray) -> np.ndarray:
    """Attenuation -> level 0..Q-1 (uint16)."""
    q = np.rint(np.log1p(np.maximum(a, 0.0) / A0) / _K)
    return np.clip(q, 0, Q - 1).astype(np.uint16)


def dequantise(q: np.ndarray) -> np.ndarray:
    """Level -> attenuation at the level's centre (float32)."""
    return (A0 * np.expm1(np.asarray(q, np.float64) * _K)).astype(np.float32)


@lru_cache(maxsize=1)
def t16_to_a() -> np.ndarray:
    """LUT: uint16 transmission -> float32 attenuation."""
    return attenuation(np.arange(FULL_SCALE + 1, dtype=np.uint16))


@lru_cache(maxsize=1)
def t16_to_q() -> np.ndarray:
    """LUT: uint16 transmission -> uint16 quantised attenuation level."""
    return quantise(t16_to_a())
