"""Finding a row by its UUID as people type it: in full, or by a unique prefix."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from workstation.db.models import Base

T = TypeVar("T", bound=Base)
MIN_PREFIX = 8  # hex digits; enough to be unique among millions of rows in practice


class IdLookupError(Exception):
    """The id is too short, matches several rows, or is not an id at all."""


def find_by_id(session: Session, model: type[T], text: str | uuid.UUID, *,
               what: str, options: Sequence[Any] = ()) -> T | None:
    """The row whose id is ``text`` or starts with it (≥ 8 hex digits); None when none does."""
    if isinstance(text, uuid.UUID):
        return session.get(model, text, options=options)
    typed = text.strip().lower()
    try:
        return session.get(model, uuid.UUID(typed), options=options)
    except ValueError:
        pass
    digits = typed.replace("-", "")
    if len(digits) < MIN_PREFIX or any(c not in "0123456789abcdef" for c in digits):
        raise IdLookupError(f"{what} id {text!r}: give the id or at least its first "
                            f"{MIN_PREFIX} hex digits")
    # SQLite keeps UUIDs as 32 hex digits without hyphens, PostgreSQL as text with them.
    pattern = digits if session.get_bind().dialect.name == "sqlite" else typed
    id_column = model.__table__.c.id
    rows = session.scalars(
        select(model).where(cast(id_column, String).like(f"{pattern}%")).options(*options)
        .limit(2)).all()
    if len(rows) > 1:
        raise IdLookupError(f"{what} id {text!r} is ambiguous: give more digits")
    return rows[0] if rows else None
