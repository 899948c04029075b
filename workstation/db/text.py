"""Text checked against the column it goes into (:mod:`workstation.domain.text_rules`).

The column's own type says the rule: a ``String(n)`` column holds one line of at most ``n``
characters, a ``Text`` column any number of lines; neither holds NUL or other control
characters. Services call :func:`check_column_text` on every free text a user or a file
gives them, so the limit lives in one place (the model) and is the same on SQLite, which
would not enforce it, and on PostgreSQL, which would fail with a driver error.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.orm import InstrumentedAttribute

from workstation.domain.text_rules import check_text, text_problem


def column_rule(attr: InstrumentedAttribute[Any]) -> tuple[int | None, bool]:
    """``(max_length in characters or None, multiline)`` of a mapped text column."""
    column_type = attr.property.columns[0].type
    length = column_type.length if isinstance(column_type, String) else None
    return length, length is None


def column_text_problem(attr: InstrumentedAttribute[Any], value: str) -> str | None:
    """What is wrong with storing ``value`` in ``attr``'s column (None when nothing)."""
    length, multiline = column_rule(attr)
    return text_problem(value, length, multiline=multiline)


def check_column_text(attr: InstrumentedAttribute[Any], value: str, what: str) -> str:
    """``value`` unchanged, or :class:`~workstation.domain.text_rules.TextRuleError`
    ``"<what> <problem>"`` when ``attr``'s column cannot hold it."""
    length, multiline = column_rule(attr)
    return check_text(what, value, length, multiline=multiline)
