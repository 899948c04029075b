"""ISO 6346 check characters: container numbers, and the MRN check character that reuses them.

Letters are valued 10..38 skipping multiples of 11 (A=10, B=12, ... K=21, L=23, ... Z=38),
digits keep their value. Position ``i`` (0-based) is weighted ``2**i``; the check
character is ``(sum mod 11) mod 10``.
"""

from __future__ import annotations

import re
import string

_LETTER_VALUES: dict[str, int] = {}
_value = 10
for _letter in string.ascii_uppercase:
    if _value % 11 == 0:
        _value += 1
    _LETTER_VALUES[_letter] = _value
    _value += 1

CATEGORY_IDENTIFIERS = frozenset("UJZ")  # U freight container, J detachable equipment, Z trailer/chassis
CONTAINER_RE = re.compile(r"^[A-Z]{3}[UJZ]\d{7}$")


def char_value(char: str) -> int:
    """ISO 6346 value of one character (0..9 for digits, 10..38 for letters)."""
    if char.isdigit() and char.isascii():
        return int(char)
    try:
        return _LETTER_VALUES[char]
    except KeyError:
        raise ValueError(f"character {char!r} has no ISO 6346 value (only A-Z and 0-9)") from None


def check_character(body: str) -> int:
    """Check digit (0..9) of ``body`` (any length of A-Z / 0-9) by the ISO 6346 algorithm."""
    total = sum(char_value(c) * (1 << i) for i, c in enumerate(body.upper()))
    return total % 11 % 10


def check_digit(code10: str) -> int:
    """Check digit of the first ten characters of a container number (owner, category, serial)."""
    if len(code10) != 10:
        raise ValueError(f"{code10!r}: a container number body has 10 characters")
    return check_character(code10)


def normalise_container(code: str) -> str:
    """Upper case, no spaces, hyphens or dots (``CSQU 305438-3`` → ``CSQU3054383``)."""
    return re.sub(r"[\s\-./]", "", code).upper()


def container_problem(code: str) -> str | None:
    """None when ``code`` is a valid ISO 6346 container number, else what is wrong with it."""
    if len(code) != 11:
        return f"{code!r} has {len(code)} characters, a container number has 11"
    if not CONTAINER_RE.match(code):
        return (f"{code!r} is not owner code (3 letters) + category U/J/Z + 6-digit serial + "
                "check digit")
    expected = check_digit(code[:10])
    if int(code[10]) != expected:
        return f"{code!r} fails the ISO 6346 check digit (expected {expected}, found {code[10]})"
    return None


def is_valid(code11: str) -> bool:
    """True for a well-formed container number whose check digit verifies."""
    return container_problem(code11) is None
