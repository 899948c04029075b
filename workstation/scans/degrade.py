"""A detector in a stated condition, for simulations that must show a degraded scanner fail.

``--degrade blur=PX,noise=FACTOR[,gain=G][,dead-lines=N]``:

* ``blur``: Gaussian line spread across the detector, sigma in pixels (0-20);
* ``noise``: every noise term (quantum, read) multiplied by FACTOR (0.1-20);
* ``gain``: uniform gain change between the calibration and the scan (0.2-2; 0.8 = the
  source gives 20 % less than when the flat was taken);
* ``dead-lines``: N detector pixels that stop answering (0-256): streaks across every
  image, which the calibration must find and the correction repair.
"""

from __future__ import annotations

from dataclasses import dataclass

# name -> (field, smallest, largest)
_KEYS: dict[str, tuple[str, float, float]] = {
    "blur": ("blur_px", 0.0, 20.0),
    "noise": ("noise_factor", 0.1, 20.0),
    "gain": ("gain", 0.2, 2.0),
    "dead-lines": ("dead_lines", 0, 256),
}


@dataclass(frozen=True)
class Degradation:
    """The detector's condition; the defaults are a healthy detector."""

    blur_px: float = 0.0
    noise_factor: float = 1.0
    gain: float = 1.0
    dead_lines: int = 0

    @property
    def healthy(self) -> bool:
        return self == Degradation()

    @classmethod
    def parse(cls, text: str) -> Degradation:
        """``"blur=2,noise=3"`` -> Degradation; ValueError naming the bad part."""
        values: dict[str, float | int] = {}
        for part in (p.strip() for p in text.split(",") if p.strip()):
            key, sep, raw = part.partition("=")
            key = key.strip().lower()
            if not sep or key not in _KEYS:
                raise ValueError(f"--degrade {part!r}: expected KEY=VALUE with KEY one of "
                                 f"{', '.join(_KEYS)}")
            name, low, high = _KEYS[key]
            try:
                value: float | int = int(raw) if key == "dead-lines" else float(raw)
            except ValueError:
                raise ValueError(f"--degrade {key}={raw!r}: not a number") from None
            if not low <= value <= high:
                raise ValueError(f"--degrade {key}={raw}: outside {low:g}..{high:g}")
            values[name] = value
        return cls(**values)  # type: ignore[arg-type]
