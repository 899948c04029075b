"""A corrected dual-energy scan: what is stored, shown and analysed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

FULL_SCALE = 65535


@dataclass
class DualEnergyScan:
    """Transmission images, uint16, shape (lines, pixels); 65535 = nothing in the beam.

    ``low`` is None for a single-energy scan (an imported plain radiograph). ``energy_pair``
    names the material calibration ("kev" parcel scanner, "mev" cargo linac).
    ``pixel_mm`` is the pixel pitch; ``meta`` holds acquisition details (JSON-serialisable).
    """

    high: np.ndarray
    low: np.ndarray | None = None
    energy_pair: str = "kev"
    pixel_mm: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.high.dtype != np.uint16 or self.high.ndim != 2:
            raise ValueError(f"high-energy image must be 2-D uint16, got {self.high.ndim}-D "
                             f"{self.high.dtype}")
        if self.low is not None and (self.low.shape != self.high.shape or self.low.dtype != np.uint16):
            raise ValueError(f"low-energy image {self.low.shape} {self.low.dtype} does not match "
                             f"the high-energy image {self.high.shape} uint16")

    @property
    def lines(self) -> int:
        return int(self.high.shape[0])

    @property
    def pixels(self) -> int:
        return int(self.high.shape[1])

    @property
    def dual(self) -> bool:
        return self.low is not None
