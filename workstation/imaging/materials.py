"""Dual-energy material classes from the low/high attenuation ratio.

R = A_low / A_high does not depend on thickness for one material, only on its effective
atomic number. The calibration curve is derived from the material table the simulator uses
(:mod:`devices.xray.materials`, NIST coefficients): each class boundary is the geometric mean
of the median ratios of the two neighbouring classes (centred between typical members in
log-ratio space, so a thin steel blade over clothes still reads as metal), checked to keep
every pure material on its own side. With monoenergetic effective energies
the boundaries do not vary with A_high; a scanner with measured step-wedge data would give
A_high-dependent boundaries, which :class:`MaterialCurve` is shaped to take.

Classes (uint8): 0 none (air, belt), 1 organic, 2 inorganic, 3 metal, 4 impenetrable.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from devices.xray.materials import CLASS_ORDER, ENERGY_PAIRS, class_median_ratios, class_ratios

NONE, ORGANIC, INORGANIC, METAL, IMPENETRABLE = 0, 1, 2, 3, 4
CLASS_NAMES = ("none", "organic", "inorganic", "metal", "impenetrable")
_CODE = {"organic": ORGANIC, "inorganic": INORGANIC, "metal": METAL}

# Per energy pair: (below this A_high it is air, above this A_low the low channel has no
# usable signal, above this A_high nothing gets through).
_LIMITS = {"kev": (0.04, 7.5, 6.0), "mev": (0.08, 8.5, 7.5)}


@dataclass(frozen=True)
class MaterialCurve:
    """Class boundaries on R = A_low / A_high for one energy pair.

    ``classes`` are in order of increasing R with ``boundaries`` between them (one fewer).
    """

    energy_pair: str
    classes: tuple[int, ...]
    boundaries: tuple[float, ...]
    a_air: float
    a_low_max: float
    a_high_max: float

    @classmethod
    @lru_cache(maxsize=4)
    def from_materials(cls, energy_pair: str) -> MaterialCurve:
        if energy_pair not in ENERGY_PAIRS:
            raise ValueError(f"no material calibration for energy pair {energy_pair!r}; "
                             f"known: {', '.join(ENERGY_PAIRS)}")
        spans = class_ratios(energy_pair)
        medians = class_median_ratios(energy_pair)
        ordered = sorted(CLASS_ORDER, key=lambda c: medians[c])
        bounds = tuple(float(np.sqrt(medians[a] * medians[b])) for a, b in zip(ordered, ordered[1:],
                                                                               strict=False))
        for a, b, bound in zip(ordered, ordered[1:], bounds, strict=False):
            # Every pure material must still fall on its own side of each boundary.
            if not spans[a][1] < bound < spans[b][0]:
                raise ValueError(f"material table: {a} and {b} overlap around R = {bound:.3f}")
        a_air, a_low_max, a_high_max = _LIMITS[energy_pair]
        return cls(energy_pair, tuple(_CODE[c] for c in ordered), bounds, a_air, a_low_max,
                   a_high_max)


def classify(a_low: np.ndarray, a_high: np.ndarray, curve: MaterialCurve) -> np.ndarray:
    """Material class per pixel (uint8) from attenuation images of both energies."""
    a_low = np.asarray(a_low, np.float32)
    a_high = np.asarray(a_high, np.float32)
    ratio = a_low / np.maximum(a_high, 1e-6)
    out = np.asarray(curve.classes, np.uint8)[np.searchsorted(np.asarray(curve.boundaries,
                                                                         np.float32), ratio)]
    # The low channel ran out of signal: the true ratio is at least what is measured. With R
    # rising with Z (keV) a lower bound above the metal boundary still proves metal.
    starved = a_low >= curve.a_low_max
    rising = curve.classes[-1] == METAL
    if rising:
        out[starved] = np.where(ratio[starved] >= curve.boundaries[-1], METAL, IMPENETRABLE)
    else:
        out[starved] = IMPENETRABLE
    out[a_high >= curve.a_high_max] = IMPENETRABLE
    out[a_high < curve.a_air] = NONE
    return out
