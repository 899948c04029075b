"""Number plates: normalisation for storage and comparison."""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-·.:_/]")
PLATE_RE = re.compile(r"^[A-Z0-9ÄÖÜÅÆØČŠŽŁ]{2,12}$")


def normalise_plate(plate: str) -> str:
    """Upper case, without spaces, hyphens, dots or other separators (``pp-587 ao`` → ``PP587AO``)."""
    return _SEPARATORS.sub("", plate).upper()


def plate_problem(plate: str) -> str | None:
    """None for a plausible normalised plate (2..12 letters/digits), else what is wrong."""
    if not PLATE_RE.match(plate):
        return f"{plate!r} is not a number plate (2 to 12 letters and digits after normalisation)"
    return None
