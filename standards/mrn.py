"""Movement Reference Numbers (MRN) of EU customs declarations.

18 characters: year (2 digits) + country (2 letters) + 12 alphanumerics + procedure
indicator (17th, a letter) + check character computed over the first 17 with the ISO 6346
algorithm (:func:`standards.iso6346.check_character`).
"""

from __future__ import annotations

import re

from standards.iso6346 import check_character

MRN_RE = re.compile(r"^\d{2}[A-Z]{2}[A-Z0-9]{12}[A-Z][A-Z0-9]$")


def normalise_mrn(mrn: str) -> str:
    return mrn.strip().upper()


def mrn_problem(mrn: str) -> str | None:
    """None when ``mrn`` is a valid MRN, else a sentence saying what is wrong."""
    if len(mrn) != 18:
        return f"{mrn!r} has {len(mrn)} characters, an MRN has 18"
    if not MRN_RE.match(mrn):
        return (f"{mrn!r} is not year (2 digits) + country (2 letters) + 12 letters/digits + "
                "procedure indicator (letter) + check character")
    expected = check_character(mrn[:17])
    if mrn[17] != str(expected):
        return f"{mrn!r} has check character {mrn[17]!r}, expected '{expected}'"
    return None


def with_check_character(first17: str) -> str:
    """Complete 17 characters into an MRN (used by generators and tests)."""
    return first17 + str(check_character(first17))
