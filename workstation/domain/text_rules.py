"""Text rules every stored text obeys, so SQLite and PostgreSQL keep exactly the same values.

PostgreSQL refuses a NUL character (U+0000) in any text and a value longer than a
``String(n)`` column (``varchar(n)``, counted in characters); SQLite silently stores both.
Checking here, before the database, gives the same clear answer on both backends instead
of a driver error on one and a silently different record on the other. Control characters
other than tab, line feed and carriage return are refused too: they cannot be shown or
printed and only ever come from a broken or hostile file. One-line fields (names, codes,
identifiers: every ``String(n)`` column) refuse line breaks and tabs as well.

Lengths are in characters (Unicode code points), which is what ``varchar(n)`` counts.
"""

from __future__ import annotations

# C0 controls and DEL; tab, line feed and carriage return are allowed in multi-line text.
_LINE_BREAKS = frozenset("\t\n\r")
_CONTROLS = frozenset(chr(c) for c in range(32)) | {"\x7f"}


class TextRuleError(ValueError):
    """A text breaks a text rule; the message names the field and the problem."""


def text_problem(value: str, max_length: int | None = None, *,
                 multiline: bool = True) -> str | None:
    """What is wrong with ``value`` (None when nothing): NUL or control characters, line
    breaks in a one-line field (``multiline=False``), more than ``max_length`` characters."""
    # str.isprintable() is False for every control character: most texts skip the loop.
    for position, char in enumerate("" if value.isprintable() else value, start=1):
        if char == "\x00":
            return f"contains a NUL character (at character {position}), which cannot be stored"
        if char in _CONTROLS and (not multiline or char not in _LINE_BREAKS):
            what = "a line break or tab" if char in _LINE_BREAKS else "a control character"
            return (f"contains {what} (U+{ord(char):04X} at character {position}), "
                    "which is not allowed here")
    if max_length is not None and len(value) > max_length:
        return f"is {len(value)} characters long; at most {max_length} are allowed"
    return None


def check_text(what: str, value: str, max_length: int | None = None, *,
               multiline: bool = True) -> str:
    """``value`` unchanged, or :class:`TextRuleError` ``"<what> <problem>"``."""
    problem = text_problem(value, max_length, multiline=multiline)
    if problem:
        raise TextRuleError(f"{what} {problem}")
    return value
